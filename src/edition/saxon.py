"""The only module that imports saxonche: one processor per process, each stylesheet compiled once."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .errors import BuildError


@lru_cache(maxsize=1)
def processor():
    from saxonche import PySaxonProcessor

    return PySaxonProcessor(license=False)


class Stylesheet:
    """A compiled XSLT 3.0 stylesheet; compile once, run on many documents."""

    def __init__(self, executable, name: str):
        self._executable = executable
        self.name = name

    def transform(self, document, params: dict[str, object] | None = None) -> str:
        proc = processor()
        exe = self._executable
        exe.clear_parameters()
        for key, value in (params or {}).items():
            exe.set_parameter(key, _xdm(proc, value))
        exe.set_global_context_item(xdm_item=document)
        try:
            return exe.apply_templates_returning_string(xdm_value=document)
        except Exception as exc:  # saxonche raises PySaxonApiError
            raise BuildError(f"{self.name}: transformation failed: {exc}") from exc


def _xdm(proc, value):
    if isinstance(value, bool):
        return proc.make_boolean_value(value)
    if isinstance(value, int):
        return proc.make_integer_value(value)
    if isinstance(value, (list, tuple)):
        # An XDM array (declare the parameter as="array(…)"). A PyXdmValue sequence would be
        # the natural type, but saxonche 13 crashes when one is set as a parameter.
        return proc.make_array([_xdm(proc, item) for item in value])
    return proc.make_string_value(str(value))


_compiled: dict[tuple[str, float], Stylesheet] = {}


def compile_file(path: Path) -> Stylesheet:
    """Compile an XSLT file (cached by path and modification time)."""
    key = (str(Path(path).resolve()), Path(path).stat().st_mtime)
    if key not in _compiled:
        xslt = processor().new_xslt30_processor()
        try:
            exe = xslt.compile_stylesheet(stylesheet_file=key[0])
        except Exception as exc:
            raise BuildError(f"{path}: XSLT does not compile: {exc}") from exc
        _compiled[key] = Stylesheet(exe, Path(path).name)
    return _compiled[key]


def compile_text(text: str, name: str) -> Stylesheet:
    """Compile a generated stylesheet (e.g. a Schematron schema compiled to XSLT)."""
    xslt = processor().new_xslt30_processor()
    try:
        exe = xslt.compile_stylesheet(stylesheet_text=text)
    except Exception as exc:
        raise BuildError(f"{name}: XSLT does not compile: {exc}") from exc
    return Stylesheet(exe, name)


def parse_file(path: Path):
    """Parse a document for Saxon, with its real base URI (relative doc() calls resolve)."""
    builder = processor().new_document_builder()
    return builder.parse_xml(xml_file_name=str(Path(path).resolve()))


def parse_text(text: str, base_uri: str):
    builder = processor().new_document_builder()
    builder.set_base_uri(base_uri)
    return builder.parse_xml(xml_text=text)
