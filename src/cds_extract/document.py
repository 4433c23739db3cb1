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

from . import dates, modality, taxonomy
from ._spans import DateMention, NumberMention, PlaceMention, Span
from .claim import DatePrecision, Modality


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


def _inert(d: DateMention) -> bool:
    return bool(getattr(d, "inert", False))


# The title and lead: where an article says whose figures it reports and for when.
_LEAD_SENTENCES = 5
_LEAD_CHARS = 1200


def _stated(text: str, sr: SentenceResult) -> DateMention | None:
    """The date this sentence states for its figures and what follows, if any.

    The last date of the sentence that dates figures (not a comparison baseline, not
    a plan's name) and is not a plan's own date (`Phấn đấu đến năm 2025, …`): in
    `Sáng ngày 19/4/2023, Bộ … công bố kết quả chỉ số năm 2022` the report is of 2022.
    """
    for d in reversed(sr.dates):
        if _inert(d):
            continue
        if _plan_date(text, sr, d):
            continue
        return d
    return None


def _plan_date(text: str, sr: SentenceResult, d: DateMention) -> bool:
    """A plan's own date: a target cue governs it (`Phấn đấu đến năm 2025, …`).

    A month or a quarter is a reporting period even where a target word stands near
    (`kết quả thực hiện các chỉ tiêu trong tháng 10/2023`): plans name years.
    """
    if d.precision in (DatePrecision.MONTH, DatePrecision.QUARTER, DatePrecision.DAY):
        if d.period_start is not None:
            return False
    return modality.modality_for(text, sr.span, d.span) is Modality.TARGET


def _same_date(a: DateMention | None, b: DateMention | None) -> bool:
    return a is not None and b is not None and a.as_of == b.as_of


def resolve(text: str, sentences: Sequence[SentenceResult]) -> Iterator[Decision]:
    """A `Decision` per number of ``sentences``, in text order."""
    # The report frame: a date of the title or lead dates every later figure without
    # a date of its own until the text states another one (SPEC §2, report frames).
    report: DateMention | None = None
    # A date carried the old way: a sentence opening `Tính đến quý III năm 2022, …`
    # frames the sentences after it until its paragraph ends.
    carried: DateMention | None = None
    lead_start = sentences[0].span.start if sentences else 0
    for i, sr in enumerate(sentences):
        for loc in sr.locals:
            when = loc.when or carried or report
            yield Decision(
                loc,
                loc.mention,
                loc.phrase,
                taxonomy.indicator_id(loc.phrase, loc.mention.unit),
                when,
                loc.modality,
            )
        stated = _stated(text, sr)
        in_lead = i < _LEAD_SENTENCES and sr.span.start - lead_start <= _LEAD_CHARS
        if stated is not None:
            if in_lead:
                report = stated
            elif stated.as_of is not None and not _same_date(stated, report):
                # Another date ends the report. One the text leaves without a year
                # (`Thông tin từ Bộ … ngày 14/7 cho biết`) is the news event's day.
                report = None
        carried = dates.carry(text, sr.span, list(sr.dates), carried)
