"""The `Claim` record of SPEC §1 and its closed vocabularies."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Unit(StrEnum):
    """Canonical unit of a claim's value."""

    PERCENT = "%"
    PERCENTAGE_POINT = "pp"
    VND = "VND"
    USD = "USD"
    POINT = "point"
    RANK = "rank"
    COUNT = "count"


class Qualifier(StrEnum):
    """How the written value bounds the true one (`hơn 80%` → gt)."""

    EXACT = "exact"
    APPROX = "approx"
    GT = "gt"
    GTE = "gte"
    LT = "lt"
    LTE = "lte"


class Change(StrEnum):
    """Set when the value is a change against a baseline, not a level."""

    INCREASE = "increase"
    DECREASE = "decrease"


class DatePrecision(StrEnum):
    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


class Scope(StrEnum):
    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"
    NATIONAL = "national"
    UNKNOWN = "unknown"


class Modality(StrEnum):
    ACTUAL = "actual"
    TARGET = "target"
    ESTIMATE = "estimate"


class Claim(BaseModel):
    """One numeric claim: *indicator = value as of date, in province* (SPEC §1).

    Frozen and hashable; `value_text == text[value_start:value_end]` of the
    original input always holds.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)

    doc_id: str | None = None
    indicator: str
    indicator_id: str | None = None
    value: float = Field(allow_inf_nan=False)
    unit: Unit
    counted: str | None = None
    denominator: float | None = Field(default=None, allow_inf_nan=False)
    qualifier: Qualifier = Qualifier.EXACT
    change: Change | None = None
    value_text: str = Field(min_length=1)
    value_start: int = Field(ge=0)
    value_end: int = Field(ge=0)
    as_of: date | None = None
    period_start: date | None = None
    date_precision: DatePrecision | None = None
    date_text: str | None = None
    province: str | None = None
    province_2025: str | None = None
    place: str | None = None
    scope: Scope = Scope.UNKNOWN
    modality: Modality = Modality.ACTUAL
    sentence: str
    confidence: float = Field(ge=0.0, le=1.0)

    @model_validator(mode="after")
    def _check_spans(self) -> Claim:
        if self.value_end - self.value_start != len(self.value_text):
            raise ValueError("value_end - value_start must equal len(value_text)")
        if self.period_start and self.as_of and self.period_start > self.as_of:
            raise ValueError("period_start is after as_of")
        return self

    def __str__(self) -> str:
        """`tỷ lệ … = 96% as of 2024-08-15 (Thái Nguyên)` as SPEC §1 shows."""
        value = _format_value(self.value_text, self.unit)
        out = f"{self.indicator} = {value}"
        if self.as_of is not None:
            out += f" as of {self.as_of.isoformat()}"
        where = self.province or self.place or ("cả nước" if self.scope is Scope.NATIONAL else None)
        if where:
            out += f" ({where})"
        return out


def _format_value(value_text: str, unit: Unit) -> str:
    """The value as written, which is what a reader checks against the article."""
    return " ".join(value_text.split())
