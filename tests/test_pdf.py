"""The print edition (src/edition/outputs/pdf.py): the real edition's PDFs, set once per session
(about a minute), read back with pypdf; page images with pdftoppm (Debian's poppler-utils)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from edition import TEI_NS, config, context, text
from edition.cli import main
from edition.errors import BuildError
from edition.outputs import pdf

pypdf = pytest.importorskip("pypdf")

ROOT = Path(__file__).resolve().parents[1]
T = "{%s}" % TEI_NS
CFG = config.load(ROOT)
KEYS = [Path(w.file).stem for w in CFG.witnesses if (CFG.tei_path / w.file).exists()]


@pytest.fixture(scope="session")
def built_pdfs(tmp_path_factory):
    """The book and one PDF per source, as `edition build` writes them into build/pdf."""
    out = tmp_path_factory.mktemp("pdf")
    edition = context.load(CFG)
    lines = pdf.write_pdfs(edition, out)
    return {"out": out, "lines": lines, "edition": edition}


@pytest.fixture(scope="session")
def readers(built_pdfs):
    cache: dict[str, pypdf.PdfReader] = {}

    def get(name: str) -> pypdf.PdfReader:
        if name not in cache:
            cache[name] = pypdf.PdfReader(built_pdfs["out"] / name)
        return cache[name]

    return get


@pytest.fixture(scope="session")
def page_texts(readers):
    cache: dict[str, list[str]] = {}

    def get(name: str) -> list[str]:
        if name not in cache:
            cache[name] = [page.extract_text() or "" for page in readers(name).pages]
        return cache[name]

    return get


def tokens(pdf_text: str) -> list[str]:
    """Words of the PDF's text, as pypdf extracts them."""
    return pdf_text.split()


def same_word(token: str, word: str, calls: int = 2) -> bool:
    """Whether *token* is *word* (followed by anything), allowing up to *calls* footnote calls
    or apparatus letters glued into it ("spy3," is "spy,"; "doctorsa," is "doctors,")."""
    if token.startswith(word):
        return True
    if calls == 0:
        return False
    k = next((i for i, (a, b) in enumerate(zip(token, word)) if a != b), min(len(token), len(word)))
    return any(re.fullmatch(r"[0-9]+|[a-z]+", token[k:k + n])
               and same_word(token[:k] + token[k + n:], word, calls - 1) for n in (1, 2, 3))


LINE_BREAKS = ("\u2010", "-", "–", "—", "/", "…")  # hyphenation (U+2010: in no source), breaks


def missing_from(expected: list[str], found: list[str]) -> str | None:
    """None if *expected* occurs in *found* in order, a word being found also when it is broken
    at a line end ("diffi‐" … "culty;", the footnotes of a page may come between); else where
    the search stops."""
    j = 0
    for i, word in enumerate(expected):
        while j < len(found):
            token = found[j]
            if same_word(token, word):
                break
            head = token[:-1] if token.endswith("\u2010") else token
            if token.endswith(LINE_BREAKS) and head and len(head) < len(word) \
                    and same_word(word, head, 0):
                rest = word[len(head):]
                k = next((k for k in range(j + 1, min(j + 400, len(found)))
                          if same_word(found[k], rest)), None)
                if k is not None:
                    j = k
                    break
            j += 1
        if j == len(found):
            return f"word {i} ⟨{word}⟩ not found in order, after: {' '.join(expected[max(0, i - 8):i])}"
        j += 1
    return None


def editorial_notes(key: str) -> list[etree._Element]:
    tree = etree.parse(str(CFG.tei_path / f"{key}.xml"))
    return [n for n in tree.find(T + "text").iter(T + "note") if n.get("type") == "editorial"]


def footnotes(reader) -> dict[str, tuple[int, int, float, float]]:
    """Footnotes of a PDF: name → (page of the note, page of its reference, their heights).
    Each footnote is a named destination with a "-ref" twin where it is referenced."""
    dests = reader.named_destinations
    found = {}
    for name, dest in dests.items():
        ref = dests.get(name + "-ref")
        if ref is not None:
            found[name] = (reader.get_destination_page_number(dest),
                           reader.get_destination_page_number(ref), float(dest["/Top"]),
                           float(ref["/Top"]))
    return found


# -- the files ---------------------------------------------------------------------------------

