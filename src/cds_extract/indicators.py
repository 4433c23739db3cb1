"""Indicator phrase for a value (SPEC §1 `indicator`); its id is `taxonomy.indicator_id`.

The phrase is the measured noun phrase of the value's clause, in one of two shapes:

* *head before the value*: `tỷ lệ hồ sơ giải quyết đúng hạn đạt 99,78%` → from the
  head noun (`tỷ lệ`, `doanh thu`, `chỉ số` … patterns/indicator_cues.yaml) up to the
  linking verb (`đạt`, `là`, `chiếm`), without qualifier cues, dates or place fillers;
* *counted noun after the value*: `đã kích hoạt 811.319 tài khoản` → `số` (or
  `tỷ lệ` for a percentage) + the noun phrase after the value + the verb before
  it: `số tài khoản đã kích hoạt`.

Other mentions of the sentence (``siblings``) cut the clause, so a list
`tỷ lệ A đạt x%; tỷ lệ B đạt y%` gives each value its own phrase. Ranks take the
measure they rank (`thứ hạng chỉ số chuyển đổi số`), from `về X`, the previous
value of the sentence, or the default of patterns/indicator_cues.yaml.
"""

from __future__ import annotations

import bisect
import functools
import importlib.util
import operator
import pathlib
import pickle
import re
import string
import struct
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import regex

from . import _cache, _rx, grammar
from ._memo import Memo
from ._pyvi_pickle import crfsuite_bytes as _crfsuite_bytes
from ._resources import load_patterns
from ._spans import DateMention, NumberMention, Span
from .claim import Unit
from .normalise import expand_abbreviations
from .schemas.indicators import HeadNoun, IndicatorCuesFile

# Cue patterns run WITHOUT IGNORECASE on a lower-cased copy of the text (`_lower`), same
# length, so offsets hold for the original: full case-folding across a 100-word alternation
# costs ~100× more than matching lower-case literals.
_FLAGS = regex.VERSION1
_WORD_EDGE_L = r"(?<![\p{L}\p{N}])"
_WORD_EDGE_R = r"(?![\p{L}\p{N}])"
# Where a clause ends for the indicator: `;`, `:`, a full stop, a spaced dash not
# inside a period (`2025 - 2030`), and a line break.
_BOUNDARY = _rx.compile(r"[;:\n]|\.\s|(?<!\d)\s[-–—]\s(?!\d)")
_SPACES = _rx.compile(r"\s+")
_TOKEN = _rx.compile(r"[\p{L}\p{N}]+")
_UPPER = _rx.compile(r"\p{Lu}")
_DIGIT = _rx.compile(r"\d")
_LETTER = _rx.compile(r"\p{L}")
_EMPTY_PARENS = _rx.compile(r"\(\s*\)")
_ASIDE = _rx.compile(r"\s*\([^()]{0,80}\)")
# `…, Thái Nguyên 2 năm liên tiếp`: a comma before a proper name opens a clause
_COMMA_NAME = _rx.compile(r",\s*(?=\p{Lu}\p{Ll}*\s+\p{Lu})")
_ABOUT = _rx.compile(r"(?<!\p{L})về\s+([^,;:.()]{2,60})")
_EDGE_PUNCT = " ,.;:-–—)("
_VERB_TAGS = frozenset({"V", "R", "A"})
_NOUN_TAGS = frozenset({"N", "Nc", "Np", "Ny", "Nu", "Nb", "Y", "X", "FW"})
_NEVER = "\x00"  # a word no text holds, for an empty cue list
_PUNCTUATION = string.punctuation  # pyvi tests `token in string.punctuation` (a substring)

#: POS backend: "pyvi" (default, measured faster and as accurate) or "underthesea".
BACKEND = "pyvi"


def _lower(text: str) -> str:
    """Lower case, one character for one, so offsets into it hold for ``text``.

    >>> _lower("Tỷ LỆ İ")
    'tỷ lệ İ'
    """
    low = text.lower()
    if len(low) == len(text):
        return low
    # `İ`.lower() is two characters: keep such letters as they are
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _words(words: Sequence[str]) -> list[str]:
    """Lower-cased cue words, longest first (`đạt mức` tried before `đạt`)."""
    return sorted({w.lower() for w in words}, key=lambda w: (-len(w), w))


def _alternation(words: Sequence[str]) -> _rx.Pattern:
    """Whole-word alternation, longest first (`đạt mức` before `đạt`)."""
    body = "|".join(regex.escape(w) for w in _words(words))
    return _cache.compile(f"{_WORD_EDGE_L}(?:{body}){_WORD_EDGE_R}", _FLAGS)


@dataclass(frozen=True, slots=True)
class _Cues:
    """Compiled cue patterns; all of them match lower-cased text (see `_lower`)."""

    spec: IndicatorCuesFile
    heads: list[tuple[_rx.Pattern, HeadNoun]]
    any_head: _rx.Pattern  # one of the heads (`heads` as one alternation)
    head_of: dict[str, HeadNoun]  # by word: the canonical head carries the reuse rules
    so_before: frozenset[str]
    so_after: _rx.Pattern
    trailing: _rx.Pattern
    leading: _rx.Pattern
    stops: _rx.Pattern
    left_stops: _rx.Pattern
    openers: _rx.Pattern
    not_predicate: _rx.Pattern
    remove: list[_rx.Pattern]
    np_lead: _rx.Pattern
    place_stops: _rx.Pattern
    place_fillers: _rx.Pattern
    before_name: list[_rx.Pattern]
    any_before_name: _rx.Pattern  # one of the `before_name` prepositions
    share_end: _rx.Pattern
    topic: _rx.Pattern | None


def _edge_list(words: Sequence[str], anchor: str) -> _rx.Pattern:
    """Match one listed word (or punctuation) at the start (`^`) or end (`$`) of a phrase.

    The end pattern is compiled in reverse (`(?r)`): it is tried from the end of the
    phrase only, not at every position (3.5 ms → 5 µs on a 110-character phrase).
    """
    alts = _words(words)
    if anchor == "^":
        body = "|".join(
            (f"{regex.escape(w)}{_WORD_EDGE_R}" if w[-1].isalnum() else regex.escape(w))
            for w in alts
        )
        return _cache.compile(rf"^\s*(?:{body})\s*", _FLAGS)
    body = "|".join(
        (f"{_WORD_EDGE_L}{regex.escape(w)}" if w[0].isalnum() else regex.escape(w)) for w in alts
    )
    return _cache.compile(rf"\s*(?:{body})\s*$", _FLAGS | regex.REVERSE)


def _stops(words: Sequence[str]) -> _rx.Pattern:
    return _cache.compile(_stops_body(words), _FLAGS)


def _stops_body(words: Sequence[str]) -> str:
    """Alternation of whole words (edges only where a word starts with a letter or digit).

    The word edges are factored out of the alternatives: `(?<!…)(?:a|b)(?!…)|,|\\(`.
    """
    alts = _words(words)
    words_ = "|".join(regex.escape(w) for w in alts if w[0].isalnum())
    others = [regex.escape(w) for w in alts if not w[0].isalnum()]
    parts = [f"{_WORD_EDGE_L}(?:{words_}){_WORD_EDGE_R}"] if words_ else []
    return "|".join(parts + others)


@functools.cache
def _cues() -> _Cues:
    spec = load_patterns("indicator_cues.yaml", IndicatorCuesFile)
    heads = [
        (_cache.compile(f"{_WORD_EDGE_L}{regex.escape(h.word.lower())}{_WORD_EDGE_R}", _FLAGS), h)
        for h in sorted(spec.head_nouns, key=lambda h: len(h.word), reverse=True)
    ]
    openers = "|".join(regex.escape(w) for w in _words(spec.clause_openers))
    before_name = _words(spec.place_before_name or [_NEVER])
    return _Cues(
        spec=spec,
        heads=heads,
        any_head=_head_alternation([h for _p, h in heads]),
        head_of={h.word: h for h in spec.head_nouns},
        so_before=frozenset(w.lower() for w in spec.so_compound_before),
        so_after=_cache.compile(
            r"\s*(?:"
            + "|".join(regex.escape(w.lower()) for w in spec.so_compound_after)
            + ")"
            + _WORD_EDGE_R,
            _FLAGS,
        ),
        trailing=_edge_list(spec.trailing_strip, "$"),
        leading=_edge_list(spec.leading_strip, "^"),
        stops=_stops(spec.right_stops),
        left_stops=_stops(spec.left_stops or [_NEVER]),
        # `, đã kích hoạt …` / ` - ước tính …`: a comma or spaced dash opening a new clause
        openers=_cache.compile(rf"(?:,|\s[-–—])\s*(?:{openers}){_WORD_EDGE_R}", _FLAGS),
        not_predicate=_alternation(spec.not_predicate),
        # compiled with the flag the schema checked them with (`RegexV1`): built once
        remove=[_cache.compile(p, regex.VERSION1) for p in spec.remove],
        np_lead=_stops(spec.np_lead or [_NEVER]),
        place_stops=_stops(spec.place_stops or [_NEVER]),
        place_fillers=_stops(spec.place_fillers or [_NEVER]),
        # `tại Việt Nam`, `đến từ Hàn Quốc`: a place preposition before a capitalised name;
        # one pattern per preposition, the capital checked on the original text
        before_name=[_cache.compile(f"(?:{_stops_body([w])})\\s+", _FLAGS) for w in before_name],
        any_before_name=_cache.compile(
            "|".join(f"(?:{_stops_body([w])})\\s+" for w in before_name), _FLAGS
        ),
        share_end=_cache.compile(
            "(?:" + _stops_body(spec.share_verbs or [_NEVER]) + r")\s*$",
            _FLAGS | regex.REVERSE,
        ),
        topic=_cache.compile(spec.topic.pattern, _FLAGS | regex.IGNORECASE) if spec.topic else None,
    )


def _head_alternation(heads: Sequence[HeadNoun]) -> _rx.Pattern:
    """Whole-word alternation of ``heads`` in their order (the longest first)."""
    body = "|".join(regex.escape(h.word.lower()) for h in heads)
    return _cache.compile(f"{_WORD_EDGE_L}(?:{body}){_WORD_EDGE_R}", _FLAGS)


