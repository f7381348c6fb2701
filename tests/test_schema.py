"""The schema: the ODD compiler, the committed outputs, the edition's files against
``edition.rng`` and the official ``tei_all.rng``, the subset property, and the Schematron rules."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from edition import TEI_NS, config, schema
from edition.cli import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "schema"
TEI_ALL = ROOT.parent / "shared" / "tei" / "tei_all.rng"
TEI_FILES = sorted((ROOT / "tei").glob("*.xml"))

RNG = "{%s}" % schema.RNG_NS
ANN = "{%s}" % schema.ANN_NS
SCH = "{%s}" % schema.SCH_NS
T = "{%s}" % TEI_NS
XSL_NS = "http://www.w3.org/1999/XSL/Transform"


def parse(path: Path) -> etree._ElementTree:
    return etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))


def errors(validator: etree.RelaxNG, path: Path) -> list[str]:
    if validator.validate(parse(path)):
        return []
    return [f"{path.name}:{e.line}: {e.message}" for e in validator.error_log]


@pytest.fixture(scope="module")
def cfg() -> config.Config:
    return config.load(ROOT)


@pytest.fixture(scope="module")
def edition_rng(cfg) -> etree.RelaxNG:
    return etree.RelaxNG(parse(cfg.path(cfg.schema)))


# ``tei_all`` (the official TEI All schema, compiled once per session, about 20 s; skipped with a
# message when ../shared/tei/tei_all.rng is absent) comes from conftest.py.


@pytest.fixture(scope="module")
def tei_grammar() -> "TeiGrammar":
    if not TEI_ALL.is_file():
        pytest.skip(f"{TEI_ALL} is absent: the subset checks need the official TEI schema")
    return TeiGrammar(parse(TEI_ALL))


@pytest.fixture(scope="module")
def odd(cfg) -> schema.Odd:
    return schema.load_odd(cfg.path(cfg.odd))


# ---------------------------------------------------------------------------------------------
# The committed outputs


def test_committed_outputs_are_current(cfg):
    stale = schema.stale_outputs(cfg)
    assert stale == [], f"out of date with {cfg.odd}: {stale} (run `edition schema`)"


def test_outputs_are_marked_generated_and_deterministic(cfg):
    first = schema.compile_odd(cfg.path(cfg.odd), source_name=cfg.odd)
    second = schema.compile_odd(cfg.path(cfg.odd), source_name=cfg.odd)
    assert first == second
    for data in first:
        assert data.splitlines()[1] == (
            "<!-- Generated from schema/edition.odd by `edition schema` — do not edit. -->"
            .encode())


def test_every_element_and_attribute_is_documented(cfg):
    rng = parse(cfg.path(cfg.schema))
    for el in rng.iter(RNG + "element", RNG + "attribute"):
        doc = el.find(ANN + "documentation")
        assert doc is not None and doc.text, f"{el.tag} {el.get('name')} has no a:documentation"


def test_odd_is_valid_tei(cfg, tei_all):
    assert errors(tei_all, cfg.path(cfg.odd)) == []


def examples(cfg) -> list[tuple[int, etree._Element]]:
    """The elements of the guidelines' egXML examples, moved into the TEI namespace."""
    eg = "{http://www.tei-c.org/ns/Examples}"
    out = []
    for example in parse(cfg.path(cfg.odd)).iter(eg + "egXML"):
        for child in example:
            if not isinstance(child.tag, str):
                continue
            copy = etree.fromstring(etree.tostring(child))
            for el in copy.iter():
                if isinstance(el.tag, str) and el.tag.startswith(eg):
                    el.tag = T + el.tag[len(eg):]
            etree.cleanup_namespaces(copy)
            out.append((child.sourceline, copy))
    return out


def test_guideline_examples_follow_the_schema(cfg):
    """Each example in the guidelines is valid against edition.rng, as the element it shows."""
    grammar = parse(cfg.path(cfg.schema)).getroot()
    found = examples(cfg)
    assert len(found) >= 10
    for line, element in found:
        start = grammar.find(RNG + "start")
        start.clear()
        etree.SubElement(start, RNG + "ref", name=etree.QName(element).localname)
        validator = etree.RelaxNG(etree.fromstring(etree.tostring(grammar)))
        assert validator.validate(element), f"example at line {line}: {validator.error_log}"


