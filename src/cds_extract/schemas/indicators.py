"""Schemas of ``patterns/indicators.yaml`` (taxonomy) and ``patterns/indicator_cues.yaml``."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..claim import Unit
from . import PatternFile, Regex, RegexV1

Pillar = Literal[
    "chính quyền số",
    "kinh tế số",
    "xã hội số",
    "chung",  # overall indices (DTI) and the foundations every pillar shares
    "cải cách hành chính",  # PAR Index, SIPAS, Bộ chỉ số phục vụ (766/QĐ-TTg)
    "môi trường kinh doanh",  # PCI
]


def _check_sets(value: list[list[str]]) -> list[list[str]]:
    if any(not kw_set or any(not k.strip() for k in kw_set) for kw_set in value):
        raise ValueError("empty keyword set or keyword")
    return value


class Indicator(BaseModel):
    """One canonical indicator; it matches a phrase when every keyword of one set occurs."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str = Field(min_length=1)
    # One line saying what is measured, for the reference table (docs/indicators.md).
    definition: str = Field(min_length=1)
    pillar: Pillar
    units: list[Unit] = Field(min_length=1)
    # Keys of the file's `sources`: the official documents that define the indicator.
    source: list[str] = Field(min_length=1)
    # Each inner list is a set of words/phrases that must all occur (lower case,
    # whole syllables); a leading `^` anchors a keyword at the phrase start.
    keywords: list[list[str]] = Field(min_length=1)
    # Sets that only name a topic (`chuyển đổi số`, `kinh tế số`): they give the id
    # only when the value's own clause names no indicator by a full set.
    weak_keywords: list[list[str]] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)
    # A whole index (DTI, PAR Index …) that an article's title or a recent sentence can
    # frame bare scores and ranks with (`Khánh Hòa xếp thứ 16/63` in a report on PCI).
    frames: bool = False
    # Added to the match score: a specific entry (`ocop_…`) beats a generic one
    # that happens to share longer keywords (`sản phẩm` + `thương mại điện tử`).
    weight: int = 0

    @field_validator("keywords", "weak_keywords")
    @classmethod
    def _non_empty_sets(cls, value: list[list[str]]) -> list[list[str]]:
        return _check_sets(value)


class IndicatorFile(PatternFile):
    # Key → full title of an official document (decision, index methodology).
    sources: dict[str, str] = Field(min_length=1)
    # Words opening a sentence that continues the figures of the one before
    # (`Trong đó: cấp tỉnh đạt 63,8%`): a figure there that names no indicator has the
    # indicator of the last figure of that unit before it.
    continuation_cues: list[str] = Field(default_factory=list)
    # Phrases that stand for the indicator named before (`tỷ lệ này`, SPEC §2 anaphora):
    # a figure whose phrase holds one is read as continuing that figure.
    anaphora: list[str] = Field(default_factory=list)
    # A percentage takes the frame's index only when its phrase holds one of these
    # (`đạt chỉ số trên 80%` in a report on PAR Index, not `10 tỉnh (15,87%)`).
    index_words: list[str] = Field(default_factory=list)
    # Words linking a value to the count just before it (`32/45 nhiệm vụ, đạt 71,11%`).
    share_cues: list[str] = Field(default_factory=list)
    # Words after a count that make what follows part of it (`1.950 tổ … với 9.000 thành
    # viên`): only then may the next count's phrase be completed by that count's noun.
    part_links: list[str] = Field(default_factory=list)
    # A phrase of only these words (and capitalised names) names no indicator
    # (`tỷ lệ`, `tỷ lệ huyện Sông Lô`, `thứ hạng`): its figure is an ellipsis.
    bare_words: list[str] = Field(default_factory=list)
    # What a bare percentage may count (`90% hộ gia đình, 100% xã`): a bare phrase that
    # names one (not as a level, `cấp xã`, nor before a name, `huyện Sông Lô`) counts
    # another population than the figure before it, so it does not continue it.
    population_words: list[str] = Field(default_factory=list)
    # A count right after these is the size of a group (`trong số 88 doanh nghiệp`).
    among_cues: list[str] = Field(default_factory=list)
    indicators: list[Indicator] = Field(min_length=50)

    @model_validator(mode="after")
    def _unique_ids(self) -> IndicatorFile:
        ids = [i.id for i in self.indicators]
        dupes = {i for i in ids if ids.count(i) > 1}
        if dupes:
            raise ValueError(f"duplicate indicator ids: {sorted(dupes)}")
        unknown = sorted({s for i in self.indicators for s in i.source} - set(self.sources))
        if unknown:
            raise ValueError(f"indicator sources not in `sources`: {unknown}")
        return self


