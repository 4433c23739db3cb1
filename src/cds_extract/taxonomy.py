"""The indicator taxonomy (patterns/indicators.yaml) and a phrase's id (SPEC §1 `indicator_id`).

One indicator phrased five ways (`tỷ lệ hồ sơ giải quyết đúng hạn`, `tỷ lệ hồ sơ TTHC
đúng hạn` …) gets one stable id: each entry has keyword sets, and a phrase takes the
entry whose set it holds, with a unit the entry allows. Precision comes first: a wrong
id is worse than none, so a value whose phrase and clause name no indicator keeps None.

Where the phrase names no indicator (`tỷ lệ cấp huyện`, `thứ hạng`), the value's clause
may: `Tỷ lệ hồ sơ trực tuyến cấp tỉnh đạt 80%, cấp huyện 70%` (70% is the same rate),
`Kinh tế số xếp thứ 8` (the pillar's rank), `xếp thứ 2 cả nước về Chỉ số SIPAS`. The
text before the value (back to `;`/`:`) and, for scores and ranks, after it are cut
into chunks at commas, brackets and numbers, and the chunk nearest the value that holds
a keyword set gives the id. Counts never take an id from their clause: the counted
noun after the value is what they count (`2.150 tổ … với hơn 11.000 thành viên`).

`weak_keywords` name only a topic (`chuyển đổi số`): the indicators stage writes
`thứ hạng chuyển đổi số` for any bare rank in an article about chuyển đổi số, so such a
match gives way to an indicator the clause names (`Nhận thức số xếp hạng 1/63`).

`explain(phrase, unit, before=…, after=…)` says which set matched where.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import regex

from . import _rx
from ._memo import Memo
from ._resources import load_patterns
from .claim import Claim, Unit
from .normalise import expand_abbreviations, fold
from .schemas.indicators import Indicator, IndicatorFile

_TOKEN = _rx.compile(r"[\p{L}\p{N}]+")
# `_TOKEN` for the stdlib engine, which reads a run of letters and digits ~2x faster:
# `[^\W_]` is a character `str.isalnum` takes, the same set as `[\p{L}\p{N}]` but for
# code points Python's Unicode database (15.0 in 3.11) leaves unassigned and `regex`'s
# newer one assigns; no text holds those.
_SYLLABLE = re.compile(r"[^\W_]+")
# Chunk boundaries in a value's clause: punctuation that closes a phrase or sentence, and
# numbers (each number has its own phrase before it; `2.255` is matched as a number, so a
# dot inside it is no boundary; `4G`, `3G/4G` are words, not numbers; a date's number
# (`tháng 8/2021`, `năm 2023`) is part of its clause, not a figure with its own noun).
_CHUNK_SPLIT = _rx.compile(
    r"[,;:.!?\n()\[\]“”\"…]"
    r"|(?<![\p{L}\d/.,-])(?<!(?i:ngày|tháng|năm|quý)\s)\d+(?:[.,/-]\d+)*(?!\p{L})"
)
_LEFT_CHUNKS = 6  # how far back (in chunks) the clause before a score or rank is read
_NEXT_NUMBER = _rx.compile(r"(?<!\p{L})\d")
_QUOTED = _rx.compile(r"“([^“”]{3,120})”")
_RIGHT_CHUNKS = 3
# Units whose indicator may be named after the value (`xếp thứ 2 về Chỉ số SIPAS`,
# `0,52 điểm … trong bảng xếp hạng DTI`): scores and ranks.
_AFTER_UNITS = frozenset({Unit.RANK, Unit.POINT})

Syllables = tuple[str, ...]
Where = Literal["phrase", "before", "after", "carried", "frame"]


def _syllables(text: str) -> Syllables:
    """Lower-case, tone-folded syllables of ``text`` (`Tỷ lệ` → `('tỷ', 'lệ')`)."""
    out: list[str] = []
    # piece by piece between spaces: a piece of letters and digits only (`str.isalnum`,
    # the characters `_SYLLABLE` takes) is one syllable; the pattern reads the others
    for piece in fold(unicodedata.normalize("NFC", text).lower()).split():
        if piece.isalnum():
            out.append(piece)
        else:
            out.extend(_SYLLABLE.findall(piece))
    return tuple(out)


_READ: Memo[str, Syllables] = Memo(16384)


def _read(text: str) -> Syllables:
    """`_syllables` of ``text`` with its abbreviations expanded; cached, since the
    chunks of one sentence are read again for each of its figures."""
    got = _READ.get(text)
    if got is None:
        got = _READ.put(text, _syllables_expanded(text))
    return got


def _syllables_expanded(text: str) -> Syllables:
    return _syllables(expand_abbreviations(text))


@dataclass(frozen=True, slots=True)
class _Set:
    keys: tuple[tuple[Syllables, bool], ...]  # (keyword, anchored at the phrase start)
    words: tuple[str, ...]  # as written in the file, for `explain`
    weak: bool


@dataclass(frozen=True, slots=True)
class _Entry:
    indicator: Indicator
    sets: tuple[_Set, ...]
    exclude: tuple[Syllables, ...]


def _set(words: Sequence[str], weak: bool) -> _Set:
    keys = tuple((_syllables(k), k.startswith("^")) for k in words)
    return _Set(keys, tuple(words), weak)


@functools.cache
def _spec() -> IndicatorFile:
    return load_patterns("indicators.yaml", IndicatorFile)


@functools.cache
def _taxonomy() -> tuple[_Entry, ...]:
    out = []
    for ind in _spec().indicators:
        sets = tuple(_set(s, False) for s in ind.keywords)
        sets += tuple(_set(s, True) for s in ind.weak_keywords)
        exclude = tuple(x for x in (_syllables(x) for x in ind.exclude) if x)
        out.append(_Entry(ind, sets, exclude))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class _UnitIndex:
    """The entries a value of one unit may take, indexed by keyword."""

    entries: tuple[_Entry, ...]
    lengths: frozenset[int]  # keyword lengths in syllables
    # a keyword set can match only when its longest keyword occurs: that keyword →
    # (entry, set) positions, so a phrase checks only the sets one of its runs opens
    by_key: dict[Syllables, tuple[tuple[int, int], ...]]
    # first syllable → the lengths of the keywords (and exclusions) it opens: a run of
    # syllables is looked up only where a keyword can start
    starts: dict[str, tuple[int, ...]]


@functools.cache
def _unit_index(unit: Unit) -> _UnitIndex:
    entries = tuple(e for e in _taxonomy() if _unit_agrees(unit, e.indicator.units))
    lengths = {len(k) for e in entries for s in e.sets for k, _a in s.keys}
    lengths |= {len(x) for e in entries for x in e.exclude}
    by_key: dict[Syllables, list[tuple[int, int]]] = {}
    starts: dict[str, set[int]] = {}
    for i, entry in enumerate(entries):
        for j, kw_set in enumerate(entry.sets):
            key = max((k for k, _a in kw_set.keys), key=len)
            by_key.setdefault(key, []).append((i, j))
            for k, _a in kw_set.keys:
                starts.setdefault(k[0], set()).add(len(k))
        for x in entry.exclude:
            starts.setdefault(x[0], set()).add(len(x))
    return _UnitIndex(
        entries,
        frozenset(lengths),
        {k: tuple(v) for k, v in by_key.items()},
        {w: tuple(sorted(ns)) for w, ns in starts.items()},
    )


def taxonomy() -> list[Indicator]:
    """The canonical indicators of patterns/indicators.yaml, in file order."""
    return [e.indicator for e in _taxonomy()]


def sources() -> dict[str, str]:
    """Source document key → full title (the `sources` of patterns/indicators.yaml)."""
    return dict(_spec().sources)


@functools.cache
def _by_id() -> dict[str, Indicator]:
    return {e.indicator.id: e.indicator for e in _taxonomy()}


def indicator(indicator_id: str) -> Indicator | None:
    """The taxonomy entry with this id, or None (`indicator("dti_rank").label`)."""
    return _by_id().get(indicator_id)


def _unit_agrees(unit: Unit, units: Sequence[Unit]) -> bool:
    if unit in units:
        return True
    # a percentage-point change is a change of a percentage indicator
    return unit is Unit.PERCENTAGE_POINT and Unit.PERCENT in units


@dataclass(frozen=True, slots=True)
class Match:
    """Why a value got its id: the keyword set that matched, and in what text."""

    id: str
    label: str
    keywords: tuple[str, ...]
    where: Where  # the phrase itself, or the value's clause before / after it
    text: str  # the phrase or the chunk of the clause the set was found in
    weak: bool  # a topic-only set (`chuyển đổi số`)

    def __str__(self) -> str:
        kind = "topic keywords" if self.weak else "keywords"
        if self.where == "carried" and not self.keywords:
            return f"{self.id} ({self.label}): carried from the figure this sentence continues"
        where = {
            "phrase": "the phrase",
            "before": "the clause before the value",
            "after": "the clause after the value",
            "frame": "the article's title and lead",
            "carried": "the phrase with the figure it continues",
        }[self.where]
        keys = " + ".join(f"«{k}»" for k in self.keywords)
        return f"{self.id} ({self.label}): {kind} {keys} in {where}: «{self.text.strip()}»"


def _grams(hay: Syllables, index: _UnitIndex) -> set[Syllables]:
    """Every run of syllables that could be a keyword (it opens with a keyword's first
    syllable and has a keyword's length): a keyword check is then a set lookup."""
    starts = index.starts
    out: set[Syllables] = set()
    for i, w in enumerate(hay):
        for n in starts.get(w, ()):
            if i + n <= len(hay):
                out.add(hay[i : i + n])
    return out


def _best(text: str, unit: Unit, where: Where, *, own: str = "") -> Match | None:
    """The best entry whose keyword set occurs in ``text``: full sets before weak ones,
    then the most syllables covered plus the entry's weight; ties to the earlier entry.

    With ``own`` (the value's phrase), ``text`` is read after it, and a set matches only
    if one of its keywords is in ``own``: the clause completes the phrase (`số thành
    viên` … `tổ công nghệ số cộng đồng`), never replaces it.
    """
    found = _matches(text, unit, own, anchors=where == "phrase" or bool(own))
    if not found:
        return None
    _score, i, j = max(found, key=lambda f: (f[0], -f[1]))
    entry = _unit_index(unit).entries[i]
    kw_set = entry.sets[j]
    if own:
        text = own + " | " + text
    return Match(entry.indicator.id, entry.indicator.label, kw_set.words, where, text, kw_set.weak)


@functools.lru_cache(maxsize=4096)
def _own(phrase: str, unit: Unit) -> Match | None:
    """`_best` of a value's phrase alone (cached: `evidence` reads each claim's phrase
    twice, and phrases repeat across an article)."""
    return _best(phrase, unit, "phrase")


_Found = tuple[tuple[tuple[bool, int], int, int], ...]
# `_matches` and `_quiet_text` by unit, then by their str arguments: keys of str and bool
# only, which the garbage collector stops walking (a `Unit` is an object it tracks).
_MATCHES: dict[Unit, Memo[tuple[str, str, bool], _Found]] = {}
_QUIET: dict[Unit, Memo[str, bool]] = {}


def _matches(text: str, unit: Unit, own: str = "", *, anchors: bool = False) -> _Found:
    """(score, entry, set) of every keyword set of a ``unit`` entry that ``text`` holds;
    sets with an anchored keyword only when ``text`` opens with a phrase (``anchors``)."""
    memo = _MATCHES.get(unit)
    if memo is None:
        memo = _MATCHES[unit] = Memo(8192)
    key = (text, own, anchors)
    got = memo.get(key)
    if got is None:
        got = memo.put(key, _found(text, unit, own, anchors))
    return got


def _found(text: str, unit: Unit, own: str, anchors: bool) -> _Found:
    index = _unit_index(unit)
    mine: set[Syllables] = set()
    if own:
        # the phrase and the clause are read side by side: no keyword spans the two
        head = _read(own)
        mine = _grams(head, index)
        hay = head
        grams = mine | _grams(_read(text), index)
    else:
        hay = _read(text)
        grams = _grams(hay, index)
    if not grams:
        return ()
    candidates = sorted({ij for g in grams for ij in index.by_key.get(g, ())})
    found = []
    excluded: dict[int, bool] = {}
    for i, j in candidates:
        entry = index.entries[i]
        if i not in excluded:
            excluded[i] = not grams.isdisjoint(entry.exclude)
        if excluded[i]:
            continue
        kw_set = entry.sets[j]
        if own and all(k not in mine for k, _a in kw_set.keys):
            continue
        if not anchors and any(a for _k, a in kw_set.keys):
            continue  # `^số sàn` anchors at a phrase's start, which a clause chunk is not
        if all((hay[: len(k)] == k) if anchored else (k in grams) for k, anchored in kw_set.keys):
            score = (not kw_set.weak, sum(len(k) for k, _a in kw_set.keys) + entry.indicator.weight)
            found.append((score, i, j))
    return tuple(found)


def _chunks_before(text: str, *, linked: bool = False, limit: int = _LEFT_CHUNKS) -> list[str]:
    """Chunks of the clause before a value, nearest first, at most ``limit``.

    A chunk that starts right after a number is that number's own noun (`95% hồ sơ
    đúng hạn, 30%`: `hồ sơ đúng hạn` is what 95% counts, not the measure of 30%), so it
    is left out, unless a bracket opens after it (`12.516 hồ sơ trực tuyến (đạt tỷ lệ
    22,33%)`: the bracket is about that noun) or, when ``linked``, it links what follows
    to itself (`1.950 tổ công nghệ số cộng đồng với 9.000 thành viên`: `part_links`).
    """
    # (chunk, starts after a number, ends at a bracket) in text order
    parts: list[tuple[str, bool, bool]] = []
    pos, after_number = 0, False
    for m in _CHUNK_SPLIT.finditer(text):
        parts.append((text[pos : m.start()], after_number, m.group() == "("))
        pos, after_number = m.end(), m.group()[0].isdigit()
    parts.append((text[pos:], after_number, False))
    out: list[str] = []
    for i, (chunk, after_num, bracket) in enumerate(parts):
        # `544 sản phẩm …, trong đó 416 …`: the link may open the next chunk
        link = linked and (
            _part_link(chunk) or (i + 1 < len(parts) and _part_link(parts[i + 1][0]))
        )
        if not after_num or bracket or link:
            out.append(chunk)
    return [c for c in reversed(out) if _TOKEN.search(c)][:limit]


@functools.cache
def _part_links() -> _rx.Pattern:
    words = sorted({fold(c.lower()) for c in _spec().part_links}, key=lambda w: (-len(w), w))
    body = "|".join(regex.escape(c) for c in words) or "(?!)"
    return _rx.compile(rf"(?<!\w)(?:{body})(?!\w)")


def _part_link(chunk: str) -> bool:
    return bool(_part_links().search(fold(chunk.lower())))


def _adjacent(before: str) -> str:
    """The chunk that ends at the value (`…; tiến độ giải quyết đạt ` → `tiến độ giải
    quyết đạt `), or "" when a number ends right before it (that number's noun)."""
    last = None
    for m in _CHUNK_SPLIT.finditer(before):
        last = m
    if last is None:
        return before
    if last.group()[0].isdigit():
        return ""
    return before[last.end() :]


def _chunks_after(text: str) -> list[str]:
    return [c for c in _CHUNK_SPLIT.split(text) if _TOKEN.search(c)][:_RIGHT_CHUNKS]


def _nearest(chunks: Sequence[str], unit: Unit, where: Where, own: str = "") -> Match | None:
    """The match in the first chunk (nearest the value first) that holds one."""
    for chunk in chunks:
        m = _best(chunk, unit, where, own=own)
        if m is not None:
            return m
    return None


@functools.lru_cache(maxsize=1024)
def explain(
    phrase: str,
    unit: Unit,
    *,
    before: str = "",
    after: str = "",
    carried: str | None = None,
    frame: str = "",
) -> Match | None:
    """Why ``phrase`` (a value's indicator phrase, with its unit) gets its id, or None.

    An entry matches when all keywords of one of its sets occur (whole syllables,
    tone-folded, lower case, abbreviations expanded). The evidence, strongest first:

    1. the phrase itself, by a full keyword set;
    2. the phrase completed by its clause (a set with a keyword in the phrase and the
       others in the clause before or after the value, nearest chunk first), then the
       clause before the value alone (``before``: the sentence up to the value) and, for
       scores and ranks, after it (``after``);
    3. ``carried``: the id of the figure this one continues (`assign` passes it when
       the sentence opens with `Trong đó`, `Còn` … and names no indicator);
    4. a topic-only set (`weak_keywords`) in the clause before, then
    5. the article's report frame (``frame``: its title and lead) for scores, ranks and
       index percentages, when it names one index of that unit and no other;
    6. a topic-only set in the phrase or after the value.

    A count's clause only adds to its counted noun: a set matches there only when one
    of its keywords is in the phrase (`số thành viên` + `tổ công nghệ số cộng đồng`).

    >>> print(explain("tỷ lệ hồ sơ TTHC đúng hạn", Unit.PERCENT))  # doctest: +NORMALIZE_WHITESPACE
    ontime_dossier_rate (tỷ lệ hồ sơ giải quyết đúng hạn):
    keywords «hồ sơ» + «đúng hạn» in the phrase: «tỷ lệ hồ sơ TTHC đúng hạn»
    >>> explain("thứ hạng", Unit.RANK, before="Nhận thức số xếp hạng ").id
    'dti_awareness'
    """
    segment = before[before.rfind(";") + 1 :]
    if _silent(phrase, before, after, unit):
        # no keyword of any entry of this unit anywhere in the sentence (most figures of
        # a news corpus): only a continued figure or the report frame can give an id
        return _from_article(phrase, unit, carried, frame)
    if unit in _AFTER_UNITS:
        # a score or rank in a list (`tiến độ giải quyết đạt 19,31 điểm; dịch vụ trực
        # tuyến là 17,49 điểm`, `an toàn thông tin 18,95/50 điểm, xếp thứ 7/11`) is named
        # by the nearest chunk of its own clause that names anything, which the phrase
        # (carried over from another item) may miss
        m = _nearest(_chunks_before(segment), unit, "before")
        if m is not None and not m.weak:
            return m
    own = _own(phrase, unit)
    if own is not None and not own.weak:
        return own
    subject = None
    if unit in (Unit.PERCENT, Unit.PERCENTAGE_POINT):
        folded = fold(before.lower())
        if _bracket_tail().search(folded) is not None:
            subject = _bracketed().search(folded)
    if subject is not None:
        # `16 hồ sơ (chiếm 0,08%)`: the bracket is about the count before it and nothing
        # else; if that count's phrase names no indicator, nothing farther away does
        noun, whole = subject.group("noun"), subject.group("left") + " " + subject.group("noun")
        tries = [
            _best(noun, unit, "before", own=phrase),
            _best(whole, unit, "before", own=phrase),
            _best(noun, unit, "before"),
            _best(whole, unit, "before"),
        ]
        found = [m for m in tries if m is not None]
        return next((m for m in found if not m.weak), found[0] if found else None)
    quoted = _QUOTED.findall(segment)
    if quoted:
        # `chỉ tiêu “Thanh toán trực tuyến” được quy định 35%`: a name in quotes before
        # the value is the measure the value is given for
        m = _best(quoted[-1], unit, "before")
        if m is not None and not m.weak:
            return m
    if unit is Unit.COUNT and _among().search(fold(before.lower())):
        # `trong số 88 doanh nghiệp`: the size of a group, named by its own noun only
        return own
    clause_before = _chunks_before(segment, linked=True)
    clause_after = _chunks_after(after.split(";", 1)[0])
    # the phrase completed by its clause: `tỷ trọng … GRDP` + `kinh tế số` before it; a
    # count only from before it (after it comes the next item: `5 công ty viễn thông và
    # hơn 70.000 doanh nghiệp`)
    m = _nearest(clause_before, unit, "before", own=phrase)
    if m is None or m.weak:
        # a count's own noun runs up to the next number (`507 hộ kinh doanh chuyển sang
        # dùng hóa đơn điện tử`); after that comes the next item
        tail = _NEXT_NUMBER.split(after, 1)[0] if unit is Unit.COUNT else after
        m = _nearest(_chunks_after(tail.split(";", 1)[0]), unit, "after", own=phrase)
    if m is not None and not m.weak:
        return m
    left = right = None
    if unit in _AFTER_UNITS or (unit is not Unit.COUNT and bare(phrase)):
        # the clause alone names the measure of a score or rank (`Kinh tế số xếp thứ 8`),
        # or of a figure whose phrase names none (`cấp huyện 70%`); a phrase that names a
        # measure outside the taxonomy (`tiết kiệm 80% công sức`) keeps no id
        left = _nearest(_chunks_before(segment), unit, "before")
        if left is not None and not left.weak:
            return left
        if unit in _AFTER_UNITS:
            right = _nearest(clause_after, unit, "after")
        elif _LISTED.search(before):
            # `Đà Nẵng (67%), Nam Định (65,9%) … là 5 tỉnh dẫn đầu về tỷ lệ hồ sơ trực
            # tuyến`: a list of places with bracketed figures names its measure after it
            tail = after.split(";", 1)[0]
            right = _nearest(
                [c for c in _CHUNK_SPLIT.split(tail) if _TOKEN.search(c)], unit, "after"
            )
        if right is not None and not right.weak:
            return right
    return _from_article(phrase, unit, carried, frame, left) or own or right


def _quiet(sentence: str, phrase: str, unit: Unit) -> bool:
    """`_silent` for a whole sentence and a phrase, each read once however many figures
    the sentence holds."""
    return _quiet_text(sentence, unit) and _quiet_text(phrase, unit)


def _quiet_text(text: str, unit: Unit) -> bool:
    """No keyword of a ``unit`` entry in ``text``."""
    memo = _QUIET.get(unit)
    if memo is None:
        memo = _QUIET[unit] = Memo(4096)
    got = memo.get(text)
    if got is None:
        index = _unit_index(unit)
        got = memo.put(text, index.by_key.keys().isdisjoint(_grams(_read(text), index)))
    return got


def _says_only(phrase: str, m: Match) -> bool:
    """Whether a count's ``phrase`` says nothing the match's keywords do not: the clause
    may complete a counted noun (`số thành viên` of `tổ công nghệ số cộng đồng`), not
    lend its measure to another (`88 doanh nghiệp được … vinh danh` after `doanh
    nghiệp viễn thông`)."""
    said = {w for k in m.keywords for w in _syllables(k)}
    return set(_leftover(phrase)) <= said


def _silent(phrase: str, before: str, after: str, unit: Unit) -> bool:
    """Whether no keyword set of a ``unit`` entry can match anywhere in the sentence:
    a set matches only where its longest keyword occurs."""
    index = _unit_index(unit)
    hay = _read(f"{before} {phrase} {after}")
    return index.by_key.keys().isdisjoint(_grams(hay, index))


def _from_article(
    phrase: str, unit: Unit, carried: str | None, frame: str, left: Match | None = None
) -> Match | None:
    """The id the article gives a figure: the figure it continues (``carried``), a
    topic-only match of its clause (``left``), or the report frame (``frame``)."""
    if carried is not None:
        ind = _by_id().get(carried)
        if unit is Unit.COUNT and ind is not None:
            # a count names its own noun: it continues the figure before only through it
            # (`Toàn tỉnh có 1.871 tổ công nghệ số cộng đồng. Trong đó, có 138 tổ cấp xã
            # … với 10.257 thành viên`: tổ → the teams, thành viên → their members)
            m = _best(ind.label, unit, "carried", own=phrase)
            # … but only if the phrase says nothing else (`4 thôn chưa có điện lưới` does
            # not continue `273 thôn trắng sóng`)
            if m is not None and not m.weak and _says_only(phrase, m):
                return m
        elif ind is not None and _unit_agrees(unit, ind.units):
            return Match(ind.id, ind.label, (), "carried", carried, False)
    if left is not None:
        return left
    if frame and unit is not Unit.COUNT and (unit in _AFTER_UNITS or _index_word(phrase)):
        return _frame_match(frame, unit, bare(phrase))
    return None


@functools.lru_cache(maxsize=1024)
def _frame_match(frame: str, unit: Unit, any_entry: bool = False) -> Match | None:
    """The one index of this unit the report frame names by a full set, else None.

    Only a whole index frames figures (`frames: true` in the data), unless
    ``any_entry``: a figure whose phrase is `bare` is about what the frame names
    (`Đà Nẵng đứng thứ 2 về tỷ lệ hồ sơ trực tuyến` … `Đà Nẵng (67%)`).
    """
    index = _unit_index(unit)
    found: dict[int, int] = {}
    for chunk in _frame_chunks(frame):
        for (strong, _n), i, j in _matches(chunk, unit):
            ind = index.entries[i].indicator
            if strong and (ind.frames or any_entry) and unit in ind.units:
                found.setdefault(i, j)
    if len(found) != 1:
        return None
    ((i, j),) = found.items()
    entry = index.entries[i]
    kw_set = entry.sets[j]
    return Match(entry.indicator.id, entry.indicator.label, kw_set.words, "frame", frame, False)


@functools.lru_cache(maxsize=256)
def _frame_chunks(frame: str) -> tuple[str, ...]:
    """The chunks of a report frame (split once for all the units read in it)."""
    return tuple(_CHUNK_SPLIT.split(frame))


def indicator_id(phrase: str, unit: Unit, *, before: str = "", after: str = "") -> str | None:
    """Id of the taxonomy entry matching ``phrase`` with a compatible unit, else None.

    ``before`` / ``after``: the value's sentence around the value, read when the phrase
    names no indicator (see `explain`, which also says which keywords matched).

    >>> indicator_id("tỷ lệ hồ sơ TTHC giải quyết đúng hạn", Unit.PERCENT)
    'ontime_dossier_rate'
    >>> indicator_id("số tổ công nghệ số cộng đồng cấp xã", Unit.COUNT)
    'community_tech_teams'
    >>> before = "Tỷ lệ hồ sơ trực tuyến cấp tỉnh đạt 80%, cấp huyện "
    >>> indicator_id("tỷ lệ cấp huyện", Unit.PERCENT, before=before)
    'online_dossier_rate'
    """
    m = explain(phrase, unit, before=before, after=after)
    return m.id if m else None


@functools.cache
def _bracketed() -> _rx.Pattern:
    """A value right after a count, in a bracket (`12.516 hồ sơ trực tuyến (đạt tỷ lệ
    22,33%)`, `10 tỉnh (15,87%)`) or after a comma and a share cue (`32/45 nhiệm vụ, đạt
    tỷ lệ 71,11%`): group `left` is the count's own phrase, `noun` its noun."""
    return _rx.compile(
        r"(?P<left>[^\d()\[\];.]{0,100}?)(?<!\p{L})\d[\d.,/]*\s*"
        r"(?P<noun>[^\d()\[\],;:.]{1,80})" + _BRACKET_TAIL.format(cues=_share_cues())
    )


# How a text that `_bracketed` matches ends: a bracket opened with at most three words
# after it, or a comma and a share cue. `_bracketed` tries each start position and each
# length of its lazy `left` (~0.3 ms a sentence); a text it can match must end so, and
# this, searched backwards from the end (`(?r)`), says so at once.
_BRACKET_TAIL = r"(?:\(\s*(?:[^\W\d]+\s+){{0,3}}|,\s*(?:{cues})\s+)$"


@functools.cache
def _share_cues() -> str:
    cues = sorted({fold(c.lower()) for c in _spec().share_cues}, key=lambda w: (-len(w), w))
    return "|".join(regex.escape(c) for c in cues) or "(?!)"


@functools.cache
def _bracket_tail() -> _rx.Pattern:
    return _rx.compile("(?r)" + _BRACKET_TAIL.format(cues=_share_cues()))


# A value in a bracket right after a capitalised name (`Nam Định (65,9%)`).
_LISTED = _rx.compile(r"\p{Lu}[\p{L}.]*\s*\(\s*$")

_FRAME_LINES = 2  # title and lead
_FRAME_MIN_WORDS = 4  # a line of fewer words is page furniture (`Chuyển đổi số`, a date)


def report_frame(text: str) -> str:
    """The article's title and lead: its first two lines of at least four words."""
    picked: list[str] = []
    start = 0
    # line by line from the top, stopping at the second: an article is not split whole
    while len(picked) < _FRAME_LINES and start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end].strip()
        if len(line.split(None, _FRAME_MIN_WORDS)) >= _FRAME_MIN_WORDS:  # (a lead is long)
            picked.append(line)
        start = end + 1
    return "\n".join(picked)


