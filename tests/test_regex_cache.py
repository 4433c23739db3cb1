"""The cache of compiled regex programs (`_regex_cache`): same patterns, or none at all.

The cache must never change a result: a program read back is the program `regex`
compiles, and a bad cache (corrupt, foreign, of another version, unwritable) is
ignored. Tests use their own cache object, not the process-wide one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import regex

from cds_extract import _regex_cache

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A process-wide cache of its own, in tmp_path, empty."""
    monkeypatch.setenv(_regex_cache.ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(_regex_cache, "_cache", None)
    return tmp_path / "cache"


def _file(folder: Path) -> Path:
    [found] = folder.glob("regex-*.json")
    return found


def _stored(folder: Path) -> dict[str, list[object]]:
    programs: dict[str, list[object]] = json.loads(_file(folder).read_text("utf-8"))["programs"]
    return programs


PATTERNS = [
    (r"(?<!\p{L})(?P<y>\d{4})(?!\d)", regex.IGNORECASE | regex.VERSION0),
    (r"(?r)[;:!?\n.]", 0),
    (r"(?:tháng|quý)\s+(?P<n>\d{1,2})", regex.IGNORECASE),
    (r"\s*(?:đến|tới)?\s*\Z", regex.VERSION1),
]
TEXT = "Quý III/2022, tháng 8 năm 2024; tới 15/8. Đến 2025 đạt 76,05% (2.345 hồ sơ)."


def test_a_saved_program_is_the_one_regex_compiles(fresh: Path) -> None:
    for p, f in PATTERNS:
        _regex_cache.compile(p, f)
    _regex_cache.save()
    assert len(_stored(fresh)) == len(PATTERNS)
    _regex_cache._cache = None  # a new process: reads the file
    for p, f in PATTERNS:
        built = _regex_cache.compile(p, f)
        assert _behaviour(built, [TEXT]) == _behaviour(regex.compile(p, f), [TEXT])
    assert _regex_cache._state().added == {}  # every one came from the file


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
    env = {**os.environ, _regex_cache.ENV: str(tmp_path)}
    code = "import cds_extract; cds_extract.extract('Năm 2024, tỉnh có 120 xã.')"
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    stored = _stored(tmp_path)
    assert len(stored) > 100
    texts = [TEXT, *(p.read_text("utf-8") for p in sorted(SAMPLES.glob("*.txt")))]
    for key, entry in stored.items():
        flags, _version, pattern = key.split("/", 2)
        rebuilt = _regex_cache._decode(entry, pattern)
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
        env = {**os.environ, _regex_cache.ENV: setting}
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
    for setting in ("off", "0", ""):
        monkeypatch.setenv(_regex_cache.ENV, setting)
        monkeypatch.setattr(_regex_cache, "_cache", None)
        _regex_cache.compile(*PATTERNS[0])
        _regex_cache.save()
        assert _regex_cache._state().path is None
    assert list(tmp_path.iterdir()) == []


def _prime(folder: Path) -> Path:
    for p, f in PATTERNS:
        _regex_cache.compile(p, f)
    _regex_cache.save()
    _regex_cache._cache = None
    return _file(folder)


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda text: "{not json", id="corrupt"),
        pytest.param(lambda text: text.replace('"regex":"', '"regex":"0.'), id="other-version"),
        pytest.param(lambda text: json.dumps({"format": 99}), id="other-format"),
    ],
)
def test_an_unusable_file_is_ignored_then_rewritten(fresh: Path, spoil: object) -> None:
    path = _prime(fresh)
    path.write_text(spoil(path.read_text("utf-8")), "utf-8")  # type: ignore[operator]
    for p, f in PATTERNS:
        assert _regex_cache.compile(p, f).pattern == p
    assert len(_regex_cache._state().added) == len(PATTERNS)  # compiled, not read
    _regex_cache.save()
    assert len(_stored(fresh)) == len(PATTERNS)


def test_a_bad_entry_is_dropped_and_compiled(fresh: Path) -> None:
    path = _prime(fresh)
    data = json.loads(path.read_text("utf-8"))
    keys = sorted(data["programs"])
    data["programs"][keys[0]][0] = "(?:another)"  # the program of another pattern
    data["programs"][keys[1]][2] = "%%% not base64"
    data["programs"][keys[2]] = ["too", "short"]
    path.write_text(json.dumps(data), "utf-8")
    for p, f in PATTERNS:
        assert _behaviour(_regex_cache.compile(p, f), [TEXT]) == _behaviour(
            regex.compile(p, f), [TEXT]
        )
    assert len(_regex_cache._state().added) == 3


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_a_file_others_can_write_is_not_read(fresh: Path) -> None:
    path = _prime(fresh)
    path.chmod(0o666)
    _regex_cache.compile(*PATTERNS[0])
    assert _regex_cache._state().stored == {}


def test_an_unwritable_cache_costs_nothing_but_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", "utf-8")
    monkeypatch.setenv(_regex_cache.ENV, str(blocker / "cache"))  # mkdir fails under a file
    monkeypatch.setattr(_regex_cache, "_cache", None)
    caplog.set_level("DEBUG", logger="cds_extract")
    assert _regex_cache.compile(*PATTERNS[0]).search(TEXT) is not None
    _regex_cache.save()
    assert "not written" in caplog.text
    assert _regex_cache._state().path is None  # not tried again in this process
    _regex_cache.compile(*PATTERNS[1])
    _regex_cache.save()


def test_a_bad_pattern_raises_as_regex_does(fresh: Path) -> None:
    with pytest.raises(regex.error):
        _regex_cache.compile("(unclosed")


def test_the_default_folder_is_the_platform_user_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    from platformdirs import user_cache_dir

    monkeypatch.delenv(_regex_cache.ENV, raising=False)
    path = _regex_cache._cache_path()
    assert path is not None
    assert path.parent == Path(user_cache_dir("cds_extract", appauthor=False))
    assert regex.__version__ in path.name
