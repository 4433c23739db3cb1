"""Numbers stage: values, units, scale words, qualifiers, denominators, change, counted noun.

`find_numbers(text, sentence, blocked)` returns one `NumberMention` per numeric
claim in the sentence (SPEC §1), in text order, and leaves out the non-claims of
SPEC §2 (identifiers, levels inside names, dates, durations, page furniture).
All cue words live in ``patterns/units.yaml``, ``qualifiers.yaml`` and
``nonclaims.yaml``; this module holds only the grammar that combines them.
"""

from __future__ import annotations

import functools
import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, NamedTuple, TypeVar

import regex

from . import _cache, _rx
from ._memo import Memo
from ._resources import load_patterns
from ._spans import NumberMention, Span
from .claim import Change, Qualifier, Unit

if TYPE_CHECKING:  # the pydantic schemas load with the patterns, not at import
    from .schemas.numbers import QualifierCues

# A run of digits with `.`/`,` marks between digit groups (`27.662.427`, `76,05`).
# One flat quantifier: linear on a 5 MB line of digits and dots.
_NUM = _rx.compile(r"\d(?:\d|[.,](?=\d))*")
# Context tokens: words (with inner hyphens: `đô-la`, `Wi-Fi`), digit runs, or one symbol.
_TOKEN = _rx.compile(r"[\p{L}\p{M}]+(?:-[\p{L}\p{M}]+)?|\d+|[^\s\p{L}\p{M}\d]")
_SLASH = _rx.compile(r"[ ]?/[ ]?(?=\d)")
_OF = _rx.compile(r"\s+(?:trong|trên)\s+(?:tổng\s+)?(?:số\s+)?(?=\d)", regex.IGNORECASE)
_CHAIN_AFTER = _rx.compile(r"[ ]?[/.\-][ ]?(?=\d)")
_LETTER = _rx.compile(r"[\p{L}\p{M}]")
_SYMBOL = _rx.compile(r"[^\s\p{L}\p{M}\d]")
_DIGITS = _rx.compile(r"\d+")
_DIGIT = _rx.compile(r"\d")
# The run of non-space characters (`str.isspace`) ending / starting at a position.
_RUN_BEFORE = _rx.compile(r"(?r)[^\s\x1c-\x1f]*+")
_UPPER_AT = _rx.compile(r"\p{Lu}")
# A number that continues a list of figures (`lần lượt là 48.300, 61.900 và 105.400 hồ
# sơ`, `thứ 6 và 12`, `0,6215; 0,4470 và 0,5102 điểm`): only this separator stands
# between it and the claim before it. (`quận 1, 4, 6`: `quận 1` is no claim, nor are 4, 6.)
# The document pass joins list members with the same separators.
LIST_JOIN = _rx.compile(r"\s*(?:,\s*và|,|;|và|hoặc)\s*")
_RUN_AFTER = _rx.compile(r"[^\s\x1c-\x1f]*+")
_MAX_TOKEN = 40  # longer digit runs are not numbers anyone writes in prose
_WINDOW = 120  # characters of context looked at on each side

Phrase = tuple[str, ...]
_Trie = dict[str, "_Trie"]  # next character -> rest; key "" where a word ends
_T = TypeVar("_T")


class _Toks:
    """Tokens of a text range as parallel sequences: lower-case forms, offsets, raw text.

    No object per token: a window of the sentence is four slices.
    """

    __slots__ = ("ends", "lows", "raws", "starts")

    def __init__(
        self, lows: tuple[str, ...], starts: list[int], ends: list[int], raws: list[str]
    ) -> None:
        self.lows = lows
        self.starts = starts
        self.ends = ends
        self.raws = raws

    def __len__(self) -> int:
        return len(self.lows)

    def slice(self, i: int, j: int) -> _Toks:
        return _Toks(self.lows[i:j], self.starts[i:j], self.ends[i:j], self.raws[i:j])

    def __add__(self, other: _Toks) -> _Toks:
        return _Toks(
            self.lows + other.lows,
            self.starts + other.starts,
            self.ends + other.ends,
            self.raws + other.raws,
        )


_NO_TOKS = _Toks((), [], [], [])


def _tokens(text: str, start: int, end: int) -> _Toks:
    """The tokens of ``text[start:end]`` (`_TOKEN` matches) with their lower-case forms.

    Only whitespace lies between tokens. In the usual range, words apart by single
    spaces, the pieces of `str.split` sit at known offsets, a piece of letters only
    (`str.isalpha`) or of digits only (`str.isdecimal`) is one token, and so is each
    of its two parts when one symbol ends it (`đồng,`, `2025.`); the tokens of the
    other pieces (`2.255`, `Wi-Fi-6.`) follow each other with nothing between. Other
    ranges (tabs, runs of spaces, `\\x1c`, which `str.split` takes for a space and
    `_TOKEN` for a symbol) take one `findall`, each token found after the previous one.
    The lower-case forms come from one `lower()` of the tokens joined by newlines (no
    token holds one).

    >>> t = _tokens("Có 12 Wi-Fi.", 0, 12)
    >>> t.lows, t.starts, t.ends, t.raws
    (('có', '12', 'wi-fi', '.'), [0, 3, 6, 11], [2, 5, 11, 12], ['Có', '12', 'Wi-Fi', '.'])
    """
    chunk = text[start:end]
    pieces = chunk.split()
    raws: list[str]
    starts: list[int] = []
    ends: list[int] = []
    pos: int
    if " ".join(pieces) == chunk:
        raws = []
        pos = start  # the piece's start
        for piece in pieces:
            stop = pos + len(piece)
            if piece.isalpha() or piece.isdecimal():
                raws.append(piece)
                starts.append(pos)
                ends.append(stop)
            else:
                head = piece[:-1]
                if (head.isalpha() or head.isdecimal()) and _is_symbol(piece[-1]):
                    raws.append(head)  # `đồng,` `2025.`
                    raws.append(piece[-1])
                    starts.append(pos)
                    starts.append(stop - 1)
                    ends.append(stop - 1)
                    ends.append(stop)
                else:
                    at = pos
                    for raw in _TOKEN.findall(piece):
                        raws.append(raw)
                        starts.append(at)
                        at += len(raw)
                        ends.append(at)
            pos = stop + 1
    else:
        raws = _TOKEN.findall(text, start, end)
        pos = start
        for raw in raws:
            pos = text.find(raw, pos)
            starts.append(pos)
            pos += len(raw)
            ends.append(pos)
    if not raws:
        return _NO_TOKS
    return _Toks(
        tuple("\n".join(raws).lower().split("\n")),
        starts,
        ends,
        raws,
    )


def _phrases(words: Iterable[str]) -> tuple[Phrase, ...]:
    """Cue phrases as lower-case token tuples, longest first so the longest cue wins."""
    out = {_tokens(w, 0, len(w)).lows for w in words}
    return tuple(sorted((p for p in out if p), key=lambda p: (-len(p), p)))


@functools.lru_cache(maxsize=4096)
def _key(word: str) -> Phrase:
    """One word as a lexicon key (`Hai` → `('hai',)`)."""
    return _tokens(word, 0, len(word)).lows


