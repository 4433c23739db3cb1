"""Batch outputs: claims as JSONL, CSV or Parquet, written so that nothing is lost.

Each document's records form one block; blocks are written and flushed in
batches (every half second or megabyte), and only then does a marker line per
document go to the sidecar ``OUT.done`` (doc id, content hash, number of claims,
byte offset where the block ends). ``--resume`` cuts the output back to the
last marked offset — a half-written batch from a crash disappears and is redone —
and skips every marked document, including those that had no claims.
Parquet cannot be appended to, so its rows are staged in ``OUT.staging.jsonl``
(same guarantees) and converted when the run stops.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import time
import types
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from pathlib import Path
from typing import IO, Any, Protocol, runtime_checkable

from .._fields import arrow_type, claim_fields
from ..claim import Claim
from ..errors import MissingExtraError
from .readers import Document

#: Fields after the Claim fields in every record: where the claim came from.
SOURCE_FIELDS = ("url", "title", "published", "input", "source_sha1")
CLAIM_FIELDS = tuple(Claim.model_fields)
FIELDS = CLAIM_FIELDS + SOURCE_FIELDS
FORMATS = ("jsonl", "csv", "parquet")

# The Claim fields whose values `model_dump(mode="json")` turns into str: dates (ISO) and
# enums (their value). Every other field holds a str, int, float or None already.
_DATE_FIELDS = tuple(name for name, py, _ in claim_fields() if py is date)
_ENUM_FIELDS = tuple(name for name, py, _ in claim_fields() if issubclass(py, Enum))
#: `json.dumps(record, ensure_ascii=False)` without building an encoder per record.
_JSON = json.JSONEncoder(ensure_ascii=False)


def record_for(claim: Claim, doc: Document) -> dict[str, Any]:
    """One output record: the Claim's fields (JSON types) plus the source fields.

    Equal to ``claim.model_dump(mode="json")`` plus the source fields (a test holds
    them to it), built from the validated field values at a fifth of the cost.
    """
    rec: dict[str, Any] = dict(claim.__dict__)
    for name in _DATE_FIELDS:
        value = rec[name]
        if value is not None:
            rec[name] = value.isoformat()
    for name in _ENUM_FIELDS:
        value = rec[name]
        if value is not None:
            rec[name] = value.value
    rec["doc_id"] = doc.doc_id
    rec["url"] = doc.url
    rec["title"] = doc.title
    rec["published"] = doc.published.isoformat() if doc.published else None
    rec["input"] = doc.path
    rec["source_sha1"] = doc.sha1
    return rec


def format_for(path: str, explicit: str | None) -> str:
    """Output format from ``--format`` or the output file's extension (JSONL by default)."""
    if explicit:
        return explicit
    low = path.lower()
    if low.endswith(".csv"):
        return "csv"
    if low.endswith((".parquet", ".pq")):
        return "parquet"
    return "jsonl"


# --------------------------------------------------------------------------- done log


@dataclass
class DoneState:
    """What an earlier run finished: (doc id, sha1) pairs and where its output ends."""

    done: set[tuple[str, str]] = field(default_factory=set)
    end: int = 0
    claims: int = 0


def done_path(out: str) -> str:
    return out + ".done"


def load_done(path: str) -> DoneState:
    """Read a sidecar, dropping a truncated last line (and rewriting the file without it)."""
    state = DoneState()
    if not os.path.exists(path):
        return state
    good = 0
    with open(path, "rb") as fh:
        for line in fh:
            if not line.endswith(b"\n"):
                break
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                break
            if "doc_id" in rec:
                state.done.add((rec["doc_id"], rec["sha1"]))
                state.claims += int(rec.get("claims", 0))
            state.end = int(rec["end"])
            good += len(line)
    if good != os.path.getsize(path):
        with open(path, "r+b") as fh:
            fh.truncate(good)
    return state


def scan_jsonl_output(path: str) -> DoneState:
    """Rebuild the done state from a JSONL output whose sidecar is gone.

    Documents with no claims are not in the output, so they are redone; the
    last document in the file may be incomplete, so its lines are dropped too.
    """
    state = DoneState()
    if not os.path.exists(path):
        return state
    last_key: tuple[str, str] | None = None
    last_start = 0
    pos = 0
    with open(path, "rb") as fh:
        for line in fh:
            if not line.endswith(b"\n"):
                break
            try:
                rec = json.loads(line)
                key = (str(rec["doc_id"]), str(rec["source_sha1"]))
            except (json.JSONDecodeError, KeyError, TypeError):
                break
            if key != last_key:
                if last_key is not None:
                    state.done.add(last_key)
                last_key, last_start = key, pos
            pos += len(line)
            state.claims += 1
    state.end = last_start if last_key is not None else pos
    state.claims = 0  # recount is not worth it: only used for the summary
    return state


