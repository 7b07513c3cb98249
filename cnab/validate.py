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
        reader = FileReader(path, strict=strict, errors="collect", layout=layout)
        try:
            yield reader, lambda: None
        finally:
            reader.close()
        return
    import click

    stream = open(path, "rb")  # noqa: SIM115 - closed below
    try:
        reader = FileReader(stream, strict=strict, errors="collect", layout=layout)
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


def validate_file(path, *, strict: bool = True, layout=None, progress: bool | None = None
                  ) -> Report:
    report = Report(path=str(path))
    try:
        with open_reader(path, strict=strict, layout=layout, progress=progress) as (reader, tick):
            report.layout, report.bank, report.direction = (
                reader.layout.id, reader.layout.bank or _header_bank(reader), reader.direction)
            for title in reader:
                tick()
                report.titles += 1
                view = title.view
                key = view.get("occurrence") or view.get("movement") or "-"
                report.occurrences[key] += 1
                amount = view.get("amount")
                if isinstance(amount, Decimal):
                    report.amount += amount
                    report.occurrence_amounts[key] = \
                        report.occurrence_amounts.get(key, Decimal(0)) + amount
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
