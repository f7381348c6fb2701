"""``edition tag``: propose ``persName``/``placeName``/``orgName``/``date`` markup for the
untagged text of a TEI file, and apply the unambiguous proposals without reformatting it.

Reading. The file's ``text`` is read as the source has it (``sic`` not ``corr``, editorial notes
left out), block by block (a match never runs across a block boundary or an editorial note).
Text already inside ``persName``, ``placeName``, ``orgName``, ``date``, ``title``, ``rs``,
``name``, ``time``, ``idno``, ``foreign``, ``mentioned``, ``term``, ``bibl/title`` … (see
:data:`COVERED`) is never matched, nor is the ``teiHeader``.

Names. Every ``persName``/``placeName``/``orgName`` of every entry of the registers is a form;
forms are matched case-sensitively, longest first, on word boundaries. A match is *resolved*
when its form belongs to one entry only; it needs a *decision* when

* the form belongs to several entries (``Leon``: Trotsky or his son), or is a one-word person
  form that is also a word of the standard name of another person (``Sedov``: Lev Lvovich or
  Sergei Lvovich Sedov; ``Lev``: Sedov or Kamenev); longer forms win first, so "Lev
  Davidovich" and "Lev Davidovich Sedov" are Trotsky's and not ambiguous;
* the form starts with a lower-case letter (``the party``, ``secret police``): a common noun
  in most places;
* the form of a place or organisation is also the title of a work in the bibliography
  (``Iskra``), or any form is followed by a year in brackets as book titles are ("the author
  of Stalin (1949)");
* the match is part of a longer capitalised name (``Leon Blum``, ``Moscow Trials``);
* the match would cross element boundaries (half of a ``choice``, a ``quote`` boundary).

Dates. ``16th February 1938``, ``21 March, 1908``, ``February 16, 1938``, ``Feb. 16, 1938``,
``November 1936``, ``May, 1917``, ``13-14 February``, ``1926-2005``, ``1938``. Without a year,
the year is the nearest preceding year of the same paragraph (not a year in parentheses, which
is usually a book's), marked ``evidence="internal" cert="medium"``; with no such year, or for a
day or month before 14 February 1918 (Russia's Old Style dates), a human decides.

Unknown names. A sequence of capitalised words that no register knows (see
:func:`name_candidates`) is flagged as a candidate untagged name.

Writing (``--write``). The proposals are inserted into the file's own characters at offsets
found by mapping lxml's text nodes back to the raw file (:class:`RawMap`); nothing else changes,
byte for byte. The result is re-parsed: it must be well-formed, give the same source and edited
readings (so fidelity is unchanged), contain each inserted element, and stay valid against the
edition's schema if it was; otherwise nothing is written.
"""

from __future__ import annotations

import calendar
import json
import os
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from lxml import etree

from . import TEI_NS, XML_NS
from . import text as text_mod
from .diagnostics import display_path
from .errors import EditionError
from .xmlio import safe_parser

T = "{%s}" % TEI_NS
XML_ID = "{%s}id" % XML_NS

#: Elements whose text is already marked up (or is not the source's prose): never matched,
#: and not counted as untagged names.
COVERED = {T + n for n in (
    "persName", "placeName", "orgName", "date", "title", "rs", "name", "time", "idno",
    "foreign", "mentioned", "term", "gi", "code", "val", "att", "geogName", "roleName",
    "addName", "forename", "surname", "num", "measure", "email", "ptr", "teiHeader",
)}
#: Editorial content: left out of the source reading without breaking the text around it.
EDITORIAL_SILENT = text_mod.EDITORIAL_ONLY
#: Inline elements a new name or date element may enclose whole.
ENCLOSABLE = {T + n for n in (
    "choice", "sic", "corr", "orig", "reg", "abbr", "expan", "hi", "emph", "seg", "lb", "pb",
    "cb", "add", "del", "unclear", "supplied", "gap", "ex", "am", "subst",
)}
BOUNDARY = "\x00"  # a block boundary in the flow
NAME_MASK = "\x01"  # text of persName, placeName, orgName, rs, name (in the match string)
NOTE_MASK = "\x02"  # an editorial note
MASK = "\x03"  # other covered text (dates, titles, foreign words…)
MASKS = NAME_MASK + NOTE_MASK + MASK
NAME_ELEMENTS = {T + n for n in ("persName", "placeName", "orgName", "rs", "name")}

KINDS = ("persons", "places", "orgs")
ELEMENT = {"persons": "persName", "places": "placeName", "orgs": "orgName", "dates": "date"}
ENTRY = {"persons": "person", "places": "place", "orgs": "org"}


class TagError(EditionError):
    """The file cannot be tagged or the result would break it; nothing was written."""


# --------------------------------------------------------------------------- registers


@dataclass(frozen=True)
class Entry:
    kind: str  # persons, places, orgs
    ident: str
    pointer: str  # e.g. persons.xml#sedov-lev, relative to the tagged file
    standard: str


@dataclass
class Registers:
    """Name forms of the registers: form -> entries (and which forms are aliases)."""

    forms: dict[str, list[Entry]] = field(default_factory=dict)
    aliases: set[tuple[str, str]] = field(default_factory=set)  # (form, ident)
    name_parts: dict[str, set[str]] = field(default_factory=dict)  # person word -> idents
    entries: dict[str, Entry] = field(default_factory=dict)
    titles: set[str] = field(default_factory=set)  # titles of works in the bibliography

    @classmethod
    def load(cls, paths: dict[str, Path], relative_to: Path | None = None,
             bibliography: Path | None = None) -> "Registers":
        """*paths*: kind ("persons", "places", "orgs") -> register file. Pointers are written
        relative to the folder *relative_to* (the tagged file's folder). The titles of
        *bibliography* make a name that is also a title a matter for a decision."""
        regs = cls()
        if bibliography is not None and Path(bibliography).exists():
            try:
                tree = etree.parse(str(bibliography), safe_parser())
            except etree.XMLSyntaxError as exc:
                raise TagError(f"{bibliography}: {exc} (hint: run `edition validate`)") from exc
            standoff = tree.getroot().find(T + "standOff")
            if standoff is not None:
                regs.titles = {_norm("".join(t.itertext())) for t in standoff.iter(T + "title")}
        for kind, path in paths.items():
            if path is None or not Path(path).exists():
                continue
            try:
                tree = etree.parse(str(path), safe_parser())
            except etree.XMLSyntaxError as exc:
                raise TagError(f"{path}: {exc} (hint: run `edition validate`)") from exc
            base = (os.path.relpath(Path(path).resolve(), relative_to.resolve())
                    if relative_to else Path(path).name)
            base = Path(base).as_posix()
            for el in tree.iter(T + ENTRY[kind]):
                ident = el.get(XML_ID)
                if not ident:
                    continue
                editors = el.getparent() is not None and el.getparent().get("type") == "editors"
                names = [n for n in el.iter(T + ELEMENT[kind])
                         if _nearest_entry(n, kind) is el]
                if not names:
                    continue
                standard = next((n for n in names if n.get("type") == "standard"), names[0])
                entry = Entry(kind, ident, f"{base}#{ident}", _norm("".join(standard.itertext())))
                regs.entries[entry.pointer] = entry
                for n in names:
                    form = _norm("".join(n.itertext()))
                    if not form:
                        continue
                    bucket = regs.forms.setdefault(form, [])
                    if entry not in bucket:
                        bucket.append(entry)
                    if n.get("subtype") == "alias":
                        regs.aliases.add((form, ident))
                if kind == "persons" and not editors:
                    # the forenames and surname of the standard name: "Sedov" may be Sergei
                    # Lvovich Sedov, "Lev" Lev Kamenev
                    for w in entry.standard.split():
                        w = w.strip("()[],'’")
                        if w[:1].isupper() and len(w) > 2:
                            regs.name_parts.setdefault(w, set()).add(entry.pointer)
        # "the Kremlin" beside "Kremlin" in the same entry: the article stays outside.
        for form in list(regs.forms):
            if form.startswith("the ") and form[4:] in regs.forms:
                if set(regs.forms[form]) <= set(regs.forms[form[4:]]):
                    del regs.forms[form]
        return regs

    def candidates(self, form: str) -> list[Entry]:
        """Every entry *form* may refer to (listed form first, then name parts)."""
        listed = list(self.forms.get(form, ()))
        if len(form.split()) == 1 and any(e.kind == "persons" for e in listed):
            for pointer in sorted(self.name_parts.get(form, ())):
                entry = self.entries[pointer]
                if entry not in listed:
                    listed.append(entry)
        return listed


