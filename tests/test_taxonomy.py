"""The indicator taxonomy: data, mapping rules (on sentences written for these tests),
the 150-claim sample read by hand, the reference table and `cds-extract taxonomy`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from cds_extract import extract
from cds_extract.claim import Unit
from cds_extract.cli import main
from cds_extract.schemas.indicators import IndicatorFile
from cds_extract.taxonomy import (
    assign,
    bare,
    continues,
    explain,
    indicator_id,
    reference_table,
    sources,
    taxonomy,
)

ROOT = Path(__file__).resolve().parents[1]
SAMPLE: list[dict[str, Any]] = yaml.safe_load(
    (ROOT / "tests" / "data" / "taxonomy_sample.yaml").read_text(encoding="utf-8")
)["rows"]


def _id(phrase: str, unit: Unit, **kw: Any) -> str | None:
    m = explain(phrase, unit, **kw)
    return m.id if m else None


# --------------------------------------------------------------------------- the data


def test_every_entry_names_its_official_source_and_definition() -> None:
    known = sources()
    for key in ("dti", "qd749", "qd411", "qd942", "qd766", "de_an_06", "par_index", "sipas"):
        assert key in known
    assert {"pci", "ict_index"} <= set(known)
    for ind in taxonomy():
        assert ind.source and set(ind.source) <= set(known), ind.id
        assert ind.definition.strip(), ind.id


def test_the_official_sets_are_covered() -> None:
    ids = {i.id for i in taxonomy()}
    # the DTI, its three pillars and its groups of main indicators
    assert {
        "dti_score",
        "dti_rank",
        "dti_gov_score",
        "dti_economy_rank",
        "dti_society_score",
    } <= ids
    assert {"dti_awareness", "dti_institutions", "dti_infrastructure", "dti_human_resources"} <= ids
    # PAR Index, SIPAS, PCI, the 766 service index and its groups, ICT Index
    assert {"par_index_score", "par_index_rank", "sipas_score", "sipas_rank"} <= ids
    assert {"pci_score", "pci_rank", "service_index_score", "service_progress_score"} <= ids
    assert "ict_index_rank" in ids
    # the national programme's targets (749, 411, 942) and Đề án 06
    assert {"digital_economy_share_grdp", "online_dossier_rate", "dvc_online_rate"} <= ids
    assert {"fiber_household_rate", "payment_accounts_rate", "vneid_activated"} <= ids
    # a structure count is no indicator (SPEC §2: `3 trụ cột` is borderline)
    assert "dti_pillar_count" not in ids


def test_a_source_not_in_sources_is_refused() -> None:
    with pytest.raises(ValidationError, match="not in `sources`"):
        IndicatorFile.model_validate(
            {
                "meta": {"description": "d", "source": "s"},
                "sources": {"a": "A"},
                "indicators": [
                    {
                        "id": f"x{i}",
                        "label": "x",
                        "definition": "x",
                        "pillar": "chung",
                        "units": ["count"],
                        "source": ["b" if i == 0 else "a"],
                        "keywords": [["x"]],
                    }
                    for i in range(50)
                ],
            }
        )


def test_reference_table_is_generated_and_current() -> None:
    text = reference_table()
    doc = ROOT / "docs" / "indicators.md"
    assert doc.read_text(encoding="utf-8") == text, "run python tools/indicator_table.py"
    for ind in taxonomy():
        assert f"| `{ind.id}` | {ind.label} |" in text
    assert "- **qd749**: Quyết định 749/QĐ-TTg" in text


# --------------------------------------------------------------------------- phrasings


@pytest.mark.parametrize(
    ("phrase", "unit", "expected"),
    [
        # with and without `chỉ số`, abbreviations, official and press names
        ("thứ hạng Chỉ số cải cách hành chính", Unit.RANK, "par_index_rank"),
        ("thứ hạng PAR INDEX", Unit.RANK, "par_index_rank"),
        ("thứ hạng chỉ số CCHC", Unit.RANK, "par_index_rank"),
        ("kết quả Chỉ số CCHC", Unit.PERCENT, "par_index_score"),
        ("thứ hạng Chỉ số SIPAS", Unit.RANK, "sipas_rank"),
        ("chỉ số hài lòng của người dân, tổ chức", Unit.PERCENT, "sipas_score"),
        ("thứ hạng PCI", Unit.RANK, "pci_rank"),
        ("điểm Chỉ số năng lực cạnh tranh cấp tỉnh", Unit.POINT, "pci_score"),
        ("điểm DTI cấp tỉnh", Unit.POINT, "dti_score"),
        ("thứ hạng mức độ chuyển đổi số", Unit.RANK, "dti_rank"),
        ("điểm chỉ số chính quyền số", Unit.POINT, "dti_gov_score"),
        ("thứ hạng trụ cột xã hội số", Unit.RANK, "dti_society_rank"),
        ("điểm nhóm chỉ số hạ tầng số", Unit.POINT, "dti_infrastructure"),
        ("tỷ lệ TTHC cung cấp DVCTT toàn trình", Unit.PERCENT, "dvc_online_rate"),
        ("tỉ lệ hồ sơ TTHC xử lý trực tuyến", Unit.PERCENT, "online_dossier_rate"),
        ("tỷ lệ hồ sơ nộp trực tuyến", Unit.PERCENT, "online_dossier_rate"),
        ("tỷ trọng kinh tế số trong GRDP", Unit.PERCENT, "digital_economy_share_grdp"),
        ("tỷ trọng TMĐT trong tổng mức bán lẻ", Unit.PERCENT, "ecommerce_retail_share"),
        ("tỷ lệ dân số trưởng thành có chữ ký số", Unit.PERCENT, "adult_digital_signature_rate"),
        ("số thôn trắng sóng di động", Unit.COUNT, "villages_without_signal"),
        ("tỷ lệ thôn được phủ sóng di động 4G", Unit.PERCENT, "mobile_coverage_rate"),
        ("điểm tiến độ giải quyết", Unit.POINT, "service_progress_score"),
        ("điểm Bộ chỉ số phục vụ người dân, doanh nghiệp", Unit.POINT, "service_index_score"),
    ],
)
def test_official_names_and_their_variants(phrase: str, unit: Unit, expected: str) -> None:
    assert indicator_id(phrase, unit) == expected


def test_precision_first_a_wrong_unit_or_a_generic_phrase_gets_no_id() -> None:
    assert indicator_id("tỷ lệ hồ sơ trực tuyến", Unit.VND) is None
    assert indicator_id("số trụ cột", Unit.COUNT) is None  # ba trụ cột: structure
    assert indicator_id("số xã", Unit.COUNT) is None
    assert indicator_id("tỷ lệ", Unit.PERCENT) is None
    # the pillar's score is a score, never the number of pillars
    assert _id("điểm", Unit.POINT, before="Trụ cột kinh tế số của tỉnh đạt ") == (
        "dti_economy_score"
    )


# --------------------------------------------------------------------------- the clause


def test_a_rank_takes_the_index_its_clause_names_not_the_article_topic() -> None:
    """`thứ hạng chuyển đổi số` is the phrase stage's guess for a bare rank in an article
    about chuyển đổi số: an index named in the clause wins over it."""
    topic = "thứ hạng chuyển đổi số"
    assert _id(topic, Unit.RANK) == "dti_rank"  # alone, the topic is all there is
    assert _id(
        topic, Unit.RANK, before="Năm 2023, tỉnh Bình Định xếp thứ ", after=" về PAR Index"
    ) == ("par_index_rank")
    assert _id(topic, Unit.RANK, before="Tỉnh đứng thứ ", after=" cả nước về Chỉ số SIPAS.") == (
        "sipas_rank"
    )
    assert _id(topic, Unit.RANK, before="Các nhóm chỉ số: Thể chế số xếp hạng ") == (
        "dti_institutions"
    )
    m = explain(topic, Unit.RANK, before="Về kinh tế số, tỉnh xếp thứ ")
    assert m is not None and m.id == "dti_economy_rank" and m.where == "before"


def test_items_of_a_list_each_take_their_own_name() -> None:
    before = "Nhóm tiến độ giải quyết đạt 18,2 điểm; nhóm thanh toán trực tuyến đạt "
    # the phrase carried over from the first item loses to the item's own chunk
    assert _id("điểm tiến độ giải quyết", Unit.POINT, before=before) == "service_payment_score"
    before = "hạ tầng số 30,5 điểm, xếp thứ 4; nhân lực số 28 điểm, xếp thứ "
    assert _id("thứ hạng hạ tầng số", Unit.RANK, before=before) == "dti_human_resources"


def test_a_figure_naming_nothing_takes_the_measure_of_its_clause() -> None:
    before = "Tỷ lệ hồ sơ nộp trực tuyến ở cấp tỉnh đạt 81%, cấp huyện "
    assert _id("tỷ lệ cấp huyện", Unit.PERCENT, before=before) == "online_dossier_rate"
    # … but not the noun of the number before it: `95% hồ sơ đúng hạn, 40%` is not on time
    before = "Năm nay có 95% hồ sơ giải quyết đúng hạn, "
    assert _id("tỷ lệ", Unit.PERCENT, before=before) is None


def test_a_bracket_is_about_the_count_before_it() -> None:
    before = "Quý II, tỉnh tiếp nhận 9.800 hồ sơ trực tuyến (đạt tỷ lệ "
    assert _id("tỷ lệ", Unit.PERCENT, before=before) == "online_dossier_rate"
    before = "Tỷ lệ hồ sơ trực tuyến tăng mạnh; có 14 xã (chiếm "
    assert _id("tỷ lệ", Unit.PERCENT, before=before) is None
    before = "Huyện đã hoàn thành 18/20 nhiệm vụ chuyển đổi số, đạt tỷ lệ "
    assert _id("tỷ lệ", Unit.PERCENT, before=before) == "dt_tasks_completed"


def test_a_list_of_places_names_its_measure_after_it() -> None:
    before = "Phú Yên (71,2%), Bình Định ("
    after = "%) là hai tỉnh dẫn đầu về tỷ lệ kích hoạt tài khoản định danh điện tử."
    assert _id("tỷ lệ", Unit.PERCENT, before=before, after=after) == "vneid_activation_rate"


def test_a_count_names_its_own_noun() -> None:
    """A count's clause completes its noun (`thành viên` of the teams) and never replaces it."""
    before = "Toàn tỉnh có 1.950 tổ công nghệ số cộng đồng với khoảng "
    assert _id("số thành viên", Unit.COUNT, before=before) == "community_tech_team_members"
    before = "Sau khi thành lập tổ công nghệ số cộng đồng, huyện mở "
    assert _id("số lớp", Unit.COUNT, before=before) is None
    # continuing a count, only through the noun: `tổ` continues the teams …
    assert _id("số tổ cấp thôn", Unit.COUNT, carried="community_tech_teams") == (
        "community_tech_teams"
    )
    # … `thôn chưa có điện lưới` does not continue `thôn trắng sóng`
    assert _id("số thôn chưa có điện", Unit.COUNT, carried="villages_without_signal") is None


