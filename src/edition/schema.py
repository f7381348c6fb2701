"""ODD → RELAX NG + ISO Schematron.

A small compiler for the subset of *pure ODD* that ``schema/edition.odd`` uses (no TEI source,
no TEI Stylesheets): one ``schemaSpec`` whose ``elementSpec``, ``classSpec``, ``macroSpec`` and
``dataSpec`` children define everything, and whose ``constraintSpec``s carry the Schematron rules.

* ``edition.rng``: RELAX NG (XML syntax, XSD datatypes). A ``define`` per element, model class,
  macro and datatype, under their ODD names; attributes are expanded on each element from its
  attribute classes (``mode="change"``/``"replace"``/``"delete"`` on an element's ``attDef``
  adjust an inherited one). Every element, attribute and value carries ``a:documentation`` from
  its ``gloss``/``desc``, which editors show as tooltips.
* ``edition.sch``: ISO Schematron (``queryBinding="xslt3"``). Each ``constraintSpec`` becomes a
  ``sch:pattern`` whose ``id`` is the spec's ``ident``, which is also the error code (and the
  ``id`` of its single ``sch:assert``/``sch:report``), in ODD order.

Both outputs are deterministic, so a stale output is a byte difference. Problems in the ODD are
reported as ``path:line:col: error[odd-…]: message`` and nothing is written.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from . import TEI_NS, XML_NS
from .errors import EditionError

RNG_NS = "http://relaxng.org/ns/structure/1.0"
ANN_NS = "http://relaxng.org/ns/compatibility/annotations/1.0"
SCH_NS = "http://purl.oclc.org/dsdl/schematron"
XSD_DATATYPES = "http://www.w3.org/2001/XMLSchema-datatypes"

T = "{%s}" % TEI_NS
R = "{%s}" % RNG_NS
S = "{%s}" % SCH_NS

#: Schematron elements the edition's runner understands (see the module docstring).
SCH_ALLOWED = {"rule", "assert", "report", "let", "value-of", "name", "ns"}
SCH_ROLES = {"error", "warning"}
#: Content-model elements of pure ODD that this compiler supports.
CONTENT_PARTS = {"sequence", "alternate", "elementRef", "classRef", "macroRef", "textNode",
                 "empty", "dataRef", "valList"}
UNBOUNDED = None


def header(source_name: str) -> str:
    return f" Generated from {source_name} by `edition schema` — do not edit. "


# ---------------------------------------------------------------------------------------------
# Problems


@dataclass(frozen=True)
class OddProblem:
    path: str
    line: int
    col: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: error[{self.code}]: {self.message}"


class OddError(EditionError):
    """The ODD cannot be compiled; ``problems`` lists every problem found."""

    def __init__(self, problems: list[OddProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class _Reporter:
    def __init__(self, path: str, source_lines: list[str]):
        self.path = path
        self.lines = source_lines
        self.problems: list[OddProblem] = []

    def position(self, el: etree._Element) -> tuple[int, int]:
        """Line and column where *el*'s start tag begins (libxml2 may give a later line for a
        start tag that spans lines)."""
        line = el.sourceline or 1
        tag = re.compile(r"<([\w.-]+:)?%s(?=[\s/>]|$)" % re.escape(etree.QName(el).localname))
        for candidate in range(min(line, len(self.lines)), max(0, line - 20), -1):
            m = tag.search(self.lines[candidate - 1])
            if m:
                return candidate, m.start() + 1
        return line, 1

    def error(self, el: etree._Element | None, code: str, message: str) -> None:
        line, col = self.position(el) if el is not None else (1, 1)
        self.problems.append(OddProblem(self.path, line, col, code, message))


# ---------------------------------------------------------------------------------------------
# The ODD as Python objects


@dataclass
class Doc:
    gloss: str = ""
    desc: str = ""

    def text(self) -> str:
        if self.gloss and self.desc:
            return f"({self.gloss}) {self.desc}"
        return self.desc or (f"({self.gloss})" if self.gloss else "")


@dataclass
class ValItem:
    ident: str
    doc: Doc


@dataclass
class ValList:
    type: str
    items: list[ValItem]
    el: etree._Element | None = None


@dataclass
class Node:
    """One particle of a content model (``kind`` is the ODD element name)."""

    kind: str
    el: etree._Element | None = None
    key: str | None = None
    name: str | None = None
    min: int = 1
    max: int | None = 1
    children: list["Node"] = field(default_factory=list)
    facets: list[tuple[str, str]] = field(default_factory=list)
    vallist: ValList | None = None


@dataclass
class AttDef:
    ident: str
    doc: Doc
    usage: str = "opt"
    datatype: Node | None = None
    dt_min: int = 1
    dt_max: int | None = 1
    vallist: ValList | None = None
    default: str | None = None
    mode: str = "add"
    origin: str = ""
    el: etree._Element | None = None


@dataclass
class Spec:
    kind: str  # elementSpec, classSpec, macroSpec, dataSpec
    ident: str
    doc: Doc
    el: etree._Element
    type: str = ""  # classSpec: model | atts
    member_of: list[tuple[str, etree._Element]] = field(default_factory=list)
    content: Node | None = None
    attdefs: list[AttDef] = field(default_factory=list)


@dataclass
class Constraint:
    ident: str
    desc: str
    el: etree._Element
    owner: Spec | None


@dataclass
class Odd:
    """A parsed ODD: specs by ident (in ODD order) and constraints in ODD order."""

    path: str
    ident: str
    start: list[str]
    doc: Doc
    specs: dict[str, Spec]
    constraints: list[Constraint]

    def elements(self) -> list[Spec]:
        return [s for s in self.specs.values() if s.kind == "elementSpec"]

    def classes(self, type_: str) -> list[Spec]:
        return [s for s in self.specs.values() if s.kind == "classSpec" and s.type == type_]

    def members(self, class_ident: str) -> list[str]:
        """Direct members (elements and classes) of a model class, in ODD order."""
        return [s.ident for s in self.specs.values()
                if any(k == class_ident for k, _ in s.member_of)
                and (s.kind == "elementSpec" or (s.kind == "classSpec" and s.type == "model"))]

    def expand_class(self, class_ident: str, _seen: frozenset = frozenset()) -> list[str]:
        """Every element a model class stands for (members of member classes included)."""
        out: list[str] = []
        for m in self.members(class_ident):
            spec = self.specs[m]
            if spec.kind == "elementSpec":
                out.append(m)
            elif m not in _seen:
                out.extend(self.expand_class(m, _seen | {class_ident}))
        return list(dict.fromkeys(out))

    def attributes(self, element_ident: str) -> list[AttDef]:
        """The attributes of an element: inherited from its attribute classes, then its own."""
        spec = self.specs[element_ident]
        result: dict[str, AttDef] = {}
        for key, _ in spec.member_of:
            cls = self.specs.get(key)
            if cls is not None and cls.kind == "classSpec" and cls.type == "atts":
                for a in self._class_attributes(key, frozenset()):
                    result.setdefault(a.ident, a)
        for a in spec.attdefs:
            if a.mode == "delete":
                result.pop(a.ident, None)
            elif a.mode == "change" and a.ident in result:
                result[a.ident] = _merge(result[a.ident], a)
            else:
                result[a.ident] = a
        return list(result.values())

    def _class_attributes(self, ident: str, seen: frozenset) -> list[AttDef]:
        cls = self.specs[ident]
        out: dict[str, AttDef] = {}
        for a in cls.attdefs:
            out[a.ident] = a
        for key, _ in cls.member_of:
            sup = self.specs.get(key)
            if sup is not None and sup.kind == "classSpec" and sup.type == "atts" \
                    and key not in seen:
                for a in self._class_attributes(key, seen | {ident}):
                    out.setdefault(a.ident, a)
        return list(out.values())


def _merge(base: AttDef, change: AttDef) -> AttDef:
    return AttDef(
        ident=base.ident,
        doc=Doc(change.doc.gloss or base.doc.gloss, change.doc.desc or base.doc.desc),
        usage=change.usage if change.el is not None and change.el.get("usage") else base.usage,
        datatype=change.datatype or base.datatype,
        dt_min=change.dt_min if change.datatype else base.dt_min,
        dt_max=change.dt_max if change.datatype else base.dt_max,
        vallist=change.vallist or base.vallist,
        default=change.default if change.default is not None else base.default,
        mode="add",
        origin=change.origin,
        el=change.el,
    )


# ---------------------------------------------------------------------------------------------
# Reading the ODD


def _text(el: etree._Element | None) -> str:
    """Prose of a gloss/desc: <gi>p</gi> → <p>, <att>type</att> → @type, whitespace normalised."""
    if el is None:
        return ""
    parts: list[str] = []

    def walk(e: etree._Element) -> None:
        local = etree.QName(e).localname if isinstance(e.tag, str) else ""
        marks = {"gi": ("<", ">"), "att": ("@", ""), "val": ('"', '"')}
        prefix, suffix = marks.get(local, ("", ""))
        parts.append(prefix)
        if e.text:
            parts.append(e.text)
        for c in e:
            if isinstance(c.tag, str):
                walk(c)
            if c.tail:
                parts.append(c.tail)
        parts.append(suffix)

    walk(el)
    return " ".join("".join(parts).split())


def _doc(el: etree._Element) -> Doc:
    def first(tag: str) -> etree._Element | None:
        found = [c for c in el.findall(T + tag) if c.get(f"{{{XML_NS}}}lang") in (None, "en")]
        return found[0] if found else None

    return Doc(_text(first("gloss")), _text(first("desc")))


def _occurs(el: etree._Element, rep: _Reporter) -> tuple[int, int | None]:
    try:
        lo = int(el.get("minOccurs", "1"))
        hi_raw = el.get("maxOccurs", "1")
        hi = UNBOUNDED if hi_raw == "unbounded" else int(hi_raw)
    except ValueError:
        rep.error(el, "odd-content", "minOccurs/maxOccurs must be integers (or maxOccurs "
                  "\"unbounded\") (hint: e.g. minOccurs=\"0\" maxOccurs=\"unbounded\")")
        return 1, 1
    if lo < 0 or (hi is not None and hi < lo):
        rep.error(el, "odd-content", f"minOccurs={lo} and maxOccurs={hi_raw} do not make a range "
                  "(hint: maxOccurs must be ≥ minOccurs)")
        return 1, 1
    if el.get("minOccurs") is not None and el.get("maxOccurs") is None and lo > 1:
        rep.error(el, "odd-content", "with minOccurs above 1, give maxOccurs too "
                  "(hint: TEI reads a missing maxOccurs as 1)")
    return lo, hi


def _vallist(el: etree._Element, rep: _Reporter) -> ValList:
    vtype = el.get("type", "open")
    items: list[ValItem] = []
    seen: set[str] = set()
    for item in el.findall(T + "valItem"):
        ident = item.get("ident")
        if ident is None:
            rep.error(item, "odd-structure", "valItem without @ident (hint: <valItem ident=\"…\">)")
            continue
        if ident in seen:
            rep.error(item, "odd-duplicate", f"value \"{ident}\" is listed twice in this valList")
        seen.add(ident)
        items.append(ValItem(ident, _doc(item)))
    for c in el:
        if isinstance(c.tag, str) and c.tag != T + "valItem":
            rep.error(c, "odd-unsupported", f"<{etree.QName(c).localname}> in a valList "
                      "(hint: a valList holds only valItem elements)")
    return ValList(vtype, items, el)


def _content_node(el: etree._Element, rep: _Reporter) -> Node | None:
    if not isinstance(el.tag, str):
        return None
    if etree.QName(el).namespace != TEI_NS:
        rep.error(el, "odd-unsupported",
                  f"<{el.tag}> in a content model: only pure ODD is supported "
                  "(hint: use sequence, alternate, elementRef, classRef, macroRef, textNode, "
                  "empty, dataRef)")
        return None
    kind = etree.QName(el).localname
    if kind not in CONTENT_PARTS:
        rep.error(el, "odd-unsupported", f"<{kind}> is outside the pure-ODD subset this compiler "
                  "supports (hint: use sequence, alternate, elementRef, classRef, macroRef, "
                  "textNode, empty, dataRef, valList)")
        return None
    node = Node(kind, el)
    if kind in ("sequence", "alternate", "elementRef", "classRef"):
        node.min, node.max = _occurs(el, rep)
    if kind in ("elementRef", "classRef", "macroRef"):
        node.key = el.get("key")
        if not node.key:
            rep.error(el, "odd-structure", f"<{kind}> without @key")
    if kind == "classRef":
        expand = el.get("expand", "alternation")
        if expand != "alternation" or el.get("include") or el.get("except"):
            rep.error(el, "odd-unsupported", "classRef with @expand other than \"alternation\", "
                      "@include or @except is not supported (hint: define a narrower class)")
    if kind == "dataRef":
        node.key, node.name = el.get("key"), el.get("name")
        restriction = el.get("restriction")
        if el.get("ref"):
            rep.error(el, "odd-unsupported", "dataRef/@ref is not supported (hint: use @name "
                      "for an XSD datatype or @key for a dataSpec)")
        if bool(node.key) == bool(node.name):
            rep.error(el, "odd-structure", "dataRef needs exactly one of @key and @name")
        for f in el.findall(T + "dataFacet"):
            node.facets.append((f.get("name", ""), f.get("value", "")))
        if restriction is not None:
            if node.key or node.facets:
                rep.error(el, "odd-structure", "dataRef/@restriction goes only with @name and "
                          "without dataFacet")
            node.facets.append(("pattern", restriction))
    if kind in ("sequence", "alternate"):
        for c in el:
            if not isinstance(c.tag, str):
                continue
            child = _content_node(c, rep)
            if child is not None:
                if child.kind == "valList":
                    child.vallist = _vallist(c, rep)
                node.children.append(child)
        if len(node.children) < 2:
            rep.error(el, "odd-content", f"<{kind}> must have at least two children "
                      "(hint: drop the wrapper, or move minOccurs/maxOccurs to the child)")
    if kind == "valList":
        node.vallist = _vallist(el, rep)
    return node


def _content(spec_el: etree._Element, rep: _Reporter) -> Node | None:
    content = spec_el.find(T + "content")
    if content is None:
        return None
    parts = [c for c in content if isinstance(c.tag, str)]
    if len(parts) != 1:
        rep.error(content, "odd-content", "<content> must hold exactly one particle "
                  "(hint: wrap several in <sequence> or <alternate>)")
        return None
    return _content_node(parts[0], rep)


def _attdef(el: etree._Element, origin: str, rep: _Reporter) -> AttDef | None:
    ident = el.get("ident")
    if not ident:
        rep.error(el, "odd-structure", "attDef without @ident")
        return None
    ns = el.get("ns")
    if ns == XML_NS and ":" not in ident:
        ident = "xml:" + ident
    elif ns not in (None, "", XML_NS):
        rep.error(el, "odd-unsupported", f"attribute @{ident} in namespace {ns} "
                  "(hint: only no-namespace and xml: attributes are supported)")
    mode = el.get("mode", "add")
    if mode not in ("add", "change", "replace", "delete"):
        rep.error(el, "odd-structure", f"attDef/@mode \"{mode}\" (hint: add, change, replace or "
                  "delete)")
    a = AttDef(ident=ident, doc=_doc(el), usage=el.get("usage", "opt"), mode=mode,
               origin=origin, el=el)
    if a.usage not in ("req", "opt", "rec"):
        rep.error(el, "odd-structure", f"attDef/@usage \"{a.usage}\" (hint: req, rec or opt)")
    dt = el.find(T + "datatype")
    if dt is not None:
        a.dt_min, a.dt_max = _occurs(dt, rep)
        refs = [c for c in dt if isinstance(c.tag, str)]
        if len(refs) != 1 or refs[0].tag != T + "dataRef":
            rep.error(dt, "odd-unsupported", "datatype must hold exactly one dataRef "
                      "(hint: <datatype><dataRef key=\"teidata.pointer\"/></datatype>)")
        else:
            a.datatype = _content_node(refs[0], rep)
    vl = el.find(T + "valList")
    if vl is not None:
        a.vallist = _vallist(vl, rep)
    dv = el.find(T + "defaultVal")
    if dv is not None:
        a.default = (dv.text or "").strip()
    if mode in ("add", "replace") and a.datatype is None and not (
            a.vallist is not None and a.vallist.type == "closed"):
        rep.error(el, "odd-attribute", f"@{ident} has neither a datatype nor a closed valList "
                  "(hint: add <datatype><dataRef key=\"teidata.…\"/></datatype>)")
    return a


def _attlist(spec_el: etree._Element, origin: str, rep: _Reporter) -> list[AttDef]:
    out: list[AttDef] = []
    attlist = spec_el.find(T + "attList")
    if attlist is None:
        return out
    seen: set[str] = set()
    for c in attlist:
        if not isinstance(c.tag, str):
            continue
        if c.tag != T + "attDef":
            rep.error(c, "odd-unsupported", f"<{etree.QName(c).localname}> in attList "
                      "(hint: only attDef is supported; nested attList and attRef are not)")
            continue
        a = _attdef(c, origin, rep)
        if a is None:
            continue
        if a.ident in seen:
            rep.error(c, "odd-duplicate", f"@{a.ident} is defined twice in this attList")
        seen.add(a.ident)
        out.append(a)
    return out


def _member_of(spec_el: etree._Element, rep: _Reporter) -> list[tuple[str, etree._Element]]:
    classes = spec_el.find(T + "classes")
    if classes is None:
        return []
    out = []
    for m in classes.findall(T + "memberOf"):
        key = m.get("key")
        if not key:
            rep.error(m, "odd-structure", "memberOf without @key")
        elif m.get("mode", "add") != "add":
            rep.error(m, "odd-unsupported", "memberOf/@mode other than \"add\" "
                      "(hint: in pure ODD, list only the classes an element belongs to)")
        else:
            out.append((key, m))
    return out


def load_odd(odd_path: Path | str, display: str | None = None) -> Odd:
    """Parse and check an ODD; raises :class:`OddError` listing every problem."""
    odd_path = Path(odd_path)
    shown = display or str(odd_path)
    try:
        raw = odd_path.read_bytes()
    except OSError as exc:
        raise OddError([OddProblem(shown, 1, 1, "odd-malformed", f"cannot read: {exc.strerror}")])
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True,
                             remove_comments=True)
    try:
        root = etree.fromstring(raw, parser, base_url=str(odd_path))
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (1, 1)
        message = re.sub(r", line \d+, column \d+$", "", exc.msg)
        raise OddError([OddProblem(shown, line, col, "odd-malformed",
                                   f"not well-formed XML: {message}")])
    rep = _Reporter(shown, raw.decode("utf-8", "replace").splitlines())
    if root.tag != T + "TEI":
        rep.error(root, "odd-structure", "the ODD's root must be a TEI <TEI> element")
    schema_specs = list(root.iter(T + "schemaSpec"))
    if len(schema_specs) != 1:
        rep.error(root, "odd-structure", f"expected exactly one <schemaSpec>, found "
                  f"{len(schema_specs)}")
        raise OddError(rep.problems)
    ss = schema_specs[0]
    odd = Odd(path=shown, ident=ss.get("ident", ""), start=(ss.get("start") or "TEI").split(),
              doc=_doc(ss), specs={}, constraints=[])
    if not odd.ident:
        rep.error(ss, "odd-structure", "schemaSpec without @ident")
    if ss.get("source"):
        rep.error(ss, "odd-unsupported", "schemaSpec/@source: this is a pure ODD compiled "
                  "without a TEI source (hint: define every spec in the schemaSpec)")

    for c in ss:
        if not isinstance(c.tag, str):
            continue
        local = etree.QName(c).localname
        if etree.QName(c).namespace != TEI_NS:
            rep.error(c, "odd-unsupported", f"<{c.tag}> in schemaSpec")
            continue
        if local in ("gloss", "desc", "altIdent", "equiv"):
            continue
        if local == "constraintSpec":
            _constraint_spec(c, None, odd, rep)
            continue
        if local not in ("elementSpec", "classSpec", "macroSpec", "dataSpec"):
            rep.error(c, "odd-unsupported", f"<{local}> in schemaSpec: no TEI source is "
                      "available, so the schema must be pure ODD (hint: write an elementSpec, "
                      "classSpec, macroSpec or dataSpec instead)")
            continue
        ident = c.get("ident")
        if not ident:
            rep.error(c, "odd-structure", f"<{local}> without @ident")
            continue
        if c.get("mode", "add") != "add":
            rep.error(c, "odd-unsupported", f"{local} \"{ident}\" has mode=\"{c.get('mode')}\": "
                      "there is no TEI source to change (hint: define it in full, without @mode)")
        if ident in odd.specs:
            rep.error(c, "odd-duplicate", f"\"{ident}\" is defined twice (also as "
                      f"{odd.specs[ident].kind} at line {odd.specs[ident].el.sourceline})")
            continue
        spec = Spec(kind=local, ident=ident, doc=_doc(c), el=c)
        if local == "classSpec":
            spec.type = c.get("type", "")
            if spec.type not in ("model", "atts"):
                rep.error(c, "odd-structure", f"classSpec \"{ident}\" needs type=\"model\" or "
                          "type=\"atts\"")
        if local in ("elementSpec", "classSpec"):
            spec.member_of = _member_of(c, rep)
            spec.attdefs = _attlist(c, ident, rep)
            if local == "classSpec" and spec.type == "model" and spec.attdefs:
                rep.error(c.find(T + "attList"), "odd-structure",
                          f"model class \"{ident}\" cannot define attributes")
        if local in ("elementSpec", "macroSpec", "dataSpec"):
            spec.content = _content(c, rep)
            if spec.content is None and c.find(T + "content") is None:
                rep.error(c, "odd-content", f"{local} \"{ident}\" has no <content> "
                          "(hint: <content><empty/></content> for an empty element)")
        if local == "elementSpec" and not (spec.doc.gloss or spec.doc.desc):
            rep.error(c, "odd-documentation", f"element \"{ident}\" has neither gloss nor desc "
                      "(hint: the desc becomes the editor tooltip)")
        odd.specs[ident] = spec
        for cs in c.iter(T + "constraintSpec"):
            _constraint_spec(cs, spec, odd, rep)

    _check_references(odd, rep)
    if rep.problems:
        raise OddError(rep.problems)
    return odd


def _constraint_spec(el: etree._Element, owner: Spec | None, odd: Odd, rep: _Reporter) -> None:
    ident = el.get("ident")
    if not ident:
        rep.error(el, "odd-constraint", "constraintSpec without @ident (hint: the ident is the "
                  "error code, e.g. ident=\"dangling-ref\")")
        return
    if not re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", ident):
        rep.error(el, "odd-constraint", f"constraint code \"{ident}\" must be lower-case words "
                  "joined by hyphens (hint: e.g. \"dangling-ref\")")
    if el.get("scheme") != "schematron":
        rep.error(el, "odd-constraint", f"constraintSpec \"{ident}\": scheme must be "
                  "\"schematron\"")
    if any(c.ident == ident for c in odd.constraints):
        rep.error(el, "odd-duplicate", f"constraint \"{ident}\" is defined twice")
    desc = _doc(el).desc
    if not desc:
        rep.error(el, "odd-documentation", f"constraintSpec \"{ident}\" has no <desc> saying why "
                  "the rule exists")
    constraint = el.find(T + "constraint")
    if constraint is None:
        rep.error(el, "odd-constraint", f"constraintSpec \"{ident}\" has no <constraint>")
        return
    checks = 0
    for sch in constraint.iter():
        if not isinstance(sch.tag, str):
            continue
        if sch is constraint:
            continue
        q = etree.QName(sch)
        if q.namespace != SCH_NS or q.localname not in SCH_ALLOWED:
            rep.error(sch, "odd-constraint", f"<{q.localname}> ({q.namespace}) is outside the "
                      "Schematron subset (hint: sch:rule, sch:let, sch:assert, sch:report, "
                      "sch:value-of, sch:name, sch:ns)")
            continue
        if q.localname in ("assert", "report"):
            checks += 1
            if not sch.get("test"):
                rep.error(sch, "odd-constraint", f"sch:{q.localname} without @test")
            if sch.get("role") not in SCH_ROLES:
                rep.error(sch, "odd-constraint", f"sch:{q.localname} needs role=\"error\" or "
                          "role=\"warning\"")
            if sch.get("id") not in (None, ident):
                rep.error(sch, "odd-constraint", f"sch:{q.localname}/@id \"{sch.get('id')}\" "
                          f"differs from the constraint code \"{ident}\" (hint: leave @id out)")
            message = " ".join("".join(sch.itertext()).split())
            if "(hint:" not in message:
                rep.error(sch, "odd-constraint", f"the message of \"{ident}\" gives no hint "
                          "(hint: end it with \"(hint: …)\")")
            parent = sch.getparent()
            if parent.tag != S + "rule" and (owner is None or owner.kind != "elementSpec"):
                rep.error(sch, "odd-constraint", f"sch:{q.localname} outside sch:rule is allowed "
                          "only in an elementSpec (hint: wrap it in <sch:rule context=\"…\">)")
        if q.localname == "rule" and not sch.get("context"):
            rep.error(sch, "odd-constraint", "sch:rule without @context")
    if checks != 1:
        rep.error(el, "odd-constraint", f"constraintSpec \"{ident}\" holds {checks} sch:assert/"
                  "sch:report; it must hold exactly one, since its ident is the error code "
                  "(hint: split it into several constraintSpecs)")
    odd.constraints.append(Constraint(ident, desc, el, owner))


def _check_references(odd: Odd, rep: _Reporter) -> None:
    def kind_of(key: str) -> str | None:
        s = odd.specs.get(key)
        if s is None:
            return None
        return f"{s.kind}:{s.type}" if s.kind == "classSpec" else s.kind

    def walk(node: Node | None) -> None:
        if node is None:
            return
        k = kind_of(node.key) if node.key else None
        if node.kind == "elementRef" and node.key and k != "elementSpec":
            rep.error(node.el, "odd-undefined-element", f"elementRef to \"{node.key}\", "
                      "which no elementSpec defines (hint: add <elementSpec ident=\""
                      f"{node.key}\">)")
        elif node.kind == "classRef" and node.key and k != "classSpec:model":
            rep.error(node.el, "odd-undefined-class", f"classRef to \"{node.key}\", which no "
                      "classSpec type=\"model\" defines (hint: add <classSpec type=\"model\" "
                      f"ident=\"{node.key}\">)")
        elif node.kind == "macroRef" and node.key and k != "macroSpec":
            rep.error(node.el, "odd-undefined-macro", f"macroRef to \"{node.key}\", which no "
                      "macroSpec defines")
        elif node.kind == "dataRef" and node.key and k != "dataSpec":
            rep.error(node.el, "odd-undefined-datatype", f"dataRef to \"{node.key}\", which no "
                      "dataSpec defines")
        for c in node.children:
            walk(c)

    for spec in odd.specs.values():
        walk(spec.content)
        if spec.kind == "dataSpec" and spec.content is not None:
            def no_elements(n: Node) -> None:
                if n.kind in ("elementRef", "classRef", "macroRef", "textNode", "empty"):
                    rep.error(n.el, "odd-content", f"dataSpec \"{spec.ident}\" may use only "
                              "dataRef, valList and alternate")
                for c in n.children:
                    no_elements(c)
            no_elements(spec.content)
        for a in spec.attdefs:
            walk(a.datatype)
        for key, m in spec.member_of:
            k = kind_of(key)
            if k is None or not k.startswith("classSpec"):
                rep.error(m, "odd-undefined-class", f"memberOf \"{key}\", which no classSpec "
                          f"defines (hint: add <classSpec ident=\"{key}\" type=\"…\">)")
            elif spec.kind == "classSpec" and k != f"classSpec:{spec.type}":
                rep.error(m, "odd-structure", f"{spec.type} class \"{spec.ident}\" cannot be a "
                          f"member of \"{key}\", which is not a {spec.type} class")
    for ident in odd.start:
        if kind_of(ident) != "elementSpec":
            rep.error(None, "odd-undefined-element", f"schemaSpec/@start names \"{ident}\", "
                      "which no elementSpec defines")
    # Attribute changes must refer to inherited attributes.
    for spec in odd.elements():
        inherited: set[str] = set()
        for key, _ in spec.member_of:
            cls = odd.specs.get(key)
            if cls is not None and cls.kind == "classSpec" and cls.type == "atts":
                inherited |= {a.ident for a in odd._class_attributes(key, frozenset())}
        for a in spec.attdefs:
            if a.mode in ("change", "replace", "delete") and a.ident not in inherited:
                rep.error(a.el, "odd-attribute", f"@{a.ident} on <{spec.ident}> has mode="
                          f"\"{a.mode}\" but no attribute class of the element defines it")
            if a.mode == "add" and a.ident in inherited:
                rep.error(a.el, "odd-attribute", f"@{a.ident} on <{spec.ident}> is already "
                          "inherited from an attribute class (hint: use mode=\"change\" to "
                          "restrict it)")
    # Model-class cycles would make an infinite grammar of choices.
    for cls in odd.classes("model"):
        stack, seen = [cls.ident], set()
        while stack:
            cur = stack.pop()
            for m in odd.members(cur):
                if m == cls.ident:
                    rep.error(cls.el, "odd-structure", f"model class \"{cls.ident}\" is a "
                              "member of itself")
                    stack = []
                    break
                if m not in seen and odd.specs[m].kind == "classSpec":
                    seen.add(m)
                    stack.append(m)


# ---------------------------------------------------------------------------------------------
# RELAX NG


def _r(tag: str, parent: etree._Element | None = None, **attrs: str) -> etree._Element:
    el = etree.Element(R + tag) if parent is None else etree.SubElement(parent, R + tag)
    for k, v in attrs.items():
        el.set(k, v)
    return el


def _documentation(parent: etree._Element, text: str) -> None:
    if text:
        d = etree.SubElement(parent, "{%s}documentation" % ANN_NS)
        d.text = text


def _repeat(make, lo: int, hi: int | None) -> list[etree._Element]:
    """Patterns for *lo*..*hi* occurrences of the pattern *make()* builds."""
    if (lo, hi) == (1, 1):
        return [make()]
    if (lo, hi) == (0, 1):
        opt = _r("optional")
        opt.append(make())
        return [opt]
    if hi is UNBOUNDED and lo <= 1:
        rep = _r("oneOrMore" if lo == 1 else "zeroOrMore")
        rep.append(make())
        return [rep]
    out = [make() for _ in range(lo)]
    if hi is UNBOUNDED:
        z = _r("zeroOrMore")
        z.append(make())
        out.append(z)
    else:
        tail: etree._Element | None = None
        for _ in range(hi - lo):
            opt = _r("optional")
            opt.append(make())
            if tail is not None:
                opt.append(tail)
            tail = opt
        if tail is not None:
            out.append(tail)
    return out


def _one(patterns: list[etree._Element], wrapper: str = "group") -> etree._Element:
    if len(patterns) == 1:
        return patterns[0]
    g = _r(wrapper)
    for p in patterns:
        g.append(p)
    return g


def _values(vl: ValList) -> etree._Element:
    choice = _r("choice")
    for item in vl.items:
        v = _r("value", choice)
        v.text = item.ident
        _documentation(choice, item.doc.text())
    return choice


def _data(node: Node) -> etree._Element:
    if node.key:
        return _r("ref", name=node.key)
    d = _r("data", type=node.name or "string")
    for name, value in node.facets:
        p = _r("param", d, name=name)
        p.text = value
    return d


def _pattern(node: Node) -> list[etree._Element]:
    k = node.kind
    if k == "textNode":
        return [_r("text")]
    if k == "empty":
        return [_r("empty")]
    if k == "dataRef":
        return [_data(node)]
    if k == "valList":
        return [_values(node.vallist)]
    if k == "macroRef":
        return [_r("ref", name=node.key)]
    if k in ("elementRef", "classRef"):
        return _repeat(lambda: _r("ref", name=node.key), node.min, node.max)
    if k == "sequence":
        def make() -> etree._Element:
            return _one([p for c in node.children for p in _pattern(c)])
        return _repeat(make, node.min, node.max)
    if k == "alternate":
        def make() -> etree._Element:
            choice = _r("choice")
            for c in node.children:
                choice.append(_one(_pattern(c)))
            return choice
        return _repeat(make, node.min, node.max)
    raise AssertionError(k)


def _attribute(a: AttDef) -> etree._Element:
    attr = _r("attribute", name=a.ident)
    if a.default is not None:
        attr.set("{%s}defaultValue" % ANN_NS, a.default)
    doc = a.doc.text()
    if a.vallist is not None and a.vallist.type != "closed" and a.vallist.items:
        listed = ", ".join(i.ident for i in a.vallist.items)
        doc = f"{doc} Suggested values: {listed}." if doc else f"Suggested values: {listed}."
    _documentation(attr, doc)
    if a.vallist is not None and a.vallist.type == "closed":
        value = _values(a.vallist)
    elif a.vallist is not None and a.vallist.type == "semi" and a.datatype is not None:
        value = _values(a.vallist)
        value.append(_data(a.datatype))
    elif a.datatype is not None:
        value = _data(a.datatype)
    else:
        value = _r("text")
    if a.dt_max is UNBOUNDED or (a.dt_max or 1) > 1:
        lst = _r("list")
        for p in _repeat(lambda: _copy(value), max(a.dt_min, 1), a.dt_max):
            lst.append(p)
        attr.append(lst)
    else:
        attr.append(value)
    if a.usage == "req":
        return attr
    opt = _r("optional")
    opt.append(attr)
    return opt


def _copy(el: etree._Element) -> etree._Element:
    return etree.fromstring(etree.tostring(el))


def _rng(odd: Odd, source_name: str) -> bytes:
    nsmap = {None: RNG_NS, "a": ANN_NS}
    grammar = etree.Element(R + "grammar", nsmap=nsmap)
    grammar.set("ns", TEI_NS)
    grammar.set("datatypeLibrary", XSD_DATATYPES)
    _documentation(grammar, odd.doc.text())
    start = _r("start", grammar)
    start.append(_one([_r("ref", name=s) for s in odd.start], "choice"))
    for spec in odd.specs.values():
        define = _r("define", grammar, name=spec.ident)
        if spec.kind == "elementSpec":
            element = _r("element", define, name=spec.ident)
            _documentation(element, spec.doc.text())
            for p in _pattern(spec.content) if spec.content is not None else [_r("empty")]:
                element.append(p)
            for a in odd.attributes(spec.ident):
                element.append(_attribute(a))
        elif spec.kind == "classSpec" and spec.type == "model":
            _documentation(define, spec.doc.text())
            members = odd.members(spec.ident)
            if members:
                define.append(_one([_r("ref", name=m) for m in members], "choice"))
            else:
                _r("notAllowed", define)
        elif spec.kind == "classSpec":
            # Attribute classes are expanded on their elements; keep them as documentation.
            grammar.remove(define)
            continue
        else:  # macroSpec, dataSpec
            _documentation(define, spec.doc.text())
            for p in _pattern(spec.content) if spec.content is not None else [_r("empty")]:
                define.append(p)
    return _serialise(grammar, source_name)


# ---------------------------------------------------------------------------------------------
# Schematron


def _sch_copy(el: etree._Element, code: str) -> etree._Element:
    """A fresh copy of a Schematron element, without the ODD's namespace declarations."""
    new = etree.Element(S + etree.QName(el).localname)
    for k, v in el.attrib.items():
        new.set(k, v)
    if etree.QName(el).localname in ("assert", "report"):
        new.set("id", code)
    mixed = etree.QName(el).localname in ("assert", "report")
    new.text = _squash(el.text, mixed)
    for c in el:
        if not isinstance(c.tag, str):
            continue
        child = _sch_copy(c, code)
        child.tail = _squash(c.tail, mixed)
        new.append(child)
    if etree.QName(el).localname in ("assert", "report"):
        if new.text:
            new.text = new.text.lstrip()
        last = new[-1] if len(new) else None
        if last is None and new.text:
            new.text = new.text.rstrip()
        elif last is not None and last.tail:
            last.tail = last.tail.rstrip()
    return new


