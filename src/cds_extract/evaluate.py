"""SPEC §4 scoring: match extracted claims to gold annotations and score them.

Used by ``cds-extract eval DOCS_DIR GOLD_DIR``; researchers run it on their own
annotated articles.
"""

from __future__ import annotations

import json
import math
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

from . import _error_kinds
from .claim import Claim
from .errors import InputReadError

ATTRIBUTES = (
    "unit",
    "qualifier",
    "denominator",
    "change",
    "as_of",
    "period_start",
    "province",
    "scope",
    "modality",
    "indicator",
)
_RECORD_FIELDS = ("unit", "as_of", "province", "modality", "indicator")
# Kind counts (`--details`) are kept per attribute, then for missed and extra claims.
KIND_GROUPS = (*ATTRIBUTES, "missed", "extra")
_TOKEN = regex.compile(r"[\p{L}\p{N}]+")
_NUMBER = regex.compile(r"\d+(?:[.,]\d+)*")


@dataclass(frozen=True)
class Gold:
    """One gold line (SPEC §3) with its value span located in the document."""

    doc_id: str
    start: int
    end: int
    record: dict[str, Any]

    @property
    def optional(self) -> bool:
        return bool(self.record.get("optional"))


@dataclass
class Report:
    """Counts behind the SPEC §4 table."""

    predicted: int = 0
    gold: int = 0  # non-optional
    matched: int = 0  # matched to non-optional gold
    matched_optional: int = 0
    strict: int = 0
    attribute_right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ATTRIBUTES, 0))
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    # What each miss was (`_error_kinds`): every wrong attribute of a matched pair, every
    # missed gold claim, every extra prediction; group (KIND_GROUPS) → kind → count.
    kinds: dict[str, Counter[str]] = field(
        default_factory=lambda: {g: Counter[str]() for g in KIND_GROUPS}
    )

    @staticmethod
    def _f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    def detection(self) -> tuple[float, float, float]:
        denom = self.predicted - self.matched_optional
        p = self.matched / denom if denom else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        return p, r, self._f1(p, r)

    def record(self) -> tuple[float, float, float]:
        denom = self.predicted - self.matched_optional
        p = self.strict / denom if denom else 0.0
        r = self.strict / self.gold if self.gold else 0.0
        return p, r, self._f1(p, r)

    def attribute(self, name: str) -> float:
        return self.attribute_right[name] / self.matched if self.matched else 0.0

    def as_dict(self) -> dict[str, Any]:
        p, r, f = self.detection()
        rp, rr, rf = self.record()
        return {
            "predicted": self.predicted,
            "gold": self.gold,
            "matched": self.matched,
            "detection": {"precision": p, "recall": r, "f1": f},
            "attributes": {a: self.attribute(a) for a in ATTRIBUTES},
            "record": {"precision": rp, "recall": rr, "f1": rf},
            "kinds": {g: dict(self._ranked(g)) for g in KIND_GROUPS},
        }

    def _ranked(self, group: str) -> list[tuple[str, int]]:
        return sorted(self.kinds[group].items(), key=lambda kv: (-kv[1], kv[0]))

    def kind_table(self) -> str:
        """Kind → count per attribute (then missed and extra claims), most frequent first.

        An attribute's counts add up to its wrong matched pairs: matched × (1 − score).
        """
        rows = [f"{'attribute':<14}{'kind':<28}{'count':>6}"]
        for group in KIND_GROUPS:
            ranked = self._ranked(group)
            if not ranked:
                continue
            total = sum(n for _, n in ranked)
            rows.append(f"{group:<14}{'(all)':<28}{total:>6}")
            rows += [f"{'':<14}{kind:<28}{n:>6}" for kind, n in ranked]
        return "\n".join(rows)

    def table(self) -> str:
        p, r, f = self.detection()
        rp, rr, rf = self.record()
        rows = [
            f"documents' gold claims (non-optional): {self.gold}   predicted: {self.predicted}"
            f"   matched: {self.matched} (+{self.matched_optional} optional)",
            "",
            f"{'measure':<24}{'value':>8}",
            f"{'detection precision':<24}{p:>8.3f}",
            f"{'detection recall':<24}{r:>8.3f}",
            f"{'detection F1':<24}{f:>8.3f}",
        ]
        rows += [f"{a:<24}{self.attribute(a):>8.3f}" for a in ATTRIBUTES]
        rows += [
            f"{'record precision':<24}{rp:>8.3f}",
            f"{'record recall':<24}{rr:>8.3f}",
            f"{'record F1':<24}{rf:>8.3f}",
        ]
        return "\n".join(rows)


def _tokens(s: str) -> list[str]:
    return [str(t) for t in _TOKEN.findall(unicodedata.normalize("NFC", s).lower())]


def indicator_f1(predicted: str, gold: str) -> float:
    """Token F1 of two indicator phrases (lower-cased, NFC, split on spaces and punctuation).

    >>> round(indicator_f1("tỷ lệ hồ sơ đúng hạn", "tỷ lệ hồ sơ giải quyết đúng hạn"), 3)
    0.857
    """
    p, g = _tokens(predicted), _tokens(gold)
    if not p or not g:
        return 0.0
    common = 0
    pool = list(g)
    for tok in p:
        if tok in pool:
            pool.remove(tok)
            common += 1
    if not common:
        return 0.0
    prec, rec = common / len(p), common / len(g)
    return 2 * prec * rec / (prec + rec)


