"""Turn a resolved raw layout into the checked model, or say exactly what is wrong.

The checks are the compiler's promise: every record tiles its line with no gap and no overlap,
every picture is as long as its span, every match field is a constant of its record, no two
records can be confused, and every expression parses.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from cnab.errors import LayoutError, Problem
from cnab.layout.extend import LAYOUT_KEYS, RECORD_KEYS
from cnab.layout.model import DIRECTIONS, ROLES, VIEW_KEYS, Field, Layout, Record
from cnab.layout.picture import parse_picture

FIELD_KEYS = {
    "name", "pos", "pic", "id", "description", "date", "time", "digits", "const", "default",
    "filler", "null", "empty", "domain", "compute", "check", "from", "required", "direction",
    "write",
}
MAX_RECORD_LENGTH = 1000
DATE_FORMATS = {"DDMMAA": 6, "DDMMAAAA": 8, "AAAAMMDD": 8, "AAMMDD": 6}
TIME_FORMATS = {"HHMMSS": 6, "HHMM": 4}
NAME = re.compile(r"^[a-z][a-z0-9_]*$")
LINE_LENGTHS = (240, 400, 444)


class _Collector:
    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def __call__(self, rule, message, record=None, field=None, start=None, end=None):
        self.problems.append(Problem(rule=rule, message=message, file=self.file, record=record,
                                     field=field, col_start=start, col_end=end))


def build_layout(raw: dict, file: str) -> Layout:
    fail = _Collector(file)
    if not isinstance(raw, dict):
        raise LayoutError(Problem(rule="layout-shape", message="a layout is a mapping",
                                  file=file))
    unknown = set(raw) - LAYOUT_KEYS
    if unknown:
        fail("unknown-attribute", f"unknown layout attribute(s) {sorted(unknown)}")
    layout_id = raw.get("layout")
    if not isinstance(layout_id, str) or not layout_id:
        fail("layout-id", "`layout:` must name the layout id")
    line_length = raw.get("line_length")
    if line_length not in LINE_LENGTHS:
        fail("line-length", f"line_length must be one of {LINE_LENGTHS}, got {line_length!r}")
        line_length = None

    records = {}
    raw_records = raw.get("records")
    if not isinstance(raw_records, dict) or not raw_records:
        fail("records", "a layout needs `records:`")
        raw_records = {}
    for rname, rraw in raw_records.items():
        rec = _build_record(str(rname), rraw, line_length, fail)
        if rec is not None:
            records[rec.name] = rec

    _check_matchers(records, fail)

    detect = raw.get("detect") or {}
    direction = raw.get("direction") or {}
    titles = raw.get("titles") or {}
    for label, value, keys in (("detect", detect, {"record", "when"}),
                               ("direction", direction, {"field", "values"}),
                               ("titles", titles, {"key"})):
        if not isinstance(value, dict) or set(value) - keys:
            fail("unknown-attribute", f"`{label}:` takes only {sorted(keys)}")
    detect_record = detect.get("record") if isinstance(detect, dict) else None
    when = detect.get("when") or {} if isinstance(detect, dict) else {}
    if detect_record is not None and detect_record not in records:
        fail("detect", f"detect.record {detect_record!r} is not a record of this layout")
    elif detect_record is not None:
        for fname, value in when.items():
            try:
                f = records[detect_record].field(fname)
            except KeyError:
                fail("detect", f"detect.when names {fname!r}, not a field of {detect_record}")
                continue
            for v in value if isinstance(value, list) else [value]:
                if not isinstance(v, str) or len(v) != f.length:
                    fail("detect", f"detect.when value {v!r} for {fname} must be text of "
                                   f"{f.length} characters", record=detect_record, field=fname)
    dir_field = direction.get("field") if isinstance(direction, dict) else None
    dir_values = direction.get("values") or {} if isinstance(direction, dict) else {}
    if dir_field is not None and detect_record in records:
        try:
            records[detect_record].field(dir_field)
        except KeyError:
            fail("direction", f"direction.field {dir_field!r} is not in {detect_record}")
    for v in dir_values.values():
        if v not in DIRECTIONS:
            fail("direction", f"direction value {v!r} must be remessa or retorno")

    title_key = tuple(titles.get("key") or ()) if isinstance(titles, dict) else ()
    view = _with_like_records(raw.get("view") or {}, raw_records, records)
    _check_view(view, records, fail)
    _check_expressions(records, fail)
    file_name = raw.get("file_name")
    if file_name is not None:
        from cnab.layout.expr import ExprError, parse_expr

        try:
            parse_expr(file_name)
        except ExprError as exc:
            fail("expression", f"file_name: {exc}")

    refuse = _refusals(raw.get("refuse"), fail)

    source = raw.get("source") or {}
    if not isinstance(source, dict):
        fail("source", "source: is a mapping (manual, version, date, file)")
        source = {}
    if fail.problems:
        raise LayoutError(fail.problems)
    return Layout(
        id=layout_id,
        line_length=line_length,
        records=records,
        bank=str(raw.get("bank") or ""),
        extends=raw.get("extends"),
        source={k: str(v) for k, v in source.items()},
        verified=tuple(raw.get("verified") or ()),
        description=str(raw.get("description") or ""),
        detect_record=detect_record,
        detect_when={k: tuple(v) if isinstance(v, list) else (v,) for k, v in when.items()},
        direction_field=dir_field,
        direction_values=dict(dir_values),
        charset=raw.get("charset"),
        title_key=title_key,
        view=dict(view),
        tables=dict(raw.get("tables") or {}),
        file_name=file_name,
        refuse=refuse,
        path=file,
    )


def _build_record(name, raw, line_length, fail) -> Record | None:
    if not isinstance(raw, dict):
        fail("record-shape", "a record is a mapping", record=name)
        return None
    unknown = set(raw) - RECORD_KEYS
    if unknown:
        fail("unknown-attribute", f"unknown record attribute(s) {sorted(unknown)} "
                                  f"(allowed: {sorted(RECORD_KEYS)})", record=name)
    role = raw.get("role")
    if role not in ROLES:
        fail("record-role", f"role must be one of {ROLES}, got {role!r}", record=name)
    direction = raw.get("direction", "both")
    if direction not in (*DIRECTIONS, "both"):
        fail("record-direction", "direction must be remessa, retorno or both", record=name)
    title = raw.get("title")
    if role == "detail" and title not in ("first", "part"):
        fail("record-title", "a detail record needs title: first or part", record=name)
    fields = []
    for i, fraw in enumerate(raw.get("fields") or []):
        f = _build_field(name, i, fraw, fail)
        if f is not None:
            fields.append(f)
    if not fields:
        fail("record-fields", "a record needs fields", record=name)
        return None
    names = [f.name for f in fields]
    for dup in sorted({n for n in names if names.count(n) > 1}):
        fail("duplicate-field", f"field name {dup!r} used twice", record=name, field=dup)
    fields.sort(key=lambda f: f.start)
    length = raw.get("length")
    if length is not None and (type(length) is not int or not line_length
                               or not line_length < length <= MAX_RECORD_LENGTH):
        fail("record-length", f"a record's own length must be a number above the layout's "
                              f"line_length and at most {MAX_RECORD_LENGTH}, got {length!r}",
             record=name)
        length = None
    if line_length:
        _check_tiling(name, fields, length or line_length, fail)
    match = raw.get("match") or {}
    if not isinstance(match, dict) or not match:
        fail("match", "a record needs match: {field: constant}", record=name)
        match = {}
    by_name = {f.name: f for f in fields}
    clean_match = {}
    for fname, value in match.items():
        f = by_name.get(fname)
        if f is None:
            fail("match", f"match names {fname!r}, not a field of the record", record=name)
        elif f.const is None:
            fail("match-not-constant", f"match field {fname!r} has no const", record=name,
                 field=fname)
        elif str(value) != f.const:
            fail("match-not-constant", f"match value {value!r} differs from the field's const "
                                       f"{f.const!r}", record=name, field=fname)
        else:
            clean_match[fname] = f.const
    return Record(name=name, role=role or "detail", fields=tuple(fields), match=clean_match,
                  direction=direction, title=title, description=str(raw.get("description") or ""),
                  write_when=raw.get("write_when"), length=length)


def _check_tiling(rname, fields, line_length, fail):
    expected = 1
    for f in fields:
        if f.start > expected:
            fail("gap", f"positions {expected}-{f.start - 1} are not covered by any field",
                 record=rname, start=expected, end=f.start - 1)
        elif f.start < expected:
            fail("overlap", f"field {f.name} ({f.columns}) overlaps the previous field",
                 record=rname, field=f.name, start=f.start, end=f.end)
        expected = max(expected, f.end + 1)
    if expected <= line_length:
        fail("gap", f"positions {expected}-{line_length} are not covered by any field",
             record=rname, start=expected, end=line_length)
    elif expected > line_length + 1:
        fail("too-long", f"fields run to position {expected - 1}, past the line length "
                         f"{line_length}", record=rname)


def _build_field(rname, i, raw, fail) -> Field | None:
    where = dict(record=rname)
    if not isinstance(raw, dict):
        fail("field-shape", f"field #{i + 1} is not a mapping", **where)
        return None
    raw = {k: v for k, v in raw.items() if v is not None}  # `attr: null` in a set unsets it
    name = raw.get("name")
    if not isinstance(name, str) or not NAME.match(name):
        fail("field-name", f"field #{i + 1} needs a name like 'valor_titulo', got {name!r}",
             **where)
        return None
    where["field"] = name
    unknown = set(raw) - FIELD_KEYS
    if unknown:
        fail("unknown-attribute", f"unknown field attribute(s) {sorted(unknown)}", **where)
    pos = raw.get("pos")
    if (not isinstance(pos, list) or len(pos) != 2 or not all(type(p) is int for p in pos)
            or pos[0] < 1 or pos[1] < pos[0]):
        fail("pos", f"pos must be [start, end] with 1 <= start <= end, got {pos!r}", **where)
        return None
    start, end = pos
    where.update(start=start, end=end)
    try:
        pic = parse_picture(raw.get("pic"))
    except ValueError as exc:
        fail("picture", f"picture {raw.get('pic')!r}: {exc}", **where)
        return None
    if pic.length != end - start + 1:
        fail("picture-length", f"picture {raw.get('pic')} is {pic.length} characters but "
                               f"pos {start}-{end} is {end - start + 1}", **where)
    numeric = pic.kind == "num"
    fmt = None
    if raw.get("filler"):
        kind = "filler"
    elif "const" in raw:
        kind = "const"
    elif "date" in raw:
        kind, fmt = "date", raw["date"]
        if fmt not in DATE_FORMATS:
            fail("date-format", f"date must be one of {sorted(DATE_FORMATS)}", **where)
        elif DATE_FORMATS[fmt] != pic.length:
            fail("date-format", f"date {fmt} needs {DATE_FORMATS[fmt]} positions, "
                                f"the field has {pic.length}", **where)
    elif "time" in raw:
        kind, fmt = "time", raw["time"]
        if fmt not in TIME_FORMATS or TIME_FORMATS[fmt] != pic.length:
            fail("time-format", "time must be HHMMSS (6) or HHMM (4) matching the picture",
                 **where)
    elif pic.decimals:
        kind = "decimal"
    elif numeric and raw.get("digits"):
        kind = "digits"
    elif numeric:
        kind = "int"
    else:
        kind = "str"
    if raw.get("digits") and not numeric:
        fail("digits", "digits: true only applies to a 9 picture", **where)
    const = raw.get("const")
    if const is not None:
        const = str(const)
        if len(const) != pic.length:
            fail("const", f"const {const!r} must be exactly {pic.length} characters", **where)
        elif numeric and not const.isdigit():
            fail("const", f"const {const!r} of a numeric field must be digits", **where)
    null = raw.get("null")
    if null not in (None, "blank", "zero", "blank_or_zero"):
        fail("null", "null must be blank, zero or blank_or_zero", **where)
    if null is not None and fmt is not None:
        fail("null", f"a {kind} field reads zeros and blanks as None already; `empty:` says "
                     f"which of them None writes", **where)
    empty = raw.get("empty", "zero" if numeric else "blank")
    if empty not in ("zero", "blank"):
        fail("empty", "empty must be zero or blank", **where)
    default, by_direction = raw.get("default"), {}
    if isinstance(default, dict):  # {remessa: "R", retorno: "T"}: each direction its own
        if not default or set(default) - set(DIRECTIONS):
            fail("default", "a default by direction has the keys remessa and/or retorno", **where)
        by_direction, default = dict(default), default.get("remessa")
    try:
        if default is not None:
            default = _typed_default(kind, default, pic.decimals)
        by_direction = {d: _typed_default(kind, v, pic.decimals) for d, v in by_direction.items()}
    except (ValueError, InvalidOperation):
        fail("default", f"default {raw['default']!r} is not a valid {kind} value", **where)
    if raw.get("compute") is not None and raw.get("write") is not None:
        fail("write", "a field has compute (written and checked) or write (written only), "
                      "not both", **where)
    for attr in ("compute", "check", "write", "from", "domain", "description", "id"):
        if attr in raw and not isinstance(raw[attr], str):
            fail("attribute-type", f"{attr} must be text", **where)
    for attr in ("digits", "filler", "required"):
        if attr in raw and not isinstance(raw[attr], bool):
            fail("attribute-type", f"{attr} must be true or false", **where)
    if raw.get("direction") not in (None, *DIRECTIONS):
        fail("field-direction", "a field's direction is remessa or retorno", **where)
    return Field(
        name=name, start=start, end=end, pic=str(raw.get("pic")), kind=kind,
        decimals=pic.decimals, numeric=numeric, fmt=fmt, const=const, default=default,
        direction_defaults=by_direction, null=null, empty=empty, domain=raw.get("domain"), compute=raw.get("compute"),
        write=raw.get("write"),
        check=raw.get("check"), source=raw.get("from"), required=bool(raw.get("required")),
        description=str(raw.get("description") or ""), id=_opt_str(raw.get("id")),
        direction=raw.get("direction"),
    )


def _opt_str(v):
    return None if v is None else str(v)


def _typed_default(kind, value, decimals):
    if kind == "int":
        if isinstance(value, bool):
            raise ValueError
        return int(value)
    if kind == "decimal":
        return Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals))
    if kind == "date":
        if isinstance(value, date):
            return value
        raise ValueError
    return str(value)


def _check_matchers(records, fail):
    """Two records of one direction must differ in some constant they both match on."""
    items = list(records.values())
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            if not (a.applies_to(b.direction) or b.applies_to(a.direction)):
                continue
            if a.direction != "both" and b.direction != "both" and a.direction != b.direction:
                continue
            if a.length != b.length:  # lines of different lengths are told apart by length
                continue
            if _distinguishable(a, b):
                continue
            fail("ambiguous-match", f"records {a.name} and {b.name} cannot be told apart by "
                                    f"their match fields", record=b.name)


def _distinguishable(a: Record, b: Record) -> bool:
    for fa in a.fields:
        if fa.name not in a.match:
            continue
        for fb in b.fields:
            if fb.name not in b.match:
                continue
            lo, hi = max(fa.start, fb.start), min(fa.end, fb.end)
            if lo > hi:
                continue
            ca = fa.const[lo - fa.start: hi - fa.start + 1]
            cb = fb.const[lo - fb.start: hi - fb.start + 1]
            if ca != cb:
                return True
    return False


def _refusals(raw, fail) -> tuple:
    """`refuse:` [{when: expression on the writer's inputs, message: why}]: boletos the bank's
    layout has no place for (a multa where there is no multa field) are refused, not dropped."""
    from cnab.layout.expr import ExprError, parse_expr

    out = []
    for i, item in enumerate(raw or []):
        if not isinstance(item, dict) or set(item) != {"when", "message"} or not all(
                isinstance(v, str) for v in item.values()):
            fail("refuse", f"refuse #{i + 1} needs exactly `when` (an expression) and `message`")
            continue
        try:
            parse_expr(item["when"])
        except ExprError as exc:
            fail("expression", f"refuse #{i + 1}: {exc}")
            continue
        out.append((item["when"], item["message"]))
    return tuple(out)


def _with_like_records(view, raw_records, records):
    """A record made `like:` another stands in for it in the view: wherever the view reads
    detalhe.valor_titulo, it also reads the same field of a detalhe_nfe made like detalhe."""
    likes = {name: r.get("like") for name, r in raw_records.items()
             if isinstance(r, dict) and r.get("like")}
    if not likes or not isinstance(view, dict):
        return view
    out = {}
    for key, target in view.items():
        refs, wrapped = target, None
        if isinstance(target, dict):
            wrapped, refs = target, target.get("field")
        as_list = refs if isinstance(refs, list) else [refs]
        extra = []
        for ref in as_list:
            rname, _, fname = str(ref).partition(".")
            for new, like in likes.items():
                if like == rname and new in records and any(
                        f.name == fname for f in records[new].fields):
                    extra.append(f"{new}.{fname}")
        if extra:
            refs = [*as_list, *extra]
            target = refs if wrapped is None else {**wrapped, "field": refs}
        out[key] = target
    return out


def _check_view(view, records, fail):
    if not isinstance(view, dict):
        fail("view", "view: is a mapping")
        return
    for key, target in view.items():
        if key not in VIEW_KEYS:
            fail("view", f"view key {key!r} is not a normalised name ({sorted(VIEW_KEYS)})")
            continue
        split = None
        if isinstance(target, dict):
            if set(target) - {"field", "split"} or "field" not in target:
                fail("view", f"view {key}: takes field and split")
                continue
            split, target = target.get("split"), target["field"]
        refs = target if isinstance(target, list) else [target]
        for ref in refs:
            rname, _, fname = str(ref).partition(".")
            if rname not in records:
                fail("view", f"view {key}: record {rname!r} is not in the layout")
            elif not any(f.name == fname for f in records[rname].fields):
                fail("view", f"view {key}: {ref} is not a field", record=rname)
        if split is not None and (not isinstance(split, int) or split < 1):
            fail("view", f"view {key}: split must be a positive number")


def _check_expressions(records, fail):
    from cnab.layout.expr import ExprError, parse_expr

    for rec in records.values():
        if rec.write_when is not None:
            try:
                parse_expr(rec.write_when)
            except ExprError as exc:
                fail("expression", f"write_when: {exc}", record=rec.name)
        for f in rec.fields:
            for attr in ("compute", "check", "write"):
                text = getattr(f, attr)
                if text is None:
                    continue
                try:
                    parse_expr(text)
                except ExprError as exc:
                    fail("expression", f"{attr}: {exc}", record=rec.name, field=f.name,
                         start=f.start, end=f.end)