@functools.cache
def _continuation() -> _rx.Pattern:
    cues = sorted({fold(c.lower()) for c in _spec().continuation_cues}, key=lambda w: (-len(w), w))
    body = "|".join(regex.escape(c) for c in cues) or "(?!)"
    return _rx.compile(rf"^\W*(?:{body})(?!\w)")


@functools.cache
def _anaphora() -> _rx.Pattern:
    words = sorted({fold(c.lower()) for c in _spec().anaphora}, key=lambda w: (-len(w), w))
    body = "|".join(regex.escape(c) for c in words) or "(?!)"
    return _rx.compile(rf"(?<!\w)(?:{body})(?!\w)")


@functools.cache
def _index_words() -> _rx.Pattern:
    words = sorted({fold(c.lower()) for c in _spec().index_words}, key=lambda w: (-len(w), w))
    body = "|".join(regex.escape(c) for c in words) or "(?!)"
    return _rx.compile(rf"(?<!\w)(?:{body})(?!\w)")


_INDEX_WORD: Memo[str, bool] = Memo(4096)


def _index_word(phrase: str) -> bool:
    """Whether a percentage's phrase speaks of an index's result (`chỉ số`, `kết quả`)."""
    got = _INDEX_WORD.get(phrase)
    if got is None:
        got = _INDEX_WORD.put(phrase, _has_index_word(phrase))
    return got