class _Index(Generic[_T]):
    """Phrases (with a tag each) by length, looked up longest first at a token position.

    A lookup costs one set probe per distinct phrase length instead of one
    comparison per phrase, and none when the token at the phrase's first (last)
    place starts (ends) no phrase; for a duplicate phrase the first tag given wins.
    """

    __slots__ = ("_by_len", "_lens", "firsts", "lasts")

    def __init__(self, pairs: Iterable[tuple[Phrase, _T]]) -> None:
        by_len: dict[int, dict[Phrase, _T]] = {}
        for p, tag in pairs:
            if p:
                by_len.setdefault(len(p), {}).setdefault(p, tag)
        self._by_len = by_len
        self._lens = tuple(sorted(by_len, reverse=True))
        self.firsts = frozenset(p[0] for d in by_len.values() for p in d)
        self.lasts = frozenset(p[-1] for d in by_len.values() for p in d)

    def prefix(self, toks: _Toks, i: int) -> tuple[Phrase, _T] | None:
        """The longest phrase that `toks[i:]` starts with, and its tag."""
        lows = toks.lows
        if 0 <= i < len(lows) and lows[i] not in self.firsts:
            return None
        for n in self._lens:
            p = lows[i : i + n]
            d = self._by_len[n]
            if p in d:
                return p, d[p]
        return None

    def suffix(self, toks: _Toks, j: int) -> tuple[Phrase, _T] | None:
        """The longest phrase that `toks[:j]` ends with, and its tag."""
        lows = toks.lows
        if 0 < j <= len(lows) and lows[j - 1] not in self.lasts:
            return None
        for n in self._lens:
            if n > j:
                continue
            p = lows[j - n : j]
            d = self._by_len[n]
            if p in d:
                return p, d[p]
        return None


_Phrases = _Index[None]


def _cues(words: Iterable[str]) -> _Phrases:
    """Cue words as an untagged index."""
    return _Index((p, None) for p in _phrases(words))


def _prefix(toks: _Toks, i: int, phrases: _Index[_T]) -> Phrase | None:
    """The longest phrase that `toks[i:]` starts with."""
    hit = phrases.prefix(toks, i)
    return hit[0] if hit else None


def _suffix(toks: _Toks, j: int, phrases: _Index[_T]) -> Phrase | None:
    """The longest phrase that `toks[:j]` ends with."""
    hit = phrases.suffix(toks, j)
    return hit[0] if hit else None


def _starts_with(toks: _Toks, i: int, p: Phrase) -> bool:
    return toks.lows[i : i + len(p)] == p


def _ends_with(toks: _Toks, j: int, p: Phrase) -> bool:
    return len(p) <= j and toks.lows[j - len(p) : j] == p


@dataclass(frozen=True)
class _Lexicon:
    scales: _Index[float]
    currencies: _Index[Unit]
    unit_firsts: frozenset[str]  # first words of every unit, scale and score word after a value
    attached: dict[str, Unit]
    attached_re: _rx.Pattern  # `attached` words not followed by a letter
    prefix_currencies: _Index[Unit]
    dong: Phrase
    dong_compounds: _Phrases
    percent: _Phrases
    pp: _Phrases
    points: _Phrases
    point_compounds: _Phrases
    rank_left: _Phrases
    rank_top_left: _Phrases
    rank_top_right: _Phrases
    rank_right: _Phrases
    spelled: dict[Phrase, int]
    spelled_re: _rx.Pattern
    spelled_nouns: _Phrases
    spelled_ambiguous: frozenset[str]
    spelled_ambiguous_left: _Phrases
    bare_count_left: _Phrases
    counted_stop: _Phrases
    counted_max: int
    counted_level: _Phrases
    max_values: dict[Unit, float]
    qual_before: _Index[Qualifier]
    weak_before: _Phrases
    qual_after: _Index[Qualifier]
    fillers: _Phrases
    range_re: _rx.Pattern
    change: _Index[Change]
    change_fillers: _Phrases
    change_blockers: _Phrases
    identifier_left: _Phrases
    identifier_exceptions: _Phrases
    weak_identifier_left: _Phrases
    date_left: _Phrases
    date_fraction_left: _Phrases
    nonclaim_right: _Phrases
    furniture_right: _Phrases
    furniture: tuple[_rx.Pattern, ...]
    urls: tuple[_rx.Pattern, ...]


def _tagged(groups: Iterable[tuple[Iterable[str], _T]]) -> list[tuple[Phrase, _T]]:
    out = [(p, tag) for words, tag in groups for p in _phrases(words)]
    return sorted(out, key=lambda pt: -len(pt[0]))


def _qualifier_index(cues: QualifierCues) -> _Index[Qualifier]:
    """The five qualifier cue lists of one side of the value, longest phrase first."""
    return _Index(
        _tagged(
            [
                (cues.approx, Qualifier.APPROX),
                (cues.gt, Qualifier.GT),
                (cues.gte, Qualifier.GTE),
                (cues.lt, Qualifier.LT),
                (cues.lte, Qualifier.LTE),
            ]
        )
    )


@functools.cache
def _lexicon() -> _Lexicon:
    from .schemas.numbers import NonclaimsFile, QualifiersFile, UnitsFile

    u = load_patterns("units.yaml", UnitsFile)
    q = load_patterns("qualifiers.yaml", QualifiersFile)
    n = load_patterns("nonclaims.yaml", NonclaimsFile)
    scales = sorted(
        ((p, s.factor) for s in u.scales for p in _phrases(s.words)), key=lambda x: -len(x[0])
    )
    spelled = {_key(w): v for w, v in u.spelled_numbers.items()}
    alternation = "|".join(
        regex.escape(w) for w in sorted(u.spelled_numbers, key=len, reverse=True)
    )
    connectors = "|".join(
        regex.escape(c) for c in sorted(q.range_connectors, key=len, reverse=True)
    )
    qb = q.before
    qa = q.after
    attached: dict[str, Unit] = {}  # for a word listed twice, the first unit
    for word, unit in sorted(
        ((w, c.unit) for c in u.attached_currencies for w in c.words), key=lambda x: -len(x[0])
    ):
        attached.setdefault(word, unit)
    scale_ix = _Index(scales)
    currency_ix = _Index(_tagged((c.words, c.unit) for c in u.currencies))
    percent, pp, points = _cues(u.percent), _cues(u.percentage_points), _cues(u.points)
    return _Lexicon(
        scales=scale_ix,
        currencies=currency_ix,
        unit_firsts=frozenset().union(
            *(ix.firsts for ix in (scale_ix, currency_ix, percent, pp, points))
        ),
        attached=attached,
        attached_re=_cache.compile(
            rf"(?:{'|'.join(map(regex.escape, attached))})(?![\p{{L}}\p{{M}}])"  # longest first
        ),
        # a phrase listed twice takes its last unit, as `dict(pairs)` did
        prefix_currencies=_Index(
            dict(_tagged((c.words, c.unit) for c in u.prefix_currencies)).items()
        ),
        dong=("đồng",),
        dong_compounds=_cues(u.dong_compounds),
        percent=percent,
        pp=pp,
        points=points,
        point_compounds=_cues(u.point_compounds),
        rank_left=_cues(u.rank_left),
        rank_top_left=_cues(u.rank_top_left),
        rank_top_right=_cues(u.rank_top_right),
        rank_right=_cues(u.rank_right),
        spelled=spelled,
        spelled_re=_cache.compile(
            rf"(?<![\p{{L}}\p{{M}}\d])(?:{alternation})(?![\p{{L}}\p{{M}}\d])", regex.IGNORECASE
        ),
        spelled_nouns=_cues(u.spelled_count_nouns),
        spelled_ambiguous=frozenset(w.lower() for w in u.spelled_ambiguous),
        spelled_ambiguous_left=_cues(u.spelled_ambiguous_left),
        bare_count_left=_cues(u.bare_count_left),
        counted_stop=_cues(u.counted_stop_words),
        counted_max=u.counted_max_words,
        counted_level=_cues(u.counted_level_words),
        max_values=dict(u.max_values),
        qual_before=_qualifier_index(qb),
        weak_before=_cues(q.weak_before),
        qual_after=_qualifier_index(qa),
        fillers=_cues(q.fillers),
        range_re=_cache.compile(rf"\s{{0,3}}(?:{connectors})\s{{0,3}}(?=\d)", regex.IGNORECASE),
        change=_Index(
            _tagged([(q.change.increase, Change.INCREASE), (q.change.decrease, Change.DECREASE)])
        ),
        change_fillers=_cues([*q.change_fillers, *qb.approx, *qb.gt, *qb.gte, *qb.lt, *qb.lte]),
        change_blockers=_cues(q.change_blockers),
        identifier_left=_cues(n.identifier_left),
        identifier_exceptions=_cues(n.identifier_left_exceptions),
        weak_identifier_left=_cues(n.weak_identifier_left),
        date_left=_cues(n.date_left),
        date_fraction_left=_cues(n.date_fraction_left),
        nonclaim_right=_cues(n.nonclaim_right),
        furniture_right=_cues(n.furniture_right),
        furniture=tuple(_cache.compile(p) for p in n.furniture_patterns),
        urls=tuple(_cache.compile(p) for p in n.url_patterns),
    )


