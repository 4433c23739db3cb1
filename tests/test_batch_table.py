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
    """CSV keeps the ids as headers and raw values, plus unit, date, source, conflict."""
    assert main(["table", str(claims), "--latest"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "province,dvc_online_rate,dvc_online_rate_unit,dvc_online_rate_as_of,"
        "dvc_online_rate_source,dvc_online_rate_conflict,community_tech_teams,"
        "community_tech_teams_unit,community_tech_teams_as_of,community_tech_teams_source,"
        "community_tech_teams_conflict",
        "Thái Nguyên,76.05,%,2024-06-30,d,,2255,count,2024-08-15,d,",
        "Tuyên Quang,,,,,,1120,count,,d,",
    ]
    assert "2 claims without province or indicator_id left out" in err


def test_latest_markdown(claims: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Markdown: the taxonomy's labels as headers, values in their unit, date and source."""
    assert main(["table", str(claims), "--latest", "--format", "md"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "| province | tỷ lệ thủ tục hành chính cung cấp dịch vụ công trực tuyến"
        " | số tổ công nghệ số cộng đồng |",
        "|---|---|---|",
        "| Thái Nguyên | 76,05 % (2024-06-30; d) | 2.255 (2024-08-15; d) |",
        "| Tuyên Quang |  | 1.120 (d) |",
    ]


def test_time_series_rows_and_targets(claims: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["table", str(claims), "--modality", "target", "--format", "md"]) == 0
    assert capsys.readouterr().out.splitlines()[2:] == ["| Thái Nguyên | 2025-12-31 | 3.000 (d) |"]
    assert main(["table", str(claims), "--format", "md"]) == 0
    assert capsys.readouterr().out.splitlines()[2:] == [
        "| Thái Nguyên | 2023-12-31 |  | 2.000 (d) |",
        "| Thái Nguyên | 2024-06-30 | 76,05 % (d) |  |",
        "| Thái Nguyên | 2024-08-15 |  | 2.255 (d) |",
        "| Tuyên Quang |  |  | 1.120 (d) |",
    ]


def test_changes_only_on_request(claims: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A change is its own column (its unit, pp, differs from the level's %)."""
    assert main(["table", str(claims), "--latest", "--with-changes", "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert "2,1 điểm % (2024-08-15; d)" in out
    assert "dịch vụ công trực tuyến (pp)" in out


def _write(tmp_path: Path, records: list[dict[str, object]]) -> Path:
    path = tmp_path / "claims.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def _md(path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> list[str]:
    assert main(["table", str(path), "--latest", "--format", "md", *extra]) == 0
    return capsys.readouterr().out.splitlines()[2:]


def test_conflicting_sources_are_flagged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two articles, same province, indicator and date, different values: flagged, with
    the other source's value; the same value twice, or one article twice, is no conflict."""
    path = _write(
        tmp_path,
        [
            rec(
                "Hà Nam",
                "dti_rank",
                14,
                "14/63",
                "2022-12-31",
                unit="rank",
                denominator=63,
                doc_id="a",
                url="https://a.example/x",
            ),
            rec(
                "Hà Nam",
                "dti_rank",
                12,
                "12",
                "2022-12-31",
                unit="rank",
                doc_id="b",
                confidence=0.5,
            ),
            rec(
                "Hà Nam",
                "dti_rank",
                14,
                "14",
                "2022-12-31",
                unit="rank",
                doc_id="c",
                confidence=0.6,
            ),
            rec("Nam Định", "dti_rank", 20, "20", "2022-12-31", unit="rank", doc_id="a"),
            rec(
                "Nam Định",
                "dti_rank",
                21,
                "21",
                "2022-12-31",
                unit="rank",
                doc_id="a",
                confidence=0.1,
            ),
            rec("Nam Định", "dti_rank", 30, "30", "2021-12-31", unit="rank", doc_id="b"),
        ],
    )
    assert _md(path, capsys) == [
        "| Hà Nam | 14/63 (2022-12-31; [a](https://a.example/x)) ⚠ b: 12 |",
        "| Nam Định | 20 (2022-12-31; a) |",
    ]
    assert main(["table", str(path), "--latest"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == "Hà Nam,14,rank,2022-12-31,https://a.example/x,b: 12"
    assert lines[2] == "Nam Định,20,rank,2022-12-31,a,"


def test_latest_never_prefers_an_undated_figure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An undated figure (no date in the text) may be old: a dated one always wins, even
    when the undated one is more confident or later in the file; alone, it is shown."""
    path = _write(
        tmp_path,
        [
            rec("Hà Nam", "community_tech_teams", 900, "900", "2021-12-31", doc_id="old"),
            rec("Hà Nam", "community_tech_teams", 50, "50", None, doc_id="nodate", confidence=1.0),
            rec("Nam Định", "community_tech_teams", 70, "70", None, doc_id="nodate"),
        ],
    )
    assert _md(path, capsys) == [
        "| Hà Nam | 900 (2021-12-31; old) |",
        "| Nam Định | 70 (nodate) |",
    ]


def test_values_in_their_unit_and_spelled_values_as_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(
        tmp_path,
        [
            rec("Hà Nam", "online_dossier_rate", 76.2, "76,2%", "2024-12-31", unit="%"),
            rec("Hà Nam", "dti_score", 0.64, "0,64", "2024-12-31", unit="point"),
            rec("Hà Nam", "dti_rank", 7, "07/63", "2024-12-31", unit="rank", denominator=63),
            rec("Hà Nam", "ioc_investment", 4.5e10, "45 tỷ đồng", "2024-12-31", unit="VND"),
            rec("Hà Nam", "data_centres", 2, "Hai", "2024-12-31"),
            rec(
                "Hà Nam",
                "mobile_coverage_rate",
                99.5,
                "hơn 99,5%",
                "2024-12-31",
                unit="%",
                qualifier="gt",
            ),
        ],
    )
    (line,) = _md(path, capsys)
    cells = [c.strip() for c in line.strip("|").split("|")][1:]
    # in the taxonomy's order: DTI first, then chính quyền số, … xã hội số
    assert [c.split(" (")[0] for c in cells] == [
        "0,64 điểm",
        "7/63",
        "76,2 %",
        "45 tỷ đồng",
        "2",
        "> 99,5 %",
    ]


def test_district_figures_stay_out_unless_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(
        tmp_path,
        [
            rec(
                "Hải Dương", "dti_score", 0.52, "0,52", "2023-12-31", unit="point", scope="province"
            ),
            rec(
                "Hải Dương",
                "dti_score",
                357.3,
                "357,3",
                "2023-12-31",
                unit="point",
                scope="district",
            ),
        ],
    )
    assert _md(path, capsys) == ["| Hải Dương | 0,52 điểm (2023-12-31; d) |"]
    assert _md(path, capsys, "--scopes", "all") == ["| Hải Dương | 357,3 điểm (2023-12-31; d) |"]


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
        tables[0]
        == tables[1]
        == tables[2]
        == ("doc_id,số,số_unit,số_as_of,số_source,số_conflict\na,3,count,2024-01-02,a,\n")
    )


def test_bad_by_is_a_usage_error(claims: Path) -> None:
    assert main(["table", str(claims), "--by", "province"]) == 2


def test_parquet_table_keeps_ids_and_types(
    claims: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "t.parquet"
    assert main(["table", str(claims), "--latest", "--format", "parquet", "-o", str(out)]) == 0
    t = pq.read_table(out)
    assert t.column_names[:3] == ["province", "dvc_online_rate", "dvc_online_rate_unit"]
    assert str(t.schema.field("community_tech_teams").type) == "double"
    assert str(t.schema.field("community_tech_teams_as_of").type) == "date32[day]"
    assert t.to_pydict()["community_tech_teams"] == [2255.0, 1120.0]
    assert main(["table", str(claims), "--format", "parquet"]) == 2