def values_agree(predicted: float, gold: dict[str, Any]) -> bool:
    """Relative difference ≤ 1e-6, or equal at the gold's written precision."""
    g = float(gold["value"])
    if math.isclose(predicted, g, rel_tol=1e-6, abs_tol=1e-9):
        return True
    m = _NUMBER.search(str(gold.get("value_text", "")))
    if not m:
        return False
    written = m.group()
    decimals = len(written.split(",")[1]) if "," in written else 0
    try:
        number = float(written.replace(".", "").replace(",", "."))
    except ValueError:
        return False
    if number == 0:
        return False
    scale = g / number
    return bool(abs(predicted - g) <= 0.5 * 10 ** (-decimals) * abs(scale))


def load_documents(folder: str | Path) -> dict[str, str]:
    """``<doc_id>.txt`` files (or ``<doc_id>_anything.txt``) of a folder, by doc id."""
    docs: dict[str, str] = {}
    root = Path(folder)
    if not root.is_dir():
        raise InputReadError(f"not a directory: {root}")
    for path in sorted(root.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        docs[path.stem] = text
        docs.setdefault(path.stem.split("_")[0], text)
    return docs


def load_gold(folder_or_file: str | Path, docs: dict[str, str]) -> list[Gold]:
    """Gold JSONL lines with value spans located via their ``quote`` (SPEC §3)."""
    root = Path(folder_or_file)
    files = sorted(root.glob("*.jsonl")) if root.is_dir() else [root]
    out: list[Gold] = []
    for path in files:
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            rec = json.loads(line)
            doc = docs.get(str(rec["doc_id"]))
            where = f"{path}:{lineno}"
            if doc is None:
                raise InputReadError(f"{where}: no document for doc_id {rec['doc_id']!r}")
            q = doc.find(rec["quote"])
            if q < 0 or doc.count(rec["quote"]) != 1:
                raise InputReadError(f"{where}: quote must occur exactly once: {rec['quote']!r}")
            v = rec["quote"].find(rec["value_text"])
            if v < 0:
                raise InputReadError(f"{where}: value_text not in quote")
            start = q + v
            out.append(Gold(str(rec["doc_id"]), start, start + len(rec["value_text"]), rec))
    return out


def _attribute_ok(name: str, claim: Claim, gold: dict[str, Any]) -> bool:
    if name == "indicator":
        return indicator_f1(claim.indicator, str(gold.get("indicator", ""))) >= 0.5
    got = getattr(claim, name)
    want = gold.get(name)
    if hasattr(got, "value"):
        got = got.value
    if hasattr(got, "isoformat"):
        got = got.isoformat()
    if name == "denominator" and got is not None and want is not None:
        return math.isclose(float(got), float(want))
    return bool(got == want)


def _describe(claim: Claim) -> str:
    return f"{claim.doc_id}@{claim.value_start}: {claim.value_text!r} {claim.unit.value} | {claim}"


def score(
    docs: dict[str, str],
    gold: Sequence[Gold],
    extractor: Callable[[str, str], Iterable[Claim]],
) -> Report:
    """Run ``extractor(text, doc_id)`` on every document and score against ``gold``."""
    report = Report()
    by_doc: dict[str, list[Gold]] = {}
    for g in gold:
        by_doc.setdefault(g.doc_id, []).append(g)
    for doc_id in sorted({g.doc_id for g in gold}):
        claims = list(extractor(docs[doc_id], doc_id))
        golds = by_doc[doc_id]
        report.predicted += len(claims)
        report.gold += sum(not g.optional for g in golds)
        pairs = []
        for gi, g in enumerate(golds):
            for ci, c in enumerate(claims):
                overlap = min(g.end, c.value_end) - max(g.start, c.value_start)
                if overlap > 0 and values_agree(c.value, g.record):
                    pairs.append((g.optional, -overlap, gi, ci))
        pairs.sort()
        used_g: set[int] = set()
        used_c: set[int] = set()
        for optional, _, gi, ci in pairs:
            if gi in used_g or ci in used_c:
                continue
            used_g.add(gi)
            used_c.add(ci)
            if optional:
                report.matched_optional += 1
                continue
            report.matched += 1
            c, rec = claims[ci], golds[gi].record
            ok = {a: _attribute_ok(a, c, rec) for a in ATTRIBUTES}
            for a, right in ok.items():
                report.attribute_right[a] += right
            kind = {
                a: _error_kinds.attribute_kind(a, c, rec, docs[doc_id])
                for a in ATTRIBUTES
                if not ok[a]
            }
            for a, k in kind.items():
                report.kinds[a][k] += 1
            value_ok = values_agree(c.value, rec)
            if value_ok and all(ok[a] for a in _RECORD_FIELDS):
                report.strict += 1
            else:
                bad = ", ".join(
                    f"{a}: {getattr(c, a) if a != 'indicator' else c.indicator!r} ≠ {rec.get(a)!r}"
                    f" [{kind[a]}]"
                    for a in ATTRIBUTES
                    if not ok[a]
                )
                report.wrong.append(f"{_describe(c)}\n      {bad}")
        for gi, g in enumerate(golds):
            if gi not in used_g and not g.optional:
                k = _error_kinds.missed_kind(g.record, g.start, g.end, claims, docs[doc_id])
                report.kinds["missed"][k] += 1
                report.misses.append(
                    f"[{k}] {doc_id}@{g.start}: {g.record['value_text']!r} in {g.record['quote']!r}"
                )
        spans = [(g.start, g.end) for g in golds]
        for ci, c in enumerate(claims):
            if ci not in used_c:
                k = _error_kinds.extra_kind(c, spans, docs[doc_id])
                report.kinds["extra"][k] += 1
                report.extras.append(f"[{k}] {_describe(c)}")
    return report
