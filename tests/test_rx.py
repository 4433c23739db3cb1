"""`_rx.Pattern`: `regex` patterns that keep the GIL while they match (see `_rx`).

Grouped by what a user relies on: the same results as `regex` itself, the argument
positions that carry ``concurrent=False`` (they are `regex`'s, read by position), and
the pipeline modules building their patterns through it.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import regex

from cds_extract import _cache, _rx

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "cds_extract"

# ---------------------------------------------------------------- same results as regex

_TEXT = "Năm 2024, tỉnh có 1.200 tổ công nghệ số; tỷ lệ đạt 96,5% (tăng 3%)."
_CASES = [
    (r"\d+(?:[.,]\d+)*", 0),
    (r"(?<!\p{L})(?:tỷ lệ|tổ)(?!\p{L})", regex.IGNORECASE),
    (r"(?P<n>\d+)(?P<u>%)", 0),
    (r"(?r)\p{L}+\s*\Z", 0),  # a reverse pattern (`_bracket_tail` and the dates' `back`)
    (r"", 0),
]


@pytest.mark.parametrize(("source", "flags"), _CASES)
@pytest.mark.parametrize(("pos", "endpos"), [(None, None), (5, None), (10, 40), (0, 0)])
def test_matches_as_regex_does(
    source: str, flags: int, pos: int | None, endpos: int | None
) -> None:
    raw, ours = regex.compile(source, flags), _rx.compile(source, flags)

    def span(m: regex.Match[str] | None) -> tuple[int, int] | None:
        return None if m is None else m.span()

    for name in ("search", "match", "fullmatch"):
        assert span(getattr(ours, name)(_TEXT, pos, endpos)) == span(
            getattr(raw, name)(_TEXT, pos, endpos)
        ), name
    assert [m.span() for m in ours.finditer(_TEXT, pos, endpos)] == [
        m.span() for m in raw.finditer(_TEXT, pos, endpos)
    ]
    assert [m.span() for m in ours.finditer(_TEXT, pos, endpos, overlapped=True)] == [
        m.span() for m in raw.finditer(_TEXT, pos, endpos, overlapped=True)
    ]
    assert ours.findall(_TEXT, pos, endpos) == raw.findall(_TEXT, pos, endpos)


@pytest.mark.parametrize(("source", "flags"), _CASES[:3])
def test_sub_and_split_as_regex_does(source: str, flags: int) -> None:
    raw, ours = regex.compile(source, flags), _rx.compile(source, flags)
    assert ours.sub("#", _TEXT) == raw.sub("#", _TEXT)
    assert ours.sub("#", _TEXT, 1) == raw.sub("#", _TEXT, 1)
    assert ours.sub(lambda m: m.group().upper(), _TEXT) == raw.sub(
        lambda m: m.group().upper(), _TEXT
    )
    assert ours.split(_TEXT) == raw.split(_TEXT)
    assert ours.split(_TEXT, 1) == raw.split(_TEXT, 1)


def test_attributes_are_the_compiled_patterns() -> None:
    raw = regex.compile(r"(?P<n>\d+)(%)", regex.IGNORECASE)
    ours = _rx.compile(r"(?P<n>\d+)(%)", regex.IGNORECASE)
    assert (ours.pattern, ours.flags, ours.groups) == (raw.pattern, raw.flags, raw.groups)
    assert dict(ours.groupindex) == {"n": 1}
    # a match still names the `regex` pattern it came from (dates read its groups there)
    m = ours.search("đạt 96%")
    assert m is not None and m.re.pattern == raw.pattern


def test_a_bad_pattern_raises_regex_error() -> None:
    with pytest.raises(regex.error):
        _rx.compile(r"(?P<n>\d+")
    with pytest.raises(regex.error):
        _cache.compile(r"[unclosed")


def test_the_cache_hands_out_wrapped_patterns() -> None:
    p = _cache.compile(r"(?<!\p{L})tổ(?!\p{L})", regex.IGNORECASE)
    assert isinstance(p, _rx.Pattern)
    assert p is _cache.compile(r"(?<!\p{L})tổ(?!\p{L})", regex.IGNORECASE)
    assert [m.start() for m in p.finditer("Tổ và tổ chức, tổ.")] == [0, 6, 15]


# ------------------------------------------------- the positions of `concurrent` in regex

# Each call passes a list where `_rx.Pattern` passes ``False``: `regex` refuses it for
# `concurrent` and nothing else. If a `regex` release moves the argument, this fails
# before a pattern silently gets ``overlapped=False`` or a timeout instead.
_POSITIONS = {
    "search": lambda p, bad: p.search("a", None, None, bad),
    "match": lambda p, bad: p.match("a", None, None, bad),
    "fullmatch": lambda p, bad: p.fullmatch("a", None, None, bad),
    "finditer": lambda p, bad: p.finditer("a", None, None, False, bad),
    "findall": lambda p, bad: p.findall("a", None, None, False, bad),
    "sub": lambda p, bad: p.sub("b", "a", 0, None, None, bad),
    "split": lambda p, bad: p.split("a", 0, bad),
}


@pytest.mark.parametrize("method", sorted(_POSITIONS))
def test_concurrent_stands_where_rx_passes_it(method: str) -> None:
    p = regex.compile("a")
    with pytest.raises(ValueError, match="concurrent"):
        _POSITIONS[method](p, [])
    _POSITIONS[method](p, False)  # and False is taken there


# ----------------------------------------------------------------------- house rule

_COMPILE = re.compile(r"\bregex\.compile\(")


def test_pipeline_modules_compile_through_rx() -> None:
    # A pattern compiled with bare `regex.compile` matches correctly but lets go of the
    # GIL at every call: the pipeline's stages build theirs with `_rx.compile` (or
    # `_cache.compile`, which wraps too). `_rx` itself is the one place that calls it.
    hook = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["hatch"]
    stages = [Path(p).stem for p in hook["build"]["targets"]["wheel"]["hooks"]["mypyc"]["include"]]
    offenders = [
        f"{name}.py:{i}"
        for name in stages
        if name != "_rx"
        for i, line in enumerate((SRC / f"{name}.py").read_text(encoding="utf-8").splitlines(), 1)
        if _COMPILE.search(line)
    ]
    assert offenders == []
