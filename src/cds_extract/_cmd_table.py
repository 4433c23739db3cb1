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
a table: one row per province (or another field), one column per indicator
(and unit), each cell the value with its as-of date and the article it came
from. Markdown shows the indicators' labels and values in their unit
(`76,2 %`, `7/63`, `45 tỷ đồng`); CSV keeps the ids and raw values. Where two
articles give the same province, indicator and date different values, the cell
is flagged (`⚠`, CSV column *_conflict). With --latest, one row per province
holding the latest value of each indicator, a dated value always before an
undated one; without it, one row per province and date. By default only actual
provincial levels count: targets, estimates, changes (`tăng 9,2%`) and district
or commune figures are left out (see --modality, --with-changes, --scopes)."""


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
        "--format",
        choices=("csv", "md", "parquet"),
        default="csv",
        help="output format (default csv; parquet needs -o FILE)",
    )
    p.add_argument(
        "--modality",
        choices=("actual", "target", "estimate", "all"),
        default="actual",
        help="which claims count (default actual)",
    )
    p.add_argument(
        "--min-rows",
        type=int,
        default=1,
        metavar="N",
        help="only columns with a value in at least N rows (default 1)",
    )
    p.add_argument(
        "--scopes",
        choices=("province", "all"),
        default="province",
        help="province (default): leave out district and commune figures; all: keep them",
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
    """One claim standing in a table cell, and where it came from."""

    value: float
    unit: str
    value_text: str
    as_of: str | None
    rank: tuple[bool, str, float, int]  # dated first, then latest, most confident, last
    denominator: float | None = None
    qualifier: str = "exact"
    source: str = ""  # doc id (or input file) of the article
    url: str | None = None


@dataclass(slots=True)
class Slot:
    """The cell a (row, column) shows, and the other sources' values for its date."""

    best: Cell
    candidates: list[Cell]

    def conflicts(self) -> list[Cell]:
        """Other sources' values for the same date that differ from the shown one.

        Two articles disagree when they give the same province, indicator and date
        (`as_of`) different values; an undated figure has no date to clash on, and one
        article repeating itself (`14`, then `14/63`) is not two sources.
        """
        best = self.best
        if best.as_of is None:
            return []
        out: dict[tuple[str, float], Cell] = {}
        for c in self.candidates:
            if c.as_of == best.as_of and c.source != best.source and not _same(c, best):
                out.setdefault((c.source, c.value), c)
        return sorted(out.values(), key=lambda c: (c.source, c.value))


def _same(a: Cell, b: Cell) -> bool:
    return abs(a.value - b.value) <= 1e-9 * max(1.0, abs(a.value), abs(b.value))


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
    scopes: str = "province",
) -> tuple[dict[tuple[str, ...], dict[tuple[str, str], Slot]], int]:
    """Best cell per (row, column): a dated figure before an undated one, then the latest
    as_of, then the highest confidence, then the later record.

    Columns are (COLUMN value, unit): one indicator given as a count and as a percentage
    is two columns. With ``scopes="province"`` district and commune figures are left
    out (a district's score is not its province's). Returns the table and how many
    records were left out for lack of a row or column key.
    """
    table: dict[tuple[str, ...], dict[tuple[str, str], Slot]] = {}
    dropped = 0
    for order, rec in enumerate(records):
        if modality != "all" and (rec.get("modality") or "actual") != modality:
            continue
        if rec.get("change") and not with_changes:
            continue
        if scopes == "province" and rec.get("scope") in ("district", "commune"):
            continue
        row, col = rec.get(row_key), rec.get(col_key)
        if row in (None, "") or col in (None, ""):
            dropped += 1
            continue
        as_of = rec.get("as_of") or None
        denominator = rec.get("denominator")
        cell = Cell(
            value=float(rec["value"]),
            unit=str(rec.get("unit") or ""),
            value_text=str(rec.get("value_text") or rec["value"]),
            as_of=as_of,
            rank=(as_of is not None, as_of or "", float(rec.get("confidence") or 0.0), order),
            denominator=float(denominator) if denominator not in (None, "") else None,
            qualifier=str(rec.get("qualifier") or "exact"),
            source=str(rec.get("doc_id") or rec.get("input") or ""),
            url=rec.get("url") or None,
        )
        key = (str(row),) if latest else (str(row), as_of or "")
        cells = table.setdefault(key, {})
        slot = cells.get((str(col), cell.unit))
        if slot is None:
            cells[(str(col), cell.unit)] = Slot(cell, [cell])
        else:
            slot.candidates.append(cell)
            if cell.rank > slot.best.rank:
                slot.best = cell
    return table, dropped


def _num(value: float) -> str:
    """`2255.0` → `2255`; `96.5` → `96.5`.

    >>> _num(2255.0), _num(96.5), _num(8.15e14)
    ('2255', '96.5', '815000000000000')
    """
    return str(int(value)) if value.is_integer() else repr(value)