# ---------------------------------------------------------------------------------------------
# The compiler, on small ODDs


def shape(el: etree._Element) -> str:
    """A compact view of a RELAX NG pattern: ``group(oneOrMore(ref:p), text)``."""
    local = etree.QName(el).localname
    label = {"ref": f"ref:{el.get('name')}", "value": f"value:{el.text}",
             "data": f"data:{el.get('type')}", "attribute": f"@{el.get('name')}"}.get(local, local)
    kids = [shape(c) for c in el if isinstance(c.tag, str) and c.tag.startswith(RNG)
            and etree.QName(c).localname != "param"]
    return f"{label}({', '.join(kids)})" if kids else label


def compiled(name: str) -> tuple[etree._Element, etree._Element]:
    rng, sch = schema.compile_odd(FIXTURES / "odd" / name)
    return etree.fromstring(rng), etree.fromstring(sch)


def define(rng: etree._Element, name: str) -> etree._Element:
    found = [d for d in rng.findall(RNG + "define") if d.get("name") == name]
    assert len(found) == 1, name
    return found[0]


def test_content_model_becomes_relax_ng():
    rng, _ = compiled("minimal.odd")
    tei = define(rng, "TEI").find(RNG + "element")
    content = [shape(c) for c in tei
               if c.tag != RNG + "optional" or c.find(RNG + "attribute") is None]
    content = [c for c in content if not c.startswith("documentation")]
    assert content == [
        "group(oneOrMore(ref:p), optional(ref:note), ref:note, ref:note, optional(ref:note))"]
    p = define(rng, "p").find(RNG + "element")
    assert shape(p[1]) == "zeroOrMore(choice(text, ref:model.phrase))"
    assert shape(define(rng, "model.phrase")) == "define(ref:note)"
    assert shape(define(rng, "teidata.pointer")) == "define(data:anyURI)"
    assert rng.find(RNG + "start/" + RNG + "ref").get("name") == "TEI"
    assert rng.get("datatypeLibrary") == "http://www.w3.org/2001/XMLSchema-datatypes"


def test_gloss_and_desc_become_documentation():
    rng, _ = compiled("minimal.odd")
    p = define(rng, "p").find(RNG + "element")
    assert p.find(ANN + "documentation").text == "(paragraph) a paragraph."
    attr = next(a for a in p.iter(RNG + "attribute") if a.get("name") == "xml:id")
    assert attr.find(ANN + "documentation").text == "an identifier."


def test_closed_vallist_becomes_choice_of_values_and_attributes_are_inherited():
    rng, _ = compiled("minimal.odd")
    note = define(rng, "note").find(RNG + "element")
    attrs = {a.get("name"): a for a in note.iter(RNG + "attribute")}
    assert set(attrs) == {"corresp", "type"}  # xml:id deleted with mode="delete"
    assert attrs["type"].getparent() is note  # usage="req": not optional
    assert shape(attrs["type"]) == "@type(choice(value:editorial, value:author))"
    assert [d.text for d in attrs["type"].find(RNG + "choice").findall(ANN + "documentation")] == [
        "the editors' note.", "the author's note."]
    assert shape(attrs["corresp"]) == "@corresp(list(oneOrMore(ref:teidata.pointer)))"
    assert attrs["corresp"].getparent().tag == RNG + "optional"


def test_compiled_minimal_schema_validates():
    rng, _ = compiled("minimal.odd")
    validator = etree.RelaxNG(rng)
    ok = etree.fromstring(f'<TEI xmlns="{TEI_NS}"><p xml:id="a">x<note type="author">n</note></p>'
                          '<note type="editorial"/><note type="editorial"/></TEI>')
    assert validator.validate(ok), validator.error_log
    bad = etree.fromstring(f'<TEI xmlns="{TEI_NS}"><p>x</p><note type="other"/>'
                           '<note type="editorial"/></TEI>')
    assert not validator.validate(bad)


