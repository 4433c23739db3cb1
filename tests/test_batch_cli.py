"""`cds-extract extract` end to end: outputs, order, failures, interruption and resume.

Batch mechanics run with the stand-in extractor of tests/data/batch/fake_extractor.py
(every number is a claim), so they do not move when the extraction rules do.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import signal
import subprocess
import sys
import time
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from cds_extract.cli import main

DATA = Path(__file__).parent / "data" / "batch"
FAKE = "fake_extractor:extract"
SRC = Path(__file__).resolve().parents[1] / "src"


@pytest.fixture(autouse=True)
def _fake_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(DATA))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(DATA), str(SRC)]))


def cli(*args: str) -> int:
    return main(["extract", *args, "--extractor", FAKE, "--progress", "none"])


def lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(x) for x in path.read_text("utf-8").splitlines()]


PLACES = ["Thái Nguyên", "Tuyên Quang", "Bắc Giang", "Đà Nẵng", "Cà Mau", "Hà Giang"]
TEMPLATES = [
    "Tính đến ngày {d}/{m}/2024, tỉnh {p} có {a}.{b:03d} tài khoản định danh điện tử mức 2.",
    "Tỷ lệ hồ sơ trực tuyến toàn trình đạt {a},{c}%, tăng {c} điểm phần trăm so với cùng kỳ.",
    "Toàn tỉnh {p} đã thành lập {a} tổ công nghệ số cộng đồng với hơn {b} thành viên.",
    "Kinh tế số chiếm khoảng {c},{d}% GRDP; mục tiêu năm 2025 đạt trên {a}%.",
    "Theo Sở Thông tin và Truyền thông, chuyển đổi số là nhiệm vụ trọng tâm của tỉnh {p}.",
]


def corpus(n: int, seed: int = 7) -> list[dict[str, object]]:
    """`n` article-like records: a headline and 3-12 sentences, some with no number at all."""
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        p = rnd.choice(PLACES)
        sents = [f"{p} đẩy mạnh chuyển đổi số"]
        for _ in range(rnd.randint(3, 12)):
            sents.append(
                rnd.choice(TEMPLATES).format(
                    p=p,
                    a=rnd.randint(1, 999),
                    b=rnd.randint(0, 999),
                    c=rnd.randint(1, 9),
                    d=rnd.randint(1, 28),
                    m=rnd.randint(1, 12),
                )
            )
        if i % 10 == 3:
            sents = ["Tin không có con số nào về chuyển đổi số."]
        rec: dict[str, object] = {"id": f"doc-{i:04d}", "text": "\n".join(sents)}
        if i % 4 == 0:
            rec["published"] = f"2024-0{1 + i % 9}-15"
        out.append(rec)
    return out


def cp1258(text: str) -> bytes:
    """Encode like old Vietnamese Windows files: tone marks as combining characters."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in text:
        d = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in d if c not in tones))
        out.append(base + "".join(c for c in d if c in tones))
    return "".join(out).encode("cp1258")


def write_jsonl_gz(path: Path, recs: list[dict[str, object]]) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for r in recs:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


# --------------------------------------------------------------------------- formats and order


def test_jsonl_records_carry_claim_and_source_fields(tmp_path: Path) -> None:
    src = write_jsonl_gz(tmp_path / "in.jsonl.gz", corpus(20))
    out = tmp_path / "claims.jsonl"
    assert cli(str(src), "-o", str(out), "--published", "2020-01-01") == 0
    recs = lines(out)
    assert recs
    first = recs[0]
    assert list(first)[-5:] == ["url", "title", "published", "input", "source_sha1"]
    text = corpus(20)[0]["text"]
    assert isinstance(text, str)
    assert text[first["value_start"] : first["value_end"]] == first["value_text"]  # type: ignore[misc]
    by_doc = {r["doc_id"]: r["published"] for r in recs}
    assert by_doc["doc-0000"] == "2024-01-15"  # the record's own date wins
    assert by_doc["doc-0001"] == "2020-01-01"  # --published fills the gap


