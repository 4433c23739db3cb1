"""Batch inputs: turn paths (files, folders, archives, stdin) into a stream of documents.

Everything here is a generator: an 18,000-article ``.jsonl.gz`` or a folder of
a million files is read one document at a time. A document that cannot be read
becomes a `Failure` in the same stream (with the reason a user can act on)
instead of stopping the run.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import sys
import unicodedata
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from fnmatch import fnmatch
from pathlib import Path
from typing import IO, Any

import regex

from ..errors import InputReadError, MissingExtraError

DEFAULT_MAX_BYTES = 10_000_000

#: Extensions read when walking a folder (a single named file is sniffed instead).
FOLDER_SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".jsonl.gz", ".warc", ".warc.gz")

# Marks only Vietnamese uses among Latin-script languages, seen in NFD form:
# breve (ă), horn (ơ ư), hook above (ả), dot below (ạ), and đ. French `é`,
# `è`, `â` do not count, so a Latin-1 file is not taken for Windows-1258.
# Vietnamese news has ~17% such letters (median over the corpus); 4% is the bar.
_VI_MARK = regex.compile("[\u0306\u031b\u0309\u0323\u0111\u0110]")
_LETTER = regex.compile(r"\p{L}")
# Lone surrogates come from two places: a JSON string's `\ud800` (json.loads keeps it)
# and a file name that is not UTF-8 (`bad\xff.txt`: Python decodes the byte as U+DCFF).
# No UTF-8 writer accepts them, and the id, path, url and title are copied to every
# record and error line: there they become `\xff` (the file name's byte) or U+FFFD.
_SURROGATE = regex.compile(r"[\ud800-\udfff]")
_ISO_DATE = regex.compile(r"(\d{4})-(\d{2})-(\d{2})")
_META_CHARSET = regex.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_-]{1,40})""", regex.I
)


def printable(s: str) -> str:
    """``s`` writable as UTF-8: a file name's undecodable byte as `\\xff`, any other
    lone surrogate as U+FFFD (see `_SURROGATE`).

    >>> printable("bad\\udcff.txt"), printable("x\\ud800y")
    ('bad\\\\xff.txt', 'x\\ufffdy')
    """
    return str(_SURROGATE.sub(_printable_char, s))


def _printable_char(m: regex.Match[str]) -> str:
    code = ord(m[0])
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else "\ufffd"


def _printable_fields(obj: object, names: tuple[str, ...]) -> None:
    """Make the str fields ``names`` of a frozen dataclass `printable`, in place."""
    for name in names:
        value = getattr(obj, name)
        if value is not None and _SURROGATE.search(value):
            object.__setattr__(obj, name, printable(value))


@dataclass(frozen=True, slots=True)
class Document:
    """One article to extract from, with where it came from."""

    doc_id: str
    text: str
    path: str
    published: date | None = None
    url: str | None = None
    title: str | None = None
    sha1: str = field(default="")

    def __post_init__(self) -> None:
        if not self.sha1:
            object.__setattr__(self, "sha1", content_sha1(self.text))
        # the text goes to extract as it is (the claims' strings are made printable there)
        _printable_fields(self, ("doc_id", "path", "url", "title"))


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not be turned into a document, and why."""

    path: str
    doc_id: str | None
    reason: str

    def __post_init__(self) -> None:
        _printable_fields(self, ("path", "doc_id", "reason"))


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How inputs are read: JSONL field names, size limit, folder filter."""

    id_field: str = "id"
    text_field: str = "text"
    published_field: str = "published"
    url_field: str = "url"
    title_field: str = "title"
    max_bytes: int = DEFAULT_MAX_BYTES
    glob: str | None = None
    stdin_format: str = "auto"


Item = Document | Failure


