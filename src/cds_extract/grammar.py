"""The indicator grammar: is a phrase a well-formed indicator (SPEC §2), and how to trim it.

An indicator is a noun phrase: a head (`tỷ lệ`, `số`, `thứ hạng`, `chỉ số` …, the heads
of ``patterns/indicator_cues.yaml``) and its modifiers. It holds no value, date or
province name, and does not end in a function word, a linking or reporting verb, a
qualifier or an adverbial (``patterns/indicator_grammar.yaml``). Numbers that are part of
a name stay: `mức độ 4`, `5G`, `4.0`, `Covid-19`.

`problems` says what is wrong with a phrase, `well_formed` whether nothing is, and
`repair` trims what can be trimmed without guessing: a leaked number or date, a
province name with its type word, a second clause (`…, Công ty A cho biết`), a trailing
function word. A bare head (`tỷ lệ`) or
a pointing phrase (`tỷ lệ này`) is what repair leaves when nothing else is safe; a
document-level pass can put the antecedent's phrase in its place.

>>> problems("tỷ lệ hồ sơ giải quyết đúng hạn")
()
>>> problems("thứ hạng 0,71")
('digit',)
>>> repair("tỷ lệ này chỉ")
'tỷ lệ này'
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import regex

from . import _rx
from ._memo import Memo
from ._resources import load_patterns
from ._spans import Span
from .normalise import fold
from .schemas.grammar import IndicatorGrammarFile
from .schemas.indicators import IndicatorCuesFile
from .schemas.places import PlacesFile

#: The kinds `problems` reports, in the order it reports them.
KINDS = ("digit", "province", "clause", "dangling", "anaphor", "bare", "long", "empty")

# A word of a phrase: letters and digits, joined by `.` `,` `/` `-` inside a token
# (`Covid-19`, `0,71`, `3G/4G`, `4.0`). Linear: each repetition starts with a separator.
_WORD = _rx.compile(r"[\p{L}\p{N}]+(?:[.,/\-][\p{L}\p{N}]+)*", regex.VERSION1)
_DIGIT = _rx.compile(r"\p{Nd}")
_UPPER = _rx.compile(r"\p{Lu}")
# what sends a phrase through every step of `repair`: a digit, a capital, a comma, a bracket
_ODD = _rx.compile(r"[\p{Nd}\p{Lu},()]")
# small whole numbers, one or a list (`mức độ 3,4`, `4G/5G` is a name anyway)
_LEVELS = _rx.compile(r"\d{1,3}(?:[,/]\d{1,3})*")
_INTEGERS = _rx.compile(r"\d+")
_PLAIN_NUMBER = _rx.compile(r"\d+(?:[.,]\d+)*")
# a number that can end a name: `Mazda 6`, `Windows 10`, `Phiên bản 2.1`
_NAME_NUMBER = _rx.compile(r"\d+(?:\.\d)?")
_SPACES = _rx.compile(r"\s+")
# the phrase goes on after a name: a space, then a lower-case word (`Bắc Giang tham gia`)
_GOES_ON = _rx.compile(r" +\p{Ll}")
# `, Tên`: a comma before a capitalised word (not an acronym of a list: `ĐH, CĐ`)
_COMMA_EDGE = _rx.compile(r",\s*(?=\p{Lu}\p{Ll})")
# what may be left at the end of a phrase once its last word is cut
_EDGE = " ,.;:-–—/&+(\"'“”"


@dataclass(frozen=True, slots=True)
class _Grammar:
    heads: frozenset[str]  # a phrase that is only one of these is bare
    dangling: frozenset[tuple[str, ...]]
    clause_marks: frozenset[tuple[str, ...]]  # with the connectives
    clause_starts: frozenset[str]  # the first words of the clause marks
    connectives: frozenset[tuple[str, ...]]
    anaphors: frozenset[tuple[str, ...]]
    compounds: frozenset[tuple[str, ...]]
    longest_end: int  # the most words a dangling/anaphor/compound entry has
    number_names: frozenset[tuple[str, ...]]
    number_types: frozenset[tuple[str, ...]]
    band_starts: frozenset[tuple[str, ...]]
    band_ends: frozenset[tuple[str, ...]]
    named_numbers: frozenset[str]
    max_name_number: int
    max_words: int
    head_words: frozenset[tuple[str, ...]]  # the heads as word tuples
    # the first words of the provinces' names and variants (patterns/places.yaml), folded:
    # a phrase with none of them names no province, and the gazetteer is not searched
    province_starts: frozenset[str]
    longest_head: int  # the most words a head has


def _tuples(words: list[str]) -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(fold(w).split()) for w in words)


@functools.cache
def _grammar() -> _Grammar:
    spec = load_patterns("indicator_grammar.yaml", IndicatorGrammarFile)
    gazetteer = load_patterns("places.yaml", PlacesFile)
    cues = load_patterns("indicator_cues.yaml", IndicatorCuesFile)
    heads = {h.word for h in cues.head_nouns} | {
        h.canonical for h in cues.head_nouns if h.canonical
    }
    heads |= set(cues.unit_prefix.values()) | set(cues.unit_default.values())
    heads |= set(spec.extra_heads)
    heads = {fold(h.lower()) for h in heads}
    dangling, anaphors, compounds = (
        _tuples(spec.dangling),
        _tuples(spec.anaphors),
        _tuples(spec.compounds),
    )
    return _Grammar(
        heads=frozenset(heads),
        dangling=dangling,
        clause_marks=_tuples(spec.clause_marks) | _tuples(spec.connectives),
        clause_starts=frozenset(
            m[0] for m in _tuples(spec.clause_marks) | _tuples(spec.connectives)
        ),
        connectives=_tuples(spec.connectives),
        anaphors=anaphors,
        compounds=compounds,
        longest_end=max(len(w) for w in dangling | anaphors | compounds),
        number_names=_tuples(spec.number_names),
        number_types=_tuples(spec.number_types),
        band_starts=_tuples(spec.band_starts),
        band_ends=_tuples(spec.band_ends),
        named_numbers=frozenset(spec.named_numbers),
        max_name_number=spec.max_name_number,
        max_words=spec.max_words,
        head_words=frozenset(tuple(h.split()) for h in heads),
        province_starts=frozenset(
            fold(name.lower()).split()[0]
            for p in gazetteer.provinces
            for name in (*p.names, *p.variants)
            if name.strip()
        ),
        longest_head=max(len(h.split()) for h in heads),
    )


@dataclass(unsafe_hash=True)  # see DEVELOPERS.md, "Records in compiled modules"
class _Word:
    start: int
    end: int
    text: str  # as written
    low: str  # folded, lower case

    def __init__(self, start: int, end: int, text: str, low: str) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.low = low


_SPLIT: Memo[str, tuple[_Word, ...]] = Memo(1024)


def _split_cached(phrase: str) -> tuple[_Word, ...]:
    got = _SPLIT.get(phrase)
    if got is None:
        got = _SPLIT.put(phrase, _words_of(phrase))
    return got


def _words_of(phrase: str) -> tuple[_Word, ...]:
    low = fold(phrase.lower())
    if len(low) != len(phrase):  # folding changed the length: fold word by word
        return tuple(
            _Word(m.start(), m.end(), m.group(), fold(m.group().lower()))
            for m in _WORD.finditer(phrase)
        )
    out: list[_Word] = []
    for m in _WORD.finditer(phrase):
        a, b = m.span()  # one call for both ends (a match's methods are calls into `regex`)
        out.append(_Word(a, b, phrase[a:b], low[a:b]))
    return tuple(out)


def _split(phrase: str) -> list[_Word]:
    """The words of ``phrase`` (cached: repair splits the same phrase several times)."""
    return list(_split_cached(phrase))


def _key(words: list[_Word]) -> tuple[str, ...]:
    """The folded words, as the lexicon entries are kept."""
    return tuple(w.low for w in words)


def _ends_with(words: list[_Word], i: int, entries: frozenset[tuple[str, ...]]) -> bool:
    """``words[:i]`` ends with the words of one of ``entries``."""
    return any(k <= i and tuple(w.low for w in words[i - k : i]) in entries for k in range(1, 4))


def _leaked_number(phrase: str, words: list[_Word], i: int, g: _Grammar) -> bool:
    """``words[i]`` holds a value, a date or a code that leaked in, not part of a name.

    `5G`, `Covid-19`, `Mazda3` (letters before the digits, or a capital after them) and
    `4.0` are names; `5kg`, `6h` (a number with a lower-case unit) are values; a small
    whole number after a level or class word (`mức độ 4`, `lớp 12`) or a capitalised
    word (`Tiểu đoàn 267`, `Euro 2020`) is part of that name.
    """
    w = words[i]
    if not _DIGIT.search(w.text) or w.text in g.named_numbers:
        return False
    if any(c.isalpha() for c in w.text):
        if "/" in w.text and not _UPPER.search(w.text):
            # `tăng/12`: a word and a number side by side, not a code (`01/2013/TT-BYT`)
            return any(_PLAIN_NUMBER.fullmatch(part) for part in w.text.split("/"))
        return w.text[0].isdigit() and not _UPPER.search(w.text)
    if i == 0 or (w.end < len(phrase) and phrase[w.end] == "%"):
        return True  # `33%` is a value whatever stands before it
    if (
        _LEVELS.fullmatch(w.text)
        and all(int(n) <= g.max_name_number for n in _INTEGERS.findall(w.text))
        and _ends_with(words, i, g.number_names)
    ):
        return False
    # `Mazda 6`, `Euro 2020`, `Mark 32`: a plain number after a name; not `Nishikori 6-4`
    prev = words[i - 1].text
    return not (
        i > 1 and prev[:1].isupper() and not _DIGIT.search(prev) and _NAME_NUMBER.fullmatch(w.text)
    )


def _first_leak(phrase: str, words: list[_Word], g: _Grammar) -> int:
    """Index of the first leaked number of ``words`` (len(words) when none)."""
    return next((i for i in range(len(words)) if _leaked_number(phrase, words, i, g)), len(words))


def _province_at(phrase: str) -> tuple[int, int]:
    """Span of the first province name in ``phrase`` (with its type word: `tỉnh Hà Nam`),
    (-1, -1) when none. Names come from the places gazetteer (patterns/places.yaml)."""
    from .places import find_places  # places is a sibling stage: imported when first needed

    g = _grammar()
    if not any(w.low in g.province_starts and w.text[:1].isupper() for w in _split(phrase)):
        return -1, -1  # no word opens a province's name (written with a capital)
    found = [p.span for p in find_places(phrase, Span(0, len(phrase))) if p.province]
    if not found:
        return -1, -1
    first = min(found, key=lambda s: s.start)
    return first.start, first.end


def _head_len(words: list[_Word], g: _Grammar) -> int:
    """How many words the head opening ``words`` has (1 when no listed head opens it)."""
    for k in range(min(g.longest_head, len(words)), 1, -1):
        if _key(words[:k]) in g.head_words:
            return k
    return 1


def _clause_edge(phrase: str, words: list[_Word], g: _Grammar) -> int:
    """Offset where a second clause starts inside ``phrase`` (-1 when none): a clause mark
    or connective (`cho biết`, `trong khi`) with words after it, or a comma before a
    capitalised word (`giá trị đó, T&T Group sẽ tài trợ`). Never inside the head."""
    first = _head_len(words, g)
    for i in range(first, len(words) - 1):
        if words[i].low not in g.clause_starts:
            continue
        for k in (3, 2, 1):
            if i + k < len(words) and _key(words[i : i + k]) in g.clause_marks:
                return words[i].start
    m = _COMMA_EDGE.search(phrase, words[first - 1].end) if len(words) > first else None
    return -1 if m is None else int(m.start())


def _drop_connective(phrase: str, g: _Grammar) -> str:
    """`giá trị trong khi đó, dầu diesel` → `giá trị dầu diesel`; `giá trị , tài sản` →
    `giá trị tài sản`: a connective or a stray comma right after the head goes, and the
    subject after it stays."""
    words = _split(phrase)
    first = _head_len(words, g)
    if len(words) <= first:
        return phrase
    end = words[first - 1].end
    rest = phrase[end:]
    for k in (3, 2, 1):
        if first + k < len(words) and _key(words[first : first + k]) in g.connectives:
            rest = phrase[words[first + k - 1].end :]
            break
    rest = rest.lstrip(" ,")
    return f"{phrase[:end]} {rest}" if rest else phrase[:end]


def _end_kind(words: list[_Word], g: _Grammar) -> str:
    """'dangling', 'anaphor' or '' for how ``words`` ends (the longest entry decides:
    `khi đó` is dangling, `đó` alone an anaphor; `trang bị` a compound, not `bị`)."""
    n = len(words)
    for k in range(min(g.longest_end, n), 0, -1):
        tail = tuple(w.low for w in words[n - k :])
        if tail in g.compounds:
            return ""
        if tail in g.dangling:
            return "dangling"
        if tail in g.anaphors:
            return "anaphor"
    return ""


@functools.lru_cache(maxsize=4096)
def problems(phrase: str) -> tuple[str, ...]:
    """What keeps ``phrase`` from being a well-formed indicator, in `KINDS` order.

    >>> problems("số tài khoản đã kích hoạt")
    ()
    >>> problems("số tài khoản đã")
    ('dangling',)
    >>> problems("tỷ lệ tỉnh Hà Nam")
    ('province',)
    >>> problems("tỷ lệ này")
    ('anaphor',)
    >>> problems("Tỷ lệ")
    ('bare',)
    >>> problems("tỷ lệ dịch vụ công mức độ 4"), problems("số trạm 5G"), problems("")
    ((), (), ('empty',))
    >>> problems("tỷ lệ hộ gia đình năm 2024"), problems("số mã tăng/12 mã")
    (('digit',), ('digit',))
    """
    g = _grammar()
    words = _split(phrase)
    if not words:
        return ("empty",)
    found = set()
    if _first_leak(phrase, words, g) < len(words) or _EDITION.search(phrase):
        found.add("digit")
    if _province_at(phrase)[0] >= 0:
        found.add("province")
    if _clause_edge(phrase, words, g) >= 0:
        found.add("clause")
    end = _end_kind(words, g)
    if end:
        found.add(end)
    if " ".join(w.low for w in words) in g.heads:
        found.add("bare")
    if len(words) > g.max_words:
        found.add("long")
    return tuple(k for k in KINDS if k in found)


def ends_in_anaphor(phrase: str) -> bool:
    """Whether ``phrase`` ends in an anaphor (`tỷ lệ này`, `số cầu thủ đó`): the one
    problem of `problems` the document pass asks about for every figure, read alone
    (`problems` also looks for province names and leaked numbers).

    >>> ends_in_anaphor("tỷ lệ này"), ends_in_anaphor("tỷ lệ khi đó"), ends_in_anaphor("")
    (True, False, False)
    """
    return _end_kind(_split(phrase), _grammar()) == "anaphor"


def well_formed(phrase: str) -> bool:
    """True when ``phrase`` has no `problems`: a head with modifiers, nothing leaked in.

    >>> well_formed("tỷ lệ hồ sơ giải quyết đúng hạn"), well_formed("tỷ lệ khi")
    (True, False)
    """
    return not problems(phrase)


def _trim_end(phrase: str, g: _Grammar) -> str:
    """Cut trailing punctuation and dangling words until the phrase ends in a content word
    (or an anaphor, kept); '' when nothing else is left."""
    while True:
        phrase = phrase.rstrip(_EDGE)
        words = _split(phrase)
        if not words:
            return ""
        if _end_kind(words, g) != "dangling":
            return phrase
        n = len(words)
        k = next(
            k
            for k in range(min(g.longest_end, n), 0, -1)
            if tuple(w.low for w in words[n - k :]) in g.dangling
        )
        phrase = phrase[: words[n - k].start]


def _cut_open_paren(phrase: str) -> str:
    """`điểm vào lúc 6h (giờ địa phương` → `điểm vào lúc 6h`: an aside never closed."""
    depth_at = -1
    depth = 0
    for i, c in enumerate(phrase):
        if c == "(":
            if depth == 0:
                depth_at = i
            depth += 1
        elif c == ")" and depth:
            depth -= 1
    return phrase[:depth_at] if depth else phrase


def _dedupe_head(phrase: str, g: _Grammar) -> str:
    """`tỷ lệ tỷ lệ giao bóng` → `tỷ lệ giao bóng`: a head of two or more words said twice."""
    words = _split(phrase)
    k = _head_len(words, g)
    if k > 1 and _key(words[k : 2 * k]) == _key(words[:k]):
        return phrase[: words[0].start] + phrase[words[k].start :]
    return phrase


def _band(words: list[_Word], i: int, g: _Grammar) -> tuple[int, int] | None:
    """Word indices [start, end) of a band of values around the number ``words[i]``
    (`từ 15 tuổi trở lên`), None when it stands in none."""
    starts = [i - k for k in (3, 2, 1) if k <= i and _key(words[i - k : i]) in g.band_starts]
    if not starts:
        return None
    start = starts[0]
    for j in range(i + 1, min(len(words), i + 4)):
        for k in (1, 2):
            if _key(words[j : j + k]) in g.band_ends:
                return start, j + k
    return None


def _cut_leak(phrase: str, g: _Grammar) -> str:
    """``phrase`` without its first leak: a band of values (`từ 15 tuổi trở lên`) goes
    alone; a province name with its type word goes alone when the phrase goes on after it
    (`số doanh nghiệp tỉnh Bắc Giang tham gia …`); any other number (with the date word
    before it: `năm 2024`) or province name is cut with all that follows it."""
    words = _split(phrase)
    i = _first_leak(phrase, words, g)
    cut = len(phrase)
    if i < len(words):
        band = _band(words, i, g)
        if band is not None:
            start, end = band
            tail = phrase[words[end].start :] if end < len(words) else ""
            return f"{phrase[: words[start].start].rstrip()} {tail}".strip()
        j = i
        for k in (3, 2, 1):
            if k <= i and tuple(w.low for w in words[i - k : i]) in g.number_types:
                j = i - k
                break
        cut = words[j].start
    at, end = _province_at(phrase[:cut])
    if at < 0:
        return phrase[:cut]
    rest = phrase[end:cut]
    # `chỉ số này, tỉnh Quảng Ninh dẫn đầu`: after a comma the name opens a clause of its own
    if _GOES_ON.match(rest) and not phrase[:at].rstrip().endswith((",", "(")):
        # drop a preposition left before the name with it (`của`, `tại`, `trên địa bàn`)
        head = _trim_end(phrase[:at], g) or phrase[:at]
        return f"{head.rstrip()} {rest.strip()}"
    return phrase[:at]


def _nothing_to_cut(phrase: str, g: _Grammar) -> bool:
    """A quick test passed by most phrases: nothing in ``phrase`` that `repair` cuts (no
    digit, capital, comma or bracket, no clause mark, no dangling end, no head twice)."""
    if _ODD.search(phrase) or phrase != phrase.strip() or "  " in phrase:
        return False
    words = _split(phrase)
    if not words or any(w.low in g.clause_starts for w in words) or _end_kind(words, g):
        return False
    k = _head_len(words, g)
    return not (k > 1 and _key(words[k : 2 * k]) == _key(words[:k]))


_REPAIRED: Memo[str, str] = Memo(4096)


def repair(phrase: str) -> str:
    """``phrase`` with what can safely go cut away; '' when nothing of it is left.

    Cut: an unclosed aside, a second clause (from `cho biết`, `trong khi`, `, Tên` on),
    the first leaked number or date and all after it, the first province name (with its
    type word: alone when the phrase goes on after it), then trailing function words,
    verbs and qualifiers; a head said twice is said once. Kept: numbers of names, an
    anaphor (`này`, for the document pass to resolve), a phrase too long (no safe cut).

    >>> repair("thứ hạng thứ"), repair("số tài khoản đã"), repair("tỷ lệ khi")
    ('thứ hạng', 'số tài khoản', 'tỷ lệ')
    >>> repair("tỷ lệ tỉnh Hà Nam"), repair("thứ hạng 0,71"), repair("số liên quan")
    ('tỷ lệ', 'thứ hạng', 'số')
    >>> repair("số hộ dân khoảng 5 năm"), repair("tỷ lệ người dân năm 2024 có")
    ('số hộ dân', 'tỷ lệ người dân')
    >>> repair("tỷ lệ dịch vụ công mức độ 4"), repair("tỷ lệ khi đó")
    ('tỷ lệ dịch vụ công mức độ 4', 'tỷ lệ')
    >>> repair("giá trị hợp đồng, Công ty A cho biết")
    'giá trị hợp đồng'
    """
    got = _REPAIRED.get(phrase)
    if got is None:
        got = _REPAIRED.put(phrase, _repair(phrase))
    return got


def _repair(phrase: str) -> str:
    g = _grammar()
    if not _nothing_to_cut(phrase, g):
        phrase = _SPACES.sub(" ", phrase).strip()
        for _ in range(8):  # each round cuts something or stops; a few rounds settle any phrase
            before = phrase
            phrase = _drop_connective(_dedupe_head(_cut_open_paren(phrase), g), g)
            edge = _clause_edge(phrase, _split(phrase), g)
            if edge >= 0:
                phrase = phrase[:edge]
            phrase = _trim_end(_cut_leak(phrase, g), g)
            if phrase == before:
                break
    return _shorten(_without_edition(phrase, g), g)


# A year closing a phrase is an edition's date (`Giải thưởng Vifotec 2016`, `Euro 2020`):
# the date belongs in `as_of`, not in the indicator (SPEC §2).
_EDITION = re.compile(r"\s+(?:19|20)\d\d\s*$")


def _without_edition(phrase: str, g: _Grammar) -> str:
    """``phrase`` without a closing year, unless only a head would be left.

    >>> _without_edition("số công trình đoạt giải thưởng Vifotec 2016", _grammar())
    'số công trình đoạt giải thưởng Vifotec'
    """
    m = _EDITION.search(phrase)
    if m is None:
        return phrase
    rest = _trim_end(phrase[: m.start()], g)
    words = _split(rest)
    return rest if words and " ".join(w.low for w in words) not in g.heads else phrase


# Where a run-on phrase may be cut: before these words a noun phrase takes another
# modifier or a second clause begins (`… đăng ký tiêm vắc xin trong đợt này cũng đã …`).
_JOINS = frozenset(
    "và với trong theo của từ cũng đã để nhằm khi mà thì sau trước tại ở cho do bởi vì".split()
)


_KEEP_WORDS = 12


def _shorten(phrase: str, g: _Grammar) -> str:
    """A phrase of more than `max_words` words (a noun phrase that ran on into another
    clause) cut before its last joining word among its first `max_words`, if that keeps
    `_KEEP_WORDS` words or more; else kept whole.

    >>> p = ("số cán bộ, nhân viên y tế đăng ký tiêm vắc xin trong đợt này "
    ...      "cũng đã làm các thủ tục đầy đủ theo hướng dẫn")
    >>> _shorten(p, _grammar())
    'số cán bộ, nhân viên y tế đăng ký tiêm vắc xin trong đợt này'
    """
    words = _split(phrase)
    if len(words) <= g.max_words:
        return phrase
    # keep most of it: a cut that leaves a short phrase loses what the long one said
    for i in range(g.max_words - 1, _KEEP_WORDS - 1, -1):
        if words[i].low in _JOINS:
            return _trim_end(phrase[: words[i].start], g)
    return phrase


def without_anaphor(phrase: str) -> str:
    """``phrase`` without the demonstrative it ends in, for an anaphor nothing resolved:
    there `này` points at the counted things, not at an earlier measure (`số cầu thủ này`
    → `số cầu thủ`). '' when only a head would be left.

    >>> without_anaphor("số cầu thủ này"), without_anaphor("tỷ lệ này")
    ('số cầu thủ', '')
    """
    g = _grammar()
    words = _split(phrase)
    n = len(words)
    for k in range(min(g.longest_end, n), 0, -1):
        if tuple(w.low for w in words[n - k :]) in g.anaphors:
            rest = phrase[: words[n - k].start].rstrip(_EDGE)
            rest_words = _split(rest)
            if not rest_words or " ".join(w.low for w in rest_words) in g.heads:
                return ""
            return rest
    return phrase


__all__ = ["KINDS", "ends_in_anaphor", "problems", "repair", "well_formed", "without_anaphor"]
