"""``edition import``: a plain-text source becomes a TEI skeleton that follows the edition's
conventions and gives back its copy-text from the start.

The skeleton has the reference header (``tei/serge-1938.xml``: titleStmt, editionStmt,
publicationStmt, sourceDesc with the copy-text, the editorialDecl policies, refsDecl,
langUsage, revisionDesc) and a text whose every line of the source is one block:

* the first line is the title (``front/docTitle/titlePart``);
* a *heading* is a short line (at most 100 characters and 15 words) without final punctuation,
  not opening with a quotation mark or bracket, followed by a paragraph; it opens a
  ``div type="section"``; short lines between it and the paragraph are sub-headings
  (``head type="sub"``) or, if they read "By …", a ``byline``; "Chapter 7" directly above a
  heading is its ``label``;
* two short lines with no blank line between them are an image caption
  (``figure`` with ``label`` and ``head``), as on the educational website;
* "Primary Sources" opens ``div type="primary-sources"``; in it a line "(1) Author, Title
  (year)" opens a ``div type="primary-source"`` whose paragraphs are a ``quote type="block"``
  (its ``@source`` is left for the encoder: an empty ``@source`` is not valid TEI, so a comment
  marks the place);
* "If you find this article useful…" is ``ab type="boilerplate"`` (TEI's ``p`` has no
  ``@type``; the edition's files use ``ab``); "Last updated on …" and what
  follows is ``back/div type="colophon"``;
* everything else is a ``p``; text before the first heading is in a ``div`` without ``head``.

Ids follow docs/encoding-conventions.md: ``{prefix}-d{n}``, ``{prefix}-p{n}``,
``{prefix}-ps{n}``, ``{prefix}-ps{n}-p{m}``, ``{prefix}-fig{n}``, numbered in document order.
The file is written atomically and never over an existing file unless asked.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from .config import Config
from .errors import EditionError

#: Characters XML 1.0 does not allow (C0 controls other than tab, LF, CR; U+FFFE/U+FFFF).
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9._-]*$")
_KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")

FINAL_PUNCTUATION = ".,;:!?…\"”’'"
OPENING = "\"“‘'(*[…"
NUMBERED = re.compile(r"^\((\d+)\)\s+(\S.*)$")
PRIMARY_SOURCES = re.compile(r"^primary\s+sources?$", re.I)
BOILERPLATE = re.compile(r"^\(?\s*If you find this article useful", re.I)
COLOPHON = re.compile(r"^Last updated on\b", re.I)
CHAPTER = re.compile(r"^(Chapter|Part|Book|Section)\s+[\dIVXLC]+\.?$", re.I)
BYLINE = re.compile(r"^By\s+\S")


class SourceError(EditionError):
    """The source cannot be imported (bad option, unreadable text, existing output)."""


# --------------------------------------------------------------------------- the source


@dataclass
class Line:
    number: int
    text: str  # stripped
    kind: str = "p"  # title, head, subhead, byline, label, figlabel, fighead, p, ps-head,
    #                   boilerplate, colophon, sources-head


def read_source(path: Path) -> list[str]:
    try:
        content = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start}) "
                           "(hint: convert the copy-text to UTF-8 first)") from exc
    except OSError as exc:
        raise SourceError(f"{path}: {exc.strerror or exc}") from exc
    lines = content.splitlines()  # the same line breaks as text.copy_text_tokens
    for number, line in enumerate(lines, start=1):
        bad = _ILLEGAL_XML.search(line)
        if bad:
            raise SourceError(
                f"{path}:{number}:{bad.start() + 1}: error[illegal-char]: character "
                f"U+{ord(bad.group()):04X} cannot appear in XML (hint: remove it from a copy of "
                "the source and say so in the header)")
    return lines


def _short(text: str) -> bool:
    return len(text) <= 100 and len(text.split()) <= 15


def heading_like(text: str) -> bool:
    """A short line without final punctuation that does not open like a quotation."""
    return (bool(text) and _short(text) and text[-1] not in FINAL_PUNCTUATION
            and text[0] not in OPENING and not NUMBERED.match(text)
            and not BOILERPLATE.match(text) and not COLOPHON.match(text))


def classify(raw_lines: list[str]) -> list[Line]:
    """Assign each non-empty line its kind (see the module docstring)."""
    lines = [Line(n, t.strip()) for n, t in enumerate(raw_lines, start=1) if t.strip()]
    if not lines:
        return lines
    lines[0].kind = "title"
    # Runs: lines with no blank line between them.
    runs: list[list[Line]] = []
    previous = None
    for line in lines[1:]:
        if previous is not None and line.number == previous + 1:
            runs[-1].append(line)
        else:
            runs.append([line])
        previous = line.number

    in_sources = False
    back = False
    candidates: list[Line] = []  # heading candidates waiting for the next paragraph

    def settle(next_is_paragraph: bool) -> None:
        if next_is_paragraph and candidates:
            first = candidates[0]
            first.kind = "head"
            for extra in candidates[1:]:
                extra.kind = "byline" if BYLINE.match(extra.text) else "subhead"
        candidates.clear()  # those left are plain paragraphs (kind "p")

    for run in runs:
        for line in run:
            t = line.text
            if back or COLOPHON.match(t):
                settle(False)
                back = True
                line.kind = "colophon"
            elif PRIMARY_SOURCES.match(t):
                settle(False)
                in_sources = True
                line.kind = "sources-head"
            elif BOILERPLATE.match(t):
                settle(False)
                line.kind = "boilerplate"
            elif in_sources:
                line.kind = "ps-head" if NUMBERED.match(t) else "p"
        if back or in_sources or run[0].kind in ("sources-head", "boilerplate", "colophon"):
            continue
        shorts = [ln for ln in run if heading_like(ln.text)]
        if len(run) >= 2 and len(shorts) == len(run):
            if len(run) == 2 and CHAPTER.match(run[0].text):
                run[0].kind = "label"
                settle(False)
                candidates.append(run[1])
                continue
            pairs = run if len(run) % 2 == 0 else run[:-1]
            settle(False)
            for i in range(0, len(pairs), 2):
                pairs[i].kind, pairs[i + 1].kind = "figlabel", "fighead"
            if len(run) % 2:
                candidates.append(run[-1])
            continue
        for line in run:
            if heading_like(line.text):
                candidates.append(line)
            else:
                settle(True)
    settle(False)
    # A chapter label whose heading did not come true is a paragraph again.
    for i, line in enumerate(lines):
        if line.kind == "label" and (i + 1 >= len(lines) or lines[i + 1].kind != "head"):
            line.kind = "p"
    return lines


# --------------------------------------------------------------------------- the skeleton


@dataclass
class Options:
    key: str
    prefix: str
    siglum: str | None = None
    copy_text_ref: str = ""
    title: str = "Untitled"
    edition_title: str = "The Sedov edition"
    version: str = "0.1.0"
    licence: str = "CC BY 4.0"
    editor_ref: str = "persons.xml#ed-editors"
    bibliography: str = "bibliography.xml"
    schema_href: str = "../schema/edition.rng"
    schematron_href: str = "../schema/edition.sch"
    today: str = field(default_factory=lambda: _dt.date.today().isoformat())


def valid_key(key: str) -> bool:
    return bool(_KEY.match(key))


def default_key(title: str) -> str:
    ascii_ = title.encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", ascii_)
    return "-".join(words[:3]) or "source"


def default_prefix(key: str) -> str:
    parts = [p for p in key.split("-") if p and p[0].isalpha()]
    if len(parts) >= 2:
        return parts[0][0] + parts[1][0]
    return (parts[0] if parts else "x" + key)[:2]


def text(s: str) -> str:
    return escape(s)


def attr(s: str) -> str:
    return quoteattr(s, {'"': "&quot;"}) if '"' in s else f'"{escape(s)}"'


def bibl_markup(rest: str) -> str:
    """ "Author, Title (date) trailer" as ``<bibl>``, every character kept."""
    from .tagger import parse_date

    m = re.match(r"^(?P<author>[^,]+),\s(?P<body>.*?)\s*\((?P<date>[^()]*\d{4}[^()]*)\)"
                 r"(?P<after>.*)$", rest)
    if not m:
        return f"<bibl>{text(rest)}</bibl>"
    body = m.group("body")
    gap = rest[m.end("body"):m.start("date") - 1]  # the space before "("
    quoted = re.match(r"^(quoted in\s+)(.*)$", body)
    lead, title = (quoted.group(1), quoted.group(2)) if quoted else ("", body)
    title_xml = (f"<title>{text(title)}</title>" if title[:1].isupper() else text(title))
    parsed = parse_date(m.group("date"), year_hint=None)
    when = parsed.attributes() if parsed and parsed.complete else ""
    date_xml = f"<date{when}>{text(m.group('date'))}</date>"
    return (f"<bibl><author>{text(m.group('author'))}</author>, {text(lead)}{title_xml}"
            f"{text(gap)}({date_xml}){text(m.group('after'))}</bibl>")


class _Body:
    """Emits the text's blocks with their ids, keeping track of the open divisions."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        self.out: list[str] = []
        self.d = self.p = self.ps = self.psp = self.fig = 0
        self.top: str | None = None  # type of the open top-level div
        self.in_ps = False  # a primary-source div (and its quote) is open

    def put(self, level: int, s: str) -> None:
        self.out.append("  " * level + s)

    def close_ps(self) -> None:
        if self.in_ps:
            self.put(5, "</quote>")
            self.put(4, "</div>")
            self.in_ps = False

    def close_top(self) -> None:
        self.close_ps()
        if self.top:
            self.put(3, "</div>")
            self.top = None

    def open_top(self, type_: str) -> None:
        self.close_top()
        self.d += 1
        self.put(3, f'<div type="{type_}" xml:id="{self.prefix}-d{self.d}">')
        self.top = type_

    def child(self, s: str) -> None:
        """A block directly in the open top-level div (opened if need be)."""
        if self.top is None:
            self.open_top("section")
        self.put(4, s)

    def para(self, content: str, type_: str | None = None) -> None:
        # TEI's <p> has no @type: a typed paragraph (boilerplate) is an <ab>, as in the
        # edition's files.
        el, t = ("ab", f' type="{type_}"') if type_ else ("p", "")
        if self.in_ps:
            self.psp += 1
            self.put(6, f'<{el}{t} xml:id="{self.prefix}-ps{self.ps}-p{self.psp}">{content}</{el}>')
        else:
            self.p += 1
            self.child(f'<{el}{t} xml:id="{self.prefix}-p{self.p}">{content}</{el}>')

    def primary_source(self, number: str, rest: str) -> None:
        if self.top != "primary-sources":  # cannot happen: classify() sees the heading first
            self.open_top("primary-sources")
        self.close_ps()
        self.ps += 1
        self.psp = 0
        self.put(4, f'<div type="primary-source" xml:id="{self.prefix}-ps{self.ps}">')
        self.put(5, f"<head><label>({number})</label> {bibl_markup(rest)}</head>")
        self.put(5, "<!-- TODO: @source=\"bibliography.xml#…\" on the quote once the work is "
                    "in the bibliography -->")
        self.put(5, '<quote type="block">')
        self.in_ps = True


