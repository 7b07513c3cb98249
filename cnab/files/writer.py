"""Build a complete remessa from boleto data, driven only by the layout.

Every record's fields come from `from:` paths into the inputs, `default`s, `const`s, and
`compute:` expressions (sequences, counts, totals, check digits) evaluated through the same
Counters the reader verifies with. Nothing reaches the target unless every boleto encodes:
all problems are raised at once as InputError.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

import attrs

from cnab.codec.record import _generate_encoder
from cnab.codec.text import charset_from_spec
from cnab.errors import CnabError, InputError, LayoutError, Problem
from cnab.files.carried import not_carried, unread_asks
from cnab.files.counters import (
    Counters,
    RecordEnv,
    fast_evaluate,
    source_getter,
    sums_needed,
    title_refs_needed,
    unwrap,
)
from cnab.files.models import Beneficiary, Boleto, Payer, check_document
from cnab.layout.expr import Env, ExprError, aggregate_key, evaluate, names_in, parse_expr
from cnab.layout.model import Layout, Record
from cnab.layout.registry import Registry, default_registry

EOL = "\r\n"


@attrs.frozen
class FileInfo:
    """File-level inputs: `file.sequence`, `file.generated_at` in layouts."""

    sequence: int = 1
    generated_at: dt.datetime = attrs.field(factory=lambda: dt.datetime.now().replace(microsecond=0))

    @property
    def date(self) -> dt.date:
        return self.generated_at.date()

    @property
    def time(self) -> dt.time:
        return self.generated_at.time()


@attrs.frozen
class WriteResult:
    layout: str
    lines: int
    titles: int
    total: object
    path: str | None = None


class Writer:
    """Writes a remessa from boleto models; with direction="retorno" it writes the bank's side
    (for samples and tests), each título given as a dict of normalised view keys."""

    def __init__(self, layout: str | Layout, registry: Registry | None = None,
                 direction: str = "remessa"):
        self.registry = registry or default_registry()
        self.layout = self.registry.layout(layout) if isinstance(layout, str) else layout
        self.codecs = self.registry.codecs(self.layout)
        self.direction = direction
        recs = self.layout.records_for(direction)
        self._fixed_fields = _header_constants(self.layout, direction)
        self._view_targets = _view_targets(self.layout) if direction == "retorno" else {}
        self.file_header = _one(recs, "file_header")
        self.batch_header = _one(recs, "batch_header")
        self.batch_trailer = _one(recs, "batch_trailer")
        self.file_trailer = _one(recs, "file_trailer")
        # the record that opens a título first (e.g. T before an optional Y in a retorno)
        self.details = sorted((r for r in recs if r.role == "detail"),
                              key=lambda r: r.title != "first")
        # defaults are what expressions see for a field the inputs leave empty; the encoder
        # writes them by itself, except a default of this direction (operação T in a retorno)
        self._defaults = {r.name: {f.name: f.direction_defaults.get(direction, f.default)
                                   for f in r.fields
                                   if f.direction_defaults.get(direction, f.default) is not None}
                          for r in recs}
        self._direction_defaults = {
            r.name: {f.name: f.direction_defaults[direction] for f in r.fields
                     if direction in f.direction_defaults
                     and f.direction_defaults[direction] != f.default}
            for r in recs}
        self._opened: dict = {}  # título key values (or defaults) of the record that opened it
        if not self.file_header or not self.file_trailer or not self.details:
            raise InputError(Problem(rule="not-writable", file=self.layout.path,
                                     message=f"layout {self.layout.id} has no {direction} "
                                             f"records"))
        unknown = _unknown_sources(self.layout, recs)
        if unknown:
            raise LayoutError(unknown)
        if self.details[0].title != "first":
            raise InputError(Problem(rule="not-writable", file=self.layout.path,
                                     message="the first remessa detail must open the título"))
        self._unread = unread_asks(self.layout, recs) if direction == "remessa" else ()
        self._title_refs = title_refs_needed(self.layout)
        self._summed = {key[1] for key in sums_needed(self.layout)}
        self._plan = {rec.name: self._make_plan(rec) for rec in recs}
        # the details with write_when decided once (records written always, or "false" for
        # records no input feeds: left out) and the conditions evaluated per boleto
        self._maybe = tuple((rec, fixed) for rec in self.details
                            if (fixed := _constant_condition(rec.write_when)) is not False)
        # a batch holds as many detail records as its in-batch sequence field can number
        widths = [f.length for r in self.details for f in r.fields
                  if (f.compute or "").replace(" ", "") in ('seq("in_batch")', "seq('in_batch')")]
        self._batch_limit = 10 ** min(widths) - 1 if widths and self.batch_header else None

    def _make_plan(self, rec: Record) -> _Plan:
        """What writing one record takes, worked out once instead of per line."""
        sources = tuple((f.name, f.source.split(".")[0], source_getter(f.source))
                        for f in rec.fields if f.source)
        later = _later(rec)
        forced, preferred = self._fixed_fields.get(rec.name, ({}, {}))
        # fields something reads besides the encoder, or set after the inputs are read; the
        # others go from the título's objects straight into the line, or are encoded once
        # per file (beneficiary.*, file.*)
        kept = (_names_read(rec, later) | set(self._direction_defaults[rec.name])
                | set(forced) | set(preferred) | set(self.layout.title_key)
                | {name for name, _ in self._view_targets.get(rec.name, ())})
        groups = _title_sources(rec)
        read = {name: (_TITLE_OBJECTS.index(root), attr) for root, pairs in groups.items()
                for name, attr in pairs if name not in kept}
        rendered = tuple((f.name, enc, f.default)
                         for f, enc in zip(rec.fields, self.codecs[rec.name]._encoders)
                         if f.source and f.source.split(".")[0] in _FILE_OBJECTS
                         and f.name not in kept)
        grouped = {name for pairs in groups.values() for name, _ in pairs}
        checks = tuple(f for f in rec.fields if f.check is not None)
        return _Plan(
            sources=sources, others=tuple((name, get) for name, root, get in sources
                                          if root not in _FILE_OBJECTS and name not in grouped),
            gather=_gatherer({root: [p for p in pairs if p[0] not in read]
                              for root, pairs in groups.items()}),
            gather_read=_gatherer({root: [p for p in pairs if p[0] in read]
                                   for root, pairs in groups.items()}),
            encode=self._encoder(rec, read, tuple(name for name, _, _ in rendered)),
            rendered=rendered, rendered_names=frozenset(name for name, _, _ in rendered),
            targets=tuple(self._view_targets.get(rec.name, ())),
            direction_defaults=tuple(self._direction_defaults[rec.name].items()),
            defaults=self._defaults[rec.name], forced=forced, preferred=preferred,
            opens=rec.role == "detail" and rec.title == "first",
            title_fields=tuple(k for k in self.layout.title_key
                               if rec.role == "detail" and rec.title != "first"
                               and k in {f.name for f in rec.fields}),
            later=later, checks=checks,
            decode=bool(rec.name in self._summed or checks or self._title_refs))

    def _encoder(self, rec: Record, read: dict, rendered: tuple):
        """The record's encoder for the values this writer can give it (fields in `read`
        straight from the título's objects, those in `rendered` encoded once per file): usual
        values converted inline, every field no input or expression feeds written as one
        pre-rendered run."""
        given = {f.name for f in rec.fields if f.source or f.compute or f.write}
        given.update(self._direction_defaults[rec.name])
        for values in self._fixed_fields.get(rec.name, ()):
            given.update(values)
        given.update(name for name, _ in self._view_targets.get(rec.name, ()))
        if rec.role == "detail" and rec.title != "first":
            given.update(self.layout.title_key)
        return _generate_encoder(rec, self.codecs[rec.name]._encoders,
                                 charset_from_spec(self.layout.charset),
                                 frozenset(given - set(read)), read, rendered)

    def lines(self, beneficiary: Beneficiary, boletos: Iterable[Boleto],
              file: FileInfo | None = None) -> Iterator[str]:
        """Every line of the file (without terminators), raising InputError with all problems
        at the end if anything was wrong (so a caller writing to a temp file can discard it)."""
        file = file or FileInfo()
        counters = Counters(self.layout, now=file.generated_at)
        problems: list[Problem] = []
        p = check_document(beneficiary.document, "beneficiary.document")
        if p:
            problems.append(p)
        base_inputs = dict(zip(_FILE_OBJECTS, (beneficiary, file)))
        fixed: dict = {}  # record -> (values, texts) of its fields that depend only on the file

        def emit(rec: Record, inputs: dict, title_values: dict, index=None) -> str | None:
            line, errs = self._record(rec, inputs, counters, title_values, fixed, base_inputs)
            if errs:
                where = "" if index is None else f"boletos[{index}]."
                problems.extend(e.at(record=f"{where}{rec.name}") for e in errs)
            return line

        for rec in (self.file_header, self.batch_header):
            if rec is not None:
                line = emit(rec, base_inputs, {})
                if line is not None:
                    yield line
        rules = _InputsEnv(counters, {}, {}, base_inputs)  # write_when and refuse: per título
        for index, boleto in enumerate(boletos):
            if isinstance(boleto, dict):  # a retorno título: normalised view values
                inputs = {**base_inputs, "boleto": boleto, "payer": None, "guarantor": None}
                rules.inputs = inputs
            else:
                problems.extend(boleto.problems(index))
                inputs = {**base_inputs, "boleto": boleto, "payer": boleto.payer,
                          "guarantor": boleto.guarantor}
                rules.inputs = inputs
                if self.layout.refuse:
                    problems.extend(self._refused(rules, index))
                if self._unread:
                    problems.extend(not_carried(self.layout.id, self._unread, boleto, index))
            title_values: dict = {}
            wanted = self._wanted(rules)
            if self._batch_limit and counters.in_batch + len(wanted) > self._batch_limit:
                for rec in (self.batch_trailer, self.batch_header):  # close it, open the next
                    line = emit(rec, base_inputs, {})
                    if line is not None:
                        yield line
            for rec in wanted:
                line = emit(rec, inputs, title_values, index)
                if line is not None:
                    yield line
        for rec in (self.batch_trailer, self.file_trailer):
            if rec is not None:
                line = emit(rec, base_inputs, {})
                if line is not None:
                    yield line
        if problems:
            raise InputError(problems)

    def _refused(self, env: RecordEnv, index: int) -> list[Problem]:
        """The layout's `refuse:` rules: what this bank's file has no place for."""
        out = []
        for when, message in self.layout.refuse:
            try:
                hit = fast_evaluate(when, env)
            except ExprError as exc:
                hit, message = True, f"cannot evaluate refuse rule {when!r}: {exc}"
            if hit:
                out.append(Problem(rule="not-supported", record=f"boletos[{index}]",
                                   message=f"{self.layout.id}: {message}"))
        return out

    def _wanted(self, env: RecordEnv) -> list[Record]:
        """The detail records this título is written with, in order."""
        out = []
        for rec, fixed in self._maybe:
            if fixed is None:
                fixed = bool(fast_evaluate(rec.write_when, env))
            if fixed:
                out.append(rec)
        return out

    def _record(self, rec: Record, inputs: dict, counters: Counters, title_values: dict,
                fixed: dict, base_inputs: dict):
        """(line, problems) of one record: values gathered, computed and checked as planned."""
        plan = self._plan[rec.name]
        errs = []
        base, rendered, texts = fixed.get(rec.name) or self._file_values(plan, rec, fixed,
                                                                         base_inputs)
        values = dict(base)
        plan.gather(values, inputs)
        for name, get in plan.others:
            v = self._source(get, inputs)
            if v is not None and v != "":
                values[name] = v
        if plan.targets and isinstance(inputs.get("boleto"), dict):
            for fname, key in plan.targets:
                v = inputs["boleto"].get(key)
                if v is not None:
                    values[fname] = v
        for name, v in plan.direction_defaults:
            values.setdefault(name, v)
        defaults = plan.defaults
        if plan.forced or plan.preferred:
            for name, v in plan.preferred.items():  # what detection looks for, unless the
                if name not in values and name not in defaults:  # layout says otherwise
                    values[name] = v
            values.update(plan.forced)  # the direction code of the file being written
        if plan.opens:
            self._opened = {**defaults, **values}
        for k in plan.title_fields:  # every record of a título carries the same key (lote ...)
            if k in self._opened:
                values.setdefault(k, self._opened[k])
        counters.enter(rec)
        env = None
        for f, rule, counter, required in plan.later:
            if counter is not None:  # seq()/count(): what the compiled expression would call
                values[f.name] = counters.aggregate(*counter)
            elif rule is not None:
                env = env or RecordEnv(counters, values, title_values, inputs, defaults)
                try:
                    values[f.name] = fast_evaluate(rule, env)
                except ExprError as exc:
                    errs.append(Problem(rule="compute", field=f.name, col_start=f.start,
                                        col_end=f.end, message=f"cannot compute: {exc}"))
            if required and values.get(f.name) is None:
                errs.append(Problem(rule="required", field=f.name, col_start=f.start,
                                    col_end=f.end, message=f"{f.name} is required"
                                    + (f" (from {f.source})" if f.source else "")))
        codec = self.codecs[rec.name]
        try:
            line = self._encode(plan, codec, values, inputs, rendered, texts)
        except CnabError as exc:
            errs.extend(p.at(record=None) for p in exc.problems)
            return None, errs
        if errs:
            return None, errs
        # the typed values as a reader will see them feed totals, `check:` rules and later
        # records' expressions; decoding the line is only needed when something uses them
        if plan.decode:
            decoded = codec.decode(line)
            if rec.name in self._summed:
                counters.add_sums(rec, decoded)
            title_values.setdefault(rec.name, decoded)
            errs = self._check(plan.checks, RecordEnv(counters, decoded, title_values, inputs))
            if errs:
                return None, errs
        return line, errs

    def _file_values(self, plan: _Plan, rec: Record, fixed: dict, base_inputs: dict) -> tuple:
        """The record's values from beneficiary.* and file.*, the same for every line of the
        file: those something reads besides the encoder, the others, and the others' texts
        (None if one does not encode: the codec then reports it on every line)."""
        base, rendered = {}, {}
        for name, root, get in plan.sources:
            if root in base_inputs:
                v = self._source(get, base_inputs)
                if v is not None and v != "":
                    (rendered if name in plan.rendered_names else base)[name] = v
        try:
            texts = tuple(enc(rendered.get(name, default))
                          for name, enc, default in plan.rendered)
        except Exception:  # noqa: BLE001 - left to the codec, which names the problem
            texts = None
        fixed[rec.name] = base, rendered, texts
        return fixed[rec.name]

    @staticmethod
    def _encode(plan: _Plan, codec, values: dict, inputs: dict, rendered: dict,
                texts: tuple | None) -> str:
        """The line from the planned encoder; anything it cannot take (a value of another
        type, one that does not fit, a retorno título given as a dict) goes to the codec with
        every value gathered: the same text, or the codec's EncodeError."""
        objects = (inputs.get("boleto"), inputs.get("payer"), inputs.get("guarantor"))
        if type(objects[0]) is not dict and texts is not None:
            try:
                return plan.encode(values, objects, texts)
            except Exception:  # noqa: BLE001, S110 - the codec's path decides: text or problems
                pass
        values.update(rendered)
        plan.gather_read(values, inputs)
        return codec.encode(values)

    @staticmethod
    def _check(checks, env) -> list[Problem]:
        """The layout's `check:` rules on the values as the reader will decode them: a file
        the reader would refuse is not written."""
        errs = []
        for f in checks:
            try:
                ok = fast_evaluate(f.check, env)
            except ExprError as exc:
                ok, why = False, f"cannot check {f.check!r}: {exc}"
            else:
                why = f"check {f.check!r} does not hold"
            if not ok:
                errs.append(Problem(rule="check-failed", field=f.name, col_start=f.start,
                                    col_end=f.end, message=why))
        return errs

    @staticmethod
    def _source(get, inputs):
        try:
            return get(inputs)
        except ExprError:
            return None

    def write(self, beneficiary: Beneficiary, boletos: Iterable[Boleto], target,
              file: FileInfo | None = None) -> WriteResult:
        """Write the remessa to a path (atomically) or a binary stream; nothing on failure."""
        boletos = list(boletos)
        if isinstance(target, (str, Path)):
            target = Path(target)
            fd, tmp = tempfile.mkstemp(prefix=".cnab-", dir=target.parent or ".")
            try:
                with os.fdopen(fd, "wb") as out:
                    count = self._dump(beneficiary, boletos, out, file)
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            return self._result(count, boletos, str(target))
        lines = list(self.lines(beneficiary, boletos, file))  # all or nothing on a stream
        for line in lines:
            target.write((line + EOL).encode("latin-1"))
        return self._result(len(lines), boletos, None)

    def _dump(self, beneficiary, boletos, out, file) -> int:
        count = 0
        for line in self.lines(beneficiary, boletos, file):
            out.write((line + EOL).encode("latin-1"))
            count += 1
        return count

    def render(self, beneficiary: Beneficiary, boletos: Iterable[Boleto],
               file: FileInfo | None = None) -> str:
        return "".join(line + EOL for line in self.lines(beneficiary, boletos, file))

    def _result(self, count, boletos, path):
        total = sum((b.amount for b in boletos), start=type(boletos[0].amount)(0)) \
            if boletos else 0
        return WriteResult(self.layout.id, count, len(boletos), total, path)


