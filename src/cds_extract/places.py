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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING

import regex

from . import _cache
from ._resources import load_patterns
from ._spans import PlaceMention, Span
from .claim import Scope
from .normalise import fold

if TYPE_CHECKING:  # the pydantic schemas load with the patterns, not at import
    from .schemas.places import FinerPlace, Province

# Letters and digits that a place name may not touch on either side.
_WB_BEFORE = r"(?<![\p{L}\p{N}\p{M}])"
_WB_AFTER = r"(?![\p{L}\p{N}\p{M}])"
# A finer place name after its type word: up to four capitalised syllables
# (`Yên Sơn`, `Hoàng Văn Thụ`, `Phan Rang-Tháp Chàm`) or a ward/district number (`Quận 1`).
_FINER_NAME = r"(?:\p{Lu}\p{Ll}*(?:[ \-]\p{Lu}\p{Ll}*){0,3}|\d{1,2})"
_LOCATIVE = regex.compile(r"(?:trên|của|tại|ở|trong)\s+$")
_LAST_WORD = regex.compile(r"(\p{L}+)\s+$")
_NEXT_WORD = regex.compile(r"\s+(\p{L}+)")
_ATTACHING_GAP = regex.compile(r"\s*[,(\-–]?\s*")
_LEAD_SENTENCES = 5
_LEAD_CHARS = 1200
_TITLE_CHARS = 200
#: A word of a title, and the punctuation that ends a name glued to it (`ở Anh:`).
_TITLE_WORD = regex.compile(r"\S+")
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
    full: regex.Pattern[str]

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
    org_re: regex.Pattern[str] | None
    foreign_re: _Words | None
    province_cue_re: regex.Pattern[str] | None
    comparison_re: tuple[regex.Pattern[str], ...]
    ministry_re: regex.Pattern[str] | None
    local_re: regex.Pattern[str] | None
    subject_re: regex.Pattern[str] | None
    subject_scope: dict[str, Scope]
    continuation_re: regex.Pattern[str] | None
    counted_re: regex.Pattern[str] | None
    title_cue_re: regex.Pattern[str]
    foreign: frozenset[str]  # foreign names and variants
    foreign_words: int  # words in the longest of them (`Cộng hòa Nhân dân Trung Hoa`)
    foreign_after: dict[str, frozenset[str]]
    not_commune_re: regex.Pattern[str] | None


def _alt(words: Sequence[str]) -> str:
    """Regex alternation of literal words, longest first so `thị xã` beats `xã`."""
    return "|".join(regex.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _union(patterns: Sequence[str]) -> regex.Pattern[str] | None:
    return _cache.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


@functools.cache
def _lexicon() -> _Lexicon:
    from .schemas.places import ForeignPlacesFile, PlacesExtraFile, PlacesFile

    gaz = load_patterns("places.yaml", PlacesFile)
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
    finer_re = _Words(
        _hint(list(type_scope)),
        _cache.compile(
            rf"{_WB_BEFORE}(?P<type>{_alt(list(type_scope))})\s*(?P<name>{_FINER_NAME}){_WB_AFTER}"
        ),
    )
    city_re = _words(list(bare_cities)) if bare_cities else None
    subject_scope = {fold(s.phrase): Scope(s.scope) for s in extra.generic_subjects}
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
    )


def _province_mention(span: Span, p: Province, place: str | None, scope: Scope) -> PlaceMention:
    return PlaceMention(span, p.name, p.unit_2025, place, scope)


def _finer_mention(lex: _Lexicon, span: Span, canon: str, name: str, scope: Scope) -> PlaceMention:
    known = lex.finer.get((canon, fold(name)))
    province = lex.provinces.get(known.province) if known and known.province else None
    if known is None and canon in ("TP.", "thị xã"):
        # `thị xã Phú Thọ`: a town named like a province lies in that province
        province = lex.by_key.get(fold(name))
    unit = province.unit_2025 if province else (known.unit_2025 if known else None)
    place = f"{canon} {name}" if canon != "TP." else f"TP. {name}"
    return PlaceMention(span, province.name if province else None, unit, place, scope)


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
    for m in lex.finer_re.finditer(text, lo, hi):
        scope, canon = lex.type_scope[m.group("type")]
        if (
            canon == "xã"
            and lex.not_commune_re is not None
            and lex.not_commune_re.search(text[max(lo, m.start() - 12) : m.start()])
        ):
            continue  # `hợp tác xã Tân Phú`
        s = Span(m.start(), m.end())
        add(s, 1, _finer_mention(lex, s, canon, m.group("name"), scope))
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


