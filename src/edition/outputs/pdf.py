"""The print edition: PDF books set by WeasyPrint (CSS Paged Media) from a print HTML.

``build/pdf/edition.pdf`` is the whole edition as one book: title page, imprint, contents,
introduction (the editorial principles), each source opening with its description, the appendix
of discrepancies (when ``tei/discrepancies.xml`` exists) and the indexes of persons, places,
organisations and works with page references. ``build/pdf/{key}.pdf`` is the same book for one
source.

XSLT (``xslt/print.xsl``) renders each TEI file once into a part of the print HTML: editorial
notes become footnotes (``float: footnote``), corrections the corrected reading with the source's
reading in the apparatus at the foot of the page, names index anchors. jinja2
(``templates/print.html``) assembles the book; ``assets/print.css`` sets it.

An index needs the pages of every mention, which only the layout knows, and page numbers
repeat, which CSS cannot merge; the apparatus is lettered afresh on each page, which CSS counters
cannot do. So a book is laid out twice: the first layout (the indexes reduced to their headings)
gives the page of every anchor, the second prints the indexes with merged page numbers
("12–14, 17n") and the apparatus with its letters. The indexes come last, so the pages before
them do not move between the two layouts (checked: a third layout is made if they did).

``edition build`` calls :func:`write_pdfs`; ``edition pdf [FILE…]`` calls :func:`write_selected`.
The book and the sources' PDFs are independent layouts: with two cores, a second process
(``edition pdf --no-book``) sets the sources while the first sets the book.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from html import escape as html_escape
from html import unescape as html_unescape
from pathlib import Path
from urllib.parse import unquote

import jinja2
from lxml import etree
from markupsafe import Markup

from .. import TEI_NS, XML_NS, __version__, saxon
from ..config import Config
from ..context import Edition, Source
from ..errors import BuildError, EditionError

ASSETS = Path(__file__).resolve().parent.parent / "assets"
STYLESHEET = ASSETS / "print.css"
FONTS = ASSETS / "fonts"
BOOK_FILE = "edition.pdf"
DISCREPANCIES = "discrepancies.xml"
#: The registers printed as indexes, in print order: file → title (and running head).
INDEXES = {
    "persons.xml": "Index of persons",
    "places.xml": "Index of places",
    "orgs.xml": "Index of organisations",
    "bibliography.xml": "Index of works",
}
XHTML = "{http://www.w3.org/1999/xhtml}"
T = "{%s}" % TEI_NS
XML_ID = "{%s}id" % XML_NS
MAX_LAYOUTS = 3
#: A link of the appendix to a passage of a source, as print-appendix.xsl writes it.
PASSAGE_REF = re.compile(r'<a class="passage-ref" href="#([^"]*)">')
#: A link to the web, as the shared templates write it (the print CSS prints its address).
WEB_LINK = re.compile(r'(<a class="tei-ref" href="(https?://[^"]*)")')
#: An apparatus entry's letter, as print-apparatus.xsl writes it.
APPARATUS_LETTER = re.compile(r'(id="(app-[^"]+)" data-letter=")[a-z]*(")')


def load_weasyprint():
    """Import WeasyPrint, or explain what is missing (it needs Pango from the system)."""
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # its own banner goes to stdout
            import weasyprint
    except ImportError as exc:
        raise BuildError(
            f"PDF output needs the Python package WeasyPrint ({exc}) (hint: "
            "`python3 -m pip install -e .` installs it; `edition build --no-pdf` skips the PDFs)"
        ) from exc
    except OSError as exc:
        raise BuildError(
            "PDF output needs WeasyPrint's system libraries (Pango, HarfBuzz, fontconfig), "
            f"which could not be loaded: {exc} (hint: on Debian or Ubuntu, `apt-get install "
            "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0`; see .ci/apt-packages.txt; "
            "`edition build --no-pdf` skips the PDFs)"
        ) from exc
    return weasyprint


@dataclass
class TocEntry:
    level: int
    label: str
    href: str


@dataclass
class Part:
    """One TEI file rendered as a part of the print HTML."""

    key: str
    html: str
    toc: list[TocEntry] = field(default_factory=list)
    anchors: dict[str, tuple[str, ...]] = field(default_factory=dict)  # id → register pointers
    in_notes: set[str] = field(default_factory=set)  # anchors inside footnotes
    ids: set[str] = field(default_factory=set)  # every id in the part
    apparatus_ids: list[str] = field(default_factory=list)  # apparatus entries, in order
    note_ids: list[str] = field(default_factory=list)  # footnotes, in order
    notes: int = 0  # editorial notes (footnotes)
    apparatus: int = 0  # apparatus entries (corrections)


@dataclass
class Result:
    path: Path
    pages: int
    notes: int
    apparatus: int
    layouts: int
    seconds: float
    warnings: list[str]


class Printer:
    """Renders the print HTML of an edition and lays it out; compiles and transforms once."""

    def __init__(self, edition: Edition):
        self.edition = edition
        self.cfg = edition.cfg
        self.weasyprint = load_weasyprint()
        from weasyprint.text.fonts import FontConfiguration

        self.xslt = saxon.compile_file(self.cfg.root / "xslt" / "print.xsl")
        self.fonts = FontConfiguration()
        self.css = self.weasyprint.CSS(filename=str(STYLESHEET), font_config=self.fonts)
        self.env = jinja2.Environment(
            loader=jinja2.PackageLoader("edition", "templates"),
            autoescape=jinja2.select_autoescape(["html"]),
            trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
        self._parts: dict[str, Part] = {}
        self.discrepancies_path = self.cfg.tei_path / DISCREPANCIES
        self.edition_date = latest_revision(edition)

    # -- the parts -------------------------------------------------------------------------

    def source_part(self, src: Source) -> Part:
        if src.key not in self._parts:
            html = self.xslt.transform(saxon.parse_file(src.path), {
                "part": "source", "siglum": src.witness.siglum, "source-key": src.key,
                "short-title": src.witness.short_title, "edition-title": self.cfg.title,
                "edition-version": self.cfg.version})
            self._parts[src.key] = analyse(src.key, html)
        return self._parts[src.key]

    def register_part(self, name: str, refs: dict[str, list[dict]]) -> Part:
        html = self.xslt.transform(saxon.parse_file(self.cfg.tei_path / name), {
            "part": "register", "register-file": name, "siglum": Path(name).stem,
            "page-refs-json": json.dumps(refs, ensure_ascii=False)})
        return Part(name, readable_addresses(html))

    def appendix_part(self, sources: list[Source]) -> Part | None:
        """The table of discrepancies; a pointer to a passage not in the book prints no page."""
        if not self.discrepancies_path.exists():
            return None
        if "appendix" not in self._parts:
            html = self.xslt.transform(saxon.parse_file(self.discrepancies_path), {
                "part": "appendix", "siglum": "appendix",
                "sigla": [s.witness.siglum for s in sources]})
            ids = set().union(*(self.source_part(s).ids for s in sources))
            html = PASSAGE_REF.sub(
                lambda m: m.group(0) if m.group(1) in ids else '<a class="passage-ref">',
                html)
            self._parts["appendix"] = analyse("appendix", html)
        return self._parts["appendix"]

    # -- a book ----------------------------------------------------------------------------

    def write(self, sources: list[Source], target: Path, whole: bool) -> Result:
        """Lay out the book of *sources* (the whole edition if *whole*) and write its PDF."""
        started = time.perf_counter()
        parts = [self.source_part(s) for s in sources]
        appendix = self.appendix_part(sources) if whole else None
        mentioned = sorted({p for part in parts for ptrs in part.anchors.values() for p in ptrs})
        # First layout: the indexes are their headings only, the apparatus all "a".
        refs: dict[str, list[dict]] | None = None
        letters: dict[str, str] = {}
        with captured_warnings() as warnings:
            layouts = 0
            while True:
                html = self.assemble(sources, parts, appendix, refs, whole, mentioned, letters)
                document = self.weasyprint.HTML(
                    string=html, base_url=ASSETS.as_uri() + "/").render(
                        stylesheets=[self.css], font_config=self.fonts)
                layouts += 1
                new_refs = page_references(document, parts, mentioned)
                new_letters = apparatus_letters(document, parts)
                settled = new_refs == refs and new_letters == letters
                if settled or layouts == MAX_LAYOUTS:
                    break
                refs, letters = new_refs, new_letters
            target.parent.mkdir(parents=True, exist_ok=True)
            # Tagged (structure for screen readers and reflow); a stable identifier, so that the
            # same edition gives the same bytes.
            document.write_pdf(
                target, pdf_tags=True,
                pdf_identifier=hashlib.sha256(html.encode()).hexdigest()[:32].encode())
        if not settled:
            warnings.append(f"the page numbers of the indexes or the letters of the apparatus "
                            f"did not settle after {layouts} layouts")
        warnings.extend(misplaced_footnotes(document, parts))
        return Result(target, len(document.pages), sum(p.notes for p in parts),
                      sum(p.apparatus for p in parts), layouts,
                      time.perf_counter() - started, warnings)

    def assemble(self, sources: list[Source], parts: list[Part], appendix: Part | None,
                 refs: dict[str, list[dict]] | None, whole: bool, mentioned: list[str],
                 letters: dict[str, str]) -> str:
        """The book's HTML; with *refs* None, the indexes are their headings only (a first
        layout, which only needs the pages of the text). *letters*: the apparatus entries'
        letters (a, b, c… on each page)."""
        registers = {pointer.split("#", 1)[0] for pointer in mentioned}
        indexes = []
        for name, title in INDEXES.items():
            if name not in registers or not (self.cfg.tei_path / name).exists():
                continue
            html = ""
            if refs is not None:
                own = {p: found for p, found in refs.items() if p.startswith(name + "#")}
                html = self.register_part(name, own).html
            indexes.append({"id": "index-" + Path(name).stem, "title": title,
                            "html": Markup(html)})
        cfg = self.cfg
        editors = editor_names(self.edition)
        if whole:
            title, subtitle, byline = cfg.title, cfg.subtitle, []
            subject = cfg.subtitle or cfg.title
        else:
            src = sources[0]
            title, subtitle, byline = src.title, source_subtitle(src), source_authors(src)
            subject = f"{src.witness.short_title}: source {src.witness.siglum} of {cfg.title}"
        keywords = sorted({k for s in sources for k in source_keywords(s)})
        page = self.env.get_template("print.html").render(
            whole=whole, title=title, subtitle=subtitle, edition_title=cfg.title,
            edition_subtitle=cfg.subtitle, editors=editors, byline=byline,
            meta_authors=byline + editors, subject=subject,
            keywords=keywords, version=cfg.version, date=self.edition_date,
            date_text=format_date(self.edition_date), licence=cfg.licence,
            tool_version=__version__, weasyprint_version=self.weasyprint.__version__,
            sources=[{
                "key": s.key, "siglum": s.witness.siglum, "short_title": s.witness.short_title,
                "title": s.title, "file": s.path.name, "toc": p.toc,
                "html": Markup(APPARATUS_LETTER.sub(
                    lambda m: m.group(1) + letters.get(m.group(2), "a") + m.group(3), p.html)),
                "notes": p.notes, "apparatus": p.apparatus,
            } for s, p in zip(sources, parts)],
            appendix=Markup(appendix.html) if appendix else None, indexes=indexes)
        return page


def readable_addresses(html: str) -> str:
    """Give each web link a data-url to print: its address with the %-escapes decoded
    ("…/wiki/Смирнов,_Иван_Никитич", not "…/wiki/%D0%A1%D0%BC…")."""
    def add(match: re.Match) -> str:
        address = unquote(html_unescape(match.group(2)))
        if not address.isprintable():
            address = html_unescape(match.group(2))
        return f'{match.group(1)} data-url="{html_escape(address)}"'

    return WEB_LINK.sub(add, html)


def analyse(key: str, html: str) -> Part:
    """What the layout needs to know about a part: its headings, index anchors and notes."""
    html = readable_addresses(html)
    root = etree.fromstring(html.encode("utf-8"))
    part = Part(key, html)
    for el in root.iter(XHTML + "h1", XHTML + "h2"):
        label = el.get("data-label")
        if not label:
            continue
        section = el.getparent()
        if el.tag == XHTML + "h1" and "source-title" in (el.get("class") or "").split():
            part.toc.append(TocEntry(1, label, f"#source-{key}"))
        elif el.tag == XHTML + "h2" and section is not None and section.get("id"):
            part.toc.append(TocEntry(2, label, "#" + section.get("id")))
    for el in root.iter(etree.Element):
        if el.get("id"):
            part.ids.add(el.get("id"))
        classes = (el.get("class") or "").split()
        if "footnote" in classes:
            part.notes += 1
            part.note_ids.append(el.get("id"))
        elif "apparatus" in classes:
            part.apparatus += 1
            part.apparatus_ids.append(el.get("id"))
        pointers = el.get("data-ptr")
        if pointers and el.get("id"):
            part.anchors[el.get("id")] = tuple(pointers.split())
            if any("footnote" in (a.get("class") or "").split() for a in el.iterancestors()):
                part.in_notes.add(el.get("id"))
    return part


def page_references(document, parts: list[Part], mentioned: list[str]) -> dict[str, list[dict]]:
    """pointer → [{"label": "12–14", "href": "#o-S-…"}…]: the pages where it is mentioned,
    merged ("n" after a page where it is mentioned only in footnotes)."""
    page_of = pages_of_anchors(document)
    found: dict[str, dict[int, list]] = {pointer: {} for pointer in mentioned}
    for part in parts:
        for anchor, pointers in part.anchors.items():
            number = page_of.get(anchor)
            if number is None:
                continue
            for pointer in pointers:
                here = found[pointer].setdefault(number, [anchor, True])
                here[1] = here[1] and anchor in part.in_notes
    refs: dict[str, list[dict]] = {}
    for pointer, pages in found.items():
        merged: list[dict] = []
        run: list[int] = []

        def flush():
            if run:
                label = str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}"
                merged.append({"label": label, "href": "#" + pages[run[0]][0]})
                run.clear()

        for number in sorted(pages):
            anchor, only_notes = pages[number]
            if only_notes:
                flush()
                merged.append({"label": f"{number}n", "href": "#" + anchor})
            elif run and number == run[-1] + 1:
                run.append(number)
            else:
                flush()
                run.append(number)
        flush()
        refs[pointer] = merged
    return refs


def pages_of_anchors(document) -> dict[str, int]:
    found: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            found.setdefault(anchor, number)
    return found


def apparatus_letters(document, parts: list[Part]) -> dict[str, str]:
    """id → letter of each apparatus entry: a, b, c… in order on each page."""
    page_of = pages_of_anchors(document)
    letters: dict[str, str] = {}
    count: dict[int, int] = {}
    for part in parts:
        for anchor in part.apparatus_ids:
            page = page_of.get(anchor, 0)
            count[page] = count.get(page, 0) + 1
            letters[anchor] = alphabetic(count[page])
    return letters


def alphabetic(n: int) -> str:
    """1 → a, 26 → z, 27 → aa."""
    out = ""
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def misplaced_footnotes(document, parts: list[Part]) -> list[str]:
    """Editorial notes whose footnote is not on the page of its reference (WeasyPrint defers a
    footnote that does not fit; the print CSS avoids it, this reports it if it happens)."""
    page_of = pages_of_anchors(document)
    return [f"footnote {note} is on p. {page_of.get(note)}, its reference on p. "
            f"{page_of.get(note + '-ref')}"
            for part in parts for note in part.note_ids
            if page_of.get(note) != page_of.get(note + "-ref")]


@contextlib.contextmanager
def captured_warnings():
    """WeasyPrint's warnings (unsupported CSS, missing anchors…) as a list, for the summary."""
    found: list[str] = []

    class Handler(logging.Handler):
        def emit(self, record):
            found.append(record.getMessage())

    logger = logging.getLogger("weasyprint")
    handler = Handler(logging.WARNING)
    logger.addHandler(handler)
    old_propagate = logger.propagate
    logger.propagate = False
    try:
        yield found
    finally:
        logger.removeHandler(handler)
        logger.propagate = old_propagate


