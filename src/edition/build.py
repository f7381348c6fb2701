"""``edition build``: validate, then write every output into a temporary folder and swap it
into ``build/`` only when all succeeded, so a failed build leaves the previous output intact."""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import context, validate, weight
from .config import Config
from .diagnostics import Report
from .errors import BuildError


@dataclass
class BuildResult:
    out: Path
    report: Report
    pages: list[Path] = field(default_factory=list)
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    weights: list[weight.PageWeight] = field(default_factory=list)

    def summary(self) -> str:
        count = len(self.report.warnings) + len(self.warnings)
        lines = [f"built {len(self.pages)} page(s) into {self.out} in {self.seconds:.1f} s "
                 f"({count} warning(s))"]
        lines += [f"warning: {w}" for w in self.warnings]
        if self.weights:
            lines.append(weight.summary(self.weights))
        return "\n".join(lines + self.notes)


def build(cfg: Config, strict: bool = False, pdf: bool = True, out: Path | None = None) -> BuildResult:
    started = time.perf_counter()
    report = validate.validate(cfg)
    if report.failed(strict):
        raise BuildError(
            "validation failed, nothing was written:\n"
            + "\n".join(validate.report_lines(report))
            + f"\n{report.summary()}"
        )
    edition = context.load(cfg)
    target = Path(out) if out else cfg.build_path
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=target.parent))
    try:
        result = BuildResult(target, report)
        write_outputs(edition, staging, result, pdf)
        swap_into_place(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    result.pages = [target / p.relative_to(staging) for p in result.pages]
    result.seconds = time.perf_counter() - started
    return result


def write_outputs(edition: context.Edition, staging: Path, result: BuildResult, pdf: bool) -> None:
    from .outputs import comparison, data, html

    pages, warnings = html.write_site(edition, staging / "html", index=False)
    result.pages.extend(pages)
    result.warnings.extend(warnings)
    comparison.write_into(edition, staging, result)
    result.warnings.extend(html.index_search(edition, staging / "html"))
    site = staging / "html"
    result.weights = weight.measure(site, [p for p in result.pages if p.suffix == ".html"
                                           and site in p.parents])
    data.write_data(edition, staging / "data")
    if pdf:
        try:
            from .outputs import pdf as pdf_output
        except ImportError:  # PDF output not available
            pdf_output = None
        if pdf_output is not None:
            result.notes.extend(pdf_output.write_pdfs(edition, staging / "pdf"))
            html.add_pdf_downloads(edition, staging / "html", staging / "pdf")


def swap_into_place(staging: Path, target: Path) -> None:
    """Replace *target* by *staging* with two renames; the old output is removed last."""
    old = None
    if target.exists():
        old = target.with_name(target.name + ".old-" + staging.name.lstrip("."))
        target.rename(old)
    try:
        staging.rename(target)
    except OSError as exc:
        if old is not None:
            old.rename(target)
        raise BuildError(f"{target}: could not move the new build into place: {exc}") from exc
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
