"""Normalise stage: tone folding, invisible characters and the offset map."""

from __future__ import annotations

import unicodedata

import pytest

from cds_extract._spans import Span
from cds_extract.normalise import abbreviations, expand_abbreviations, fold, normalise


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Thanh Hoá", "Thanh Hóa"),
        ("Hoà Bình", "Hòa Bình"),
        ("Thuỷ", "Thủy"),
        ("khoẻ", "khỏe"),
        ("số hoá", "số hóa"),
        ("THUỶ LỢI", "THỦY LỢI"),
        ("loà", "lòa"),
        ("Khánh Hoà", "Khánh Hòa"),
    ],
)
def test_old_and_new_tone_placement_fold_to_one_form(old: str, new: str) -> None:
    assert fold(old) == fold(new) == new


@pytest.mark.parametrize("word", ["quý", "Quý", "hoán đổi", "khoảng", "tuyển", "thuyết", "QUÝ III"])
def test_tone_folding_leaves_standard_words_alone(word: str) -> None:
    assert fold(word) == word


def test_nfd_input_maps_back_to_original_offsets() -> None:
    original = unicodedata.normalize("NFD", "Tỉnh Thái Nguyên đạt 76,05% năm 2023")
    n = normalise(original)
    assert n.text == "Tỉnh Thái Nguyên đạt 76,05% năm 2023"
    i = n.text.index("76,05%")
    start, end = n.to_original(Span(i, i + len("76,05%")))
    assert original[start:end] == "76,05%"
    j = n.text.index("Nguyên")
    start, end = n.to_original(Span(j, j + len("Nguyên")))
    assert unicodedata.normalize("NFC", original[start:end]) == "Nguyên"


@pytest.mark.parametrize(
    "junk",
    ["\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad", "\u200e", "\u200f", "\u202b", "\u2066"],
)
def test_invisible_characters_are_dropped_but_offsets_kept(junk: str) -> None:
    original = f"đạt{junk} 9{junk}6%{junk} kế hoạch"
    n = normalise(original)
    assert n.text == "đạt 96% kế hoạch"
    i = n.text.index("96%")
    start, end = n.to_original(Span(i, i + 3))
    assert original[start:end].replace(junk, "") == "96%"


@pytest.mark.parametrize("space", ["\u00a0", "\u2009", "\u202f", "\t", "\x08", "\r"])
def test_space_like_and_control_characters_become_spaces_one_for_one(space: str) -> None:
    original = f"76,05{space}%"
    n = normalise(original)
    assert n.text == "76,05 %"
    assert n.to_original(Span(0, 7)) == (0, 7)


def test_abbreviation_lexicon_has_the_common_forms() -> None:
    table = abbreviations()
    assert len(table) >= 40
    for short in ["CĐS", "TTHC", "DVC", "CBCCVC", "CNTT", "TT&TT", "KT-XH", "CSDL", "UBND", "HĐND"]:
        assert short in table


@pytest.mark.parametrize(
    ("phrase", "expanded"),
    [
        ("tỷ lệ hồ sơ TTHC", "tỷ lệ hồ sơ thủ tục hành chính"),
        (
            "số CBCCVC được tập huấn CĐS",
            "số cán bộ, công chức, viên chức được tập huấn chuyển đổi số",
        ),
        ("Sở TT&TT", "Sở Thông tin và Truyền thông"),
        ("phát triển KT-XH", "phát triển kinh tế - xã hội"),
        ("chuyển đổi số (CĐS) cấp xã", "chuyển đổi số cấp xã"),
        # not inside other words or URLs
        ("tài khoản DVCQG", "tài khoản dịch vụ công quốc gia"),
        ("mã CĐSX", "mã CĐSX"),
        ("cdsx.gov.vn", "cdsx.gov.vn"),
    ],
)
def test_expand_abbreviations(phrase: str, expanded: str) -> None:
    assert expand_abbreviations(phrase) == expanded