def _has_index_word(phrase: str) -> bool:
    return bool(_index_words().search(fold(phrase.lower())))


@functools.cache
def _bare_words() -> frozenset[Syllables]:
    return frozenset(_syllables(w) for w in _spec().bare_words)


@functools.cache
def _bare_starts() -> dict[str, tuple[int, ...]]:
    """First syllable of a `bare_words` entry → the lengths of the entries it opens,
    longest first: a syllable that opens none is kept without a lookup per length."""
    lengths: dict[str, set[int]] = {}
    for k in _bare_words():
        if k:
            lengths.setdefault(k[0], set()).add(len(k))
    return {w: tuple(sorted(ns, reverse=True)) for w, ns in lengths.items()}


def _leftover(phrase: str) -> Syllables:
    """The syllables of ``phrase`` that are not head or filler words (`bare_words`) nor
    capitalised names: what the phrase itself says is measured."""
    # a capitalised name (`Sông Lô`) names no measure; an abbreviation (`CHXD`) may
    words = [
        w
        for w in _TOKEN.findall(phrase)
        if not w[0].isdigit() and not (w[0].isupper() and not w.isupper())
    ]
    hay = _syllables(" ".join(words))
    known = _bare_words()
    starts = _bare_starts()
    out: list[str] = []
    i = 0
    while i < len(hay):
        # the longest entry that stands at i, if any
        for n in starts.get(hay[i], ()):
            if i + n <= len(hay) and hay[i : i + n] in known:
                i += n
                break
        else:
            out.append(hay[i])
            i += 1
    return tuple(out)