def skeleton(lines: list[Line], opts: Options) -> str:
    """The TEI document for classified *lines*."""
    if len(lines) < 2:
        raise SourceError("the source has no text after its title (hint: is it empty?)")
    b = _Body(opts.prefix)
    b.put(2, "<front>")
    b.put(3, "<docTitle>")
    b.put(4, f'<titlePart type="main">{text(lines[0].text)}</titlePart>')
    b.put(3, "</docTitle>")
    b.put(2, "</front>")
    b.put(2, "<body>")
    rest = lines[1:]
    colophon = [ln for ln in rest if ln.kind == "colophon"]
    rest = [ln for ln in rest if ln.kind != "colophon"]
    i = 0
    while i < len(rest):
        ln, k = rest[i], rest[i].kind
        if k == "label" and i + 1 < len(rest) and rest[i + 1].kind == "head":
            b.open_top("section")
            b.put(4, f"<head><label>{text(ln.text)}</label> {text(rest[i + 1].text)}</head>")
            i += 2
            continue
        if k == "head":
            b.open_top("section")
            b.put(4, f"<head>{text(ln.text)}</head>")
        elif k == "subhead":
            b.child(f'<head type="sub">{text(ln.text)}</head>')
        elif k == "byline":
            b.child(f"<byline>{text(ln.text)}</byline>")
        elif k == "figlabel" and i + 1 < len(rest) and rest[i + 1].kind == "fighead":
            b.fig += 1
            b.child(f'<figure xml:id="{opts.prefix}-fig{b.fig}">')
            b.put(5, f"<label>{text(ln.text)}</label>")
            b.put(5, f"<head>{text(rest[i + 1].text)}</head>")
            b.put(4, "</figure>")
            i += 2
            continue
        elif k == "sources-head":
            b.open_top("primary-sources")
            b.put(4, f"<head>{text(ln.text)}</head>")
        elif k == "ps-head":
            m = NUMBERED.match(ln.text)
            b.primary_source(m.group(1), m.group(2))
        elif k == "boilerplate":
            b.para(text(ln.text), "boilerplate")
        else:
            b.para(text(ln.text))
        i += 1
    if b.top is None:  # only a title and a colophon: the body still needs a division
        b.open_top("section")
        b.put(4, "<!-- TODO: the source has no text between its title and its colophon -->")
    b.close_top()
    b.put(2, "</body>")
    if colophon:
        b.put(2, "<back>")
        b.d += 1
        b.put(3, f'<div type="colophon" xml:id="{opts.prefix}-d{b.d}">')
        for ln in colophon:
            b.p += 1
            b.put(4, f'<p xml:id="{opts.prefix}-p{b.p}">{text(ln.text)}</p>')
        b.put(3, "</div>")
        b.put(2, "</back>")
    body = "\n".join(b.out)
    return _HEADER.format(**_header_values(opts, lines[0].text)) + body + "\n  </text>\n</TEI>\n"


