"""`cds_extract.spark.extract_claims` on a local[2] session gives what `extract()` gives."""

from __future__ import annotations

import gzip
import json
import os
import random
import sys
from collections.abc import Iterator
from datetime import date, datetime
from enum import Enum
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import pytest

from cds_extract import Claim, extract
from cds_extract.errors import MissingExtraError

REPO = Path(__file__).resolve().parents[1]
SAMPLES = sorted((REPO / "samples").glob("*.txt"))
CORPUS = REPO.parent / "shared" / "corpus" / "news.jsonl.gz"
N_CORPUS = 500
SEED = 20240815

HAVE_SPARK = find_spec("pyspark") is not None and find_spec("pyarrow") is not None
needs_spark = pytest.mark.skipif(
    not HAVE_SPARK, reason="pyspark/pyarrow not installed: pip install 'cds-extract[spark]'"
)
# pyspark 4 warns that it does not fully support pandas 3 on every Arrow call;
# mapInArrow does not go through pandas.
pytestmark = pytest.mark.filterwarnings(
    "ignore:PySpark does not yet fully support pandas:FutureWarning"
)


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from pyspark.sql import SparkSession

    # Executors' Python workers must be this interpreter, which has cds_extract installed.
    saved = {k: os.environ.get(k) for k in ("PYSPARK_PYTHON", "PYSPARK_DRIVER_PYTHON")}
    os.environ["PYSPARK_PYTHON"] = os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("cds_extract-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        # Small Arrow batches, so a partition crosses several of them.
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "64")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def _articles() -> list[tuple[str, str, str | None]]:
    """(id, text, published): the five samples and a seeded sample of the corpus."""
    out: list[tuple[str, str, str | None]] = [
        (p.stem, p.read_text(encoding="utf-8"), None) for p in SAMPLES
    ]
    if CORPUS.exists():
        with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
            records = [json.loads(line) for line in f]
        for i in sorted(random.Random(SEED).sample(range(len(records)), N_CORPUS)):
            r = records[i]
            out.append((r["id"], r["text"], r.get("published")))
    return out


def _as_row(claim: Claim) -> dict[str, Any]:
    return {k: (v.value if isinstance(v, Enum) else v) for k, v in claim.model_dump().items()}


def _key(row: dict[str, Any]) -> tuple[str, int, int, str]:
    return (row["doc_id"] or "", row["value_start"], row["value_end"], row["unit"])


@needs_spark
def test_schema_mirrors_claim() -> None:
    from pyspark.sql import types as T

    from cds_extract.spark import claim_schema

    schema = claim_schema()
    assert schema.names == list(Claim.model_fields)
    kinds = {f.name: type(f.dataType) for f in schema.fields}
    assert kinds["as_of"] is kinds["period_start"] is T.DateType
    assert kinds["value"] is kinds["denominator"] is kinds["confidence"] is T.DoubleType
    assert kinds["unit"] is kinds["modality"] is kinds["scope"] is T.StringType
    assert kinds["value_start"] is T.LongType
    nullable = {f.name: f.nullable for f in schema.fields}
    assert nullable["as_of"] and nullable["province"] and not nullable["value"]


@needs_spark
def test_spark_gives_the_claims_extract_gives(spark: Any) -> None:
    from cds_extract.spark import extract_claims

    articles = _articles()
    if len(articles) < len(SAMPLES) + N_CORPUS:
        pytest.skip(f"corpus not found at {CORPUS}: only the samples were compared")
    expected = sorted(
        (
            _as_row(c)
            for doc_id, text, published in articles
            for c in extract(text, published=published, doc_id=doc_id)
        ),
        key=_key,
    )
    df = spark.createDataFrame(articles, "id string, text string, published string")
    got = sorted(
        (r.asDict() for r in extract_claims(df, published_col="published").collect()), key=_key
    )
    assert len(expected) > 200
    assert len({r["doc_id"] for r in expected}) > 50
    assert got == expected


@needs_spark
def test_published_as_date_or_timestamp_column(spark: Any) -> None:
    from cds_extract.spark import extract_claims

    text = SAMPLES[0].read_text(encoding="utf-8")
    rows = [(1, text, date(2024, 8, 20), datetime(2024, 8, 20, 23, 30))]
    df = spark.createDataFrame(rows, "id long, text string, day date, ts timestamp")
    expected = sorted(
        (_as_row(c) for c in extract(text, published=date(2024, 8, 20), doc_id="1")), key=_key
    )
    for column in ("day", "ts"):
        got = extract_claims(df, published_col=column).collect()
        assert sorted((r.asDict() for r in got), key=_key) == expected, column


@needs_spark
def test_null_text_and_no_id_column(spark: Any) -> None:
    from cds_extract.spark import extract_claims

    df = spark.createDataFrame(
        [(None,), ("Tỉnh có 2.255 tổ công nghệ số cộng đồng.",)], "body string"
    )
    rows = extract_claims(df, text_col="body", id_col=None).collect()
    expected = extract("Tỉnh có 2.255 tổ công nghệ số cộng đồng.")
    assert [r.asDict() for r in rows] == [_as_row(c) for c in expected]
    assert rows and rows[0]["doc_id"] is None


@needs_spark
def test_text_column_must_be_a_string(spark: Any) -> None:
    from cds_extract.spark import extract_claims

    df = spark.createDataFrame([(1, 2)], "id long, text long")
    with pytest.raises(TypeError, match="string column"):
        extract_claims(df)


def test_missing_pyspark_is_a_missing_extra_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from cds_extract import spark as cds_spark

    monkeypatch.setitem(sys.modules, "pyspark", None)  # import pyspark → ImportError
    with pytest.raises(MissingExtraError, match=r"cds-extract\[spark\]") as info:
        cds_spark.extract_claims(object())  # type: ignore[arg-type]
    assert info.value.code == "E005"
    assert "pyspark" in str(info.value)