_FILE_OBJECTS = ("beneficiary", "file")  # inputs the same for every line of a file
_TITLE_OBJECTS = ("boleto", "payer", "guarantor")  # inputs of one título


_NO_VALUE = object()


class _InputsEnv(RecordEnv):
    """What write_when and refuse rules see: the writer's inputs only. `boleto.fine` on a
    model is read directly; every other name goes the RecordEnv way (same values, same
    errors)."""

    def name(self, parts):
        if len(parts) == 2 and not self.title and not self.counters.frame:
            obj = self.inputs.get(parts[0])
            if (obj is not None and not isinstance(obj, dict)
                    and hasattr(type(obj), "__attrs_attrs__") and not parts[1].startswith("_")):
                value = getattr(obj, parts[1], _NO_VALUE)
                if value is not _NO_VALUE:
                    return value
        return super().name(parts)


class _Plan(NamedTuple):
    sources: tuple  # (field, root, getter) of every `from:` field
    others: tuple  # (field, getter): sources neither of the file nor of a título object
    gather: Callable  # (values, inputs): the título's fields others than the encoder read
    gather_read: Callable  # (values, inputs): the fields the encoder reads from the objects
    encode: Callable  # (values, (boleto, payer, guarantor), texts) -> line, or an exception
    rendered: tuple  # (field, encoder, default): file-wide fields, their texts given ready
    rendered_names: frozenset
    targets: tuple  # (field, view key) when writing a retorno
    direction_defaults: tuple  # (field, value): this direction's own defaults
    defaults: dict  # what expressions see for a field the inputs leave empty
    forced: dict  # the direction code of the file header
    preferred: dict  # what detection looks for, unless a default or input says otherwise
    opens: bool  # the record that opens a título
    title_fields: tuple  # the título key fields a later record of a título repeats
    later: tuple  # (field, rule, counter (fn, args) or None, required): computed, required
    checks: tuple  # fields with a `check:`
    decode: bool  # whether sums, checks or other records need the line's typed values


