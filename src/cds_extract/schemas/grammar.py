"""Schema of ``patterns/indicator_grammar.yaml`` (what a well-formed indicator phrase is)."""

from __future__ import annotations

from pydantic import Field, field_validator

from . import PatternFile


def _clean_words(value: list[str]) -> list[str]:
    """Lower case, single-spaced, non-empty, no duplicates (a duplicate is a slip)."""
    out = [" ".join(w.lower().split()) for w in value]
    if any(not w for w in out):
        raise ValueError("empty word")
    dupes = sorted({w for w in out if out.count(w) > 1})
    if dupes:
        raise ValueError(f"duplicate words: {dupes}")
    return out


class IndicatorGrammarFile(PatternFile):
    """Word lists of the indicator grammar; the head nouns are those of
    ``indicator_cues.yaml`` (`head_nouns`, `unit_prefix`), plus ``extra_heads``."""

    # heads no cue opens a phrase with, but a phrase may still be only that head
    extra_heads: list[str] = Field(default_factory=list)
    # words a noun phrase cannot end with: function words, linking/reporting verbs,
    # qualifiers, adverbials (one or more syllables: `khi`, `liên quan`, `khi đó`)
    dangling: list[str] = Field(min_length=1)
    # words that open a new clause inside a phrase (`cho biết`, `trong khi`)
    clause_marks: list[str] = Field(default_factory=list)
    # sentence connectives (`trong khi đó`): dropped right after the head, else a clause mark
    connectives: list[str] = Field(default_factory=list)
    # content words whose last syllable is also in ``dangling`` (`trang bị`, `địa chỉ`)
    compounds: list[str] = Field(default_factory=list)
    # demonstratives that end a noun phrase pointing back (`tỷ lệ này`): kept by repair,
    # reported as `anaphor`, so a document pass can put in the antecedent
    anaphors: list[str] = Field(min_length=1)
    # words that name a thing by a small number after them (`mức độ 4`, `lớp 12`)
    number_names: list[str] = Field(default_factory=list)
    # words that make a number after them a date or time (`năm 2024`): cut with it
    number_types: list[str] = Field(default_factory=list)
    # `từ 15 tuổi trở lên`: a band of values kept out of a phrase as one piece
    band_starts: list[str] = Field(default_factory=list)
    band_ends: list[str] = Field(default_factory=list)
    # tokens that are versions (`4.0`), never a value
    named_numbers: list[str] = Field(default_factory=list)
    max_words: int = Field(default=20, ge=4)
    max_name_number: int = Field(default=999, ge=1)

    @field_validator(
        "extra_heads",
        "dangling",
        "compounds",
        "anaphors",
        "number_names",
        "number_types",
        "band_starts",
        "band_ends",
    )
    @classmethod
    def _words(cls, value: list[str]) -> list[str]:
        return _clean_words(value)
