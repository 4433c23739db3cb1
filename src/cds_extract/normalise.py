"""Normalise stage: NFC, tone-mark placement, invisible characters — with an offset map.

Every later stage works on ``NormText.text``; ``NormText.to_original`` maps a
span of it back into the string the caller passed, so ``value_text`` is always
a slice of the original input.

    >>> n = normalise("Thanh Hoá\\u00a0có 76,05%")
    >>> n.text
    'Thanh Hóa có 76,05%'
    >>> n.original[slice(*n.to_original(Span(13, 19)))]
    '76,05%'
"""

from __future__ import annotations

import functools
import re
import unicodedata
from array import array
from dataclasses import dataclass

import regex

from . import _cache, _rx
from ._memo import Memo
from ._resources import load_patterns
from ._spans import Span

# Characters that carry no text: zero-width spaces/joiners, BOM, soft hyphen,
# bidi controls (LRM/RLM, embeddings, isolates).
_INVISIBLE = (
    "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
)
# Space-like characters that become a plain space (NBSP is common in scraped news),
# control characters other than newline (e.g. the \x08 seen in the corpus), and lone
# surrogates from broken UTF-16 (no encoder downstream accepts them).
_SPACELIKE = (
    "\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\t\r\x00-\x08\x0b-\x1f\x7f-\x9f"
    # as regex escapes, not characters: a lone surrogate in a str literal cannot be
    # compiled by mypyc (README, "Performance")
    r"\ud800-\udfff"
)

_NEEDS_MAP = _rx.compile(f"[{_INVISIBLE}]|\\p{{M}}")
_SPACES = _rx.compile(f"[{_SPACELIKE}]")
_CLUSTER = _rx.compile(r"\P{M}\p{M}*|\p{M}+")
_SPECIAL = _rx.compile(f"\\P{{M}}\\p{{M}}+|\\p{{M}}+|[{_INVISIBLE}]")
_INVISIBLES = _rx.compile(f"[{_INVISIBLE}]")

# Tone placement: old style writes the tone on the second vowel of a final
# `oa`, `oe`, `uy` (`hoá`, `khoẻ`, `thuỷ`), new style on the first (`hóa`,
# `khỏe`, `thủy`). Both are in use; we fold to the first-vowel form, which
# the gold annotations use. Only syllable-final pairs move: in `hoán`,
# `khoảng`, `tuyển` the tone sits on the second vowel in both styles, and in
# `quý` the `u` belongs to the consonant `qu`.
_TONES = "\u0301\u0300\u0309\u0303\u0323"
_FOLD = _rx.compile(
    r"(?<![qQ])([uU])([ýỳỷỹỵÝỲỶỸỴ])(?!\p{L}|\p{M})"
    r"|([oO])([áàảãạÁÀẢÃẠéèẻẽẹÉÈẺẼẸ])(?!\p{L}|\p{M})"
)


def _move_tone(m: regex.Match[str]) -> str:
    first = m.group(1) or m.group(3)
    second = m.group(2) or m.group(4)
    base, tone = unicodedata.normalize("NFD", second)[0], unicodedata.normalize("NFD", second)[1:]
    if not tone or tone not in _TONES:
        return str(m.group(0))
    return unicodedata.normalize("NFC", first + tone) + base


@dataclass(unsafe_hash=True)  # see DEVELOPERS.md, "Records in compiled modules"
class NormText:
    """Normalised text plus, when lengths differ, where each character came from."""

    original: str
    text: str
    # starts[i] / ends[i]: span in `original` of normalised character i.
    # None when `text` and `original` correspond character for character.
    _starts: array[int] | None = None
    _ends: array[int] | None = None

    def __init__(
        self,
        original: str,
        text: str,
        _starts: array[int] | None = None,
        _ends: array[int] | None = None,
    ) -> None:
        self.original = original
        self.text = text
        self._starts = _starts
        self._ends = _ends

    def to_original(self, span: Span) -> tuple[int, int]:
        """Map a span of ``text`` to ``(start, end)`` in ``original``."""
        if self._starts is None or self._ends is None:
            return span.start, span.end
        if span.start == span.end:
            pos = self._starts[span.start] if span.start < len(self.text) else len(self.original)
            return pos, pos
        return self._starts[span.start], self._ends[span.end - 1]


