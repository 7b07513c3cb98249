"""Read a bank file as a stream of títulos, checking everything the layout says must hold.

Lines flow: physical line (lines.py) -> repaired text -> matched record -> decoded values ->
computed-field checks -> grouped into títulos. Nothing is accumulated per line, so any size runs
in constant memory. Every line ends up in a título, a header/trailer, or a reported problem.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from itertools import islice, pairwise
from operator import itemgetter
from typing import Iterator

from cnab.codec import kinds
from cnab.errors import DecodeError, FileFormatError, Problem, ValidationError
from cnab.files.counters import (
    Counters,
    RecordEnv,
    as_field_value,
    compile_verifier,
    fast_evaluate,
    fields_checked,
)
from cnab.files.lines import Line, iter_blocks, open_source
from cnab.files.runs import MAX_LINES, Runs, worth_trying
from cnab.files.title import RecordItem, Title
from cnab.layout.expr import ExprError
from cnab.layout.model import Layout
from cnab.layout.registry import Registry, default_registry, direction_of

LINE_LENGTHS = (240, 400, 444)
_BROKEN = object()  # a field that did not decode (its problem is already reported)


class FileReader:
    """Iterate to get títulos; headers, trailers, problems and counts are attributes.

    strict=True turns every tolerated deviation (trimmed lines, LF endings ...) into an error.
    errors="raise" stops at the first error with ValidationError; "collect" keeps going and
    leaves every problem in `problems` (what `validate` uses).

    lazy=True converts a detail's field only when it is read, and checks only what is read
    (plus sequence numbers): a broken field raises DecodeError when read. lazy="checked" checks
    every line as the full read does (the same problems, in the same order, computed fields and
    check digits included) and still converts a detail's field only when it is read.

    For one file read by two processes (`cnab.validate`), `until=N` stops at the first título
    boundary (a record that opens a título or a frame) at or after line N, without end-of-file
    checks (`stopped_at` says where), and `lazy_until=N` reads lazily up to that same boundary
    and fully from there (`switched_at`; `problems_before_switch` counts what came before).
    """

    def __init__(self, source, *, layout: str | Layout | None = None, strict: bool = False,
                 errors: str = "raise", registry: Registry | None = None,
                 lazy: bool | str = False,
                 until: int | None = None, lazy_until: int | None = None):
        if errors not in ("raise", "collect"):
            raise ValueError("errors must be 'raise' or 'collect'")
        self.registry = registry or default_registry()
        self.strict = strict
        self.errors_mode = errors
        if lazy not in (False, True, "checked"):
            raise ValueError("lazy must be False, True or 'checked'")
        self.checked = lazy == "checked"  # details checked whole, their fields typed on access
        self.lazy = lazy is True or lazy_until is not None
        self._boundary = until if until is not None else lazy_until
        self._stop = until is not None
        self.stopped_at: int | None = None
        self.switched_at: int | None = None
        self.problems_before_switch: int | None = None
        self.problems: list[Problem] = []
        self.note_counts: Counter = Counter()
        self.stats = Counter()
        self.header: dict | None = None
        self.trailer: dict | None = None
        self.batch_headers = 0
        self._stream, self.name, self._close = open_source(source)
        try:
            self._lines = iter_blocks(self._stream, self.name)
            self._rest = None
            self._first = self._first_line()
            self.layout, self.direction = self._detect(self._first, layout)
        except BaseException:
            self.close()
            raise
        self._codecs = self.registry.codecs(self.layout)
        self._matchers = _matchers(self.layout, self.direction)
        self._consumed = False
        positions = sorted({(a, b) for _, checks in self._matchers for a, b, _ in checks})
        self._match_key = itemgetter(*[slice(a, b) for a, b in positions]) if positions \
            else (lambda text: "")
        self._other_lengths = self.layout.other_lengths
        if self._other_lengths:  # records of several lengths: the length is part of the match
            by_columns = self._match_key
            self._match_key = lambda text: (by_columns(text), len(text))
        self._match_cache: dict = {}
        self._verifiers = {rec.name: _verifiers(rec) for rec in self.layout.records.values()}
        # the generic checks of a detail as one generated function: a clean line costs one call
        self._all_hold = {name: compile_verifier(v[1]) if v[1] else None
                          for name, v in self._verifiers.items()}
        self._seq_pending: dict = {}  # sequence counter -> the broken number last found
        self._key_specs: dict = {}

    # -- set-up ------------------------------------------------------------------------------
    def _first_line(self) -> Line:
        for number, texts, notes, blank in self._lines:
            for i, text in enumerate(texts):
                line = Line(number + i, text, len(text), notes)
                if text.strip():
                    if i + 1 < len(texts):
                        self._rest = (number + i + 1, texts[i + 1:], notes, blank)
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

    def _note(self, line, rule: str, message: str) -> None:
        """A tolerated deviation: a warning (an error in strict mode), reported once per rule."""
        self.note_counts[rule] += 1
        if self.note_counts[rule] > 1:
            return
        number = line if isinstance(line, int) else line.number
        self._problem(Problem(rule=rule, message=message, line=number,
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
        first = self._first
        yield first.number, [first.text], first.notes, True
        if self._rest:
            yield self._rest
            self._rest = None
        yield from self._lines

    def _titles(self) -> Iterator[Title]:
        layout, counters = self.layout, Counters(self.layout)
        has_batches = any(r.role == "batch_header" for r in layout.records.values())
        state = "start"  # start -> (batch ->) ... -> ended
        title: list[RecordItem] = []
        title_values: dict = {}
        batch_no = 0
        key_fields = layout.title_key
        stats = self.stats
        n_lines = n_title_lines = n_titles = n_frame = n_reported = 0
        length, other_lengths = layout.line_length, self._other_lengths
        codecs = self._codecs
        match_key, match_cache, match = self._match_key, self._match_cache, self._match
        verifiers, all_hold = self._verifiers, self._all_hold
        verify_env = RecordEnv(counters, {}, {})
        seq_pending = self._seq_pending
        direction, lazy = self.direction, self.lazy
        boundary = self._boundary
        enter, add_sums = counters.enter, counters.add_sums
        problem_ = self._problem
        checked = self.checked
        lazy_fields = {name: _lazy_fields(c) for name, c in codecs.items()} \
            if lazy or checked else None
        prefills = {name: _prefill(c) for name, c in codecs.items()} if checked else None
        name = self.name
        key_spec_of = self._key_spec_of
        sum_records = set(counters._sum_by_record)
        new_item = tuple.__new__
        runs = Runs(self, lazy_fields, prefills, LazyValues, key_spec_of)
        take_run = False  # may the rest of this block hold a run of títulos (see runs.py)?

        def flush():
            nonlocal title, title_values, n_title_lines, n_titles
            if title:
                done = new_item(Title, (layout, direction, batch_no, tuple(title), frame))
                n_title_lines += len(title)
                n_titles += 1
                title, title_values = [], {}
                return done
            return None

        refused_last = False  # was the last record line refused (unreadable)?
        refused_line = None  # a refused line since the last record that opens a título or frame
        frame: dict = {}  # the headers read so far, shared by the títulos under them
        try:
            for number, texts, notes, may_be_blank in self._lines_with_first():
                number -= 1
                first_number = number + 1
                take_run = worth_trying(texts, notes)
                texts_left = iter(texts)
                for text in texts_left:
                    number += 1
                    n_lines += 1
                    if notes and notes[0][0] == "line-too-long":
                        problem_(Problem(rule="line-too-long", line=number,
                                         message=notes[0][1]))
                        n_reported += 1
                        refused_last, refused_line = True, number
                        if state != "ended":
                            counters.enter_unknown(state == "batch")
                        continue
                    if notes:
                        for rule, message in notes:
                            self._note(number, rule, message)
                    if may_be_blank and (not text or text.isspace()):
                        n_reported += 1
                        if not notes:
                            self._note(number, "blank-line", "blank line between records")
                        continue
                    if state == "ended":
                        problem_(Problem(rule="after-trailer", line=number,
                                         message="record after the file trailer"))
                        n_reported += 1
                        continue
                    if len(text) != length and len(text) not in other_lengths:
                        text = self._repair(Line(number, text, len(text), notes), length)
                        if text is None:
                            n_reported += 1
                            refused_last, refused_line = True, number
                            counters.enter_unknown(state == "batch")
                            continue
                    key = match_key(text)
                    rec = match_cache.get(key, False)
                    if rec is False:
                        rec = match(text)
                        if len(match_cache) < 4096:
                            match_cache[key] = rec
                    if rec is None:
                        problem_(Problem(
                            rule="unknown-record", line=number, col_start=1, col_end=length,
                            message=f"no {direction or ''} record of layout {layout.id} matches "
                                    f"this line"))
                        n_reported += 1
                        refused_last, refused_line = True, number
                        counters.enter_unknown(state == "batch")
                        continue
                    refused_last = False
                    role = rec.role
                    if boundary is not None and number >= boundary and (
                            role != "detail" or rec.title == "first"):
                        boundary = None
                        if self._stop:  # this line is the other process's
                            n_lines -= 1
                            self.stopped_at = number
                            finished = flush()
                            if finished:
                                yield finished
                            return
                        lazy = False
                        self.switched_at = number
                        self.problems_before_switch = len(self.problems)
                    if take_run and role == "detail" and rec.title == "first" and (
                            state == "batch" or state == "body") and not seq_pending:
                        taken = runs.read(texts, number - first_number, number, counters, lazy,
                                          checked, batch_no, frame, verify_env,
                                          MAX_LINES if boundary is None else boundary - number)
                        if taken is None:
                            take_run = False  # irregular: this block goes line by line
                        else:
                            # as line by line: the título before is given out once this line
                            # is read, and the run's last one once the line after it is
                            refused_line = None
                            finished = flush()
                            if finished:
                                yield finished
                            m, k, titles = taken
                            n_lines += m - 1
                            number += m - 1
                            deque(islice(texts_left, m - 1), maxlen=0)
                            last = titles.pop().records
                            n_title_lines += m - len(last)
                            n_titles += k - 1
                            yield from titles
                            title = list(last)
                            for item in last:
                                title_values.setdefault(item[0], item[3])
                            continue
                    if lazy and role == "detail":
                        values = LazyValues((lazy_fields[rec.name], text, number, name, rec.name))
                    else:
                        codec = codecs[rec.name]
                        if checked and role == "detail" and codec.check_line(text):
                            values = LazyValues((lazy_fields[rec.name], text, number, name,
                                                 rec.name))
                            if prefills[rec.name] is not None:
                                dict.update(values, prefills[rec.name](text))
                        else:
                            try:
                                values = codec.decode_line(text)
                            except ValueError:
                                values = None
                        if values is None:
                            try:
                                values = codec.decode(text, number, name)
                            except DecodeError as exc:
                                for p in exc.problems:
                                    problem_(p)
                                # keep the record (counted, in its título) with its valid
                                # fields, so one bad field is one problem, not a cascade
                                values = codec.decode_partial(text)
                    item = new_item(RecordItem, (rec.name, number, text, values))

                    # structure
                    if role != "detail" or (state != "batch" and state != "body"):
                        problem = _structure(state, role, has_batches)
                        if problem:
                            problem_(Problem(rule="structure", line=number, record=rec.name,
                                             message=problem))
                    if role != "detail":
                        refused_line = None
                        finished = flush()
                        if finished:
                            yield finished
                    enter(rec)
                    if rec.name in sum_records:
                        try:
                            add_sums(rec, values)
                        except DecodeError as exc:  # lazy mode: a broken amount
                            for p in exc.problems:
                                problem_(p)
                    if role == "detail":
                        if rec.title == "first":
                            refused_line = None
                            finished = flush()
                            if finished:
                                yield finished
                        elif not title and refused_line is not None:
                            # its título's first line was refused above: one damage, one error
                            problem_(Problem(rule="orphan-record", line=number, record=rec.name,
                                             severity="warning",
                                             message=f"{rec.name} not read: the line that opens "
                                                     f"its título (line {refused_line}) was "
                                                     f"refused above"))
                            n_reported += 1
                            continue
                        elif not title:
                            problem_(Problem(rule="orphan-record", line=number, record=rec.name,
                                             message=f"{rec.name} does not follow the record that "
                                                     f"opens a título"))
                            n_reported += 1
                            continue
                        elif key_fields:
                            first = title[0]
                            spec = key_spec_of(first[0], rec.name)
                            if spec is None:
                                self._check_key(first, item, key_fields)
                            else:
                                ftext = first[2]
                                for a, b in spec:
                                    if ftext[a:b] != text[a:b]:
                                        self._check_key(first, item, key_fields)
                                        break
                        title.append(item)
                        if rec.name not in title_values:
                            title_values[rec.name] = values
                        simple, generic, lazy_simple = verifiers[rec.name]
                        for fname, attr, a, b, f in (lazy_simple if lazy else simple):
                            expected = getattr(counters, attr)
                            if lazy:
                                s_ = text[a:b]
                                actual = int(s_) if s_.isascii() and s_.isdigit() else \
                                    self._lazy_get(values, fname)
                            else:
                                actual = values.get(fname, _BROKEN)
                                if actual is _BROKEN:
                                    continue
                            if actual != expected:
                                self._seq_mismatch(counters, attr, f, actual, expected, rec,
                                                   number)
                            elif seq_pending:
                                seq_pending.pop(attr, None)
                        if generic and not lazy:
                            holds = all_hold[rec.name]
                            if holds is not None and not seq_pending:
                                verify_env.values, verify_env.title = values, title_values
                                if holds(verify_env):
                                    generic = None
                            if generic:
                                self._run_verifiers(generic, rec, values, counters,
                                                    title_values, number)
                        if state != "batch":
                            state = "batch" if has_batches and state == "batch_start" else \
                                ("body" if not has_batches else state)
                        continue
                    self._verify(rec, values, counters, {}, number)
                    n_frame += 1
                    if role == "file_header" or role == "batch_header":
                        counters.frame[rec.name] = values
                        frame = dict(counters.frame)  # what the títulos from here on came under
                    if role == "file_header":
                        self.header = values
                        state = "body" if not has_batches else "between"
                    elif role == "batch_header":
                        batch_no = counters.batches
                        self.batch_headers += 1
                        state = "batch"
                    elif role == "batch_trailer":
                        state = "between"
                    elif role == "file_trailer":
                        self.trailer = values
                        state = "ended"
            finished = flush()
            if finished:
                yield finished
        finally:
            stats["lines"] += n_lines
            stats["title_lines"] += n_title_lines
            stats["titles"] += n_titles
            stats["frame_lines"] += n_frame
            stats["reported_lines"] += n_reported
            n_lines = n_title_lines = n_titles = n_frame = n_reported = 0
        if state != "ended":
            self._problem(Problem(
                rule="missing-trailer", line=self.stats["lines"],
                message="no readable file trailer: the last record line was refused above"
                if refused_last else "file ends without its trailer (truncated?)"))
        for rule, count in self.note_counts.items():
            if count > 1:
                self.problems.append(Problem(
                    rule=rule, file=self.name, severity="error" if self.strict else "warning",
                    message=f"{count} lines in all with this deviation ({rule})"))

    def _match(self, text: str):
        lengths = self._other_lengths
        for rec, checks in self._matchers:
            if lengths and len(text) != self.layout.record_length(rec):
                continue
            for start, end, const in checks:
                if text[start:end] != const:
                    break
            else:
                return rec
        return None

    def _key_spec_of(self, first: str, other: str) -> tuple | None:
        spec = self._key_specs.get((first, other), False)
        if spec is False:
            spec = self._key_specs[(first, other)] = _key_spec(
                self.layout, first, other, self.layout.title_key)
        return spec

    def _check_key(self, first: RecordItem, item: RecordItem, key_fields) -> None:
        for k in key_fields:
            try:
                a, b = first.values.get(k), item.values.get(k)
            except DecodeError as exc:  # lazy mode: the key field itself is broken
                for p in exc.problems:
                    self._problem(p)
                continue
            if k in first.values and k in item.values and a != b:
                rec = self.layout.records[item.name]
                f = rec.field(k)
                self._problem(Problem(
                    rule="title-mismatch", line=item.line, record=item.name, field=k,
                    col_start=f.start, col_end=f.end,
                    message=f"{k} is {b!r} but {first.name} of the same título (line "
                            f"{first.line}) has {a!r}"))

    def _seq_mismatch(self, counters, attr, f, actual, expected, rec, line_number) -> None:
        """Report a broken sequence number once: when the next record continues the file's own
        numbering (one line too many or too few), follow it instead of reporting every later
        line; a single wrong number is one problem because the next record matches again."""
        pending = self._seq_pending.get(attr)
        resyncable = attr in ("in_batch", "file_records") and isinstance(actual, int) and \
            (f.compute or "").lstrip().startswith("seq")
        if resyncable and pending is not None and actual == pending + 1:
            setattr(counters, attr, actual)
        else:
            self._simple_mismatch(f, actual, expected, rec, line_number)
        if resyncable:
            self._seq_pending[attr] = actual

    def _simple_mismatch(self, f, actual, expected, rec, line_number) -> None:
        expected = _as_field_value(expected, f)
        if expected == actual:
            return
        self._problem(Problem(
            rule="computed-mismatch", line=line_number, record=rec.name, field=f.name,
            col_start=f.start, col_end=f.end,
            message=f"{f.name} is {_show(actual)} but {_show(expected)} was expected "
                    f"({f.compute})"))

    def _lazy_get(self, values, fname):
        """A field of a lazily decoded record for a check; a broken field is reported."""
        try:
            return values[fname]
        except DecodeError as exc:
            for p in exc.problems:
                self._problem(p)
            return None

    def _run_verifiers(self, verify, rec, values, counters, title_values, line_number):
        env = None
        for f in verify:
            if type(f) is tuple:  # a counter compare kept in field order (see _verifiers)
                self._check_counter(f, rec, values, counters, line_number)
                continue
            try:
                env = env or RecordEnv(counters, values, title_values)
                if f.compute is not None and f.name in values:
                    expected = _as_field_value(fast_evaluate(f.compute, env), f)
                    actual = values.get(f.name)
                    if expected != actual:
                        self._field_problem(
                            "computed-mismatch", f, rec, line_number,
                            f"{f.name} is {_show(actual)} but {_show(expected)} was expected "
                            f"({f.compute})")
                if f.check is not None and not fast_evaluate(f.check, env):
                    self._field_problem("check-failed", f, rec, line_number,
                                        f"check {f.check!r} does not hold")
            except ExprError as exc:
                if len(values) < len(rec.fields):
                    continue  # it needs a field that is broken, already reported
                self._field_problem("expression", f, rec, line_number, f"cannot verify: {exc}")

    def _field_problem(self, rule, f, rec, line_number, message) -> None:
        self._problem(Problem(rule=rule, message=message, line=line_number, record=rec.name,
                              field=f.name, col_start=f.start, col_end=f.end))

    def _check_counter(self, check, rec, values, counters, line_number) -> None:
        fname, attr, _, _, f = check
        actual, expected = values.get(fname, _BROKEN), getattr(counters, attr)
        if actual is not _BROKEN and actual != expected:
            self._seq_mismatch(counters, attr, f, actual, expected, rec, line_number)
        elif self._seq_pending:
            self._seq_pending.pop(attr, None)

    def _verify(self, rec, values, counters, title_values, line_number) -> None:
        simple, generic, _ = self._verifiers[rec.name]
        for check in simple:
            self._check_counter(check, rec, values, counters, line_number)
        if generic:
            self._run_verifiers(generic, rec, values, counters, title_values, line_number)

    def close(self) -> None:
        if self._close:
            self._stream.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _as_field_value(v, f):
    return as_field_value(v, f.kind, f.length)


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


_SIMPLE = re.compile(r'\s*(seq|count)\(\s*"(\w+)"\s*\)\s*')
_COUNTER_OF = {("seq", "file"): "file_records", ("seq", "batch"): "batches",
               ("seq", "in_batch"): "in_batch", ("count", "file"): "file_records",
               ("count", "batch"): "batch_records", ("count", "batches"): "batches",
               ("count", "titles"): "titles", ("count", "batch_titles"): "batch_titles"}


def _verifiers(rec) -> tuple[tuple, tuple, tuple]:
    """(simple, generic, simple for lazy mode) checks of a record, each in field order.

    A compute that is exactly one seq()/count() of a whole scope on an int field is compared
    directly with the counter: (field name, counter attribute, start, end, Field). Anything else
    is a Field whose compute/check goes through the (compiled) expression evaluator. When a
    generic check precedes a simple one, all are run in field order by the generic loop (so
    problems keep field order), the simple ones still as direct counter compares."""
    simple, generic, order = [], [], []
    for f in rec.fields:
        if f.compute is None and f.check is None:
            continue
        attr = None
        m = _SIMPLE.fullmatch(f.compute or "")
        if m and f.check is None and f.kind == "int" and f.null is None:
            attr = _COUNTER_OF.get((m.group(1), m.group(2)))
        if attr:
            simple.append((f.name, attr, f.start - 1, f.end, f))
            order.append(simple[-1])
        else:
            generic.append(f)
            order.append(f)
    if any(type(a) is not tuple and type(b) is tuple for a, b in pairwise(order)):
        return (), tuple(order), tuple(simple)  # problems are reported in field order: keep it
    return tuple(simple), tuple(generic), tuple(simple)


def _key_spec(layout, first: str, other: str, key_fields) -> tuple:
    """Column ranges whose text being equal in both records proves the título keys agree
    (fields at the same place with the same decoding); otherwise the values are compared."""
    spec = []
    r1, r2 = layout.records[first], layout.records[other]
    for k in key_fields:
        try:
            f1, f2 = r1.field(k), r2.field(k)
        except KeyError:
            continue
        if (f1.start, f1.end, f1.kind, f1.null, f1.decimals, f1.fmt) != \
                (f2.start, f2.end, f2.kind, f2.null, f2.decimals, f2.fmt):
            return None  # compare the decoded values
        spec.append((f1.start - 1, f1.end))
    return tuple(spec)


_BAD = object()  # a lazy field's text that does not decode


def _lazy_fields(codec) -> dict:
    """field -> (get, Field) for decoding on access, made once per record codec: get(line)
    is the field's value, or _BAD when its text is not of the field's shape or does not
    convert. One generated function per field: a memoised amount or date is one look-up, and
    the shape checks are str methods where they say what the field's pattern says (the slice
    has the field's length; ASCII digits are exactly [0-9]; printable ASCII has no control
    character), the pattern itself otherwise."""
    cached = codec.__dict__.get("_lazy_fields")
    if cached is not None:
        return cached
    from cnab.codec.record import _DATE_CACHE, _MONEY_CACHE
    ns: dict = {"BAD": _BAD, "MISSING": _DATE_CACHE}
    source, names = [], []
    for i, f in enumerate(codec.fields):
        pattern, n = kinds.pattern(f), f.length
        ns[f"c{i}"], ns[f"r{i}"] = codec.field_decoders[f.name], re.compile(
            pattern, re.DOTALL).fullmatch
        if pattern == f"([0-9]{{{n}}})":
            shape = "s.isascii() and s.isdigit()"
        elif pattern == f"([0-9]{{{n}}}| {{{n}}})":
            shape = f"(s.isascii() and s.isdigit()) or s == {' ' * n!r}"
        elif pattern == f"([^\\x00-\\x1f\\x7f]{{{n}}})":
            shape = f"(s.isascii() and s.isprintable()) or r{i}(s)"
        else:
            shape = f"r{i}(s)"
        memo = ""
        if f.kind == "decimal":
            ns[f"m{i}"] = _MONEY_CACHE[(-f.decimals, f.null in ("zero", "blank_or_zero"))]
            memo = f"    if (v := m{i}.get(s)) is not None:\n        return v\n"
        elif f.kind == "date":
            ns[f"m{i}"] = _DATE_CACHE[f.fmt]
            memo = f"    if (v := m{i}.get(s, MISSING)) is not MISSING:\n        return v\n"
        source.append(f"def g{i}(t):\n    s = t[{f.start - 1}:{f.end}]\n{memo}"
                      f"    if {shape}:\n        try:\n            return c{i}(s)\n"
                      f"        except ValueError:\n            pass\n    return BAD\n")
        names.append(f.name)
    checked = fields_checked(codec.record, frozenset(c[0] for c in _verifiers(codec.record)[2]))
    source.append("def prefill(t):\n    return {" + ", ".join(
        f"{name!r}: g{names.index(name)}(t)" for name in checked) + "}\n")
    exec(compile("".join(source), f"<lazy fields {codec.record.name}>", "exec"), ns)
    out = {name: (ns[f"g{i}"], f) for i, (name, f) in enumerate(zip(names, codec.fields))}
    codec._lazy_fields = out
    codec._prefill = ns["prefill"] if checked else None
    return out


def _prefill(codec):
    """text -> {field: value} of the fields a checked read of the record checks anyway (see
    counters.fields_checked), or None when there are none; for lines already checked whole."""
    _lazy_fields(codec)
    return codec._prefill


class LazyValues(dict):
    """A record's values decoded field by field on first access (reader lazy=True or
    "checked"; in checked reads the line is known to decode, the fields its checks read are in
    already).

    A dict subclass so that code written for decoded records keeps working; a field whose text
    is not valid raises DecodeError naming the line, columns, record and field."""

    __slots__ = ("_src",)

    def __init__(self, src):  # (spec, text, line number, file name, record name)
        self._src = src

    @property
    def _spec(self):
        return self._src[0]

    def __missing__(self, key):
        spec, text, line, file, record = self._src
        try:
            get, f = spec[key]
        except KeyError:
            raise KeyError(key) from None
        value = get(text)
        if value is _BAD:
            s = text[f.start - 1:f.end]
            why = kinds.explain(f, s) or ("decode", f"{s!r} does not decode")
            raise DecodeError([Problem(rule=why[0], message=why[1], file=file, line=line,
                                       col_start=f.start, col_end=f.end, record=record,
                                       field=f.name)])
        dict.__setitem__(self, key, value)
        return value

    def get(self, key, default=None):
        return self[key] if key in self._src[0] else default

    def _all(self):
        """Every field decoded, in field order (DecodeError for the first broken one)."""
        if list(dict.keys(self)) != list(self._spec):
            ordered = {k: self[k] for k in self._spec}
            dict.clear(self)
            dict.update(self, ordered)
        return self

    def __contains__(self, key):
        return key in self._src[0]

    def __iter__(self):
        return iter(dict.keys(self._all()))

    def __len__(self):
        return len(self._spec)

    def keys(self):
        return dict.keys(self._all())

    def values(self):
        return dict.values(self._all())

    def items(self):
        return dict.items(self._all())

    def __eq__(self, other):
        return dict(self.items()) == other

    def __reduce__(self):  # pickled as the plain dict of every field (decoding what is left)
        return dict, (dict(self.items()),)

    def __repr__(self):
        return repr(dict(self.items()))


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
