"""Column types that mirror `Claim`, shared by the Parquet writer and the Spark integration."""

from __future__ import annotations

import types
import typing
from datetime import date
from enum import Enum
from typing import Any

from .claim import Claim


def claim_fields() -> list[tuple[str, type, bool]]:
    """`(name, python type, nullable)` for each `Claim` field, in declaration order.

    >>> claim_fields()[:2]
    [('doc_id', <class 'str'>, True), ('indicator', <class 'str'>, False)]
    """
    out = []
    for name, info in Claim.model_fields.items():
        annotation: Any = info.annotation
        nullable = False
        if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            nullable = len(args) < len(typing.get_args(annotation))
            (annotation,) = args
        out.append((name, annotation, nullable))
    return out


def arrow_type(pa: Any, py: type) -> Any:
    """Arrow type of a Claim field type: enums and str → string, date → date32, …

    ``pa`` is the imported pyarrow module (the caller says which extra provides it).
    """
    if issubclass(py, Enum) or py is str:
        return pa.string()
    mapping = {float: pa.float64(), int: pa.int64(), date: pa.date32()}
    if py in mapping:
        return mapping[py]
    raise TypeError(f"no Arrow type for Claim field type {py!r}")  # pragma: no cover
