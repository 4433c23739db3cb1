"""Modality of a value: actual, target or estimate, decided within its own clause.

A cue (`phấn đấu`, `mục tiêu`, `dự kiến`, `ước tính` …, patterns/modality.yaml)
governs the values after it up to the end of its clause, so in
`Năm 2023 đạt 815 tỷ đồng - ước tính năm 2024 đạt 900 tỷ đồng` only the second
value is an estimate. A cue before a colon governs the `;`-list after it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import regex

from . import _cache, _rx
from ._resources import load_patterns
from ._spans import Span
from .claim import Modality

if TYPE_CHECKING:  # the pydantic schemas load with the patterns, not at import
    from .schemas.modality import Cue

_FLAGS = regex.IGNORECASE | regex.VERSION1


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity: a `_cues` cache key
class _Cues:
    """A cue list as one pattern, and its prefilter.

    ``hint`` (stdlib `re`, on the casefolded text) finds the words every cue starts
    with (`phấn đấu`, `đặt ra`, `ước` …): a text where it finds none holds no cue.
    None when some cue does not start with plain words: then every text is scanned.
    """

    pattern: _rx.Pattern
    hint: re.Pattern[str] | None


@dataclass(frozen=True, slots=True)
class _Rules:
    target: _Cues
    target_after: _rx.Pattern | None
    weak_target: _Cues | None
    future_frame: _rx.Pattern | None
    estimate: _Cues
    boundary: _rx.Pattern
    # The same clause boundaries one by one, in their order (see `_boundaries`).
    boundaries: tuple[_rx.Pattern, ...]
    reset: _rx.Pattern | None
    cancel: _rx.Pattern | None
    # Any word a target, weak target or estimate cue starts with (None: no prefilter).
    any_cue: re.Pattern[str] | None


# The word-edge guard most cues open with (`(?<!\p{L})phấn đấu…`).
_EDGE = r"(?<!\p{L})"
# What may come before a cue's first word: the edge guard, or the clause start (`^\W*ưu tiên`).
_OPENINGS = (_EDGE, r"^\W*")
_META = frozenset("\\.^$*+?{}[]()|")


def _first_words(pattern: str) -> list[str] | None:
    r"""The words a match of ``pattern`` must start with; None if it cannot be told.

    >>> _first_words(r"(?<!\p{L})(?:đặt ra|đề ra)(?!\p{L})"), _first_words(r"^\W*ưu tiên(?!\p{L})")
    (['đặt ra', 'đề ra'], ['ưu tiên'])
    >>> _first_words(r"(?<!\p{L})kế hoạch (?:năm|đến năm) \d{4}"), _first_words(r"nhé?")
    (['kế hoạch '], ['nh'])
    >>> _first_words(r"(?<!\p{L})a|b"), _first_words(r"(?:a|b)?c"), _first_words(r"\d+")
    (None, None, None)
    """
    if _has_top_level_bar(pattern):
        return None
    for opening in _OPENINGS:
        if pattern.startswith(opening):
            pattern = pattern[len(opening) :]
            break
    if pattern.startswith("(?:"):
        close = pattern.find(")")
        words = pattern[3:close].split("|")
        if close < 0 or pattern[close + 1 : close + 2] in ("?", "*", "{"):
            return None
        if not all(words) or any(_META.intersection(w) for w in words):
            return None
        return words
    run = 0
    while run < len(pattern) and pattern[run] not in _META:
        run += 1
    if pattern[run : run + 1] in ("?", "*", "{"):
        run -= 1  # `nhé?`: the last letter is optional
    return [pattern[:run]] if run > 0 else None


def _hint(cue_lists: list[list[Cue]]) -> re.Pattern[str] | None:
    words: set[str] = set()
    for cues in cue_lists:
        for c in cues:
            first = _first_words(c.pattern)
            if first is None:
                return None
            words.update(w.casefold() for w in first)
    return re.compile("|".join(map(re.escape, words))) if words else None


def _cue_list(cues: list[Cue]) -> _Cues | None:
    pattern = _alternation(cues)
    return _Cues(pattern, _hint([cues])) if pattern is not None else None


def _has_top_level_bar(pattern: str) -> bool:
    r"""True for `a|b` outside any group (the guard of `(?<!x)a|b` covers only `a`).

    >>> _has_top_level_bar(r"(?<!x)a|b"), _has_top_level_bar(r"(?<!x)(?:a|b)[|]\|")
    (True, False)
    """
    depth = 0
    in_class = escaped = False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return True
    return False


def _alternation(cues: list[Cue], suffix: str = "") -> _rx.Pattern | None:
    r"""One pattern for ``cues``, in their order.

    A run of neighbouring cues that all open with the `_EDGE` guard shares one
    guard: `(?<!\p{L})(?:phấn đấu…|mục tiêu…)`. The same matches (the guard is
    zero-width, and order within the run is kept), ~3x faster: the engine no
    longer tries each alternative's lookbehind at every position.
    """
    if not cues:
        return None
    parts: list[str] = []
    run: list[str] = []
    for c in cues:
        if c.pattern.startswith(_EDGE) and not _has_top_level_bar(c.pattern):
            run.append(f"(?:{c.pattern[len(_EDGE) :]}){suffix}")
            continue
        if run:
            parts.append(f"{_EDGE}(?:{'|'.join(run)})")
            run = []
        parts.append(f"(?:{c.pattern}){suffix}")
    if run:
        parts.append(f"{_EDGE}(?:{'|'.join(run)})")
    return _cache.compile("|".join(parts), _FLAGS)


@functools.cache
def _rules() -> _Rules:
    from .schemas.modality import ModalityFile

    spec = load_patterns("modality.yaml", ModalityFile)
    target = _cue_list(spec.target)
    estimate = _cue_list(spec.estimate)
    boundary = _alternation(spec.boundary)
    assert target is not None and estimate is not None and boundary is not None
    return _Rules(
        target=target,
        target_after=_alternation(spec.target_after),
        weak_target=_cue_list(spec.weak_target),
        future_frame=_alternation(spec.future_frame),
        estimate=estimate,
        boundary=boundary,
        boundaries=tuple(_cache.compile(c.pattern, _FLAGS) for c in spec.boundary),
        reset=_alternation(spec.reset_after_comma),
        cancel=_alternation(spec.cancel_before, "$"),
        any_cue=_hint([spec.target, spec.weak_target, spec.estimate]),
    )


def _boundaries(s: str, end: int, rules: _Rules) -> list[tuple[int, int]]:
    """The boundary matches a scan of ``s[:end]`` by the alternation of `boundaries` finds.

    Each boundary scanned alone is ~2x faster than their alternation (the engine no
    longer tries every alternative, lookbehinds first, at each offset). At each offset
    the alternation takes the first boundary, in list order, that matches there, then
    resumes after it: so each boundary is scanned with ``overlapped`` (its match at
    every offset) and the scan is replayed over their merged matches.
    """
    found = sorted(
        (m.start(), i, m.end())
        for i, b in enumerate(rules.boundaries)
        for m in b.finditer(s, 0, end, overlapped=True)
    )
    out: list[tuple[int, int]] = []
    at = 0
    for start, _, stop in found:
        if start < at:
            continue  # inside a match already taken, or a later boundary at a taken offset
        if stop == start:
            # An empty match: the alternation's resume rule differs; scan it as is.
            return [(m.start(), m.end()) for m in rules.boundary.finditer(s, 0, end)]
        out.append((start, stop))
        at = stop
    return out


def _clause_start(s: str, pos: int, rules: _Rules) -> int:
    """Start of the clause holding offset ``pos`` of the sentence ``s``."""
    found = _boundaries(s, pos, rules)
    return found[-1][1] if found else 0


def _clause_end(s: str, pos: int, rules: _Rules) -> int:
    """Where the first boundary at or after ``pos`` starts (each boundary searched alone)."""
    starts = [m.start() for b in rules.boundaries if (m := b.search(s, pos))]
    return min(starts) if starts else len(s)


def _last_cue(region: str, cues: _Cues, rules: _Rules, limit: int) -> tuple[int, int] | None:
    """The last cue starting before ``limit`` that is not cancelled (`vượt kế hoạch`)."""
    found = None
    for cue in _cues(region, cues, rules.cancel):
        if cue[0] >= limit:
            break
        found = cue
    return found


@functools.lru_cache(maxsize=512)
def _cues(
    region: str, cues: _Cues, cancel: _rx.Pattern | None
) -> tuple[tuple[int, int], ...]:
    """Every cue of ``cues`` in ``region`` not cancelled by the words before it.

    Cached: every value of a clause reads the same clause again.
    """
    if cues.hint is not None and cues.hint.search(region.casefold()) is None:
        return ()
    out: list[tuple[int, int]] = []
    for m in cues.pattern.finditer(region, overlapped=False):
        before = region[max(0, m.start() - 30) : m.start()]
        if cancel is not None and cancel.search(before):
            continue
        out.append((m.start(), m.end()))
    return tuple(out)


def _reset_between(region: str, start: int, rules: _Rules) -> bool:
    """True when a comma or colon after ``start`` opens a factual clause (`, hiện nay đã …`)."""
    if rules.reset is None:
        return False
    # A colon too: `chỉ tiêu … 50%: kết quả đạt 50,2%`.
    for mark in (",", ":"):
        pos = region.find(mark, start)
        while pos >= 0:
            if rules.reset.match(region, pos + 1):
                return True
            pos = region.find(mark, pos + 1)
    return False


def _modality_in(clause: str, limit: int, rules: _Rules) -> tuple[int, Modality] | None:
    """The cue governing offset ``limit`` of ``clause`` (cues must start before it)."""
    best: tuple[int, Modality] | None = None
    region = clause[:limit]
    for pattern, modality in ((rules.target, Modality.TARGET), (rules.estimate, Modality.ESTIMATE)):
        cue = _last_cue(clause, pattern, rules, limit)
        if cue and not _reset_between(region, cue[1], rules) and (best is None or cue[0] > best[0]):
            best = (cue[0], modality)
    if rules.weak_target is not None and rules.future_frame is not None:
        cue = _last_cue(clause, rules.weak_target, rules, limit)
        if (
            cue
            and rules.future_frame.search(clause)
            and not _reset_between(region, cue[1], rules)
            and (best is None or cue[0] > best[0])
        ):
            best = (cue[0], Modality.TARGET)
    return best


@functools.lru_cache(maxsize=256)
def _may_hold_cue(s: str) -> bool:
    """False when no clause of the sentence ``s`` can hold a cue, nor a colon a list head.

    Cues are matched case-insensitively; `casefold` maps the sentence as `regex` does.
    """
    any_cue = _rules().any_cue
    return ":" in s or any_cue is None or any_cue.search(s.casefold()) is not None


# Not cached: no two calls of an article ask for the same value (the sentence pass asks
# for numbers, the document pass for dates, each once: `document._dates_read`), and a
# key of two spans cost more to hash than a hit would save.
def modality_for(text: str, sentence: Span, value: Span) -> Modality:
    """`target`, `estimate` or `actual` for the value at ``value`` in ``sentence``.

    >>> s = "Năm 2023 đạt 815 tỷ đồng - ước tính năm 2024 đạt 900 tỷ đồng"
    >>> modality_for(s, Span(0, len(s)), Span(13, 16)).value
    'actual'
    >>> modality_for(s, Span(0, len(s)), Span(s.find("900"), s.find("900") + 3)).value
    'estimate'
    """
    rules = _rules()
    s = text[sentence.start : sentence.end]
    if not _may_hold_cue(s):
        return Modality.ACTUAL
    pos = max(0, min(len(s), value.start - sentence.start))
    start = _clause_start(s, pos, rules)
    end = _clause_end(s, pos, rules)
    found = _modality_in(s[start:end], pos - start, rules)
    if found is not None:
        return found[1]
    after = max(pos, min(len(s), value.end - sentence.start))
    comma = s.find(",", after, end)  # the value's own phrase, before another subject
    if rules.target_after is not None and rules.target_after.search(
        s, after, comma if comma >= 0 else end
    ):
        return Modality.TARGET  # `50% doanh nghiệp sẽ sử dụng nền tảng số`
    # `mục tiêu … như: a; b; c` — the cue before the colon governs every list item.
    colon = s.rfind(":", 0, start)
    # `chỉ tiêu … được quy định 50%: kết quả chung đạt 50,2%` — what follows the colon
    # reports results; the cue before it governs only a list of targets.
    if colon >= 0 and not (rules.reset is not None and rules.reset.match(s, colon + 1)):
        head_start = _clause_start(s, colon, rules)
        head = s[head_start:colon]
        found = _modality_in(head + s[start:end], len(head), rules)
        if found is not None:
            return found[1]
    return Modality.ACTUAL