# Cached (lexicon keys and place names repeat), bounded: callers also fold
# per-document phrases, and a batch run reads millions of them.
_FOLDED: Memo[str, str] = Memo(65536)


def fold(s: str) -> str:
    """Character-level normalisation of a string (for lexicon keys and comparisons).

    >>> fold("Thuỷ") == fold("Thủy") == "Thủy"
    True
    """
    got = _FOLDED.get(s)
    if got is None:
        got = _FOLDED.put(s, _fold(s))
    return got


def _fold(s: str) -> str:
    if _COMMON.search(s) is None:
        # `normalise`'s path for a text of common characters, without its offset map
        return _fold_tones(s)
    return normalise(s).text


def _fold_tones(text: str) -> str:
    """``text`` with old-style tone places moved (`hoà` → `hòa`, `thuỷ` → `thủy`)."""
    return str(_FOLD.sub(_move_tone, text)) if _FOLD_PAIR.search(text) else text


# Characters that never need a rewrite (printable ASCII, Latin-1 but NBSP and the soft
# hyphen, the Latin blocks Vietnamese uses, general punctuation but bidi controls and odd
# spaces, currency signs): a text made only of them needs no `\p{M}` scan (slow per
# character in `regex`); stdlib `re` checks it at C speed.
_COMMON = re.compile(
    "[^\n\x20-\x7e\u00a1-\u00ac\u00ae-\u02ff\u1e00-\u1eff\u2010-\u2027\u2030-\u205e\u20a0-\u20cf]"
)
# A fast superset of `_FOLD` (stdlib `re`; a following Latin letter stands for `\p{L}`):
# most texts hold no old-style pair, and `quý`, `hoán`, `khoảng` are none.
_LATIN = "a-zA-Z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_FOLD_PAIR = re.compile(
    f"[uUoO](?<![qQ][uU])(?:(?<=[uU])[ýỳỷỹỵÝỲỶỸỴ]|(?<=[oO])[áàảãạÁÀẢÃẠéèẻẽẹÉÈẺẼẸ])(?![{_LATIN}])"
)


@functools.cache
def _homoglyphs() -> tuple[re.Pattern[str], _rx.Pattern, dict[int, str]]:
    """The look-alike table (patterns/homoglyphs.yaml): a prefilter, the words that hold
    one, and the 1:1 translation."""
    from .schemas.normalise import HomoglyphFile

    table = load_patterns("homoglyphs.yaml", HomoglyphFile).homoglyphs
    chars = "".join(sorted(table))
    hint = re.compile(f"[{re.escape(chars)}]")
    word = _cache.compile(f"[\\p{{L}}\\p{{M}}]*[{regex.escape(chars)}][\\p{{L}}\\p{{M}}]*")
    return hint, word, {ord(k): v for k, v in table.items()}


_FOREIGN_LETTER = _rx.compile(r"[\p{Cyrillic}\p{Greek}]")


def fold_homoglyphs(s: str) -> str:
    """Cyrillic/Greek letters typed for Latin ones (`Тhái Nguyên` with a Cyrillic `Т`)
    made Latin, one character for one, so every offset holds.

    Only inside a word whose every Cyrillic or Greek letter is a look-alike: a genuine
    Russian or Greek word (`Москва`, `και`) holds others and is left alone.

    >>> fold_homoglyphs("Тhái Nguyên, Москва") == "Thái Nguyên, Москва"
    True
    """
    hint, word, table = _homoglyphs()
    if hint.search(s) is None:
        return s
    parts: list[str] = []
    pos = 0
    for m in word.finditer(s):
        w = m.group()
        if all(ord(c) in table for c in _FOREIGN_LETTER.findall(w)):
            parts.append(s[pos : m.start()])
            parts.append(w.translate(table))
            pos = m.end()
    if not parts:
        return s
    parts.append(s[pos:])
    return "".join(parts)


