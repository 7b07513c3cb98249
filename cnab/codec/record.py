"""One record of a layout compiled into a decoder and an encoder.

A record's fields become one regular expression (the shape of every field checked in a single
pass) and one generated function that converts the captured slices; no field is interpreted at
run time. When the pattern does not match, `diagnose` walks the fields to name each one broken.
"""

from __future__ import annotations

import re

from cnab.codec import kinds
from cnab.codec.text import charset_from_spec
from cnab.errors import DecodeError, EncodeError, Problem
from cnab.layout.model import Layout, Record


class RecordCodec:
    """decode(line) -> {field: value}; encode({field: value}) -> line."""

    def __init__(self, layout: Layout, record: Record):
        self.layout = layout
        self.record = record
        self.length = layout.record_length(record)
        self.fields = record.fields
        self.names = tuple(f.name for f in record.fields)
        self._regex = re.compile("".join(kinds.pattern(f) for f in record.fields), re.DOTALL)
        charset = charset_from_spec(layout.charset)
        self._encoders = tuple(kinds.make_encoder(f, charset) for f in record.fields)
        self._defaults = tuple(f.default for f in record.fields)
        self._decode_groups = _generate_decoder(record)
        self._fast_encode = _generate_encoder(record, self._encoders)
        self.decode_line = _generate_line_decoder(record, self.length)
        self.check_line = _generate_line_checker(record)
        self.field_decoders = {f.name: _field_decoder(f) for f in record.fields}

    def decode(self, line: str, line_number: int | None = None, file: str | None = None) -> dict:
        """Typed values of every field; DecodeError naming each broken field otherwise."""
        try:
            values = self.decode_line(line)
        except ValueError:
            values = None  # e.g. 31/02: the shape was right but the value is not
        if values is not None:
            return values
        m = self._regex.fullmatch(line)
        if m is not None:
            try:
                return self._decode_groups(m.groups())
            except ValueError:
                pass
        raise DecodeError(self.diagnose(line, line_number, file)
                          or [Problem(rule="decode", message="line does not decode",
                                      record=self.record.name, file=file, line=line_number)])

    def decode_partial(self, line: str) -> dict:
        """Values of the fields that are valid; broken fields are left out (the reader has
        reported them), so one bad amount does not hide the rest of the record."""
        values = {}
        for f in self.fields:
            text = line[f.start - 1:f.end]
            if len(text) != f.length or kinds.explain(f, text) is not None:
                continue
            conv = kinds.make_decoder(f)
            try:
                values[f.name] = text if conv is None else conv(text)
            except ValueError:
                continue
        return values

    def diagnose(self, line: str, line_number: int | None = None,
                 file: str | None = None) -> list[Problem]:
        problems = []
        if len(line) != self.length:
            problems.append(Problem(
                rule="line-length", file=file, line=line_number, record=self.record.name,
                col_start=1, col_end=len(line),
                message=f"line is {len(line)} characters long, the record has {self.length}"))
        for f in self.fields:
            if f.start > len(line):
                break
            why = kinds.explain(f, line[f.start - 1:f.end])
            if why is not None and not (why[0] == "length" and problems):
                problems.append(Problem(
                    rule=why[0], message=why[1], file=file, line=line_number,
                    col_start=f.start, col_end=f.end, record=self.record.name, field=f.name))
        return problems

    def encode(self, values: dict) -> str:
        """The record's line; EncodeError listing every value that does not fit."""
        try:
            return self._fast_encode(values)
        except (ValueError, TypeError, AttributeError):
            pass
        problems, parts = [], []
        unknown = set(values) - set(self.names)
        for name in sorted(unknown):
            problems.append(Problem(rule="unknown-field", record=self.record.name, field=name,
                                    message=f"{name!r} is not a field of {self.record.name}"))
        for f, enc, default in zip(self.fields, self._encoders, self._defaults):
            v = values.get(f.name, _MISSING)
            if v is _MISSING:
                v = default
            try:
                parts.append(enc(v))
            except (ValueError, TypeError) as exc:
                problems.append(Problem(rule="encode", message=str(exc), record=self.record.name,
                                        field=f.name, col_start=f.start, col_end=f.end))
        if problems:
            raise EncodeError(problems)
        return "".join(parts)  # pragma: no cover - the fast path succeeds when nothing fails


