"""The timeline: every dated event in the sources, from their ``<date>`` markup, grouped by event.

How dates become events (documented for readers on the timeline page):

1. **Which dates.** Every ``date`` in a source's ``text`` with an ISO value that has a year
   (``@when``, ``@from``/``@to``, ``@notBefore``/``@notAfter``). Not events, and left out: dates
   in editorial notes, in ``title`` and ``bibl`` (a work's year), a year in parentheses right after
   a title ("*Trotsky* (2009)", the year of a book), dates in the colophon and web boilerplate, and
   recurring dates without a year (``--08-20``).
2. **Which event.** A date belongs to a *life event* of a person (birth or death) when its
   sentence speaks of one ("born", "birth"; "died", "death", "murder", "killed", "shot"…) and
   names a person (``persName/@ref``) whose register entry dates that event within two years of
   it (a date that differs from the register's must stand within 40 characters of the word for
   the event: "died on 15 February", not "murdered … the archives in November 1936"); of several such persons the one whose register date is nearest wins. A sentence that
   names nobody ("he died on the 16th") looks at the persons named in its paragraph, and takes
   only a register date that agrees with it. Every other
   date is grouped with the dates of the same value ("August 1936") across the sources.
3. **Conflicts.** The attestations of a life event are compared with each other and with the
   register's date: values that cannot both be true (16 and 15 February; 1936 and 1937) mark the
   event as conflicting, and each differing value is shown. A date followed by an editorial note
   of subtype ``slip`` carries the note, so a wrong date stated by a source is visible as such.

4. **The editors' account.** ``tei/discrepancies.xml`` (``docs/discrepancies-format.md``) lists
   the points on which the sources disagree; those of subtype ``date`` are shown with their
   claims (each linking to its passage) and the editors' note, and each is attached to the
   timeline event whose passages its claims point to most.

Dates are placed by their Gregorian value (``@when``); Julian dates (``@when-custom`` with
``@datingMethod``) show their Old Style value beside it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from itertools import groupby

from lxml import etree

from .. import TEI_NS, text as text_mod
from ..context import Edition, enclosing_id

T = "{%s}" % TEI_NS
KINDS = {
    "birth": re.compile(r"\b(born|birth)\b", re.I),
    "death": re.compile(r"\b(died|dies|dead|death|murder(?:ed)?|killed|assassinat\w*|executed|shot)\b", re.I),
}
KIND_TITLES = {"birth": "Birth of {}", "death": "Death of {}"}
TOLERANCE_DAYS = 2 * 366
NEAR_CHARS = 40
DISCREPANCIES = "discrepancies.xml"
NOT_EVENTS = {T + "note", T + "title", T + "bibl", T + "biblStruct", T + "teiHeader"}
NOT_EVENT_TYPES = {"colophon", "boilerplate"}
ABBREVIATIONS = {"feb", "jan", "aug", "sept", "sep", "oct", "nov", "dec", "st", "dr", "mr", "mrs",
                 "no", "pp", "ed", "vol", "cf", "ca", "c", "jr", "sr", "mme", "mlle"}


@dataclass(frozen=True)
class Span:
    """An ISO date value as an interval of days."""

    iso: str
    start: dt.date
    end: dt.date

    def compatible(self, other: "Span") -> bool:
        return self.start <= other.end and other.start <= self.end

    def distance(self, other: "Span") -> int:
        if self.compatible(other):
            return 0
        return min(abs((self.start - other.end).days), abs((other.start - self.end).days))

    @property
    def label(self) -> str:
        return format_iso(self.iso)


def parse_iso(value: str | None, end: bool = False) -> tuple[dt.date, dt.date] | None:
    """``1938``, ``1938-02``, ``1938-02-16`` → (first day, last day); else None."""
    if not value:
        return None
    m = re.fullmatch(r"(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value.strip())
    if not m:
        return None
    year, month, day = int(m[1]), m[2], m[3]
    try:
        if day:
            d = dt.date(year, int(month), int(day))
            return d, d
        if month:
            first = dt.date(year, int(month), 1)
            nxt = dt.date(year + (month == "12"), int(month) % 12 + 1, 1)
            return first, nxt - dt.timedelta(days=1)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:
        return None


def span_of(el: etree._Element) -> Span | None:
    """The interval a TEI date element states (``@when``, else ``@from``–``@to``, else
    ``@notBefore``–``@notAfter``)."""
    if el.get("when"):
        found = parse_iso(el.get("when"))
        return Span(el.get("when"), *found) if found else None
    for lo, hi in (("from", "to"), ("notBefore", "notAfter")):
        a, b = parse_iso(el.get(lo)), parse_iso(el.get(hi))
        if a or b:
            first, last = (a or b)[0], (b or a)[1]
            iso = "/".join(v for v in (el.get(lo), el.get(hi)) if v)
            return Span(iso, first, last)
    return None


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def format_iso(iso: str) -> str:
    """``1938-02-16`` → 16 February 1938; ``1936-06/1936-08`` → June 1936 – August 1936."""
    if "/" in iso:
        return " – ".join(format_iso(part) for part in iso.split("/"))
    m = re.fullmatch(r"(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", iso)
    if not m:
        return iso
    parts = [str(int(m[3])) if m[3] else None, MONTHS[int(m[2]) - 1] if m[2] else None, m[1]]
    return " ".join(p for p in parts if p)


@dataclass
class Attestation:
    """One date in one source."""

    source: str
    siglum: str
    anchor: str | None
    printed: str
    span: Span
    sentence: str
    inferred: str = ""
    julian: str = ""
    slip: str = ""

    @property
    def href(self) -> str:
        return f"sources/{self.source}.html" + (f"#{self.anchor}" if self.anchor else "")


@dataclass
class Claim:
    siglum: str
    href: str
    anchor: str
    statement: str
    quote: str


@dataclass
class Discrepancy:
    """A point of disagreement on a date, from the editors' ``discrepancies.xml``."""

    id: str
    label: str
    claims: list[Claim]
    note: str

    @property
    def anchors(self) -> set[str]:
        return {c.anchor for c in self.claims}