_HEADER = """\
<?xml version="1.0" encoding="UTF-8"?>
<?xml-model href={schema_href} type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"?>
<?xml-model href={schematron_href} type="application/xml" schematypens="http://purl.oclc.org/dsdl/schematron"?>
<!-- Skeleton generated by `edition import` from {copy_name}: check every heading, caption and
     primary source, then fill in the places marked TODO (docs/encoding-conventions.md). -->
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en">
  <teiHeader>
    <fileDesc>
      <titleStmt>
        <title type="main">{title}</title>
        <!-- TODO: <title type="sub">…: an annotated edition</title>, and the source's
             <author><persName ref="persons.xml#…">…</persName></author> where it is known -->
        <editor ref={editor_ref}>The editors of the Sedov edition</editor>
        <respStmt>
          <resp>TEI encoding, corrections and editorial notes</resp>
          <name ref={editor_ref}>The editors of the Sedov edition</name>
        </respStmt>
      </titleStmt>
      <editionStmt>
        <edition n={version_attr}>{edition_title}, version {version}</edition>
      </editionStmt>
      <publicationStmt>
        <publisher>{edition_title}</publisher>
        <availability>
          <licence{licence_target}>Editorial matter (markup, notes): {licence}. The text of the source remains under the terms of its publisher.</licence>
        </availability>{siglum_idno}
      </publicationStmt>
      <sourceDesc>
        <!-- TODO: describe the original from what the text itself states (author, title, where
             and when it was published, translator); add nothing the text does not state unless
             it was verified, and say where. -->
        <bibl type="copy-text"{witness}>{bibl_siglum}
          <title>{title}</title>
          <ref target={copy_ref}>copy-text as received</ref>
        </bibl>
      </sourceDesc>
    </fileDesc>
    <encodingDesc>
      <editorialDecl>
        <correction status="high" method="markup">
          <p>Corrections are never silent. Every typographical error, dropped character or
            punctuation mark, dropped word and garbled word of the copy-text is kept as
            <gi>sic</gi> and paired with the editors' reading in <gi>corr</gi>, inside
            <gi>choice</gi>; a missing character or punctuation mark is corrected on the word beside
            it. Slips of fact (wrong dates, places, names or claims) are not corrected in the text:
            they are kept as printed and explained in an editorial note of subtype
            <code>slip</code>. Variant spellings and transliterations of names that are not errors
            are kept and not corrected.</p>
        </correction>
        <normalization method="markup">
          <p>None. Spelling, capitalisation, punctuation, typographic quotation marks and
            apostrophes, dashes and ellipses are those of the copy-text. The only whitespace change is
            the pretty-printing of the XML, which the fidelity check ignores.</p>
        </normalization>
        <quotation marks="all">
          <p>Quotation marks are kept as text of the source, outside the <gi>quote</gi> element
            that marks the quoted words; <gi>quote</gi> carries <att>source</att> only where the
            work quoted is identified in the bibliography.</p>
        </quotation>
        <hyphenation eol="none">
          <p>The copy-text has no end-of-line hyphenation. Hyphens in compounds are the source's
            and are kept.</p>
        </hyphenation>
        <interpretation>
          <p>Every mention of a person, place or organisation is marked with <gi>persName</gi>,
            <gi>placeName</gi> or <gi>orgName</gi> and linked by <att>ref</att> to the registers
            (<ref target="persons.xml">persons.xml</ref>, <ref target="places.xml">places.xml</ref>,
            <ref target="orgs.xml">orgs.xml</ref>); aliases carry <code>type="alias"</code>. Pronouns
            and common nouns are not marked; adjectives are not names. Dates are normalised in ISO
            8601 in <att>when</att> (or <att>from</att>/<att>to</att>); a value any part of which is
            inferred from context carries <code>evidence="internal"</code> and <att>cert</att>.
            Titles of works are marked with <gi>title</gi> and linked to
            <ref target="bibliography.xml">bibliography.xml</ref>; quotations are marked with
            <gi>quote</gi>. Editorial notes (<code>type="editorial"</code>) state only what the
            editors verified, each with its evidence.</p>
        </interpretation>
      </editorialDecl>
      <refsDecl>
        <citeStructure match="//body/div" use="@xml:id" unit="division">
          <citeStructure match="p" use="@xml:id" unit="paragraph"/>
        </citeStructure>
      </refsDecl>
    </encodingDesc>
    <profileDesc>
      <langUsage>
        <language ident="en">English</language>
      </langUsage>
    </profileDesc>
    <revisionDesc>
      <change when={today} who={editor_ref}>Skeleton generated by <code>edition import</code> from {copy_name_text}.</change>
    </revisionDesc>
  </teiHeader>
  <text>
"""


