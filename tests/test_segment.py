"""Sentence segmentation: where Vietnamese news sentences do and do not end."""

from __future__ import annotations

import itertools

import pytest

from cds_extract.segment import sentences, words


def split(text: str) -> list[str]:
    return [text[s.start : s.end] for s in sentences(text)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Toàn tỉnh có 14.600 cán bộ được tập huấn.",
        "Tỷ lệ hồ sơ trực tuyến đạt 76,05% trong quý.",
        "TP. Thái Nguyên dẫn đầu về chỉ số CĐS.",
        "Ban Chỉ đạo T.Ư đã ban hành kế hoạch.",
        "Số liệu tính đến tháng 8.2023 cho thấy tăng trưởng.",
        "Kết quả như sau: 100% xã có Internet; 98% hộ có điện thoại; 60% người dân có tài khoản.",
        "PGS.TS. Nguyễn Văn A cho biết chỉ số tăng 3 bậc.",
        "Doanh thu đạt 1.202,5 tỷ đồng, tăng 9,2% so với cùng kỳ.",
        "Ông A (TP. Hồ Chí Minh) nói rằng tỷ lệ đạt 90%.",
        "Các xã, phường... đều đã kết nối mạng.",
    ],
)
def test_does_not_break_inside(sentence: str) -> None:
    assert split(sentence) == [sentence]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Câu một. Câu hai.", ["Câu một.", "Câu hai."]),
        ("Đạt 96%. Tỉnh xếp thứ 7/63!", ["Đạt 96%.", "Tỉnh xếp thứ 7/63!"]),
        ("Tiêu đề bài\nĐoạn đầu tiên.", ["Tiêu đề bài", "Đoạn đầu tiên."]),
        ("Hỏi gì? Đáp rằng 5 xã.", ["Hỏi gì?", "Đáp rằng 5 xã."]),
        ("nhà tắm và bếp.Lực lượng chức năng đến", ["nhà tắm và bếp.", "Lực lượng chức năng đến"]),
        ("Ông nói: “Đạt 90%.” Sau đó 3 xã", ["Ông nói: “Đạt 90%.”", "Sau đó 3 xã"]),
        ("  \n\n  ", []),
        ("Năm 2023. 15 xã đạt chuẩn.", ["Năm 2023.", "15 xã đạt chuẩn."]),
    ],
)
def test_breaks(text: str, expected: list[str]) -> None:
    assert split(text) == expected


def test_spans_cover_all_non_space_text_in_order() -> None:
    text = "Một. Hai; ba: bốn.\nNăm TP. Huế 1.000 người!Sáu"
    spans = sentences(text)
    rebuilt = "".join(text[s.start : s.end] for s in spans)
    assert rebuilt.replace(" ", "") == text.replace(" ", "").replace("\n", "")
    assert all(a.end <= b.start for a, b in itertools.pairwise(spans))


def test_overlong_sentence_is_cut_into_bounded_pieces() -> None:
    text = "số " + ", ".join(str(i) for i in range(5000)) + "."
    spans = sentences(text)
    assert len(spans) > 1
    assert max(s.end - s.start for s in spans) <= 2000
    assert "".join(text[s.start : s.end] for s in spans).replace(" ", "") == text.replace(" ", "")


def test_words_map_to_exact_offsets() -> None:
    text = "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 99,78%."
    spans = sentences(text)
    toks = words(text, spans[0])
    assert ("Tỷ lệ", "N") == (text[toks[0][0].start : toks[0][0].end], toks[0][1])
    assert any(text[s.start : s.end] == "99,78" for s, _ in toks)
    for s, _ in toks:
        assert text[s.start : s.end].replace(" ", "_") != ""


def test_runs_of_terminal_punctuation_are_read_once() -> None:
    # 200,000 dots used to be re-scanned from each position (quadratic): now one pass.
    text = "Tỉnh có 5 xã" + "." * 200_000 + " Mục lục"
    spans = sentences(text)
    assert text[spans[0].start : spans[0].start + 12] == "Tỉnh có 5 xã"
    assert text[spans[-1].start : spans[-1].end].endswith("Mục lục")
