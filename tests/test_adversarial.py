"""Hostile input never crashes, never loses a record, never hangs (issue 7).

The table is tests/data/adversarial.yaml; `check_claims` holds the invariants
every returned record must meet, and test_properties.py reuses it.
"""

from __future__ import annotations

import json
import logging
import math
import os
import subprocess
import sys
import unicodedata
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from cds_extract import Claim, InvalidInputError, Unit, extract
from cds_extract.normalise import fold

_TABLE: dict[str, Any] = yaml.safe_load(
    (Path(__file__).parent / "data" / "adversarial.yaml").read_text(encoding="utf-8")
)
_SLOW = bool(os.environ.get("CDS_EXTRACT_SLOW"))
#: A guarded row that has not finished by then is hung (healthy rows take a few seconds).
_GUARD_SECONDS = float(os.environ.get("CDS_EXTRACT_GUARD_SECONDS", "20"))

#: Largest believable value per unit: anything above is an absurd reading, not a claim.
MAX_VALUE = {
    Unit.PERCENT: 1e6,
    Unit.PERCENTAGE_POINT: 1e3,
    Unit.VND: 1e18,  # Vietnam's GDP is ~1e16 đồng
    Unit.USD: 1e15,  # ~10x world GDP
    Unit.COUNT: 1e13,
    Unit.POINT: 1e6,
    Unit.RANK: 1e6,  # world rankings run to the thousands
}
_EARLIEST, _LATEST = date(1900, 1, 1), date(2200, 12, 31)


def check_claims(text: str, claims: Sequence[Claim]) -> None:
    """The invariants of issue 7 for the records ``extract(text)`` returned."""
    keys = []
    for c in claims:
        assert isinstance(c, Claim)
        assert Claim.model_validate(c.model_dump()) == c
        assert Claim.model_validate_json(c.model_dump_json()) == c
        assert 0 <= c.value_start < c.value_end <= len(text), c
        assert text[c.value_start : c.value_end] == c.value_text
        assert c.value_text in c.sentence
        assert math.isfinite(c.value), c
        assert 0 <= c.value <= MAX_VALUE[c.unit], f"absurd value {c.value} for {c.value_text!r}"
        if c.denominator is not None:
            assert math.isfinite(c.denominator) and c.denominator > 0, c
        for d in (c.as_of, c.period_start):
            assert d is None or _EARLIEST <= d <= _LATEST, f"absurd date {d} for {c.value_text!r}"
        keys.append((c.value_start, c.value_end))
    assert keys == sorted(keys), "claims are not in text order"
    dumped = [c.model_dump_json() for c in claims]
    assert len(set(dumped)) == len(dumped), "a record is repeated"


def build_text(row: dict[str, Any]) -> str:
    """The row's input: `text` or the `build` pieces, then its `transform`."""
    text = row["text"] if "text" in row else "".join(p * n for p, n in row["build"])
    transform = row.get("transform")
    if transform == "nfd":
        return unicodedata.normalize("NFD", text)
    if transform == "mixed":
        words = text.split(" ")
        return " ".join(
            unicodedata.normalize("NFD", w) if i % 2 else w for i, w in enumerate(words)
        )
    assert transform is None, f"unknown transform {transform!r}"
    return text


def _find_all(text: str, needle: str) -> list[tuple[int, int]]:
    out, pos = [], text.find(needle)
    while pos >= 0:
        out.append((pos, pos + len(needle)))
        pos = text.find(needle, pos + 1)
    return out


def _locate(row: dict[str, Any], text: str, needle: str, nth: int = 1) -> tuple[int, int]:
    if row.get("transform") in ("nfd", "mixed"):
        hits = _find_all(text, needle) or _find_all(text, unicodedata.normalize("NFD", needle))
    else:
        hits = _find_all(text, needle)
    assert len(hits) >= nth, f"{needle!r} not in the row's text"
    return hits[nth - 1]


def check_expectations(row: dict[str, Any], text: str, claims: Sequence[Claim]) -> None:
    """The row's `claims`, `no_claim` and `count`."""
    for want in row.get("claims", []):
        a, b = _locate(row, text, want["at"], want.get("nth", 1))
        hits = [c for c in claims if c.value_start < b and a < c.value_end]
        assert hits, f"no claim at {want['at']!r}; got {[c.value_text for c in claims]}"
        c = hits[0]
        if "value_text" in want:
            assert fold(c.value_text) == fold(want["value_text"])
        if "value" in want:
            assert math.isclose(c.value, float(want["value"]), rel_tol=1e-9), c
        for name in ("unit", "change", "qualifier", "denominator"):
            if name in want:
                got = getattr(c, name)
                assert (got.value if hasattr(got, "value") else got) == want[name], (name, c)
    for needle in row.get("no_claim", []):
        for a, b in _find_all(text, needle):
            bad = [c.value_text for c in claims if c.value_start < b and a < c.value_end]
            assert not bad, f"claim {bad} inside {needle!r}"
    if "count" in row:
        assert len(claims) == row["count"], [c.value_text for c in claims]