def test_constraint_becomes_named_pattern():
    _, sch = compiled("minimal.odd")
    assert sch.get("queryBinding") == "xslt3"
    assert [(n.get("prefix"), n.get("uri")) for n in sch.findall(SCH + "ns")] == [("tei", TEI_NS)]
    (pattern,) = sch.findall(SCH + "pattern")
    assert pattern.get("id") == "empty-p"
    rule = pattern.find(SCH + "rule")
    assert rule.get("context") == "tei:p"
    check = rule.find(SCH + "assert")
    assert (check.get("role"), check.get("id")) == ("warning", "empty-p")
    assert "".join(check.itertext()) == "empty  (hint: delete it)"


@pytest.mark.parametrize("fixture, code, line, col", [
    ("undefined-element.odd", "odd-undefined-element", 21, 15),
    ("undefined-class.odd", "odd-undefined-class", 33, 15),
    ("malformed.odd", "odd-malformed", 29, 11),
])
def test_odd_errors_have_a_location(fixture, code, line, col):
    path = FIXTURES / "odd" / fixture
    with pytest.raises(schema.OddError) as raised:
        schema.compile_odd(path)
    (problem,) = raised.value.problems
    assert (problem.code, problem.line, problem.col) == (code, line, col)
    assert str(problem).startswith(f"{path}:{line}:{col}: error[{code}]: ")


def test_constraint_rules_are_enforced():
    with pytest.raises(schema.OddError) as raised:
        schema.compile_odd(FIXTURES / "odd" / "bad-constraint.odd")
    messages = [p.message for p in raised.value.problems]
    assert {p.code for p in raised.value.problems} == {"odd-constraint"}
    assert any("role" in m for m in messages) and any("hint" in m for m in messages)


def make_project(tmp_path: Path, odd: str) -> Path:
    (tmp_path / "schema").mkdir()
    shutil.copy(FIXTURES / "odd" / odd, tmp_path / "schema" / "edition.odd")
    (tmp_path / "pyproject.toml").write_text("[tool.edition]\ntitle = \"Test\"\n", encoding="utf-8")
    return tmp_path


def test_cli_writes_and_checks(tmp_path):
    root = make_project(tmp_path, "minimal.odd")
    runner = CliRunner()
    result = runner.invoke(main, ["--root", str(root), "schema", "--check"])
    assert result.exit_code == 1
    assert "schema/edition.rng: error[schema-stale]" in result.output
    assert "hint: run `edition schema`" in result.output
    result = runner.invoke(main, ["--root", str(root), "schema"])
    assert result.exit_code == 0, result.output
    assert (root / "schema" / "edition.rng").is_file()
    assert (root / "schema" / "edition.sch").is_file()
    result = runner.invoke(main, ["--root", str(root), "schema", "--check"])
    assert result.exit_code == 0, result.output


def test_cli_reports_odd_errors_and_writes_nothing(tmp_path):
    root = make_project(tmp_path, "minimal.odd")
    runner = CliRunner()
    assert runner.invoke(main, ["--root", str(root), "schema"]).exit_code == 0
    before = (root / "schema" / "edition.rng").read_bytes()
    shutil.copy(FIXTURES / "odd" / "undefined-element.odd", root / "schema" / "edition.odd")
    result = runner.invoke(main, ["--root", str(root), "schema"])
    assert result.exit_code == 1
    assert "schema/edition.odd:21:15: error[odd-undefined-element]" in result.output
    assert (root / "schema" / "edition.rng").read_bytes() == before


# ---------------------------------------------------------------------------------------------
# The edition's files


@pytest.mark.parametrize("path", TEI_FILES, ids=lambda p: p.name)
def test_tei_file_is_valid_against_edition_rng(path, edition_rng):
    assert errors(edition_rng, path) == []


@pytest.mark.parametrize("path", TEI_FILES, ids=lambda p: p.name)
def test_tei_file_is_valid_against_tei_all(path, tei_all):
    assert errors(tei_all, path) == []