@functools.lru_cache(maxsize=4096)
def parse_number(s: str) -> tuple[float, str] | None:
    """Read a number written with Vietnamese marks (`.` thousands, `,` decimal).

    Returns the value and how it was written (`int`, `grouped`, `decimal`,
    `dot_decimal` for an English-style `2.5` that is only a value next to a unit),
    or None for what is no number (`192.168.1.1`, a 50-digit run).

    >>> parse_number("14.600")
    (14600.0, 'grouped')
    >>> parse_number("76,05")
    (76.05, 'decimal')
    >>> parse_number("27.662.427")
    (27662427.0, 'grouped')
    >>> parse_number("1.234,5")
    (1234.5, 'decimal')
    >>> parse_number("1,234,567")
    (1234567.0, 'grouped')
    >>> parse_number("4.0")
    (4.0, 'dot_decimal')
    >>> parse_number("07")
    (7.0, 'int')
    >>> parse_number("192.168.1.1") is None, parse_number("0208") is None
    (True, True)
    """
    if not s or len(s) > _MAX_TOKEN or not s[0].isdigit() or not s[-1].isdigit():
        return None
    head = _DIGITS.match(s)
    assert head is not None
    if head.group().startswith("0") and sum(c.isdigit() for c in s) >= 4 and len(head.group()) > 1:
        return None  # `0208 3855 123`: a phone or code number, not a quantity
    dots, commas = s.count("."), s.count(",")
    if not dots and not commas:
        return float(int(s)), "int"
    if dots and commas:
        # The later mark is the decimal one: `1.234,5` (Vietnamese) or `1,234.5` (English).
        dec, thou = (",", ".") if s.rfind(",") > s.rfind(".") else (".", ",")
        if s.count(dec) != 1:
            return None
        int_part, frac = s.split(dec)
        groups = int_part.split(thou)
        if not _grouped(groups):
            return None
        return float("".join(groups) + "." + frac), "decimal"
    mark = "." if dots else ","
    parts = s.split(mark)
    if mark == "," and len(parts) == 2:
        return float(parts[0] + "." + parts[1]), "decimal"
    if _grouped(parts):
        return float("".join(parts)), "grouped"
    if mark == "." and len(parts) == 2:
        return float(parts[0] + "." + parts[1]), "dot_decimal"
    return None


def _grouped(groups: Sequence[str]) -> bool:
    return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])


@dataclass  # see DEVELOPERS.md, "Records in compiled modules"
class _Expr:
    """One value expression as scanned, before it becomes a `NumberMention`."""

    start: int
    end: int  # end of value_text
    value: float
    kind: str
    raw: str = ""  # the digits as written
    unit: Unit | None = None  # None: a bare number, a count unless context says otherwise
    factor: float = 1.0  # scale word (`triệu` → 1e6) already applied to value
    denominator: float | None = None
    tail: int = -1  # end of everything consumed (units not in value_text: `điểm`)
    rank: bool = False
    qualifier: Qualifier | None = None
    cue: Span | None = None
    range_part: str | None = None  # "low" / "high"
    ctx: int = -1  # where the left context is read: a range's high end reads the low's

    def __init__(
        self,
        start: int,
        end: int,
        value: float,
        kind: str,
        raw: str = "",
        unit: Unit | None = None,
        factor: float = 1.0,
        denominator: float | None = None,
        tail: int = -1,
        rank: bool = False,
        qualifier: Qualifier | None = None,
        cue: Span | None = None,
        range_part: str | None = None,
        ctx: int = -1,
    ) -> None:
        self.start = start
        self.end = end
        self.value = value
        self.kind = kind
        self.raw = raw
        self.unit = unit
        self.factor = factor
        self.denominator = denominator
        self.tail = tail if tail >= 0 else end
        self.rank = rank
        self.qualifier = qualifier
        self.cue = cue
        self.range_part = range_part
        self.ctx = ctx

    def left_at(self) -> int:
        return self.ctx if self.ctx >= 0 else self.start


