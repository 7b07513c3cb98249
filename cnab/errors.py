"""One exception family and one problem record for everything a user can get wrong.

Every problem names where it is (file, line, column range), what it is about (record, field)
and which rule it broke, so a user can fix a bank file without reading our code.
"""

from __future__ import annotations

import attrs


@attrs.frozen
class Problem:
    """One thing wrong (severity "error") or tolerated (severity "warning") in an input."""

    rule: str
    message: str
    severity: str = "error"
    file: str | None = None
    line: int | None = None
    col_start: int | None = None
    col_end: int | None = None
    record: str | None = None
    field: str | None = None

    def where(self) -> str:
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.col_start is not None:
                end = self.col_end if self.col_end is not None else self.col_start
                parts.append(f"{self.col_start}-{end}")
        return ":".join(parts)

    def __str__(self) -> str:
        subject = ".".join(p for p in (self.record, self.field) if p)
        text = f"{self.where()}: "
        if subject:
            text += f"{subject}: "
        return text + self.message

    def at(self, **changes) -> Problem:
        """The same problem placed somewhere else (e.g. once the file and line are known)."""
        return attrs.evolve(self, **changes)

    def as_dict(self) -> dict:
        return attrs.asdict(self)


class CnabError(Exception):
    """Base of every error this library raises for bad input; carries its problems."""

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem(rule="error", message=problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class LayoutError(CnabError):
    """A layout or code table file is broken (syntax, unknown attribute, gap, overlap ...)."""


class DecodeError(CnabError):
    """A line does not fit the record it should be."""


class EncodeError(CnabError):
    """A value cannot be written into its field (does not fit, wrong type, bad character)."""


class FileFormatError(CnabError):
    """The input is not a CNAB file we can read at all (binary, UTF-16, unknown bank ...)."""


class ValidationError(CnabError):
    """A file was read in strict mode and has problems."""


class InputError(CnabError):
    """Data given to the writer is invalid; every problem is listed at once."""


class LedgerError(CnabError):
    """The reconciliation ledger cannot be used (locked, read-only, corrupt ...)."""
