"""``edition validate``: well-formedness, safety, RELAX NG, Schematron and fidelity, over every
file, reporting every problem before it returns. It writes nothing."""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from pathlib import Path

from lxml import etree

from . import text as text_mod
from .config import Config
from .diagnostics import ERROR, WARNING, Diagnostic, Report, display_path
from .xmlio import safe_parser

RNG_NS = "http://relaxng.org/ns/structure/1.0"


@lru_cache(maxsize=4)
def relaxng(path: str) -> tuple[etree.RelaxNG, frozenset[str]]:
    """The compiled schema and the element names it defines (compiled once per process)."""
    tree = etree.parse(path, safe_parser())
    names = frozenset(
        el.get("name") for el in tree.iter("{%s}element" % RNG_NS) if el.get("name")
    )
    return etree.RelaxNG(tree), names


@lru_cache(maxsize=4)
def schematron(path: str):
    from .schematron import Schematron

    return Schematron(Path(path))


def edition_files(cfg: Config) -> tuple[list[Path], list[Diagnostic]]:
    """Every TEI file of the edition, and an error for each configured file that is missing."""
    files = sorted(cfg.tei_path.glob("*.xml"))
    missing = []
    for path in cfg.source_files() + cfg.register_files():
        if not path.exists():
            missing.append(Diagnostic(display_path(path, cfg.root), 1, 1, ERROR, "missing-file",
                                      "configured in pyproject.toml but not found",
                                      "create it, or remove it from [tool.edition]"))
    return files, missing


def validate(cfg: Config, paths: list[Path] | None = None, fidelity: bool = True) -> Report:
    report = Report()
    if paths:
        files = [Path(p) for p in paths]
    else:
        files, missing = edition_files(cfg)
        report.extend(missing)
    rng_path, sch_path = cfg.path(cfg.schema), cfg.path(cfg.schematron)
    rng = relaxng(str(rng_path)) if rng_path.exists() else None
    sch = schematron(str(sch_path)) if sch_path.exists() else None
    if rng is None:
        report.add(Diagnostic(display_path(rng_path, cfg.root), 1, 1, ERROR, "no-schema",
                              "the compiled schema is missing", "run `edition schema`"))
    for path in files:
        report.files_checked += 1
        report.extend(check_file(cfg, path, rng, sch, fidelity))
    return report


def check_file(cfg: Config, path: Path, rng, sch, fidelity: bool = True) -> list[Diagnostic]:
    shown = display_path(path, cfg.root)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return [Diagnostic(shown, 1, 1, ERROR, "unreadable", exc.strerror or str(exc))]
    try:
        tree = etree.ElementTree(etree.fromstring(raw, safe_parser(), base_url=str(path)))
    except etree.XMLSyntaxError as exc:
        return [syntax_diagnostic(shown, exc)]

    out: list[Diagnostic] = []
    unsafe = entity_diagnostics(shown, tree, raw)
    out.extend(unsafe)
    if rng is not None:
        out.extend(schema_diagnostics(shown, tree, *rng, lines=raw.decode("utf-8", "replace").splitlines()))
    if sch is not None and not unsafe:
        # Saxon gets the element tree re-serialised by lxml: no DOCTYPE, so no DTD or entity
        # is ever loaded, while doc() calls resolve against the file's real location.
        text = etree.tostring(tree.getroot(), encoding="unicode")
        out.extend(with_pointer_hints(path, tree, sch.check(
            path, tree, cfg.root, text, raw.decode("utf-8", "replace").splitlines())))
    if fidelity and not unsafe:
        copy_text = cfg.copy_text_for(path)
        if copy_text is not None and copy_text.exists():
            mismatch = text_mod.check_fidelity(path, copy_text)
            if mismatch:
                out.append(Diagnostic(
                    shown, mismatch.tei_line, 1, ERROR, "fidelity",
                    f"source readings differ from {copy_text.name} line {mismatch.copy_line}: "
                    f"expected …{mismatch.expected}…, found …{mismatch.found}…",
                    "every character of the source stays in the text; put corrections in "
                    "<corr> beside the source's reading in <sic>"))
    return out


POINTER = re.compile(r"(?:([\w.-]+\.xml))?#([\w.-]+)")