@pytest.mark.parametrize("path", sorted((FIXTURES / "edition").glob("*.xml")), ids=lambda p: p.name)
def test_rule_fixture_is_valid(path, edition_rng, tei_all):
    assert errors(edition_rng, path) == []
    assert errors(tei_all, path) == []


#: Deliberately wrong documents, and a word the grammar's complaint must mention.
INVALID = {
    "unknown-element.xml": "sedov",
    "tei-element-not-in-edition.xml": "rs",
    "wrong-div-type.xml": "type",
    "p-type.xml": "type",
    "name-in-title.xml": "persName",
    "sic-outside-choice.xml": "sic",
    "wrong-note-type.xml": "type",
    "non-iso-date.xml": "when",
    "wrong-title-level.xml": "level",
}


def test_every_invalid_fixture_is_listed():
    assert sorted(p.name for p in (FIXTURES / "invalid").glob("*.xml")) == sorted(INVALID)


@pytest.mark.parametrize("name", sorted(INVALID))
def test_edition_rng_rejects(name, edition_rng):
    problems = errors(edition_rng, FIXTURES / "invalid" / name)
    assert problems, f"{name} should be invalid"
    # The fixtures are valid apart from line 14; the complaint names what is wrong there.
    located = [p for p in problems if not p.startswith(f"{name}:0:")]
    assert located and all(p.startswith(f"{name}:14:") for p in located), problems
    assert any(INVALID[name] in p for p in located), problems


# ---------------------------------------------------------------------------------------------
# The customisation is a subset of TEI


class TeiGrammar:
    """The parts of tei_all.rng the subset checks need."""

    def __init__(self, tree: etree._ElementTree):
        self.defines: dict[str, list[etree._Element]] = {}
        for d in tree.getroot().iter(RNG + "define"):
            self.defines.setdefault(d.get("name"), []).append(d)
        self.elements = {d.find(RNG + "element").get("name"): d.find(RNG + "element")
                         for ds in self.defines.values() for d in ds
                         if d.find(RNG + "element") is not None}

    def _attributes(self, node, seen, out):
        for c in node:
            if not isinstance(c.tag, str) or c.tag == RNG + "element":
                continue
            if c.tag == RNG + "attribute":
                out.setdefault(c.get("name"), []).append(c)
            elif c.tag == RNG + "ref" and c.get("name") not in seen:
                seen.add(c.get("name"))
                for d in self.defines.get(c.get("name"), []):
                    if d.find(RNG + "element") is None:
                        self._attributes(d, seen, out)
            else:
                self._attributes(c, seen, out)
        return out

    def attributes(self, element: str) -> dict[str, list[etree._Element]]:
        return self._attributes(self.elements[element], set(), {})

    @staticmethod
    def closed_values(attribute: etree._Element) -> set[str] | None:
        """The values of a closed list, or None if the attribute takes open values."""
        if any(d.tag in (RNG + "data", RNG + "text", RNG + "ref") for d in attribute.iter()):
            return None
        return {v.text for v in attribute.iter(RNG + "value")}

    def expand(self, name: str, seen: set | None = None) -> set[str]:
        seen = set() if seen is None else seen
        out: set[str] = set()
        for d in self.defines.get(name, []):
            for ref in d.iter(RNG + "ref"):
                target = ref.get("name")
                if target in seen:
                    continue
                seen.add(target)
                element = [x.find(RNG + "element") for x in self.defines.get(target, [])]
                if any(e is not None for e in element):
                    out |= {e.get("name") for e in element if e is not None}
                else:
                    out |= self.expand(target, seen)
        return out


