"""Machine-readable exports under build/data/: the registers as JSON and CSV, with occurrences."""

from __future__ import annotations

import csv
import json
from dataclasses import asdict
from pathlib import Path

from lxml import etree

from .. import TEI_NS, XML_NS
from ..context import Edition

T = "{%s}" % TEI_NS
ENTRY_TAGS = {T + "person": "persons", T + "personGrp": "persons", T + "place": "places",
              T + "org": "orgs", T + "bibl": "works", T + "witness": "works"}


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def register_rows(edition: Edition) -> dict[str, list[dict]]:
    rows: dict[str, list[dict]] = {"persons": [], "places": [], "orgs": [], "works": []}
    for name, tree in edition.registers.items():
        stand_off = tree.getroot().find(T + "standOff")
        if stand_off is None:
            continue
        for el in stand_off.iter(*ENTRY_TAGS):
            xml_id = el.get("{%s}id" % XML_NS)
            if not xml_id or (el.tag == T + "bibl" and el.getparent().tag != T + "listBibl"):
                continue
            names = [n for n in el if etree.QName(n).localname in ("persName", "placeName", "orgName", "name")]
            standard = next((n for n in names if n.get("type") == "standard"), names[0] if names else None)
            pointer = f"{name}#{xml_id}"
            occ = [asdict(o) for o in edition.occurrences.get(pointer, [])]
            rows[ENTRY_TAGS[el.tag]].append({
                "id": xml_id,
                "pointer": pointer,
                "name": _text(standard) if standard is not None else _text(el.find(T + "title")) or _text(el),
                "variants": [_text(n) for n in names if n is not standard],
                "identification": _text(el.find(T + "note")),
                "birth": (el.find(T + "birth").get("when") if el.find(T + "birth") is not None else None),
                "death": (el.find(T + "death").get("when") if el.find(T + "death") is not None else None),
                "wikidata": _text(el.find(T + "idno[@type='wikidata']")) or None,
                "viaf": _text(el.find(T + "idno[@type='viaf']")) or None,
                "occurrences": occ,
            })
    return rows


def write_data(edition: Edition, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for kind, rows in register_rows(edition).items():
        (out / f"{kind}.json").write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
        with (out / f"{kind}.csv").open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(["id", "name", "variants", "identification", "birth", "death",
                             "wikidata", "viaf", "occurrences", "sources"])
            for r in rows:
                writer.writerow([r["id"], r["name"], " | ".join(r["variants"]), r["identification"],
                                 r["birth"] or "", r["death"] or "", r["wikidata"] or "",
                                 r["viaf"] or "", len(r["occurrences"]),
                                 " ".join(sorted({o["siglum"] for o in r["occurrences"]}))])
