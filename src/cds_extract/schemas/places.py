"""Schemas of ``patterns/places.yaml`` (generated gazetteer), ``patterns/places_extra.yaml``
and ``patterns/foreign_places.yaml``."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from . import PatternFile


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Province(_Row):
    """One of the 63 pre-July-2025 provinces."""

    name: str = Field(min_length=2)  # canonical pre-2025 name (`TP. Hồ Chí Minh`)
    code: str
    type: str
    unit_2025: str  # the unit it belongs to since 2025-07-01
    type_2025: str
    region: str
    names: list[str] = Field(min_length=1)  # core names that take `tỉnh`/`TP.` before them
    bare: bool  # whether a core name alone (no `tỉnh`, `TP.`) names the province
    central: bool  # centrally-run city: `TP. X` is the province, not a district-level city
    variants: list[str] = Field(
        default_factory=list
    )  # standalone spellings (`TP.HCM`, `Thanh Hoá`, `TT-Huế`)
    not_after: list[str] = Field(
        default_factory=list
    )  # a next word that makes it another name (`Điện Biên Phủ`)
    note: str | None = None


class FinerPlace(_Row):
    """A district- or commune-level place with its province (`TP. Đà Lạt` in Lâm Đồng)."""

    name: str = Field(min_length=2)  # without the type word
    type: str  # `thành phố`, `thị xã`, `huyện`, `quận`, `phường`, `xã`, `thị trấn`
    province: str | None  # canonical pre-2025 province; None when the name is ambiguous
    unit_2025: str | None = None
    bare: bool = False  # the name alone (no type word) names the place
    source: str | None = None


class PlacesFile(PatternFile):
    provinces: list[Province] = Field(min_length=63, max_length=63)
    finer: list[FinerPlace] = Field(default_factory=list)


class TypeWord(_Row):
    """A type word before a place name (`huyện`, `TP.`) and the scope it gives."""

    word: str
    scope: str = Field(pattern="^(district|commune)$")
    canonical: str  # how `place` spells the type (`TP.`, `huyện`)


class ClashRule(_Row):
    name: str
    not_before: list[str] = Field(default_factory=list)
    not_after: list[str] = Field(default_factory=list)


class ForeignClashRule(_Row):
    """Next words that make a foreign name another name (`Lào Cai`). No previous words:
    the name is read from the word right after its locative (`ở`, `tại`)."""

    name: str
    not_after: list[str] = Field(min_length=1)


class GenericSubject(_Row):
    """A sentence-initial plural unit subject (`Các xã, phường …`) that sets the scope."""

    phrase: str
    scope: str = Field(pattern="^(province|district|commune)$")


class Spelling(_Row):
    """A regex for written forms of a province that a word list cannot hold (`Tp HCM`,
    `thành phố HCM`, `TP.HCM` glued to the word before it)."""

    province: str  # canonical pre-2025 name
    pattern: str
    hint: list[str] = Field(min_length=1)  # literals one of which every match holds


class PlacesExtraFile(PatternFile):
    province_prefixes: list[str] = Field(min_length=1)  # `tỉnh`
    city_prefixes: list[str] = Field(min_length=1)  # `TP.`, `thành phố`
    type_words: list[TypeWord] = Field(min_length=1)
    not_commune_after: list[str] = Field(
        default_factory=list
    )  # `hợp tác` + `xã` is a cooperative, not a commune
    cities: list[FinerPlace] = Field(min_length=1)
    clash_rules: list[ClashRule] = Field(default_factory=list)
    person_before: list[str] = Field(
        default_factory=list
    )  # surnames and honorifics: `Nguyễn Thái Bình` is a person
    national_cues: list[str] = Field(min_length=1)  # `cả nước`, `toàn quốc`
    country_names: list[str] = Field(min_length=1)  # `Việt Nam`: national unless inside a name
    org_heads: list[str] = Field(
        default_factory=list
    )  # `Tập đoàn … Việt Nam`: the country inside an organisation's name
    foreign_cues: list[str] = Field(
        default_factory=list
    )  # other countries / the world: province None
    comparison_before: list[str] = Field(
        default_factory=list
    )  # regexes: `dẫn đầu cả nước` is a ranking domain
    province_cues: list[str] = Field(
        default_factory=list
    )  # regexes: generic `toàn tỉnh` = the article's province
    ministries: list[str] = Field(
        default_factory=list
    )  # regexes naming a national ministry or office
    local_reference: list[str] = Field(
        default_factory=list
    )  # regexes: the sentence speaks of a local unit
    generic_subjects: list[GenericSubject] = Field(default_factory=list)
    continuation_starts: list[str] = Field(
        default_factory=list
    )  # subjectless sentence openings (`Thúc đẩy`, `Phát triển`)
    # A title's foreign place counts only after a locative (`Vụ cháy ở London`).
    title_locatives: list[str] = Field(default_factory=list)
    counted_units: list[str] = Field(
        default_factory=list
    )  # `27 huyện, thị xã`: a count of districts is about the province
    # `Báo Tuyên Quang`, `Đài PT-TH Sơn La`: a provincial paper names the article's province.
    paper_heads: list[str] = Field(default_factory=list)
    # regexes ending where a province name follows that names something else:
    # `sàn chứng khoán TP.HCM` is the exchange, not the city.
    not_place_before: list[str] = Field(default_factory=list)
    # regexes: an unnamed group of provinces (`các tỉnh còn lại`) -> province None, scope province
    province_groups: list[str] = Field(default_factory=list)
    province_group_words: list[str] = Field(default_factory=list)  # every group holds one
    # regexes ending right before a group: `trung bình của các tỉnh` is a national average
    averages_before: list[str] = Field(default_factory=list)
    # words after a value that make it a count of provinces (`53 tỉnh`): a national figure
    province_counts: list[str] = Field(default_factory=list)
    province_count_before: str | None = None  # regex ending where such a count may stand
    # regexes: national bodies as a group (`khối bộ, ngành`, `các bộ, ngành`) -> national
    national_bodies: list[str] = Field(default_factory=list)
    spellings: list[Spelling] = Field(default_factory=list)
    # unnamed groups of districts or communes (`5/9 huyện, thành phố`, `các xã`) as a
    # figure's subject: the article's province, scope district / commune
    unit_groups: list[GenericSubject] = Field(default_factory=list)
    # regex: `địa phương này`, `tỉnh này` — the place named last before the sentence
    anaphora: str | None = None


class ForeignPlace(_Row):
    """A place outside Vietnam as Vietnamese news writes it (`Hoa Kỳ` for Mỹ)."""

    name: str = Field(min_length=1)  # canonical Vietnamese form
    variants: list[str] = Field(default_factory=list)
    kind: str = Field(pattern="^(country|city|region|continent)$")
    country: str | None  # the canonical name of its country entry; None if several / disputed


class ForeignPlacesFile(PatternFile):
    clash_rules: list[ForeignClashRule] = Field(default_factory=list)
    places: list[ForeignPlace] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> ForeignPlacesFile:
        seen: set[str] = set()
        for place in self.places:
            for form in (place.name, *place.variants):
                if form in seen:
                    raise ValueError(f"{form!r} is listed twice")
                seen.add(form)
        countries = {p.name for p in self.places if p.kind == "country"}
        unknown = {p.country for p in self.places if p.country and p.country not in countries}
        if unknown:
            raise ValueError(f"country not listed as a country entry: {sorted(unknown)}")
        return self


class District(_Row):
    """A pre-July-2025 district-level unit and its communes (generated, places_units.yaml)."""

    province: str  # canonical pre-2025 province (provinces.csv)
    unit_2025: str  # the unit that province belongs to since 2025-07-01
    type: str = Field(pattern="^(huyện|quận|thị xã|thành phố)$")
    name: str = Field(min_length=1)  # without the type word: `Bắc Yên`
    communes: str  # `; `-joined communes with their type word: `xã Tà Xùa; thị trấn Bắc Yên`


class Unit2025(_Row):
    """One of the 34 units since 2025-07-01 and its communes (no districts any more)."""

    unit: str
    communes: str  # `; `-joined: `xã Mèo Vạc; phường Hà Giang 1; đặc khu Lý Sơn`


class PlacesUnitsFile(PatternFile):
    districts: list[District] = Field(min_length=600)
    units_2025: list[Unit2025] = Field(min_length=34, max_length=34)
