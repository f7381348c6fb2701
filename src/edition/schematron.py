"""A small ISO Schematron engine: compiles a schema (queryBinding xslt3) to XSLT 3.0, runs it
with Saxon, and maps each finding's XPath location back to a source line with lxml.

It implements what the edition's schema uses: ns, let (schema, pattern and rule level), pattern
(one mode each, so patterns are independent), rule (the first matching rule of a pattern fires,
as the standard says), assert, report, value-of, name. Each assert/report carries @role
(error|warning) and its pattern's @id is the diagnostic code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from . import saxon
from .diagnostics import ERROR, WARNING, Diagnostic, display_path

SCH = "http://purl.oclc.org/dsdl/schematron"
XSL = "http://www.w3.org/1999/XSL/Transform"
SVRL = "http://purl.oclc.org/dsdl/svrl"
S = "{%s}" % SCH


class SchematronError(Exception):
    pass


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _message(el: etree._Element) -> str:
    """The XSLT that produces an assert's message text."""
    out = [_text(el.text)]
    for child in el:
        if child.tag == S + "value-of":
            out.append(f'<xsl:value-of select="{_attr(child.get("select"))}"/>')
        elif child.tag == S + "name":
            out.append(f'<xsl:value-of select="name({_attr(child.get("path", "."))})"/>')
        else:
            out.append(_text("".join(child.itertext())))
        out.append(_text(child.tail))
    return "".join(out)


def _text(s: str | None) -> str:
    if not s:
        return ""
    s = re.sub(r"\s+", " ", s)
    return "<xsl:text>" + s.replace("&", "&amp;").replace("<", "&lt;") + "</xsl:text>"


def _lets(parent: etree._Element) -> str:
    return "".join(
        f'<xsl:variable name="{_attr(let.get("name"))}" select="{_attr(let.get("value"))}"/>'
        for let in parent.findall(S + "let")
    )


def compile_schema(sch: etree._ElementTree) -> str:
    """ISO Schematron → XSLT 3.0 producing SVRL."""
    root = sch.getroot()
    if root.tag != S + "schema":
        raise SchematronError("not an ISO Schematron schema (root must be sch:schema)")
    declared = {"xsl": XSL, "svrl": SVRL, "xs": "http://www.w3.org/2001/XMLSchema"}
    for ns in root.findall(S + "ns"):
        declared.setdefault(ns.get("prefix"), ns.get("uri"))
    ns_decls = " ".join(f'xmlns:{p}="{_attr(uri)}"' for p, uri in declared.items())
    patterns = root.findall(S + "pattern")
    parts = [
        f'<xsl:stylesheet version="3.0" {ns_decls} exclude-result-prefixes="#all">',
        _lets(root),
        '<xsl:template match="/"><svrl:schematron-output>',
    ]
    for i, _ in enumerate(patterns):
        parts.append(f'<xsl:apply-templates select="." mode="p{i}"/>')
    parts.append("</svrl:schematron-output></xsl:template>")
    for i, pattern in enumerate(patterns):
        code = pattern.get("id") or f"pattern-{i + 1}"
        parts.append(f'<xsl:mode name="p{i}" on-no-match="shallow-skip"/>')
        rules = pattern.findall(S + "rule")
        for j, rule in enumerate(rules):
            body = [_lets(pattern), _lets(rule)]
            for check in rule:
                if check.tag not in (S + "assert", S + "report"):
                    continue
                role = check.get("role", "error")
                test = _attr(check.get("test"))
                cond = f"not({test})" if check.tag == S + "assert" else test
                kind = "failed-assert" if check.tag == S + "assert" else "successful-report"
                body.append(
                    f'<xsl:if test="{cond}"><svrl:{kind} location="{{path()}}" '
                    f'role="{_attr(role)}" pattern="{_attr(code)}" id="{_attr(check.get("id", code))}">'
                    f"<svrl:text>{_message(check)}</svrl:text></svrl:{kind}></xsl:if>"
                )
            parts.append(
                f'<xsl:template match="{_attr(rule.get("context"))}" mode="p{i}" '
                f'priority="{len(rules) - j}">{"".join(body)}'
                f'<xsl:apply-templates select="@*|node()" mode="p{i}"/></xsl:template>'
            )
    parts.append("</xsl:stylesheet>")
    return "".join(parts)


