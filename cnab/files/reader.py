"""Read a bank file as a stream of títulos, checking everything the layout says must hold.

Lines flow: physical line (lines.py) -> repaired text -> matched record -> decoded values ->
computed-field checks -> grouped into títulos. Nothing is accumulated per line, so any size runs
in constant memory. Every line ends up in a título, a header/trailer, or a reported problem.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Iterator

from cnab.errors import DecodeError, FileFormatError, Problem, ValidationError
from cnab.files.counters import Counters, RecordEnv
from cnab.files.lines import Line, open_source, read_lines
from cnab.files.title import RecordItem, Title
from cnab.layout.expr import ExprError, evaluate
from cnab.layout.model import Layout
from cnab.layout.registry import Registry, default_registry, direction_of

LINE_LENGTHS = (240, 400, 444)


class FileReader:
    """Iterate to get títulos; headers, trailers, problems and counts are attributes.

    strict=True turns every tolerated deviation (trimmed lines, LF endings ...) into an error.
    errors="raise" stops at the first error with ValidationError; "collect" keeps going and
    leaves every problem in `problems` (what `validate` uses).
    """

    def __init__(self, source, *, layout: str | Layout | None = None, strict: bool = False,
                 errors: str = "raise", registry: Registry | None = None):
        if errors not in ("raise", "collect"):
            raise ValueError("errors must be 'raise' or 'collect'")
        self.registry = registry or default_registry()
        self.strict = strict
        self.errors_mode = errors
        self.problems: list[Problem] = []
        self.note_counts: Counter = Counter()
        self.stats = Counter()
        self.header: dict | None = None
        self.trailer: dict | None = None
        self.batch_headers = 0
        self._stream, self.name, self._close = open_source(source)
        try:
            self._lines = read_lines(self._stream, self.name)
            self._first = self._first_line()
            self.layout, self.direction = self._detect(self._first, layout)
        except BaseException:
            self.close()
            raise
        self._codecs = self.registry.codecs(self.layout)
        self._matchers = _matchers(self.layout, self.direction)
        self._consumed = False

    # -- set-up ------------------------------------------------------------------------------
    def _first_line(self) -> Line:
        for line in self._lines:
            if line.text.strip():
                return line
            self._note(line, "leading-blank-line", "blank line before the first record")
        raise FileFormatError(Problem(rule="empty", file=self.name,
                                      message="file has no records (empty or only blank lines)"))

    def _detect(self, line: Line, layout) -> tuple[Layout, str | None]:
        if isinstance(layout, str):
            layout = self.registry.layout(layout)
        if layout is not None:
            text = self._repair(line, layout.line_length, report=False) or line.text
            return layout, direction_of(layout, text)
        tried = []
        for length in _guess_lengths(len(line.text)):
            text = self._repair(line, length, report=False)
            if text is None:
                continue
            try:
                return self.registry.detect(text, self.name)
            except FileFormatError as exc:
                tried.append(exc)
        if tried and len(line.text) in LINE_LENGTHS:
            raise tried[0]
        raise FileFormatError(Problem(
            rule="not-cnab", file=self.name, line=1, col_start=1, col_end=len(line.text),
            message=f"no layout recognises this file: first line is {len(line.text)} characters "
                    f"long (CNAB records are 240 or 400) and starts {line.text[:20]!r}"))

    # -- problems ----------------------------------------------------------------------------
    def _problem(self, problem: Problem) -> None:
        problem = problem.at(file=self.name)
        self.problems.append(problem)
        if problem.severity == "error" and self.errors_mode == "raise":
            raise ValidationError([problem])

    def _note(self, line: Line, rule: str, message: str) -> None:
        """A tolerated deviation: a warning (an error in strict mode), reported once per rule."""
        self.note_counts[rule] += 1
        if self.note_counts[rule] > 1:
            return
        self._problem(Problem(rule=rule, message=message, line=line.number,
                              severity="error" if self.strict else "warning"))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    # -- line repair ---------------------------------------------------------------------------
    def _repair(self, line: Line, length: int, report: bool = True) -> str | None:
        text = line.text
        if len(text) == length:
            return text
        if len(text) < length:
            if report:
                self._note(line, "short-line",
                           f"line is {len(text)} characters, padded with blanks to {length} "
                           f"(trailing blanks were trimmed)")
            return text.ljust(length)
        if len(text) <= length + 2 and not text[length:].strip():
            if report:
                self._note(line, "long-line",
                           f"line is {len(text)} characters; the blank excess past {length} "
                           f"was dropped")
            return text[:length]
        if report:
            self._problem(Problem(
                rule="line-length", line=line.number, col_start=length + 1, col_end=len(text),
                message=f"line is {len(text)} characters long, the layout's records have "
                        f"{length}"))
        return None

    # -- the stream -----------------------------------------------------------------------------
    def __iter__(self) -> Iterator[Title]:
        if self._consumed:
            raise RuntimeError("a FileReader can be iterated once; read the file again")
        self._consumed = True
        try:
            yield from self._titles()
        finally:
            self.close()

    def _lines_with_first(self):
        yield self._first
        yield from self._lines

    def _titles(self) -> Iterator[Title]:
        layout, counters = self.layout, Counters(self.layout)
        has_batches = any(r.role == "batch_header" for r in layout.records.values())
        state = "start"  # start -> (batch ->) ... -> ended
        title: list[RecordItem] = []
        title_values: dict = {}
        batch_no = 0
        key_fields = layout.title_key

        def flush():
            nonlocal title, title_values
            if title:
                done = Title(layout, self.direction, batch_no, tuple(title))
                self.stats["title_lines"] += len(title)
                self.stats["titles"] += 1
                title, title_values = [], {}
                return done
            return None

        for line in self._lines_with_first():
            self.stats["lines"] += 1
            for rule, message in line.notes:
                self._note(line, rule, message)
            if not line.text.strip():
                self.stats["reported_lines"] += 1
                if not line.notes:
                    self._note(line, "blank-line", "blank line between records")
                continue
            if state == "ended":
                self._problem(Problem(rule="after-trailer", line=line.number,
                                      message="record after the file trailer"))
                self.stats["reported_lines"] += 1
                continue
            text = self._repair(line, layout.line_length)
            if text is None:
                self.stats["reported_lines"] += 1
                continue
            rec = self._match(text)
            if rec is None:
                self._problem(Problem(
                    rule="unknown-record", line=line.number, col_start=1,
                    col_end=layout.line_length,
                    message=f"no {self.direction or ''} record of layout {layout.id} matches "
                            f"this line"))
                self.stats["reported_lines"] += 1
                continue
            try:
                values = self._codecs[rec.name].decode(text, line.number, self.name)
            except DecodeError as exc:
                for p in exc.problems:
                    self._problem(p)
                self.stats["reported_lines"] += 1
                continue
            item = RecordItem(rec.name, line.number, text, values)

            # structure
            problem = _structure(state, rec.role, has_batches)
            if problem:
                self._problem(Problem(rule="structure", line=line.number, record=rec.name,
                                      message=problem))
            if rec.role != "detail":
                finished = flush()
                if finished:
                    yield finished
            counters.enter(rec)
            counters.add_sums(rec, values)
            if rec.role == "detail":
                if rec.title == "first":
                    finished = flush()
                    if finished:
                        yield finished
                elif not title:
                    self._problem(Problem(rule="orphan-record", line=line.number, record=rec.name,
                                          message=f"{rec.name} does not follow the record that "
                                                  f"opens a título"))
                    self.stats["reported_lines"] += 1
                    continue
                else:
                    self._check_key(title[0], item, key_fields)
                title.append(item)
                title_values.setdefault(rec.name, values)
                self._verify(rec, values, counters, title_values, line.number)
                state = "batch" if has_batches and state in ("batch", "batch_start") else \
                    ("body" if not has_batches else state)
                continue
            self._verify(rec, values, counters, {}, line.number)
            self.stats["frame_lines"] += 1
            if rec.role == "file_header":
                self.header = values
                state = "body" if not has_batches else "between"
            elif rec.role == "batch_header":
                batch_no = counters.batches
                self.batch_headers += 1
                state = "batch"
            elif rec.role == "batch_trailer":
                state = "between"
            elif rec.role == "file_trailer":
                self.trailer = values
                state = "ended"
        finished = flush()
        if finished:
            yield finished
        if state != "ended":
            self._problem(Problem(rule="missing-trailer", line=self.stats["lines"],
                                  message="file ends without its trailer (truncated?)"))
        for rule, count in self.note_counts.items():
            if count > 1:
                self.problems.append(Problem(
                    rule=rule, file=self.name, severity="error" if self.strict else "warning",
                    message=f"{count} lines in all with this deviation ({rule})"))

    def _match(self, text: str):
        for rec, checks in self._matchers:
            for start, end, const in checks:
                if text[start:end] != const:
                    break
            else:
                return rec
        return None

    def _check_key(self, first: RecordItem, item: RecordItem, key_fields) -> None:
        for k in key_fields:
            a, b = first.values.get(k), item.values.get(k)
            if k in first.values and k in item.values and a != b:
                rec = self.layout.records[item.name]
                f = rec.field(k)
                self._problem(Problem(
                    rule="title-mismatch", line=item.line, record=item.name, field=k,
                    col_start=f.start, col_end=f.end,
                    message=f"{k} is {b!r} but {first.name} of the same título (line "
                            f"{first.line}) has {a!r}"))

    def _verify(self, rec, values, counters, title_values, line_number) -> None:
        env = None
        for f in rec.fields:
            if f.compute is None and f.check is None:
                continue
            env = env or RecordEnv(counters, values, title_values)
            where = dict(line=line_number, record=rec.name, field=f.name, col_start=f.start,
                         col_end=f.end)
            try:
                if f.compute is not None:
                    expected = _as_field_value(evaluate(f.compute, env), f)
                    actual = values.get(f.name)
                    if expected != actual:
                        self._problem(Problem(
                            rule="computed-mismatch", **where,
                            message=f"{f.name} is {_show(actual)} but {_show(expected)} was "
                                    f"expected ({f.compute})"))
                if f.check is not None and not evaluate(f.check, env):
                    self._problem(Problem(rule="check-failed", **where,
                                          message=f"check {f.check!r} does not hold"))
            except ExprError as exc:
                self._problem(Problem(rule="expression", **where,
                                      message=f"cannot verify: {exc}"))

    def close(self) -> None:
        if self._close:
            self._stream.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _as_field_value(v, f):
    if f.kind == "digits" and v is not None:
        return str(v).zfill(f.length)
    if f.kind in ("str", "const", "filler") and v is not None:
        text = str(v)
        return text if f.kind != "str" else text.rstrip(" ")
    if f.kind == "int" and isinstance(v, str) and v.isdigit():
        return int(v)
    if f.kind == "decimal" and isinstance(v, int):
        return Decimal(v)
    return v


def _show(v) -> str:
    return repr(v) if isinstance(v, str) else str(v)


def _structure(state: str, role: str, has_batches: bool) -> str | None:
    """Why a record of this role cannot come now, or None."""
    if state == "start":
        return None if role == "file_header" else "the file does not start with its header"
    if role == "file_header":
        return "a second file header"
    if has_batches:
        if role == "batch_header" and state == "batch":
            return "batch header inside an open batch (missing batch trailer)"
        if role in ("detail", "batch_trailer") and state != "batch":
            return f"{role.replace('_', ' ')} outside a batch (missing batch header)"
        if role == "file_trailer" and state == "batch":
            return "file trailer inside an open batch (missing batch trailer)"
    elif role in ("batch_header", "batch_trailer"):
        return "batch records in a file without batches"
    return None


def _matchers(layout: Layout, direction):
    out = []
    for rec in layout.records_for(direction):
        checks = []
        for fname, const in rec.match.items():
            f = rec.field(fname)
            checks.append((f.start - 1, f.end, const))
        out.append((rec, tuple(checks)))
    out.sort(key=lambda rc: -len(rc[1]))
    return out


def _guess_lengths(n: int) -> list[int]:
    """Which record lengths a first line of n characters may have been."""
    if n in LINE_LENGTHS:
        return [n]
    return [length for length in LINE_LENGTHS if n < length or n <= length + 2]


def read(source, **options) -> FileReader:
    """Open a CNAB file (path, bytes or binary stream): iterate the result to get títulos."""
    return FileReader(source, **options)
