"""A stand-in for `cds_extract.extract` used by the batch tests: every digit run is a claim.

Batch mechanics (order, resume, failures) must not depend on the extraction
rules, which are still moving; `BATCH_FAKE_DELAY` (seconds per document) slows
it down so a test can interrupt a run halfway.
"""

from __future__ import annotations

import os
import time
from datetime import date

import regex

from cds_extract.claim import Claim, Unit

_NUMBER = regex.compile(r"\d+(?:[.,]\d+)*")


def extract(text: str, *, published: date | None = None, doc_id: str | None = None) -> list[Claim]:
    """One `count` claim per number in `text`; `BOOM` in the text raises, `CRASH` kills
    the process (as a crash in native code would)."""
    delay = float(os.environ.get("BATCH_FAKE_DELAY", "0"))
    if delay:
        time.sleep(delay)
    if "CRASH" in text:
        os._exit(70)
    if "BOOM" in text:
        raise RuntimeError("fake extractor exploded")
    out = []
    for m in _NUMBER.finditer(text):
        out.append(
            Claim(
                doc_id=doc_id,
                indicator="số",
                value=float(m[0].replace(".", "").replace(",", ".")),
                unit=Unit.COUNT,
                value_text=m[0],
                value_start=m.start(),
                value_end=m.end(),
                as_of=published,
                sentence=text[max(0, m.start() - 20) : m.end() + 20],
                confidence=0.5,
            )
        )
    return out
