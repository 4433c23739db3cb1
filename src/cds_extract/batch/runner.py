"""Run the extractor over a stream of documents: in order, in parallel, interruptible.

Documents are read lazily and at most ``window`` of them are in flight, so
memory stays bounded whatever the archive size; results are written in input
order whatever the number of workers. On Linux the parent loads the extractor
(and its models) once and forks the workers, which share those pages; elsewhere,
or when the parent already runs threads, workers are spawned and load it once each.
Ctrl-C stops cleanly after the documents being written: the output stays valid
and ``--resume`` picks up from there.
"""

from __future__ import annotations

import dataclasses
import gc
import importlib
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from types import FrameType
from typing import TYPE_CHECKING, Any

from ..claim import Claim
from .readers import Document, Failure, Item
from .writers import BlockWriter, ClaimWriter, encode_block

# multiprocessing and concurrent.futures are imported where workers are started: a
# run with one worker (the default) never needs them.
if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

ExtractFn = Callable[..., list[Claim]]
DEFAULT_EXTRACTOR = "cds_extract:extract"
#: Documents sent to a worker in one task. Each task costs the parent a future, a
#: pickle each way and several thread wake-ups (~0.4 ms of CPU, taken from the
#: workers on a small machine); a batch of ~80 ms of work pays that once.
DEFAULT_BATCH = 8


@dataclass
class RunConfig:
    """Knobs of one batch run."""

    workers: int = 1
    published: date | None = None
    fail_fast: bool = False
    extractor: str = DEFAULT_EXTRACTOR
    progress: str = "auto"  # auto | bar | log | none
    log_every: float = 10.0
    window: int = 0  # documents in flight; 0 = 3 batches per worker
    batch: int = 0  # documents per task sent to a worker; 0 = `DEFAULT_BATCH`
    total: int | None = None


@dataclass
class Summary:
    """What a run did, printed at the end and turned into the exit code."""

    documents: int = 0
    resumed: int = 0
    claims: int = 0
    failures: int = 0
    seconds: float = 0.0
    interrupted: bool = False

    def line(self) -> str:
        rate = self.documents / self.seconds if self.seconds > 0 else 0.0
        out = (
            f"{self.documents} documents, {self.claims} claims, {self.failures} failed"
            f"{f', {self.resumed} already done' if self.resumed else ''}"
            f" in {self.seconds:.1f} s ({rate:.1f} docs/s)"
        )
        if self.interrupted:
            out += " - interrupted, run again with --resume to finish"
        return out


def resolve_extractor(spec: str) -> ExtractFn:
    """`module:function` → the function (the default is `cds_extract:extract`)."""
    module, _, name = spec.partition(":")
    fn: ExtractFn = getattr(importlib.import_module(module), name or "extract")
    return fn


# --------------------------------------------------------------------------- workers

_WORKER_FN: ExtractFn | None = None
_WORKER_SPEC: str | None = None


def _load_extractor(spec: str) -> None:
    """Import the extractor and warm it up, so lazy models (pyvi, gazetteers, compiled
    patterns) load here and not on the first document."""
    global _WORKER_FN, _WORKER_SPEC
    _WORKER_FN = resolve_extractor(spec)
    _WORKER_SPEC = spec
    try:
        _WORKER_FN("Tỉnh có 1.000 doanh nghiệp công nghệ số.", published=None, doc_id=None)
    except Exception:
        pass


