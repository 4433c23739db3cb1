"""The indicator taxonomy (patterns/indicators.yaml) and a phrase's id (SPEC §1 `indicator_id`).

One indicator phrased five ways (`tỷ lệ hồ sơ giải quyết đúng hạn`, `tỷ lệ hồ sơ TTHC
đúng hạn` …) gets one stable id: each entry has keyword sets, and a phrase takes the
entry whose set it holds, with a unit the entry allows.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from ._resources import load_patterns
from .claim import Unit
from .normalise import expand_abbreviations, fold
from .schemas.indicators import Indicator, IndicatorFile

_TOKEN = regex.compile(r"[\p{L}\p{N}]+")


def _syllables(text: str) -> tuple[str, ...]:
    """Lower-case, tone-folded syllables of ``text`` (`Tỷ lệ` → `('tỷ', 'lệ')`)."""
    return tuple(_TOKEN.findall(fold(unicodedata.normalize("NFC", text).lower())))


Syllables = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Entry:
    indicator: Indicator
    sets: tuple[tuple[tuple[Syllables, bool], ...], ...]  # (keyword, anchored at the start)
    exclude: tuple[Syllables, ...]


@functools.cache
def _taxonomy() -> tuple[_Entry, ...]:
    spec = load_patterns("indicators.yaml", IndicatorFile)
    out = []
    for ind in spec.indicators:
        sets = tuple(
            tuple((_syllables(k), k.startswith("^")) for k in kw_set) for kw_set in ind.keywords
        )
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


@functools.cache
def _unit_index(unit: Unit) -> _UnitIndex:
    entries = tuple(e for e in _taxonomy() if _unit_agrees(unit, e.indicator.units))
    lengths = {len(k) for e in entries for kw_set in e.sets for k, _a in kw_set}
    lengths |= {len(x) for e in entries for x in e.exclude}
    by_key: dict[Syllables, list[tuple[int, int]]] = {}
    for i, entry in enumerate(entries):
        for j, kw_set in enumerate(entry.sets):
            key = max((k for k, _a in kw_set), key=len)
            by_key.setdefault(key, []).append((i, j))
    return _UnitIndex(entries, frozenset(lengths), {k: tuple(v) for k, v in by_key.items()})


def taxonomy() -> list[Indicator]:
    """The canonical indicators of patterns/indicators.yaml, in file order."""
    return [e.indicator for e in _taxonomy()]


def _unit_agrees(unit: Unit, units: Sequence[Unit]) -> bool:
    if unit in units:
        return True
    # a percentage-point change is a change of a percentage indicator
    return unit is Unit.PERCENTAGE_POINT and Unit.PERCENT in units


def indicator_id(phrase: str, unit: Unit) -> str | None:
    """Id of the taxonomy entry matching ``phrase`` with a compatible unit, else None.

    An entry matches when all keywords of one of its sets occur in the phrase (whole
    syllables, tone-folded, lower case); the entry whose matched set covers the most
    syllables wins, ties going to the earlier entry in the file.

    >>> indicator_id("tỷ lệ hồ sơ TTHC giải quyết đúng hạn", Unit.PERCENT)
    'ontime_dossier_rate'
    >>> indicator_id("số tổ công nghệ số cộng đồng cấp xã", Unit.COUNT)
    'community_tech_teams'
    """
    return _indicator_id(phrase, unit)


@functools.lru_cache(maxsize=4096)
def _indicator_id(phrase: str, unit: Unit) -> str | None:
    """`indicator_id`, cached: a quarter of the phrases repeat across a corpus."""
    hay = _syllables(expand_abbreviations(phrase))
    index = _unit_index(unit)
    # every run of syllables of a length some keyword has: a keyword check is a set lookup
    grams = {hay[i : i + n] for n in index.lengths for i in range(len(hay) - n + 1)}
    grams.add(())
    candidates = sorted(ij for g in grams for ij in index.by_key.get(g, ()))
    best: tuple[int, str] | None = None
    excluded: dict[int, bool] = {}
    for i, j in candidates:  # in file order: ties go to the earlier entry
        entry = index.entries[i]
        if i not in excluded:
            excluded[i] = not grams.isdisjoint(entry.exclude)
        if excluded[i]:
            continue
        kw_set = entry.sets[j]
        if all((hay[: len(k)] == k) if anchored else (k in grams) for k, anchored in kw_set):
            score = sum(len(k) for k, _a in kw_set) + entry.indicator.weight
            if best is None or score > best[0]:
                best = (score, entry.indicator.id)
    return best[1] if best else None


__all__: list[str] = ["indicator_id", "taxonomy"]