@dataclass(frozen=True, slots=True)
class _UnitHeads:
    """The heads able to measure a unit, in `_Cues.heads` order."""

    heads: list[tuple[_rx.Pattern, HeadNoun]]
    any: _rx.Pattern  # one alternation of them
    first: dict[str, int]  # a head's lower-case word → its first index in ``heads``


@functools.cache
def _unit_heads(unit: Unit) -> _UnitHeads:
    heads = [(p, h) for p, h in _cues().heads if not h.units or unit in h.units]
    first: dict[str, int] = {}
    for i, (_p, h) in enumerate(heads):
        first.setdefault(h.word.lower(), i)
    return _UnitHeads(heads, _head_alternation([h for _p, h in heads]), first)


def _ends_with_cue(word: str, cues: _Cues) -> bool:
    """True when ``word`` ends with a trailing-strip cue (`đạt`, `khoảng`, `,`)."""
    return cues.trailing.search(" " + _lower(word)) is not None


def _before_name(s: str, low: str, pos: int, cues: _Cues) -> bool:
    """A place preposition at ``pos`` before a capitalised name (`tại Việt Nam`)."""
    if not cues.any_before_name.match(low, pos):
        return False
    for pattern in cues.before_name:
        m = pattern.match(low, pos)
        if m and _UPPER.match(s, m.end()):
            return True
    return False


#: `_lower` of a sentence, which several steps of one value's phrase read
_lower_sentence = functools.lru_cache(maxsize=8)(_lower)


def _sub_low(pattern: _rx.Pattern, repl: str, text: str) -> str:
    """``pattern.sub(repl, text)`` with the matching done on ``_lower(text)``."""
    out: list[str] = []
    at = 0
    for m in pattern.finditer(_lower(text)):
        out.append(text[at : m.start()])
        out.append(repl)
        at = m.end()
    if not out:
        return text
    out.append(text[at:])
    return "".join(out)


# --------------------------------------------------------------------------- POS
# pyvi's two CRF models (syllables → words, words → POS) fed directly: the same features
# pyvi's `word2features` builds, as attribute strings instead of per-token dicts, with each
# word's share of its neighbours' features built once. pycrfsuite reads `{"k": "v"}` as the
# attribute `k:v` and `{"k": True}` as `k` with weight 1.0; a False feature has weight 0 and
# adds nothing, so it is left out. The attributes are passed as UTF-8 bytes (what pycrfsuite
# converts a str to), in pyvi's order (crfsuite adds their weights in item order), and only
# those the model has: crfsuite drops an unknown attribute when it reads the sequence
# (`word.lower():` of a rare syllable). Same model, same scores, same tags as
# `ViPosTagger.postagging(ViTokenizer.tokenize(s))`, ~3× faster on corpus sentences.


# pyvi's tokenizer splits a sentence into syllables with this pattern (`ViTokenizer.sylabelize`),
# copied so the tokenizer runs without importing pyvi.ViTokenizer, whose class body unpickles
# sklearn-crfsuite objects and so imports sklearn and scipy (~2 s). Abbreviations with their
# dot first (`TP.`, `ThS.`), then arrows, URLs, e-mails, grouped digits (`2.255`), one
# punctuation mark, a word. The stdlib `re` on purpose: `regex`'s `\w` also takes combining
# marks, `re`'s does not, and the syllables must be pyvi's. Linear: each alternative's
# repetition is delimited (`[.,_]` between digit runs, `.` between e-mail labels).
# Its groups are non-capturing here, so `findall` gives the matched syllables themselves.
_PYVI_SYLLABLE = re.compile(
    r"[A-ZĐ]+\.|Tp\.|Mr\.|Mrs\.|Ms\.|Dr\.|ThS\.|==>|->|\.\.\.|>>|\n|\w+://[^\s]+"
    r"|[a-zA-Z0-9_.+-]+@(?:[a-zA-Z0-9-]+\.)+[a-zA-Z0-9-]+|\d+(?:[\.,_]\d+)+|[^\w\s]|\w+",
    re.UNICODE,
)
# the same without the URL and e-mail alternatives, for a sentence with no `://` and no `@`
# (neither can match there, and each reads every ASCII word again: ~25% less time)
_PYVI_SYLLABLE_PLAIN = re.compile(
    r"[A-ZĐ]+\.|Tp\.|Mr\.|Mrs\.|Ms\.|Dr\.|ThS\.|==>|->|\.\.\.|>>|\n"
    r"|\d+(?:[\.,_]\d+)+|[^\w\s]|\w+",
    re.UNICODE,
)
# pyvi's `ViPosTagger.filtered_tags`
_PYVI_FILTERED = frozenset(string.punctuation) | {"\u2026", "\u201d", "\u201c", "\u2019", "..."}


_Attrs = tuple[bytes, ...]
_Known = frozenset[bytes] | None
# a syllable's tokenizer attributes (its own, as the previous, as the next syllable), its
# lower case, and the two tests of pyvi's joining rule: not punctuation or a number, and
# capitalised (`_pyvi_words`)
_Syllable = tuple[_Attrs, _Attrs, _Attrs, str, bool, bool]


@dataclass(frozen=True)
class _PyviModels:
    """pyvi's tokenizer and POS CRF taggers with the tokenizer's n-gram lists."""

    items: Any  # pycrfsuite.ItemSequence
    tokenizer: Any  # pycrfsuite.Tagger, syllables → B_W / I_W
    tagger: Any  # pycrfsuite.Tagger, words → POS
    sylabelize: Callable[[str], list[str]]
    # words.txt's two- and three-syllable words, as syllable tuples (`("tỷ", "lệ")`)
    bi_grams: frozenset[tuple[str, ...]]
    tri_grams: frozenset[tuple[str, ...]]
    filtered: frozenset[str]
    keep: tuple[bytes, ...] = ()  # model bytes a tagger opened in memory reads from
    # the attributes each model (tokenizer, tagger) has; None: unknown, pass all of them
    known: tuple[frozenset[bytes], frozenset[bytes]] | tuple[None, None] = (None, None)
    # features of the syllables and words seen (`_syllable_features`, `_word_features`)
    syllables: dict[str, _Syllable] = field(default_factory=dict, compare=False, repr=False)
    words: dict[str, tuple[_Attrs, ...]] = field(default_factory=dict, compare=False, repr=False)
    # the sequence-context attributes the models have (`_flags`)
    flags: dict[bytes, _Attrs] = field(default_factory=dict, compare=False, repr=False)
    # the case attributes of syllables and words, by combination (`_case_attrs` …)
    case_attrs: dict[int, tuple[tuple[_Attrs, _Attrs], _Attrs, _Attrs]] = field(
        default_factory=dict, compare=False, repr=False
    )
    word_case_attrs: dict[int, tuple[tuple[_Attrs, _Attrs], _Attrs, _Attrs, _Attrs, _Attrs]] = (
        field(default_factory=dict, compare=False, repr=False)
    )


def _crfsuite_attributes(data: bytes) -> frozenset[bytes]:
    """The attribute names of a crfsuite model (the keys of its CQDB string table).

    Model header: `lCRF`, size, type, version, 6 counts/offsets, then the attribute
    table's offset. The table: `CQDB`, size, flag, byte order, and the number and offset of
    its id → record array; a record is id, key size (with the final NUL), key. crfsuite
    writes the records one after the other (its hash tables after them), so a key ends,
    with its NUL, where the next record (in offset order) starts: the keys are sliced
    between sorted record offsets, not read record by record (~1.3x faster; a model laid
    out otherwise has a key not ending in NUL and is refused).
    """
    magic, off_attrs = data[:4], struct.unpack_from("<I", data, 36)[0]
    chunk, _size, _flag, _order, count, bwd = struct.unpack_from("<4sIIIII", data, off_attrs)
    if magic != b"lCRF" or chunk != b"CQDB":
        raise ValueError("not a crfsuite model")
    if count == 0:
        return frozenset()
    table = data[off_attrs + bwd : off_attrs + bwd + 4 * count]
    starts = sorted([off_attrs + at for (at,) in struct.iter_unpack("<I", table)])
    last = starts[-1]
    ends = [*starts[1:], last + 8 + struct.unpack_from("<I", data, last + 4)[0]]
    if any([data[end - 1] for end in ends]):
        raise ValueError("crfsuite records not in a row")
    return frozenset([data[start + 8 : end - 1] for start, end in zip(starts, ends, strict=True)])


def _grams(lines: Iterable[str]) -> tuple[frozenset[tuple[str, ...]], frozenset[tuple[str, ...]]]:
    """The lines of words.txt with two syllables and with three, as syllable tuples."""
    two: list[str] = []
    three: list[str] = []
    for line in lines:  # one pass, counting spaces: no tuple built for a line not kept
        spaces = line.count(" ")
        if spaces == 1:
            two.append(line)
        elif spaces == 2:
            three.append(line)
    return (
        frozenset([tuple(line.split(" ")) for line in two]),
        frozenset([tuple(line.split(" ")) for line in three]),
    )


def _pyvi_direct() -> _PyviModels:
    """pyvi's models opened with pycrfsuite straight from its package files (~0.1 s)."""
    import pycrfsuite

    spec = importlib.util.find_spec("pyvi")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("pyvi")
    models = pathlib.Path(next(iter(spec.submodule_search_locations))) / "models"
    keep = (_crfsuite_bytes(models / "pyvi3.pkl"), _crfsuite_bytes(models / "pyvipos3.pkl"))
    taggers = []
    for data in keep:
        tagger = pycrfsuite.Tagger()
        tagger.open_inmemory(data)
        taggers.append(tagger)
    # words.txt as pyvi's class body reads it: two-syllable lines and three-syllable lines
    lines = (models / "words.txt").read_text(encoding="utf-8").split("\n")
    bi_grams, tri_grams = _grams(lines)
    return _PyviModels(
        pycrfsuite.ItemSequence,
        taggers[0],
        taggers[1],
        lambda text: _PYVI_SYLLABLE.findall(unicodedata.normalize("NFC", text)),
        bi_grams,
        tri_grams,
        _PYVI_FILTERED,
        keep,
        (_crfsuite_attributes(keep[0]), _crfsuite_attributes(keep[1])),
    )


