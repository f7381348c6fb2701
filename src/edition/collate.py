"""``edition collate``: find every passage the sources share (verbatim, with variants, or as two
translations of one original), align each group token by token, and classify the variants.

How it works, in order (every threshold is a module constant documented where it is defined,
and reported in the TEI output's header):

1. **Streams.** Each source's text blocks (paragraphs, notes, list items… not headings: a
   heading is a label, not a passage) are read in document order into one stream of words, so
   a shared passage may run over a paragraph break (a narrative paragraph quoting two
   paragraphs of a primary source is one passage).
2. **Verbatim seeds.** An inverted index of word shingles (``SHINGLE`` consecutive normalised
   words). A shingle found in two places (two sources, or two places of one source) seeds a
   match; seeds on nearly the same diagonal chain into stretches, bridging gaps of up to
   ``MAX_GAP`` words (variants). A stretch is stretched at its edges over words both places
   still share, and over a few differing words when both reach the edge of their block.
3. **Loose parallels.** Sentences that no verbatim stretch explains are compared through an
   inverted index of content-word stems, scored by idf-weighted overlap (two translations of
   one text share few word sequences but many rare words).
4. **Regions.** Stretches and sentence pairs of the same two places that follow each other in
   both (within ``MERGE_GAP`` words) are one region: a quotation with a cut, a translation
   with one literal sentence. A region is verbatim when its aligned words are mostly equal
   (``VERBATIM_IDENTITY``); a verbatim region is cut where both places start a new block at
   the same point, so paragraph-for-paragraph reuse gives one group per paragraph.
5. **Groups.** Regions that share a place (stretches of one source overlapping by at least
   ``SAME_PASSAGE``) form one group; each place is a member. The same passage in three
   sources, or twice in one, is one group with three members; a short quotation from a long
   passage stays a group of its own (nested groups are allowed).
6. **Alignment.** Members are aligned with the longest (the base) word by word; punctuation
   rides along with the word before it and never decides the alignment. Loose (translation)
   groups are first aligned sentence by sentence, then word by word within each row. The rows
   of a group (``Row.block``) are what the synoptic view shows side by side.

Detection never compares every unit with every other: both indexes drop postings lists longer
than ``MAX_POSTINGS``, so the work grows with the number of real matches, not with the square
of the corpus. A group's id is ``par-`` and the xml:id of the block where its first member
begins (sources in the configuration's order), with ``-2``, ``-3``… for further groups
beginning in the same block: stable from run to run while the passage stays where it is.
"""

from __future__ import annotations

import bisect
import difflib
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
"""Largest gap (in words, on either side) bridged when chaining seeds into one stretch."""
MIN_WORDS = 10
"""Shortest verbatim stretch reported, in words."""
EDGE = 3
"""Differing words at a passage's edge absorbed as a variant when both places end there."""
MERGE_GAP = 40
"""Stretches of the same two places this close (in words, in both) are one region."""
MIN_SHARED_STEMS = 4
"""Fewest shared content stems for two sentences to be parallel translations."""
SENTENCE_THRESHOLD = 0.34
"""Least idf-weighted overlap (0–1) for two sentences to be parallel translations."""
STRONG_SENTENCE = 0.5
"""A single sentence pair this similar makes a loose parallel on its own (else two are needed)."""
STEM = 6
"""Characters kept of a word as its stem (prefix stemming: liquidated ~ liquidating)."""
VERBATIM_IDENTITY = 0.6
"""Least share of equal words (difflib ratio of the word sequences) for a region or a group to be
verbatim reuse rather than a loose parallel (translation, paraphrase)."""
NEIGHBOUR = 0.2
"""Least similarity (Dice on content stems) of the sentences next to a loose parallel for them
to be taken into it."""
SAME_PASSAGE = 0.5
"""Least overlap (intersection over union, in words) of two stretches of one source for them to
be the same member of a group."""
ORTHOGRAPHIC_RATIO = 0.75
"""Least similarity of two differing words for the variant to count as orthographic."""

PARAMETERS = ("SHINGLE", "MAX_POSTINGS", "MAX_GAP", "MIN_WORDS", "EDGE", "MERGE_GAP",
              "MIN_SHARED_STEMS", "SENTENCE_THRESHOLD", "STRONG_SENTENCE", "STEM",
              "VERBATIM_IDENTITY", "NEIGHBOUR", "SAME_PASSAGE", "ORTHOGRAPHIC_RATIO")

UNIT_TAGS = {T + n for n in ("p", "ab", "l", "item", "note")}
"""Blocks collated. Headings and figure captions are left out: they are labels (the same
bibliographic heading recurs before every extract of a book), not passages."""
WORD = re.compile(r"\w+(?:['’‘]\w+)*", re.UNICODE)
SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
CLOSES_SENTENCE = re.compile(r"[.!?…][\"'”’)\]]*$")
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
    """A block of one source (a paragraph, a note…) identified by its nearest xml:id."""

    source: str
    siglum: str
    xml_id: str
    order: int
    text: str
    ancestors: tuple[str, ...] = ()  # xml:ids of the identified ancestors, outermost first


@dataclass(frozen=True, slots=True)
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


