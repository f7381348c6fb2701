"""The comparison edition: what the sources share and where they disagree.

Writes, into a build folder:

- ``tei/parallels.xml``: the shared passages as standoff TEI (parallel segmentation), pointing
  into the sources by xml:id (see :func:`edition.collate.to_tei`);
- ``data/parallels.json``: the same groups for reuse (:func:`edition.collate.to_json`);
- ``data/discrepancies.json``: the editors' table of disagreements (``tei/discrepancies.xml``,
  format in ``docs/discrepancies-format.md``);
- ``html/comparison/index.html``: the overview (which source shares how much with which);
- ``html/comparison/{group}.html``: one synoptic view per group (``xslt/comparison.xsl``);
- ``html/comparison/disagreements.html``: the table of disagreements (``xslt/comparison.xsl``).

The reading pages mark every paragraph that belongs to a group: :func:`reading_parameters` gives
the stylesheet parameter (``parallels-json``) that ``xslt/common/parallels.xsl`` reads.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from lxml import etree

from .. import TEI_NS, XML_NS, collate, saxon
from ..context import Edition
from ..text import reading

T = "{%s}" % TEI_NS
XML_ID = "{%s}id" % XML_NS
DISCREPANCIES = "discrepancies.xml"
"""The editors' table of disagreements, in the edition's TEI folder."""


# ---------------------------------------------------------------------------- the collation

def collation_of(edition: Edition) -> collate.Collation:
    """The edition's collation, computed once per loaded edition."""
    cached = edition.__dict__.get("_collation")
    if cached is None:
        started = time.perf_counter()
        cached = collate.collate(collate.edition_units(edition))
        cached.parameters = dict(cached.parameters)
        edition.__dict__["_collation"] = cached
        edition.__dict__["_collation_seconds"] = time.perf_counter() - started
    return cached


def reading_parameters(edition: Edition) -> dict[str, str]:
    """Parameters for xslt/reading.xsl: which paragraph belongs to which group."""
    return {"parallels-json": json.dumps(collate.membership(collation_of(edition)),
                                         ensure_ascii=False)}


def pair_counts(collation: collate.Collation, sigla: list[str]) -> dict[tuple[str, str], list[str]]:
    """(siglum, siglum) → ids of the groups with members in both (the same siglum twice: a
    passage repeated within one source). Pairs are ordered as *sigla* is."""
    rank = {s: i for i, s in enumerate(sigla)}
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    for g in collation.groups:
        present = Counter(m.siglum for m in g.members)
        keys = sorted(present, key=lambda s: rank.get(s, len(rank)))
        for i, a in enumerate(keys):
            if present[a] > 1:
                out[(a, a)].append(g.id)
            for b in keys[i + 1:]:
                out[(a, b)].append(g.id)
    return dict(out)


def summary(edition: Edition) -> str:
    """The lines ``edition collate`` prints: groups by kind, groups per pair of sources, time."""
    collation = collation_of(edition)
    sigla = [s.witness.siglum for s in edition.sources]
    kinds = Counter(g.kind for g in collation.groups)
    lines = [f"{len(collation.groups)} group(s) of shared passages in {len(collation.units)} "
             f"blocks of {len(edition.sources)} source(s), "
             f"{edition.__dict__.get('_collation_seconds', 0.0):.2f} s"]
    lines.append("by kind: " + ", ".join(f"{k} {kinds.get(k, 0)}"
                                         for k in ("verbatim", "variant", "translation")))
    pairs = pair_counts(collation, sigla)
    if pairs:
        lines.append("by pair of sources (groups): " + ", ".join(
            f"{a}–{b} {len(ids)}" if a != b else f"{a} (within) {len(ids)}"
            for (a, b), ids in pairs.items()))
    return "\n".join(lines)


# ---------------------------------------------------------------------------- files