def test_every_pdf_is_written_and_reported(built_pdfs):
    out = built_pdfs["out"]
    assert (out / "edition.pdf").stat().st_size > 100_000
    for key in KEYS:
        assert (out / f"{key}.pdf").exists(), key
        assert any(line.startswith(f"pdf: {key}.pdf: ") for line in built_pdfs["lines"])
    summary = "\n".join(built_pdfs["lines"])
    assert re.search(r"pdf: edition\.pdf: \d+ pages, \d+ footnotes, .* \d+\.\d s", summary)
    assert "warning" not in summary, summary


# -- the text ----------------------------------------------------------------------------------

@pytest.mark.parametrize("key", KEYS)
def test_source_pdf_contains_the_full_text(key, page_texts):
    """The corrected reading of the whole source, in order, and every reading of the source
    that the text corrects (it is in the apparatus): nothing of the source is lost."""
    found = tokens("\n".join(page_texts(f"{key}.pdf")))
    path = CFG.tei_path / f"{key}.xml"
    assert missing_from(text.source_text(path, edited=True).split(), found) is None
    everything = "".join(found)
    tree = etree.parse(str(path))
    for sic in tree.find(T + "text").iter(T + "sic", T + "orig", T + "abbr"):
        reading = "".join("".join(sic.itertext()).split())
        assert reading in everything, f"{key}: source reading ⟨{reading}⟩ missing"


def test_book_contains_every_source_in_order(page_texts):
    found = tokens("\n".join(page_texts("edition.pdf")))
    for key in KEYS:
        expected = text.source_text(CFG.tei_path / f"{key}.xml", edited=True).split()
        assert missing_from(expected, found) is None, key


def test_every_character_of_the_sources_is_in_the_book(page_texts):
    book = "\n".join(page_texts("edition.pdf"))
    have = set(book)
    for key in KEYS:
        copy_text = CFG.copy_text_for(CFG.tei_path / f"{key}.xml").read_text(encoding="utf-8")
        missing = {c for c in copy_text if not c.isspace() and c not in have}
        assert not missing, f"{key}: {sorted(missing)}"


@pytest.mark.parametrize("name", ["edition.pdf", *(f"{key}.pdf" for key in KEYS)])
def test_title_page_and_imprint(name, page_texts):
    """Title, editors, version, date and licence on the title page (one page), the imprint on
    its verso."""
    title, imprint = (" ".join(t.split()) for t in page_texts(name)[:2])
    assert "edited by" in title and f"Version {CFG.version}" in title
    assert f"Editorial matter: {CFG.licence}" in title
    assert re.search(r"\d{1,2} [A-Z][a-z]+ \d{4}", title)
    assert "To cite this book" in imprint and "SIL Open Font License" in imprint


# -- notes and apparatus -----------------------------------------------------------------------

@pytest.mark.parametrize("key", KEYS)
def test_one_footnote_per_editorial_note_on_its_page(key, readers):
    notes = footnotes(readers(f"{key}.pdf"))
    expected = editorial_notes(key)
    assert len(notes) == len(expected)
    assert set(notes) == {n.get("{http://www.w3.org/XML/1998/namespace}id") for n in expected}
    for name, (page, ref_page, top, ref_top) in notes.items():
        assert page == ref_page, f"{name}: footnote on p. {page + 1}, reference on p. {ref_page + 1}"
        assert top < ref_top, f"{name}: the footnote is not below its reference"


def test_book_footnotes(readers):
    notes = footnotes(readers("edition.pdf"))
    assert len(notes) == sum(len(editorial_notes(key)) for key in KEYS)
    assert all(page == ref_page for page, ref_page, _, _ in notes.values())


def test_corrections_are_in_the_apparatus(page_texts):
    """"already] akeady S": the corrected reading in the text, the source's at the foot."""
    serge = "\n".join(page_texts("serge-1938.pdf"))
    assert re.search(r"already\s*\]\s*akeady\s+S", serge)
    assert re.search(r"prefer\s*\]\s*prefere\s+S", serge)


# -- structure: contents, outline, indexes, appendix -------------------------------------------

def contents_text(pages: list[str]) -> str:
    start = next(i for i, t in enumerate(pages) if re.search(r"^\s*Contents\s*$", t, re.M))
    end = next(i for i, t in enumerate(pages) if re.search(r"^\s*Introduction\s*$", t, re.M)
               and i > start)
    return " ".join(" ".join(pages[start:end]).split())