def _nearest_entry(el, kind):
    parent = el.getparent()
    while parent is not None and parent.tag != T + ENTRY[kind]:
        parent = parent.getparent()
    return parent


def _norm(s: str) -> str:
    return " ".join(s.split())


def registers_for(cfg, tei_file: Path) -> Registers:
    """The registers named in the configuration, with pointers relative to *tei_file*."""
    paths: dict[str, Path] = {}
    bibliography = None
    for name in cfg.registers:
        path = cfg.tei_path / name
        for kind in KINDS:
            if Path(name).stem.startswith(kind[:-1]):
                paths[kind] = path
        if Path(name).stem.startswith("biblio"):
            bibliography = path
    return Registers.load(paths, relative_to=Path(tei_file).parent, bibliography=bibliography)


# --------------------------------------------------------------------------- dates

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
_ABBR = {"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Aug": 8, "Sep": 9, "Sept": 9, "Oct": 10,
         "Nov": 11, "Dec": 12}
MONTH_NUMBER = ({m: i for i, m in enumerate(MONTHS, start=1)}
                | {a + ".": n for a, n in _ABBR.items()})
_MONTH = "(?:" + "|".join(
    [m for m in MONTHS] + [re.escape(a + ".") for a in sorted(_ABBR, key=len, reverse=True)]
) + ")"
_YEAR = r"(?:1[6-9]\d\d|20\d\d)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_ORD = r"(?:st|nd|rd|th)?"
_DASH = r"[-–]"
_B = r"(?<![\w.\-–/])"  # not glued to a preceding word, number or range
_E = r"(?![\w\-–/]|\.\d)"

DATE_PATTERNS = [
    # 13-14 February (1938)
    ("dayrange", re.compile(
        rf"{_B}(?P<d1>{_DAY}){_ORD}\s?{_DASH}\s?(?P<d2>{_DAY}){_ORD}\s+(?P<m>{_MONTH})"
        rf"(?:,?\s+(?P<y>{_YEAR}))?{_E}")),
    # 16th February 1938, 21st March, 1908, 16th of February 1938
    ("dmy", re.compile(
        rf"{_B}(?P<d>{_DAY}){_ORD}\s+(?:of\s+)?(?P<m>{_MONTH}),?\s+(?P<y>{_YEAR}){_E}")),
    # February 16, 1938; Feb. 16, 1938; February 16th 1938
    ("mdy", re.compile(
        rf"{_B}(?P<m>{_MONTH})\s+(?P<d>{_DAY}){_ORD},?\s+(?P<y>{_YEAR}){_E}")),
    # November 1936; May, 1917
    ("my", re.compile(rf"{_B}(?P<m>{_MONTH}),?\s+(?P<y>{_YEAR}){_E}")),
    # 16th February
    ("dm", re.compile(rf"{_B}(?P<d>{_DAY}){_ORD}\s+(?:of\s+)?(?P<m>{_MONTH}){_E}")),
    # August 20th, July 14
    ("md", re.compile(rf"{_B}(?P<m>{_MONTH})\s+(?P<d>{_DAY}){_ORD}{_E}")),
    # 1926-2005, 1923–27
    ("yrange", re.compile(rf"{_B}(?P<y>{_YEAR}){_DASH}(?P<y2>{_YEAR}|\d\d){_E}")),
    # 1938
    ("y", re.compile(rf"{_B}(?<!No\. )(?<!pp\. )(?<!p\. )(?P<y>{_YEAR}){_E}")),
]
#: Russia kept the Julian calendar until 31 January (O.S.) 1918 = 13 February (N.S.).
OLD_STYLE_UNTIL = (1918, 2, 14)
_YEAR_IN_TEXT = re.compile(rf"(?<![\w.\-–/])({_YEAR})(?![\w\-–/])")


@dataclass
class DateValue:
    """A parsed date phrase; ``year`` None when the phrase has none."""

    pattern: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    to_year: int | None = None
    to_month: int | None = None
    to_day: int | None = None
    inferred: bool = False

    @property
    def complete(self) -> bool:
        return self.year is not None

    def _iso(self, y, m, d) -> str:
        return f"{y:04d}" + (f"-{m:02d}" if m else "") + (f"-{d:02d}" if d else "")

    def attributes(self) -> str:
        if self.to_year is not None or self.to_day is not None:
            to_y = self.to_year if self.to_year is not None else self.year
            to_m = self.to_month if self.to_month is not None else self.month
            value = (f' from="{self._iso(self.year, self.month, self.day)}"'
                     f' to="{self._iso(to_y, to_m, self.to_day)}"')
        else:
            value = f' when="{self._iso(self.year, self.month, self.day)}"'
        if self.inferred:
            value += ' evidence="internal" cert="medium"'
        return value

    def valid(self) -> bool:
        def ok(y, m, d):
            if m is None or d is None:
                return True
            return 1 <= d <= calendar.monthrange(y if y else 2000, m)[1]
        if not ok(self.year, self.month, self.day):
            return False
        if self.to_day is not None and not ok(self.year, self.month, self.to_day):
            return False
        if self.to_day is not None and self.day is not None and self.to_day <= self.day:
            return False
        if self.to_year is not None and self.year is not None and self.to_year <= self.year:
            return False
        return True

    def old_style_risk(self) -> bool:
        """A day or month date before the Russian calendar reform (decide OS/NS)."""
        if self.year is None or self.month is None:
            return False
        return (self.year, self.month, self.day or 1) < OLD_STYLE_UNTIL


