"""`cds-extract taxonomy`: the indicator ids, and why a phrase or a claim got its id."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .claim import Unit
from .errors import CdsExtractError, InputReadError

DESCRIPTION = """\
Explain indicator ids (patterns/indicators.yaml).

  cds-extract taxonomy "tỷ lệ hồ sơ TTHC đúng hạn" --unit %
      which entry the phrase maps to, and by which keywords
  cds-extract taxonomy "thứ hạng" --unit rank --before "Kinh tế số xếp thứ "
      the same with the value's clause (the sentence before / after the value)
  cds-extract taxonomy --article article.txt
      every claim of an article with its id and where the id came from
  cds-extract taxonomy --list
      the reference table of all ids (docs/indicators.md)"""


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the `taxonomy` subcommand."""
    p = sub.add_parser(
        "taxonomy",
        help="list the indicator ids, or show why a phrase or claim got its id",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("phrase", nargs="?", help="an indicator phrase to map")
    p.add_argument(
        "--unit",
        choices=[u.value for u in Unit],
        default=Unit.PERCENT.value,
        help="the value's unit (default %%)",
    )
    p.add_argument("--before", default="", help="the value's sentence before the value")
    p.add_argument("--after", default="", help="the value's sentence after the value")
    p.add_argument("--article", metavar="FILE", help="explain every claim of a UTF-8 article")
    p.add_argument("--published", metavar="DATE", help="publication date for --article")
    p.add_argument("--list", action="store_true", help="print the reference table (Markdown)")
    p.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    """Run `taxonomy`; return the exit code (1 when a phrase maps to no id)."""
    from . import taxonomy

    if args.list:
        sys.stdout.write(taxonomy.reference_table())
        return 0
    if args.article:
        from . import extract

        try:
            text = Path(args.article).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            print(f"cds-extract taxonomy: {InputReadError(str(exc))}", file=sys.stderr)
            return 2
        try:
            claims = extract(text, published=args.published, doc_id=Path(args.article).stem)
        except CdsExtractError as exc:
            print(f"cds-extract taxonomy: {exc}", file=sys.stderr)
            return 2
        for claim, match in zip(claims, taxonomy.explain_all(claims, text), strict=True):
            print(f"{claim.value_text!r} [{claim.unit.value}] «{claim.indicator}»")
            print(f"    → {match if match else 'no id'}")
        return 0
    if not args.phrase:
        print("cds-extract taxonomy: error: give a PHRASE, --article or --list", file=sys.stderr)
        return 2
    match = taxonomy.explain(args.phrase, Unit(args.unit), before=args.before, after=args.after)
    print(match if match else f"no id: no keyword set of a {args.unit} entry occurs")
    return 0 if match else 1