def test_the_size_of_a_group_takes_no_measure_from_its_clause() -> None:
    """`trong số 88 doanh nghiệp` counts the group a company was picked from."""
    before = "Công ty X là doanh nghiệp viễn thông duy nhất được khen thưởng trong số "
    assert _id("số doanh nghiệp được khen thưởng", Unit.COUNT, before=before) is None
    before = "Tỉnh có 1.200 doanh nghiệp viễn thông (trong đó có "
    assert _id("số doanh nghiệp nhà nước", Unit.COUNT, before=before) == "ict_enterprises"


def test_a_bare_figure_counting_another_population_continues_nothing() -> None:
    from cds_extract.taxonomy import _other_population

    # `cáp quang phủ 90% hộ gia đình, 100% xã`: communes are not households
    assert _other_population("tỷ lệ xã", "fiber_household_rate")
    # a level or a named place is the same indicator for another unit
    assert not _other_population("tỷ lệ cấp xã", "fiber_household_rate")
    assert not _other_population("tỷ lệ huyện Mường Tè", "overdue_dossiers")
    # an indicator that names no population is continued by any bare figure
    assert not _other_population("tỷ lệ tỉnh", "par_index_score")


# --------------------------------------------------------------------------- the article


def test_continued_figures_and_anaphora() -> None:
    assert continues("Trong đó: cấp huyện đạt 55%.")
    assert continues("Còn tỉnh Phú Yên đứng thứ 12.")
    assert continues("Có 4 huyện đạt tỷ lệ này trên 90%.", "tỷ lệ này")
    assert not continues("Tỷ lệ hồ sơ trực tuyến đạt 60%.")
    assert _id("tỷ lệ cấp xã", Unit.PERCENT, carried="e_result_rate") == "e_result_rate"
    # a carried id of another unit is ignored
    assert _id("thứ hạng", Unit.RANK, carried="e_result_rate") is None


