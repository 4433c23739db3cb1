"""Every lexicon in patterns/ loads, validates and says where it came from."""

from __future__ import annotations

from pathlib import Path

import pydantic
import pytest
import yaml

from cds_extract._resources import _yaml_load, load_patterns, patterns_dir
from cds_extract.schemas import PatternFile
from cds_extract.schemas.dates import DatesFile
from cds_extract.schemas.document import DocumentFile
from cds_extract.schemas.error_kinds import ErrorKindsFile
from cds_extract.schemas.grammar import IndicatorGrammarFile
from cds_extract.schemas.indicators import IndicatorCuesFile, IndicatorFile
from cds_extract.schemas.modality import ModalityFile
from cds_extract.schemas.normalise import AbbreviationFile, HomoglyphFile
from cds_extract.schemas.numbers import NonclaimsFile, QualifiersFile, UnitsFile
from cds_extract.schemas.places import (
    ForeignPlacesFile,
    PlacesExtraFile,
    PlacesFile,
    PlacesUnitsFile,
)
from cds_extract.schemas.segment import SegmentFile

SCHEMAS: dict[str, type[PatternFile]] = {
    "abbreviations.yaml": AbbreviationFile,
    "dates.yaml": DatesFile,
    "document.yaml": DocumentFile,
    "error_kinds.yaml": ErrorKindsFile,
    "indicator_cues.yaml": IndicatorCuesFile,
    "indicator_grammar.yaml": IndicatorGrammarFile,
    "indicators.yaml": IndicatorFile,
    "modality.yaml": ModalityFile,
    "nonclaims.yaml": NonclaimsFile,
    "places.yaml": PlacesFile,
    "places_extra.yaml": PlacesExtraFile,
    "places_units.yaml": PlacesUnitsFile,
    "homoglyphs.yaml": HomoglyphFile,
    "foreign_places.yaml": ForeignPlacesFile,
    "qualifiers.yaml": QualifiersFile,
    "segment.yaml": SegmentFile,
    "units.yaml": UnitsFile,
}


def test_every_pattern_file_has_a_schema() -> None:
    on_disk = {p.name for p in Path(str(patterns_dir())).glob("*.yaml")}
    assert on_disk == set(SCHEMAS)


@pytest.mark.parametrize(("name", "schema"), sorted(SCHEMAS.items()))
def test_pattern_file_validates_and_names_its_source(name: str, schema: type[PatternFile]) -> None:
    spec = load_patterns(name, schema)
    assert spec.meta.source.strip() and spec.meta.description.strip()


def test_a_bad_regular_expression_is_rejected_when_loaded() -> None:
    raw = yaml.safe_load((Path(str(patterns_dir())) / "nonclaims.yaml").read_text("utf-8"))
    raw["url_patterns"] = ["(unclosed"]
    with pytest.raises(pydantic.ValidationError, match="bad regular expression"):
        NonclaimsFile.model_validate(raw)


def _typed(data: object) -> object:
    """``data`` with every value's type beside it (``1 == 1.0 == True`` would hide a change)."""
    if isinstance(data, dict):
        return {k: _typed(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_typed(v) for v in data]
    return (type(data).__name__, data)


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_pattern_files_load_as_yaml_load_reads_them(name: str) -> None:
    raw = (Path(str(patterns_dir())) / name).read_text("utf-8")
    assert _typed(_yaml_load(raw)) == _typed(yaml.load(raw, Loader=yaml.CSafeLoader))


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "a: &x [1, 2]\nb: *x\nc: [*x]\n",
        "<<: {a: 1}\nb: 2\n",
        "a: yes\nb: 1.5\nc: ~\nd: 2024-01-01\n1: x\n'2': y\n",
        "- !!str 12\n- !!binary aGVsbG8=\n- {? 1: 3}\n- [a, {b: [c]}]\n",
    ],
)
def test_yaml_fast_path_matches_the_safe_loader_beyond_our_files(raw: str) -> None:
    assert _typed(_yaml_load(raw)) == _typed(yaml.load(raw, Loader=yaml.CSafeLoader))


def test_yaml_fast_path_rejects_what_the_safe_loader_rejects() -> None:
    with pytest.raises(yaml.constructor.ConstructorError, match="unhashable key"):
        _yaml_load("a: {? [1, 2]: 3}\n")
