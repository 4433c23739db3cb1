"""Dates stage: date and period expressions, relative dates, and the carry rules (SPEC §1, §2).

`find_dates` reads every date expression of a sentence and resolves it to the
last day of the period it names (`as_of`) and, when the figure covers a
period, its first day (`period_start`):

    >>> t = "Từ ngày 01/01/2024 đến ngày 29/8/2024 tỷ lệ đạt 76,05%."
    >>> [(t[d.span.start:d.span.end], str(d.as_of), str(d.period_start))
    ...  for d in find_dates(t, Span(0, len(t)), None)]
    [('Từ ngày 01/01/2024 đến ngày 29/8/2024', '2024-08-29', '2024-01-01')]
    >>> t = "Tính đến quý III năm 2022, thành phố có 156 thủ tục."
    >>> d = find_dates(t, Span(0, len(t)), None)[0]
    >>> (str(d.as_of), d.period_start, d.precision.value, d.frames)
    ('2022-09-30', None, 'quarter', True)

Relative words (`năm nay`, `đến nay`, `tháng 10 vừa qua`) are resolved
against ``published`` and stay ``None`` without it. The words themselves live
in ``patterns/dates.yaml``.
"""

from __future__ import annotations

import bisect
import calendar
import dataclasses
import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import regex

from . import _cache, _rx
from ._resources import load_patterns
from ._spans import DateMention, Span
from .claim import DatePrecision
from .schemas.dates import DatesFile

__all__ = ["FoundDate", "carry", "date_for", "find_dates", "may_hold_date"]

# How far back a trailing date (`đạt 96% tính đến ngày 15/8/2024`) may reach
# for its figure, and how far a cue may stand before its date (bounded windows
# keep every look-around linear on a 5 MB line).
_MAX_REACH_BACK = 400
_CUE_WINDOW = 40
_CLAUSE_BREAK = _rx.compile(r"[;!?\n]|\.\s")


@dataclass(unsafe_hash=True)  # see DEVELOPERS.md, "Records in compiled modules"
class FoundDate(DateMention):
    """A `DateMention` with what `date_for` needs beyond the shared record.

    ``reach_back``: the offset from which figures *before* the date in its
    clause are dated by it when no earlier date precedes them
    (`tỷ lệ đạt 8,28% (theo báo cáo tháng 8.2023)`); ``None`` when the date
    only looks forward. ``inert``: a comparison baseline (`so với năm 2023`)
    or part of a plan's name (`tầm nhìn đến năm 2030`) — its span is still a
    date (numbers must not read it) but it dates no figure.
    """

    reach_back: int | None = None
    inert: bool = False

    def __init__(
        self,
        span: Span,
        as_of: date | None,
        period_start: date | None,
        precision: DatePrecision | None,
        frames: bool = False,
        relative: bool = False,
        reach_back: int | None = None,
        inert: bool = False,
    ) -> None:
        super().__init__(span, as_of, period_start, precision, frames, relative)
        self.reach_back = reach_back
        self.inert = inert


# --------------------------------------------------------------------------- patterns


