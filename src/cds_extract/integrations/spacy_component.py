"""The `cds_claims` spaCy component: `nlp.add_pipe("cds_claims")`.

Registered through the `spacy_factories` entry point, so spaCy finds it without
an import. It runs `cds_extract.extract` on `doc.text` and stores

- ``doc._.claims``: the `Claim` records, in text order;
- ``doc.spans[spans_key]``: one token-aligned span per claim (same order),
  labelled by the claim's unit (``%``, ``count``, ``VND`` …).

The records live in ``doc.user_data`` as JSON-able dicts and ``doc._.claims``
rebuilds them, because `nlp.pipe(..., n_process=2)` ships docs between
processes with `Doc.to_bytes()` (msgpack), which cannot carry pydantic models.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from ..claim import Claim
from ..errors import InvalidDateError

__all__ = ["USER_DATA_KEY", "CdsClaims", "claims_of", "make_cds_claims"]

# A plain string key: msgpack keeps it as is through Doc.to_bytes()/from_bytes().
USER_DATA_KEY = "cds_extract.claims"


def claims_of(doc: Doc) -> list[Claim] | None:
    """The claims the component stored on `doc`, or None if it has not run on it."""
    data = doc.user_data.get(USER_DATA_KEY)
    if data is None:
        return None
    return [Claim.model_validate(record) for record in data]


if not Doc.has_extension("claims"):
    Doc.set_extension("claims", getter=claims_of)


class CdsClaims:
    """Pipeline component that adds the claims of `cds_extract.extract` to a Doc."""

    def __init__(self, name: str, published: date | None, spans_key: str) -> None:
        self.name = name
        self.published = published
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        from .. import extract  # the pipeline, loaded on first use

        claims = extract(doc.text, published=self.published)
        spans = []
        for claim in claims:
            # "expand" snaps to token boundaries: pyvi joins words (`công_nghệ`)
            # and may glue a number to its unit (`76,05%`), never splits inside one.
            span = doc.char_span(
                claim.value_start,
                claim.value_end,
                label=claim.unit.value,
                alignment_mode="expand",
            )
            if span is not None:
                spans.append(span)
        doc.spans[self.spans_key] = spans
        doc.user_data[USER_DATA_KEY] = [c.model_dump(mode="json") for c in claims]
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in stream:
            yield self(doc)


@Language.factory(
    "cds_claims",
    default_config={"published": None, "spans_key": "cds_claims"},
)
def make_cds_claims(nlp: Language, name: str, published: str | None, spans_key: str) -> CdsClaims:
    """Build the component; `published` is an ISO date (`"2024-08-15"`) or null.

    The publication date resolves `hiện nay` / `đến nay` and dates without a
    year; it is a config value so `nlp.to_disk()` keeps it.
    """
    when: date | None = None
    if published is not None:
        try:
            when = date.fromisoformat(str(published))
        except ValueError as exc:
            raise InvalidDateError(f"published must be an ISO date, got {published!r}") from exc
    return CdsClaims(name, when, spans_key)
