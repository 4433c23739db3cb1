"""The document pass: what a careful reader carries across sentences (SPEC §2).

The sentence stages are pure functions over one sentence; each number they find
comes here as a `Local` — its own indicator phrase, the date its own sentence gives
it, its place and its clause's modality. `resolve` reads every sentence of the
article in order and decides, for each number, what the whole article says:

* **report frames** — the date the title, lead or a later sentence states for the
  figures that follow (`Kết quả DTI năm 2022: …`) dates every later figure that has
  no date of its own, across sentences and paragraphs, until another date is stated;
* …

Nothing here reads the text with a new pattern over the whole article: it combines
what the sentence stages found, so it costs a few list walks per document.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import regex

from . import _cache, _rx, dates, grammar, indicators, modality
from ._resources import load_patterns
from ._spans import DateMention, NumberMention, PlaceMention, Span
from .claim import DatePrecision, Modality, Unit
from .numbers import LIST_JOIN, plausible
from .schemas.document import DocumentFile


@dataclass(unsafe_hash=True)  # see DEVELOPERS.md, "Records in compiled modules"
class Local:
    """What the sentence stages say of one number, before the document pass."""

    sentence: Span
    mention: NumberMention
    phrase: str  # the indicator phrase of its own clause (may be a bare head)
    when: DateMention | None  # the date its own sentence gives it
    where: PlaceMention | None
    place_in_sentence: bool
    modality: Modality  # from its own clause's cues

    def __init__(
        self,
        sentence: Span,
        mention: NumberMention,
        phrase: str,
        when: DateMention | None,
        where: PlaceMention | None,
        place_in_sentence: bool,
        modality: Modality,
    ) -> None:
        self.sentence = sentence
        self.mention = mention
        self.phrase = phrase
        self.when = when
        self.where = where
        self.place_in_sentence = place_in_sentence
        self.modality = modality


@dataclass(unsafe_hash=True)  # see DEVELOPERS.md, "Records in compiled modules"
class SentenceResult:
    """One sentence of the sentence pass: its dates and its numbers."""

    span: Span
    dates: tuple[DateMention, ...]
    locals: tuple[Local, ...]

    def __init__(
        self, span: Span, dates: tuple[DateMention, ...], locals: tuple[Local, ...]
    ) -> None:
        self.span = span
        self.dates = dates
        self.locals = locals


@dataclass(unsafe_hash=True)  # see DEVELOPERS.md, "Records in compiled modules"
class Decision:
    """What the document pass decides for one number."""

    local: Local
    mention: NumberMention  # the local mention, its unit possibly read from context
    indicator: str
    when: DateMention | None
    modality: Modality

    def __init__(
        self,
        local: Local,
        mention: NumberMention,
        indicator: str,
        when: DateMention | None,
        modality: Modality,
    ) -> None:
        self.local = local
        self.mention = mention
        self.indicator = indicator
        self.when = when
        self.modality = modality


def _inert(d: DateMention) -> bool:
    return bool(getattr(d, "inert", False))


_TOKEN = _rx.compile(r"[\p{L}\p{N}]+")
_LEVEL = _rx.compile(r"(?<!\p{L})cấp (?:tỉnh|huyện|xã|sở|bộ|thành phố|quận|phường)(?!\p{L})")
# How many sentences back an antecedent may stand (`… 5 tỉnh thấp nhất lần lượt gồm:
# Bạc Liêu (7,4%), …` takes the measure of the figure a sentence before).
_ANTECEDENT_SENTENCES = 3
# A count's bare noun is looked up in at most this many earlier mentions of it, nearest
# first; what they add is at most _SPECIFIED_WORDS words (`của` aside).
_SPECIFIED_TRIES = 6
_SPECIFIED_WORDS = 6
_DIGIT = _rx.compile(r"\d")


def _words_alt(words: Sequence[str]) -> str:
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    body = "|".join(regex.escape(w).replace("\\ ", r"\s+") for w in ordered)
    return rf"(?<![\p{{L}}\p{{N}}])(?:{body})(?![\p{{L}}\p{{N}}])"


@dataclass(frozen=True, slots=True)
class _WordList:
    """A list of words (`patterns/document.yaml`), as whole words in any case."""

    blind: _rx.Pattern  # case-blind, for a text whose lower case changes its length
    lower: _rx.Pattern  # the words lower-cased, for the lower-cased text
    firsts: tuple[str, ...]  # the first syllable of each word, lower-cased

    @staticmethod
    def of(words: Sequence[str]) -> _WordList:
        return _WordList(
            _cache.compile(_words_alt(words), regex.IGNORECASE),
            _cache.compile(_words_alt([w.lower() for w in words])),
            tuple(sorted({w.lower().split()[0] for w in words if w.strip()})),
        )

    def found(self, text: str, low: str, a: int, b: int) -> bool:
        """Whether one of the words stands in ``text[a:b]``.

        In ``low`` (``text`` lower-cased, same length, else '') the lower-cased pattern
        is tried only where a word's first syllable stands (`str.find`): a match starts
        nowhere else, and the pattern, whose look-behind opens every alternative, costs
        as much at each other position as at these. Else the case-blind one searches
        ``text``.
        """
        if not low:
            return self.blind.search(text, a, b) is not None
        return any(self.lower.match(low, at, b) is not None for at in self._starts(low, a, b))

    def _starts(self, low: str, a: int, b: int) -> Iterator[int]:
        """Where a first syllable stands in ``low[a:b]``, first syllable by first syllable."""
        for first in self.firsts:
            at = low.find(first, a, b)
            while at >= 0:
                yield at
                at = low.find(first, at + 1, b)

    def finditer(self, text: str, low: str) -> Iterator[regex.Match[str]]:
        """Every match of the words in ``text``, as ``blind.finditer(text)`` gives them:
        the lower-cased pattern tried in ``low`` where a first syllable stands, in text
        order, each after the end of the match before it (the match's text is then
        lower case)."""
        if not low:
            yield from self.blind.finditer(text)
            return
        done = 0
        for at in sorted(set(self._starts(low, 0, len(low)))):
            if at >= done:
                m = self.lower.match(low, at)
                if m is not None:
                    yield m
                    done = m.end()


@dataclass(frozen=True, slots=True)
class _Lexicon:
    indices: _WordList  # every index name
    index_heads: tuple[str, ...]  # the lower-cased first words of every index name
    index_of: dict[str, str]  # lower-cased name -> phrase
    pillar_re: _rx.Pattern
    plans: _WordList  # the words that name a plan (`mục tiêu`, `đề án`)
    plan_name_re: _rx.Pattern
    results: _WordList  # the words that report results (`kết quả`, `đã`)
    continuation_re: _rx.Pattern
    kind_stops: frozenset[str]
    statistic_re: _rx.Pattern
    generic_index_re: _rx.Pattern
    anaphor_re: _rx.Pattern
    anaphor_words: tuple[str, ...]  # the demonstratives, a cheap test before the regex
    bare_anaphor_heads: frozenset[str]
    history_re: _rx.Pattern
    quoted_re: _rx.Pattern
    change_from: _rx.Pattern
    paren_after_baseline: _rx.Pattern
    change_to: _rx.Pattern
    baseline_cues: tuple[str, ...]
    bare: frozenset[str]
    fillers: frozenset[str]


@functools.cache
def _lexicon() -> _Lexicon:
    spec = load_patterns("document.yaml", DocumentFile)
    index_of = {n.lower(): ix.phrase for ix in spec.indices for n in ix.names}
    # the first two words of each name: `chỉ số`, `dti`, `par index` (one is too common)
    heads = {" ".join(n.split()[:2]) for n in index_of}
    return _Lexicon(
        indices=_WordList.of(list(index_of)),
        index_heads=tuple(sorted(heads)),
        index_of=index_of,
        pillar_re=_cache.compile(_words_alt(spec.pillars), regex.IGNORECASE),
        plans=_WordList.of(spec.plan_openers),
        plan_name_re=_cache.compile(_words_alt(spec.plan_names), regex.IGNORECASE),
        results=_WordList.of(spec.results),
        kind_stops=frozenset(w.lower() for w in spec.kind_stops),
        continuation_re=_cache.compile(
            r"\s*(?:" + _words_alt(spec.continuations) + r")\s*,", regex.IGNORECASE
        ),
        statistic_re=_cache.compile(_words_alt(spec.statistics), regex.IGNORECASE),
        generic_index_re=_cache.compile(spec.generic_index, regex.IGNORECASE),
        anaphor_re=_cache.compile(
            rf"(?P<head>{_words_alt(spec.anaphor_heads)})\s+{_words_alt(spec.anaphors)}",
            regex.IGNORECASE,
        ),
        anaphor_words=tuple(sorted({a.split()[-1] for a in spec.anaphors})),
        bare_anaphor_heads=frozenset(spec.bare_anaphor_heads),
        history_re=_cache.compile(
            rf"[\s\-–—•*\"“]*(?:{_words_alt(spec.openers)}\s*,?\s*)?{_words_alt(spec.history)}",
            regex.IGNORECASE,
        ),
        quoted_re=_cache.compile(
            rf"{_words_alt(spec.quoted_name_cues)}\s*[“\"'‘]\s*(?P<name>[^”\"'’\n]{{3,100}}?)\s*[”\"'’]",
            regex.IGNORECASE,
        ),
        change_from=_cache.compile(spec.change_from, regex.IGNORECASE),
        paren_after_baseline=_cache.compile(spec.paren_after_baseline, regex.IGNORECASE),
        change_to=_cache.compile(spec.change_to, regex.IGNORECASE),
        baseline_cues=tuple(c.lower() for c in spec.baseline_cues),
        bare=frozenset(spec.bare_heads),
        fillers=frozenset(w for f in [*spec.fillers, *spec.anaphors] for w in f.split()),
    )


def _index_phrase(name: str) -> str:
    return _lexicon().index_of.get(" ".join(name.lower().split()), name)


def _names_measure(phrase: str) -> bool:
    """False for a phrase that names no measure: a bare head (`tỷ lệ`) with only place
    names, level words, anaphors or function words after it (`tỷ lệ tỉnh Hà Nam`,
    `thứ hạng vẫn`, `tỷ lệ này`, `điểm trung bình của địa phương này`).

    >>> _names_measure("tỷ lệ hồ sơ trực tuyến"), _names_measure("tỷ lệ tỉnh Hà Nam")
    (True, False)
    """
    lex = _lexicon()
    words = phrase.split()
    for n in (2, 1):  # drop the head (`tỷ lệ`, `số`)
        if len(words) >= n and " ".join(words[:n]).lower() in lex.bare:
            words = words[n:]
            break
    for tok in _TOKEN.findall(" ".join(words)):
        if tok[:1].isupper() or tok[:1].isdigit():
            continue  # a name (`Hà Nam`, `Bộ Công Thương`) or a number
        if tok.lower() not in lex.fillers:
            return True
    return False


def _with_level(measure: str, clause: str) -> str:
    """The measure at the administrative level its clause names last (`cấp tỉnh đạt 63,8%`
    after `tỷ lệ hồ sơ trực tuyến` → `tỷ lệ hồ sơ trực tuyến cấp tỉnh`).

    >>> _with_level("tỷ lệ hồ sơ trực tuyến cấp tỉnh", "; cấp huyện đạt ")
    'tỷ lệ hồ sơ trực tuyến cấp huyện'
    """
    levels = _LEVEL.findall(clause)
    if not levels:
        return measure
    return f"{' '.join(_LEVEL.sub('', measure).split())} {levels[-1]}"


@dataclass
class _Indicators:
    """What the article has named so far: its index and its measures, in text order."""

    text: str
    index: str | None = None  # the index the article last named (`PAR Index` → its phrase)
    recent: list[tuple[int, Unit, str]] = dataclasses.field(default_factory=list)
    # Every index name of the article, (start, end, phrase), found in one scan: most
    # articles name none, and a scan per figure would read each sentence again.
    names: list[tuple[int, int, str]] = dataclasses.field(default_factory=list)
    _starts: list[int] = dataclasses.field(default_factory=list)
    # The article's sentences, and their starts (to find the sentence of an offset).
    sentences: Sequence[Span] = ()
    _sentence_starts: list[int] = dataclasses.field(default_factory=list)
    _low: str = ""  # the article lower-cased ('' when that would not keep its length: `İ`)
    _kinds: dict[tuple[int, str], list[str] | None] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        self._sentence_starts = [sp.start for sp in self.sentences]
        lex = _lexicon()
        low = self.text.lower()
        self._low = low if len(low) == len(self.text) else ""
        if not any(head in low for head in lex.index_heads):
            return  # no index name can stand in the text (a few scans for literals)
        self.names = [
            (im.start(), im.end(), _index_phrase(im.group()))
            for im in lex.indices.finditer(self.text, self._low)
        ]
        self._starts = [n[0] for n in self.names]

    def _last_index(self, lo: int, hi: int) -> str | None:
        """The last index named wholly within ``lo:hi``."""
        i = bisect.bisect_left(self._starts, hi) - 1
        while i >= 0 and self.names[i][1] > hi:
            i -= 1
        return self.names[i][2] if i >= 0 and self.names[i][0] >= lo else None

    def _first_index(self, lo: int, hi: int) -> str | None:
        """The first index named wholly within ``lo:hi``."""
        i = bisect.bisect_left(self._starts, lo)
        if i < len(self.names) and self.names[i][1] <= hi:
            return self.names[i][2]
        return None

    def decide(
        self, sentence_no: int, loc: Local, prev_end: int, next_start: int
    ) -> tuple[str, NumberMention]:
        """The indicator of ``loc`` and its mention (unit read from context).

        ``prev_end`` / ``next_start``: where the sentence's previous figure ends and its
        next one starts — the stretch of text this figure's own clause can name.
        """
        lex = _lexicon()
        m = loc.mention
        phrase = loc.phrase
        lo = max(loc.sentence.start, prev_end)
        pillar = index = None
        fraction = m.unit is Unit.COUNT and not m.counted and m.value != int(m.value)
        if m.unit in (Unit.RANK, Unit.POINT) or fraction:
            # only a rank or a score measures a pillar: no other figure reads for one
            for pm in lex.pillar_re.finditer(self.text, lo, m.span.start):
                pillar = f"chỉ số {pm.group().lower()}"
        # An index is the topic of all that follows it in its sentence (`Chỉ số Sipas giảm
        # khá sâu (8,12%), từ 90,30% xuống 82,18%`); a pillar only of its own clause.
        index = self._last_index(loc.sentence.start, m.span.start)
        if index is None:
            # `đứng thứ 2 bảng xếp hạng PCI`: the index named after the figure in its clause
            index = self._first_index(m.span.end, next_start)
        if index is not None:
            self.index = index
        frame_index = self.index
        if frame_index is None:
            # `Với 0,5064 điểm, Ninh Bình … trong bảng xếp hạng DTI`: before any index of
            # the article, the one its sentence names later
            frame_index = self._first_index(m.span.end, loc.sentence.end)
        # A count names what it counts (`10 tỉnh` → `số tỉnh`), even a place word; so
        # does a share of the things named right after it (`90% hộ gia đình, 100% xã`).
        named = bool(m.counted) or _names_measure(phrase) or _share_of_next(self.text, m, phrase)
        if m.counted and phrase == f"số {m.counted}":
            # `Bộ Y tế … 14,58 triệu lượt truy cập, … (6,8 triệu lượt)`: the count of the
            # same things counted just before, said in full there
            phrase = self._fuller(sentence_no, phrase) or phrase
        if m.counted and phrase.startswith(f"số {m.counted.lower()}"):
            phrase = self._specified(loc, m.counted.lower(), phrase) or phrase
        unit = m.unit
        if (
            unit is Unit.COUNT
            and not m.counted
            and m.value != int(m.value)
            and (pillar or index or (frame_index and not named))
        ):
            # `Tổng điểm … cao hơn 0,105`, `đạt 84,79`: a fraction of one is a score here
            unit = Unit.POINT
            m = dataclasses.replace(m, unit=unit)
        if unit in (Unit.RANK, Unit.POINT):
            own = named and _opens_with_measure(phrase, unit)
            measure = pillar or index or (None if own else frame_index)
            if measure is not None:
                phrase = f"thứ hạng {measure}" if unit is Unit.RANK else measure
                named = True
            elif not own and not _topical(phrase) and not grammar.well_formed(phrase):
                # debris of the clause (`điểm cụ thể, em A`): the antecedent's measure,
                # else the bare head, the last resort (SPEC §2)
                phrase = self._antecedent(sentence_no, unit, "") or (
                    "thứ hạng" if unit is Unit.RANK else "điểm"
                )
                named = phrase not in ("thứ hạng", "điểm")
        elif unit is Unit.PERCENT and index is not None:
            if not named or lex.indices.blind.search(phrase) is not None:
                # `Chỉ số Sipas giảm …, từ 90,30% xuống 82,18%`: the index's own value
                phrase, named = index, True
        quoted = None
        before = self.text[loc.sentence.start : m.span.start]
        if any(q in before for q in _QUOTES):
            for qm in lex.quoted_re.finditer(self.text, loc.sentence.start, m.span.start):
                quoted = qm.group("name")
        # the level the clause names right before the value (`cấp huyện 60%`)
        clause = self.text[lo : m.span.start]
        if quoted is not None and unit in (Unit.PERCENT, Unit.COUNT, Unit.POINT):
            phrase, named = _with_level(_named_measure(quoted, unit), clause), True
        stat = lex.statistic_re.match(phrase)
        own_index = index or frame_index
        if stat is not None and own_index is not None:
            # what the statistic is of, up to a linking verb (`… toàn quốc đạt mức cao`)
            of = _LINK.split(phrase[stat.end() :], 1)[0]
            if not _names_measure(of):
                # `Giá trị trung bình toàn quốc đạt 88,37%` in a report on an index
                phrase, named = f"{stat.group().lower()} {own_index}", True
        if (
            unit is Unit.PERCENT
            and own_index is not None
            and lex.generic_index_re.search(self.text, lo, m.span.start) is not None
        ):
            # `63 tỉnh đều đạt chỉ số trên 80%`: `chỉ số` alone is the index reported on
            phrase, named = own_index, True
        anaphor = None
        low = self._low[loc.sentence.start : m.span.start] if self._low else before.lower()
        if any(w in low for w in lex.anaphor_words):
            anaphor = lex.anaphor_re.search(self.text, loc.sentence.start, m.span.start)
        if anaphor is not None and (not named or lex.anaphor_re.search(phrase)):
            # `tỷ lệ này`, `Con số này tăng 27%`, `Ở chỉ số này, … xếp thứ 18`: the measure
            # named before, whatever unit this figure has
            found = self._referent(sentence_no, anaphor.group("head").lower())
            if found is not None:
                phrase = (
                    f"thứ hạng {found}"
                    if unit is Unit.RANK and not found.startswith("thứ hạng")
                    else found
                )
                phrase, named = _with_level(phrase, clause), True
        if not named:
            found = self._antecedent(sentence_no, unit, clause)
            if found is None and frame_index is not None and unit is Unit.PERCENT:
                found = frame_index
            if found is not None:
                phrase, named = found, True
        if grammar.ends_in_anaphor(phrase):
            # an anaphor nothing above resolved points at what it counts (`số cầu thủ này`)
            phrase = grammar.without_anaphor(phrase) or phrase
        if named:
            self.recent.append((sentence_no, unit, phrase))
        return phrase, m

    def read(self, sr: SentenceResult) -> None:
        """After the sentence ``sr``: the last index it names is the article's current one
        (`1.1. Chỉ số CCHC (PAR Index)` heads the figures after it)."""
        last = self._last_index(sr.span.start, sr.span.end)
        if last is None or last == self.index:
            return
        if self.index is not None and self._names(sr.span.start, sr.span.end, self.index):
            # `… công bố kết quả chỉ số CCHC và Chỉ số hài lòng (Sipas) năm 2022` under the
            # heading `1.1. Chỉ số CCHC`: naming both, the sentence keeps the heading's
            return
        self.index = last

    def _names(self, lo: int, hi: int, index: str) -> bool:
        """True when ``index`` is named wholly within ``lo:hi``."""
        i = bisect.bisect_left(self._starts, lo)
        while i < len(self.names) and self.names[i][1] <= hi:
            if self.names[i][2] == index:
                return True
            i += 1
        return False

    def _referent(self, sentence_no: int, head: str) -> str | None:
        """The measure an anaphor (`tỷ lệ này`, `chỉ số này`, `con số này`) stands for:
        the latest one named with the same head, or any for a head that names none."""
        for no, _u, phrase in reversed(self.recent):
            if sentence_no - no > _ANTECEDENT_SENTENCES:
                break
            if phrase.startswith("thứ hạng "):
                phrase = phrase[len("thứ hạng ") :]
            if head in _lexicon().bare_anaphor_heads or phrase.startswith(head):
                return phrase
        return None

    def _fuller(self, sentence_no: int, phrase: str) -> str | None:
        for no, u, earlier in reversed(self.recent):
            if sentence_no - no > _ANTECEDENT_SENTENCES:
                break
            if u is Unit.COUNT and earlier.startswith(phrase + " "):
                return earlier
        return None

    def _specified(self, loc: Local, counted: str, phrase: str) -> str | None:
        """A count of a bare noun, with what the article said of that noun before it
        (SPEC §2, ellipsis): after `Phát huy vai trò Tổ công nghệ số cộng đồng`, `với 998
        tổ` counts `tổ công nghệ số cộng đồng`; after `… 11 lớp tập huấn kỹ năng số`,
        `chia thành 11 lớp` counts those classes. The nearest earlier mention of the noun
        that says more of it wins; a name after the noun (`xã Ia Pnôn`) says which one,
        not what kind, and is passed over.

        ``phrase``: the count's own phrase, `số` + the noun (+ a verb or place phrase:
        `số lớp chia thành`); what follows the noun is kept after the added words."""
        m = loc.mention
        rest = phrase[len(f"số {counted}") :].strip()
        rest_checked = not rest
        for at in self._mentions(counted, m.span.start):
            if m.counted_span is not None and at == m.counted_span.start:
                continue
            after = _WORD_AFTER.match(self.text, at + len(counted))
            if after is None or _names_one(after.group(1)):
                continue  # nothing says more of it (`30 học viên.`), or a name (`xã Ia Pnôn`)
            if not rest_checked:
                # (read once a mention could serve: it POS-tags the rest)
                if not indicators.opens_clause(rest):
                    return None  # the clause says what kind itself (`số sản phẩm OCOP`)
                rest_checked = True
            more = self._kind_at(at, counted)
            if more is None or {w.lower() for w in more} & set(rest.lower().split()):
                continue  # nothing said, or said already (`số cán bộ chiến sĩ`)
            if self._counts_kinds(loc.sentence, counted, m):
                # `tiếp nhận 23.233 hồ sơ, với 6.596 hồ sơ trực tuyến`: beside a count of
                # one kind of it, the bare noun is the whole, not that kind
                return None
            return f"số {counted} {' '.join(more)} {rest}".strip()
        return None

    def _counts_kinds(self, sentence: Span, counted: str, m: NumberMention) -> bool:
        """True when ``sentence`` also counts ``counted`` of a kind (`6.596 hồ sơ trực
        tuyến`), not only bare (the count ``m`` itself is passed over)."""
        for at in self._word_positions(counted, sentence.start, sentence.end):
            own = m.counted_span is not None and at == m.counted_span.start
            if not own and _COUNT_BEFORE.search(self.text, max(0, at - 20), at):
                if self._kind_at(at, counted) is not None:
                    return True
        return False

    def _kind_at(self, at: int, counted: str) -> list[str] | None:
        """`_kind`, once per mention (an article counts the same noun again and again)."""
        key = (at, counted)
        if key not in self._kinds:
            after = _WORD_AFTER.match(self.text, at + len(counted))
            if (
                after is None
                or _names_one(after.group(1))
                or after.group(1).lower() in _lexicon().kind_stops
            ):
                # nothing after it, a name (`xã Ia Pnôn`) or a function word (`hồ sơ đã`)
                self._kinds[key] = None
            else:
                self._kinds[key] = self._kind(at, counted)
        return self._kinds[key]

    def lowered(self) -> str:
        """The article lower-cased ('' when that would not keep its length: `İ`): one
        `lower()` per article for every case-blind scan of the document pass."""
        return self._low

    def _kind(self, at: int, counted: str) -> list[str] | None:
        """The words after the noun ``counted`` at ``at`` that say which kind it is, when
        they do (`tổ` + `công nghệ số cộng đồng`)."""
        k = bisect.bisect_right(self._sentence_starts, at) - 1
        if k < 0:
            return None
        sentence = _window(self.text, self.sentences[k], at, at + len(counted))
        np = indicators.noun_phrase_at(self.text, sentence, at, counted)
        more = np[len(counted) :].split()
        said = [w for w in more if w.lower() != "của"]  # `thành viên của Tổ …`
        if not said or len(said) > _SPECIFIED_WORDS or _DIGIT.search(np):
            return None
        if not indicators.names_thing(self.text, sentence, at + len(counted), at + len(np)):
            return None  # only what it is like (`quả tốt`, `đội bóng lớn`): not a kind
        fuller = f"số {counted} {' '.join(more)}"
        if not _names_measure(f"số {' '.join(more)}") or not grammar.well_formed(fuller):
            return None
        return more

    def _mentions(self, words: str, end: int) -> list[int]:
        """Where ``words`` stand as whole words before ``end``, the last
        `_SPECIFIED_TRIES` of them, nearest first."""
        return list(itertools.islice(self._word_positions(words, 0, end), _SPECIFIED_TRIES))

    def _word_positions(self, words: str, lo: int, hi: int) -> Iterator[int]:
        """Where ``words`` stand as whole words within ``lo:hi``, last first (a scan of
        the lower-cased article; no pattern is compiled per noun)."""
        low, n = self._low, len(words)
        if not low:  # the regex reads the original text instead
            yield from reversed([h.start() for h in _word_re(words).finditer(self.text, lo, hi)])
            return
        at = low.rfind(words, lo, hi)
        while at >= 0:
            if (at == 0 or not low[at - 1].isalnum()) and (
                at + n >= len(low) or not low[at + n].isalnum()
            ):
                yield at
            at = low.rfind(words, lo, at)

    def _antecedent(self, sentence_no: int, unit: Unit, local: str) -> str | None:
        for no, u, phrase in reversed(self.recent):
            if sentence_no - no > _ANTECEDENT_SENTENCES:
                break
            if u is unit or (u in _MONEY and unit in _MONEY):
                # money in two currencies is one amount (`30 triệu USD (khoảng 700 tỷ đồng)`)
                return _with_level(phrase, local)
            if no == sentence_no and unit is Unit.PERCENT and u is Unit.COUNT:
                # `6.596 hồ sơ trực tuyến (đạt tỷ lệ 28,39%)`: the share of what was counted
                head, _, rest = phrase.partition(" ")
                share = f"tỷ lệ {rest}"
                if head == "số" and _names_measure(share):
                    return _with_level(share, local)
        return None


_QUOTES = ("“", '"', "‘", "'")
# The verbs that end what a statistic is of: `giá trị trung bình toàn quốc đạt …`.
_LINK = _rx.compile(r"(?<!\p{L})(?:đạt|là|tăng|giảm|ở mức|có)(?!\p{L})")
_MONEY = frozenset({Unit.VND, Unit.USD})
_NEXT_WORD = _rx.compile(r"\s+(\p{Ll}+)")


def _names_one(word: str) -> bool:
    """A capitalised word after a noun names one thing (`xã Ia Pnôn`, `Bộ Y tế`); an
    acronym of two or more capitals may name a kind (`thành viên TCNSCĐ`, `sản phẩm OCOP`).

    >>> _names_one("Ia"), _names_one("Y"), _names_one("OCOP"), _names_one("công")
    (True, True, False, False)
    """
    return word[:1].isupper() and not (len(word) > 1 and word.isupper())


# A number right before a noun: the noun is counted there (`6.596 hồ sơ`, `có 12 tổ`).
_COUNT_BEFORE = _rx.compile(r"\d\s*\Z")
# A word after a noun, which may say what kind it is (`tổ công nghệ số`).
_WORD_AFTER = _rx.compile(r"[ \t]+(\p{L}+)")
# How far around a noun `_window` reads: two words before it (what it may follow), and
# enough after it for the longest kind `_specified` takes.
_WINDOW_BEFORE_WORDS = 2
_WINDOW_AFTER_CHARS = 80


def _window(text: str, sentence: Span, start: int, end: int) -> Span:
    """The part of ``sentence`` around the noun at ``start:end`` that `_specified` reads:
    POS-tagging it costs a fraction of tagging the whole sentence."""
    lo = start
    for _ in range(_WINDOW_BEFORE_WORDS):
        j = text.rfind(" ", sentence.start, max(sentence.start, lo - 1))
        lo = sentence.start if j < 0 else j + 1
    hi = min(sentence.end, end + _WINDOW_AFTER_CHARS)
    if hi < sentence.end:
        j = text.rfind(" ", end, hi)
        hi = j if j > end else hi
    return Span(lo, hi)


@functools.lru_cache(maxsize=256)
def _word_re(words: str) -> _rx.Pattern:
    """``words`` as whole words, any case (`tổ` matches `Tổ`, not `tổng`)."""
    return _rx.compile(rf"(?<!\p{{L}}){regex.escape(words)}(?!\p{{L}})", regex.IGNORECASE)


def _share_of_next(text: str, m: NumberMention, phrase: str) -> bool:
    """A percentage whose phrase is the share of the word right after it (`100% xã`)."""
    if m.unit is not Unit.PERCENT:
        return False
    nxt = _NEXT_WORD.match(text, m.span.end)
    words = phrase.split()
    return nxt is not None and len(words) > 2 and words[2] == nxt.group(1)


def _opens_with_measure(phrase: str, unit: Unit) -> bool:
    """A rank or score phrase that names its own measure after its head
    (`thứ hạng tỷ lệ hồ sơ trực tuyến`, `điểm chỉ số cải cách hành chính`), not debris
    of its clause (`thứ hạng , Bắc Giang có tổng điểm`)."""
    lex = _lexicon()
    rest = phrase
    for head in ("thứ hạng", "điểm"):
        if rest.startswith(head + " "):
            rest = rest[len(head) + 1 :]
            break
    words = rest.split()
    if not words or (rest is phrase and words[0] == "số"):
        return False  # `số …` counts: a count's phrase, not a score's or a rank's
    first2 = " ".join(words[:2]).lower()
    if first2 in lex.bare or words[0].lower() in lex.bare:
        return True
    return bool(lex.indices.blind.match(rest) or lex.pillar_re.match(rest))


def _named_measure(name: str, unit: Unit) -> str:
    """The indicator of a figure whose clause quotes its measure's name
    (`chỉ tiêu “Thanh toán trực tuyến” … 35%` → `tỷ lệ thanh toán trực tuyến`)."""
    name = " ".join(name.split())
    if name[:1].isupper() and not name[1:2].isupper():
        name = name[0].lower() + name[1:]
    low = name.lower()
    if unit is Unit.PERCENT and not low.startswith(("tỷ lệ", "tỉ lệ", "tỷ trọng", "chỉ số")):
        return f"tỷ lệ {name}"
    if unit is Unit.COUNT and not low.startswith(("số ", "số lượng", "tổng số")):
        return f"số {name}"
    return name


def _topical(phrase: str) -> bool:
    """A rank phrase the indicator stage made from the article's topic alone."""
    return phrase in indicators.topic_phrases()