def test_contents_lists_every_source_with_its_page(page_texts, readers):
    contents = contents_text(page_texts("edition.pdf"))
    for w in CFG.witnesses:
        match = re.search(re.escape(w.short_title) + r"[ .]*(\d+)", contents)
        assert match, f"{w.short_title} not in the contents"
        page = int(match.group(1))
        # the page the contents give is where the source opens
        assert re.search(r"^\s*Source " + w.siglum + r"\s*$", page_texts("edition.pdf")[page - 1],
                         re.M), (w.siglum, page)
    for heading in ("Introduction", "Index of persons", "Index of places"):
        assert heading in contents


def test_outline_has_every_source_and_its_sections(readers):
    outline = readers("edition.pdf").outline
    top = [item["/Title"] for item in outline if not isinstance(item, list)]
    for w in CFG.witnesses:
        assert any(t.startswith(f"{w.siglum} · ") for t in top), (w.siglum, top)
    assert {"Contents", "Introduction", "Index of persons", "Index of places"} <= set(top)
    # sections of L under their source, labels without the notes of the headings
    nested = [item for item in outline if isinstance(item, list)]
    titles = [i["/Title"] for group in nested for i in group if not isinstance(i, list)]
    assert "Russian Revolution" in titles
    assert all(len(t) < 200 for t in titles)


def test_index_gives_merged_page_references(page_texts):
    pages = page_texts("edition.pdf")
    start = next(i for i, t in enumerate(pages) if re.search(r"^\s*Index of persons\s*$", t, re.M))
    index = " ".join(" ".join(pages[start:]).split())
    entry = re.search(r"Sedov, Lev Lvovich \(1906–1938\)\..*?\. ((?:\d+(?:–\d+|n)?, )+\d+(?:–\d+|n)?)", index)
    assert entry, "no entry for Sedov with page references"
    numbers = [int(re.match(r"\d+", ref).group()) for ref in entry.group(1).split(", ")]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    assert "Trotsky, Leon" in index


def test_appendix_of_discrepancies(built_pdfs, page_texts):
    if not (CFG.tei_path / "discrepancies.xml").exists():
        assert any("no appendix of discrepancies" in line for line in built_pdfs["lines"])
        return
    tree = etree.parse(str(CFG.tei_path / "discrepancies.xml"))
    labels = [" ".join("".join(e.find(T + "label").itertext()).split())
              for e in tree.iter(T + "event")]
    book = " ".join(" ".join(page_texts("edition.pdf")).split())
    assert "Appendix: where the sources disagree" in book
    for label in labels:
        assert label in book, label


def test_page_references_are_merged():
    class Page:
        def __init__(self, anchors):
            self.anchors = dict.fromkeys(anchors)

    class Document:
        pages = [Page(["a1"]), Page(["a2", "a3"]), Page(["a4"]), Page([]), Page(["n5"]),
                 Page(["a6"])]

    part = pdf.Part("s", "", anchors={a: ("persons.xml#x",) for a in
                                       ("a1", "a2", "a3", "a4", "n5", "a6")},
                    in_notes={"n5"})
    refs = pdf.page_references(Document(), [part], ["persons.xml#x", "places.xml#y"])
    assert refs["persons.xml#x"] == [{"label": "1–3", "href": "#a1"},
                                     {"label": "5n", "href": "#n5"},
                                     {"label": "6", "href": "#a6"}]
    assert refs["places.xml#y"] == []


def test_apparatus_letters_restart_on_each_page():
    class Page:
        def __init__(self, anchors):
            self.anchors = dict.fromkeys(anchors)

    class Document:
        pages = [Page(["app-S-1", "app-S-2"]), Page(["app-S-3"])]

    part = pdf.Part("s", "", apparatus_ids=["app-S-1", "app-S-2", "app-S-3"])
    assert pdf.apparatus_letters(Document(), [part]) == {
        "app-S-1": "a", "app-S-2": "b", "app-S-3": "a"}
    assert [pdf.alphabetic(n) for n in (1, 26, 27, 28)] == ["a", "z", "aa", "ab"]


def test_web_addresses_are_printed_readable():
    html = ('<a class="tei-ref" href="https://ru.wikipedia.org/wiki/%D0%A1%D0%B5%D0%B4%D0%BE%D0%B2'
            '?a=1&amp;b=2">x</a>')
    assert 'data-url="https://ru.wikipedia.org/wiki/Седов?a=1&amp;b=2"' in \
        pdf.readable_addresses(html)


# -- metadata and fonts ------------------------------------------------------------------------

