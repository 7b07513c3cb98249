"""Parse and evaluate layout expressions (`compute:` and `check:`).

The grammar lives in expr.lark. A parsed expression is turned once into nested closures; running
it can only read names the caller's environment offers and call the built-ins listed here.
"""

from __future__ import annotations

import datetime as _dt
import functools
from decimal import Decimal
from importlib import resources
from typing import Any, Callable

import lark

from cnab.layout import checkdigits

MAX_LENGTH = 2000
AGGREGATES = ("seq", "count", "sum")
SEQ_SCOPES = ("file", "batch", "in_batch")
COUNT_SCOPES = ("file", "batch", "batches", "titles", "batch_titles")
SUM_SCOPES = ("file", "batch")


class ExprError(Exception):
    """An expression that does not parse, or that fails when run."""


class Env:
    """What an expression can see. Reader and writer subclass it."""

    def name(self, parts: tuple[str, ...]) -> Any:
        raise ExprError(f"unknown name {'.'.join(parts)!r}")

    def aggregate(self, fn: str, args: tuple) -> Any:
        raise ExprError(f"{fn}() is not available here")

    def now(self) -> _dt.datetime:
        return _dt.datetime.now()


@functools.lru_cache(maxsize=1)
def _parser() -> lark.Lark:
    grammar = resources.files("cnab.layout").joinpath("expr.lark").read_text("utf-8")
    return lark.Lark(grammar, parser="lalr", maybe_placeholders=False)


def _digits_only(x) -> str:
    return "".join(c for c in str(x) if c.isdigit())


def _substr(x, start, end=None) -> str:
    return str(x)[start:end]


def _zfill(x, n) -> str:
    if not isinstance(n, int) or n > 1000:
        raise ExprError("zfill width must be a small number")
    return str(x).zfill(n)


def _mod11(text, weights=(2, 3, 4, 5, 6, 7, 8, 9), map=None, complement=True, **kw):
    direction = kw.pop("from", "right")
    if kw:
        raise ExprError(f"mod11() got unknown argument(s) {sorted(kw)}")
    return checkdigits.mod11(text, weights, map, direction, complement)


def _int(x) -> int:
    if isinstance(x, str) and len(x) > 100:
        raise ExprError("int() of a text longer than 100 characters")
    return int(x)


def _datefmt(d, pattern: str) -> str:
    """A date as text by tokens AAAA, AA, MM, DD (the manuals' notation)."""
    if isinstance(d, _dt.datetime):
        d = d.date()
    if not isinstance(d, _dt.date):
        raise ExprError(f"datefmt() needs a date, got {d!r}")
    out = pattern.replace("AAAA", f"{d.year:04d}").replace("AA", f"{d.year % 100:02d}")
    return out.replace("MM", f"{d.month:02d}").replace("DD", f"{d.day:02d}")


def _get(container, key, default=None):
    if isinstance(container, dict):
        return container.get(key, default)
    if isinstance(container, list) and isinstance(key, int) and 0 <= key < len(container):
        return container[key]
    return default


PURE_BUILTINS: dict[str, Callable] = {
    "datefmt": _datefmt,
    "get": _get,
    "mod10": checkdigits.mod10,
    "mod11": _mod11,
    "zfill": _zfill,
    "str": lambda x: "" if x is None else str(x),
    "int": _int,
    "len": lambda x: len(x),
    "substr": _substr,
    "digits": _digits_only,
}
ENV_BUILTINS = ("today", "now", *AGGREGATES)


@functools.lru_cache(maxsize=4096)
def parse_expr(text: str) -> lark.Tree:
    if not isinstance(text, str):
        raise ExprError("an expression is text")
    if len(text) > MAX_LENGTH:
        raise ExprError(f"expression longer than {MAX_LENGTH} characters")
    try:
        tree = _parser().parse(text)
    except lark.exceptions.UnexpectedInput as exc:
        raise ExprError(f"syntax error at column {exc.column}: {text!r}") from None
    except RecursionError:
        raise ExprError("expression nested too deeply") from None
    _validate(tree)
    return tree


