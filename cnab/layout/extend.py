"""`extends`: a bank layout is its base plus explicit, named operations.

Operations work on the raw (YAML) form before the model is built, so the compiler then checks the
result exactly like a layout written whole. Nothing is evicted implicitly: an added field that
overlaps a base field is left in place and the tiling check reports the overlap.
"""

from __future__ import annotations

import copy

from cnab.errors import Problem

LAYOUT_KEYS = {
    "layout", "extends", "bank", "line_length", "source", "verified", "description", "detect",
    "direction", "charset", "titles", "view", "tables", "records", "remove_records", "file_name",
    "refuse",
}
RECORD_KEYS = {"role", "direction", "title", "match", "fields", "description", "write_when",
               "length", "like"}
RECORD_OP_KEYS = {"set", "replace", "remove", "add", "match", "role", "direction", "title",
                  "description", "write_when", "length", "like"}


def _span(raw_field) -> tuple[int, int] | None:
    pos = raw_field.get("pos") if isinstance(raw_field, dict) else None
    if isinstance(pos, list) and len(pos) == 2 and all(isinstance(p, int) for p in pos):
        return pos[0], pos[1]
    return None


def apply_extends(parent: dict, child: dict, where: str) -> tuple[dict, list[Problem]]:
    """The child layout applied over a deep copy of its resolved parent."""
    problems: list[Problem] = []

    def fail(rule, message, record=None, field=None):
        problems.append(Problem(rule=rule, message=message, file=where, record=record,
                                field=field))

    result = copy.deepcopy(parent)
    for key, value in child.items():
        if key in ("records", "remove_records"):
            continue
        if key == "view" and isinstance(value, dict) and isinstance(result.get("view"), dict):
            result["view"] = {**result["view"], **value}
        else:
            result[key] = copy.deepcopy(value)

    records = result.setdefault("records", {})
    for name in child.get("remove_records") or []:
        if name not in records:
            fail("extends-unknown-record", f"remove_records names {name!r}, not in the base",
                 record=str(name))
        else:
            del records[name]

    for name, ops in (child.get("records") or {}).items():
        if not isinstance(ops, dict):
            fail("record-shape", "a record is a mapping", record=str(name))
            continue
        like = ops.get("like")
        if name not in records and like is None:
            records[name] = copy.deepcopy(ops)  # a new record, given whole
            continue
        if like is not None:  # a new record made from another, as it stands at this point
            if name in records or like not in records:
                fail("extends-like", f"like: {like!r} must name an existing record and "
                                     f"{name!r} a new one", record=str(name))
                continue
            records[name] = copy.deepcopy(records[like])
            records[name]["like"] = like
        unknown = set(ops) - RECORD_OP_KEYS
        if unknown:
            fail("unknown-attribute",
                 f"unknown attribute(s) {sorted(unknown)} for an extended record "
                 f"(allowed: {sorted(RECORD_OP_KEYS)})", record=name)
            continue
        base = records[name]
        fields = base.setdefault("fields", [])
        for attr in ("match", "role", "direction", "title", "description", "write_when",
                     "length"):
            if attr in ops:
                base[attr] = copy.deepcopy(ops[attr])
        by_name = {f.get("name"): i for i, f in enumerate(fields) if isinstance(f, dict)}

        for fname, changes in (ops.get("set") or {}).items():
            if fname not in by_name:
                fail("extends-unknown-field", f"set names field {fname!r}, not in the base",
                     record=name, field=str(fname))
            elif not isinstance(changes, dict) or "name" in changes:
                fail("extends-set", "set takes a mapping of attributes (not the name)",
                     record=name, field=str(fname))
            else:
                fields[by_name[fname]].update(copy.deepcopy(changes))

        for i, rep in enumerate(ops.get("replace") or []):
            if not isinstance(rep, dict) or set(rep) != {"fields", "with"}:
                fail("extends-replace", f"replace #{i + 1} needs exactly 'fields' and 'with'",
                     record=name)
                continue
            old_names = rep["fields"]
            missing = [n for n in old_names if n not in by_name]
            if missing:
                fail("extends-unknown-field", f"replace names {missing}, not in the base",
                     record=name)
                continue
            old = [fields[by_name[n]] for n in old_names]
            new = rep["with"] or []
            old_cells = sorted(p for f in old for p in range(_span(f)[0], _span(f)[1] + 1))
            new_spans = [_span(f) for f in new]
            if None in new_spans:
                fail("extends-replace", "every new field of a replace needs pos: [start, end]",
                     record=name)
                continue
            new_cells = sorted(p for s, e in new_spans for p in range(s, e + 1))
            if old_cells != new_cells:
                fail("replace-tiling",
                     f"replace of {old_names} covers {_cells_text(old_cells)} but the new "
                     f"fields cover {_cells_text(new_cells)}", record=name)
                continue
            fields[:] = [f for f in fields if f.get("name") not in set(old_names)]
            fields.extend(copy.deepcopy(new))
            by_name = {f.get("name"): i for i, f in enumerate(fields) if isinstance(f, dict)}

        removed = set()
        for fname in ops.get("remove") or []:
            if fname not in by_name:
                fail("extends-unknown-field", f"remove names {fname!r}, not in the base",
                     record=name, field=str(fname))
            removed.add(fname)
        if removed:
            fields[:] = [f for f in fields if f.get("name") not in removed]
        fields.extend(copy.deepcopy(ops.get("add") or []))
        fields.sort(key=lambda f: (_span(f) or (0, 0)))
    return result, problems


def _cells_text(cells: list[int]) -> str:
    if not cells:
        return "nothing"
    runs, start, prev = [], cells[0], cells[0]
    for c in cells[1:]:
        if c != prev + 1:
            runs.append((start, prev))
            start = c
        prev = c
    runs.append((start, prev))
    return ", ".join(f"{a}-{b}" for a, b in runs)