def stems(keys) -> frozenset[str]:
    return frozenset(k[:STEM] for k in keys if k not in STOPWORDS and len(k) > 2 and not k.isdigit())


def units_of(tree: etree._ElementTree, source: str, siglum: str, first_order: int = 0) -> list[Unit]:
    """The source's text blocks: innermost block elements, with the id of their nearest
    identified ancestor, in document order (editorial notes are not the source's text)."""
    text_el = tree.getroot().find(T + "text")
    if text_el is None:
        return []
    out = []
    for el in text_el.iter(*UNIT_TAGS):
        if _editorial(el):
            continue
        if any(d.tag in UNIT_TAGS for d in el.iterdescendants() if not _editorial(d)):
            continue
        if any(_editorial(a) for a in el.iterancestors()):
            continue
        chain = [a.get(XML_ID) for a in (el, *el.iterancestors()) if a.get(XML_ID)]
        content = " ".join(reading(el).text.split())
        if chain and content:
            out.append(Unit(source, siglum, chain[0], first_order + len(out), content,
                            tuple(reversed(chain[1:]))))
    return out


def _editorial(el: etree._Element) -> bool:
    return el.tag == T + "note" and el.get("type") == "editorial"


# ---------------------------------------------------------------------------- the corpus as streams

class Corpus:
    """Every unit's words in one array: the units of each source in document order (a source's
    *stream*), sources one after the other. Positions below are indexes into this array."""

    def __init__(self, units: list[Unit]):
        self.units = units
        self.unit_words = [words(u.text) for u in units]
        by_source: dict[str, list[int]] = defaultdict(list)
        for i, u in enumerate(units):
            by_source[u.source].append(i)
        self.sources = list(by_source)
        self.source_rank = {s: r for r, s in enumerate(self.sources)}
        self.keys: list[str] = []
        self.unit_at: list[int] = []
        self.local_at: list[int] = []
        self.unit_start = [0] * len(units)
        self.streams: list[tuple[int, int]] = []
        self.stream_at: list[int] = []
        for rank, source in enumerate(self.sources):
            begin = len(self.keys)
            for u in sorted(by_source[source], key=lambda i: units[i].order):
                self.unit_start[u] = len(self.keys)
                ws = self.unit_words[u]
                self.keys.extend(w.key for w in ws)
                self.unit_at.extend([u] * len(ws))
                self.local_at.extend(range(len(ws)))
            self.streams.append((begin, len(self.keys)))
            self.stream_at.extend([rank] * (len(self.keys) - begin))

        self.sentences: list[Sentence] = []
        for u in sorted(range(len(units)), key=lambda u: self.unit_start[u]):
            self.sentences.extend(sentences_of(units[u].text, self.unit_words[u], self.unit_start[u]))
        self.sentence_starts = [x.start for x in self.sentences]

    def sentence_after(self, g: int) -> int | None:
        """Index of the sentence that begins at g (or a word or two after), in g's stream."""
        i = bisect.bisect_left(self.sentence_starts, g)
        if (i < len(self.sentences) and self.sentences[i].start - g <= 2
                and self.stream_at[self.sentences[i].start] == self.stream_at[g - 1 if g else 0]):
            return i
        return None

    def sentence_before(self, g: int) -> int | None:
        """Index of the sentence that ends at g (or a word or two before), in g's stream."""
        i = bisect.bisect_left(self.sentence_starts, g) - 1
        if i >= 0 and g - self.sentences[i].end <= 2 and self.stream_at[self.sentences[i].start] == self.stream_at[g]:
            return i
        return None

    def unit_bounds(self, g: int) -> tuple[int, int]:
        u = self.unit_at[g]
        start = self.unit_start[u]
        return start, start + len(self.unit_words[u])

    def pieces(self, a: int, b: int) -> list[tuple[int, int, int]]:
        """(unit, first word, end word) of each unit the span [a, b) covers."""
        out: list[tuple[int, int, int]] = []
        g = a
        while g < b:
            u = self.unit_at[g]
            start = self.unit_start[u]
            end = min(b, start + len(self.unit_words[u]))
            out.append((u, g - start, end - start))
            g = end
        return out

    def text(self, a: int, b: int) -> str:
        parts = []
        for u, i, j in self.pieces(a, b):
            ws = self.unit_words[u]
            parts.append(self.units[u].text[ws[i].start:ws[j - 1].end].strip())
        return " ".join(parts)


@dataclass
class Region:
    """Two places that share a passage: word spans [a0, a1) and [b0, b1) of the corpus."""

    a0: int
    a1: int
    b0: int
    b1: int
    verbatim: bool = True
    score: float = 0.0  # best sentence similarity, for loose parallels
    sentence_pairs: int = 0
    stretches: int = 0  # verbatim stretches merged into it


# ---------------------------------------------------------------------------- verbatim detection