def _pyvi_imported() -> _PyviModels:
    """pyvi's models as pyvi loads them (imports sklearn and scipy, ~2 s): the fallback."""
    import pycrfsuite
    from pyvi.ViPosTagger import ViPosTagger
    from pyvi.ViTokenizer import ViTokenizer

    return _PyviModels(
        pycrfsuite.ItemSequence,
        ViTokenizer.model.tagger_,
        ViPosTagger.model.tagger_,
        lambda text: list(ViTokenizer.sylabelize(text)[1]),
        _grams(ViTokenizer.bi_grams)[0],
        _grams(ViTokenizer.tri_grams)[1],
        frozenset(ViPosTagger.filtered_tags),
    )


@functools.lru_cache(maxsize=1)
def _pyvi_models() -> _PyviModels | None:
    """pyvi's models, read directly when the files are as expected, else through pyvi."""
    try:
        return _pyvi_direct()
    except (
        ImportError,
        OSError,
        KeyError,
        AttributeError,
        TypeError,
        ValueError,
        pickle.UnpicklingError,
    ):
        pass
    try:
        return _pyvi_imported()
    except (ImportError, AttributeError):  # pragma: no cover - another pyvi/sklearn-crfsuite
        return None


_FEATURE_CACHE = 50000  # syllables / words whose features are kept, each


def _known(names: Iterable[bytes], known: _Known) -> _Attrs:
    """The attributes of ``names`` the model has (all of them when ``known`` is None)."""
    return tuple(names) if known is None else tuple(filter(known.__contains__, names))


def _syllable_features(w: str, models: _PyviModels) -> _Syllable:
    """pyvi tokenizer features of a syllable (see `_Syllable`), cached in ``models``."""
    cache = models.syllables
    if len(cache) >= _FEATURE_CACHE:
        cache.clear()
    known = models.known[0]
    low = w.lower()
    low_bytes = low.encode()
    own, prev, nxt = _case_attrs(models, w.istitle(), w.isupper(), w.isdigit())
    out = (
        own[0] + _one(b"word.lower():" + low_bytes, known) + own[1],
        _one(b"-1:word.lower():" + low_bytes, known) + prev,
        _one(b"+1:word.lower():" + low_bytes, known) + nxt,
        low,
        # pyvi tests `syllable in string.punctuation`: a substring test
        w not in _PUNCTUATION and not w[0].isdigit(),
        w[0].istitle(),
    )
    cache[w] = out
    return out


def _one(name: bytes, known: _Known) -> _Attrs:
    """``(name,)`` if the model has the attribute, else ``()``."""
    return (name,) if known is None or name in known else ()


def _case_attrs(
    models: _PyviModels, title: bool, upper: bool, digit: bool
) -> tuple[tuple[_Attrs, _Attrs], _Attrs, _Attrs]:
    """A syllable's attributes that its case and kind give, in pyvi's order: own (those
    before and after `word.lower()`), as the previous and as the next syllable. Worked
    out once per combination (a new syllable comes with one of eight)."""
    key = title + 2 * upper + 4 * digit
    got = models.case_attrs.get(key)
    if got is None:
        known = models.known[0]
        own = [b"word.isupper()"] if upper else []
        prev, nxt = [], []
        if title:
            own.append(b"word.istitle()")
            prev.append(b"-1:word.istitle()")
            nxt.append(b"+1:word.istitle()")
        if upper:
            prev.append(b"-1:word.isupper()")
            nxt.append(b"+1:word.isupper()")
        if digit:
            own.append(b"word.isdigit()")
        got = models.case_attrs[key] = (
            (_known([b"bias"], known), _known(own, known)),
            _known(prev, known),
            _known(nxt, known),
        )
    return got


def _word_features(w: str, models: _PyviModels) -> tuple[_Attrs, ...]:
    """pyvi POS features of a word: its own, as word -1, -2, +1, +2; cached in ``models``."""
    cache = models.words
    if len(cache) >= _FEATURE_CACHE:
        cache.clear()
    known = models.known[1]
    low = w.lower().encode()
    own, m1, m2, p1, p2 = _word_case_attrs(
        models, w.istitle(), w.isdigit(), w[:1].isdigit(), w[:3].isupper(),
        w in models.filtered, w.isupper(),
    )  # fmt: skip
    out = (
        own[0] + _one(b"word.lower():" + low, known) + own[1],
        _one(b"-1:word.lower():" + low, known) + m1,
        _one(b"-2:word.lower():" + low, known) + m2,
        _one(b"+1:word.lower():" + low, known) + p1,
        _one(b"+2:word.lower():" + low, known) + p2,
    )
    cache[w] = out
    return out


def _word_case_attrs(
    models: _PyviModels,
    title: bool,
    digit: bool,
    digit1: bool,
    upper3: bool,
    filtered: bool,
    upper: bool,
) -> tuple[tuple[_Attrs, _Attrs], _Attrs, _Attrs, _Attrs, _Attrs]:
    """A word's attributes that its case and kind give, in pyvi's order: own (those before
    and after `word.lower()`), as word -1, -2, +1, +2. Worked out once per combination."""
    key = title + 2 * digit + 4 * digit1 + 8 * upper3 + 16 * filtered + 32 * upper
    got = models.word_case_attrs.get(key)
    if got is None:
        known = models.known[1]
        own: list[bytes] = []
        m1: list[bytes] = []
        m2: list[bytes] = []
        p1: list[bytes] = []
        p2: list[bytes] = []
        if title:
            for f, name in ((own, b""), (m1, b"-1:"), (m2, b"-2:"), (p1, b"+1:"), (p2, b"+2:")):
                f.append(name + b"word.istitle()")
        if digit:
            own.append(b"word.isdigit()")
        if digit1:
            own.append(b"word[:1].isdigit()")
            m1.append(b"-1:word[:1].isdigit()")
            p1.append(b"+1:word[:1].isdigit()")
        if upper3:
            own.append(b"word[:3].isupper()")
            m1.append(b"-1:word[:3].isupper()")
        if filtered:
            own.append(b"word.isfiltered")
        if upper:
            m2.append(b"-2:word.isupper()")
            p1.append(b"+1:word.isupper()")
            p2.append(b"+2:word.isupper()")
        got = models.word_case_attrs[key] = (
            (_known([b"bias"], known), _known(own, known)),
            _known(m1, known),
            _known(m2, known),
            _known(p1, known),
            _known(p2, known),
        )
    return got


def _flags(models: _PyviModels) -> dict[bytes, _Attrs]:
    """The sequence-context attributes (`-1:word.bi_gram()`, `BOS` …), each as a tuple of
    itself if its model has it, else empty; worked out once per models."""
    flags = models.flags
    if not flags:
        known_tok, known_pos = models.known
        for name in (
            b"-1:word.bi_gram()",
            b"+1:word.bi_gram()",
            b"-2:word.tri_gram()",
            b"+2:word.tri_gram()",
        ):
            flags[name] = _known([name], known_tok)
        for name in (b"BOS", b"EOS"):
            flags[name] = _known([name], known_pos)
    return flags


def _pyvi_tag(sentence: str) -> tuple[list[str], list[str]]:
    """``ViPosTagger.postagging(ViTokenizer.tokenize(sentence))``, computed faster."""
    tokens, tags, _spans = _pyvi_words(sentence)
    return tokens, tags


def _pyvi_words(sentence: str) -> tuple[list[str], list[str], list[tuple[int, int]] | None]:
    """pyvi's words and POS tags of ``sentence``, with the (start, end) of each word.

    The offsets come from the syllables' own when the sentence is NFC (pyvi splits
    the NFC form) with no `_` (pyvi's word joiner) and no line break (a syllable of its
    own), else they are None: `_tagged` then finds the words in the text.
    """
    models = _pyvi_models()
    if models is None:  # pragma: no cover
        from pyvi import ViPosTagger, ViTokenizer

        tokens, tags = ViPosTagger.postagging(ViTokenizer.tokenize(sentence))
        return list(tokens), list(tags), None
    flags = _flags(models)
    spans: list[tuple[int, int]] | None = None
    if "_" in sentence or "\n" in sentence or not unicodedata.is_normalized("NFC", sentence):
        syl = models.sylabelize(sentence)
    else:  # `_PYVI_SYLLABLE` is pyvi's own pattern (tests/test_indicators.py checks it)
        syl, spans = _syllable_spans(sentence)
    # The zips below pair lists of one length by construction, and take no `strict=`:
    # mypyc compiles a bare zip in a comprehension to an index loop, while a keyword makes
    # it a generic call (~1.5x slower on a sentence's 30–60 items).
    if not syl:
        tokens = sentence.split(" ")
        spans = None
    else:
        seen = models.syllables
        feats = [seen.get(w) or _syllable_features(w, models) for w in syl]
        # pyvi lower-cases the joined pair / triple; lowering each part is the same except
        # for a final sigma (`Σ`), the one context-dependent mapping of str.lower
        if "Σ" in sentence:
            n = len(syl)
            pairs = [tuple(" ".join(syl[i : i + 2]).lower().split(" ")) for i in range(n - 1)]
            triples = [tuple(" ".join(syl[i : i + 3]).lower().split(" ")) for i in range(n - 2)]
        else:
            lows = [f[3] for f in feats]
            pairs = list(zip(lows, lows[1:]))  # noqa: B905, RUF007 - tuples wanted
            triples = list(zip(lows, lows[1:], lows[2:]))  # noqa: B905
        bi_l, bi_r = flags[b"-1:word.bi_gram()"], flags[b"+1:word.bi_gram()"]
        tri_l, tri_r = flags[b"-2:word.tri_gram()"], flags[b"+2:word.tri_gram()"]
        bi = [p in models.bi_grams for p in pairs]
        # syllable i's attributes: its own, then syllable i-1's as the previous one with the
        # bigram (i-1, i) and trigram (i-2 … i) flags, then i+1's as the next one with the
        # bigram (i, i+1) and trigram (i … i+2) flags
        left: list[_Attrs] = [()]
        left += [f[1] + bi_l if b else f[1] for f, b in zip(feats, bi)]  # noqa: B905
        right = [f[2] + bi_r if b else f[2] for f, b in zip(feats[1:], bi)]  # noqa: B905
        right.append(())
        for i, t in enumerate(triples):
            if t in models.tri_grams:
                left[i + 2] += tri_l
                right[i] += tri_r
        labels = models.tokenizer.tag(
            [f[0] + a + b for f, a, b in zip(feats, left, right)]  # noqa: B905
        )
        # the first syllable of each word: pyvi joins a syllable labelled `I_W` to the one
        # before unless either is punctuation or a number, or only the later is capitalised
        heads = [0] + [
            i
            for i, (a, b, label) in enumerate(zip(feats[1:], feats, labels[1:]), 1)  # noqa: B905
            if label != "I_W" or not (a[4] and b[4]) or (a[5] and not b[5])
        ]
        ends = [*heads[1:], len(syl)]
        tokens = ["_".join(syl[h:e]) for h, e in zip(heads, ends)]  # noqa: B905
        if spans is not None:
            spans = [(spans[h][0], spans[e - 1][1]) for h, e in zip(heads, ends)]  # noqa: B905
    seen_words = models.words
    wf = [seen_words.get(w) or _word_features(w, models) for w in tokens]
    own, m1, m2, p1, p2 = (list(f) for f in zip(*wf, strict=True))
    # word i's attributes: its own, word i-1's as -1 and i-2's as -2 (`BOS` for the first
    # word), word i+1's as +1 and i+2's as +2 (`EOS` for the last word)
    left = [flags[b"BOS"]]
    right = [a + b for a, b in zip(p1[1:], p2[2:])]  # noqa: B905
    if len(tokens) > 1:
        left.append(m1[0])
        right.append(p1[-1])
    left += [a + b for a, b in zip(m1[1:-1], m2)]  # noqa: B905
    right.append(flags[b"EOS"])
    seq = [o + a + b for o, a, b in zip(own, left, right)]  # noqa: B905
    return tokens, list(models.tagger.tag(seq)), spans


