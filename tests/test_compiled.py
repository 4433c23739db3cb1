"""The compiled build (`make compiled`, README "Performance") and the source stay apart.

`make test` runs the whole suite twice: on the source, then with
``PYTHONPATH=build/compiled`` and ``CDS_EXTRACT_EXPECT_COMPILED=1``. These tests make
sure each run imports what it claims to test.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import os
import pickle
import tomllib
from pathlib import Path

import pytest

import cds_extract

ROOT = Path(__file__).resolve().parents[1]
_PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
_HOOK = _PYPROJECT["tool"]["hatch"]["build"]["targets"]["wheel"]["hooks"]["mypyc"]
#: The modules the mypyc hook compiles (`src/cds_extract/numbers.py` → `numbers`).
STAGES = tuple(Path(p).stem for p in _HOOK["include"])
SRC = ROOT / "src"


def _is_native(module_name: str) -> bool:
    module = importlib.import_module(f"cds_extract.{module_name}")
    return (module.__file__ or "").endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))


def test_source_tree_holds_no_compiled_modules() -> None:
    # hatch-mypyc compiles in place; a .so left in src/ would be imported by the
    # editable install instead of the .py being edited, and go stale silently.
    stray = sorted(
        str(p.relative_to(SRC))
        for suffix in importlib.machinery.EXTENSION_SUFFIXES
        for p in SRC.rglob(f"*{suffix}")
    )
    assert stray == []


@pytest.mark.parametrize("name", STAGES)
def test_each_run_imports_the_build_it_claims(name: str) -> None:
    expect_compiled = os.environ.get("CDS_EXTRACT_EXPECT_COMPILED") == "1"
    assert _is_native(name) is expect_compiled, (name, cds_extract.__file__)


def test_claims_pickle_across_builds() -> None:
    # The batch runner's workers send claims to the parent by pickle, whichever build
    # each side runs.
    claims = cds_extract.extract("Tỉnh có 1.200 tổ công nghệ số cộng đồng, đạt 96%.")
    assert len(claims) == 2
    assert pickle.loads(pickle.dumps(claims)) == claims


def test_pyvi_models_load_through_the_plain_python_unpickler() -> None:
    # mypyc cannot compile a pickle.Unpickler subclass: it lives in a module of its own
    # that the hook leaves out, so it must stay plain Python in both builds.
    assert not _is_native("_pyvi_pickle")
    from cds_extract import indicators

    assert indicators._pyvi_direct().tagger is not None