def _alt(words: Sequence[str]) -> str:
    """Regex alternation of ``words``, longest first, spaces matching any run of spaces."""
    parts = sorted({w.strip() for w in words if w.strip()}, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(regex.escape(p).replace(r"\ ", r"\s+") for p in parts) + ")"


@dataclass(frozen=True)
class _Lexicon:
    cfg: DatesFile
    atom_source: str
    anchor: _rx.Pattern
    by_class: list[_rx.Pattern]
    key_words: list[tuple[str, _rx.Pattern]]  # (the key lower-cased, its context)
    digit_key: _rx.Pattern
    back: _rx.Pattern
    cue: _rx.Pattern
    join: _rx.Pattern
    title_after: _rx.Pattern
    opener: _rx.Pattern
    list_colon: _rx.Pattern
    anaphora: _rx.Pattern
    trailing_end: _rx.Pattern
    comma_after: _rx.Pattern
    counts: dict[str, int]
    romans: dict[str, int]

    @functools.cached_property
    def atom(self) -> _rx.Pattern:
        """Every alternative in one pattern: what `_matches` finds, by a scan (tests only)."""
        return _cache.compile(self.atom_source, _FLAGS)


_FLAGS = regex.IGNORECASE | regex.V0
_GROUP = _rx.compile(r"\(\?P<(\w+)>")


@functools.cache
def _lexicon() -> _Lexicon:
    c = load_patterns("dates.yaml", DatesFile)
    y_core = r"\d{4}(?!\d|[.,]\d)"  # after a separator: `8.2023`, `15/8/2024`
    y = r"(?<![\d.,])" + y_core
    # `(?:năm|(?!))`, not `năm`: a bare literal after a variable part becomes the pattern's
    # "required string", which `regex` looks for from the match position to the end of
    # the text before every `match` — quadratic when `match` is tried at many positions.
    nam, thang, quy, ngay = (
        rf"(?:{regex.escape(w)}|(?!))"
        for w in (c.year_word, c.month_word, c.quarter_word, c.day_word)
    )
    yrel = _alt([*c.this_year, *c.last_year]) + "|" + _alt(c.next_year) + r"(?!\s+nay)"
    yrel = f"(?:{yrel})"
    # `năm 2024` / `năm nay` after a month, quarter or part (`tháng 8 năm 2022`).
    year_tail = (
        rf"(?:\s*(?P<sep>[/.\-])\s*(?P<y>{y_core})"
        rf"|\s+(?:của\s+)?{nam}\s+(?:(?P<y>{y})|(?P<yrel>{yrel}))"
        rf"|\s+(?P<this>{_alt(c.this_suffixes)})"
        rf"|(?P<recurring>\s+{_alt(c.recurring)}))"
    )
    counts = _alt(list(c.count_words))
    romans = "(?:" + "|".join(sorted(c.roman_quarters, key=len, reverse=True)) + ")"
    recent = _alt(c.recent_suffixes)
    parts = _alt([*c.first_part, *c.last_part])
    day_prefix = _alt(c.day_prefixes)
    # Relative `năm nay`/`năm trước` not after a count (`3 năm trước` = three years ago,
    # `hai năm nay` = these two years, `những năm trước` = earlier years).
    not_counted = rf"(?<!(?:\d|{counts}|nhiều|những|các|mấy|vài|bao|mỗi|hằng|hàng)\s+)"
    bare_now = (
        rf"(?<!{_alt(c.bare_now_not_after)}\s+){regex.escape(c.bare_now)}"
        rf"(?=\s+{_alt(c.bare_now_followers)}(?!\p{{L}}))"
    )
    per = r"(?<!(?:mỗi|hằng|hàng|bình\s+quân|trung\s+bình|/)\s*)"
    day_starts = [*c.day_prefixes]
    # Each alternative with the words it may start with (besides a digit): matches are
    # tried only where one of these stands (`_matches`), not at every character.
    alternatives: list[tuple[bool, list[str], str]] = [
        # 6 tháng đầu năm 2024, năm tháng đầu năm (`năm` = five), nửa đầu năm nay
        (
            True,
            [*c.count_words, c.half_word],
            rf"(?P<nm>(?:(?P<n>(?<![\d.,])\d{{1,2}})|(?P<nw>{counts})|(?P<half>{regex.escape(c.half_word)}))"
            rf"(?:\s+{thang})?\s+(?P<part>{parts})\s+{nam}"
            rf"(?:\s+(?:(?P<y>{y})|(?P<yrel>{yrel})))?)",
        ),
        # 9 tháng năm 2024 (the first nine months)
        (
            True,
            [*c.count_words],
            rf"(?P<nm>(?:(?P<n>(?<![\d.,])\d{{1,2}})|(?P<nw>{counts}))\s+{thang}\s+(?:{nam}\s+|/)(?P<y>{y}))",
        ),
        # 15/8/2024, 15-8-2024, 15.8.2024, ngày 15/8/2024 (same separator twice)
        (
            True,
            day_starts,
            rf"(?P<dmy>(?:{day_prefix}\s+)?(?<![\d/.,\-])(?P<d>\d{{1,2}})(?P<sep>[/.\-])(?P<m>\d{{1,2}})"
            rf"(?P=sep)(?P<y>{y_core})(?![/\-]\w))",
        ),
        # ngày 15 tháng 8 năm 2024, ngày 15 tháng 8
        (
            False,
            [c.day_word],
            rf"(?P<dmy>{ngay}\s+(?P<d>\d{{1,2}})\s+{thang}\s+(?P<m>\d{{1,2}})(?!\d)"
            rf"(?:\s+{nam}\s+(?:(?P<y>{y})|(?P<yrel>{yrel})))?)",
        ),
        # ngày 15/8 (no year) — needs its day word: bare `24/7` is a duty cycle
        (
            False,
            day_starts,
            rf"(?P<dmy>{day_prefix}\s+(?P<d>\d{{1,2}})(?P<sep>[/.\-])(?P<m>\d{{1,2}})(?![\d/]|[.\-]\d))",
        ),
        # từ 01/01 đến 29/8/2024: a bare day/month only as the start of a dated range
        (
            True,
            [],
            rf"(?P<dmy>(?<=(?:^|\s){_alt(c.since_cues)}\s+)(?<![\d/.,])(?P<d>\d{{1,2}})(?P<sep>[/.\-])"
            rf"(?P<m>\d{{1,2}})(?=\s*{_alt(c.range_joins)}\s*(?:{day_prefix}\s+)?"
            rf"\d{{1,2}}[/.\-]\d{{1,2}}[/.\-]\d{{4}}))",
        ),
        # tháng 8/2024, tháng 8.2023, tháng 8 năm 2022, tháng 10 vừa qua, tháng 8
        (
            False,
            [c.month_word],
            rf"(?P<my>{per}{thang}\s+(?P<m>\d{{1,2}})(?:{year_tail}|\s+(?P<rec>{recent}))?"
            rf"(?!\s*[/.\-]?\s*\d|\s*%))",
        ),
        (
            False,
            [*c.this_month, *c.last_month],
            rf"(?P<myrel>{not_counted}(?P<mrel>{_alt([*c.this_month, *c.last_month])}))",
        ),
        # quý III/2022, quý 3 năm 2022, quý I vừa qua, quý IV
        (
            False,
            [c.quarter_word],
            rf"(?P<qy>{quy}\s+(?P<q>{romans}|[1-4])(?!\p{{L}}|\d)(?:{year_tail}|\s+(?P<rec>{recent}))?"
            rf"(?!\s*[/.\-]?\s*\d))",
        ),
        # cuối năm 2024, đầu năm nay, giữa năm (not `đầu năm học`)
        (
            False,
            [*c.first_part, *c.last_part, *c.middle_part],
            rf"(?P<py>(?P<ppart>{_alt([*c.first_part, *c.last_part, *c.middle_part])})\s+{nam}"
            rf"(?!\s+học)(?:\s+(?:(?P<y>{y})|(?P<yrel>{yrel})))?)",
        ),
        # giai đoạn 2021-2025, (2021 – 2022), năm học 2023-2024
        (
            True,
            [*c.period_words, *c.inert_period_words],
            rf"(?P<yr>(?:(?P<pw>{_alt([*c.period_words, *c.inert_period_words])})\s+)?"
            rf"(?P<y1>{y})\s*[-–—]\s*(?:{nam}\s+)?(?P<y2>{y}))",
        ),
        # từ 2021 đến 2025, đến 2025 (a bare year only right after a cue)
        (
            True,
            [],
            rf"(?P<by>(?<=(?:^|\s)(?:{_alt([*c.until_cues, *c.since_cues])})\s+)(?P<y>{y})"
            rf"(?=\s*(?:[,.;:)!?]|\Z|{_alt(c.range_joins)}\s)))",
        ),
        # DTI 2024, Sipas 2022, PAR Index 2023: a bare year right after an index's name
        (
            True,
            [],
            rf"(?P<by>(?<=(?<!\p{{L}}){_alt(c.year_after_names)}\s+)(?P<y>{y})"
            rf"(?![\d/]|[.,]\d|\s*%))",
        ),
        # năm 2023, năm nay, năm ngoái
        (False, [c.year_word], rf"(?P<yy>{nam}\s+(?P<y>{y}))"),
        (False, [c.year_word], rf"(?P<yy>{not_counted}{nam}\s+(?P<yrel>{yrel}))"),
        # hiện nay, đến nay, tới thời điểm này, hiện (adverb)
        # … not `từ trước đến nay` ("ever"), which dates nothing
        (
            False,
            [*c.now_words, c.bare_now],
            rf"(?P<now>(?<!{_alt(c.now_not_after)}\s+){_alt(c.now_words)}|{bare_now})",
        ),
    ]
    flags = _FLAGS
    atom = r"(?<!\p{L})(?:" + "|".join(a for _, _, a in alternatives) + r")(?!\p{L})"
    # Where a match may start: a digit after no letter, digit, `.` or `,` (every alternative
    # that opens with a number has that look-behind), or a first word of an alternative
    # (`năm`, `tháng`, `hiện`, `đến` …) standing as a whole word: every first word is
    # followed by a space in its alternative. Each such start is tried only with the
    # alternatives that can open with it (`tháng` → `tháng 8/2024`, `tháng này`), in the
    # atom's order, so the first alternative that matches is the atom's.
    opens: dict[str, list[int]] = {}
    for i, (digit, words, _) in enumerate(alternatives):
        # once per key: `đến nay` and `đến thời điểm này` both open with `đến`, and a
        # repeated alternative would be compiled, and tried, twice
        for key in dict.fromkeys([""] * digit + [w.split()[0].lower() for w in words]):
            opens.setdefault(key, []).append(i)
    classes = sorted({tuple(v) for v in opens.values()})
    names = list(dict.fromkeys(_GROUP.findall(atom)))  # as `atom.groupindex`, uncompiled
    by_class: list[_rx.Pattern] = []
    for alts in classes:
        body = "|".join(alternatives[i][2] for i in alts)
        # The atom's other groups, never matching: `_resolve` reads them all.
        rest = "".join(f"(?P<{n}>)" for n in names if f"(?P<{n}>" not in body)
        by_class.append(_cache.compile(rf"(?<!\p{{L}})(?:{body}|(?!){rest})(?!\p{{L}})", flags))
    anchor_parts = []
    for k, alts in enumerate(classes):
        toks = [t for t, v in opens.items() if tuple(v) == alts]
        if "" in toks:
            anchor_parts.append(rf"(?P<c{k}>(?<![\p{{L}}\d.,])\d)")
        words = [t for t in toks if t]
        if words:
            anchor_parts.append(rf"(?P<c{k}>(?<!\p{{L}}){_alt(words)}(?!\p{{L}}))")
    anchor = _cache.compile("|".join(anchor_parts), flags)
    # Every alternative holds a digit, the year/month/quarter word, or a `now` phrase:
    # a sentence with none of these keys holds no date, and a date starts at most a few
    # words before its first key (`mười hai đầu năm`, `đến thời điểm hiện tại`).
    keys = {c.year_word, c.month_word, c.quarter_word, c.bare_now}
    for phrase in [*c.now_words, *c.this_month, *c.last_month]:
        if not keys & set(phrase.split()):
            keys.add(phrase.split()[-1])

    def before_key(phrase: str) -> int:
        words = phrase.split()
        return next((i for i, w in enumerate(words) if w in keys), len(words))

    # nm: count words, the part word, then the year/month word (`mười hai đầu năm`)
    most = max(len(w.split()) for w in [*c.count_words, c.half_word]) + max(
        len(w.split()) for w in [*c.first_part, *c.last_part]
    )
    for _, words, _ in alternatives:
        most = max([most, *(before_key(w) for w in words)])
    # Keys are looked for once per text, so each needs what follows it in a date (checked on
    # the whole text, never reading past the sentence but for `_tail_keys`):
    # a digit run only before a separator, three more digits or `tháng`/a part word
    # (`15/8`, `2024`, `6 tháng`, `9 đầu năm`) — not `1.234`, `76,05`; `hiện` only before
    # a word it takes as an adverb or a `now` phrase (`hiện có`, `hiện nay`); a phrase's
    # last word only after the word before it (`thời điểm này`, `đến nay`).
    plain = {c.year_word, c.month_word, c.quarter_word}
    after: dict[str, set[str]] = {c.bare_now: set(c.bare_now_followers)}
    before: dict[str, set[str]] = {}
    for phrase in [*c.now_words, *c.this_month, *c.last_month]:
        words = phrase.split()
        if plain & set(words):
            continue
        i = words.index(c.bare_now) if c.bare_now in words else len(words) - 1
        if i + 1 < len(words):
            after.setdefault(words[i], set()).add(words[i + 1])
        elif i > 0:
            before.setdefault(words[i], set()).add(words[i - 1])
        else:
            plain.add(words[i])

    def key_word(k: str) -> _rx.Pattern:
        # A date's first key opens it or follows a space: never right after a letter.
        w = rf"(?<!\p{{L}}){regex.escape(k)}(?!\p{{L}})"
        context = [rf"(?=\s+{_alt(sorted(after[k]))})"] if k in after else []
        context += [rf"(?<={_alt(sorted(before[k]))}\s+{regex.escape(k)})"] if k in before else []
        return _cache.compile(w if k in plain else rf"{w}(?:{'|'.join(context)})", flags)

    key_words = [(k.lower(), key_word(k)) for k in sorted(keys)]
    # A digit never right after a digit, `.` or `,` (`76,05` holds one key).
    digit_key = _cache.compile(
        rf"(?<![\p{{L}}\d.,])\d(?=\d{{3}}(?!\d|[.,]\d)"
        rf"|\d?(?:[/.\-]\d{{1,2}}(?!\d)|\s+(?:{thang}|{parts})))",
        flags,
    )
    back = _cache.compile(rf"(?r)(?:(\p{{L}}+)\s+){{0,{most}}}\Z")
    cue_words = {
        **{w: "until" for w in c.until_cues},
        **{w: "since" for w in c.since_cues},
        **{w: "during" for w in c.during_cues},
        **{w: "baseline" for w in c.baseline_cues},
        **{w: "title" for w in c.title_cues},
        **{w: "end" for w in c.last_part},
        **{w: "start" for w in c.first_part},
    }
    cue_groups = "|".join(
        rf"(?P<{kind}>{_alt([w for w, k in cue_words.items() if k == kind])})"
        for kind in ("until", "since", "during", "baseline", "title", "end", "start")
    )
    # `(?r)`-free: searched in a short window ending right at the date.
    cue = _cache.compile(rf"(?<!\p{{L}})(?:{cue_groups})\s+\Z", regex.IGNORECASE)
    join = _cache.compile(rf"\s*{_alt(c.range_joins)}?\s*\Z", regex.IGNORECASE)
    title_after = _cache.compile(rf"\s*,?\s*{_alt(c.title_cues)}(?!\p{{L}})", regex.IGNORECASE)
    opener = _cache.compile(rf"[\s\"'“‘(\-–—•*]*(?:{_alt(c.openers)}\s*,?\s*)?\Z", regex.IGNORECASE)
    list_colon = _cache.compile(
        rf"\s*(?:{_alt(c.list_introducers)}(?:\s+sau)?)?\s*:", regex.IGNORECASE
    )
    demonstratives = _alt(c.anaphora_demonstratives)
    anaphora = _cache.compile(
        rf"[\s\"'“‘(\-–—•*]*(?:{_alt(c.anaphora_openers)}(?!\p{{L}})"
        rf"|{regex.escape(c.anaphora_lead)}(?:\s+\p{{L}}+){{1,5}}?\s+{demonstratives}(?!\p{{L}}))",
        regex.IGNORECASE,
    )
    trailing_end = _cache.compile(r"\s*\)?\s*(?P<mark>[.;,:!?…)\n])")
    comma_after = _cache.compile(r"\s*,")
    return _Lexicon(
        cfg=c,
        atom_source=atom,
        anchor=anchor,
        by_class=by_class,
        key_words=key_words,
        digit_key=digit_key,
        back=back,
        cue=cue,
        join=join,
        title_after=title_after,
        opener=opener,
        list_colon=list_colon,
        anaphora=anaphora,
        trailing_end=trailing_end,
        comma_after=comma_after,
        counts={k.lower(): v for k, v in c.count_words.items()},
        romans={k.upper(): v for k, v in c.roman_quarters.items()},
    )


# --------------------------------------------------------------------------- atoms


@dataclass(unsafe_hash=True)  # see DEVELOPERS.md, "Records in compiled modules"
class _Atom:
    """One date expression before cues and ranges: the period it names, if it can be resolved."""

    start: int
    end: int
    first: date | None  # first day of the named period
    last: date | None  # last day of the named period
    precision: DatePrecision | None
    period: bool  # read as a period when no cue says otherwise (`năm 2023`, `quý III/2022`)
    relative: bool
    explicit_year: int | None  # the year as written, for later yearless dates
    now: bool = False  # ends at the publication date (`đến nay`)
    inert: bool = False
    is_range: bool = False  # `giai đoạn 2021-2025`: `từ năm 2019 - 2023` is that range, not "since"
    yearless: bool = False  # `tháng 8`, `ngày 15/8`: year from context
    first_md: tuple[int, int] | None = None  # (month, day) of the first day, for yearless starts

    def __init__(
        self,
        start: int,
        end: int,
        first: date | None,
        last: date | None,
        precision: DatePrecision | None,
        period: bool,
        relative: bool,
        explicit_year: int | None,
        now: bool = False,
        inert: bool = False,
        is_range: bool = False,
        yearless: bool = False,
        first_md: tuple[int, int] | None = None,
    ) -> None:
        self.start = start
        self.end = end
        self.first = first
        self.last = last
        self.precision = precision
        self.period = period
        self.relative = relative
        self.explicit_year = explicit_year
        self.now = now
        self.inert = inert
        self.is_range = is_range
        self.yearless = yearless
        self.first_md = first_md


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


_SPACES = _rx.compile(r"\s+")


@functools.cache
def _lowered(field: str) -> frozenset[str]:
    """The words of a list in ``patterns/dates.yaml``, lower-cased."""
    words: list[str] = getattr(_lexicon().cfg, field)
    return frozenset(w.lower() for w in words)


def _year_ok(y: int) -> bool:
    c = _lexicon().cfg
    return c.min_year <= y <= c.max_year


# A match's groups by name: `str | None`, typed as `Match.group`'s result (`Any`) since the
# groups of the alternative that matched are set (`g["d"]` after `g["dmy"]`).
_Groups = dict[str, Any]


@functools.cache
def _group_names(pattern: regex.Pattern[str]) -> tuple[str, ...]:
    """The group names of an atom pattern (a match's `regex` pattern, ``m.re``) in the
    order of `Match.groups()`."""
    return tuple(sorted(pattern.groupindex, key=pattern.groupindex.__getitem__))


def _year_of(
    g: _Groups, published: date | None, context_year: int | None
) -> tuple[int | None, bool, bool]:
    """(year, relative, yearless) of an atom from its written year, relative word or context."""
    if g["y"]:
        return int(g["y"]), False, False
    rel = _SPACES.sub(" ", (g["yrel"] or "").lower())
    this = g["this"]
    if rel or this:
        if published is None:
            return None, True, False
        shift = -1 if rel in _lowered("last_year") else 0
        shift = 1 if rel in _lowered("next_year") else shift
        return published.year + shift, True, False
    if context_year is not None:
        return context_year, False, True
    if published is not None:
        return published.year, True, True
    return None, True, True


def _atom(
    m: regex.Match[str], text: str, published: date | None, context_year: int | None
) -> _Atom | None:
    """Resolve one atom match; ``None`` when it is no date (`31/02/2024`, month 13, year 20245)."""
    # Its groups read once (`groups()` is one call; each `group(name)` costs about as much).
    g = dict(zip(_group_names(m.re), m.groups(), strict=True))
    s, e = m.span()
    a = _resolve(g, s, e, text, published, context_year)
    if a is not None and g["recurring"]:
        # `vào tháng 6 hàng năm`: every June, no particular one
        return dataclasses.replace(a, first=None, last=None, inert=True, explicit_year=None)
    return a


def _months(
    g: _Groups,
    s: int,
    e: int,
    first_mo: int,
    last_mo: int,
    precision: DatePrecision,
    period: bool,
    published: date | None,
    context_year: int | None,
) -> _Atom | None:
    """A month or a quarter (`tháng 8/2023`, `quý III/2022`): months first_mo..last_mo of a year.

    A recurring form (`tháng 10 vừa qua`, `quý 3 này`) is the latest such period that
    starts on or before the publication date.
    """
    year: int | None
    if g["rec"]:
        if published is None:
            return _Atom(s, e, None, None, precision, period, True, None)
        year = published.year if first_mo <= published.month else published.year - 1
        rel, yearless = True, False
    else:
        year, rel, yearless = _year_of(g, published, context_year)
    if year is None:
        return _Atom(
            s,
            e,
            None,
            None,
            precision,
            period,
            rel,
            None,
            yearless=True,
            first_md=(first_mo, 1),
        )
    if not _year_ok(year):
        return None
    return _Atom(
        s,
        e,
        date(year, first_mo, 1),
        _month_end(year, last_mo),
        precision,
        period,
        rel,
        int(g["y"]) if g["y"] else None,
        yearless=yearless,
    )


def _resolve(
    g: _Groups, s: int, e: int, text: str, published: date | None, context_year: int | None
) -> _Atom | None:
    rx = _lexicon()
    try:
        if g["nm"]:
            year, rel, yearless = _year_of(g, published, context_year)
            if g["half"]:
                n = 6
            elif g["nw"]:
                n = rx.counts.get(_SPACES.sub(" ", g["nw"].lower()), 0)
            else:
                n = int(g["n"])
            if not 1 <= n <= 12:
                return None
            at_end = (g["part"] or "").lower() in _lowered("last_part")
            if year is None:
                return _Atom(
                    s,
                    e,
                    None,
                    None,
                    DatePrecision.MONTH,
                    True,
                    rel,
                    None,
                    yearless=yearless,
                    first_md=(13 - n if at_end else 1, 1),
                )
            if not _year_ok(year):
                return None
            first = date(year, 13 - n, 1) if at_end else date(year, 1, 1)
            last = date(year, 12, 31) if at_end else _month_end(year, n)
            return _Atom(
                s,
                e,
                first,
                last,
                DatePrecision.MONTH,
                True,
                rel,
                int(g["y"]) if g["y"] else None,
                yearless=yearless,
            )
        if g["dmy"]:
            d, mo = int(g["d"]), int(g["m"])
            year, rel, yearless = _year_of(g, published, context_year)
            if not (1 <= mo <= 12 and 1 <= d <= 31):
                return None
            if year is None:
                return _Atom(
                    s,
                    e,
                    None,
                    None,
                    DatePrecision.DAY,
                    False,
                    rel,
                    None,
                    yearless=True,
                    first_md=(mo, d),
                )
            if not _year_ok(year):
                return None
            day = date(year, mo, d)
            return _Atom(
                s,
                e,
                day,
                day,
                DatePrecision.DAY,
                False,
                rel,
                int(g["y"]) if g["y"] else None,
                yearless=yearless,
            )
        if g["my"]:
            mo = int(g["m"])
            if not 1 <= mo <= 12:
                return None
            return _months(g, s, e, mo, mo, DatePrecision.MONTH, False, published, context_year)
        if g["myrel"]:
            if published is None:
                return _Atom(s, e, None, None, DatePrecision.MONTH, False, True, None)
            word = _SPACES.sub(" ", g["mrel"].lower())
            ref = published
            if word in _lowered("last_month"):
                ref = published.replace(day=1) - timedelta(days=1)
            return _Atom(
                s,
                e,
                ref.replace(day=1),
                _month_end(ref.year, ref.month),
                DatePrecision.MONTH,
                False,
                True,
                None,
            )
        if g["qy"]:
            qw = g["q"].upper()
            q = rx.romans.get(qw) or int(qw)
            return _months(
                g, s, e, 3 * q - 2, 3 * q, DatePrecision.QUARTER, True, published, context_year
            )
        if g["py"]:
            year, rel, yearless = _year_of(g, published, context_year)
            part = g["ppart"].lower()
            if year is not None and not _year_ok(year):
                return None
            p_first: date | None = None
            p_last: date | None = None
            if year is not None and part in _lowered("first_part"):
                p_first = date(year, 1, 1)  # `đầu năm` dates no day, but `từ đầu năm` starts one
            elif year is not None and part in _lowered("last_part"):
                p_last = date(year, 12, 31)
            starts = part in _lowered("first_part")
            return _Atom(
                s,
                e,
                p_first,
                p_last,
                DatePrecision.YEAR,
                False,
                rel,
                int(g["y"]) if g["y"] else None,
                yearless=yearless,
                first_md=(1, 1) if starts else None,
            )
        if g["yr"]:
            y1, y2 = int(g["y1"]), int(g["y2"])
            if not (_year_ok(y1) and _year_ok(y2) and y1 < y2 <= y1 + 50):
                return None
            pw = _SPACES.sub(" ", (g["pw"] or "").lower())
            inert = pw in _lowered("inert_period_words")
            if not pw:
                # A bare `2021-2025` is a period only in parentheses (`(2021 – 2022)`);
                # elsewhere it is kept from the numbers stage but dates nothing.
                before = text[max(0, s - 3) : s].rstrip()
                after = text[e : e + 3].lstrip()
                inert = not (before.endswith("(") and after.startswith(")"))
            return _Atom(
                s,
                e,
                date(y1, 1, 1),
                date(y2, 12, 31),
                DatePrecision.YEAR,
                True,
                False,
                y2,
                inert=inert,
                is_range=True,
            )
        if g["by"] or g["yy"]:
            year, rel, _ = _year_of(g, published, None)
            if year is None:
                return _Atom(s, e, None, None, DatePrecision.YEAR, True, True, None)
            if not _year_ok(year):
                return None
            return _Atom(
                s,
                e,
                date(year, 1, 1),
                date(year, 12, 31),
                DatePrecision.YEAR,
                True,
                rel,
                int(g["y"]) if g["y"] else None,
            )
        if g["now"]:
            prec = DatePrecision.DAY if published is not None else None
            return _Atom(s, e, None, published, prec, False, True, None, now=True)
    except (ValueError, OverflowError):  # date(2024, 2, 31); `tháng trước` of 0001-01-01
        return None
    return None


# --------------------------------------------------------------------------- find_dates


def _cue(text: str, lo: int, start: int) -> tuple[str | None, int]:
    """The cue word right before ``start`` (`tính đến`, `từ`, `so với` …) and where it begins."""
    m = _lexicon().cue.search(text, max(lo, start - _CUE_WINDOW), start)
    if m is None:
        return None, start
    kind = str(m.lastgroup)  # the one cue group that matched
    if kind in {"start", "end"}:
        # `từ đầu tháng 8`, `đến cuối năm 2025`: the cue before the part word decides
        outer, outer_start = _cue(text, lo, m.start())
        if outer in {"since", "until", "during"}:
            return outer, outer_start
    return kind, m.start()


_keys_of: tuple[str, list[int]] = ("", [])


def _keys(text: str) -> list[int]:
    """Sorted offsets of the keys in ``text`` (`15/8`, `2024`, `năm`, `tháng`, `hiện có` …).

    Computed once per text: the pipeline calls `find_dates` on every sentence of it.
    """
    global _keys_of
    cached = _keys_of
    if cached[0] is text:
        return cached[1]
    rx = _lexicon()
    found = [m.start() for m in rx.digit_key.finditer(text)]
    low = text.lower()
    if len(low) == len(text):
        # Each key word is looked for by `str.find` in the lower-cased text and only its
        # occurrences are matched (a few thousand, not one regex scan per key): the letters
        # of the keys have no case variant that `lower()` does not map to them but `İ`,
        # which lengthens the text (`test_dates.py` checks this for every letter of a key).
        for word, key in rx.key_words:
            at = key.match
            i = low.find(word)
            while i >= 0:
                if at(text, i):
                    found.append(i)
                i = low.find(word, i + 1)
    else:
        for _, key in rx.key_words:
            found.extend(m.start() for m in key.finditer(text, overlapped=True))
    found.sort()
    _keys_of = (text, found)
    return found


def may_hold_date(text: str, sentence: Span) -> bool:
    """False only when `find_dates` would find nothing: ``sentence`` holds no key.

    Every date holds a key (`15/8`, `2024`, `năm`, `tháng`, `quý`, `đến nay` …) inside
    its own span, so a sentence without one needs no date matching (a bisect on the
    text's cached key offsets).
    """
    keys = _keys(text)
    i = bisect.bisect_left(keys, sentence.start)
    return (i < len(keys) and keys[i] < sentence.end) or bool(
        _tail_keys(text, sentence.start, sentence.end)
    )


_CUT = _rx.compile(r"[.,]?\d")


def _tail_keys(text: str, lo: int, hi: int) -> list[int]:
    """Digit keys of a sentence cut inside a number (an over-long one), as it sees them.

    The text's digit keys read up to 5 characters past themselves (`2024` is no key of
    `20245`), but the sentence alone may hold a date there: its last characters are
    looked at again, ending where it ends.
    """
    if hi >= len(text) or _CUT.match(text, hi) is None:
        return []
    return [m.start() for m in _lexicon().digit_key.finditer(text, max(lo, hi - 8), hi)]


def _matches(text: str, lo: int, hi: int) -> Iterator[regex.Match[str]]:
    """The matches of ``atom.finditer(text, lo, hi)``, tried only a few words before a key."""
    rx = _lexicon()
    keys = _keys(text)
    i = bisect.bisect_left(keys, lo)
    n = bisect.bisect_left(keys, hi, i)
    visit = keys[i:n]
    tail = _tail_keys(text, lo, hi)
    if tail:
        visit = sorted({*visit, *tail})
    if len(visit) * _DENSE > hi - lo:
        # Keys every few characters (`1/1/1/…`, a table of dates): one scan is cheaper.
        yield from _scan(text, lo, hi)
        return
    pos = lo  # end of the last match
    tried = lo  # every start before this was tried
    for q in visit:
        floor = max(pos, tried)
        if q < floor:
            continue
        b = rx.back.match(text, floor, q)
        assert b is not None  # zero or more words before the end: it always matches
        cut = floor  # a word starting here may be the tail of a longer one
        words = b.captures(1)
        starts = b.starts(1)
        for j in range(len(starts) - 1, -2, -1):
            p = starts[j] if j >= 0 else q
            if p < floor:
                continue
            tried = floor = p + 1
            if j >= 0 and p > cut:
                # A whole word after a space: its class depends on the word alone.
                k = _word_class(words[j])
                m = rx.by_class[k].match(text, p, hi) if k is not None else None
            else:
                m = _match_at(text, p, hi)
            if m is not None:
                yield m
                pos = floor = m.end()


@functools.lru_cache(maxsize=4096)
def _word_class(word: str) -> int | None:
    """The class of alternatives a whole word opens (`tháng`, `đầu` …), ``None`` for most words."""
    a = _lexicon().anchor.fullmatch(word)
    return int(str(a.lastgroup)[1:]) if a is not None else None


_DENSE = 32  # a key per this many characters: scan for anchors instead of visiting keys


def _match_at(text: str, p: int, hi: int) -> regex.Match[str] | None:
    """The atom's match at ``p``, tried with only the alternatives the word at ``p`` opens."""
    rx = _lexicon()
    a = rx.anchor.match(text, p, hi)
    if a is None:
        return None
    return rx.by_class[int(str(a.lastgroup)[1:])].match(text, p, hi)


def _scan(text: str, lo: int, hi: int) -> Iterator[regex.Match[str]]:
    """`_matches` by scanning for every anchor (`năm`, `tháng`, a digit …) in the sentence."""
    rx = _lexicon()
    pos = lo
    for a in rx.anchor.finditer(text, lo, hi):
        p = a.start()
        if p < pos:
            continue
        m = rx.by_class[int(str(a.lastgroup)[1:])].match(text, p, hi)
        if m is not None:
            yield m
            pos = m.end()


def find_dates(text: str, sentence: Span, published: date | None) -> list[DateMention]:
    """Every date or period expression in ``sentence``, in text order (spans into ``text``).

    Impossible dates (`31/02/2024`, `00/00/0000`, `năm 20245`) are not dates.
    """
    lo, hi = sentence.start, sentence.end
    atoms: list[tuple[_Atom, str | None, int]] = []
    context_year: int | None = None
    last_end = lo
    for m in _matches(text, lo, hi):
        kind, cue_start = _cue(text, lo, m.start())
        if _CLAUSE_BREAK.search(text, last_end, m.start()):
            # A yearless `tháng 8` takes the year of a date earlier in its own clause
            # (`Năm 2024, tính đến tháng 8, …`), not across `;` (`năm 2023 …; 8 tháng đầu năm …`).
            context_year = None
        a = _atom(m, text, published, context_year)
        if a is None:
            continue
        atoms.append((a, kind, cue_start))
        last_end = a.end
        if a.explicit_year is not None and kind not in {"baseline", "title"}:
            context_year = a.explicit_year
    out: list[FoundDate] = []
    i = 0
    while i < len(atoms):
        a, kind, cue_start = atoms[i]
        nxt = atoms[i + 1][0] if i + 1 < len(atoms) else None
        if nxt is not None and _is_range(text, a, nxt, kind):
            start = cue_start if kind == "since" else a.start
            out.append(_range(text, lo, hi, a, nxt, start, published))
            i += 2
            continue
        i += 1
        if a.now and out and out[-1].as_of == a.last and _ends_now(out[-1]):
            # `Tính từ ngày 01/01/2022 đến nay, … 232 phản ánh, đến nay đã giải quyết 230`:
            # the second `đến nay` repeats the open range's end, it starts no new period.
            continue
        out.append(_single(text, lo, hi, a, kind, cue_start, published))
    return list(out)


def _ends_now(d: FoundDate) -> bool:
    return d.relative and d.period_start is not None


def _is_range(text: str, a: _Atom, b: _Atom, kind: str | None) -> bool:
    gap = text[a.end : b.start]
    if len(gap) > 12 or _lexicon().join.fullmatch(gap) is None:
        return False
    joined = bool(gap.strip())
    if kind == "since":
        # `từ ngày 01/01/2024 đến ngày 29/8/2024`, `từ đầu năm đến nay` (`đến nay` holds its `đến`)
        return joined or (b.now and not gap.strip())
    # `01/01/2024 - 29/8/2024`: a dash alone joins two dates of the same kind
    return joined and gap.strip() in {"-", "–", "—"} and a.precision == b.precision


def _range(
    text: str, lo: int, hi: int, a: _Atom, b: _Atom, start: int, published: date | None
) -> FoundDate:
    first, relative = a.first, a.relative or b.relative
    md = a.first_md or ((a.first.month, a.first.day) if a.first is not None else None)
    if a.yearless and md is not None:
        # `từ tháng 1 đến tháng 8/2024` takes the end's year; `từ đầu năm đến nay` the
        # publication year.
        year = b.explicit_year if not b.now else (published.year if published else None)
        relative = b.relative or b.explicit_year is None
        try:
            first = date(year, *md) if year is not None else None
        except (ValueError, OverflowError):
            first = None
    frames, reach, inert = _flags(
        text, lo, hi, start, b.end, a.inert or b.inert, "since", now=False
    )
    last = b.last
    if b.first is not None and _early_part(text, lo, b.start):
        # `từ đầu năm đến đầu tháng 11/2022`: up to early November, its first day
        last = b.first
    return _found(start, b.end, last, first, b.precision, relative, inert, frames, reach)


def _early_part(text: str, lo: int, start: int) -> bool:
    """The date at ``start`` follows a `đầu` (`đầu tháng 11`): the start of its period."""
    m = _lexicon().cue.search(text, max(lo, start - _CUE_WINDOW), start)
    return m is not None and m.lastgroup == "start"


def _single(
    text: str,
    lo: int,
    hi: int,
    a: _Atom,
    kind: str | None,
    cue_start: int,
    published: date | None,
) -> FoundDate:
    start = a.start if kind is None else cue_start
    as_of, first, relative, inert = a.last, (a.first if a.period else None), a.relative, a.inert
    if kind in {"until", "end"}:
        first = None  # `tính đến quý III năm 2022`: cumulative up to that day
        if kind == "until" and a.first is not None and _early_part(text, lo, a.start):
            as_of = a.first  # `đến đầu tháng 11/2022`: up to early November, its first day
    elif kind == "during":
        first = a.first  # `trong tháng 8/2024`
    elif kind == "since" and a.is_range:
        first = a.first  # `từ năm 2019 - 2023`
    elif kind == "since":
        # `kể từ ngày 01/01/2022, …`: since then, up to now
        first, as_of, relative = a.first, published, True
    elif kind == "start":
        first = as_of = None  # `đầu tháng 8`: early August, no day stated
    elif kind in {"baseline", "title"}:
        inert = True
    if a.now:
        first = None
    frames, reach, inert = _flags(text, lo, hi, start, a.end, inert, kind, now=a.now)
    return _found(start, a.end, as_of, first, a.precision, relative, inert, frames, reach)


def _found(
    s: int,
    e: int,
    as_of: date | None,
    first: date | None,
    precision: DatePrecision | None,
    relative: bool,
    inert: bool,
    frames: bool,
    reach: int | None,
) -> FoundDate:
    """The record, never a period that starts after it ends (`kể từ năm 2025` in 2024)."""
    if as_of is not None and first is not None and first > as_of:
        if relative:
            as_of = None
        else:
            first = None
    return FoundDate(
        span=Span(s, e),
        as_of=as_of,
        period_start=first,
        precision=precision,
        frames=frames,
        relative=relative,
        reach_back=reach,
        inert=inert,
    )


def _flags(
    text: str, lo: int, hi: int, s: int, e: int, inert: bool, kind: str | None, *, now: bool
) -> tuple[bool, int | None, bool]:
    """``frames``, ``reach_back`` and the ``inert`` flag (a title's name) of the date at s..e."""
    rx = _lexicon()
    # Look-arounds run in short windows: the regex engine's cost grows with endpos.
    ahead = min(hi, e + _CUE_WINDOW)
    inert = inert or bool(rx.title_after.match(text, e, ahead))
    frames = False
    if not inert:
        # `Tính đến quý III năm 2022, thành phố …` / `Cụ thể, đến tháng 8 năm 2022, …`
        at_start = s - lo <= _CUE_WINDOW and rx.opener.fullmatch(text, lo, s) is not None
        framing_kind = now or kind in {"until", "since", "during"}
        if at_start and framing_kind and rx.comma_after.match(text, e, ahead):
            frames = True
        # `mục tiêu … giai đoạn 2025 - 2030 như: …` introduces a list the date frames
        if rx.list_colon.match(text, e, ahead):
            frames = True
    reach: int | None = None
    # The date closes its clause: `… đạt 96% tính đến ngày 15/8/2024.`, `(… tháng 8.2023)`.
    # Before a comma only an as-of phrase does: in `… và mong muốn đến năm 2026, tỉnh sẽ …`
    # the date opens what follows.
    as_of_phrase = kind == "until" and _trailing_cue(text, lo, s)
    end = rx.trailing_end.match(text, e, ahead)
    closes = (end is not None and (end.group("mark") != "," or as_of_phrase)) or (
        ahead == hi and not text[e:hi].strip(" )")
    )
    if not inert and closes:
        reach = _clause_start(text, lo, s, as_of_phrase)
    return frames, reach, inert


def _trailing_cue(text: str, lo: int, s: int) -> bool:
    head = text[s : s + 16].lower()
    return any(head.startswith(w.lower()) for w in _lexicon().cfg.trailing_cues)


def _clause_start(text: str, lo: int, start: int, crosses_comma: bool) -> int:
    """Start of the clause a trailing date closes: after `;`, `:`, `.`, or `,` (unless crossed).

    A date in parentheses belongs to the clause of what the parenthesis follows
    (`đạt 8,28% (theo báo cáo tháng 8.2023)`).
    """
    floor = max(lo, start - _MAX_REACH_BACK)
    i = start
    opened, closed = text.rfind("(", floor, start), text.rfind(")", floor, start)
    if opened > closed:
        i = opened
    marks = _BREAKS if crosses_comma else _BREAKS_OR_COMMA
    j = i
    # Jump from one punctuation mark to the previous one instead of walking every character.
    while (m := marks.search(text, floor, j)) is not None:
        j = int(m.start())
        ch = text[j]
        nxt = text[j + 1] if j + 1 < len(text) else " "
        prev = text[j - 1] if j > 0 else " "
        if ch == "." and not nxt.isspace():
            continue
        if ch == "," and prev.isdigit() and nxt.isdigit():
            continue
        return j + 1
    return floor


_BREAKS = _rx.compile(r"(?r)[;:!?\n.]")
_BREAKS_OR_COMMA = _rx.compile(r"(?r)[;:!?\n.,]")


# --------------------------------------------------------------------------- date_for / carry


def date_for(
    value: Span, sentence_dates: Sequence[DateMention], carried: DateMention | None
) -> DateMention | None:
    """The date that applies to ``value`` (SPEC §2).

    The nearest date before it in the sentence; else, when no date precedes it,
    a date right after it in the same clause (`tỷ lệ đạt 96% tính đến ngày 15/8/2024`);
    else the date carried from earlier sentences.
    """
    live = [d for d in sentence_dates if not getattr(d, "inert", False)]
    before = [d for d in live if d.span.end <= value.start]
    if before:
        return before[-1]
    after = [d for d in live if d.span.start >= value.end]
    if after:
        reach = getattr(after[0], "reach_back", None)
        if reach is not None and reach <= value.start:
            return after[0]
    return carried


def _paragraph_ends(text: str, pos: int) -> bool:
    """True when only spaces and a newline separate ``pos`` from the next sentence."""
    j = pos
    n = len(text)
    while j < n and text[j].isspace():
        if text[j] == "\n":
            return True
        j += 1
    return j >= n


def carry(
    text: str, sentence: Span, sentence_dates: Sequence[DateMention], carried: DateMention | None
) -> DateMention | None:
    """The date that carries into the next sentence, or ``None``.

    Only a date that plainly frames what follows carries: a sentence-opening
    `Tính đến …,` or a date introducing a list (`giai đoạn 2025 - 2030 như: …`)
    carries until the paragraph ends or another date is stated; a next sentence
    opening with `Theo đó`, `Trong đó` or `Theo <…> này` takes this sentence's
    date for that one sentence.
    """
    live = [d for d in sentence_dates if not getattr(d, "inert", False)]
    if not live and (carried is None or not carried.frames):
        return None  # most sentences: nothing to carry, whatever follows
    if _paragraph_ends(text, sentence.end):
        return None
    if not live:
        return carried
    last = live[-1]
    if last.frames:
        return last
    # Bounded: the opener sits just after the sentence; an unbounded match re-read a long
    # run of `(` or quotes once per sentence cut from it (quadratic).
    if _lexicon().anaphora.match(text, sentence.end, sentence.end + 200) is not None:
        return dataclasses.replace(last, frames=False)
    return None
