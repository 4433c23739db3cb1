"""Error kinds of `eval --details`: the table in tests/data/error_kinds.yaml, and the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from cds_extract import Claim
from cds_extract._error_kinds import attribute_kind, extra_kind, malformed, missed_kind
from cds_extract.cli import main
from cds_extract.evaluate import ATTRIBUTES, KIND_GROUPS, _attribute_ok

_TABLE: dict[str, list[dict[str, Any]]] = yaml.safe_load(
    (Path(__file__).parent / "data" / "error_kinds.yaml").read_text(encoding="utf-8")
)
ROWS = [pytest.param(row, id=f"{origin}-{i}-{row['check']}") for origin, rows in _TABLE.items()
        for i, row in enumerate(rows)]  # fmt: skip


def _claim(doc: str, value_text: str, **fields: Any) -> Claim:
    """A predicted claim on the first ``value_text`` of ``doc``; its sentence is its line."""
    start = doc.index(value_text)
    line_start = doc.rfind("\n", 0, start) + 1
    line_end = doc.find("\n", start)
    base: dict[str, Any] = {
        "indicator": "tỷ lệ hồ sơ trực tuyến",
        "value": 1.0,
        "unit": "%",
        "value_text": value_text,
        "value_start": start,
        "value_end": start + len(value_text),
        "sentence": doc[line_start : line_end if line_end >= 0 else len(doc)],
        "confidence": 0.5,
    }
    base.update(fields)
    return Claim.model_validate(base)


def _gold(value_text: str, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "value_text": value_text,
        "value": 1.0,
        "unit": "%",
        "indicator": "tỷ lệ hồ sơ trực tuyến",
        "qualifier": "exact",
        "denominator": None,
        "change": None,
        "as_of": None,
        "period_start": None,
        "province": None,
        "scope": "unknown",
        "modality": "actual",
    }
    base.update(fields)
    return base


@pytest.mark.parametrize("row", ROWS)
def test_error_kind_table(row: dict[str, Any]) -> None:
    doc, value = row["doc"], row["value"]
    gold = _gold(value, **row.get("gold", {}))
    check = row["check"]
    if check == "missed":
        start = doc.index(value)
        claims = [_claim(doc, value, **c) for c in row["claims"]]
        got = missed_kind(gold, start, start + len(value), claims, doc)
    elif check == "extra":
        spans = [(doc.index(v), doc.index(v) + len(v)) for v in row.get("gold_values", [])]
        got = extra_kind(_claim(doc, value, **row.get("claim", {})), spans, doc)
    else:
        claim = _claim(doc, value, **row.get("claim", {}))
        assert not _attribute_ok(check, claim, gold), "the row must describe a wrong attribute"
        got = attribute_kind(check, claim, gold, doc)
    assert got == row["kind"]


def test_table_covers_every_group() -> None:
    checked = {row["check"] for rows in _TABLE.values() for row in rows}
    assert checked == set(KIND_GROUPS)


def test_well_formedness_checks_mirror_the_lint() -> None:
    assert malformed("tỷ lệ hồ sơ giải quyết đúng hạn") == []
    assert malformed("thứ hạng thứ") == ["dangling"]
    assert malformed("số") == ["bare"]
    assert malformed("chỉ số 5G của tỉnh Bắc Ninh") == ["province"]
    assert malformed("tỷ lệ dịch vụ công mức độ 4") == []
    assert malformed(" ".join(["hồ sơ"] * 11)) == ["long"]


# --------------------------------------------------------------------------- CLI

_DOC = (
    "Yên Bái đẩy mạnh chuyển đổi số\n"
    "Năm 2024, tỉnh Yên Bái có 2.255 tổ công nghệ số cộng đồng.\n"
    "Tỷ lệ hồ sơ trực tuyến đạt 45%.\n"
)


def _tiny(tmp_path: Path) -> tuple[Path, Path]:
    """One article and a gold file that the extractor cannot fully agree with: the second
    line's value is written 45 but annotated 46 (a miss whatever the pipeline does), and the
    first names a province the article never mentions."""
    docs, gold = tmp_path / "docs", tmp_path / "gold"
    docs.mkdir()
    gold.mkdir()
    (docs / "t1.txt").write_text(_DOC, encoding="utf-8")
    lines = [
        {"doc_id": "t1", "quote": "có 2.255 tổ", **_gold("2.255", value=2255, unit="count",
         counted="tổ công nghệ số cộng đồng", indicator="số tổ công nghệ số cộng đồng",
         as_of="2024-12-31", period_start="2024-01-01", province="Cà Mau", scope="province")},
        {"doc_id": "t1", "quote": "đạt 45%", **_gold("45%", value=46.0)},
    ]  # fmt: skip
    (gold / "t1.jsonl").write_text(
        "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8"
    )
    return docs, gold


def _section(out: str, title: str) -> list[str]:
    body = out.split(f"## {title}", 1)[1].split("\n## ", 1)[0]
    return [ln for ln in body.splitlines()[1:] if ln.strip()]


def test_eval_details_prints_kinds_before_the_listing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs, gold = _tiny(tmp_path)
    assert main(["eval", str(docs), str(gold), "--details"]) == 0
    out = capsys.readouterr().out
    assert out.index("## KINDS") < out.index("## MISSED") < out.index("## EXTRA")
    table = _section(out, "KINDS")
    assert table[0].split() == ["attribute", "kind", "count"]
    totals = {ln.split()[0]: int(ln.split()[-1]) for ln in table[1:] if "(all)" in ln}
    missed, extra = _section(out, "MISSED"), _section(out, "EXTRA")
    assert len(missed) >= 1  # 45 written, 46 annotated
    assert totals.get("missed", 0) == len(missed)
    assert totals.get("extra", 0) == len(extra)
    assert all(ln.strip().startswith("[") for ln in missed + extra)
    for ln in _section(out, "WRONG"):
        if "≠" in ln:  # each wrong attribute carries its kind
            assert ln.count("≠") == ln.count(" ["), ln
    assert set(totals) <= set(KIND_GROUPS)
    if "province" in totals:
        assert any(k in out for k in ("[place not known]", "[wrong default]"))


def test_eval_json_holds_the_kind_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs, gold = _tiny(tmp_path)
    assert main(["eval", str(docs), str(gold), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    kinds = figures["kinds"]
    assert list(kinds) == list(KIND_GROUPS)
    assert sum(kinds["missed"].values()) == figures["gold"] - figures["matched"] >= 1
    for name in ATTRIBUTES:
        wrong = round(figures["matched"] * (1 - figures["attributes"][name]))
        assert sum(kinds[name].values()) == wrong, name
