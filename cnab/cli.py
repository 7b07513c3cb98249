"""The `cnab` command: thin click commands over the library calls.

Exit codes everywhere: 0 success, 1 problems found in the input, 2 usage error or unreadable
input. A bad file never produces a Python traceback (set CNAB_DEBUG=1 to see one).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import sys
from decimal import Decimal
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
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text",
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
    if fmt == "markdown":
        click.echo(coverage_markdown(rows))
    elif fmt == "json":
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


def coverage_markdown(rows) -> str:
    """The README's coverage table (kept in sync by a test)."""
    out = ["| bank | code | format | remessa | retorno | layout | verified against |",
           "|---|---|---|---|---|---|---|"]
    for r in sorted(rows, key=lambda r: (r["bank"] == "-", r["layout"])):
        name = r["layout"].split(".")[0]
        out.append(f"| {name} | {r['bank']} | {r['format'].replace('cnab', '')} | "
                   f"{'yes' if 'remessa' in r['directions'] else '-'} | "
                   f"{'yes' if 'retorno' in r['directions'] else '-'} | `{r['layout']}` | "
                   f"{', '.join(r['verified']) or '-'} |")
    return "\n".join(out)


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
                         "length": layout.record_length(r),
                         "fields": [{"name": f.name, "start": f.start, "end": f.end,
                                     "pic": f.pic, "kind": f.kind, "from": f.source,
                                     "default": f.default, "compute": f.compute,
                                     "check": f.check, "write": f.write,
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
        length = f", {r.length} positions" if r.length else ""
        click.echo(f"\n{r.name} ({r.role}, {r.direction}{length}) {match}".rstrip())
        click.echo(_table([[f.columns, f.name, f.pic, f.kind, f.source or "", _rules(f),
                            (f.description or "")[:70]] for f in r.fields],
                          ["POS", "FIELD", "PIC", "KIND", "FROM", "RULE", "DESCRIPTION"]))


def _rules(f) -> str:
    """Which expressions a field has (the full text is in --format json)."""
    return ",".join(name for name, text in (("compute", f.compute), ("check", f.check),
                                             ("write", f.write)) if text)


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
@click.option("--jobs", "-j", type=click.IntRange(1, 2), default=1, show_default=True,
              help="2: read each large file (16 MB or more) in two processes; the report is "
                   "the same.")
def validate(paths, strict, layout_id, fmt, jobs) -> None:
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
      cnab validate big.RET --jobs 2
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
        report = validate_file(path, strict=strict, layout=layout_id, jobs=jobs)
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
@click.option("--ledger", "ledger_path", type=click.Path(dir_okay=False),
              help="Also record the remessa and its boletos (status opened) in this ledger.")
def generate(layout_id, input_path, output, beneficiary, input_format, sequence,
             generated_at, ledger_path) -> None:
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
    target = None
    if output:
        target = Path(output)
        if target.is_dir():
            target = target / remessa_name(layout, loaded.beneficiary, sequence, when)
    try:
        text = writer.render(loaded.beneficiary, loaded.boletos, info)
    except InputError as exc:
        _report_input(place(exc.problems, loaded.rows, loaded.path), input_path)
    if ledger_path:
        db = _open_ledger(ledger_path)
        try:
            db.record_remittance(loaded.beneficiary, loaded.boletos, layout.id, file=info,
                                 text=text, name=target.name if target else None)
        except CnabError as exc:
            _fail("\n".join(str(p if p.file else p.at(file=str(input_path)))
                            for p in exc.problems), 1)
        finally:
            db.close()
    if target is None:
        out = click.get_binary_stream("stdout")
        out.write(text.encode("latin-1"))
        out.flush()
        click.echo(f"{len(loaded.boletos)} boletos, layout {layout.id}", err=True)
        return
    try:
        _write_atomically(target, text.encode("latin-1"))
    except OSError as exc:
        _fail(f"cnab: {target}: {exc.strerror or exc}")
    total = sum((b.amount for b in loaded.boletos), start=Decimal(0))
    click.echo(f"{target}: {len(loaded.boletos)} boletos, {len(text.splitlines())} lines, total "
               f"{total}, layout {layout.id}", err=True)


def _write_atomically(target: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename (readable like any new file)."""
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=".cnab-", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _report_input(problems, input_path) -> None:
    fatal = [p for p in problems if p.rule in ("io", "input-format")]
    for p in problems:
        click.echo(str(p if p.file else p.at(file=str(input_path))), err=True)
    if fatal:
        sys.exit(2)
    click.echo(f"{len(problems)} problem(s); nothing written", err=True)
    sys.exit(1)



# -- reconciliation ---------------------------------------------------------------------------
LEDGER_OPTION = click.option(
    "--ledger", "ledger_path", required=True, type=click.Path(dir_okay=False),
    envvar="CNAB_LEDGER", show_envvar=True,
    help="The SQLite ledger file (created when missing).")


def _open_ledger(path):
    from cnab.reconcile import Ledger

    try:
        return Ledger(path)
    except CnabError as exc:
        _fail("\n".join(str(p) for p in exc.problems))


def _secret(env_name):
    if not env_name:
        return None
    value = os.environ.get(env_name)
    if not value:
        _fail(f"cnab: --secret {env_name}: the environment variable {env_name} is not set")
    return value


@main.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@LEDGER_OPTION
@click.option("--events", "events_path", type=click.Path(dir_okay=False, allow_dash=True),
              help="Append the events (JSON lines, webhook-shaped) to this file ('-' = stdout).")
@click.option("--secret", "secret_env", metavar="ENV",
              help="Sign each event (HMAC-SHA256, `signature` key) with the secret held in "
                   "this environment variable.")
@click.option("--layout", "layout_id", help="Use this layout instead of detecting it.")
@click.option("--accept-problems", is_flag=True,
              help="Apply a return even when the reader reports errors in it.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def reconcile(paths, ledger_path, events_path, secret_env, layout_id, accept_problems,
              fmt) -> None:
    """Apply bank return files (.RET) to the boletos of a ledger, each file in one transaction.

    A file (or título) applied before is recognised and skipped, so running twice is safe.
    Anomalies (unknown boleto, double payment, forbidden transition ...) are listed; events
    are appended to --events as JSON lines, signed when --secret names an environment variable.
    Exit 0 when everything applied cleanly, 1 when there were anomalies or a return was refused
    for its errors, 2 for unreadable input or an unusable ledger.

    \b
    Examples:
      cnab ledger import boletos.yaml --ledger cobranca.db
      CNAB_SECRET=s3cr3t cnab reconcile retornos/ --ledger cobranca.db \\
          --events events.jsonl --secret CNAB_SECRET
    """
    from cnab.reconcile import to_line
    from cnab.validate import iter_files, problem_text

    if layout_id:
        _layout_or_exit(layout_id)
    secret = _secret(secret_env)
    files = list(iter_files(paths))
    if not files:
        _fail("cnab: no return files")
    ledger = _open_ledger(ledger_path)
    worst, results = 0, []
    try:
        events_out = None
        if events_path:
            events_out = click.open_file(events_path, "a", encoding="utf-8")
        for path in files:
            try:
                result = ledger.apply_return(path, name=str(path), layout=layout_id,
                                             accept_problems=accept_problems)
            except CnabError as exc:
                code = 1 if any(p.rule == "return-refused" for p in exc.problems) else 2
                if any(p.rule.startswith("ledger") for p in exc.problems):
                    code = 2
                worst = max(worst, code)
                for p in exc.problems:
                    click.echo(problem_text(p if p.file else p.at(file=str(path))), err=True)
                results.append({"file": str(path), "refused": True,
                                "problems": [str(p) for p in exc.problems]})
                continue
            except OSError as exc:
                worst = 2
                click.echo(f"{path}: {exc.strerror or exc}", err=True)
                continue
            if result.anomalies:
                worst = max(worst, 1)
            if events_out is not None:
                for event in result.events:
                    events_out.write(to_line(event, secret) + "\n")
                events_out.flush()
            if fmt == "json":
                results.append(result.as_dict())
                continue
            for p in result.problems:
                click.echo(problem_text(p))
            for a in result.anomalies:
                where = ":".join(str(x) for x in (a.file or path, a.line) if x is not None)
                click.echo(f"{where}: anomaly {a.kind}: {a.message}")
            click.echo(result.summary(), err=True)
    finally:
        if events_path and events_out is not None and events_path != "-":
            events_out.close()
        ledger.close()
    if fmt == "json":
        click.echo(json.dumps({"exit_code": worst, "returns": results}, indent=2,
                              ensure_ascii=False))
    sys.exit(worst)


@main.group(context_settings=CONTEXT)
def ledger() -> None:
    """Manage the reconciliation ledger (an SQLite file).

    \b
    Examples:
      cnab ledger import boletos.csv --beneficiary empresa.yaml --ledger cobranca.db
      cnab ledger list --ledger cobranca.db --status paid
    """


@ledger.command("import", context_settings=CONTEXT)
@click.argument("input_path", metavar="INPUT", type=click.Path())
@LEDGER_OPTION
@click.option("--beneficiary", type=click.Path(),
              help="Beneficiary as JSON/YAML (required for CSV/JSONL input).")
@click.option("--input-format", type=click.Choice(["json", "jsonl", "csv", "yaml"]))
@click.option("--status", type=click.Choice(["opened", "registered"]), default="registered",
              show_default=True, help="Status the boletos start with.")
def ledger_import(input_path, ledger_path, beneficiary, input_format, status) -> None:
    """Bring boletos created elsewhere into the ledger (same input formats as `generate`).

    All or nothing: every problem of every row is listed and nothing is imported; a boleto
    already in the ledger is refused.

    \b
    Example:
      cnab ledger import boletos.yaml --ledger cobranca.db
    """
    from cnab.errors import InputError
    from cnab.files.models import check_document
    from cnab.inputs import load, place

    try:
        loaded = load(input_path, beneficiary, input_format, collect=True)
    except InputError as exc:
        _report_input(exc.problems, input_path)
    problems = list(loaded.problems)
    for i, b in enumerate(loaded.boletos):
        if b is not None:
            problems += place(b.problems(i), loaded.rows, loaded.path)
    if loaded.beneficiary is not None:
        p = check_document(loaded.beneficiary.document, "beneficiary.document")
        if p:
            problems.insert(0, p)
    if problems:
        _report_input(problems, input_path)
    db = _open_ledger(ledger_path)
    try:
        ids = db.import_boletos(loaded.beneficiary, loaded.boletos, status=status)
    except CnabError as exc:
        _fail("\n".join(str(p if p.file else p.at(file=str(input_path)))
                        for p in exc.problems), 1)
    finally:
        db.close()
    click.echo(f"{len(ids)} boletos imported into {ledger_path} ({status})", err=True)


LEDGER_COLUMNS = ("our_number", "bank", "status", "registration_status", "document_number",
                  "amount", "due_date", "rebate", "paid_amount", "paid_at", "credit_at")


@ledger.command("list", context_settings=CONTEXT)
@LEDGER_OPTION
@click.option("--status", help="Only boletos in this status (opened, registered, paid ...).")
@click.option("--bank", help="Only this bank code.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text",
              show_default=True)
def ledger_list(ledger_path, status, bank, fmt) -> None:
    """List the ledger's boletos and their status, oldest first.

    \b
    Example:
      cnab ledger list --ledger cobranca.db --status paid --format csv
    """
    from cnab.validate import cell, jsonable

    if not Path(ledger_path).exists():
        _fail(f"cnab: {ledger_path}: no such ledger")
    db = _open_ledger(ledger_path)
    try:
        rows = [{k: getattr(b, k) for k in LEDGER_COLUMNS}
                for b in db.boletos(status, bank=bank)]
    finally:
        db.close()
    if fmt == "json":
        click.echo(json.dumps(jsonable(rows), indent=2, ensure_ascii=False))
    elif fmt == "csv":
        out = csv.writer(click.get_text_stream("stdout"), lineterminator="\n")
        out.writerow(LEDGER_COLUMNS)
        for r in rows:
            out.writerow([cell(r[k]) for k in LEDGER_COLUMNS])
    else:
        click.echo(_table([[cell(r[k]) for k in LEDGER_COLUMNS] for r in rows],
                          [k.upper() for k in LEDGER_COLUMNS]))
        click.echo(f"{len(rows)} boletos", err=True)
