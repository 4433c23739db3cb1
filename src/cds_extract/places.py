"""Places stage: gazetteer matching, the article's default place, the place of a value.

Provinces come from ``patterns/places.yaml`` (generated from provinces.csv by
``tools/build_gazetteer.py``); cities, type words and scope cues from the
hand-written ``patterns/places_extra.yaml``. All offsets are into the
normalised text.

>>> t = "Tỉnh Thái Nguyên có 5.079 doanh nghiệp, TP. Thái Nguyên có 900."
>>> for p in find_places(t, Span(0, len(t))):
...     print(t[p.span.start:p.span.end], "|", p.province, "|", p.place, "|", p.scope.value)
Tỉnh Thái Nguyên | Thái Nguyên | None | province
TP. Thái Nguyên | Thái Nguyên | TP. Thái Nguyên | district
"""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING

import regex

from . import _cache, _rx
from ._memo import Memo
from ._resources import load_patterns
from ._spans import PlaceMention, Span
from .claim import Scope
from .normalise import fold

if TYPE_CHECKING:  # the pydantic schemas load with the patterns, not at import
    from .schemas.places import FinerPlace, PlacesUnitsFile, Province

# Letters and digits that a place name may not touch on either side.
_WB_BEFORE = r"(?<![\p{L}\p{N}\p{M}])"
_WB_AFTER = r"(?![\p{L}\p{N}\p{M}])"
# A finer place name after its type word: up to four capitalised syllables
# (`Yên Sơn`, `Hoàng Văn Thụ`, `Phan Rang-Tháp Chàm`), maybe numbered (`phường Hà Giang 1`,
# since 2025), or a ward/district number (`Quận 1`).
_FINER_NAME = (
    r"(?:\p{Lu}\p{Ll}*(?:[ \-]\p{Lu}\p{Ll}*){0,3}(?: \d{1,2}(?![\d.,]))?|\d{1,2}(?![\d.,%/]))"
)
_LOCATIVE = _rx.compile(r"(?:trên|của|tại|ở|trong)\s+$")
_LAST_WORD = _rx.compile(r"(\p{L}+)\s+$")
_NEXT_WORD = _rx.compile(r"\s+(\p{L}+)")
_ATTACHING_GAP = _rx.compile(r"\s*[,(\-–]?\s*")
_LEAD_SENTENCES = 5
_LEAD_CHARS = 1200
_TITLE_CHARS = 200
#: A word of a title, and the punctuation that ends a name glued to it (`ở Anh:`).
_TITLE_WORD = _rx.compile(r"\S+")
_NAME_END = ".,:;!?)]}\"'”’…"
_LOOKBACK_CHARS = 1500


@dataclass(frozen=True, slots=True)
class _Words:
    """A pattern built around a list of literal words, with a prefilter.

    ``full`` (`regex`, with its `\\p{L}` word-edge guards) is slow to scan a sentence;
    ``hint``, the stdlib `re` alternation of the same words, is a plain literal scan
    several times faster. Every match of ``full`` holds one of the words, so a
    sentence where ``hint`` finds none cannot match ``full``.
    """

    hint: re.Pattern[str]
    full: _rx.Pattern

    def finditer(self, text: str, lo: int, hi: int) -> Iterator[regex.Match[str]]:
        if self.hint.search(text, lo, hi) is None:
            return iter(())
        matches: Iterator[regex.Match[str]] = self.full.finditer(text, lo, hi)
        return matches

    def search(self, text: str, lo: int, hi: int) -> regex.Match[str] | None:
        if self.hint.search(text, lo, hi) is None:
            return None
        return self.full.search(text, lo, hi)


def _hint(words: Sequence[str]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, sorted(set(words)))))


def _words(words: Sequence[str]) -> _Words:
    """Any of ``words`` standing alone (no letter or digit touching it)."""
    return _Words(_hint(words), _cache.compile(rf"{_WB_BEFORE}(?:{_alt(words)}){_WB_AFTER}"))


@dataclass(frozen=True, slots=True)
class _Unit:
    """A district or commune of patterns/places_units.yaml: where it lies, and in which era.

    ``new`` units are communes of the 34 units since 2025-07-01 (``province`` is then
    the name a post-2025 figure takes: the unit's); the others are pre-2025 units
    (``district``: the district a commune lay in, folded; None for a district).
    """

    province: str
    unit_2025: str
    new: bool
    district: str | None


@dataclass(frozen=True, slots=True)
class _Lexicon:
    provinces: dict[str, Province]  # by canonical name
    by_key: dict[str, Province]  # folded name/variant -> province
    variant_keys: frozenset[str]  # keys that are standalone variants (never a district city)
    finer: dict[tuple[str, str], FinerPlace]  # (canonical type, folded name) -> place
    bare_cities: dict[str, FinerPlace]
    type_scope: dict[str, tuple[Scope, str]]  # type word -> (scope, canonical type)
    clash_before: dict[str, frozenset[str]]
    clash_after: dict[str, frozenset[str]]
    person_before: frozenset[str]
    province_re: _Words
    finer_re: _Words
    city_re: _Words | None
    national_re: _Words
    country_re: _Words
    org_re: _rx.Pattern | None
    foreign_re: _Words | None
    province_cue_re: _rx.Pattern | None
    comparison_re: tuple[_rx.Pattern, ...]
    ministry_re: _rx.Pattern | None
    local_re: _rx.Pattern | None
    subject_re: _rx.Pattern | None
    subject_scope: dict[str, Scope]
    continuation_re: _rx.Pattern | None
    counted_re: _rx.Pattern | None
    title_cue_re: _rx.Pattern
    foreign: frozenset[str]  # foreign names and variants
    foreign_words: int  # words in the longest of them (`Cộng hòa Nhân dân Trung Hoa`)
    foreign_after: dict[str, frozenset[str]]
    not_commune_re: _rx.Pattern | None
    units: dict[tuple[str, str], tuple[_Unit, ...]]  # (canonical type, folded name) -> units
    districts: dict[str, tuple[_Unit, ...]]  # folded bare district name -> pre-2025 districts
    unit_province: dict[str, str]  # 2025 unit -> the province name a post-2025 figure takes
    portal_keys: dict[str, str]  # `binhdinh` (host label) -> province
    paper_head: re.Pattern[str]  # `Báo ` before a province name: `Báo Tuyên Quang`
    paper_hint: re.Pattern[str]  # its fast prefilter: the first word of a head
    host_re: _rx.Pattern  # `binhdinh.gov.vn`, `baotuyenquang.com.vn`
    not_place_re: _rx.Pattern | None  # `sàn chứng khoán TP.HCM` names the exchange
    group_re: _rx.Pattern | None  # `các tỉnh còn lại`: unnamed provinces
    group_hint: re.Pattern[str] | None  # its prefilter (`tỉnh`, `địa phương`)
    average_re: _rx.Pattern | None  # `trung bình của các tỉnh`: a national average
    province_count_re: _rx.Pattern | None  # `10 tỉnh`: a count of provinces
    province_count_before_re: _rx.Pattern | None  # `Có` before such a count
    national_body_re: _rx.Pattern | None  # `khối bộ, ngành`: national bodies
    company_re: _rx.Pattern | None  # `Công ty CP …`: a company as the subject
    type_before_re: _rx.Pattern  # a type word ending right before a name
    spellings: tuple[tuple[_Words, str], ...]  # (`Tp HCM` pattern, province)
    unit_groups: tuple[tuple[_rx.Pattern, Scope], ...]  # `5/9 huyện`, `các xã`
    anaphora_re: _rx.Pattern | None  # `địa phương này`


def _longest_first(words: Sequence[str]) -> list[str]:
    return sorted(set(words), key=lambda w: (-len(w), w))