def vi_number(value: float, decimals: int = 4) -> str:
    """A number as Vietnamese writes it: `.` groups thousands, `,` marks decimals.

    >>> vi_number(2255.0), vi_number(76.05), vi_number(0.5064), vi_number(1234567.5)
    ('2.255', '76,05', '0,5064', '1.234.567,5')
    """
    text = f"{value:,.{decimals}f}".rstrip("0").rstrip(".")
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


_SIGNS = {"approx": "≈ ", "gt": "> ", "gte": "≥ ", "lt": "< ", "lte": "≤ "}
_SCALES = ((1e9, "tỷ"), (1e6, "triệu"))


def format_value(
    value: float, unit: str, denominator: float | None = None, qualifier: str = "exact"
) -> str:
    """The value in its unit, as a Vietnamese reader writes it: `76,2 %`, `0,64 điểm`,
    `7/63`, `45 tỷ đồng`, `1,5 điểm %`, with the qualifier's sign (`> 80 %`). Spelled
    values (`Hai`) come out as numbers, since the value is what is formatted.

    >>> format_value(76.2, "%"), format_value(0.64, "point"), format_value(7, "rank", 63)
    ('76,2 %', '0,64 điểm', '7/63')
    >>> format_value(4.5e10, "VND"), format_value(2, "count"), format_value(80, "%", None, "gt")
    ('45 tỷ đồng', '2', '> 80 %')
    """
    sign = _SIGNS.get(qualifier, "")
    if unit == "rank":
        out = vi_number(value) + (f"/{vi_number(denominator)}" if denominator else "")
    elif unit in ("VND", "USD"):
        money = "đồng" if unit == "VND" else "USD"
        scale = next(((f, w) for f, w in _SCALES if abs(value) >= f), None)
        out = (
            f"{vi_number(value / scale[0], 2)} {scale[1]} {money}"
            if scale
            else (f"{vi_number(value, 2)} {money}")
        )
    else:
        suffix = {"%": " %", "pp": " điểm %", "point": " điểm"}.get(unit, "")
        out = vi_number(value) + suffix
        if denominator and unit in ("point", "count"):
            out = vi_number(value) + f"/{vi_number(denominator)}" + suffix
    return sign + out


def _unit_slug(unit: str) -> str:
    return {"%": "pct", "pp": "pp"}.get(unit, unit.lower())


def _column_names(
    columns: list[tuple[str, str]], col_key: str, *, labels: bool
) -> dict[tuple[str, str], str]:
    """Header per (column, unit): the id (CSV) or the taxonomy's label (Markdown), with
    the unit when one indicator has columns in several units."""
    from . import taxonomy

    units: dict[str, int] = {}
    for col, _unit in columns:
        units[col] = units.get(col, 0) + 1
    names = {}
    for col, unit in columns:
        name = col
        if labels and col_key == "indicator_id":
            entry = taxonomy.indicator(col)
            name = entry.label if entry is not None else col
        if units[col] > 1:
            name = f"{name} ({unit})" if labels else f"{name}_{_unit_slug(unit)}"
        names[(col, unit)] = name
    return names


_UNIT_ORDER = ("%", "pp", "point", "rank", "count", "VND", "USD")


def _ordered_columns(
    table: dict[tuple[str, ...], dict[tuple[str, str], Slot]], col_key: str, min_rows: int
) -> list[tuple[str, str]]:
    """Columns holding a value in at least ``min_rows`` rows; indicator ids in the
    taxonomy's order (pillar by pillar), anything else alphabetically."""
    from . import taxonomy

    filled: dict[tuple[str, str], int] = {}
    for cells in table.values():
        for c in cells:
            filled[c] = filled.get(c, 0) + 1
    order = (
        {ind.id: i for i, ind in enumerate(taxonomy.taxonomy())}
        if col_key == "indicator_id"
        else {}
    )

    def key(c: tuple[str, str]) -> tuple[int, str, int]:
        unit = _UNIT_ORDER.index(c[1]) if c[1] in _UNIT_ORDER else len(_UNIT_ORDER)
        return (order.get(c[0], len(order)), c[0], unit)

    return sorted((c for c, n in filled.items() if n >= min_rows), key=key)


def _source(cell: Cell, *, markdown: bool) -> str:
    """Where a cell came from: Markdown links the doc id to the article's URL; CSV gives
    the URL when the record has one, else the doc id."""
    web = bool(cell.url and cell.url.startswith(("http://", "https://")))
    if markdown:
        return f"[{cell.source or 'source'}]({cell.url})" if web else cell.source
    return (cell.url if web else None) or cell.source


_SUFFIXES = ("", "_unit", "_as_of", "_source", "_conflict")


