"""Views of a TEI text: the source's own readings, the edited readings, tokens, and the
fidelity check that a file's source readings give back its copy-text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from . import TEI_NS
from .xmlio import parse

T = "{%s}" % TEI_NS

#: Elements whose content is the editor's, not the source's.
EDITORIAL_ONLY = {T + n for n in ("corr", "reg", "expan", "supplied", "ex")}
#: Elements whose content is the source's but is replaced in the edited reading.
SOURCE_ONLY = {T + n for n in ("sic", "orig", "abbr")}
#: Elements that end a line of the source: a token never runs across their boundary.
BLOCKS = {
    T + n
    for n in (
        "p", "head", "div", "ab", "figure", "item", "list", "note", "lg", "l", "front", "body",
        "back", "titlePage", "docTitle", "titlePart", "docAuthor", "byline", "docImprint",
        "docDate", "opener", "closer", "salute", "signed", "dateline", "table", "row", "cell",
        "label", "figDesc", "trailer", "epigraph", "argument", "sp", "speaker", "stage",
    )
}
# A label inside a heading ("(1) Bertrand M. Patenaude…") runs on with its heading.
INLINE_WHEN_IN = {T + "label": {T + "head", T + "p"}}


def is_editorial_note(el: etree._Element) -> bool:
    return el.tag == T + "note" and el.get("type") == "editorial"


def _skipped(el: etree._Element, edited: bool) -> bool:
    if not isinstance(el.tag, str):  # comments, processing instructions
        return True
    if is_editorial_note(el):
        return True
    if el.tag == T + "rdg":
        # With a lemma, the lemma is the base text; without one, the first reading is.
        app = el.getparent()
        if app is None:
            return False
        return app.find(T + "lem") is not None or app.find(T + "rdg") is not el
    if edited:
        return el.tag in SOURCE_ONLY
    return el.tag in EDITORIAL_ONLY


def _is_block(el: etree._Element) -> bool:
    if el.tag not in BLOCKS:
        return False
    parent = el.getparent()
    return not (parent is not None and parent.tag in INLINE_WHEN_IN.get(el.tag, ()))


@dataclass
class Reading:
    """Text of one reading with, for each character, the source line of its element."""

    text: str
    lines: list[int]

    def tokens(self) -> list[tuple[str, int]]:
        return [(m.group(), self.lines[m.start()]) for m in re.finditer(r"\S+", self.text)]


def reading(root: etree._Element, edited: bool = False) -> Reading:
    """The readings under *root* in document order (source readings unless *edited*)."""
    chars: list[str] = []
    lines: list[int] = []

    def emit(s: str | None, line: int) -> None:
        if s:
            chars.append(s)
            lines.extend([line] * len(s))

    def walk(el: etree._Element) -> None:
        block = _is_block(el)
        line = el.sourceline or 0
        if block:
            emit("\n", line)
        emit(el.text, line)
        for child in el:
            if not _skipped(child, edited):
                walk(child)
            emit(child.tail, child.sourceline or line)
        if block:
            emit("\n", line)

    walk(root)
    return Reading("".join(chars), lines)


def text_element(tree: etree._ElementTree) -> etree._Element:
    found = tree.getroot().find(T + "text")
    if found is None:
        raise ValueError("no <text> element")
    return found


def source_text(path: Path | str, edited: bool = False) -> str:
    """The file's text as the source has it (or, with *edited*, as corrected), whitespace
    normalised within lines and blank lines between blocks."""
    raw = reading(text_element(parse(path)), edited).text
    blocks = [" ".join(chunk.split()) for chunk in raw.split("\n")]
    return "\n\n".join(b for b in blocks if b) + "\n"


@dataclass
class Mismatch:
    """The first place where a TEI file's source readings and its copy-text part."""

    tei_line: int
    copy_line: int
    expected: str
    found: str

    def describe(self, tei: Path, copy_text: Path) -> str:
        return (
            f"{tei}:{self.tei_line}: error[fidelity]: source readings differ from "
            f"{copy_text.name} line {self.copy_line}\n"
            f"    copy-text: …{self.expected}…\n"
            f"    TEI:       …{self.found}…\n"
            "    (hint: every character of the source stays in the text; corrections go in "
            "<corr>, the source's reading in <sic>)"
        )


def copy_text_tokens(path: Path, lines: tuple[int, int] | None = None) -> list[tuple[str, int]]:
    """Tokens of the copy-text with their line numbers (only lines *first..last* if given)."""
    content = path.read_text(encoding="utf-8")
    out = []
    for lineno, line in enumerate(content.splitlines(), start=1):
        if lines and not lines[0] <= lineno <= lines[1]:
            continue
        out.extend((tok, lineno) for tok in line.split())
    return out


def check_fidelity(
    tei: Path | str, copy_text: Path | str, lines: tuple[int, int] | None = None
) -> Mismatch | None:
    """Compare token by token; return the first mismatch, or None when the file is faithful.

    *lines* restricts the copy-text to a range of lines, for a file that encodes part of a source.
    """
    expected = copy_text_tokens(Path(copy_text), lines)
    found = reading(text_element(parse(tei))).tokens()
    for i, (exp, got) in enumerate(zip(expected, found)):
        if exp[0] != got[0]:
            return _mismatch(expected, found, i)
    if len(expected) != len(found):
        return _mismatch(expected, found, min(len(expected), len(found)))
    return None


def _mismatch(expected, found, i) -> Mismatch:
    def window(seq):
        before = " ".join(t for t, _ in seq[max(0, i - 5) : i])
        here = seq[i][0] if i < len(seq) else "end of text"
        after = " ".join(t for t, _ in seq[i + 1 : i + 6])
        return f"{before} ⟨{here}⟩ {after}".strip()

    return Mismatch(
        tei_line=found[min(i, len(found) - 1)][1] if found else 0,
        copy_line=expected[min(i, len(expected) - 1)][1] if expected else 0,
        expected=window(expected),
        found=window(found),
    )