_BARE: Memo[str, bool] = Memo(4096)


def bare(phrase: str) -> bool:
    """Whether ``phrase`` names no measure: only head and filler words and capitalised
    names (`tỷ lệ`, `tỷ lệ huyện Sông Lô`, `thứ hạng (thành phố Tuyên Quang)`)."""
    got = _BARE.get(phrase)
    if got is None:
        got = _BARE.put(phrase, _bare(phrase))
    return got


def _bare(phrase: str) -> bool:
    return not _leftover(phrase)


@functools.cache
def _population_pattern() -> _rx.Pattern:
    words = sorted({fold(c.lower()) for c in _spec().population_words}, key=lambda w: (-len(w), w))
    body = "|".join(regex.escape(c) for c in words) or "(?!)"
    # not a level (`cấp xã`), not before a name (`huyện Sông Lô`)
    return _rx.compile(rf"(?<!\bcấp )(?<!\w)(?:{body})(?!\w)(?!\s+\p{{Lu}})")


def _population(phrase: str) -> set[str]:
    """What a ``phrase`` says its percentage counts (`tỷ lệ xã` → {xã})."""
    return {m.group() for m in _population_pattern().finditer(fold(phrase.lower()))}


def _other_population(phrase: str, carried: str) -> bool:
    """Whether ``phrase`` counts another population than the ``carried`` entry does:
    `90% hộ gia đình, 100% xã` — the communes do not continue the households."""
    mine = _population(phrase)
    ind = _by_id().get(carried)
    theirs = _population(ind.label) if ind is not None else set()
    return bool(mine and theirs and not mine & theirs)