def _flat(
    table: dict[tuple[str, ...], dict[tuple[str, str], Slot]],
    rows: list[tuple[str, ...]],
    columns: list[tuple[str, str]],
    heads: list[str],
    col_key: str,
) -> tuple[list[str], list[list[str | float | None]]]:
    """Header and rows of the flat table (CSV, Parquet): ids as column names, and per
    column the raw value, its unit, date, source and the other sources' values."""
    names = _column_names(columns, col_key, labels=False)
    header = heads + [f"{names[c]}{suffix}" for c in columns for suffix in _SUFFIXES]
    records: list[list[str | float | None]] = []
    for key in rows:
        line: list[str | float | None] = list(key)
        for c in columns:
            slot = table[key].get(c)
            if slot is None:
                line += [None] * len(_SUFFIXES)
                continue
            cell = slot.best
            clash = "; ".join(f"{o.source}: {_num(o.value)}" for o in slot.conflicts())
            line += [
                cell.value,
                cell.unit,
                cell.as_of,
                _source(cell, markdown=False),
                clash or None,
            ]
        records.append(line)
    return header, records


def write_parquet(
    path: str,
    table: dict[tuple[str, ...], dict[tuple[str, str], Slot]],
    row_key: str,
    col_key: str,
    *,
    latest: bool,
    min_rows: int = 1,
) -> None:
    """The flat table (as CSV gives it) as a typed Parquet file: values as float64, dates
    as date32, everything else as strings."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise MissingExtraError.for_extra("batch", "pyarrow") from exc
    columns = _ordered_columns(table, col_key, min_rows)
    heads = [row_key] if latest else [row_key, "as_of"]
    shown = set(columns)
    rows = sorted(key for key, cells in table.items() if shown.intersection(cells))
    header, records = _flat(table, rows, columns, heads, col_key)
    arrays = []
    for i, name in enumerate(header):
        values = [r[i] for r in records]
        if i >= len(heads) and (i - len(heads)) % len(_SUFFIXES) == 0:
            arrays.append(pa.array(values, pa.float64()))
        elif name.endswith("_as_of") or name == "as_of":
            days = [date.fromisoformat(str(v)) if v else None for v in values]
            arrays.append(pa.array(days, pa.date32()))
        else:
            arrays.append(pa.array([v if v != "" else None for v in values], pa.string()))
    pq.write_table(pa.Table.from_arrays(arrays, names=header), path)


def render(
    table: dict[tuple[str, ...], dict[tuple[str, str], Slot]],
    row_key: str,
    col_key: str,
    *,
    latest: bool,
    fmt: str,
    min_rows: int = 1,
) -> str:
    """The table as CSV (value, unit, date, source and conflict columns per column) or
    Markdown (labels as headers; each cell the value in its unit, its date and source,
    `⚠` and the other sources' values where articles disagree)."""
    columns = _ordered_columns(table, col_key, min_rows)
    heads = [row_key] if latest else [row_key, "as_of"]
    shown = set(columns)
    rows = sorted(key for key, cells in table.items() if shown.intersection(cells))
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        header, records = _flat(table, rows, columns, heads, col_key)
        w.writerow(header)
        for record in records:
            w.writerow(
                ["" if v is None else _num(v) if isinstance(v, float) else v for v in record]
            )
        return buf.getvalue()

    def esc(s: str) -> str:
        return s.replace("|", "\\|").replace("\n", " ")

    names = _column_names(columns, col_key, labels=True)
    out = ["| " + " | ".join(esc(h) for h in heads + [names[c] for c in columns]) + " |"]
    out.append("|" + "---|" * (len(heads) + len(columns)))
    for key in rows:
        texts = []
        for c in columns:
            slot = table[key].get(c)
            if slot is None:
                texts.append("")
                continue
            cell = slot.best
            text = format_value(cell.value, cell.unit, cell.denominator, cell.qualifier)
            where = [cell.as_of] if latest and cell.as_of else []
            where.append(_source(cell, markdown=True))
            text += f" ({'; '.join(w for w in where if w)})"
            clash = slot.conflicts()
            if clash:
                others = ", ".join(
                    f"{_source(o, markdown=True)}: "
                    + format_value(o.value, o.unit, o.denominator, o.qualifier)
                    for o in clash
                )
                text += f" ⚠ {others}"
            texts.append(text)
        out.append("| " + " | ".join(esc(x) for x in [*key, *texts]) + " |")
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
            scopes=args.scopes,
        )
    except FileNotFoundError as exc:
        print(f"cds-extract table: error: {exc}", file=sys.stderr)
        return 2
    except (json.JSONDecodeError, KeyError, ValueError) as exc:
        print(
            f"cds-extract table: error: {args.claims} is not a claims file: {exc}", file=sys.stderr
        )
        return 2
    if args.format == "parquet":
        if args.output == "-":
            print("cds-extract table: error: --format parquet needs -o FILE", file=sys.stderr)
            return 2
        write_parquet(
            args.output, table, keys[0], keys[1], latest=args.latest, min_rows=args.min_rows
        )
        return _report_dropped(dropped, keys)
    text = render(
        table, keys[0], keys[1], latest=args.latest, fmt=args.format, min_rows=args.min_rows
    )
    if args.output == "-":
        sys.stdout.write(text)
    else:
        with open(args.output, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    return _report_dropped(dropped, keys)


def _report_dropped(dropped: int, keys: list[str]) -> int:
    if dropped:
        print(
            f"cds-extract table: {dropped} claims without {keys[0]} or {keys[1]} left out",
            file=sys.stderr,
        )
    return 0
