"""The start-up cache (`_cache`): regex programs and parsed pattern files, or nothing.

The cache must never change a result: a program read back behaves as the pattern
`regex` compiles, pattern data read back is the data PyYAML gives, and a bad cache
(corrupt, torn, foreign, of another version, unreadable, unwritable) is ignored
without an error. Tests use a cache folder of their own, not the test run's.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
import regex

from cds_extract import _cache, _resources
from cds_extract.schemas.numbers import UnitsFile

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _new_process() -> None:
    """Forget what this process read and built, as a new process would start."""
    _cache._stores.clear()
    _cache._built.clear()


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A process-wide cache of its own, in tmp_path, empty."""
    monkeypatch.setenv(_cache.ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(_cache, "_stores", {})
    monkeypatch.setattr(_cache, "_built", {})
    return tmp_path / "cache"


def _file(folder: Path, kind: str = "regex") -> Path:
    [found] = folder.glob(f"{kind}-*.json")
    return found


def _read(path: Path) -> tuple[dict[str, object], dict[str, list[object]]]:
    head, _, body = path.read_bytes().partition(b"\n")
    entries: dict[str, list[object]] = json.loads(body)
    return json.loads(head), entries


def _stored(folder: Path, kind: str = "regex") -> dict[str, list[object]]:
    return _read(_file(folder, kind))[1]


def _rewrite(path: Path, entries: object) -> None:
    """Write ``entries`` with a header that fits them: a deliberate edit, not corruption."""
    header, _ = _read(path)
    body = json.dumps(entries, ensure_ascii=False).encode()
    header["sha256"] = hashlib.sha256(body).hexdigest()
    path.write_bytes(json.dumps(header).encode() + b"\n" + body)


PATTERNS = [
    (r"(?<!\p{L})(?P<y>\d{4})(?!\d)", regex.IGNORECASE | regex.VERSION0),
    (r"(?r)[;:!?\n.]", 0),
    (r"(?:tháng|quý)\s+(?P<n>\d{1,2})", regex.IGNORECASE),
    (r"\s*(?:đến|tới)?\s*\Z", regex.VERSION1),
]
TEXT = "Quý III/2022, tháng 8 năm 2024; tới 15/8. Đến 2025 đạt 76,05% (2.345 hồ sơ)."


def _behaviour(pattern: regex.Pattern[str], texts: list[str]) -> list[object]:
    """What a pattern is and does: `regex` builds its program in an order that varies with
    the process's string hashing, so two processes' programs differ in bytes, not in this."""
    return [
        pattern.pattern,
        pattern.flags,
        pattern.groupindex,
        [[(m.span(), m.groupdict()) for m in pattern.finditer(t)] for t in texts],
    ]


def _prime(folder: Path) -> Path:
    for p, f in PATTERNS:
        _cache.compile(p, f)
    _cache.save()
    _new_process()
    return _file(folder)


# --------------------------------------------------------------------------- regex programs


def test_a_saved_program_is_the_one_regex_compiles(fresh: Path) -> None:
    _prime(fresh)
    assert len(_stored(fresh)) == len(PATTERNS)
    for p, f in PATTERNS:
        built = _cache.compile(p, f)
        assert _behaviour(built, [TEXT]) == _behaviour(regex.compile(p, f), [TEXT])
    assert _cache._store("regex").added == {}  # every one came from the file


def test_the_key_holds_the_flags(fresh: Path) -> None:
    pattern = r"tháng\s+(?P<n>\d+)"
    _cache.compile(pattern, 0)
    _cache.compile(pattern, regex.IGNORECASE)
    _cache.save()
    _new_process()
    upper = "THÁNG 8"
    assert _cache.compile(pattern, 0).search(upper) is None
    assert _cache.compile(pattern, regex.IGNORECASE).search(upper) is not None
    assert _cache._store("regex").added == {}


def test_every_pattern_of_the_pipeline_reads_back_the_same(tmp_path: Path) -> None:
    """All the package's cached patterns, as a real run writes them, match as compiled ones."""
    env = {**os.environ, _cache.ENV: str(tmp_path)}
    code = "import cds_extract; cds_extract.extract('Năm 2024, tỉnh có 120 xã.')"
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    stored = _stored(tmp_path)
    assert len(stored) > 100
    texts = [TEXT, *(p.read_text("utf-8") for p in sorted(SAMPLES.glob("*.txt")))]
    for key, entry in stored.items():
        flags, _version, pattern = key.split("/", 2)
        rebuilt = _cache._decode(entry, pattern)
        compiled = regex.compile(pattern, int(flags))
        assert _behaviour(rebuilt, texts) == _behaviour(compiled, texts), pattern[:80]


def test_pattern_text_is_the_same_in_every_process(tmp_path: Path) -> None:
    """Patterns built from word sets must not follow set order (the hash seed): else each
    process builds other text, and the cache never hits."""
    keys = []
    for seed in ("1", "2"):
        folder = tmp_path / seed
        env = {**os.environ, _cache.ENV: str(folder), "PYTHONHASHSEED": seed}
        code = "import cds_extract; cds_extract.extract('Năm 2024, tỉnh có 120 xã.')"
        subprocess.run([sys.executable, "-c", code], check=True, env=env)
        keys.append(set(_stored(folder)))
    assert len(keys[0]) > 100
    assert keys[0] == keys[1]


def test_a_bad_entry_is_dropped_and_compiled(fresh: Path) -> None:
    path = _prime(fresh)
    entries = _stored(fresh)
    keys = sorted(entries)
    entries[keys[0]][0] = "(?:another)"  # the program of another pattern
    entries[keys[1]][2] = "%%% not base64"
    entries[keys[2]] = ["too", "short"]
    _rewrite(path, entries)
    for p, f in PATTERNS:
        assert _behaviour(_cache.compile(p, f), [TEXT]) == _behaviour(regex.compile(p, f), [TEXT])
    assert len(_cache._store("regex").added) == 3


def test_a_locale_dependent_pattern_is_not_kept(fresh: Path) -> None:
    _cache.compile(r"(?L)\w+", 0)
    assert _cache._store("regex").added == {}


def test_a_bad_pattern_raises_as_regex_does(fresh: Path) -> None:
    with pytest.raises(regex.error):
        _cache.compile("(unclosed")


# --------------------------------------------------------------------------- broken files


def _flip_a_byte(data: bytes) -> bytes:
    at = len(data) * 2 // 3
    return data[:at] + bytes([data[at] ^ 0x04]) + data[at + 1 :]


SPOILS: dict[str, Callable[[bytes], bytes]] = {
    "corrupt": lambda data: b"{not json",
    "truncated": lambda data: data[: len(data) // 2],
    "bit-flip": _flip_a_byte,
    "deeply-nested": lambda data: b"[" * 200_000,
    "other-version": lambda data: data.replace(b'"tag": "regex ', b'"tag": "regex 0.', 1),
    "other-format": lambda data: json.dumps({"format": 99}).encode() + data[data.index(b"\n") :],
    "not-utf8": lambda data: b"\xff\xfe" + data,
}


@pytest.mark.parametrize("spoil", list(SPOILS))
def test_an_unusable_file_is_ignored_then_rewritten(fresh: Path, spoil: str) -> None:
    path = _prime(fresh)
    path.write_bytes(SPOILS[spoil](path.read_bytes()))
    for p, f in PATTERNS:
        assert _behaviour(_cache.compile(p, f), [TEXT]) == _behaviour(regex.compile(p, f), [TEXT])
    assert len(_cache._store("regex").added) == len(PATTERNS)  # compiled, not read
    _cache.save()
    assert len(_stored(fresh)) == len(PATTERNS)


def test_entries_that_are_not_a_map_are_ignored(fresh: Path) -> None:
    path = _prime(fresh)
    _rewrite(path, [["not", "a", "map"]])
    _cache.compile(*PATTERNS[0])
    assert _cache._store("regex").stored == {}


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_a_file_others_can_write_is_not_read(fresh: Path) -> None:
    path = _prime(fresh)
    path.chmod(0o666)
    _cache.compile(*PATTERNS[0])
    assert _cache._store("regex").stored == {}


def test_an_unreadable_folder_costs_nothing_but_time(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache folder of another user (after a `sudo` run): no error, no cache."""
    _prime(fresh)

    def refused(self: Path) -> bool:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "is_file", refused)
    assert _cache.compile(*PATTERNS[0]).search(TEXT) is not None
    assert _cache._store("regex").stored == {}


def test_an_unwritable_cache_costs_nothing_but_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", "utf-8")
    monkeypatch.setenv(_cache.ENV, str(blocker / "cache"))  # mkdir fails under a file
    monkeypatch.setattr(_cache, "_stores", {})
    monkeypatch.setattr(_cache, "_built", {})
    caplog.set_level("DEBUG", logger="cds_extract")
    assert _cache.compile(*PATTERNS[0]).search(TEXT) is not None
    _cache.save()
    assert "not written" in caplog.text
    assert _cache._store("regex").path is None  # not tried again in this process
    _cache.compile(*PATTERNS[1])
    _cache.save()


def test_an_entry_json_cannot_write_does_not_fail_the_save(fresh: Path) -> None:
    _cache.compile(*PATTERNS[0])
    _cache._store("regex").added["0/0/\ud800"] = ["a lone surrogate cannot be UTF-8"]
    _cache.save()  # raises nothing
    assert _cache._store("regex").added == {}
    assert not fresh.exists() or not list(fresh.glob("regex-*.json"))


def test_a_home_folder_that_cannot_be_found_means_no_cache(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(_cache.ENV, "~nobody-of-that-name/cache")
    monkeypatch.setattr(_cache, "_stores", {})
    monkeypatch.setattr(_cache, "_built", {})
    assert _cache.compile(*PATTERNS[0]).search(TEXT) is not None
    assert _cache._store("regex").path is None


def test_off_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(_cache, "_stores", {})
    monkeypatch.setattr(_cache, "_built", {})
    for setting in ("off", "0", ""):
        monkeypatch.setenv(_cache.ENV, setting)
        _new_process()
        _cache.compile(*PATTERNS[0])
        _cache.keep_pattern_data("x.yaml", "a: 1\n", {"a": 1})
        _cache.save()
        assert _cache._store("regex").path is None
    assert list(tmp_path.iterdir()) == []


def test_the_default_folder_is_the_platform_user_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    from platformdirs import user_cache_dir

    monkeypatch.delenv(_cache.ENV, raising=False)
    assert _cache._folder() == Path(user_cache_dir("cds_extract", appauthor=False))


# --------------------------------------------------------------------------- pattern files


def _pattern_files() -> list[str]:
    return sorted(p.name for p in _resources.patterns_dir().iterdir() if p.name.endswith(".yaml"))


def test_pattern_data_read_back_is_what_yaml_gives(fresh: Path) -> None:
    names = _pattern_files()
    assert len(names) >= 10
    for n in names:
        raw = _resources.read_text(n)
        _cache.keep_pattern_data(n, raw, _resources._yaml_load(raw))
    _cache.save()
    assert len(_stored(fresh, "patterns")) == len(names)
    _new_process()
    for n in names:
        raw = _resources.read_text(n)
        assert _cache.pattern_data(n, raw) == _resources._yaml_load(raw)


def test_a_changed_pattern_file_is_parsed_again(fresh: Path) -> None:
    raw = "meta: {description: d, source: s}\nwords: [một, hai]\n"
    _cache.keep_pattern_data("x.yaml", raw, _resources._yaml_load(raw))
    _cache.save()
    _new_process()
    assert _cache.pattern_data("x.yaml", raw) is not None
    assert _cache.pattern_data("x.yaml", raw.replace("hai", "ba")) is None


def test_data_json_cannot_hold_is_not_kept(fresh: Path) -> None:
    _cache.keep_pattern_data("x.yaml", "when: 2024-07-01\n", {"when": date(2024, 7, 1)})
    _cache.keep_pattern_data("y.yaml", "pair: [1, 2]\n", {"pair": (1, 2)})
    assert _cache._store("patterns").added == {}


def test_kept_data_its_schema_refuses_is_parsed_again(fresh: Path) -> None:
    """A kept entry the schema refuses (edited by hand, say) gives way to the file."""
    raw = _resources.read_text("units.yaml")
    loaded = _resources._load_cached.__wrapped__("units.yaml", UnitsFile)
    _cache.save()
    path = _file(fresh, "patterns")
    _rewrite(path, {key: ["not", "units"] for key in _stored(fresh, "patterns")})
    _new_process()
    assert _resources._load_cached.__wrapped__("units.yaml", UnitsFile) == loaded
    assert list(_cache._store("patterns").added.values()) == [_resources._yaml_load(raw)]


def test_another_loader_does_not_read_the_entries(fresh: Path) -> None:
    _cache.keep_pattern_data("x.yaml", "a: 1\n", {"a": 1})
    _cache.save()
    path = _file(fresh, "patterns")
    path.write_bytes(path.read_bytes().replace(b"_resources ", b"_resources 0", 1))
    _new_process()
    assert _cache.pattern_data("x.yaml", "a: 1\n") is None


def test_no_loader_file_to_hash_means_no_pattern_cache(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Installed in a zip, `_resources` has no file: its parsed data is then not kept,
    since a change to the loader could not be told from the cache."""
    monkeypatch.setattr(_resources, "__file__", None)
    _cache.keep_pattern_data("x.yaml", "a: 1\n", {"a": 1})
    assert _cache._store("patterns").path is None
    assert _cache._store("regex").path is not None  # regex programs do not depend on it


# --------------------------------------------------------------------------- end to end


_CLAIMS = (
    "import json, sys, cds_extract; from pathlib import Path\n"
    "for p in sorted(Path(sys.argv[1]).glob('*.txt')):\n"
    "    for c in cds_extract.extract(p.read_text('utf-8'), published='2024-07-01'):\n"
    "        print(c.model_dump_json())\n"
)


def _claims(setting: str) -> str:
    env = {**os.environ, _cache.ENV: setting}
    return subprocess.run(
        [sys.executable, "-c", _CLAIMS, str(SAMPLES)],
        check=True,
        env=env,
        capture_output=True,
        text=True,
    ).stdout


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.json"))}


def test_claims_are_the_same_with_a_cold_warm_broken_or_no_cache(tmp_path: Path) -> None:
    off = _claims("off")
    assert off.count("\n") > 50
    assert _claims(str(tmp_path)) == off  # cold: compiles and parses, then writes
    written = _files(tmp_path)
    assert sorted(n.split("-")[0] for n in written) == ["patterns", "regex"]
    assert all(len(data) > 10_000 for data in written.values())
    assert _claims(str(tmp_path)) == off  # warm: everything read back …
    assert _files(tmp_path) == written  # … so nothing to write
    keys = {kind: set(_stored(tmp_path, kind)) for kind in ("regex", "patterns")}
    for spoil in ("truncated", "bit-flip", "deeply-nested"):
        for name, data in written.items():
            (tmp_path / name).write_bytes(SPOILS[spoil](data))
        assert _claims(str(tmp_path)) == off, spoil
        # rewritten whole (a program's bytes vary with the process's hash seed)
        assert {kind: set(_stored(tmp_path, kind)) for kind in keys} == keys, spoil
