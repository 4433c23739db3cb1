"""Batch runs over article archives (`cds-extract extract`); needs the `batch` extra for
HTML (trafilatura), WARC (warcio), Parquet (pyarrow) and the progress bar (tqdm)."""

from __future__ import annotations

from .readers import Document, Failure, ReadOptions, decode_text, iter_documents
from .runner import RunConfig, Summary, run
from .writers import FIELDS, arrow_schema, open_writer, record_for

__all__ = [
    "FIELDS",
    "Document",
    "Failure",
    "ReadOptions",
    "RunConfig",
    "Summary",
    "arrow_schema",
    "decode_text",
    "iter_documents",
    "open_writer",
    "record_for",
    "run",
]