# The title and lead: where an article says whose figures it reports and for when.
_LEAD_SENTENCES = 5
_LEAD_CHARS = 1200
# A line of fewer words is page furniture (`No title...`, `Lượt xem: 43`), not the lead.
_LEAD_MIN_WORDS = 4


def _dates_read(text: str, sr: SentenceResult) -> tuple[DateMention | None, list[DateMention]]:
    """(the date this sentence states for its figures and what follows, its plan dates).

    A plan date is a plan's own (`Phấn đấu đến năm 2025, …`). The stated date is the
    last date of the sentence that dates figures (not a comparison baseline, not a
    plan's name) and is not a plan date: in `Sáng ngày 19/4/2023, Bộ … công bố kết quả
    chỉ số năm 2022` the report is of 2022. Read once per sentence, for the report frame
    and the plan frame alike.
    """
    live = [d for d in sr.dates if not _inert(d)]
    plans = [d for d in live if _plan_date(text, sr, d)]
    stated = next((d for d in reversed(live) if not any(d is p for p in plans)), None)
    return stated, plans


# A line that opens a list item: `- `, `+ `, `• `, `1. `, `a) `.
_LIST_ITEM = _rx.compile(r"\s*(?:[-+•*–—]|\d{1,2}[.)]|\p{Ll}\))\s")

