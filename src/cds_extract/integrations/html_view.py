"""A self-contained HTML page a journalist checks an article's claims with.

`render(text, claims)` returns the article text unchanged (HTML-escaped, line
breaks kept) with every claim's `value_text` marked once, displaCy-style and
coloured by unit, its record shown on hover and in a table beside the text.
The page has no script and loads nothing: styles are inline, labels and
tooltips are CSS pseudo-elements, so the article's text nodes are exactly the
article.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..claim import Change, Claim, Modality, Qualifier, Unit

__all__ = ["UNIT_COLOURS", "render"]

# Background colour of a mark by unit (displaCy's pastel palette).
UNIT_COLOURS: dict[Unit, str] = {
    Unit.PERCENT: "#7aecec",
    Unit.PERCENTAGE_POINT: "#bfeeb7",
    Unit.VND: "#feca74",
    Unit.USD: "#ffeb80",
    Unit.POINT: "#c887fb",
    Unit.RANK: "#ff9561",
    Unit.COUNT: "#aa9cfc",
}

_CSS = """
:root { color-scheme: light; }
body { font: 16px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
       margin: 0; color: #222; background: #fafafa; }
header { padding: 12px 24px; background: #fff; border-bottom: 1px solid #ddd; }
header h1 { font-size: 1.2em; margin: 0 0 4px; }
.legend span { display: inline-block; padding: 0 8px; margin-right: 6px; border-radius: 4px;
               font-size: 0.8em; }
main { display: flex; gap: 24px; padding: 16px 24px; align-items: flex-start; }
.cds-article { flex: 3; min-width: 0; white-space: pre-wrap; overflow-wrap: anywhere;
               background: #fff; padding: 16px 20px; border: 1px solid #ddd; border-radius: 6px;
               line-height: 2.3; }
.cds-claim { position: relative; padding: 0.2em 0.35em; margin: 0 0.1em; border-radius: 0.35em;
             line-height: 1; box-decoration-break: clone; -webkit-box-decoration-break: clone; }
.cds-claim::after { content: attr(data-label); font-size: 0.6em; font-weight: bold;
                    text-transform: uppercase; vertical-align: middle; margin-left: 0.4em; }
.cds-claim:hover::before, .cds-claim:target::before {
  content: attr(data-record); position: absolute; left: 0; top: 100%; z-index: 10;
  margin-top: 4px; min-width: 22em; max-width: 36em; white-space: pre-wrap; line-height: 1.4;
  font-size: 0.8em; font-weight: normal; text-transform: none; color: #222;
  background: #fff; border: 1px solid #888; border-radius: 4px; padding: 6px 8px;
  box-shadow: 0 2px 6px rgba(0,0,0,.2); }
.cds-claim:target { outline: 2px solid #d33; }
aside { flex: 2; min-width: 0; position: sticky; top: 8px; max-height: calc(100vh - 16px);
        overflow: auto; font-size: 0.8em; }
aside table { border-collapse: collapse; background: #fff; width: 100%; }
aside th, aside td { border: 1px solid #ddd; padding: 3px 6px; vertical-align: top;
                     text-align: left; }
aside td.num { overflow-wrap: anywhere; }
aside td.num b { white-space: nowrap; }
aside .muted { color: #666; }
aside a { color: inherit; }
"""


@dataclass
class _Mark:
    """One highlighted stretch; several claims share it only if their spans overlap."""

    start: int
    end: int
    claims: list[tuple[int, Claim]] = field(default_factory=list)


def render(text: str, claims: Sequence[Claim], *, title: str | None = None) -> str:
    """The HTML page for `text` with `claims` (from `extract(text)`) highlighted.

    Raises ValueError if a claim's offsets do not point at its `value_text`
    in `text`: the page would otherwise mark the wrong words.
    """
    for claim in claims:
        if text[claim.value_start : claim.value_end] != claim.value_text:
            raise ValueError(
                f"claim {claim.value_text!r} at {claim.value_start}..{claim.value_end} "
                "is not in this text"
            )
    numbered = sorted(enumerate(claims, 1), key=lambda ic: (ic[1].value_start, ic[1].value_end))
    marks: list[_Mark] = []
    for number, claim in numbered:
        if marks and claim.value_start < marks[-1].end:
            marks[-1].end = max(marks[-1].end, claim.value_end)
            marks[-1].claims.append((number, claim))
        else:
            marks.append(_Mark(claim.value_start, claim.value_end, [(number, claim)]))

    parts: list[str] = []
    pos = 0
    for mark in marks:
        parts.append(_text(text[pos : mark.start]))
        first = mark.claims[0][1]
        ids = " ".join(str(n) for n, _ in mark.claims)
        record = "\n\n".join(_record(n, c) for n, c in mark.claims)
        parts.append(
            f'<mark class="cds-claim" id="claim-{mark.claims[0][0]}" data-claims="{ids}"'
            f' data-unit="{_attr(first.unit.value)}" data-label="{_attr(first.unit.value)}"'
            f' data-record="{_attr(record)}" tabindex="0"'
            f' style="background: {UNIT_COLOURS[first.unit]}">'
            f"{_text(text[mark.start : mark.end])}</mark>"
        )
        pos = mark.end
    parts.append(_text(text[pos:]))

    heading = title if title is not None else _first_line(text)
    legend = "".join(
        f'<span style="background: {colour}">{_text(unit.value)}</span>'
        for unit, colour in UNIT_COLOURS.items()
    )
    # A claim that shares a mark (overlapping spans) links to that mark's id.
    anchor = {n: mark.claims[0][0] for mark in marks for n, _ in mark.claims}
    rows = "".join(_row(n, c, anchor[n]) for n, c in numbered)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_text(heading)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f"<header><h1>{_text(heading)}</h1>"
        f'<p class="legend">{len(claims)} claims · units: {legend}</p></header>\n'
        f'<main>\n<article class="cds-article">{"".join(parts)}</article>\n'
        "<aside><table>\n<thead><tr><th>#</th><th>value</th><th>indicator</th>"
        "<th>date<br>place · scope<br>modality · confidence</th></tr></thead>\n"
        f"<tbody>{rows}</tbody>\n</table></aside>\n</main>\n</body>\n</html>\n"
    )


def _text(s: str) -> str:
    """Escape for a text node; CR as a reference, since parsers fold CRLF to LF."""
    return html.escape(s, quote=False).replace("\r", "&#13;")


def _attr(s: str) -> str:
    return html.escape(s, quote=True).replace("\r", "&#13;").replace("\n", "&#10;")


def _first_line(text: str) -> str:
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return line if len(line) <= 120 else line[:117] + "…"


def _number(value: float) -> str:
    """`2255.0` → `2 255`, `76.05` → `76.05`: spaces group, so `2,255` is never misread."""
    if value.is_integer() and abs(value) < 1e18:
        return f"{int(value):,}".replace(",", " ")
    return f"{value:.10g}"


def _value(claim: Claim, *, counted: bool = True) -> str:
    """`≤ 15 rank / 63`, `+9.2 %`: the qualifier's sign and the change's direction first,
    so a bound or a change never reads as a plain level (as `str(claim)` does)."""
    sign = "" if claim.qualifier is Qualifier.EXACT else claim.relation() + " "
    direction = (
        {Change.INCREASE: "+", Change.DECREASE: "-"}.get(claim.change, "") if claim.change else ""
    )
    out = f"{sign}{direction}{_number(claim.value)} {claim.unit.value}"
    if claim.denominator is not None:
        out += f" / {_number(claim.denominator)}"
    if counted and claim.counted:
        out += f" ({claim.counted})"
    return out


def _date(claim: Claim) -> str:
    if claim.as_of is None:
        return "—"
    out = claim.as_of.isoformat()
    if claim.period_start is not None:
        out = f"{claim.period_start.isoformat()} … {out}"
    # a target is due by its date, not true on it
    return f"by {out}" if claim.modality is Modality.TARGET else out


def _where(claim: Claim) -> str:
    names = [n for n in (claim.place, claim.province) if n]
    where = ", ".join(names) if names else "—"
    if claim.province_2025 and claim.province_2025 != claim.province:
        where += f" (2025: {claim.province_2025})"
    return f"{where} · {claim.scope.value}"


def _modality(claim: Claim) -> str:
    """The modality, in bold unless actual: a target must not pass for a result."""
    text = _text(claim.modality.value)
    return text if claim.modality is Modality.ACTUAL else f"<b>{text}</b>"


def _record(number: int, claim: Claim) -> str:
    """The tooltip: the claim's record, one field a line."""
    return (
        f"#{number} {claim.indicator}\n"
        f"value: {_value(claim)}\n"
        f"date: {_date(claim)}"
        + (f" («{claim.date_text}»)" if claim.date_text else "")
        + f"\nprovince: {_where(claim)}\n"
        f"modality: {claim.modality.value} · confidence {claim.confidence:.2f}\n"
        f"reads: {claim}"
    )


def _row(number: int, claim: Claim, anchor: int) -> str:
    colour = UNIT_COLOURS[claim.unit]
    return (
        f'<tr><td><a href="#claim-{anchor}">{number}</a></td>'
        f'<td class="num" style="background: {colour}"><b>{_text(claim.value_text)}</b>'
        f"<br>{_text(_value(claim, counted=False))}</td>"
        f"<td>{_text(claim.indicator)}"
        + (f'<br><span class="muted">{_text(claim.counted)}</span>' if claim.counted else "")
        + f"</td><td>{_text(_date(claim))}"
        f"<br>{_text(_where(claim))}<br>{_modality(claim)}"
        f" · {claim.confidence:.2f}</td></tr>\n"
    )