def test_bare_phrases() -> None:
    for phrase in ("tỷ lệ", "tỷ lệ huyện Sông Mã", "thứ hạng", "điểm", "tỷ lệ cấp xã"):
        assert bare(phrase), phrase
    for phrase in ("tỷ lệ doanh nghiệp", "số thành viên", "điểm nhận thức số"):
        assert not bare(phrase), phrase


def test_report_frame_gives_bare_scores_and_ranks_their_index() -> None:
    frame = "PCI 2024: Phú Yên tăng 9 bậc, lần đầu vào nhóm khá"
    assert _id("thứ hạng", Unit.RANK, frame=frame) == "pci_rank"
    assert _id("điểm", Unit.POINT, frame=frame) == "pci_score"
    # two indices in the frame: no telling which
    assert _id("thứ hạng", Unit.RANK, frame="Chỉ số PAR Index và SIPAS năm 2024") is None
    # a percentage takes an index frame only when it speaks of a result (`chỉ số`)
    frame = "Công bố Chỉ số cải cách hành chính năm 2024"
    assert _id("chỉ số đạt", Unit.PERCENT, frame=frame) == "par_index_score"
    assert _id("tỷ lệ doanh nghiệp", Unit.PERCENT, frame=frame) is None
    # a frame never gives a count an id
    assert _id("số tỉnh", Unit.COUNT, frame=frame) is None


