"""Code tables: remittance movements, return occurrences and reasons, as data."""

from __future__ import annotations

import attrs

from cnab.errors import LayoutError, Problem

TABLE_KEYS = {"table", "kind", "bank", "extends", "source", "description", "codes"}
CODE_KEYS = {"text", "category", "settles", "reasons", "note"}
KINDS = ("movement", "occurrence", "reason", "plain")
CATEGORIES = ("registered", "rejected", "settled", "written_off", "changed", "protested", "fee",
              "info")


@attrs.frozen
class Code:
    code: str
    text: str
    category: str | None = None
    settles: bool = False
    reasons: str | None = None
    note: str | None = None


@attrs.frozen
class Table:
    id: str
    kind: str
    codes: dict  # code -> Code
    bank: str = ""
    extends: str | None = None
    source: dict = attrs.field(factory=dict)
    description: str = ""
    path: str | None = None

    def get(self, code: str) -> Code | None:
        return self.codes.get(code)

    def text(self, code: str) -> str | None:
        c = self.codes.get(code)
        return c.text if c else None


def build_table(raw: dict, file: str, parent: Table | None = None) -> Table:
    problems = []

    def fail(rule, message, field=None):
        problems.append(Problem(rule=rule, message=message, file=file, field=field))

    unknown = set(raw) - TABLE_KEYS
    if unknown:
        fail("unknown-attribute", f"unknown table attribute(s) {sorted(unknown)}")
    kind = raw.get("kind", parent.kind if parent else "plain")
    if kind not in KINDS:
        fail("table-kind", f"kind must be one of {KINDS}")
    codes = dict(parent.codes) if parent else {}
    raw_codes = raw.get("codes") or {}
    if not isinstance(raw_codes, dict):
        fail("codes", "codes: is a mapping of code -> attributes")
        raw_codes = {}
    for code, spec in raw_codes.items():
        if not isinstance(code, str):
            fail("code-not-text", f"code {code!r} must be quoted text (\"02\", not 02)")
            continue
        if isinstance(spec, str):
            spec = {"text": spec}
        if not isinstance(spec, dict):
            fail("code-shape", f"code {code!r}: give text and category", field=code)
            continue
        bad = set(spec) - CODE_KEYS
        if bad:
            fail("unknown-attribute", f"code {code!r}: unknown attribute(s) {sorted(bad)}",
                 field=code)
        category = spec.get("category")
        if category is not None and category not in CATEGORIES:
            fail("category", f"code {code!r}: category {category!r} is not one of {CATEGORIES}",
                 field=code)
        if kind == "occurrence" and category is None:
            fail("category", f"code {code!r}: an occurrence needs a category", field=code)
        settles = spec.get("settles", False)
        if not isinstance(settles, bool):
            fail("settles", f"code {code!r}: settles is true or false", field=code)
        codes[code] = Code(code=code, text=str(spec.get("text") or ""), category=category,
                           settles=bool(settles), reasons=spec.get("reasons"),
                           note=spec.get("note"))
    if problems:
        raise LayoutError(problems)
    source = raw.get("source") or {}
    return Table(id=raw["table"], kind=kind, codes=codes, bank=str(raw.get("bank") or ""),
                 extends=raw.get("extends"), source={k: str(v) for k, v in source.items()}
                 if isinstance(source, dict) else {},
                 description=str(raw.get("description") or ""), path=file)