def _alt(words: Sequence[str]) -> str:
    """Regex alternation of literal words, longest first so `thị xã` beats `xã`."""
    return "|".join(regex.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _union(patterns: Sequence[str]) -> _rx.Pattern | None:
    return _cache.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


@functools.cache
def _lexicon() -> _Lexicon:
    from .schemas.places import ForeignPlacesFile, PlacesExtraFile, PlacesFile, PlacesUnitsFile

    gaz = load_patterns("places.yaml", PlacesFile)
    subdivisions = load_patterns("places_units.yaml", PlacesUnitsFile)
    extra = load_patterns("places_extra.yaml", PlacesExtraFile)
    abroad = load_patterns("foreign_places.yaml", ForeignPlacesFile)
    foreign = [form for f in abroad.places for form in (f.name, *f.variants)]
    by_key: dict[str, Province] = {}
    variant_keys: set[str] = set()
    for p in gaz.provinces:
        for n in p.names:
            by_key[fold(n)] = p
        for v in p.variants:
            by_key.setdefault(fold(v), p)
            variant_keys.add(fold(v))
    type_scope: dict[str, tuple[Scope, str]] = {
        t.word: (Scope(t.scope), t.canonical) for t in extra.type_words
    }
    finer: dict[tuple[str, str], FinerPlace] = {}
    for f in [*gaz.finer, *extra.cities]:
        canon = type_scope.get(f.type, (Scope.DISTRICT, f.type))[1]
        finer.setdefault((canon, fold(f.name)), f)
    bare_cities = {fold(c.name): c for c in extra.cities if c.bare}
    prefixes = [*extra.province_prefixes, *extra.city_prefixes]
    # Every match holds a province name / a type word: that is the prefilter.
    province_re = _Words(
        _hint(list(by_key)),
        _cache.compile(
            rf"{_WB_BEFORE}(?:(?P<pre>{_alt(prefixes)})\s*)?(?P<name>{_alt(list(by_key))}){_WB_AFTER}"
        ),
    )
    # `TP.Vinh` may glue the name to a dotted type word; `TPV`, `TXT` are acronyms.
    finer_re = _Words(
        _hint(list(type_scope)),
        _cache.compile(
            rf"{_WB_BEFORE}(?P<type>{_alt(list(type_scope))})(?:(?<=\.)\s*|\s+)(?P<name>{_FINER_NAME}){_WB_AFTER}"
        ),
    )
    city_re = _words(list(bare_cities)) if bare_cities else None
    subject_scope = {fold(s.phrase): Scope(s.scope) for s in extra.generic_subjects}
    units, districts, unit_province = _units(subdivisions, gaz.provinces, type_scope)
    portal_keys = _portal_keys(gaz.provinces)
    return _Lexicon(
        provinces={p.name: p for p in gaz.provinces},
        by_key=by_key,
        variant_keys=frozenset(variant_keys),
        finer=finer,
        bare_cities=bare_cities,
        type_scope=type_scope,
        clash_before={fold(c.name): frozenset(c.not_before) for c in extra.clash_rules},
        clash_after={
            **{fold(n): frozenset(p.not_after) for p in gaz.provinces for n in p.names},
            **{fold(c.name): frozenset(c.not_after) for c in extra.clash_rules},
        },
        person_before=frozenset(extra.person_before),
        province_re=province_re,
        finer_re=finer_re,
        city_re=city_re,
        national_re=_words(extra.national_cues),
        country_re=_words(extra.country_names),
        org_re=_cache.compile(
            rf"{_WB_BEFORE}(?:{_alt(extra.org_heads)}){_WB_AFTER}[^,.;:()\n]{{0,60}}$"
        )
        if extra.org_heads
        else None,
        foreign_re=_words(extra.foreign_cues) if extra.foreign_cues else None,
        province_cue_re=_union(extra.province_cues),
        comparison_re=tuple(_cache.compile(p) for p in extra.comparison_before),
        ministry_re=_union(extra.ministries),
        local_re=_union(extra.local_reference),
        subject_re=_cache.compile(
            rf"(?:{_alt([s.phrase for s in extra.generic_subjects])}){_WB_AFTER}"
        )
        if extra.generic_subjects
        else None,
        subject_scope=subject_scope,
        continuation_re=_cache.compile(rf"(?:{_alt(extra.continuation_starts)}){_WB_AFTER}")
        if extra.continuation_starts
        else None,
        counted_re=_cache.compile(rf"(?:/\d+)?\s+(?:{_alt(extra.counted_units)}){_WB_AFTER}")
        if extra.counted_units
        else None,
        title_cue_re=_cache.compile(rf"(?<!\S)(?:{_alt(extra.title_locatives)})\s+(?=\p{{Lu}})"),
        foreign=frozenset(foreign),
        foreign_words=max(len(form.split()) for form in foreign),
        foreign_after={c.name: frozenset(c.not_after) for c in abroad.clash_rules},
        not_commune_re=_cache.compile(rf"(?:{_alt(extra.not_commune_after)})\s+$")
        if extra.not_commune_after
        else None,
        units=units,
        districts=districts,
        unit_province=unit_province,
        portal_keys=portal_keys,
        paper_hint=re.compile(
            "|".join(sorted({re.escape(h.split()[0]) + r"\s" for h in extra.paper_heads}))
            or r"(?!)"
        ),
        paper_head=re.compile(
            rf"(?:{'|'.join(map(re.escape, _longest_first(extra.paper_heads)))})\s+"
            # a capital next (most `báo` are `báo cáo`); the Vietnamese block holds both cases
            r"(?=[A-Z\u00c0-\u00de\u0110\u0102\u01a0\u01af\u1ea0-\u1ef9])"
        )
        if extra.paper_heads
        else re.compile(r"(?!)"),
        host_re=_HOST,
        not_place_re=_union([f"(?:{p})$" for p in extra.not_place_before]),
        group_re=_union(extra.province_groups),
        group_hint=_hint(extra.province_group_words) if extra.province_group_words else None,
        average_re=_union([f"(?:{p})$" for p in extra.averages_before]),
        province_count_re=_cache.compile(
            rf"(?:/\d+)?\s+(?:{_alt(extra.province_counts)}){_WB_AFTER}(?!\s*\p{{Lu}})"
        )
        if extra.province_counts
        else None,
        national_body_re=_union(extra.national_bodies),
        province_count_before_re=_cache.compile(extra.province_count_before)
        if extra.province_count_before
        else None,
        spellings=tuple(
            (_Words(_hint(x.hint), _cache.compile(x.pattern)), x.province) for x in extra.spellings
        ),
        anaphora_re=_cache.compile(extra.anaphora) if extra.anaphora else None,
        unit_groups=tuple((_cache.compile(g.phrase), Scope(g.scope)) for g in extra.unit_groups),
        type_before_re=_cache.compile(rf"{_WB_BEFORE}(?:{_alt(list(type_scope))})\s+$"),
        company_re=_cache.compile(
            rf"{_WB_BEFORE}(?:{_alt(extra.org_heads)})(?:\s+(?:CP|cổ phần|TNHH))?\s+\p{{Lu}}"
        )
        if extra.org_heads
        else None,
    )


# A provincial portal or paper's host name: `binhdinh.gov.vn`, `sotttt.tuyenquang.gov.vn`,
# `baotuyenquang.com.vn` — the label before `.gov.vn`, or after `bao` in a paper's name.
_HOST = _rx.compile(
    r"(?<![\w.])(?:[a-z0-9-]+\.)*?(?:(?P<gov>[a-z]+)\.gov\.vn|bao(?P<paper>[a-z]+)\.(?:com\.)?vn)(?![\w])",
    regex.IGNORECASE,
)


#: A literal prefilter of `_HOST` (stdlib `re`, C speed over the whole text).
_HOST_HINT = re.compile(r"\.gov\.vn|bao[a-z]+\.(?:com\.)?vn")
# The same in any case, to pick the runs of the text `_HOST` is tried in (`_host_matches`).
_HOST_ANY_CASE = re.compile(_HOST_HINT.pattern, re.IGNORECASE)


def _host_matches(text: str, host: _rx.Pattern) -> Iterator[regex.Match[str]]:
    """``host.finditer(text)``, read only in the runs of non-space characters that hold a
    host's ending (`.gov.vn`, `bao….vn`): a host name holds no space, and the pattern's
    lazy labels cost as much at every position of the article as in a host.

    >>> [m.group() for m in _host_matches("Nguồn: binhdinh.gov.vn, 2024", _HOST)]
    ['binhdinh.gov.vn']
    """
    done = -1  # the end of the last run read
    for hint in _HOST_ANY_CASE.finditer(text):
        if hint.start() < done:
            continue
        start = hint.start()
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        end = hint.end()
        while end < len(text) and not text[end].isspace():
            end += 1
        yield from host.finditer(text, start, end)
        done = end


def _ascii_key(name: str) -> str:
    """`Bình Định` -> `binhdinh`, as a host name spells it."""
    s = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in s if c.isascii() and c.isalnum()).lower()


