"""The `cnab` command: thin click commands over the library calls.

Exit codes everywhere: 0 success, 1 problems found in the input, 2 usage error or unreadable
input. A bad file never produces a Python traceback (set CNAB_DEBUG=1 to see one).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from pathlib import Path

import click

from cnab import __version__
from cnab.errors import CnabError
from cnab.layout.registry import Registry

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _fail(message: str, code: int = 2):
    click.echo(message, err=True)
    sys.exit(code)


def _registry() -> Registry:
    from cnab.layout.registry import default_registry

    return default_registry()


def _layout_or_exit(layout_id: str):
    try:
        return _registry().layout(layout_id)
    except CnabError as exc:
        ids = ", ".join(_registry().layout_ids())
        _fail(f"cnab: {exc.problems[0].message if exc.problems else exc} (known: {ids})")


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="cnab")
def main() -> None:
    """Read, validate, write and reconcile CNAB 240/400 bank files.

    \b
    Examples:
      cnab validate samples/
      cnab parse RETORNO.RET --format csv > titulos.csv
      cnab generate --layout sicredi.cnab240 boletos.yaml -o remessas/
      cnab layouts list

    Exit codes: 0 success, 1 problems found, 2 usage error or unreadable file.
    """


# -- layouts ----------------------------------------------------------------------------------
@main.group(context_settings=CONTEXT)
def layouts() -> None:
    """Inspect and check the layouts (YAML) the engine knows.

    \b
    Examples:
      cnab layouts list
      cnab layouts show febraban.cnab240.cobranca --record segmento_p
      cnab layouts check
    """


def _layout_row(layout) -> dict:
    return {
        "layout": layout.id,
        "bank": layout.bank or "-",
        "format": layout.family,
        "directions": list(layout.directions()),
        "verified": list(layout.verified),
        "source": (layout.source or {}).get("manual", ""),
        "version": str((layout.source or {}).get("version", "")),
    }


def _table(rows: list[list[str]], headers: list[str]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows)]
    out = ["  ".join(str(h).ljust(w) for h, w in zip(headers, widths)).rstrip(),
           "  ".join("-" * w for w in widths)]
    for row in rows:
        out.append("  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip())
    return "\n".join(out)


@layouts.command("list", context_settings=CONTEXT)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def layouts_list(fmt) -> None:
    """What is supported: bank, format, directions, layout id, and what it was verified against.

    "verified" says whether the layout was checked against the bank's manual, against real
    files of the corpus, or both.

    \b
    Example:
      cnab layouts list --format json
    """
    registry = _registry()
    rows, broken = [], []
    for layout_id in registry.layout_ids():
        try:
            rows.append(_layout_row(registry.layout(layout_id)))
        except CnabError as exc:
            broken.append((layout_id, exc))
    if fmt == "json":
        click.echo(json.dumps({"layouts": rows,
                               "broken": [{"layout": i, "problems": [str(p) for p in e.problems]}
                                          for i, e in broken]}, indent=2, ensure_ascii=False))
    else:
        click.echo(_table([[r["bank"], r["format"], ",".join(r["directions"]), r["layout"],
                            ",".join(r["verified"]) or "no", r["source"][:60]] for r in rows],
                          ["BANK", "FORMAT", "DIRECTIONS", "LAYOUT", "VERIFIED", "SOURCE"]))
        for layout_id, exc in broken:
            click.echo(f"{layout_id}: does not compile ({len(exc.problems)} problems; run "
                       f"`cnab layouts check`)", err=True)
    if broken:
        sys.exit(1)


@layouts.command("show", context_settings=CONTEXT)
@click.argument("layout_id")
@click.option("--record", "records", multiple=True, help="Only this record (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def layouts_show(layout_id, records, fmt) -> None:
    """A layout's records and fields as a table (positions, picture, kind, description).

    \b
    Example:
      cnab layouts show febraban.cnab240.cobranca --record segmento_p
    """
    layout = _layout_or_exit(layout_id)
    unknown = [r for r in records if r not in layout.records]
    if unknown:
        _fail(f"cnab: layout {layout_id} has no record {unknown[0]!r} (records: "
              f"{', '.join(layout.records)})")
    chosen = [r for r in layout.records.values() if not records or r.name in records]
    if fmt == "json":
        click.echo(json.dumps({
            **_layout_row(layout),
            "line_length": layout.line_length,
            "extends": layout.extends,
            "records": [{"name": r.name, "role": r.role, "direction": r.direction,
                         "match": r.match, "description": r.description,
                         "fields": [{"name": f.name, "start": f.start, "end": f.end,
                                     "pic": f.pic, "kind": f.kind, "from": f.source,
                                     "description": f.description} for f in r.fields]}
                        for r in chosen]}, indent=2, ensure_ascii=False, default=str))
        return
    row = _layout_row(layout)
    click.echo(f"{layout.id}: bank {row['bank']}, {layout.family}, "
               f"{'/'.join(row['directions'])}"
               + (f", extends {layout.extends}" if layout.extends else ""))
    click.echo(f"source: {row['source']} {row['version']}".rstrip())
    click.echo(f"verified: {', '.join(layout.verified) or 'no'}")
    for r in chosen:
        match = " ".join(f"{k}={v!r}" for k, v in r.match.items())
        click.echo(f"\n{r.name} ({r.role}, {r.direction}) {match}".rstrip())
        click.echo(_table([[f.columns, f.name, f.pic, f.kind, f.source or "",
                            (f.description or "")[:70]] for f in r.fields],
                          ["POS", "FIELD", "PIC", "KIND", "FROM", "DESCRIPTION"]))


@layouts.command("check", context_settings=CONTEXT)
@click.option("--path", "paths", multiple=True, type=click.Path(exists=True, file_okay=False),
              help="Check the layouts in this folder instead of the shipped ones.")
def layouts_check(paths) -> None:
    """Compile every layout and code table; exit 1 listing every problem.

    \b
    Example:
      cnab layouts check --path my-layouts/
    """
    registry = None
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


# -- validate ---------------------------------------------------------------------------------
@main.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--strict/--lenient", default=True, show_default=True,
              help="--strict treats tolerated deviations (LF endings, trimmed lines ...) as "
                   "errors; --lenient reports them as warnings.")
@click.option("--layout", "layout_id", help="Use this layout instead of detecting it.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text: problem lines on stdout, one summary per file on "
                                      "stderr; json: one document on stdout.")
def validate(paths, strict, layout_id, fmt) -> None:
    """Check bank files (or every file in folders) and report every problem.

    Each file's bank, format, direction and layout are detected. Every problem is printed as
    FILE:LINE:COL-COL: record.field: reason; then a summary per file (layout, bank, títulos,
    totals by occurrence, errors, warnings).

    Exit 0 when every file is valid, 1 when problems were found, 2 for a usage error or a file
    that cannot be read at all (not CNAB, empty, UTF-16, missing ...).

    \b
    Examples:
      cnab validate REMESSA.REM
      cnab validate retornos/ --lenient --format json
    """
    from cnab.validate import iter_files, problem_text, validate_file

    if layout_id:
        _layout_or_exit(layout_id)
    files = list(iter_files(paths))
    if not files:
        _fail("cnab: no files to validate")
    worst = 0
    reports = []
    for path in files:
        report = validate_file(path, strict=strict, layout=layout_id)
        worst = max(worst, report.exit_code)
        if fmt == "json":
            reports.append(report.as_dict())
            continue
        if report.unreadable:
            for p in report.problems:
                click.echo(str(p), err=True)
            continue
        for p in report.problems:
            click.echo(problem_text(p))
        click.echo(report.summary_line(), err=True)
    if fmt == "json":
        click.echo(json.dumps({"valid": worst == 0, "exit_code": worst, "files": reports},
                              indent=2, ensure_ascii=False))
    sys.exit(worst)


# -- parse ------------------------------------------------------------------------------------
@main.command(context_settings=CONTEXT)
@click.argument("path", type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "csv"]), default="jsonl",
              show_default=True)
@click.option("--raw", is_flag=True, help="Add every decoded field of every record of the título.")
@click.option("--layout", "layout_id", help="Use this layout instead of detecting it.")
def parse(path, fmt, raw, layout_id) -> None:
    """Print the títulos of a bank file in the normalised view (same keys for every bank).

    jsonl: one JSON object per título with bank, layout, direction, batch, lines and the
    normalised keys (our_number, occurrence, due_date, amount, paid_amount ...); --raw adds
    "records": {record: {field: value}}. Amounts are decimal strings, dates ISO 8601.
    The file is read leniently; problems go to stderr. Exit 1 if it has errors, 2 if it
    cannot be read.

    \b
    Examples:
      cnab parse RETORNO.RET
      cnab parse RETORNO.RET --format csv --raw > titulos.csv
    """
    from cnab.files.title import VIEW_KEYS
    from cnab.validate import cell, jsonable, open_reader, problem_text

    if layout_id:
        _layout_or_exit(layout_id)
    out = click.get_text_stream("stdout")
    try:
        with open_reader(path, strict=False, layout=layout_id) as (reader, tick):
            layout = reader.layout
            bank = layout.bank
            raw_columns = []
            if raw:
                for rec in layout.records_for(reader.direction):
                    if rec.role == "detail":
                        raw_columns += [(rec.name, f.name) for f in rec.fields
                                        if f.kind != "filler"]
            writer = None
            if fmt == "csv":
                writer = csv.writer(out, lineterminator="\n")
                writer.writerow(["bank", "layout", "direction", "batch", "lines", *VIEW_KEYS,
                                 *(f"{r}.{f}" for r, f in raw_columns)])
            elif fmt == "json":
                out.write("[")
            first = True
            for title in reader:
                tick()
                bank = bank or (str((reader.header or {}).get("banco") or "") or None)
                obj = {"bank": bank or None, "layout": layout.id, "direction": title.direction,
                       "batch": title.batch, "lines": list(title.lines), **title.view}
                if fmt == "csv":
                    fields = title.fields()
                    writer.writerow([cell(obj[k]) for k in ("bank", "layout", "direction",
                                                           "batch", "lines", *VIEW_KEYS)]
                                    + [cell(fields.get(r, {}).get(f)) for r, f in raw_columns])
                    continue
                if raw:
                    obj["records"] = [{"record": r.name, "line": r.line, "fields": r.values}
                                      for r in title.records]
                text = json.dumps(jsonable(obj), ensure_ascii=False)
                if fmt == "json":
                    out.write(("\n  " if first else ",\n  ") + text)
                else:
                    out.write(text + "\n")
                first = False
            if fmt == "json":
                out.write("\n]\n" if not first else "]\n")
            problems = reader.problems
    except CnabError as exc:
        for p in exc.problems:
            click.echo(str(p if p.file else p.at(file=str(path))), err=True)
        sys.exit(2)
    for p in problems:
        click.echo(problem_text(p), err=True)
    sys.exit(1 if any(p.severity == "error" for p in problems) else 0)


# -- generate ---------------------------------------------------------------------------------
def _generate_help() -> str:
    from cnab.inputs import COLUMNS_HELP

    return f"""Write a remessa (.REM) for the --layout from boleto data in JSON, JSONL, CSV or YAML.

    JSON/YAML: one document with `beneficiary:` (a mapping) and `boletos:` (a list; a
    boleto's payer as a nested `payer:` mapping or payer_* keys). CSV/JSONL: one boleto per row,
    the beneficiary from --beneficiary FILE.json|yaml.

    {COLUMNS_HELP}

    Amounts are decimal (never float): 1234.56 (1.234,56 accepted in CSV). Dates YYYY-MM-DD.
    Every problem of every row is listed at once (FILE:ROW: boletos[i].field: reason) and
    nothing is written; exit 1. With -o FOLDER the file is named by the bank's rule (Bradesco
    CBDDMMNN.REM, Sicredi CCCCCMDD.CRM) or <bank>-<YYYYMMDD>-<seq>.REM; without -o the remessa
    goes to stdout.

    \b
    Examples:
      cnab generate --layout sicredi.cnab240 boletos.yaml -o remessas/
      cnab generate --layout febraban.cnab240.cobranca boletos.csv \\
          --beneficiary empresa.yaml --sequence 42 -o REMESSA.REM
    """


@main.command(context_settings=CONTEXT, help=_generate_help())
@click.option("--layout", "layout_id", required=True, help="Layout id (see `cnab layouts list`).")
@click.argument("input_path", metavar="INPUT", type=click.Path())
@click.option("-o", "--output", type=click.Path(), help="Output file or folder (default stdout).")
@click.option("--beneficiary", type=click.Path(),
              help="Beneficiary as JSON/YAML (required for CSV/JSONL input).")
@click.option("--input-format", type=click.Choice(["json", "jsonl", "csv", "yaml"]),
              help="Input format when the extension does not tell it.")
@click.option("--sequence", type=click.IntRange(min=1), default=1, show_default=True,
              help="File sequence number (NSA).")
@click.option("--generated-at", help="Generation date-time, ISO 8601 (default now).")
def generate(layout_id, input_path, output, beneficiary, input_format, sequence,
             generated_at) -> None:
    from cnab.errors import InputError
    from cnab.files.writer import FileInfo, Writer
    from cnab.inputs import load, place, remessa_name

    layout = _layout_or_exit(layout_id)
    if "remessa" not in layout.directions():
        _fail(f"cnab: layout {layout_id} has no remessa records")
    when = dt.datetime.now().replace(microsecond=0)
    if generated_at:
        try:
            when = dt.datetime.fromisoformat(generated_at)
        except ValueError:
            _fail(f"cnab: --generated-at {generated_at!r} is not an ISO 8601 date-time")
    if output and Path(output).is_dir():
        pass
    elif output and not Path(output).parent.exists():
        _fail(f"cnab: {Path(output).parent}: no such folder")
    try:
        loaded = load(input_path, beneficiary, input_format, collect=True)
    except InputError as exc:
        _report_input(exc.problems, input_path)
    try:
        writer = Writer(layout)
    except CnabError as exc:
        _fail("\n".join(str(p) for p in exc.problems))
    problems = loaded.check(writer)
    if problems:
        _report_input(problems, input_path)
    info = FileInfo(sequence, when)
    bank = layout.bank or loaded.beneficiary.bank
    try:
        if output:
            target = Path(output)
            if target.is_dir():
                target = target / remessa_name(bank, loaded.beneficiary, sequence, when)
            result = writer.write(loaded.beneficiary, loaded.boletos, target, info)
        else:
            text = writer.render(loaded.beneficiary, loaded.boletos, info)
            result = None
    except InputError as exc:
        _report_input(place(exc.problems, loaded.rows, loaded.path), input_path)
    except OSError as exc:
        _fail(f"cnab: {output}: {exc.strerror or exc}")
    if result is None:
        out = click.get_binary_stream("stdout")
        out.write(text.encode("latin-1"))
        out.flush()
        click.echo(f"{len(loaded.boletos)} boletos, layout {layout.id}", err=True)
    else:
        click.echo(f"{result.path}: {result.titles} boletos, {result.lines} lines, total "
                   f"{result.total}, layout {result.layout}", err=True)


def _report_input(problems, input_path) -> None:
    fatal = [p for p in problems if p.rule in ("io", "input-format")]
    for p in problems:
        click.echo(str(p if p.file else p.at(file=str(input_path))), err=True)
    if fatal:
        sys.exit(2)
    click.echo(f"{len(problems)} problem(s); nothing written", err=True)
    sys.exit(1)

