"""How much of `extract()` the garbage collector takes, and what it walks.

Times every collection of one pass over the benchmark slice by generation (a
`gc.callbacks` hook), then the objects the collector tracks after the pass, by type,
and what one full collection costs. Caches of the stages belong in `_memo.Memo`, not
`functools.lru_cache`, for this reason (see `cds_extract._memo`); the lru caches that
remain are listed with their sizes.

    PYTHONPATH=build/compiled .venv/bin/python benchmarks/gc_cost.py
    .venv/bin/python benchmarks/gc_cost.py --articles 300
"""

from __future__ import annotations

import argparse
import collections
import functools
import gc
import time
from typing import Any

from _corpus import load_slice

from cds_extract import extract


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=1000, help="slice articles read (1000)")
    args = ap.parse_args()
    articles = load_slice()[: args.articles]
    extract(articles[0].text)  # lexicons and models loaded before the pass

    spent: collections.Counter[int] = collections.Counter()
    runs: collections.Counter[int] = collections.Counter()
    began = [0.0]

    def hook(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            began[0] = time.perf_counter()
        else:
            spent[info["generation"]] += time.perf_counter() - began[0]
            runs[info["generation"]] += 1

    gc.callbacks.append(hook)
    t = time.process_time()
    for a in articles:
        extract(a.text, published=a.published)
    cpu = time.process_time() - t
    gc.callbacks.remove(hook)
    total = sum(spent.values())
    share = total / cpu
    print(
        f"{len(articles)} articles, {cpu:.2f} CPU-s; collector {total * 1e3:.0f} ms ({share:.1%})"
    )
    for g in sorted(spent):
        print(f"  generation {g}: {runs[g]:4d} collections, {spent[g] * 1e3:6.1f} ms")

    gc.collect()
    tracked = gc.get_objects()
    t = time.perf_counter()
    gc.collect()
    full = time.perf_counter() - t
    kinds = collections.Counter(type(o).__name__ for o in tracked)
    print(f"tracked after the pass: {len(tracked)} objects; a full collection {full * 1e3:.1f} ms")
    print("  " + ", ".join(f"{k} {n}" for k, n in kinds.most_common(8)))
    caches = sorted(
        (
            (o.cache_info().currsize, f"{o.__module__}.{o.__qualname__}")
            for o in tracked
            if isinstance(o, functools._lru_cache_wrapper)
            and getattr(o, "__module__", "").startswith("cds_extract")
        ),
        reverse=True,
    )
    print("largest lru caches: " + ", ".join(f"{name} {n}" for n, name in caches[:6]))


if __name__ == "__main__":
    main()