def _generate_decoder(record: Record):
    """A function groups -> dict with one converter per field, written out once."""
    namespace, items = {}, []
    for i, f in enumerate(record.fields):
        conv = kinds.make_decoder(f)
        if conv is None:
            items.append(f"{f.name!r}: g[{i}]")
        elif conv is int:
            items.append(f"{f.name!r}: int(g[{i}])")
        else:
            namespace[f"c{i}"] = conv
            items.append(f"{f.name!r}: c{i}(g[{i}])")
    source = "def decode(g):\n    return {" + ", ".join(items) + "}\n"
    exec(compile(source, f"<decoder {record.name}>", "exec"), namespace)
    return namespace["decode"]


_MISSING = object()
_MONEY_CACHE: dict = {}
_DATE_CACHE: dict = {}


def _shape_pattern(record: Record) -> str:
    """The record's shape without capture groups; neighbouring free-text fields share one
    repetition, so the engine checks a 240-character line in a few steps."""
    parts: list[list] = []  # [kind, length or text]
    for f in record.fields:
        piece = kinds.pattern(f)[1:-1]  # without its group
        if f.kind == "const":
            parts.append(["lit", piece])
        elif f.kind in ("str", "filler") or not f.numeric:
            if parts and parts[-1][0] == "alpha":
                parts[-1][1] += f.length
            else:
                parts.append(["alpha", f.length])
        elif piece == f"[0-9]{{{f.length}}}":
            if parts and parts[-1][0] == "digits":
                parts[-1][1] += f.length
            else:
                parts.append(["digits", f.length])
        else:
            parts.append(["lit", "(?:" + piece + ")"])
    out = []
    for kind, v in parts:
        if kind == "lit":
            out.append(v)
        elif kind == "alpha":
            out.append(f"[^\\x00-\\x1f\\x7f]{{{v}}}")
        else:
            out.append(f"[0-9]{{{v}}}")
    return "".join(out)


def _money(exp: int, zero_null: bool):
    """text -> Decimal with `exp` places, memoised (bounded): amounts repeat a lot in a file."""
    cache = _MONEY_CACHE.setdefault((exp, zero_null), {})

    def conv(s):
        v = cache.get(s)
        if v is None:
            if s[0] == " ":
                return None
            v = kinds.Decimal(s).scaleb(exp)
            if zero_null and not v:
                return None
            if len(cache) > 4096:
                cache.clear()
            cache[s] = v
        return v
    return conv


def _date(fmt: str):
    cache = _DATE_CACHE.setdefault(fmt, {})
    parse = kinds.parse_date
    missing = cache  # sentinel distinct from None (None is a valid value: a zero date)

    def conv(s):
        v = cache.get(s, missing)
        if v is missing:
            v = parse(s, fmt)
            if len(cache) > 4096:
                cache.clear()
            cache[s] = v
        return v
    return conv


def _memo_int(conv):
    """An int field's converter memoised by its text (bounded): agência, conta, carteira,
    códigos repeat on every line of a file, and a dict lookup costs less than int()."""
    cache: dict = {}

    def memo(s):
        v = conv(s)
        if len(cache) > 4096:
            cache.clear()
        cache[s] = v
        return v
    return cache, memo


def _field_decoder(f):
    """text of one field -> value (no shape check: callers check with kinds.explain)."""
    if f.kind == "decimal":
        return _money(-f.decimals, f.null in ("zero", "blank_or_zero"))
    if f.kind == "date":
        return _date(f.fmt)
    conv = kinds.make_decoder(f)
    return conv if conv is not None else (lambda s: s)


