"""Exceptions raised by cds_extract.

Every error carries a stable ``code`` (``E001``…) that stays the same across
releases, so callers and logs can match on it::

    CdsExtractError            (E000) base of everything this package raises
    ├── InvalidInputError      (E001) the text argument is not a str
    ├── InvalidDateError       (E002) `published` is not a date / ISO string
    ├── PatternError           (E003) a patterns/ file is missing or fails its schema
    ├── InputReadError         (E004) a batch input cannot be read or decoded
    └── MissingExtraError      (E005) an optional integration's packages are absent
"""

from __future__ import annotations


class CdsExtractError(Exception):
    """Base class of every error cds_extract raises."""

    code = "E000"

    def __str__(self) -> str:
        return f"[{self.code}] {super().__str__()}"


class InvalidInputError(CdsExtractError, TypeError):
    code = "E001"


class InvalidDateError(CdsExtractError, ValueError):
    code = "E002"


class PatternError(CdsExtractError):
    code = "E003"


class InputReadError(CdsExtractError):
    code = "E004"


class MissingExtraError(CdsExtractError, ImportError):
    code = "E005"

    @classmethod
    def for_extra(cls, extra: str, package: str) -> MissingExtraError:
        return cls(
            f"this feature needs the '{package}' package: pip install 'cds-extract[{extra}]'"
        )
