"""Linear-time check: each stage and ``extract()`` on 1, 2 and 4 MB adversarial inputs.

Run ``python benchmarks/linear_time.py``; it prints, per input and stage, the CPU
seconds at each size and the 2MB/1MB and 4MB/2MB ratios, which stay ≈ 2 when
the stage is linear (≈ 4 means quadratic). Each (input, stage) row runs in a
forked child with a time budget (``--budget``): a stage that does not finish is
reported as ``>budget`` rather than hanging the run. ``--sizes 0.05,0.1,0.2``
measures smaller inputs (useful for ``extract`` whose constant is high);
``--inputs`` / ``--stages`` pick rows; ``--whole`` hands numbers/dates one
span covering the whole text instead of 2,000-character sentence spans.
"""

from __future__ import annotations

import argparse
import itertools
import multiprocessing as mp
import random
import sys
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

MB = 1_000_000

_WORDS = (
    "chuyển đổi số của tỉnh Thái Nguyên trong năm nay được triển khai rộng khắp "
    "các xã phường với sự tham gia của người dân và doanh nghiệp"
).split()


def _repeat(unit: str, n: int) -> str:
    return (unit * (n // len(unit) + 1))[:n]


def _prose(n: int) -> str:
    """Vietnamese-looking words, one `đạt N%` every 150 words, no full stop: one long line.

    Words are drawn at random, seeded by the size (the same text every run, a different
    one per size): a cyclic text, or one size's text starting with the smaller one's,
    repeats 2,000-character sentence chunks, and the stages' per-sentence caches then hit
    more or less often depending on the size. That once made this row look superlinear
    (4.1 / 6.8 / 17.5 s at 1 / 2 / 4 MB) when the work is linear.
    """
    rng = random.Random(n)
    out: list[str] = []
    size = 0
    i = 0
    while size < n:
        i += 1
        w = rng.choice(_WORDS)
        out.append(w)
        size += len(w) + 1
        if i % 150 == 0:
            value = f"đạt {rng.randrange(1000)}%"
            out.append(value)
            size += len(value) + 1
    return " ".join(out)[:n]


#: name → generator of an input of about n characters.
INPUTS: dict[str, Callable[[int], str]] = {
    "digits": lambda n: _repeat("1234567890", n),
    "dots": lambda n: _repeat(".", n),
    "spaces": lambda n: "Tỉnh có" + " " * (n - 12) + "5 xã.",
    "commas": lambda n: _repeat("1,", n),
    "dotted": lambda n: _repeat("1.", n),
    "dot-space": lambda n: _repeat("1. ", n),
    "parens": lambda n: _repeat("(", n),
    "percents": lambda n: _repeat("%", n),
    "slashes": lambda n: _repeat("1/", n),
    "number-words": lambda n: _repeat("một hai ba bốn năm sáu bảy tám chín mười trăm nghìn ", n),
    "dense-claims": lambda n: _repeat("xã đạt 1,5% và 2.255 tổ, ", n),
    "prose-line": _prose,
}

_MAX_SENTENCE = 2000  # patterns/segment.yaml max_sentence_chars

STAGES = ("normalise", "segment", "numbers", "dates", "extract")


def _run_stage(stage: str, text: str, whole: bool) -> float:
    """CPU seconds for one stage over ``text`` (set-up work outside the timed part; CPU,
    not wall, time, so that other jobs on the machine do not bend the ratios)."""
    from cds_extract import extract
    from cds_extract._spans import Span
    from cds_extract.normalise import normalise
    from cds_extract.segment import sentences

    if stage == "extract":
        t0 = time.process_time()
        extract(text)
        return time.process_time() - t0
    if stage == "normalise":
        t0 = time.process_time()
        normalise(text)
        return time.process_time() - t0
    t = normalise(text).text
    if stage == "segment":
        t0 = time.process_time()
        sentences(t)
        return time.process_time() - t0
    # Numbers and dates get the pipeline's longest sentence (2,000 characters) as
    # consecutive spans, so a slow segmenter does not hide or slow their figures.
    step = (len(t) or 1) if whole else _MAX_SENTENCE
    spans = [Span(i, min(len(t), i + step)) for i in range(0, len(t), step)]
    if stage == "numbers":
        from cds_extract.numbers import find_numbers

        t0 = time.process_time()
        for s in spans:
            find_numbers(t, s, ())
        return time.process_time() - t0
    from cds_extract.dates import find_dates

    t0 = time.process_time()
    for s in spans:
        find_dates(t, s, None)
    return time.process_time() - t0


def _child(conn: Connection, name: str, stage: str, sizes: list[int], whole: bool) -> None:
    _run_stage(stage, "Tỉnh có 1.000 doanh nghiệp số. " * 10, whole)  # loads models, untimed
    for n in sizes:
        text = INPUTS[name](n)
        conn.send((n, _run_stage(stage, text, whole)))
    conn.close()


def _row(name: str, stage: str, sizes: list[int], budget: float, whole: bool) -> list[float | None]:
    """Times per size; None for sizes not reached within ``budget`` seconds."""
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, name, stage, sizes, whole))
    proc.start()
    child.close()
    times: list[float | None] = []
    deadline = time.monotonic() + budget
    while len(times) < len(sizes):
        left = deadline - time.monotonic()
        if left <= 0 or not parent.poll(left):
            break
        try:
            _n, secs = parent.recv()
        except EOFError:  # the child died (an exception in the stage)
            break
        times.append(secs)
    if proc.is_alive():
        proc.kill()
    proc.join()
    return times + [None] * (len(sizes) - len(times))


def _fmt(t: float | None, budget: float) -> str:
    return f">{budget:.0f}s" if t is None else f"{t:.3f}"


def _ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None:
        return "-"
    return f"{b / a:.2f}" if a > 1e-4 else "~"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--sizes", default="1,2,4", help="input sizes in MB (comma-separated)")
    ap.add_argument("--budget", type=float, default=120.0, help="seconds per (input, stage) row")
    ap.add_argument("--inputs", default=",".join(INPUTS))
    ap.add_argument("--stages", default=",".join(STAGES))
    ap.add_argument("--whole", action="store_true", help="numbers/dates over one whole-text span")
    args = ap.parse_args()
    sizes = [int(float(s) * MB) for s in args.sizes.split(",")]

    # Warm up in the parent so every forked child starts with patterns and models loaded.
    from cds_extract import extract

    extract("Tỉnh Thái Nguyên có 2.255 tổ công nghệ số cộng đồng, đạt 96% năm 2023.")

    heads = [f"{n / MB:g}MB s" for n in sizes]
    ratio_heads = [f"{b / MB:g}/{a / MB:g}" for a, b in itertools.pairwise(sizes)]
    print(f"{'input':<14}{'stage':<11}" + "".join(f"{h:>11}" for h in heads + ratio_heads))
    for name in args.inputs.split(","):
        for stage in args.stages.split(","):
            times = _row(name, stage, sizes, args.budget, args.whole)
            ratios = [_ratio(a, b) for a, b in itertools.pairwise(times)]
            cells = [_fmt(t, args.budget) for t in times] + ratios
            print(f"{name:<14}{stage:<11}" + "".join(f"{c:>11}" for c in cells), flush=True)


if __name__ == "__main__":
    main()