# How far before `đến năm 2025` the name of the plan it ends may start.
_PLAN_NAME_REACH = 80


def _plan_date(text: str, sr: SentenceResult, d: DateMention) -> bool:
    """A plan's own date: a target cue governs it (`Phấn đấu đến năm 2025, …`).

    A month or a quarter is a reporting period even where a target word stands near
    (`kết quả thực hiện các chỉ tiêu trong tháng 10/2023`): plans name years.
    """
    if d.relative:
        return False  # `đến nay`, `hiện nay`: now is never a plan's horizon
    if d.precision in (DatePrecision.MONTH, DatePrecision.QUARTER, DatePrecision.DAY):
        if d.period_start is not None:
            return False
    if d.period_start is None and d.precision is DatePrecision.YEAR:
        # `Nghị quyết về chuyển đổi số đến năm 2025`, `Đề án … tới năm 2030`: the
        # horizon of a named plan, however the sentence goes on
        before = text[max(sr.span.start, d.span.start - _PLAN_NAME_REACH) : d.span.start]
        if _lexicon().plan_name_re.search(before) is not None:
            return True
    return modality.modality_for(text, sr.span, d.span) is Modality.TARGET


def _changes_from(text: str, loc: Local) -> bool:
    """The value is the first of `từ X lên Y` (`từ vị trí 15 lên 13`): the level before
    the change, the baseline's (SPEC §2: a figure given for the baseline itself)."""
    lex = _lexicon()
    v = loc.mention.span
    lo = max(loc.sentence.start, v.start - 30)
    hi = min(loc.sentence.end, v.end + 30)
    return bool(lex.change_from.search(text, lo, v.start) and lex.change_to.match(text, v.end, hi))


