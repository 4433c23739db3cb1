"""`cds-extract eval DOCS_DIR GOLD_DIR`: the SPEC §4 table for annotated articles."""

from __future__ import annotations

import argparse
import json
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser(
        "eval",
        help="score extraction against gold annotations (SPEC §4)",
        description="Run extract() on every DOCS_DIR/<doc_id>.txt (no published date, "
        "as SPEC §4 says) and score it against the gold JSONL files in GOLD_DIR.",
    )
    p.add_argument("docs", help="folder of <doc_id>.txt articles")
    p.add_argument("gold", help="folder of gold .jsonl files (or one file)")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument(
        "--details",
        action="store_true",
        help="also list missed gold claims, extra predictions and wrong attributes, each "
        "tagged with its kind, after a table of kind counts",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from .evaluate import load_documents, load_gold, score
    from .pipeline import extract

    docs = load_documents(args.docs)
    gold = load_gold(args.gold, docs)
    report = score(docs, gold, lambda text, doc_id: extract(text, doc_id=doc_id))
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(report.table())
    if args.details:
        print("\n## KINDS (wrong attributes of matched claims, missed and extra claims)")
        print(report.kind_table())
        for title, rows in (
            ("MISSED", report.misses),
            ("EXTRA", report.extras),
            ("WRONG", report.wrong),
        ):
            print(f"\n## {title} ({len(rows)})")
            for row in rows:
                print("  " + row)
    return 0