def _squash(s: str | None, mixed: bool) -> str | None:
    """Whitespace runs become one space; between structural elements, whitespace goes."""
    if s is None or (not mixed and not s.strip()):
        return None
    return re.sub(r"\s+", " ", s)


def _sch(odd: Odd, source_name: str) -> bytes:
    schema = etree.Element(S + "schema", nsmap={"sch": SCH_NS})
    schema.set("queryBinding", "xslt3")
    prefixes = {"tei": TEI_NS}
    extra: list[tuple[str, str]] = []
    for c in odd.constraints:
        for ns in c.el.iter(S + "ns"):
            p, u = ns.get("prefix"), ns.get("uri")
            if p and u and p not in prefixes:
                prefixes[p] = u
                extra.append((p, u))
    for p, u in [("tei", TEI_NS), *extra]:
        ns = etree.SubElement(schema, S + "ns")
        ns.set("prefix", p)
        ns.set("uri", u)
    for c in odd.constraints:
        constraint = c.el.find(T + "constraint")
        schema.append(etree.Comment(" %s: %s " % (c.ident, c.desc.replace("--", "–"))))
        pattern = etree.SubElement(schema, S + "pattern")
        pattern.set("id", c.ident)
        loose: list[etree._Element] = []
        for child in constraint:
            if not isinstance(child.tag, str) or child.tag == S + "ns":
                continue
            if child.tag == S + "rule":
                pattern.append(_sch_copy(child, c.ident))
            else:
                loose.append(child)
        if loose:
            rule = etree.SubElement(pattern, S + "rule")
            rule.set("context", f"tei:{c.owner.ident}")
            for child in loose:
                rule.append(_sch_copy(child, c.ident))
    return _serialise(schema, source_name)