# A measure word that makes a bare number a rank: `các thứ hạng … lần lượt là 11, 24, 19`.
_RANK_WORDS = _rx.compile(r"(?<!\p{L})(?:thứ hạng|xếp hạng)(?!\p{L})", regex.IGNORECASE)


def _lists(text: str, locals_: Sequence[Local]) -> tuple[Local, ...]:
    """The sentence's figures, members of a list reading their unit from the list.

    A bare number in a list takes the unit and counted noun of the member that states
    them (SPEC §2, ellipsis): `0,6215; 0,4470 và 0,5102 điểm` are three scores,
    `thứ 6 và 12` two ranks, `48.300, 61.900 và 105.400 hồ sơ` three counts of hồ sơ.
    """
    out = list(locals_)
    groups: list[list[int]] = []
    for k, loc in enumerate(out):
        if k and LIST_JOIN.fullmatch(text, out[k - 1].mention.span.end, loc.mention.span.start):
            groups[-1].append(k)
        else:
            groups.append([k])
    for g in groups:
        if len(g) < 2:
            continue
        stated = [k for k in g if out[k].mention.unit is not Unit.COUNT or out[k].mention.counted]
        for k in g:
            m = out[k].mention
            if m.unit is not Unit.COUNT or m.counted:
                continue
            after = [j for j in stated if j > k]
            before = [j for j in stated if j < k]
            src = after[0] if after else before[-1] if before else None
            if src is not None and not plausible(m.value, out[src].mention.unit):
                # `2300000 và 4,5%`: no percentage, whatever the list; it stays a number
                continue
            if src is not None:
                s = out[src].mention
                m = dataclasses.replace(m, unit=s.unit, counted=s.counted)
            elif _RANK_WORDS.search(text, out[g[0]].sentence.start, out[g[0]].mention.span.start):
                m = dataclasses.replace(m, unit=Unit.RANK)
            else:
                continue
            out[k] = dataclasses.replace(out[k], mention=m)
    return tuple(out)


