"""Schema of ``patterns/abbreviations.yaml``."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from . import PatternFile


class Abbreviation(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    short: str = Field(min_length=1)
    long: str = Field(min_length=1)
    # Case-sensitive by default: `CĐS` is an abbreviation, `cds` in a URL is not.
    ignore_case: bool = False


class AbbreviationFile(PatternFile):
    abbreviations: list[Abbreviation] = Field(min_length=1)


class HomoglyphFile(PatternFile):
    """``patterns/homoglyphs.yaml``: letters of other alphabets that look like Latin ones.

    Each key is one Cyrillic or Greek letter, each value the one Latin letter it is
    typed for (`С` U+0421 -> `C`): normalise swaps them 1:1, so offsets hold.
    """

    homoglyphs: dict[str, str] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_to_one(self) -> HomoglyphFile:
        bad = [k for k, v in self.homoglyphs.items() if len(k) != 1 or len(v) != 1]
        if bad:
            raise ValueError(f"homoglyphs must map one character to one: {bad}")
        return self
