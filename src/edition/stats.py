"""``edition stats``: what each source's markup counts, and which names are still untagged.

Counts are of the source's text (``text``), not of the editors' notes: a ``persName`` inside an
editorial note is not counted as a person of the source, but the notes themselves are counted
by subtype. The untagged names are the capitalised-word candidates of
:func:`edition.tagger.name_candidates`, read in the *edited* reading (so a typo corrected in
``corr`` is read corrected) outside ``persName``/``placeName``/``orgName``/``title``/``date``/
``foreign`` and the other markup listed in :data:`edition.tagger.COVERED`.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from . import text as text_mod
from .diagnostics import display_path
from .errors import EditionError
from .tagger import T, Flow, lowercase_vocabulary, name_candidates
from .xmlio import parse

NAME_KINDS = (("persons", "persName"), ("places", "placeName"), ("orgs", "orgName"))
NOTE_SUBTYPES = ("identification", "context", "slip", "textual")


@dataclass
class FileStats:
    path: str
    names: dict[str, dict[str, int]] = field(default_factory=dict)
    refs: dict[str, set[str]] = field(default_factory=dict)
    dates: int = 0
    dates_inferred: int = 0
    notes: Counter = field(default_factory=Counter)
    corrections: int = 0
    quotes_with_source: int = 0
    quotes_without_source: int = 0
    titles: int = 0
    untagged: list[tuple[str, int, list[int]]] = field(default_factory=list)

    @property
    def untagged_total(self) -> int:
        return sum(n for _, n, _ in self.untagged)

    def to_dict(self) -> dict:
        out = {"path": self.path}
        for kind, _ in NAME_KINDS:
            out[kind] = dict(self.names[kind], refs=len(self.refs[kind]))
        out.update({
            "dates": {"elements": self.dates, "inferred": self.dates_inferred},
            "editorial_notes": {"total": sum(self.notes.values()),
                                "by_subtype": dict(sorted(self.notes.items()))},
            "corrections": self.corrections,
            "quotations": {"with_source": self.quotes_with_source,
                           "without_source": self.quotes_without_source},
            "titles": self.titles,
            "untagged": {"total": self.untagged_total,
                         "candidates": [{"text": t, "count": n, "lines": lines}
                                        for t, n, lines in self.untagged]},
        })
        return out


def _in_editorial_note(el: etree._Element) -> bool:
    return any(text_mod.is_editorial_note(a) for a in el.iterancestors())


def file_stats(path: Path, vocabulary: set[str] | None = None,
               root: Path | None = None) -> FileStats:
    try:
        tree = parse(path)
    except (OSError, etree.XMLSyntaxError) as exc:
        raise EditionError(f"{path}: {exc} (hint: run `edition validate`)") from exc
    text_el = tree.getroot().find(T + "text")
    if text_el is None:
        raise EditionError(f"{path}: no <text> element (hint: is it a register?)")
    st = FileStats(display_path(path, root))
    source = [el for el in text_el.iter() if isinstance(el.tag, str)
              and not _in_editorial_note(el)]
    for kind, local in NAME_KINDS:
        els = [el for el in source if el.tag == T + local]
        refs = {r for el in els for r in (el.get("ref") or "").split()}
        st.names[kind] = {"elements": len(els),
                          "without_ref": sum(1 for el in els if not el.get("ref"))}
        st.refs[kind] = refs
    dates = [el for el in source if el.tag == T + "date"]
    st.dates = len(dates)
    st.dates_inferred = sum(1 for el in dates if el.get("evidence") == "internal")
    st.notes = Counter(el.get("subtype") or "(none)" for el in text_el.iter(T + "note")
                       if text_mod.is_editorial_note(el))
    st.corrections = sum(1 for el in source if el.tag == T + "choice"
                         and el.find(T + "sic") is not None and el.find(T + "corr") is not None)
    quotes = [el for el in source if el.tag == T + "quote"]
    st.quotes_with_source = sum(1 for el in quotes if el.get("source"))
    st.quotes_without_source = len(quotes) - st.quotes_with_source
    st.titles = sum(1 for el in source if el.tag == T + "title")
    flow = Flow(text_el, edited=True)
    vocab = lowercase_vocabulary(flow.match) | (vocabulary or set())
    found: dict[str, list[int]] = {}
    for cand in name_candidates(flow, vocab):
        found.setdefault(cand.text, []).append(flow.sourceline(cand.start))
    st.untagged = sorted(((t, len(lines), sorted(set(lines))) for t, lines in found.items()),
                         key=lambda x: (-x[1], x[0]))
    return st


@dataclass
class Stats:
    files: list[FileStats]

    def total(self) -> dict:
        def s(f):
            return sum(f(x) for x in self.files)
        out = {}
        for kind, _ in NAME_KINDS:
            out[kind] = {"elements": s(lambda x: x.names[kind]["elements"]),
                         "without_ref": s(lambda x: x.names[kind]["without_ref"]),
                         "refs": len(set().union(*(x.refs[kind] for x in self.files)))}
        notes = sum((x.notes for x in self.files), Counter())
        out.update({
            "dates": {"elements": s(lambda x: x.dates), "inferred": s(lambda x: x.dates_inferred)},
            "editorial_notes": {"total": sum(notes.values()),
                                "by_subtype": dict(sorted(notes.items()))},
            "corrections": s(lambda x: x.corrections),
            "quotations": {"with_source": s(lambda x: x.quotes_with_source),
                           "without_source": s(lambda x: x.quotes_without_source)},
            "titles": s(lambda x: x.titles),
            "untagged": {"total": s(lambda x: x.untagged_total)},
        })
        return out

    def to_json(self) -> str:
        return json.dumps({"files": [f.to_dict() for f in self.files], "total": self.total()},
                          ensure_ascii=False, indent=2)

    def rows(self) -> list[tuple[str, list]]:
        dicts = [f.to_dict() for f in self.files] + [self.total()]
        subtypes = sorted({k for d in dicts for k in d["editorial_notes"]["by_subtype"]},
                          key=lambda k: (NOTE_SUBTYPES.index(k) if k in NOTE_SUBTYPES else 99, k))
        rows = []
        for kind, local in NAME_KINDS:
            rows.append((f"{kind} ({local})", [d[kind]["elements"] for d in dicts]))
            rows.append(("  distinct @ref", [d[kind]["refs"] for d in dicts]))
            if any(d[kind]["without_ref"] for d in dicts):
                rows.append(("  without @ref", [d[kind]["without_ref"] for d in dicts]))
        rows.append(("dates (date)", [d["dates"]["elements"] for d in dicts]))
        rows.append(("  inferred (evidence)", [d["dates"]["inferred"] for d in dicts]))
        rows.append(("editorial notes", [d["editorial_notes"]["total"] for d in dicts]))
        for sub in subtypes:
            rows.append((f"  {sub}", [d["editorial_notes"]["by_subtype"].get(sub, 0)
                                      for d in dicts]))
        rows.append(("corrections (sic/corr)", [d["corrections"] for d in dicts]))
        rows.append(("quotations with @source", [d["quotations"]["with_source"] for d in dicts]))
        rows.append(("quotations without @source",
                     [d["quotations"]["without_source"] for d in dicts]))
        rows.append(("titles (title)", [d["titles"] for d in dicts]))
        rows.append(("untagged name candidates", [d["untagged"]["total"] for d in dicts]))
        return rows

    def to_text(self) -> str:
        heads = [Path(f.path).stem for f in self.files] + (["total"] if len(self.files) > 1 else [])
        rows = self.rows()
        if len(self.files) == 1:
            rows = [(label, values[:1]) for label, values in rows]
        label_w = max(len(r[0]) for r in rows)
        widths = [max(len(h), *(len(str(v[i])) for _, v in rows)) for i, h in enumerate(heads)]
        lines = ["| " + " | ".join([" " * label_w] + [h.rjust(w) for h, w in zip(heads, widths)])
                 + " |",
                 "|" + "|".join(["-" * (label_w + 2)] + ["-" * (w + 1) + ":" for w in widths])
                 + "|"]
        for label, values in rows:
            cells = [label.ljust(label_w)] + [str(v).rjust(w) for v, w in zip(values, widths)]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
        lines.append("Untagged name candidates (capitalised words outside name, title, date and "
                     "foreign markup; count, lines):")
        for f in self.files:
            if not f.untagged:
                lines.append(f"  {f.path}: none")
                continue
            lines.append(f"  {f.path} ({f.untagged_total}):")
            for t, n, where in f.untagged:
                shown = ", ".join(str(x) for x in where[:6]) + (", …" if len(where) > 6 else "")
                lines.append(f"    {t} ×{n} (line{'s' * (len(where) > 1)} {shown})")
        return "\n".join(lines)


def collect(files: list[Path], cfg=None) -> Stats:
    """Statistics for *files* (the edition's sources when called from the command line)."""
    vocabulary: set[str] = set()
    if cfg is not None:
        from .tagger import edition_vocabulary

        vocabulary = edition_vocabulary(cfg)
    root = cfg.root if cfg is not None else None
    return Stats([file_stats(Path(f), vocabulary, root) for f in files])