def content_sha1(text: str) -> str:
    """Hash of the document text, the resume key together with the doc id."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def parse_date(value: Any) -> date | None:
    """`2024-08-20`, `2024-08-20T08:15:00+07:00` → date; anything else → None.

    >>> parse_date("2024-08-20T08:15:00+07:00")
    datetime.date(2024, 8, 20)
    >>> parse_date("N/A") is None
    True
    """
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    m = _ISO_DATE.match(value.strip())
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


# --------------------------------------------------------------------------- decoding


def decode_text(data: bytes, declared: str | None = None) -> str:
    """Bytes of a text document → str, or `InputReadError` saying why not.

    UTF-8 (with or without BOM) and UTF-16 with a BOM are taken as they are;
    a declared charset (HTTP header, ``<meta charset>``) comes next; old
    Vietnamese files in Windows-1258 are accepted only when the result reads
    as Vietnamese (decomposed tone marks recomposed to NFC).

    >>> decode_text("Hà Nội".encode("utf-16"))
    'Hà Nội'
    >>> decode_text(b"H\\xe0 N\\xf4\\xf2i")  # Windows-1258: 0xF2 is a combining dot below
    'Hà Nội'
    """
    if not data.strip():
        raise InputReadError("empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _check_text(data.decode("utf-16"))
        except UnicodeDecodeError as exc:
            raise InputReadError(f"bad UTF-16: {exc.reason} at byte {exc.start}") from exc
    if b"\x00" in data[:65536]:
        raise InputReadError("binary content (NUL bytes)")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return _check_text(data.decode("utf-8"))
    except UnicodeDecodeError as utf8_error:
        first_bad = utf8_error.start
    if (
        declared
        and _codec_ok(declared)
        and declared.lower().replace("_", "-")
        not in (
            "utf-8",
            "utf8",
        )
    ):
        try:
            return _check_text(unicodedata.normalize("NFC", data.decode(declared)))
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        text = unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError:
        text = ""
    if text and _looks_vietnamese(text):
        return _check_text(text)
    raise InputReadError(
        f"undecodable: not UTF-8 (bad byte at {first_bad}), no UTF-16 BOM, "
        "and not Windows-1258 Vietnamese text"
    )


def _codec_ok(name: str) -> bool:
    import codecs

    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def _looks_vietnamese(text: str) -> bool:
    sample = unicodedata.normalize("NFD", text[:20000])
    letters = len(_LETTER.findall(sample))
    return letters > 0 and len(_VI_MARK.findall(sample)) / letters >= 0.04


def _check_text(text: str) -> str:
    """Reject decoded text that is mostly control characters (a binary file in disguise)."""
    sample = text[:65536]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\n\r\t\f\v\x08")
    if controls > max(8, len(sample) // 100):
        raise InputReadError("binary content (control characters)")
    if not text.strip():
        raise InputReadError("empty")
    return text


# --------------------------------------------------------------------------- walking


def iter_documents(paths: Iterable[str], options: ReadOptions | None = None) -> Iterator[Item]:
    """Every document (or failure) under `paths`, in a stable order.

    Folders are walked recursively in sorted order and only files with a known
    suffix (or matching ``options.glob``) are read; a file named explicitly is
    read whatever its name, its format sniffed from its first bytes.
    """
    opts = options or ReadOptions()
    for raw in paths:
        if raw == "-":
            yield from _read_stdin(opts)
            continue
        path = Path(raw)
        if path.is_dir():
            for file in _walk(path, opts):
                yield from read_file(file, opts, doc_id_base=path, from_folder=True)
        else:
            yield from read_file(path, opts, doc_id_base=None, from_folder=False)


def count_single_documents(paths: Iterable[str], options: ReadOptions | None = None) -> int | None:
    """Number of documents to expect (JSONL lines count), or None when unknown (WARC, stdin)."""
    opts = options or ReadOptions()
    total = 0
    for raw in paths:
        if raw == "-":
            return None
        path = Path(raw)
        files = list(_walk(path, opts)) if path.is_dir() else [path]
        for file in files:
            kind = _kind_by_name(file)
            if kind == "jsonl":
                total += _count_lines(file)
            elif kind in ("txt", "html"):
                total += 1
            else:
                return None
    return total


def _count_lines(path: Path) -> int:
    """Lines of a (gzipped) JSONL file: a quick pass so the progress bar can show an ETA."""
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    n = 0
    try:
        with opener(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                n += chunk.count(b"\n")
    except (OSError, EOFError, zlib.error):
        pass
    return n


def _walk(root: Path, opts: ReadOptions) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            if opts.glob is not None:
                if fnmatch(name, opts.glob):
                    yield Path(dirpath) / name
            elif name.lower().endswith(FOLDER_SUFFIXES):
                yield Path(dirpath) / name


def _kind_by_name(path: Path) -> str | None:
    name = path.name.lower()
    for suffix, kind in (
        (".jsonl.gz", "jsonl"),
        (".jsonl", "jsonl"),
        (".ndjson", "jsonl"),
        (".warc.gz", "warc"),
        (".warc", "warc"),
        (".html", "html"),
        (".htm", "html"),
        (".txt", "txt"),
    ):
        if name.endswith(suffix):
            return kind
    return None


def _sniff(head: bytes) -> str:
    """Format of an unnamed input from its first bytes."""
    if head.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(31).decompress(head)
        except zlib.error:
            return "txt"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"WARC/"):
        return "warc"
    if stripped.startswith(b"{"):
        return "jsonl"
    low = stripped[:1024].lower()
    if low.startswith((b"<!doctype html", b"<html")) or b"<body" in low or b"<head" in low:
        return "html"
    return "txt"


def _doc_id_for(path: Path, base: Path | None) -> str:
    """`samples/000.txt` → `000`; `corpus/2024/a.txt` (folder `corpus`) → `2024/a`."""
    rel = path.relative_to(base) if base is not None else Path(path.name)
    name = rel.name
    for suffix in (".txt", ".html", ".htm"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    return (rel.parent / name).as_posix() if str(rel.parent) != "." else name


def read_file(
    path: Path, opts: ReadOptions, *, doc_id_base: Path | None, from_folder: bool
) -> Iterator[Item]:
    """The documents in one file, whatever its format."""
    spath = str(path)
    kind = _kind_by_name(path)
    if kind is None:
        try:
            with open(path, "rb") as fh:
                kind = _sniff(fh.read(4096))
        except OSError as exc:
            yield Failure(spath, None, f"cannot open: {exc.strerror or exc}")
            return
    if kind == "jsonl":
        yield from _read_jsonl_path(path, opts, from_folder=from_folder)
    elif kind == "warc":
        yield from _read_warc_path(path, opts)
    else:
        doc_id = _doc_id_for(path, doc_id_base)
        try:
            size = path.stat().st_size
            if size > opts.max_bytes:
                raise InputReadError(_too_large(size, opts.max_bytes))
            data = path.read_bytes()
            if path.name.lower().endswith(".gz"):
                data = _gunzip_all(data)
            if kind == "html":
                yield html_document(data, doc_id=doc_id, path=spath, url=None)
            else:
                yield Document(doc_id=doc_id, text=decode_text(data), path=spath)
        except InputReadError as exc:
            yield Failure(spath, doc_id, _reason(exc))
        except OSError as exc:
            yield Failure(spath, doc_id, f"cannot read: {exc.strerror or exc}")


def _reason(exc: InputReadError) -> str:
    return str(exc.args[0]) if exc.args else str(exc)


def _too_large(size: int, limit: int) -> str:
    return f"too large: {size:,} bytes > --max-bytes {limit:,}"


def _gunzip_all(data: bytes) -> bytes:
    try:
        return gzip.decompress(data)
    except (EOFError, OSError, zlib.error) as exc:
        raise InputReadError(f"truncated or corrupt gzip: {exc}") from exc


# --------------------------------------------------------------------------- stdin


def _read_stdin(opts: ReadOptions) -> Iterator[Item]:
    stream: IO[bytes] = sys.stdin.buffer
    kind = opts.stdin_format
    if kind == "auto":
        head = stream.peek(4096)[:4096] if isinstance(stream, io.BufferedReader) else b""
        kind = _sniff(head) if head else "txt"
    if kind == "jsonl":
        yield from _read_jsonl_stream(stream, "-", opts, from_folder=False)
        return
    if kind == "warc":
        yield from _read_warc_stream(stream, "-", opts)
        return
    data = stream.read(opts.max_bytes + 1)
    if len(data) > opts.max_bytes:
        yield Failure("-", "stdin", f"too large: more than --max-bytes {opts.max_bytes:,}")
        return
    try:
        if kind == "html":
            yield html_document(data, doc_id="stdin", path="-", url=None)
        else:
            yield Document(doc_id="stdin", text=decode_text(data), path="-")
    except InputReadError as exc:
        yield Failure("-", "stdin", _reason(exc))


# --------------------------------------------------------------------------- JSONL


def _read_jsonl_path(path: Path, opts: ReadOptions, *, from_folder: bool) -> Iterator[Item]:
    spath = str(path)
    try:
        raw: IO[bytes] = open(path, "rb")
    except OSError as exc:
        yield Failure(spath, None, f"cannot open: {exc.strerror or exc}")
        return
    with raw:
        magic = raw.read(2)
        raw.seek(0)
        stream: IO[bytes] = (
            gzip.GzipFile(fileobj=raw) if magic == b"\x1f\x8b" else raw  # type: ignore[assignment]
        )
        yield from _read_jsonl_stream(stream, spath, opts, from_folder=from_folder)


def _bounded_lines(stream: IO[bytes], limit: int) -> Iterator[bytes | int]:
    """Lines of `stream`; a line longer than `limit` is skipped and yields its length."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            size = len(line)
            while True:
                more = stream.readline(1 << 20)
                size += len(more)
                if not more or more.endswith(b"\n"):
                    break
            yield size
            continue
        yield line


