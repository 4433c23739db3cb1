"""Wires the stages: normalise, segment, dates, numbers, places, modality, indicators, assemble."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from datetime import date, datetime

from . import _cache, assemble, dates, indicators, modality, numbers, places, segment, taxonomy
from ._spans import DateMention, PlaceMention, Span
from .claim import Claim
from .errors import InvalidDateError, InvalidInputError
from .normalise import NormText, normalise

log = logging.getLogger("cds_extract")


def _published(value: object) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError as exc:
            raise InvalidDateError(
                f"published must be an ISO date (YYYY-MM-DD), got {value!r}"
            ) from exc
    raise InvalidDateError(
        f"published must be a date, datetime or ISO string, got {type(value).__name__}"
    )


def extract(
    text: str, *, published: date | datetime | str | None = None, doc_id: str | None = None
) -> list[Claim]:
    """Every numeric claim in ``text``, in text order (SPEC §1).

    ``published`` resolves relative dates (`năm nay`, `đến nay`); without it they
    stay ``None``. Raises `InvalidInputError` / `InvalidDateError` for bad
    arguments; a sentence a stage cannot handle is logged and skipped.
    """
    if not isinstance(text, str):
        raise InvalidInputError(f"text must be str, got {type(text).__name__}")
    if doc_id is not None and not isinstance(doc_id, str):
        raise InvalidInputError(f"doc_id must be str or None, got {type(doc_id).__name__}")
    pub = _published(published)

    norm = normalise(text)
    t = norm.text
    sents = segment.sentences(t)
    # The article's default place is needed only once a sentence yields a number:
    # compute it lazily, once. Its fallback, a foreign place in the title
    # (`title_place`, a place with no province), can only matter where a value finds
    # no place at all, so it runs only then.
    default = functools.cache(lambda: places.document_place(t, sents, title=False))
    fallback = functools.cache(lambda: places.title_place(t, sents))
    carried: DateMention | None = None
    claims: list[Claim] = []
    for sent in sents:
        try:
            # No key (digit, `năm`, `tháng`, `nay` …) in the sentence: `find_dates`
            # would return [] anyway, and `carry` is given the same empty list.
            sdates = dates.find_dates(t, sent, pub) if dates.may_hold_date(t, sent) else []
            # Only sentences that can yield a number (a digit, or `ba trụ cột`) go
            # through the number, place, indicator stages; the others can still frame a date.
            if numbers.may_hold_number(t, sent):
                claims.extend(
                    _sentence_claims(norm, sent, sdates, carried, default, fallback, doc_id)
                )
            carried = dates.carry(t, sent, sdates, carried)
        except Exception:  # a bug in one rule must not lose the rest of the document
            log.warning(
                "cds_extract: skipped sentence at %d-%d of doc %r",
                sent.start,
                sent.end,
                doc_id,
                exc_info=True,
            )
    _cache.save()  # what loading compiled or parsed during this call, for the next process
    return claims


def _sentence_claims(
    norm: NormText,
    sent: Span,
    sdates: list[DateMention],
    carried: DateMention | None,
    default_place: Callable[[], PlaceMention | None],
    title_place: Callable[[], PlaceMention | None],
    doc_id: str | None,
) -> list[Claim]:
    t = norm.text
    mentions = numbers.find_numbers(t, sent, [d.span for d in sdates])
    if not mentions:
        return []
    splaces = places.find_places(t, sent)
    default = default_place()
    out: list[Claim] = []
    for m in mentions:
        where = places.place_for(t, sent, m.span, splaces, default)
        in_sentence = where is not None and where is not default
        if where is None and default is None:
            # Exactly what `place_for` gives with `document_place(t, sents)` as the
            # default: a default without a province is returned as is, never filled in.
            where = title_place()
        out.append(
            assemble.build_claim(
                norm,
                sent,
                m,
                indicator=(phrase := indicators.indicator_for(t, sent, m, mentions, sdates)),
                indicator_id=taxonomy.indicator_id(phrase, m.unit),
                when=dates.date_for(m.span, sdates, carried),
                where=where,
                place_in_sentence=in_sentence,
                modality=modality.modality_for(t, sent, m.span),
                doc_id=doc_id,
            )
        )
    return out
