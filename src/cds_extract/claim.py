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
        """The claim as a line that reads true on its own.

        A plain actual exact claim reads as SPEC §1 shows:
        `tỷ lệ … = 96% as of 2024-08-15 (Thái Nguyên)`. A bound shows its sign
        (`hơn 80%` → `> 80%`, `thuộc nhóm 15 tỉnh dẫn đầu` → `≤ 15`), a change its
        direction (`tăng 9,2%` → `+9,2%`), and a target or estimate says so, a target
        being due *by* its date: `target: thứ hạng … ≤ 15 by 2025-12-31 (Thái Nguyên)`.
        """
        out = f"{self.indicator} {self.relation()} {self.signed_value()}"
        if self.modality is not Modality.ACTUAL:
            out = f"{self.modality.value}: {out}"
        if self.as_of is not None:
            word = "by" if self.modality is Modality.TARGET else "as of"
            out += f" {word} {self.as_of.isoformat()}"
        where = self.province or self.place or ("cả nước" if self.scope is Scope.NATIONAL else None)
        if where:
            out += f" ({where})"
        return out

    def relation(self) -> str:
        """`=` for an exact value, else the qualifier's sign: `≈ > ≥ < ≤`."""
        return QUALIFIER_SIGNS[self.qualifier]

    def signed_value(self) -> str:
        """The value as written, with `+` / `-` when it is a change (`tăng 9,2%` → `+9,2%`)."""
        value = _format_value(self.value_text, self.unit)
        if self.change is Change.INCREASE:
            return "+" + value
        if self.change is Change.DECREASE:
            return "-" + value
        return value


#: The sign a qualifier puts between indicator and value.
QUALIFIER_SIGNS: dict[Qualifier, str] = {
    Qualifier.EXACT: "=",
    Qualifier.APPROX: "≈",
    Qualifier.GT: ">",
    Qualifier.GTE: "≥",
    Qualifier.LT: "<",
    Qualifier.LTE: "≤",
}


def _format_value(value_text: str, unit: Unit) -> str:
    """The value as written, which is what a reader checks against the article."""
    return " ".join(value_text.split())