def _read_jsonl_stream(
    stream: IO[bytes], spath: str, opts: ReadOptions, *, from_folder: bool
) -> Iterator[Item]:
    lineno = 0
    first = True
    try:
        for line in _bounded_lines(stream, opts.max_bytes):
            lineno += 1
            where = f"{spath}:{lineno}"
            if isinstance(line, int):
                yield Failure(spath, where, _too_large(line, opts.max_bytes) + f" (line {lineno})")
                first = False
                continue
            if not line.strip():
                continue
            item = _jsonl_record(line, lineno, spath, opts)
            if (
                first
                and from_folder
                and isinstance(item, Failure)
                and "no text field" in item.reason
            ):
                # A folder may hold JSONL that is not an article dump (e.g. gold
                # annotations next to the texts): skip such a file as a whole.
                print(
                    f"cds-extract: skipping {spath}: first record has no "
                    f"{opts.text_field!r} field (not an article dump)",
                    file=sys.stderr,
                )
                return
            first = False
            yield item
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        yield Failure(spath, None, f"truncated or corrupt gzip after line {lineno}: {exc}")
    except OSError as exc:
        yield Failure(spath, None, f"read error after line {lineno}: {exc}")


def _jsonl_record(line: bytes, lineno: int, spath: str, opts: ReadOptions) -> Item:
    where = f"{spath}:{lineno}"
    try:
        rec = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        msg = exc.msg if isinstance(exc, json.JSONDecodeError) else exc.reason
        return Failure(spath, where, f"malformed JSON on line {lineno}: {msg}")
    if not isinstance(rec, dict):
        return Failure(spath, where, f"line {lineno} is not a JSON object")
    raw_id = rec.get(opts.id_field)
    doc_id = str(raw_id) if raw_id not in (None, "") else where
    text = rec.get(opts.text_field)
    if text is None:
        return Failure(spath, doc_id, f"no text field {opts.text_field!r} on line {lineno}")
    if not isinstance(text, str):
        return Failure(spath, doc_id, f"field {opts.text_field!r} is not a string on line {lineno}")
    if not text.strip():
        return Failure(spath, doc_id, f"empty text on line {lineno}")
    return Document(
        doc_id=doc_id,
        text=text,
        path=spath,
        published=parse_date(rec.get(opts.published_field)),
        url=_opt_str(rec.get(opts.url_field)),
        title=_opt_str(rec.get(opts.title_field)),
    )


