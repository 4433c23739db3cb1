"""Schema of ``patterns/abbreviations.yaml``."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from . import PatternFile


class Abbreviation(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    short: str = Field(min_length=1)
    long: str = Field(min_length=1)
    # Case-sensitive by default: `CĐS` is an abbreviation, `cds` in a URL is not.
    ignore_case: bool = False


class AbbreviationFile(PatternFile):
    abbreviations: list[Abbreviation] = Field(min_length=1)