def _portal_keys(provinces: Sequence[Province]) -> dict[str, str]:
    """Host-name labels of each province (`binhdinh`, `thuathienhue`, `hue`); a label two
    provinces share is left out."""
    seen: dict[str, set[str]] = {}
    for p in provinces:
        for n in (*p.names, p.name.removeprefix("TP. ")):
            seen.setdefault(_ascii_key(n), set()).add(p.name)
    keys = {k: next(iter(v)) for k, v in seen.items() if len(v) == 1 and len(k) >= 3}
    keys.setdefault("hochiminhcity", "TP. Hồ Chí Minh")
    keys.setdefault("tphcm", "TP. Hồ Chí Minh")
    keys.setdefault("hcm", "TP. Hồ Chí Minh")
    return keys


def _units(
    sub: PlacesUnitsFile,
    provinces: Sequence[Province],
    type_scope: dict[str, tuple[Scope, str]],
) -> tuple[dict[tuple[str, str], tuple[_Unit, ...]], dict[str, tuple[_Unit, ...]], dict[str, str]]:
    """Index places_units.yaml by (canonical type word, folded name)."""
    # A post-2025 figure about a unit takes the unit's name: the province of that name
    # (`Tuyên Quang`), or the one province it continues (`Huế` -> `Thừa Thiên Huế`).
    by_unit: dict[str, list[str]] = {}
    for p in provinces:
        by_unit.setdefault(p.unit_2025, []).append(p.name)
    unit_province = {
        u: (u if u in names else names[0])
        for u, names in by_unit.items()
        if u in names or len(names) == 1
    }

    def canon(t: str) -> str:
        return type_scope.get(t, (Scope.DISTRICT, t))[1]

    # Names in places_units.yaml are written folded (tools/build_subdivisions.py; a test
    # checks it): indexing 13,000 of them needs no `fold` call.
    units: dict[tuple[str, str], list[_Unit]] = {}
    districts: dict[str, list[_Unit]] = {}
    for d in sub.districts:
        du = _Unit(d.province, d.unit_2025, False, None)
        units.setdefault((canon(d.type), d.name), []).append(du)
        districts.setdefault(d.name, []).append(du)
        cu = _Unit(d.province, d.unit_2025, False, d.name)
        for c in d.communes.split("; ") if d.communes else ():
            t, _, name = _split_type(c)
            units.setdefault((canon(t), name), []).append(cu)
    for u in sub.units_2025:
        nu = _Unit(unit_province.get(u.unit, u.unit), u.unit, True, None)
        for c in u.communes.split("; "):
            t, _, name = _split_type(c)
            units.setdefault((canon(t), name), []).append(nu)
    return (
        {k: tuple(v) for k, v in units.items()},
        {k: tuple(v) for k, v in districts.items()},
        unit_province,
    )


_TYPE_PREFIXES = (
    "thị trấn ",
    "thị xã ",
    "thành phố ",
    "đặc khu ",
    "huyện ",
    "quận ",
    "phường ",
    "xã ",
)


def _split_type(place: str) -> tuple[str, str, str]:
    """`thị trấn Bắc Yên` -> (`thị trấn`, ` `, `Bắc Yên`)."""
    for t in _TYPE_PREFIXES:
        if place.startswith(t):
            return t[:-1], " ", place[len(t) :]
    return place.partition(" ")


def _resolve(cands: Sequence[_Unit]) -> _Unit | None:
    """The one unit a name can be, or None when it names units of several provinces.

    A name of a single pre-2025 province wins if the 2025 communes of that name (if any)
    lie in its 2025 unit; a name only of the 2025 communes of one unit gives that unit.
    """
    old = {c.province for c in cands if not c.new}
    new = {c.unit_2025 for c in cands if c.new}
    if len(old) == 1:
        first = next(c for c in cands if not c.new)
        return first if not new or new == {first.unit_2025} else None
    if not old and len(new) == 1:
        return cands[0]
    return None


def _province_mention(span: Span, p: Province, place: str | None, scope: Scope) -> PlaceMention:
    return PlaceMention(span, p.name, p.unit_2025, place, scope)


def _finer_mention(
    lex: _Lexicon, span: Span, canon: str, name: str, scope: Scope, unit: _Unit | None = None
) -> PlaceMention:
    known = lex.finer.get((canon, fold(name)))
    province = lex.provinces.get(known.province) if known and known.province else None
    if known is None and canon in ("TP.", "thị xã"):
        # `thị xã Phú Thọ`: a town named like a province lies in that province
        province = lex.by_key.get(fold(name))
    place = f"{canon} {name}" if canon != "TP." else f"TP. {name}"
    if province is None and known is None and unit is not None:
        return PlaceMention(span, unit.province, unit.unit_2025, place, scope)
    unit_2025 = province.unit_2025 if province else (known.unit_2025 if known else None)
    return PlaceMention(span, province.name if province else None, unit_2025, place, scope)


#: Types whose units may be numbered (`Quận 1`, `phường 12`).
_NUMBERED = ("quận", "phường")
_DISTRICT_TYPES = ("huyện", "quận", "thị xã", "TP.")
_COMMUNE_TYPES = ("xã", "phường", "thị trấn", "đặc khu")
_LEVELS = {t: group for group in (_DISTRICT_TYPES, _COMMUNE_TYPES) for t in group}

#: `xã Tà Xùa (Bắc Yên)`: the district a commune lies in, in parentheses right after it.
_PAREN_NAME = _rx.compile(
    r"\s*\(\s*(?:huyện\s+|quận\s+|thị xã\s+|TP\.?\s*)?([^()\d,;]{2,30}?)\s*\)"
)


def _lookup(lex: _Lexicon, canon: str, name: str) -> tuple[str, tuple[_Unit, ...]] | None:
    """The longest leading part of ``name`` that the gazetteers know as a ``canon`` place.

    `_FINER_NAME` takes up to four capitalised words, so `huyện Sông Lô Vĩnh Phúc` or
    `xã Mèo Vạc Hà Giang` must be cut back to the known name.
    """
    words = name.split(" ")
    for k in range(len(words), 0, -1):
        part = " ".join(words[:k])
        key = (canon, fold(part))
        if key in lex.finer:
            return part, ()
        if key in lex.units:
            return part, lex.units[key]
    # A unit keeps its name when its type changes (`huyện Sa Pa` became `thị xã Sa Pa`
    # in 2019, `huyện Mộc Châu` a thị xã in 2025; `xã` become `phường`): news writes the
    # old type for years. Any type of the same level, for the full name only.
    for other in _LEVELS.get(canon, ()):
        if other != canon and (other, fold(name)) in lex.units:
            return name, lex.units[(other, fold(name))]
    return None


def _narrow(lex: _Lexicon, text: str, end: int, hi: int, cands: tuple[_Unit, ...]) -> _Unit | None:
    """An ambiguous commune resolved by the district or province in parentheses after it."""
    m = _PAREN_NAME.match(text, end, hi)
    if m is None:
        return None
    key = fold(m.group(1))
    if key in lex.by_key:
        p = lex.by_key[key]
        inside = [
            c for c in cands if c.province == p.name or (c.new and c.unit_2025 == p.unit_2025)
        ]
    else:
        inside = [c for c in cands if c.district == key]
    return _resolve(inside) if inside else None