def _syllable_spans(sentence: str) -> tuple[list[str], list[tuple[int, int]]]:
    """pyvi's syllables of ``sentence`` (NFC, no line break) with their offsets.

    No syllable holds a space and none of pyvi's alternatives looks behind or ahead past
    one, so the text is read piece by piece between spaces. A piece of letters only
    (`str.isalpha`: every character is one `\\w` takes) is one syllable whatever pyvi's
    pattern: its other alternatives all need a dot, a digit, a symbol or a line break.
    Only the other pieces (`90%`, `TP.`, `(PAR`) go through the pattern: its fifteen
    alternatives tried at every character, spaces included, cost more than the
    sentence's words.

    >>> _syllable_spans("Tỷ lệ đạt 99,78%.")
    (['Tỷ', 'lệ', 'đạt', '99,78', '%', '.'], [(0, 2), (3, 5), (6, 9), (10, 15), (15, 16), (16, 17)])
    """
    plain = "@" not in sentence and "://" not in sentence
    pattern = _PYVI_SYLLABLE_PLAIN if plain else _PYVI_SYLLABLE
    syl: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for piece in sentence.split(" "):
        end = pos + len(piece)
        if piece.isalpha():
            syl.append(piece)
            spans.append((pos, end))
        elif piece:
            for m in pattern.finditer(sentence, pos, end):
                syl.append(m.group())
                spans.append(m.span())
        pos = end + 1
    return syl, spans


#: Tags lent to a sentence from the same sentence with one span not yet blanked: see
#: `_lend_tags`. `_LOANS` holds the loans offered and not yet taken: (whole sentence,
#: blanked span). Bounded: each is cleared when it reaches `_LENT_MAX` sentences.
_LENT_MAX = 512
_LENT: Memo[str, tuple[tuple[int, int, str], ...]] = Memo(_LENT_MAX)
_LOANS: dict[str, tuple[str, int, int]] = {}


def _tagged(sentence: str, backend: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, tag) of each word of ``sentence``, cached per sentence."""
    lent = _LENT.get(sentence)
    if lent is not None:
        return lent
    loan = _LOANS.pop(sentence, None)
    if loan is not None:
        kept = _kept_tags(loan[0], loan[1], loan[2], backend)
        if kept is not None:
            return _LENT.put(sentence, kept)
    return _tag_text(sentence, backend)


def _lend_tags(blanked: str, whole: str, start: int, end: int) -> None:
    """Let ``blanked`` — ``whole`` with ``start:end`` turned to spaces — use the tags of
    ``whole`` minus the words in that span, instead of being tagged again.

    Each value of a sentence blanks its own cue (`hơn`, `tăng`) before its phrase is
    read, and POS-tagging the sentence once per value was a third of all tagging; the
    other words' tags are the sentence's. A word that the span cuts in two (`tăng` of
    `tăng trưởng`) is not lent: the blanked sentence is tagged as it is then.

    The loan is only recorded here: `_tagged` takes it when the phrase reader first asks
    for the blanked sentence's tags. A third of the values never do (their head noun
    stands before them: `tỷ lệ … tăng 5%`), and their sentence is then not tagged at all.
    """
    if _LENT.get(blanked) is not None or blanked in _LOANS or len(blanked) != len(whole):
        return
    if len(_LOANS) >= _LENT_MAX:
        _LOANS.clear()
    _LOANS[blanked] = (whole, start, end)


def _kept_tags(
    whole: str, start: int, end: int, backend: str
) -> tuple[tuple[int, int, str], ...] | None:
    """The tags of ``whole`` but the words within ``start:end``; None when a word lies
    only partly within it."""
    kept = []
    for w in _tag_text(whole, backend):
        if w[1] <= start or w[0] >= end:
            kept.append(w)
        elif w[0] < start or w[1] > end:
            return None  # a word only partly blanked
    return tuple(kept)


@functools.lru_cache(maxsize=512)
def _tag_text(sentence: str, backend: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, tag) of each word of ``sentence`` as the tagger reads it."""
    pairs: list[tuple[str, str]]
    if backend == "underthesea":
        from underthesea import pos_tag  # lazy: heavy import

        pairs = [(w, t) for w, t in pos_tag(sentence)]
    else:
        tokens, tags, spans = _pyvi_words(sentence)
        if spans is not None:
            return tuple((b, e, str(t)) for (b, e), t in zip(spans, tags, strict=True))
        pairs = [(w.replace("_", " "), str(t)) for w, t in zip(tokens, tags, strict=False)]
    out: list[tuple[int, int, str]] = []
    cursor = 0
    for word, tag in pairs:
        pieces = word.split()
        if not pieces:
            continue
        begin = sentence.find(pieces[0], cursor)
        if begin < 0:
            continue
        pos = begin + len(pieces[0])
        ok = True
        for piece in pieces[1:]:
            nxt = sentence.find(piece, pos)
            if nxt < 0 or sentence[pos:nxt].strip():
                ok = False
                break
            pos = nxt + len(piece)
        if ok:
            out.append((begin, pos, tag))
            cursor = pos
    return tuple(out)


_START, _END = operator.itemgetter(0), operator.itemgetter(1)


def _tagged_within(s: str, start: int, end: int) -> Sequence[tuple[int, int, str]]:
    """The tagged words of ``s`` lying within [start, end]: a slice, as `_tagged` gives
    the words in order, not overlapping (their starts and their ends increase)."""
    words = _tagged(s, BACKEND)
    lo = bisect.bisect_left(words, start, key=_START)
    return words[lo : max(lo, bisect.bisect_right(words, end, key=_END))]


def _verb_before(s: str, start: int, end: int, cues: _Cues) -> str:
    """The verb group right before the value (`đã kích hoạt 811.319` → `đã kích hoạt`)."""
    words = _tagged_within(s, start, end)
    i = len(words) - 1
    # skip qualifier / linking words between the verb and the value (`hỗ trợ khoảng 30`)
    while i >= 0 and _ends_with_cue(s[words[i][0] : words[i][1]], cues):
        if s[words[i][0] : words[i][1]].lower() in _RECIPIENT:
            return _recipient_verb(s, words, i, cues)
        i -= 1
    picked: list[tuple[int, int, str]] = []
    n_words = 0
    while i >= 0 and n_words < cues.spec.max_verb_words:
        b, e, tag = words[i]
        if tag in _VERB_TAGS:
            picked.append(words[i])
            n_words += 1
        elif s[b:e] == "," and picked and i > 0 and words[i - 1][2] == "V":
            picked.append(words[i])  # `lắp đặt, kết nối 789 camera`
        else:
            break
        i -= 1
    if not picked:
        return ""
    verb = s[picked[-1][0] : picked[0][1]]
    verb = _sub_low(cues.not_predicate, " ", verb)
    verb = _strip(verb, cues)
    return verb if _TOKEN.search(verb) else ""


# `cấp phiếu lý lịch tư pháp cho 1.573 trường hợp`: the counted are the recipients of the
# verb phrase before `cho`, so they are `trường hợp được cấp phiếu lý lịch tư pháp`.
_RECIPIENT = frozenset({"cho"})
_PASSIVE = frozenset({"được", "bị"})
# How many words before `cho` the verb phrase may reach back.
_RECIPIENT_REACH = 10


# What may stand between a subject and the count that measures it: `hồ sơ trả trước và
# đúng hạn là 19.255 hồ sơ`, `hồ sơ quá hạn chưa có kết quả 689 hồ sơ`.
_SUBJECT_LINK = _rx.compile(
    r"(?:\s+(?:là|gồm|có|đạt|với|khoảng|hơn|gần|trên|dưới|tổng cộng|lên tới|lên đến))*[\s:]*$"
)


def _counted_subject(left: str, counted: str, cues: _Cues) -> str:
    """The subject the clause names for a count of ``counted`` things, when it opens with
    the same noun and says more (`hồ sơ trả trước và đúng hạn là 19.255 hồ sơ` →
    `hồ sơ trả trước và đúng hạn`); '' otherwise.

    >>> _counted_subject("trong đó hồ sơ trả trước và đúng hạn là ", "hồ sơ", _cues())
    'hồ sơ trả trước và đúng hạn'
    """
    noun = counted.split(" ", 2)
    key = " ".join(noun[:2]) if len(noun) > 1 else noun[0]
    low = _lower(left)
    at = low.rfind(key.lower())
    if at < 0 or (at > 0 and low[at - 1].isalnum()):
        return ""
    subject = left[at:]
    link = _SUBJECT_LINK.search(subject)
    if link is not None:
        subject = subject[: link.start()]
    subject = _clean(subject)
    if (
        len(subject.split()) <= len(key.split()) + 1
        or any(ch in subject for ch in ",;()")
        or _DIGIT.search(subject)
        # `doanh nghiệp … duy nhất đạt giải thưởng trong số 88 doanh nghiệp`: a subject
        # cut by a preposition is not what is counted
        or not grammar.well_formed(f"số {subject}")
        or _lower(subject).endswith(("số", "trong"))
    ):
        return ""
    return subject


