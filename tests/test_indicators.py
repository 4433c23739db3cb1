"""Indicator phrases and taxonomy ids: the table in tests/data/indicators.yaml."""

from __future__ import annotations

import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import regex
import yaml

from cds_extract._spans import NumberMention, Span
from cds_extract.claim import Unit
from cds_extract.indicators import indicator_for
from cds_extract.taxonomy import indicator_id, taxonomy

_TABLE: dict[str, list[dict[str, Any]]] = yaml.safe_load(
    (Path(__file__).parent / "data" / "indicators.yaml").read_text(encoding="utf-8")
)
_TOKEN = regex.compile(r"[^\s\p{P}]+")


def _tokens(s: str) -> Counter[str]:
    return Counter(_TOKEN.findall(unicodedata.normalize("NFC", s).lower()))


def token_f1(pred: str, gold: str) -> float:
    """SPEC §4: token F1 of lower-cased NFC phrases split on spaces and punctuation."""
    p, g = _tokens(pred), _tokens(gold)
    overlap = sum((p & g).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(p.values()), overlap / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def _mention(s: str, value: str, unit: str) -> NumberMention:
    start = s.find(value)
    assert start >= 0, f"{value!r} not in {s!r}"
    return NumberMention(Span(start, start + len(value)), 1.0, Unit(unit))


def _run(row: dict[str, Any]) -> str:
    s: str = row["sentence"]
    siblings = [_mention(s, v, u) for v, u in row.get("siblings", [])]
    return indicator_for(s, Span(0, len(s)), _mention(s, row["value"], row["unit"]), siblings, [])


_ROWS = _TABLE["written"] + _TABLE["bugs"]


@pytest.mark.parametrize("row", _ROWS, ids=lambda r: r["sentence"][:40])
def test_indicator_phrase(row: dict[str, Any]) -> None:
    phrase = _run(row)
    assert token_f1(phrase, row["indicator"]) >= 0.5, phrase
    assert indicator_id(phrase, Unit(row["unit"])) == row["id"], phrase


@pytest.mark.parametrize("row", _ROWS, ids=lambda r: r["sentence"][:40])
def test_expected_phrase_has_the_expected_id(row: dict[str, Any]) -> None:
    assert indicator_id(row["indicator"], Unit(row["unit"])) == row["id"]


@pytest.mark.parametrize("row", _TABLE["xfail"], ids=lambda r: r["sentence"][:40])
@pytest.mark.xfail(strict=True, reason="known limitation, see tests/data/indicators.yaml")
def test_indicator_known_gaps(row: dict[str, Any]) -> None:
    phrase = _run(row)
    assert token_f1(phrase, row["indicator"]) >= 0.5
    assert indicator_id(phrase, Unit(row["unit"])) == row["id"]


def test_table_is_large_enough() -> None:
    assert len(_TABLE["written"]) >= 40


def test_taxonomy_has_fifty_entries_over_three_pillars() -> None:
    entries = taxonomy()
    assert len(entries) >= 50
    assert {"chính quyền số", "kinh tế số", "xã hội số"} <= {e.pillar for e in entries}


def test_each_label_maps_to_its_own_entry() -> None:
    wrong = [
        (e.id, indicator_id(e.label, e.units[0]))
        for e in taxonomy()
        if indicator_id(e.label, e.units[0]) != e.id
    ]
    assert not wrong


def test_one_indicator_phrased_several_ways_has_one_id() -> None:
    phrases = [
        "tỷ lệ hồ sơ giải quyết đúng hạn",
        "tỷ lệ hồ sơ TTHC được giải quyết trước và đúng hạn",
        "tỉ lệ hồ sơ xử lý đúng hạn",
        "tỷ lệ giải quyết hồ sơ đúng hạn",
        "tỷ lệ hồ sơ trả kết quả đúng hạn",
    ]
    assert {indicator_id(p, Unit.PERCENT) for p in phrases} == {"ontime_dossier_rate"}


def test_unit_must_agree() -> None:
    assert indicator_id("số tổ công nghệ số cộng đồng", Unit.COUNT) == "community_tech_teams"
    assert indicator_id("số tổ công nghệ số cộng đồng", Unit.VND) is None


def test_list_sentence_gives_each_value_its_own_phrase() -> None:
    s = "tỷ lệ hồ sơ trực tuyến đạt 60%; tỷ lệ hồ sơ đúng hạn đạt 99%"
    a, b = _mention(s, "60%", "%"), _mention(s, "99%", "%")
    whole = Span(0, len(s))
    assert indicator_for(s, whole, a, [a, b], []) == "tỷ lệ hồ sơ trực tuyến"
    assert indicator_for(s, whole, b, [a, b], []) == "tỷ lệ hồ sơ đúng hạn"


def test_phrase_has_no_value_qualifier_or_date() -> None:
    s = "Năm 2023, tỷ lệ hộ gia đình có máy tính đạt hơn 72%."
    phrase = indicator_for(s, Span(0, len(s)), _mention(s, "72%", "%"), [], [])
    assert phrase == "tỷ lệ hộ gia đình có máy tính"


# ------------------------------------------------------------------ corpus sentences


def test_pyvi_models_read_directly_tag_as_pyvi_does() -> None:
    """The CRF models read from pyvi's pickles without sklearn give pyvi's own syllables and
    tags (the import-through-pyvi path is the fallback and the reference)."""
    from cds_extract import indicators

    direct, imported = indicators._pyvi_direct(), indicators._pyvi_imported()
    assert direct.keep, "the models were not read from the package files"
    sentences = [row["sentence"] for rows in _TABLE.values() for row in rows]
    sentences += ["Email: a.b@tinh.gov.vn, https://dx.gov.vn ==> TP. HCM đạt 1.234,5 tỷ… “x”"]
    for s in sentences:
        assert direct.sylabelize(s) == imported.sylabelize(s), s
        syl = direct.sylabelize(s)
        if len(syl) > 1:
            seq = [["bias", "word.lower():" + w.lower()] for w in syl]
            assert direct.tokenizer.tag(direct.items(seq)) == imported.tokenizer.tag(
                imported.items(seq)
            ), s
            assert direct.tagger.tag(direct.items(seq)) == imported.tagger.tag(
                imported.items(seq)
            ), s
    assert direct.bi_grams == imported.bi_grams and direct.tri_grams == imported.tri_grams
    assert direct.filtered == imported.filtered


def _found_words(s: str, tokens: list[str]) -> list[tuple[int, int]]:
    """Offsets of pyvi's words found in ``s`` one after the other (pieces split by spaces)."""
    out: list[tuple[int, int]] = []
    cursor = 0
    for token in tokens:
        pieces = token.replace("_", " ").split()
        begin = s.find(pieces[0], cursor) if pieces else -1
        pos = begin + len(pieces[0]) if pieces else -1
        for piece in pieces[1:]:
            nxt = s.find(piece, pos)
            pos = -1 if nxt < 0 or s[pos:nxt].strip() else nxt + len(piece)
            if pos < 0:
                break
        if begin >= 0 and pos >= 0:
            out.append((begin, pos))
            cursor = pos
    return out


def test_syllables_read_piece_by_piece_are_the_patterns() -> None:
    """`_syllable_spans` (pieces between spaces, letters-only pieces taken whole) gives
    the syllables and offsets of pyvi's pattern run over the whole sentence."""
    from cds_extract import indicators

    sentences = [row["sentence"] for rows in _TABLE.values() for row in rows]
    sentences += [
        "TP.HCM có 1.234,5 tỷ đồng (tăng 12%) -> Mr. Ba, ThS. Tư...",
        "Gửi thư tới a.b@so.gov.vn hoặc https://dx.gov.vn/x?y=1 ==> xong",
        "hai  khoảng\ttrắng\u00a0lạ , dấu “ngoặc” và số_liệu 3_000",
        "Wi-Fi 6 >> 5G; COVID-19 giảm 0,5 điểm % ",
        " ",
        "",
    ]
    for s in sentences:
        whole = list(indicators._PYVI_SYLLABLE.finditer(s))
        syl, spans = indicators._syllable_spans(s)
        assert syl == [m.group() for m in whole], s
        assert spans == [m.span() for m in whole], s


def test_crfsuite_attributes_are_every_key_of_the_model() -> None:
    """The keys sliced between sorted record offsets are the keys read record by record."""
    import struct

    from cds_extract import indicators

    models = indicators._pyvi_direct()
    assert models.keep and models.known[0] is not None
    for data, known in zip(models.keep, models.known, strict=True):
        off = struct.unpack_from("<I", data, 36)[0]
        count, bwd = struct.unpack_from("<II", data, off + 16)
        keys = set()
        for (at,) in struct.iter_unpack("<I", data[off + bwd : off + bwd + 4 * count]):
            size = struct.unpack_from("<I", data, off + at + 4)[0]
            keys.add(data[off + at + 8 : off + at + 7 + size])
        assert known == keys and len(keys) == count
    with pytest.raises(ValueError, match="not in a row"):
        # a key whose last byte is not NUL: records not laid out one after the other
        data = models.keep[0]
        off = struct.unpack_from("<I", data, 36)[0]
        at = struct.unpack_from("<I", data, off + struct.unpack_from("<I", data, off + 20)[0])[0]
        size = struct.unpack_from("<I", data, off + at + 4)[0]
        nul = off + at + 7 + size
        indicators._crfsuite_attributes(data[:nul] + b"x" + data[nul + 1 :])


def test_pyvi_tag_and_word_offsets_are_pyvis() -> None:
    """Words and tags as `ViPosTagger.postagging(ViTokenizer.tokenize(s))` gives them, and
    word offsets taken from the syllables are where the words are found in the text."""
    from pyvi import ViPosTagger, ViTokenizer

    from cds_extract import indicators

    sentences = [row["sentence"] for rows in _TABLE.values() for row in rows]
    sentences += [
        "ΣΑΣ đạt 12 ΟΔΟΣ, Σ",  # final sigma
        "Email: a.b@tinh.gov.vn, https://dx.gov.vn ==> TP. HCM đạt 1.234,5 tỷ… “x”",
        "tỷ_lệ hồ sơ\nđạt 90%",  # pyvi's joiner and a line break in the text
        unicodedata.normalize("NFD", "Tỷ lệ hồ sơ đạt 90%"),
        "",
        "  ",
    ]
    fast = 0
    for s in sentences:
        tokens, tags = ViPosTagger.postagging(ViTokenizer.tokenize(s))
        assert indicators._pyvi_tag(s) == (list(tokens), list(tags)), s
        words, _tags, spans = indicators._pyvi_words(s)
        if spans is not None:
            fast += 1
            assert spans == _found_words(s, words), s
    assert fast >= len(sentences) - 6


def test_pyvi_tag_through_pyvis_own_models(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fallback models (pyvi imported, attribute lists unknown: all attributes passed)
    tag as the models read directly (unknown attributes left out)."""
    from cds_extract import indicators

    sentences = [row["sentence"] for row in _TABLE["written"][:40]]
    direct = [indicators._pyvi_words(s) for s in sentences]
    imported = indicators._pyvi_imported()
    assert imported.known == (None, None)
    monkeypatch.setattr(indicators, "_pyvi_models", lambda: imported)
    assert [indicators._pyvi_words(s) for s in sentences] == direct


def _corpus_claim(row: dict[str, Any]) -> tuple[str | None, str | None]:
    """(indicator, indicator_id) the whole pipeline gives the row's value, or Nones."""
    from cds_extract import extract

    s: str = row["sentence"]
    start = -1
    for _ in range(row.get("nth", 0) + 1):
        start = s.find(row["value"], start + 1)
    assert start >= 0, f"{row['value']!r} not in {s!r}"
    for claim in extract(s):
        if claim.value_start == start:
            return claim.indicator, claim.indicator_id
    return None, None


def corpus_agreement() -> dict[str, Any]:
    """Agreement on the `corpus` rows: phrases at token F1 >= 0.5, and taxonomy ids."""
    rows = _TABLE["corpus"]
    found = agree = right_id = false_id = missed_id = 0
    f1_sum = 0.0
    misses: list[tuple[dict[str, Any], str, str | None]] = []
    wrong_ids = []
    for row in rows:
        phrase, ind_id = _corpus_claim(row)
        if phrase is None:
            misses.append((row, "(value not extracted)", None))
            continue
        found += 1
        f1 = token_f1(phrase, row["indicator"])
        f1_sum += f1
        if f1 >= 0.5:
            agree += 1
        else:
            misses.append((row, phrase, ind_id))
        if ind_id is not None and ind_id != row["id"]:
            false_id += 1
            wrong_ids.append((row["value"], phrase, ind_id))
        elif ind_id is not None:
            right_id += 1
        elif row["id"] is not None:
            missed_id += 1
    return {
        "rows": len(rows),
        "extracted": found,
        "agree": agree,
        "rate": agree / found if found else 0.0,
        "mean_f1": f1_sum / found if found else 0.0,
        "wrong_ids": wrong_ids,
        "right_id": right_id,
        "false_id": false_id,
        "missed_id": missed_id,
        "misses": misses,
    }


def test_corpus_sentences_agree() -> None:
    result = corpus_agreement()
    assert result["extracted"] >= 0.9 * result["rows"]
    assert result["rate"] >= 0.85, [(r["value"], p) for r, p, _i in result["misses"]]


def test_corpus_sentences_get_no_false_ids() -> None:
    assert not corpus_agreement()["wrong_ids"]


if __name__ == "__main__":  # `python tests/test_indicators.py`: print the corpus agreement
    res = corpus_agreement()
    for r, p, i in res["misses"]:
        print(f"  {r['article']:40} {r['value']!r:16} {p!r} [{i}]  ≠ {r['indicator']!r}")
    for v, p, i in res["wrong_ids"]:
        print(f"  false id {i} for {v!r}: {p!r}")
    print(
        f"corpus rows {res['rows']}, extracted {res['extracted']}, "
        f"indicator agreement {res['agree']}/{res['extracted']} = {res['rate']:.3f}, "
        f"mean token F1 {res['mean_f1']:.3f}; "
        f"ids right {res['right_id']}, false {res['false_id']}, missed {res['missed_id']}"
    )
