"""``edition collate``: find every passage the sources share (verbatim, with variants, or as two
translations of one original), align each group token by token, and classify the variants.

Detection never compares every unit with every other. Verbatim reuse is found through an
inverted index of word shingles (k consecutive normalised words); a shingle shared by two units
seeds a match, and seeds on the same diagonal chain into passages, tolerating small gaps
(variants). Loose parallels (two translations of one text) are found sentence by sentence
through an inverted index of rarer word stems, scored by idf-weighted overlap. Both indexes
drop postings lists longer than a cap, so the work grows with the number of real matches, not
with the square of the corpus.

Thresholds are module constants, documented where they are defined, and reported in the TEI
output's header.
"""

from __future__ import annotations

import difflib
import hashlib
import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from . import TEI_NS, XML_NS
from .text import reading

T = "{%s}" % TEI_NS
XML_ID = "{%s}id" % XML_NS

SHINGLE = 5
"""Words per shingle for verbatim detection."""
MAX_POSTINGS = 40
"""A shingle or stem found in more places than this is too common to seed a match."""
MAX_GAP = 10
"""Largest gap (in words, on either side) bridged when chaining seeds into one passage."""
MIN_WORDS = 10
"""Shortest verbatim passage reported, in words."""
MIN_SHARED_STEMS = 4
"""Fewest shared content stems for two sentences to be parallel translations."""
SENTENCE_THRESHOLD = 0.34
"""Least idf-weighted overlap (0–1) for two sentences to be parallel translations."""
STRONG_SENTENCE = 0.5
"""A single sentence pair this similar makes a translation parallel on its own."""
STEM = 6
"""Characters kept of a word as its stem (prefix stemming: liquidated ~ liquidating)."""
ORTHOGRAPHIC_RATIO = 0.75
"""Least similarity of two differing words for the variant to count as orthographic."""

