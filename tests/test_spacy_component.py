"""The `cds_claims` spaCy component: entry point, spans, n_process=2, disk round trip."""

from __future__ import annotations

import gzip
import itertools
import json
import pickle
import subprocess
import sys
from datetime import date
from importlib.metadata import entry_points
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc

from cds_extract import Claim, extract
from cds_extract.errors import InvalidDateError

REPO = Path(__file__).resolve().parents[1]
SAMPLES = sorted((REPO / "samples").glob("*.txt"))
CORPUS = REPO.parent / "shared" / "corpus" / "news.jsonl.gz"


def _texts() -> list[str]:
    """The five samples, plus every 900th corpus article when the corpus is there."""
    texts = [p.read_text(encoding="utf-8") for p in SAMPLES]
    if CORPUS.exists():
        with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
            texts += [json.loads(line)["text"] for line in itertools.islice(f, 0, None, 900)]
    return texts


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    nlp = spacy.blank("vi")
    nlp.add_pipe("cds_claims")
    return nlp


def _spans(doc: Doc) -> list[tuple[int, int, str]]:
    return [(s.start_char, s.end_char, s.label_) for s in doc.spans["cds_claims"]]


def test_factory_is_a_declared_entry_point() -> None:
    (ep,) = [ep for ep in entry_points(group="spacy_factories") if ep.name == "cds_claims"]
    assert ep.value == "cds_extract.integrations.spacy_component:make_cds_claims"


def test_add_pipe_works_without_importing_the_package() -> None:
    script = (
        "import spacy\n"
        "nlp = spacy.blank('vi')\n"
        "nlp.add_pipe('cds_claims')\n"
        "doc = nlp('Tỉnh Thái Nguyên có 2.255 tổ công nghệ số cộng đồng, đạt 96%.')\n"
        "print([c.value_text for c in doc._.claims])\n"
        "print([s.text for s in doc.spans['cds_claims']])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=300
    )
    text = "Tỉnh Thái Nguyên có 2.255 tổ công nghệ số cộng đồng, đạt 96%."
    expected = [c.value_text for c in extract(text)]
    assert expected, "the sentence should give claims"
    claims_line, spans_line = out.stdout.strip().splitlines()
    assert claims_line == repr(expected)
    assert spans_line == repr(expected)


def test_claims_are_those_of_extract_and_spans_align_to_them(
    nlp: spacy.language.Language,
) -> None:
    n_claims = 0
    for text in _texts():
        doc = nlp(text)
        assert doc.text == text
        claims = doc._.claims
        assert claims == extract(text)
        spans = list(doc.spans["cds_claims"])
        assert len(spans) == len(claims)
        for span, claim in zip(spans, claims, strict=True):
            n_claims += 1
            assert span.label_ == claim.unit.value
            # The span covers the value and is the smallest token run that does.
            assert span.start_char <= claim.value_start < claim.value_end <= span.end_char
            first, last = span[0], span[-1]
            assert first.idx + len(first.text) > claim.value_start
            assert last.idx < claim.value_end
            assert claim.value_text in span.text
    assert n_claims > 20


def test_doc_without_the_component_has_no_claims() -> None:
    assert spacy.blank("vi")("Có 12 tổ.")._.claims is None


def test_published_config_reaches_extract() -> None:
    nlp = spacy.blank("vi")
    nlp.add_pipe("cds_claims", config={"published": "2024-08-20"})
    text = SAMPLES[0].read_text(encoding="utf-8")
    assert nlp(text)._.claims == extract(text, published=date(2024, 8, 20))


def test_bad_published_config_is_an_invalid_date_error() -> None:
    nlp = spacy.blank("vi")
    with pytest.raises(InvalidDateError):
        nlp.add_pipe("cds_claims", config={"published": "20/8/2024"})


def test_claims_pickle() -> None:
    claims = extract(SAMPLES[0].read_text(encoding="utf-8"))
    assert claims
    assert pickle.loads(pickle.dumps(claims)) == claims


def test_n_process_2_gives_the_same_docs(nlp: spacy.language.Language) -> None:
    texts = _texts()
    single = list(nlp.pipe(texts))
    multi = list(nlp.pipe(texts, n_process=2, batch_size=4))
    assert [d.text for d in multi] == texts
    assert [d._.claims for d in multi] == [d._.claims for d in single]
    assert [_spans(d) for d in multi] == [_spans(d) for d in single]
    assert sum(len(d._.claims) for d in multi) > 20


def test_to_disk_and_load_round_trip(tmp_path: Path) -> None:
    nlp = spacy.blank("vi")
    nlp.add_pipe("cds_claims", config={"published": "2024-08-20", "spans_key": "claims"})
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == ["cds_claims"]
    config = loaded.config["components"]["cds_claims"]
    assert config["published"] == "2024-08-20"
    assert config["spans_key"] == "claims"
    text = SAMPLES[0].read_text(encoding="utf-8")
    doc, original = loaded(text), nlp(text)
    assert doc._.claims == original._.claims
    assert [(s.start_char, s.end_char) for s in doc.spans["claims"]] == [
        (s.start_char, s.end_char) for s in original.spans["claims"]
    ]


def test_doc_bytes_round_trip_keeps_claims_and_spans(nlp: spacy.language.Language) -> None:
    doc = nlp(SAMPLES[1].read_text(encoding="utf-8"))
    again = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    claims: list[Claim] = again._.claims
    assert claims == doc._.claims
    assert claims
    assert _spans(again) == _spans(doc)
