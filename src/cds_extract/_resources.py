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
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import _cache
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
    yaml_file = not name.endswith(".json")
    if yaml_file and (kept := _cache.pattern_data(name, raw)) is not None:
        try:
            return schema.model_validate(kept)
        except ValidationError:
            _cache.drop_pattern_data(name, raw)  # not what the file gives: parse the file
    try:
        data = _yaml_load(raw) if yaml_file else json.loads(raw)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        raise PatternError(f"patterns/{name} is not valid YAML/JSON: {exc}") from exc
    try:
        validated = schema.model_validate(data)
    except ValidationError as exc:
        raise PatternError(f"patterns/{name} fails its schema: {exc}") from exc
    if yaml_file:
        _cache.keep_pattern_data(name, raw, data)
    return validated


_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


def _yaml_load(raw: str) -> Any:
    """``yaml.load(raw, Loader=CSafeLoader)``, the same data built faster.

    libyaml parses, but PyYAML's constructor is Python and costs as much again
    (~30 ms of `foreign_places.yaml`'s ~45 ms): strings, lists and string-keyed maps —
    all our files hold — are built here; any other node (numbers, null, merge keys,
    tags) goes to the safe constructor, so the result is what `yaml.load` returns.
    """
    # libyaml's safe loader when built (10x faster on first call), else PyYAML's.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(raw)
    try:
        node = loader.get_single_node()
        return None if node is None else _construct(loader, node, {})
    finally:
        loader.dispose()


def _construct(loader: Any, node: Node, built: dict[Node, Any]) -> Any:
    tag = node.tag
    if tag == _STR and type(node) is ScalarNode:
        return node.value
    if node in built:  # an alias: the same object, as the safe constructor gives
        return built[node]
    if tag == _SEQ and type(node) is SequenceNode:
        seq: list[Any] = []
        built[node] = seq
        seq.extend([_construct(loader, item, built) for item in node.value])
        return seq
    if (
        tag == _MAP
        and type(node) is MappingNode
        and all(k.tag == _STR and type(k) is ScalarNode for k, _ in node.value)
    ):
        out: dict[str, Any] = {}
        built[node] = out
        for key, value in node.value:
            out[key.value] = _construct(loader, value, built)
        return out
    return loader.construct_object(node, deep=True)