def _opt_str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


# --------------------------------------------------------------------------- HTML


def html_document(
    data: bytes, *, doc_id: str, path: str, url: str | None, declared: str | None = None
) -> Document:
    """Main text of an HTML page (trafilatura), its title and publication date.

    Menus, font-size widgets (`A- A A+`), rating footers, share bars and
    related-news lists are page furniture that trafilatura leaves out, so
    their numbers never reach the extractor.
    """
    try:
        import trafilatura
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise MissingExtraError.for_extra("batch", "trafilatura") from exc
    if declared is None:
        m = _META_CHARSET.search(data[:4096])
        declared = m[1].decode("ascii") if m else None
    html = decode_text(data, declared)
    result = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        # Only a date the page states in its metadata; no guessing from body text.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = getattr(result, "text", None) if result is not None else None
    if not text or not text.strip():
        raise InputReadError("HTML page has no main text")
    return Document(
        doc_id=doc_id,
        text=text,
        path=path,
        published=parse_date(getattr(result, "date", None)),
        url=url or _opt_str(getattr(result, "url", None)),
        title=_opt_str(getattr(result, "title", None)),
    )


# --------------------------------------------------------------------------- WARC


_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHARSET = regex.compile(r"charset\s*=\s*\"?([A-Za-z0-9_-]{1,40})", regex.I)