def test_output_is_identical_whatever_the_number_of_workers(tmp_path: Path) -> None:
    src = write_jsonl_gz(tmp_path / "in.jsonl.gz", corpus(60))
    outs = []
    for n in (1, 3):
        out = tmp_path / f"w{n}.jsonl"
        assert cli(str(src), "-o", str(out), "--workers", str(n)) == 0
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    assert len(outs[0].splitlines()) > 100


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork is used on Linux only")
def test_workers_are_forked_warm_unless_the_parent_runs_threads(tmp_path: Path) -> None:
    """Forked workers (parent single-threaded) and spawned ones (another thread alive,
    where fork could deadlock) write the same output as one in-process worker."""
    import threading
    from concurrent.futures import ProcessPoolExecutor

    from cds_extract.batch import runner

    src = write_jsonl_gz(tmp_path / "in.jsonl.gz", corpus(30))
    expected = tmp_path / "w1.jsonl"
    assert cli(str(src), "-o", str(expected), "--workers", "1") == 0
    made: list[str] = []
    real_new = runner._Pools.new

    def spy(self: runner._Pools) -> ProcessPoolExecutor:
        pool = real_new(self)
        ctx = pool._mp_context
        assert ctx is not None
        made.append(ctx.get_start_method())
        return pool

    release = threading.Event()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(runner._Pools, "new", spy)
        assert cli(str(src), "-o", str(tmp_path / "fork.jsonl"), "--workers", "2") == 0
        helper = threading.Thread(target=release.wait)
        helper.start()
        try:
            assert cli(str(src), "-o", str(tmp_path / "spawn.jsonl"), "--workers", "2") == 0
        finally:
            release.set()
            helper.join()
    assert made == ["fork", "spawn"]
    assert (tmp_path / "fork.jsonl").read_bytes() == expected.read_bytes()
    assert (tmp_path / "spawn.jsonl").read_bytes() == expected.read_bytes()


def test_print_groups_claims_under_doc_headers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text("Có 12 xã và 3 huyện.", "utf-8")
    (tmp_path / "b.txt").write_text("Không có số.", "utf-8")
    assert cli(str(tmp_path), "-o", str(tmp_path / "out.jsonl"), "--print") == 0
    assert capsys.readouterr().out == "# a\nsố = 12\nsố = 3\n# b\n"


@pytest.mark.parametrize("workers", [1, 2])
def test_custom_writers_and_on_document_get_claims(tmp_path: Path, workers: int) -> None:
    """Workers encode the records of the built-in writers themselves; any other writer,
    and `on_document`, still get the Claim objects, in input order."""
    import fake_extractor

    from cds_extract.batch import Document, ReadOptions, RunConfig, iter_documents, run
    from cds_extract.claim import Claim

    class Collect:
        def __init__(self) -> None:
            self.got: list[tuple[str, list[Claim]]] = []

        def write_document(self, doc: Document, claims: list[Claim]) -> None:
            self.got.append((doc.doc_id, claims))

        def close(self, complete: bool) -> None:
            pass

    src = write_jsonl_gz(tmp_path / "in.jsonl.gz", corpus(40))
    docs = [d for d in iter_documents([str(src)], ReadOptions()) if isinstance(d, Document)]
    expected = [
        (d.doc_id, fake_extractor.extract(d.text, published=d.published, doc_id=d.doc_id))
        for d in docs
    ]
    config = RunConfig(workers=workers, extractor=FAKE, progress="none")
    alone, with_callback, seen = Collect(), Collect(), []
    run(iter(docs), alone, config)
    run(iter(docs), with_callback, config, on_document=lambda d, c: seen.append((d.doc_id, c)))
    assert alone.got == with_callback.got == seen == expected


