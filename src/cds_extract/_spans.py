"""Internal span records passed between pipeline stages.

All offsets here are into the *normalised* text (`NormText.text`); the
assemble stage maps them back to the original string.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .claim import Change, DatePrecision, Qualifier, Scope, Unit


@dataclass(eq=False)  # see DEVELOPERS.md, "Records in compiled modules"
class Span:
    start: int
    end: int

    def __init__(self, start: int, end: int) -> None:
        if not 0 <= start <= end:
            raise ValueError(f"bad span {start}..{end}")
        self.start = start
        self.end = end

    # Written, not generated: spans are compared per pair of values of a sentence, and
    # the `__eq__` / `__hash__` a dataclass generates run interpreted (as its `__init__`).
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Span):
            return NotImplemented
        return self.start == other.start and self.end == other.end

    def __hash__(self) -> int:
        return hash((self.start, self.end))

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(unsafe_hash=True)  # see DEVELOPERS.md, "Records in compiled modules"
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

    def __init__(
        self,
        span: Span,
        value: float,
        unit: Unit,
        qualifier: Qualifier = Qualifier.EXACT,
        denominator: float | None = None,
        change: Change | None = None,
        counted: str | None = None,
        counted_span: Span | None = None,
        cue_span: Span | None = None,
    ) -> None:
        self.span = span
        self.value = value
        self.unit = unit
        self.qualifier = qualifier
        self.denominator = denominator
        self.change = change
        self.counted = counted
        self.counted_span = counted_span
        self.cue_span = cue_span


@dataclass(unsafe_hash=True)  # see DEVELOPERS.md, "Records in compiled modules"
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

    def __init__(
        self,
        span: Span,
        as_of: date | None,
        period_start: date | None,
        precision: DatePrecision | None,
        frames: bool = False,
        relative: bool = False,
    ) -> None:
        self.span = span
        self.as_of = as_of
        self.period_start = period_start
        self.precision = precision
        self.frames = frames
        self.relative = relative


@dataclass(unsafe_hash=True)  # see DEVELOPERS.md, "Records in compiled modules"
class PlaceMention:
    """A place (`tỉnh Thái Nguyên`, `TP. Thái Nguyên`, `cả nước`)."""

    span: Span
    province: str | None  # canonical pre-July-2025 name
    province_2025: str | None
    place: str | None  # finer place (`huyện Yên Sơn`), as written with its type word
    scope: Scope

    def __init__(
        self,
        span: Span,
        province: str | None,
        province_2025: str | None,
        place: str | None,
        scope: Scope,
    ) -> None:
        self.span = span
        self.province = province
        self.province_2025 = province_2025
        self.place = place
        self.scope = scope
