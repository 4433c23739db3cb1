"""What start-up derives from ``patterns/``, kept between runs: compiled regex programs
and the parsed pattern files. A process then starts without redoing either.

- **Regex programs.** `regex` parses a pattern in Python and hands the program it
  builds to its C engine. For this package's ~170 lexicon-built patterns (gazetteers,
  date and unit words) that takes ~0.13 s, a quarter of a short CLI run. The program
  is what `pickle` stores for a compiled pattern (``Pattern._pickled_data``); it is
  kept as JSON, keyed by pattern and flags, and the pattern is built from it with the
  call `pickle` would make (``_regex.compile``), ~30x faster. Read back only by the
  same `regex` version and Python.
- **Pattern files.** PyYAML takes ~45 ms for the 12 YAML files (in Python even with
  libyaml: every scalar goes through its resolver); their data is kept as JSON, keyed by
  file name and content hash, and read back only by the same PyYAML and the same
  `_resources` module. It is still validated by its pydantic schema at every load.

The cache only saves time. Results do not depend on it: a missing, stale, corrupt,
foreign or unwritable cache means the work is done the usual way (logged at DEBUG).

``CDS_EXTRACT_CACHE``: the directory to keep it in; ``off`` (or ``0``, empty) uses none.
By default, the platform's user cache directory (``~/.cache/cds_extract`` on Linux).
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import regex

from . import _rx

log = logging.getLogger("cds_extract")

ENV = "CDS_EXTRACT_CACHE"
_OFF = frozenset({"", "0", "off", "no", "false", "none"})
_FORMAT = 2
_PY = f"py{sys.version_info[0]}{sys.version_info[1]}"
#: Entries a file keeps at most; past it a save keeps only what this process added
#: (a checkout whose pattern files keep changing would otherwise grow the file forever).
_MAX_ENTRIES = 2000


class _Store:
    """One cache file: the entries read from it, those added since.

    The file is a header line (format, tag, SHA-256 of the rest) and the entries as one
    JSON object: a truncated, torn or bit-flipped file fails the checksum and is not
    read. Nothing here raises: whatever goes wrong, the store is empty or unsaved.
    """

    def __init__(self, path: Path | None, tag: str) -> None:
        self.path = path
        self.tag = tag  # what wrote the entries: another tag's entries are not read
        self.stored: dict[str, Any] = {}
        self.added: dict[str, Any] = {}
        try:
            self._read()
        except Exception as exc:  # a folder of another user, a RecursionError in JSON …
            log.debug("cds_extract: cache %s unreadable: %s", self.path, exc)

    def _read(self) -> None:
        if self.path is None or not self.path.is_file():
            return
        if os.name == "posix":
            # Only a file of this user that no one else can write: its regex programs run
            # in the C engine unchecked, as an unpickled pattern's would.
            st = self.path.stat()
            if st.st_uid != os.getuid() or st.st_mode & 0o022:
                log.debug("cds_extract: cache %s ignored: not private", self.path)
                return
        head, _, body = self.path.read_bytes().partition(b"\n")
        header = json.loads(head)
        if not (
            isinstance(header, dict)
            and header.get("format") == _FORMAT
            and header.get("tag") == self.tag
        ):
            return
        if header.get("sha256") != hashlib.sha256(body).hexdigest():
            log.debug("cds_extract: cache %s ignored: checksum", self.path)
            return
        entries = json.loads(body)
        if isinstance(entries, dict):
            self.stored = entries

    def get(self, key: str) -> Any:
        return self.stored.get(key)

    def drop(self, key: str) -> None:
        self.stored.pop(key, None)

    def add(self, key: str, value: Any) -> None:
        if self.path is not None:
            self.added[key] = value

    def save(self) -> None:
        if self.path is None or not self.added:
            return
        entries = {**self.stored, **self.added}
        if len(entries) > _MAX_ENTRIES:
            entries = dict(self.added)
        try:
            body = json.dumps(entries, ensure_ascii=False, separators=(",", ":")).encode()
            header = {
                "format": _FORMAT,
                "tag": self.tag,
                "sha256": hashlib.sha256(body).hexdigest(),
            }
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".cache-", suffix=".tmp", dir=self.path.parent)
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(json.dumps(header).encode() + b"\n" + body)
                os.replace(tmp, self.path)  # atomic: a concurrent reader sees old or new
            except BaseException:
                os.unlink(tmp)
                raise
        except Exception as exc:  # read-only home, full disk, an unencodable key …
            log.debug("cds_extract: cache %s not written: %s", self.path, exc)
            self.path = None  # stop trying in this process
            self.added = {}
            return
        self.stored, self.added = entries, {}


def _folder() -> Path | None:
    configured = os.environ.get(ENV)
    if configured is not None:
        if configured.strip().lower() in _OFF:
            return None
        return Path(configured).expanduser()
    from platformdirs import user_cache_dir  # lazy: only where the cache is used

    return Path(user_cache_dir("cds_extract", appauthor=False))


_stores: dict[str, _Store] = {}


def _store(kind: str) -> _Store:
    """The process's store of ``kind`` (`regex` or `patterns`), read at first use."""
    found = _stores.get(kind)
    if found is None:
        try:
            found = _new_store(kind)
        except Exception as exc:  # no home directory for `~`, no loader file to hash …
            log.debug("cds_extract: %s cache off: %s", kind, exc)
            found = _Store(None, "")
        _stores[kind] = found
    return found


