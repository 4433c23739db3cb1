"""Segment stage: sentences (regex rules) and words with POS tags (pyvi, lazy).

>>> t = "Tỉnh có 14.600 cán bộ. TP. Thái Nguyên đạt 76,05%; xã đạt 90%.\\nDòng mới"
>>> [t[s.start:s.end] for s in sentences(t)]
['Tỉnh có 14.600 cán bộ.', 'TP. Thái Nguyên đạt 76,05%; xã đạt 90%.', 'Dòng mới']
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from . import _rx
from ._resources import load_patterns
from ._spans import Span

# A candidate boundary: terminal punctuation (with closing quotes/brackets)
# followed by space, or a full stop glued to a capitalised word, which is how
# scraped paragraphs run together (`…nhà tắm và bếp.Lực lượng…`).
_END = _rx.compile(
    # Possessive and anchored at the start of a run: a run of 10,000 dots is read
    # once, not re-scanned from each of its positions (quadratic before).
    r"""(?<![.!?…])[.!?…]++["'”’)\]]*+(?=\s+["'“‘(\[]?[\p{Lu}\p{N}-])"""
    r"""|(?<=\p{Ll}{2})\.(?=\p{Lu}\p{Ll})"""
)
_NEWLINE = _rx.compile(r"\n+")


_OPENERS = "(\"'“"  # stripped from the word before a full stop (`("TP.` → `TP`)


@functools.cache
def _config() -> tuple[frozenset[str], frozenset[str] | None, int]:
    """No-break words, the characters that may end a `_word_before` among them, the cut length.

    The characters are ``None`` when an empty word is a no-break word (every stop is checked).
    """
    from .schemas.segment import SegmentFile

    spec = load_patterns("segment.yaml", SegmentFile)
    no_break = frozenset(spec.no_break_after)
    ends = None if "" in no_break else frozenset({w[-1] for w in no_break} | set(_OPENERS))
    return no_break, ends, spec.max_sentence_chars


def _word_before(text: str, pos: int) -> str:
    """The token just before ``pos`` (letters, dots, &), e.g. `TP` in `… TP. Huế`.

    At most 12 characters: the end of the last 12 that no space interrupts.
    """
    window = text[max(0, pos - 12) : pos]
    if not window or window[-1].isspace():
        return ""
    return window.rsplit(None, 1)[-1].strip(_OPENERS)


def sentences(text: str) -> list[Span]:
    """Sentence spans of ``text``: never inside `14.600`, `76,05%`, `TP. Huế`, `T.Ư`, `8.2023`.

    `;` and `:` do not end a sentence: lists after them belong to their lead-in.
    """
    no_break, ends, max_chars = _config()
    out: list[Span] = []
    for lo, hi in _paragraphs(text):
        start = lo
        for m in _END.finditer(text, lo, hi):
            s, e = m.span()
            # The word before a stop ends with the character before it, or with an opener
            # it is stripped of: most words end with none that ends a no-break word.
            if (
                text[s] == "."
                and (ends is None or text[s - 1] in ends)
                and _word_before(text, s) in no_break
            ):
                continue
            _add(out, text, start, e, max_chars)
            start = e
        _add(out, text, start, hi, max_chars)
    return out


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for m in _NEWLINE.finditer(text):
        yield start, m.start()
        start = m.end()
    yield start, len(text)


def _add(out: list[Span], text: str, start: int, end: int, max_chars: int) -> None:
    """`_trimmed`, without its generator for the common sentence under ``max_chars``."""
    piece = text[start:end]
    stripped = piece.strip()
    if len(stripped) > max_chars:
        out.extend(_trimmed(text, start, end, max_chars))
    elif stripped:
        first = start + len(piece) - len(piece.lstrip())
        out.append(Span(first, first + len(stripped)))


def _trimmed(text: str, start: int, end: int, max_chars: int) -> Iterator[Span]:
    """Strip spaces; cut an over-long sentence at `;`, `,` or a space before ``max_chars``."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > max_chars:
        window = text[start : start + max_chars]
        cut = max(window.rfind("; "), window.rfind(", "), window.rfind(" "))
        cut = start + (cut + 1 if cut > max_chars // 2 else max_chars)
        yield from _trimmed(text, start, cut, max_chars)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        yield Span(start, end)


def words(text: str, span: Span) -> list[tuple[Span, str]]:
    """Words of ``text[span]`` with pyvi POS tags, each mapped back to its exact offsets.

    Multi-syllable words come back as one span (`tỷ lệ` → one `N`); tokens pyvi
    alters and that cannot be found in the text are skipped.
    """
    tokens, tags = _pyvi_tag(text[span.start : span.end])
    out: list[tuple[Span, str]] = []
    cursor = span.start
    for token, tag in zip(tokens, tags, strict=False):
        pieces = token.split("_")
        pos = cursor
        begin = None
        ok = True
        for piece in pieces:
            found = text.find(piece, pos, span.end)
            if found < 0 or (begin is not None and text[pos:found].strip()):
                ok = False
                break
            begin = found if begin is None else begin
            pos = found + len(piece)
        if ok and begin is not None:
            out.append((Span(begin, pos), tag))
            cursor = pos
    return out


def _pyvi_tag(sentence: str) -> tuple[list[str], list[str]]:
    from pyvi import ViPosTagger, ViTokenizer  # lazy: loading pyvi's model takes ~1.5 s

    tokens, tags = ViPosTagger.postagging(ViTokenizer.tokenize(sentence))
    return list(tokens), [str(t) for t in tags]
