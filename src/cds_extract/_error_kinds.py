"""Sort the misses of SPEC §4 scoring into kinds, so the next person sees where errors are.

`cds-extract eval --details` calls this for every wrong attribute of a matched claim, every
missed gold claim and every extra prediction. A kind is read off observable evidence only:
the gold record, the predicted `Claim`, the claim's sentence and the document text; the
pipeline's own stages are never consulted, so the labels keep their meaning while the
pipeline changes. Word lists are data (`patterns/error_kinds.yaml`); province names come
from the gazetteer's data (`patterns/places.yaml`). Labels never change a score.

Kinds by attribute (first rule that holds wins):

- ``as_of`` / ``period_start``: ``baseline`` (one of the two years stands right after
  `so với` in the sentence), ``date in sentence missed``, ``no frame`` (predicted none, the
  gold's year only in an earlier sentence or the title), ``wrong date in sentence``,
  ``over-carried`` (predicted year only earlier, gold none), ``wrong frame``, ``same year,
  other day``, ``relative date`` (`năm nay`, `hiện nay` …), ``date not written``;
  ``period_start`` is ``follows as_of`` when ``as_of`` is wrong too.
- ``indicator``: ``anaphora``, ``ellipsis``, ``pillar/rank``, ``malformed: <check>``
  (the checks of shared/tools/lint_indicators.py), ``named earlier``, ``too short``,
  ``too long``, ``other wording``.
- ``province``: ``national body``, ``group of provinces``, ``place not told``, ``national
  cue``, ``list pairing``, ``place in sentence missed``, ``no default``, ``wrong
  default``, ``place not known``.
- ``scope``: ``national body``, ``group of provinces``, ``finer place``, ``national cue``,
  ``wrongly national``, ``finer place taken``, ``gold unknown``, ``scope not told``.
- ``modality``: ``target cue missed``, ``plan frame``, ``no target cue``, ``over-target``,
  ``target carried``, ``estimate cue missed``, ``estimate not written``, ``over-estimate``.
- ``denominator``: ``missing``, ``spurious``, ``different``; ``unit``, ``qualifier``,
  ``change``: ``<predicted> → <gold>``.
- ``missed``: ``value differs``, ``span taken``, ``title``, ``list or ellipsis``,
  ``not found``; ``extra``: ``value differs``, ``title``, ``identifier``, ``date or
  duration``, ``structure count``, ``ranking population``, ``not in gold``.
"""

from __future__ import annotations

import functools
import math
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import regex

from . import _cache, _rx
from ._resources import load_patterns
from .claim import Claim, Modality, Scope
from .schemas.error_kinds import ErrorKindsFile
from .schemas.places import PlacesFile

# Old and new tone placement (`Hoá`/`Hóa`, `thuỷ`/`thủy`) are the same word: fold to one.
_TONE_PAIRS = (
    ("oá", "óa"), ("oà", "òa"), ("oả", "ỏa"), ("oã", "õa"), ("oạ", "ọa"),
    ("uý", "úy"), ("uỳ", "ùy"), ("uỷ", "ủy"), ("uỹ", "ũy"), ("uỵ", "ụy"),
)  # fmt: skip
_YEAR = _rx.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_WORD = _rx.compile(r"\w+")
_DIGIT = _rx.compile(r"\d")
# A sentence ends at `.`/`!`/`?` before a capital letter, or at a line break; a crude cut
# that needs no pipeline stage (`Năm 2024, tỉnh đạt 80%. Tỷ lệ này …` → two sentences).
_SENTENCE_END = _rx.compile(r"(?<=[.!?…])\s+(?=[\p{Lu}\d\"“(])|\n+")
# The first line of some articles is the page's ` date YYYY-MM-DD`, not its title.
_DATE_LINE = _rx.compile(r"\s*date \d{4}-\d\d-\d\d\s*")
# A value in a list of values: `22, 9, 13` / `18 và 22` (before or after it).
_LIST_BEFORE = _rx.compile(r"\d[\d.,]*\s*%?\s*(?:,|;|và)\s*(?:thứ\s+)?$")
_LIST_AFTER = _rx.compile(r"^\s*%?\s*(?:,|;|và)\s*(?:thứ\s+)?\d")
# A year, a day/month (`29/5`, `29/5/2023`) or a month/year (`8/2024`) on its own; the
# day and month are checked in `_looks_like_date` (`15/20` is a fraction, not a date).
_DATE_LIKE = _rx.compile(r"^(?:(?:19|20)\d\d|(\d{1,2})/(\d{1,2})(?:/\d{2,4})?|(\d{1,2})/\d{4})$")
_BARE_NUMBER = _rx.compile(r"^\d[\d.,]*$")


