"""Hypothesis strategies that produce valid lines and valid values for any layout record."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st

from cnab.codec.kinds import format_date, format_time

TEXT = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .-/"


def _date_range(fmt):
    if fmt in ("DDMMAA", "AAMMDD"):
        return dt.date(1970, 1, 1), dt.date(2069, 12, 31)
    return dt.date(1900, 1, 1), dt.date(2099, 12, 31)


def field_text(f):
    """Canonical text of a field: what encode(decode(text)) must give back unchanged."""
    n = f.length
    if f.kind == "const":
        return st.just(f.const)
    if f.kind == "filler":
        return st.text(TEXT, min_size=n, max_size=n)
    if f.kind == "str":
        return st.text(TEXT, min_size=n, max_size=n)
    if f.kind == "date":
        lo, hi = _date_range(f.fmt)
        empty = (" " if f.empty == "blank" else "0") * n
        return st.one_of(st.just(empty), st.dates(lo, hi).map(lambda d: format_date(d, f.fmt)))
    if f.kind == "time":
        return st.times().map(lambda t: format_time(t.replace(microsecond=0), f.fmt))
    digits = st.text("0123456789", min_size=n, max_size=n)
    if f.null == "blank":
        return st.one_of(digits, st.just(" " * n))
    if f.null == "zero" or f.null == "blank_or_zero":
        return digits
    return digits


def record_line(record):
    return st.tuples(*[field_text(f) for f in record.fields]).map("".join)


def field_value(f):
    """A typed value the encoder accepts and the decoder gives back equal."""
    n = f.length
    if f.kind == "const":
        return st.just(f.const)
    if f.kind == "filler":
        return st.text(TEXT, min_size=n, max_size=n)
    if f.kind == "str":
        s = st.text(TEXT, min_size=0, max_size=n).map(lambda s: s.rstrip(" "))
        if f.null in ("blank", "blank_or_zero"):
            return s.filter(bool)
        return s
    if f.kind == "date":
        lo, hi = _date_range(f.fmt)
        return st.one_of(st.none(), st.dates(lo, hi))
    if f.kind == "time":
        if f.fmt == "HHMMSS":
            return st.times().map(lambda t: t.replace(microsecond=0))
        return st.times().map(lambda t: t.replace(second=0, microsecond=0))
    lo = 1 if f.null in ("zero", "blank_or_zero") else 0
    if f.kind == "int":
        return st.integers(lo, 10 ** n - 1)
    if f.kind == "digits":
        return st.integers(lo, 10 ** n - 1).map(lambda i: str(i).zfill(n))
    if f.kind == "decimal":
        return st.integers(lo, 10 ** n - 1).map(lambda i: Decimal(i).scaleb(-f.decimals))
    raise AssertionError(f.kind)


def record_values(record):
    return st.fixed_dictionaries({f.name: field_value(f) for f in record.fields})