@pytest.mark.parametrize("workers", [1, 2])
def test_run_gives_back_the_callers_garbage_collector(tmp_path: Path, workers: int) -> None:
    """run() freezes the loaded models out of the collector for its own sake; a library
    caller's objects from before the run must be collectable again afterwards."""
    import gc

    from cds_extract.batch import Document, RunConfig, run
    from cds_extract.batch.writers import open_writer

    if gc.get_freeze_count():  # pragma: no cover - another test left objects frozen
        gc.unfreeze()
    docs = [Document(doc_id=f"d{i}", text=f"Có {i + 2} xã.", path="-") for i in range(5)]
    writer = open_writer(str(tmp_path / "out.jsonl"), "jsonl", resume_at=None)
    run(iter(docs), writer, RunConfig(workers=workers, extractor=FAKE, progress="none"))
    writer.close(complete=True)
    assert gc.get_freeze_count() == 0
    assert len(lines(tmp_path / "out.jsonl")) == 5


def test_stdout_output_and_stdin_input(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(DATA), str(SRC)])}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "cds_extract.cli",
            "extract",
            "-",
            "--extractor",
            FAKE,
            "--published",
            "2024-08-20",
        ],
        input="Tỉnh có 2.255 tổ công nghệ số.".encode(),
        capture_output=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    [rec] = [json.loads(x) for x in proc.stdout.splitlines()]
    assert (rec["doc_id"], rec["value_text"], rec["published"]) == ("stdin", "2.255", "2024-08-20")
    assert b"1 documents, 1 claims, 0 failed" in proc.stderr