def _word_before(text: str, start: int, lo: int) -> str:
    """The word just before ``start`` (not before ``lo``), e.g. `Nguyễn` in `Nguyễn Thái Bình`."""
    m = _LAST_WORD.search(text[max(lo, start - 30) : start])
    return m.group(1) if m else ""


def _word_after(text: str, end: int, hi: int) -> str:
    m = _NEXT_WORD.match(text[end : min(hi, end + 30)])
    return m.group(1) if m else ""


def _blocked(lex: _Lexicon, text: str, s: Span, key: str, lo: int, hi: int) -> bool:
    """A bare name that is part of a person's name or of a longer name (`Thái Bình Dương`)."""
    before, after = _word_before(text, s.start, lo), _word_after(text, s.end, hi)
    if after in lex.clash_after.get(key, ()) or before in lex.clash_before.get(key, ()):
        return True
    if before in lex.person_before:
        return True
    # two words back: `Nguyễn Hữu Thái Bình`, `Lê Quang Hòa Bình`
    if before[:1].isupper():
        before2 = _word_before(text, s.start - len(before) - 1, lo)
        if before2 in lex.person_before:
            return True
    return False


def _names_else(lex: _Lexicon, text: str, lo: int, start: int) -> bool:
    """A province name at ``start`` that names something else (`sàn chứng khoán TP.HCM`)."""
    return lex.not_place_re is not None and bool(
        lex.not_place_re.search(text, max(lo, start - 40), start)
    )


def find_places(text: str, sentence: Span) -> list[PlaceMention]:
    """Places named in ``sentence``: provinces, finer places, national and generic scope cues.

    Mentions with ``province=None`` and scope province/district/commune are generic
    (`toàn tỉnh`, `Các xã, phường`, an unknown `huyện X`): `place_for` fills the
    province from the article's default.
    """
    # The lead is read by `document_place` and again for its numbers: match each
    # sentence once (a str caches its hash, so the key costs nothing per call).
    return list(_find_places(text, sentence))


@functools.lru_cache(maxsize=256)
def _find_places(text: str, sentence: Span) -> tuple[PlaceMention, ...]:
    lex = _lexicon()
    lo, hi = sentence.start, sentence.end
    cands: list[tuple[int, int, int, PlaceMention]] = []  # (start, -len, priority, mention)

    def add(s: Span, prio: int, m: PlaceMention) -> None:
        cands.append((s.start, -(s.end - s.start), prio, m))

    for m in lex.province_re.finditer(text, lo, hi):
        p = lex.by_key[fold(m.group("name"))]
        key = fold(m.group("name"))
        pre = m.group("pre")
        s = Span(m.start(), m.end())
        if _names_else(lex, text, lo, s.start):
            continue  # `sàn chứng khoán TP.HCM`: the exchange
        if pre is None:
            if key not in lex.variant_keys and not p.bare:
                continue  # `Hồ Chí Minh` alone is the person
            if _blocked(lex, text, s, key, lo, hi):
                continue
            add(s, 0, _province_mention(s, p, None, Scope.PROVINCE))
        elif pre in lex.type_scope and not p.central and key not in lex.variant_keys:
            # `TP. Thái Nguyên`: the provincial city, a district-level unit of the province
            name = (
                p.name if fold(m.group("name")) in {fold(n) for n in p.names} else m.group("name")
            )
            add(s, 0, _province_mention(s, p, f"TP. {name}", Scope.DISTRICT))
        else:
            add(s, 0, _province_mention(s, p, None, Scope.PROVINCE))
    for spelling, name in lex.spellings:
        for m in spelling.finditer(text, lo, hi):
            s = Span(m.start(), m.end())
            if not _names_else(lex, text, lo, s.start):
                add(s, 0, _province_mention(s, lex.provinces[name], None, Scope.PROVINCE))
    for m in lex.finer_re.finditer(text, lo, hi):
        scope, canon = lex.type_scope[m.group("type")]
        if (
            canon == "xã"
            and lex.not_commune_re is not None
            and lex.not_commune_re.search(text[max(lo, m.start() - 12) : m.start()])
        ):
            continue  # `hợp tác xã Tân Phú`
        name = m.group("name")
        if name.isdigit() and canon not in _NUMBERED:
            continue  # `cấp huyện 60%`, `cấp xã 55%`: a level and a value, not `Quận 1`
        unit: _Unit | None = None
        found = _lookup(lex, canon, name)
        if found is not None:
            name, options = found
            if options:
                end = m.start("name") + len(name)
                unit = _resolve(options) or _narrow(lex, text, end, hi, options)
        s = Span(m.start(), m.start("name") + len(name))
        add(s, 1, _finer_mention(lex, s, canon, name, scope, unit))
    if lex.city_re is not None:
        for m in lex.city_re.finditer(text, lo, hi):
            s = Span(m.start(), m.end())
            if _blocked(lex, text, s, fold(m.group()), lo, hi):
                continue
            c = lex.bare_cities[fold(m.group())]
            canon = lex.type_scope.get(c.type, (Scope.DISTRICT, c.type))[1]
            add(s, 2, _finer_mention(lex, s, canon, c.name, Scope.DISTRICT))
    for m in lex.national_re.finditer(text, lo, hi):
        s = Span(m.start(), m.end())
        add(s, 0, PlaceMention(s, None, None, None, Scope.NATIONAL))
    for m in lex.country_re.finditer(text, lo, hi):
        # `Việt Nam` ending an organisation's name (`Tập đoàn Bưu chính Viễn thông Việt Nam`)
        # is not the country as a whole.
        if lex.org_re is not None and lex.org_re.search(text[max(lo, m.start() - 80) : m.start()]):
            continue
        # `Toyota Việt Nam`, `U15 Việt Nam`: a capitalised word before it makes a name
        before = _word_before(text, m.start(), lo)
        if before[:1].isupper() and text[lo : m.start()].strip() != before:
            continue
        s = Span(m.start(), m.end())
        add(s, 0, PlaceMention(s, None, None, None, Scope.NATIONAL))
    if lex.foreign_re is not None:
        for m in lex.foreign_re.finditer(text, lo, hi):
            s = Span(m.start(), m.end())
            add(s, 3, PlaceMention(s, None, None, None, Scope.NATIONAL))
    if lex.province_cue_re is not None:
        for m in lex.province_cue_re.finditer(text, lo, hi):
            s = Span(m.start(), m.end())
            add(s, 3, PlaceMention(s, None, None, None, Scope.PROVINCE))
    if lex.group_re is not None and (
        lex.group_hint is None or lex.group_hint.search(text, lo, hi) is not None
    ):
        for m in lex.group_re.finditer(text, lo, hi):
            s = Span(m.start(), m.end())
            add(s, 3, PlaceMention(s, None, None, None, Scope.PROVINCE))

    if lex.subject_re is not None:
        m = lex.subject_re.match(text, lo, hi)
        if m:
            s = Span(m.start(), m.end())
            add(s, 3, PlaceMention(s, None, None, None, lex.subject_scope[fold(m.group())]))
    # Longest match wins where matches overlap (`huyện Quảng Ninh` over `Quảng Ninh`).
    cands.sort(key=lambda c: (c[0], c[1], c[2]))
    out: list[PlaceMention] = []
    end = -1
    for _, _, _, pm in cands:
        if pm.span.start >= end:
            out.append(pm)
            end = pm.span.end
    return tuple(_attach_provinces(text, out))