# -- what the title page says ------------------------------------------------------------------

def latest_revision(edition: Edition) -> date:
    """The edition's date: its latest recorded revision (reproducible, unlike today's date)."""
    whens = []
    for tree in [s.tree for s in edition.sources] + list(edition.registers.values()):
        for change in tree.iter(T + "change"):
            when = (change.get("when") or "")[:10]
            with contextlib.suppress(ValueError):
                whens.append(date.fromisoformat(when))
    return max(whens) if whens else date.today()


def format_date(value: date) -> str:
    return f"{value.day} {value.strftime('%B')} {value.year}"


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def editor_names(edition: Edition) -> list[str]:
    persons = edition.registers.get("persons.xml")
    names = []
    for editor in edition.cfg.editors:
        entry = None
        if persons is not None:
            entry = next((e for e in persons.iter() if e.get(XML_ID) == editor), None)
        label = entry.find(f".//{T}name") if entry is not None else None
        if label is None and entry is not None:
            label = entry.find(f".//{T}persName")
        names.append(_text(label) or editor)
    return names


def source_subtitle(src: Source) -> str:
    return _text(src.tree.find(f"{T}teiHeader/{T}fileDesc/{T}titleStmt/{T}title[@type='sub']"))


def source_authors(src: Source) -> list[str]:
    stmt = src.tree.find(f"{T}teiHeader/{T}fileDesc/{T}titleStmt")
    authors = [_text(a) for a in stmt.findall(f"{T}author")] if stmt is not None else []
    return [a for a in authors if a]