def test_elements_and_attributes_exist_in_tei(odd, tei_grammar):
    for spec in odd.elements():
        assert spec.ident in tei_grammar.elements, f"<{spec.ident}> is not a TEI element"
        tei_attrs = tei_grammar.attributes(spec.ident)
        for attr in odd.attributes(spec.ident):
            assert attr.ident in tei_attrs, f"TEI gives <{spec.ident}> no @{attr.ident}"
            if attr.vallist is not None and attr.vallist.type == "closed":
                ours = {v.ident for v in attr.vallist.items}
                for tei_attr in tei_attrs[attr.ident]:
                    allowed = tei_grammar.closed_values(tei_attr)
                    assert allowed is None or ours <= allowed, (
                        f"<{spec.ident} @{attr.ident}>: {sorted(ours - allowed)} not in TEI's list")


def test_classes_are_narrower_than_tei(odd, tei_grammar):
    for spec in odd.specs.values():
        if spec.kind in ("classSpec", "macroSpec"):
            assert spec.ident in tei_grammar.defines or f"{spec.ident}.attributes" in \
                tei_grammar.defines, f"{spec.ident} is not a TEI class or macro"
    for cls in odd.classes("model"):
        ours = set(odd.expand_class(cls.ident))
        theirs = tei_grammar.expand(cls.ident)
        assert ours <= theirs, f"{cls.ident}: {sorted(ours - theirs)} are not members in TEI"


class DocumentMaker:
    """Random documents that edition.rng allows, to check that tei_all allows them too."""

    WORDS = ["Sedov", "Paris", "1938", "the", "clinic", "Lyova"]
    DATA = {
        "teidata.pointer": ["#x", "persons.xml#sedov-lev", "https://example.org/a"],
        "teidata.enumerated": ["abc"], "teidata.word": ["203"], "teidata.text": ["1"],
        "teidata.language": ["en", "fr"], "teidata.xpath": ["//body/div"],
        "teidata.temporal.w3c": ["1938", "1938-02", "1938-02-16", "--02-16"],
        "ID": None, "Name": ["persName"], "time": ["17:20:00"], "string": ["s"],
    }

    def __init__(self, odd: schema.Odd):
        self.odd, self.random, self.depth, self.ids = odd, random.Random(0), 6, 0
        self.members = {c.ident: odd.expand_class(c.ident) for c in odd.classes("model")}
        self.attrs = {e.ident: odd.attributes(e.ident) for e in odd.elements()}
        self.height = self._heights()

    def _heights(self) -> dict[str, float]:
        h = {s.ident: float("inf") for s in self.odd.elements()}
        changed = True
        while changed:
            changed = False
            for spec in self.odd.elements():
                new = 1 + self._node_height(spec.content, h)
                if new < h[spec.ident]:
                    h[spec.ident], changed = new, True
        return h

    def _node_height(self, node, h) -> float:
        if node is None or node.kind in ("textNode", "empty", "dataRef", "valList"):
            return 0
        if node.kind == "elementRef":
            return 0 if node.min == 0 else h[node.key]
        if node.kind == "classRef":
            members = self.members[node.key]
            return 0 if node.min == 0 else min((h[m] for m in members), default=float("inf"))
        if node.kind == "macroRef":
            return self._node_height(self.odd.specs[node.key].content, h)
        parts = [self._node_height(c, h) for c in node.children]
        if node.min == 0:
            return 0
        return max(parts) if node.kind == "sequence" else min(parts)

    def document(self, seed: int, depth: int) -> etree._Element:
        self.random, self.depth, self.ids = random.Random(seed), depth, 0
        return self.element(self.odd.start[0], 0)

    def value(self, key: str | None, name: str | None) -> str:
        choices = self.DATA.get(key or name)
        if choices is None:
            self.ids += 1
            return f"id{self.ids}"
        return self.random.choice(choices)

    def attribute_value(self, attr: schema.AttDef) -> str:
        if attr.vallist is not None and attr.vallist.type == "closed":
            return self.random.choice([v.ident for v in attr.vallist.items])
        dt = attr.datatype
        return self.value(dt.key, dt.name)

    def element(self, ident: str, level: int) -> etree._Element:
        el = etree.Element(T + ident)
        optional = [a for a in self.attrs[ident] if a.usage != "req"]
        # A few optional attributes at a time: libxml2's RELAX NG matching of many optional
        # attributes on one element can take seconds, and real elements carry few.
        chosen = self.random.sample(optional, min(len(optional), self.random.randint(0, 4)))
        for attr in self.attrs[ident]:
            if attr.usage == "req" or attr in chosen:
                name = attr.ident.replace("xml:", "{http://www.w3.org/XML/1998/namespace}")
                el.set(name, self.attribute_value(attr))
        self.fill(el, self.odd.specs[ident].content, level)
        return el

    def fill(self, el, node, level) -> None:
        deep = level >= self.depth
        k = node.kind
        if k == "textNode":
            self.text(el, self.random.choice(self.WORDS) + " ")
        elif k == "dataRef":
            self.text(el, self.value(node.key, node.name))
        elif k == "valList":
            self.text(el, self.random.choice([v.ident for v in node.vallist.items]))
        elif k == "macroRef":
            self.fill(el, self.odd.specs[node.key].content, level)
        elif k in ("elementRef", "classRef", "sequence", "alternate"):
            most = node.min if deep else min(node.min + 2, node.max if node.max is not None else 99)
            for _ in range(self.random.randint(node.min, most)):
                self.one(el, node, level, deep)

    def one(self, el, node, level, deep) -> None:
        if node.kind == "elementRef":
            el.append(self.element(node.key, level + 1))
        elif node.kind == "classRef":
            members = self.members[node.key]
            if deep:
                best = min(self.height[m] for m in members)
                members = [m for m in members if self.height[m] == best]
            el.append(self.element(self.random.choice(members), level + 1))
        elif node.kind == "sequence":
            for child in node.children:
                self.fill(el, child, level)
        else:
            options = node.children
            if deep:
                best = min(self._node_height(c, self.height) for c in options)
                options = [c for c in options if self._node_height(c, self.height) == best]
            self.fill(el, self.random.choice(options), level)

    @staticmethod
    def text(el, s) -> None:
        if len(el):
            el[-1].tail = (el[-1].tail or "") + s
        else:
            el.text = (el.text or "") + s


