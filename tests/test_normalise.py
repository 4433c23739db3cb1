"""Normalise stage: tone folding, invisible characters and the offset map."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


def test_fast_paths_skip_only_what_needs_no_rewrite() -> None:
    """`_COMMON` lets through no character that is a mark, invisible or space-like, and
    `_FOLD_PAIR` stops only before letters: both may skip work, never change the output."""
    import re

    import regex

    from cds_extract import normalise as n

    for cp in range(0x110000):
        ch = chr(cp)
        if n._COMMON.match(ch) is None:
            assert n._NEEDS_MAP.match(ch) is None and n._SPACES.match(ch) is None, hex(cp)
    latin = re.compile(f"[{n._LATIN}]")
    letter = regex.compile(r"\p{L}")
    for cp in range(0x110000):
        if latin.match(chr(cp)):
            assert letter.match(chr(cp)), hex(cp)


def _per_cluster(original: str) -> tuple[str, list[int], list[int]]:
    """The offset map built one grapheme cluster at a time (what `normalise` must equal)."""
    from cds_extract import normalise as n

    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for m in n._CLUSTER.finditer(original):
        composed = unicodedata.normalize("NFC", n._INVISIBLES.sub("", m.group()))
        for ch in composed:
            out.append(ch)
            starts.append(m.start())
            ends.append(m.end())
    text = n._FOLD.sub(n._move_tone, n._SPACES.sub(" ", "".join(out)))
    return text, starts, ends


@pytest.mark.parametrize(
    "original",
    [
        unicodedata.normalize("NFD", "Thanh Hoá có 76,05% hộ"),
        "q\u0301 và a\u0301 \u0301đầu",  # a mark NFC cannot compose; a leading mark
        "Kho\u00e1\u200b\u200d\u0301 x\u00ad\u00a0y",
        "\u1100\u1161 \u212b \u0958 e\u0301",  # jamo (no mark), singletons, exclusions
        "\u200b",
        "a\u0301",
    ],
)
def test_offset_map_equals_the_per_cluster_map(original: str) -> None:
    got = normalise(original)
    text, starts, ends = _per_cluster(original)
    assert got.text == text
    assert got._starts is not None and got._ends is not None
    assert list(got._starts) == starts and list(got._ends) == ends


@pytest.mark.parametrize(
    "phrase",
    [
        "UBND tỉnh giao Sở TT&TT và UBND các huyện",  # repeated, `&` inside a short
        "CNTT-TT và CNTT, KT-XH; KTXH",  # a short inside a longer one, `-` edges
        "UBNDX, XUBND, UBND1, 1UBND, -UBND, UBND&",  # shorts inside words: no expansion
        "(CĐS)(CQS) CĐS/CQS",  # shorts side by side, brackets and a slash between
        "tthc và TTHC",  # the case of an ignore-case short
        "không có gì",
    ],
)
def test_expansion_tried_at_short_starts_is_the_pattern_sub(phrase: str) -> None:
    """Expanding where a short form starts gives what the pattern's `sub` over the whole
    phrase gives (before the bracketed-repeat and space tidying)."""
    from cds_extract import normalise as nm

    pattern, table, _hint = nm._abbreviation_pattern()
    want = pattern.sub(
        lambda m: table.get(m.group(1), table.get(m.group(1).lower(), m.group(1))), phrase
    )
    want = nm._MULTISPACE.sub(" ", want).strip()
    assert nm._expand_abbreviations(phrase) == want


@pytest.mark.parametrize(
    ("text", "repeated"),
    [
        ("chuyển đổi số (chuyển đổi số) của tỉnh", True),
        ("chính quyền số ( chính quyền số ) và kinh tế số (KTS)", True),
        ("Hà Nội, Hải Phòng (Hà Nội, Hải Phòng)", True),
        ("tỷ lệ hồ sơ trực tuyến (đạt 90%) (năm 2023)", False),
        ("dịch vụ công (DVC) (dịch vụ công)", False),  # not right after its phrase
        ("một (hai (ba) bốn) năm", False),
        ("mở ngoặc ( không đóng", False),
    ],
)
def test_repeat_check_lets_through_every_repeat(text: str, repeated: bool) -> None:
    """`_may_repeat` says yes to every text the bracketed-repeat pattern changes (and
    here to no other)."""
    from cds_extract import normalise as nm

    assert (nm._PAREN_REPEAT.sub(r"\1", text) != text) == repeated
    assert nm._may_repeat(text) == repeated


@pytest.mark.parametrize(
    "text",
    [
        "thủy lợi",
        "thuỷ lợi hoà bình",  # old-style tone places: rewritten
        "quý hoá",  # `quý` is no pair
        "HOÀ BÌNH",
        "Hà Nội\u00a0(TP)",  # NBSP: not a common character
        "Ѕơn La",  # a Cyrillic look-alike
        "te\u0301t",  # a combining mark
        "zero\u200bwidth",
        "",
    ],
)
def test_fold_is_the_normalised_text(text: str) -> None:
    # `fold` takes a short path for common characters; it must give what `normalise`
    # gives for any string
    from cds_extract import normalise as nm

    nm._FOLDED.clear()
    assert fold(text) == normalise(text).text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aouyqAOUQ àáảãạýỳỷỹỵđĐơư\u0301\u00a0\u200b.ѕ"))))
def test_fold_is_the_normalised_text_for_any_string(text: str) -> None:
    from cds_extract import normalise as nm

    nm._FOLDED.clear()
    assert fold(text) == normalise(text).text