def verbatim_regions(corpus: Corpus) -> list[Region]:
    """Stretches shared word for word (with small gaps) by two places of the corpus."""
    keys = corpus.keys
    index: dict[int, list[int]] = defaultdict(list)
    for begin, end in corpus.streams:
        for i in range(begin, end - SHINGLE + 1):
            index[hash(tuple(keys[i:i + SHINGLE]))].append(i)
    seeds: list[tuple[int, int]] = []
    stream_at = corpus.stream_at
    for postings in index.values():
        if len(postings) < 2 or len(postings) > MAX_POSTINGS:
            continue
        for x in range(len(postings)):
            for y in range(x + 1, len(postings)):
                a, b = postings[x], postings[y]
                if stream_at[a] != stream_at[b] or b - a >= SHINGLE:
                    seeds.append((a, b))
    seeds.sort()
    out = []
    for a0, a1, b0, b1 in chain(seeds, stream_at):
        if stream_at[a0] == stream_at[b0] and a1 > b0:  # a passage repeated right after itself
            a1 = b0
        if a1 - a0 >= MIN_WORDS and b1 - b0 >= MIN_WORDS:
            out.append(Region(*extend(corpus, a0, a1, b0, b1), stretches=1))
    return out


def chain(seeds: list[tuple[int, int]], stream_at: list[int]) -> list[tuple[int, int, int, int]]:
    """Chain seed positions (sorted) into runs moving forward in both places on nearly the same
    diagonal. Runs are looked up by diagonal bucket, so each seed costs O(1)."""
    runs: list[list[int]] = []  # [a0, a1, b0, b1, diagonal]
    buckets: dict[tuple[int, int, int], list[int]] = defaultdict(list)
    for a, b in seeds:
        d = b - a
        pair = (stream_at[a], stream_at[b])
        bucket = d // MAX_GAP
        found = None
        for k in (bucket, bucket - 1, bucket + 1):
            live = buckets.get((*pair, k))
            if not live:
                continue
            live[:] = [r for r in live if runs[r][1] + MAX_GAP >= a]  # drop runs left behind
            for r in reversed(live):
                run = runs[r]
                if (run[0] <= a <= run[1] + MAX_GAP and run[2] <= b <= run[3] + MAX_GAP
                        and abs(d - run[4]) <= MAX_GAP):
                    found = r
                    break
            if found is not None:
                break
        if found is None:
            runs.append([a, a + SHINGLE, b, b + SHINGLE, d])
            buckets[(*pair, bucket)].append(len(runs) - 1)
            continue
        run = runs[found]
        run[1] = max(run[1], a + SHINGLE)
        run[3] = max(run[3], b + SHINGLE)
        if d // MAX_GAP != run[4] // MAX_GAP:
            buckets[(*pair, bucket)].append(found)
        run[4] = d
    return [tuple(r[:4]) for r in runs]


def extend(corpus: Corpus, a0: int, a1: int, b0: int, b1: int) -> tuple[int, int, int, int]:
    """Stretch a match over the words both places still share just before and after it (a
    variant near the edge leaves too few equal words for a shingle), within their blocks; then
    over up to EDGE differing words when both places end their block there."""
    keys = corpus.keys
    (ua0, _), (ub0, _) = corpus.unit_bounds(a0), corpus.unit_bounds(b0)
    _, ua1 = corpus.unit_bounds(a1 - 1)
    _, ub1 = corpus.unit_bounds(b1 - 1)
    # Backwards.
    wa = keys[max(ua0, a0 - 2 * MAX_GAP):a0][::-1]
    wb = keys[max(ub0, b0 - 2 * MAX_GAP):b0][::-1]
    da, db = _reach(wa, wb)
    a0, b0 = a0 - da, b0 - db
    if 0 < a0 - ua0 <= EDGE and 0 < b0 - ub0 <= EDGE:
        a0, b0 = ua0, ub0
    # Forwards.
    wa = keys[a1:min(ua1, a1 + 2 * MAX_GAP)]
    wb = keys[b1:min(ub1, b1 + 2 * MAX_GAP)]
    da, db = _reach(wa, wb)
    a1, b1 = a1 + da, b1 + db
    if 0 < ua1 - a1 <= EDGE and 0 < ub1 - b1 <= EDGE:
        a1, b1 = ua1, ub1
    # A passage does not begin with the last few words of a block, nor end with the first few
    # words of the next, in either place.
    spill = max(_spill_start(corpus, a0, a1), _spill_start(corpus, b0, b1))
    if spill:
        a0, b0 = a0 + spill, b0 + spill
    spill = max(_spill_end(corpus, a0, a1), _spill_end(corpus, b0, b1))
    if spill:
        a1, b1 = a1 - spill, b1 - spill
    return a0, a1, b0, b1


def _spill_start(corpus: Corpus, a0: int, a1: int) -> int:
    _, end = corpus.unit_bounds(a0)
    return end - a0 if end < a1 and end - a0 <= EDGE else 0


def _spill_end(corpus: Corpus, a0: int, a1: int) -> int:
    start, _ = corpus.unit_bounds(a1 - 1)
    return a1 - start if start > a0 and a1 - start <= EDGE else 0


