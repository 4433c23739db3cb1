"""`cds-extract extract`: claims from article archives (txt, folders, JSONL, HTML, WARC)."""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from datetime import date
from typing import IO

from .batch import readers, runner, writers
from .claim import Claim

EXIT_OK, EXIT_FAILURES, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

DESCRIPTION = """\
Extract numeric claims from many articles and write one record per claim.

Inputs (any mix): .txt files; folders (recursive; .txt .html .htm .jsonl
.jsonl.gz .warc .warc.gz); JSONL dumps, optionally gzipped, one article per
line; HTML pages (main text only, via trafilatura); WARC archives (their HTML
responses); '-' for stdin. Unreadable documents are skipped and reported.

Exit status: 0 all documents done, 1 some documents failed, 2 usage error,
130 interrupted (the output is valid; run again with --resume)."""

EPILOG = """\
examples:
  cds-extract extract samples/*.txt -o out/claims.jsonl --print
  cds-extract extract news.jsonl.gz -o claims.parquet --workers 4 --errors errors.jsonl
  cds-extract extract news.jsonl.gz -o claims.parquet --workers 4 --resume
  cat article.txt | cds-extract extract - --published 2024-08-20"""


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the `extract` subcommand."""
    p = sub.add_parser(
        "extract",
        help="extract claims from files, folders, JSONL, HTML or WARC archives",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="input files or folders; '-' = stdin")
    out = p.add_argument_group("output")
    out.add_argument(
        "-o", "--output", default="-", metavar="OUT", help="output file ('-' = stdout, the default)"
    )
    out.add_argument(
        "--format",
        choices=writers.FORMATS,
        help="output format (default: from OUT's extension, else jsonl)",
    )
    out.add_argument(
        "--print",
        dest="print_claims",
        action="store_true",
        help="also print each claim as a readable line on stdout, "
        "under a '# doc_id' header per document",
    )
    out.add_argument(
        "--errors",
        metavar="FILE",
        help="write one JSON line (path, doc_id, reason) per failed document",
    )
    run = p.add_argument_group("run")
    run.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="worker processes (default 1); output order does not depend on N",
    )
    run.add_argument(
        "--resume",
        action="store_true",
        help="skip documents already in OUT (by doc id and content hash) and append the rest",
    )
    run.add_argument(
        "--fail-fast", action="store_true", help="stop at the first document that fails"
    )
    run.add_argument(
        "--published",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="publication date for documents that carry none",
    )
    run.add_argument(
        "--progress",
        choices=("auto", "bar", "log", "none"),
        default="auto",
        help="progress bar (auto: when stderr is a terminal) or log lines",
    )
    run.add_argument("--extractor", default=runner.DEFAULT_EXTRACTOR, help=argparse.SUPPRESS)
    inp = p.add_argument_group("input")
    inp.add_argument(
        "--max-bytes",
        type=_size,
        default=readers.DEFAULT_MAX_BYTES,
        metavar="SIZE",
        help="skip documents larger than this (e.g. 10M, 500k; default 10M)",
    )
    inp.add_argument(
        "--glob",
        metavar="PATTERN",
        help="in folders, read only files whose name matches (e.g. '*.txt')",
    )
    inp.add_argument(
        "--stdin-format",
        choices=("auto", "txt", "jsonl", "html", "warc"),
        default="auto",
        help="format of '-' (default: sniffed)",
    )
    for name in ("id", "text", "published", "url", "title"):
        inp.add_argument(
            f"--{name}-field",
            default=name,
            metavar="NAME",
            help=f"JSONL field holding the {name} (default {name!r})",
        )
    from . import __version__

    p.add_argument("--version", action="version", version=f"cds-extract {__version__}")
    p.set_defaults(func=main)


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {value!r}") from None


def _size(value: str) -> int:
    """`10M` → 10_000_000; `500k` → 500_000; `1234` → 1234."""
    units = {"k": 10**3, "m": 10**6, "g": 10**9}
    v = value.strip().lower().removesuffix("b")
    try:
        if v and v[-1] in units:
            return int(float(v[:-1]) * units[v[-1]])
        return int(v)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {value!r}") from None


def _usage(msg: str) -> int:
    print(f"cds-extract extract: error: {msg}", file=sys.stderr)
    return EXIT_USAGE


def main(args: argparse.Namespace) -> int:
    """Run `extract` with parsed arguments; return the exit code."""
    out: str = args.output
    fmt = writers.format_for(out, args.format)
    if args.workers < 1:
        return _usage("--workers must be at least 1")
    missing = [p for p in args.paths if p != "-" and not os.path.exists(p)]
    if missing:
        return _usage(f"no such file or folder: {', '.join(missing)}")
    if args.paths.count("-") > 1:
        return _usage("'-' (stdin) can be given once")
    if out == "-" and (args.resume or fmt == "parquet" or args.print_claims):
        return _usage("--resume, --print and parquet output need -o FILE")
    try:  # a wrong --extractor is one clear error, not a traceback or a failure per document
        runner.resolve_extractor(args.extractor)
    except (ImportError, AttributeError) as exc:
        return _usage(f"cannot load extractor {args.extractor!r}: {exc}")

    resume_at: int | None = None
    done: set[tuple[str, str]] = set()
    if args.resume:
        target, sidecar = writers.resume_paths(out, fmt)
        if os.path.exists(sidecar):
            state = writers.load_done(sidecar)
            if os.path.exists(target) and os.path.getsize(target) < state.end:
                return _usage(f"{target} is shorter than {sidecar} says; cannot resume")
        elif fmt == "jsonl" and os.path.exists(out):
            state = writers.scan_jsonl_output(out)
        elif os.path.exists(target) and os.path.getsize(target) > 0:
            return _usage(f"cannot resume {out}: {sidecar} is missing")
        else:
            state = writers.DoneState()
        done, resume_at = state.done, state.end

    options = readers.ReadOptions(
        id_field=args.id_field,
        text_field=args.text_field,
        published_field=args.published_field,
        url_field=args.url_field,
        title_field=args.title_field,
        max_bytes=args.max_bytes,
        glob=args.glob,
        stdin_format=args.stdin_format,
    )
    total = None
    if args.progress in ("auto", "bar") and sys.stderr.isatty():
        total = readers.count_single_documents(args.paths, options)
    config = runner.RunConfig(
        workers=args.workers,
        published=args.published,
        fail_fast=args.fail_fast,
        extractor=args.extractor,
        progress=args.progress,
        total=total,
    )

    errors_fh: IO[str] | None = None
    if args.errors:
        errors_fh = open(args.errors, "a" if args.resume else "w", encoding="utf-8")

    def on_failure(failure: readers.Failure) -> None:
        line = {"path": failure.path, "doc_id": failure.doc_id, "reason": failure.reason}
        if errors_fh is not None:
            errors_fh.write(json.dumps(line, ensure_ascii=False) + "\n")
            errors_fh.flush()
        else:
            where = f" [{failure.doc_id}]" if failure.doc_id else ""
            print(f"cds-extract: failed: {failure.path}{where}: {failure.reason}", file=sys.stderr)

    def on_document(doc: readers.Document, claims: list[Claim]) -> None:
        if not args.print_claims:
            return
        lines = [f"# {doc.doc_id}", *(str(c) for c in claims)]
        try:
            sys.stdout.write("\n".join(lines) + "\n")
            sys.stdout.flush()
        except BrokenPipeError:
            # `… --print | head`: stop printing, keep writing OUT.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            args.print_claims = False

    writer = writers.open_writer(out, fmt, resume_at=resume_at)
    summary = runner.Summary(interrupted=True)  # until run() returns
    try:
        summary = runner.run(
            readers.iter_documents(args.paths, options),
            writer,
            config,
            done=done,
            on_failure=on_failure,
            # None unless --print: the workers can then encode the records themselves.
            on_document=on_document if args.print_claims else None,
        )
    finally:
        writer.close(complete=not summary.interrupted and not (args.fail_fast and summary.failures))
        if errors_fh is not None:
            errors_fh.close()
    print(f"cds-extract: {summary.line()}", file=sys.stderr)
    # The process ends now: frozen, its objects (models, lexicons) are not scanned by
    # the interpreter's collection at exit (~0.1 s of a one-worker run).
    gc.freeze()
    if summary.interrupted:
        return EXIT_INTERRUPTED
    return EXIT_FAILURES if summary.failures else EXIT_OK