@functools.cache
def _among() -> _rx.Pattern:
    words = sorted({fold(c.lower()) for c in _spec().among_cues}, key=lambda w: (-len(w), w))
    body = "|".join(regex.escape(c) for c in words) or "(?!)"
    return _rx.compile(rf"(?<!\w)(?:{body})\s*$")


def _anaphor(phrase: str) -> bool:
    return bool(_anaphora().search(fold(phrase.lower())))


def continues(sentence: str, phrase: str = "") -> bool:
    """Whether a figure continues the one before: its ``sentence`` opens as a
    continuation (`Trong đó: …`, `Còn …`) or its ``phrase`` is an anaphor (`tỷ lệ này`)."""
    return _opens_continuation(sentence) or bool(phrase and _anaphor(phrase))


@functools.lru_cache(maxsize=256)
def _opens_continuation(sentence: str) -> bool:
    """`continues` for the sentence, read once for all its figures."""
    return bool(_continuation().match(fold(sentence.lower())))


def claim_context(claim: Claim, text: str | None = None) -> tuple[str, str]:
    """The text of ``claim``'s sentence before and after its value.

    With the article ``text`` the value is placed by its offsets; without it, at the
    first occurrence of `value_text` in the sentence.
    """
    sentence, value = claim.sentence, claim.value_text
    at = -1
    if text is not None:
        start = text.find(sentence, max(0, claim.value_end - len(sentence)))
        if 0 <= start <= claim.value_start:
            at = claim.value_start - start
    if at < 0:
        at = sentence.find(value)
    if at < 0:
        return "", ""
    return sentence[:at], sentence[at + len(value) :]