def _reach(wa: list[str], wb: list[str]) -> tuple[int, int]:
    """How far two word windows (starting at the match's edge) keep matching: equal runs of at
    least two words (or one that reaches a window's end), with gaps of at most EDGE words."""
    if not wa or not wb:
        return 0, 0
    reach_a = reach_b = 0
    for i, j, size in difflib.SequenceMatcher(None, wa, wb, autojunk=False).get_matching_blocks():
        if size == 0:
            break
        if i - reach_a > EDGE or j - reach_b > EDGE or i < reach_a or j < reach_b:
            break
        if size < 2 and i + size < len(wa) and j + size < len(wb):
            break
        reach_a, reach_b = i + size, j + size
    return reach_a, reach_b


# ---------------------------------------------------------------------------- loose parallels

@dataclass(frozen=True, slots=True)
class Sentence:
    start: int  # corpus position
    end: int
    stems: frozenset[str]


def sentences_of(text: str, ws: list[Word], offset: int) -> list[Sentence]:
    out = []
    cuts = [m.end() for m in SENTENCE_END.finditer(text)] + [len(text) + 1]
    w = 0
    for cut in cuts:
        first = w
        while w < len(ws) and ws[w].start < cut:
            w += 1
        if w > first:
            out.append(Sentence(offset + first, offset + w, stems(x.key for x in ws[first:w])))
    return out


def loose_regions(corpus: Corpus, verbatim: list[Region]) -> list[Region]:
    """Sentence pairs of two places whose content stems overlap enough (idf-weighted), unless
    one verbatim stretch already pairs them."""
    sents = corpus.sentences
    starts = corpus.sentence_starts
    explained: dict[int, set[int]] = defaultdict(set)  # sentence → verbatim regions covering it
    for n, r in enumerate(verbatim):
        for a, b in ((r.a0, r.a1), (r.b0, r.b1)):
            i = max(bisect.bisect_right(starts, a) - 1, 0)
            while i < len(sents) and sents[i].start < b:
                s = sents[i]
                if 2 * (min(b, s.end) - max(a, s.start)) >= s.end - s.start:
                    explained[i].add(n)
                i += 1
    df: dict[str, int] = defaultdict(int)
    for s in sents:
        for stem in s.stems:
            df[stem] += 1
    total = max(len(sents), 1)
    idf = {stem: math.log(total / c) for stem, c in df.items()}
    index: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(sents):
        for stem in s.stems:
            index[stem].append(i)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    unit_at = corpus.unit_at
    for postings in index.values():
        if len(postings) > MAX_POSTINGS:
            continue
        for x in range(len(postings)):
            for y in range(x + 1, len(postings)):
                i, j = postings[x], postings[y]
                if unit_at[sents[i].start] != unit_at[sents[j].start]:
                    shared[(i, j)] += 1
    out = []
    for (i, j), count in sorted(shared.items()):
        if count < MIN_SHARED_STEMS or (explained.get(i, set()) & explained.get(j, set())):
            continue
        a, b = sents[i], sents[j]
        score = (sum(idf[s] for s in a.stems & b.stems)
                 / max(sum(idf[s] for s in a.stems | b.stems), 1e-9))
        if score >= SENTENCE_THRESHOLD:
            out.append(Region(a.start, a.end, b.start, b.end, False, score, 1))
    return out


# ---------------------------------------------------------------------------- regions

def merge_regions(corpus: Corpus, regions: list[Region]) -> list[Region]:
    """Regions of the same two streams that follow each other in both are one region."""
    by_pair: dict[tuple[int, int], list[Region]] = defaultdict(list)
    for r in regions:
        by_pair[(corpus.stream_at[r.a0], corpus.stream_at[r.b0])].append(r)
    out = []
    for pair in sorted(by_pair):
        merged: list[Region] = []
        for r in sorted(by_pair[pair], key=lambda r: (r.a0, r.b0)):
            for m in reversed(merged[-8:]):
                # r continues m: it starts at most MERGE_GAP words after m ends in both places,
                # and about as far in both (on m's diagonal, give or take a translation's drift).
                ga, gb = r.a0 - m.a1, r.b0 - m.b1
                drift = max(MERGE_GAP, 0.3 * min(m.a1 - m.a0, m.b1 - m.b0))
                if (m.a0 <= r.a0 and m.b0 <= r.b0 and ga <= MERGE_GAP and gb <= MERGE_GAP
                        and abs(ga - gb) <= drift
                        and (r.a1 <= m.b0 or r.a0 >= m.b1 or pair[0] != pair[1])):
                    m.a1, m.b1 = max(m.a1, r.a1), max(m.b1, r.b1)
                    m.verbatim = m.verbatim and r.verbatim
                    m.score = max(m.score, r.score)
                    m.sentence_pairs += r.sentence_pairs
                    m.stretches += r.stretches
                    break
            else:
                merged.append(Region(r.a0, r.a1, r.b0, r.b1, r.verbatim, r.score, r.sentence_pairs,
                                     r.stretches))
        out.extend(merged)
    return out


def settle(corpus: Corpus, regions: list[Region]) -> list[Region]:
    """Keep the regions that are real parallels; decide verbatim or loose by their aligned words;
    cut verbatim regions where both places start a new block at the same point."""
    out = []
    for r in regions:
        ka, kb = corpus.keys[r.a0:r.a1], corpus.keys[r.b0:r.b1]
        matcher = difflib.SequenceMatcher(None, ka, kb, autojunk=False)
        if matcher.ratio() >= VERBATIM_IDENTITY:
            r.verbatim = True
            out.extend(cut_at_shared_breaks(corpus, r, matcher))
            continue
        # Loose: two sentence pairs, one strong one, or a verbatim stretch inside.
        r.verbatim = False
        extend_loose(corpus, r)
        if r.sentence_pairs >= 2 or r.score >= STRONG_SENTENCE or r.stretches:
            out.append(r)
    return out


