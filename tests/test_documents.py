"""Whole documents, one SPEC §2 carry rule each (issue 14): the executable specification
of what a careful reader carries across sentences.

The table is tests/data/documents.yaml (its header says how to add a document). For every
document, `extract(text, published=...)` must give, for each expected figure, a claim on
that figure's span whose unit, as_of, modality (and province, scope, change, qualifier when
the table gives them) are exactly the expected ones, and whose indicator scores token F1
>= 0.5 against the expected phrase (the SPEC §4 criterion) and is well-formed (SPEC §2).
A document with an `xfail:` key fails today; its test is strict-xfail, so the document
pass that fixes it is told to remove the key.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from cds_extract import Claim, extract
from cds_extract.evaluate import indicator_f1

_DATA = Path(__file__).parent / "data" / "documents.yaml"
_TABLE: dict[str, Any] = yaml.safe_load(_DATA.read_text(encoding="utf-8"))
_DOCS: list[dict[str, Any]] = _TABLE["written"]
_GAZETTEER = Path(__file__).resolve().parents[1] / "patterns" / "places.yaml"

#: fields compared by equality when the expectation has them
_EXACT = ("unit", "as_of", "modality")
_OPTIONAL = ("province", "scope", "change", "qualifier")
_INDICATOR_F1 = 0.5  # SPEC §4


def _fold(s: str) -> str:
    """NFC, lower case, one tone placement (`hoá` = `hóa`), as the indicator lint folds."""
    s = unicodedata.normalize("NFC", s).lower()
    for old, new in (
        ("oá", "óa"),
        ("oà", "òa"),
        ("oả", "ỏa"),
        ("oã", "õa"),
        ("oạ", "ọa"),
        ("uý", "úy"),
        ("uỳ", "ùy"),
        ("uỷ", "ủy"),
        ("uỹ", "ũy"),
        ("uỵ", "ụy"),
    ):
        s = s.replace(old, new)
    return s


def _province_names() -> list[str]:
    """Every spelling of the 63 provinces in the gazetteer (longer than 3 letters)."""
    gaz = yaml.safe_load(_GAZETTEER.read_text(encoding="utf-8"))
    names = {
        _fold(n)
        for p in gaz["provinces"]
        for n in [p["name"], *p.get("names", []), *p.get("variants", [])]
        if len(n) > 3
    }
    return sorted(names, key=lambda n: (-len(n), n))


_WF = _TABLE["well_formed"]
_DANGLING = {_fold(w) for w in _WF["dangling_words"]}
_NAMED_NUMBERS = re.compile("|".join(f"(?:{p})" for p in _WF["named_numbers"]))
_PROVINCE_IN = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, _province_names())) + r")(?!\w)")


def well_formed_problems(phrase: str) -> list[str]:
    """What makes `phrase` not a well-formed indicator (SPEC §2); empty when it is one."""
    p = _fold(phrase.strip())
    words = re.findall(r"\w+", p)
    out = []
    if not words:
        out.append("empty")
    if re.search(r"\d", _NAMED_NUMBERS.sub(" ", p)):
        out.append("holds a number")
    if words and words[-1] in _DANGLING:
        out.append(f"ends in the function word {words[-1]!r}")
    m = _PROVINCE_IN.search(p)
    if m:
        out.append(f"holds the province name {m.group()!r}")
    return out


def _spans(text: str, value_text: str) -> list[tuple[int, int]]:
    """Where `value_text` stands as a whole number (not inside `2023` or `13/63`)."""
    pat = re.compile(r"(?<![\d.,/])" + re.escape(value_text) + r"(?!\d|[.,/]\d)")
    return [(m.start(), m.end()) for m in pat.finditer(text)]


def _span_of(doc: dict[str, Any], want: dict[str, Any]) -> tuple[int, int]:
    hits = _spans(doc["text"], want["value_text"])
    n = want.get("occurrence", 1)
    assert len(hits) >= n, f"{doc['id']}: {want['value_text']!r} occurs {len(hits)} times, not {n}"
    return hits[n - 1]


def _got(claim: Claim, name: str) -> Any:
    value = getattr(claim, name)
    return value.value if hasattr(value, "value") else value


def _show(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else repr(value)


def _record(claim: Claim) -> str:
    fields = ("value_text", "indicator", *_EXACT, *_OPTIONAL)
    return "{" + ", ".join(f"{f}: {_show(_got(claim, f))}" for f in fields) + "}"


def _expected(want: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {_show(v)}" for k, v in want.items()) + "}"


def check_document(doc: dict[str, Any]) -> list[str]:
    """Every way the claims of `doc` differ from its expectations (empty when none)."""
    text = doc["text"]
    claims = extract(text, published=doc.get("published"), doc_id=doc["id"])
    problems = []
    for want in doc["expect"]:
        a, b = _span_of(doc, want)
        hits = [c for c in claims if c.value_start < b and a < c.value_end]
        label = f"{want['value_text']!r}#{want.get('occurrence', 1)}"
        if not hits:
            problems.append(f"{label}: no claim\n    expected {_expected(want)}")
            continue
        claim = next((c for c in hits if (c.value_start, c.value_end) == (a, b)), hits[0])
        wrong = []
        for name in (*_EXACT, *(f for f in _OPTIONAL if f in want)):
            if _got(claim, name) != want[name]:
                wrong.append(f"{name} {_show(_got(claim, name))} != {_show(want[name])}")
        f1 = indicator_f1(claim.indicator, want["indicator"])
        if f1 < _INDICATOR_F1:
            wrong.append(f"indicator F1 {f1:.2f} < {_INDICATOR_F1}")
        wrong += [f"indicator {p}" for p in well_formed_problems(claim.indicator)]
        if wrong:
            problems.append(
                f"{label}: "
                + "; ".join(wrong)
                + f"\n    predicted {_record(claim)}\n    expected  {_expected(want)}"
            )
    return problems


def _params() -> list[Any]:
    out = []
    for doc in _DOCS:
        marks = []
        if doc.get("xfail"):
            marks.append(pytest.mark.xfail(strict=True, reason=f"{doc['rule']}: {doc['xfail']}"))
        out.append(pytest.param(doc, id=f"{doc['id']}-{doc['rule']}", marks=marks))
    return out


@pytest.mark.parametrize("doc", _params())
def test_document(doc: dict[str, Any]) -> None:
    problems = check_document(doc)
    if problems:
        pytest.fail(
            f"{doc['id']} ({doc['rule']}: {doc['why']})\n" + "\n".join(problems), pytrace=False
        )


# --- the table itself ------------------------------------------------------------------


def test_table_has_enough_documents_per_rule() -> None:
    assert len(_DOCS) >= 90
    counts = Counter(d["rule"] for d in _DOCS)
    assert set(counts) == set(_TABLE["rules"]), "every rule has a document, no unknown rule"
    short = {r: counts[r] for r, n in _TABLE["min_per_rule"].items() if counts[r] < n}
    assert not short, f"rules with too few documents: {short}"


def test_table_ids_are_unique_and_documents_complete() -> None:
    ids = [d["id"] for d in _DOCS]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]
    for d in _DOCS:
        assert {"id", "rule", "why", "text", "expect"} <= set(d), d["id"]
        assert d["rule"] in _TABLE["rules"], d["id"]
        assert d["expect"], d["id"]
        assert isinstance(d.get("published"), (date, type(None))), d["id"]
        lines = [ln for ln in d["text"].splitlines() if ln.strip()]
        assert len(lines) >= 2, f"{d['id']}: a title line, then the lead and body"


def test_table_expectations_are_in_text_order_and_well_formed() -> None:
    units = {"%", "pp", "VND", "USD", "point", "rank", "count"}
    for d in _DOCS:
        starts = []
        for want in d["expect"]:
            assert isinstance(want["value_text"], str), f"{d['id']}: quote {want['value_text']!r}"
            starts.append(_span_of(d, want)[0])
            assert want["unit"] in units, (d["id"], want)
            assert want["modality"] in ("actual", "target", "estimate"), (d["id"], want)
            assert want["as_of"] is None or isinstance(want["as_of"], date), (d["id"], want)
            assert not well_formed_problems(want["indicator"]), (d["id"], want["indicator"])
            unknown = set(want) - {"value_text", "occurrence", "indicator", *_EXACT, *_OPTIONAL}
            assert not unknown, (d["id"], unknown)
        assert starts == sorted(starts) and len(set(starts)) == len(starts), d["id"]


@pytest.mark.parametrize(
    ("phrase", "ok"),
    [
        ("thứ hạng chỉ số chuyển đổi số", True),
        ("tỷ lệ thôn được phủ sóng 4G", True),
        ("thứ hạng thứ", False),
        ("tỷ lệ khi", False),
        ("tỷ lệ Hà Nam", False),
        ("số tài khoản đạt 96%", False),
        ("tỷ lệ hồ sơ của", False),
    ],
)
def test_well_formed_check(phrase: str, ok: bool) -> None:
    assert (not well_formed_problems(phrase)) is ok


# A count of a bare noun takes the kind the article named for it (SPEC §2, ellipsis) —
# but only a kind: token F1 cannot tell `số hồ sơ tiếp nhận` from `số hồ sơ trực tuyến
# tiếp nhận`, so these assert the words themselves.
@pytest.mark.parametrize(
    ("text", "value", "has", "has_not"),
    [
        (  # the title names the kind of team the count repeats bare
            "Ninh Thuận phát huy tổ công nghệ số cộng đồng\n"
            "Năm 2024, toàn tỉnh Ninh Thuận có 640 tổ đang hoạt động.",
            "640",
            "công nghệ số cộng đồng",
            "",
        ),
        (  # beside a count of one kind (`trực tuyến`), the bare noun is the whole
            "Hà Nam đẩy mạnh tiếp nhận hồ sơ trực tuyến\n"
            "Năm 2024, Sở Tư pháp Hà Nam tiếp nhận 8.400 hồ sơ, với 5.100 hồ sơ trực tuyến.",
            "8.400",
            "hồ sơ",
            "trực tuyến",
        ),
        (  # a one-letter capital opens a name (`Bộ Y tế`), not an acronym of a kind
            "Bộ Y tế công bố kết quả khám chữa bệnh trực tuyến\n"
            "Năm 2023, 12 bộ đã kết nối dữ liệu với Cổng dịch vụ công quốc gia.",
            "12",
            "bộ",
            "Y tế",
        ),
    ],
)
def test_bare_noun_takes_a_kind_only(text: str, value: str, has: str, has_not: str) -> None:
    start = text.index(value)
    (claim,) = [c for c in extract(text) if c.value_start == start]
    assert has in claim.indicator
    if has_not:
        assert has_not not in claim.indicator


# ------------------------------------------------------------------ word lists


@pytest.mark.parametrize(
    "text",
    [
        "Mục tiêu đến năm 2025 là 80% hồ sơ trực tuyến.",  # capital, sentence start
        "Tỉnh đặt  ra   chỉ tiêu mới.",  # runs of spaces between syllables
        "Kết quả: đạt 52%.",
        "Các đãi ngộ và hậu đãi được giữ.",  # `đã` only inside longer words
        "Số liệu xã Mục Tiêu cũng được tính.",  # a name in capitals: still the words
        "Đội bóng vượt qua vòng loại.",  # none of the words
        "İstanbul kế hoạch",  # a lower case that changes the length: case-blind path
    ],
)
def test_word_list_found_is_the_case_blind_search(text: str) -> None:
    """`_WordList.found` (first syllables found, then the pattern tried there) answers as
    the case-blind pattern searched over the same range does, for every range."""
    from cds_extract import document

    lex = document._lexicon()
    low = text.lower()
    low = low if len(low) == len(text) else ""
    for words in (lex.plans, lex.results):
        for a in range(len(text) + 1):
            for b in range(a, len(text) + 1, 3):
                want = words.blind.search(text, a, b) is not None
                assert words.found(text, low, a, b) == want, (text, a, b)


@pytest.mark.parametrize(
    "text",
    [
        "Chỉ số DTI năm 2023 và chỉ số PAR Index, Chỉ số SIPAS; PCI, PAPI.",
        "Bảng xếp hạng chỉ số chuyển đổi số (DTI) cấp tỉnh: chỉ  số   DTI",
        "Chỉ sốDTI, xDTI, DTIx và chỉ số.",  # names inside longer words
        "Không có chỉ số nào được nêu.",
    ],
)
def test_index_names_found_at_first_words_are_the_full_scan(text: str) -> None:
    """`_WordList.finditer` over the lower-cased text finds the index names the case-blind
    pattern finds scanning the whole text, at the same places."""
    from cds_extract import document

    words = document._lexicon().indices
    low = text.lower()
    want = [(m.span(), m.group().lower()) for m in words.blind.finditer(text)]
    assert [(m.span(), m.group()) for m in words.finditer(text, low)] == want
    assert [(m.span(), m.group()) for m in words.finditer(text, "")] == [
        (m.span(), m.group()) for m in words.blind.finditer(text)
    ]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        # the list's unit where the number can bear it
        ("Tỷ lệ hộ nghèo giảm còn 3,2 và 2,8%.", "3,2", "%"),
        ("Điểm số của hai huyện lần lượt là 0,61 và 0,58 điểm.", "0,61", "point"),
        # a number no percentage can be stays a number (`max_values`, patterns/units.yaml)
        ("Lượng khách đạt 2300000 và 4,5% so với cùng kỳ.", "2300000", "count"),
        ("Hai con số được nêu là 250000 và 12%.", "250000", "count"),
    ],
)
def test_list_member_takes_the_unit_it_can_bear(text: str, value: str, unit: str) -> None:
    (claim,) = [c for c in extract(text) if c.value_text == value]
    assert claim.unit.value == unit
