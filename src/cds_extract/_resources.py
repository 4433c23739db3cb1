"""Load and validate the data files in ``patterns/``.

Installed wheels carry ``patterns/`` inside the package (hatch force-include);
a source checkout reads the repository's top-level ``patterns/``.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .errors import PatternError

M = TypeVar("M", bound=BaseModel)


@functools.cache
def patterns_dir() -> Traversable:
    """Where the pattern files live: in the installed package, else the checkout."""
    packaged = resources.files("cds_extract") / "patterns"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "patterns"
    if checkout.is_dir():
        return checkout
    raise PatternError("patterns/ directory not found in the package or the checkout")


def read_text(name: str) -> str:
    try:
        return (patterns_dir() / name).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise PatternError(f"cannot read patterns/{name}: {exc}") from exc


def load_patterns(name: str, schema: type[M]) -> M:
    """Parse ``patterns/<name>`` (YAML or JSON) and validate it against ``schema``."""
    return _load_cached(name, schema)  # type: ignore[return-value]


@functools.cache
def _load_cached(name: str, schema: type[BaseModel]) -> BaseModel:
    raw = read_text(name)
    try:
        # libyaml's safe loader when built (10x faster on first call), else PyYAML's.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = json.loads(raw) if name.endswith(".json") else yaml.load(raw, Loader=loader)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        raise PatternError(f"patterns/{name} is not valid YAML/JSON: {exc}") from exc
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        raise PatternError(f"patterns/{name} fails its schema: {exc}") from exc