def _attach_provinces(text: str, places: list[PlaceMention]) -> list[PlaceMention]:
    """A finer place right before a province-bearing place takes its province.

    `xã Tân Cương, TP. Thái Nguyên` → Thái Nguyên; `huyện Yên Sơn (Tuyên Quang)` → Tuyên Quang.
    """
    out = list(places)
    for i in range(len(out) - 2, -1, -1):
        cur, nxt = out[i], out[i + 1]
        if cur.province is not None or cur.scope not in (Scope.DISTRICT, Scope.COMMUNE):
            continue
        gap = text[cur.span.end : nxt.span.start]
        if nxt.province is not None and _ATTACHING_GAP.fullmatch(gap):
            out[i] = PlaceMention(cur.span, nxt.province, nxt.province_2025, cur.place, cur.scope)
    return out


_COMPARISON: Memo[tuple[str, int, int], bool] = Memo(1024)


def _is_comparison(text: str, lo: int, start: int) -> bool:
    """`dẫn đầu cả nước`, `xếp thứ 3 sau Bắc Ninh`: the place at ``start`` (in a sentence
    starting at ``lo``) is the domain of a ranking, not the subject (asked again for each
    value of the sentence: kept)."""
    key = (text, lo, start)
    got = _COMPARISON.get(key)
    if got is None:
        window = text[max(lo, start - 90) : start]
        got = _COMPARISON.put(key, any(r.search(window) for r in _lexicon().comparison_re))
    return got


def _fill(p: PlaceMention, default: PlaceMention | None) -> PlaceMention:
    """Give a generic or unplaced mention the province of the article's default."""
    if p.scope is Scope.NATIONAL or p.province is not None:
        return p
    if default is None or default.province is None:
        if p.place is None and default is not None and default.scope is Scope.PROVINCE:
            # `toàn tỉnh` in an article about a province it never names
            return PlaceMention(p.span, None, None, None, Scope.PROVINCE)
        return p if p.place else PlaceMention(p.span, None, None, None, Scope.UNKNOWN)
    if p.scope is Scope.PROVINCE:
        return PlaceMention(p.span, default.province, default.province_2025, None, Scope.PROVINCE)
    return PlaceMention(p.span, default.province, default.province_2025, p.place, p.scope)


def _carried_subject(lex: _Lexicon, text: str, sentence: Span) -> PlaceMention | None:
    """A subjectless sentence (`Phát triển xã hội số; tỷ lệ … đạt 80%`) continues the
    generic subject (`Các xã, phường …`) of the sentences before it in its paragraph."""
    if lex.continuation_re is None or lex.subject_re is None:
        return None
    if not lex.continuation_re.match(text, sentence.start, sentence.end):
        return None
    from .segment import sentences as split

    lo = max(0, sentence.start - _LOOKBACK_CHARS)
    nl = text.rfind("\n", lo, sentence.start)
    lo = nl + 1 if nl >= 0 else lo
    for s in reversed(split(text[lo : sentence.start])):
        start, end = lo + s.start, lo + s.end
        m = lex.subject_re.match(text, start, end)
        if m:
            sp = Span(m.start(), m.end())
            return PlaceMention(sp, None, None, None, lex.subject_scope[fold(m.group())])
        if not lex.continuation_re.match(text, start, end):
            return None
    return None


def _antecedent(lex: _Lexicon, text: str, sentence: Span, value: Span) -> PlaceMention | None:
    """`địa phương này` before the value: the place named last in the sentences before
    it, in its paragraph (`Với Thanh Hóa, … Tổng điểm của địa phương này là 0,4880`)."""
    if lex.anaphora_re is None or not lex.anaphora_re.search(text, sentence.start, value.start):
        return None
    from .segment import sentences as split

    lo = max(0, sentence.start - _LOOKBACK_CHARS)
    nl = text.rfind("\n", lo, sentence.start)
    lo = nl + 1 if nl >= 0 else lo
    for s in reversed(split(text[lo : sentence.start])):
        named = [
            p
            for p in find_places(text, Span(lo + s.start, lo + s.end))
            if p.province is not None and p.scope is not Scope.NATIONAL
        ]
        if named:
            return named[-1]
    return None


