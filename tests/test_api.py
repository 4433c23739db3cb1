"""The public surface: exported names and typed errors for bad arguments."""

from __future__ import annotations

from datetime import date, datetime

import pytest

import cds_extract
from cds_extract import CdsExtractError, InvalidDateError, InvalidInputError, extract


def test_exported_names_are_pinned() -> None:
    assert sorted(cds_extract.__all__) == sorted(
        [
            "CdsExtractError",
            "Change",
            "Claim",
            "ClaimList",
            "DatePrecision",
            "InputReadError",
            "InvalidDateError",
            "InvalidInputError",
            "MissingExtraError",
            "Modality",
            "PatternError",
            "Qualifier",
            "Scope",
            "Unit",
            "__version__",
            "extract",
            "to_frame",
        ]
    )


def test_error_codes_are_stable_and_unique() -> None:
    codes = {cls.__name__: cls.code for cls in (CdsExtractError, *CdsExtractError.__subclasses__())}
    assert codes["CdsExtractError"] == "E000"
    assert codes["InvalidInputError"] == "E001"
    assert codes["InvalidDateError"] == "E002"
    assert len(set(codes.values())) == len(codes)


@pytest.mark.parametrize("text", [None, b"bytes", 123, ["a"]])
def test_non_str_text_is_a_typed_error(text: object) -> None:
    with pytest.raises(InvalidInputError):
        extract(text)  # type: ignore[arg-type]


@pytest.mark.parametrize("published", ["2024-13-01", "hôm qua", 20240101, 1.5])
def test_bad_published_is_a_typed_error(published: object) -> None:
    with pytest.raises(InvalidDateError):
        extract("Tỉnh có 5 xã.", published=published)  # type: ignore[arg-type]


@pytest.mark.parametrize("published", [date(2024, 9, 5), datetime(2024, 9, 5, 8, 30), "2024-09-05"])
def test_published_accepts_date_datetime_iso(published: object) -> None:
    assert extract("", published=published) == []  # type: ignore[arg-type]


def test_empty_text_gives_no_claims() -> None:
    assert extract("") == []
    assert extract("   \n\n ") == []