# --------------------------------------------------------------------------- writers


class ClaimWriter(Protocol):
    def write_document(self, doc: Document, claims: list[Claim]) -> None: ...

    def close(self, complete: bool) -> None: ...


@runtime_checkable
class BlockWriter(ClaimWriter, Protocol):
    """A writer whose bytes per document are `encode_block(fmt, doc, claims)`, so that
    worker processes can encode them and the parent only has to write them."""

    fmt: str

    def write_block(self, doc: Document, claims: int, block: bytes) -> None: ...


def encode_block(fmt: str, doc: Document, claims: list[Claim]) -> bytes:
    """One document's records as JSONL or CSV lines (CSV without the header)."""
    records = [record_for(c, doc) for c in claims]
    if fmt == "csv":
        return _csv_rows([[_csv_cell(r[k]) for k in FIELDS] for r in records])
    return "".join([_JSON.encode(r) + "\n" for r in records]).encode("utf-8")


def _csv_rows(rows: list[list[Any]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


class _Sidecar:
    def __init__(self, path: str, append: bool) -> None:
        self._fh = open(path, "ab" if append else "wb")

    def mark(self, marks: list[tuple[Document, int, int]]) -> None:
        """One line per (document, number of claims, end offset of its block)."""
        self._fh.write(
            b"".join(
                json.dumps(
                    {"doc_id": doc.doc_id, "sha1": doc.sha1, "claims": claims, "end": end},
                    ensure_ascii=False,
                ).encode("utf-8")
                + b"\n"
                for doc, claims, end in marks
            )
        )
        self._fh.flush()

    def checkpoint(self, end: int) -> None:
        self._fh.write(json.dumps({"checkpoint": True, "end": end}).encode() + b"\n")
        self._fh.flush()

    def close(self) -> None:
        self._fh.close()


def _csv_cell(value: Any) -> Any:
    return "" if value is None else value


#: Finished documents wait in memory at most this long / this many bytes before they
#: are written: one write per batch, not per document (a write costs ~0.1-0.6 ms).
_FLUSH_SECONDS = 0.5
_FLUSH_BYTES = 1 << 20


class LineWriter:
    """JSONL or CSV output to a file (with sidecar, resumable) or to stdout."""

    def __init__(self, out: str, fmt: str, *, resume_at: int | None = None) -> None:
        self.fmt = fmt
        self._stdout = out == "-"
        self._sidecar: _Sidecar | None = None
        self._pending: list[bytes] = []
        self._pending_bytes = 0
        self._marks: list[tuple[Document, int, int]] = []
        self._last_flush = time.monotonic()
        if self._stdout:
            self._fh: IO[bytes] = sys.stdout.buffer
            start = 0
        else:
            Path(out).parent.mkdir(parents=True, exist_ok=True)
            if resume_at is not None and os.path.exists(out):
                self._fh = open(out, "r+b")
                self._fh.truncate(resume_at)
                self._fh.seek(resume_at)
                start = resume_at
            else:
                self._fh = open(out, "wb")
                start = 0
            self._sidecar = _Sidecar(done_path(out), append=resume_at is not None)
        if fmt == "csv" and start == 0:
            header = _csv_rows([list(FIELDS)])
            self._fh.write(header)
            self._fh.flush()
            start = len(header)
        self._end = start  # where the output ends once every pending block is written

    def write_document(self, doc: Document, claims: list[Claim]) -> None:
        self.write_block(doc, len(claims), encode_block(self.fmt, doc, claims))

    def write_block(self, doc: Document, claims: int, block: bytes) -> None:
        """Write `doc`'s records, already encoded (by `encode_block`, maybe in a worker)."""
        if block:
            self._pending.append(block)
            self._pending_bytes += len(block)
            self._end += len(block)
        self._marks.append((doc, claims, self._end))
        if (
            self._pending_bytes >= _FLUSH_BYTES
            or time.monotonic() - self._last_flush >= _FLUSH_SECONDS
        ):
            self.flush()

    def flush(self) -> None:
        """Write the pending blocks, then (only then) mark their documents done.

        The buffers are taken before writing: a write cut short (a second Ctrl-C, a
        full disk) is then not written again by `close`; its documents stay unmarked
        and `--resume` cuts the partial bytes and redoes them.
        """
        data, marks = b"".join(self._pending), self._marks
        self._pending, self._marks, self._pending_bytes = [], [], 0
        if data:
            self._fh.write(data)
        self._fh.flush()
        if self._sidecar is not None and marks:
            self._sidecar.mark(marks)
        self._last_flush = time.monotonic()

    def checkpoint(self) -> None:
        self.flush()
        if self._sidecar is not None:
            self._sidecar.checkpoint(self._end)

    def close(self, complete: bool) -> None:
        self.flush()
        if not self._stdout:
            self._fh.close()
        if self._sidecar is not None:
            self._sidecar.close()


class ParquetWriter:
    """Parquet output staged through a resumable JSONL file, converted on close."""

    def __init__(self, out: str, *, resume_at: int | None = None) -> None:
        _pyarrow()
        self.out = out
        self.staging = out + ".staging.jsonl"
        rebuilt = False
        if resume_at is not None and not os.path.exists(self.staging) and os.path.exists(out):
            # The earlier run completed and removed its staging file: rebuild it.
            parquet_to_jsonl(out, self.staging)
            resume_at = os.path.getsize(self.staging)
            rebuilt = True
        self._lines = LineWriter(self.staging, "jsonl", resume_at=resume_at)
        if rebuilt:
            self._lines.checkpoint()

    fmt = "jsonl"  # of the staging file, which is what `write_block` writes to

    def write_document(self, doc: Document, claims: list[Claim]) -> None:
        self._lines.write_document(doc, claims)

    def write_block(self, doc: Document, claims: int, block: bytes) -> None:
        self._lines.write_block(doc, claims, block)

    def close(self, complete: bool) -> None:
        self._lines.close(complete)
        # The sidecar names the staging file's done marks; the real sidecar is OUT.done.
        jsonl_to_parquet(self.staging, self.out)
        if complete:
            os.remove(self.staging)


def open_writer(out: str, fmt: str, *, resume_at: int | None) -> ClaimWriter:
    if fmt == "parquet":
        return ParquetWriter(out, resume_at=resume_at)
    return LineWriter(out, fmt, resume_at=resume_at)


def resume_paths(out: str, fmt: str) -> tuple[str, str]:
    """(file whose bytes the sidecar offsets refer to, sidecar path)."""
    if fmt == "parquet":
        staging = out + ".staging.jsonl"
        return staging, done_path(staging)
    return out, done_path(out)


# --------------------------------------------------------------------------- parquet


def _pyarrow() -> types.ModuleType:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise MissingExtraError.for_extra("batch", "pyarrow") from exc
    module: types.ModuleType = pyarrow
    return module


def arrow_schema() -> Any:
    """The typed Parquet schema: every Claim field, then the source fields."""
    pa = _pyarrow()
    cols = [pa.field(name, arrow_type(pa, py)) for name, py, _ in claim_fields()]
    cols += [
        pa.field("url", pa.string()),
        pa.field("title", pa.string()),
        pa.field("published", pa.date32()),
        pa.field("input", pa.string()),
        pa.field("source_sha1", pa.string()),
    ]
    return pa.schema(cols)


def _iter_jsonl(path: str) -> Iterator[dict[str, Any]]:
    with open(path, "rb") as fh:
        for line in fh:
            if line.endswith(b"\n"):
                yield json.loads(line)


def jsonl_to_parquet(src: str, dst: str, batch_rows: int = 20_000) -> None:
    """Convert JSONL records to a typed Parquet file in bounded batches (atomic replace)."""
    pa = _pyarrow()
    import pyarrow.parquet as pq

    schema = arrow_schema()
    date_cols = [f.name for f in schema if pa.types.is_date32(f.type)]
    tmp = dst + ".tmp"
    with pq.ParquetWriter(tmp, schema) as writer:
        batch: list[dict[str, Any]] = []
        for rec in _iter_jsonl(src):
            for col in date_cols:
                if rec.get(col):
                    rec[col] = date.fromisoformat(rec[col])
            batch.append(rec)
            if len(batch) >= batch_rows:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch = []
        if batch:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
    os.replace(tmp, dst)


def parquet_to_jsonl(src: str, dst: str) -> None:
    """Write a Parquet claims file back as JSONL records (for resuming a finished run)."""
    _pyarrow()
    import pyarrow.parquet as pq

    with open(dst, "wb") as out:
        for batch in pq.ParquetFile(src).iter_batches():
            for rec in batch.to_pylist():
                for key, value in rec.items():
                    if isinstance(value, date):
                        rec[key] = value.isoformat()
                out.write(json.dumps(rec, ensure_ascii=False).encode("utf-8") + b"\n")