def _read_warc_path(path: Path, opts: ReadOptions) -> Iterator[Item]:
    spath = str(path)
    try:
        fh = open(path, "rb")
    except OSError as exc:
        yield Failure(spath, None, f"cannot open: {exc.strerror or exc}")
        return
    with fh:
        yield from _read_warc_stream(fh, spath, opts)


def _read_warc_stream(stream: IO[bytes], spath: str, opts: ReadOptions) -> Iterator[Item]:
    """HTML responses of a WARC archive; other records (requests, images, …) are passed over."""
    try:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise MissingExtraError.for_extra("batch", "warcio") from exc
    count = 0
    try:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            ctype = (record.http_headers.get_header("Content-Type") or "").lower()
            status = record.http_headers.get_statuscode() or ""
            if not ctype.startswith(_HTML_TYPES) or not status.startswith("2"):
                continue
            count += 1
            url = record.rec_headers.get_header("WARC-Target-URI")
            doc_id = url or record.rec_headers.get_header("WARC-Record-ID") or f"{spath}#{count}"
            payload = record.content_stream().read(opts.max_bytes + 1)
            if len(payload) > opts.max_bytes:
                yield Failure(spath, doc_id, f"too large: more than --max-bytes {opts.max_bytes:,}")
                continue
            if len(payload) <= opts.max_bytes and getattr(record.raw_stream, "limit", 0) > 0:
                # The record declares more bytes than the file holds: cut off.
                raise EOFError(f"record {doc_id} is cut short")
            m = _CHARSET.search(ctype)
            try:
                yield html_document(
                    payload, doc_id=doc_id, path=spath, url=url, declared=m[1] if m else None
                )
            except InputReadError as exc:
                yield Failure(spath, doc_id, _reason(exc))
    except (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError) as exc:
        yield Failure(spath, None, f"truncated or corrupt WARC after {count} responses: {exc}")