@dataclass  # see DEVELOPERS.md, "Records in compiled modules"
class _Scan:
    text: str
    lo: int
    hi: int
    lex: _Lexicon
    consumed: int = 0
    out: list[_Expr] = field(default_factory=list)
    # The sentence tokenised once (on the first window asked for); context
    # windows are sliced out of it.
    toks: _Toks | None = None
    at: dict[int, int] | None = None  # token start -> index, made when first needed
    lefts: dict[int, _Toks] = field(default_factory=dict)  # `left(pos)` by pos
    rights: dict[int, _Toks] = field(default_factory=dict)  # `right(pos)` by pos
    claim_end: int = -1  # where the last expression judged a claim ends

    def __init__(self, text: str, lo: int, hi: int, lex: _Lexicon) -> None:
        self.text = text
        self.lo = lo
        self.hi = hi
        self.lex = lex
        self.consumed = 0
        self.out = []
        self.toks = None
        self.at = None
        self.lefts = {}
        self.rights = {}
        self.claim_end = -1

    def _sentence_tokens(self) -> _Toks:
        if self.toks is None:
            self.toks = _tokens(self.text, self.lo, self.hi)
        return self.toks

    def left(self, pos: int) -> _Toks:
        got = self.lefts.get(pos)
        if got is None:
            got = self.lefts[pos] = self.window(max(self.lo, pos - _WINDOW), pos)
        return got

    def right(self, pos: int) -> _Toks:
        got = self.rights.get(pos)
        if got is None:
            got = self.rights[pos] = self.window(pos, min(self.hi, pos + _WINDOW))
        return got

    def window(self, a: int, b: int) -> _Toks:
        """Exactly `_tokens(text, a, b)`, mostly sliced from the sentence's tokens.

        A window edge may cut a token (`…nghiệp` → `hiệp`): the cut pieces are
        tokenised on their own, as a fresh tokenisation of the window would.

        >>> t = "Có 12 đô-la-Mỹ, 5 Wi-Fi-6."
        >>> sc = _Scan(t, 0, len(t), _lexicon())
        >>> rows = lambda w: (w.lows, w.starts, w.ends, w.raws)
        >>> all(rows(sc.window(a, b)) == rows(_tokens(t, a, b))
        ...     for a in range(len(t) + 1) for b in range(a, len(t) + 1))
        True
        """
        got = _NO_TOKS
        if a < b:
            sent = self.toks or self._sentence_tokens()
            starts, ends = sent.starts, sent.ends
            k = bisect_left(starts, a)
            if k > 0 and ends[k - 1] > a:
                # A token straddles `a`: tokenise from `a` until a token starts where
                # one of the sentence's does; from there both tokenisations agree.
                k = -1
                if self.at is None:
                    self.at = {s: i for i, s in enumerate(starts)}
                for m in _TOKEN.finditer(self.text, a, b):
                    idx = self.at.get(m.start())
                    if idx is not None:
                        k = idx
                        break
                got = _tokens(self.text, a, m.start() if k >= 0 else b)
            if k >= 0:
                e = bisect_right(ends, b)
                if e > k:
                    got = got + sent.slice(k, e) if got else sent.slice(k, e)
                e = max(e, k)
                if e < len(starts) and starts[e] < b:
                    got = got + _tokens(self.text, starts[e], b)  # cut at `b`
        return got

    def char(self, pos: int) -> str:
        return self.text[pos] if self.lo <= pos < self.hi else ""


class _SpelledCount(NamedTuple):
    quick: re.Pattern[str]  # on `_fold(sentence)`: matches wherever `exact` does
    exact: _rx.Pattern


@functools.cache
def _spelled_count_res() -> _SpelledCount:
    """A spelled number (`spelled_numbers`) right before a count noun's first word.

    Every mention `_spelled` gives is a spelled number followed by a
    `spelled_count_nouns` phrase, so `exact` matches in every sentence that can
    yield one: `ba trụ cột` yes, `năm nay`, `một số` no. `quick` is the same
    search, case-sensitive in `re` over the case-folded sentence (`_fold`): it rules
    out most sentences at a third of the cost.
    """
    from .schemas.numbers import UnitsFile

    u = load_patterns("units.yaml", UnitsFile)
    spelled = sorted(u.spelled_numbers, key=len, reverse=True)
    firsts = sorted({p[0] for p in _phrases(u.spelled_count_nouns)}, key=lambda w: (-len(w), w))

    def alt(words: Iterable[str]) -> str:
        return "|".join(map(regex.escape, words))

    # Tokens are split on spaces only, and a token runs on over one hyphen (`Wi-Fi`):
    # the noun's first word must end where a token does.
    return _SpelledCount(
        quick=re.compile(
            _trie(w.casefold() for w in spelled) + r"\s+" + _trie(w.casefold() for w in firsts)
        ),
        exact=_cache.compile(
            rf"(?<![\p{{L}}\p{{M}}\d])(?:{alt(spelled)})\s+"
            rf"(?:{alt(firsts)})(?![\p{{L}}\p{{M}}]|-[\p{{L}}\p{{M}}])",
            regex.IGNORECASE,
        ),
    )