def _gatherer(groups: dict) -> Callable:
    """A function (values, inputs) copying the título's inputs into values, written out per
    record: one look-up per object, then one plain attribute read per field."""
    namespace: dict = {"from_view": _from_view}
    lines = ["def gather(values, inputs):", "    pass"]
    for k, (root, pairs) in enumerate(groups.items()):
        if not pairs:
            continue
        namespace[f"pairs{k}"] = tuple(pairs)
        lines += [f"    o = inputs.get({root!r})",
                  "    if type(o) is dict:",
                  f"        from_view(values, o, pairs{k})",
                  "    elif o is not None:"]
        for name, attr in pairs:
            lines += [f"        v = o.{attr}",
                      "        if v is not None and v != '':",
                      f"            values[{name!r}] = v"]
    exec(compile("\n".join(lines) + "\n", "<gather>", "exec"), namespace)
    return namespace["gather"]


def _from_view(values: dict, obj: dict, pairs) -> None:
    """A retorno título given as view values."""
    for name, attr in pairs:
        v = obj.get(attr)
        if v is not None and v != "":
            values[name] = v


def _later(rec: Record) -> tuple:
    """(field, rule, (fn, args) of a one-call seq()/count() rule, required) of the fields
    with a compute/write rule or required, in field order."""
    out = []
    for f in rec.fields:
        rule = f.compute if f.compute is not None else f.write
        required = bool(f.required and f.default is None and f.const is None)
        if rule is not None or required:
            key = _counter_key(rule)
            out.append((f, rule, key and (key[0], key[1:]), required))
    return tuple(out)