def _generate_line_decoder(record: Record, length: int):
    """A function line -> {field: value}, or None when the shape check fails (the slow path
    then names every broken field). Slices the line directly; conversions are inlined where
    they are one builtin call and memoised for dates and amounts."""
    namespace = {"match": re.compile(_shape_pattern(record), re.DOTALL).fullmatch,
                 "MISSING": _DATE_CACHE, "D": kinds.Decimal}
    items = []
    for i, f in enumerate(record.fields):
        # one character: indexing returns Python's cached one-character strings, no new object
        sl = f"l[{f.start - 1}]" if f.length == 1 else f"l[{f.start - 1}:{f.end}]"
        conv = kinds.make_decoder(f)
        blank_null = f.null in ("blank", "blank_or_zero")
        if f.kind == "const":  # the shape check has compared the text with the constant
            namespace[f"k{i}"] = f.const
            items.append(f"{f.name!r}: k{i}")
        elif f.kind == "int" and f.length == 1:  # every text the shape allows, decoded ahead
            namespace[f"t{i}"] = {t: conv(t) for t in "0123456789 "
                                  if t != " " or f.null in ("blank", "blank_or_zero")}
            items.append(f"{f.name!r}: t{i}[{sl}]")
        elif f.kind == "decimal" and f.null is None:  # the shape check leaves only digits
            namespace[f"z{i}"] = "0" * f.length
            namespace[f"Z{i}"] = kinds.Decimal(0).scaleb(-f.decimals)
            items.append(f"{f.name!r}: (Z{i} if (_s := {sl}) == z{i} "
                         f"else D(_s).scaleb({-f.decimals}))")
        elif f.kind == "decimal":
            namespace[f"c{i}"] = _field_decoder(f)
            namespace[f"m{i}"] = _MONEY_CACHE[(-f.decimals, f.null in ("zero", "blank_or_zero"))]
            items.append(f"{f.name!r}: (_v if (_v := m{i}.get(_s := {sl})) is not None "
                         f"else c{i}(_s))")
        elif f.kind == "date":
            namespace[f"c{i}"] = _field_decoder(f)
            namespace[f"m{i}"] = _DATE_CACHE[f.fmt]
            items.append(f"{f.name!r}: (_v if (_v := m{i}.get(_s := {sl}, MISSING)) "
                         f"is not MISSING else c{i}(_s))")
        elif conv is None:
            items.append(f"{f.name!r}: {sl}")
        elif f.kind == "int" and not (f.compute or "").lstrip().startswith(("seq", "count")):
            # sequence numbers and counts differ on every line: for them int() is cheaper
            namespace[f"m{i}"], namespace[f"c{i}"] = _memo_int(conv)
            items.append(f"{f.name!r}: (_v if (_v := m{i}.get(_s := {sl}, MISSING)) "
                         f"is not MISSING else c{i}(_s))")
        elif conv is int:
            items.append(f"{f.name!r}: int({sl})")
        elif f.kind == "str":
            items.append(f"{f.name!r}: {sl}.rstrip(' ')" + (" or None" if blank_null else ""))
        elif f.kind == "int" and f.null == "blank":
            items.append(f"{f.name!r}: (None if (_s := {sl})[0] == ' ' else int(_s))")
        elif f.kind == "int" and f.null in ("zero", "blank_or_zero"):
            items.append(f"{f.name!r}: (None if (_s := {sl})[0] == ' ' or not (_i := int(_s)) "
                         f"else _i)")
        elif f.kind == "digits" and f.null == "blank":
            items.append(f"{f.name!r}: (None if (_s := {sl})[0] == ' ' else _s)")
        elif f.kind == "digits":
            items.append(f"{f.name!r}: (None if (_s := {sl})[0] == ' ' or not _s.strip('0') "
                         f"else _s)")
        else:
            namespace[f"c{i}"] = conv
            items.append(f"{f.name!r}: c{i}({sl})")
    source = ("def decode(l):\n"
              "    if match(l) is None:\n"
              "        return None\n"
              "    return {" + ", ".join(items) + "}\n")
    exec(compile(source, f"<line decoder {record.name}>", "exec"), namespace)
    return namespace["decode"]


def _generate_line_checker(record: Record):
    """A function line -> whether decode_line gives its values: the shape check, and the
    conversions that can still fail after it (a date like 31/02, a time like 25:00), made
    through the same memoised converters. For reading every field checked, each converted
    only when asked for."""
    namespace = {"match": re.compile(_shape_pattern(record), re.DOTALL).fullmatch}
    tests = ["match(l) is not None"]
    for i, f in enumerate(record.fields):
        if f.kind == "date":  # a text in the memo of dates decoded is a valid one
            namespace[f"c{i}"], namespace[f"m{i}"] = _field_decoder(f), _DATE_CACHE[f.fmt]
            tests.append(f"((_s := l[{f.start - 1}:{f.end}]) in m{i} or _converts(c{i}, _s))")
        elif f.kind == "time":
            namespace[f"c{i}"] = kinds.make_decoder(f)
            tests.append(f"_converts(c{i}, l[{f.start - 1}:{f.end}])")
    namespace["_converts"] = _converts
    source = "def check(l):\n    return " + " and ".join(tests) + "\n"
    exec(compile(source, f"<line checker {record.name}>", "exec"), namespace)
    return namespace["check"]


