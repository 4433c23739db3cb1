"""Build patterns/places.yaml from the reference table of provinces.

Usage: python tools/build_gazetteer.py [--csv PATH] [--out PATH]

Reads ../shared/reference/provinces.csv (the 63 pre-July-2025 provinces, their
2025 unit, spellings seen in news and clash notes) and writes the generated
gazetteer. Hand-written places (provincial cities, towns, national cues,
context rules) live in patterns/places_extra.yaml, which this script never touches.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CSV = ROOT.parent / "shared" / "reference" / "provinces.csv"
DEFAULT_OUT = ROOT / "patterns" / "places.yaml"

CENTRAL = "thành phố trực thuộc trung ương"
_TONES = "\u0301\u0300\u0309\u0303\u0323"


def tone_variants(name: str) -> list[str]:
    """Both tone placements of syllable-final `oa`/`oe`/`uy`: `Thanh Hóa` <-> `Thanh Hoá`."""
    out = {name}
    words = name.split(" ")
    for i, w in enumerate(words):
        d = unicodedata.normalize("NFD", w)
        m = re.fullmatch(r"(.*?)([oOuU])([" + _TONES + r"]?)([aeyAEY])([" + _TONES + r"]?)", d)
        if not m or (m.group(2) in "uU" and m.group(1).lower().endswith("q")):
            continue
        head, v1, t1, v2, t2 = m.groups()
        tone = t1 or t2
        if not tone:
            continue
        for form in (head + v1 + tone + v2, head + v1 + v2 + tone):
            alt = [*words[:i], unicodedata.normalize("NFC", form), *words[i + 1 :]]
            out.add(" ".join(alt))
    return sorted(out)


def _ward_clashes(note: str) -> list[tuple[str, str]]:
    """`also a ward name: phường X (Unit), phường X (Unit2)` -> [(X, Unit), ...]."""
    return re.findall(r"phường ([^(,;]+?) \(([^)]+)\)", note)


def build(csv_path: Path) -> dict[str, Any]:
    provinces: list[dict[str, Any]] = []
    finer: list[dict[str, Any]] = []
    with csv_path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    new_of = {r["old_name"]: r["new_name"] for r in rows}
    for r in rows:
        name = r["old_name"]
        core = name.removeprefix("TP. ")
        # Centrally run: `TP. X` is the province-level unit itself (Huế since 2025, not merged).
        central = r["old_type"] == CENTRAL or (
            r["new_type"] == CENTRAL and "not merged" in r["note"]
        )
        variants: set[str] = set()
        for v in [x.strip() for x in r["common_variants"].split(";") if x.strip()]:
            variants.update(tone_variants(v))
        names = set(tone_variants(core))
        note = r["note"]
        entry: dict[str, Any] = {
            "name": name,
            "code": r["old_code"],
            "type": r["old_type"],
            "unit_2025": r["new_name"],
            "type_2025": r["new_type"],
            "region": r["region"],
            "names": sorted(names),
            # `Hồ Chí Minh` alone names the person: only `TP. Hồ Chí Minh` etc. count.
            "bare": name == core,
            "central": central,
            "variants": sorted(variants - names),
        }
        # Clash notes -> context rules.
        if "Điện Biên Phủ" in note:
            entry["not_after"] = ["Phủ"]
        if note:
            entry["note"] = note
        provinces.append(entry)
        for ward, unit in _ward_clashes(note):
            ward = ward.strip()
            # the ward keeps the old province's territory when that province went to `unit`
            old = ward if new_of.get(ward) == unit else None
            finer.append(
                {
                    "name": ward,
                    "type": "phường",
                    "province": old,
                    "unit_2025": unit,
                    "bare": False,
                    "source": f"provinces.csv note of {name}",
                }
            )
        m = re.search(r"'huyện ([^']+)' (?:was )?a district of ([^;,\"]+)", note)
        if m:
            finer.append(
                {
                    "name": m.group(1),
                    "type": "huyện",
                    "province": m.group(2).strip(),
                    "unit_2025": new_of.get(m.group(2).strip()),
                    "bare": False,
                    "source": f"provinces.csv note of {name}",
                }
            )
        m = re.search(r"'(Điện Biên Phủ)' is a city in it", note)
        if m:
            finer.append(
                {
                    "name": m.group(1),
                    "type": "thành phố",
                    "province": name,
                    "unit_2025": r["new_name"],
                    "bare": False,
                    "source": f"provinces.csv note of {name}",
                }
            )
    return {
        "meta": {
            "description": (
                "Gazetteer of Vietnam's 63 pre-July-2025 provinces: canonical name, type, "
                "the 2025 unit, spellings (tone-placement variants, TP./Tp. forms) and "
                "clash rules; finer places named in the clash notes. GENERATED — do not "
                "edit by hand; hand-written places are in places_extra.yaml."
            ),
            "source": (
                "generated by tools/build_gazetteer.py from shared/reference/provinces.csv "
                "(NQ 202/2025/QH15, NQ 175/2024/QH15)"
            ),
            "version": 1,
        },
        "provinces": provinces,
        "finer": finer,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    data = build(args.csv)
    header = "# GENERATED by tools/build_gazetteer.py from shared/reference/provinces.csv\n"
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    args.out.write_text(header + body, encoding="utf-8")
    print(f"wrote {args.out} ({len(data['provinces'])} provinces, {len(data['finer'])} finer)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