def _given_for(text: str, base: DateMention, loc: Local) -> bool:
    """The value stands in parentheses right after a baseline (`giảm 4 bậc so với năm 2022
    (xếp thứ 21)`, `tăng 1,92% so với năm 2022 (83,55%)`): the baseline's own figure."""
    v = loc.mention.span
    if not base.span.end <= v.start <= base.span.end + 24:
        return False
    return _lexicon().paren_after_baseline.fullmatch(text, base.span.end, v.start) is not None


def _same_date(a: DateMention | None, b: DateMention | None) -> bool:
    return a is not None and b is not None and a.as_of == b.as_of


def resolve(text: str, sentences: Sequence[SentenceResult]) -> Iterator[Decision]:
    """A `Decision` per number of ``sentences``, in text order."""
    # The report frame: a date of the title or lead dates every later figure without
    # a date of its own until the text states another one (SPEC §2, report frames).
    report: DateMention | None = None
    # A date carried the old way: a sentence opening `Tính đến quý III năm 2022, …`
    # frames the sentences after it until its paragraph ends.
    carried: DateMention | None = None
    lead_start = sentences[0].span.start if sentences else 0
    lead_seen = 0  # sentences of the title and lead read so far
    measures = _Indicators(text, sentences=[sr.span for sr in sentences])
    plan = _Plan()
    baseline: tuple[int, DateMention] | None = None  # (sentence number, date)
    # The edition of each index the title or lead reports (`Chỉ số PCI năm 2022`): a
    # later rank or score of that index without a date of its own is of that edition,
    # though other dates have come between (`Hậu Giang (tăng 26 bậc, đứng thứ 12)`).
    editions: dict[str, DateMention] = {}
    for i, sr in enumerate(sentences):
        prev_end = sr.span.start
        stated, plan_dates = _dates_read(text, sr) if sr.dates else (None, [])
        plan.read(text, measures.lowered(), sr, stated, plan_dates)
        for d in sr.dates:
            if _inert(d) and text[d.span.start : d.span.end].lower().startswith(
                _lexicon().baseline_cues
            ):
                baseline = (i, d)
        in_lead = False
        if lead_seen <= _LEAD_SENTENCES and sr.span.start - lead_start <= _LEAD_CHARS:
            # only the lead's sentences are counted: the rest of the article never is
            if len(text[sr.span.start : min(sr.span.end, sr.span.start + 200)].split()) >= (
                _LEAD_MIN_WORDS
            ):
                lead_seen += 1
            in_lead = lead_seen <= _LEAD_SENTENCES
        if (sr.locals or report is not None or carried is not None) and _lexicon().history_re.match(
            text, sr.span.start, sr.span.end
        ):
            # `Trước đây, tỉnh nhiều năm liền …`: the text turns to earlier history
            report = carried = None
            editions.clear()
        for k, loc in enumerate(_lists(text, sr.locals)):
            mod = plan.modality(loc)
            when = loc.when or (plan.date if mod is Modality.TARGET else None)
            if when is None and in_lead and mod is Modality.ACTUAL and stated is not None:
                # `Với 0,5064 điểm, Ninh Bình đứng thứ 6 trong bảng xếp hạng DTI năm 2021`:
                # the title or lead states the report's date for the whole sentence
                when = stated
            when = when or carried or report
            if (
                baseline is not None
                and i - baseline[0] <= 1
                and (_changes_from(text, loc) or _given_for(text, baseline[1], loc))
            ):
                when = baseline[1]
            nxt = sr.locals[k + 1].mention.span.start if k + 1 < len(sr.locals) else sr.span.end
            phrase, mention = measures.decide(i, loc, prev_end, nxt)
            if when is None and mod is Modality.ACTUAL and editions:
                when = next((d for name, d in editions.items() if name in phrase), None)
            prev_end = loc.mention.span.end
            yield Decision(loc, mention, phrase, when, mod)
        # A date the text leaves without a year (`Thông tin từ Bộ … ngày 14/7 cho biết`,
        # `so với các kỳ báo cáo tháng 7`) is the news event's day or an aside: it
        # neither frames nor ends a report. `hiện nay` without a publication date does.
        if stated is not None and (stated.as_of is not None or stated.precision is None):
            if in_lead:
                report = stated
            elif not _same_date(stated, report):
                report = None  # another date ends the report
        carried = dates.carry(text, sr.span, list(sr.dates), carried)
        if in_lead and stated is not None and stated is report and not plan.open:
            # `Chỉ số PCI năm 2022 …`: the lead names the index and its year together
            named = measures._last_index(sr.span.start, sr.span.end)
            if named is not None:
                editions[named] = stated
        measures.read(sr)
        plan.end_sentence(text, sr)


