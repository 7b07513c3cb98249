"""Build a complete remessa from boleto data, driven only by the layout.

Every record's fields come from `from:` paths into the inputs, `default`s, `const`s, and
`compute:` expressions (sequences, counts, totals, check digits) evaluated through the same
Counters the reader verifies with. Nothing reaches the target unless every boleto encodes:
all problems are raised at once as InputError.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Iterable, Iterator

import attrs

from cnab.errors import CnabError, InputError, LayoutError, Problem
from cnab.files.counters import Counters, RecordEnv, fast_evaluate, source_getter, title_refs_needed
from cnab.files.models import Beneficiary, Boleto, Payer, check_document
from cnab.layout.expr import Env, ExprError, evaluate
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
        self._opened: dict = {}  # values of the record that opened the current título
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
        # per record: (field name, getter) of `from:` fields, and the fields with a compute,
        # a required check, or both; worked out once instead of per line
        self._plan = {}
        for rec in recs:
            sources = tuple((f.name, f.source.split(".")[0], source_getter(f.source))
                            for f in rec.fields if f.source)
            # the título's own inputs, grouped by object: one look-up per object, then plain
            # attribute reads (the paths were checked against the models above)
            groups: dict = {}
            for f in rec.fields:
                parts = (f.source or "").split(".")
                if len(parts) == 2 and parts[0] in ("boleto", "payer", "guarantor"):
                    groups.setdefault(parts[0], []).append((f.name, parts[1]))
            grouped = {name for pairs in groups.values() for name, _ in pairs}
            per_title = (tuple((root, tuple(pairs)) for root, pairs in groups.items()),
                         tuple(src for src in sources if src[0] not in grouped))
            later = tuple(f for f in rec.fields if (f.compute or f.write) is not None or (
                f.required and f.default is None and f.const is None))
            checks = tuple(f for f in rec.fields if f.check is not None)
            self._plan[rec.name] = (sources, later, checks, per_title)
        self._title_refs = title_refs_needed(self.layout)
        # records written always or never (no write_when, or "false" for records no input
        # feeds): decided once, not per boleto
        self._write_always = {rec.name: _constant_condition(rec.write_when)
                              for rec in self.details}
        # a batch holds as many detail records as its in-batch sequence field can number
        widths = [f.length for r in self.details for f in r.fields
                  if (f.compute or "").replace(" ", "") in ('seq("in_batch")', "seq('in_batch')")]
        self._batch_limit = 10 ** min(widths) - 1 if widths and self.batch_header else None

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
        base_inputs = {"beneficiary": beneficiary, "file": file}
        fixed: dict = {}  # record -> values of its `from:` fields that depend only on the file

        def emit(rec: Record, inputs: dict, title_values: dict, where: str) -> str | None:
            line, errs = self._record(rec, inputs, counters, title_values, fixed, base_inputs)
            problems.extend(e.at(record=f"{where}{rec.name}") for e in errs)
            return line

        for rec in (self.file_header, self.batch_header):
            if rec is not None:
                line = emit(rec, base_inputs, {}, "")
                if line is not None:
                    yield line
        for index, boleto in enumerate(boletos):
            if isinstance(boleto, dict):  # a retorno título: normalised view values
                inputs = {**base_inputs, "boleto": boleto, "payer": None, "guarantor": None}
            else:
                problems.extend(boleto.problems(index))
                inputs = {**base_inputs, "boleto": boleto, "payer": boleto.payer,
                          "guarantor": boleto.guarantor}
                problems.extend(self._refused(inputs, counters, index))
            title_values: dict = {}
            wanted = [rec for rec in self.details if self._wanted(rec, inputs, counters)]
            if self._batch_limit and counters.in_batch + len(wanted) > self._batch_limit:
                for rec in (self.batch_trailer, self.batch_header):  # close it, open the next
                    line = emit(rec, base_inputs, {}, "")
                    if line is not None:
                        yield line
            for rec in wanted:
                line = emit(rec, inputs, title_values, f"boletos[{index}].")
                if line is not None:
                    yield line
        for rec in (self.batch_trailer, self.file_trailer):
            if rec is not None:
                line = emit(rec, base_inputs, {}, "")
                if line is not None:
                    yield line
        if problems:
            raise InputError(problems)

    def _refused(self, inputs: dict, counters: Counters, index: int) -> list[Problem]:
        """The layout's `refuse:` rules: what this bank's file has no place for."""
        out = []
        for when, message in self.layout.refuse:
            try:
                hit = fast_evaluate(when, RecordEnv(counters, {}, {}, inputs))
            except ExprError as exc:
                hit, message = True, f"cannot evaluate refuse rule {when!r}: {exc}"
            if hit:
                out.append(Problem(rule="not-supported", record=f"boletos[{index}]",
                                   message=f"{self.layout.id}: {message}"))
        return out

    def _wanted(self, rec: Record, inputs: dict, counters: Counters) -> bool:
        fixed = self._write_always.get(rec.name)
        if fixed is not None:
            return fixed
        return bool(fast_evaluate(rec.write_when, RecordEnv(counters, {}, {}, inputs)))

    def _record(self, rec: Record, inputs: dict, counters: Counters, title_values: dict,
                fixed: dict | None = None, base_inputs: dict | None = None):
        sources, later, checks, (groups, others) = self._plan[rec.name]
        errs = []
        if fixed is None:
            fixed, base_inputs = {}, {}
        base = fixed.get(rec.name)
        if base is None:  # beneficiary.* and file.* are the same for every line of the file
            base = fixed[rec.name] = {}
            for name, root, get in sources:
                if root in base_inputs:
                    v = self._source(get, base_inputs)
                    if v is not None and v != "":
                        base[name] = v
        values = dict(base)
        for root, pairs in groups:
            obj = inputs.get(root)
            if obj is None:
                continue
            if type(obj) is dict:  # a retorno título given as view values
                for name, attr in pairs:
                    v = obj.get(attr)
                    if v is not None and v != "":
                        values[name] = v
            else:
                for name, attr in pairs:
                    v = getattr(obj, attr)
                    if v is not None and v != "":
                        values[name] = v
        for name, root, get in others:
            if root not in base_inputs:
                v = self._source(get, inputs)
                if v is not None and v != "":
                    values[name] = v
        targets = self._view_targets.get(rec.name)
        if targets and isinstance(inputs.get("boleto"), dict):
            for fname, key in targets:
                v = inputs["boleto"].get(key)
                if v is not None:
                    values[fname] = v
        for name, v in self._direction_defaults[rec.name].items():
            values.setdefault(name, v)
        defaults = self._defaults[rec.name]
        forced, preferred = self._fixed_fields.get(rec.name, ({}, {}))
        for name, v in preferred.items():  # what detection looks for, unless the layout says
            if name not in values and name not in defaults:
                values[name] = v
        values.update(forced)  # the direction code of the file being written
        if rec.role == "detail":
            if rec.title == "first":
                self._opened = {**defaults, **values}
            else:  # every record of a título carries the same key (lote, movimento ...)
                for k in self.layout.title_key:
                    if k in self._opened and any(f.name == k for f in rec.fields):
                        values.setdefault(k, self._opened[k])
        counters.enter(rec)
        env = None
        for f in later:
            rule = f.compute if f.compute is not None else f.write
            if rule is not None:
                env = env or RecordEnv(counters, values, title_values, inputs, defaults)
                try:
                    values[f.name] = fast_evaluate(rule, env)
                except ExprError as exc:
                    errs.append(Problem(rule="compute", field=f.name, col_start=f.start,
                                        col_end=f.end, message=f"cannot compute: {exc}"))
            if (f.required and values.get(f.name) is None and f.default is None
                    and f.const is None):
                errs.append(Problem(rule="required", field=f.name, col_start=f.start,
                                    col_end=f.end, message=f"{f.name} is required"
                                    + (f" (from {f.source})" if f.source else "")))
        codec = self.codecs[rec.name]
        try:
            line = codec.encode(values)
        except CnabError as exc:
            errs.extend(p.at(record=None) for p in exc.problems)
            return None, errs
        if errs:
            return None, errs
        # the typed values as a reader will see them feed totals, `check:` rules and later
        # records' expressions; decoding the line is only needed when something uses them
        sums = rec.name in counters._sum_by_record
        if sums or checks or self._title_refs:
            decoded = codec.decode(line)
            if sums:
                counters.add_sums(rec, decoded)
            title_values.setdefault(rec.name, decoded)
            errs = self._check(checks, RecordEnv(counters, decoded, title_values, inputs))
            if errs:
                return None, errs
        return line, errs

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