def explain_claim(claim: Claim, text: str | None = None) -> Match | None:
    """`explain` for a claim: its phrase, unit and sentence (`claim_context`)."""
    before, after = claim_context(claim, text)
    return explain(claim.indicator, claim.unit, before=before, after=after)


_CARRY_SENTENCES = 2  # how many sentences back a continued figure is looked for
_FRAME_SENTENCES = 3  # how many sentences back a sentence naming an index frames a figure
_ID_EVIDENCE = 0.20  # assemble's confidence weight for an id (its evidence table)


@dataclass(unsafe_hash=True)  # see DEVELOPERS.md, "Records in compiled modules"
class Evidence:
    """What `explain` is given for one claim of an article (see `explain_all`)."""

    phrase: str
    unit: Unit
    before: str
    after: str
    carried: str | None
    frame: str

    def __init__(
        self, phrase: str, unit: Unit, before: str, after: str, carried: str | None, frame: str
    ) -> None:
        self.phrase = phrase
        self.unit = unit
        self.before = before
        self.after = after
        self.carried = carried
        self.frame = frame

    def explain(self) -> Match | None:
        return explain(
            self.phrase,
            self.unit,
            before=self.before,
            after=self.after,
            carried=self.carried,
            frame=self.frame,
        )


def explain_all(claims: Sequence[Claim], text: str) -> list[Match | None]:
    """`explain` for each claim of one article, in order (`evidence`)."""
    return [m for _e, m in evidence(claims, text)]