def test_metadata(readers):
    book = readers("edition.pdf")
    meta = book.metadata
    assert meta.title == CFG.title
    assert "editors" in meta.author.lower()
    assert meta.subject
    assert book.trailer["/Root"]["/Lang"] == "en"
    assert "/StructTreeRoot" in book.trailer["/Root"]  # tagged
    serge = readers("serge-1938.pdf").metadata
    assert serge.title == "Leon Sedov"
    assert "Victor Serge" in serge.author
    assert "(1938)" in serge.subject


@pytest.mark.parametrize("name", ["edition.pdf", "serge-1938.pdf"])
def test_fonts_are_embedded_and_only_the_editions(name, readers):
    fonts = set()
    for page in readers(name).pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor_font = descendants[0].get_object() if descendants else font
            descriptor = descriptor_font["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font
            fonts.add(font["/BaseFont"].split("+", 1)[-1])
    assert fonts and all(f.startswith(("Edition-Serif", "Edition-Sans")) for f in fonts), fonts


def test_fonts_cover_every_character():
    from fontTools.ttLib import TTFont

    chars = set()
    for path in [*(ROOT / "sources").glob("*.txt"), *CFG.tei_path.glob("*.xml")]:
        chars |= set(path.read_text(encoding="utf-8"))
    chars = {c for c in chars if not c.isspace() and unicodedata.category(c)[0] != "C"}
    css = (pdf.ASSETS / "print.css").read_text(encoding="utf-8")
    faces = re.findall(r"url\((fonts/[^)]+)\)", css)
    assert len(faces) >= 4
    for face in faces:
        cmap = TTFont(pdf.ASSETS / face, lazy=True).getBestCmap()
        missing = sorted(c for c in chars if ord(c) not in cmap)
        assert not missing, f"{face} lacks {missing}"
    assert (pdf.FONTS / "OFL.txt").exists()


# -- page images -------------------------------------------------------------------------------

def page_image(pdf_path: Path, page: int, target: Path) -> Path:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (Debian poppler-utils) is not installed")
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page),
                    "-singlefile", str(pdf_path), str(target)], check=True)
    return target.with_suffix(".png")


def dark_pixels(image, box=None) -> int:
    gray = image.convert("L")
    if box:
        gray = gray.crop(box)
    return sum(gray.histogram()[:128])


def test_page_images_are_not_blank(built_pdfs, readers, tmp_path):
    from PIL import Image

    book = built_pdfs["out"] / "edition.pdf"
    title = Image.open(page_image(book, 1, tmp_path / "title-page"))
    assert dark_pixels(title) > 500  # a sparse page: title, editors, version, licence
    # the first page with a footnote: text above, the footnote in the lower part of the page
    first = min(page for page, _, _, _ in footnotes(readers("edition.pdf")).values()) + 1
    image = Image.open(page_image(book, first, tmp_path / "footnote-page"))
    width, height = image.size
    assert dark_pixels(image, (0, 0, width, height // 2)) > 2000
    assert dark_pixels(image, (0, height * 2 // 3, width, height)) > 1000


# -- the command, the mini edition, missing libraries ------------------------------------------

def test_pdf_command_renders_the_named_source_only(tmp_path):
    out = tmp_path / "pdf"
    result = CliRunner().invoke(
        main, ["--root", str(ROOT), "pdf", str(CFG.tei_path / "serge-1938.xml"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert [p.name for p in out.iterdir()] == ["serge-1938.pdf"]
    assert "serge-1938.pdf" in result.output


def test_pdf_command_refuses_a_file_that_is_not_a_source(tmp_path):
    result = CliRunner().invoke(
        main, ["--root", str(ROOT), "pdf", str(CFG.tei_path / "persons.xml"), "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "not a source of the edition" in result.output


def test_mini_edition_without_discrepancies(mini_edition, tmp_path):
    edition = context.load(config.load(mini_edition))
    lines = pdf.write_pdfs(edition, tmp_path / "pdf")
    assert any("no appendix of discrepancies" in line for line in lines)
    reader = pypdf.PdfReader(tmp_path / "pdf" / "edition.pdf")
    book = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Hitler] Hitlr M" in book
    assert "Appendix" not in book
    assert len(footnotes(reader)) == 1


def test_missing_system_libraries_give_a_clear_message(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def failing_import(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "weasyprint", raising=False)
    monkeypatch.setattr(builtins, "__import__", failing_import)
    with pytest.raises(BuildError) as exc:
        pdf.load_weasyprint()
    message = str(exc.value)
    assert "Pango" in message and "apt-get install" in message and "--no-pdf" in message
