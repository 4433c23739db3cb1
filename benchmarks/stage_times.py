"""CPU seconds per pipeline stage over the benchmark slice, and a claims guard for speed work.

    python benchmarks/stage_times.py                      # stage table for the 1,000-article slice
    python benchmarks/stage_times.py --save before.jsonl  # keep every claim as JSON
    python benchmarks/stage_times.py --compare before.jsonl   # exit 1 unless byte-identical
    python benchmarks/stage_times.py --extra 500          # also 500 other corpus articles

A speed change should leave every claim as it was: save the claims before the change,
compare after it. Stage times come from wrapping the functions `pipeline.py` calls
(the wrappers cost ~1 µs a call, so the total is a little above `make bench`'s (a));
a stage's line includes the stages it calls (`document_place` calls `find_places`), and
a generator's (`document.resolve`) is the time spent producing its items.
Pin to one CPU (`taskset -c 1 …`) and compare CPU time, not wall time, on a busy machine.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import Article, iter_corpus, load_slice, total_bytes

MB = 1_000_000  # as in throughput.py: 10^6 bytes of UTF-8 article text

#: (module, functions) that pipeline.py calls per document or per sentence.
STAGES = {
    "dates": ("find_dates", "may_hold_date", "date_for"),
    "numbers": ("find_numbers", "may_hold_number"),
    "places": ("find_places", "document_place", "title_place", "place_for"),
    "indicators": ("indicator_for",),
    "modality": ("modality_for",),
    "document": ("resolve",),
    "taxonomy": ("assign",),
    "assemble": ("build_claim",),
    "segment": ("sentences",),
    "pipeline": ("normalise",),
}


def _wrap(mod: ModuleType, name: str, spent: defaultdict[str, float], calls: Counter[str]) -> None:
    f: Callable[..., Any] = getattr(mod, name)
    key = f"{mod.__name__.rsplit('.', 1)[-1]}.{name}"

    def timed(*args: Any, **kwargs: Any) -> Any:
        t = time.process_time()
        try:
            out = f(*args, **kwargs)
        finally:
            spent[key] += time.process_time() - t
            calls[key] += 1
        # A generator (`document.resolve`) does its work as it is read: time each step.
        return _timed_steps(out, key, spent) if isinstance(out, Iterator) else out

    setattr(mod, name, timed)


def _timed_steps(it: Iterator[Any], key: str, spent: defaultdict[str, float]) -> Iterator[Any]:
    while True:
        t = time.process_time()
        try:
            item = next(it)
        except StopIteration:
            return
        finally:
            spent[key] += time.process_time() - t
        yield item


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--limit", type=int, help="first N articles of the slice")
    p.add_argument("--extra", type=int, default=0, help="also N corpus articles outside the slice")
    p.add_argument("--save", type=Path, help="write every claim (JSON lines) here")
    p.add_argument("--compare", type=Path, help="exit 1 unless the claims equal this file's")
    args = p.parse_args(argv)

    import importlib

    import cds_extract

    spent: defaultdict[str, float] = defaultdict(float)
    calls: Counter[str] = Counter()
    for mod_name, names in STAGES.items():
        mod = importlib.import_module(f"cds_extract.{mod_name}")
        for name in names:
            _wrap(mod, name, spent, calls)

    arts: list[Article] = load_slice(limit=args.limit)
    if args.extra:
        # records 7, 38, 69 …: never on the slice's stride of 18 at the same offsets
        extra = (a for i, a in enumerate(iter_corpus()) if i % 31 == 7)
        arts += [a for _, a in zip(range(args.extra), extra, strict=False)]
    # warm-up: models, gazetteers and the title fallback load before the timed loop
    cds_extract.extract("Tỉnh Thái Nguyên có 1.000 doanh nghiệp.\nNăm 2024, 87% giao dịch.")
    cds_extract.extract("Lũ lụt ở Greenland\nNăm 2024, 87% giao dịch trên kênh số.")
    spent.clear()
    calls.clear()

    out: list[str] = []
    t0 = time.process_time()
    for a in arts:
        for c in cds_extract.extract(a.text, published=a.published, doc_id=a.doc_id):
            out.append(c.model_dump_json())
    total = time.process_time() - t0
    mb = total_bytes(arts) / MB
    print(
        f"{len(arts)} articles, {mb:.2f} MB: {total:.2f} CPU-s, {mb / total:.3f} MB/CPU-s, "
        f"{len(out)} claims"
    )
    for key, sec in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {key:26s} {sec:6.2f} s  {calls[key]:7d} calls")

    if args.save:
        args.save.write_text("".join(line + "\n" for line in out), encoding="utf-8")
        print(f"claims saved to {args.save}")
    if args.compare:
        before = args.compare.read_text(encoding="utf-8").splitlines()
        if before == out:
            print(f"claims IDENTICAL to {args.compare}")
        else:
            changed = sum(1 for x, y in zip(before, out, strict=False) if x != y)
            print(
                f"claims DIFFER from {args.compare}: {len(before)} → {len(out)} lines, "
                f"{changed} of the common positions changed"
            )
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