def normalise(original: str) -> NormText:
    """NFC, tone placement folded, invisible characters dropped, odd spaces made plain,
    look-alike letters of other alphabets made Latin."""
    common = _COMMON.search(original) is None
    # Loaded by the first call even when that text holds no look-alike (the batch
    # parent warms up on plain Vietnamese, then forks).
    _homoglyphs()
    # 1:1, so the offset map built on `source` holds for `original`
    source = original if common else fold_homoglyphs(original)
    return _normalise(original, source, common)


def _normalise(original: str, source: str, common: bool) -> NormText:
    if common or not _NEEDS_MAP.search(source):
        # Common case: already composed, nothing to delete — a 1:1 rewrite.
        return NormText(original, _fold_tones(source if common else _SPACES.sub(" ", source)))
    out: list[str] = []
    starts = array("l")
    ends = array("l")

    def clusters(a: int, b: int, run: str, singles: bool) -> None:
        """Each grapheme cluster of ``run`` (at ``a``..``b``) without invisibles, in NFC."""
        if singles and unicodedata.is_normalized("NFC", run):
            # A run of one-character clusters already in NFC maps one to one: so does
            # each of its characters (one that NFC changes never stands in an NFC text).
            out.append(run)
            starts.extend(range(a, b))
            ends.extend(range(a + 1, b + 1))
            return
        for m in _CLUSTER.finditer(run):
            composed = unicodedata.normalize("NFC", _INVISIBLES.sub("", m.group()))
            out.extend(composed)
            starts.extend([a + m.start()] * len(composed))
            ends.extend([a + m.end()] * len(composed))

    pos = 0
    # Only clusters with a mark or an invisible character need composing; between them,
    # every character is a cluster of its own.
    for m in _SPECIAL.finditer(source):
        if m.start() > pos:
            clusters(pos, m.start(), source[pos : m.start()], True)
        clusters(m.start(), m.end(), m.group(), False)
        pos = m.end()
    if pos < len(source):
        clusters(pos, len(source), source[pos:], True)
    text = _fold_tones(_SPACES.sub(" ", "".join(out)))
    return NormText(original, text, starts, ends)


# `chuyển đổi số (chuyển đổi số)` after expansion: a phrase and its parenthesised repeat.
_PAREN_REPEAT = _rx.compile(r"(\b[\p{L} ,&-]{3,}?)\s*\(\s*\1\s*\)")
# Its last part without the back-reference: every match of `_PAREN_REPEAT` ends with a
# match of this, so a text without one has no repeat. `_PAREN_REPEAT` tries its lazy
# group at every word of a sentence (~0.2 ms a sentence with a bracket); this is a scan
# for `(`, and brackets holding a number or a code (half of them) are passed over.
_PAREN_WORDS = _rx.compile(r"\(\s*[\p{L} ,&-]{3,}\s*\)")
_MULTISPACE = _rx.compile(r"\s{2,}")
# A prefilter for `_MULTISPACE` at stdlib `re` speed: `re`'s `\s` takes in every character
# `regex`'s does (and \x1c-\x1f besides), so a text without two in a row has no run.
_TWO_SPACES = re.compile(r"\s\s")


def _may_repeat(text: str) -> bool:
    """Whether ``text`` may hold a phrase and its bracketed repeat (`_PAREN_REPEAT`):
    a bracket of words whose words, stripped, end the text before it. A repeat `X (X)`
    has one (X holds no bracket, so the bracket's content is X with spaces around it);
    the pattern, whose lazy group is tried at every word, is run only then.

    >>> _may_repeat("chuyển đổi số (chuyển đổi số) của tỉnh"), _may_repeat("đạt 90% (năm 2023)")
    (True, False)
    """
    if _PAREN_WORDS.search(text) is None:
        return False
    at = text.find("(")
    while at >= 0:
        end = text.find(")", at)
        if end < 0:
            return False
        if text[:at].rstrip().endswith(text[at + 1 : end].strip()):
            return True
        at = text.find("(", at + 1)
    return False