def _new_store(kind: str) -> _Store:
    folder = _folder()
    if kind == "regex":
        tag = f"regex {regex.__version__} {_PY}"
        name = f"regex-{regex.__version__}-{_PY}.json"
    else:
        import yaml

        from . import _resources

        # the parser is PyYAML plus `_resources`' own construction of its nodes; a zip
        # import has no file to hash (TypeError): no cache then
        code = hashlib.sha1(Path(_resources.__file__).read_bytes()).hexdigest()[:12]
        tag = f"pyyaml {yaml.__version__} {_PY} _resources {code}"
        name = f"patterns-{yaml.__version__}-{_PY}-{code}.json"
    return _Store(None if folder is None else folder / name, tag)


# --------------------------------------------------------------------------- regex


_built: dict[str, _rx.Pattern] = {}


def _encode(pattern: regex.Pattern[str]) -> list[Any] | None:
    """The JSON form of ``pattern``'s program, or None where it has more than we keep
    (named lists, a locale-dependent pattern, another `regex`'s pickle layout)."""
    try:
        (source, flags, code, group_index, _index_group, named_lists, named_list_indexes,
         req_offset, req_chars, req_flags, group_count) = pattern._pickled_data  # fmt: skip
    except Exception:
        return None
    if named_lists or named_list_indexes or not isinstance(code, bytes) or flags & regex.LOCALE:
        return None
    return [
        source,
        int(flags),
        base64.b64encode(code).decode("ascii"),
        sorted(group_index.items()),
        req_offset,
        list(req_chars),
        req_flags,
        group_count,
    ]


def _decode(entry: list[Any], pattern: str) -> regex.Pattern[str]:
    """Build the pattern from its stored program (the call `pickle.loads` would make)."""
    from regex import _regex

    source, flags, code, groups, req_offset, req_chars, req_flags, group_count = entry
    if source != pattern:
        raise ValueError("program of another pattern")
    group_index = {str(k): int(v) for k, v in groups}
    built: regex.Pattern[str] = _regex.compile(
        source,
        int(flags),
        base64.b64decode(code, validate=True),
        group_index,
        {v: k for k, v in group_index.items()},
        {},
        [],
        int(req_offset),
        tuple(int(c) for c in req_chars),
        int(req_flags),
        int(group_count),
    )
    return built


def compile(pattern: str, flags: int = 0) -> _rx.Pattern:
    """``regex.compile(pattern, flags)`` as an `_rx.Pattern`, from the cache's program
    when it holds one.

    Raises `regex.error` as `regex.compile` does.
    """
    key = f"{int(flags)}/{int(regex.DEFAULT_VERSION)}/{pattern}"
    done = _built.get(key)
    if done is not None:
        return done
    store = _store("regex")
    entry = store.get(key)
    built: regex.Pattern[str] | None = None
    if entry is not None:
        try:
            built = _decode(entry, pattern)
        except Exception as exc:  # any fault of the file: compile as if it were not there
            log.debug("cds_extract: regex cache entry dropped: %s", exc)
            store.drop(key)
    if built is None:
        built = regex.compile(pattern, flags)
        if store.path is not None and (program := _encode(built)) is not None:
            store.add(key, program)
    done = _built[key] = _rx.Pattern(built)
    return done


# --------------------------------------------------------------------------- pattern files


def _data_key(name: str, raw: str) -> str:
    return f"{name}/{hashlib.sha1(raw.encode('utf-8', 'surrogatepass')).hexdigest()}"


def pattern_data(name: str, raw: str) -> Any:
    """The parsed data of ``patterns/<name>`` whose text is ``raw``, if kept; else None."""
    store = _store("patterns")
    return store.get(_data_key(name, raw)) if store.stored else None


def keep_pattern_data(name: str, raw: str, data: Any) -> None:
    """Keep ``data``, parsed from ``raw``, for the next process: only if JSON gives it back
    unchanged (str, int, float, bool, None, lists, maps with string keys)."""
    store = _store("patterns")
    if store.path is None:
        return  # no cache, or one that cannot be written: nothing to check or hash
    try:
        if json.loads(json.dumps(data, ensure_ascii=False)) != data:
            return
    except (TypeError, ValueError, RecursionError):
        return  # a date, a set, a non-string key: not JSON
    store.add(_data_key(name, raw), data)


def drop_pattern_data(name: str, raw: str) -> None:
    """Forget the kept data of ``raw``: its schema refused it."""
    _store("patterns").drop(_data_key(name, raw))


def save() -> None:
    """Write what was added since the last save, if anything (cheap when nothing was).
    Never raises: a cache that cannot be written is left unwritten."""
    for store in _stores.values():
        if store.added:
            store.save()
