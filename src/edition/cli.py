"""The ``edition`` command line: thin click commands, each calling one stage of the library."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from . import config as config_mod
from .errors import EditionError


class EditionGroup(click.Group):
    """Turns an EditionError anywhere below into a one-line message and exit status 1."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except EditionError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)


@click.group(cls=EditionGroup)
@click.version_option(__version__, prog_name="edition")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The edition's folder (default: the nearest one above the current folder).")
@click.pass_context
def main(ctx: click.Context, root: Path | None) -> None:
    """Validate, collate and publish the Sedov edition."""
    ctx.ensure_object(dict)
    ctx.obj["root"] = root


def load_config(ctx: click.Context) -> config_mod.Config:
    return config_mod.load(ctx.obj.get("root"))


@main.command("text")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--edited", is_flag=True, help="Print the corrected reading instead of the source's.")
@click.option("--check", is_flag=True, help="Compare the source readings with the file's copy-text.")
@click.option("--copy-text", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="With --check: the copy-text to compare with (default: the witness's).")
@click.option("--lines", metavar="FIRST:LAST",
              help="With --check: compare with these lines of the copy-text only.")
@click.pass_context
def text_cmd(ctx: click.Context, file: Path, edited: bool, check: bool,
             copy_text: Path | None, lines: str | None) -> None:
    """Print a TEI file's text as the source has it (or check it against its copy-text)."""
    from . import text

    if check:
        if copy_text is None:
            copy_text = load_config(ctx).copy_text_for(file)
        if copy_text is None:
            raise EditionError(f"{file}: not a source of the edition (no witness names it; "
                               "hint: pass --copy-text)")
        span = None
        if lines:
            try:
                first, last = (int(x) for x in lines.split(":"))
            except ValueError:
                raise EditionError(f"--lines {lines!r}: expected FIRST:LAST, e.g. 93:223")
            span = (first, last)
        mismatch = text.check_fidelity(file, copy_text, span)
        if mismatch:
            click.echo(mismatch.describe(file, copy_text), err=True)
            sys.exit(1)
        click.echo(f"{file}: source readings reproduce {copy_text.name}")
        return
    click.echo(text.source_text(file, edited=edited), nl=False)


@main.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format (json for editors and CI).")
@click.pass_context
def validate_cmd(ctx: click.Context, paths: tuple[Path, ...], strict: bool, fmt: str) -> None:
    """Check the edition (or the given files): XML, schema, Schematron rules, fidelity."""
    from . import validate

    report = validate.validate(load_config(ctx), list(paths) or None)
    if fmt == "json":
        click.echo(report.to_json())
    else:
        for line in validate.report_lines(report):
            click.echo(line)
        click.echo(report.summary(), err=True)
    sys.exit(1 if report.failed(strict) else 0)


@main.command("build")
@click.option("--strict", is_flag=True, help="Treat validation warnings as errors.")
@click.option("--no-pdf", is_flag=True, help="Skip the PDF output (faster while editing).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: build/ of the edition).")
@click.pass_context
def build_cmd(ctx: click.Context, strict: bool, no_pdf: bool, out: Path | None) -> None:
    """Validate, then write the site (build/html), data (build/data) and PDFs (build/pdf)."""
    from . import build

    result = build.build(load_config(ctx), strict=strict, pdf=not no_pdf, out=out)
    click.echo(result.summary())