def source_keywords(src: Source) -> list[str]:
    return [_text(t) for t in src.tree.iter(T + "term")
            if t.getparent() is not None and t.getparent().tag == T + "keywords"]


# -- entry points ------------------------------------------------------------------------------

def write_pdfs(edition: Edition, out: Path, only: list[str] | None = None,
               book: bool = True) -> list[str]:
    """Write the book (``edition.pdf``) and one PDF per source (only the sources whose keys are
    in *only*, if given) into *out*; return the lines of the build summary.

    With two cores or more, the sources' PDFs are set by a second process (``edition pdf
    --no-book FILE…``) while this one sets the book: each is an independent layout."""
    load_weasyprint()  # a clear message before any work when the system libraries are missing
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    selected = [s for s in edition.sources if only is None or s.key in only]
    started = time.perf_counter()
    lines: list[str] = []
    results: list[Result] = []
    helper = None
    if book and selected and (os.cpu_count() or 1) > 1:
        helper = start_sources_process(edition.cfg, selected, out)
    try:
        printer = Printer(edition)
        if book:
            results.append(printer.write(edition.sources, out / BOOK_FILE, whole=True))
        if helper is None:
            results.extend(printer.write([s], out / f"{s.key}.pdf", whole=False)
                           for s in selected)
        else:
            stdout, stderr = helper.communicate()
            if helper.returncode != 0:
                raise BuildError("the PDFs of the sources failed: " + (
                    stderr.strip() or f"exit status {helper.returncode}"))
            lines.extend(line for line in stdout.splitlines()[1:] if line.startswith("pdf: "))
    finally:
        if helper is not None and helper.poll() is None:
            helper.kill()
            helper.wait()
    summary = [f"pdf: {len(results) + len(selected) * (helper is not None)} PDF(s) "
               f"in {time.perf_counter() - started:.1f} s"]
    for r in results:
        summary.append(f"pdf: {r.path.name}: {r.pages} pages, {r.notes} footnotes, "
                       f"{r.apparatus} apparatus entries, {r.layouts} layouts, {r.seconds:.1f} s")
        summary.extend(f"pdf: {r.path.name}: warning: {w}" for w in dict.fromkeys(r.warnings))
    summary.extend(lines)
    discrepancies = edition.cfg.tei_path / DISCREPANCIES
    if book and not discrepancies.exists():
        summary.append(f"pdf: no {edition.cfg.tei_dir}/{DISCREPANCIES}: the book has no "
                       "appendix of discrepancies")
    return summary


def start_sources_process(cfg: Config, sources: list[Source], out: Path) -> subprocess.Popen:
    """``edition pdf --no-book --out OUT FILE…`` in a second process."""
    return subprocess.Popen(
        [sys.executable, "-c", "from edition.cli import main; main()", "--root", str(cfg.root),
         "pdf", "--no-book", "--out", str(out), *(str(s.path) for s in sources)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")


def write_selected(cfg: Config, files: list[Path], out: Path | None,
                   book: bool | None = None) -> list[str]:
    """``edition pdf [FILE…]``: the PDFs of the named sources (of all, with the book, if none
    is named) into *out* (default ``build/pdf``)."""
    from .. import context

    keys = None
    if files:
        keys = []
        for f in files:
            witness = cfg.witness_for(f)
            if witness is None:
                raise EditionError(f"{f}: not a source of the edition (hint: the sources are "
                                   + ", ".join(w.file for w in cfg.witnesses) + ")")
            keys.append(Path(witness.file).stem)
    edition = context.load(cfg)
    target = Path(out) if out else cfg.build_path / "pdf"
    return write_pdfs(edition, target, only=keys, book=(not files) if book is None else book)
