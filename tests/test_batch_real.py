"""The batch command with the real extractor: every input format gives what `extract()` gives,
and page furniture of an HTML page never turns into claims."""

from __future__ import annotations

import dataclasses
import gzip
import io
import json
from datetime import date
from pathlib import Path

from cds_extract import extract
from cds_extract.batch.readers import iter_documents
from cds_extract.cli import main

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "tests" / "data" / "batch" / "portal_article.html"

# value_texts that occur only in the furniture of portal_article.html (menu,
# visitor counter, sidebar, rating footer, share bar, related news, site footer).
FURNITURE_VALUES = {
    "1.987",
    "7.654.321",
    "4.321",
    "2696",
    "9.876",
    "47",
    "11",
    "1.234",
    "5.432",
    "77,7%",
    "77,7",
    "13/63",
    "13",
    "345",
    "0208",
    "3855",
    "123",
    "678",
    "18",
}


def run_extract(*args: str) -> list[dict[str, object]]:
    out = Path(args[-1])
    assert main(["extract", *args[:-1], "-o", str(out), "--progress", "none"]) == 0
    return [json.loads(x) for x in out.read_text("utf-8").splitlines()]


def expected(text: str, doc_id: str, published: date | None) -> list[tuple[object, ...]]:
    return [
        (doc_id, c.value_text, c.value_start, c.value, c.unit.value, c.indicator)
        for c in extract(text, published=published, doc_id=doc_id)
    ]


def got(recs: list[dict[str, object]], doc_id: str) -> list[tuple[object, ...]]:
    return [
        (r["doc_id"], r["value_text"], r["value_start"], r["value"], r["unit"], r["indicator"])
        for r in recs
        if r["doc_id"] == doc_id
    ]


def test_html_furniture_never_becomes_a_claim(tmp_path: Path) -> None:
    recs = run_extract(str(HTML), str(tmp_path / "c.jsonl"))
    values = {r["value_text"] for r in recs}
    assert {"2.255", "811.319", "98,6%"} <= values
    assert not values & FURNITURE_VALUES
    for r in recs:
        sentence = str(r["sentence"])
        for junk in ("A- A A+", "đánh giá", "Tin liên quan", "Lượt truy cập", "Giấy phép"):
            assert junk not in sentence
        assert r["published"] == "2024-08-20"
        assert r["title"] == "Thái Nguyên: 2.255 tổ công nghệ số cộng đồng đi vào hoạt động"


def test_every_format_gives_what_extract_gives(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    texts = {p.stem: p.read_text("utf-8") for p in sorted((ROOT / "samples").glob("*.txt"))[:3]}
    ids = list(texts)
    (tmp_path / "txt").mkdir()
    (tmp_path / "txt" / f"{ids[0]}.txt").write_text(texts[ids[0]], "utf-8")
    with gzip.open(tmp_path / "dump.jsonl.gz", "wt", encoding="utf-8") as fh:
        for i in ids[1:]:
            rec = {"id": i, "text": texts[i], "published": "2024-09-01"}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    payload = HTML.read_bytes()
    with open(tmp_path / "crawl.warc.gz", "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                "https://example.vn/a",
                "response",
                payload=io.BytesIO(payload),
                length=len(payload),
                http_headers=headers,
            )
        )
    recs = run_extract(
        str(tmp_path / "txt"),
        str(tmp_path / "dump.jsonl.gz"),
        str(tmp_path / "crawl.warc.gz"),
        str(tmp_path / "out.jsonl"),
    )
    assert got(recs, ids[0]) == expected(texts[ids[0]], ids[0], None)
    for i in ids[1:]:
        assert got(recs, i) == expected(texts[i], i, date(2024, 9, 1))
    [warc_doc] = [d for d in iter_documents([str(tmp_path / "crawl.warc.gz")])]
    assert got(recs, "https://example.vn/a") == expected(
        warc_doc.text,
        "https://example.vn/a",
        date(2024, 8, 20),  # type: ignore[union-attr]
    )
    assert all(got(recs, i) for i in [*ids, "https://example.vn/a"])


def test_parallel_real_run_matches_sequential(tmp_path: Path) -> None:
    """Workers load the real models in their initializer and give the same records."""
    inputs = [str(ROOT / "samples" / "000.txt"), str(ROOT / "samples" / "003.txt"), str(HTML)]
    seq = run_extract(*inputs, str(tmp_path / "seq.jsonl"))
    par = run_extract(*inputs, "--workers", "2", str(tmp_path / "par.jsonl"))
    assert seq == par
    assert seq[0]["doc_id"] == "000"
    assert {r["doc_id"] for r in seq} == {"000", "003", "portal_article"}


def test_records_are_what_model_dump_gives() -> None:
    """`record_for` builds a record from the field values; it must equal the pydantic
    dump (same keys, order, values and types) plus the source fields."""
    from cds_extract.batch.readers import Document, ReadOptions
    from cds_extract.batch.writers import FIELDS, record_for

    # the five samples by name: a folder is walked recursively, and samples/devset/ is in it
    five = [str(p) for p in sorted((ROOT / "samples").glob("*.txt"))]
    docs = iter_documents(five, ReadOptions(glob="*.txt"))
    seen: set[str] = set()
    for doc in docs:
        assert isinstance(doc, Document)
        doc = dataclasses.replace(doc, published=date(2024, 9, 1), url="https://x.vn/a")
        for claim in extract(doc.text, published=doc.published, doc_id=doc.doc_id):
            dumped = claim.model_dump(mode="json")
            dumped.update(
                doc_id=doc.doc_id,
                url=doc.url,
                title=doc.title,
                published="2024-09-01",
                input=doc.path,
                source_sha1=doc.sha1,
            )
            rec = record_for(claim, doc)
            assert list(rec) == list(dumped) == list(FIELDS)
            assert [(type(v), v) for v in rec.values()] == [(type(v), v) for v in dumped.values()]
            seen.update(k for k, v in rec.items() if v is not None)
    assert seen == set(FIELDS) - {"title"}  # every field was seen set at least once