def test_random_documents_of_the_edition_are_valid_tei(odd, edition_rng, tei_all):
    """Documents drawn at random from the ODD's grammar: each is valid against edition.rng
    (a check of the generator) and must be valid against tei_all (the subset property).
    Together they use every element and every attribute of the customisation."""
    used: set[str] = set()
    maker = DocumentMaker(odd)
    for seed in range(400):
        doc = maker.document(seed, depth=4 + seed % 3)
        assert edition_rng.validate(doc), (seed, str(edition_rng.error_log))
        assert tei_all.validate(doc), (
            f"seed {seed}", [f"{e.line}: {e.message}" for e in tei_all.error_log][:5],
            etree.tostring(doc, pretty_print=True).decode()[:4000])
        for el in doc.iter():
            local = etree.QName(el).localname
            used.add(local)
            used.update(f"{local}@{etree.QName(a).localname}" for a in el.attrib)
    wanted = {e.ident for e in odd.elements()} | {
        f"{e.ident}@{a.ident.split(':')[-1]}"
        for e in odd.elements() for a in odd.attributes(e.ident)}
    assert wanted - used == set(), "the random documents never used these"


# ---------------------------------------------------------------------------------------------
# The Schematron rules, each on both sides


def schematron_to_xslt(sch: etree._Element) -> str:
    """A minimal compilation of the edition's Schematron subset to XSLT 3.0 (tests only)."""
    x = "{%s}" % XSL_NS
    nsmap = {"xsl": XSL_NS, **{n.get("prefix"): n.get("uri") for n in sch.findall(SCH + "ns")}}
    sheet = etree.Element(x + "stylesheet", nsmap=nsmap, version="3.0")
    sheet.set("exclude-result-prefixes", "#all")
    results = etree.SubElement(etree.SubElement(sheet, x + "template", match="/"), "results")
    for i, pattern in enumerate(sch.findall(SCH + "pattern")):
        etree.SubElement(sheet, x + "mode", name=f"p{i}", **{"on-no-match": "deep-skip"})
        etree.SubElement(results, x + "apply-templates", select="(/ | //* | //@*)", mode=f"p{i}")
        for j, rule in enumerate(pattern.findall(SCH + "rule")):
            template = etree.SubElement(sheet, x + "template", match=rule.get("context"),
                                        mode=f"p{i}", priority=str(1000 - j))
            for item in rule:
                local = etree.QName(item).localname
                if local == "let":
                    etree.SubElement(template, x + "variable", name=item.get("name"),
                                     select=item.get("value"))
                    continue
                test = item.get("test") if local == "report" else f"not({item.get('test')})"
                found = etree.SubElement(etree.SubElement(template, x + "if", test=test), "found",
                                         code=item.get("id"), role=item.get("role"))
                etree.SubElement(found, x + "attribute", name="path", select="path(.)")
                for part in [item.text, *[p for c in item for p in (c, c.tail)]]:
                    if part is None:
                        continue
                    if isinstance(part, str):
                        etree.SubElement(found, x + "text").text = part
                    elif etree.QName(part).localname == "value-of":
                        etree.SubElement(found, x + "value-of", select=part.get("select"))
                    else:
                        etree.SubElement(found, x + "value-of",
                                         select=f"name({part.get('path', '.')})")
    return etree.tostring(sheet, encoding="unicode")


