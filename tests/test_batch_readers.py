"""Batch readers: every input format, encodings, and broken inputs with their reasons."""

from __future__ import annotations

import gzip
import io
import json
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from cds_extract.batch.readers import (
    Document,
    Failure,
    ReadOptions,
    decode_text,
    iter_documents,
)
from cds_extract.errors import InputReadError

DATA = Path(__file__).parent / "data" / "batch"
HTML = DATA / "portal_article.html"

ARTICLE = "Tỉnh Thái Nguyên có 2.255 tổ công nghệ số cộng đồng, đạt 96% kế hoạch năm 2024."

# Numbers that sit only in the page furniture of portal_article.html: hotline,
# menu, visitor counter, sidebar, `A- A A+`, rating footer, share bar,
# related-news list and site footer.
FURNITURE = [
    "3855 123",
    "1.987",
    "7.654.321",
    "4.321",
    "2696",
    "9.876",
    "A- A A+",
    "47 trong 11",
    "1.234",
    "5.432",
    "77,7",
    "13/63",
    "345/GP",
    "3855 678",
    "Tin liên quan",
]


def cp1258(text: str) -> bytes:
    """Encode like old Vietnamese Windows files: tone marks as combining characters."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in text:
        d = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in d if c not in tones))
        out.append(base + "".join(c for c in d if c in tones))
    return "".join(out).encode("cp1258")


def read_all(*paths: Path | str, **opts: object) -> list[Document | Failure]:
    return list(iter_documents([str(p) for p in paths], ReadOptions(**opts)))  # type: ignore[arg-type]


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    "data",
    [
        ARTICLE.encode("utf-8"),
        b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"),
        ARTICLE.encode("utf-16"),  # BOM + native order
        b"\xfe\xff" + ARTICLE.encode("utf-16-be"),
        b"\xff\xfe" + ARTICLE.encode("utf-16-le"),
        cp1258(ARTICLE),
    ],
    ids=["utf8", "utf8-bom", "utf16", "utf16-be", "utf16-le", "cp1258"],
)
def test_decode_accepts_vietnamese_encodings(data: bytes) -> None:
    assert decode_text(data) == ARTICLE


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        ("Café crème brûlée à la française".encode("cp1252"), "undecodable"),
        (bytes(range(1, 32)) * 20, "binary"),
    ],
    ids=["empty", "blank", "png", "latin1-french", "control-chars"],
)
def test_decode_rejects_with_reason(data: bytes, reason: str) -> None:
    with pytest.raises(InputReadError, match=reason):
        decode_text(data)


# --------------------------------------------------------------------------- txt and folders


def test_folder_is_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Bài hai có 2 số.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Bài một có 1 số.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an input", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("hidden", encoding="utf-8")
    items = read_all(tmp_path)
    assert [(d.doc_id, d.text) for d in items if isinstance(d, Document)] == [
        ("a", "Bài một có 1 số."),
        ("b/2", "Bài hai có 2 số."),
    ]
    assert all(isinstance(d, Document) for d in items)


def test_glob_selects_files_in_folders(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Một", encoding="utf-8")
    (tmp_path / "b.text").write_text("Hai", encoding="utf-8")
    assert [d.doc_id for d in read_all(tmp_path, glob="*.text")] == ["b.text"]


def test_named_file_with_unknown_extension_is_sniffed(tmp_path: Path) -> None:
    rec = {"id": "x1", "text": ARTICLE}
    (tmp_path / "dump.data").write_text(json.dumps(rec, ensure_ascii=False) + "\n", "utf-8")
    (tmp_path / "page.data").write_bytes(HTML.read_bytes())
    (tmp_path / "plain.data").write_text(ARTICLE, "utf-8")
    docs = read_all(tmp_path / "dump.data", tmp_path / "page.data", tmp_path / "plain.data")
    assert [type(d).__name__ for d in docs] == ["Document"] * 3
    assert docs[0].doc_id == "x1"
    assert isinstance(docs[1], Document) and "A- A A+" not in docs[1].text
    assert isinstance(docs[2], Document) and docs[2].text == ARTICLE


def test_oversized_file_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("Số 1. " * 1000, "utf-8")
    [item] = read_all(tmp_path / "big.txt", max_bytes=1000)
    assert isinstance(item, Failure)
    assert item.reason == "too large: 8,000 bytes > --max-bytes 1,000"


# --------------------------------------------------------------------------- JSONL


def test_jsonl_gz_with_custom_field_names(tmp_path: Path) -> None:
    lines = [
        {"key": "a", "body": ARTICLE, "date": "2024-08-20T08:15:00+07:00", "link": "http://x/a"},
        {"key": "b", "body": "Có 12 xã.", "date": "N/A", "headline": "Tin B"},
    ]
    path = tmp_path / "dump.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for rec in lines:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    docs = read_all(
        path,
        id_field="key",
        text_field="body",
        published_field="date",
        url_field="link",
        title_field="headline",
    )
    assert docs == [
        Document("a", ARTICLE, str(path), date(2024, 8, 20), "http://x/a", None),
        Document("b", "Có 12 xã.", str(path), None, None, "Tin B"),
    ]


def test_jsonl_bad_lines_fail_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps({"id": "ok1", "text": "Có 1 xã."}),
                '{"id": "broken", "text": "no closing brace"',
                json.dumps({"id": "notext"}),
                json.dumps({"id": "blank", "text": "   "}),
                json.dumps([1, 2]),
                json.dumps({"text": "Có 3 xã, không có id."}),
                json.dumps({"id": "big", "text": "x" * 500}),
                json.dumps({"id": "ok2", "text": "Có 2 xã."}),
            ]
        )
        + "\n",
        "utf-8",
    )
    items = read_all(path, max_bytes=300)
    got = [(i.doc_id, i.reason if isinstance(i, Failure) else "ok") for i in items]
    assert got == [
        ("ok1", "ok"),
        (f"{path}:2", "malformed JSON on line 2: Expecting ',' delimiter"),
        ("notext", "no text field 'text' on line 3"),
        ("blank", "empty text on line 4"),
        (f"{path}:5", "line 5 is not a JSON object"),
        (f"{path}:6", "ok"),
        (f"{path}:7", "too large: 526 bytes > --max-bytes 300 (line 7)"),
        ("ok2", "ok"),
    ]


def test_truncated_gzip_keeps_the_lines_before(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb") as gz:
        for i in range(200):
            gz.write(json.dumps({"id": f"d{i}", "text": f"Bài {i}: có {i} xã. " * 20}).encode())
            gz.write(b"\n")
    data = buf.getvalue()
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    items = read_all(path)
    docs = [i for i in items if isinstance(i, Document)]
    assert 0 < len(docs) < 200
    assert [d.doc_id for d in docs] == [f"d{i}" for i in range(len(docs))]
    assert isinstance(items[-1], Failure)
    assert items[-1].reason.startswith("truncated or corrupt gzip after line")


def test_folder_skips_jsonl_that_is_not_an_article_dump(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "000.jsonl").write_text('{"doc_id": "000", "quote": "x"}\n', "utf-8")
    (tmp_path / "000.txt").write_text(ARTICLE, "utf-8")
    assert [d.doc_id for d in read_all(tmp_path)] == ["000"]
    assert "not an article dump" in capsys.readouterr().err


# --------------------------------------------------------------------------- HTML


def test_html_main_text_without_page_furniture() -> None:
    [doc] = read_all(HTML)
    assert isinstance(doc, Document)
    assert doc.doc_id == "portal_article"
    assert doc.published == date(2024, 8, 20)
    assert doc.title == "Thái Nguyên: 2.255 tổ công nghệ số cộng đồng đi vào hoạt động"
    assert "đã thành lập 2.255 tổ công nghệ số cộng đồng" in doc.text
    assert "811.319 tài khoản" in doc.text
    for junk in FURNITURE:
        assert junk not in doc.text, junk


def test_html_without_main_text_fails(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>x</title></head><body> </body></html>", "utf-8")
    [item] = read_all(path)
    assert isinstance(item, Failure) and item.reason == "HTML page has no main text"


def test_html_declared_charset_is_used(tmp_path: Path) -> None:
    html = HTML.read_text("utf-8").replace('charset="utf-8"', 'charset="windows-1258"')
    html = html.replace('<meta charset="utf-8">', '<meta charset="windows-1258">')
    path = tmp_path / "old.html"
    path.write_bytes(cp1258(html))
    [doc] = read_all(path)
    assert isinstance(doc, Document)
    assert "đã thành lập 2.255 tổ công nghệ số cộng đồng" in doc.text


# --------------------------------------------------------------------------- WARC


def write_warc(path: Path, pages: list[tuple[str, bytes, str, str]]) -> None:
    """A small WARC: (url, payload, content type, status) responses plus a request record."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=path.name.endswith(".gz"))
        for url, payload, ctype, status in pages:
            req = writer.create_warc_record(
                url,
                "request",
                payload=io.BytesIO(b""),
                length=0,
                http_headers=StatusAndHeaders(f"GET {url} HTTP/1.1", [], is_http_request=True),
            )
            writer.write_record(req)
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(payload),
                length=len(payload),
                http_headers=headers,
            )
            writer.write_record(rec)