def test_explain_says_which_keywords_matched_and_where() -> None:
    m = explain("tỷ lệ hồ sơ TTHC xử lý trực tuyến", Unit.PERCENT)
    assert m is not None and m.where == "phrase" and m.keywords == ("hồ sơ", "trực tuyến")
    assert "«hồ sơ» + «trực tuyến» in the phrase" in str(m)
    m = explain("thứ hạng", Unit.RANK, frame="Bảng xếp hạng PCI năm 2024")
    assert m is not None and "in the article's title and lead" in str(m)
    assert "carried from the figure" in str(
        explain("tỷ lệ cấp xã", Unit.PERCENT, carried="e_result_rate")
    )


def test_assign_gives_an_article_its_ids() -> None:
    text = (
        "Kết quả Chỉ số SIPAS năm 2024 của tỉnh Phú Yên\n"
        "Năm 2024, Chỉ số SIPAS của tỉnh Phú Yên đạt 84,3%, xếp thứ 21/63 tỉnh, thành phố. "
        "Tỷ lệ hồ sơ nộp trực tuyến cấp tỉnh đạt 76,5%, cấp huyện 61,2%. "
        "Toàn tỉnh có 1.120 tổ công nghệ số cộng đồng."
    )
    claims = extract(text)
    out = assign(claims, text)
    got = {c.value_text: c.indicator_id for c in out}
    assert got["84,3%"] == "sipas_score"
    assert got["21/63"] == "sipas_rank"
    assert got["76,5%"] == got["61,2%"] == "online_dossier_rate"
    assert got["1.120"] == "community_tech_teams"
    for old, new in zip(claims, out, strict=True):
        if old.indicator_id is None and new.indicator_id is not None:
            assert new.confidence == pytest.approx(min(1.0, old.confidence + 0.2))
        assert new.model_dump(exclude={"indicator_id", "confidence"}) == old.model_dump(
            exclude={"indicator_id", "confidence"}
        )


# --------------------------------------------------------------------------- the sample


