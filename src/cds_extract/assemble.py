"""Assemble stage: one `Claim` from a number and the context the other stages found.

Confidence is a documented sum of evidence, not a learned probability:

===========================================  ======
evidence                                     weight
===========================================  ======
base: a number with a recognised unit        0.40
indicator phrase maps to a taxonomy entry    0.20
indicator phrase found (≥ 2 words)           0.10
a date applies (as_of known)                 0.10
place named in the sentence / by the article 0.10 / 0.05
count with its counted noun, or a non-count  0.10
a qualifier or change cue was read           -0.00
===========================================  ======

Capped to [0, 1]; two decimals.
"""

from __future__ import annotations

import functools

from . import _rx
from ._spans import DateMention, NumberMention, PlaceMention, Span
from .claim import Claim, Modality, Scope, Unit
from .normalise import NormText, expand_abbreviations

# Lone surrogates (broken UTF-16 in scraped text) cannot be written as UTF-8 JSON;
# in the context strings they become U+FFFD. value_text never holds one: it is digits.
_SURROGATE = _rx.compile(r"[\ud800-\udfff]")  # escapes: mypyc rejects lone surrogates


@functools.lru_cache(maxsize=256)  # a sentence's string repeats for each of its claims
def _printable(s: str) -> str:
    return str(_SURROGATE.sub("\ufffd", s))


def confidence(
    mention: NumberMention,
    indicator: str,
    indicator_id: str | None,
    when: DateMention | None,
    where: PlaceMention | None,
    place_in_sentence: bool,
) -> float:
    """The evidence sum in this module's table."""
    score = 0.40
    if indicator_id:
        score += 0.20
    if len(indicator.split()) >= 2:
        score += 0.10
    if when is not None and when.as_of is not None:
        score += 0.10
    if where is not None:
        score += 0.10 if place_in_sentence else 0.05
    if mention.unit is not Unit.COUNT or mention.counted:
        score += 0.10
    return round(min(1.0, max(0.0, score)), 2)


def build_claim(
    norm: NormText,
    sentence: Span,
    mention: NumberMention,
    *,
    indicator: str,
    indicator_id: str | None,
    when: DateMention | None,
    where: PlaceMention | None,
    place_in_sentence: bool,
    modality: Modality,
    doc_id: str | None,
) -> Claim:
    """Map spans back to the original text and fill every SPEC field."""
    start, end = norm.to_original(mention.span)
    s_start, s_end = norm.to_original(sentence)
    date_text = None
    if when is not None:
        d_start, d_end = norm.to_original(when.span)
        date_text = _printable(norm.original[d_start:d_end])
    return Claim(
        doc_id=doc_id,
        indicator=indicator,
        indicator_id=indicator_id,
        value=mention.value,
        unit=mention.unit,
        counted=expand_abbreviations(mention.counted) if mention.counted else None,
        denominator=mention.denominator,
        qualifier=mention.qualifier,
        change=mention.change,
        value_text=norm.original[start:end],
        value_start=start,
        value_end=end,
        as_of=when.as_of if when else None,
        period_start=when.period_start if when else None,
        date_precision=when.precision if when else None,
        date_text=date_text,
        province=where.province if where else None,
        province_2025=where.province_2025 if where else None,
        place=where.place if where else None,
        scope=where.scope if where else Scope.UNKNOWN,
        modality=modality,
        sentence=_printable(norm.original[s_start:s_end]),
        confidence=confidence(mention, indicator, indicator_id, when, where, place_in_sentence),
    )