def _title_sources(rec: Record) -> dict:
    """object -> [(field, attribute)] of the fields taken from the título's own inputs (the
    paths were checked against the models)."""
    groups: dict = {}
    for f in rec.fields:
        parts = (f.source or "").split(".")
        if len(parts) == 2 and parts[0] in _TITLE_OBJECTS:
            groups.setdefault(parts[0], []).append((f.name, parts[1]))
    return groups


def _names_read(rec: Record, later) -> set:
    """Fields of the record that its compute/write rules read (or all, when unsure), and the
    fields those rules and the required checks set."""
    out = {f.name for f, _, _, _ in later}
    for _, rule, key, _ in later:
        if rule is None or key is not None:
            continue
        try:
            out.update(name[0] for name in names_in(rule) if len(name) == 1)
        except ExprError:
            return {f.name for f in rec.fields}
    return out


def _counter_key(rule: str | None) -> tuple | None:
    """(fn, scope, ...) when a rule is one seq() or count() call, else None: its value is
    what the compiled rule would return, counters.aggregate(fn, (scope, ...))."""
    if rule is None:
        return None
    try:
        node = parse_expr(rule)
    except ExprError:
        return None
    node = unwrap(node)
    if getattr(node, "data", None) == "call" and str(node.children[0]) in ("seq", "count"):
        with contextlib.suppress(ExprError):
            return aggregate_key(node)
    return None


