"""`cds-extract extract` over a folder of good files mixed with every broken kind (issue 7).

Runs the real extractor: the good documents must all be processed (including
the Windows-1258, UTF-16 and BOM ones, which are decoded), each broken one must
be in the errors file with a reason, the exit code is 1 and the output is valid.
"""

from __future__ import annotations

import gzip
import json
import os
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from cds_extract import Claim
from cds_extract.cli import main

GOOD = "Tỉnh Thái Nguyên có 2.255 tổ công nghệ số cộng đồng, tỷ lệ hồ sơ trực tuyến đạt 96%."
#: Provenance columns the batch writer adds to each Claim.
_PROVENANCE = ("url", "title", "published", "input", "source_sha1")
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """Windows-1258 bytes as old Vietnamese editors wrote them.

    cp1258 has precomposed `ă â ê ô ơ ư đ` but writes tones as combining marks:
    `ệ` is `ê` + U+0323.
    """
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
        tones = "".join(c for c in decomposed if c in _TONES)
        out += base.encode("cp1258") + tones.encode("cp1258")
    return bytes(out)


def _jsonl(*records: dict[str, Any]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def _truncated_gzip() -> tuple[bytes, int]:
    """A .jsonl.gz cut in half, and how many whole lines the first half still holds."""
    lines = _jsonl(
        *({"id": f"gz{i}", "text": f"{GOOD} Mục {i * 7919 % 10007}."} for i in range(300))
    )
    data = gzip.compress(lines.encode())
    cut = data[: len(data) // 2]
    import zlib

    return cut, zlib.decompressobj(31).decompress(cut).count(b"\n")


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("broken")
    folder = root / "in"
    folder.mkdir()
    files: dict[str, bytes] = {
        # good
        "good.txt": GOOD.encode(),
        "good.jsonl": _jsonl(
            {"id": "j1", "text": GOOD}, {"id": "j2", "text": "Cả nước có 80.000 tổ công nghệ số."}
        ).encode(),
        # decodable
        "windows1258.txt": cp1258(GOOD),
        "utf16.txt": GOOD.encode("utf-16"),
        "utf8bom.txt": b"\xef\xbb\xbf" + GOOD.encode(),
        # broken
        "binary.txt": bytes(range(256)) * 40,
        "empty.txt": b"",
        "blank.txt": b" \n\t\r\n ",
        "undecodable.txt": b"Report \xff\x80\x81 data 2024 \xc3\x28 value 12% of the \xfe total.",
        "malformed.jsonl": (
            _jsonl({"id": "m1", "text": GOOD})
            + '{"id": "m2", "text": "no closing quote\n'
            + "[1, 2, 3]\n"
            + _jsonl({"id": "m3", "text": GOOD})
        ).encode(),
    }
    truncated, whole_lines = _truncated_gzip()
    files["truncated.jsonl.gz"] = truncated
    for name, data in files.items():
        (folder / name).write_bytes(data)
    with (folder / "oversized.txt").open("wb") as fh:  # 50 MB: over the 10 MB default limit
        block = (GOOD + "\n").encode() * 10_000
        for _ in range(50_000_000 // len(block) + 1):
            fh.write(block)
    out, errors = root / "out.jsonl", root / "errors.jsonl"
    code = main(["extract", str(folder), "-o", str(out), "--errors", str(errors),
                 "--progress", "none"])  # fmt: skip
    return {
        "code": code,
        "out": out.read_text("utf-8").splitlines(),
        "errors": [json.loads(x) for x in errors.read_text("utf-8").splitlines()],
        "gz_lines": whole_lines,
    }


def test_exit_code_is_one(run: dict[str, Any]) -> None:
    assert run["code"] == 1


def test_output_is_valid_claims(run: dict[str, Any]) -> None:
    assert run["out"]
    for line in run["out"]:
        row = json.loads(line)
        for key in _PROVENANCE:
            row.pop(key, None)
        claim = Claim.model_validate(row)
        if claim.sentence == GOOD:
            assert GOOD[claim.value_start : claim.value_end] == claim.value_text


@pytest.mark.parametrize(
    "doc_id", ["good", "j1", "j2", "windows1258", "utf16", "utf8bom", "m1", "m3", "gz0"]
)
def test_every_good_document_gives_claims(run: dict[str, Any], doc_id: str) -> None:
    values = {json.loads(x)["value_text"] for x in run["out"] if json.loads(x)["doc_id"] == doc_id}
    assert values >= ({"80.000"} if doc_id == "j2" else {"2.255", "96%"}), values


def test_lines_before_a_gzip_truncation_are_kept(run: dict[str, Any]) -> None:
    ids = {json.loads(x)["doc_id"] for x in run["out"]}
    kept = {i for i in ids if i.startswith("gz")}
    assert len(kept) == run["gz_lines"] > 0


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("binary.txt", "binary"),
        ("empty.txt", "empty"),
        ("blank.txt", "empty"),
        ("undecodable.txt", "undecodable"),
        ("oversized.txt", "too large"),
        ("malformed.jsonl", "malformed JSON on line 2"),
        ("malformed.jsonl", "line 3 is not a JSON object"),
        ("truncated.jsonl.gz", "gzip"),
    ],
)
def test_every_broken_input_is_reported_with_a_reason(
    run: dict[str, Any], name: str, reason: str
) -> None:
    mine = [e for e in run["errors"] if Path(e["path"]).name == name]
    assert any(reason in e["reason"] for e in mine), mine


def test_only_broken_inputs_are_reported(run: dict[str, Any]) -> None:
    broken = {"binary.txt", "empty.txt", "blank.txt", "undecodable.txt", "oversized.txt",
              "malformed.jsonl", "truncated.jsonl.gz"}  # fmt: skip
    assert {Path(e["path"]).name for e in run["errors"]} == broken
    assert len(run["errors"]) == len(broken) + 1  # malformed.jsonl has two bad lines


def test_lone_surrogate_in_jsonl_is_reported_or_extracted(tmp_path: Path) -> None:
    # JSON allows `\ud800`; json.loads turns it into a lone surrogate, which
    # underthesea cannot encode: the document must fail with a reason or give its claims.
    src = tmp_path / "s.jsonl"
    src.write_text('{"id": "s1", "text": "' + GOOD.replace(" tổ ", " tổ \\ud800 ") + '"}\n')
    out, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    code = main(["extract", str(src), "-o", str(out), "--errors", str(errors),
                 "--progress", "none"])  # fmt: skip
    reported = errors.read_text("utf-8").strip() != ""
    values = {json.loads(x)["value_text"] for x in out.read_text("utf-8").splitlines()}
    assert (code == 1 and reported) or values >= {"2.255", "96%"}


@pytest.mark.parametrize("workers", ["1", "2"])
def test_lone_surrogate_in_source_fields_does_not_stop_the_run(
    tmp_path: Path, workers: str
) -> None:
    # `"title": "x\ud800y"` is valid JSON; the title, id and url are copied to every
    # record, and a lone surrogate cannot be written as UTF-8: it comes out as U+FFFD
    # and the run goes on to the next document.
    src = tmp_path / "s.jsonl"
    bad = {"id": "a\\ud800", "text": GOOD, "title": "x\\udc00y", "url": "http://e.vn/\\ud83d"}
    lines = ['{' + ", ".join(f'"{k}": "{v}"' for k, v in bad.items()) + '}',
             json.dumps({"id": "ok", "text": GOOD})]  # fmt: skip
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code = main(["extract", str(src), "-o", str(out), "--workers", workers,
                 "--progress", "none"])  # fmt: skip
    assert code == 0
    records = [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    by_doc = {r["doc_id"]: r for r in records}
    assert set(by_doc) == {"a\ufffd", "ok"}
    assert by_doc["a\ufffd"]["title"] == "x\ufffdy"
    assert by_doc["a\ufffd"]["url"] == "http://e.vn/\ufffd"


def test_file_name_that_is_not_utf8_does_not_stop_the_run(tmp_path: Path) -> None:
    # A file copied from an old Windows archive: its name's bytes are not UTF-8, and
    # Python decodes them as lone surrogates. Its records name it with `\xff` escapes.
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    bad_name = os.path.join(os.fsencode(folder), b"b\xe0i-vi\xeat.txt")
    with open(bad_name, "w", encoding="utf-8") as f:
        f.write(GOOD)
    for fmt in ("jsonl", "csv"):
        out = tmp_path / f"out.{fmt}"
        code = main(["extract", str(folder), "-o", str(out), "--progress", "none"])
        assert code == 0
        text = out.read_text("utf-8")
        assert "b\\xe0i-vi\\xeat.txt" in text.replace("\\\\", "\\")
        assert "good.txt" in text