@dataclass(frozen=True)
class Finding:
    location: str
    role: str
    code: str
    message: str


class Schematron:
    """A compiled schema; :meth:`check` runs it on one file."""

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            tree = etree.parse(str(self.path))
        except (OSError, etree.XMLSyntaxError) as exc:
            raise SchematronError(f"{self.path}: {exc}") from exc
        self.namespaces = {
            ns.get("prefix"): ns.get("uri") for ns in tree.getroot().findall(S + "ns")
        }
        self.stylesheet = saxon.compile_text(compile_schema(tree), self.path.name)

    def findings(self, document: Path, text: str | None = None) -> list[Finding]:
        uri = Path(document).resolve().as_uri()
        doc = saxon.parse_text(text, uri) if text is not None else saxon.parse_file(document)
        svrl = etree.fromstring(self.stylesheet.transform(doc).encode("utf-8"))
        return [
            Finding(el.get("location"), el.get("role"), el.get("pattern"),
                    " ".join("".join(el.itertext()).split()))
            for el in svrl
            if isinstance(el.tag, str)
        ]

    def check(self, document: Path, tree: etree._ElementTree, root: Path | None = None,
              text: str | None = None, lines: list[str] | None = None) -> list[Diagnostic]:
        """Run the schema on *document* (or on *text*, its content, parsed with the document's
        base URI); locate findings in *tree* and *lines*, the file as it is on disk."""
        out = []
        if lines is None:
            lines = Path(document).read_text(encoding="utf-8").splitlines()
        for f in self.findings(document, text):
            line, col = locate(tree, f.location, lines)
            message, hint = split_hint(f.message)
            severity = WARNING if f.role in ("warning", "warn", "info") else ERROR
            out.append(Diagnostic(display_path(document, root), line, col, severity, f.code,
                                  message, hint))
        return out


def split_hint(message: str) -> tuple[str, str | None]:
    m = re.match(r"(.*?)\s*\(hint: (.*)\)\s*$", message, re.S)
    return (m.group(1), m.group(2)) if m else (message, None)


_EQNAME = re.compile(r"Q\{([^}]*)\}([\w.-]+)")


def locate(tree: etree._ElementTree, location: str, lines: list[str]) -> tuple[int, int]:
    """Line and column of the node that an XPath 3 ``path()`` names."""
    prefixes: dict[str, str] = {}

    def to_prefix(m: re.Match) -> str:
        uri, local = m.group(1), m.group(2)
        if not uri:
            return local
        prefix = prefixes.setdefault(uri, f"n{len(prefixes)}")
        return f"{prefix}:{local}"

    xpath = _EQNAME.sub(to_prefix, location or "/")
    attribute = None
    if "/@" in xpath:
        xpath, attribute = xpath.rsplit("/@", 1)
    xpath = re.sub(r"/(text|comment|processing-instruction)\(\)(\[\d+\])?$", "", xpath)
    try:
        found = tree.xpath(xpath or "/*", namespaces={v: k for k, v in prefixes.items()})
    except etree.XPathError:
        return 1, 1
    element = found[0] if isinstance(found, list) and found else None
    if element is None or not hasattr(element, "sourceline"):
        return 1, 1
    return _position(lines, element.sourceline or 1, etree.QName(element).localname, attribute)


def _position(lines: list[str], line: int, local: str, attribute: str | None) -> tuple[int, int]:
    """libxml2 gives the line where a start tag ends; find where it (or its attribute) begins."""
    tag = re.compile(r"<(\w+:)?%s(?=[\s/>]|$)" % re.escape(local))
    start_line = line
    for candidate in range(line, max(0, line - 20), -1):
        if 0 < candidate <= len(lines) and tag.search(lines[candidate - 1]):
            start_line = candidate
            break
    if attribute:
        name = re.compile(r"(?<![\w:-])(\w+:)?%s\s*=" % re.escape(attribute.split(":")[-1]))
        for candidate in range(start_line, line + 1):
            text = lines[candidate - 1] if 0 < candidate <= len(lines) else ""
            offset = 0
            if candidate == start_line:
                m = tag.search(text)
                offset = m.start() if m else 0
            a = name.search(text, offset)
            if a:
                return candidate, a.start() + 1
    if 0 < start_line <= len(lines):
        m = tag.search(lines[start_line - 1])
        return start_line, (m.start() + 1) if m else 1
    return line, 1