UNIT_TAGS = {T + n for n in ("p", "ab", "head", "l", "item", "figure", "note")}
WORD = re.compile(r"\w+(?:['’‘]\w+)*", re.UNICODE)
SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each even ever every
few for from further had has have having he her here hers herself him himself his how i if in
into is it its itself just like may me might more most much must my myself no nor not now of
off on once one only or other our ours ourselves out over own same shall she should so some
still such than that the their theirs them themselves then there these they this those though
through to too under until up upon very was we were what when where which while who whom why
will with within without would yet you your yours yourself yourselves said says say
""".split())


# ---------------------------------------------------------------------------- units and tokens

@dataclass(frozen=True)
class Unit:
    """A block of one source (a paragraph, a heading…) identified by its nearest xml:id."""

    source: str
    siglum: str
    xml_id: str
    order: int
    text: str


@dataclass(frozen=True)
class Word:
    key: str  # casefolded, diacritics removed: what alignment compares
    start: int  # offsets of the surface in the unit's text, punctuation that follows included
    end: int


def fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


def words(text: str) -> list[Word]:
    matches = list(WORD.finditer(text))
    out = []
    for i, m in enumerate(matches):
        start = 0 if i == 0 else m.start()
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        out.append(Word(fold(m.group()), start, end))
    return out


def units_of(tree: etree._ElementTree, source: str, siglum: str, first_order: int = 0) -> list[Unit]:
    """The source's text blocks: innermost block elements, with the id of their nearest
    identified ancestor, in document order (editorial notes are not the source's text)."""
    text_el = tree.getroot().find(T + "text")
    if text_el is None:
        return []
    out = []
    for el in text_el.iter(*UNIT_TAGS):
        if el.tag == T + "note" and el.get("type") == "editorial":
            continue
        if any(d.tag in UNIT_TAGS for d in el.iterdescendants() if not _editorial(d)):
            continue
        if any(_editorial(a) for a in el.iterancestors()):
            continue
        xml_id = next((a.get(XML_ID) for a in (el, *el.iterancestors()) if a.get(XML_ID)), None)
        content = " ".join(reading(el).text.split())
        if xml_id and content:
            out.append(Unit(source, siglum, xml_id, first_order + len(out), content))
    return out


def _editorial(el: etree._Element) -> bool:
    return el.tag == T + "note" and el.get("type") == "editorial"


# ---------------------------------------------------------------------------- detection

@dataclass
class Span:
    unit: int
    start: int  # word index, inclusive
    end: int  # word index, exclusive


def verbatim_matches(unit_words: list[list[Word]]) -> list[tuple[Span, Span]]:
    """Pairs of spans in different units that share a chain of shingles."""
    index: dict[tuple[str, ...], list[tuple[int, int]]] = defaultdict(list)
    for u, ws in enumerate(unit_words):
        keys = [w.key for w in ws]
        for i in range(len(keys) - SHINGLE + 1):
            index[tuple(keys[i:i + SHINGLE])].append((u, i))
    seeds: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for postings in index.values():
        if len(postings) < 2 or len(postings) > MAX_POSTINGS:
            continue
        for x in range(len(postings)):
            for y in range(x + 1, len(postings)):
                (ua, ia), (ub, ib) = postings[x], postings[y]
                if ua != ub:
                    seeds[(ua, ub)].append((ia, ib))
    matches = []
    for (ua, ub), pairs in sorted(seeds.items()):
        for a0, a1, b0, b1 in chain(sorted(pairs)):
            if a1 - a0 >= MIN_WORDS and b1 - b0 >= MIN_WORDS:
                a0, a1, b0, b1 = extend(a0, a1, b0, b1, len(unit_words[ua]), len(unit_words[ub]))
                matches.append((Span(ua, a0, a1), Span(ub, b0, b1)))
    return matches


def extend(a0: int, a1: int, b0: int, b1: int, len_a: int, len_b: int) -> tuple[int, int, int, int]:
    """Stretch a match over short stretches that both units still have before and after it:
    a variant near a boundary leaves too few words for a shingle, not a different passage."""
    before = min(a0, b0)
    if before <= 2 * MAX_GAP:
        a0, b0 = a0 - before, b0 - before
    after = min(len_a - a1, len_b - b1)
    if after <= 2 * MAX_GAP:
        a1, b1 = a1 + after, b1 + after
    return a0, a1, b0, b1


def chain(pairs: list[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
    """Chain seed positions (sorted) into runs moving forward in both units."""
    runs: list[list[int]] = []  # [a0, a1, b0, b1] with a1/b1 exclusive
    for ia, ib in pairs:
        for run in reversed(runs[-8:]):
            if (run[0] <= ia <= run[1] + MAX_GAP and run[2] <= ib <= run[3] + MAX_GAP
                    and abs((ia - run[0]) - (ib - run[2])) <= MAX_GAP):
                run[1] = max(run[1], ia + SHINGLE)
                run[3] = max(run[3], ib + SHINGLE)
                break
        else:
            runs.append([ia, ia + SHINGLE, ib, ib + SHINGLE])
    return [tuple(r) for r in runs]


@dataclass(frozen=True)
class Sentence:
    unit: int
    start: int  # word index
    end: int
    stems: frozenset[str]


def sentences(unit: int, text: str, ws: list[Word]) -> list[Sentence]:
    out = []
    cuts = [m.end() for m in SENTENCE_END.finditer(text)] + [len(text) + 1]
    w = 0
    for cut in cuts:
        first = w
        while w < len(ws) and ws[w].start < cut:
            w += 1
        if w > first:
            stems = frozenset(k[:STEM] for k in (x.key for x in ws[first:w])
                              if k not in STOPWORDS and len(k) > 2 and not k.isdigit())
            out.append(Sentence(unit, first, w, stems))
    return out


def translation_matches(units: list[Unit], unit_words: list[list[Word]],
                        covered: dict[int, list[tuple[int, int]]]) -> list[tuple[Span, Span, float]]:
    """Sentence pairs in different units whose content stems overlap enough, chained per unit pair."""
    sents = [s for u, ws in enumerate(unit_words) for s in sentences(u, units[u].text, ws)
             if not _mostly_covered(s, covered.get(u, []))]
    df: dict[str, int] = defaultdict(int)
    for s in sents:
        for stem in s.stems:
            df[stem] += 1
    n = max(len(sents), 1)
    idf = {stem: math.log(n / c) for stem, c in df.items()}
    index: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(sents):
        for stem in s.stems:
            index[stem].append(i)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for stem, postings in index.items():
        if len(postings) > MAX_POSTINGS:
            continue
        for x in range(len(postings)):
            for y in range(x + 1, len(postings)):
                i, j = postings[x], postings[y]
                if sents[i].unit != sents[j].unit:
                    shared[(i, j)] += 1
    by_units: dict[tuple[int, int], list[tuple[Sentence, Sentence, float]]] = defaultdict(list)
    for (i, j), count in sorted(shared.items()):
        if count < MIN_SHARED_STEMS:
            continue
        a, b = sents[i], sents[j]
        common = a.stems & b.stems
        score = sum(idf[s] for s in common) / max(sum(idf[s] for s in a.stems | b.stems), 1e-9)
        if score >= SENTENCE_THRESHOLD:
            by_units[(a.unit, b.unit)].append((a, b, score))
    matches = []
    for (ua, ub), found in sorted(by_units.items()):
        best = max(score for _, _, score in found)
        if len(found) < 2 and best < STRONG_SENTENCE:
            continue
        matches.append((Span(ua, min(a.start for a, _, _ in found), max(a.end for a, _, _ in found)),
                        Span(ub, min(b.start for _, b, _ in found), max(b.end for _, b, _ in found)),
                        best))
    return matches


def _mostly_covered(s: Sentence, spans: list[tuple[int, int]]) -> bool:
    inside = sum(max(0, min(s.end, e) - max(s.start, b)) for b, e in spans)
    return inside * 2 >= (s.end - s.start)


# ---------------------------------------------------------------------------- grouping

class _UnionFind:
    def __init__(self):
        self.parent: dict = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def merge_intervals(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for b, e in sorted(spans):
        if out and b <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([b, e])
    return [tuple(x) for x in out]


def group_spans(pairs: list[tuple[Span, Span]]) -> list[list[tuple[int, int, int]]]:
    """Connected components of spans, where overlapping spans in one unit are one node.
    Each component: sorted (unit, start, end) members, one per unit."""
    per_unit: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for a, b in pairs:
        per_unit[a.unit].append((a.start, a.end))
        per_unit[b.unit].append((b.start, b.end))
    segments = {u: merge_intervals(spans) for u, spans in per_unit.items()}

    def node(span: Span) -> tuple[int, int, int]:
        for b, e in segments[span.unit]:
            if b <= span.start < e:
                return (span.unit, b, e)
        raise AssertionError("span outside its merged segment")

    uf = _UnionFind()
    for a, b in pairs:
        uf.union(node(a), node(b))
    components: dict = defaultdict(list)
    for n in list(uf.parent):
        components[uf.find(n)].append(n)
    groups = []
    for members in components.values():
        by_unit: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for u, b, e in members:
            by_unit[u].append((b, e))
        # Two separate segments of one unit in a group: keep their hull (one member per unit).
        groups.append(sorted((u, min(b for b, _ in s), max(e for _, e in s))
                             for u, s in by_unit.items()))
    return sorted(groups)


# ---------------------------------------------------------------------------- alignment

@dataclass
class Reading:
    witnesses: list[str]  # sigla (a witness may appear twice when a source repeats itself)
    text: str


@dataclass
class Row:
    """One aligned row of a synoptic view: every member's text for one stretch of the base."""

    readings: list[str]  # one per member, in member order
    variant: dict | None = None  # {"class", "type"} when the members differ


@dataclass
class Member:
    source: str
    siglum: str
    xml_id: str
    text: str
    order: int


@dataclass
class Group:
    id: str
    kind: str  # verbatim | variant | translation
    members: list[Member]
    rows: list[Row] = field(default_factory=list)
    score: float | None = None

    @property
    def variants(self) -> list[dict]:
        out = []
        for row in self.rows:
            if row.variant is None:
                continue
            readings: dict[str, list[str]] = {}
            for member, text in zip(self.members, row.readings):
                readings.setdefault(text, []).append(member.siglum)
            out.append({"witnesses": [w for ws in readings.values() for w in ws],
                        "readings": [{"witnesses": ws, "text": t} for t, ws in readings.items()],
                        "class": row.variant["class"], "type": row.variant["type"]})
        return out


def align(texts: list[str]) -> list[Row]:
    """Align every text with the first (the base) on words; punctuation rides along with the
    word before it and never decides the alignment."""
    tokenised = [words(t) for t in texts]
    base = tokenised[0]
    # For each witness, a map from base boundaries to witness word indexes.
    boundaries = {0, len(base)}
    opcodes = []
    for ws in tokenised[1:]:
        matcher = difflib.SequenceMatcher(None, [w.key for w in base], [w.key for w in ws],
                                          autojunk=False)
        codes = matcher.get_opcodes()
        opcodes.append(codes)
        for tag, i1, i2, _, _ in codes:
            boundaries.update((i1, i2))
    cuts = sorted(boundaries)

    def project(codes, i: int) -> int:
        """Witness word index corresponding to base boundary i."""
        for tag, i1, i2, j1, j2 in codes:
            if i1 <= i <= i2:
                if tag == "equal":
                    return j1 + (i - i1)
                return j1 if i == i1 else j2
        return codes[-1][4] if codes else 0

    rows: list[Row] = []

    def surface(ws: list[Word], text: str, a: int, b: int) -> str:
        if a >= b:
            return ""
        return text[ws[a].start:ws[b - 1].end].strip()

    previous = [0] * len(texts)
    for cut in cuts[1:] + [None]:
        ends = [len(base) if cut is None else cut] + [
            (len(tokenised[k + 1]) if cut is None else project(opcodes[k], cut))
            for k in range(len(texts) - 1)]
        readings = [surface(tokenised[k], texts[k], previous[k], ends[k]) for k in range(len(texts))]
        if any(readings):
            rows.append(Row(readings, classify(readings)))
        previous = ends
    return merge_equal_rows(rows)


def merge_equal_rows(rows: list[Row]) -> list[Row]:
    out: list[Row] = []
    for row in rows:
        if out and row.variant is None and out[-1].variant is None:
            out[-1] = Row([(a + " " + b).strip() for a, b in zip(out[-1].readings, row.readings)])
        else:
            out.append(row)
    return out


def classify(readings: list[str]) -> dict | None:
    distinct = set(readings)
    if len(distinct) == 1:
        return None
    keys = [[w.key for w in words(r)] for r in readings]
    if all(k == keys[0] for k in keys):
        squeezed = {re.sub(r"\s+", "", fold(r)) for r in readings}
        return {"class": "punctuation" if len(squeezed) > 1 or _only_punct(readings) else "orthographic",
                "type": "substitution"}
    if any(not k for k in keys):
        kind = "omission"
    elif all(sorted(k) == sorted(keys[0]) for k in keys):
        kind = "transposition"
    else:
        kind = "substitution"
    if kind == "substitution" and all(len(k) == len(keys[0]) for k in keys) and all(
            difflib.SequenceMatcher(None, x, y).ratio() >= ORTHOGRAPHIC_RATIO
            for k in keys for x, y in zip(keys[0], k)):
        return {"class": "orthographic", "type": "substitution"}
    return {"class": "substantive", "type": kind}


def _only_punct(readings: list[str]) -> bool:
    return len({re.sub(r"[\w\s]", "", r) for r in readings}) > 1


# ---------------------------------------------------------------------------- the whole run

@dataclass
class Collation:
    groups: list[Group]
    units: list[Unit]
    parameters: dict


def collate(units: list[Unit]) -> Collation:
    unit_words = [words(u.text) for u in units]
    verbatim = verbatim_matches(unit_words)
    covered: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for a, b in verbatim:
        covered[a.unit].append((a.start, a.end))
        covered[b.unit].append((b.start, b.end))
    translations = translation_matches(units, unit_words, covered)
    groups: list[Group] = []
    for members in group_spans(verbatim):
        groups.append(make_group(units, unit_words, members, "verbatim"))
    scores = {}
    for a, b, score in translations:
        scores[(a.unit, b.unit)] = score
    for members in group_spans([(a, b) for a, b, _ in translations]):
        group = make_group(units, unit_words, members, "translation")
        group.score = round(max((s for (ua, ub), s in scores.items()
                                 if ua in {m[0] for m in members} and ub in {m[0] for m in members}),
                                default=0.0), 3)
        groups.append(group)
    groups.sort(key=lambda g: (min(m.order for m in g.members), g.id))
    params = {name: globals()[name] for name in (
        "SHINGLE", "MAX_POSTINGS", "MAX_GAP", "MIN_WORDS", "MIN_SHARED_STEMS",
        "SENTENCE_THRESHOLD", "STRONG_SENTENCE", "STEM", "ORTHOGRAPHIC_RATIO")}
    return Collation(groups, units, params)


def make_group(units, unit_words, members, detected: str) -> Group:
    ms = []
    for u, b, e in members:
        ws, text = unit_words[u], units[u].text
        ms.append(Member(units[u].source, units[u].siglum, units[u].xml_id,
                         text[ws[b].start:ws[e - 1].end].strip(), units[u].order))
    ms.sort(key=lambda m: m.order)
    # The longest member is the base, so the others' omissions read as omissions.
    base = max(range(len(ms)), key=lambda i: (len(ms[i].text), -ms[i].order))
    ordered = [ms[base]] + ms[:base] + ms[base + 1:]
    rows = align([m.text for m in ordered]) if detected == "verbatim" else [
        Row([m.text for m in ordered], {"class": "substantive", "type": "translation"})]
    kind = detected
    if detected == "verbatim" and any(r.variant and r.variant["class"] == "substantive" for r in rows):
        kind = "variant"
    ident = "par-" + hashlib.sha1("|".join(f"{m.source}#{m.xml_id}:{m.text[:80]}"
                                           for m in ordered).encode()).hexdigest()[:10]
    return Group(ident, kind, ordered, rows)


def edition_units(edition) -> list[Unit]:
    """Units of every source of a loaded edition (edition.context.Edition)."""
    out: list[Unit] = []
    for src in edition.sources:
        rel = Path(edition.cfg.tei_dir) / src.witness.file
        out.extend(units_of(src.tree, rel.as_posix(), src.witness.siglum, len(out)))
    return out


# ---------------------------------------------------------------------------- representations

def to_json(collation: Collation) -> list[dict]:
    """``build/data/parallels.json``: one object per group (see the README for the format)."""
    return [{
        "id": g.id,
        "kind": g.kind,
        "members": [{"source": m.source, "siglum": m.siglum, "xml_id": m.xml_id, "text": m.text}
                    for m in g.members],
        "variants": g.variants,
        **({"similarity": g.score} if g.score is not None else {}),
    } for g in collation.groups]


def to_tei(collation: Collation, witness_pointer, source_pointer) -> etree._ElementTree:
    """Standoff TEI: a ``linkGrp`` of the members and the collation in parallel segmentation.

    *witness_pointer(siglum)* and *source_pointer(source, xml_id)* give the URIs to write, relative
    to where the file will be saved.
    """
    tei = etree.Element(T + "TEI", nsmap={None: TEI_NS})
    header = etree.SubElement(tei, T + "teiHeader")
    file_desc = etree.SubElement(header, T + "fileDesc")
    title_stmt = etree.SubElement(file_desc, T + "titleStmt")
    etree.SubElement(title_stmt, T + "title").text = "Parallel passages of the Sedov edition"
    pub = etree.SubElement(file_desc, T + "publicationStmt")
    etree.SubElement(pub, T + "p").text = "Generated by `edition collate`; do not edit."
    src = etree.SubElement(file_desc, T + "sourceDesc")
    etree.SubElement(src, T + "p").text = "Computed from the TEI files of the edition."
    enc = etree.SubElement(header, T + "encodingDesc")
    etree.SubElement(enc, T + "variantEncoding", method="parallel-segmentation",
                     location="external")
    proj = etree.SubElement(enc, T + "projectDesc")
    etree.SubElement(proj, T + "p").text = "Detection parameters: " + ", ".join(
        f"{k}={v}" for k, v in collation.parameters.items())
    text = etree.SubElement(tei, T + "text")
    body = etree.SubElement(text, T + "body")
    for g in collation.groups:
        div = etree.SubElement(body, T + "div", type="parallel", subtype=g.kind)
        div.set("{%s}id" % XML_NS, g.id)
        links = etree.SubElement(div, T + "linkGrp", type="members")
        for m in g.members:
            etree.SubElement(links, T + "ptr", target=source_pointer(m.source, m.xml_id),
                             n=m.siglum)
        ab = etree.SubElement(div, T + "ab", type="collation")
        last = None
        for row in g.rows:
            if row.variant is None:
                chunk = " " + row.readings[0] + " "
                if last is None:
                    ab.text = (ab.text or "") + chunk
                else:
                    last.tail = (last.tail or "") + chunk
                continue
            app = etree.SubElement(ab, T + "app", type=row.variant["class"])
            app.set("ana", row.variant["type"])
            grouped: dict[str, list[str]] = {}
            for member, reading_text in zip(g.members, row.readings):
                grouped.setdefault(reading_text, []).append(witness_pointer(member.siglum))
            for reading_text, wits in grouped.items():
                rdg = etree.SubElement(app, T + "rdg", wit=" ".join(dict.fromkeys(wits)))
                rdg.text = reading_text
            last = app
    return etree.ElementTree(tei)
