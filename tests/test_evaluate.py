"""SPEC §4 scoring on hand-made documents and gold, with a fake extractor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cds_extract import Claim, Unit
from cds_extract.errors import InputReadError
from cds_extract.evaluate import indicator_f1, load_documents, load_gold, score, values_agree

DOC = "Tỉnh có 2.255 tổ công nghệ số. Tỷ lệ đạt 96%. Doanh thu 33,1 tỷ USD."


def claim(value_text: str, value: float, unit: Unit, indicator: str, **kw: object) -> Claim:
    start = DOC.index(value_text)
    base: dict[str, object] = {
        "doc_id": "d1",
        "indicator": indicator,
        "value": value,
        "unit": unit,
        "value_text": value_text,
        "value_start": start,
        "value_end": start + len(value_text),
        "province": "Thái Nguyên",
        "sentence": DOC,
        "confidence": 0.5,
    }
    base.update(kw)
    return Claim.model_validate(base)


def gold_line(
    quote: str, value_text: str, value: float, unit: str, indicator: str, optional: bool = False
) -> dict[str, object]:
    return {
        "doc_id": "d1",
        "quote": quote,
        "value_text": value_text,
        "value": value,
        "unit": unit,
        "counted": "tổ" if unit == "count" else None,
        "denominator": None,
        "qualifier": "exact",
        "indicator": indicator,
        "as_of": None,
        "period_start": None,
        "province": "Thái Nguyên",
        "scope": "unknown",
        "modality": "actual",
        "optional": optional,
    }


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[dict[str, str], Path]:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "d1.txt").write_text(DOC, encoding="utf-8")
    lines = [
        gold_line("có 2.255 tổ", "2.255", 2255, "count", "số tổ công nghệ số"),
        gold_line("đạt 96%", "96%", 96, "%", "tỷ lệ đạt"),
        gold_line("33,1 tỷ USD", "33,1 tỷ USD", 33.1e9, "USD", "doanh thu", optional=True),
    ]
    (tmp_path / "gold.jsonl").write_text(
        "\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8"
    )
    return load_documents(tmp_path / "docs"), tmp_path / "gold.jsonl"


def test_perfect_extraction_scores_one(corpus: tuple[dict[str, str], Path]) -> None:
    docs, gold_path = corpus
    gold = load_gold(gold_path, docs)
    claims = [
        claim("2.255", 2255, Unit.COUNT, "số tổ công nghệ số", counted="tổ"),
        claim("96%", 96, Unit.PERCENT, "tỷ lệ đạt"),
    ]
    report = score(docs, gold, lambda text, doc_id: claims)
    assert report.detection() == (1.0, 1.0, 1.0)
    assert report.record()[2] == 1.0


def test_optional_gold_costs_nothing_either_way(corpus: tuple[dict[str, str], Path]) -> None:
    docs, gold_path = corpus
    gold = load_gold(gold_path, docs)
    claims = [
        claim("2.255", 2255, Unit.COUNT, "số tổ công nghệ số", counted="tổ"),
        claim("96%", 96, Unit.PERCENT, "tỷ lệ đạt"),
        claim("33,1 tỷ USD", 33.1e9, Unit.USD, "doanh thu"),
    ]
    report = score(docs, gold, lambda text, doc_id: claims)
    assert report.detection() == (1.0, 1.0, 1.0)


def test_wrong_value_is_not_a_match_and_wrong_unit_breaks_the_record(
    corpus: tuple[dict[str, str], Path],
) -> None:
    docs, gold_path = corpus
    gold = load_gold(gold_path, docs)
    claims = [
        claim("2.255", 2.255, Unit.COUNT, "số tổ công nghệ số", counted="tổ"),  # 2.255 ≠ 2255
        claim("96%", 96, Unit.COUNT, "tỷ lệ đạt", counted="x"),
    ]
    report = score(docs, gold, lambda text, doc_id: claims)
    p, r, _ = report.detection()
    assert (p, r) == (0.5, 0.5)
    assert report.attribute("unit") == 0.0
    assert report.record()[2] == 0.0
    assert len(report.misses) == 1 and len(report.extras) == 1


def test_quote_must_be_unique(tmp_path: Path) -> None:
    (tmp_path / "d1.txt").write_text("có 5 xã và có 5 xã", encoding="utf-8")
    (tmp_path / "g.jsonl").write_text(
        json.dumps(gold_line("có 5 xã", "5", 5, "count", "số xã")), encoding="utf-8"
    )
    with pytest.raises(InputReadError):
        load_gold(tmp_path / "g.jsonl", load_documents(tmp_path))


@pytest.mark.parametrize(
    ("pred", "gold_value", "value_text", "ok"),
    [
        (33.1e9, 33.1e9, "33,1 tỷ USD", True),
        (33.14e9, 33.1e9, "33,1 tỷ USD", True),  # same at the written precision
        (33.2e9, 33.1e9, "33,1 tỷ USD", False),
        (14600, 14600, "14.600", True),
        (14.6, 14600, "14.600", False),
    ],
)
def test_values_agree(pred: float, gold_value: float, value_text: str, ok: bool) -> None:
    assert values_agree(pred, {"value": gold_value, "value_text": value_text}) is ok


def test_indicator_token_f1_is_case_and_punctuation_blind() -> None:
    assert indicator_f1("Tỷ lệ hồ sơ, đúng hạn", "tỷ lệ hồ sơ đúng hạn") == 1.0
    assert indicator_f1("doanh thu", "tỷ lệ hồ sơ") == 0.0