def _converts(conv, text: str) -> bool:
    try:
        conv(text)
    except ValueError:
        return False
    return True


def _generate_encoder(record: Record, encoders, charset: frozenset | None = None,
                      given: frozenset | None = None, read: dict | None = None,
                      rendered: tuple = ()):
    """A function values -> line that raises on the first problem (the slow path explains).

    Each field's usual values are converted inline (`kinds.encoder_source`; text fields only
    when `charset`, the one the encoders check, is given) instead of through one call per
    field. With `given` (the only names the caller ever passes), every other field always
    writes its missing text: neighbouring ones are joined into one literal, and values naming
    anything outside `given` are refused (ValueError).

    For the writer (`read` given, maybe empty) it is encode(values, objects, texts): the fields
    in `read` ({field: (k, attribute)}) are read from objects[k] instead of values, as the
    writer takes inputs (a None object, or a value None or "", is missing), and the texts of
    the fields in `rendered` come ready in `texts`, in field order (encoded once per file)."""
    namespace = {"M": _MISSING}
    names = tuple(f.name for f in record.fields)
    namespace["known"] = frozenset(names) if given is None else given & frozenset(names)
    writer, read = read is not None, read or {}
    parts = []
    for i, f in enumerate(record.fields):
        namespace[f"e{i}"] = encoders[i]
        namespace[f"d{i}"] = f.default
        if f.name in rendered:
            parts.append(f"t[{rendered.index(f.name)}]")
            continue
        if f.name in read:
            k, attr = read[f.name]
            get = f"(_v := o{k}.{attr})"
            absent, fetched = f"o{k} is None or {get} is None or not _v != ''", \
                "_v is None or not _v != ''"
        else:
            get = f"(_v := v.get({f.name!r}, M))"
            absent, fetched = f"{get} is M", "_v is M"
        # a missing field gets its default; an explicit None is the field's empty text (what
        # decoding an empty field gives back), so encode(decode(line)) == line
        try:  # a missing value always encodes to the same text: work it out once
            namespace[f"n{i}"] = text = encoders[i](f.default)
        except (ValueError, TypeError, AttributeError):
            parts.append(f"e{i}(d{i} if {absent} else _v)")
            continue
        if given is not None and f.name not in given and f.name not in read:
            if parts and type(parts[-1]) is list:
                parts[-1].append(text)
            else:
                parts.append([text])
            continue
        inline, more = kinds.encoder_source(f, charset, i)
        namespace.update(more)
        # the usual types tested first: a value that passes is never a missing one
        cases = []
        for kind, condition, conv in inline:
            test = f"type({'_v' if cases else get}) is {kind}"
            if kind == "str" and f.name in read:
                test += " and _v != ''"
            cases.append(f"{conv} if {test}" + (f" and {condition}" if condition else ""))
        if not cases:
            parts.append(f"(n{i} if {absent} else e{i}(_v))")
            continue
        body = " else ".join(cases) + f" else n{i} if {fetched} else e{i}(_v)"
        parts.append(f"(n{i} if o{read[f.name][0]} is None else {body})" if f.name in read
                     else f"({body})")
    parts = [repr("".join(p)) if type(p) is list else p for p in parts]
    # the inline conversions leave two checks to the whole line (see kinds.encoder_source)
    check = f"len(line) != {sum(f.length for f in record.fields)}"
    if charset == kinds.DEFAULT_CHARSET:
        check += " or not (line.isascii() and line.isprintable())"
    objects = sorted({k for k, _ in read.values()})
    source = (
        "def encode(" + ("v, o, t" if writer else "v") + "):\n"
        + "".join(f"    o{k} = o[{k}]\n" for k in objects)
        + "    if not known.issuperset(v):\n"
        "        raise ValueError('unknown field')\n"
        "    line = ''.join((" + ", ".join(parts) + ",))\n"
        f"    if {check}:\n"
        "        raise ValueError('a value does not fit')\n"
        "    return line\n"
    )
    exec(compile(source, f"<encoder {record.name}>", "exec"), namespace)
    return namespace["encode"]


def compile_record(layout: Layout, record: Record) -> RecordCodec:
    return RecordCodec(layout, record)