@dataclass
class Event:
    key: str
    title: str
    kind: str  # "birth", "death" or "date"
    reference: Span | None = None
    attestations: list[Attestation] = field(default_factory=list)
    discrepancies: list[Discrepancy] = field(default_factory=list)

    @property
    def start(self) -> dt.date:
        return min([a.span.start for a in self.attestations]
                   + ([self.reference.start] if self.reference else []))

    @property
    def values(self) -> list[str]:
        """The distinct values stated, in order of first appearance."""
        return list(dict.fromkeys(a.span.iso for a in self.attestations))

    @property
    def conflict(self) -> bool:
        spans = [a.span for a in self.attestations] + ([self.reference] if self.reference else [])
        return any(not a.compatible(b) for i, a in enumerate(spans) for b in spans[i + 1:])

    @property
    def sigla(self) -> list[str]:
        return list(dict.fromkeys(a.siglum for a in self.attestations))


@dataclass
class Timeline:
    events: list[Event]
    sources: list[dict]
    left_out: int = 0
    discrepancies: list[Discrepancy] = field(default_factory=list)


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def date_discrepancies(path) -> list[Discrepancy]:
    """The date disagreements of the editors' file (empty when there is none)."""
    if not path.exists():
        return []
    from ..xmlio import parse

    found = []
    for event in parse(path).getroot().iter(T + "event"):
        if event.get("subtype") != "date":
            continue
        claims = []
        for note in event.findall(T + "note"):
            target = note.get("target") or ""
            if note.get("type") != "claim" or "#" not in target:
                continue
            file, anchor = target.split("#", 1)
            claims.append(Claim(note.get("n") or "", f"sources/{file.removesuffix('.xml')}.html#{anchor}",
                                anchor, _text(note.find(f"{T}seg[@type='normalised']")),
                                _text(note.find(T + "quote"))))
        editorial = next((n for n in event.findall(T + "note") if n.get("type") == "editorial"), None)
        found.append(Discrepancy(event.get("{http://www.w3.org/XML/1998/namespace}id") or "",
                                 _text(event.find(T + "label")), claims, _text(editorial)))
    return found


def attach(events: list[Event], discrepancies: list[Discrepancy]) -> None:
    """Attach each discrepancy to the event most of whose passages its claims point to."""
    for disc in discrepancies:
        scored = [(len(disc.anchors & {a.anchor for a in e.attestations}), e) for e in events]
        best = max(scored, key=lambda pair: pair[0], default=(0, None))
        if best[0]:
            best[1].discrepancies.append(disc)


def life_dates(edition: Edition) -> dict[str, dict]:
    """``persons.xml#id`` → its standard name and its birth and death spans (register dates)."""
    tree = edition.registers.get("persons.xml")
    found: dict[str, dict] = {}
    if tree is None:
        return found
    for person in tree.getroot().iter(T + "person"):
        xml_id = person.get("{http://www.w3.org/XML/1998/namespace}id")
        names = person.findall(T + "persName")
        standard = next((n for n in names if n.get("type") == "standard"), names[0] if names else None)
        entry = {"name": " ".join("".join(standard.itertext()).split()) if standard is not None else xml_id}
        for kind in ("birth", "death"):
            el = person.find(T + kind)
            entry[kind] = span_of(el) if el is not None else None
        found[f"persons.xml#{xml_id}"] = entry
    return found