def _recipient_verb(
    s: str, words: Sequence[tuple[int, int, str]], i: int, cues: _Cues
) -> str:
    """`được` + the verb phrase before the recipient preposition at ``words[i]``: from the
    last verb that opens it, within its clause (`đã cấp tài khoản định danh điện tử cho`
    → `được cấp tài khoản định danh điện tử`); '' when no verb opens one."""
    lo = i - 1
    while lo >= 0 and i - lo <= _RECIPIENT_REACH:
        b, e, tag = words[lo]
        if tag in ("CH", "P") or not _TOKEN.search(s[b:e]):
            break  # a clause mark or a pronoun subject ends the verb phrase
        lo -= 1
    verbs = [k for k in range(lo + 1, i) if words[k][2] == "V"]
    if not verbs:
        return ""
    first = verbs[0]  # `hỗ trợ cho 300 hộ` → `được hỗ trợ`, with no object too
    if _UPPER.match(s, words[first][0]) and first > 0:
        return ""  # a name the tagger read as a verb (`Sở Giáo dục và Đào tạo cho …`)
    if first > 0 and s[words[first - 1][0] : words[first - 1][1]].lower() in _PASSIVE:
        first -= 1  # `được trao cho 45 công trình`: already passive
    vp = _strip(s[words[first][0] : words[i - 1][1]], cues)
    if not _TOKEN.search(vp):
        return ""
    return vp if vp.split()[0].lower() in _PASSIVE else f"được {vp}"


# --------------------------------------------------------------------------- phrase


def _clean(text: str) -> str:
    # Every character `\s` takes but the space is unprintable (a control or a separator
    # other than ` `): a printable text without two spaces in a row has no run to join.
    if "  " not in text and text.isprintable():
        return text.strip(_EDGE_PUNCT + " ")
    return str(_SPACES.sub(" ", text)).strip(_EDGE_PUNCT + " ")


def _strip(phrase: str, cues: _Cues) -> str:
    """Drop listed words from both ends of ``phrase`` until nothing changes."""
    prev = None
    phrase = _clean(phrase)
    while prev != phrase:
        prev = phrase
        low = _lower(phrase)  # lowered again only when the phrase changed
        m = cues.trailing.search(low)
        if m:
            phrase = _clean(phrase[: m.start()] + phrase[m.end() :])
            low = _lower(phrase)
        m = cues.leading.match(low)
        if m:
            phrase = _clean(phrase[m.end() :])
            low = _lower(phrase)
        # `9,07% số hợp tác xã` → `hợp tác xã`, but `số hóa hồ sơ` keeps its `số`
        if low.startswith("số ") and not cues.so_after.match(low, 2):
            phrase = phrase[3:]
    return phrase


_UNFILLED: Memo[str, str] = Memo(4096)


def _remove_fillers(phrase: str) -> str:
    """``phrase`` without the fillers of `patterns/indicator_cues.yaml` (`trên địa bàn
    tỉnh`, `hiện nay`, `(DVC)`), cleaned; cached: a third of the phrases come again
    (`người`, `chiếc`, a clause read for each of its values)."""
    got = _UNFILLED.get(phrase)
    if got is None:
        got = _UNFILLED.put(phrase, _fillers_removed(phrase))
    return got


def _fillers_removed(phrase: str) -> str:
    cues = _cues()
    # Most phrases hold no filler. Each pattern is searched alone until one matches:
    # `regex` tries an alternation of these eight at every position and took longer
    # than the eight searches. Those before the first match leave the phrase as it is,
    # so only the rest are applied, in order.
    for i, pattern in enumerate(cues.remove):
        if pattern.search(phrase):
            for later in cues.remove[i:]:
                phrase = later.sub(" ", phrase)
            break
    if "(" in phrase:
        phrase = _EMPTY_PARENS.sub(" ", phrase)
    return _clean(phrase)


def _cut_np(phrase: str, cues: _Cues, stops: _rx.Pattern | None = None) -> str:
    """Cut a noun phrase at the first stop word or clause-opening comma."""
    cut = len(phrase)
    phrase = phrase.lstrip()
    low = _lower(phrase)
    m = (stops or cues.stops).search(low)
    if m:
        cut = m.start()
    m = cues.openers.search(low)
    if m and m.start() < cut:
        cut = m.start()
    m = _COMMA_NAME.search(phrase)
    if m and m.start() < cut:
        cut = m.start()
    return phrase[:cut]


def _limit(phrase: str, max_words: int) -> str:
    words = phrase.split()
    return " ".join(words[:max_words])


def _lower_first(phrase: str) -> str:
    """Lower-case a sentence-initial capital (`Tổ công nghệ số` → `tổ …`), keep names/acronyms."""
    words = phrase.split()
    if not words:
        return phrase
    first = words[0]
    nxt = words[1] if len(words) > 1 else ""
    if first[:1].isupper() and not first.isupper() and not nxt[:1].isupper():
        words[0] = first[:1].lower() + first[1:]
    return " ".join(words)


def _head_in(left: str, unit: Unit, cues: _Cues) -> tuple[int, HeadNoun] | None:
    """First head noun of ``left`` able to measure ``unit`` (`số` not inside `kinh tế số`).

    Where several heads start at the same place the first listed (the longest) wins; a
    `số` of a compound gives way to a head listed after it there, or to a later head.
    """
    low = _lower(left)
    unit_heads = _unit_heads(unit)
    for m in unit_heads.any.finditer(low):
        at = m.start()
        for pattern, head in unit_heads.heads[unit_heads.first[m.group()] :]:
            hit = pattern.match(low, at)
            # `số`, `tổng số`: not when this `số` opens a compound (`tổng số dư`)
            so = head.word.endswith("số") and (head.canonical or head.word) == "số"
            if hit and not (so and _compound_so(low, hit.end() - len("số"), hit.end(), cues)):
                return at, head
    return None


def _compound_so(text: str, start: int, end: int, cues: _Cues) -> bool:
    """`kinh tế số`, `số hóa`: this `số` is part of a compound (``text`` lower-cased)."""
    before = text[:start].split()
    two = " ".join(before[-2:]).lower()
    one = before[-1].lower() if before else ""
    return two in cues.so_before or one in cues.so_before or bool(cues.so_after.match(text, end))


def _mask(s: str, spans: Sequence[tuple[int, int]]) -> str:
    """``s`` with the characters of ``spans`` (clipped to ``s``) replaced by spaces."""
    for b, e in spans:
        b, e = max(0, b), min(len(s), e)
        if b < e:
            s = s[:b] + " " * (e - b) + s[e:]
    return s


@dataclass(unsafe_hash=True)  # see DEVELOPERS.md, "Records in compiled modules"
class _Clause:
    left: str
    left_start: int
    right: str
    right_start: int
    right_end: int
    in_paren: bool

    def __init__(
        self,
        left: str,
        left_start: int,
        right: str,
        right_start: int,
        right_end: int,
        in_paren: bool,
    ) -> None:
        self.left = left
        self.left_start = left_start
        self.right = right
        self.right_start = right_start
        self.right_end = right_end
        self.in_paren = in_paren


@functools.lru_cache(maxsize=8)
def _boundaries(s: str) -> tuple[list[int], list[int]]:
    """(starts, ends) of the clause boundaries of the whole sentence, in order."""
    found = [m.span() for m in _BOUNDARY.finditer(s)]
    return [b for b, _e in found], [e for _b, e in found]


def _last_boundary_end(s: str, v0: int) -> int:
    """End of the last clause boundary of ``s[:v0]`` (0 when none).

    A boundary match reads at most 4 characters from its start (`_BOUNDARY`: ` - ` and the
    lookahead after it), so the whole sentence's matches starting 4 or more characters
    before ``v0`` are those of a scan that stops at ``v0``; only the rest is scanned again
    (the lookbehind sees the characters before the scan's start).
    """
    starts, ends = _boundaries(s)
    k = bisect.bisect_right(starts, v0 - 4)
    lb = ends[k - 1] if k else 0
    for m in _BOUNDARY.finditer(s, max(lb, v0 - 3, 0), v0):
        lb = m.end()
    return lb


# `tổng số dư Quỹ … của 27 thương nhân đầu mối là 5.617 tỷ đồng`: a count after `của`
# names whose the measure is; it does not end the clause of the value after it.
_OWNER_COUNT = _rx.compile(r"(?<!\p{L})của\s+\Z", regex.IGNORECASE)


def _clause(s: str, v0: int, v1: int, sib: Sequence[tuple[int, int]]) -> _Clause:
    lb = _last_boundary_end(s, v0)
    for b, e in sib:
        if e > v0:
            continue
        if _OWNER_COUNT.search(s, max(0, b - 6), b):
            lb = max(lb, s.rfind(",", lb, b) + 1)  # within the owner's own clause
        else:
            lb = max(lb, e)
    paren = s.rfind("(", lb, v0)
    in_paren = paren >= 0 and s.find(")", paren, v0) < 0
    if in_paren:
        lb = paren + 1
    # right: skip a parenthesis right after the value (`85% (17/20) ngân hàng`)
    r0 = v1
    rb = len(s)
    if in_paren:
        close = s.find(")", v1)
        if close >= 0 and _LETTER.search(s, v1, close):
            rb = close  # `(trong đó có 630 doanh nghiệp sản xuất …)`
        else:
            r0 = close + 1 if close >= 0 else len(s)
    m = _ASIDE.match(s, r0)
    if m and not in_paren:
        r0 = m.end()
    m2 = _BOUNDARY.search(s, r0, rb)
    if m2:
        rb = m2.start()
    cut_by_sibling = False
    for b, _e in sib:
        if r0 <= b < rb:
            rb = b
            cut_by_sibling = True
    if cut_by_sibling:
        # `90 đối tác đã đăng ký, 7 đối tác …`: the words after the last comma before the
        # next value belong to that value (`, cùng 613 phòng giao dịch`).
        # (`, độ chính xác trên 88%`): a measure word after the last comma opens it.
        comma = s.rfind(",", r0, rb)
        low = _lower_sentence(s)
        if comma >= 0 and _cues().any_head.search(low, comma, rb):
            rb = comma
    return _Clause(s[lb:v0], lb, s[r0:rb], r0, rb, in_paren)


