"""Schema of ``patterns/document.yaml`` (the document pass's word lists)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from . import PatternFile, Regex


class IndexName(BaseModel):
    """An index or ranking an article may report, and how news names it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    phrase: str = Field(min_length=1)  # the indicator written for its value
    names: list[str] = Field(min_length=1)


class DocumentFile(PatternFile):
    indices: list[IndexName] = Field(min_length=1)
    plan_openers: list[str] = Field(min_length=1)
    plan_names: list[str] = Field(min_length=1)
    results: list[str] = Field(min_length=1)
    continuations: list[str] = Field(min_length=1)
    kind_stops: list[str] = Field(min_length=1)
    change_from: Regex
    change_to: Regex
    baseline_cues: list[str] = Field(min_length=1)
    pillars: list[str] = Field(min_length=1)
    bare_heads: list[str] = Field(min_length=1)
    statistics: list[str] = Field(min_length=1)
    generic_index: Regex
    quoted_name_cues: list[str] = Field(min_length=1)
    anaphors: list[str] = Field(min_length=1)
    anaphor_heads: list[str] = Field(min_length=1)
    bare_anaphor_heads: list[str] = Field(min_length=1)
    openers: list[str] = Field(min_length=1)
    history: list[str] = Field(min_length=1)
    paren_after_baseline: Regex
    fillers: list[str] = Field(min_length=1)