class HeadNoun(BaseModel):
    """A noun that opens a measured phrase (`tỷ lệ`, `doanh thu`) and the units it can measure."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    word: str = Field(min_length=1)
    units: list[Unit] = Field(default_factory=list)  # empty: any unit
    # What the head becomes in the phrase (`tổng số` → `số`); None keeps it.
    canonical: str | None = None
    # A head that is itself a ratio (`tỷ lệ`, `tỷ trọng`): a percentage it opens is never
    # read as a part over a whole.
    ratio: bool = False
    # When a value that names nothing reuses a sibling's phrase opened by this head: units
    # for which the phrase is kept as it is (`doanh thu … tăng 20%`: a change of the
    # revenue), and whether the value's unit prefix goes before the head instead of
    # replacing it (`chỉ số DTI` → `thứ hạng chỉ số DTI`, but `số tổ …` → `tỷ lệ tổ …`).
    reused_as_is_for: list[Unit] = Field(default_factory=list)
    prefixed_on_reuse: bool = False


class Topic(BaseModel):
    """The article topic a bare rank is about, when the article names it often enough."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    phrase: str = Field(min_length=1)
    pattern: Regex = Field(min_length=1)
    min_mentions: int = Field(default=3, ge=1)


class ShareTemplates(BaseModel):
    """Phrases of a part over a whole (`kinh tế số chiếm 20% GRDP`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    part_of_whole: str = Field(pattern=r"\{part\}.*\{whole\}")  # both named
    whole: str = Field(pattern=r"\{whole\}")  # only the whole (`chiếm 20% GRDP`)
    part: str = Field(pattern=r"\{part\}")  # only the part (`kinh tế số chiếm 20%`)


class IndicatorCuesFile(PatternFile):
    head_nouns: list[HeadNoun] = Field(min_length=1)
    # Prefix per unit when the phrase is built from the counted noun after the value.
    unit_prefix: dict[Unit, str]
    # Phrase for a unit when nothing in the sentence names the measure (rank → DTI).
    unit_default: dict[Unit, str] = Field(default_factory=dict)
    # Words before `số` that make it part of a compound (`kinh tế số`), not the head `số`.
    so_compound_before: list[str] = Field(default_factory=list)
    so_compound_after: list[str] = Field(default_factory=list)
    # Linking verbs, qualifier and change cues stripped from the end of a left phrase.
    trailing_strip: list[str] = Field(min_length=1)
    # Words stripped from the start of a phrase built after the value (`các`, `số`).
    leading_strip: list[str] = Field(default_factory=list)
    # Words/phrases that end the noun phrase after a value (`để`, `nhằm`, `phục vụ`).
    right_stops: list[str] = Field(default_factory=list)
    # Words that end a phrase taken from before the value (`chỉ số DTI do Bộ … đánh giá`).
    left_stops: list[str] = Field(default_factory=list)
    # After a comma (or spaced dash), these open a new clause (`, đã kích hoạt …`).
    clause_openers: list[str] = Field(default_factory=list)
    # Verbs before a value that are not the measured action (`thông qua`, `đảm bảo`).
    not_predicate: list[str] = Field(default_factory=list)
    # Regexes removed anywhere in a phrase: place fillers, residual dates.
    remove: list[RegexV1] = Field(default_factory=list)
    topic: Topic | None = None
    # Verbs putting a part over a whole (`chiếm 20% GRDP` → `tỷ trọng … trong GRDP`).
    share_verbs: list[str] = Field(default_factory=list)
    share_templates: ShareTemplates
    # pyvi tags of the counted noun phrase after a value, and of its relative verb phrase.
    np_tags: list[str] = Field(min_length=1)
    vp_tags: list[str] = Field(min_length=1)
    np_prepositions: list[str] = Field(default_factory=list)
    # Words skipped between the value and its noun (`90% trở lên hồ sơ`).
    np_lead: list[str] = Field(default_factory=list)
    # Words that end the phrase after a value (place, time, new clause).
    place_stops: list[str] = Field(default_factory=list)
    # Place phrases skipped inside it (`100% bệnh viện trên toàn quốc đã triển khai …`).
    place_fillers: list[str] = Field(default_factory=list)
    # Prepositions that end it only before a capitalised name (`tại Việt Nam`, not `tại cấp xã`).
    place_before_name: list[str] = Field(default_factory=list)
    max_vp_words: int = Field(default=10, ge=1)
    max_words: int = Field(default=16, ge=3)
    max_verb_words: int = Field(default=4, ge=1)