def _left_phrase(left: str, unit: Unit, cues: _Cues) -> tuple[str, str | None, int]:
    """(phrase from a head noun before the value, the head's canonical form, its offset)."""
    found = _head_in(left, unit, cues)
    if found is None:
        return "", None, -1
    pos, head = found
    canon = head.canonical or head.word
    rest = left[pos:]
    rest = rest[len(head.word) :]
    rest = _cut_np(_remove_fillers(rest), cues, cues.left_stops)
    rest = _limit(_strip(rest, cues), cues.spec.max_words - 4)
    rest = _strip(rest, cues)
    return (f"{canon} {rest}".strip() if rest else ""), canon, pos


def _np_after(
    s: str, start: int, end: int, unit: Unit, cues: _Cues, noun_only: bool = False
) -> tuple[str, bool]:
    """The counted noun phrase after a value and its relative verb phrase, by POS.

    `90% trở lên hồ sơ công việc tại cấp tỉnh được xử lý trên môi trường mạng, …` →
    `hồ sơ công việc tại cấp tỉnh được xử lý trên môi trường mạng`. The noun phrase
    takes nouns, adjectives and `của`; a comma or `và` continues it only before another
    common noun (`xã, phường`). A verb then opens one relative clause (`đã đăng ký`,
    `được Huawei chứng nhận`) that a comma continues only between verbs (`kết nối, giám
    sát`). Place and time phrases (`trên thế giới`, `tại Việt Nam`, `từ … đến`), purpose
    words (`để`, `nhằm`) and a comma before anything else end it. Returns (phrase, True
    when it holds a verb). ``noun_only``: the noun phrase alone, no relative clause.
    """
    spec = cues.spec
    low = _lower_sentence(s)
    toks = _tagged_within(s, start, end)
    n, i = len(toks), 0
    point = spec.unit_prefix.get(Unit.POINT)
    if unit is Unit.POINT and i < n and s[toks[i][0] : toks[i][1]].lower() == point:
        i += 1  # `83,87/100 điểm`
    while i < n:  # `%`, `trở lên`, `các`, `số` between the value and its noun
        m = cues.np_lead.match(low, toks[i][0])
        if not m:
            break
        while i < n and toks[i][0] < m.end():
            i += 1
    first, last = i, -1
    in_vp, has_verb, vp_words, prev_tag = False, False, 0, ""
    while i < n:
        b, e, tag = toks[i]
        word = s[b:e].lower()
        nxt_tag = toks[i + 1][2] if i + 1 < n else ""
        nxt_cap = i + 1 < n and s[toks[i + 1][0]].isupper()
        m = cues.place_fillers.match(low, b) if last >= 0 else None
        if m:  # skipped here, removed from the phrase below
            while i < n and toks[i][0] < m.end():
                i += 1
            continue
        if (
            cues.stops.match(low, b)
            or cues.place_stops.match(low, b)
            or _before_name(s, low, b, cues)
        ):
            break
        if word in (",", "và", "hoặc"):
            if last < 0:
                break
            nxt_word = s[toks[i + 1][0] : toks[i + 1][1]].lower() if i + 1 < n else ""
            if not in_vp and (
                (nxt_tag in ("N", "Nc") and not nxt_cap)
                or nxt_word in s[toks[first][0] : last].lower().split()
                or (word != "," and prev_tag == "A" and nxt_tag in ("A", "R"))
            ):
                # `xã, phường`; `chi nhánh và phòng giao dịch`; `cấp huyện, cấp xã`;
                # `doanh nghiệp nhỏ và vừa`
                pass
            elif (
                in_vp
                and (nxt_tag == "V" or (nxt_tag == "E" and prev_tag == "V"))
                and (prev_tag == "V" or word != ",")
            ):
                pass  # `được kết nối, giám sát`; `vượt qua kỳ thi và đạt chứng chỉ`
            else:
                break
            i += 1
            continue
        if (
            word in ("/", "-", "&")
            and 0 < i < n - 1
            and toks[i + 1][0] == e
            and b == toks[i - 1][1]
        ):
            i += 1  # `tỉnh/thành phố`, `4G/5G`
            continue
        if word == "-" and not in_vp and last >= 0 and nxt_tag in ("N", "Nc"):
            i += 1  # `Chợ 4.0 - Chợ thanh toán không dùng tiền mặt`
            continue
        if word == "(" and last >= 0:
            # `dịch vụ công (DVC) thiết yếu`: a short aside, removed with the fillers below
            close = next((j for j in range(i + 1, min(n, i + 5)) if s[toks[j][0]] == ")"), -1)
            if close > 0:
                i = close + 1
                continue
        if not in_vp:
            if tag in spec.np_tags or (last >= 0 and word in spec.np_prepositions):
                if last < 0 and tag not in _NOUN_TAGS:
                    break  # the phrase starts with a noun
                last, prev_tag = e, tag
                i += 1
                continue
            if last < 0 or tag not in ("V", "R") or noun_only:
                break
            in_vp = True
        if tag not in spec.vp_tags or vp_words >= spec.max_vp_words:
            break
        has_verb = has_verb or tag == "V"
        vp_words += 1
        last, prev_tag = e, tag
        i += 1
    if last < 0 or first >= n:
        return "", False
    phrase = _strip(_remove_fillers(s[toks[first][0] : last]), cues)
    return phrase, has_verb and bool(phrase)


def noun_phrase_at(text: str, sentence: Span, at: int, noun: str) -> str:
    """The noun phrase of ``sentence`` that opens at ``at`` with the word(s) ``noun``:
    nouns, adjectives and `của` only, no relative clause, no aside. '' when ``noun``
    there is part of a longer word (`tổ` in `tổ chức`) or follows an adjective. The
    document pass reads what an earlier sentence said of a noun that a count repeats
    bare (the object of a verb counts: `phát huy tổ công nghệ số cộng đồng`).

    >>> s = "Các thành viên của tổ công nghệ số cộng đồng đã hướng dẫn người dân."
    >>> noun_phrase_at(s, Span(0, len(s)), s.find("thành viên"), "thành viên")
    'thành viên của tổ công nghệ số cộng đồng'
    >>> s = "Hai tổ chức xã hội đã tham gia."
    >>> noun_phrase_at(s, Span(0, len(s)), s.find("tổ"), "tổ")
    ''
    """
    s = text[sentence.start : sentence.end]
    start, end = at - sentence.start, at - sentence.start + len(noun)
    words = _tagged(s, BACKEND)
    k = bisect.bisect_left(words, start, key=_START)
    if k >= len(words) or words[k][0] != start or (k and words[k - 1][2] == "A"):
        return ""
    while k < len(words) and words[k][1] < end:
        k += 1
    if k == len(words) or words[k][1] != end:
        return ""
    # how far the reader of counted phrases goes (it knows the place and clause stops)
    phrase, _verb = _np_after(s, start, len(s), Unit.COUNT, _cues(), True)
    limit, last = start + len(phrase), end
    for b, e, tag in words[k + 1 :]:
        if e > limit or not (tag in _STRICT_NP_TAGS or (s[b:e].lower() == "của" and tag == "E")):
            break
        last = e
    return _strip(s[start:last], _cues())


def names_thing(text: str, sentence: Span, start: int, end: int) -> bool:
    """True when the words of ``sentence`` within ``start:end`` open with a noun (`công
    nghệ số cộng đồng`, `của Tổ …`), not an adjective or verb (`tốt`, `lớn còn lại`)."""
    s = text[sentence.start : sentence.end]
    words = [
        w
        for w in _tagged_within(s, start - sentence.start, end - sentence.start)
        if s[w[0] : w[1]].lower() != "của"
    ]
    # the first word says the kind (`người dân`); `thi thể nhiều gấp …` is a comparison
    return bool(words) and words[0][2] in _STRICT_NOUN_TAGS


@functools.lru_cache(maxsize=2048)
def opens_clause(phrase: str) -> bool:
    """True when ``phrase`` opens with a verb, an adverb or a preposition (`tham gia`, `đã
    hoàn thành`, `tại các thôn`): what follows a noun without saying what kind it is.

    >>> opens_clause("tham gia"), opens_clause("tại các thôn"), opens_clause("nông nghiệp")
    (True, True, False)

    Cached: the same few verb groups follow counts across a corpus (`tham gia`, `đã …`).
    """
    words = _tagged(phrase, BACKEND)
    return bool(words) and words[0][2] in ("V", "R", "E")


_STRICT_NOUN_TAGS = frozenset({"N", "Nc", "Np", "Nu", "Ny", "Nb", "FW"})
#: What a noun phrase read for its words alone holds (`tổ công nghệ số cộng đồng`).
_STRICT_NP_TAGS = frozenset({"N", "Nc", "Np", "Nu", "Ny", "Nb", "A", "FW"})


def _about(s: str, v1: int, cues: _Cues) -> str:
    """`dẫn đầu cả nước về CĐS` → `CĐS`: what a rank is about."""
    m = _ABOUT.search(s[v1:])
    if not m:
        return ""
    return _limit(_strip(_cut_np(m.group(1), cues), cues), 6)


# `top 5 quốc gia …`, `thứ 23 trong số những người giàu nhất …`: what a rank ranks
# among, right after it.
_AMONG_LEAD = _rx.compile(r"\s*(?:trong\s+số|trong|giữa)?\s*(?:những|các)?\s*", regex.IGNORECASE)