def _constant_condition(text: str | None) -> bool | None:
    """True/False for a write_when that reads nothing (or none at all), None otherwise."""
    if text is None:
        return True
    try:
        return bool(evaluate(text, Env()))
    except ExprError:
        return None


def _inputs() -> dict:
    return {"beneficiary": Beneficiary, "payer": Payer, "guarantor": Payer, "boleto": Boleto,
            "file": FileInfo}


def _unknown_sources(layout: Layout, records) -> list[Problem]:
    """`from:` paths that name no writer input: a typo there would silently write the
    field's default, so the layout is refused instead."""
    inputs, problems = _inputs(), []
    for rec in records:
        for f in rec.fields:
            if not f.source:
                continue
            root, _, rest = f.source.partition(".")
            cls, attr = inputs.get(root), rest.split(".")[0]
            if cls is not None and (attr in attrs.fields_dict(cls)
                                    or isinstance(getattr(cls, attr, None), property)):
                continue
            known = (sorted(attrs.fields_dict(cls)) if cls is not None else sorted(inputs))
            problems.append(Problem(
                rule="unknown-input", file=layout.path, record=rec.name, field=f.name,
                message=f"from: {f.source} is not a writer input (known: "
                        f"{', '.join(known)})"))
    return problems


def _one(records, role):
    found = [r for r in records if r.role == role]
    return found[0] if found else None


