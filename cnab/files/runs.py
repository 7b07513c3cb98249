"""Runs of títulos read as a whole: the reader's fast path through the body of a clean file.

In a block of lines with nothing to note (see lines.iter_blocks), the títulos of a lote nearly
always repeat one pattern of records (T U, T U, ... or one detail each). Such a run is checked
with whole-list operations that run in C (record matching, lengths, sequence numbers, título
keys) and its records and títulos are built with map(); what is left per line in Python is the
decoding and a layout's own computed checks. Any doubt (a line matching no record, a field that
does not decode, a sequence number off, a check that fails) declines the whole run before
anything is changed, and the reader reads it line by line, which is where every problem is
named. The reader gives a run's títulos out at the moments the line path would (the one
before the run once its first line is read, the run's last once the line after it is), so even
where reading stops at the first error a run gives exactly what the line-by-line path gives
(tests/files/test_runs.py compares both on clean, damaged and real files, in every mode).
"""

from __future__ import annotations

from itertools import repeat
from operator import itemgetter

from cnab.errors import DecodeError
from cnab.files.title import RecordItem, Title
from cnab.layout.expr import ExprError, aggregates_in

MIN_LINES = 24  # a shorter run costs more to set up than it saves
MAX_LINES = 128  # what is decoded ahead of the consumer stays small (and young for the GC)


def worth_trying(texts: list, notes) -> bool:
    """Whether a block from lines.iter_blocks may hold a run: clean, and long enough."""
    return not notes and len(texts) >= MIN_LINES


_new = tuple.__new__
# counter attribute -> whether it counts lines (else títulos); "batches" stays put in a lote
_PER_LINE = {"file_records": True, "batch_records": True, "in_batch": True,
             "titles": False, "batch_titles": False}


