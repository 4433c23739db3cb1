"""Write docs/indicators.md, the reference table of every indicator id, from the data.

Usage: python tools/indicator_table.py [--check]

The table is `cds_extract.taxonomy.reference_table()`: one row per entry of
patterns/indicators.yaml (id, label, definition, units, pillar, sources) and the
source documents. --check exits 1 when the file is not current (tests/test_taxonomy.py
runs the same comparison).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cds_extract.taxonomy import reference_table

OUT = Path(__file__).resolve().parents[1] / "docs" / "indicators.md"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="only check that the file is current")
    args = ap.parse_args(argv)
    text = reference_table()
    if args.check:
        current = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        print(f"{OUT}: {'current' if current else 'out of date'}")
        return 0 if current else 1
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