def with_pointer_hints(path: Path, tree, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """A dangling pointer's hint names the nearest existing id (did you mean …?)."""
    out = []
    for d in diagnostics:
        m = POINTER.search(d.message) if d.code == "dangling-ref" else None
        if m:
            suggestion = nearest_id(path, tree, m.group(1), m.group(2))
            if suggestion:
                hint = f'did you mean "{(m.group(1) or "") + "#" + suggestion}"?'
                d = Diagnostic(d.path, d.line, d.col, d.severity, d.code, d.message,
                               hint if not d.hint else f"{hint} {d.hint}")
        out.append(d)
    return out


@lru_cache(maxsize=64)
def _ids_of(path: str, mtime: float) -> tuple[str, ...]:
    try:
        return tuple(etree.parse(path, safe_parser()).xpath("//@xml:id"))
    except (OSError, etree.XMLSyntaxError):
        return ()


def nearest_id(path: Path, tree, file: str | None, fragment: str) -> str | None:
    if file:
        target = path.parent / file
        ids = _ids_of(str(target), target.stat().st_mtime) if target.exists() else ()
    else:
        ids = tuple(tree.xpath("//@xml:id"))
    close = difflib.get_close_matches(fragment, ids, n=1, cutoff=0.6)
    return close[0] if close else None


def syntax_diagnostic(shown: str, exc: etree.XMLSyntaxError) -> Diagnostic:
    line, col = exc.position if exc.position else (exc.lineno or 1, 1)
    message = re.sub(r",? line \d+, column \d+.*$", "", exc.msg or str(exc)).strip()
    duplicate = re.match(r"ID (\S+) already defined", message)
    if duplicate:
        return Diagnostic(shown, line, max(col, 1), ERROR, "duplicate-id",
                          f'xml:id "{duplicate.group(1)}" is used twice in this file',
                          "every xml:id must be unique across the whole edition")
    return Diagnostic(shown, line or 1, max(col, 1), ERROR, "malformed",
                      f"not well-formed XML: {message}",
                      "fix the markup at this position; nothing else in the file was checked")


def entity_diagnostics(shown: str, tree: etree._ElementTree, raw: bytes) -> list[Diagnostic]:
    out = []
    dtd = tree.docinfo.internalDTD
    if dtd is not None:
        for entity in dtd.iterentities():
            kind = "external" if entity.system_url else "internal"
            line = _line_of(raw, b"<!ENTITY")
            out.append(Diagnostic(
                shown, line, 1, ERROR, "entity-declaration",
                f"the document declares an {kind} entity &{entity.name}; "
                + (f"(pointing to {entity.system_url!r}) " if entity.system_url else "")
                + "and it was not expanded",
                "TEI files of the edition declare no entities; write the characters themselves"))
    for node in tree.iter(etree.Entity):
        out.append(Diagnostic(shown, node.sourceline or 1, 1, ERROR, "entity-reference",
                              f"entity reference {node.text} is not expanded (no DTD is loaded)",
                              "replace it by the character or text it stands for"))
    return out


def _line_of(raw: bytes, needle: bytes) -> int:
    at = raw.find(needle)
    return raw.count(b"\n", 0, at) + 1 if at >= 0 else 1


ELEMENT_IN_MESSAGE = re.compile(
    r"(?:[Ee]lement|for element|expect element) (?:\{[^}]*\})?([\w.-]+)")


def schema_diagnostics(shown: str, tree, schema: etree.RelaxNG, names: frozenset[str],
                       lines: list[str] = ()):
    from .schematron import _position

    if schema.validate(tree):
        return []
    out = []
    for err in schema.error_log:
        message = err.message
        elements = ELEMENT_IN_MESSAGE.findall(message)
        attribute = re.search(r"attribute ([\w:-]+)", message)
        code, hint = "schema", "see the encoding guidelines (schema/edition.odd) for what is allowed here"
        if elements and elements[-1] not in names and "not expect" in message:
            code = "unknown-element"
            hint = f"<{elements[-1]}> is not part of the edition's schema"
        line, col = err.line or 1, max(err.column, 1)
        if elements and lines:
            # libxml2 gives no column for RELAX NG errors: point at the start tag (or attribute).
            line, col = _position(list(lines), line, elements[-1],
                                  attribute.group(1) if attribute else None)
        out.append(Diagnostic(shown, line, col, ERROR, code, message, hint))
    return out


def report_lines(report: Report) -> list[str]:
    return [d.format() for d in report.sorted()]


__all__ = ["validate", "check_file", "report_lines", "WARNING", "ERROR"]
