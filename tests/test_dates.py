"""Dates stage: expressions, relative dates, which date a value takes, what carries (SPEC §1-2)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from cds_extract import dates as dates_module
from cds_extract._spans import DateMention, Span
from cds_extract.claim import DatePrecision
from cds_extract.dates import FoundDate, carry, date_for, find_dates

DATA = yaml.safe_load((Path(__file__).parent / "data" / "dates.yaml").read_text(encoding="utf-8"))
PUBLISHED: date = DATA["published"]


def _found(text: str, published: date | None) -> list[DateMention]:
    return find_dates(text, Span(0, len(text)), published)


def _the(text: str, date_text: str, published: date | None) -> DateMention:
    found = {text[d.span.start : d.span.end]: d for d in _found(text, published)}
    assert date_text in found, f"{date_text!r} not among {list(found)}"
    return found[date_text]


def _check(d: DateMention, want: dict[str, Any]) -> None:
    precision = want["precision"]
    assert (d.as_of, d.period_start, d.precision) == (
        want["as_of"],
        want["period_start"],
        DatePrecision(precision) if precision else None,
    )


@pytest.mark.parametrize("case", DATA["written"], ids=lambda c: c["text"][:50])
def test_written_without_published(case: dict[str, Any]) -> None:
    d = _the(case["text"], case["date"], None)
    _check(d, case)
    assert getattr(d, "inert", False) == case.get("inert", False)
    if "pub" in case:  # a relative expression needs the publication date
        assert d.relative


@pytest.mark.parametrize("case", DATA["written"], ids=lambda c: c["text"][:50])
def test_written_with_published(case: dict[str, Any]) -> None:
    d = _the(case["text"], case["date"], PUBLISHED)
    _check(d, {**case, **case.get("pub", {})})


@pytest.mark.parametrize("case", DATA["bugs"], ids=lambda c: c["text"][:50])
def test_bugs(case: dict[str, Any]) -> None:
    for published in (None, PUBLISHED):
        d = _the(case["text"], case["date"], published)
        assert d.as_of is None or d.period_start is None or d.period_start <= d.as_of
    _check(_the(case["text"], case["date"], PUBLISHED), case)


def test_table_is_large_enough() -> None:
    assert len(DATA["written"]) >= 100


@pytest.mark.parametrize("text", DATA["not_dates"])
def test_not_dates(text: str) -> None:
    assert [text[d.span.start : d.span.end] for d in _found(text, PUBLISHED)] == []


def _value_span(text: str, value: str, after: str | None = None) -> Span:
    start = text.index(value, text.index(after) if after else 0)
    return Span(start, start + len(value))


@pytest.mark.parametrize("case", DATA["date_for"], ids=lambda c: f"{c['value']}: {c['text'][:40]}")
def test_date_for(case: dict[str, Any]) -> None:
    text = case["text"]
    d = date_for(_value_span(text, case["value"], case.get("after")), _found(text, None), None)
    got = (d.as_of, d.period_start) if d else (None, None)
    assert got == (case["as_of"], case["period_start"])


def _run(sentences: list[str], upto: int) -> tuple[str, list[Span], DateMention | None]:
    """Join ``sentences`` and return the text, their spans and what is carried into ``upto``."""
    text, spans = "", []
    for s in sentences:
        body = s.rstrip("\n")
        spans.append(Span(len(text), len(text) + len(body)))
        text += s if s.endswith("\n") else s + " "
    carried: DateMention | None = None
    for span in spans[:upto]:
        carried = carry(text, span, find_dates(text, span, None), carried)
    return text, spans, carried


@pytest.mark.parametrize("case", DATA["carry"], ids=lambda c: c["sentences"][-1][:40])
def test_carry(case: dict[str, Any]) -> None:
    text, spans, carried = _run(case["sentences"], case["in"])
    span = spans[case["in"]]
    start = text.index(case["value"], span.start)
    value = Span(start, start + len(case["value"]))
    d = date_for(value, find_dates(text, span, None), carried)
    got = (d.as_of, d.period_start) if d else (None, None)
    assert got == (case["as_of"], case["period_start"])


def test_framing_date_frames_and_others_do_not() -> None:
    (framing,) = _found("Tính đến quý III năm 2022, thành phố có 156 thủ tục.", None)
    (plain,) = _found("Thành phố có 156 thủ tục trong quý III năm 2022.", None)
    assert framing.frames and not plain.frames


def test_date_for_ignores_inert_dates_and_falls_back_to_carried() -> None:
    carried = DateMention(Span(0, 4), date(2022, 12, 31), date(2022, 1, 1), DatePrecision.YEAR)
    baseline = FoundDate(Span(10, 20), date(2023, 12, 31), None, DatePrecision.YEAR, inert=True)
    assert date_for(Span(30, 33), [baseline], carried) is carried
    assert date_for(Span(30, 33), [], None) is None


def test_date_for_plain_mentions_from_other_stages() -> None:
    """A plain `DateMention` (no `reach_back`) dates only what follows it."""
    d = DateMention(Span(10, 20), date(2024, 8, 15), None, DatePrecision.DAY)
    assert date_for(Span(25, 28), [d], None) is d
    assert date_for(Span(0, 3), [d], None) is None


def test_spans_are_into_the_whole_text() -> None:
    text = "Câu đầu. Tính đến ngày 15/8/2024, tỉnh có 500 tài khoản."
    sent = Span(9, len(text))
    (d,) = find_dates(text, sent, None)
    assert text[d.span.start : d.span.end] == "Tính đến ngày 15/8/2024"


def test_linear_on_a_long_line() -> None:
    """A long sentence of repeated dates still gives one mention per date (no blow-up in count)."""
    text = "ngày 15/8/2024 tỷ lệ đạt 96%; " * 2000
    assert len(find_dates(text, Span(0, len(text)), None)) == 2000


def _all_texts() -> list[str]:
    texts = [c["text"] for c in DATA["written"] + DATA["bugs"] + DATA["date_for"]]
    texts += DATA["not_dates"] + [" ".join(c["sentences"]) for c in DATA["carry"]]
    return [
        *texts,
        "mười hai đầu năm 2024, đến thời điểm hiện tại; NĂM NAY, Tháng 8/2024, QUÝ III/2022",
        "năm năm năm 2024 tháng 1/ tháng 1/2024 1/1/1/2024 (2021 – 2022) từ 01/01 đến 29/8/2024",
        "Thực hiện hiện nay hiện có 12 xã; giai   đoạn\n2021-2025, rạng sáng 15/8, 6 tháng đầu năm",
    ]


@pytest.mark.parametrize("text", _all_texts(), ids=lambda t: t[:40])
def test_anchored_matching_finds_what_a_full_scan_finds(text: str) -> None:
    """`_matches` tries the pattern only near keys: it must find exactly what a scan finds."""
    full = [m.span() for m in dates_module._lexicon().atom.finditer(text)]
    assert [m.span() for m in dates_module._matches(text, 0, len(text))] == full
    inner = (len(text) // 3, 2 * len(text) // 3)  # a sentence inside a longer text
    full = [m.span() for m in dates_module._lexicon().atom.finditer(text, *inner)]
    assert [m.span() for m in dates_module._matches(text, *inner)] == full


@pytest.mark.parametrize(
    "text",
    [
        "Tính đến 20245 xã",
        "từ 01/01 đến 29/8/20245.5",
        "(giai đoạn 2021-20255), ngày 15/8/2024,5",
        "sáu tháng đầu năm 2024; 12 đầu năm",
        "Đến thời điểm này, hiện có 1.234 xã; tới nay 76,05%, thực hiện 12/2",
    ],
    ids=lambda t: t[:30],
)
def test_keys_hold_for_every_sentence_end(text: str) -> None:
    """Keys are looked for once in the whole text, yet a sentence ending anywhere (even
    inside a number: `…2024|5`) finds what a scan of the sentence alone finds."""
    atom = dates_module._lexicon().atom
    for hi in range(len(text) + 1):
        full = [m.span() for m in atom.finditer(text, 0, hi)]
        assert [m.span() for m in dates_module._matches(text, 0, hi)] == full, hi
        assert dates_module.may_hold_date(text, Span(0, hi)) or not full, hi


def test_key_words_have_no_case_variant_lower_misses() -> None:
    """`_keys` finds key words with `str.find` in the lower-cased text: every character the
    `regex` IGNORECASE match takes for a key letter lower-cases to it, but `İ` (which
    lengthens the text, so `_keys` scans with the key patterns instead)."""
    import regex

    every = "".join(chr(x) for x in range(0x110000) if not 0xD800 <= x < 0xE000)
    letters = {ch for word, _ in dates_module._lexicon().key_words for ch in word}
    for ch in letters:
        for m in regex.finditer(regex.escape(ch), every, regex.IGNORECASE | regex.V0):
            assert m[0].lower() == ch or m[0] == "İ", (ch, m[0])


@pytest.mark.parametrize(
    "text",
    ["HIỆN CÓ 12 xã, NĂM 2024", "Hiện có 12 xã, Năm 2024, tháng 8", "İ hiện có 12 xã năm 2024"],
)
def test_keys_in_any_case(text: str) -> None:
    """The same keys as a `regex` scan with each key pattern, whatever the case."""
    rx = dates_module._lexicon()
    keys = [m.start() for m in rx.digit_key.finditer(text)]
    for _, key in rx.key_words:
        keys += [m.start() for m in key.finditer(text, overlapped=True)]
    assert dates_module._keys(text) == sorted(keys) != []
