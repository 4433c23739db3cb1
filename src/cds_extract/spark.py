"""Claims of a Spark DataFrame of articles, for archives past one machine.

    from cds_extract.spark import extract_claims
    claims = extract_claims(spark.read.parquet("s3://archive/news/"),
                            text_col="text", id_col="id", published_col="published")

One output row per claim, columns mirroring `Claim` (dates as DateType,
floats as DoubleType, enums as their string values). Built on `mapInArrow`:
each executor's Python worker imports cds_extract once and its cached pattern
files and models serve every batch it handles. Needs `cds-extract[spark]`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

from ._fields import arrow_type, claim_fields
from .claim import Claim
from .errors import MissingExtraError

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow as pa
    from pyspark.sql import DataFrame
    from pyspark.sql.types import StructType

__all__ = ["claim_fields", "claim_schema", "extract_claims"]


def _spark_type(py: type) -> Any:
    from pyspark.sql import types as T

    if issubclass(py, Enum) or py is str:
        return T.StringType()
    if py is float:
        return T.DoubleType()
    if py is int:
        return T.LongType()
    if py is date:
        return T.DateType()
    raise TypeError(f"no Spark type for Claim field type {py!r}")  # pragma: no cover


def claim_schema() -> StructType:
    """The Spark schema of `extract_claims`' output: one column per `Claim` field."""
    _require()
    from pyspark.sql import types as T

    return T.StructType(
        [T.StructField(name, _spark_type(py), nullable) for name, py, nullable in claim_fields()]
    )


def _require() -> None:
    try:
        import pyarrow  # noqa: F401
        import pyspark  # noqa: F401
    except ImportError as exc:
        missing = "pyspark" if "pyspark" in str(exc) else "pyarrow"
        raise MissingExtraError.for_extra("spark", missing) from exc


def extract_claims(
    df: DataFrame,
    text_col: str = "text",
    id_col: str | None = "id",
    published_col: str | None = None,
) -> DataFrame:
    """One row per claim of each article in `df` (SPEC §1 fields; `doc_id` from `id_col`).

    `published_col` may hold dates, timestamps or ISO strings; null means no
    publication date, as in `extract(text)`. Null texts give no claims. The id is
    cast to string, since `Claim.doc_id` is one.
    """
    _require()
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    text_type = df.schema[text_col].dataType
    if not isinstance(text_type, T.StringType):
        raise TypeError(f"column {text_col!r} must be a string column, not {text_type}")
    columns = [
        F.col(text_col).alias("text"),
        (F.col(id_col).cast("string") if id_col else F.lit(None).cast("string")).alias("id"),
        (F.col(published_col) if published_col else F.lit(None).cast("date")).alias("published"),
    ]
    return df.select(*columns).mapInArrow(_map_batches, claim_schema())


def _map_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """Arrow batches of (text, id, published) → Arrow batches of claims.

    A module-level function, so Spark pickles it by name and each executor's
    worker imports cds_extract (and loads its patterns) once, not per task.
    """
    import pyarrow as pa

    from . import extract

    fields = claim_fields()
    schema = pa.schema([pa.field(n, arrow_type(pa, py), nullable) for n, py, nullable in fields])
    names = [n for n, _, _ in fields]
    for batch in batches:
        texts = batch.column("text").to_pylist()
        ids = batch.column("id").to_pylist()
        published = batch.column("published").to_pylist()
        rows: list[dict[str, Any]] = []
        for text, doc_id, when in zip(texts, ids, published, strict=True):
            if text is None:
                continue
            if isinstance(when, datetime):  # a timestamp column: the day it names
                when = when.date()
            for claim in extract(text, published=when, doc_id=doc_id):
                rows.append(_row(claim, names))
        yield pa.RecordBatch.from_pylist(rows, schema=schema)


def _row(claim: Claim, names: list[str]) -> dict[str, Any]:
    values = {}
    for name in names:
        value = getattr(claim, name)
        values[name] = value.value if isinstance(value, Enum) else value
    return values
