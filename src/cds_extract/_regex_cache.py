"""Compiled `regex` programs kept between runs: a process starts without re-parsing them.

`regex` parses a pattern in Python and hands the program it builds to its C engine.
For this package's ~200 patterns (gazetteers, date and unit lexicons) the parsing takes
~0.13 s, a quarter of what a CLI run spends before its first article. The program is
what `pickle` stores for a compiled pattern (``Pattern._pickled_data``); this module
keeps it as JSON in the user's cache directory, keyed by pattern and flags, and builds
the pattern from it with the call `pickle` would make (``_regex.compile``), ~60x faster.

The cache only saves time. Results do not depend on it: a program is reused only by the
same `regex` version and Python that wrote it, and a missing, stale, corrupt, foreign or
unwritable cache means the patterns are compiled the usual way (logged at DEBUG).

``CDS_EXTRACT_CACHE``: the directory to keep it in; ``off`` (or ``0``, empty) uses none.
By default, the platform's user cache directory (``~/.cache/cds_extract`` on Linux).
"""

from __future__ import annotations

import base64
import json
import logging
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import regex

log = logging.getLogger("cds_extract")

ENV = "CDS_EXTRACT_CACHE"
_OFF = frozenset({"", "0", "off", "no", "false", "none"})
_FORMAT = 1
#: Entries kept at most; past it a save keeps only the patterns this process compiled
#: (a checkout whose pattern files keep changing would otherwise grow the file forever).
_MAX_ENTRIES = 2000


class _Cache:
    """The programs read from the file, the patterns built this process, what is unsaved."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.stored: dict[str, list[Any]] = {}
        self.added: dict[str, list[Any]] = {}
        self.built: dict[str, regex.Pattern[str]] = {}
        self.dirty = False

    def read(self) -> None:
        if self.path is None or not self.path.is_file():
            return
        try:
            if os.name == "posix":
                # Only a file of this user that no one else can write: its programs run
                # in the C engine unchecked, as an unpickled pattern's would.
                st = self.path.stat()
                if st.st_uid != os.getuid() or st.st_mode & 0o022:
                    log.debug("cds_extract: regex cache %s ignored: not private", self.path)
                    return
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            log.debug("cds_extract: regex cache %s unreadable: %s", self.path, exc)
            return
        if (
            isinstance(data, dict)
            and data.get("format") == _FORMAT
            and data.get("regex") == _regex_version()
            and isinstance(data.get("programs"), dict)
        ):
            self.stored = data["programs"]

    def save(self) -> None:
        self.dirty = False
        if self.path is None:
            return
        programs = {**self.stored, **self.added}
        if len(programs) > _MAX_ENTRIES:
            programs = dict(self.added)
        body = {"format": _FORMAT, "regex": _regex_version(), "programs": programs}
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".regex-", suffix=".tmp", dir=self.path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as f:
                    json.dump(body, f, ensure_ascii=False, separators=(",", ":"))
                os.replace(tmp, self.path)  # atomic: a concurrent reader sees old or new
            except BaseException:
                os.unlink(tmp)
                raise
        except OSError as exc:
            log.debug("cds_extract: regex cache %s not written: %s", self.path, exc)
            self.path = None  # read-only home, full disk: stop trying in this process
            return
        self.stored, self.added = programs, {}


def _regex_version() -> str:
    return f"{regex.__version__} py{sys.version_info[0]}.{sys.version_info[1]}"


def _cache_path() -> Path | None:
    configured = os.environ.get(ENV)
    if configured is not None:
        if configured.strip().lower() in _OFF:
            return None
        folder = Path(configured).expanduser()
    else:
        from platformdirs import user_cache_dir  # lazy: only where the cache is used

        folder = Path(user_cache_dir("cds_extract", appauthor=False))
    return folder / f"regex-{regex.__version__}-py{sys.version_info[0]}{sys.version_info[1]}.json"


_cache: _Cache | None = None


def _state() -> _Cache:
    global _cache
    if _cache is None:
        _cache = _Cache(_cache_path())
        _cache.read()
    return _cache


def _encode(pattern: regex.Pattern[str]) -> list[Any] | None:
    """The JSON form of ``pattern``'s program, or None where it has more than we keep."""
    (source, flags, code, group_index, _index_group, named_lists, named_list_indexes,
     req_offset, req_chars, req_flags, group_count) = pattern._pickled_data  # fmt: skip
    if named_lists or named_list_indexes or not isinstance(code, bytes):
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


def compile(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """``regex.compile(pattern, flags)``, from the cache's program when it holds one.

    Raises `regex.error` as `regex.compile` does.
    """
    cache = _state()
    key = f"{int(flags)}/{int(regex.DEFAULT_VERSION)}/{pattern}"
    done = cache.built.get(key)
    if done is not None:
        return done
    entry = cache.stored.get(key)
    built: regex.Pattern[str] | None = None
    if entry is not None:
        try:
            built = _decode(entry, pattern)
        except Exception as exc:  # any fault of the file: compile as if it were not there
            log.debug("cds_extract: regex cache entry dropped: %s", exc)
            del cache.stored[key]
    if built is None:
        built = regex.compile(pattern, flags)
        if cache.path is not None and (program := _encode(built)) is not None:
            cache.added[key] = program
            cache.dirty = True
    cache.built[key] = built
    return built


def save() -> None:
    """Write the programs compiled since the last save, if any (cheap when there are none)."""
    cache = _cache
    if cache is not None and cache.dirty:
        cache.save()
