"""A título (boleto) as read from a file: its records, and one view with the same keys for all banks."""

from __future__ import annotations

from operator import itemgetter
from typing import Any

from cnab.layout.model import VIEW_KEYS, Layout


_part = tuple.__getitem__


class _Value(tuple):
    """A tuple compared only with its own kind (a RecordItem never equals a plain tuple)."""

    __slots__ = ()

    def __eq__(self, other):
        return type(other) is type(self) and tuple.__eq__(self, other)

    def __ne__(self, other):
        return not self == other

    __hash__ = tuple.__hash__

    def __getnewargs__(self):  # pickle (multiprocessing): rebuilt through the class's __new__
        return tuple(_part(self, i) for i in range(len(self)))


class RecordItem(_Value):
    """One decoded line: which record it is, its typed values and the text it came from.

    Immutable (a tuple underneath, so the reader can make one per line cheaply)."""

    __slots__ = ()
    _fields = ("name", "line", "raw", "values")

    def __new__(cls, name: str, line: int, raw: str, values: dict):
        return tuple.__new__(cls, (name, line, raw, values))

    name = property(itemgetter(0), doc="record name")
    line = property(itemgetter(1), doc="line number in the file")
    raw = property(itemgetter(2), doc="the line's text")
    values = property(itemgetter(3), doc="{field: typed value}")

    def __repr__(self):
        return (f"RecordItem(name={self[0]!r}, line={self[1]!r}, raw={self[2]!r}, "
                f"values={self[3]!r})")


class Title(_Value):
    """A título: its records in file order (and the layout, direction and batch it came from)."""

    __slots__ = ()

    def __new__(cls, layout: Layout, direction: str | None, batch: int, records: tuple,
                frame: dict | None = None):
        return tuple.__new__(cls, (layout, direction, batch, records, frame or {}))

    # Title[key] is the normalised view, so the parts are read with tuple.__getitem__
    layout = property(lambda self: _part(self, 0))
    direction = property(lambda self: _part(self, 1))
    batch = property(lambda self: _part(self, 2))
    records = property(lambda self: _part(self, 3), doc="RecordItem, in file order")
    frame = property(lambda self: _part(self, 4),
                     doc="{record: values} of the file and batch headers the título came under")

    def __repr__(self):
        return (f"Title(layout={self.layout.id!r}, direction={self.direction!r}, "
                f"batch={self.batch!r}, records={self.records!r})")

    def __iter__(self):  # a título is not a sequence of its parts
        raise TypeError("iterate title.records")

    def __bool__(self):
        return True

    @property
    def lines(self) -> tuple[int, ...]:
        return tuple(r.line for r in self.records)

    @property
    def raw(self) -> tuple[str, ...]:
        return tuple(r.raw for r in self.records)

    def record(self, name: str) -> RecordItem | None:
        for r in self.records:
            if r.name == name:
                return r
        return None

    def fields(self) -> dict:
        """Every decoded field as {record: {field: value}} (first record of each name), then
        the headers the título came under (a bank may give the credit date only there)."""
        out: dict = {}
        for r in self.records:
            out.setdefault(r.name, r.values)
        for name, values in self.frame.items():
            out.setdefault(name, values)
        return out

    @property
    def view(self) -> dict[str, Any]:
        return normalised_view(self.layout, self.fields())

    def view_of(self, *keys: str) -> dict[str, Any]:
        """Only these keys of the view (what `view` gives for them), without working out the
        others: for a caller that reads a few keys of every título."""
        return _view_function(self.layout, keys)(self.fields())

    def __getitem__(self, key: str):
        return self.view_of(key)[key]


def normalised_view(layout: Layout, fields: dict) -> dict[str, Any]:
    return _view_function(layout)(fields)


_VIEWS: dict = {}


def _view_function(layout: Layout, keys: tuple | None = None):
    """fields -> view (or its `keys` only), written out once per layout (a view is built for
    every título that a reconciliation or a validation reads). Each key takes the first of its
    fields whose record the título has; reason slots are split into codes; occurrence/movement
    become 2-char text."""
    entry = _VIEWS.get((id(layout), keys))
    if entry is not None and entry[0] is layout:
        return entry[1]
    if keys is not None and not set(keys) <= set(VIEW_KEYS):
        raise KeyError(f"not view keys: {sorted(set(keys) - set(VIEW_KEYS))}")
    records: dict = {}  # record name -> local variable
    exprs = dict.fromkeys(VIEW_KEYS if keys is None else keys, "None")
    for key, target in layout.view.items():
        if key not in exprs:
            continue
        split = None
        if isinstance(target, dict):
            split, target = target.get("split"), target["field"]
        expr = "None"
        for ref in reversed(target if isinstance(target, list) else [target]):
            rname, _, fname = ref.partition(".")
            var = records.setdefault(rname, f"r{len(records)}")
            value = f"{var}.get({fname!r})"
            if split:
                value = f"split_codes({value}, {int(split)})"
            elif key in ("occurrence", "movement"):
                value = f"code({value})"
            expr = f"({value} if {var} is not None else {expr})"
        exprs[key] = expr
    if "reasons" in exprs:
        exprs["reasons"] = f"no_reasons({exprs['reasons']})"
    source = ("def view(fields):\n"
              + "".join(f"    {var} = fields.get({name!r})\n" for name, var in records.items())
              + "    return {" + ", ".join(f"{k!r}: {e}" for k, e in exprs.items()) + "}\n")
    namespace = {"split_codes": split_codes, "code": _code, "no_reasons": _no_reasons}
    exec(compile(source, f"<view {layout.id}>", "exec"), namespace)
    if len(_VIEWS) > 256:
        _VIEWS.clear()
    _VIEWS[(id(layout), keys)] = (layout, namespace["view"])
    return namespace["view"]


def _no_reasons(value):
    return [] if value is None else value


def _code(value):
    return value if value is None or isinstance(value, str) else f"{value:02d}"


def split_codes(value, size: int) -> list[str]:
    """'0102  00' -> ['01', '02']: reason codes without blank or all-zero slots."""
    if value is None:
        return []
    text = str(value)
    codes = [text[i:i + size] for i in range(0, len(text), size)]
    return [c for c in codes if c.strip() and c.strip("0")]