@functools.lru_cache(maxsize=1024)  # asked again for each value of the sentence
def _is_comparison(text: str, lo: int, start: int) -> bool:
    """`dẫn đầu cả nước`, `xếp thứ 3 sau Bắc Ninh`: the place at ``start`` (in a sentence
    starting at ``lo``) is the domain of a ranking, not the subject."""
    window = text[max(lo, start - 90) : start]
    return any(r.search(window) for r in _lexicon().comparison_re)


def _fill(p: PlaceMention, default: PlaceMention | None) -> PlaceMention:
    """Give a generic or unplaced mention the province of the article's default."""
    if p.scope is Scope.NATIONAL or p.province is not None:
        return p
    if default is None or default.province is None:
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
    usable = [p for p in sentence_places if not _is_comparison(text, sentence.start, p.span.start)]
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
    if gov is None:
        gov = _carried_subject(lex, text, sentence)
    if gov is None:
        if (
            lex.ministry_re is not None
            and not sentence_places
            and lex.ministry_re.search(text, sentence.start, sentence.end)
            and not (lex.local_re and lex.local_re.search(text, sentence.start, sentence.end))
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


def _lead(sentences: Sequence[Span]) -> list[Span]:
    lead: list[Span] = []
    for s in sentences:
        if len(lead) >= _LEAD_SENTENCES or (lead and s.start - lead[0].start > _LEAD_CHARS):
            break
        lead.append(s)
    return lead


def document_place(
    text: str, sentences: Sequence[Span], *, title: bool = True
) -> PlaceMention | None:
    """The article's default place: the most salient place of its title and lead.

    Title (first sentence) mentions weigh 3, the next two 2, the rest of the lead 1.
    Without a gazetteer place there, the province named most often in the whole text
    (at least three times and most of all mentions); an article whose lead speaks of
    the country or abroad has none; else (unless ``title=False``) `title_place`, else None.

    The result is a fresh object, never one `find_places` returns: `place_for` hands
    back the default itself, and callers tell "fell back to the default" by identity.
    """
    lead = _lead(sentences)
    scores: dict[tuple[str, str | None], float] = {}
    first: dict[tuple[str, str | None], PlaceMention] = {}
    national = False
    for i, s in enumerate(lead):
        weight = 3.0 if i == 0 else 2.0 if i <= 2 else 1.0
        for p in find_places(text, s):
            national = national or p.scope is Scope.NATIONAL
            if p.province is None or p.scope is Scope.NATIONAL:
                continue
            key = (p.province, p.place)
            scores[key] = scores.get(key, 0.0) + weight
            first.setdefault(key, p)
    if scores:
        best = max(scores, key=lambda k: (scores[k], -first[k].span.start))
        return dataclasses.replace(first[best])
    counts: dict[str, int] = {}
    firsts: dict[str, PlaceMention] = {}
    total = 0
    province_re = _lexicon().province_re
    for s in sentences:
        # Only a gazetteer name (`province_re`) yields a province-scope mention with a
        # province: a sentence without one cannot count.
        if not province_re.search(text, s.start, s.end):
            continue
        for p in find_places(text, s):
            if p.province is None or p.scope is not Scope.PROVINCE:
                continue
            counts[p.province] = counts.get(p.province, 0) + 1
            firsts.setdefault(p.province, p)
            total += 1
    if counts:
        top = max(counts, key=lambda k: (counts[k], -firsts[k].span.start))
        if counts[top] >= 3 and counts[top] * 2 > total:
            return dataclasses.replace(firsts[top])
    return title_place(text, sentences) if title else None


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
