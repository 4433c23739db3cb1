"""cds_extract: numeric digital-transformation claims from Vietnamese news.

>>> from cds_extract import extract
>>> [str(c) for c in extract("Tỉnh Thái Nguyên có 2.255 tổ công nghệ số cộng đồng.")]
['số tổ công nghệ số cộng đồng = 2.255 (Thái Nguyên)']
"""

from __future__ import annotations

from .claim import Change, Claim, DatePrecision, Modality, Qualifier, Scope, Unit
from .errors import (
    CdsExtractError,
    InputReadError,
    InvalidDateError,
    InvalidInputError,
    MissingExtraError,
    PatternError,
)
from .frame import ClaimList, to_frame
from .pipeline import extract

__version__ = "0.1.0"

__all__ = [
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
