"""Internal span records passed between pipeline stages.

All offsets here are into the *normalised* text (`NormText.text`); the
assemble stage maps them back to the original string.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .claim import Change, DatePrecision, Qualifier, Scope, Unit


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}..{self.end}")

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True, slots=True)
class NumberMention:
    """A value found by the numbers stage (`76,05%`, `815 nghìn tỷ đồng`, `07/63`)."""

    span: Span  # the value_text span
    value: float  # in the unit's base scale
    unit: Unit
    qualifier: Qualifier = Qualifier.EXACT
    denominator: float | None = None
    change: Change | None = None
    counted: str | None = None  # as written in the normalised text, not yet expanded
    counted_span: Span | None = None
    cue_span: Span | None = None  # qualifier/change cue (`hơn`, `tăng`), to strip from indicators


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date or period expression (`quý III/2022`, `8 tháng đầu năm 2024`, `đến nay`)."""

    span: Span
    as_of: date | None
    period_start: date | None
    precision: DatePrecision | None
    # True when the expression frames what follows (`Tính đến quý III năm 2022, …`)
    # and may carry into the next sentences (SPEC §2).
    frames: bool = False
    # True when it was resolved against (or needed) the publication date.
    relative: bool = False


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place (`tỉnh Thái Nguyên`, `TP. Thái Nguyên`, `cả nước`)."""

    span: Span
    province: str | None  # canonical pre-July-2025 name
    province_2025: str | None
    place: str | None  # finer place (`huyện Yên Sơn`), as written with its type word
    scope: Scope