def _unreadable(claim: Claim) -> bool:
    """Whether nothing but the claim's own phrase could give it an id, and it gives none:
    `explain` reads the clause only for ranks and scores (`_AFTER_UNITS`), phrases that
    name no measure (`bare`) or share a keyword with the clause, and an index's result
    (`_index_word`) from the report frame; a figure is carried only after an id."""
    # (a quiet phrase holds no keyword, so no set of its own matches it either)
    return (
        claim.unit not in _AFTER_UNITS
        and _quiet_text(claim.indicator, claim.unit)
        and not bare(claim.indicator)
        and not _index_word(claim.indicator)
    )


def evidence(claims: Sequence[Claim], text: str) -> list[tuple[Evidence, Match | None]]:
    """Each claim's evidence and match, with the article's context: its report frame
    (`report_frame`, or a sentence of the last three before the claim that names one
    index of the claim's unit) and, for a figure that continues another (its sentence
    `continues` the one before, or its phrase is `bare`), the id of that figure."""
    frame = report_frame(text)
    if all(_unreadable(c) for c in claims):
        # No phrase of the article names an indicator of the taxonomy, and none is one
        # that its clause or the report frame could name (a rank, a score, a bare head,
        # an index's result): most news articles. Their clauses are not read one by one.
        return [(Evidence(c.indicator, c.unit, "", "", None, frame), None) for c in claims]
    out: list[tuple[Evidence, Match | None]] = []
    # (sentence, {unit: id of its last figure of that unit}) of the sentences so far
    history: list[tuple[str, dict[Unit, str]]] = []
    for claim in claims:
        if not history or history[-1][0] != claim.sentence:
            history.append((claim.sentence, {}))
        carried = None
        unit = Unit.PERCENT if claim.unit is Unit.PERCENTAGE_POINT else claim.unit
        if claim.unit not in _AFTER_UNITS:
            own = _own(claim.indicator, claim.unit)
            if own is not None and not own.weak:
                # the phrase names its indicator by a full set: `explain` returns it
                # whatever the clause says, so the sentence need not be read (most of
                # the cost of this loop)
                history[-1][1][unit] = own.id
                out.append((Evidence(claim.indicator, claim.unit, "", "", None, ""), own))
                continue
        if (
            bare(claim.indicator)
            and unit in history[-1][1]
            and not _other_population(claim.indicator, history[-1][1][unit])
        ):
            # `(huyện Sông Lô giảm từ 10,85% xuống còn 1,31%; …)`: a figure whose phrase
            # names nothing continues the last figure of its unit in the sentence
            carried = history[-1][1][unit]
        elif continues(claim.sentence, claim.indicator) and (
            claim.unit is Unit.COUNT or bare(claim.indicator) or _anaphor(claim.indicator)
        ):
            # only a figure that names nothing else continues another (`Trong đó: cấp
            # huyện 55%`), not one that says what it measures (`Còn xã hội số … 3% GRDP`)
            for _sentence, last in reversed(history[-1 - _CARRY_SENTENCES : -1]):
                if unit in last:
                    carried = last[unit]
                    break
        before, after = claim_context(claim, text)
        # the report frame runs on: a recent sentence naming one index frames what follows
        # (`Chỉ số SIPAS năm 2022 đạt 82,18%. … Thứ hạng giảm 11 bậc`) until another does
        here = frame
        for sentence, _last in reversed(history[-1 - _FRAME_SENTENCES : -1]):
            if not _quiet_text(sentence, claim.unit) and _frame_match(sentence, claim.unit):
                here = sentence
                break
        ev = Evidence(claim.indicator, claim.unit, before, after, carried, here)
        if _quiet(claim.sentence, claim.indicator, claim.unit):
            # what `explain` finds too, without reading the sentence once per figure
            m = _from_article(claim.indicator, claim.unit, carried, here)
        else:
            m = ev.explain()
        if m is not None:
            history[-1][1][unit] = m.id
        out.append((ev, m))
    return out


