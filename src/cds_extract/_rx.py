r"""Compiled `regex` patterns that keep the GIL while they match.

`regex` lets go of the GIL around every match on a `str` (its default,
``concurrent=None``) and takes it back for each allocation inside the match. This
package runs many short matches (~700 an article) in one thread per process — batch
workers are processes — so letting go buys no parallelism, and it costs ~0.05–0.1 µs a
call: ~2.5 % of `extract` (``benchmarks/regex_gil.py``). A `Pattern` passes
``concurrent=False``.

It passes it by position: `regex` parses its arguments the old way, and a keyword
argument builds a dict per call that costs more than the GIL saves. The positions are
those of `regex` (``search(string, pos, endpos, concurrent)``, ``finditer(string, pos,
endpos, overlapped, concurrent)``, ``sub(repl, string, count, pos, endpos,
concurrent)``, ``split(string, maxsplit, concurrent)``); tests/test_rx.py checks them
against the installed `regex`.

>>> p = compile(r"\p{L}+")
>>> p.search("  tỷ lệ").group(), [m.group() for m in p.finditer("tỷ lệ", 1)]
('tỷ', ['ỷ', 'lệ'])
>>> p.sub("_", "tỷ lệ 5%"), p.pattern
('_ _ 5%', '\\p{L}+')
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, final

import regex


@final
class Pattern:
    """A compiled `regex` pattern (see the module): the methods and attributes of
    `regex.Pattern` this package uses, with the same arguments and results."""

    __slots__ = ("_p",)

    def __init__(self, compiled: regex.Pattern[str]) -> None:
        self._p = compiled

    @property
    def pattern(self) -> str:
        out: str = self._p.pattern
        return out

    @property
    def flags(self) -> int:
        return int(self._p.flags)

    @property
    def groups(self) -> int:
        out: int = self._p.groups
        return out

    @property
    def groupindex(self) -> Any:
        return self._p.groupindex

    def search(
        self, string: str, pos: int | None = None, endpos: int | None = None
    ) -> regex.Match[str] | None:
        return self._p.search(string, pos, endpos, False)

    def match(
        self, string: str, pos: int | None = None, endpos: int | None = None
    ) -> regex.Match[str] | None:
        return self._p.match(string, pos, endpos, False)

    def fullmatch(
        self, string: str, pos: int | None = None, endpos: int | None = None
    ) -> regex.Match[str] | None:
        return self._p.fullmatch(string, pos, endpos, False)

    def finditer(
        self,
        string: str,
        pos: int | None = None,
        endpos: int | None = None,
        overlapped: bool = False,
    ) -> Iterator[regex.Match[str]]:
        out: Iterator[regex.Match[str]] = self._p.finditer(string, pos, endpos, overlapped, False)
        return out

    def findall(self, string: str, pos: int | None = None, endpos: int | None = None) -> list[Any]:
        out: list[Any] = self._p.findall(string, pos, endpos, False, False)
        return out

    def sub(
        self, repl: str | Callable[[regex.Match[str]], str], string: str, count: int = 0
    ) -> str:
        out: str = self._p.sub(repl, string, count, None, None, False)
        return out

    def split(self, string: str, maxsplit: int = 0) -> list[Any]:
        out: list[Any] = self._p.split(string, maxsplit, False)
        return out

    def __repr__(self) -> str:
        return f"_rx.Pattern({self._p!r})"


def compile(pattern: str, flags: int = 0) -> Pattern:
    """``regex.compile(pattern, flags)`` as a `Pattern`. Raises `regex.error` as it does."""
    return Pattern(regex.compile(pattern, flags))