def pointers(edition: Edition, out: Path):
    """The two pointer functions of collate.to_tei, relative to *out*/tei/parallels.xml."""
    cfg = edition.cfg
    tei_rel = Path(os.path.relpath(cfg.tei_path, out / "tei")).as_posix()

    def witness_pointer(siglum: str) -> str:
        return f"{tei_rel}/bibliography.xml#wit-{siglum}"

    def source_pointer(source: str, xml_id: str) -> str:
        rel = Path(os.path.relpath(cfg.root / source, out / "tei")).as_posix()
        return f"{rel}#{xml_id}"

    return witness_pointer, source_pointer


def parallels_tei(edition: Edition, out: Path) -> etree._ElementTree:
    return collate.to_tei(collation_of(edition), *pointers(edition, out))


def write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix="." + path.name + ".", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_collation(edition: Edition, out: Path, final: Path | None = None) -> list[Path]:
    """``tei/parallels.xml`` and ``data/parallels.json`` under *out* (pointers computed as if
    *out* were *final*, where a staged build will be moved). Each file is replaced atomically."""
    tree = parallels_tei(edition, final or out)
    tei_file, json_file = out / "tei" / "parallels.xml", out / "data" / "parallels.json"
    write_atomically(tei_file, etree.tostring(tree, xml_declaration=True, encoding="UTF-8",
                                              pretty_print=True))
    write_atomically(json_file, json.dumps(collate.to_json(collation_of(edition)),
                                           ensure_ascii=False, indent=2).encode("utf-8"))
    return [tei_file, json_file]


# ---------------------------------------------------------------------------- disagreements

def discrepancies_path(edition: Edition) -> Path:
    return edition.cfg.tei_path / DISCREPANCIES


def discrepancies(edition: Edition, path: Path | None = None) -> tuple[list[dict], list[str]]:
    """``data/discrepancies.json`` from the editors' TEI file, and the problems found in it (a
    claim whose quotation is not in the paragraph it points to, an unknown target…)."""
    path = path or discrepancies_path(edition)
    if not path.exists():
        return [], []
    tree = etree.parse(str(path))
    tei_dir = Path(edition.cfg.tei_dir)
    trees = {s.path.name: s.tree for s in edition.sources}
    rows, problems = [], []
    for event in tree.iter(T + "event"):
        claims = []
        for note in event.findall(T + "note"):
            if note.get("type") != "claim":
                continue
            target = note.get("target", "")
            file, _, xml_id = target.partition("#")
            quote = " ".join("".join(note.find(T + "quote").itertext()).split()) \
                if note.find(T + "quote") is not None else ""
            seg = note.find(T + "seg[@type='normalised']")
            claims.append({"source": (tei_dir / file).as_posix(), "siglum": note.get("n", ""),
                           "xml_id": xml_id, "text": quote,
                           "claim": " ".join("".join(seg.itertext()).split()) if seg is not None else ""})
            where = f"{path.name}:{note.sourceline}"
            source_tree = trees.get(file)
            element = (source_tree.getroot().find(f".//*[@{{{XML_NS}}}id='{xml_id}']")
                       if source_tree is not None else None)
            if element is None:
                problems.append(f"{where}: claim target {target!r} matches no element of the sources")
            elif quote and quote not in " ".join(reading(element).text.split()):
                problems.append(f"{where}: the quotation is not in {target} as the source reads "
                                f"(“{quote[:60]}”)")
        editorial = next((n for n in event.findall(T + "note") if n.get("type") == "editorial"), None)
        label = event.find(T + "label")
        rows.append({
            "id": event.get(XML_ID),
            "topic": " ".join("".join(label.itertext()).split()) if label is not None else "",
            "subtype": event.get("subtype"),
            "claims": claims,
            "note": " ".join("".join(editorial.itertext()).split()) if editorial is not None else "",
        })
    return rows, problems


# ---------------------------------------------------------------------------- pages