def test_csv_output(tmp_path: Path) -> None:
    import csv

    src = write_jsonl_gz(tmp_path / "in.jsonl.gz", corpus(10))
    assert cli(str(src), "-o", str(tmp_path / "c.jsonl")) == 0
    assert cli(str(src), "-o", str(tmp_path / "c.csv")) == 0
    with open(tmp_path / "c.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    recs = lines(tmp_path / "c.jsonl")
    assert [r["value_text"] for r in rows] == [r["value_text"] for r in recs]
    assert [r["sentence"] for r in rows] == [r["sentence"] for r in recs]


def test_parquet_read_back_with_types(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from cds_extract.claim import Claim

    src = write_jsonl_gz(tmp_path / "in.jsonl.gz", corpus(30))
    out = tmp_path / "claims.parquet"
    assert cli(str(src), "-o", str(out), "--published", "2021-06-30") == 0
    assert cli(str(src), "-o", str(tmp_path / "claims.jsonl"), "--published", "2021-06-30") == 0
    table = pq.read_table(out)
    schema = table.schema
    assert schema.names == [
        *Claim.model_fields,
        "url",
        "title",
        "published",
        "input",
        "source_sha1",
    ]
    types = {f.name: f.type for f in schema}
    assert types["as_of"] == pa.date32()
    assert types["period_start"] == pa.date32()
    assert types["published"] == pa.date32()
    assert types["value"] == pa.float64()
    assert types["denominator"] == pa.float64()
    assert types["value_start"] == pa.int64()
    assert types["unit"] == pa.string()
    assert types["modality"] == pa.string()
    rows = table.to_pylist()
    recs = lines(tmp_path / "claims.jsonl")
    assert len(rows) == len(recs) > 0
    assert rows[0]["unit"] == "count"
    assert rows[1]["as_of"] == date(2021, 6, 30) or isinstance(rows[1]["as_of"], date)
    assert [(r["doc_id"], r["value"]) for r in rows] == [(r["doc_id"], r["value"]) for r in recs]
    assert not (tmp_path / "claims.parquet.staging.jsonl").exists()


def test_parquet_resume_after_a_finished_run_adds_only_new_documents(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    docs = corpus(30)
    out = tmp_path / "claims.parquet"
    assert cli(str(write_jsonl_gz(tmp_path / "a.jsonl.gz", docs[:20])), "-o", str(out)) == 0
    both = write_jsonl_gz(tmp_path / "b.jsonl.gz", docs)
    assert cli(str(both), "-o", str(out), "--resume") == 0
    assert cli(str(both), "-o", str(tmp_path / "all.parquet")) == 0
    assert pq.read_table(out).to_pylist() == [
        {**r, "input": r["input"].replace("b.jsonl.gz", "a.jsonl.gz")}
        if r["doc_id"] < "doc-0020"
        else r
        for r in pq.read_table(tmp_path / "all.parquet").to_pylist()
    ]


# --------------------------------------------------------------------------- failures


def test_broken_files_are_reported_and_the_good_ones_done(tmp_path: Path) -> None:
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "good.txt").write_text("Có 12 xã.", "utf-8")
    (inp / "good_cp1258.txt").write_bytes(cp1258("Tỉnh có 2.255 tổ công nghệ số cộng đồng."))
    (inp / "bad_encoding.txt").write_bytes("Café crème brûlée: 3 €".encode("cp1252"))
    (inp / "binary.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(200))
    (inp / "empty.txt").write_bytes(b"")
    (inp / "huge.txt").write_text("Có 1 xã. " * 2000, "utf-8")
    (inp / "boom.txt").write_text("BOOM 7", "utf-8")
    (inp / "dump.jsonl").write_text(
        json.dumps({"id": "j1", "text": "Có 5 xã."})
        + "\n{not json}\n"
        + json.dumps({"id": "j3", "text": "Có 6 xã."})
        + "\n",
        "utf-8",
    )
    gz = write_jsonl_gz(inp / "cut.jsonl.gz", corpus(300))
    data = gz.read_bytes()
    gz.write_bytes(data[: len(data) // 2])
    errors = tmp_path / "errors.jsonl"
    out = tmp_path / "claims.jsonl"
    code = cli(str(inp), "-o", str(out), "--errors", str(errors), "--max-bytes", "10k")
    assert code == 1
    failed = {(Path(e["path"]).name, e["doc_id"]): e["reason"] for e in lines(errors)}  # type: ignore[arg-type]
    reasons = {k[0] if k[0] != "dump.jsonl" else k[1]: v for k, v in failed.items()}
    assert set(reasons) == {
        "bad_encoding.txt",
        "binary.txt",
        "empty.txt",
        "huge.txt",
        "boom.txt",
        f"{inp / 'dump.jsonl'}:2",
        "cut.jsonl.gz",
    }
    assert reasons["bad_encoding.txt"].startswith("undecodable")
    assert reasons["binary.txt"].startswith("binary content")
    assert reasons["empty.txt"] == "empty"
    assert reasons["huge.txt"].startswith("too large: 22,000 bytes")
    assert reasons["boom.txt"] == "extractor error: RuntimeError: fake extractor exploded"
    assert reasons[f"{inp / 'dump.jsonl'}:2"].startswith("malformed JSON on line 2")
    assert reasons["cut.jsonl.gz"].startswith("truncated or corrupt gzip after line")
    done = [
        json.loads(x)["doc_id"] for x in (tmp_path / "claims.jsonl.done").read_text().splitlines()
    ]
    assert done[:3] == ["doc-0000", "doc-0001", "doc-0002"]  # cut.jsonl.gz before the cut
    assert {"good", "good_cp1258", "j1", "j3"} <= set(done)
    values = {(r["doc_id"], r["value_text"]) for r in lines(out)}
    assert {("good", "12"), ("good_cp1258", "2.255"), ("j1", "5"), ("j3", "6")} <= values


def test_a_worker_crash_fails_only_the_document_that_caused_it(tmp_path: Path) -> None:
    """Documents travel to workers in batches; a crash is pinned on its document."""
    recs = corpus(60)
    crash = dict(recs[13], text="CRASH 1")
    src = write_jsonl_gz(tmp_path / "in.jsonl.gz", [*recs[:13], crash, *recs[14:]])
    ok = write_jsonl_gz(tmp_path / "ok.jsonl.gz", [*recs[:13], *recs[14:]])
    errors = tmp_path / "errors.jsonl"
    out = tmp_path / "o.jsonl"
    assert cli(str(src), "-o", str(out), "--workers", "2", "--errors", str(errors)) == 1
    assert [(e["doc_id"], e["reason"]) for e in lines(errors)] == [
        (crash["id"], "worker process died while extracting")
    ]
    expected = tmp_path / "expected.jsonl"
    assert cli(str(ok), "-o", str(expected)) == 0
    assert out.read_bytes() == expected.read_bytes().replace(b"ok.jsonl.gz", b"in.jsonl.gz")


def test_fail_fast_stops_at_the_first_failure(tmp_path: Path) -> None:
    for i in range(5):
        (tmp_path / f"{i}.txt").write_text("BOOM" if i == 1 else f"Có {i} xã.", "utf-8")
    out = tmp_path / "o.jsonl"
    assert cli(str(tmp_path), "-o", str(out), "--fail-fast") == 1
    assert [r["doc_id"] for r in lines(out)] == ["0"]


@pytest.mark.parametrize(
    "args",
    [
        ["does/not/exist.txt"],
        ["{tmp}", "--workers", "0"],
        ["{tmp}", "--resume"],
        ["{tmp}", "-o", "-", "--format", "parquet"],
        ["{tmp}", "--published", "20/08/2024"],
    ],
    ids=["missing-path", "zero-workers", "resume-stdout", "parquet-stdout", "bad-date"],
)
def test_usage_errors_exit_2(tmp_path: Path, args: list[str]) -> None:
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    try:
        code = cli(*argv)
    except SystemExit as exc:  # argparse rejects bad option values itself
        code = int(exc.code or 0)
    assert code == 2


@pytest.mark.parametrize("spec", ["no_such_module:extract", "cds_extract:no_such_function"])
@pytest.mark.parametrize("workers", ["1", "2"])
def test_an_extractor_that_cannot_load_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], spec: str, workers: str
) -> None:
    (tmp_path / "a.txt").write_text("Có 3 xã.", "utf-8")
    out = tmp_path / "o.jsonl"
    argv = ["extract", str(tmp_path), "-o", str(out), "--workers", workers]
    assert main([*argv, "--extractor", spec, "--progress", "none"]) == 2
    assert f"cannot load extractor '{spec}'" in capsys.readouterr().err
    assert not out.exists()


# --------------------------------------------------------------------------- interruption


def _start(args: list[str], delay: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(DATA), str(SRC)]),
        "BATCH_FAKE_DELAY": delay,
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cds_extract.cli",
            "extract",
            *args,
            "--extractor",
            FAKE,
            "--progress",
            "log",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _wait_for_lines(path: Path, n: int, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if path.exists() and path.read_bytes().count(b"\n") >= n:
            return
        time.sleep(0.02)
    raise AssertionError(f"{path} never reached {n} lines (exit {proc.poll()})")


@pytest.mark.parametrize(
    ("sig", "workers", "fmt"),
    [
        (signal.SIGINT, "2", "jsonl"),
        (signal.SIGKILL, "2", "jsonl"),
        (signal.SIGINT, "1", "csv"),
        (signal.SIGINT, "2", "parquet"),
    ],
    ids=["sigint-jsonl", "sigkill-jsonl", "sigint-csv-1worker", "sigint-parquet"],
)
def test_interrupted_run_then_resume_equals_an_uninterrupted_run(
    tmp_path: Path, sig: signal.Signals, workers: str, fmt: str
) -> None:
    src = write_jsonl_gz(tmp_path / "in.jsonl.gz", corpus(300))
    full = tmp_path / f"full.{fmt}"
    assert cli(str(src), "-o", str(full)) == 0

    out = tmp_path / f"part.{fmt}"
    common = [str(src), "-o", str(out), "--workers", workers]
    proc = _start(common, delay="0.01")
    sidecar = Path(f"{out}.staging.jsonl.done" if fmt == "parquet" else f"{out}.done")
    _wait_for_lines(sidecar, 100, proc)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=120)
    if sig == signal.SIGINT:
        assert proc.returncode == 130, err
        assert b"interrupted, run again with --resume" in err
    done_before = sidecar.read_bytes().count(b"\n")
    assert 100 <= done_before < 300

    proc = _start([*common, "--resume"], delay="0")
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert f"{done_before} already done".encode() in err

    if fmt == "parquet":
        import pyarrow.parquet as pq

        assert pq.read_table(out).to_pylist() == pq.read_table(full).to_pylist()
    else:
        assert out.read_bytes() == full.read_bytes()
    keys = [json.loads(x)["doc_id"] for x in sidecar.read_text().splitlines()]
    assert keys == [f"doc-{i:04d}" for i in range(300)]


def test_resume_drops_a_half_written_document(tmp_path: Path) -> None:
    src = write_jsonl_gz(tmp_path / "in.jsonl.gz", corpus(40))
    full = tmp_path / "full.jsonl"
    assert cli(str(src), "-o", str(full)) == 0
    # Simulate a crash in the middle of writing document 20: the marker file
    # stops at document 19, the output holds some of 20's bytes.
    out = tmp_path / "out.jsonl"
    marks = (tmp_path / "full.jsonl.done").read_text().splitlines()
    end19 = json.loads(marks[19])["end"]
    out.write_bytes(full.read_bytes()[: end19 + 37])
    Path(f"{out}.done").write_text("\n".join(marks[:20]) + "\n" + marks[20][:15])
    assert cli(str(src), "-o", str(out), "--resume") == 0
    assert out.read_bytes() == full.read_bytes()


def test_resume_without_sidecar_uses_the_hashes_in_the_output(tmp_path: Path) -> None:
    src = write_jsonl_gz(tmp_path / "in.jsonl.gz", corpus(40))
    full = tmp_path / "full.jsonl"
    assert cli(str(src), "-o", str(full)) == 0
    out = tmp_path / "out.jsonl"
    data = full.read_bytes()
    out.write_bytes(data[: len(data) // 2])  # cut mid-line, no sidecar
    assert cli(str(src), "-o", str(out), "--resume") == 0
    assert out.read_bytes() == full.read_bytes()


def test_resume_redoes_a_document_whose_text_changed(tmp_path: Path) -> None:
    docs = corpus(5)
    out = tmp_path / "o.jsonl"
    assert cli(str(write_jsonl_gz(tmp_path / "a.jsonl.gz", docs)), "-o", str(out)) == 0
    before = len(lines(out))
    docs[0] = {**docs[0], "text": "Bản sửa: có 99 xã."}
    assert cli(str(write_jsonl_gz(tmp_path / "a.jsonl.gz", docs)), "-o", str(out), "--resume") == 0
    recs = lines(out)
    assert len(recs) == before + 1
    assert recs[-1]["doc_id"] == "doc-0000" and recs[-1]["value_text"] == "99"


def test_a_write_cut_short_is_not_written_again_on_close(tmp_path: Path) -> None:
    """A second Ctrl-C right after the bytes went out must not make `close` write the
    same records twice; the documents stay unmarked, so `--resume` redoes them."""
    from cds_extract import extract
    from cds_extract.batch.readers import Document
    from cds_extract.batch.writers import LineWriter, done_path

    out = tmp_path / "claims.jsonl"
    writer = LineWriter(str(out), "jsonl")
    doc = Document("d1", "Tỉnh có 1.200 tổ công nghệ số cộng đồng.", "in.jsonl")
    real_write = writer._fh.write

    def write_then_interrupt(data: bytes) -> int:
        real_write(data)
        raise KeyboardInterrupt

    claims = extract(doc.text, doc_id=doc.doc_id)
    writer._fh.write = write_then_interrupt  # type: ignore[method-assign]
    with pytest.raises(KeyboardInterrupt):
        writer.write_document(doc, claims)  # buffered (or written at once: time-based)
        writer.flush()
    writer._fh.write = real_write  # type: ignore[method-assign]
    writer.close(complete=False)
    assert [r["doc_id"] for r in lines(out)] == ["d1"]
    assert done_path(str(out)) and "d1" not in Path(done_path(str(out))).read_text("utf-8")