def _among(s: str, clause: _Clause, cues: _Cues) -> str:
    """The things a rank ranks among, named right after it (`lọt top 30 người giàu nhất
    sàn chứng khoán` → `người giàu nhất sàn chứng khoán`); '' when that is a bare noun or a
    place (`đứng thứ 7/63 tỉnh`), which says nothing of the measure."""
    lead = _AMONG_LEAD.match(s, clause.right_start, clause.right_end)
    start = lead.end() if lead is not None else clause.right_start
    np, qualified = _np_after(s, start, clause.right_end, Unit.COUNT, cues)
    np = _lower_first(np) if np else ""
    # a noun with what sets it apart (`quốc gia nhiễm mã độc nhiều nhất`), not a bare
    # population (`63 tỉnh, thành phố`)
    if not qualified or len(np.split()) < 3 or not grammar.well_formed(f"thứ hạng {np}"):
        return ""
    return np


def _swap_prefix(phrase: str, unit: Unit, cues: _Cues) -> str:
    """Reuse a sibling's phrase for another unit (`số tổ …` → `tỷ lệ tổ …`)."""
    prefix = cues.spec.unit_prefix.get(unit, "")
    for _p, head in cues.heads:
        w = head.canonical or head.word
        if phrase.startswith(w + " "):
            if unit in (Unit.VND, Unit.USD) or (unit is Unit.PERCENT and not head.units):
                return phrase  # a money value, or a head of any unit: the same measure
            own = cues.head_of.get(w, head)
            if unit in own.reused_as_is_for:
                return phrase
            if own.prefixed_on_reuse:
                return f"{prefix} {phrase}".strip()
            return f"{prefix} {phrase[len(w) + 1 :]}".strip()
    return f"{prefix} {phrase}".strip()


def _subject_before(s: str, start: int, end: int, cues: _Cues) -> tuple[str, int]:
    """The noun phrase right before ``end`` (`mặt hàng này chỉ chiếm` → `mặt hàng này`)."""
    toks = _tagged_within(s, start, end)
    i = len(toks) - 1
    while i >= 0 and toks[i][2] == "R":  # `chỉ`, `đã`, `thường`
        i -= 1
    last, first = i, -1
    while i >= 0 and (
        toks[i][2] in cues.spec.np_tags
        or s[toks[i][0] : toks[i][1]].lower() in cues.spec.np_prepositions
    ):
        first = i
        i -= 1
    while 0 <= first <= last and toks[first][2] not in _NOUN_TAGS:
        first += 1  # the phrase starts with a noun
    if first < 0 or first > last:
        return "", -1
    words = s[toks[first][0] : toks[last][1]].split()
    return " ".join(words[-8:]), toks[first][0]


def _subject_of_value(s: str, start: int, v0: int, cues: _Cues) -> str:
    """`thu thuần dịch vụ tăng gần 70%` → `thu thuần dịch vụ`: the noun phrase before the
    linking or change verb (`tăng`, `đạt`, `là`) right before the value."""
    toks = _tagged_within(s, start, v0)
    i = len(toks) - 1
    verbs = 0
    while i >= 0 and (toks[i][2] in ("V", "R") or _ends_with_cue(s[toks[i][0] : toks[i][1]], cues)):
        verbs += toks[i][2] == "V"
        i -= 1
    if not verbs or i < 0:
        return ""
    subject, _at = _subject_before(s, start, toks[i][1], cues)
    return _lower_first(subject)


def _share(s: str, clause: _Clause, after: Callable[[], str], cues: _Cues) -> str:
    """`kinh tế số chiếm 20% GRDP` → `tỷ trọng kinh tế số trong GRDP` (part over whole).

    ``after`` gives the noun phrase after the value (the whole), read only when needed.
    """
    m = cues.share_end.search(_lower(clause.left))
    if m is None:
        return ""
    whole = after()
    share_at = clause.left_start + m.start()
    part, part_at = _subject_before(s, clause.left_start, share_at, cues)
    if part:
        # `đóng góp giá trị tương đương 1% GRDP` → `giá trị đóng góp`
        verb = _verb_before(s, clause.left_start, part_at, cues)
        part = f"{_lower_first(part)} {verb}".strip()
    templates = cues.spec.share_templates
    if whole:
        if part:
            return templates.part_of_whole.format(part=part, whole=whole)
        return templates.whole.format(whole=whole)
    return templates.part.format(part=part) if part else ""


def _phrase(
    s: str,
    v0: int,
    v1: int,
    unit: Unit,
    siblings: Sequence[tuple[int, int, Unit]],
    depth: int = 0,
    change: bool = False,
    topic: str = "",
    counted: str | None = None,
) -> str:
    cues = _cues()
    sib = [(b, e) for b, e, _u in siblings]
    clause = _clause(s, v0, v1, sib)
    left, head, head_at = _left_phrase(clause.left, unit, cues)
    if head_at >= 0 and any(e == clause.left_start for _b, e in sib):
        lead = clause.left[:head_at]
        if not lead.strip() or cues.np_lead.fullmatch(_lower(lead.strip())):
            # `60% chi phí giao tiếp và tăng 30% …`: `chi phí` is the 60%'s noun
            left, head, head_at = "", None, -1
    prefix = cues.spec.unit_prefix.get(unit, "")
    if unit is Unit.RANK:
        if left and head != prefix:
            return f"{prefix} {left}"
        if left and head == prefix and len(left.split()) > 2:
            return left
        about = _about(s, v1, cues)
        if about:
            return f"{prefix} {about}"
        among = _among(s, clause, cues)
        if among:
            return f"{prefix} {among}"
        default = cues.spec.unit_default.get(unit, prefix)
        return _from_sibling(s, v0, unit, siblings, depth) or f"{default} {topic}".strip()
    measured = unit in (Unit.COUNT, Unit.PERCENT, Unit.PERCENTAGE_POINT, Unit.POINT)

    found: list[tuple[str, bool]] = []

    def after() -> tuple[str, bool]:
        """The counted noun phrase after the value: POS-tags the sentence, so only on demand
        (and once: ``found``)."""
        if not found:
            if not measured:
                found.append(("", False))
            else:
                right, has_verb = _np_after(s, clause.right_start, clause.right_end, unit, cues)
                found.append(((_lower_first(right) if right else right), has_verb))
        return found[0]

    ratio = head is not None and head in cues.head_of and cues.head_of[head].ratio
    if unit is Unit.PERCENT and not (ratio and left):
        shared = _share(s, clause, lambda: after()[0], cues)
        if shared:
            return shared
    # a head phrase that reaches the value only across a comma belongs to an earlier
    # value (`100% dịch vụ công mức độ 4, từ 90% trở lên hồ sơ …`)
    left_linked = bool(left) and "," not in clause.left[head_at:]
    if left and (left_linked or not after()[0]):
        if unit is Unit.POINT and not left.startswith(prefix):
            left = f"{prefix} {left}"
        return left
    right, right_has_verb = after()
    if right:
        prefix = head if (head and not left) else cues.spec.unit_prefix.get(unit, "")
        phrase = f"{prefix} {right}".strip()
        subject = ""
        if unit is Unit.COUNT and len(right.split()) <= 2:
            # only a bare noun after the value (`19.255 hồ sơ`): the subject says what
            subject = _counted_subject(clause.left, right, cues)
        if subject:
            return f"{prefix} {subject}".strip()
        if unit is not Unit.POINT and not right_has_verb:
            verb = _verb_before(s, clause.left_start, v0, cues)
            if verb and verb.lower() not in phrase.lower():
                # `nông dân ở` + `được đào tạo …`: the noun phrase loses its dangling end
                phrase = f"{grammar.repair(phrase) or phrase} {verb}"
        return phrase
    if head and "," not in clause.left[head_at:]:
        # `Trung tâm IOC được đầu tư với kinh phí 60 tỷ đồng` → `kinh phí Trung tâm IOC …`
        before = clause.left[:head_at].rsplit(",", 1)[-1]
        owner = _limit(_strip(_remove_fillers(before), cues), 10)
        return f"{head} {_lower_first(owner)}".strip()
    if unit in (Unit.PERCENT, Unit.PERCENTAGE_POINT):
        # `thu thuần dịch vụ tăng gần 70%` → the subject of the verb before the value
        subject = _subject_of_value(s, clause.left_start, v0, cues)
        if subject:
            prefix = "" if change else cues.spec.unit_prefix.get(unit, "")
            return f"{prefix} {subject}".strip()
    if counted and unit is Unit.COUNT:
        # the numbers stage's counted noun when POS found none (`có 81 tổ chức và …`)
        return f"{cues.spec.unit_prefix.get(unit, '')} {_lower_first(counted)}".strip()
    if unit in _MONEY:
        # `dầu hỏa tăng 220 đồng/lít`, `giảm 300 đồng/lít đối với dầu diesel`
        own = _money_subject(s, clause, v0, v1, cues)
        if own:
            return own
    sibling = _from_sibling(s, v0, unit, siblings, depth, keep=change)
    if sibling:
        return sibling
    converted = _converted(s, clause, v0, unit, siblings, depth)
    if converted:
        return converted
    if head:
        return head
    # last resort: the words before the value
    words = _strip(_remove_fillers(clause.left), cues).split()[-6:]
    prefix = cues.spec.unit_prefix.get(unit, "")
    return f"{prefix} {' '.join(words)}".strip()


_MONEY = frozenset({Unit.VND, Unit.USD})
# A money value per unit of a good is its price: `18.170 đồng/lít`, `32.000 đồng mỗi kg`.
_PER_UNIT = _rx.compile(r"\s*(?:/\s*|\s(?:mỗi|một)\s+)\p{L}", regex.IGNORECASE)
# `tăng 50 đồng/lít với xăng E5 RON 92`: the good a price change applies to, after it.
_PRICE_OF = _rx.compile(
    r"\s*(?:/\s*|\s(?:mỗi|một)\s+)\p{L}+\s+(?:đối\s+)?với\s+", regex.IGNORECASE
)