@pytest.fixture(scope="module")
def schematron(cfg):
    saxonche = pytest.importorskip("saxonche")
    processor = saxonche.PySaxonProcessor(license=False)
    xslt = schematron_to_xslt(parse(cfg.path(cfg.schematron)).getroot())
    executable = processor.new_xslt30_processor().compile_stylesheet(stylesheet_text=xslt)

    def run(path: Path) -> list[tuple[str, str, str]]:
        document = processor.parse_xml(xml_file_name=str(path.resolve()))
        results = etree.fromstring(executable.transform_to_string(xdm_node=document).encode())
        return [(f.get("code"), f.get("role"), " ".join(f.text.split())) for f in results]

    return run


@pytest.fixture
def edition_copy(tmp_path) -> Path:
    shutil.copytree(FIXTURES / "edition", tmp_path / "tei")
    return tmp_path / "tei"


def edit(path: Path, xpath: str, change) -> None:
    tree = parse(path)
    nodes = tree.xpath(xpath, namespaces={"tei": TEI_NS})
    assert nodes, xpath
    change(nodes[0])
    tree.write(str(path), encoding="UTF-8", xml_declaration=True)


def setter(**attrs):
    def change(el):
        for k, v in attrs.items():
            k = k.replace("xml_", "{http://www.w3.org/XML/1998/namespace}").replace("_", "-")
            if v is None:
                el.attrib.pop(k, None)
            else:
                el.set(k, v)
    return change


def add(xml: str):
    def change(el):
        el.append(etree.fromstring(f'<wrap xmlns="{TEI_NS}">{xml}</wrap>')[0])
    return change


def text(value: str):
    def change(el):
        el.text = value
        for c in list(el):
            el.remove(c)
    return change


