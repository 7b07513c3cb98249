"""Validation of whole files: read everything, collect every problem, summarise.

Also the pieces the CLI shares between `validate` and `parse`: opening a file with an optional
progress bar, and turning values into JSON/CSV text (Decimal as a string, dates ISO 8601).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

import attrs

from cnab.errors import CnabError, Problem
from cnab.files.reader import FileReader

PROGRESS_THRESHOLD = 5 * 1024 * 1024  # bytes; larger files get a progress bar on a terminal


@attrs.define
class Report:
    path: str
    problems: list = attrs.field(factory=list)
    layout: str | None = None
    bank: str | None = None
    direction: str | None = None
    titles: int = 0
    occurrences: Counter = attrs.field(factory=Counter)
    occurrence_amounts: dict = attrs.field(factory=dict)
    amount: Decimal = Decimal(0)
    unreadable: bool = False

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def exit_code(self) -> int:
        if self.unreadable:
            return 2
        return 1 if self.errors else 0

    def summary_line(self) -> str:
        if self.unreadable:
            return f"{self.path}: unreadable"
        occ = ", ".join(f"{k}: {v} ({self.occurrence_amounts.get(k, Decimal(0))})"
                        for k, v in sorted(self.occurrences.items()))
        status = "valid" if not self.errors else "INVALID"
        return (f"{self.path}: {status}: layout {self.layout} (bank {self.bank or '-'}, "
                f"{self.direction or '-'}), {self.titles} títulos, total {self.amount}, "
                f"{len(self.errors)} errors, {len(self.warnings)} warnings"
                + (f"; by occurrence {occ}" if occ else ""))

    def as_dict(self) -> dict:
        return {
            "file": self.path,
            "valid": self.exit_code == 0,
            "unreadable": self.unreadable,
            "bank": self.bank,
            "layout": self.layout,
            "direction": self.direction,
            "titles": self.titles,
            "total": str(self.amount),
            "occurrences": {k: {"titles": v,
                                "total": str(self.occurrence_amounts.get(k, Decimal(0)))}
                            for k, v in sorted(self.occurrences.items())},
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "problems": [problem_dict(p) for p in self.problems],
        }


def problem_dict(p: Problem) -> dict:
    return {**p.as_dict(), "text": str(p)}


def problem_text(p: Problem) -> str:
    """FILE:LINE:COL-COL: record.field: reason (warnings say so before the reason)."""
    if p.severity == "warning":
        return str(p.at(message=f"warning: {p.message}"))
    return str(p)


def show_progress(path) -> bool:
    """A progress bar only for big files, and only when stderr is a terminal."""
    if os.environ.get("CNAB_NO_PROGRESS"):
        return False
    try:
        big = Path(path).stat().st_size > PROGRESS_THRESHOLD
    except OSError:
        return False
    return big and sys.stderr.isatty()


@contextlib.contextmanager
def open_reader(path, *, strict: bool, layout=None, progress: bool | None = None):
    """(FileReader, tick) for a path; tick() advances the progress bar (a no-op when off).

    Raises CnabError (FileFormatError ...) for input that cannot be read at all.
    """
    if progress is None:
        progress = show_progress(path)
    if not progress:
        reader = FileReader(path, strict=strict, errors="collect", layout=layout, lazy="checked")
        try:
            yield reader, lambda: None
        finally:
            reader.close()
        return
    import click

    stream = open(path, "rb")  # noqa: SIM115 - closed below
    try:
        reader = FileReader(stream, strict=strict, errors="collect", layout=layout,
                            lazy="checked")
        size = os.fstat(stream.fileno()).st_size
        with click.progressbar(length=size, label=Path(path).name, file=sys.stderr) as bar:
            done = [0]

            def tick():
                pos = stream.tell()
                if pos - done[0] > 65536 or pos >= size:
                    bar.update(pos - done[0])
                    done[0] = pos

            yield reader, tick
            bar.update(size - done[0])
    finally:
        stream.close()


def validate_file(path, *, strict: bool = True, layout=None, progress: bool | None = None,
                  jobs: int = 1) -> Report:
    """Every problem of one file. jobs=2 reads a large file in two processes (see
    `_validate_in_two`); the report is the same as with one."""
    if jobs > 1 and not progress:
        report = _validate_in_two(path, strict=strict, layout=layout)
        if report is not None:
            return report
    report = Report(path=str(path))
    try:
        with open_reader(path, strict=strict, layout=layout, progress=progress) as (reader, tick):
            _describe(report, reader)
            for title in reader:
                tick()
                _tally(report, title)
            if not report.bank:
                report.bank = _header_bank(reader)
            report.problems = reader.problems
    except CnabError as exc:
        report.unreadable = True
        report.problems = [p if p.file else p.at(file=str(path)) for p in exc.problems]
    except Exception as exc:  # never a traceback for a bad file
        if os.environ.get("CNAB_DEBUG"):
            raise
        report.unreadable = True
        report.problems = [Problem(rule="internal", file=str(path),
                                   message=f"cannot read: {type(exc).__name__}: {exc}")]
    return report


def _describe(report: Report, reader) -> None:
    report.layout, report.bank, report.direction = (
        reader.layout.id, reader.layout.bank or _header_bank(reader), reader.direction)


def _tally(report: Report, title) -> None:
    report.titles += 1
    view = title.view_of("occurrence", "movement", "amount")
    key = view.get("occurrence") or view.get("movement") or "-"
    report.occurrences[key] += 1
    amount = view.get("amount")
    if isinstance(amount, Decimal):
        report.amount += amount
        report.occurrence_amounts[key] = report.occurrence_amounts.get(key, Decimal(0)) + amount


SPLIT_MIN = 16 * 1024 * 1024  # bytes: below this, starting a second process does not pay
SPLIT_AT = 0.65  # the first process checks the lines before it; the second reads them lazily
# (framing, sequences, totals: 1/4-1/2 of the work) and checks the rest: 0.65 balances both
# (benchmark: 0.6 / 0.65 / 0.7 gave 1.45 / 1.50 / 1.55x on CNAB 240, 1.65 / 1.67 / 1.55x on 400)


def _validate_in_two(path, *, strict: bool, layout) -> Report | None:
    """Split one file between this process and a forked one, or None when it cannot or must
    not be: small files, no fork, a layout object, or any problem before the split point.

    The second process reads the whole file (the counters, sums and headers it needs at the
    split come from its own lazy pass over the first part) and checks fully from the split;
    this process checks fully up to the split and stops. Both choose the same split line: the
    first record at or after line N that opens a título or a frame. When this half is clean
    and the other found nothing before the split, the other's problems are the file's; on
    anything else the file is read again in one process, so the report is always the same.
    Whichever process meets a problem before the split first ends the other's work."""
    import multiprocessing

    try:
        size = Path(path).stat().st_size
    except (OSError, TypeError):
        return None
    if size < SPLIT_MIN or "fork" not in multiprocessing.get_all_start_methods() \
            or not (layout is None or isinstance(layout, str)):
        return None
    with open(path, "rb") as f:
        first = f.readline(8192)  # bounded: a file with no line breaks is not held
    split = max(2, int(size / max(len(first), 1) * SPLIT_AT))
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    other = context.Process(target=_second_part, args=(str(path), strict, layout, split, send),
                            daemon=True)
    other.start()
    send.close()
    answer = _Answer(receive)
    mine = theirs = None
    try:
        mine = _first_part(str(path), strict, layout, split, answer)
        theirs = answer.get() if mine is not None else None
    finally:
        if mine is None or theirs is None:
            other.terminate()
        other.join()
        receive.close()
    if mine is None or theirs is None or mine[1] is None or mine[1] != theirs[1]:
        return None
    report, other_report = mine[0], theirs[0]
    report.titles += other_report.titles
    report.occurrences.update(other_report.occurrences)
    report.amount += other_report.amount
    for key, amount in other_report.occurrence_amounts.items():
        report.occurrence_amounts[key] = report.occurrence_amounts.get(key, Decimal(0)) + amount
    report.problems = other_report.problems
    report.bank = report.bank or other_report.bank
    return report