def write(layout: str | Layout, beneficiary: Beneficiary, boletos: Iterable[Boleto], target,
          file: FileInfo | None = None, registry: Registry | None = None) -> WriteResult:
    """Write a remessa for `layout` to a path or binary stream."""
    return Writer(layout, registry).write(beneficiary, boletos, target, file)


def _header_constants(layout: Layout, direction: str) -> dict:
    """record -> (forced, preferred): the direction code the first record must carry, and the
    values detection looks for (used unless a default or input gives one). Detection reads the
    first line through one record (often the remessa header); when the direction written has
    its own header, the same fields at the same columns there get those values."""
    if not layout.detect_record:
        return {}
    preferred = {name: allowed[0] for name, allowed in layout.detect_when.items()}
    forced = {}
    for code, d in layout.direction_values.items():
        if d == direction and layout.direction_field:
            forced[layout.direction_field] = code
            break
    detect = layout.records[layout.detect_record]
    headers = [r for r in layout.records_for(direction) if r.role == "file_header"]
    target = headers[0] if headers else detect
    if target is detect:
        return {detect.name: (forced, preferred)}

    def same_place(values):
        out = {}
        for name, v in values.items():
            mine = next((f for f in target.fields if f.name == name), None)
            theirs = detect.field(name)
            if mine is not None and (mine.start, mine.end) == (theirs.start, theirs.end):
                out[name] = v
        return out

    return {target.name: (same_place(forced), same_place(preferred))}


def _view_targets(layout: Layout) -> dict:
    """record -> [(field, view key)]: where a normalised value goes when writing a retorno."""
    out: dict = {}
    for key, target in layout.view.items():
        if isinstance(target, dict):
            if target.get("split"):
                continue  # reason codes are not written back
            target = target["field"]
        for ref in target if isinstance(target, list) else [target]:
            rname, _, fname = ref.partition(".")
            out.setdefault(rname, []).append((fname, key))
    return out
