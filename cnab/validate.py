"""Validation of whole files: read everything, collect every problem, summarise."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import attrs

from cnab.errors import CnabError, FileFormatError, Problem
from cnab.files.reader import FileReader


@attrs.define
class Report:
    path: str
    problems: list = attrs.field(factory=list)
    layout: str | None = None
    bank: str | None = None
    direction: str | None = None
    titles: int = 0
    occurrences: Counter = attrs.field(factory=Counter)
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
        occ = ", ".join(f"{k}: {v}" for k, v in sorted(self.occurrences.items()))
        return (f"{self.path}: {self.layout} (bank {self.bank or '-'}, {self.direction}), "
                f"{self.titles} títulos, total {self.amount}, {len(self.errors)} errors, "
                f"{len(self.warnings)} warnings" + (f"; occurrences {occ}" if occ else ""))


def validate_file(path, *, strict: bool = True, layout=None) -> Report:
    report = Report(path=str(path))
    try:
        reader = FileReader(path, strict=strict, errors="collect", layout=layout)
    except FileFormatError as exc:
        report.unreadable = True
        report.problems = exc.problems
        return report
    except CnabError as exc:
        report.unreadable = True
        report.problems = exc.problems
        return report
    report.layout, report.bank, report.direction = reader.layout.id, reader.layout.bank, \
        reader.direction
    for title in reader:
        report.titles += 1
        view = title.view
        key = view.get("occurrence") or view.get("movement")
        if key:
            report.occurrences[key] += 1
        if view.get("amount") is not None:
            report.amount += view["amount"]
    report.problems = reader.problems
    return report


def iter_files(paths):
    """Files given, and the files inside folders given (sorted), skipping hidden ones."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not child.name.startswith("."):
                    yield child
        else:
            yield path
