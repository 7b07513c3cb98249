"""The checked, fully resolved layout: what the codec, reader and writer consume."""

from __future__ import annotations

from typing import Any

import attrs

ROLES = ("file_header", "batch_header", "detail", "batch_trailer", "file_trailer")
DIRECTIONS = ("remessa", "retorno")
# the normalised title view: the same keys for every bank (layouts map their fields to these)
VIEW_KEYS = (
    "our_number", "our_number_dv", "document_number", "occurrence", "occurrence_date", "reasons",
    "due_date", "amount", "paid_amount", "bank_rate", "interest", "discount", "rebate", "iof",
    "net_amount", "credit_date", "paid_bank", "paid_agency", "movement", "company_use",
    "payer_name", "payer_document",
)


@attrs.frozen
class Field:
    name: str
    start: int  # 1-based inclusive, as the manuals print it
    end: int
    pic: str
    kind: str  # int | digits | decimal | str | date | time | const | filler
    decimals: int = 0
    numeric: bool = False  # a 9 picture (zero-filled) rather than X (blank-filled)
    fmt: str | None = None  # date or time format token
    const: str | None = None
    default: Any = None
    direction_defaults: dict = attrs.field(factory=dict)  # direction -> default when writing it
    null: str | None = None  # blank | zero | blank_or_zero
    empty: str = "zero"
    domain: str | None = None
    compute: str | None = None
    write: str | None = None  # computed when writing only: its inputs are not in the file
    check: str | None = None
    source: str | None = None  # the `from:` path for the writer
    required: bool = False
    description: str = ""
    id: str | None = None
    direction: str | None = None

    @property
    def length(self) -> int:
        return self.end - self.start + 1

    @property
    def columns(self) -> str:
        return f"{self.start}-{self.end}"


@attrs.frozen
class Record:
    name: str
    role: str
    fields: tuple[Field, ...]
    match: dict = attrs.field(factory=dict)
    direction: str = "both"
    title: str | None = None  # first | part, for details
    description: str = ""
    write_when: str | None = None  # expression: the writer emits the record only when true
    length: int | None = None  # its own line length (Itaú's 444-character NF-e detail); None: the layout's

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    def applies_to(self, direction: str | None) -> bool:
        return direction is None or self.direction in ("both", direction)


@attrs.frozen
class Layout:
    id: str
    line_length: int
    records: dict  # name -> Record, in declaration order
    bank: str = ""
    extends: str | None = None
    source: dict = attrs.field(factory=dict)
    verified: tuple = ()
    description: str = ""
    detect_record: str | None = None
    detect_when: dict = attrs.field(factory=dict)
    direction_field: str | None = None
    direction_values: dict = attrs.field(factory=dict)
    charset: str | None = None
    title_key: tuple = ()
    view: dict = attrs.field(factory=dict)
    tables: dict = attrs.field(factory=dict)
    file_name: str | None = None  # expression: the bank's name for a remessa file
    refuse: tuple = ()  # (when, message): boletos the writer refuses for this bank
    path: str | None = None

    @property
    def family(self) -> str:
        """cnab240, cnab400, or e.g. cnab400+444 when some records are longer (Itaú NF-e)."""
        extra = "".join(f"+{n}" for n in sorted(self.other_lengths))
        return f"cnab{self.line_length}{extra}"

    def records_for(self, direction: str | None):
        return [r for r in self.records.values() if r.applies_to(direction)]

    def record_length(self, record: Record) -> int:
        return record.length or self.line_length

    @property
    def other_lengths(self) -> frozenset:
        """Line lengths of records longer than the layout's own (empty for almost every bank)."""
        return frozenset(r.length for r in self.records.values()
                         if r.length and r.length != self.line_length)

    def directions(self) -> tuple[str, ...]:
        """The directions a file in this layout can have: its detail records' directions, limited
        to the codes its direction field knows (a map with only "1" means remessa only). A
        direction that detection never picks (santander.cnab240 retornos go to the real-file
        variant) is still read when the layout is named."""
        found = {r.direction for r in self.records.values() if r.role == "detail"}
        known = set(self.direction_values.values()) or set(DIRECTIONS)
        return tuple(d for d in DIRECTIONS if (d in found or "both" in found) and d in known)
