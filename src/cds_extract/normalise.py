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
import unicodedata
from array import array
from dataclasses import dataclass

import regex

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
    "\ud800-\udfff"
)

_NEEDS_MAP = regex.compile(f"[{_INVISIBLE}]|\\p{{M}}")
_SPACES = regex.compile(f"[{_SPACELIKE}]")
_CLUSTER = regex.compile(r"\P{M}\p{M}*|\p{M}+")

# Tone placement: old style writes the tone on the second vowel of a final
# `oa`, `oe`, `uy` (`hoá`, `khoẻ`, `thuỷ`), new style on the first (`hóa`,
# `khỏe`, `thủy`). Both are in use; we fold to the first-vowel form, which
# the gold annotations use. Only syllable-final pairs move: in `hoán`,
# `khoảng`, `tuyển` the tone sits on the second vowel in both styles, and in
# `quý` the `u` belongs to the consonant `qu`.
_TONES = "\u0301\u0300\u0309\u0303\u0323"
_FOLD = regex.compile(
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


@dataclass(frozen=True, slots=True)
class NormText:
    """Normalised text plus, when lengths differ, where each character came from."""

    original: str
    text: str
    # starts[i] / ends[i]: span in `original` of normalised character i.
    # None when `text` and `original` correspond character for character.
    _starts: array[int] | None = None
    _ends: array[int] | None = None

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
@functools.lru_cache(maxsize=65536)
def fold(s: str) -> str:
    """Character-level normalisation of a string (for lexicon keys and comparisons).

    >>> fold("Thuỷ") == fold("Thủy") == "Thủy"
    True
    """
    return normalise(s).text


def normalise(original: str) -> NormText:
    """NFC, tone placement folded, invisible characters dropped, odd spaces made plain."""
    if not _NEEDS_MAP.search(original):
        # Common case: already composed, nothing to delete — a 1:1 rewrite.
        text = _FOLD.sub(_move_tone, _SPACES.sub(" ", original))
        return NormText(original, text)
    out: list[str] = []
    starts = array("l")
    ends = array("l")
    invisible = regex.compile(f"[{_INVISIBLE}]")
    for m in _CLUSTER.finditer(original):
        cluster = invisible.sub("", m.group())
        if not cluster:
            continue
        composed = unicodedata.normalize("NFC", cluster)
        for ch in composed:
            out.append(ch)
            starts.append(m.start())
            ends.append(m.end())
    text = _FOLD.sub(_move_tone, _SPACES.sub(" ", "".join(out)))
    return NormText(original, text, starts, ends)


@functools.cache
def _abbreviation_pattern() -> tuple[regex.Pattern[str], dict[str, str]]:
    from .schemas.normalise import AbbreviationFile

    spec = load_patterns("abbreviations.yaml", AbbreviationFile)
    table = {fold(a.short): a.long for a in spec.abbreviations}
    lower = {fold(a.short).lower(): a.long for a in spec.abbreviations if a.ignore_case}
    table.update(lower)
    alternatives = sorted(table, key=len, reverse=True)
    pattern = regex.compile(
        r"(?<![\p{L}\p{N}&-])("
        + "|".join(regex.escape(a) for a in alternatives)
        + r")(?![\p{L}\p{N}&])"
    )
    return pattern, table


def abbreviations() -> dict[str, str]:
    """The abbreviation table from ``patterns/abbreviations.yaml`` (short → long)."""
    return dict(_abbreviation_pattern()[1])


def expand_abbreviations(phrase: str) -> str:
    """Expand abbreviations as whole words; drop a parenthesised repeat.

    >>> expand_abbreviations("tỷ lệ TTHC được số hóa")
    'tỷ lệ thủ tục hành chính được số hóa'
    >>> expand_abbreviations("chuyển đổi số (CĐS) của tỉnh")
    'chuyển đổi số của tỉnh'
    """
    pattern, table = _abbreviation_pattern()

    def repl(m: regex.Match[str]) -> str:
        short = str(m.group(1))
        return table.get(short, table.get(short.lower(), short))

    expanded = str(pattern.sub(repl, phrase))
    # `chuyển đổi số (CĐS)` → `chuyển đổi số (chuyển đổi số)`: keep one.
    if "(" in expanded:
        expanded = str(regex.sub(r"(\b[\p{L} ,&-]{3,}?)\s*\(\s*\1\s*\)", r"\1", expanded))
    return str(regex.sub(r"\s{2,}", " ", expanded)).strip()
