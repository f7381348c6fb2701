"""The loaded edition that every output reads: sources, registers, and who points where."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from . import TEI_NS, XML_NS
from .config import Config, Witness
from .text import reading
from .xmlio import parse

T = "{%s}" % TEI_NS
XML_ID = "{%s}id" % XML_NS
POINTER_ATTRIBUTES = ("ref", "source", "corresp")


@dataclass
class Source:
    witness: Witness
    path: Path
    tree: etree._ElementTree

    @property
    def key(self) -> str:
        return self.path.stem

    @property
    def title(self) -> str:
        title = self.tree.find(f"{T}teiHeader/{T}fileDesc/{T}titleStmt/{T}title")
        return " ".join("".join(title.itertext()).split()) if title is not None else self.key


@dataclass(frozen=True)
class Occurrence:
    """One place in a source that points to a register entry."""

    source: str  # source key (file stem)
    siglum: str
    element: str  # persName, placeName, quote, title…
    paragraph: str | None  # xml:id of the nearest ancestor with one
    text: str


@dataclass
class Edition:
    cfg: Config
    sources: list[Source]
    registers: dict[str, etree._ElementTree]
    occurrences: dict[str, list[Occurrence]] = field(default_factory=dict)

    def source(self, key: str) -> Source:
        return next(s for s in self.sources if s.key == key)


def load(cfg: Config) -> Edition:
    sources = [
        Source(w, cfg.tei_path / w.file, parse(cfg.tei_path / w.file))
        for w in cfg.witnesses
        if (cfg.tei_path / w.file).exists()
    ]
    registers = {
        path.name: parse(path) for path in cfg.register_files() if path.exists()
    }
    edition = Edition(cfg, sources, registers)
    edition.occurrences = index_occurrences(sources)
    return edition


def index_occurrences(sources: list[Source]) -> dict[str, list[Occurrence]]:
    """``"persons.xml#sedov-lev"`` → every mention of it in the sources' texts, in order."""
    index: dict[str, list[Occurrence]] = defaultdict(list)
    for src in sources:
        text = src.tree.getroot().find(T + "text")
        if text is None:
            continue
        for el in text.iter(etree.Element):
            if el.tag == T + "note" and el.get("type") == "editorial":
                continue
            for attr in POINTER_ATTRIBUTES:
                for pointer in (el.get(attr) or "").split():
                    if "#" in pointer and not pointer.startswith("#"):
                        index[pointer].append(Occurrence(
                            src.key, src.witness.siglum, etree.QName(el).localname,
                            enclosing_id(el), " ".join(reading(el, edited=True).text.split())))
    return dict(index)


def enclosing_id(el: etree._Element) -> str | None:
    for anc in (el, *el.iterancestors()):
        if anc.get(XML_ID) and anc.tag in (T + "p", T + "head", T + "figure", T + "div", T + "ab"):
            return anc.get(XML_ID)
    return None