def _header_values(opts: Options, title: str) -> dict[str, str]:
    cc = re.match(r"^CC BY(?:-SA)? 4\.0$", opts.licence)
    licence_target = ""
    if cc:
        kind = "by-sa" if "SA" in opts.licence else "by"
        licence_target = f' target="https://creativecommons.org/licenses/{kind}/4.0/"'
    siglum = opts.siglum
    copy_name = Path(opts.copy_text_ref).name or "the source"
    return {
        "schema_href": attr(opts.schema_href),
        "schematron_href": attr(opts.schematron_href),
        "copy_name": text(copy_name).replace("--", "- -"),
        "copy_name_text": text(copy_name),
        "title": text(title),
        "editor_ref": attr(opts.editor_ref),
        "version_attr": attr(opts.version),
        "version": text(opts.version),
        "edition_title": text(opts.edition_title),
        "licence": text(opts.licence),
        "licence_target": licence_target,
        "siglum_idno": (f'\n        <idno type="siglum">{text(siglum)}</idno>' if siglum else ""),
        "witness": (f" corresp={attr(opts.bibliography + '#wit-' + siglum)}" if siglum else ""),
        "bibl_siglum": (f'\n          <idno type="siglum">{text(siglum)}</idno>' if siglum else ""),
        "copy_ref": attr(opts.copy_text_ref),
        "today": attr(opts.today),
    }