class Runs:
    """What a reader needs to take runs whole; one per FileReader (see FileReader._titles)."""

    def __init__(self, reader, lazy_fields: dict | None, prefills: dict | None, lazy_values,
                 key_spec):
        self.layout = reader.layout
        self.direction = reader.direction
        self.name = reader.name
        self.length = reader.layout.line_length
        self.codecs = reader._codecs
        self.match_key = reader._match_key
        self.match_cache = reader._match_cache
        self.match = reader._match
        self.verifiers = reader._verifiers
        self.all_hold = reader._all_hold
        self.lazy_fields = lazy_fields
        self.prefills = prefills  # checked mode: record -> text -> values its checks read
        self.lazy_values = lazy_values
        self.key_spec = key_spec  # (first record, other record) -> column ranges or None
        # full mode: a record's checks can run here if compiled and reading no running sum or
        # count by record name (_checks_hold sets only the line counters line by line)
        self.checkable = {name: not v[1] or (
            self.all_hold[name] is not None and _reads_line_counters_only(
                reader.layout.records[name])) for name, v in self.verifiers.items()}

    def _records(self, run: list) -> list | None:
        keys = list(map(self.match_key, run))
        cache = self.match_cache
        for key in set(keys).difference(cache):
            if len(cache) >= 4096:
                return None
            cache[key] = self.match(run[keys.index(key)])
        return list(map(cache.__getitem__, keys))

    def read(self, texts: list, start: int, number: int, counters, lazy: bool, checked: bool,
             batch_no: int, frame: dict, env, most: int = MAX_LINES
             ) -> tuple[int, int, list] | None:
        """(lines taken, títulos, [Title]) for the run of títulos at texts[start] (line
        `number`, a record that opens a título), with counters advanced past it; or None
        (nothing changed) when the run is short, irregular or not clean. `lazy` and `checked`
        as the reader's modes (FileReader); `most` lines at most (not past a split point)."""
        run = texts[start:start + min(most, MAX_LINES)]
        n = len(run)
        if n < MIN_LINES or min(map(len, run)) != self.length or \
                max(map(len, run)) != self.length:
            return None
        recs = self._records(run)
        if recs is None:
            return None
        p = 1
        while p < n and (r := recs[p]) is not None and r.role == "detail" and \
                r.title != "first":
            p += 1
        pattern = recs[:p]
        if not lazy and not all(self.checkable[rec.name] for rec in pattern):
            return None
        k = _repeats(recs, pattern, (n - 1) // p)
        after = recs[p * k] if k else None
        if after is None or (after.role == "detail" and after.title != "first"):
            k -= 1  # the next line is no record we know, or the last título goes on
        m = p * k
        if m < MIN_LINES:
            return None
        run = run[:m]
        cols = [run[j::p] for j in range(p)]
        names = [r.name for r in pattern]
        if not self._keys_agree(names, cols):
            return None
        numbers = [range(number + j, number + m, p) for j in range(p)]
        vals = self._values(pattern, cols, numbers, lazy, checked)
        if vals is None or not self._counters_agree(pattern, cols, vals, counters,
                                                    lazy or checked, k, p):
            return None
        if not lazy and not self._checks_hold(pattern, vals, counters, env, k, p):
            return None
        if not self._add_sums(pattern, vals, counters):
            return None
        for attr, per_line in _PER_LINE.items():
            setattr(counters, attr, getattr(counters, attr) + (m if per_line else k))
        if counters._named:
            for name in names:
                counters.named_file[name] += k
                counters.named_batch[name] += k
        items = [list(map(_new, repeat(RecordItem), zip(repeat(name), nums, col, v)))
                 for name, nums, col, v in zip(names, numbers, cols, vals)]
        titles = list(map(_new, repeat(Title), zip(
            repeat(self.layout), repeat(self.direction), repeat(batch_no), zip(*items),
            repeat(frame))))
        return m, k, titles

    def _keys_agree(self, names, cols) -> bool:
        if not self.layout.title_key:
            return True
        for name, col in zip(names[1:], cols[1:]):
            spec = self.key_spec(names[0], name)
            if spec is None:
                return False
            for a, b in spec:
                get = itemgetter(slice(a, b))
                if list(map(get, cols[0])) != list(map(get, col)):
                    return False
        return True

    def _values(self, pattern, cols, numbers, lazy, checked) -> list | None:
        out = []
        for rec, col, nums in zip(pattern, cols, numbers):
            if checked and not all(map(self.codecs[rec.name].check_line, col)):
                return None
            if lazy or checked:
                values = list(map(self.lazy_values, zip(
                    repeat(self.lazy_fields[rec.name]), col, nums, repeat(self.name),
                    repeat(rec.name))))
                prefill = self.prefills[rec.name] if checked else None
                if prefill is not None:
                    list(map(dict.update, values, map(prefill, col)))
                out.append(values)
                continue
            try:
                values = list(map(self.codecs[rec.name].decode_line, col))
            except ValueError:  # a date like 31/02
                return None
            if None in values:  # a field not of its shape
                return None
            out.append(values)
        return out

    def _counters_agree(self, pattern, cols, vals, counters, lazy, k, p) -> bool:
        """The records' sequence numbers and counts, as the reader compares them line by
        line (lazy values: from the text, which must be digits)."""
        for j, (rec, col, values) in enumerate(zip(pattern, cols, vals)):
            simple, _, lazy_simple = self.verifiers[rec.name]
            for fname, attr, a, b, _ in (lazy_simple if lazy else simple):
                base = getattr(counters, attr)
                if attr not in _PER_LINE:  # batches: the same on every line of a lote
                    expected = [base] * k
                elif _PER_LINE[attr]:
                    expected = list(range(base + j + 1, base + p * k + 1, p))
                else:
                    expected = list(range(base + 1, base + k + 1))
                if lazy:
                    texts = list(map(itemgetter(slice(a, b)), col))
                    joined = "".join(texts)
                    if not (joined.isascii() and joined.isdigit()):
                        return False
                    if list(map(int, texts)) != expected:
                        return False
                elif list(map(itemgetter(fname), values)) != expected:
                    return False
        return True

    def _checks_hold(self, pattern, vals, counters, env, k, p) -> bool:
        """A layout's computed fields and checks, line by line with the counters each line
        would see (they are put back afterwards)."""
        holds = [self.all_hold[rec.name] if self.verifiers[rec.name][1] else False
                 for rec in pattern]
        if not any(h is not False for h in holds):
            return True
        saved = {attr: getattr(counters, attr) for attr in _PER_LINE}
        f0, b0, i0 = saved["file_records"], saved["batch_records"], saved["in_batch"]
        t0, bt0 = saved["titles"], saved["batch_titles"]
        names = [rec.name for rec in pattern]
        try:
            for i, row in enumerate(zip(*vals)):
                title_values: dict = {}
                counters.titles, counters.batch_titles = t0 + i + 1, bt0 + i + 1
                for j, values in enumerate(row):
                    title_values.setdefault(names[j], values)
                    hold = holds[j]
                    if hold is False:
                        continue
                    t = p * i + j + 1
                    counters.file_records, counters.batch_records = f0 + t, b0 + t
                    counters.in_batch = i0 + t
                    env.values, env.title = values, title_values
                    if not hold(env):
                        return False
            return True
        finally:
            for attr, v in saved.items():
                setattr(counters, attr, v)

    def _add_sums(self, pattern, vals, counters) -> bool:
        by_record = counters._sum_by_record
        if not any(rec.name in by_record for rec in pattern):
            return True
        saved = dict(counters.sums)
        try:
            for rec, values in zip(pattern, vals):
                if rec.name in by_record:
                    for v in values:
                        counters.add_sums(rec, v)
        except DecodeError:  # lazy: an amount that does not decode is the line path's to name
            counters.sums = saved
            return False
        return True


def _reads_line_counters_only(rec) -> bool:
    """Whether the record's expressions read no running sum and no count by record name
    (those are not set line by line in _checks_hold)."""
    try:
        return all(agg[0] != "sum" and not (agg[0] == "count" and len(agg) == 3)
                   for f in rec.fields for text in (f.compute, f.check) if text
                   for agg in aggregates_in(text))
    except ExprError:
        return False


def _repeats(recs: list, pattern: list, most: int) -> int:
    """The largest k <= most with recs[:len(pattern) * k] == pattern * k (0 if none)."""
    p = len(pattern)
    if most < 1:
        return 0
    if recs[:p * most] == pattern * most:
        return most
    good, bad = 1, most  # recs[:p] is the pattern itself
    while bad - good > 1:
        mid = (good + bad) // 2
        if recs[:p * mid] == pattern * mid:
            good = mid
        else:
            bad = mid
    return good