def _sample_id(row: dict[str, Any]) -> str | None:
    return _id(
        row["phrase"],
        Unit(row["unit"]),
        before=row["before"],
        after=row["after"],
        carried=row["carried"],
        frame=row["frame"],
    )


def test_sample_read_by_hand_is_at_least_95_percent_right() -> None:
    """150 claims of the devset's CĐS articles and the samples, drawn at random (seed 16),
    each with the id I read in its sentence; the mapping is run on the stored inputs."""
    assert len(SAMPLE) == 150
    right = [r for r in SAMPLE if _sample_id(r) == r["expected"]]
    assert len(right) / len(SAMPLE) >= 0.95
    # every row not marked as a known miss is right: a changed rule shows up here
    wrong = [(r["n"], r["value"], _sample_id(r), r["expected"]) for r in SAMPLE if "miss" not in r]
    assert [w for w in wrong if w[2] != w[3]] == []


# --------------------------------------------------------------------------- the CLI


def test_cli_explains_a_phrase(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["taxonomy", "tỷ lệ hồ sơ TTHC đúng hạn", "--unit", "%"]) == 0
    assert capsys.readouterr().out.startswith("ontime_dossier_rate (")
    assert main(["taxonomy", "số học viên", "--unit", "count"]) == 1
    assert "no id" in capsys.readouterr().out
    assert main(["taxonomy", "thứ hạng", "--unit", "rank", "--before", "Kinh tế số xếp thứ "]) == 0
    assert "dti_economy_rank" in capsys.readouterr().out
    assert main(["taxonomy"]) == 2


def test_cli_lists_and_explains_an_article(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["taxonomy", "--list"]) == 0
    assert capsys.readouterr().out == reference_table()
    article = tmp_path / "a.txt"
    article.write_text("Tỉnh Phú Yên có 1.120 tổ công nghệ số cộng đồng.", encoding="utf-8")
    assert main(["taxonomy", "--article", str(article)]) == 0
    out = capsys.readouterr().out
    assert "'1.120' [count]" in out and "community_tech_teams" in out


def test_indicator_table_tool_check() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "indicator_table.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize(
    ("before", "bracketed"),
    [
        ("toàn tỉnh tiếp nhận 1.250 hồ sơ trực tuyến (đạt tỷ lệ ", True),
        ("có 7 huyện (chiếm ", True),
        ("hoàn thành 18/20 nhiệm vụ, đạt tỷ lệ ", True),
        ("hoàn thành 18/20 nhiệm vụ, tương ứng với ", True),
        ("12 xã (", True),
        ("tỷ lệ hồ sơ đúng hạn đạt ", False),
        ("(năm 2023) đạt ", False),
        ("", False),
    ],
)
def test_bracket_tail_gate_keeps_every_bracketed_match(before: str, bracketed: bool) -> None:
    """The backwards check of how the text ends lets through every text `_bracketed`
    matches, and the match found after it is the one found without it."""
    from cds_extract import taxonomy as tx
    from cds_extract.normalise import fold

    folded = fold(before.lower())
    full = tx._bracketed().search(folded)
    gated = tx._bracketed().search(folded) if tx._bracket_tail().search(folded) else None
    assert (full is not None) == (gated is not None) == bracketed
    if full is not None and gated is not None:
        assert full.span() == gated.span() and full.groupdict() == gated.groupdict()


@pytest.mark.parametrize(
    "text",
    [
        "Tỷ lệ hồ sơ (TTHC) đạt 99,5%; số_liệu a/b c-d 4G 4.0",
        "Thủ tục\thành chính\x1ccấp xã, phường: 12/15",
        "  ",
        "Москва và Αθήνα 2024",  # (no capital sigma: compiled `str.lower` has no final form)
    ],
)
def test_syllables_read_piece_by_piece_are_the_patterns(text: str) -> None:
    """`_syllables` (pieces between spaces, letters-and-digits pieces whole) gives the
    syllables of the pattern run over the whole folded text."""
    import unicodedata

    from cds_extract import taxonomy as tx
    from cds_extract.normalise import fold

    whole = tx._SYLLABLE.findall(fold(unicodedata.normalize("NFC", text).lower()))
    assert tx._syllables(text) == tuple(whole)