@functools.cache
def _abbreviation_pattern() -> tuple[_rx.Pattern, dict[str, str], re.Pattern[str]]:
    """The expansion pattern, its table (short → long) and a prefilter: the stdlib `re`
    alternation of the same shorts, a literal scan several times faster than the
    pattern's, whose every match holds one of them (see `expand_abbreviations`).
    Each short's starts are found with `_abbreviation_starts`."""
    from .schemas.normalise import AbbreviationFile

    spec = load_patterns("abbreviations.yaml", AbbreviationFile)
    table = {fold(a.short): a.long for a in spec.abbreviations}
    lower = {fold(a.short).lower(): a.long for a in spec.abbreviations if a.ignore_case}
    table.update(lower)
    alternatives = sorted(table, key=len, reverse=True)
    pattern = _cache.compile(
        r"(?<![\p{L}\p{N}&-])("
        + "|".join(regex.escape(a) for a in alternatives)
        + r")(?![\p{L}\p{N}&])"
    )
    hint = re.compile("|".join(re.escape(a) for a in sorted(table, key=lambda w: (-len(w), w))))
    return pattern, table, hint


@functools.cache
def _abbreviation_starts() -> re.Pattern[str]:
    """Every position where a short form starts (zero-width, so `finditer` yields each
    one, overlapping shorts included): the only places the expansion pattern can match."""
    return re.compile(f"(?={_abbreviation_pattern()[2].pattern})")


def abbreviations() -> dict[str, str]:
    """The abbreviation table from ``patterns/abbreviations.yaml`` (short → long)."""
    return dict(_abbreviation_pattern()[1])


_EXPANDED: Memo[str, str] = Memo(4096)


def expand_abbreviations(phrase: str) -> str:
    """Expand abbreviations as whole words; drop a parenthesised repeat.

    >>> expand_abbreviations("tỷ lệ TTHC được số hóa")
    'tỷ lệ thủ tục hành chính được số hóa'
    >>> expand_abbreviations("chuyển đổi số (CĐS) của tỉnh")
    'chuyển đổi số của tỉnh'
    """
    got = _EXPANDED.get(phrase)
    if got is None:
        got = _EXPANDED.put(phrase, _expand_abbreviations(phrase))
    return got


def _expand_abbreviations(phrase: str) -> str:
    pattern, table, hint = _abbreviation_pattern()
    starts = _abbreviation_starts()
    first = hint.search(phrase)
    if first is None:
        # no short form stands anywhere in the phrase: the pattern cannot match, and
        # `sub` would return the phrase as it is (most sentences and phrases)
        expanded = phrase
    else:
        # `pattern.sub`, with the pattern tried only where a short form starts: its
        # look-behind and hundred alternatives cost as much at every other position
        # (~35 µs a sentence), and it matches nowhere else.
        parts: list[str] = []
        pos = 0
        for start in starts.finditer(phrase, first.start()):
            at = start.start()
            m = pattern.match(phrase, at) if at >= pos else None
            if m is not None:
                short = str(m.group(1))
                parts.append(phrase[pos:at])
                parts.append(table.get(short, table.get(short.lower(), short)))
                pos = m.end()
        expanded = "".join(parts) + phrase[pos:] if parts else phrase
    # `chuyển đổi số (CĐS)` → `chuyển đổi số (chuyển đổi số)`: keep one.
    if "(" in expanded and _may_repeat(expanded):
        expanded = str(_PAREN_REPEAT.sub(r"\1", expanded))
    if _TWO_SPACES.search(expanded) is not None:
        expanded = str(_MULTISPACE.sub(" ", expanded))
    return expanded.strip()