def fold(text: str) -> str:
    """NFC, lower case, one tone placement, single spaces: how word lists are matched.

    >>> fold("Thanh  Hoá")
    'thanh hóa'
    """
    out = unicodedata.normalize("NFC", text).lower()
    for old, new in _TONE_PAIRS:
        out = out.replace(old, new)
    return " ".join(out.split())


def _fold_case_kept(text: str) -> str:
    out = unicodedata.normalize("NFC", text)
    for old, new in _TONE_PAIRS:
        out = out.replace(old, new)
    return " ".join(out.split())


def _alternation(words: Iterable[str]) -> str:
    """``words`` folded, escaped and sorted fully (longest first) so the text is stable."""
    alts = sorted({regex.escape(fold(w)) for w in words}, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(alts) + ")"


def _words_regex(words: Iterable[str]) -> _rx.Pattern:
    """Whole-syllable match of any of ``words``."""
    return _cache.compile(r"(?<!\w)" + _alternation(words) + r"(?!\w)")


def _ending_with(words: Iterable[str], then: str = "") -> _rx.Pattern:
    """Folded text that ends in one of ``words``, then ``then`` (the words before a value)."""
    return _cache.compile(r"(?<!\w)" + _alternation(words) + then + r"$")


def _starting_with(words: Iterable[str]) -> _rx.Pattern:
    """Folded text that starts with one of ``words`` (the words just after a value)."""
    return _cache.compile(r"^" + _alternation(words) + r"(?!\w)")


@dataclass(frozen=True)
class _Lexicon:
    spec: ErrorKindsFile
    anaphor: _rx.Pattern
    anaphoric: _rx.Pattern
    list_cue: _rx.Pattern
    rank_or_pillar: _rx.Pattern
    dangling: frozenset[str]
    bare: frozenset[str]
    named_numbers: _rx.Pattern
    baseline: _rx.Pattern
    relative: _rx.Pattern
    national: _rx.Pattern
    target: _rx.Pattern
    estimate: _rx.Pattern
    identifier_before: _rx.Pattern
    date_before: _rx.Pattern
    duration_after: _rx.Pattern
    structure_after: _rx.Pattern
    population_after: _rx.Pattern
    province_names: _rx.Pattern  # case kept: `Hòa Bình` the province, not `hòa bình`
    province_lower: _rx.Pattern  # in an indicator phrase (lower case by SPEC §1)
    canonical: Mapping[str, str]  # folded spelling (case kept) → canonical province


@functools.cache
def _lexicon() -> _Lexicon:
    spec = load_patterns("error_kinds.yaml", ErrorKindsFile)
    places = load_patterns("places.yaml", PlacesFile)
    canonical: dict[str, str] = {}
    for p in places.provinces:
        for spelling in (p.name, *p.names, *p.variants):
            canonical.setdefault(_fold_case_kept(spelling), p.name)
    ind, dates, mod, ext = spec.indicator, spec.dates, spec.modality, spec.extras
    # Lint's province check: names longer than 3 characters, matched lower-cased.
    lower_names = [n for n in canonical if len(n) > 3]
    return _Lexicon(
        spec=spec,
        anaphor=_words_regex(ind.anaphors),
        anaphoric=_words_regex(ind.anaphoric_phrases),
        list_cue=_words_regex(ind.list_cues),
        rank_or_pillar=_words_regex(ind.rank_or_pillar),
        dangling=frozenset(fold(w) for w in ind.malformed.dangling),
        bare=frozenset(fold(w) for w in ind.malformed.bare),
        named_numbers=_cache.compile("|".join(f"(?:{p})" for p in ind.malformed.named_numbers)),
        baseline=_words_regex(dates.baseline_cues),
        relative=_words_regex(dates.relative),
        national=_words_regex(spec.places.national),
        target=_words_regex(mod.target),
        estimate=_words_regex(mod.estimate),
        identifier_before=_ending_with(ext.identifier_before, then="(?: số)?"),
        date_before=_cache.compile(r"(?:(?<!\w)" + _alternation(ext.date_before) + r"|\()$"),
        duration_after=_starting_with(ext.duration_after),
        structure_after=_starting_with(ext.structure_after),
        population_after=_starting_with(ext.population_after),
        province_names=_cache.compile(
            r"(?<!\w)(?:"
            + "|".join(sorted(map(regex.escape, canonical), key=lambda w: (-len(w), w)))
            + r")(?!\w)"
        ),
        province_lower=_words_regex(lower_names),
        canonical=canonical,
    )


# --------------------------------------------------------------------------- context


@dataclass(frozen=True)
class _Context:
    """Where a value stands: its sentence, what comes before it, the article's head."""

    doc: str
    sentence: str
    sentence_start: int
    value_start: int
    value_end: int

    @property
    def before(self) -> str:
        """The document before the sentence (earlier sentences, the title)."""
        return self.doc[: self.sentence_start]

    @property
    def in_sentence_before_value(self) -> str:
        return self.doc[self.sentence_start : self.value_start]

    @property
    def after_value(self) -> str:
        return self.doc[self.value_end : self.value_end + 40]

    def previous_sentences(self, n: int) -> list[str]:
        parts = [p for p in _SENTENCE_END.split(self.before) if p.strip()]
        return parts[-n:]


def _title_span(doc: str) -> tuple[int, int]:
    """The first line that is not the page's ` date …` line: the article's title."""
    pos = 0
    for line in doc.splitlines(keepends=True):
        if line.strip() and not _DATE_LINE.fullmatch(line):
            return pos, pos + len(line)
        pos += len(line)
    return 0, 0


def _head(doc: str) -> str:
    """Title and lead: the first two lines of content (SPEC §2 "The article's province")."""
    start, _ = _title_span(doc)
    lines = [ln for ln in doc[start:].splitlines() if ln.strip()]
    return "\n".join(lines[:2])


def _ascii(text: str) -> str:
    """Letters without marks or spaces, as a web address writes a name: `Bình Định` → `binhdinh`."""
    bare = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(ch for ch in bare if ch.isascii() and ch.isalnum())


def _head_provinces(doc: str) -> set[str]:
    """Provinces the title or lead names, also through a portal's address (`binhdinh.gov.vn`)."""
    head = _head(doc)
    found = _provinces_in(head)
    addresses = [w for w in head.split() if "." in w.strip(".")]
    if addresses:
        lex = _lexicon()
        for spelling, name in lex.canonical.items():
            squashed = _ascii(spelling)
            if len(squashed) >= 6 and any(squashed in _ascii(w) for w in addresses):
                found.add(name)
    return found


def _claim_context(doc: str, claim: Claim) -> _Context:
    start = doc.rfind(claim.sentence, 0, claim.value_start + 1)
    if start >= 0 and start + len(claim.sentence) >= claim.value_end:
        return _Context(doc, claim.sentence, start, claim.value_start, claim.value_end)
    return _span_context(doc, claim.value_start, claim.value_end)


def _span_context(doc: str, start: int, end: int) -> _Context:
    """The crude sentence (`_SENTENCE_END`) around ``doc[start:end]``."""
    s0 = 0
    for m in _SENTENCE_END.finditer(doc, 0, start):
        s0 = m.end()
    m = _SENTENCE_END.search(doc, end)
    s1 = m.start() if m else len(doc)
    return _Context(doc, doc[s0:s1], s0, start, end)


def _years(text: str) -> set[str]:
    return {str(y) for y in _YEAR.findall(text)}


def _baseline_years(sentence: str) -> set[str]:
    """Years standing right after a comparison cue (`so với năm 2021`, `so với cùng kỳ 2023`)."""
    lex = _lexicon()
    text = fold(sentence)
    reach = lex.spec.dates.baseline_reach
    out: set[str] = set()
    for m in lex.baseline.finditer(text):
        out |= _years(text[m.end() : m.end() + reach])
    return out


def _provinces_in(text: str) -> set[str]:
    lex = _lexicon()
    return {lex.canonical[str(n)] for n in lex.province_names.findall(_fold_case_kept(text))}


def _ellipsis(ctx: _Context) -> bool:
    """The value stands in parentheses after a name, or in a list of values (SPEC §2)."""
    before = ctx.in_sentence_before_value
    if before.rstrip().endswith("("):
        return True
    if _lexicon().list_cue.search(fold(ctx.sentence)):
        return True
    return bool(_LIST_BEFORE.search(before[-30:]) or _LIST_AFTER.match(ctx.after_value))


# --------------------------------------------------------------------------- attributes


def attribute_kind(name: str, claim: Claim, gold: Mapping[str, Any], doc: str) -> str:
    """The kind of a wrong attribute ``name`` of ``claim`` matched to the gold record."""
    ctx = _claim_context(doc, claim)
    if name == "as_of":
        return _date_kind(claim.as_of, gold.get("as_of"), ctx)
    if name == "period_start":
        if _iso(claim.as_of) != gold.get("as_of"):
            return "follows as_of"
        return _date_kind(claim.period_start, gold.get("period_start"), ctx)
    if name == "indicator":
        return _indicator_kind(claim, gold, ctx)
    if name == "province":
        return _province_kind(claim, gold, ctx)
    if name == "scope":
        return _scope_kind(claim, gold, ctx)
    if name == "modality":
        return _modality_kind(claim.modality, str(gold.get("modality", "actual")), ctx)
    if name == "denominator":
        want = gold.get("denominator")
        if claim.denominator is None:
            return "missing"
        return "spurious" if want is None else "different"
    got = getattr(claim, name)
    return f"{_show(got)} → {_show(gold.get(name))}"


def _show(value: object) -> str:
    if value is None:
        return "none"
    return str(getattr(value, "value", value))


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _date_kind(predicted: date | None, gold_iso: object, ctx: _Context) -> str:
    py = str(predicted.year) if predicted is not None else None
    gy = str(gold_iso)[:4] if gold_iso else None
    baseline = _baseline_years(ctx.sentence)
    in_sentence = _years(ctx.sentence)
    before = _years(ctx.before)
    relative = bool(_lexicon().relative.search(fold(ctx.sentence)))
    if (py and py in baseline) or (gy and gy in baseline):
        return "baseline"
    if py is None:
        if gy in in_sentence:
            return "date in sentence missed"
        if gy in before:
            return "no frame"
    elif gy is None:
        if py in in_sentence:
            return "wrong date in sentence"
        if py in before:
            return "over-carried"
    else:
        if py == gy:
            return "same year, other day"
        if gy in in_sentence:
            return "wrong date in sentence"
        if gy in before:
            return "wrong frame"
    return "relative date" if relative else "date not written"


def malformed(phrase: str) -> list[str]:
    """The well-formedness checks an indicator phrase fails (lint_indicators.py's rules).

    >>> malformed("thứ hạng thứ")
    ['dangling']
    >>> malformed("tỷ lệ năm 2024")
    ['digit']
    >>> malformed("tỷ lệ hồ sơ trực tuyến mức độ 4")
    []
    """
    lex = _lexicon()
    p = fold(phrase)
    words = _WORD.findall(p)
    out = []
    if _DIGIT.search(lex.named_numbers.sub(" ", p)):
        out.append("digit")
    if lex.province_lower.search(p):
        out.append("province")
    if words and words[-1] in lex.dangling:
        out.append("dangling")
    if p in lex.bare or not words:
        out.append("bare")
    if len(words) > lex.spec.indicator.malformed.max_syllables:
        out.append("long")
    return out


def _indicator_kind(claim: Claim, gold: Mapping[str, Any], ctx: _Context) -> str:
    lex = _lexicon()
    if lex.anaphor.search(fold(claim.indicator)) or lex.anaphoric.search(fold(ctx.sentence)):
        return "anaphora"
    if _ellipsis(ctx):
        return "ellipsis"
    if gold.get("unit") in ("rank", "point") or lex.rank_or_pillar.search(
        fold(str(gold.get("indicator", "")))
    ):
        return "pillar/rank"
    flags = malformed(claim.indicator)
    if flags:
        return f"malformed: {flags[0]}"
    return _wording_kind(claim.indicator, str(gold.get("indicator", "")), ctx)


def _wording_kind(predicted: str, gold: str, ctx: _Context) -> str:
    """How a well-formed phrase differs from the gold's: by its words (token overlap).

    ``named earlier``: the gold's words are mostly not in the sentence but are in the
    sentences just before it (a list heading `Đối với chỉ tiêu …:` then `cấp tỉnh 63,8%`);
    ``too short`` / ``too long``: one phrase's words are nearly all in the other.
    """
    p, g = _WORD.findall(fold(predicted)), set(_WORD.findall(fold(gold)))
    if not g:
        return "other wording"
    here = set(_WORD.findall(fold(ctx.sentence)))
    reach = _lexicon().spec.modality.frame_reach
    earlier = set(_WORD.findall(fold(" ".join(ctx.previous_sentences(reach)))))
    if len(g & here) / len(g) < 0.5 and len(g & (here | earlier)) / len(g) >= 0.8:
        return "named earlier"
    common = len(set(p) & g)
    if p and common / len(set(p)) >= 0.8:
        return "too short"
    if common / len(g) >= 0.8:
        return "too long"
    return "other wording"


def _province_kind(claim: Claim, gold: Mapping[str, Any], ctx: _Context) -> str:
    want = gold.get("province")
    scope = gold.get("scope")
    if want is None:
        if scope == "national":
            return "national body"
        if scope == "province":
            return "group of provinces"
        return "place not told"
    named = _provinces_in(ctx.sentence)
    if claim.province is None and (
        claim.scope is Scope.NATIONAL or _lexicon().national.search(fold(ctx.sentence))
    ):
        return "national cue"
    if want in named and len(named) >= 2:
        return "list pairing"
    if want in named:
        return "place in sentence missed"
    head = _head_provinces(ctx.doc)
    if claim.province is None:
        return "no default" if want in head else "place not known"
    return "wrong default" if claim.province in head else "place not known"


def _scope_kind(claim: Claim, gold: Mapping[str, Any], ctx: _Context) -> str:
    want = gold.get("scope")
    got = claim.scope
    if want == "national":
        return "national body"
    if want == "province" and gold.get("province") is None:
        return "group of provinces"
    if want in ("district", "commune"):
        return "finer place"
    if got is Scope.NATIONAL:
        return (
            "national cue"
            if _lexicon().national.search(fold(ctx.sentence))
            else ("wrongly national")
        )
    if got in (Scope.DISTRICT, Scope.COMMUNE):
        return "finer place taken"
    if want == "unknown":
        return "gold unknown"
    return "scope not told"


def _modality_kind(got: Modality, want: str, ctx: _Context) -> str:
    lex = _lexicon()
    sentence = fold(ctx.sentence)
    if want == "target":
        if lex.target.search(sentence):
            return "target cue missed"
        earlier = ctx.previous_sentences(lex.spec.modality.frame_reach)
        if any(lex.target.search(fold(s)) for s in earlier):
            return "plan frame"
        return "no target cue"
    if want == "estimate":
        return "estimate cue missed" if lex.estimate.search(sentence) else "estimate not written"
    if got is Modality.TARGET:
        return "over-target" if lex.target.search(sentence) else "target carried"
    return "over-estimate"


# --------------------------------------------------------------------------- claims


def missed_kind(
    gold: Mapping[str, Any], start: int, end: int, claims: Sequence[Claim], doc: str
) -> str:
    """The kind of a non-optional gold claim ``doc[start:end]`` no prediction matched."""
    want = float(gold["value"])
    covering = [c for c in claims if min(end, c.value_end) - max(start, c.value_start) > 0]
    if covering:
        same = any(math.isclose(c.value, want, rel_tol=1e-6, abs_tol=1e-9) for c in covering)
        return "span taken" if same else "value differs"
    t0, t1 = _title_span(doc)
    if t0 <= start < t1:
        return "title"
    if _ellipsis(_span_context(doc, start, end)):
        return "list or ellipsis"
    return "not found"


def extra_kind(claim: Claim, gold_spans: Iterable[tuple[int, int]], doc: str) -> str:
    """The kind of a prediction no gold claim matched (``gold_spans``: every gold value span)."""
    if any(min(e, claim.value_end) - max(s, claim.value_start) > 0 for s, e in gold_spans):
        return "value differs"
    t0, t1 = _title_span(doc)
    if t0 <= claim.value_start < t1:
        return "title"
    lex = _lexicon()
    before = fold(doc[max(0, claim.value_start - 30) : claim.value_start])
    after = fold(doc[claim.value_end : claim.value_end + 30])
    if lex.identifier_before.search(before):
        return "identifier"
    if _looks_like_date(claim.value_text) and (
        "/" not in claim.value_text or lex.date_before.search(before) or not after[:1].isalpha()
    ):
        return "date or duration"
    if _BARE_NUMBER.match(claim.value_text.strip()):
        if lex.duration_after.search(after):
            return "date or duration"
        if lex.structure_after.search(after) and claim.value <= lex.spec.extras.structure_max:
            return "structure count"
        if lex.population_after.search(after):
            return "ranking population"
    return "not in gold"


def _looks_like_date(value_text: str) -> bool:
    """A year, `day/month[/year]` or `month/year` with a possible day and month.

    >>> [_looks_like_date(t) for t in ("2024", "29/5", "8/2024", "15/20", "177/177")]
    [True, True, True, False, False]
    """
    m = _DATE_LIKE.match(value_text.strip())
    if m is None:
        return False
    day, month, alone = m.group(1), m.group(2), m.group(3)
    if day is not None and month is not None:
        return 1 <= int(day) <= 31 and 1 <= int(month) <= 12
    return alone is None or 1 <= int(alone) <= 12
