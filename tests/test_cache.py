"""The start-up cache (`_cache`): regex programs and parsed pattern files, or nothing.

The cache must never change a result: a program read back behaves as the pattern
`regex` compiles, pattern data read back is the data PyYAML gives, and a bad cache
(corrupt, foreign, of another version, unwritable) is ignored. Tests use a cache
folder of their own, not the test run's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import regex

from cds_extract import _cache, _resources

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


def _stored(folder: Path, kind: str = "regex") -> dict[str, list[object]]:
    entries: dict[str, list[object]] = json.loads(_file(folder, kind).read_text("utf-8"))["entries"]
    return entries


PATTERNS = [
    (r"(?<!\p{L})(?P<y>\d{4})(?!\d)", regex.IGNORECASE | regex.VERSION0),
    (r"(?r)[;:!?\n.]", 0),
    (r"(?:tháng|quý)\s+(?P<n>\d{1,2})", regex.IGNORECASE),
    (r"\s*(?:đến|tới)?\s*\Z", regex.VERSION1),
]
TEXT = "Quý III/2022, tháng 8 năm 2024; tới 15/8. Đến 2025 đạt 76,05% (2.345 hồ sơ)."


def test_a_saved_program_is_the_one_regex_compiles(fresh: Path) -> None:
    for p, f in PATTERNS:
        _cache.compile(p, f)
    _cache.save()
    assert len(_stored(fresh)) == len(PATTERNS)
    _new_process()
    for p, f in PATTERNS:
        built = _cache.compile(p, f)
        assert _behaviour(built, [TEXT]) == _behaviour(regex.compile(p, f), [TEXT])
    assert _cache._store("regex").added == {}  # every one came from the file


def _behaviour(pattern: regex.Pattern[str], texts: list[str]) -> list[object]:
    """What a pattern is and does: `regex` builds its program in an order that varies with
    the process's string hashing, so two processes' programs differ in bytes, not in this."""
    return [
        pattern.pattern,
        pattern.flags,
        pattern.groupindex,
        [[(m.span(), m.groupdict()) for m in pattern.finditer(t)] for t in texts],
    ]


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


def test_claims_are_the_same_with_a_cold_warm_or_no_cache(tmp_path: Path) -> None:
    code = (
        "import json, sys, cds_extract; from pathlib import Path\n"
        "for p in sorted(Path(sys.argv[1]).glob('*.txt')):\n"
        "    for c in cds_extract.extract(p.read_text('utf-8'), published='2024-07-01'):\n"
        "        print(c.model_dump_json())\n"
    )

    def run(setting: str) -> str:
        env = {**os.environ, _cache.ENV: setting}
        return subprocess.run(
            [sys.executable, "-c", code, str(SAMPLES)],
            check=True,
            env=env,
            capture_output=True,
            text=True,
        ).stdout

    off = run("off")
    assert off.count("\n") > 50
    assert run(str(tmp_path)) == off  # cold: compiles, then writes
    assert _file(tmp_path).stat().st_size > 10_000
    assert run(str(tmp_path)) == off  # warm: every program read back


def test_off_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(_cache, "_stores", {})
    monkeypatch.setattr(_cache, "_built", {})
    for setting in ("off", "0", ""):
        monkeypatch.setenv(_cache.ENV, setting)
        _new_process()
        _cache.compile(*PATTERNS[0])
        _cache.pattern_data("x.yaml", "a: 1\n", _resources._yaml_load)
        _cache.save()
        assert _cache._store("regex").path is None
    assert list(tmp_path.iterdir()) == []


def _prime(folder: Path) -> Path:
    for p, f in PATTERNS:
        _cache.compile(p, f)
    _cache.save()
    _new_process()
    return _file(folder)


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda text: "{not json", id="corrupt"),
        pytest.param(
            lambda text: text.replace('"tag":"regex ', '"tag":"regex 0.'), id="other-version"
        ),
        pytest.param(lambda text: json.dumps({"format": 99}), id="other-format"),
    ],
)
def test_an_unusable_file_is_ignored_then_rewritten(fresh: Path, spoil: object) -> None:
    path = _prime(fresh)
    path.write_text(spoil(path.read_text("utf-8")), "utf-8")  # type: ignore[operator]
    for p, f in PATTERNS:
        assert _cache.compile(p, f).pattern == p
    assert len(_cache._store("regex").added) == len(PATTERNS)  # compiled, not read
    _cache.save()
    assert len(_stored(fresh)) == len(PATTERNS)


def test_a_bad_entry_is_dropped_and_compiled(fresh: Path) -> None:
    path = _prime(fresh)
    data = json.loads(path.read_text("utf-8"))
    keys = sorted(data["entries"])
    data["entries"][keys[0]][0] = "(?:another)"  # the program of another pattern
    data["entries"][keys[1]][2] = "%%% not base64"
    data["entries"][keys[2]] = ["too", "short"]
    path.write_text(json.dumps(data), "utf-8")
    for p, f in PATTERNS:
        assert _behaviour(_cache.compile(p, f), [TEXT]) == _behaviour(regex.compile(p, f), [TEXT])
    assert len(_cache._store("regex").added) == 3


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_a_file_others_can_write_is_not_read(fresh: Path) -> None:
    path = _prime(fresh)
    path.chmod(0o666)
    _cache.compile(*PATTERNS[0])
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


def test_a_bad_pattern_raises_as_regex_does(fresh: Path) -> None:
    with pytest.raises(regex.error):
        _cache.compile("(unclosed")


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
    parsed = {
        n: _cache.pattern_data(n, _resources.read_text(n), _resources._yaml_load) for n in names
    }
    _cache.save()
    assert len(_stored(fresh, "patterns")) == len(names)
    _new_process()

    def fail(raw: str) -> object:
        raise AssertionError("parsed again, not read from the cache")

    for n in names:
        raw = _resources.read_text(n)
        assert _cache.pattern_data(n, raw, fail) == parsed[n] == _resources._yaml_load(raw)


def test_a_changed_pattern_file_is_parsed_again(fresh: Path) -> None:
    raw = "meta: {description: d, source: s}\nwords: [một, hai]\n"
    assert _cache.pattern_data("x.yaml", raw, _resources._yaml_load)["words"] == ["một", "hai"]
    _cache.save()
    _new_process()
    changed = raw.replace("hai", "ba")
    assert _cache.pattern_data("x.yaml", changed, _resources._yaml_load)["words"] == ["một", "ba"]


def test_data_json_cannot_hold_is_not_kept(fresh: Path) -> None:
    raw = "when: 2024-07-01\npair: !!python/tuple [1, 2]\n"
    data = _cache.pattern_data("x.yaml", raw, lambda text: {"when": date(2024, 7, 1)})
    assert data == {"when": date(2024, 7, 1)}
    assert _cache._store("patterns").added == {}


def test_another_parser_does_not_read_the_entries(fresh: Path) -> None:
    raw = "a: 1\n"
    _cache.pattern_data("x.yaml", raw, _resources._yaml_load)
    _cache.save()
    path = _file(fresh, "patterns")
    path.write_text(path.read_text("utf-8").replace("_resources ", "_resources 0"), "utf-8")
    _new_process()
    assert _cache.pattern_data("x.yaml", raw, lambda text: {"a": 2}) == {"a": 2}


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


def test_no_loader_file_to_hash_means_no_pattern_cache(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Installed in a zip, `_resources` has no file: its parsed data is then not kept,
    since a change to the loader could not be told from the cache."""
    monkeypatch.setattr(_resources, "__file__", None)
    assert _cache.pattern_data("x.yaml", "a: 1\n", _resources._yaml_load) == {"a": 1}
    assert _cache._store("patterns").path is None
    assert _cache._store("regex").path is not None  # regex programs do not depend on it