def is_event_date(date: etree._Element) -> bool:
    for anc in date.iterancestors():
        if anc.tag in NOT_EVENTS or anc.get("type") in NOT_EVENT_TYPES:
            return False
    prev = date.getprevious()
    if prev is not None and prev.tag == T + "title" and (prev.tail or "").strip() == "(":
        return False  # "Stalin's Nemesis (2009)": the year of a book
    return True


def flatten(block: etree._Element) -> tuple[str, list[tuple[int, int, etree._Element]]]:
    """The block's source reading as one string, and the (start, end) offsets of each element."""
    chars: list[str] = []
    marks: list[tuple[int, int, etree._Element]] = []
    size = 0

    def emit(s: str | None) -> None:
        nonlocal size
        if s:
            chars.append(s)
            size += len(s)

    def walk(el: etree._Element) -> None:
        start = size
        emit(el.text)
        for child in el:
            if not text_mod._skipped(child, False):
                walk(child)
            emit(child.tail)
        marks.append((start, size, el))

    walk(block)
    return "".join(chars), marks


SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+(?=[\"“‘(]*[A-Z0-9])")


def sentence_bounds(text: str, offset: int) -> tuple[int, int]:
    start, end = 0, len(text)
    for m in SENTENCE_END.finditer(text):
        word = re.search(r"(\w+)\W*$", text[:m.start() + 1])
        if word and (word[1].lower() in ABBREVIATIONS or len(word[1]) == 1):
            continue
        if m.end() <= offset:
            start = m.end()
        elif m.start() >= offset:
            end = m.start() + 1
            break
    return start, end


def excerpt(sentence: str, at: int, width: int = 110) -> str:
    """The sentence, or a window of it around offset *at* when it is long."""
    if len(sentence) <= 2 * width + 40:
        return " ".join(sentence.split())
    start, end = max(0, at - width), min(len(sentence), at + width)
    while start > 0 and not sentence[start - 1].isspace():
        start -= 1
    while end < len(sentence) and not sentence[end].isspace():
        end += 1
    return ("… " if start else "") + " ".join(sentence[start:end].split()) + (" …" if end < len(sentence) else "")


def slip_note(date: etree._Element) -> str:
    nxt = date.getnext()
    if (nxt is not None and text_mod.is_editorial_note(nxt) and nxt.get("subtype") == "slip"
            and len((date.tail or "").strip()) < 40):
        return " ".join("".join(nxt.itertext()).split())
    return ""


def block_of(date: etree._Element) -> etree._Element:
    for anc in date.iterancestors():
        if text_mod._is_block(anc):
            return anc
    return date.getparent()


def build(edition: Edition) -> Timeline:
    lives = life_dates(edition)
    events: dict[str, Event] = {}
    left_out = 0
    for src in edition.sources:
        text_el = src.tree.getroot().find(T + "text")
        if text_el is None:
            continue
        flat_cache: dict[etree._Element, tuple[str, list]] = {}
        for date in text_el.iter(T + "date"):
            span = span_of(date)
            if span is None or not is_event_date(date):
                left_out += 1
                continue
            block = block_of(date)
            if block not in flat_cache:
                flat_cache[block] = flatten(block)
            flat, marks = flat_cache[block]
            here = next(((s, e) for s, e, el in marks if el is date), (0, 0))
            lo, hi = sentence_bounds(flat, here[0])
            att = Attestation(
                source=src.key, siglum=src.witness.siglum, anchor=enclosing_id(date),
                printed=" ".join("".join(text_mod.reading(date).text).split()), span=span,
                sentence=excerpt(flat[lo:hi], here[0] - lo),
                inferred=(f"inferred from context, certainty {date.get('cert') or 'unstated'}"
                          if date.get("evidence") == "internal" else ""),
                julian=(format_iso(date.get("when-custom")) + " (Old Style)"
                        if date.get("when-custom") and date.get("datingMethod") else ""),
                slip=slip_note(date))
            event = life_event(att, flat[lo:hi], here[0] - lo, marks, lo, hi, lives)
            if event is None:
                key = f"date:{span.iso}"
                event = events.setdefault(key, Event(key, span.label, "date"))
            else:
                event = events.setdefault(event.key, event)
            event.attestations.append(att)
    ordered = sorted(events.values(), key=lambda e: (e.start, e.kind == "date", e.title))
    sources = [{"key": s.key, "siglum": s.witness.siglum, "title": s.witness.short_title}
               for s in edition.sources]
    disagreements = date_discrepancies(edition.cfg.tei_path / DISCREPANCIES)
    attach(ordered, disagreements)
    return Timeline(ordered, sources, left_out, disagreements)


def life_event(att: Attestation, sentence: str, at: int, marks, lo: int, hi: int,
               lives: dict[str, dict]) -> Event | None:
    """The birth or death *att* dates, if its sentence speaks of one (see the module's doc)."""
    near: dict[str, bool] = {}
    for kind, rx in KINDS.items():
        hits = [m.start() for m in rx.finditer(sentence)]
        if hits:
            near[kind] = any(abs(h - at) <= NEAR_CHARS for h in hits)
    kinds = list(near)
    if not kinds:
        return None
    persons = [(s, el.get("ref")) for s, e, el in marks
               if el.tag == T + "persName" and el.get("ref") in lives]
    # In the sentence, a register date within two years; in the rest of the paragraph (a
    # sentence that names nobody: "he died on the 16th"), only a date that agrees with it.
    for scope, tolerance in (([p for p in persons if lo <= p[0] < hi], TOLERANCE_DAYS), (persons, 0)):
        best = None
        for kind in kinds:
            for _, ref in scope:
                ref_span = lives[ref].get(kind)
                if ref_span is None:
                    continue
                distance = att.span.distance(ref_span)
                if distance and not near[kind]:
                    continue  # a differing date must stand close to the word for the event
                if distance <= tolerance and (best is None or distance < best[0]):
                    best = (distance, kind, ref)
        if best:
            _, kind, ref = best
            return Event(f"{kind}:{ref}", KIND_TITLES[kind].format(lives[ref]["name"]), kind,
                         lives[ref][kind])
    return None


# --- the picture ---------------------------------------------------------------------------

WIDTH, LANE, TOP, LEFT, RIGHT = 960, 26, 34, 44, 16


def svg_panels(model: Timeline) -> list[dict]:
    """One overview panel (all years) and one detail panel (the busiest three years)."""
    if not model.events:
        return []
    years = [a.span.start.year for e in model.events for a in e.attestations]
    first, last = min(years), max(years)
    panels = [panel(model, "All dated events", dt.date(first, 1, 1), dt.date(last, 12, 31))]
    counts = {y: sum(1 for v in years if y <= v < y + 3) for y in range(first, last + 1)}
    busiest = max(counts, key=lambda y: (counts[y], y))
    if last - first > 6:
        panels.append(panel(model, f"Detail: {busiest}–{busiest + 2}",
                            dt.date(busiest, 1, 1), dt.date(busiest + 2, 12, 31), detail=True))
    return panels


def panel(model: Timeline, caption: str, start: dt.date, end: dt.date, detail: bool = False) -> dict:
    span_days = max((end - start).days, 1)
    usable = WIDTH - LEFT - RIGHT

    def x(d: dt.date) -> float:
        return round(LEFT + usable * (d - start).days / span_days, 1)

    lanes = {s["siglum"]: i for i, s in enumerate(model.sources)}
    height = TOP + LANE * len(lanes) + 8
    dots, links = [], []
    for event in model.events:
        points = []
        for att in event.attestations:
            mid = att.span.start + (att.span.end - att.span.start) / 2
            if not (start <= mid <= end):
                continue
            if detail and (att.span.end - att.span.start).days > 62 and "/" not in att.span.iso:
                continue  # a bare year says nothing about where in the detail it falls
            y = TOP + LANE * lanes[att.siglum] + LANE / 2
            width = max(x(att.span.end) - x(att.span.start), 0)
            points.append((x(mid), y))
            dots.append({"x": x(mid), "y": y, "w": round(width, 1), "x0": x(att.span.start),
                         "href": att.href, "conflict": event.conflict or bool(att.slip),
                         "disputed": bool(event.discrepancies),
                         "title": f"{att.siglum}: {event.title} ({att.printed})"})
        if event.kind != "date" and len(points) > 1:
            links.append({"points": " ".join(f"{px},{py}" for px, py in sorted(points, key=lambda p: p[1])),
                          "conflict": event.conflict})
    return {"caption": caption, "height": height, "width": WIDTH, "ticks": ticks(start, end, x),
            "lanes": [{"siglum": s, "y": TOP + LANE * i + LANE / 2} for s, i in lanes.items()],
            "dots": dots, "links": links, "left": LEFT, "right": WIDTH - RIGHT}


def ticks(start: dt.date, end: dt.date, x) -> list[dict]:
    years = end.year - start.year + 1
    if years <= 4:
        out = []
        for y in range(start.year, end.year + 1):
            for m in (1, 4, 7, 10):
                d = dt.date(y, m, 1)
                out.append({"x": x(d), "label": str(y) if m == 1 else MONTHS[m - 1][:3], "major": m == 1})
        return out
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100) if years / s <= 12)
    first = start.year + (-start.year % step)
    return [{"x": x(dt.date(y, 1, 1)), "label": str(y), "major": True}
            for y in range(first, end.year + 1, step)]


def svg(model: Timeline) -> list[dict]:
    return svg_panels(model)


def by_year(events: list[Event]):
    """Events grouped by the year they start in (for the list)."""
    return [(year, list(group)) for year, group in groupby(events, key=lambda e: e.start.year)]
