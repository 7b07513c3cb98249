"""The `cnab` command: thin click commands over the library calls."""

from __future__ import annotations

import sys

import click

from cnab import __version__
from cnab.errors import CnabError
from cnab.layout.registry import Registry


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cnab")
def main() -> None:
    """Read, validate, write and reconcile CNAB 240/400 bank files.

    Example: cnab validate samples/
    """


@main.group()
def layouts() -> None:
    """Inspect and check the layouts (YAML) the engine knows."""


@layouts.command("check")
@click.option("--path", "paths", multiple=True, type=click.Path(exists=True, file_okay=False),
              help="Check the layouts in this folder instead of the shipped ones.")
def layouts_check(paths) -> None:
    """Compile every layout and code table; exit 1 listing every problem.

    Example: cnab layouts check --path my-layouts/
    """
    try:
        registry = Registry(list(paths) if paths else None)
        problems = registry.check()
    except CnabError as exc:
        problems = exc.problems
    for p in problems:
        click.echo(str(p), err=True)
    if problems:
        click.echo(f"{len(problems)} problem(s)", err=True)
        sys.exit(1)
    click.echo(f"{len(registry.layout_ids())} layouts and {len(registry.table_ids())} tables OK")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--strict/--lenient", default=True, help="Treat tolerated deviations as errors.")
@click.option("--layout", "layout_id", help="Use this layout instead of detecting it.")
def validate(paths, strict, layout_id) -> None:
    """Check bank files; print every problem as FILE:LINE:COL-COL: record.field: reason.

    Exit 0 when every file is valid, 1 when problems were found, 2 for unreadable input.

    Example: cnab validate samples/ --lenient
    """
    from cnab.validate import iter_files, validate_file

    worst = 0
    files = list(iter_files(paths))
    if not files:
        click.echo("no files to validate", err=True)
        sys.exit(2)
    for path in files:
        report = validate_file(path, strict=strict, layout=layout_id)
        for p in report.problems:
            click.echo(str(p))
        click.echo(report.summary_line(), err=True)
        worst = max(worst, report.exit_code)
    sys.exit(worst)