def _extract_in_child(text: str) -> list[Claim]:
    """extract() in a child process that is killed when it hangs."""
    code = (
        "import json, sys\n"
        "from cds_extract import extract\n"
        "text = json.load(sys.stdin)\n"
        "print(json.dumps([c.model_dump_json() for c in extract(text)]))\n"
    )
    try:
        done = subprocess.run(
            [sys.executable, "-c", code],
            input=json.dumps(text),
            capture_output=True,
            text=True,
            timeout=_GUARD_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"extract() still running after {_GUARD_SECONDS:.0f} s: hung")
    assert done.returncode == 0, done.stderr[-2000:]
    return [Claim.model_validate_json(s) for s in json.loads(done.stdout)]


def _run(row: dict[str, Any], caplog: pytest.LogCaptureFixture) -> None:
    text = build_text(row)
    with caplog.at_level(logging.WARNING, logger="cds_extract"):
        if row.get("guard") == "subprocess":
            claims = _extract_in_child(text)
        else:
            claims = extract(text, doc_id=row["id"])
    lost = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert not lost, f"a stage raised and its sentence was skipped: {lost}"
    check_claims(text, claims)
    check_expectations(row, text, claims)


def _params(group: str) -> list[Any]:
    out = []
    for row in _TABLE[group] or []:
        marks = []
        if row.get("slow"):
            marks.append(pytest.mark.skipif(not _SLOW, reason="slow row: CDS_EXTRACT_SLOW=1"))
        out.append(pytest.param(row, id=row["id"], marks=marks))
    return out


@pytest.mark.parametrize("row", _params("written") + _params("bugs"))
def test_adversarial(row: dict[str, Any], caplog: pytest.LogCaptureFixture) -> None:
    _run(row, caplog)


@pytest.mark.parametrize("row", _params("xfail"))
@pytest.mark.xfail(strict=True, reason="known bug, see tests/data/adversarial.yaml")
def test_adversarial_known_bugs(row: dict[str, Any], caplog: pytest.LogCaptureFixture) -> None:
    _run(row, caplog)


def test_lone_surrogate_is_a_typed_error_or_serialisable_claims(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # `json.loads('"\\ud800"')` yields a lone surrogate, so a JSONL archive can hold
    # one; it is a valid `str`: a typed error, or claims that serialise, not a lost sentence.
    text = "Tỉnh có 2.255 tổ công nghệ số \ud800 cộng đồng, đạt 96%."
    try:
        with caplog.at_level(logging.WARNING, logger="cds_extract"):
            claims = extract(text)
    except InvalidInputError:
        return
    assert not caplog.records, "a stage raised and the sentence was skipped"
    assert {c.value_text for c in claims} >= {"2.255", "96%"}
    for c in claims:
        c.model_dump_json()
    check_claims(text, claims)


@pytest.mark.parametrize(
    "published",
    [date.min, date.max, date(2024, 2, 29), date(1900, 1, 1)],
)
def test_extreme_publication_dates_lose_nothing(
    published: date, caplog: pytest.LogCaptureFixture
) -> None:
    # `năm sau` / `năm tới` against 9999-12-31 is year 10000: a stage doing that
    # arithmetic must not raise (the pipeline would drop the sentence's claims).
    text = (
        "Năm nay tỉnh có 1.200 doanh nghiệp; năm sau, năm tới và tháng trước đạt 96%. "
        "Quý trước, 6 tháng đầu năm, đến nay có 2.255 tổ công nghệ số."
    )
    with caplog.at_level(logging.WARNING, logger="cds_extract"):
        claims = extract(text, published=published)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert {c.value_text for c in claims} >= {"1.200", "96%", "2.255"}
    for c in claims:
        assert Claim.model_validate_json(c.model_dump_json()) == c
        assert 0 <= c.value_start < c.value_end <= len(text)


def test_table_covers_the_issue_values() -> None:
    texts = " ".join(
        str(r.get("text", r.get("build"))) for g in ("written", "bugs", "xfail") for r in _TABLE[g]
    )
    for value in (
        "99999999999999999999%",
        "0/0",
        "1/0",
        "31/02/2024",
        "00/00/0000",
        "20245",
        "-5%",
        "+12,5%",
        "1.2.3.4",
        "0912.345.678",
        "14h30",
        "https://",
    ):
        assert value in texts, value
