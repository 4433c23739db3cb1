"""Places stage: gazetteer matches, the place a figure is about, the article default."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from cds_extract._resources import load_patterns
from cds_extract._spans import PlaceMention, Span
from cds_extract.normalise import normalise
from cds_extract.places import document_place, find_places, place_for
from cds_extract.schemas.places import PlacesFile
from cds_extract.segment import sentences

ROOT = Path(__file__).resolve().parents[1]
DATA = yaml.safe_load((ROOT / "tests" / "data" / "places.yaml").read_text(encoding="utf-8"))
UNITS = yaml.safe_load((ROOT / "tests" / "data" / "places_units.yaml").read_text(encoding="utf-8"))


def _cases(group: str, key: str) -> list[Any]:
    return [pytest.param(c, id=c["text"][:50]) for c in DATA[group] if key in c]


def _row(text: str, p: PlaceMention) -> list[Any]:
    return [text[p.span.start : p.span.end], p.province, p.province_2025, p.place, p.scope.value]


def _default(name: str | None) -> PlaceMention | None:
    if name is None:
        return None
    t = normalise(name).text
    return find_places(t, Span(0, len(t)))[0]


def _check_expect(case: dict[str, Any]) -> None:
    t = normalise(case["text"]).text
    got = [_row(t, p) for p in find_places(t, Span(0, len(t)))]
    assert got == case["expect"]


def _check_where(case: dict[str, Any]) -> None:
    t = normalise(case["text"]).text
    sent = Span(0, len(t))
    at = t.index(case["value"])
    default = _default(case.get("default"))
    w = place_for(t, sent, Span(at, at + len(case["value"])), find_places(t, sent), default)
    got = None if w is None else [w.province, w.province_2025, w.place, w.scope.value]
    assert got == case["where"]


@pytest.mark.parametrize("case", _cases("written", "expect"))
def test_find_places_written(case: dict[str, Any]) -> None:
    _check_expect(case)


@pytest.mark.parametrize("case", _cases("written", "where"))
def test_place_for_written(case: dict[str, Any]) -> None:
    _check_where(case)


@pytest.mark.parametrize("case", _cases("bugs", "expect"))
def test_find_places_bugs(case: dict[str, Any]) -> None:
    _check_expect(case)


@pytest.mark.parametrize("case", _cases("bugs", "where"))
def test_place_for_bugs(case: dict[str, Any]) -> None:
    _check_where(case)


@pytest.mark.parametrize("case", _cases("xfail", "expect"))
@pytest.mark.xfail(strict=True, reason="known limitation, see tests/data/places.yaml")
def test_find_places_xfail(case: dict[str, Any]) -> None:
    _check_expect(case)


def test_at_least_sixty_written_place_expressions() -> None:
    n = sum(len(c.get("expect", [])) + ("where" in c) for c in DATA["written"])
    assert n >= 60


def test_gazetteer_covers_63_provinces_and_34_units() -> None:
    gaz = load_patterns("places.yaml", PlacesFile)
    assert len({p.name for p in gaz.provinces}) == 63
    assert len({p.unit_2025 for p in gaz.provinces}) == 34
    assert sum(p.central for p in gaz.provinces) == 6  # 5 centrally-run cities + Huế


def test_gazetteer_is_what_the_build_script_makes(tmp_path: Path) -> None:
    csv = ROOT.parent / "shared" / "reference" / "provinces.csv"
    if not csv.exists():
        pytest.skip("shared/reference/provinces.csv is not beside the checkout")
    spec = importlib.util.spec_from_file_location(
        "build_gazetteer", ROOT / "tools" / "build_gazetteer.py"
    )
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["build_gazetteer"] = mod
    spec.loader.exec_module(mod)
    out = tmp_path / "places.yaml"
    mod.main(["--csv", str(csv), "--out", str(out)])
    assert out.read_text(encoding="utf-8") == (ROOT / "patterns" / "places.yaml").read_text(
        encoding="utf-8"
    )


def _doc(text: str) -> PlaceMention | None:
    t = normalise(text).text
    return document_place(t, sentences(t))


def test_document_place_from_title_and_lead() -> None:
    d = _doc(
        "Thái Nguyên đẩy mạnh chuyển đổi số\nNăm 2023, tỉnh có 5.079 doanh nghiệp. "
        "Hà Nội và TP.HCM dẫn đầu cả nước."
    )
    assert d is not None and (d.province, d.scope.value) == ("Thái Nguyên", "province")


def test_document_place_prefers_the_provincial_city_of_the_title() -> None:
    d = _doc(
        "Dòng sự kiện\nTP.Thái Nguyên: Đẩy mạnh chuyển đổi số\n"
        "Thành phố Thái Nguyên đã huy động cả hệ thống chính trị."
    )
    assert d is not None and (d.province, d.place, d.scope.value) == (
        "Thái Nguyên",
        "TP. Thái Nguyên",
        "district",
    )


def test_document_place_national_for_a_national_article() -> None:
    d = _doc("Cả nước có 80.000 tổ công nghệ số cộng đồng\nBộ TT&TT cho biết số tổ tăng.")
    assert d is not None and (d.province, d.scope.value) == (None, "national")


@pytest.mark.parametrize(
    ("title", "place"),
    [
        ("Sóng thần bất thường ở Greenland, 4 người mất tích", "Greenland"),
        ("Vụ cháy kinh dị ở Anh: Cứu cả nhà bằng cách làm ngập sàn", "Anh"),
        ("Nguy cơ bùng phát dịch bệnh Ebola ở CHDC Congo", "CHDC Congo"),
        ("Giá dầu giảm sâu khi cung dầu tại Mỹ tăng gấp 5 lần dự đoán", "Mỹ"),
        ("Hiện trường vụ bác sĩ xả súng trong bệnh viện ở New York", "New York"),
        ("Bạo lực sau bầu cử ở Guinea Xích Đạo", "Guinea Xích Đạo"),  # the longest name
        ("Đụng độ dữ dội giữa cảnh sát Iraq và IS ở Mosul", "Mosul"),  # only after ở
        # not places abroad: a club, a bank, a Vietnamese place, a name, no locative
        ("Chuyển nhượng MU: Morata mời gọi Bale đến Old Trafford", None),
        ("Ông Nguyễn Đức Thụy tăng sở hữu tại Chứng khoán LPBank", None),
        ("Khai trương siêu thị ở Lào Cai", None),
        ("Lễ hội trái cây tại Mỹ Tho thu hút du khách", None),
        ("Câu chuyện về Man United - Carrick - Arsenal", None),
        ("Đẩy mạnh CĐS ở ĐBSCL và UBND", None),
    ],
)
def test_title_place_abroad_after_a_locative(title: str, place: str | None) -> None:
    d = _doc(f"{title}\nNhiều người đã có mặt.")
    if place is None:
        assert d is None or d.province is not None
    else:
        assert d is not None and (d.province, d.place, d.scope.value) == (None, place, "unknown")
        t = normalise(f"{title}\n").text
        assert t[d.span.start : d.span.end] == place


def test_carried_generic_subject_over_subjectless_sentences() -> None:
    t = normalise(
        "Các xã, phường cũng đã xác định mục tiêu như: 100% cán bộ xã có chữ ký số. "
        "Thúc đẩy phát triển kinh tế số. Phát triển xã hội số; tỷ lệ dân số có tài khoản đạt 80%."
    ).text
    sents = sentences(t)
    last = sents[-1]
    at = t.index("80%")
    w = place_for(t, last, Span(at, at + 3), find_places(t, last), _default("Tuyên Quang"))
    assert w is not None and (w.province, w.scope.value) == ("Tuyên Quang", "commune")


def test_default_is_returned_as_the_same_object() -> None:
    t = "Tỷ lệ đạt 90%."
    d = _default("Thái Nguyên")
    at = t.index("90%")
    assert place_for(t, Span(0, len(t)), Span(at, at + 3), [], d) is d


# --- tests/data/places_units.yaml: districts and communes, sources, bodies and groups


def _unit_cases(group: str) -> list[Any]:
    return [pytest.param(c, id=f"{group}: {c['text'][:50]}") for c in UNITS[group]]


@pytest.mark.parametrize("case", _unit_cases("find"))
def test_units_find_places(case: dict[str, Any]) -> None:
    _check_expect(case)


@pytest.mark.parametrize("case", _unit_cases("where"))
def test_units_place_for(case: dict[str, Any]) -> None:
    _check_where(case)


@pytest.mark.parametrize("case", _unit_cases("document"))
def test_units_document_place(case: dict[str, Any]) -> None:
    d = _doc(case["text"])
    got = None if d is None else [d.province, d.province_2025, d.place, d.scope.value]
    assert got == case["expect"]


@pytest.mark.parametrize("case", _unit_cases("normalise"))
def test_units_look_alike_letters(case: dict[str, Any]) -> None:
    n = normalise(case["text"])
    assert n.text == case["expect"]
    assert len(n.text) == len(case["text"])  # 1:1, offsets hold


def test_units_table_holds_a_hundred_place_expressions() -> None:
    n = sum(len(c["expect"]) for c in UNITS["find"]) + len(UNITS["where"])
    n += len(UNITS["document"]) + len(UNITS["normalise"])
    assert n >= 100


def test_subdivisions_cover_both_maps() -> None:
    from cds_extract.schemas.places import PlacesUnitsFile

    units = load_patterns("places_units.yaml", PlacesUnitsFile)
    gaz = load_patterns("places.yaml", PlacesFile)
    provinces = {p.name for p in gaz.provinces}
    assert {d.province for d in units.districts} == provinces
    assert {u.unit for u in units.units_2025} == {p.unit_2025 for p in gaz.provinces}
    assert len(units.districts) >= 690
    assert sum(len(d.communes.split("; ")) for d in units.districts if d.communes) >= 10_000
    assert sum(len(u.communes.split("; ")) for u in units.units_2025) == 3321


def test_subdivision_names_are_stored_folded() -> None:
    """places.py indexes the names as written: they must be what `fold` makes them."""
    from cds_extract.normalise import fold
    from cds_extract.schemas.places import PlacesUnitsFile

    units = load_patterns("places_units.yaml", PlacesUnitsFile)
    names = [d.name for d in units.districts]
    names += [c for d in units.districts if d.communes for c in d.communes.split("; ")]
    names += [c for u in units.units_2025 for c in u.communes.split("; ")]
    assert [n for n in names if fold(n) != n] == []


def test_subdivisions_are_what_the_build_script_makes(tmp_path: Path) -> None:
    csv = ROOT.parent / "shared" / "reference" / "provinces.csv"
    if not csv.exists():
        pytest.skip("shared/reference/provinces.csv is not beside the checkout")
    pytest.importorskip("vietnamadminunits", reason="needed only to regenerate the file")
    spec = importlib.util.spec_from_file_location(
        "build_subdivisions", ROOT / "tools" / "build_subdivisions.py"
    )
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["build_subdivisions"] = mod
    spec.loader.exec_module(mod)
    out = tmp_path / "places_units.yaml"
    mod.main(["--csv", str(csv), "--out", str(out)])
    assert out.read_text(encoding="utf-8") == (ROOT / "patterns" / "places_units.yaml").read_text(
        encoding="utf-8"
    )


def test_anaphora_takes_the_place_named_before() -> None:
    t = normalise(
        "Quảng Trị xếp thứ 9, tăng 2 bậc. Với Quảng Bình, tỉnh xếp thứ 15.\n"
        "Quảng Bình có nhiều hang động. Tổng điểm của địa phương này là 0,47 điểm. "
        "Hai địa phương này có 30 dự án."
    ).text
    sents = sentences(t)
    s = next(x for x in sents if "0,47" in t[x.start : x.end])
    at = t.index("0,47")
    w = place_for(t, s, Span(at, at + 4), find_places(t, s), _default("Quảng Trị"))
    assert w is not None and (w.province, w.scope.value) == ("Quảng Bình", "province")
    s = next(x for x in sents if "30 dự án" in t[x.start : x.end])
    at = t.index("30 dự án")
    default = _default("Quảng Trị")
    assert place_for(t, s, Span(at, at + 2), find_places(t, s), default) is default


@pytest.mark.parametrize(
    "text",
    [
        "Nguồn: binhdinh.gov.vn, 2024",
        "(Theo baotuyenquang.com.vn)\nẢnh: sotttt.tuyenquang.gov.vn/tin-tuc",
        "Xem tại https://dichvucong.gov.vn và BAOLAOCAI.VN hoặc thông tin .gov.vn",
        "email: a.b@tinh.gov.vn; x.gov.vnx; bao.vn; baoa.com.vn.",
        "không có địa chỉ nào",
    ],
)
def test_host_names_read_in_their_runs_are_the_whole_text_scan(text: str) -> None:
    """`_host_matches` finds what the host pattern finds scanning the whole text."""
    from cds_extract import places as pl

    want = [(m.span(), m.groupdict()) for m in pl._HOST.finditer(text)]
    assert [(m.span(), m.groupdict()) for m in pl._host_matches(text, pl._HOST)] == want
