"""Modality by clause: the table in tests/data/modality.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from cds_extract._spans import Span
from cds_extract.claim import Modality
from cds_extract.modality import modality_for

_TABLE: dict[str, list[dict[str, Any]]] = yaml.safe_load(
    (Path(__file__).parent / "data" / "modality.yaml").read_text(encoding="utf-8")
)


def _run(row: dict[str, Any]) -> Modality:
    s: str = row["sentence"]
    start = -1
    for _ in range(int(row.get("nth", 1))):
        start = s.find(row["value"], start + 1)
    assert start >= 0, f"value {row['value']!r} not in sentence"
    return modality_for(s, Span(0, len(s)), Span(start, start + len(row["value"])))


@pytest.mark.parametrize(
    "row", _TABLE["written"] + _TABLE["bugs"], ids=lambda r: r["sentence"][:40]
)
def test_modality_table(row: dict[str, Any]) -> None:
    assert _run(row) is Modality(row["modality"])


@pytest.mark.parametrize("row", _TABLE["xfail"], ids=lambda r: r["sentence"][:40])
@pytest.mark.xfail(strict=True, reason="known limitation, see tests/data/modality.yaml")
def test_modality_known_gaps(row: dict[str, Any]) -> None:
    assert _run(row) is Modality(row["modality"])


def test_table_is_large_enough() -> None:
    assert len(_TABLE["written"]) >= 30


def test_cue_is_clause_scoped_inside_a_sentence() -> None:
    s = "Mục tiêu đạt 80%; năm 2023 đạt 70%."
    second = s.find("70%")
    assert modality_for(s, Span(0, len(s)), Span(second, second + 3)) is Modality.ACTUAL


def test_sentence_offset_is_respected() -> None:
    text = "Tin khác. Dự kiến năm 2025 đạt 90%."
    start = text.find("Dự")
    v = text.find("90%")
    assert modality_for(text, Span(start, len(text)), Span(v, v + 3)) is Modality.TARGET
