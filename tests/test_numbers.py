"""Numbers stage: the written sentence table, samples' gold spans, robustness."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
import regex
import yaml

from cds_extract._spans import Span
from cds_extract.numbers import find_numbers, parse_number

ROOT = Path(__file__).resolve().parents[1]
TABLE = yaml.safe_load((ROOT / "tests/data/numbers.yaml").read_text(encoding="utf-8"))


def _cases(group: str) -> list[Any]:
    marks = [pytest.mark.xfail(strict=True)] if group == "xfail" else []
    return [
        pytest.param(c, id=f"{group}-{i}-{c['text'][:40]}", marks=marks)
        for i, c in enumerate(TABLE.get(group) or [])
    ]


def _check(case: dict[str, Any]) -> None:
    text = case["text"]
    got = find_numbers(text, Span(0, len(text)))
    want = case["expect"]
    seen = [text[m.span.start : m.span.end] for m in got]
    assert seen == [w["value_text"] for w in want], f"{text!r}: {got}"
    for m, w in zip(got, want, strict=True):
        assert math.isclose(m.value, float(w["value"]), rel_tol=1e-9), (text, m)
        assert m.unit.value == w["unit"], (text, m)
        assert m.qualifier.value == w.get("qualifier", "exact"), (text, m)
        assert m.denominator == w.get("denominator"), (text, m)
        assert (m.change.value if m.change else None) == w.get("change"), (text, m)
        if "counted" in w:
            assert m.counted == w["counted"], (text, m)


@pytest.mark.parametrize("case", _cases("written") + _cases("bugs") + _cases("xfail"))
def test_table(case: dict[str, Any]) -> None:
    _check(case)


def test_table_is_large_enough() -> None:
    written = TABLE["written"]
    assert len(written) >= 150
    assert sum(1 for c in written if not c["expect"]) >= 40  # non-claim sentences


def test_blocked_spans_drop_numbers() -> None:
    text = "Đến ngày 15/8/2024 có 847.082 tài khoản."
    date = Span(text.index("ngày"), text.index("2024") + 4)
    count = Span(text.index("847"), text.index("847") + 7)
    assert [m.span for m in find_numbers(text, Span(0, len(text)), [date])] == [count]
    assert find_numbers(text, Span(0, len(text)), [count]) == []


def test_only_the_sentence_is_read() -> None:
    text = "Có 12 xã. Có 30 huyện."
    second = Span(text.index("Có 30"), len(text))
    assert [m.value for m in find_numbers(text, second)] == [30.0]
    assert find_numbers(text, Span(5, 5)) == []


def test_cue_span_covers_qualifier_and_change() -> None:
    text = "Doanh thu tăng hơn 8% so với cùng kỳ."
    (m,) = find_numbers(text, Span(0, len(text)))
    assert m.cue_span is not None
    assert text[m.cue_span.start : m.cue_span.end] == "tăng hơn"


@pytest.mark.parametrize(
    ("raw", "value"),
    [("14.600", 14600.0), ("76,05", 76.05), ("27.662.427", 27662427.0), ("1891", 1891.0)],
)
def test_parse_number(raw: str, value: float) -> None:
    parsed = parse_number(raw)
    assert parsed is not None and parsed[0] == value


def test_values_stay_finite_on_absurd_input() -> None:
    for text in (
        "99999999999999999999%",
        "0/0 1/0 9/0",
        "1.000.000.000.000.000.000 tỷ đồng",
        "9" * 400 + " tỷ đồng",
        "có " + "9" * 5000 + " doanh nghiệp",
        "1e308 đồng",
    ):
        for m in find_numbers(text, Span(0, len(text))):
            assert math.isfinite(m.value) and math.isfinite(m.denominator or 0.0)


def test_long_line_of_digits_and_dots() -> None:
    # 5 MB on one line; finishing at all shows the scan is not quadratic.
    text = ("1.2" * 5 + "." + "123." * 8 + " ") * 40_000
    text += "9." * 500_000 + "1" + "0" * 1_000_000
    assert len(text) > 3_000_000
    for m in find_numbers(text, Span(0, len(text))):
        assert math.isfinite(m.value)


def test_spans_are_exact_on_samples() -> None:
    for path in sorted((ROOT / "samples").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for m in find_numbers(text, Span(0, len(text))):
            value_text = text[m.span.start : m.span.end]
            assert value_text == value_text.strip() and value_text
            if m.counted_span is not None:
                assert text[m.counted_span.start : m.counted_span.end] == m.counted


def _naive_sentences(text: str) -> list[Span]:
    out, start = [], 0
    for m in regex.finditer(r"(?<!\d)[.!?;](?!\d)|\n", text):
        out.append(Span(start, m.end()))
        start = m.end()
    out.append(Span(start, len(text)))
    return [s for s in out if s.end > s.start]


def test_gold_values_are_found_on_samples() -> None:
    """Every non-optional gold value of samples/ is found with its unit (detection recall)."""
    found = total = 0
    for gold_path in sorted((ROOT / "samples/gold").glob("*.jsonl")):
        text = (ROOT / "samples" / f"{gold_path.stem}.txt").read_text(encoding="utf-8")
        mentions = [m for s in _naive_sentences(text) for m in find_numbers(text, s)]
        for line in gold_path.read_text(encoding="utf-8").splitlines():
            gold = json.loads(line)
            if gold["optional"]:
                continue
            start = text.index(gold["quote"]) + gold["quote"].index(gold["value_text"])
            span = Span(start, start + len(gold["value_text"]))
            total += 1
            found += any(
                m.span.overlaps(span)
                and math.isclose(m.value, gold["value"], rel_tol=1e-6)
                and m.unit.value == gold["unit"]
                for m in mentions
            )
    assert total > 0 and found / total >= 0.97


def test_tokens_split_fast_path_agrees_with_the_token_pattern() -> None:
    # `_tokens` splits on `str.isspace` and takes an all-letter piece (`str.isalpha`)
    # as one token; both rest on these two facts about `str` and `regex`.
    from cds_extract import numbers

    lm, space = regex.compile(r"[\p{L}\p{M}]"), regex.compile(r"\s")
    chars = [chr(c) for c in range(0x110000)]
    assert all(lm.match(c) for c in chars if c.isalpha())
    # and an all-decimal piece (`str.isdecimal`) as one `\d+` token
    assert all(regex.match(r"\d", c) for c in chars if c.isdecimal())
    assert all(c.isspace() for c in chars if space.match(c))
    assert {c for c in chars if c.isspace() and not space.match(c)} == set("\x1c\x1d\x1e\x1f")
    for text in [
        "Có  12\tWi-Fi-6.\n\u00a0đô-la Mỹ,(5)",
        "a\x1cb 1\x1f2 \x1e",
        "  ",
        "Hà Nội\u2003có 3.000 ngườì̀",
        "đồng, 2025. ²² ₫ Wi- 12- a_ 5²",
    ]:
        got = numbers._tokens(text, 0, len(text))
        want = list(numbers._TOKEN.finditer(text))
        assert got.raws == [m.group() for m in want]
        assert got.starts == [m.start() for m in want]
        assert got.ends == [m.end() for m in want]
        assert got.lows == tuple(m.group().lower() for m in want)


def test_may_hold_number_quick_test_never_rules_out_a_spelled_count() -> None:
    # `quick` (stdlib `re`, over `_fold(text)`) must match wherever `exact` (`regex`,
    # case-insensitive) does: each letter `regex` takes as a case variant of a cue
    # letter folds to that letter's fold, and `re`'s `\s` takes in `regex`'s.
    import re

    from cds_extract import numbers

    res = numbers._spelled_count_res()
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    for c in {c for c in res.exact.pattern if c.isalpha()}:
        for x in set(regex.findall(regex.escape(c), everything, flags=regex.IGNORECASE)):
            assert numbers._fold(x) == c.casefold(), (c, x)
    assert set(regex.findall(r"\s", everything)) <= set(re.findall(r"\s", everything))
    for text in ["Có BA TRỤ cột.", "Có\u00a0hai\t xã.", "HAİ xã", "mười  bốn tỉnh", "năm nay"]:
        assert bool(res.quick.search(numbers._fold(text))) >= bool(res.exact.search(text)), text
    assert numbers.may_hold_number("HAİ xã", Span(0, 6))


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Giá bán từ 200.000 - 300.000đồng/kg.", []),  # `đ` glued, then more letters
        ("Giá 1.200đ một kg.", ["1.200đ"]),
        ("Có 5USDx và 7$ và 9$a.", ["7$", "9$"]),
    ],
)
def test_attached_currency_must_end_the_word(text: str, found: list[str]) -> None:
    got = find_numbers(text, Span(0, len(text)))
    assert [text[m.span.start : m.span.end] for m in got] == found