def _validate(tree) -> None:
    """Reject unknown functions and bad aggregate scopes before anything runs."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if not isinstance(node, lark.Tree):
            continue
        if node.data == "name" and any(str(c).startswith("_") for c in node.children):
            raise ExprError("names starting with '_' are not allowed")
        if node.data == "call":
            fname = str(node.children[0])
            if fname not in PURE_BUILTINS and fname not in ENV_BUILTINS:
                raise ExprError(f"unknown function {fname}() (built-ins: "
                                f"{sorted([*PURE_BUILTINS, *ENV_BUILTINS])})")
            if fname in AGGREGATES:
                aggregate_key(node)
        stack.extend(node.children)


def _unwrap(node):
    while (isinstance(node, lark.Tree) and node.data in ("or_", "and_", "compare", "arith")
           and len(node.children) == 1):
        node = node.children[0]
    return node


def aggregate_key(node) -> tuple:
    """(fn, scope, arg) of a seq/count/sum call, whose arguments must be literal text."""
    fname = str(node.children[0])
    args = []
    for child in node.children[1:]:
        child = _unwrap(child)
        if not (isinstance(child, lark.Tree) and child.data == "string"):
            raise ExprError(f"{fname}() takes literal text arguments")
        args.append(str(child.children[0])[1:-1])
    scopes = {"seq": SEQ_SCOPES, "count": COUNT_SCOPES, "sum": SUM_SCOPES}[fname]
    if not args or args[0] not in scopes:
        raise ExprError(f"{fname}() needs a scope, one of {scopes}")
    if fname == "seq" and len(args) != 1:
        raise ExprError("seq() takes one scope")
    if fname == "sum" and (len(args) != 2 or "." not in args[1]):
        raise ExprError('sum() takes a scope and "record.field"')
    if fname == "count" and len(args) > 2:
        raise ExprError("count() takes a scope and optionally a record name")
    return (fname, *args)


def names_in(text: str) -> list[tuple[str, ...]]:
    """Every name an expression reads, as its dotted parts: ("nosso_numero",),
    ("segmento_p", "nosso_numero"), ("boleto", "fine")."""
    return [tuple(map(str, node.children)) for node in parse_expr(text).iter_subtrees()
            if node.data == "name"]


def aggregates_in(text: str) -> set[tuple]:
    """Every seq/count/sum an expression uses, so a reader knows what to keep counting."""
    found = set()
    for node in parse_expr(text).iter_subtrees():
        if node.data == "call" and str(node.children[0]) in AGGREGATES:
            found.add(aggregate_key(node))
    return found


@functools.lru_cache(maxsize=4096)
def compile_expr(text: str) -> Callable[[Env], Any]:
    """A function env -> value for the expression."""
    return _compile(parse_expr(text))


def evaluate(text: str, env: Env) -> Any:
    try:
        return compile_expr(text)(env)
    except ExprError:
        raise
    except (ValueError, TypeError, KeyError, ZeroDivisionError, ArithmeticError) as exc:
        raise ExprError(f"{text!r}: {exc}") from None


def _num(x):
    if isinstance(x, bool) or not isinstance(x, (int, Decimal)):
        raise ExprError(f"{x!r} is not a number")
    return x


def _add(a, b):
    if isinstance(a, str) and isinstance(b, str):
        return a + b
    return _num(a) + _num(b)


_BINOPS = {
    "+": _add,
    "-": lambda a, b: _num(a) - _num(b),
    "*": lambda a, b: _num(a) * _num(b),
    "//": lambda a, b: _num(a) // _num(b),
    "%": lambda a, b: _num(a) % _num(b),
}
_COMPARE = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "in": lambda a, b: a in _container(b),
}


def _container(b):
    if not isinstance(b, (list, dict, str)):
        raise ExprError(f"`in` needs a list, a map or a text on its right, got {b!r}")
    return b


def _compile(node) -> Callable[[Env], Any]:
    kind = node.data
    ch = node.children
    if kind in ("or_", "and_", "compare", "arith") and len(ch) == 1:
        return _compile(ch[0])
    if kind == "int_":
        v = int(ch[0])
        return lambda env: v
    if kind == "string":
        s = str(ch[0])[1:-1]
        return lambda env: s
    if kind == "true":
        return lambda env: True
    if kind == "false":
        return lambda env: False
    if kind == "none":
        return lambda env: None
    if kind == "name":
        parts = tuple(str(c) for c in ch)
        return lambda env: env.name(parts)
    if kind == "list_":
        items = [_compile(c) for c in ch]
        return lambda env: [f(env) for f in items]
    if kind == "map_":
        pairs = [(_compile(p.children[0]), _compile(p.children[1])) for p in ch]
        return lambda env: {k(env): v(env) for k, v in pairs}
    if kind == "neg":
        inner = _compile(ch[0])
        return lambda env: -_num(inner(env))
    if kind == "not_":
        inner = _compile(ch[0])
        return lambda env: not inner(env)
    if kind in ("and_", "or_"):
        parts = [_compile(c) for c in ch]
        want = kind == "or_"  # like Python: the first value that decides is the result

        def run_logic(env):
            value = None
            for p in parts:
                value = p(env)
                if bool(value) == want:
                    return value
            return value

        return run_logic
    if kind == "ternary":
        then, cond, other = (_compile(c) for c in ch)
        return lambda env: then(env) if cond(env) else other(env)
    if kind == "compare":
        left, op, right = _compile(ch[0]), _COMPARE[str(ch[1])], _compile(ch[2])
        return lambda env: op(left(env), right(env))
    if kind == "arith":
        first = _compile(ch[0])
        rest = [(_BINOPS[str(ch[i])], _compile(ch[i + 1])) for i in range(1, len(ch), 2)]

        def run(env):
            acc = first(env)
            for op, f in rest:
                acc = op(acc, f(env))
            return acc

        return run
    if kind == "call":
        return _compile_call(node)
    raise ExprError(f"unsupported expression element {kind}")


def _compile_call(node):
    fname = str(node.children[0])
    if fname in AGGREGATES:
        key = aggregate_key(node)
        return lambda env: env.aggregate(key[0], key[1:])
    if fname == "today":
        return lambda env: env.now().date()
    if fname == "now":
        return lambda env: env.now()
    fn = PURE_BUILTINS[fname]
    args, kwargs = [], []
    for c in node.children[1:]:
        if isinstance(c, lark.Tree) and c.data == "kwarg":
            kwargs.append((str(c.children[0]), _compile(c.children[1])))
        else:
            args.append(_compile(c))

    def run(env):
        return fn(*[a(env) for a in args], **{k: v(env) for k, v in kwargs})

    return run