def _money_subject(s: str, clause: _Clause, v0: int, v1: int, cues: _Cues) -> str:
    """What a money value with no head noun in its clause is the price or value of: the
    good named after a price change (`tăng 50 đồng/lít với xăng E5` → `giá xăng E5`),
    else the noun phrase right before the value's verb (`dầu hỏa tăng 220 đồng/lít` →
    `giá dầu hỏa`; `lô hàng đạt 2 tỷ đồng` → `giá trị lô hàng`); '' when another verb
    stands between them (`Cơ quan A quyết định tăng …` names who, not what).

    >>> def clause(s, v):
    ...     return _clause(s, s.find(v), s.find(v) + len(v), [])
    >>> s = "Bộ quyết định tăng 300 đồng/lít đối với dầu diesel."
    >>> _money_subject(s, clause(s, "300 đồng"), s.find("300"), s.find("/lít"), _cues())
    'giá dầu diesel'
    >>> s = "Trong khi đó, dầu hỏa tăng 220 đồng/lít."
    >>> _money_subject(s, clause(s, "220 đồng"), s.find("220"), s.find("/lít"), _cues())
    'giá dầu hỏa'
    """
    price = _PER_UNIT.match(s, v1) is not None
    prefix = "giá" if price else cues.spec.unit_prefix.get(Unit.VND, "")
    of = _PRICE_OF.match(s, v1)
    if of is not None:
        good, _verb = _np_after(s, of.end(), clause.right_end, Unit.COUNT, cues, True)
        if good and grammar.well_formed(f"giá {good}"):
            return f"giá {_lower_first(good)}"
    # Only the clause before the value is POS-tagged: a money sentence is tagged nowhere
    # else, and the clause is a fraction of it.
    left = s[clause.left_start : v0]
    if not _TOKEN.search(left):
        return ""
    toks = _tagged(left, BACKEND)
    i = len(toks) - 1
    while i >= 0 and (
        not _TOKEN.search(left[toks[i][0] : toks[i][1]])
        or _ends_with_cue(left[toks[i][0] : toks[i][1]], cues)
    ):
        i -= 1  # the value's own cue is masked: `tăng`, `lên`, `đạt`
    if i < 0 or toks[i][2] not in _NOUN_TAGS:
        return ""
    subject, at = _subject_before(left, 0, toks[i][1], cues)
    if not subject or (_UPPER.match(subject) and len(subject.split()) <= 2):
        return ""  # a name (`PNJ`, `Công ty A`) is who, not what
    before = [t for t in toks if t[1] <= at]
    opener = left[before[-1][0] : before[-1][1]] if before else ""
    if opener == "/" or (
        _TOKEN.search(opener) and before[-1][2] not in ("C", "CH") and opener.lower() != "với"
    ):
        # an object or a noun after a preposition (`có lúc lên đến …`, `trên tay`,
        # `tài sản của ông`), or the unit of the value before (`1.776 USD/ounce, giảm
        # 10 USD`): not the subject that opens the clause (`với khớp lệnh …` is)
        return ""
    phrase = f"{prefix} {_lower_first(subject)}"
    return phrase if grammar.well_formed(phrase) else ""


def _from_sibling(
    s: str,
    v0: int,
    unit: Unit,
    siblings: Sequence[tuple[int, int, Unit]],
    depth: int,
    keep: bool = False,
) -> str:
    """The phrase of the previous value of the sentence, for a value that names nothing.

    ``keep``: a change (`đạt 300 đề cử, tăng 57,8%`) measures the same indicator, so the
    phrase is kept as it is instead of taking the unit's prefix.
    """
    if depth > 2:
        return ""
    before = [x for x in siblings if x[1] <= v0]
    if not before:
        return ""
    b, e, u = max(before, key=lambda x: x[1])
    rest = [x for x in siblings if x != (b, e, u)]
    phrase = _phrase(s, b, e, u, rest, depth + 1)
    cues = _cues()
    if phrase in cues.spec.unit_prefix.values() or phrase in cues.spec.unit_default.values():
        return ""  # `thứ hạng` alone says nothing the value's own unit does not
    if keep:
        return phrase
    return _swap_prefix(phrase, unit, _cues())


# `trị giá 100 nghìn bảng Anh (gần 3 tỷ đồng)`, `49 tỷ Won (tương đương 43,7 triệu USD)`:
# a money value in brackets right after an amount in another currency converts it.
_CONVERTED = _rx.compile(
    r"(?<![\d.,])(\d[\d.,]*)(?:\s+\p{L}+){1,3}\s*\(\s*"
    r"(?:khoảng|gần|hơn|xấp xỉ|tương đương(?:\s+với)?|tương đương khoảng|tức|~)?\s*\Z",
    regex.IGNORECASE,
)


def _converted(
    s: str,
    clause: _Clause,
    v0: int,
    unit: Unit,
    siblings: Sequence[tuple[int, int, Unit]],
    depth: int,
) -> str:
    """The measure of the foreign amount a bracketed money value converts, read as if
    that amount were the value (`… nhẫn đính hôn trị giá 100 nghìn bảng Anh (gần 3 tỷ
    đồng)` → the ring's value); '' for anything else."""
    if unit not in (Unit.VND, Unit.USD) or not clause.in_paren or depth > 1:
        return ""
    m = _CONVERTED.search(s, max(0, v0 - 60), v0)
    if m is None:
        return ""
    phrase = _phrase(s, m.start(1), m.end(1), unit, siblings, depth + 1)
    cues = _cues()
    bare = phrase in cues.spec.unit_prefix.values() or phrase in cues.spec.unit_default.values()
    return "" if bare else phrase


_FINISHED: Memo[str, str] = Memo(4096)


def _finish(phrase: str) -> str:
    """The phrase as returned: abbreviations expanded, spaces and a first capital tidied,
    and what the indicator grammar cuts (a leaked number or province name, a trailing
    function word: `grammar.repair`) cut; kept whole when nothing would be left
    (cached: a quarter of the phrases repeat across a corpus)."""
    got = _FINISHED.get(phrase)
    if got is None:
        got = _FINISHED.put(phrase, _finished(phrase))
    return got


def _finished(phrase: str) -> str:
    phrase = expand_abbreviations(_clean(phrase))
    phrase = _lower_first(_clean(phrase))
    phrase = unicodedata.normalize("NFC", phrase)
    return grammar.repair(phrase) or phrase


def indicator_for(
    text: str,
    sentence: Span,
    mention: NumberMention,
    siblings: Sequence[NumberMention],
    dates: Sequence[DateMention],
) -> str:
    """The indicator phrase of ``mention`` (SPEC §1), from its clause in ``sentence``.

    >>> s = "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 99,78%."
    >>> v = s.find("99,78%")
    >>> m = NumberMention(Span(v, v + 6), 99.78, Unit.PERCENT)
    >>> indicator_for(s, Span(0, len(s)), m, [], [])
    'tỷ lệ hồ sơ giải quyết đúng hạn'
    """
    off = sentence.start
    s = text[sentence.start : sentence.end]
    masked = _mask(s, [(d.span.start - off, d.span.end - off) for d in dates])
    # the value's own cue (`hơn`, `tăng`) is stripped like any qualifier
    read = _lower_sentence_start(masked)
    if mention.cue_span is not None:
        cue = (max(0, mention.cue_span.start - off), min(len(s), mention.cue_span.end - off))
        whole = read
        read = _lower_sentence_start(_mask(masked, [cue]))
        if read[: cue[0]] == whole[: cue[0]] and read[cue[1] :] == whole[cue[1] :]:
            _lend_tags(read, whole, *cue)
    sibs = [
        (m.span.start - off, m.span.end - off, m.unit)
        for m in siblings
        if m.span != mention.span and sentence.contains(m.span)
    ]
    phrase = _phrase(
        read,
        mention.span.start - off,
        mention.span.end - off,
        mention.unit,
        sibs,
        change=mention.change is not None,
        # only a rank falls back on the topic: the article is not scanned for the others
        topic=_topic(text) if mention.unit is Unit.RANK else "",
        counted=mention.counted,
    )
    return _finish(phrase)


_FIRST_WORDS = _rx.compile(r"^[\s\-–—•*\"“]*(\p{Lu}[\p{L}]*)(\s+\p{L}+)?")


def _lower_sentence_start(s: str) -> str:
    """`Giá bán dâm dao động …` → `giá bán …`: a capital that only opens the sentence.

    Kept when pyvi reads the word as a proper name (`Huawei đang …`) or the next word is
    capitalised too (`Thái Nguyên đạt …`).
    """
    m = _FIRST_WORDS.match(s)
    if m is None or not m.group(2) or m.group(2).strip()[:1].isupper() or m.group(1).isupper():
        return s
    if _opens_with_name(s[m.start(1) : m.end()]):
        return s
    i = m.start(1)
    return s[:i] + s[i].lower() + s[i + 1 :]


_OPENS_WITH_NAME: Memo[str, bool] = Memo(4096)


def _opens_with_name(opening: str) -> bool:
    """pyvi reads the first of these two words as a proper name (or finds no word); cached:
    sentence openings repeat (`Theo đó`, `Tỷ lệ`), and a cache of their own keeps them
    from pushing whole sentences out of `_tagged`'s."""
    got = _OPENS_WITH_NAME.get(opening)
    if got is None:
        tags = _tag_text.__wrapped__(opening, BACKEND)
        got = _OPENS_WITH_NAME.put(opening, not tags or tags[0][2] == "Np")
    return got


@functools.lru_cache(maxsize=1)
def topic_phrases() -> frozenset[str]:
    """The phrases a rank gets from the article's topic alone, when its clause names no
    measure (`thứ hạng chuyển đổi số`): the document pass reads its index instead.

    >>> sorted(topic_phrases())
    ['chuyển đổi số', 'thứ hạng chuyển đổi số']
    """
    spec = _cues().spec
    if spec.topic is None:
        return frozenset()
    default = spec.unit_default.get(Unit.RANK, spec.unit_prefix.get(Unit.RANK, ""))
    return frozenset({spec.topic.phrase, f"{default} {spec.topic.phrase}".strip()})


@functools.lru_cache(maxsize=4)
def _topic(text: str) -> str:
    """The article's topic (`chuyển đổi số`) when it names it often, else ''."""
    spec = _cues().spec.topic
    pattern = _cues().topic
    if spec is None or pattern is None:
        return ""
    count = 0
    for _m in pattern.finditer(text):
        count += 1
        if count >= spec.min_mentions:
            return spec.phrase
    return ""


__all__: list[str] = [
    "BACKEND",
    "indicator_for",
    "names_thing",
    "noun_phrase_at",
    "opens_clause",
    "topic_phrases",
]
