"""The Claim record: SPEC §1 fields, frozen, JSON round trip, committed JSON Schema."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pydantic
import pytest

from cds_extract import Change, Claim, Modality, Qualifier, Scope, Unit

SPEC_FIELDS = [
    "doc_id",
    "indicator",
    "indicator_id",
    "value",
    "unit",
    "counted",
    "denominator",
    "qualifier",
    "change",
    "value_text",
    "value_start",
    "value_end",
    "as_of",
    "period_start",
    "date_precision",
    "date_text",
    "province",
    "province_2025",
    "place",
    "scope",
    "modality",
    "sentence",
    "confidence",
]


def make(**over: object) -> Claim:
    fields: dict[str, object] = {
        "doc_id": "tn-001",
        "indicator": "tỷ lệ kích hoạt tài khoản định danh điện tử mức 2",
        "value": 96.0,
        "unit": Unit.PERCENT,
        "value_text": "96%",
        "value_start": 10,
        "value_end": 13,
        "as_of": date(2024, 8, 15),
        "province": "Thái Nguyên",
        "province_2025": "Thái Nguyên",
        "scope": Scope.PROVINCE,
        "sentence": "… đạt tỷ lệ kích hoạt 96%.",
        "confidence": 0.8,
    }
    fields.update(over)
    return Claim.model_validate(fields)


def test_fields_are_exactly_the_spec_fields() -> None:
    assert list(Claim.model_fields) == SPEC_FIELDS


def test_str_reads_like_the_spec_example() -> None:
    assert str(make()) == (
        "tỷ lệ kích hoạt tài khoản định danh điện tử mức 2 = 96% as of 2024-08-15 (Thái Nguyên)"
    )
    assert str(make(as_of=None, province=None, scope=Scope.NATIONAL)) == (
        "tỷ lệ kích hoạt tài khoản định danh điện tử mức 2 = 96% (cả nước)"
    )


def test_str_shows_qualifier_change_and_modality() -> None:
    """A claim printed alone must not read as a plain level when it is a bound, a
    change or a goal: `thuộc nhóm 15 tỉnh dẫn đầu … đến năm 2025` is a target ≤ 15."""
    target = make(
        indicator="thứ hạng chuyển đổi số",
        value=15.0,
        unit=Unit.RANK,
        value_text="15",
        value_end=12,
        qualifier=Qualifier.LTE,
        modality=Modality.TARGET,
        as_of=date(2025, 12, 31),
    )
    assert str(target) == "target: thứ hạng chuyển đổi số ≤ 15 by 2025-12-31 (Thái Nguyên)"
    rise = make(
        indicator="doanh thu kinh tế số",
        value=9.2,
        value_text="9,2%",
        value_end=14,
        change=Change.INCREASE,
        as_of=date(2024, 8, 31),
    )
    assert str(rise) == "doanh thu kinh tế số = +9,2% as of 2024-08-31 (Thái Nguyên)"
    fall = make(
        value=3.0,
        unit=Unit.PERCENTAGE_POINT,
        value_text="3 điểm phần trăm",
        value_end=26,
        change=Change.DECREASE,
        qualifier=Qualifier.APPROX,
    )
    assert str(fall).startswith("tỷ lệ kích hoạt tài khoản định danh điện tử mức 2 ≈ -3 điểm")
    guess = make(qualifier=Qualifier.GT, modality=Modality.ESTIMATE)
    assert str(guess) == (
        "estimate: tỷ lệ kích hoạt tài khoản định danh điện tử mức 2 > 96% "
        "as of 2024-08-15 (Thái Nguyên)"
    )
    for q, sign in [(Qualifier.GTE, "≥"), (Qualifier.LT, "<"), (Qualifier.EXACT, "=")]:
        assert f" {sign} 96%" in str(make(qualifier=q))


def test_frozen_and_hashable() -> None:
    c = make()
    with pytest.raises(pydantic.ValidationError):
        c.value = 1.0  # type: ignore[misc]
    assert hash(c) == hash(make())


def test_json_round_trip_and_enum_values_in_json() -> None:
    c = make(qualifier=Qualifier.GT, modality=Modality.TARGET, period_start=date(2024, 1, 1))
    assert Claim.model_validate_json(c.model_dump_json()) == c
    data = json.loads(c.model_dump_json())
    assert data["unit"] == "%" and data["qualifier"] == "gt" and data["as_of"] == "2024-08-15"


@pytest.mark.parametrize(
    "bad",
    [
        {"value_end": 12},  # span length ≠ len(value_text)
        {"confidence": 1.5},
        {"unit": "percent"},
        {"period_start": date(2025, 1, 1)},  # after as_of
        {"surprise": 1},
        {"value": float("inf")},  # would serialise as null and not load back
        {"value": float("nan")},
        {"denominator": float("inf")},
    ],
)
def test_invalid_records_are_rejected(bad: dict[str, object]) -> None:
    with pytest.raises(pydantic.ValidationError):
        make(**bad)


def test_committed_json_schema_matches_the_model() -> None:
    committed = json.loads(
        (Path(__file__).parents[1] / "schema" / "claim.schema.json").read_text(encoding="utf-8")
    )
    assert committed == Claim.model_json_schema(), "regenerate schema/claim.schema.json"