class _Answer:
    """The other process's answer, looked at without waiting (`gave_up`) or waited for."""

    def __init__(self, connection):
        self._connection = connection
        self._got = False
        self._value = None

    def gave_up(self) -> bool:
        """True when the other process has answered None already."""
        if not self._got and self._connection.poll():
            self.get()
        return self._got and self._value is None

    def get(self):
        if not self._got:
            try:
                self._value = self._connection.recv()
            except EOFError:  # it died without an answer
                self._value = None
            self._got = True
        return self._value


def _first_part(path, strict, layout, split, other: _Answer):
    """(report of the títulos before the split, split line), or None on a problem or when
    the other process has given up (it met a problem before the split)."""
    report = Report(path=path)
    try:
        with FileReader(path, strict=strict, errors="collect", layout=layout,
                        lazy="checked", until=split) as reader:
            _describe(report, reader)
            for n, title in enumerate(reader):
                _tally(report, title)
                if reader.problems or (n % 4096 == 0 and other.gave_up()):
                    return None
            if reader.problems:
                return None
            return report, reader.stopped_at
    except Exception:  # noqa: BLE001 - the one-process read reports it properly
        return None


def _second_part(path, strict, layout, split, answer) -> None:
    """Sends (report of the títulos from the split on, with the file's problems, split line),
    or None as soon as anything is reported before the split."""
    result = None
    report = Report(path=path)
    try:
        with FileReader(path, strict=strict, errors="collect", layout=layout,
                        lazy="checked", lazy_until=split) as reader:
            for title in reader:
                if reader.switched_at is None:
                    if reader.problems:
                        break
                elif title.records[0].line >= reader.switched_at:
                    _tally(report, title)
            else:
                if reader.problems_before_switch == 0:
                    report.bank = _header_bank(reader)
                    report.problems = reader.problems
                    result = report, reader.switched_at
    except Exception:  # noqa: BLE001 - as above: one process then reads it
        result = None
    answer.send(result)
    answer.close()


def _header_bank(reader) -> str | None:
    header = reader.header or {}
    for key in ("banco", "codigo_banco", "numero_banco"):
        if header.get(key):
            return str(header[key]).zfill(3)
    return None


def iter_files(paths):
    """Files given, and the files inside folders given (sorted), skipping hidden ones."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not any(part.startswith(".")
                                               for part in child.relative_to(path).parts):
                    yield child
        else:
            yield path


# -- values as text -------------------------------------------------------------------------------
def jsonable(value):
    """Decimal -> '12.34', date/datetime/time -> ISO 8601, containers recursively."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


def cell(value) -> str:
    """A CSV cell: like jsonable, lists joined by spaces, None empty."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return " ".join(cell(v) for v in value)
    value = jsonable(value)
    return str(value)
