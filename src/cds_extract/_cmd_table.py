"""`cds-extract table`: claims → one row per province, one column per indicator."""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from .errors import MissingExtraError

DESCRIPTION = """\
Pivot a claims file (from `cds-extract extract`: JSONL, CSV or Parquet) into
a table: one row per province (or another field), one column per indicator,
each cell the value with its as-of date. With --latest, one row per province
holding the latest value of each indicator; without it, one row per province
and date. By default only actual levels count: targets, estimates and changes
(`tăng 9,2%`) are left out (see --modality, --with-changes)."""


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the `table` subcommand."""
    p = sub.add_parser(
        "table",
        help="pivot claims into a province x indicator table (CSV or Markdown)",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "claims",
        metavar="CLAIMS",
        help="claims file (.jsonl[.gz], .csv, .parquet; '-' = stdin JSONL)",
    )
    p.add_argument(
        "--by",
        default="province,indicator_id",
        metavar="ROW,COLUMN",
        help="record fields for rows and columns (default province,indicator_id)",
    )
    p.add_argument(
        "--latest", action="store_true", help="one row per ROW with the latest value of each COLUMN"
    )
    p.add_argument(
        "--format", choices=("csv", "md"), default="csv", help="output format (default csv)"
    )
    p.add_argument(
        "--modality",
        choices=("actual", "target", "estimate", "all"),
        default="actual",
        help="which claims count (default actual)",
    )
    p.add_argument(
        "--with-changes",
        action="store_true",
        help="also count changes against a baseline (`tăng 9,2%%`)",
    )
    p.add_argument(
        "-o", "--output", default="-", metavar="OUT", help="output file (default stdout)"
    )
    p.set_defaults(func=main)


@dataclass(frozen=True, slots=True)
class Cell:
    value: float
    unit: str
    value_text: str
    as_of: str | None
    rank: tuple[str, float, int]


def read_records(path: str) -> Iterator[dict[str, Any]]:
    """Records of a claims file, whatever its format, with as_of as ISO text."""
    low = path.lower()
    if low.endswith((".parquet", ".pq")):
        try:
            import pyarrow.parquet as pq
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise MissingExtraError.for_extra("batch", "pyarrow") from exc
        for batch in pq.ParquetFile(path).iter_batches():
            for rec in batch.to_pylist():
                yield {k: v.isoformat() if isinstance(v, date) else v for k, v in rec.items()}
        return
    if low.endswith(".csv"):
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                yield {k: (v if v != "" else None) for k, v in row.items()}
        return
    stream: IO[str]
    if path == "-":
        stream = sys.stdin
    elif low.endswith(".gz"):
        stream = io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8")
    else:
        stream = open(path, encoding="utf-8")
    with stream:
        for line in stream:
            if line.strip():
                yield json.loads(line)


def pivot(
    records: Iterator[dict[str, Any]],
    row_key: str,
    col_key: str,
    *,
    latest: bool,
    modality: str = "actual",
    with_changes: bool = False,
) -> tuple[dict[tuple[str, ...], dict[str, Cell]], int]:
    """Best cell per (row, column): the latest as_of, then the highest confidence.

    Returns the table and how many records were left out for lack of a row or
    column key.
    """
    table: dict[tuple[str, ...], dict[str, Cell]] = {}
    dropped = 0
    for order, rec in enumerate(records):
        if modality != "all" and rec.get("modality", "actual") != modality:
            continue
        if rec.get("change") and not with_changes:
            continue
        row, col = rec.get(row_key), rec.get(col_key)
        if row in (None, "") or col in (None, ""):
            dropped += 1
            continue
        as_of = rec.get("as_of") or None
        cell = Cell(
            value=float(rec["value"]),
            unit=str(rec.get("unit") or ""),
            value_text=str(rec.get("value_text") or rec["value"]),
            as_of=as_of,
            rank=(as_of or "", float(rec.get("confidence") or 0.0), order),
        )
        key = (str(row),) if latest else (str(row), as_of or "")
        cells = table.setdefault(key, {})
        old = cells.get(str(col))
        if old is None or cell.rank > old.rank:
            cells[str(col)] = cell
    return table, dropped


def _num(value: float) -> str:
    """`2255.0` → `2255`; `96.5` → `96.5`.

    >>> _num(2255.0), _num(96.5), _num(8.15e14)
    ('2255', '96.5', '815000000000000')
    """
    return str(int(value)) if value.is_integer() else repr(value)


def render(
    table: dict[tuple[str, ...], dict[str, Cell]],
    row_key: str,
    col_key: str,
    *,
    latest: bool,
    fmt: str,
) -> str:
    """The table as CSV (value, unit and date columns per indicator) or Markdown."""
    columns = sorted({c for cells in table.values() for c in cells})
    heads = [row_key] if latest else [row_key, "as_of"]
    rows = sorted(table)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(heads + [h for c in columns for h in (c, f"{c}_unit", f"{c}_as_of")])
        for key in rows:
            line: list[str] = list(key)
            for c in columns:
                cell = table[key].get(c)
                line += [_num(cell.value), cell.unit, cell.as_of or ""] if cell else ["", "", ""]
            w.writerow(line)
        return buf.getvalue()

    def esc(s: str) -> str:
        return s.replace("|", "\\|").replace("\n", " ")

    out = ["| " + " | ".join(esc(h) for h in heads + columns) + " |"]
    out.append("|" + "---|" * (len(heads) + len(columns)))
    for key in rows:
        cells = []
        for c in columns:
            cell = table[key].get(c)
            if cell is None:
                cells.append("")
            elif latest:
                cells.append(f"{cell.value_text} ({cell.as_of or 'no date'})")
            else:
                cells.append(cell.value_text)
        out.append("| " + " | ".join(esc(x) for x in [*key, *cells]) + " |")
    return "\n".join(out) + "\n"


def main(args: argparse.Namespace) -> int:
    """Run `table`; return the exit code."""
    keys = [k.strip() for k in args.by.split(",") if k.strip()]
    if len(keys) != 2:
        print("cds-extract table: error: --by takes ROW,COLUMN (two field names)", file=sys.stderr)
        return 2
    try:
        table, dropped = pivot(
            read_records(args.claims),
            keys[0],
            keys[1],
            latest=args.latest,
            modality=args.modality,
            with_changes=args.with_changes,
        )
    except FileNotFoundError as exc:
        print(f"cds-extract table: error: {exc}", file=sys.stderr)
        return 2
    except (json.JSONDecodeError, KeyError, ValueError) as exc:
        print(
            f"cds-extract table: error: {args.claims} is not a claims file: {exc}", file=sys.stderr
        )
        return 2
    text = render(table, keys[0], keys[1], latest=args.latest, fmt=args.format)
    if args.output == "-":
        sys.stdout.write(text)
    else:
        with open(args.output, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    if dropped:
        print(
            f"cds-extract table: {dropped} claims without {keys[0]} or {keys[1]} left out",
            file=sys.stderr,
        )
    return 0
