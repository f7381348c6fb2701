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


@main.command("pdf")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--book/--no-book", default=None,
              help="Write the whole edition as one book, edition.pdf "
                   "(default: only when no FILE is given).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: build/pdf/ of the edition).")
@click.pass_context
def pdf_cmd(ctx: click.Context, files: tuple[Path, ...], book: bool | None,
            out: Path | None) -> None:
    """Write the print edition: a PDF of each source FILE (of every source, and the book, when
    none is given). Does not validate first: `edition build` does."""
    from .outputs import pdf

    for line in pdf.write_selected(load_config(ctx), list(files), out, book):
        click.echo(line)


@main.command("serve")
@click.option("--port", type=int, default=8000, show_default=True, help="Port on 127.0.0.1.")
@click.option("--interval", type=float, default=1.0, show_default=True,
              help="Seconds between checks for changed sources.")
@click.pass_context
def serve_cmd(ctx: click.Context, port: int, interval: float) -> None:
    """Preview the site on 127.0.0.1, rebuilding when the TEI, XSLT or templates change
    (built into a temporary folder: build/ is never touched)."""
    from . import serve

    serve.serve(load_config(ctx), port=port, interval=interval, echo=click.echo)


@main.command("schema")
@click.option("--check", is_flag=True,
              help="Only check that schema/edition.rng and .sch are up to date with the ODD.")
@click.pass_context
def schema_cmd(ctx: click.Context, check: bool) -> None:
    """Compile schema/edition.odd into RELAX NG and Schematron (or check they are current)."""
    from . import schema

    cfg = load_config(ctx)
    try:
        if check:
            stale = schema.stale_outputs(cfg)
            for path in stale:
                click.echo(f"{path.relative_to(cfg.root)}: error[schema-stale]: out of date with "
                           f"{cfg.odd} (hint: run `edition schema`)", err=True)
            if stale:
                sys.exit(1)
            click.echo(f"{cfg.schema}, {cfg.schematron}: up to date with {cfg.odd}")
            return
        for path in schema.write_schema(cfg):
            click.echo(f"wrote {path.relative_to(cfg.root)}")
    except schema.OddError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        sys.exit(1)


@main.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--key", help="File key, lower case with hyphens, e.g. natalia-sedova; the file "
                            "is tei/KEY.xml (default: the name of -o, else from the title).")
@click.option("--prefix", help="Prefix of the file's xml:ids (default: from the key), e.g. ns.")
@click.option("--siglum", help="The source's siglum, e.g. N (idno and witness pointer).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the skeleton (default: tei/KEY.xml; '-' for standard output).")
@click.option("--force", is_flag=True, help="Replace an existing output file.")
@click.pass_context
def import_cmd(ctx: click.Context, source: Path, key: str | None, prefix: str | None,
               siglum: str | None, output: Path | None, force: bool) -> None:
    """Turn a plain-text source into a TEI skeleton that reproduces it."""
    from . import importer
    from .errors import ConfigError

    try:
        cfg = load_config(ctx)
    except ConfigError:
        cfg = None  # outside an edition: the defaults of the Sedov edition
    to_stdout = output is not None and str(output) == "-"
    result = importer.run(source, None if to_stdout else output, cfg, key=key, prefix=prefix,
                          siglum=siglum, force=force, write=not to_stdout)
    click.echo(result.xml if to_stdout else result.summary(), nl=not to_stdout)


@main.command("tag")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--write", is_flag=True,
              help="Apply the resolved proposals to FILE (default: report only).")
@click.option("--only", type=click.Choice(["persons", "places", "orgs", "dates"]),
              multiple=True, help="Propose only this kind of markup (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@click.pass_context
def tag_cmd(ctx: click.Context, file: Path, write: bool, only: tuple[str, ...],
            fmt: str) -> None:
    """Propose persName/placeName/orgName/date markup from the registers (and apply it)."""
    from . import tagger
    from .diagnostics import display_path

    cfg = load_config(ctx)
    regs = tagger.registers_for(cfg, file)
    report = tagger.tag(file, regs, set(only) or None, write=write, cfg=cfg,
                        shown=display_path(file))
    if fmt == "json":
        click.echo(report.to_json())
    else:
        for line in report.lines():
            click.echo(line)
        click.echo(report.summary(), err=True)


@main.command("stats")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@click.pass_context
def stats_cmd(ctx: click.Context, files: tuple[Path, ...], fmt: str) -> None:
    """Count the markup of each source and list the names still untagged."""
    from . import stats

    cfg = load_config(ctx)
    result = stats.collect(list(files) or cfg.source_files(), cfg)
    click.echo(result.to_json() if fmt == "json" else result.to_text())


@main.command("collate")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Build folder to write tei/parallels.xml and data/parallels.json into "
                   "(default: build/ of the edition).")
@click.pass_context
def collate_cmd(ctx: click.Context, out: Path | None) -> None:
    """Find the passages the sources share, align them, and write the apparatus (TEI and JSON)."""
    from . import context
    from .outputs import comparison

    cfg = load_config(ctx)
    edition = context.load(cfg)
    target = Path(out) if out else cfg.build_path
    for path in comparison.write_collation(edition, target):
        click.echo(f"wrote {path}")
    click.echo(comparison.summary(edition))
