"""Finds the shipped layouts and tables, resolves `extends`, and detects a file's layout."""

from __future__ import annotations

import functools
import os
from pathlib import Path

from cnab.errors import FileFormatError, LayoutError, Problem
from cnab.layout.build import build_layout
from cnab.layout.extend import apply_extends
from cnab.layout.model import Layout
from cnab.layout.tables import Table, build_table
from cnab.layout.yamlload import load_yaml_file


def shipped_layouts_dir() -> Path:
    """layouts/ inside the installed wheel, or beside the package in a source checkout."""
    inside = Path(__file__).resolve().parent.parent / "layouts"
    if inside.is_dir():
        return inside
    return Path(__file__).resolve().parent.parent.parent / "layouts"


class Registry:
    """All layouts and tables under some folders, loaded lazily and checked on load."""

    def __init__(self, paths: list[Path] | None = None):
        if paths is None:
            paths = [shipped_layouts_dir()]
            extra = os.environ.get("CNAB_LAYOUTS_PATH")
            if extra:
                paths += [Path(p) for p in extra.split(os.pathsep) if p]
        self.paths = [Path(p) for p in paths]
        self._raw_layouts: dict[str, tuple[dict, str]] = {}
        self._raw_tables: dict[str, tuple[dict, str]] = {}
        self._problems: list[Problem] = []
        self._layouts: dict[str, Layout] = {}
        self._tables: dict[str, Table] = {}
        self._codecs: dict[str, dict] = {}
        self._scan()

    def _scan(self) -> None:
        for root in self.paths:
            files = sorted(root.rglob("*.yaml")) + sorted(root.rglob("*.yml"))
            for path in files:
                try:
                    raw = load_yaml_file(path)
                except LayoutError as exc:
                    self._problems.extend(exc.problems)
                    continue
                if isinstance(raw, dict) and "layout" in raw:
                    self._add(self._raw_layouts, str(raw["layout"]), raw, path)
                elif isinstance(raw, dict) and "table" in raw:
                    self._add(self._raw_tables, str(raw["table"]), raw, path)
                else:
                    self._problems.append(Problem(
                        rule="not-a-layout", file=str(path),
                        message="a YAML file under layouts/ starts with `layout:` or `table:`"))

    def _add(self, into, key, raw, path):
        if key in into:
            self._problems.append(Problem(
                rule="duplicate-id", file=str(path),
                message=f"id {key!r} is also defined in {into[key][1]}"))
        else:
            into[key] = (raw, str(path))

    # -- layouts ---------------------------------------------------------------------------
    def layout_ids(self) -> list[str]:
        return sorted(self._raw_layouts)

    def _resolved_raw(self, layout_id: str, chain=()) -> tuple[dict, str]:
        if layout_id not in self._raw_layouts:
            raise LayoutError(Problem(rule="unknown-layout",
                                      message=f"no layout with id {layout_id!r}"))
        raw, path = self._raw_layouts[layout_id]
        parent_id = raw.get("extends")
        if not parent_id:
            return raw, path
        if parent_id in chain or parent_id == layout_id:
            raise LayoutError(Problem(rule="extends-cycle", file=path,
                                      message=f"extends cycle: {' -> '.join((*chain, layout_id))}"))
        parent_raw, _ = self._resolved_raw(parent_id, (*chain, layout_id))
        merged, problems = apply_extends(parent_raw, raw, path)
        if problems:
            raise LayoutError(problems)
        return merged, path

    def layout(self, layout_id: str) -> Layout:
        if layout_id not in self._layouts:
            raw, path = self._resolved_raw(layout_id)
            self._layouts[layout_id] = build_layout(raw, path)
        return self._layouts[layout_id]

    def layouts(self) -> list[Layout]:
        return [self.layout(i) for i in self.layout_ids()]

    def codecs(self, layout: Layout) -> dict:
        from cnab.codec import compile_record

        if layout.id not in self._codecs:
            self._codecs[layout.id] = {name: compile_record(layout, rec)
                                       for name, rec in layout.records.items()}
        return self._codecs[layout.id]

    # -- tables ----------------------------------------------------------------------------
    def table_ids(self) -> list[str]:
        return sorted(self._raw_tables)

    def table(self, table_id: str, chain=()) -> Table:
        if table_id in self._tables:
            return self._tables[table_id]
        if table_id not in self._raw_tables:
            raise LayoutError(Problem(rule="unknown-table",
                                      message=f"no code table with id {table_id!r}"))
        raw, path = self._raw_tables[table_id]
        parent = None
        if raw.get("extends"):
            if raw["extends"] in chain or raw["extends"] == table_id:
                raise LayoutError(Problem(rule="extends-cycle", file=path,
                                          message=f"table extends cycle at {table_id}"))
            parent = self.table(raw["extends"], (*chain, table_id))
        self._tables[table_id] = build_table(raw, path, parent)
        return self._tables[table_id]

    # -- whole check -------------------------------------------------------------------------
    def check(self) -> list[Problem]:
        """Every problem in every layout and table (what `cnab layouts check` prints)."""
        problems = list(self._problems)
        for table_id in self.table_ids():
            try:
                table = self.table(table_id)
                for code in table.codes.values():
                    if code.reasons and code.reasons not in self._raw_tables:
                        problems.append(Problem(
                            rule="unknown-table", file=table.path, field=code.code,
                            message=f"reasons: {code.reasons!r} is not a table"))
            except LayoutError as exc:
                problems.extend(exc.problems)
        for layout_id in self.layout_ids():
            try:
                layout = self.layout(layout_id)
            except LayoutError as exc:
                problems.extend(exc.problems)
                continue
            for role, table_id in layout.tables.items():
                if table_id not in self._raw_tables:
                    problems.append(Problem(rule="unknown-table", file=layout.path,
                                            message=f"tables.{role}: no table {table_id!r}"))
            for rec in layout.records.values():
                for f in rec.fields:
                    if f.domain and f.domain not in self._raw_tables:
                        problems.append(Problem(
                            rule="unknown-table", file=layout.path, record=rec.name,
                            field=f.name, message=f"domain {f.domain!r} is not a table"))
        return problems

    # -- detection ---------------------------------------------------------------------------
    def detect(self, first_line: str, file: str | None = None) -> tuple[Layout, str | None]:
        """The most specific layout whose detect rule holds for the file's first line."""
        candidates = []
        for layout in self.layouts():
            if layout.detect_record is None:
                continue
            if len(first_line) != layout.line_length:
                continue
            record = layout.records[layout.detect_record]
            if not _record_matches(record, first_line):
                continue
            ok = True
            for fname, allowed in layout.detect_when.items():
                f = record.field(fname)
                if first_line[f.start - 1:f.end] not in allowed:
                    ok = False
                    break
            if ok:
                candidates.append(layout)
        if not candidates:
            raise FileFormatError(Problem(
                rule="unknown-layout", file=file, line=1,
                message=f"no layout recognises this file (first line {len(first_line)} "
                        f"characters, starts {first_line[:20]!r})"))
        best = max(len(c.detect_when) for c in candidates)
        top = [c for c in candidates if len(c.detect_when) == best]
        if len(top) > 1:
            raise FileFormatError(Problem(
                rule="ambiguous-layout", file=file, line=1,
                message=f"layouts {[c.id for c in top]} all recognise this file; choose one"))
        layout = top[0]
        return layout, direction_of(layout, first_line)


def _record_matches(record, line: str) -> bool:
    for fname, const in record.match.items():
        f = record.field(fname)
        if line[f.start - 1:f.end] != const:
            return False
    return True


def direction_of(layout: Layout, first_line: str) -> str | None:
    if not layout.direction_field or not layout.detect_record:
        return None
    f = layout.records[layout.detect_record].field(layout.direction_field)
    return layout.direction_values.get(first_line[f.start - 1:f.end])


@functools.lru_cache(maxsize=1)
def default_registry() -> Registry:
    return Registry()
