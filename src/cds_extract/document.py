"""The document pass: what a careful reader carries across sentences (SPEC §2).

The sentence stages are pure functions over one sentence; each number they find
comes here as a `Local` — its own indicator phrase, the date its own sentence gives
it, its place and its clause's modality. `resolve` reads every sentence of the
article in order and decides, for each number, what the whole article says:

* **report frames** — the date the title, lead or a later sentence states for the
  figures that follow (`Kết quả DTI năm 2022: …`) dates every later figure that has
  no date of its own, across sentences and paragraphs, until another date is stated;
* …

Nothing here reads the text with a new pattern over the whole article: it combines
what the sentence stages found, so it costs a few list walks per document.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from . import dates, taxonomy
from ._spans import DateMention, NumberMention, PlaceMention, Span
from .claim import Modality


@dataclass(frozen=True, slots=True)
class Local:
    """What the sentence stages say of one number, before the document pass."""

    sentence: Span
    mention: NumberMention
    phrase: str  # the indicator phrase of its own clause (may be a bare head)
    when: DateMention | None  # the date its own sentence gives it
    where: PlaceMention | None
    place_in_sentence: bool
    modality: Modality  # from its own clause's cues


@dataclass(frozen=True, slots=True)
class SentenceResult:
    """One sentence of the sentence pass: its dates and its numbers."""

    span: Span
    dates: tuple[DateMention, ...]
    locals: tuple[Local, ...]


@dataclass(frozen=True, slots=True)
class Decision:
    """What the document pass decides for one number."""

    local: Local
    mention: NumberMention  # the local mention, its unit possibly read from context
    indicator: str
    indicator_id: str | None
    when: DateMention | None
    modality: Modality


def resolve(text: str, sentences: Sequence[SentenceResult]) -> Iterator[Decision]:
    """A `Decision` per number of ``sentences``, in text order."""
    carried: DateMention | None = None
    for sr in sentences:
        for loc in sr.locals:
            when = loc.when if loc.when is not None else carried
            yield Decision(
                loc,
                loc.mention,
                loc.phrase,
                taxonomy.indicator_id(loc.phrase, loc.mention.unit),
                when,
                loc.modality,
            )
        carried = dates.carry(text, sr.span, list(sr.dates), carried)
