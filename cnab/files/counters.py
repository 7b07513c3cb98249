"""Running sequence numbers, counts and sums of a file, as layout expressions see them.

The reader and the writer feed records through the same Counters, so a trailer total is computed
when writing and verified when reading by one definition.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from decimal import Decimal

from cnab.layout.expr import Env, ExprError, aggregates_in, evaluate, names_in, parse_expr
from cnab.layout.model import Layout, Record


def _expressions(layout: Layout):
    for rec in layout.records.values():
        if rec.write_when:
            yield rec.write_when
        for f in rec.fields:
            for text in (f.compute, f.check, f.write):
                if text:
                    yield text


def named_counts_needed(layout: Layout) -> bool:
    """Whether any expression counts records by name (count("file", "detalhe"))."""
    try:
        return any(agg[0] == "count" and len(agg) == 3
                   for text in _expressions(layout) for agg in aggregates_in(text))
    except ExprError:
        return True


def title_refs_needed(layout: Layout) -> bool:
    """Whether any expression reads another record of the título (segmento_p.nosso_numero)."""
    try:
        for text in _expressions(layout):
            if any(len(name) >= 2 and name[0] in layout.records for name in names_in(text)):
                return True
    except ExprError:
        return True
    return False


def fields_checked(rec: Record, counted: frozenset = frozenset()) -> tuple[str, ...]:
    """The record's own fields that reading it checks: those with a compute or a check, and
    those their expressions name (so a reader converting fields on access can convert these at
    once). Fields in `counted` (sequence numbers the reader compares from their text) only when
    another expression names them."""
    names = {f.name for f in rec.fields}
    out = []
    for f in rec.fields:
        for text in (f.compute, f.check):
            if not text:
                continue
            if f.name not in counted:
                out.append(f.name)
            try:
                out += [name[0] for name in names_in(text)
                        if len(name) == 1 and name[0] in names]
            except ExprError:
                continue
    return tuple(dict.fromkeys(out))


_MISSING = object()


def source_getter(path: str):
    """inputs -> value of a `from:` path, as RecordEnv(...).name() resolves it, or None when
    the path does not lead anywhere (the writer then uses the field's default)."""
    parts = tuple(path.split("."))
    if len(parts) == 2 and not parts[1].startswith("_"):
        root, attr = parts

        def get2(inputs):  # the common `boleto.amount`: one dict look-up, one attribute
            if type(inputs) is not dict:
                return get(inputs)
            obj = inputs.get(root)
            if obj is None:
                return None
            if type(obj) is dict:
                return obj.get(attr)
            if hasattr(type(obj), "__attrs_attrs__"):
                return getattr(obj, attr, None)
            return obj.get(attr) if isinstance(obj, dict) else None

    def get(inputs):
        obj = inputs
        for p in parts:
            if type(obj) is dict:
                obj = obj.get(p, _MISSING)
                if obj is _MISSING:
                    return None
            elif (not isinstance(obj, dict) and hasattr(type(obj), "__attrs_attrs__")
                  and not p.startswith("_")):
                obj = getattr(obj, p, _MISSING)
                if obj is _MISSING:
                    return None
            elif isinstance(obj, dict) and p in obj:
                obj = obj[p]
            else:
                return None
        return obj
    if len(parts) == 2 and not parts[1].startswith("_"):
        return get2
    return get


def sums_needed(layout: Layout) -> set[tuple[str, str, str]]:
    """(scope, record, field) of every sum() the layout's expressions use."""
    needed = set()
    for rec in layout.records.values():
        for f in rec.fields:
            for text in (f.compute, f.check, f.write):
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
        self._named = named_counts_needed(layout)
        # values of the file and batch headers read or written so far: a detail's expression may
        # read them (header_arquivo.convenio) like the fields of its own título
        self.frame: dict = {}

    def enter(self, rec: Record) -> None:
        """Count a record (before its own computed fields are evaluated)."""
        self.file_records += 1
        role = rec.role
        if role == "detail":  # the common case first
            self.batch_records += 1
            self.in_batch += 1
            if rec.title == "first":
                self.titles += 1
                self.batch_titles += 1
            if self._named:
                self.named_file[rec.name] += 1
                self.named_batch[rec.name] += 1
            return
        self.named_file[rec.name] += 1
        if role == "batch_header":
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

    def enter_unknown(self, in_batch: bool) -> None:
        """Count a line that is a record we could not use (unknown or damaged): the bank
        counted it, so sequences and totals after it must too."""
        self.file_records += 1
        self.batch_records += 1
        if in_batch:
            self.in_batch += 1

    def add_sums(self, rec: Record, values: dict) -> None:
        if not self._sum_by_record:
            return
        for key in self._sum_by_record.get(rec.name, ()):
            v = values.get(key[2])
            if v is not None:
                self.sums[key] += v

    def aggregate(self, fn: str, args: tuple):
        scope = args[0]
        if fn == "seq":
            return getattr(self, _SEQ_COUNTER[scope])
        if fn == "count":
            if len(args) == 2:
                return (self.named_file if scope == "file" else self.named_batch)[args[1]]
            return getattr(self, _COUNT_COUNTER[scope])
        rname, _, fname = args[1].partition(".")
        return self.sums[(scope, rname, fname)]

    def now(self) -> dt.datetime:
        return self._now or dt.datetime.now()


_SEQ_COUNTER = {"file": "file_records", "batch": "batches", "in_batch": "in_batch"}
_COUNT_COUNTER = {"file": "file_records", "batch": "batch_records", "batches": "batches",
                  "titles": "titles", "batch_titles": "batch_titles"}


class RecordEnv(Env):
    """What an expression on one record sees: its fields, its título's records, the counters."""

    def __init__(self, counters: Counters, values: dict, title: dict | None = None,
                 inputs: dict | None = None, defaults: dict | None = None):
        self.counters = counters
        self.values = values
        self.title = title or {}
        self.inputs = inputs or {}
        self.defaults = defaults or {}  # the writer's: a field the inputs left empty

    def name(self, parts):
        if len(parts) == 1 and parts[0] in self.values:
            return self.values[parts[0]]
        if len(parts) == 1 and parts[0] in self.defaults:
            return self.defaults[parts[0]]
        if len(parts) == 2 and parts[0] in self.title:
            return self.title[parts[0]].get(parts[1])
        if len(parts) == 2 and parts[0] in self.counters.frame:
            return self.counters.frame[parts[0]].get(parts[1])
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


# -- expressions compiled to Python source ------------------------------------------------------
# The evaluator in cnab.layout.expr builds nested closures: one Python call per node, which is
# what dominates a check-digit check run on every line. For the reader and the writer the same
# tree is written out once as one Python function with identical semantics (same helpers, same
# short-circuiting, same errors), falling back to the evaluator for anything not covered.

_FAST: dict = {}


def fast_evaluate(text: str, env: Env):
    fn = _FAST.get(text)
    if fn is None:
        fn = _FAST[text] = _compile_source(text) or (lambda env, _t=text: evaluate(_t, env))
    return fn(env)


_TEXT_CALLS = ("zfill", "str", "substr", "digits", "datefmt")


def unwrap(node):
    """The node itself, past the grammar's one-child levels (or_, and_, compare, arith)."""
    while getattr(node, "data", None) in ("or_", "and_", "compare", "arith") \
            and len(node.children) == 1:
        node = node.children[0]
    return node


def _is_literal(node) -> bool:
    return getattr(unwrap(node), "data", None) in ("int_", "string")


def _literal(node):
    node = unwrap(node)
    return int(node.children[0]) if node.data == "int_" else str(node.children[0])[1:-1]


def _static_type(node):
    """str or int when the expression can only give that type (whatever the names hold)."""
    node = unwrap(node)
    kind = getattr(node, "data", None)
    if kind == "string":
        return str
    if kind == "int_":
        return int
    if kind == "call":
        fname = str(node.children[0])
        return str if fname in _TEXT_CALLS else int if fname in ("int", "len") else None
    if kind == "arith" and all(str(op) == "+" for op in node.children[1::2]) and \
            all(_static_type(c) is str for c in node.children[::2]):
        return str
    return None


def _namespace() -> tuple[dict, Callable[[object], str]]:
    """A namespace for generated code, and `bind(obj)` that puts an object in it by a new name."""
    from cnab.layout import expr as E
    ns: dict = {"_num": E._num, "_ExprError": ExprError, "_RecordEnv": RecordEnv, "_EMPTY": {}}
    counter = [0]

    def bind(obj) -> str:
        counter[0] += 1
        name = f"_k{counter[0]}"
        ns[name] = obj
        return name
    return ns, bind


def _expr_source(text: str, bind) -> str | None:
    """One Python expression computing `text` over _V (the record's values), _N (env.name),
    _A (env.aggregate) and _env; None when some part is not covered (the evaluator runs it)."""
    from cnab.layout import expr as E
    try:
        tree = parse_expr(text)
    except ExprError:
        return None

    def src(node) -> str:
        kind, ch = node.data, node.children
        if kind in ("or_", "and_", "compare", "arith") and len(ch) == 1:
            return src(ch[0])
        if kind == "int_":
            return repr(int(ch[0]))
        if kind == "string":
            return bind(str(ch[0])[1:-1])
        if kind == "true":
            return "True"
        if kind == "false":
            return "False"
        if kind == "none":
            return "None"
        if kind == "name":
            parts = tuple(str(c) for c in ch)
            p = bind(parts)
            if len(parts) == 1:
                k = bind(parts[0])
                return f"(_V[{k}] if {k} in _V else _N({p}))"
            return f"_N({p})"
        if kind == "list_":
            if all(_is_literal(c) for c in ch):  # a literal list is built once, not every run
                return bind([_literal(c) for c in ch])
            return "[" + ", ".join(src(c) for c in ch) + "]"
        if kind == "map_":
            return "{" + ", ".join(f"{src(p.children[0])}: {src(p.children[1])}"
                                   for p in ch) + "}"
        if kind == "neg":
            return f"(-_num({src(ch[0])}))"
        if kind == "not_":
            return f"(not {src(ch[0])})"
        if kind in ("and_", "or_"):  # Python's and/or: the deciding value, like the evaluator
            return "(" + f" {kind[:-1]} ".join(src(c) for c in ch) + ")"
        if kind == "ternary":
            then, cond, other = (src(c) for c in ch)
            return f"({then} if {cond} else {other})"
        if kind == "compare":
            op = str(ch[1])
            if op == "in":
                right = unwrap(ch[2])
                if _static_type(ch[0]) is not None and right.data == "list_" and all(
                        _is_literal(c) for c in right.children):
                    # a text or number against a literal list: a set, built once
                    members = bind(frozenset(_literal(c) for c in right.children))
                    return f"({src(ch[0])} in {members})"
                return f"({src(ch[0])} in {bind(E._container)}({src(right)}))"
            if op not in ("==", "!=", "<", "<=", ">", ">="):
                raise ValueError(op)
            return f"({src(ch[0])} {op} {src(ch[2])})"
        if kind == "arith" and _static_type(node) is str:  # joining texts: no checks needed
            return "(" + " + ".join(src(c) for c in ch[::2]) + ")"
        if kind == "arith":
            acc = src(ch[0])
            for i in range(1, len(ch), 2):
                acc = f"{bind(E._BINOPS[str(ch[i])])}({acc}, {src(ch[i + 1])})"
            return acc
        if kind == "call":
            fname = str(ch[0])
            if fname in E.AGGREGATES:
                key = E.aggregate_key(node)
                return f"_A({key[0]!r}, {bind(key[1:])})"
            if fname == "today":
                return "_env.now().date()"
            if fname == "now":
                return "_env.now()"
            width = unwrap(ch[2]) if len(ch) == 3 else None
            if fname == "zfill" and getattr(width, "data", None) == "int_" \
                    and int(width.children[0]) <= 1000:
                return f"str({src(ch[1])}).zfill({int(width.children[0])})"
            fn = bind(E.PURE_BUILTINS[fname])
            args, kwargs = [], []
            for c in ch[1:]:
                if hasattr(c, "data") and c.data == "kwarg":
                    kwargs.append(f"{str(c.children[0])!r}: {src(c.children[1])}")
                else:
                    args.append(src(c))
            if kwargs:
                args.append("**{" + ", ".join(kwargs) + "}")
            return f"{fn}(" + ", ".join(args) + ")"
        raise ValueError(kind)

    try:
        return src(tree)
    except (ValueError, KeyError, ExprError):
        return None


def _compile_source(text: str):
    ns, bind = _namespace()
    body = _expr_source(text, bind)
    if body is None:
        return None
    t = bind(text)
    source = (
        "def run(_env):\n"
        "    _V = _env.values if type(_env) is _RecordEnv else _EMPTY\n"
        "    _N = _env.name\n"
        "    _A = _env.aggregate\n"
        "    try:\n"
        f"        return {body}\n"
        "    except _ExprError:\n"
        "        raise\n"
        "    except (ValueError, TypeError, KeyError, ZeroDivisionError, ArithmeticError) as exc:\n"
        f"        raise _ExprError(f'{{{t}!r}}: {{exc}}') from None\n"
    )
    try:
        exec(compile(source, f"<expr {text[:40]!r}>", "exec"), ns)
    except SyntaxError:
        return None
    return ns["run"]


def as_field_value(v, kind: str, length: int):
    """An expression's result as the value a field of this kind holds (a check digit computed
    as int compares with a `digits` field as its zero-filled text)."""
    if kind == "digits" and v is not None:
        return str(v).zfill(length)
    if kind in ("str", "const", "filler") and v is not None:
        text = str(v)
        return text if kind != "str" else text.rstrip(" ")
    if kind == "int" and isinstance(v, str) and v.isascii() and v.isdigit():
        return int(v)
    if kind == "decimal" and isinstance(v, int):
        return Decimal(v)
    return v


_VERIFIERS: dict = {}


def compile_verifier(checks) -> Callable[[RecordEnv], bool] | None:
    """One generated function telling whether every computed field and check of a record holds,
    in one call per line. `checks` is the reader's list: Fields with a compute/check, and counter
    compares as (field name, counter attribute, start, end, Field) tuples. It answers only "all
    clean": on False (or any error) the reader runs its reporting path, which names each failure,
    so what is reported has one definition. None when an expression cannot be compiled."""
    ns, bind = _namespace()
    ns.update(_as=as_field_value, _B=_MISSING)
    lines = []
    for c in checks:
        if type(c) is tuple:
            fname, attr = c[0], c[1]
            lines.append(f"if (_a := _V.get({fname!r}, _B)) is not _B and _a != _C.{attr}: "
                         f"return False")
            continue
        if c.compute is not None:
            body = _expr_source(c.compute, bind)
            if body is None:
                return None
            value = f"(_e if type(_e := {body}) is int else _as(_e, 'int', 0))" \
                if c.kind == "int" else f"_as({body}, {c.kind!r}, {c.length})"
            lines.append(f"if {c.name!r} in _V and {value} != _V[{c.name!r}]: return False")
        if c.check is not None:
            body = _expr_source(c.check, bind)
            if body is None:
                return None
            lines.append(f"if not {body}: return False")
    source = ("def verify(_env):\n"
              "    _V, _N, _A, _C = _env.values, _env.name, _env.aggregate, _env.counters\n"
              "    try:\n"
              + "".join(f"        {line}\n" for line in lines) +
              "    except Exception:\n"
              "        return False\n"
              "    return True\n")
    fn = _VERIFIERS.get(source)
    if fn is None:
        exec(compile(source, "<record verifier>", "exec"), ns)
        fn = _VERIFIERS[source] = ns["verify"]
    return fn
