"""Wires the stages: a sentence pass (pure stages over spans), then the document pass."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from datetime import date, datetime

from . import (
    _cache,
    assemble,
    dates,
    document,
    indicators,
    modality,
    numbers,
    places,
    segment,
    taxonomy,
)
from ._spans import DateMention, PlaceMention, Span
from .claim import Claim
from .document import Local, SentenceResult
from .errors import InvalidDateError, InvalidInputError
from .frame import ClaimList
from .normalise import normalise

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

    # Sentence pass: each stage reads one sentence; nothing crosses a sentence here.
    results: list[SentenceResult] = []
    for sent in sents:
        try:
            # No key (digit, `năm`, `tháng`, `nay` …) in the sentence: `find_dates`
            # would return [] anyway.
            sdates = dates.find_dates(t, sent, pub) if dates.may_hold_date(t, sent) else []
            # Only sentences that can yield a number (a digit, or `ba trụ cột`) go
            # through the number, place, indicator stages; the others can still frame.
            locals_: tuple[Local, ...] = ()
            if numbers.may_hold_number(t, sent):
                locals_ = _sentence_mentions(t, sent, sdates, default, fallback)
            results.append(SentenceResult(sent, tuple(sdates), locals_))
        except Exception:  # a bug in one rule must not lose the rest of the document
            log.warning(
                "cds_extract: skipped sentence at %d-%d of doc %r",
                sent.start,
                sent.end,
                doc_id,
                exc_info=True,
            )
            results.append(SentenceResult(sent, (), ()))

    # Document pass: what carries across sentences (frames, lists, antecedents).
    claims: list[Claim] = []
    for d in document.resolve(t, results):
        loc = d.local
        claims.append(
            assemble.build_claim(
                norm,
                loc.sentence,
                d.mention,
                indicator=d.indicator,
                indicator_id=None,  # the taxonomy reads the whole article below
                when=d.when,
                where=loc.where,
                place_in_sentence=loc.place_in_sentence,
                modality=d.modality,
                doc_id=doc_id,
            )
        )
    # Ids read from each claim's phrase, and where it names none from its clause, the
    # figure it continues and the report frame (taxonomy.assign; explain() says how).
    claims = taxonomy.assign(claims, text)
    _cache.save()  # what loading compiled or parsed during this call, for the next process
    return ClaimList(claims, text=text, doc_id=doc_id)


def _sentence_mentions(
    t: str,
    sent: Span,
    sdates: list[DateMention],
    default_place: Callable[[], PlaceMention | None],
    title_place: Callable[[], PlaceMention | None],
) -> tuple[Local, ...]:
    mentions = numbers.find_numbers(t, sent, [d.span for d in sdates])
    if not mentions:
        return ()
    splaces = places.find_places(t, sent)
    default = default_place()
    out: list[Local] = []
    for m in mentions:
        where = places.place_for(t, sent, m.span, splaces, default)
        in_sentence = where is not None and where is not default
        if where is None and default is None:
            # Exactly what `place_for` gives with `document_place(t, sents)` as the
            # default: a default without a province is returned as is, never filled in.
            where = title_place()
        out.append(
            Local(
                sentence=sent,
                mention=m,
                phrase=indicators.indicator_for(t, sent, m, mentions, sdates),
                when=dates.date_for(m.span, sdates, None),
                where=where,
                place_in_sentence=in_sentence,
                modality=modality.modality_for(t, sent, m.span),
            )
        )
    return tuple(out)
