"""Print a random sample of claims from random corpus articles, for reading by hand.

usage: python benchmarks/sample_claims.py [--articles 200] [--claims 30] [--seed 7]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
from datetime import date
from pathlib import Path

from cds_extract import extract

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "news.jsonl.gz"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--claims", type=int, default=30)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    with gzip.open(args.corpus, "rt", encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh]
    rng = random.Random(args.seed)
    picked = rng.sample(records, args.articles)
    claims = []
    for rec in picked:
        pub = date.fromisoformat(rec["published"]) if rec.get("published") else None
        claims.extend(extract(rec["text"], published=pub, doc_id=rec["id"]))
    print(f"{len(picked)} articles, {len(claims)} claims; {args.claims} drawn at random:\n")
    for i, c in enumerate(rng.sample(claims, min(args.claims, len(claims))), 1):
        print(f"[{i}] {c.doc_id}  {c}")
        print(
            f"     unit={c.unit.value} q={c.qualifier.value} change={c.change and c.change.value} "
            f"modality={c.modality.value} scope={c.scope.value} place={c.place} "
            f"date_text={c.date_text!r} conf={c.confidence}"
        )
        print(f"     « {c.sentence[:300]} »\n")


if __name__ == "__main__":
    main()
