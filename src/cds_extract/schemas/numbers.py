"""Schemas of the numbers stage's pattern files: units, qualifiers, non-claims."""

from __future__ import annotations

import math

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..claim import Unit
from . import PatternFile, Regex

Phrase = str


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Scale(_Frozen):
    """`nghìn tỷ` → 1e12."""

    words: list[Phrase] = Field(min_length=1)
    factor: float = Field(gt=1.0)


class CurrencyWords(_Frozen):
    unit: Unit
    words: list[Phrase] = Field(min_length=1)

    @field_validator("unit")
    @classmethod
    def _money(cls, v: Unit) -> Unit:
        if v not in (Unit.VND, Unit.USD):
            raise ValueError("a currency's unit must be VND or USD")
        return v


class UnitsFile(PatternFile):
    """``patterns/units.yaml``."""

    scales: list[Scale] = Field(min_length=1)
    currencies: list[CurrencyWords] = Field(min_length=1)
    attached_currencies: list[CurrencyWords]
    prefix_currencies: list[CurrencyWords]
    dong_compounds: list[Phrase]
    percent: list[Phrase] = Field(min_length=1)
    percentage_points: list[Phrase] = Field(min_length=1)
    points: list[Phrase] = Field(min_length=1)
    point_compounds: list[Phrase]
    rank_left: list[Phrase] = Field(min_length=1)
    rank_top_left: list[Phrase]
    rank_top_right: list[Phrase]
    rank_right: list[Phrase]
    spelled_numbers: dict[Phrase, int] = Field(min_length=1)
    spelled_count_nouns: list[Phrase] = Field(min_length=1)
    spelled_ambiguous: list[Phrase]
    spelled_ambiguous_left: list[Phrase]
    bare_count_left: list[Phrase]
    counted_stop_words: list[Phrase]
    counted_max_words: int = Field(ge=1, le=30)
    counted_level_words: list[Phrase]
    max_values: dict[Unit, float]

    @field_validator("max_values")
    @classmethod
    def _finite(cls, v: dict[Unit, float]) -> dict[Unit, float]:
        if set(v) != set(Unit):
            raise ValueError("max_values needs one entry per unit")
        if not all(math.isfinite(x) and x > 0 for x in v.values()):
            raise ValueError("max_values must be finite and positive")
        return v


class QualifierCues(_Frozen):
    approx: list[Phrase] = []
    gt: list[Phrase] = []
    gte: list[Phrase] = []
    lt: list[Phrase] = []
    lte: list[Phrase] = []


class ChangeCues(_Frozen):
    increase: list[Phrase] = Field(min_length=1)
    decrease: list[Phrase] = Field(min_length=1)


class QualifiersFile(PatternFile):
    """``patterns/qualifiers.yaml``."""

    before: QualifierCues
    weak_before: list[Phrase]
    after: QualifierCues
    fillers: list[Phrase]
    range_connectors: list[Phrase] = Field(min_length=1)
    change: ChangeCues
    change_fillers: list[Phrase]
    change_blockers: list[Phrase]


class NonclaimsFile(PatternFile):
    """``patterns/nonclaims.yaml``."""

    identifier_left: list[Phrase] = Field(min_length=1)
    identifier_left_exceptions: list[Phrase]
    weak_identifier_left: list[Phrase]
    date_left: list[Phrase] = Field(min_length=1)
    date_fraction_left: list[Phrase]
    nonclaim_right: list[Phrase] = Field(min_length=1)
    furniture_right: list[Phrase]
    furniture_patterns: list[Regex]
    url_patterns: list[Regex]