def _serialise(root: etree._Element, source_name: str) -> bytes:
    # Indent the structure, but not inside mixed content (Schematron messages): indenting
    # would add whitespace to the text of a message.
    saved = [(el, el.text, [(c, c.tail) for c in el])
             for el in root.iter(S + "assert", S + "report")]
    etree.indent(root, space="  ")
    for el, text, tails in saved:
        el.text = text
        for c, tail in tails:
            c.tail = tail
    body = etree.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<!--{header(source_name)}-->\n{body}\n").encode("utf-8")


# ---------------------------------------------------------------------------------------------
# API


def compile_odd(odd_path: Path | str, source_name: str | None = None,
                display: str | None = None) -> tuple[bytes, bytes]:
    """Compile an ODD into (RELAX NG bytes, Schematron bytes). Raises :class:`OddError`.

    *source_name* is the ODD's name in the outputs' "Generated from …" comment (default:
    ``<folder>/<file>``); *display* its name in error messages (default: the path as given).
    """
    odd_path = Path(odd_path)
    if source_name is None:
        source_name = f"{odd_path.parent.name}/{odd_path.name}" if odd_path.parent.name \
            else odd_path.name
    odd = load_odd(odd_path, display)
    return _rng(odd, source_name), _sch(odd, source_name)


def _outputs(cfg) -> list[tuple[Path, bytes]]:
    rng, sch = compile_odd(cfg.path(cfg.odd), source_name=cfg.odd, display=cfg.odd)
    return [(cfg.path(cfg.schema), rng), (cfg.path(cfg.schematron), sch)]


def write_schema(cfg) -> list[Path]:
    """Compile the edition's ODD and write its RELAX NG and Schematron; returns the paths.

    Both are compiled before either is written, so an error in the ODD leaves them untouched.
    """
    outputs = _outputs(cfg)
    for path, data in outputs:
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(tmp, mode)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return [p for p, _ in outputs]


def stale_outputs(cfg) -> list[Path]:
    """The generated schema files that are missing or differ from what the ODD compiles to."""
    return [path for path, data in _outputs(cfg)
            if not path.is_file() or path.read_bytes() != data]
