"""The development set (samples/ + samples/gold/): offsets and the SPEC §4 figures.

samples/devset/ (40 articles, scored by `make eval`) is a copy of ../shared/devset; the
five samples are the top-level `samples/*.txt` only (`load_documents` does not recurse).
"""

from __future__ import annotations

import filecmp
import unicodedata
from pathlib import Path

import pytest

from cds_extract import extract
from cds_extract.evaluate import load_documents, load_gold, score

SAMPLES = Path(__file__).parents[1] / "samples"
DOCS = load_documents(SAMPLES)
# The shared folder beside the checkout (CI puts a copy of shared/ at ../shared).
SHARED_DEVSET = Path(__file__).parents[2] / "shared" / "devset"


def _differences(left: Path, right: Path) -> list[str]:
    """Files that are not byte-identical, or in one tree only, under two folders."""
    cmp = filecmp.dircmp(left, right, ignore=["__pycache__"])
    out = [f"only in {left}: {n}" for n in cmp.left_only]
    out += [f"only in {right}: {n}" for n in cmp.right_only]
    _, mismatch, errors = filecmp.cmpfiles(left, right, cmp.common_files, shallow=False)
    out += [f"differs: {n}" for n in mismatch + errors]
    for sub in cmp.common_dirs:
        out += _differences(left / sub, right / sub)
    return out


def test_devset_copy_is_identical_to_shared() -> None:
    if not SHARED_DEVSET.is_dir():
        pytest.skip(f"no shared dev set beside the checkout at {SHARED_DEVSET}")
    assert _differences(SAMPLES / "devset", SHARED_DEVSET) == []


def test_devset_copy_is_complete_and_the_samples_stay_five() -> None:
    devset = SAMPLES / "devset"
    assert sorted(p.name for p in devset.iterdir()) == [
        "README.md", "articles", "gold", "sources.jsonl"
    ]  # fmt: skip
    articles = load_documents(devset / "articles")
    assert len({p.stem for p in (devset / "articles").glob("*.txt")}) == 40
    assert {g.doc_id for g in load_gold(devset / "gold", articles)} <= set(articles)
    assert sorted(p.stem for p in SAMPLES.glob("*.txt")) == ["000", "001", "002", "003", "004"]
    assert sorted(DOCS) == ["000", "001", "002", "003", "004"]


@pytest.mark.parametrize("doc_id", sorted(DOCS))
@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_value_text_is_a_slice_of_the_input(doc_id: str, form: str) -> None:
    text = unicodedata.normalize(form, DOCS[doc_id])
    claims = extract(text, doc_id=doc_id)
    assert claims, "every sample states figures"
    for c in claims:
        assert text[c.value_start : c.value_end] == c.value_text
        assert c.sentence in text
    assert [c.value_start for c in claims] == sorted(c.value_start for c in claims)


def test_nfd_input_gives_the_same_claims_as_nfc() -> None:
    for doc_id, text in DOCS.items():
        nfc = extract(unicodedata.normalize("NFC", text))
        nfd = extract(unicodedata.normalize("NFD", text))
        key = ["value", "unit", "qualifier", "indicator", "as_of", "province", "modality"]
        assert [c.model_dump(include=set(key)) for c in nfc] == [
            c.model_dump(include=set(key)) for c in nfd
        ], doc_id


def test_development_set_figures_do_not_regress() -> None:
    """Floors from the issues' acceptance criteria; `cds-extract eval` prints the full table."""
    report = score(DOCS, load_gold(SAMPLES / "gold", DOCS), lambda t, d: extract(t, doc_id=d))
    assert report.detection()[2] >= 0.97
    assert report.attribute("unit") >= 0.97
    assert report.attribute("qualifier") >= 0.95
    assert report.attribute("denominator") >= 0.97