# --------------------------------------------------------------------------- the stage


@dataclass
class Result:
    output: Path | None
    xml: str
    lines: list[Line]

    def summary(self) -> str:
        counts: dict[str, int] = {}
        for ln in self.lines:
            counts[ln.kind] = counts.get(ln.kind, 0) + 1
        parts = [f"{counts.get('head', 0)} heading(s)", f"{counts.get('p', 0)} paragraph(s)",
                 f"{counts.get('figlabel', 0)} caption(s)",
                 f"{counts.get('ps-head', 0)} primary source(s)"]
        where = self.output if self.output else "standard output"
        return f"{where}: TEI skeleton with " + ", ".join(parts)


def options_for(source: Path, cfg: Config | None, key: str | None, prefix: str | None,
                siglum: str | None, title: str) -> Options:
    key = key or default_key(title)
    if not _KEY.match(key):
        raise SourceError(f"--key {key!r}: use lower-case ASCII letters, digits and hyphens "
                           "(hint: e.g. natalia-sedova)")
    prefix = prefix or default_prefix(key)
    if not _NCNAME.match(prefix):
        raise SourceError(f"--prefix {prefix!r}: ids must start with a letter "
                           "(hint: two lower-case letters, e.g. ns)")
    if siglum is not None and not re.match(r"^[A-Za-z0-9]+$", siglum):
        raise SourceError(f"--siglum {siglum!r}: use letters or digits (hint: e.g. N)")
    opts = Options(key=key, prefix=prefix, siglum=siglum, title=title)
    tei_dir = (cfg.tei_path if cfg else Path.cwd() / "tei").resolve()
    opts.copy_text_ref = _relative(Path(source).resolve(), tei_dir)
    if cfg is not None:
        opts.edition_title = _edition_name(cfg.title)
        opts.version = cfg.version
        opts.licence = cfg.licence
        opts.schema_href = _relative(cfg.path(cfg.schema).resolve(), tei_dir)
        opts.schematron_href = _relative(cfg.path(cfg.schematron).resolve(), tei_dir)
        persons = next((r for r in cfg.registers if r.startswith("person")), "persons.xml")
        if cfg.editors:
            opts.editor_ref = f"{persons}#{cfg.editors[0]}"
        opts.bibliography = next((r for r in cfg.registers if r.startswith("biblio")),
                                 "bibliography.xml")
    return opts