def _trie(words: Iterable[str]) -> str:
    """An `re` pattern for any of `words`, factored by shared beginnings
    (`b(?:a|ốn)`): `re` then tries a letter at a time, not every word in turn.

    >>> _trie(["ba", "bốn", "tám", "tá"])
    '(?:b(?:a|ốn)|tá(?:m)?)'
    """
    root: _Trie = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def pattern(node: _Trie) -> str:
        branches = [re.escape(ch) + pattern(node[ch]) for ch in sorted(node) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        if "" not in node:
            return body
        return f"(?:{body})?" if len(branches) == 1 else f"{body}?"

    return pattern(root)


def _fold(s: str) -> str:
    """Case-folded `s` where each letter `regex` matches case-insensitively to a cue
    letter folds as that letter does (tested): `İ` folds to `i` + U+0307, here `i`.
    `re`'s `\\s` takes in `regex`'s."""
    return s.casefold().replace("\u0307", "")


def _may_spell_count(text: str, lo: int, hi: int) -> bool:
    """False only when `_spelled` would find nothing in ``text[lo:hi]``."""
    res = _spelled_count_res()
    return (
        res.quick.search(_fold(text[lo:hi])) is not None
        and res.exact.search(text, lo, hi) is not None
    )


def plausible(value: float, unit: Unit) -> bool:
    """Whether ``value`` can be a figure in ``unit`` (`max_values` of patterns/units.yaml:
    no percentage above 100,000, no count above 10^13).

    >>> plausible(12.5, Unit.PERCENT), plausible(2_300_000, Unit.PERCENT)
    (True, False)
    """
    return value <= _lexicon().max_values[unit]


def may_hold_number(text: str, sentence: Span) -> bool:
    """False only when `find_numbers` would find nothing in ``sentence`` (a cheap prefilter).

    Every mention starts at a digit (`_NUM`) or is a spelled count (`_spelled`).

    >>> [may_hold_number(t, Span(0, len(t))) for t in
    ...  ["Năm nay, một số xã làm tốt.", "Có ba trụ cột.", "Đạt 96%."]]
    [False, True, True]
    """
    lo, hi = sentence.start, sentence.end
    return _DIGIT.search(text, lo, hi) is not None or _may_spell_count(text, lo, hi)


def find_numbers(text: str, sentence: Span, blocked: Sequence[Span] = ()) -> list[NumberMention]:
    """Numeric claims in one sentence of the normalised text, in text order.

    >>> t = "Toàn tỉnh có hơn 2.255 tổ công nghệ số cộng đồng, đạt 96%."
    >>> [(m.value, m.unit.value, m.qualifier.value, m.counted) for m in
    ...  find_numbers(t, Span(0, len(t)))]
    [(2255.0, 'count', 'gt', 'tổ công nghệ số cộng đồng'), (96.0, '%', 'exact', None)]
    """
    lex = _lexicon()
    lo, hi = max(0, sentence.start), min(len(text), sentence.end)
    if lo >= hi:
        return []
    scan = _Scan(text, lo, hi, lex)
    for m in _NUM.finditer(text, lo, hi):
        if m.start() < scan.consumed:
            continue
        scan.consumed = m.end()
        for expr in _expression(scan, m.start(), m.end()):
            scan.out.append(expr)
    # A value overlapping `blocked` is dropped below whatever it is: it is judged only
    # when it is half a range, which stands or falls as one.
    judged: list[tuple[_Expr, NumberMention | None]] = []
    for e in scan.out:
        if e.range_part is None and any(e.start < b.end and b.start < e.end for b in blocked):
            judged.append((e, None))
            continue
        mm = _mention(scan, e)
        judged.append((e, mm))
        if mm is not None:
            scan.claim_end = e.tail
    mentions: list[NumberMention] = []
    for i, (e, mm) in enumerate(judged):
        # `mức độ 3-4`, `từ 8-16 tuổi`: a range stands or falls as one.
        if e.range_part == "low" and i + 1 < len(judged) and judged[i + 1][1] is None:
            continue
        if e.range_part == "high" and judged[i - 1][1] is None:
            continue
        if mm is not None:
            mentions.append(mm)
    if _may_spell_count(text, lo, hi):
        mentions += _spelled(scan)
    if not mentions:
        return []
    # Page furniture (`Lượt xem: 1.234`) runs to the sentence's end: only its earliest
    # start matters.
    starts = [m.start() for p in lex.furniture if (m := p.search(text, lo, hi))]
    bad = [*blocked, *([Span(min(starts), hi)] if starts else [])]
    keep = [mm for mm in mentions if not any(mm.span.overlaps(b) for b in bad)]
    return sorted(keep, key=lambda mm: (mm.span.start, mm.span.end))


# --- scanning one value expression -----------------------------------------------------


def _in_url(scan: _Scan, start: int, end: int) -> bool:
    """True inside a web or e-mail address (bounded look-around keeps this linear)."""
    text = scan.text
    a, b = start, end
    if start > scan.lo and not text[start - 1].isspace():
        a = _run_end(_RUN_BEFORE.match(text, max(scan.lo, start - 200), start)).start()
    if end < scan.hi and not text[end].isspace():
        b = _run_end(_RUN_AFTER.match(text, end, min(scan.hi, end + 200))).end()
    return _url_like(text[a:b], scan.lex.urls)


# by run: the patterns are those of the process's lexicon
_URL_LIKE: Memo[str, bool] = Memo(4096)


def _url_like(run: str, urls: tuple[_rx.Pattern, ...]) -> bool:
    """True when a run of non-space characters holds a web or e-mail address (`urls`)."""
    got = _URL_LIKE.get(run)
    if got is None:
        got = _URL_LIKE.put(run, any(p.search(run) is not None for p in urls))
    return got


@functools.lru_cache(maxsize=4096)
def _is_symbol(ch: str) -> bool:
    """`ch` is a token of one symbol (`_SYMBOL`: no letter, mark, digit or space)."""
    return _SYMBOL.match(ch) is not None


@functools.lru_cache(maxsize=4096)
def _is_letter(ch: str) -> bool:
    """`ch` starts with a letter or mark (`_LETTER`); one character is all it is ever given."""
    return _LETTER.match(ch) is not None


def _run_end(m: regex.Match[str] | None) -> regex.Match[str]:
    assert m is not None  # `_RUN_*` match the empty string too
    return m


def _attached(scan: _Scan, start: int, end: int, left: bool = True) -> bool:
    """True when the digits are glued to letters: `5G`, `14h30`, `COVID-19`, `48-NQ/TU`."""
    text = scan.text
    if left and _in_url(scan, start, end):
        return True
    before = text[start - 1] if start > 0 else ""
    before2 = text[start - 2] if start > 1 else ""
    if left and before == "+" and (not before2 or before2.isspace() or before2 == "("):
        pass  # `+12,5%`: a signed change, judged in `_sign`
    elif left and before and (_is_letter(before) or before in "+#№_@"):
        return True
    if left and before in "-/.:," and before2 and (before2.isalnum()):
        return True
    after = text[end] if end < len(text) else ""
    after2 = text[end + 1] if end + 1 < len(text) else ""
    if after and _is_letter(after):
        return _attached_currency(scan, end) is None
    if after in "-/:" and after2 and _is_letter(after2):
        return True
    return after == ":" and after2.isdigit()  # clock `14:30`


def _attached_currency(scan: _Scan, end: int) -> tuple[str, Unit] | None:
    """The currency glued to the digits ending at `end` (`500.000đ`), longest word first."""
    m = scan.lex.attached_re.match(scan.text, end)
    if m is None:
        return None
    word = m.group()
    return word, scan.lex.attached[word]


def _number_at(scan: _Scan, pos: int) -> tuple[int, float, str] | None:
    m = _NUM.match(scan.text, pos, scan.hi)
    if m is None:
        return None
    parsed = parse_number(m.group())
    if parsed is None:
        return None
    return m.end(), parsed[0], parsed[1]


def _digits_len(scan: _Scan, start: int) -> int:
    """Length of the digits (`_NUM`) at `start`, 0 if none."""
    m = _NUM.match(scan.text, start)
    return m.end() - start if m else 0


def _is_year(value: float, kind: str, raw_len: int) -> bool:
    return kind == "int" and raw_len == 4 and 1900 <= value <= 2100


def _expression(scan: _Scan, start: int, end: int) -> list[_Expr]:
    """Scan the value expression starting with the digits at `start:end`."""
    raw = scan.text[start:end]
    parsed = parse_number(raw)
    if parsed is None or _attached(scan, start, end):
        _skip_chain(scan, end)
        return []
    value, kind = parsed
    expr = _Expr(start, end, value, kind, raw=raw)

    # `a/b`: a fraction (`177/177`, `07/63`, `83,87/100`) unless it is a date.
    slash = _SLASH.match(scan.text, end, scan.hi)
    if slash:
        nxt = _number_at(scan, slash.end())
        if nxt is None:
            _skip_chain(scan, end)
            return []
        b_end, b_val, b_kind = nxt
        scan.consumed = b_end
        chained = _CHAIN_AFTER.match(scan.text, b_end, scan.hi)
        after = scan.char(b_end)
        if (
            chained
            or (after and (_is_letter(after) or after == "/"))
            or _attached(scan, slash.end(), b_end, left=False)
        ):
            _skip_chain(scan, b_end)
            return []  # `29/5/2023`, `11/2022/NQ-HĐND`, `3G/4G`
        if b_val <= 0 or value > b_val or kind == "dot_decimal" or b_kind == "dot_decimal":
            return []  # `24/7`, `1/0`, `0/0`
        if _is_year(b_val, b_kind, b_end - slash.end()) and value <= 12:
            return []  # `10/2022`: month/year
        expr.end = expr.tail = b_end
        expr.denominator = b_val
    else:
        of = _OF.match(scan.text, end, scan.hi)
        if of and kind == "int":
            nxt = _number_at(scan, of.end())
            if nxt is not None:
                c_end, c_val, c_kind = nxt
                unit_after = _units(scan, c_end, probe=True)
                if (
                    c_kind in ("int", "grouped")
                    and c_val >= value
                    and c_val > 0
                    and unit_after is None
                    and not _attached(scan, of.end(), c_end, left=False)
                ):
                    expr.end = expr.tail = c_end  # `15 trong 63`
                    expr.denominator = c_val
                    scan.consumed = c_end

    _apply_units(scan, expr)

    # A range: `60% đến 80%`, `từ 10 - 15`, `10-15%`.
    rng = scan.lex.range_re.match(scan.text, expr.tail, scan.hi)
    if rng and expr.denominator is None:
        second = _range_high(scan, expr, rng.end())
        if second is not None:
            return second
    return [expr]


def _skip_chain(scan: _Scan, end: int) -> None:
    """Consume `/2023`, `.5.2023`, `-NQ` … glued to a rejected number."""
    pos = end
    while True:
        m = _CHAIN_AFTER.match(scan.text, pos, scan.hi)
        if not m:
            break
        n = _NUM.match(scan.text, m.end(), scan.hi)
        if not n:
            break
        pos = n.end()
    scan.consumed = max(scan.consumed, pos)


def _range_high(scan: _Scan, low: _Expr, pos: int) -> list[_Expr] | None:
    nxt = _NUM.match(scan.text, pos, scan.hi)
    if nxt is None:
        return None
    parsed = parse_number(nxt.group())
    connector = scan.text[low.tail : pos].strip()
    if parsed is None or _attached(scan, nxt.start(), nxt.end(), left=False):
        return None
    # `2021-2025`, `29-5-2023`: dates, not ranges.
    if _CHAIN_AFTER.match(scan.text, nxt.end(), scan.hi) and connector in "-–—":
        _skip_chain(scan, nxt.end())
        low.unit, low.kind = None, "date"
        return [low]
    high = _Expr(nxt.start(), nxt.end(), parsed[0], parsed[1], raw=nxt.group())
    _apply_units(scan, high)
    years = _is_year(low.value, low.kind, low.end - low.start) and _is_year(
        high.value, high.kind, high.end - high.start
    )
    if years:
        scan.consumed = high.tail
        low.kind = "date"
        return [low]
    if low.unit is not None and high.unit is not None and low.unit != high.unit:
        return None
    if low.unit is None and high.unit is not None:
        low.unit, low.factor = high.unit, high.factor
        low.value *= high.factor
    elif high.unit is None and low.unit is not None and low.end == low.tail:
        return None  # `60% đến 2025`: not a range
    if low.value > high.value:
        if connector in "-–—":
            scan.consumed = high.tail
            low.kind = "date"  # `3-1`, `29-5`: scores and dates, not ranges
            return [low]
        return None
    scan.consumed = high.tail
    low.range_part, high.range_part = "low", "high"
    high.ctx = low.start
    return [low, high]


def _units(scan: _Scan, pos: int, probe: bool = False) -> tuple[Unit, float, int, int] | None:
    """Unit words after `pos`: (unit, scale factor, value_text end, consumed end)."""
    lex = scan.lex
    toks = scan.right(pos)
    if not toks:
        return None
    # Only spaces may stand between the number and its unit.
    if scan.text[pos : toks.starts[0]].strip():
        return None
    if toks.starts[0] == pos and (attached := _attached_currency(scan, pos)):
        end = pos + len(attached[0])
        return attached[1], 1.0, end, end
    if toks.lows[0] not in lex.unit_firsts:
        return None  # no unit, scale or score word starts here
    i = 0
    factor = 1.0
    unit: Unit | None = None
    end = pos
    if p := _prefix(toks, 0, lex.pp):
        return Unit.PERCENTAGE_POINT, 1.0, toks.ends[len(p) - 1], toks.ends[len(p) - 1]
    if p := _prefix(toks, 0, lex.percent):
        return Unit.PERCENT, 1.0, toks.ends[len(p) - 1], toks.ends[len(p) - 1]
    if scale := lex.scales.prefix(toks, 0):
        factor, i = scale[1], len(scale[0])
        end = toks.ends[i - 1]
    if currency := lex.currencies.prefix(toks, i):
        words, cur = currency
        k = i + len(words)
        if words == lex.dong and _prefix(toks, i + 1, lex.dong_compounds):
            pass  # `5 đồng chí`
        elif cur is Unit.USD and k < len(toks) and toks.raws[k][:1].isupper():
            pass  # `65.000 đô la Singapore`: another dollar
        else:
            unit = cur
            end = toks.ends[k - 1]
    if unit is None and i == 0 and not probe:
        if (p := _prefix(toks, 0, lex.points)) and not _prefix(toks, len(p), lex.point_compounds):
            return Unit.POINT, 1.0, pos, toks.ends[len(p) - 1]
    if unit is None and i == 0:
        return None
    return (unit or Unit.COUNT), factor, end, end


def _apply_units(scan: _Scan, e: _Expr) -> None:
    """Attach the unit words around the digits (`$5`, `1,8 triệu`, `815 nghìn tỷ đồng`)."""
    left = scan.left(e.start)
    hit = scan.lex.prefix_currencies.suffix(left, len(left))
    if hit and not scan.text[left.ends[-1] : e.start].strip():
        e.unit = hit[1]
        e.start = left.starts[len(left) - len(hit[0])]
    found = _units(scan, e.tail)
    if found is None:
        return
    unit, factor, end, tail = found
    if unit is Unit.POINT:
        if e.unit is None:  # `848,6 điểm`: the score word stays out of value_text
            e.unit, e.tail = Unit.POINT, tail
        return
    if unit is not Unit.COUNT or e.unit is None:
        e.unit = unit  # a bare scale word makes a count: `1,8 triệu`
    e.value *= factor
    e.factor = factor
    e.end = max(e.end, end)
    e.tail = max(e.tail, tail)


# --- judging an expression: non-claims, rank, qualifier, change, counted noun -------------


def _mention(scan: _Scan, e: _Expr) -> NumberMention | None:
    lex = scan.lex
    if e.kind == "date" or not math.isfinite(e.value) or e.value < 0:
        return None
    unit = e.unit
    if e.kind == "dot_decimal" and unit is None:
        return None  # `Chợ 4.0`, `phiên bản 2.0`, `tháng 8.2023`
    if e.kind == "dot_decimal" and len(e.raw.split(".")[1]) > 2:
        return None  # `8.2023`
    left = scan.left(e.left_at())
    right = scan.right(e.tail)
    # The change cue before the value, looked for once it is needed.
    change_hit: tuple[Change | None, Span | None] | None = None

    rank = False
    qualifier: Qualifier | None = None
    if unit is None and _suffix(left, len(left), lex.rank_left):
        rank = True
    elif unit is None and e.denominator is not None and _ends_with(left, len(left), ("thứ",)):
        rank = True  # `đứng ở vị trí thứ 3/61`
    elif (
        unit is None
        and (top := _suffix(left, len(left), lex.rank_top_left))
        and (top != ("nhóm",) or _near(right, lex.rank_top_right, 8))
    ):
        rank, qualifier = True, Qualifier.LTE  # `top 10`, `nhóm 15 tỉnh dẫn đầu`
    elif (
        unit is None
        and _prefix(right, 0, lex.rank_right)
        and not _starts_with(right, 0, ("hạng", "mục"))
        and (change_hit := _change(scan, left))[0]
    ):
        rank = True  # `tăng 5 bậc`

    if rank:
        unit = Unit.RANK
    if unit is None and e.denominator is None and _spaced_group(scan, e):
        return None  # `(0208) 3855 123`, `0912 345 678`: a phone number in spaced groups
    if unit is None and e.denominator is None and _enumeration(scan, e):
        return None  # `(1) tích hợp …`, `2. Phát triển …`: list markers
    if (
        unit is None
        and e.denominator is not None
        and e.denominator <= 12
        and e.value <= 31
        and (
            _suffix(left, len(left), lex.date_fraction_left)
            or _dated_bracket(scan, e)
        )
    ):
        return None  # `cho đến 1/5`, `tối chủ nhật (4/6)`: a day and month
    if unit is None and _not_a_quantity(scan, e):
        return None  # `+84912345678`, `1.Plizarri`, `01 – 05 – 07 – 16`
    if unit is None:
        if e.denominator is None and _is_year(e.value, e.kind, _digits_len(scan, e.start)):
            return None  # `năm 2025`, `(2021 – 2022)`
        if _suffix(left, len(left), lex.date_left):
            return None  # `ngày 15`, `tháng 8`, `quý 3`
        if _identifier(lex, left):
            return None  # `Nghị quyết 01`, `Bài 2`, `mức độ 3`, `lần thứ 5`
        if _prefix(right, 0, lex.nonclaim_right) or _prefix(right, 0, lex.furniture_right):
            return None  # `3 năm`, `2 lần`, `04 cấp hành chính`, `1.234 lượt xem`
        unit = Unit.COUNT
    elif unit is Unit.COUNT and (
        _prefix(right, 0, lex.nonclaim_right) or _prefix(right, 0, lex.furniture_right)
    ):
        return None  # `2 nghìn năm`
    if not plausible(e.value, unit):
        return None
    if unit is Unit.PERCENT and e.denominator is not None:
        return None

    counted: str | None = None
    counted_span: Span | None = None
    if unit is Unit.COUNT:
        counted_span = _counted(scan, e, right)
        if counted_span is not None:
            counted = scan.text[counted_span.start : counted_span.end]
        elif _MINUTE_MARK.match(scan.text, e.end, scan.hi) is not None:
            return None  # `Saul (12')`, `(24’)`: a minute of play, not a count
        elif e.range_part is not None and e.factor == 1.0 and _bare_score(scan, e):
            return None  # `Sài Gòn FC – Thái Sơn Nam: 0-3`, `thua ngược 1-3`: a score
        elif (
            e.factor == 1.0
            and e.range_part is None
            and not _suffix(left, len(left), lex.bare_count_left)
            and scan.text[e.start - 1 : e.start] != "("
            and not (
                scan.claim_end >= 0
                and LIST_JOIN.fullmatch(scan.text, scan.claim_end, e.start) is not None
            )
        ):
            return None  # a bare number with nothing counted and no claim verb before it
        elif _suffix(left, len(left), lex.weak_identifier_left):
            return None  # `gió cấp 5-6`

    change, change_cue = change_hit or _change(scan, left)
    if change is None and unit in _SIGNED_UNITS:
        change = _sign(scan, e.start)
    q, q_cue = _qualifier(scan, left, right, e)
    if qualifier is None:
        qualifier = q
    cue = _union(change_cue, q_cue)
    if change_cue is not None and q_cue is not None and change_cue.overlaps(q_cue):
        qualifier = Qualifier.EXACT  # `cao hơn 5%`: `hơn` belongs to the change cue
    return NumberMention(
        span=Span(e.start, e.end),
        value=float(e.value),
        unit=unit,
        qualifier=qualifier,
        denominator=e.denominator,
        change=change,
        counted=counted,
        counted_span=counted_span,
        cue_span=cue,
    )


_SIGNED_UNITS = frozenset({Unit.PERCENT, Unit.PERCENTAGE_POINT, Unit.VND, Unit.USD, Unit.POINT})


def _sign(scan: _Scan, start: int) -> Change | None:
    """`+12,5%` → increase, `(-0,04%)` → decrease: a sign glued to the digits."""
    sign = scan.char(start - 1)
    before = scan.char(start - 2)
    if sign in ("+", "-", "−") and (start - 1 == scan.lo or before.isspace() or before == "("):
        return Change.INCREASE if sign == "+" else Change.DECREASE
    return None


# A minute (or foot) mark right after the digits: `(12')`, `Ponce (29’)`.
_MINUTE_MARK = _rx.compile(r"['’′]")
_TIGHT_DASH = _rx.compile(r"\d[-–]\d")


def _bare_score(scan: _Scan, e: _Expr) -> bool:
    """Half of `a-b` written tight, with nothing counted after it and no cue before it:
    a score or tally (`0-3`, `6-2`), not a range of a quantity (`30-40 học viên`)."""
    lo, hi = (e.start, e.end) if e.range_part == "low" else (e.start - 2, e.end)
    if not _TIGHT_DASH.search(scan.text, max(scan.lo, lo), min(scan.hi, hi + 2)):
        return False
    if e.range_part == "low":
        return False  # judged by its high end, which sees what follows the pair
    left = scan.left(e.left_at())
    cue = _suffix(left, len(left), scan.lex.bare_count_left)
    # `Đội A – Đội B: 0-3`: a colon before a tight pair introduces a score
    return (cue is None or cue == (":",)) and _counted(scan, e, scan.right(e.tail)) is None


def _spaced_group(scan: _Scan, e: _Expr) -> bool:
    """True when the digits continue a run of digit groups split by single spaces."""
    return scan.char(e.start - 1) == " " and scan.char(e.start - 2).isdigit()


# `Ngày mai (5/6)`, `tối chủ nhật (4/6)`: a bare day/month in brackets after a day word.
_DAY_BEFORE_BRACKET = _rx.compile(
    r"(?<!\p{L})(?:ngày mai|hôm nay|hôm qua|chủ nhật|thứ (?:hai|ba|tư|năm|sáu|bảy)|"
    r"sáng|trưa|chiều|tối|đêm|ngày)\s*\(\s*\Z",
    regex.IGNORECASE,
)
# A lottery draw or a code: three numbers or more joined by dashes (`01 – 05 – 07`).
_DASH_CHAIN = _rx.compile(r"\d+\s*[-–]\s*\d+\s*[-–]\s*\d+")


def _dated_bracket(scan: _Scan, e: _Expr) -> bool:
    """`a/b` alone in brackets right after a day word: a date (`chủ nhật (4/6)`)."""
    lo = max(scan.lo, e.start - 24)
    return (
        _DAY_BEFORE_BRACKET.search(scan.text, lo, e.start) is not None
        and scan.char(e.end) == ")"
    )


def _not_a_quantity(scan: _Scan, e: _Expr) -> bool:
    """Digits that are a phone number (`+84…`), a squad number glued to a name
    (`1.Plizarri`) or part of a dashed chain of codes (`01 – 05 – 07 – 16`)."""
    text = scan.text
    if scan.char(e.start - 1) == "+" and e.end - e.start >= 8:
        return True
    if scan.char(e.end) == "." and _UPPER_AT.match(text, e.end + 1) is not None:
        return True
    lo, hi = max(scan.lo, e.start - 12), min(scan.hi, e.end + 12)
    return any(
        m.start() <= e.start and e.end <= m.end() for m in _DASH_CHAIN.finditer(text, lo, hi)
    )


def _enumeration(scan: _Scan, e: _Expr) -> bool:
    after = scan.char(e.end)
    if after not in (".", ")"):
        return False
    before = scan.text[scan.lo : e.start].rstrip(" ")
    if before.endswith("(") and after == ")":
        return True
    return not before.strip() and after in (".", ")")


def _near(toks: _Toks, phrases: _Phrases, limit: int) -> bool:
    return any(_prefix(toks, i, phrases) for i in range(min(limit, len(toks))))


def _identifier(lex: _Lexicon, left: _Toks) -> bool:
    p = _suffix(left, len(left), lex.identifier_left)
    if p is None:
        return False
    exc = _suffix(left, len(left), lex.identifier_exceptions)
    return not (exc and len(exc) >= len(p))


def _union(a: Span | None, b: Span | None) -> Span | None:
    if a is None or b is None:
        return a or b
    return Span(min(a.start, b.start), max(a.end, b.end))


def _span_of(toks: _Toks, j: int, p: Phrase) -> Span:
    return Span(toks.starts[j - len(p)], toks.ends[j - 1])


def _qualifier(scan: _Scan, left: _Toks, right: _Toks, e: _Expr) -> tuple[Qualifier, Span | None]:
    lex = scan.lex
    if e.range_part == "low":
        weak = _suffix(left, len(left), lex.weak_before)
        own = _before_cue(lex, left)
        if own and own[0] is not Qualifier.EXACT:
            return own
        return Qualifier.GTE, (_span_of(left, len(left), weak) if weak else None)
    if e.range_part == "high":
        return Qualifier.LTE, None
    weak = _suffix(left, len(left), lex.weak_before)
    # `trở lên` right after the value, or after its noun when `từ` opened it:
    # `từ 80% hồ sơ trở lên`.
    for i in range(min(len(right), 8 if weak else 1)):
        if not _is_letter(right.raws[i][0]):
            break
        if hit := lex.qual_after.prefix(right, i):
            p, q = hit
            cue = Span(right.starts[i], right.ends[i + len(p) - 1])
            if weak:
                cue = _union(cue, _span_of(left, len(left), weak)) or cue
            return q, cue
    return _before_cue(lex, left) or (Qualifier.EXACT, None)


def _before_cue(lex: _Lexicon, left: _Toks) -> tuple[Qualifier, Span | None] | None:
    j = len(left)
    for _ in range(2):
        if hit := lex.qual_before.suffix(left, j):
            return hit[1], _span_of(left, j, hit[0])
        f = _suffix(left, j, lex.fillers)
        if f is None:
            break
        j -= len(f)
    return None


def _change(scan: _Scan, left: _Toks) -> tuple[Change | None, Span | None]:
    lex = scan.lex
    j = len(left)
    for _ in range(4):
        if hit := lex.change.suffix(left, j):
            return hit[1], _span_of(left, j, hit[0])
        if _suffix(left, j, lex.change_blockers):
            return None, None
        f = _suffix(left, j, lex.change_fillers)
        if f is None:
            break
        j -= len(f)
    return None, None


def _counted(scan: _Scan, e: _Expr, right: _Toks) -> Span | None:
    """The counted noun phrase after a count: `811.319 tài khoản` → `tài khoản`.

    It runs to the first stop word or punctuation; a short list after a comma
    joins it (`36 kênh cấp tỉnh, huyện và …`), and a level number inside the
    name stays in it (`847.082 tài khoản định danh điện tử mức 2`).
    """
    lex = scan.lex
    i = 0
    # `85% (17/20) ngân hàng`: step over the closing bracket of a bracketed count.
    if right and right.lows[0] == ")" and scan.text[e.start - 1 : e.start] == "(":
        i = 1
    if scan.text[e.tail : right.starts[i] if i < len(right) else e.tail].strip(" )"):
        return None
    first = i
    n = _noun_words(scan, right, i, lex.counted_max)
    if not n:
        return None
    i += n
    last = i - 1
    while i < len(right) and right.lows[i] == "," and n < lex.counted_max:
        more = _noun_words(scan, right, i + 1, 3)
        j = i + 1 + more
        ends = j >= len(right) or (
            right.lows[j] != ","
            and (not _is_letter(right.raws[j][0]) or _prefix(right, j, lex.counted_stop))
        )
        if not more or not ends or (j < len(right) and right.raws[j][0].isdigit()):
            break
        n += more
        i, last = j, j - 1
    end = right.ends[last]
    if i < len(right) and _suffix(right, i, lex.counted_level) and right.raws[i].isdigit():
        end = right.ends[i]
    return Span(right.starts[first], end)


def _noun_words(scan: _Scan, toks: _Toks, i: int, limit: int) -> int:
    """How many words from `toks[i]` on run on as a noun phrase (at most `limit`)."""
    raws, starts, ends = toks.raws, toks.starts, toks.ends
    n = 0
    while i + n < len(toks) and n < limit:
        k = i + n
        if not _is_letter(raws[k][0]) or _prefix(toks, k, scan.lex.counted_stop):
            break
        if n and scan.text[ends[k - 1] : starts[k]].strip():
            break
        n += 1
    return n


# --- spelled small numbers -------------------------------------------------------------


def _spelled(scan: _Scan) -> list[NumberMention]:
    """`ba trụ cột`, `hai doanh nghiệp`: spelled numbers that state a count."""
    lex = scan.lex
    out: list[NumberMention] = []
    for m in lex.spelled_re.finditer(scan.text, scan.lo, scan.hi):
        word = m.group()
        if word[0].isupper() and scan.text[scan.lo : m.start()].strip():
            continue  # `Ba Đình`, `Hai Bà Trưng`: names, unless the sentence starts here
        key = _key(word)
        value = lex.spelled.get(key)
        if value is None:
            continue
        left = scan.left(m.start())
        right = scan.right(m.end())
        noun = _prefix(right, 0, lex.spelled_nouns)
        if noun is None or not right.raws[0][0].islower():
            continue
        if word.lower() in lex.spelled_ambiguous and not _suffix(
            left, len(left), lex.spelled_ambiguous_left
        ):
            continue  # `năm` is mostly `year`
        if left and (left.lows[-1] in {"một", "thứ"} or _key(left.raws[-1]) in lex.spelled):
            continue  # `một hai`, `thứ ba`, `hai ba ngày`
        if _identifier(lex, left) or _suffix(left, len(left), lex.date_left):
            continue
        e = _Expr(m.start(), m.end(), float(value), "spelled", unit=Unit.COUNT)
        counted = _counted(scan, e, right)
        change, change_cue = _change(scan, left)
        q, q_cue = _qualifier(scan, left, right, e)
        out.append(
            NumberMention(
                span=Span(m.start(), m.end()),
                value=float(value),
                unit=Unit.COUNT,
                qualifier=q,
                change=change,
                counted=scan.text[counted.start : counted.end] if counted else None,
                counted_span=counted,
                cue_span=_union(change_cue, q_cue),
            )
        )
    return out
