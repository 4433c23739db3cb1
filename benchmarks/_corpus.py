"""The fixed benchmark slice of the shared news corpus, the same every run.

The slice is every ``STEP``-th record of ``news.jsonl.gz`` in file order
(records 0, 18, 36, … → 1,000 of the 18,000 articles). Taking a stride rather
than the head keeps the mix of sources and article lengths of the whole file,
and needs no random seed to stay reproducible.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

#: Every STEP-th record of the corpus is in the slice.
STEP = 18

#: Default corpus location: ``../shared/corpus`` next to the repository; override with
#: the environment variable ``CDS_BENCH_CORPUS``.
DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "news.jsonl.gz"


@dataclass(frozen=True, slots=True)
class Article:
    """One corpus record, as much of it as the benchmarks need."""

    doc_id: str
    text: str
    published: str | None
    title: str | None = None
    url: str | None = None

    @property
    def nbytes(self) -> int:
        """Size of the article text in UTF-8 bytes (what MB/s figures count)."""
        return len(self.text.encode("utf-8"))


def corpus_path() -> Path:
    """The corpus file: ``$CDS_BENCH_CORPUS`` or ``../shared/corpus/news.jsonl.gz``."""
    return Path(os.environ.get("CDS_BENCH_CORPUS", DEFAULT_CORPUS))


def iter_corpus(path: Path | None = None) -> Iterator[Article]:
    """Every record of the corpus, in file order."""
    with gzip.open(path or corpus_path(), "rt", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            yield Article(
                doc_id=str(rec["id"]),
                text=str(rec.get("text") or ""),
                published=rec.get("published") or None,
                title=rec.get("title"),
                url=rec.get("url"),
            )


def load_slice(
    limit: int | None = None, step: int = STEP, path: Path | None = None
) -> list[Article]:
    """The benchmark slice: records 0, step, 2·step, …; the first ``limit`` of them if given."""
    out: list[Article] = []
    for i, art in enumerate(iter_corpus(path)):
        if i % step:
            continue
        out.append(art)
        if limit is not None and len(out) >= limit:
            break
    return out


def total_bytes(articles: Iterable[Article]) -> int:
    """UTF-8 size of all article texts."""
    return sum(a.nbytes for a in articles)


def write_jsonl(articles: Iterable[Article], path: Path) -> None:
    """Write articles as the CLI's JSONL input (`id`, `text`, `published`, `url`, `title`)."""
    with open(path, "w", encoding="utf-8") as f:
        for a in articles:
            rec = {
                "id": a.doc_id,
                "text": a.text,
                "published": a.published,
                "url": a.url,
                "title": a.title,
            }
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")


def cli_command() -> list[str]:
    """How to run `cds-extract`: the script beside this interpreter, else the one on PATH,
    else the module."""
    exe = Path(sys.executable).with_name("cds-extract")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("cds-extract")
    return [found] if found else [sys.executable, "-m", "cds_extract.cli"]
