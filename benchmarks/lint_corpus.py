"""How many indicator phrases are not well formed, over the corpus or a slice of it.

usage: python benchmarks/lint_corpus.py [--articles N] [--step S] [--workers W]
                                        [--out CLAIMS.jsonl] [--claims CLAIMS.jsonl]
                                        [--examples K] [--lint PATH]

Runs ``cds-extract extract`` over the articles (the whole corpus with ``--articles 0``;
else every ``--step``-th record, the first N of them: ``--articles 2000 --step 9`` is
records 0, 9, 18, …), writes the claims (``--out``), then prints the share of phrases
with each kind of problem by ``cds_extract.grammar.problems`` and, when the shared linter
(``../shared/tools/lint_indicators.py``, or ``--lint``) exists, its report too.
``--claims`` reads claims already written instead of extracting.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from _corpus import cli_command, corpus_path, iter_corpus, load_slice, write_jsonl

from cds_extract import grammar


def _default_lint() -> Path:
    """The shared linter: ``tools/lint_indicators.py`` beside the corpus's folder."""
    return corpus_path().resolve().parents[1] / "tools" / "lint_indicators.py"


def extract(articles: int, step: int, workers: int, out: Path) -> None:
    """Write the claims of the chosen articles to ``out`` with the CLI."""
    with tempfile.TemporaryDirectory() as tmp:
        if articles:
            src = Path(tmp) / "slice.jsonl"
            write_jsonl(load_slice(articles, step=step), src)
        else:
            src = corpus_path()
        cmd = [*cli_command(), "extract", str(src), "-o", str(out), "--workers", str(workers)]
        subprocess.run([*cmd, "--progress", "none"], check=False)


def report(claims: Path, examples: int, seed: int) -> None:
    """Print the share of phrases with each `grammar.KINDS` problem, with examples."""
    total = bad = 0
    by_kind: dict[str, list[str]] = {k: [] for k in grammar.KINDS}
    with open(claims, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            phrase = json.loads(line).get("indicator") or ""
            total += 1
            found = grammar.problems(phrase)
            bad += bool(found)
            for kind in found:
                by_kind[kind].append(phrase)
    if not total:
        print("no claims")
        return
    print(f"grammar.problems: claims {total}; not well formed {bad} ({bad / total:.1%})")
    rng = random.Random(seed)
    for kind, phrases in by_kind.items():
        print(f"  {kind:9s} {len(phrases):7d} ({len(phrases) / total:.1%})")
        common = Counter(phrases).most_common(examples)
        if common:
            print("      most common: " + "; ".join(f"{p!r} ×{n}" for p, n in common))
        for phrase in rng.sample(phrases, min(examples, len(phrases))):
            print(f"      {phrase}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--articles", type=int, default=2000, help="0: the whole corpus")
    ap.add_argument("--step", type=int, default=9, help="every STEP-th record of the corpus")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--out", type=Path, default=Path("out/lint_corpus.jsonl"))
    ap.add_argument("--claims", type=Path, help="claims already written: only report")
    ap.add_argument("--examples", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--lint", type=Path, default=None, help="default: ../tools/ of the corpus")
    a = ap.parse_args()
    lint = a.lint or _default_lint()
    claims = a.claims
    if claims is None:
        a.out.parent.mkdir(parents=True, exist_ok=True)
        n = a.articles or sum(1 for _ in iter_corpus())
        print(f"extracting {n} articles (step {a.step if a.articles else 1}) → {a.out}")
        extract(a.articles, a.step, a.workers, a.out)
        claims = a.out
    report(claims, a.examples, a.seed)
    if lint.exists():
        print(f"\n{lint}:")
        cmd = [sys.executable, str(lint), str(claims), "--examples", str(a.examples)]
        subprocess.run(cmd, check=False)
    else:
        print(f"\n({lint} not found: the shared linter's report is left out)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