def write_outputs(edition: Edition, staging: Path, final: Path | None = None) -> tuple[list[Path], list[str]]:
    """Everything this module writes into a build (see the module docstring): the pages
    written, and notes for the build summary (problems in the table of disagreements)."""
    from .html import Site

    files = write_collation(edition, staging, final)
    rows, problems = discrepancies(edition)
    write_atomically(staging / "data" / "discrepancies.json",
                     json.dumps(rows, ensure_ascii=False, indent=2).encode("utf-8"))
    site = Site(edition, staging / "html")
    write_pages(site, staging / "tei" / "parallels.xml", discrepancies_path(edition))
    notes = [f"warning: {p}" for p in problems]
    notes.append(summary(edition).splitlines()[0])
    return site.pages, notes


def witness_titles(edition: Edition) -> dict[str, str]:
    return {s.witness.siglum: s.witness.short_title for s in edition.sources}


def write_pages(site, parallels_file: Path, discrepancies_file: Path | None) -> None:
    """The overview, one synoptic page per group, and the table of disagreements."""
    edition = site.edition
    collation = collation_of(edition)
    sheet = site.stylesheet("comparison.xsl")
    sigla = [s.witness.siglum for s in edition.sources]
    common = {"root-prefix": "../", "witnesses-json": json.dumps(witness_titles(edition),
                                                                 ensure_ascii=False),
              "sigla": " ".join(sigla)}
    document = saxon.parse_file(parallels_file)
    for g in collation.groups:
        body = sheet.transform(document, {**common, "group-id": g.id})
        site.render("comparison/synopsis.html", f"comparison/{g.id}.html", body=body,
                    title=f"Synoptic view {g.id}", group=g)
    if discrepancies_file is not None and discrepancies_file.exists():
        body = sheet.transform(saxon.parse_file(discrepancies_file), common)
    else:
        body = ""
    site.render("comparison/disagreements.html", "comparison/disagreements.html", body=body,
                title="Where the sources disagree")
    pairs = pair_counts(collation, sigla)
    by_id = {g.id: g for g in collation.groups}
    site.render("comparison/index.html", "comparison/index.html", title="Shared passages",
                sigla=sigla, titles=witness_titles(edition),
                matrix=matrix(pairs),
                pairs=[{"a": a, "b": b, "groups": [overview_row(by_id[i]) for i in ids]}
                       for (a, b), ids in pairs.items()],
                groups=[overview_row(g) for g in collation.groups],
                kinds=Counter(g.kind for g in collation.groups),
                parameters=collation.parameters)


def matrix(pairs: dict[tuple[str, str], list[str]]) -> dict[str, dict]:
    """Cells of the overview matrix, both ways round: "S-L" and "L-S" → count, anchor, weight."""
    most = max((len(ids) for ids in pairs.values()), default=1)
    out = {}
    for (a, b), ids in pairs.items():
        cell = {"n": len(ids), "anchor": f"pair-{a}-{b}", "weight": round(len(ids) / most, 2)}
        out[f"{a}-{b}"] = out[f"{b}-{a}"] = cell
    return out


def overview_row(g: collate.Group) -> dict:
    words = g.members[0].text.split()
    return {"id": g.id, "kind": g.kind,
            "members": [{"siglum": m.siglum, "xml_id": m.xml_id,
                         "key": Path(m.source).stem} for m in g.members],
            "opening": " ".join(words[:14]) + (" …" if len(words) > 14 else ""),
            "words": len(words),
            "substantive": sum(1 for v in g.variants if v["class"] == "substantive"),
            "variants": len(g.variants)}


def write_into(edition: Edition, staging: Path, result) -> None:
    """The build's hook (build.write_outputs): write everything into the staging folder and
    report to the BuildResult (pages, warnings, a summary line)."""
    pages, notes = write_outputs(edition, staging, result.out)
    result.pages.extend(pages)
    for note in notes:
        if note.startswith("warning: "):
            result.warnings.append(note[len("warning: "):])
        else:
            result.notes.append(note)