def extend_loose(corpus: Corpus, r: Region) -> None:
    """Once two places are known to be parallel, the sentences just before and after them are
    taken in while they stay similar (NEIGHBOUR; one sentence may face two)."""
    sents = corpus.sentences
    same = corpus.stream_at[r.a0] == corpus.stream_at[r.b0]
    for forward in (True, False):
        while True:
            step = corpus.sentence_after if forward else corpus.sentence_before
            ia, ib = step(r.a1 if forward else r.a0), step(r.b1 if forward else r.b0)
            if ia is None or ib is None:
                break
            d = 1 if forward else -1
            options = []
            for na, nb in ((1, 1), (2, 1), (1, 2)):
                xa = [sents[ia + d * k] for k in range(na) if 0 <= ia + d * k < len(sents)]
                xb = [sents[ib + d * k] for k in range(nb) if 0 <= ib + d * k < len(sents)]
                if len(xa) < na or len(xb) < nb:
                    continue
                if any(corpus.stream_at[x.start] != corpus.stream_at[r.a0] for x in xa) or any(
                        corpus.stream_at[x.start] != corpus.stream_at[r.b0] for x in xb):
                    continue
                sa = frozenset().union(*(x.stems for x in xa))
                sb = frozenset().union(*(x.stems for x in xb))
                dice = 2 * len(sa & sb) / (len(sa) + len(sb)) if sa and sb else 0.0
                options.append((dice, -na - nb, xa, xb))
            if not options:
                break
            dice, _, xa, xb = max(options, key=lambda o: o[:2])
            if dice < NEIGHBOUR:
                break
            a0, a1 = min(x.start for x in xa), max(x.end for x in xa)
            b0, b1 = min(x.start for x in xb), max(x.end for x in xb)
            if forward:
                na1, nb1 = a1, b1
                if same and na1 > r.b0:
                    break
                r.a1, r.b1 = na1, nb1
            else:
                if same and r.a1 > b0:
                    break
                r.a0, r.b0 = a0, b0
            r.sentence_pairs += 1


def cut_at_shared_breaks(corpus: Corpus, r: Region, matcher: difflib.SequenceMatcher) -> list[Region]:
    breaks_b = {corpus.unit_start[u] - r.b0 for u, i, _ in corpus.pieces(r.b0, r.b1) if i == 0}
    cuts = []
    for tag, i1, i2, j1, _ in matcher.get_opcodes():
        if tag != "equal":
            continue
        for i in range(max(i1, 1), i2 + 1):
            g = r.a0 + i
            if g < r.a1 and corpus.unit_start[corpus.unit_at[g]] == g and (j1 + i - i1) in breaks_b:
                cuts.append((i, j1 + i - i1))
    if not cuts:
        return [r]
    out = []
    pa, pb = 0, 0
    for ca, cb in sorted(set(cuts)) + [(r.a1 - r.a0, r.b1 - r.b0)]:
        if ca > pa and cb > pb:
            out.append(Region(r.a0 + pa, r.a0 + ca, r.b0 + pb, r.b0 + cb, True))
        pa, pb = ca, cb
    return out


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


def group_places(corpus: Corpus, regions: list[Region]) -> list[list[tuple[int, int]]]:
    """Groups of places (word spans): the two places of a region are in one group, and so are
    two places of one stream that overlap by at least SAME_PASSAGE. Each group: its members,
    one span per distinct passage, sorted by position."""
    spans: list[tuple[int, int]] = []
    for r in regions:
        spans.extend(((r.a0, r.a1), (r.b0, r.b1)))
    uf = _UnionFind()
    for k in range(0, len(spans), 2):
        uf.union(k, k + 1)
    order = sorted(range(len(spans)), key=lambda k: spans[k])
    active: list[int] = []
    for k in order:
        a, b = spans[k]
        active = [x for x in active if spans[x][1] > a]
        for x in active:
            xa, xb = spans[x]
            inter = min(b, xb) - max(a, xa)
            if inter > 0 and inter >= SAME_PASSAGE * (max(b, xb) - min(a, xa)):
                uf.union(k, x)
        active.append(k)
    components: dict[int, list[int]] = defaultdict(list)
    for k in range(len(spans)):
        components[uf.find(k)].append(k)
    groups = []
    for members in components.values():
        merged: list[list[int]] = []
        for a, b in sorted(spans[k] for k in members):
            if merged and a < merged[-1][1] and corpus.stream_at[a] == corpus.stream_at[merged[-1][0]]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        if len(merged) > 1:
            groups.append([tuple(m) for m in merged])
    return sorted(groups)


# ---------------------------------------------------------------------------- alignment

