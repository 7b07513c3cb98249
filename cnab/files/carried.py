"""What a layout carries of a boleto, and the boletos that ask for more.

A remessa layout reads some of the Boleto's inputs (`from:` paths, and names in its
expressions, `write_when` and `refuse` rules). A boleto that asks for something (a protest, an
IOF, a multa from a given date: models.ASKS) through an input its layout never reads would be
registered without it; the writer refuses it instead (rule `no-place`), naming the input.
"""

from __future__ import annotations

from cnab.errors import Problem
from cnab.files.models import ASKS
from cnab.layout.expr import ExprError, names_in
from cnab.layout.model import Layout


def inputs_read(layout: Layout, records) -> set[str]:
    """`object.attribute` of every writer input the records and the layout's rules read (an
    expression that does not parse reads everything it could: nothing is refused for it)."""
    texts = [when for when, _ in layout.refuse]
    read: set[str] = set()
    for rec in records:
        texts.append(rec.write_when)
        for f in rec.fields:
            texts += (f.compute, f.write, f.check)
            if f.source:
                read.add(".".join(f.source.split(".")[:2]))
    for text in filter(None, texts):
        try:
            read.update(".".join(name[:2]) for name in names_in(text) if len(name) > 1)
        except ExprError:
            return {f"boleto.{name}" for name in ASKS}
    return read


def unread_asks(layout: Layout, records) -> tuple:
    """(input, test) of the boleto inputs these records never read (a boleto's part that is an
    input of its own, as the guarantor, is read through its attributes: guarantor.name)."""
    read = inputs_read(layout, records)
    roots = {path.split(".")[0] for path in read}
    return tuple((name, test) for name, test in ASKS.items()
                 if f"boleto.{name}" not in read and name not in roots)


def not_carried(layout_id: str, unread: tuple, boleto, index: int) -> list[Problem]:
    """A problem per input this boleto asks through and the layout cannot carry."""
    return [Problem(rule="no-place", record=f"boletos[{index}]", field=f"boleto.{name}",
                    message=f"{layout_id} has no place for {name} = "
                            f"{_shown(getattr(boleto, name))}: the bank would register the "
                            f"boleto without it")
            for name, test in unread if test(boleto)]


def _shown(value) -> str:
    if isinstance(value, str):
        return repr(value)
    return repr(value.name) if hasattr(value, "name") else str(value)
