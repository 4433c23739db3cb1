"""How many claims get an `indicator_id`, and a fixed-seed sample to check by hand.

Usage: python tools/taxonomy_coverage.py ARTICLE... [--claims OUT.jsonl]
       [--sample N --seed S --sample-out FILE]

Runs `extract()` on each article (no publication date, as SPEC §4 scores) and counts
the claims whose phrase alone gives an id (what `pipeline.extract` passes today:
`taxonomy.indicator_id(phrase, unit)`) and those that get one once the value's clause
is read too (`taxonomy.assign`: clause, continued figures, report frame). --claims writes
the claims with the clause-read id, one JSON record a line (input for `cds-extract
table`); --sample draws N claims at random (seeded) and writes phrase, unit, clause
and the id given, for a reader to set the expected id.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

import yaml

from cds_extract import extract, taxonomy


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("articles", nargs="+", type=Path)
    ap.add_argument("--claims", type=Path, help="write the claims (clause-read ids) as JSONL")
    ap.add_argument("--sample", type=int, default=0, help="draw N claims at random")
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--sample-out", type=Path)
    args = ap.parse_args(argv)

    rows: list[dict[str, Any]] = []
    phrase_only = 0
    for path in sorted(args.articles):
        text = path.read_text(encoding="utf-8")
        claims = extract(text, doc_id=path.stem)
        for claim, (ev, match) in zip(claims, taxonomy.evidence(claims, text), strict=True):
            phrase_only += claim.indicator_id is not None
            rec = claim.model_dump(mode="json")
            rec["indicator_id"] = match.id if match else None
            rec["url"] = path.name
            rows.append({"rec": rec, "ev": ev})
    n = len(rows)
    with_id = sum(r["rec"]["indicator_id"] is not None for r in rows)
    print(f"{len(args.articles)} articles, {n} claims")
    print(f"indicator_id from the phrase alone:     {phrase_only} ({phrase_only / n:.1%})")
    print(f"indicator_id from phrase and clause:    {with_id} ({with_id / n:.1%})")
    if args.claims:
        with args.claims.open("w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r["rec"], ensure_ascii=False) + "\n")
    if args.sample:
        picked = random.Random(args.seed).sample(rows, min(args.sample, n))
        out = [
            {
                "doc": r["rec"]["doc_id"],
                "value": r["rec"]["value_text"],
                "unit": r["rec"]["unit"],
                "phrase": r["ev"].phrase,
                "before": r["ev"].before,
                "after": r["ev"].after,
                "carried": r["ev"].carried,
                "frame": r["ev"].frame,
                "given": r["rec"]["indicator_id"],
            }
            for r in picked
        ]
        text = yaml.safe_dump(out, allow_unicode=True, sort_keys=False, width=200)
        if args.sample_out:
            args.sample_out.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
