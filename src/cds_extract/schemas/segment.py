"""Schema of ``patterns/segment.yaml``."""

from __future__ import annotations

from pydantic import Field

from . import PatternFile


class SegmentFile(PatternFile):
    no_break_after: list[str] = Field(min_length=1)
    # Sentences longer than this are cut at a clause mark or space so that
    # later stages (word segmentation, POS) stay linear on pathological input.
    max_sentence_chars: int = Field(ge=200)
