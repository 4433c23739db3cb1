"""`cds-extract table`: the province x indicator pivot a researcher reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cds_extract.cli import main


def rec(
    province: str | None, ind: str | None, value: float, text: str, as_of: str | None, **kw: object
) -> dict[str, object]:
    base: dict[str, object] = {
        "doc_id": "d",
        "indicator": "x",
        "indicator_id": ind,
        "value": value,
        "unit": "count",
        "value_text": text,
        "as_of": as_of,
        "province": province,
        "modality": "actual",
        "change": None,
        "confidence": 0.8,
    }
    return {**base, **kw}


RECORDS = [
    rec("Thái Nguyên", "community_tech_teams", 2000, "2.000", "2023-12-31"),
    rec("Thái Nguyên", "community_tech_teams", 2255, "2.255", "2024-08-15"),
    rec("Thái Nguyên", "community_tech_teams", 3000, "3.000", "2025-12-31", modality="target"),
    rec("Thái Nguyên", "dvc_online_rate", 2.1, "2,1", "2024-08-15", unit="pp", change="increase"),
    rec("Thái Nguyên", "dvc_online_rate", 76.05, "76,05%", "2024-06-30", unit="%"),
    rec("Tuyên Quang", "community_tech_teams", 1120, "1.120", None),
    rec("Tuyên Quang", "community_tech_teams", 1100, "1.100", None, confidence=0.5),
    rec(None, "community_tech_teams", 99, "99", "2024-01-01"),
    rec("Tuyên Quang", None, 5, "5", "2024-01-01"),
]


@pytest.fixture
def claims(tmp_path: Path) -> Path:
    path = tmp_path / "claims.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS), "utf-8")
    return path


def test_latest_csv(claims: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["table", str(claims), "--latest"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "province,community_tech_teams,community_tech_teams_unit,community_tech_teams_as_of,"
        "dvc_online_rate,dvc_online_rate_unit,dvc_online_rate_as_of",
        "Thái Nguyên,2255,count,2024-08-15,76.05,%,2024-06-30",
        "Tuyên Quang,1120,count,,,,",
    ]
    assert "2 claims without province or indicator_id left out" in err


def test_latest_markdown(claims: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["table", str(claims), "--latest", "--format", "md"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "| province | community_tech_teams | dvc_online_rate |",
        "|---|---|---|",
        "| Thái Nguyên | 2.255 (2024-08-15) | 76,05% (2024-06-30) |",
        "| Tuyên Quang | 1.120 (no date) |  |",
    ]


def test_time_series_rows_and_targets(claims: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["table", str(claims), "--modality", "target", "--format", "md"]) == 0
    assert capsys.readouterr().out.splitlines()[2:] == ["| Thái Nguyên | 2025-12-31 | 3.000 |"]
    assert main(["table", str(claims), "--format", "md"]) == 0
    assert capsys.readouterr().out.splitlines()[2:] == [
        "| Thái Nguyên | 2023-12-31 | 2.000 |  |",
        "| Thái Nguyên | 2024-06-30 |  | 76,05% |",
        "| Thái Nguyên | 2024-08-15 | 2.255 |  |",
        "| Tuyên Quang |  | 1.120 |  |",
    ]


def test_changes_only_on_request(claims: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["table", str(claims), "--latest", "--with-changes", "--format", "md"]) == 0
    assert "2,1 (2024-08-15)" in capsys.readouterr().out


def test_table_reads_parquet_and_csv_outputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.syspath_prepend(str(Path(__file__).parent / "data" / "batch"))
    (tmp_path / "a.txt").write_text("Tỉnh có 12 xã và 3 huyện.", "utf-8")
    tables = []
    for ext in ("jsonl", "csv", "parquet"):
        out = tmp_path / f"c.{ext}"
        args = [
            "extract",
            str(tmp_path / "a.txt"),
            "-o",
            str(out),
            "--published",
            "2024-01-02",
            "--extractor",
            "fake_extractor:extract",
            "--progress",
            "none",
        ]
        assert main(args) == 0
        capsys.readouterr()
        assert main(["table", str(out), "--by", "doc_id,indicator", "--latest"]) == 0
        tables.append(capsys.readouterr().out)
    assert (
        tables[0] == tables[1] == tables[2] == "doc_id,số,số_unit,số_as_of\na,3,count,2024-01-02\n"
    )


def test_bad_by_is_a_usage_error(claims: Path) -> None:
    assert main(["table", str(claims), "--by", "province"]) == 2
