"""The indicator grammar (src/cds_extract/grammar.py): the table in tests/data/grammar.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from cds_extract import grammar
from cds_extract._spans import NumberMention, Span
from cds_extract.claim import Unit
from cds_extract.indicators import indicator_for

_TABLE: dict[str, dict[str, list[dict[str, Any]]]] = yaml.safe_load(
    (Path(__file__).parent / "data" / "grammar.yaml").read_text(encoding="utf-8")
)
_PHRASES = [(origin, row) for origin, part in _TABLE.items() for row in part.get("phrases", [])]
_SENTENCES = [(origin, row) for origin, part in _TABLE.items() for row in part.get("sentences", [])]
# what the builder may leave for the document pass (a bare head, a pointing phrase)
_LEFT_FOR_DOCUMENT = {"bare", "anaphor"}


@pytest.mark.parametrize(("origin", "row"), _PHRASES, ids=[r["phrase"] for _o, r in _PHRASES])
def test_problems_and_repair(origin: str, row: dict[str, Any]) -> None:
    phrase = row["phrase"]
    assert list(grammar.problems(phrase)) == row["problems"]
    assert grammar.well_formed(phrase) is (not row["problems"])
    assert grammar.repair(phrase) == row["repair"]


@pytest.mark.parametrize(("origin", "row"), _PHRASES, ids=[r["phrase"] for _o, r in _PHRASES])
def test_repair_is_idempotent_and_leaves_no_cuttable_problem(
    origin: str, row: dict[str, Any]
) -> None:
    fixed = grammar.repair(row["phrase"])
    assert grammar.repair(fixed) == fixed
    if fixed:
        left = set(grammar.problems(fixed)) - _LEFT_FOR_DOCUMENT - {"long"}
        assert not left, (fixed, left)


def test_problem_kinds_are_the_listed_ones() -> None:
    for _origin, row in _PHRASES:
        assert set(row["problems"]) <= set(grammar.KINDS)


@pytest.mark.parametrize(
    ("origin", "row"), _SENTENCES, ids=[r["sentence"][:40] for _o, r in _SENTENCES]
)
def test_builder_output_is_well_formed(origin: str, row: dict[str, Any]) -> None:
    s, value = row["sentence"], row["value"]
    start = s.find(value)
    assert start >= 0
    mention = NumberMention(Span(start, start + len(value)), 0.0, Unit(row["unit"]))
    phrase = indicator_for(s, Span(0, len(s)), mention, [], [])
    assert phrase
    assert not set(grammar.problems(phrase)) - _LEFT_FOR_DOCUMENT, phrase


@pytest.mark.parametrize(
    "phrase",
    [
        "tỷ lệ này",
        "số cầu thủ đó",
        "tỷ lệ khi đó",
        "con số này của tỉnh Hà Nam",
        "tỷ lệ hồ sơ trực tuyến",
        "số tài khoản đã",
        "",
        "này",
    ],
)
def test_ends_in_anaphor_is_problems_anaphor(phrase: str) -> None:
    """The document pass's one-problem check agrees with `problems`."""
    assert grammar.ends_in_anaphor(phrase) == ("anaphor" in grammar.problems(phrase))
