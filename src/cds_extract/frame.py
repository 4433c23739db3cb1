"""Claims in a notebook: a typed pandas DataFrame, and a list that shows as the HTML view.

`to_frame(claims)` gives one row per claim with every `Claim` field as a typed column
(strings as pandas `string`, enums as `category`, dates as `datetime64[ns]`, nullable
numbers as `Float64`) plus `indicator_label`, the taxonomy's label for `indicator_id`.
pandas is optional (`pip install 'cds-extract[pandas]'`) and imported only here, when
called: without it `MissingExtraError` says what to install.

`ClaimList` is a `list[Claim]` that remembers the article it came from, so that Jupyter
shows it as the highlighted article (`integrations.html_view`) instead of a wall of
reprs; everything else about it is a plain list.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Any

from ._fields import claim_fields
from .claim import Claim
from .errors import MissingExtraError

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

__all__ = ["ClaimList", "to_frame"]


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as exc:
        raise MissingExtraError.for_extra("pandas", "pandas") from exc
    return pandas


def to_frame(claims: Iterable[Claim], *, labels: bool = True) -> pd.DataFrame:
    """One row per claim, one typed column per `Claim` field (in SPEC §1 order).

    ``labels`` adds `indicator_label` after `indicator_id`: the taxonomy's Vietnamese
    label of the id (patterns/indicators.yaml), None where the claim has no id.

    Raises MissingExtraError when pandas is not installed.
    """
    pd_mod = _pandas()
    from . import taxonomy

    rows = list(claims)
    columns: dict[str, Any] = {}
    for name, py, nullable in claim_fields():
        values = [getattr(c, name) for c in rows]
        if issubclass(py, Enum):
            cats = [member.value for member in py]
            raw = [v.value if v is not None else None for v in values]
            columns[name] = pd_mod.Categorical(raw, categories=cats)
        elif py is date:
            columns[name] = pd_mod.to_datetime(pd_mod.Series(values, dtype="object"))
        elif py is float:
            columns[name] = pd_mod.array(values, dtype="Float64" if nullable else "float64")
        elif py is int:
            columns[name] = pd_mod.array(values, dtype="Int64" if nullable else "int64")
        else:
            columns[name] = pd_mod.array(values, dtype="string")
        if name == "indicator_id" and labels:
            found = [taxonomy.indicator(v) if v else None for v in values]
            columns["indicator_label"] = pd_mod.array(
                [ind.label if ind else None for ind in found], dtype="string"
            )
    frame = pd_mod.DataFrame(columns)
    for name, py, _nullable in claim_fields():
        if py is date:  # an all-None column comes out as object: make it a date column too
            frame[name] = frame[name].astype("datetime64[ns]")
    return frame


class ClaimList(list[Claim]):
    """The claims of one article, in text order, with the article's text.

    A plain `list` in every way (equal to the list of the same claims, pickles, slices
    to a `list`), plus `text` and `doc_id`, `to_frame()`, and `_repr_html_` for Jupyter:
    the article with its claims highlighted, as `cds-extract show` writes it.
    """

    def __init__(
        self, claims: Iterable[Claim] = (), *, text: str | None = None, doc_id: str | None = None
    ) -> None:
        super().__init__(claims)
        self.text = text
        self.doc_id = doc_id

    def to_frame(self, *, labels: bool = True) -> pd.DataFrame:
        """`to_frame(self)`."""
        return to_frame(self, labels=labels)

    def _repr_html_(self) -> str:
        """The highlighted article in a sandboxed frame (its styles stay inside), or a
        table of the claims read as lines when the text is not known."""
        if self.text is None or any(
            self.text[c.value_start : c.value_end] != c.value_text for c in self
        ):
            rows = "".join(f"<li>{html.escape(str(c))}</li>" for c in self)
            return f"<ol class='cds-claims'>{rows}</ol>"
        from .integrations.html_view import render

        page = render(self.text, self, title=self.doc_id)
        return (
            f'<iframe srcdoc="{html.escape(page, quote=True)}" sandbox '
            'style="width: 100%; height: 640px; border: 1px solid #ddd"></iframe>'
        )
