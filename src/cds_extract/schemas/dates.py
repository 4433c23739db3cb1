"""Schema of ``patterns/dates.yaml``: the words of date and period expressions."""

from __future__ import annotations

from pydantic import Field, model_validator

from . import PatternFile

_Words = list[str]


class DatesFile(PatternFile):
    """Cue words and lexicons of the dates stage (all matched case-insensitively)."""

    min_year: int = Field(ge=1000)
    max_year: int = Field(le=9999)

    day_word: str = Field(min_length=1)
    month_word: str = Field(min_length=1)
    quarter_word: str = Field(min_length=1)
    year_word: str = Field(min_length=1)
    day_prefixes: _Words = Field(min_length=1)
    roman_quarters: dict[str, int] = Field(min_length=4)
    count_words: dict[str, int] = Field(min_length=1)
    first_part: _Words = Field(min_length=1)
    last_part: _Words = Field(min_length=1)
    middle_part: _Words = Field(min_length=1)
    half_word: str = Field(min_length=1)
    this_year: _Words = Field(min_length=1)
    last_year: _Words = Field(min_length=1)
    next_year: _Words = Field(min_length=1)
    this_suffixes: _Words = Field(min_length=1)
    recurring: _Words = Field(min_length=1)

    now_words: _Words = Field(min_length=1)
    this_month: _Words = Field(min_length=1)
    last_month: _Words = Field(min_length=1)
    recent_suffixes: _Words = Field(min_length=1)
    bare_now: str = Field(min_length=1)
    bare_now_followers: _Words = Field(min_length=1)
    bare_now_not_after: _Words = Field(min_length=1)
    now_not_after: _Words = Field(min_length=1)

    until_cues: _Words = Field(min_length=1)
    since_cues: _Words = Field(min_length=1)
    range_joins: _Words = Field(min_length=1)
    during_cues: _Words = Field(min_length=1)
    baseline_cues: _Words = Field(min_length=1)
    title_cues: _Words = Field(min_length=1)
    year_after_names: _Words = Field(min_length=1)
    period_words: _Words = Field(min_length=1)
    inert_period_words: _Words = Field(min_length=1)
    trailing_cues: _Words = Field(min_length=1)

    openers: _Words = Field(min_length=1)
    list_introducers: _Words = Field(min_length=1)
    anaphora_openers: _Words = Field(min_length=1)
    anaphora_demonstratives: _Words = Field(min_length=1)
    anaphora_lead: str = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> DatesFile:
        if self.min_year >= self.max_year:
            raise ValueError("min_year must be below max_year")
        if sorted(self.roman_quarters.values()) != [1, 2, 3, 4]:
            raise ValueError("roman_quarters must map to 1..4")
        if any(not 1 <= n <= 12 for n in self.count_words.values()):
            raise ValueError("count_words must be month counts 1..12")
        return self
