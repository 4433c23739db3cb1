"""`cds-extract` command line: subcommands live in ``_cmd_*.py`` modules.

Exit codes: 0 all good, 1 some documents failed, 2 usage error.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from . import __version__
from .errors import CdsExtractError

_COMMANDS = ("_cmd_extract", "_cmd_table", "_cmd_eval", "_cmd_show", "_cmd_taxonomy")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cds-extract",
        description="Extract numeric digital-transformation claims from Vietnamese news.",
        epilog="environment: CDS_EXTRACT_CACHE=DIR keeps the start-up cache (compiled "
        "patterns, parsed pattern files) in DIR instead of the user cache directory; "
        "CDS_EXTRACT_CACHE=off keeps none. It only saves start-up time (README).",
    )
    parser.add_argument("--version", action="version", version=f"cds-extract {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _COMMANDS:
        try:
            module = importlib.import_module(f"cds_extract.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"cds_extract.{name}":
                raise
            continue
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        code: int = args.func(args)
    except CdsExtractError as exc:
        print(f"cds-extract: {exc}", file=sys.stderr)
        return 2
    return code


if __name__ == "__main__":
    sys.exit(main())