TEXT = "serge-1938.xml"
DISC = "discrepancies.xml"
P2 = "//tei:p[@xml:id='se-p2']"
SEDOV = "//tei:persName[@ref='persons.xml#sedov-lev']"
BLOCK_QUOTE = "//tei:div[@type='primary-source']/tei:quote"
#: For each rule: the file to change, the element, the change. The rule must fire there.
BREAKS = {
    "dangling-ref": (TEXT, SEDOV, setter(ref="persons.xml#sedova")),
    "pointer-register": (TEXT, SEDOV, setter(ref="places.xml#paris")),
    "duplicate-id": (TEXT, P2, setter(xml_id="se-p1")),
    "id-prefix": (TEXT, P2, setter(xml_id="ls-p2")),
    "id-form": (TEXT, P2, setter(xml_id="se-para2")),
    "missing-id": (TEXT, P2, setter(xml_id=None)),
    "register-id-form": ("places.xml", "//tei:place", setter(xml_id="Paris_France")),
    "subtype-without-type": ("persons.xml", "//tei:persName[@subtype]", setter(type=None)),
    "non-iso-date": (TEXT, "//tei:date[@when='1938-02-16']", setter(when="1938-02-30")),
    "date-range": (TEXT, "//tei:date[@from]", setter(**{"from": "1939"})),
    "date-attributes": (TEXT, "//tei:date[@from]", setter(when="1936")),
    "date-evidence": (TEXT, "//tei:date[@evidence]", setter(cert=None)),
    "name-without-ref": (TEXT, "//tei:placeName", setter(ref=None)),
    "unidentified-with-ref": (TEXT, "//tei:persName[@type='unidentified']",
                              setter(ref="persons.xml#sedov-lev")),
    "name-type-context": (TEXT, "//tei:placeName", setter(type="standard")),
    "empty-name": (TEXT, "//tei:placeName", text("")),
    "unreferenced-entry": ("orgs.xml", "//tei:listOrg",
                           add('<org xml:id="fbi"><orgName type="standard">FBI</orgName></org>')),
    "nested-p": (TEXT, "//tei:p[@xml:id='se-p1']", add('<p xml:id="se-p9">inner</p>')),
    "primary-source-quote": (TEXT, BLOCK_QUOTE, setter(source=None)),
    "quote-type": (TEXT, BLOCK_QUOTE, setter(type=None)),
    "quote-marks": (TEXT, "//tei:quote[not(@type)]", text("“The trial is a lie")),
    "title-level": (TEXT, "//tei:p/tei:title", setter(level=None)),
    "sic-without-corr": (TEXT, "//tei:choice/tei:corr", lambda el: el.getparent().remove(el)),
    "note-resp": (TEXT, "//tei:note[@type='editorial']", setter(resp="persons.xml#sedov-lev")),
    "note-subtype": (TEXT, "//tei:note[@type='editorial']", setter(subtype=None)),
    "note-type-context": (TEXT, "//tei:note[@type='translator']", setter(type="identification")),
    "note-evidence": (TEXT, "//tei:note[@type='editorial']", text("The Soviet political police.")),
    "translator-note-target": (TEXT, "//tei:note[@type='translator']", setter(target="#se-p1")),
    "note-anchor": (TEXT, "//tei:ref[@type='note-anchor']", setter(target="#se-p3")),
    "custom-date": (TEXT, "//tei:date[@when-custom]", setter(datingMethod="#se-p1")),
    "claim-source": (DISC, "//tei:note[@type='claim']", setter(n="L")),
    "claim-quote": (DISC, "//tei:note[@type='claim']/tei:quote", text("in a Paris clinic")),
    "discrepancy-form": (DISC, "//tei:event", setter(xml_id="hospital")),
    "cite-structure": (TEXT, "//tei:citeStructure/tei:citeStructure", setter(match="//p")),
}


def test_every_rule_is_tested_and_documented(odd, cfg):
    codes = [c.ident for c in odd.constraints]
    assert sorted(codes) == sorted(BREAKS)
    listed = parse(cfg.path(cfg.odd)).xpath("//tei:div[@xml:id='rules']//tei:specDesc/@key",
                                            namespaces={"tei": TEI_NS})
    assert sorted(listed) == sorted(codes), "the ODD's list of rules and its constraintSpecs differ"


@pytest.mark.parametrize("path", sorted((FIXTURES / "edition").glob("*.xml")), ids=lambda p: p.name)
def test_rules_are_silent_on_a_correct_edition(path, edition_copy, schematron):
    assert schematron(edition_copy / path.name) == []


@pytest.mark.parametrize("code", sorted(BREAKS))
def test_rule_fires(code, edition_copy, schematron):
    name, xpath, change = BREAKS[code]
    edit(edition_copy / name, xpath, change)
    found = schematron(edition_copy / name)
    mine = [f for f in found if f[0] == code]
    assert mine, f"{code} did not fire; found {found}"
    for _, role, message in mine:
        assert role in ("error", "warning")
        assert "(hint: " in message