def _edition_name(title: str) -> str:
    # "The Sedov Edition" is written "The Sedov edition" in running text, as in the reference.
    return re.sub(r"\bEdition$", "edition", title)


def _relative(target: Path, base: Path) -> str:
    return Path(os.path.relpath(target, base)).as_posix()


def prefix_in_use(cfg: Config, prefix: str, output: Path | None) -> Path | None:
    """A TEI file of the edition (other than *output*) with ids that start with *prefix*."""
    pattern = re.compile(rf'xml:id="{re.escape(prefix)}-(d|p|ps|n|fig)\d')
    for path in sorted(cfg.tei_path.glob("*.xml")):
        if output is not None and path.resolve() == output.resolve():
            continue
        try:
            if pattern.search(path.read_text(encoding="utf-8", errors="replace")):
                return path
        except OSError:
            continue
    return None


def import_source(source: Path, output: Path | None, cfg: Config | None = None,
                  key: str | None = None, prefix: str | None = None,
                  siglum: str | None = None, force: bool = False,
                  today: str | None = None) -> Result:
    """Turn *source* into a TEI skeleton; write it to *output* (None: return it only)."""
    source = Path(source)
    lines = classify(read_source(source))
    if not lines:
        raise SourceError(f"{source}: no text (hint: is it the right file?)")
    opts = options_for(source, cfg, key, prefix, siglum, lines[0].text)
    if today:
        opts.today = today
    if output is not None and output.exists() and not force:
        raise SourceError(f"{output}: exists; nothing written (hint: --force replaces it)")
    xml = skeleton(lines, opts)
    _self_check(xml, source)
    if output is not None:
        write_atomic(output, xml)
    return Result(output, xml, lines)


def _self_check(xml: str, source: Path) -> None:
    """The skeleton parses and gives back its copy-text; otherwise it is a bug, not a file."""
    from lxml import etree

    from . import text as text_mod
    from .xmlio import safe_parser

    try:
        root = etree.fromstring(xml.encode("utf-8"), safe_parser())
    except etree.XMLSyntaxError as exc:  # pragma: no cover - would be a bug
        raise SourceError(f"internal error: the skeleton is not well-formed: {exc}") from exc
    expected = [t for t, _ in text_mod.copy_text_tokens(source)]
    found = [t for t, _ in text_mod.reading(root.find(text_mod.T + "text")).tokens()]
    if expected != found:  # pragma: no cover - would be a bug
        raise SourceError(f"internal error: the skeleton does not reproduce {source.name}")


def write_atomic(path: Path, content: str | bytes, mode: int | None = None) -> None:
    """Write *content* to *path* through a temporary file in the same folder and a rename."""
    path = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    path.parent.mkdir(parents=True, exist_ok=True)
    if mode is None:
        if path.exists():
            mode = path.stat().st_mode & 0o7777
        else:  # what open() would give a new file: 0666 less the umask
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def run(source: Path, output: Path | None, cfg: Config | None, key: str | None = None,
        prefix: str | None = None, siglum: str | None = None, force: bool = False,
        write: bool = True) -> Result:
    """``edition import``: the key defaults to the output file's name, else to the title; the
    output to ``tei/KEY.xml``; a prefix already used in the edition is refused (ids are unique
    across the edition) unless *force*. With *write* False the skeleton is only returned."""
    if key is None:
        if output is not None and valid_key(Path(output).stem):
            key = Path(output).stem
        else:
            lines = classify(read_source(source))
            key = default_key(lines[0].text if lines else "source")
    if output is None and write:
        output = (cfg.tei_path if cfg else Path("tei")) / f"{key}.xml"
    if cfg is not None and write:
        chosen = prefix or default_prefix(key)
        clash = prefix_in_use(cfg, chosen, output)
        if clash is not None and not force:
            raise SourceError(f"--prefix {chosen}: already used by {clash.name} (ids must be "
                              "unique across the edition; hint: choose another --prefix)")
    return import_source(source, output if write else None, cfg, key=key, prefix=prefix,
                         siglum=siglum, force=force)