@dataclass
class _Plan:
    """A plan frame (SPEC §2): `Mục tiêu đến năm 2025: …`, `Phấn đấu đến năm 2030, …`.

    A sentence that names a plan (`mục tiêu`, `đề án` …) and holds a target figure or
    a date opens it; the figures of the sentences after it are the plan's targets,
    dated to its year, until a sentence reports results (`kết quả đạt`, `đã`, `hiện
    nay`) or states a date that is not the plan's.
    """

    open: bool = False
    date: DateMention | None = None
    _here: bool = False  # the current sentence opened (or renewed) the frame
    # The date of the article's last plan, until the text reports results or states
    # another date: `Kế hoạch cũng đề ra các mục tiêu cụ thể …` goes back to it.
    last: DateMention | None = None

    def read(
        self,
        text: str,
        low: str,
        sr: SentenceResult,
        stated: DateMention | None,
        plan_dates: Sequence[DateMention],
    ) -> None:
        """Update the frame with the sentence ``sr`` before its figures are decided;
        ``stated`` is the date it states for what follows and ``plan_dates`` its plans'
        own dates (`_dates_read`). ``low``: ``text`` lower-cased, or '' (`lowered`)."""
        lex = _lexicon()
        lo, hi = sr.span.start, sr.span.end

        if not (self.open or sr.dates or sr.locals):
            self._here = False
            if self.last is not None and lex.plans.found(text, low, lo, hi):
                # `Kế hoạch cũng đề ra các mục tiêu cụ thể …` (no figure, no date): the
                # article returns to the plan it dated before
                if not lex.results.found(text, low, lo, hi):
                    self.open, self.date = True, self.last
            return  # no other sentence with no date and no figure opens or ends a plan
        names_plan = lex.plans.found(text, low, lo, hi)
        # The sentence ends on a target (`chỉ tiêu … 50%: kết quả đạt 52%` does not).
        target_here = bool(sr.locals) and sr.locals[-1].modality is Modality.TARGET
        self._here = False
        if names_plan and (plan_dates or target_here or (sr.dates and not sr.locals)):
            after = plan_dates[-1].span.end if plan_dates else lo
            if not target_here and lex.results.found(text, low, after, hi):
                # `Thực hiện Nghị quyết … đến năm 2025, tỉnh đã đạt …`: results of a plan
                self.open, self.date = False, None
                return
            # A sentence that opens the frame keeps its own figures' modality (`chỉ tiêu
            # … 50%: kết quả đạt 50,2%`); one that renews an open frame continues it.
            self._here = not self.open
            self.open = True
            if plan_dates:
                self.date = plan_dates[-1]
            elif sr.dates and not sr.locals and not _inert(sr.dates[-1]):
                self.date = sr.dates[-1]  # `Theo đề án … đến năm 2030, tỉnh xác định …`
            elif stated is not None and target_here:
                self.date = stated  # `Đến năm 2026, tỉnh phấn đấu … 12% GRDP`
            self.last = self.date or self.last
            return
        if lex.results.found(text, low, lo, hi) or stated is not None:
            self.open, self.date, self.last = False, None, None

    def end_sentence(self, text: str, sr: SentenceResult) -> None:
        """A plan frames its paragraph, the list items after it (`Mục tiêu …:` then
        `- 90% hồ sơ …;` lines) and a paragraph that goes on from it (`Theo đó, …`),
        not the other paragraphs after those."""
        if self.open and dates._paragraph_ends(text, sr.span.end):
            if _LIST_ITEM.match(text, sr.span.end) is None and (
                _lexicon().continuation_re.match(text, sr.span.end) is None
            ):
                self.open, self.date = False, None

    def modality(self, loc: Local) -> Modality:
        if self.open and not self._here and loc.modality is Modality.ACTUAL:
            return Modality.TARGET
        return loc.modality