def _init_worker(spec: str) -> None:
    """Per-process set-up: ignore Ctrl-C (the parent handles it), load the extractor
    unless it came warm from a forked parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_parent()
    if _WORKER_SPEC != spec:
        _load_extractor(spec)


def _noop() -> None:
    """Submitted once so the pool starts its processes now (see `_Pools`)."""


class _Pools:
    """Makes worker pools: forked from a warm parent where that is safe, else spawned.

    fork is used on Linux only (macOS frameworks are not fork-safe) and only while
    the parent runs a single thread: forking with another thread alive (a dying
    pool's manager, a progress monitor) can deadlock on a lock that thread held.
    """

    def __init__(self, config: RunConfig) -> None:
        import multiprocessing

        self._config = config
        self._fork = sys.platform.startswith("linux") and (
            "fork" in multiprocessing.get_all_start_methods()
        )
        # Loaded here only if the first pool can be forked from it (see `new`).
        if self._fork and threading.active_count() == 1:
            _load_extractor(config.extractor)
            # The loaded models and lexicons move to the permanent generation: the
            # children's collections then neither scan them nor touch (and so copy)
            # their shared pages. Measured: ~0.3 CPU-s less over 1,000 documents.
            gc.freeze()

    def new(self) -> ProcessPoolExecutor:
        """A pool whose processes are already started."""
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        fork = self._fork and threading.active_count() == 1
        pool = ProcessPoolExecutor(
            max_workers=self._config.workers,
            mp_context=multiprocessing.get_context("fork" if fork else "spawn"),
            initializer=_init_worker,
            initargs=(self._config.extractor,),
        )
        # The first submit starts every process (with fork, before the pool's own
        # manager thread exists); later pools are made while that thread may live.
        pool.submit(_noop).result()
        return pool


def _exit_with_parent() -> None:
    """Exit when the parent dies (kill -9, OOM): an orphaned worker would wait forever."""
    import multiprocessing
    import multiprocessing.connection

    parent = multiprocessing.parent_process()
    if parent is None or parent.sentinel is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _extract_one(fn: ExtractFn, doc_id: str, text: str, published: date | None) -> list[Claim]:
    return list(fn(text, published=published, doc_id=doc_id))


Encoded = tuple[int, bytes]  # number of claims, their output records (`encode_block`)
Result = list[Claim] | Encoded | str  # a document's claims, or why it failed


def _worker_task(docs: list[Document], fmt: str | None) -> list[Result]:
    """Extract a batch of documents; a failing document does not fail the others.

    With `fmt`, return each document's output records already encoded: bytes cost
    next to nothing to pickle, while the parent would spend more CPU unpickling the
    Claims and encoding them than the worker spends encoding.
    """
    assert _WORKER_FN is not None
    results: list[Result] = []
    for doc in docs:
        try:
            claims = _extract_one(_WORKER_FN, doc.doc_id, doc.text, doc.published)
        except Exception as exc:
            results.append(f"extractor error: {type(exc).__name__}: {exc}")
            continue
        results.append(claims if fmt is None else (len(claims), encode_block(fmt, doc, claims)))
    return results


# --------------------------------------------------------------------------- progress


class _Progress:
    def __init__(self, config: RunConfig) -> None:
        self._bar: Any = None
        self._every = config.log_every
        self._last = time.monotonic()
        self._start = self._last
        mode = config.progress
        if mode == "auto":
            mode = "bar" if sys.stderr.isatty() else "log"
        self._mode = mode
        if mode == "bar":
            try:
                from tqdm import tqdm
            except ImportError:
                self._mode = "log"
            else:
                # A pty of unknown size reports 0 x 0, which tqdm takes as "no room".
                try:
                    cols, rows = os.get_terminal_size(sys.stderr.fileno())
                except OSError:
                    cols, rows = 0, 0
                self._bar = tqdm(
                    total=config.total,
                    unit="doc",
                    file=sys.stderr,
                    ncols=cols or 100,
                    nrows=rows or 20,
                )

    def update(self, summary: Summary) -> None:
        if self._bar is not None:
            self._bar.update(1)
            self._bar.set_postfix(claims=summary.claims, failed=summary.failures, refresh=False)
        elif self._mode == "log":
            now = time.monotonic()
            if now - self._last >= self._every:
                self._last = now
                rate = summary.documents / (now - self._start)
                print(
                    f"cds-extract: {summary.documents} documents, {summary.claims} claims, "
                    f"{summary.failures} failed, {rate:.1f} docs/s",
                    file=sys.stderr,
                    flush=True,
                )

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


# --------------------------------------------------------------------------- the run


class _Stop:
    """Ctrl-C once: finish what is being written and stop. Twice: stop now."""

    def __init__(self) -> None:
        self.requested = False
        self._old: Any = None

    def __enter__(self) -> _Stop:
        try:
            self._old = signal.signal(signal.SIGINT, self._handle)
        except ValueError:  # not the main thread: leave signals alone
            self._old = None
        return self

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True

    def __exit__(self, *exc: object) -> None:
        if self._old is not None:
            signal.signal(signal.SIGINT, self._old)


def run(
    items: Iterable[Item],
    writer: ClaimWriter,
    config: RunConfig,
    *,
    done: set[tuple[str, str]] | frozenset[tuple[str, str]] = frozenset(),
    on_failure: Callable[[Failure], None] = lambda f: None,
    on_document: Callable[[Document, list[Claim]], None] | None = None,
) -> Summary:
    """Extract every document of `items`, writing in input order; return the summary."""
    summary = Summary()
    progress: _Progress | None = None
    start = time.monotonic()
    stop = _Stop()
    # run() freezes the loaded models out of the collector (see `_Pools`); a caller
    # that had frozen nothing gets its collector back as it was when run() returns,
    # else its own objects from before the run would stay uncollectable.
    unfreeze = gc.get_freeze_count() == 0

    def fail(failure: Failure) -> None:
        summary.failures += 1
        on_failure(failure)
        if config.fail_fast:
            stop.requested = True

    # Workers encode the records themselves when the writer allows it and nobody
    # needs the Claim objects here: per 1,000 articles ~0.3 CPU-s less in the
    # parent (measured) and ~0.15 CPU-s less in all (pickling saved, by a
    # micro-benchmark; too small to see through the workers' run-to-run noise).
    encoded_by: BlockWriter | None = None
    if isinstance(writer, BlockWriter) and on_document is None:
        encoded_by = writer

    def finish(doc: Document, result: Result) -> None:
        if isinstance(result, str):
            fail(Failure(doc.path, doc.doc_id, result))
        elif isinstance(result, tuple):
            assert encoded_by is not None
            encoded_by.write_block(doc, result[0], result[1])
            summary.claims += result[0]
        else:
            writer.write_document(doc, result)
            summary.claims += len(result)
            if on_document is not None:
                on_document(doc, result)
        summary.documents += 1
        if progress is not None:
            progress.update(summary)

    def prepared(item: Item) -> Document | None:
        if isinstance(item, Failure):
            fail(item)
            return None
        if (item.doc_id, item.sha1) in done:
            summary.resumed += 1
            return None
        if item.published is None and config.published is not None:
            return dataclasses.replace(item, published=config.published)
        return item

    with stop:
        try:
            if config.workers <= 1:
                progress = _Progress(config)
                fn = resolve_extractor(config.extractor)
                warm = False
                for item in items:
                    if stop.requested:
                        break
                    doc = prepared(item)
                    if doc is None:
                        continue
                    if not warm:
                        # Loaded and warmed up before the first document (not at all if
                        # every document is already done), then frozen as for the workers
                        # (see `_Pools`): the collections of the run and of the
                        # interpreter's exit then leave the models and lexicons alone.
                        _load_extractor(config.extractor)
                        gc.freeze()
                        warm = True
                    try:
                        result: Result = _extract_one(fn, doc.doc_id, doc.text, doc.published)
                    except Exception as exc:
                        result = f"extractor error: {type(exc).__name__}: {exc}"
                    finish(doc, result)
            else:
                pools = _Pools(config)
                pool = pools.new()
                # After the workers start: the progress bar's monitor thread would
                # rule out forking them.
                progress = _Progress(config)
                fmt = encoded_by.fmt if encoded_by is not None else None
                _run_parallel(items, config, pools, pool, stop, prepared, finish, fmt)
        except KeyboardInterrupt:
            stop.requested = True
        finally:
            if progress is not None:
                progress.close()
            if unfreeze:
                gc.unfreeze()
            summary.seconds = time.monotonic() - start
    summary.interrupted = stop.requested and not (config.fail_fast and summary.failures)
    return summary


def _run_parallel(
    items: Iterable[Item],
    config: RunConfig,
    pools: _Pools,
    pool: ProcessPoolExecutor,
    stop: _Stop,
    prepared: Callable[[Item], Document | None],
    finish: Callable[[Document, Result], None],
    fmt: str | None,
) -> None:
    from concurrent.futures import Future
    from concurrent.futures import TimeoutError as FutureTimeout
    from concurrent.futures.process import BrokenProcessPool

    size = config.batch or DEFAULT_BATCH
    window = config.window or 3 * size * config.workers
    # Batches in flight, oldest first, and how many documents they hold.
    pending: deque[tuple[list[Document], Future[list[Result]]]] = deque()
    in_flight = 0
    batch: list[Document] = []

    def submit(docs: list[Document]) -> None:
        nonlocal in_flight
        try:
            fut = pool.submit(_worker_task, docs, fmt)
        except BrokenProcessPool as exc:
            # The pool broke since the last batch; `drain_head` deals with it in turn.
            fut = Future()
            fut.set_exception(exc)
        pending.append((docs, fut))
        in_flight += len(docs)

    def alone(doc: Document) -> Result:
        """Extract `doc` with nothing else in flight: if the worker dies, `doc` did it."""
        nonlocal pool
        try:
            return pool.submit(_worker_task, [doc], fmt).result()[0]
        except BrokenProcessPool:
            pool.shutdown(wait=False, cancel_futures=True)
            pool = pools.new()
            return "worker process died while extracting"

    def drain_head(block: bool) -> bool:
        """Write the oldest batch in flight once it is done; False if it is not."""
        nonlocal pool, in_flight
        docs, fut = pending[0]
        while True:
            try:
                results = fut.result(timeout=0.2)
                break
            except FutureTimeout:
                if not block or stop.requested:
                    return False
            except BrokenProcessPool:
                # A worker died (out of memory, a crash in native code), failing every
                # batch in flight. The oldest batch is redone one document at a time,
                # alone in a new pool, so only a document that kills its worker on its
                # own is blamed; the other batches are then retried. After Ctrl-C no new
                # pool is started: the batches stay unmarked and `--resume` redoes them.
                if stop.requested:
                    pending.clear()
                    in_flight = 0
                    return False
                pool.shutdown(wait=False, cancel_futures=True)
                pool = pools.new()
                rest = [d for d, _ in pending][1:]
                pending.clear()
                in_flight = 0
                for doc in docs:
                    if stop.requested:
                        return True
                    finish(doc, alone(doc))
                for d in rest:
                    submit(d)
                return True
        pending.popleft()
        in_flight -= len(docs)
        for doc, result in zip(docs, results, strict=True):
            finish(doc, result)
        return True

    try:
        for item in items:
            if stop.requested:
                break
            doc = prepared(item)
            if doc is None:
                continue
            batch.append(doc)
            if len(batch) < size:
                continue
            submit(batch)
            batch = []
            while in_flight >= window and not stop.requested:
                drain_head(block=True)
        if batch and not stop.requested:
            submit(batch)
        while pending and not stop.requested:
            drain_head(block=True)
        # After Ctrl-C, keep the documents that are already finished, in order.
        while pending and pending[0][1].done():
            if not drain_head(block=False):
                break
    finally:
        pool.shutdown(wait=not stop.requested, cancel_futures=True)
