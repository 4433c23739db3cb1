"""Claims in a notebook: `to_frame` (typed pandas columns) and `ClaimList`'s HTML view."""

from __future__ import annotations

import builtins
import pickle
from datetime import date
from typing import Any

import pytest

from cds_extract import ClaimList, MissingExtraError, extract, to_frame
from cds_extract.claim import Claim, Modality, Qualifier, Unit
from cds_extract.integrations.html_view import render

TEXT = (
    "Năm 2024, tỷ lệ hồ sơ nộp trực tuyến của tỉnh Phú Yên đạt 76,5%. "
    "Tỉnh phấn đấu đến năm 2025 thuộc nhóm 15 tỉnh dẫn đầu về chuyển đổi số. "
    "Toàn tỉnh có Hai trung tâm dữ liệu."
)


def _claims() -> ClaimList:
    return ClaimList(extract(TEXT, doc_id="py-1"), text=TEXT, doc_id="py-1")


def test_to_frame_has_typed_columns() -> None:
    pd = pytest.importorskip("pandas")
    claims = _claims()
    df = to_frame(claims)
    assert list(df.columns[:4]) == ["doc_id", "indicator", "indicator_id", "indicator_label"]
    assert len(df) == len(claims)
    assert str(df["value"].dtype) == "float64"
    assert str(df["value_start"].dtype) == "int64"
    assert str(df["denominator"].dtype) == "Float64"
    assert str(df["indicator"].dtype) == "string"
    assert isinstance(df["unit"].dtype, pd.CategoricalDtype)
    assert list(df["unit"].cat.categories) == [u.value for u in Unit]
    assert str(df["as_of"].dtype) == "datetime64[ns]"
    first = df.iloc[0]
    assert first["value"] == 76.5 and first["unit"] == "%"
    assert first["as_of"] == pd.Timestamp(2024, 12, 31)
    assert first["indicator_label"] == "tỷ lệ hồ sơ thủ tục hành chính xử lý trực tuyến"
    # a column of nothing but None keeps its type
    assert str(to_frame([]).dtypes["as_of"]) == "datetime64[ns]"
    assert "indicator_label" not in claims.to_frame(labels=False).columns


def test_to_frame_without_pandas_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_pandas(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError("No module named 'pandas'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pandas)
    with pytest.raises(MissingExtraError, match=r"cds-extract\[pandas\]"):
        to_frame(_claims())


def test_claim_list_is_a_list_that_shows_the_article() -> None:
    claims = _claims()
    plain = extract(TEXT, doc_id="py-1")
    assert claims == plain and isinstance(claims, list)
    assert type(claims[:1]) is list
    again = pickle.loads(pickle.dumps(claims))
    assert again == claims and again.text == TEXT and again.doc_id == "py-1"
    page = claims._repr_html_()
    assert page.startswith("<iframe srcdoc=") and "sandbox" in page
    assert "76,5%" in page
    # without the text (or with another text) it lists the claims as lines
    lines = ClaimList(plain)._repr_html_()
    assert lines.startswith("<ol") and lines.count("<li>") == len(plain)
    assert ClaimList(plain, text="x" * len(TEXT))._repr_html_().startswith("<ol")


def _target() -> Claim:
    text = "Phấn đấu đến năm 2025 thuộc nhóm 15 tỉnh dẫn đầu."
    start = text.index("15")
    return Claim(
        indicator="thứ hạng chuyển đổi số",
        value=15.0,
        unit=Unit.RANK,
        qualifier=Qualifier.LTE,
        value_text="15",
        value_start=start,
        value_end=start + 2,
        as_of=date(2025, 12, 31),
        modality=Modality.TARGET,
        sentence=text,
        confidence=0.7,
    )


def test_html_view_shows_bound_and_target() -> None:
    claim = _target()
    page = render(claim.sentence, [claim])
    assert "≤ 15 rank" in page
    assert "by 2025-12-31" in page
    assert "<b>target</b>" in page
    assert "reads: target: thứ hạng chuyển đổi số ≤ 15 by 2025-12-31" in page
