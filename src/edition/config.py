"""The edition's configuration, read from ``[tool.edition]`` in ``pyproject.toml``.

One typed object; every command receives it. CLI options override a key only when given.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ConfigError


@dataclass(frozen=True)
class Witness:
    """One source of the edition."""

    siglum: str
    """Siglum used in the apparatus (``@wit``) and on the pages."""
    file: str
    """TEI file name, relative to ``tei_dir``."""
    copy_text: str
    """The source as received, relative to ``sources_dir``; never edited."""
    short_title: str
    """Short title for navigation and apparatus."""


@dataclass(frozen=True)
class Config:
    root: Path
    """The project directory (where ``pyproject.toml`` is)."""
    title: str = "Untitled edition"
    """Title of the edition (pages, PDF title page, metadata)."""
    subtitle: str = ""
    """Subtitle shown under the title."""
    version: str = "0.0.0"
    """Edition version, printed in citations and on the title page."""
    licence: str = "CC BY 4.0"
    """Licence of the editorial matter."""
    editors: tuple[str, ...] = ()
    """``xml:id``s (in the persons register) of the editors; notes' ``@resp`` must name one."""
    tei_dir: str = "tei"
    """Folder of the TEI files (sources and registers)."""
    sources_dir: str = "sources"
    """Folder of the copy-texts (the sources as received)."""
    build_dir: str = "build"
    """Output folder; generated, never committed."""
    schema: str = "schema/edition.rng"
    """Compiled RELAX NG schema (generated from the ODD)."""
    schematron: str = "schema/edition.sch"
    """Compiled ISO Schematron (generated from the ODD)."""
    odd: str = "schema/edition.odd"
    """The ODD: single source of the schema and the encoding guidelines."""
    registers: tuple[str, ...] = ()
    """Register files (standoff TEI) in ``tei_dir``."""
    witnesses: tuple[Witness, ...] = field(default_factory=tuple)
    """The sources, in edition order."""
    base_url: str = ""
    """Public address of the published site (e.g. ``https://example.org/sedov/``), used to build
    the URLs in citations ("cite this paragraph"). Empty: citations use the address the reader
    is viewing over http(s), or the page's path relative to the site root when read from a file.
    The site itself uses relative links only and works at any address."""

    def path(self, relative: str) -> Path:
        return self.root / relative

    @property
    def tei_path(self) -> Path:
        return self.root / self.tei_dir

    @property
    def build_path(self) -> Path:
        return self.root / self.build_dir

    def source_files(self) -> list[Path]:
        return [self.tei_path / w.file for w in self.witnesses]

    def register_files(self) -> list[Path]:
        return [self.tei_path / r for r in self.registers]

    def witness_for(self, tei_file: Path) -> Witness | None:
        resolved = Path(tei_file).resolve()
        for w in self.witnesses:
            if (self.tei_path / w.file).resolve() == resolved:
                return w
        return None

    def copy_text_for(self, tei_file: Path) -> Path | None:
        w = self.witness_for(tei_file)
        return self.root / self.sources_dir / w.copy_text if w else None


def find_root(start: Path | None = None) -> Path:
    """The nearest directory at or above *start* whose pyproject.toml has ``[tool.edition]``."""
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and "[tool.edition]" in pyproject.read_text(encoding="utf-8"):
            return candidate
    raise ConfigError(
        f"{here}: no pyproject.toml with a [tool.edition] table here or above "
        "(hint: run inside the edition, or pass --root DIR)"
    )


def load(root: Path | None = None) -> Config:
    root = Path(root).resolve() if root else find_root()
    pyproject = root / "pyproject.toml"
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{pyproject}: not found (hint: --root must name the edition's folder)")
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{pyproject}: {exc}") from exc
    table = data.get("tool", {}).get("edition")
    if table is None:
        raise ConfigError(f"{pyproject}: no [tool.edition] table")
    known = {f for f in Config.__dataclass_fields__ if f != "root"}
    unknown = sorted(set(table) - known)
    if unknown:
        raise ConfigError(f"{pyproject}: unknown [tool.edition] key(s): {', '.join(unknown)}")
    values = dict(table)
    try:
        values["witnesses"] = tuple(Witness(**w) for w in table.get("witnesses", ()))
    except TypeError as exc:
        raise ConfigError(f"{pyproject}: [[tool.edition.witnesses]]: {exc}") from exc
    for key in ("editors", "registers"):
        if key in values:
            values[key] = tuple(values[key])
    return Config(root=root, **values)