def assign(claims: Sequence[Claim], text: str) -> list[Claim]:
    """The claims of one article with their `indicator_id` from `explain_all`.

    A claim whose id changes is copied; one that gains an id gains assemble's 0.20
    confidence for it (and one that loses it, loses it).
    """
    out: list[Claim] = []
    for claim, m in zip(claims, explain_all(claims, text), strict=True):
        new = m.id if m else None
        if new == claim.indicator_id:
            out.append(claim)
            continue
        delta = (new is not None) - (claim.indicator_id is not None)
        conf = round(min(1.0, max(0.0, claim.confidence + delta * _ID_EVIDENCE)), 2)
        out.append(claim.model_copy(update={"indicator_id": new, "confidence": conf}))
    return out


def reference_table() -> str:
    """The Markdown reference table of every id (docs/indicators.md), from the data."""
    spec = _spec()
    lines = [
        "# Indicator taxonomy",
        "",
        "Generated from `patterns/indicators.yaml` by `tools/indicator_table.py`; do not",
        "edit by hand (a test checks that this file is current).",
        "",
        f"{len(spec.indicators)} indicators. A claim's `indicator_id` is one of these ids;",
        "`cds-extract taxonomy PHRASE --unit UNIT` shows which keywords gave it.",
        "",
        "| id | label | definition | units | pillar | sources |",
        "|---|---|---|---|---|---|",
    ]
    for ind in spec.indicators:
        cells = [
            f"`{ind.id}`",
            ind.label,
            ind.definition,
            ", ".join(u.value for u in ind.units),
            ind.pillar,
            ", ".join(ind.source),
        ]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    lines += ["", "## Sources", ""]
    lines += [f"- **{key}**: {title}" for key, title in spec.sources.items()]
    return "\n".join(lines) + "\n"


__all__: list[str] = [
    "Evidence",
    "Match",
    "assign",
    "bare",
    "claim_context",
    "continues",
    "evidence",
    "explain",
    "explain_all",
    "explain_claim",
    "indicator",
    "indicator_id",
    "reference_table",
    "report_frame",
    "sources",
    "taxonomy",
]