@dataclass
class Row:
    """One aligned stretch of a group: every member's text for one stretch of the base.
    Rows with the same ``block`` are shown side by side as one row of the synoptic view."""

    readings: list[str]  # one per member, in member order
    variant: dict | None = None  # {"class", "type"} when the members differ
    block: int = 0


@dataclass
class Member:
    source: str
    siglum: str
    xml_id: str  # the enclosing element: the block, or the nearest element holding all blocks
    text: str
    order: int
    xml_ids: list[str] = field(default_factory=list)  # every block the passage runs over
    start: int = 0  # corpus position (for ordering)


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
                        "class": row.variant["class"], "type": row.variant["type"],
                        "row": row.block})
        return out

    @property
    def blocks(self) -> list[list[Row]]:
        out: list[list[Row]] = []
        for row in self.rows:
            if not out or out[-1][-1].block != row.block:
                out.append([])
            out[-1].append(row)
        return out


def align(texts: list[str], block: int = 0) -> list[Row]:
    """Align every text with the first (the base) on words; punctuation rides along with the
    word before it and never decides the alignment."""
    tokenised = [words(t) for t in texts]
    base = tokenised[0]
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

    def surface(ws: list[Word], text: str, a: int, b: int) -> str:
        if a >= b:
            return ""
        return text[ws[a].start:ws[b - 1].end].strip()

    rows: list[Row] = []
    previous = [0] * len(texts)
    for cut in cuts[1:] + [None]:
        ends = [len(base) if cut is None else cut] + [
            (len(tokenised[k + 1]) if cut is None else project(opcodes[k], cut))
            for k in range(len(texts) - 1)]
        spans = list(zip(previous, ends))
        same_words = all(b - a == ends[0] - previous[0] and
                         [w.key for w in tokenised[k][a:b]] == [w.key for w in base[previous[0]:ends[0]]]
                         for k, (a, b) in enumerate(spans))
        if same_words and ends[0] - previous[0] > 1:
            # The same words: a row per run of identical surfaces, and one per word whose
            # punctuation or spelling differs.
            run_start = 0
            length = ends[0] - previous[0]
            for i in range(length + 1):
                differs = i < length and len({surface(tokenised[k], texts[k], a + i, a + i + 1)
                                              for k, (a, _) in enumerate(spans)}) > 1
                if i == length or differs:
                    if i > run_start:
                        readings = [surface(tokenised[k], texts[k], a + run_start, a + i)
                                    for k, (a, _) in enumerate(spans)]
                        rows.append(Row(readings, classify(readings), block))
                    if differs:
                        readings = [surface(tokenised[k], texts[k], a + i, a + i + 1)
                                    for k, (a, _) in enumerate(spans)]
                        rows.append(Row(readings, classify(readings), block))
                    run_start = i + 1
        else:
            readings = [surface(tokenised[k], texts[k], a, b) for k, (a, b) in enumerate(spans)]
            if any(readings):
                rows.append(Row(readings, classify(readings), block))
        previous = ends
    return merge_equal_rows(rows)


def merge_equal_rows(rows: list[Row]) -> list[Row]:
    out: list[Row] = []
    for row in rows:
        if out and row.variant is None and out[-1].variant is None and row.block == out[-1].block:
            out[-1] = Row([(a + " " + b).strip() for a, b in zip(out[-1].readings, row.readings)],
                          None, row.block)
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


def split_sentences(text: str) -> list[str]:
    cuts = [0] + [m.end() for m in SENTENCE_END.finditer(text)] + [len(text)]
    return [text[a:b].strip() for a, b in zip(cuts, cuts[1:]) if text[a:b].strip()]


