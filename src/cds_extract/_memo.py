"""Bounded memos of the pure functions the stages call per word, phrase or clause.

Not `functools.lru_cache`: each entry of an LRU cache is a node the garbage collector
tracks, and every collection of the older generations walks all of them. The stages'
caches held ~35,000 entries after 300 slice articles; moving the largest here took
the collector from 140 ms to ~120 ms of a 1,000-article pass
(`benchmarks/gc_cost.py`). A `Memo` is a plain dict: one of str keys and str values is
never tracked, and the collector stops walking tuples of str once it has seen them. It
is emptied when full instead of dropping its least recent entry: sized for a batch
worker's working set, that is rare, and a miss only costs the call again.

>>> squares: Memo[int, int] = Memo(2)
>>> squares.get(3) is None, squares.put(3, 9), squares.get(3)
(True, 9, 9)
>>> squares.put(4, 16), squares.put(5, 25), squares.get(3), len(squares)
(16, 25, None, 1)
"""

from __future__ import annotations

from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Memo(Generic[K, V]):
    """Results by argument, at most ``size`` of them. A result is never None: a
    function that may return None keeps `functools.lru_cache`."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.found: dict[K, V] = {}

    def get(self, key: K) -> V | None:
        """The result kept for ``key``, or None."""
        return self.found.get(key)

    def put(self, key: K, value: V) -> V:
        """Keep ``value`` for ``key`` (emptying the memo first when it is full)."""
        if len(self.found) >= self.size:
            self.found.clear()
        self.found[key] = value
        return value

    def clear(self) -> None:
        self.found.clear()

    def __len__(self) -> int:
        return len(self.found)
