"""What `_rx.Pattern` saves a call: the same matches with and without the GIL let go.

`regex` lets go of the GIL around each match on a `str` unless told ``concurrent=False``
(see `cds_extract._rx`). This times the calls the pipeline makes most — a search of a
word pattern with look-arounds over a sentence, or over a window of the article by
``pos``/``endpos`` — on the benchmark slice's sentences, with a plain `regex` pattern
and with the same pattern through `_rx`. Rounds alternate which runs first; the best
round of each is printed.

    .venv/bin/python benchmarks/regex_gil.py            # source build
    PYTHONPATH=build/compiled .venv/bin/python benchmarks/regex_gil.py
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import regex
from _corpus import load_slice

from cds_extract import _rx

_PATTERNS = {
    "word, look-arounds": r"(?<!\p{L})(?:đạt|là|tăng|giảm|ở mức|có)(?!\p{L})",
    "digits": r"\d+(?:[.,]\d+)*",
    "anchored at pos": r"\s*(?:/\s*|\s(?:mỗi|một)\s+)\p{L}",
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=300, help="slice articles read (300)")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    texts = [a.text for a in load_slice()[: args.articles]]
    sentences = [s for t in texts for s in t.split(". ") if s]
    print(f"{len(sentences)} sentences of {len(texts)} slice articles; ns a call, best round")
    for name, source in _PATTERNS.items():
        raw, ours = regex.compile(source), _rx.compile(source)
        anchored = name == "anchored at pos"

        def run_raw(p: regex.Pattern[str] = raw, at_pos: bool = anchored) -> None:
            for s in sentences:
                p.match(s, len(s) // 2) if at_pos else p.search(s)

        def run_ours(p: _rx.Pattern = ours, at_pos: bool = anchored) -> None:
            for s in sentences:
                p.match(s, len(s) // 2) if at_pos else p.search(s)

        best = {"regex": float("inf"), "_rx": float("inf")}
        runs: list[tuple[str, Callable[[], None]]] = [("regex", run_raw), ("_rx", run_ours)]
        for r in range(args.rounds):
            for label, fn in runs if r % 2 == 0 else runs[::-1]:
                t = time.perf_counter()
                fn()
                best[label] = min(best[label], time.perf_counter() - t)
        per = {k: v / len(sentences) * 1e9 for k, v in best.items()}
        saved = 1 - per["_rx"] / per["regex"]
        print(f"  {name:20s} regex {per['regex']:6.0f}   _rx {per['_rx']:6.0f}   {saved:.0%} saved")


if __name__ == "__main__":
    main()