def warc_pages() -> list[tuple[str, bytes, str, str]]:
    page2 = HTML.read_text("utf-8").replace("2.255", "3.107").replace("2024-08-20", "2023-05-02")
    return [
        ("https://example.vn/a.html", HTML.read_bytes(), "text/html; charset=utf-8", "200 OK"),
        ("https://example.vn/logo.png", b"\x89PNG\r\n\x1a\n\x00", "image/png", "200 OK"),
        ("https://example.vn/gone", b"<html><body>404</body></html>", "text/html", "404 Not Found"),
        ("https://example.vn/b.html", page2.encode("utf-8"), "text/html", "200 OK"),
    ]


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_warc_html_responses_become_documents(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    write_warc(path, warc_pages())
    docs = read_all(path)
    assert [(d.doc_id, d.url, d.published) for d in docs if isinstance(d, Document)] == [
        ("https://example.vn/a.html", "https://example.vn/a.html", date(2024, 8, 20)),
        ("https://example.vn/b.html", "https://example.vn/b.html", date(2023, 5, 2)),
    ]
    assert len(docs) == 2
    assert isinstance(docs[1], Document) and "3.107 tổ" in docs[1].text
    assert all("A- A A+" not in d.text for d in docs if isinstance(d, Document))


def test_truncated_warc_keeps_the_records_before(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, warc_pages())
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 400])
    items = read_all(path)
    assert isinstance(items[0], Document)
    assert isinstance(items[-1], Failure)
    assert items[-1].reason.startswith("truncated or corrupt WARC after")
