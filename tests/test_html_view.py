"""The HTML claim view, rendered in headless Chromium: marks, unchanged text, no console errors."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cds_extract import Claim, Unit, extract
from cds_extract.cli import main as cli_main
from cds_extract.integrations.html_view import UNIT_COLOURS, render

REPO = Path(__file__).resolve().parents[1]
SAMPLES = sorted((REPO / "samples").glob("*.txt"))
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Debian's chromium is not installed (apt-get install chromium; .ci/run does it)",
)


@dataclass
class Page:
    """What the browser made of the page: the article's text and its marks."""

    article: str = ""
    marks: list[tuple[str, str, str]] = field(default_factory=list)  # (claims, unit, text)
    console: list[str] = field(default_factory=list)


class _DomReader(HTMLParser):
    """Reads Chromium's --dump-dom output: textContent of the article and of each mark."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._depth = 0  # element depth inside <article>, 0 = outside
        self._mark: dict[str, str | None] | None = None
        self._mark_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._depth:
            self._depth += 1
        elif tag == "article":
            self._depth = 1
        if tag == "mark":
            self._mark = dict(attrs)
            self._mark_text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark" and self._mark is not None:
            self.page.marks.append(
                (
                    self._mark.get("data-claims") or "",
                    self._mark.get("data-unit") or "",
                    "".join(self._mark_text),
                )
            )
            self._mark = None
        if self._depth:
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._depth:
            self.page.article += data
        if self._mark is not None:
            self._mark_text.append(data)


def _chromium(page: Path, tmp: Path, *args: str) -> tuple[str, str]:
    """Run Chromium on `page`: (stdout, stderr), decoded without newline translation."""
    assert CHROMIUM is not None
    done = subprocess.run(
        [
            CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", f"--user-data-dir={tmp / 'profile'}",
            "--enable-logging=stderr", "--v=0", *args, page.as_uri(),
        ],
        capture_output=True, timeout=120, check=True,
    )  # fmt: skip
    # Bytes, not text=True: universal newlines would fold the article's CRLF.
    return done.stdout.decode("utf-8"), done.stderr.decode("utf-8", "replace")


def _load(html: str, tmp: Path) -> Page:
    """Open the page in headless Chromium; its DOM as the browser built it, and console lines."""
    path = tmp / "view.html"
    path.write_text(html, encoding="utf-8")
    dom, log = _chromium(path, tmp, "--dump-dom")
    reader = _DomReader()
    reader.feed(dom)
    reader.close()
    # Chromium logs every console message, uncaught error and failed load as ":CONSOLE".
    reader.page.console = [ln for ln in log.splitlines() if ":CONSOLE" in ln]
    return reader.page


def _check(page: Page, text: str, claims: list[Claim]) -> None:
    assert page.console == []
    assert page.article == text
    numbers = [n for ids, _, _ in page.marks for n in ids.split()]
    assert sorted(numbers, key=int) == [str(i) for i in range(1, len(claims) + 1)]
    for ids, unit, mark_text in page.marks:
        first = claims[int(ids.split()[0]) - 1]
        assert unit == first.unit.value
        for n in ids.split():
            assert claims[int(n) - 1].value_text in mark_text


@needs_chromium
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_sample_page_in_chromium(sample: Path, tmp_path: Path) -> None:
    text = sample.read_text(encoding="utf-8")
    claims = extract(text, doc_id=sample.stem)
    assert claims
    page = _load(render(text, claims), tmp_path)
    _check(page, text, claims)
    # Every claim has its own mark: extract() gives no overlapping values.
    assert len(page.marks) == len(claims)
    assert [m[2] for m in page.marks] == [c.value_text for c in claims]


def _claim(text: str, value_text: str, unit: Unit, start: int | None = None) -> Claim:
    at = text.index(value_text) if start is None else start
    return Claim(
        indicator="số <b>thử</b> & \"nghiệm\"", value=1.0, unit=unit, value_text=value_text,
        value_start=at, value_end=at + len(value_text), sentence=text, confidence=0.5,
    )  # fmt: skip


@needs_chromium
def test_markup_line_breaks_and_overlaps_survive(tmp_path: Path) -> None:
    text = (
        "Dòng 1: <script>alert(1)</script> & 5 < 6 > 4\r\n"
        'Giá\u00a0trị 12,5% và "30" tỷ đồng;\ttab\n\n'
        "Zero\u200bwidth 7/10 điểm, cuối."
    )
    claims = [
        _claim(text, "12,5%", Unit.PERCENT),
        _claim(text, '"30" tỷ đồng', Unit.VND),
        _claim(text, "30", Unit.COUNT),  # inside the previous one: shares its mark
        _claim(text, "7/10 điểm", Unit.POINT),
        _claim(text, "5", Unit.COUNT, start=text.index("& 5") + 2),
    ]
    page = _load(render(text, claims, title="<Thử> & tiêu đề"), tmp_path)
    _check(page, text, claims)
    assert len(page.marks) == 4


@needs_chromium
def test_console_check_catches_script_errors_and_failed_loads(tmp_path: Path) -> None:
    """The harness must be able to fail: a broken page shows up in its console lines."""
    text = "Có 12 tổ."
    html = render(text, [_claim(text, "12", Unit.COUNT)])
    broken = html.replace(
        "</body>", '<img src="missing.png"><script>undefinedFunction();</script></body>'
    )
    assert _load(html, tmp_path).console == []
    assert len(_load(broken, tmp_path).console) >= 1


@needs_chromium
def test_screenshot_renders(tmp_path: Path) -> None:
    text = SAMPLES[0].read_text(encoding="utf-8")
    path = tmp_path / "view.html"
    path.write_text(render(text, extract(text)), encoding="utf-8")
    shot = tmp_path / "view.png"
    _chromium(path, tmp_path, "--hide-scrollbars", "--window-size=1200,2000",
              f"--screenshot={shot}")  # fmt: skip
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000  # a blank page is a few kB


def test_page_is_self_contained() -> None:
    text = SAMPLES[2].read_text(encoding="utf-8")
    html = render(text, extract(text))
    lowered = html.lower()
    for needle in ("<script", "src=", "@import", "url(", "http://", "https://", "<link"):
        assert needle not in lowered, needle


def test_every_unit_has_a_colour() -> None:
    assert set(UNIT_COLOURS) == set(Unit)
    assert len(set(UNIT_COLOURS.values())) == len(Unit)


def test_claim_from_another_text_is_refused() -> None:
    claim = _claim("Có 12 tổ.", "12", Unit.COUNT)
    with pytest.raises(ValueError, match="not in this text"):
        render("Có 13 tổ.", [claim])


def test_show_command_writes_the_page(tmp_path: Path) -> None:
    out = tmp_path / "view.html"
    assert cli_main(["show", str(SAMPLES[0]), "-o", str(out), "--published", "2024-08-20"]) == 0
    text = SAMPLES[0].read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == render(
        text, extract(text, published="2024-08-20", doc_id=SAMPLES[0].stem)
    )


def test_show_command_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["show", str(SAMPLES[1])]) == 0
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "no/such/article.txt"], "cannot read"),
        (["show", str(SAMPLES[0]), "--published", "20/8/2024"], "E002"),
    ],
)
def test_show_command_bad_input(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli_main(args) == 2
    assert message in capsys.readouterr().err
