"""Pydantic schemas for the data files in ``patterns/``.

Every pattern file is YAML with a ``meta`` header saying where its
content came from; each stage declares the schema of its own file in a
submodule here (``schemas.numbers``, ``schemas.places`` …) and loads it with
:func:`cds_extract._resources.load_patterns`.
"""

from __future__ import annotations

from typing import Annotated

import regex
from pydantic import AfterValidator, BaseModel, ConfigDict

from .. import _cache


class Meta(BaseModel):
    """Header every pattern file carries."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    description: str
    source: str
    version: int = 1


class PatternFile(BaseModel):
    """Base of every pattern-file schema: a ``meta`` header plus the stage's fields."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    meta: Meta


def _compiles(pattern: str, flags: int = 0) -> str:
    try:
        _cache.compile(pattern, flags)
    except regex.error as exc:
        raise ValueError(f"bad regular expression {pattern!r}: {exc}") from exc
    return pattern


def _compiles_v1(pattern: str) -> str:
    return _compiles(pattern, regex.VERSION1)


Regex = Annotated[str, AfterValidator(_compiles)]
"""A pattern-file string that must compile as a `regex` pattern (checked when loaded)."""

RegexV1 = Annotated[str, AfterValidator(_compiles_v1)]
"""A `Regex` its stage compiles with ``regex.VERSION1``: checked with that flag, so the
stage's own ``_cache.compile(p, regex.VERSION1)`` gets the pattern already built, not a
second compile (~10 ms for `indicator_cues.yaml`'s `remove`)."""
