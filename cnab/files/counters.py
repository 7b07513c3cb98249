"""Running sequence numbers, counts and sums of a file, as layout expressions see them.

The reader and the writer feed records through the same Counters, so a trailer total is computed
when writing and verified when reading by one definition.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

from cnab.layout.expr import Env, ExprError, aggregates_in
from cnab.layout.model import Layout, Record


def sums_needed(layout: Layout) -> set[tuple[str, str, str]]:
    """(scope, record, field) of every sum() the layout's expressions use."""
    needed = set()
    for rec in layout.records.values():
        for f in rec.fields:
            for text in (f.compute, f.check):
                if text:
                    for agg in aggregates_in(text):
                        if agg[0] == "sum":
                            rname, _, fname = agg[2].partition(".")
                            needed.add((agg[1], rname, fname))
    return needed


class Counters:
    def __init__(self, layout: Layout, now: dt.datetime | None = None):
        self.layout = layout
        self.file_records = 0
        self.batches = 0
        self.batch_records = 0
        self.in_batch = 0
        self.titles = 0
        self.batch_titles = 0
        self.named_file: Counter = Counter()
        self.named_batch: Counter = Counter()
        self.sums = {key: Decimal(0) for key in sums_needed(layout)}
        self._sum_by_record: dict[str, list] = {}
        for key in self.sums:
            self._sum_by_record.setdefault(key[1], []).append(key)
        self._now = now

    def enter(self, rec: Record) -> None:
        """Count a record (before its own computed fields are evaluated)."""
        self.file_records += 1
        self.named_file[rec.name] += 1
        if rec.role == "batch_header":
            self.batches += 1
            self.batch_records = 0
            self.in_batch = 0
            self.batch_titles = 0
            self.named_batch.clear()
            for key in self.sums:
                if key[0] == "batch":
                    self.sums[key] = Decimal(0)
        self.batch_records += 1
        self.named_batch[rec.name] += 1
        if rec.role == "detail":
            self.in_batch += 1
            if rec.title == "first":
                self.titles += 1
                self.batch_titles += 1

    def add_sums(self, rec: Record, values: dict) -> None:
        for key in self._sum_by_record.get(rec.name, ()):
            v = values.get(key[2])
            if v is not None:
                self.sums[key] += v

    def aggregate(self, fn: str, args: tuple):
        scope = args[0]
        if fn == "seq":
            return {"file": self.file_records, "batch": self.batches,
                    "in_batch": self.in_batch}[scope]
        if fn == "count":
            if len(args) == 2:
                return (self.named_file if scope == "file" else self.named_batch)[args[1]]
            return {"file": self.file_records, "batch": self.batch_records,
                    "batches": self.batches, "titles": self.titles,
                    "batch_titles": self.batch_titles}[scope]
        rname, _, fname = args[1].partition(".")
        return self.sums[(scope, rname, fname)]

    def now(self) -> dt.datetime:
        return self._now or dt.datetime.now()


class RecordEnv(Env):
    """What an expression on one record sees: its fields, its título's records, the counters."""

    def __init__(self, counters: Counters, values: dict, title: dict | None = None,
                 inputs: dict | None = None):
        self.counters = counters
        self.values = values
        self.title = title or {}
        self.inputs = inputs or {}

    def name(self, parts):
        if len(parts) == 1 and parts[0] in self.values:
            return self.values[parts[0]]
        if len(parts) == 2 and parts[0] in self.title:
            return self.title[parts[0]].get(parts[1])
        obj = self.inputs
        for p in parts:
            if isinstance(obj, dict) and p in obj:
                obj = obj[p]
            elif (not isinstance(obj, dict) and hasattr(type(obj), "__attrs_attrs__")
                  and not p.startswith("_") and hasattr(obj, p)):
                obj = getattr(obj, p)  # attrs fields and the models' documented properties
            else:
                raise ExprError(f"unknown name {'.'.join(parts)!r}")
        return obj

    def aggregate(self, fn, args):
        return self.counters.aggregate(fn, args)

    def now(self):
        return self.counters.now()