@functools.lru_cache(maxsize=64)
def _names_nation(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` (a sentence) names a ministry or a national body
    (`Bộ Tài chính`, `khối bộ, ngành`); once for all the values of the sentence."""
    lex = _lexicon()
    return any(
        r is not None and r.search(text, start, end) is not None
        for r in (lex.ministry_re, lex.national_body_re)
    )


def place_for(
    text: str,
    sentence: Span,
    value: Span,
    sentence_places: Sequence[PlaceMention],
    default: PlaceMention | None,
) -> PlaceMention | None:
    """The place the figure at ``value`` is about.

    The nearest place before it in its clause (`;`-delimited), else one after it in
    the clause, else one earlier in the sentence; a ranking domain (`dẫn đầu cả nước`)
    never governs. Otherwise a carried generic subject, a ministry's national figure,
    or the article's ``default`` (returned as the same object).
    """
    lex = _lexicon()
    no_province = default is None or default.province is None
    own = _own_place(lex, text, sentence, value, sentence_places, no_province)
    if own is not None:
        if own.province is None and _is_group(lex, text, own):
            return PlaceMention(own.span, None, None, None, Scope.PROVINCE)
        return _fill(own, default)
    # A group of provinces after the figure is its object (`cấp 1.680 tỷ đồng cho 4 tỉnh`),
    # never its subject.
    groups = [p for p in sentence_places if p.province is None and _is_group(lex, text, p)]
    sentence_places = [
        p for p in sentence_places if not (p in groups and p.span.start >= value.end)
    ]
    # `Xã Tràng Đà (TP Tuyên Quang) đứng thứ nhất`: a place in parentheses right after
    # another locates it; the figure is the first one's.
    sentence_places = [
        p
        for i, p in enumerate(sentence_places)
        if not (i and _LOCATOR.fullmatch(text, sentence_places[i - 1].span.end, p.span.start))
    ]
    usable = [
        p
        for p in sentence_places
        if not _is_comparison(text, sentence.start, p.span.start)
        or (p.province is not None and _RANK_BEFORE.search(text, sentence.start, p.span.start))
    ]
    semi = text.rfind(";", sentence.start, value.start)
    clause_start = semi + 1 if semi >= 0 else sentence.start
    nxt = text.find(";", value.end, sentence.end)
    clause_end = nxt if nxt >= 0 else sentence.end
    before = [p for p in usable if p.span.end <= value.start]
    gov: PlaceMention | None = None
    if before and before[-1].span.start >= clause_start:
        gov = before[-1]
    else:
        after = [
            p
            for p in usable
            if value.end <= p.span.start < clause_end and p.span.start - value.end <= 80
        ]
        if after:
            gov = after[0]
        elif before:
            gov = before[-1]
    if gov is not None and gov.province is None and gov.scope is Scope.PROVINCE:
        # A locative `trên địa bàn tỉnh` modifies a noun; it yields to a place named
        # earlier in the sentence (`Trung tâm … thành phố Thái Nguyên kết nối … trên địa
        # bàn tỉnh với kinh phí gần 45 tỷ đồng` is the city's money).
        if _LOCATIVE.search(text, max(sentence.start, gov.span.start - 8), gov.span.start):
            named = [p for p in usable if p.span.end <= gov.span.start and p.province]
            if named:
                gov = named[-1]
    if gov is None or gov.span.start < clause_start:
        group = _unit_group(lex, text, clause_start, value)
        if group is not None:
            gov = group
    if gov is not None and gov.province is None and _is_group(lex, text, gov):
        # A group governs only as the subject before its figure (`các tỉnh còn lại đạt
        # 60%`, not `liên kết với 18 tỉnh`); `các địa phương` of a provincial article are
        # its own districts and communes.
        local = default is not None and default.province is not None
        if local and _LOCAL_GROUP.search(text, gov.span.start, gov.span.end):
            return _fill(PlaceMention(gov.span, None, None, None, Scope.PROVINCE), default)
        # `các tỉnh còn lại`: unnamed provinces; `trung bình của các tỉnh`: the country
        lo = max(sentence.start, gov.span.start - 60)
        if _ALL_PROVINCES.fullmatch(text, gov.span.start, gov.span.end) and (
            (lex.average_re is not None and lex.average_re.search(text, lo, gov.span.start))
            or _AVERAGE.search(text, gov.span.end, value.start)
        ):
            return PlaceMention(gov.span, None, None, None, Scope.NATIONAL)
        return PlaceMention(gov.span, None, None, None, Scope.PROVINCE)
    if gov is None:
        gov = _carried_subject(lex, text, sentence)
    if gov is None:
        gov = _antecedent(lex, text, sentence, value)
    if gov is None:
        if (
            not sentence_places
            and _names_nation(text, sentence.start, sentence.end)
            and not _local(lex, text, sentence, groups)
        ):
            return PlaceMention(Span(value.start, value.start), None, None, None, Scope.NATIONAL)
        return default
    where = _fill(gov, default)
    # `đứng đầu 27 huyện, thị xã, thành phố`: a count of district-level units is a
    # figure about the province that holds them.
    if (
        where.scope in (Scope.DISTRICT, Scope.COMMUNE)
        and where.province is not None
        and lex.counted_re is not None
        and lex.counted_re.match(text, value.end, sentence.end)
    ):
        p = lex.provinces[where.province]
        return _province_mention(where.span, p, None, Scope.PROVINCE)
    return where


#: `đứng thứ 2 tỉnh Thái Nguyên`: a named province right after a rank is the one ranked,
#: not the domain of the ranking (`đứng thứ 3 cả nước`, `xếp thứ 2 sau Bắc Ninh`).
_RANK_BEFORE = _rx.compile(
    r"(?i:thứ)\s+[\p{N}\p{L}/]+\s+(?:(?:là|thuộc về)\s+)?(?:tỉnh\s+|TP\.?\s*)?$"
)
#: `A, B và C lần lượt đạt x, y, z`: the list word, and the numbers of such a list.
_IN_TURN = _rx.compile(r"(?i:lần lượt)")
_LIST_NUMBER = _rx.compile(r"(?<![\p{L}\p{N}])\d+(?:[.,]\d+)*(?:/\d+)?(?![\p{N}])")
#: What may stand between the names of a list: `Ninh Bình và Thanh Hóa`, `A, B, C`.
_LIST_GAP = _rx.compile(r"\s*(?:,|và|cùng|;)?\s*(?:(?:tỉnh|thành phố|TP\.?)\s*)?")
_LOCATOR = _rx.compile(r"\s*\(\s*")
_OPEN_PAREN = _rx.compile(r"\s*\(\s*$")


_LOCAL_GROUP = _rx.compile(r"địa phương")
#: `các tỉnh … giá trị trung bình năm 2023 đạt 86,98%`: the group's average is national.
_AVERAGE = _rx.compile(r"(?i:trung bình|bình quân)")
#: `các tỉnh, thành phố` (all of them; not `nhóm tỉnh xếp sau`, `10 tỉnh`)
_ALL_PROVINCES = _rx.compile(r"(?i:các)\s+(?:tỉnh(?:,?\s+thành(?:\s+phố)?)?|địa phương)")
_LOCALITIES = _rx.compile(r"\s+địa phương(?![\p{L}])(?!\s+(?:này|đó))")
_LAST_NUMBER = _rx.compile(r"\d+(?=\s+\p{L}[^\d]*$)")


def _province_count(
    lex: _Lexicon, text: str, sentence: Span, value: Span, national: bool = False
) -> bool:
    """`Có 10 tỉnh tăng điểm`: the value counts provinces as the subject of its clause.

    In an article about no one province (``national``), `có 53 địa phương ghi nhận …`
    counts provinces too; in a provincial one `địa phương` are its districts.
    """
    if lex.province_count_re is None or "/" in text[value.start : value.end]:
        return False
    if not lex.province_count_re.match(text, value.end, sentence.end) and not (
        national and _LOCALITIES.match(text, value.end, sentence.end)
    ):
        return False
    before = lex.province_count_before_re
    return (
        before is None
        or before.search(text, max(sentence.start, value.start - 30), value.start) is not None
    )


def _local(lex: _Lexicon, text: str, sentence: Span, groups: Sequence[PlaceMention]) -> bool:
    """The sentence speaks of a local unit (`tỉnh`, `huyện`, `địa bàn`) outside a group of
    provinces (`cấp 300 tỷ đồng cho 5 tỉnh` is still the ministry's figure)."""
    if lex.local_re is None:
        return False
    return any(
        not any(g.span.start <= m.start() < g.span.end for g in groups)
        for m in lex.local_re.finditer(text, sentence.start, sentence.end)
    )


def _unit_group(lex: _Lexicon, text: str, clause_start: int, value: Span) -> PlaceMention | None:
    """An unnamed group of districts or communes as the subject of the figure's clause:
    `Có đến 5/9 huyện, thành phố đạt tỷ lệ này dưới 3%`, `các xã vùng cao có 60% …`
    (only `có`, `đến`, `cả`, `và`, `trong đó` before it in the clause; a group after a
    verb or preposition — `phối hợp với UBND các huyện … lắp đặt 789 camera` — is none)."""
    if lex.finer_re.hint.search(text, clause_start, value.start) is None:
        return None  # every group holds a type word (`huyện`, `xã`)
    for pattern, scope in lex.unit_groups:
        for m in pattern.finditer(text, clause_start, value.start):
            head = text[clause_start : m.start()]
            cut = max(head.rfind(","), head.rfind(" và "), head.rfind(":"))
            if _SUBJECT_LEAD.fullmatch(head[cut + 1 :] if cut >= 0 else head):
                return PlaceMention(Span(m.start(), m.end()), None, None, None, scope)
    return None


#: What may open a clause before its subject: `Có đến`, `Trong đó,`, `cả`, `và`.
_SUBJECT_LEAD = _rx.compile(
    r"\s*(?:(?:[Cc]ó|đến|tới|cả|và|[Tt]rong đó|[Rr]iêng|[Tt]rong số đó)\s*,?\s*)*"
)


def _is_group(lex: _Lexicon, text: str, p: PlaceMention) -> bool:
    return (
        p.scope is Scope.PROVINCE
        and p.place is None
        and lex.group_re is not None
        and lex.group_re.fullmatch(text, p.span.start, p.span.end) is not None
    )


def _own_place(
    lex: _Lexicon,
    text: str,
    sentence: Span,
    value: Span,
    places: Sequence[PlaceMention],
    national: bool = False,
) -> PlaceMention | None:
    """A place the figure belongs to by the form of the sentence, not by distance.

    - `53 tỉnh`, `Có 10 tỉnh (15,87%)`: a count (or share) of provinces is national;
    - `tỉnh B (61,2%)`, `Bộ Tư pháp (71,5%)`: a value opening a parenthesis right after
      a place or a national body is that place's or body's;
    - `Ninh Bình và Thanh Hóa lần lượt đứng thứ 6 và 12` (or `Với x và y, A và B lần
      lượt …`): the values of a `lần lượt` list pair with the places in order.
    """
    here = Span(value.start, value.start)
    if _province_count(lex, text, sentence, value, national):
        return PlaceMention(here, None, None, None, Scope.NATIONAL)
    paren = _OPEN_PAREN.search(text, sentence.start, value.start)
    if paren is not None:
        before = paren.start()
        head = text[sentence.start : before]
        cut = max(head.rfind(","), head.rfind(";"), head.rfind(":"))
        segment = head[cut + 1 :].strip()
        count = _LAST_NUMBER.search(segment)
        if count is not None:
            lo = sentence.start + cut + 1 + (len(head[cut + 1 :]) - len(head[cut + 1 :].lstrip()))
            at = Span(lo + count.start(), lo + count.end())
            if _province_count(lex, text, sentence, at, national):
                return PlaceMention(here, None, None, None, Scope.NATIONAL)  # `10 tỉnh (15,87%)`
        for p in places:
            if p.span.end == before or (
                p.span.end < before and not text[p.span.end : before].strip()
            ):
                return p
        if lex.national_body_re is not None and lex.national_body_re.match(segment):
            return PlaceMention(here, None, None, None, Scope.NATIONAL)
    return _in_turn(text, sentence, value, places)


def _in_turn(
    text: str, sentence: Span, value: Span, places: Sequence[PlaceMention]
) -> PlaceMention | None:
    """The place of ``value`` in a `lần lượt` list (see `_own_place`), or None."""
    cue = _IN_TURN.search(text, sentence.start, sentence.end)
    if cue is None:
        return None
    named = [p for p in places if p.province is not None and p.span.end <= cue.start()]
    if len(named) < 2 or cue.start() - named[-1].span.end > 40:
        return None
    run = [named[-1]]
    for p in reversed(named[:-1]):
        if not _LIST_GAP.fullmatch(text, p.span.end, run[0].span.start):
            break
        run.insert(0, p)
    if len(run) < 2:
        return None
    if value.start >= cue.end():
        stop = text.find(";", cue.end(), sentence.end)
        numbers = list(_LIST_NUMBER.finditer(text, cue.end(), stop if stop >= 0 else sentence.end))
    elif value.end <= run[0].span.start:
        lo = text.rfind(";", sentence.start, value.start) + 1 or sentence.start
        numbers = list(_LIST_NUMBER.finditer(text, max(lo, sentence.start), run[0].span.start))
    else:
        return None
    if len(numbers) < len(run):
        return None
    for i, m in enumerate(numbers[: len(run)]):
        if value.start <= m.start() < value.end:
            return run[i]
    return None


def _lead(sentences: Sequence[Span]) -> list[Span]:
    lead: list[Span] = []
    for s in sentences:
        if len(lead) >= _LEAD_SENTENCES or (lead and s.start - lead[0].start > _LEAD_CHARS):
            break
        lead.append(s)
    return lead


def _subdivision(p: PlaceMention) -> bool:
    """A district or commune (not a provincial city or town, which may be the subject)."""
    return p.place is not None and (
        p.scope is Scope.COMMUNE
        or (p.scope is Scope.DISTRICT and not p.place.startswith(("TP.", "thị xã")))
    )


def _new_only(lex: _Lexicon, p: PlaceMention) -> bool:
    """`xã Mèo Vạc`: a commune only the post-2025 map has — the article is written after
    the reorganisation, and its province is the 2025 unit."""
    if p.place is None or p.scope is not Scope.COMMUNE:
        return False
    canon, _, name = _split_type(p.place)
    units = lex.units.get((canon, fold(name)), ())
    return bool(units) and all(u.new for u in units)


def source_places(text: str) -> list[PlaceMention]:
    """Provinces named by the article's source: a provincial portal's or paper's host name
    (`(binhdinh.gov.vn)`, `baotuyenquang.com.vn`) or a provincial paper (`Báo Tuyên Quang`,
    `Đài PT-TH Sơn La`)."""
    lex = _lexicon()
    out: list[PlaceMention] = []
    if _HOST_HINT.search(text) is not None:
        for m in _host_matches(text, lex.host_re):
            key = (m.group("gov") or m.group("paper")).lower()
            name = lex.portal_keys.get(key)
            if name is not None:
                p = lex.provinces[name]
                out.append(_province_mention(Span(m.start(), m.end()), p, None, Scope.PROVINCE))
    # A paper's head word (`Báo`, `Đài PT-TH`) then a capitalised province name; most
    # `báo` are `báo cáo`, so the name is matched only where a capital follows.
    for h in lex.paper_hint.finditer(text):
        m = lex.paper_head.match(text, h.start())
        if m is not None and m.end() < len(text) and not text[h.start() - 1 : h.start()].isalnum():
            n = lex.province_re.full.match(text, m.end())
            if n is not None and n.group("pre") is None:
                p = lex.by_key[fold(n.group("name"))]
                out.append(_province_mention(Span(m.start(), n.end()), p, None, Scope.PROVINCE))
    return out


def document_place(
    text: str, sentences: Sequence[Span], *, title: bool = True
) -> PlaceMention | None:
    """The article's default place: the most salient place of its title, lead and source.

    Title (first sentence) mentions weigh 3, the next two 2, the rest of the lead 1; a
    district or commune after the title counts for its province at half weight (`xã Tà
    Xùa` → Sơn La; in the title it may be the article's own place),
    the source line (`(binhdinh.gov.vn)`, `Báo Tuyên Quang`) 2. Without a place there:
    a lead reporting a ministry's figures makes them national; else the province named
    most often in the whole text, districts and communes included (at least three times
    and most of all mentions); else a lead that speaks of the country (`cả nước`, `Việt
    Nam`) makes the figures national; else a lead that speaks of `tỉnh` without naming
    it gives a province of unknown name; else
    (unless ``title=False``) `title_place`; else a lead naming a national body or
    company (`Cục CSGT`, `Công ty CP Tập đoàn VNG`) makes the figures national.

    A post-2025 commune (`xã Mèo Vạc`) among the evidence makes the province the 2025
    unit (`Tuyên Quang`, not `Hà Giang`).

    The result is a fresh object, never one `find_places` returns: `place_for` hands
    back the default itself, and callers tell "fell back to the default" by identity.
    """
    lex = _lexicon()
    lead = _lead(sentences)
    scores: dict[tuple[str, str | None], float] = {}
    first: dict[tuple[str, str | None], PlaceMention] = {}
    new_units: set[str] = set()
    national = False

    def vote(p: PlaceMention, weight: float, titled: bool = False) -> None:
        assert p.province is not None
        if _subdivision(p) and not titled:
            if _new_only(lex, p) and p.province_2025:
                new_units.add(p.province_2025)
            p = _province_mention(p.span, lex.provinces[p.province], None, Scope.PROVINCE)
            weight /= 2
        key = (str(p.province), p.place)
        scores[key] = scores.get(key, 0.0) + weight
        first.setdefault(key, p)

    national_score = 0.0
    for i, s in enumerate(lead):
        weight = 3.0 if i == 0 else 2.0 if i <= 2 else 1.0
        found = find_places(text, s)
        # `cho nông dân tại Lai Châu, Bắc Giang, Nam Định …`: a list of provinces is
        # no article's province.
        listed = len({p.province for p in found if p.province and p.scope is Scope.PROVINCE}) >= 3
        counted = False
        for p in found:
            if p.scope is Scope.NATIONAL and p.place is None:
                # `cả nước`, `Việt Nam` (not `Singapore`, a foreign cue of the same scope)
                home = any(
                    r.full.fullmatch(text, p.span.start, p.span.end)
                    for r in (lex.national_re, lex.country_re)
                )
                if home and not _is_comparison(text, s.start, p.span.start):
                    national = True
                    if not counted:  # once a sentence: `Việt Nam … Việt Nam`
                        national_score += weight
                        counted = True
                continue
            if p.province is None or p.scope is Scope.NATIONAL or listed:
                continue
            # a district or commune the title names is the article's subject
            # (`Xe tải gây tai nạn ở quận 7`); named later, it speaks for its province
            vote(p, weight, titled=i == 0)
    for p in source_places(text):
        vote(p, 2.0)
    if scores:
        best = max(scores, key=lambda k: (scores[k], -first[k].span.start))
        if best[1] is not None and best[1].startswith("TP.") and (best[0], None) not in scores:
            # `UBND tỉnh công bố … Cán bộ một cửa thành phố Tuyên Quang …`: a lead that
            # speaks of `tỉnh` at least as much as of the provincial city is the province's.
            generic = sum(
                3.0 if i == 0 else 2.0 if i <= 2 else 1.0
                for i, s in enumerate(lead)
                if lex.local_re is not None and lex.local_re.search(text, s.start, s.end)
            )
            if generic >= scores[best]:
                p = first[best]
                province = lex.provinces[best[0]]
                first[(best[0], None)] = _province_mention(p.span, province, None, Scope.PROVINCE)
                scores[(best[0], None)] = generic
                best = (best[0], None)
        if national_score <= scores[best]:
            return _titled(lex, text, lead, _in_era(lex, first[best], new_units))
    if _national_lead(lex, text, lead):
        # a ministry's report: its figures are the country's
        return PlaceMention(Span(lead[0].start, lead[0].start), None, None, None, Scope.NATIONAL)
    counts: dict[str, int] = {}
    firsts: dict[str, PlaceMention] = {}
    total = 0
    for s in sentences:
        # Only a gazetteer name or a type word yields a mention with a province: a
        # sentence without either cannot count.
        if not (
            lex.province_re.search(text, s.start, s.end)
            or lex.finer_re.search(text, s.start, s.end)
        ):
            continue
        for p in find_places(text, s):
            if p.province is None or not (p.scope is Scope.PROVINCE or _subdivision(p)):
                continue
            if _new_only(lex, p) and p.province_2025:
                new_units.add(p.province_2025)
            counts[p.province] = counts.get(p.province, 0) + 1
            if p.province not in firsts:
                province = lex.provinces[p.province]
                firsts[p.province] = _province_mention(p.span, province, None, Scope.PROVINCE)
            total += 1
    if counts:
        top = max(counts, key=lambda k: (counts[k], -firsts[k].span.start))
        if counts[top] >= 3 and counts[top] * 2 > total:
            return _in_era(lex, firsts[top], new_units)
    if national:
        # `Việt Nam`, `cả nước` in the lead, and no province the text keeps returning to
        return PlaceMention(Span(lead[0].start, lead[0].start), None, None, None, Scope.NATIONAL)
    if not lead:
        return None
    # Whichever the lead speaks of first: `tỉnh` (a province it does not name) or a
    # national body (`Theo Cục CSGT, …`).
    local = _first(text, lead, (lex.province_cue_re, lex.local_re))
    body = _first(text, lead[:3], (lex.national_body_re, lex.company_re))
    here = Span(lead[0].start, lead[0].start)
    if local is not None and (body is None or local < body):
        return PlaceMention(here, None, None, None, Scope.PROVINCE)
    foreign = title_place(text, sentences)
    if foreign is not None:
        return foreign if title else None
    if body is not None and not _abroad(lex, text, lead):
        return PlaceMention(here, None, None, None, Scope.NATIONAL)
    return None


def _abroad(lex: _Lexicon, text: str, lead: Sequence[Span]) -> bool:
    """A lead naming a place or body abroad (`Đức`, `Afghanistan`, `trên thế giới`): its
    companies and bodies need not be Vietnam's, so they make no national default."""
    lo, hi = lead[0].start, lead[-1].end
    if lex.foreign_re is not None and lex.foreign_re.search(text, lo, hi):
        return True
    # A name of foreign_places.yaml: of two words or more anywhere (`Nhật Bản`,
    # `Hàn Quốc`), of one only after a locative (`tại Đức`; `Đức` alone is a given name).
    words = [w.group().strip(_NAME_END) for w in _TITLE_WORD.finditer(text, lo, hi)]
    for i in range(len(words)):
        for k in range(2, lex.foreign_words + 1):
            if " ".join(words[i : i + k]) in lex.foreign:
                return True
    return any(_foreign_place(text, s) is not None for s in lead)


def _first(
    text: str, spans: Sequence[Span], patterns: Sequence[_rx.Pattern | None]
) -> int | None:
    """Where the first match of any of ``patterns`` in ``spans`` starts."""
    for s in spans:
        starts: list[int] = [
            m.start() for r in patterns if r is not None and (m := r.search(text, s.start, s.end))
        ]
        if starts:
            return int(min(starts))
    return None


def _titled(lex: _Lexicon, text: str, lead: Sequence[Span], default: PlaceMention) -> PlaceMention:
    """The district or commune the title names bare, where the lead names it with its
    type word in the default's province: `Thanh Hà đứng cuối bảng xếp hạng …` + `huyện
    Thanh Hà` → the article is about huyện Thanh Hà. The title is one of the first two
    sentences (a page's first line is often its section: `Chuyển đổi số`)."""
    if len(lead) < 2 or default.place is not None or default.province is None:
        return default
    for s in lead:
        for p in find_places(text, s):
            if not _subdivision(p) or p.province != default.province or p.place is None:
                continue
            name = _split_type(p.place)[2]
            for t in lead[:2]:
                at = text.find(name, t.start, t.end)
                end = at + len(name)
                if (
                    at >= 0
                    and not text[at - 1 : at].isalnum()
                    and not text[end : end + 1].isalnum()
                    and not lex.type_before_re.search(text, max(0, at - 12), at)
                ):
                    span = Span(at, end)
                    return PlaceMention(span, p.province, p.province_2025, p.place, p.scope)
    return default


def _in_era(lex: _Lexicon, p: PlaceMention, new_units: set[str]) -> PlaceMention:
    """A fresh copy of ``p``; a province of a unit a post-2025 commune named is the unit."""
    if p.province_2025 in new_units and p.place is None:
        name = lex.unit_province.get(p.province_2025, p.province or "")
        if name in lex.provinces:
            return _province_mention(p.span, lex.provinces[name], None, p.scope)
    return dataclasses.replace(p)


def _national_lead(lex: _Lexicon, text: str, lead: Sequence[Span]) -> bool:
    """A title or lead whose figures come from a ministry (`Bộ Tài chính`, `liên Bộ …`)."""
    return lex.ministry_re is not None and any(
        lex.ministry_re.search(text, s.start, s.end) for s in lead[:3]
    )


def title_place(text: str, sentences: Sequence[Span]) -> PlaceMention | None:
    """A place outside Vietnam that the title puts the story in (`Vụ cháy ở London`):
    `place` set, province unknown; None if the lead speaks of the country or abroad.

    This is `document_place`'s last resort. Such a default (no province) only
    ever shows as itself, where `place_for` falls back to the default: a caller
    may ask `document_place(…, title=False)` first and call this only when a value
    found no place.
    """
    lead = _lead(sentences)
    if not lead or any(p.scope is Scope.NATIONAL for s in lead for p in find_places(text, s)):
        return None
    return _foreign_place(text, Span(lead[0].start, min(lead[0].end, lead[0].start + _TITLE_CHARS)))


def _foreign_place(text: str, span: Span) -> PlaceMention | None:
    """The first name of patterns/foreign_places.yaml right after a locative in ``span``.

    Only after a locative (`ở`, `tại`, `đến` …): a bare name is as often a person or
    a club (`Anh Tú`, `Man United`). The longest name wins (`Ấn Độ Dương` before
    `Ấn Độ`), case as written; a clash rule blocks a Vietnamese reading (`ở Lào Cai`,
    `tại Mỹ Tho`).
    """
    lex = _lexicon()
    for cue in lex.title_cue_re.finditer(text, span.start, span.end):
        words = list(islice(_TITLE_WORD.finditer(text, cue.end(), span.end), lex.foreign_words))
        names: list[tuple[str, int]] = []  # (name of the first k words, its end offset)
        for w in words:
            bare = w.group().rstrip(_NAME_END)
            if bare:
                joined = f"{names[-1][0]} {bare}" if names else bare
                names.append((joined, w.start() + len(bare)))
            if len(bare) < len(w.group()):  # punctuation closes the name: `ở Anh: …`
                break
        for k in range(len(names), 0, -1):
            name, end = names[k - 1]
            if name not in lex.foreign:  # `name` is the first k words
                continue
            closed = end < words[k - 1].end()
            after = words[k].group() if k < len(words) and not closed else ""
            if after.rstrip(_NAME_END) in lex.foreign_after.get(name, ()):
                continue
            return PlaceMention(Span(cue.end(), end), None, None, name, Scope.UNKNOWN)
    return None