def _value(kind: str, m: re.Match) -> DateValue:
    g = m.groupdict()
    v = DateValue(kind)
    if g.get("y"):
        v.year = int(g["y"])
    if g.get("m"):
        v.month = MONTH_NUMBER[g["m"]]
    if g.get("d"):
        v.day = int(g["d"])
    if kind == "dayrange":
        v.day, v.to_day = int(g["d1"]), int(g["d2"])
    if kind == "yrange":
        y2 = g["y2"]
        v.to_year = int(y2) if len(y2) == 4 else (v.year // 100) * 100 + int(y2)
    return v


def find_dates(s: str) -> list[tuple[int, int, DateValue]]:
    """Non-overlapping date phrases in *s*, longest first."""
    found: list[tuple[int, int, DateValue]] = []
    for kind, rx in DATE_PATTERNS:
        for m in rx.finditer(s):
            found.append((m.start(), m.end(), _value(kind, m)))
    found.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    out: list[tuple[int, int, DateValue]] = []
    end = -1
    for start, stop, value in found:
        if start >= end:
            out.append((start, stop, value))
            end = stop
        elif stop - start > out[-1][1] - out[-1][0] and start == out[-1][0]:
            out[-1] = (start, stop, value)
            end = stop
    return out


def parse_date(phrase: str, year_hint: int | None = None) -> DateValue | None:
    """The date a whole *phrase* states ("11th February, 1937", "May 1947", "2009")."""
    phrase = phrase.strip()
    for start, stop, value in find_dates(phrase):
        if start == 0 and stop == len(phrase):
            if value.year is None and year_hint is not None:
                value.year, value.inferred = year_hint, True
            return value if value.valid() else None
    return None


def preceding_year(text_before: str) -> int | None:
    """The nearest year before a date in its paragraph, not counting "(2009)"-like years."""
    years = [m for m in _YEAR_IN_TEXT.finditer(text_before)
             if not (text_before[:m.start()].rstrip().endswith("(")
                     and text_before[m.end():].lstrip().startswith(")"))]
    return int(years[-1].group(1)) if years else None


# --------------------------------------------------------------------------- raw offsets


class RawMap:
    """Where each lxml text node, and each element's tags, stand in the raw file.

    The raw file is tokenised (tags, comments, processing instructions, CDATA, text); its nodes
    are paired, in document order, with ``root.iter()``; every text node's decoded characters
    (entity references, CR LF) are mapped to raw offsets and checked against lxml's text.
    """

    _ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}

    def __init__(self, raw: str, root: etree._Element):
        self.raw = raw
        self.root = root
        self.nodes = list(root.iter())  # keeps the lxml proxies alive (stable identity)
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", raw)]
        self.tags: dict[etree._Element, tuple[int, int, int, int]] = {}
        self.slots: dict[tuple[etree._Element, str], list[tuple[int, int]]] = {}
        self._build()

    # -- tokenising
    def _tokens(self):
        raw, pos, n = self.raw, 0, len(self.raw)
        while pos < n:
            if raw.startswith("<!--", pos):
                end = raw.find("-->", pos + 4)
                kind = "comment"
                end = end + 3
            elif raw.startswith("<![CDATA[", pos):
                end = raw.find("]]>", pos) + 3
                kind = "cdata"
            elif raw.startswith("<?", pos):
                end = raw.find("?>", pos) + 2
                kind = "pi"
            elif raw.startswith("<!", pos):
                raise TagError("the file has a DOCTYPE declaration; the edition's files have none "
                               "(hint: run `edition validate`)")
            elif raw.startswith("</", pos):
                end = raw.find(">", pos) + 1
                kind = "end"
            elif raw[pos] == "<":
                end, quote = pos + 1, None
                while end < n:
                    c = raw[end]
                    if quote:
                        if c == quote:
                            quote = None
                    elif c in "\"'":
                        quote = c
                    elif c == ">":
                        break
                    end += 1
                end += 1
                kind = "empty" if raw[end - 2] == "/" else "start"
            else:
                end = raw.find("<", pos)
                end = n if end == -1 else end
                kind = "text"
            if end <= pos:
                raise TagError("the file ends inside markup (hint: run `edition validate`)")
            yield kind, pos, end
            pos = end

    def _build(self) -> None:
        order: list[tuple[str, int, int]] = []  # node events inside the root, in order
        stack: list[int] = []  # indexes into order of open elements
        pieces: dict[tuple[int, str], list[tuple[str, int, int]]] = {}
        last_child: dict[int, int | None] = {}
        ends: dict[int, tuple[int, int]] = {}
        started = False
        for kind, a, b in self._tokens():
            if not started:
                if kind in ("start", "empty"):
                    started = True
                else:
                    continue
            if not stack and order:  # after the root element: comments, PIs, white space
                if kind in ("start", "empty", "end"):
                    raise TagError("markup after the root element (hint: run `edition validate`)")
                continue
            if kind in ("text", "cdata"):
                if not stack:
                    continue
                parent = stack[-1]
                child = last_child.get(parent)
                key = (child, "tail") if child is not None else (parent, "text")
                pieces.setdefault(key, []).append((kind, a, b))
                continue
            if kind == "end":
                idx = stack.pop()
                ends[idx] = (a, b)
                if stack:
                    last_child[stack[-1]] = idx
                continue
            order.append((kind, a, b))
            idx = len(order) - 1
            if stack:
                last_child[stack[-1]] = idx
            if kind == "start":
                stack.append(idx)
                last_child[idx] = None
            elif kind == "empty":
                ends[idx] = (b, b)
        if stack:
            raise TagError("unclosed element (hint: run `edition validate`)")
        if len(order) != len(self.nodes):
            raise TagError(f"cannot map the file's text to its characters ({len(order)} raw "
                           f"nodes, {len(self.nodes)} parsed) (hint: report this file)")
        for i, ((kind, a, b), node) in enumerate(zip(order, self.nodes)):
            if isinstance(node.tag, str):
                if kind not in ("start", "empty"):
                    raise TagError(f"line {self.line_col(a)[0]}: raw and parsed nodes differ")
                qname = re.match(r"<([^\s/>]+)", self.raw[a:b]).group(1)
                if qname.split(":")[-1] != etree.QName(node).localname:
                    raise TagError(f"line {self.line_col(a)[0]}: raw <{qname}> is parsed as "
                                   f"{etree.QName(node).localname}")
                end_a, end_b = ends[i]
                self.tags[node] = (a, b, end_a, end_b)
            else:
                self.tags[node] = (a, b, b, b)
        for (idx, attr), chunks in pieces.items():
            node = self.nodes[idx]
            if not isinstance(node.tag, str) and attr == "text":
                continue
            decoded, spans = self._decode(chunks)
            expected = (node.text if attr == "text" else node.tail) or ""
            if decoded != expected:
                line = self.line_col(chunks[0][1])[0]
                raise TagError(f"line {line}: cannot map the text to the raw file "
                               "(hint: report this file)")
            self.slots[(node, attr)] = spans

    def _decode(self, chunks) -> tuple[str, list[tuple[int, int]]]:
        out: list[str] = []
        spans: list[tuple[int, int]] = []
        raw = self.raw
        for kind, a, b in chunks:
            if kind == "cdata":
                a, b = a + 9, b - 3
            i = a
            while i < b:
                c = raw[i]
                if kind == "text" and c == "&":
                    j = raw.index(";", i)
                    name = raw[i + 1:j]
                    if name.startswith("#x"):
                        ch = chr(int(name[2:], 16))
                    elif name.startswith("#"):
                        ch = chr(int(name[1:]))
                    elif name in self._ENTITIES:
                        ch = self._ENTITIES[name]
                    else:
                        raise TagError(f"line {self.line_col(i)[0]}: entity &{name}; "
                                       "(hint: the edition's files use no entities)")
                    out.append(ch)
                    spans.append((i, j + 1))
                    i = j + 1
                elif c == "\r":
                    end = i + 2 if raw.startswith("\r\n", i) else i + 1
                    out.append("\n")
                    spans.append((i, end))
                    i = end
                else:
                    out.append(c)
                    spans.append((i, i + 1))
                    i += 1
        return "".join(out), spans

    # -- queries
    def before_char(self, node, attr: str, index: int) -> int:
        return self.slots[(node, attr)][index][0]

    def after_char(self, node, attr: str, index: int) -> int:
        return self.slots[(node, attr)][index][1]

    def before_element(self, el) -> int:
        return self.tags[el][0]

    def after_element(self, el) -> int:
        return self.tags[el][3]

    def line_col(self, offset: int) -> tuple[int, int]:
        lo, hi = 0, len(self._line_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self._line_starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1, offset - self._line_starts[lo] + 1


# --------------------------------------------------------------------------- the text flow


@dataclass
class Segment:
    node: etree._Element
    attr: str  # "text" or "tail"
    start: int  # offset in the flow
    length: int


class Flow:
    """The source reading of a ``text`` element as one string, with where each character is.

    ``match`` has covered text and editorial notes replaced by MASK and block boundaries as
    BOUNDARY; ``display`` has the same length with the covered text shown.
    """

    def __init__(self, text_el: etree._Element, edited: bool = False):
        self.edited = edited
        self.match_parts: list[str] = []
        self.display_parts: list[str] = []
        self.owner: list[int] = []  # segment index per character, -1 if none
        self.block: list[int] = []  # index into self.blocks per character
        self.blocks: list[etree._Element] = []
        self.segments: list[Segment] = []
        self.spans: dict[etree._Element, tuple[int, int]] = {}
        self.covered: dict[etree._Element, tuple[int, int]] = {}
        self._len = 0
        self._block_stack: list[int] = []
        self._walk(text_el, "")
        self.match = "".join(self.match_parts)
        self.display = "".join(self.display_parts)

    def _emit(self, match: str, display: str, owner: int) -> None:
        self.match_parts.append(match)
        self.display_parts.append(display)
        self.owner.extend([owner] * len(match))
        self.block.extend([self._block_stack[-1] if self._block_stack else -1] * len(match))
        self._len += len(match)

    def _emit_text(self, node, attr: str, s: str | None, masked: str) -> None:
        if not s:
            return
        if masked:
            self._emit(masked * len(s), s, -1)
        else:
            self.segments.append(Segment(node, attr, self._len, len(s)))
            self._emit(s, s, len(self.segments) - 1)

    def _walk(self, el, masked: str) -> None:
        block = text_mod._is_block(el)
        if block:
            self._emit(BOUNDARY, BOUNDARY, -1)
            self.blocks.append(el)
            self._block_stack.append(len(self.blocks) - 1)
        here = masked or (
            (NAME_MASK if el.tag in NAME_ELEMENTS else MASK) if el.tag in COVERED or
            el.tag in NAME_ELEMENTS else "")
        start = self._len
        self._emit_text(el, "text", el.text, here)
        for child in el:
            if not isinstance(child.tag, str):
                pass  # comments and processing instructions: only their tails count
            elif text_mod.is_editorial_note(child):
                self._emit(NOTE_MASK, NOTE_MASK, -1)
                self.spans[child] = (self._len - 1, self._len)
            elif text_mod._skipped(child, self.edited):
                self.spans[child] = (self._len, self._len)
            else:
                self._walk(child, here)
            self._emit_text(child, "tail", child.tail, here)
        self.spans[el] = (start, self._len)
        if (el.tag in COVERED or el.tag in NAME_ELEMENTS) and not masked:
            self.covered[el] = (start, self._len)
        if block:
            self._block_stack.pop()
            self._emit(BOUNDARY, BOUNDARY, -1)

    def block_of(self, pos: int) -> etree._Element | None:
        b = self.block[pos] if 0 <= pos < len(self.block) else -1
        return self.blocks[b] if b >= 0 else None

    def block_start(self, pos: int) -> int:
        b = self.block[pos]
        i = pos
        while i > 0 and self.block[i - 1] == b and self.match[i - 1] != BOUNDARY:
            i -= 1
        return i

    def snippet(self, start: int, end: int, width: int = 40) -> str:
        lo = max(0, start - width)
        hi = min(len(self.display), end + width)
        left = self.display[lo:start].split(BOUNDARY)[-1]
        right = self.display[end:hi].split(BOUNDARY)[0]
        clean = lambda s: " ".join(s.replace(NOTE_MASK, "").split())
        pre = ("…" if lo > 0 and BOUNDARY not in self.display[lo:start] else "") + clean(left)
        post = clean(right) + ("…" if hi < len(self.display)
                               and BOUNDARY not in self.display[end:hi] else "")
        sep_l = " " if left[-1:].isspace() else ""
        sep_r = " " if right[:1].isspace() else ""
        return f"{pre}{sep_l}[{clean(self.display[start:end])}]{sep_r}{post}".strip()

    def sourceline(self, pos: int) -> int:
        """A line number without a raw map: the line of the character's text node's element."""
        o = self.owner[pos] if 0 <= pos < len(self.owner) else -1
        if o >= 0:
            seg = self.segments[o]
            node = seg.node
            return (node.sourceline or 0) if seg.attr == "text" else (
                node.getparent().sourceline or 0)
        blk = self.block_of(pos)
        return (blk.sourceline or 0) if blk is not None else 0


# --------------------------------------------------------------------------- capitalised names

FUNCTION_WORDS = set("""
A An The And But Or Nor For So Yet If When Whenever While Where Wherever Why How What Whatever
Who Whom Whose Which That This These Those There Here Then Thus Hence Therefore However Now
Once Since As At By In On Of Off To From With Without Within Into Onto Upon After Afterwards
Before During Under Over Between Among Amid Amidst Against About Above Below Beyond Through
Throughout Toward Towards Despite Although Though Because Unless Until Till Even Still Also
Only Not No Yes All Both Each Every Either Neither Some Any Many Much More Most Few Several
Such Other Another Whether Indeed Perhaps Finally Later Meanwhile Instead Nevertheless
Moreover Furthermore Besides Soon Already Again Always Never Often Sometimes Just Very Like
Let Do Does Did Is Are Was Were Be Been Has Have Had Can Could May Might Must Shall Should Will
Would Whoever Nothing Everything Everyone Nobody Somebody Someone None Yesterday Today
Tomorrow Tonight Well Oh Ah Please Thank Thanks Mr Mrs Ms Dr M Mme Mlle
I He She It We They You His Her Its Our Their Your My Me Him Us Them Mine Ours Theirs Yours
Myself Himself Herself Itself Ourselves Themselves Yourself
""".split())
HONORIFICS = set("""
Mr Mrs Ms Dr Professor Prof Comrade Comrades Tsar Czar Tsarina Prince Princess Count Countess
Duke Grand General Colonel Captain Lieutenant Major Admiral Marshal President Chairman
Minister Commissar Judge Sir Lord Lady Madame Monsieur Father Mother Brother Sister Uncle Aunt
Herr Frau Senor Señor Don Dona Doña Citizen King Queen Emperor Empress Pope Chief
Ambassador Consul Envoy
""".split())
MONTH_WORDS = set(MONTHS) | {"Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept",
                             "Oct", "Nov", "Dec", "Monday", "Tuesday", "Wednesday",
                             "Thursday", "Friday", "Saturday", "Sunday", "Sundays"}
#: Ethnonyms, nationalities and adjectives of place: not names (docs/encoding-conventions.md).
ETHNONYMS = set("""
Russian Russians Soviet Soviets French Frenchman Frenchmen German Germans English Englishman
British American Americans Spanish Spaniard Spaniards Chinese Norwegian Norwegians Finnish
Finn Finns Austrian Austrians Swiss Jewish Jew Jews Ukrainian Ukrainians Polish Pole Poles
Italian Italians Turkish Turk Turks Mexican Mexicans European Europeans Asian Asiatic Georgian
Georgians Latvian Lithuanian Dutch Belgian Belgians Czech Czechs Swedish Danish Greek Greeks
Armenian Armenians Hungarian Hungarians Romanian Bulgarian Serbian Yugoslav Japanese
Siberian Caucasian Viennese Parisian Parisians Muscovite Muscovites Cossack Cossacks Tatar
Tatars Kazakh Uzbek Slav Slavs Slavic Western Eastern Northern Southern Oriental Latin Arab
Arabs Catalan Castilian Welsh Scottish Irish Canadian Canadians Dutchman African Africans
""".split())
#: Adjectives and nouns of doctrines and their followers (Stalinist, Trotskyism, Trotskyite,
#: Zinovievist…) are recognised by their endings; these are the others.
DOCTRINES = set("""
Bolshevik Bolsheviks Bolshevism Menshevik Mensheviks Menshevism Kadet Kadets Narodnik Narodniks
Tsarist Czarist Tsarism Czarism Social Democrat Democrats Fascist Fascists Nazi Nazis
Communist Communists Socialist Socialists Christian Christians Catholic Catholics Orthodox
Protestant Protestants Lutheran Lutherans Muslim Muslims Jewry Marxian Whites Reds White Red
Left Right Old Korean Koreans
""".split())
#: First parts of compound adjectives ("Franco-Soviet relations", "Anglo-Russian").
COMBINING = {"Franco", "Anglo", "Sino", "Russo", "Germano", "Italo", "Austro", "Judeo",
             "Judaeo", "Greco", "Graeco", "Hispano", "Swiss", "Polish"}
DIRECTIONS = {"North", "South", "East", "West", "Central", "Northern", "Southern", "Eastern",
              "Western", "Far", "Near", "Middle"}
#: Words of event names ("Russian Revolution", "First World War", "July Days", "Show Trials"):
#: the edition marks no events, so a sequence made only of these (with months, ordinals,
#: ethnonyms and doctrines) is not a candidate.
EVENT_WORDS = set("""
Revolution Revolutions War Wars World Civil Great Trial Trials Show Purge Purges Terror Days
Permanent Proletarian Bourgeois Democratic Russian October February First Second Third Fourth
Fifth II III IV Commune Uprising Insurrection Mutiny Crisis Affair Plan Five-Year NEP New
Economic Policy Reform Reformation Restoration Renaissance Thermidor Thermidorians
""".split())
_DOCTRINE_ENDING = re.compile(r"(?:ists?|isms?|ites?|i[sz]ations?)$")
_CONTRACTION = re.compile(r"^([^\W\d_]+)['’](?:m|ll|re|ve|d|t|s)$")
CONNECTORS = {"of", "for", "the", "de", "du", "des", "la", "le", "les", "von", "van", "der",
              "den", "di", "da", "del", "della", "y", "on"}
#: Blocks whose words are capitalised as titles: capitals there are no evidence of a name.
TITLE_CASE = {T + n for n in ("head", "titlePart", "docTitle", "label", "trailer")}
#: Words of the headings of a text's parts (trimmed in title-case blocks).
STRUCTURAL = set("""
Primary Sources Source Introduction Chapter Notes Note Preface Foreword Contents Appendix
Bibliography Index Part Book Section Translation Translator Excerpt Abstract Summary
""".split())

_TOKEN = re.compile(r"(?:[^\W\d_]\.){1,3}(?![^\W\d_])|[^\W\d_](?:[\w'’-]*\w)?")
_POSSESSIVE = re.compile(r"(?:'s|’s)$")
_OPENERS = "\"“‘'([«—–-…"
_SENTENCE_END = ".!?…:"


@dataclass
class NameCandidate:
    start: int
    end: int
    text: str


def _is_capitalised(tok: str) -> bool:
    return tok[:1].isupper()


def _sentence_start(flow: Flow, pos: int) -> bool:
    """Whether the word at *pos* begins a sentence, a block or a quotation."""
    s = flow.match
    i = pos - 1
    while i >= 0 and s[i] in " \t\n" + NOTE_MASK:
        i -= 1
    if i < 0 or s[i] == BOUNDARY:
        return True
    if s[i] in "“‘«" or (s[i] in "\"'" and (i == 0 or s[i - 1] in " \t\n(" + BOUNDARY)):
        return True  # an opening quotation mark
    while i >= 0 and s[i] in "\"”’'»)]" + NOTE_MASK:
        i -= 1
    return i < 0 or s[i] in _SENTENCE_END + BOUNDARY


def _base(tok: str) -> str:
    tok = tok.rstrip(".")
    m = _CONTRACTION.match(tok)
    return m.group(1) if m else _POSSESSIVE.sub("", tok)


def _not_a_name(tok: str) -> bool:
    """Words that are no name by themselves: function words, months, ethnonyms, doctrines…"""
    tok = _base(tok)
    if "-" in tok.strip("-"):
        parts = [p for p in tok.split("-") if p]
        return all(p in COMBINING or _not_a_name(p) for p in parts)
    return (tok in FUNCTION_WORDS or tok in MONTH_WORDS or tok in ETHNONYMS
            or tok in DOCTRINES or tok in HONORIFICS or tok in DIRECTIONS
            or bool(_DOCTRINE_ENDING.search(tok)) or (len(tok) == 1 and tok != "X"))


def _edge_word(tok: str) -> bool:
    """Words trimmed from the edges of a sequence."""
    tok = _base(tok)
    return (tok in CONNECTORS or tok in FUNCTION_WORDS or tok in HONORIFICS
            or tok in MONTH_WORDS)


def _capitalised_part(start: int, tok: str) -> tuple[int, int, str]:
    """The capitalised part of a hyphenated word: "Kremlin-ordered" -> "Kremlin",
    "anti-Stalin" -> "Stalin"; other words as they are."""
    if "-" not in tok:
        return start, start + len(tok), tok
    parts = tok.split("-")
    first = next((i for i, p in enumerate(parts) if p[:1].isupper()), None)
    if first is None:
        return start, start + len(tok), tok
    last = first
    while last + 1 < len(parts) and parts[last + 1][:1].isupper():
        last += 1
    offset = sum(len(p) + 1 for p in parts[:first])
    word = "-".join(parts[first:last + 1])
    return start + offset, start + offset + len(word), word


def name_candidates(flow: Flow, vocabulary: set[str] | None = None) -> list[NameCandidate]:
    """Sequences of capitalised words in untagged text that may be names.

    A sequence is capitalised words (initials such as "K.B." included) joined by single
    spaces or by particles and connectors (``de``, ``of the``…); a possessive ends it unless a
    capitalised word follows (``People's Will``). Then:

    * words that are never names are trimmed from its edges (function words, pronouns,
      months and weekdays, titles such as "Tsar" or "Professor");
    * at the start of a sentence the first word is dropped when it is an ordinary word (it
      occurs in lower case in *vocabulary*), and a single word is never a candidate;
    * in headings and titles (title case) ordinary words are trimmed from both edges;
    * a sequence made only of ethnonyms, nationalities, doctrines, directions (``Russian``,
      ``Stalinist``, ``Bolsheviks``, ``South African``) or of the words of event names
      (``Russian Revolution``, ``First World War``) is dropped: the edition does not mark them.
    """
    vocabulary = vocabulary if vocabulary is not None else lowercase_vocabulary(flow.match)
    s = flow.match
    tokens = [_capitalised_part(m.start(), m.group()) for m in _TOKEN.finditer(s)]
    out: list[NameCandidate] = []
    i = 0
    while i < len(tokens):
        a, b, tok = tokens[i]
        if not _is_capitalised(tok):
            i += 1
            continue
        seq = [(a, b, tok)]
        j = i + 1
        pending: list[tuple[int, int, str]] = []
        while j < len(tokens):
            pb = (pending[-1] if pending else seq[-1])[1]
            na, nb, ntok = tokens[j]
            gap = s[pb:na]
            if not gap or gap.strip() or len(gap) > 3 or any(c in MASKS for c in gap) \
                    or BOUNDARY in gap:
                break  # hyphenated names come as one token; anything else ends the sequence
            if _is_capitalised(ntok):
                seq.extend(pending)
                pending = []
                seq.append((na, nb, ntok))
                j += 1
                continue
            if _POSSESSIVE.search(seq[-1][2]) and not pending:
                break
            if ntok in CONNECTORS and len(pending) < 2 and (ntok != "the" or pending):
                pending.append((na, nb, ntok))  # "the" only after "of", "for"…
                j += 1
                continue
            break
        i = max(j, i + 1)
        # a possessive at the end goes: "Trotsky's" -> "Trotsky"
        last_a, last_b, last = seq[-1]
        poss = _POSSESSIVE.search(last)
        if poss:
            seq[-1] = (last_a, last_b - len(poss.group()), last[: -len(poss.group())])
        block = flow.block_of(seq[0][0])
        title_case = block is not None and block.tag in TITLE_CASE
        if _sentence_start(flow, seq[0][0]):
            if len(seq) == 1:
                continue
            if _base(seq[0][2]).lower() in vocabulary or _not_a_name(seq[0][2]):
                seq = seq[1:]
        common = lambda t: _edge_word(t) or (title_case and (
            _base(t).lower() in vocabulary or _base(t) in STRUCTURAL))
        while seq and (common(seq[0][2]) or (len(seq) > 1 and _DOCTRINE_ENDING.search(
                _base(seq[0][2])) and seq[1][2] not in CONNECTORS)):
            seq = seq[1:]  # "Stalinist GPU" -> "GPU"
        # at the end only what cannot end a name ("People's Will" keeps its "Will")
        tail_word = lambda t: (_base(t) in CONNECTORS or _base(t) in HONORIFICS or t == "I"
                               or (title_case and common(t)))
        while seq and tail_word(seq[-1][2]):
            seq = seq[:-1]
        if seq:
            last_a, last_b, last = seq[-1]
            poss = _POSSESSIVE.search(last)
            if poss:
                seq[-1] = (last_a, last_b - len(poss.group()), last[: -len(poss.group())])
        if not seq:
            continue
        words = [_base(t) for _, _, t in seq]
        if all(_not_a_name(w) or w in CONNECTORS for w in words):
            continue
        if all(w in EVENT_WORDS or _not_a_name(w) or w in CONNECTORS for w in words):
            continue
        start, end = seq[0][0], seq[-1][1]
        out.append(NameCandidate(start, end, _norm(flow.display[start:end])))
    return out


def lowercase_vocabulary(*texts: str) -> set[str]:
    return {m.group() for t in texts for m in re.finditer(r"\b[a-z][a-z'’-]*\b", t)}


# --------------------------------------------------------------------------- proposals


ACCEPT = "accept"
REVIEW = "review"


@dataclass
class Proposal:
    kind: str  # persons, places, orgs, dates, names (unknown names)
    code: str  # persName, placeName, orgName, date, ambiguous-name, common-noun, …
    status: str  # accept | review
    start: int  # flow offsets
    end: int
    text: str
    markup: str = ""  # the start tag proposed ("" when a human must write it)
    message: str = ""
    hint: str = ""
    candidates: list[str] = field(default_factory=list)
    context: str = ""
    line: int = 0
    col: int = 0
    insert: tuple[int, int] | None = None  # raw offsets of the start and end tags

    @property
    def element(self) -> str:
        return re.match(r"<(\w+)", self.markup).group(1) if self.markup else ""

    def format(self, path: str) -> str:
        severity = "note" if self.status == ACCEPT else "warning"
        head = f"{path}:{self.line}:{self.col}: {severity}[{self.code}]: {self.message}"
        if self.hint:
            head += f" (hint: {self.hint})"
        return f"{head}\n    {self.context}"

    def to_dict(self, path: str) -> dict:
        d = {k: v for k, v in asdict(self).items() if k not in ("start", "end", "insert")}
        d["path"] = path
        return d


@dataclass
class TagReport:
    path: Path
    shown: str
    proposals: list[Proposal]
    applied: int = 0
    written: bool = False

    @property
    def accepted(self) -> list[Proposal]:
        return [p for p in self.proposals if p.status == ACCEPT]

    @property
    def review(self) -> list[Proposal]:
        return [p for p in self.proposals if p.status == REVIEW]

    def lines(self) -> list[str]:
        return [p.format(self.shown) for p in self.proposals]

    def summary(self) -> str:
        codes = Counter(p.code for p in self.review)
        detail = ", ".join(f"{n} {c}" for c, n in sorted(codes.items()))
        text = (f"{self.shown}: {len(self.proposals)} proposal(s): {len(self.accepted)} "
                f"resolved, {len(self.review)} need a decision"
                + (f" ({detail})" if detail else ""))
        if self.written:
            text += f"; {self.applied} applied"
        elif self.accepted:
            text += "; report only (--write applies the resolved ones)"
        return text

    def to_json(self) -> str:
        return json.dumps({
            "path": self.shown, "proposals": [p.to_dict(self.shown) for p in self.proposals],
            "resolved": len(self.accepted), "review": len(self.review),
            "applied": self.applied, "written": self.written,
        }, ensure_ascii=False, indent=2)


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _name_regex(forms) -> re.Pattern | None:
    if not forms:
        return None
    alts = []
    for form in sorted(forms, key=lambda f: (-len(f), f)):
        alts.append(r"\s+".join(re.escape(w) for w in form.split()))
    return re.compile(r"(?<![\w])(?:" + "|".join(alts) + r")(?![\w])")


class Tagger:
    """Proposals for one file; ``apply()`` writes the accepted ones."""

    def __init__(self, path: Path, regs: Registers, only: set[str] | None = None,
                 shown: str | None = None, vocabulary: set[str] | None = None):
        self.path = Path(path)
        self.extra_vocabulary = vocabulary or set()
        self.shown = shown or display_path(path)
        self.regs = regs
        self.only = set(only) if only else {"persons", "places", "orgs", "dates"}
        self.data = self.path.read_bytes()
        try:
            self.raw = self.data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise TagError(f"{self.shown}: not UTF-8 "
                           "(hint: the edition's files are UTF-8)") from exc
        try:
            self.tree = etree.ElementTree(etree.fromstring(self.data, safe_parser()))
        except etree.XMLSyntaxError as exc:
            line, col = exc.position
            raise TagError(f"{self.shown}:{line}:{col}: error[not-well-formed]: {exc.msg} "
                           "(hint: run `edition validate`)") from exc
        root = self.tree.getroot()
        text_el = root.find(T + "text")
        if text_el is None:
            raise TagError(f"{self.shown}: no <text> element (hint: is it a register?)")
        self.rawmap = RawMap(self.raw, root)
        self.flow = Flow(text_el)

    # -- finding
    def propose(self) -> list[Proposal]:
        flow = self.flow
        found: list[Proposal] = []
        kinds = self.only & set(KINDS)
        forms = [f for f, entries in self.regs.forms.items()
                 if any(e.kind in kinds for e in entries)]
        rx = _name_regex(forms)
        if rx:
            for m in rx.finditer(flow.match):
                found.append(self._name_proposal(m.start(), m.end(), kinds))
        if "dates" in self.only:
            found.extend(self._date_proposals())
        found = _non_overlapping(found)
        taken = [(p.start, p.end) for p in found]
        vocabulary = lowercase_vocabulary(flow.match) | self.extra_vocabulary
        for cand in name_candidates(flow, vocabulary):
            if any(a < cand.end and cand.start < b for a, b in taken):
                continue
            found.append(Proposal(
                "names", "unknown-name", REVIEW, cand.start, cand.end, cand.text,
                message=f'"{cand.text}": capitalised words in no register',
                hint="a name? add it to a register or tag it by hand; ethnonyms, "
                     "adjectives and events stay untagged"))
        found.sort(key=lambda p: p.start)
        for p in found:
            self._locate(p)
        return found

    def _name_proposal(self, start: int, end: int, kinds: set[str]) -> Proposal:
        text = _norm(self.flow.display[start:end])
        entries = [e for e in self.regs.candidates(text) if e.kind in kinds]
        entry = entries[0]
        element = ELEMENT[entry.kind]
        alias = ' type="alias"' if (text, entry.ident) in self.regs.aliases else ""
        markup = f'<{element}{alias} ref="{_attr(entry.pointer)}">'
        p = Proposal(entry.kind, element, ACCEPT, start, end, text, markup,
                     candidates=[e.pointer for e in entries])
        p.message = f"{markup}{text}</{element}>"
        word = _base(text) if len(text.split()) == 1 else ""
        if len(entries) > 1:
            p.status, p.code = REVIEW, "ambiguous-name"
            p.message = f'"{text}" may be ' + ", ".join(e.pointer for e in entries)
            p.hint = "decide by context and tag it by hand"
        elif any(w[:1].islower() for w in text.split() if w not in CONNECTORS) \
                or word in HONORIFICS:
            p.status, p.code = REVIEW, "common-noun"
            p.message = (f'"{text}" is a form of {entry.pointer}, and a common noun or title '
                         "elsewhere")
            p.hint = f"tag it as {markup} only where it names the {entry.kind[:-1]}"
        elif word and (word in ETHNONYMS or word in DOCTRINES or word in DIRECTIONS):
            p.status, p.code = REVIEW, "adjective"
            p.message = (f'"{text}" is a form of {entry.pointer}, and an adjective or the name '
                         "of a people or a group elsewhere")
            p.hint = (f"tag it as {markup} only where it names the {entry.kind[:-1]}; "
                      "adjectives and ethnonyms stay untagged")
        elif (entry.kind != "persons" and text in self.regs.titles) or \
                re.match(r"\s*\(\d{4}\)", self.flow.match[end:]):
            # (biographies are titled by their subjects' names: only the year tells there)
            p.status, p.code = REVIEW, "title-or-name"
            why = ("followed by a year in brackets, like the title of a book"
                   if re.match(r"\s*\(\d{4}\)", self.flow.match[end:])
                   else "the title of a work in the bibliography")
            p.message = f'"{text}" is a form of {entry.pointer}, and {why}'
            p.hint = f"a title here? mark it <title>; otherwise {markup}"
        else:
            longer = self._longer_name(start, end)
            if longer:
                p.status, p.code = REVIEW, "partial-name"
                p.message = f'"{text}" ({entry.pointer}) is part of "{longer}"'
                p.hint = "tag the whole name, or add its form to the register"
        return p

    def _longer_name(self, start: int, end: int) -> str | None:
        """The longer name the match is part of, if any (or the markup it touches)."""
        s, d = self.flow.match, self.flow.display
        # joined by a hyphen to another capitalised word: "Franco-Soviet", "Kirov-Zhdanov"
        after = re.match(r"[-–]([^\W\d_][\w'’]*)", s[end:end + 40])
        if after and after.group(1)[:1].isupper():
            return _norm(d[start:end + after.end()])
        tagged = re.match(rf"[-–]{NAME_MASK}+", s[end:])
        if tagged:  # "Kirov-<persName>Zhdanov</persName>"
            return _norm(d[start:end + tagged.end()])
        before = re.search(r"([^\W\d_][\w'’]*)[-–]$", s[max(0, start - 40):start])
        if before and before.group(1)[:1].isupper():
            return _norm(d[start - len(before.group()):end])
        # next to a name already tagged: "Tsar <persName>Nicholas II</persName>"
        nxt = re.match(rf"[ \t\n]+({NAME_MASK}+)", s[end:end + 200])
        if nxt:
            return _norm(d[start:end + nxt.end()])
        prev = re.search(rf"({NAME_MASK}+)[ \t\n]+$", s[max(0, start - 200):start])
        if prev:
            return _norm(d[start - len(prev.group()):end])
        # followed or preceded by a capitalised word that no register knows
        after = re.match(r"[ \t]([^\W\d_][\w'’-]*)", s[end:end + 40])
        if after and after.group(1)[:1].isupper() and not _not_a_name(after.group(1)):
            return _norm(d[start:end + after.end()])
        before = re.search(r"([^\W\d_][\w'’]*)[ \t]$", s[max(0, start - 40):start])
        if before and before.group(1)[:1].isupper() and not _not_a_name(before.group(1)) \
                and not _POSSESSIVE.search(before.group(1)):
            b0 = start - len(before.group())
            if not _sentence_start(self.flow, b0):
                return _norm(d[b0:end])
        return None

    def _date_proposals(self) -> list[Proposal]:
        flow = self.flow
        out = []
        # dates are searched block by block (a date never crosses a block or a mask)
        for chunk in re.finditer(f"[^{BOUNDARY}{MASKS}]+", flow.match):
            base = chunk.start()
            for a, b, value in find_dates(chunk.group()):
                start, end = base + a, base + b
                text = _norm(flow.display[start:end])
                p = Proposal("dates", "date", ACCEPT, start, end, text)
                if not value.valid():
                    p.status, p.code = REVIEW, "date-invalid"
                    p.message = f'"{text}" is not a valid date'
                    p.hint = "a slip? encode it as stated and add a note"
                    out.append(p)
                    continue
                if value.year is None:
                    bstart = flow.block_start(start)
                    year = preceding_year(flow.display[bstart:start].replace(NOTE_MASK, " "))
                    if year is None:
                        p.status, p.code = REVIEW, "date-no-year"
                        p.message = f'"{text}": no year in the phrase or earlier in its paragraph'
                        p.hint = "give @when from the context, with evidence=\"internal\" and @cert"
                        out.append(p)
                        continue
                    value.year, value.inferred = year, True
                p.markup = f"<date{value.attributes()}>"
                p.message = f"{p.markup}{text}</date>"
                if value.inferred:
                    p.message += f" (year {value.year} from earlier in the paragraph)"
                if value.old_style_risk():
                    p.status, p.code = REVIEW, "date-old-style"
                    p.hint = ("before 14 February 1918 a Russian date may be Old Style: add "
                              "calendar/@when-custom as the text requires")
                out.append(p)
        return out

    def _locate(self, p: Proposal) -> None:
        flow = self.flow
        p.context = flow.snippet(p.start, p.end)
        o = flow.owner[p.start]
        if o >= 0:
            seg = flow.segments[o]
            try:
                offset = self.rawmap.before_char(seg.node, seg.attr, p.start - seg.start)
                p.line, p.col = self.rawmap.line_col(offset)
            except (KeyError, IndexError):
                p.line, p.col = flow.sourceline(p.start), 1
        if p.status == ACCEPT:
            where = self._insertion(p.start, p.end)
            if isinstance(where, str):
                p.status, p.code = REVIEW, "crosses-markup"
                p.hint = where
                p.message = f'"{p.text}" would be {p.markup}{p.text}</{p.element}>, but it ' \
                            "crosses element boundaries"
            else:
                p.insert = where

    def _insertion(self, start: int, end: int) -> tuple[int, int] | str:
        """Raw offsets for the start and end tags, or why there are none."""
        flow, rm = self.flow, self.rawmap
        seg_s = flow.segments[flow.owner[start]]
        seg_e = flow.segments[flow.owner[end - 1]]
        container = seg_s.node if seg_s.attr == "text" else seg_s.node.getparent()
        # the deepest element whose source reading holds the whole match
        while container is not None:
            a, b = flow.spans.get(container, (0, -1))
            if a <= start and end <= b:
                break
            container = container.getparent()
        if container is None:
            return "it runs across blocks"
        # lift out of inline elements the match covers whole (a choice around "Zbrowski")
        while (container.tag in ENCLOSABLE and flow.spans[container] == (start, end)
               and container.getparent() is not None):
            container = container.getparent()
        for child in container:
            if not isinstance(child.tag, str):
                continue
            a, b = flow.spans.get(child, (None, None))
            if a is None:
                continue
            if b <= start or a >= end:
                if a == b and start < a < end and child.tag not in ENCLOSABLE:
                    return f"<{etree.QName(child).localname}> stands inside it"
                continue
            if not (start <= a and b <= end):
                return (f"it begins or ends inside <{etree.QName(child).localname}>; "
                        "tag it by hand around the whole element")
            if child.tag not in ENCLOSABLE:
                return f"it would enclose <{etree.QName(child).localname}>"

        def point(pos: int, opening: bool) -> int:
            seg = flow.segments[flow.owner[pos]]
            holder = seg.node if seg.attr == "text" else seg.node.getparent()
            if holder is container:
                idx = pos - seg.start
                return (rm.before_char(seg.node, seg.attr, idx) if opening
                        else rm.after_char(seg.node, seg.attr, idx))
            # the character is inside a child of the container: go to that child's edge
            child = holder
            while child.getparent() is not container:
                child = child.getparent()
            return rm.before_element(child) if opening else rm.after_element(child)

        try:
            return point(start, True), point(end - 1, False)
        except KeyError:
            return "its characters cannot be located in the file"

    # -- writing
    def apply(self, proposals: list[Proposal], cfg=None) -> bytes:
        """The file's bytes with the accepted proposals inserted (verified; nothing written)."""
        chosen = [p for p in proposals if p.status == ACCEPT and p.insert]
        inserts: dict[int, list[tuple[int, str]]] = {}
        for order, p in enumerate(sorted(chosen, key=lambda p: p.insert[0])):
            a, b = p.insert
            inserts.setdefault(a, []).append((1, order, p.markup))
            inserts.setdefault(b, []).append((0, -order, f"</{p.element}>"))
        pieces, last = [], 0
        for offset in sorted(inserts):
            pieces.append(self.raw[last:offset])
            pieces.extend(s for _, _, s in sorted(inserts[offset]))
            last = offset
        pieces.append(self.raw[last:])
        new = "".join(pieces).encode("utf-8")
        self._verify(new, chosen, cfg)
        return new

    def _verify(self, new: bytes, chosen: list[Proposal], cfg) -> None:
        try:
            root = etree.fromstring(new, safe_parser())
        except etree.XMLSyntaxError as exc:
            raise TagError(f"{self.shown}: the tagged file would not be well-formed ({exc}); "
                           "nothing written (hint: report this case)") from exc
        old_text = self.tree.getroot().find(T + "text")
        new_text = root.find(T + "text")
        for edited in (False, True):
            if text_mod.reading(old_text, edited).text.split() != \
                    text_mod.reading(new_text, edited).text.split():
                raise TagError(f"{self.shown}: tagging would change the text; nothing written "
                               "(hint: report this case)")
        wanted = Counter(p.element for p in chosen)
        for element, n in wanted.items():
            before = sum(1 for _ in old_text.iter(T + element))
            after = sum(1 for _ in new_text.iter(T + element))
            if after - before != n:
                raise TagError(f"{self.shown}: expected {n} new <{element}>, found "
                               f"{after - before}; nothing written")
        if cfg is not None:
            copy_text = cfg.copy_text_for(self.path)
            if copy_text is not None and copy_text.exists():
                before = text_mod.check_fidelity(self.path, copy_text) is None
                after = _fidelity_of_bytes(new, copy_text)
                if before and not after:
                    raise TagError(f"{self.shown}: tagging would break fidelity; nothing written")
            schema = cfg.path(cfg.schema)
            if schema.exists():
                from .validate import relaxng

                rng, _ = relaxng(str(schema))
                if rng.validate(self.tree) and not rng.validate(etree.ElementTree(root)):
                    err = rng.error_log.last_error
                    raise TagError(f"{self.shown}: the tagged file would not be valid "
                                   f"(line {err.line}: {err.message}); nothing written")


def _fidelity_of_bytes(data: bytes, copy_text: Path) -> bool:
    expected = [t for t, _ in text_mod.copy_text_tokens(copy_text)]
    root = etree.fromstring(data, safe_parser())
    found = [t for t, _ in text_mod.reading(root.find(T + "text")).tokens()]
    return expected == found


def _non_overlapping(props: list[Proposal]) -> list[Proposal]:
    """Longest first; on a tie names before dates."""
    ranked = sorted(props, key=lambda p: (-(p.end - p.start), p.kind == "dates", p.start))
    kept: list[Proposal] = []
    for p in ranked:
        if all(p.end <= q.start or q.end <= p.start for q in kept):
            kept.append(p)
    return sorted(kept, key=lambda p: p.start)


# --------------------------------------------------------------------------- the stage


def edition_vocabulary(cfg) -> set[str]:
    """Lower-case words of every copy-text of the edition (ordinary words, for the name test)."""
    texts = []
    for w in cfg.witnesses:
        path = cfg.root / cfg.sources_dir / w.copy_text
        if path.exists():
            texts.append(path.read_text(encoding="utf-8", errors="replace"))
    return lowercase_vocabulary(*texts)


def tag(path: Path, regs: Registers, only: set[str] | None = None, write: bool = False,
        cfg=None, shown: str | None = None) -> TagReport:
    """Propose markup for *path*; with *write*, apply the resolved proposals in place."""
    from .importer import write_atomic

    vocabulary = edition_vocabulary(cfg) if cfg is not None else None
    tagger = Tagger(path, regs, only, shown, vocabulary)
    proposals = tagger.propose()
    report = TagReport(Path(path), tagger.shown, proposals)
    if write:
        chosen = [p for p in proposals if p.status == ACCEPT and p.insert]
        if chosen:
            new = tagger.apply(proposals, cfg)
            # the file must not have changed since it was read
            if Path(path).read_bytes() != tagger.data:
                raise TagError(f"{tagger.shown}: changed while it was being tagged; "
                               "nothing written")
            write_atomic(Path(path), new, mode=os.stat(path).st_mode & 0o7777)
        report.applied = len(chosen)
        report.written = True
    return report
