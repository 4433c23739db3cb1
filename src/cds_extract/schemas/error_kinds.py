"""Schema of ``patterns/error_kinds.yaml``: the word lists `eval --details` sorts misses by."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from . import PatternFile, Regex


def _distinct_lower(words: list[str]) -> list[str]:
    """Words are matched on lower-cased text: an upper-case or repeated entry is a mistake."""
    seen: set[str] = set()
    for w in words:
        if not w.strip() or w != w.strip() or w != w.lower():
            raise ValueError(f"entry must be lower case without outer spaces: {w!r}")
        if w in seen:
            raise ValueError(f"repeated entry: {w!r}")
        seen.add(w)
    return words


Words = Annotated[list[str], Field(min_length=1), AfterValidator(_distinct_lower)]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Malformed(_Section):
    """The well-formedness checks of shared/tools/lint_indicators.py, as data."""

    dangling: Words  # a phrase ending in one of these is cut short (`tỷ lệ khi`)
    bare: Words  # a head word alone (`tỷ lệ`, `thứ hạng`)
    named_numbers: list[Regex] = Field(min_length=1)  # digits of a name (`mức độ 4`, `5G`)
    max_syllables: int = Field(ge=1)  # longer is a clause, not a noun phrase


class IndicatorKinds(_Section):
    anaphors: Words
    anaphoric_phrases: Words
    list_cues: Words
    rank_or_pillar: Words
    malformed: Malformed


class DateKinds(_Section):
    baseline_cues: Words
    baseline_reach: int = Field(ge=1, le=80)  # characters from a cue to the baseline's year
    relative: Words


class PlaceKinds(_Section):
    national: Words


class ModalityKinds(_Section):
    target: Words
    estimate: Words
    frame_reach: int = Field(ge=1, le=10)  # sentences back a plan frame may stand


class ExtraKinds(_Section):
    identifier_before: Words
    duration_after: Words
    date_before: Words
    structure_max: int = Field(ge=1)  # larger counts before a structure word are claims
    structure_after: Words
    population_after: Words


class ErrorKindsFile(PatternFile):
    indicator: IndicatorKinds
    dates: DateKinds
    places: PlaceKinds
    modality: ModalityKinds
    extras: ExtraKinds