def align_sentences(base: list[str], other: list[str]) -> list[tuple[int, int, int, int]]:
    """Monotone sentence alignment by lexical similarity (Dice on content stems): beads
    (base from, base to, other from, other to) of 1–1, 1–2, 2–1, 1–0 and 0–1 sentences."""
    sb = [stems(w.key for w in words(s)) for s in base]
    so = [stems(w.key for w in words(s)) for s in other]

    def sim(x: frozenset, y: frozenset) -> float:
        return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0

    n, m = len(base), len(other)
    best = [[-1.0] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if best[i][j] < 0:
                continue
            here = best[i][j]
            moves = [(1, 0, 0.0), (0, 1, 0.0)]
            if i < n and j < m:
                moves.append((1, 1, sim(sb[i], so[j]) + 0.05))
            if i + 1 < n and j < m:
                moves.append((2, 1, sim(sb[i] | sb[i + 1], so[j])))
            if i < n and j + 1 < m:
                moves.append((1, 2, sim(sb[i], so[j] | so[j + 1])))
            for di, dj, gain in moves:
                ni, nj = i + di, j + dj
                if ni <= n and nj <= m and here + gain > best[ni][nj] + 1e-12:
                    best[ni][nj] = here + gain
                    back[ni][nj] = (di, dj)
    beads = []
    i, j = n, m
    while i or j:
        di, dj = back[i][j]
        beads.append((i - di, i, j - dj, j))
        i, j = i - di, j - dj
    return beads[::-1]


def align_loose(texts: list[str]) -> list[Row]:
    """Rows for a loose parallel: sentences aligned with the base's first, then the words of
    each row aligned as for verbatim reuse."""
    base = split_sentences(texts[0]) or [texts[0]]
    others = [split_sentences(t) for t in texts[1:]]
    beads = [align_sentences(base, o) for o in others]
    # A base sentence boundary is kept where no member's bead runs across it.
    cuts = set(range(1, len(base)))
    for bs in beads:
        for b0, b1, _, _ in bs:
            cuts -= set(range(b0 + 1, b1))
    edges = [0] + sorted(cuts) + [len(base)]
    blocks = list(zip(edges, edges[1:]))

    def block_of(i: int) -> int:  # base sentence → block index (inserts go with the one before)
        for k, (a, b) in enumerate(blocks):
            if a <= i < b:
                return k
        return len(blocks) - 1

    parts: list[list[list[str]]] = [[[] for _ in texts] for _ in blocks]
    for a, b in blocks:
        parts[block_of(a)][0] = base[a:b]
    for k, bs in enumerate(beads, start=1):
        for b0, b1, o0, o1 in bs:
            target = block_of(b0 if b1 > b0 else max(b0 - 1, 0))
            parts[target][k].extend(others[k - 1][o0:o1])
    rows: list[Row] = []
    for n, block in enumerate(parts):
        rows.extend(align([" ".join(p) for p in block], n))
    return rows


def number_blocks(rows: list[Row]) -> list[Row]:
    """Verbatim groups: one synoptic row per sentence of the base. A row the members agree on
    (or that some members lack altogether) is split where the base's sentences end."""
    out: list[Row] = []
    block = 0
    for row in rows:
        present = {t for t in row.readings if t}
        if len(present) == 1:
            text = present.pop()
            pieces = split_sentences(text)
            for n, piece in enumerate(pieces):
                readings = [piece if r else "" for r in row.readings]
                out.append(Row(readings, row.variant, block))
                if n < len(pieces) - 1 or CLOSES_SENTENCE.search(piece):
                    block += 1
        else:
            out.append(Row(row.readings, row.variant, block))
    # Renumber densely from 1.
    numbers: dict[int, int] = {}
    for row in out:
        row.block = numbers.setdefault(row.block, len(numbers) + 1)
    return out


# ---------------------------------------------------------------------------- the whole run

@dataclass
class Collation:
    groups: list[Group]
    units: list[Unit]
    parameters: dict


def collate(units: list[Unit]) -> Collation:
    corpus = Corpus(units)
    verbatim = verbatim_regions(corpus)
    loose = loose_regions(corpus, verbatim)
    regions = settle(corpus, merge_regions(corpus, verbatim + loose))
    groups = [make_group(corpus, places) for places in group_places(corpus, regions)]
    assign_ids(corpus, groups)
    groups.sort(key=lambda g: (min(m.start for m in g.members), g.id))
    return Collation(groups, units, {name: globals()[name] for name in PARAMETERS})


def make_group(corpus: Corpus, places: list[tuple[int, int]]) -> Group:
    members = []
    for a, b in places:
        pieces = corpus.pieces(a, b)
        units = [corpus.units[u] for u, _, _ in pieces]
        members.append(Member(units[0].source, units[0].siglum, enclosing_id(units),
                              corpus.text(a, b), units[0].order,
                              [u.xml_id for u in dict.fromkeys(units)], a))
    # The longest member is the base, so the others' omissions read as omissions.
    base = max(range(len(members)), key=lambda i: (len(members[i].text), -members[i].start))
    ordered = [members[base]] + members[:base] + members[base + 1:]
    texts = [m.text for m in ordered]
    base_keys = [w.key for w in words(texts[0])]
    identity = min(difflib.SequenceMatcher(None, base_keys, [w.key for w in words(t)],
                                           autojunk=False).ratio() for t in texts[1:])
    group = Group("", "verbatim", ordered)
    if identity >= VERBATIM_IDENTITY:
        group.rows = number_blocks(align(texts))
        if any(r.variant and r.variant["class"] == "substantive" for r in group.rows):
            group.kind = "variant"
    else:
        group.kind = "translation"
        group.rows = align_loose(texts)
        numbers: dict[int, int] = {}
        for row in group.rows:
            row.block = numbers.setdefault(row.block, len(numbers) + 1)
        group.score = round(identity, 3)
    return group


def enclosing_id(units: list[Unit]) -> str:
    """The block's id, or for a passage over several blocks the nearest identified element
    that holds them all (the first block's id when none does)."""
    if len({u.xml_id for u in units}) == 1:
        return units[0].xml_id
    chains = [(*u.ancestors, u.xml_id) for u in units]
    common = None
    for level in zip(*chains):
        if len(set(level)) != 1:
            break
        common = level[0]
    return common or units[0].xml_id


def assign_ids(corpus: Corpus, groups: list[Group]) -> None:
    firsts = sorted(groups, key=lambda g: (min(m.start for m in g.members), len(g.members[0].text)))
    seen: dict[str, int] = defaultdict(int)
    for g in firsts:
        first = min(g.members, key=lambda m: m.start)
        anchor = corpus.units[corpus.unit_at[first.start]].xml_id
        seen[anchor] += 1
        g.id = f"par-{anchor}" + (f"-{seen[anchor]}" if seen[anchor] > 1 else "")


def edition_units(edition) -> list[Unit]:
    """Units of every source of a loaded edition (edition.context.Edition)."""
    out: list[Unit] = []
    for src in edition.sources:
        rel = Path(edition.cfg.tei_dir) / src.witness.file
        out.extend(units_of(src.tree, rel.as_posix(), src.witness.siglum, len(out)))
    return out


# ---------------------------------------------------------------------------- representations

def to_json(collation: Collation) -> list[dict]:
    """``build/data/parallels.json``: one object per group (see docs/comparison.md)."""
    return [{
        "id": g.id,
        "kind": g.kind,
        "members": [{"source": m.source, "siglum": m.siglum, "xml_id": m.xml_id,
                     "xml_ids": m.xml_ids, "text": m.text} for m in g.members],
        "variants": g.variants,
        **({"similarity": g.score} if g.score is not None else {}),
    } for g in collation.groups]


def membership(collation: Collation) -> dict[str, list[dict]]:
    """xml:id of every block → the groups it belongs to, with the other members' sigla (the
    parameter ``parallels-json`` of the reading stylesheet)."""
    out: dict[str, list[dict]] = defaultdict(list)
    for g in collation.groups:
        for k, m in enumerate(g.members):
            others = [o.siglum for j, o in enumerate(g.members) if j != k]
            for xml_id in m.xml_ids:
                entry = {"group": g.id, "kind": g.kind, "sigla": list(dict.fromkeys(others))}
                if entry not in out[xml_id]:
                    out[xml_id].append(entry)
    return dict(out)


def to_tei(collation: Collation, witness_pointer, source_pointer) -> etree._ElementTree:
    """Standoff TEI: per group a ``div`` with the members (``linkGrp`` of ``ptr``) and the
    collation in parallel segmentation, one ``ab`` per synoptic row; ``rdg/@wit`` points to the
    witnesses (sigla), ``rdg/@corresp`` to the members (a source may be a member twice).

    *witness_pointer(siglum)* and *source_pointer(source, xml_id)* give the URIs to write, relative
    to where the file will be saved.
    """
    tei = etree.Element(T + "TEI", nsmap={None: TEI_NS})
    tei.set("{%s}lang" % XML_NS, "en")
    header = etree.SubElement(tei, T + "teiHeader")
    file_desc = etree.SubElement(header, T + "fileDesc")
    title_stmt = etree.SubElement(file_desc, T + "titleStmt")
    etree.SubElement(title_stmt, T + "title").text = "Parallel passages of the Sedov edition"
    pub = etree.SubElement(file_desc, T + "publicationStmt")
    etree.SubElement(pub, T + "p").text = "Generated by `edition collate`; do not edit."
    src = etree.SubElement(file_desc, T + "sourceDesc")
    etree.SubElement(src, T + "p").text = "Computed from the TEI files of the edition."
    enc = etree.SubElement(header, T + "encodingDesc")
    proj = etree.SubElement(enc, T + "projectDesc")
    etree.SubElement(proj, T + "p").text = "Detection parameters: " + ", ".join(
        f"{k}={v}" for k, v in collation.parameters.items())
    etree.SubElement(enc, T + "variantEncoding", method="parallel-segmentation",
                     location="internal")
    text = etree.SubElement(tei, T + "text")
    body = etree.SubElement(text, T + "body")
    if not collation.groups:
        etree.SubElement(body, T + "p").text = "No shared passages were found."
    for g in collation.groups:
        div = etree.SubElement(body, T + "div", type="parallel", subtype=g.kind)
        div.set(XML_ID, g.id)
        links = etree.SubElement(div, T + "linkGrp", type="members")
        member_ids = []
        for k, m in enumerate(g.members, start=1):
            ptr = etree.SubElement(links, T + "ptr", n=m.siglum, target=" ".join(
                source_pointer(m.source, x) for x in m.xml_ids))
            member_ids.append(f"{g.id}-m{k}")
            ptr.set(XML_ID, member_ids[-1])
        for block in g.blocks:
            ab = etree.SubElement(div, T + "ab", type="collation", n=str(block[0].block))
            last = None
            for row in block:
                if row.variant is None:
                    chunk = row.readings[0] + " "
                    if last is None:
                        ab.text = (ab.text or "") + chunk
                    else:
                        last.tail = (last.tail or "") + chunk
                    continue
                app = etree.SubElement(ab, T + "app", type=row.variant["class"],
                                       subtype=row.variant["type"])
                app.tail = " "
                grouped: dict[str, list[int]] = {}
                for k, reading_text in enumerate(row.readings):
                    grouped.setdefault(reading_text, []).append(k)
                for reading_text, ks in grouped.items():
                    rdg = etree.SubElement(app, T + "rdg", wit=" ".join(dict.fromkeys(
                        witness_pointer(g.members[k].siglum) for k in ks)))
                    rdg.set("corresp", " ".join("#" + member_ids[k] for k in ks))
                    rdg.text = reading_text
                last = app
            if last is not None and last.tail:
                last.tail = last.tail.rstrip()
            elif ab.text:
                ab.text = ab.text.rstrip()
    return etree.ElementTree(tei)
