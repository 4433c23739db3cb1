"""`cds-extract show ARTICLE [-o view.html] [--published DATE]`: the HTML claim view."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import CdsExtractError, InputReadError


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the `show` subcommand to the CLI's subparsers."""
    parser = sub.add_parser(
        "show",
        help="write an HTML page of an article with its claims highlighted",
        description=(
            "Extract the claims of one article (a UTF-8 text file, '-' for stdin) and write a "
            "self-contained HTML page: the text with every claim highlighted by unit and its "
            "record on hover and in a side table."
        ),
    )
    parser.add_argument("article", help="UTF-8 text file of the article, or '-' for stdin")
    parser.add_argument(
        "-o", "--output", default="-", help="HTML file to write (default: standard output)"
    )
    parser.add_argument(
        "--published",
        default=None,
        metavar="DATE",
        help="publication date, ISO (2024-08-15): resolves `hiện nay`, `đến nay`, bare months",
    )
    parser.add_argument("--title", default=None, help="page title (default: first line)")
    parser.set_defaults(func=run)


def _read(source: str) -> str:
    try:
        data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as exc:
        raise InputReadError(f"cannot read {source}: {exc.strerror or exc}") from exc
    try:
        # utf-8-sig: a BOM is file furniture, not article text.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputReadError(f"{source} is not UTF-8 text: {exc}") from exc


def run(args: argparse.Namespace) -> int:
    """Write the page; 0 on success, 2 when the input or the date is unusable."""
    from . import extract
    from .integrations.html_view import render

    try:
        text = _read(args.article)
        doc_id = None if args.article == "-" else Path(args.article).stem
        claims = extract(text, published=args.published, doc_id=doc_id)
    except CdsExtractError as exc:
        print(f"cds-extract show: {exc}", file=sys.stderr)
        return 2
    page = render(text, claims, title=args.title)
    if args.output == "-":
        sys.stdout.write(page)
        sys.stdout.flush()
    else:
        try:
            Path(args.output).write_text(page, encoding="utf-8")
        except OSError as exc:
            print(f"cds-extract show: cannot write {args.output}: {exc}", file=sys.stderr)
            return 2
        print(f"{len(claims)} claims → {args.output}", file=sys.stderr)
    return 0
