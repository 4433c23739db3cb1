"""The development set (samples/ + samples/gold/): offsets and the SPEC §4 figures."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from cds_extract import extract
from cds_extract.evaluate import load_documents, load_gold, score

SAMPLES = Path(__file__).parents[1] / "samples"
DOCS = load_documents(SAMPLES)


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
