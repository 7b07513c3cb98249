"""Strict YAML loading: layouts are untrusted input and typos must not pass silently.

safe_load semantics only, plus: duplicate keys, anchors/aliases, explicit tags, deep nesting and
oversized files are refused with a LayoutError naming the file and line.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from cnab.errors import LayoutError, Problem

MAX_BYTES = 2_000_000
MAX_DEPTH = 12


class _StrictLoader(yaml.SafeLoader):
    def __init__(self, stream, name: str):
        super().__init__(stream)
        self.name = name
        self.depth = 0

    def _fail(self, mark, rule: str, message: str):
        raise LayoutError(
            Problem(
                rule=rule,
                message=message,
                file=self.name,
                line=mark.line + 1 if mark else None,
                col_start=mark.column + 1 if mark else None,
            )
        )

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            self._fail(event.start_mark, "yaml-alias", "anchors and aliases are not allowed")
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            self._fail(event.start_mark, "yaml-anchor", "anchors and aliases are not allowed")
        tag = getattr(event, "tag", None)
        implicit = getattr(event, "implicit", True)
        if isinstance(implicit, tuple):
            implicit = implicit[0] or implicit[1]
        if tag not in (None, "!") and not implicit:
            self._fail(event.start_mark, "yaml-tag", f"explicit tag {tag!r} is not allowed")
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self._fail(event.start_mark, "yaml-depth", f"nesting deeper than {MAX_DEPTH} levels")
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                self._fail(key_node.start_mark, "yaml-key", "a mapping key must be a plain value")
            if key in seen:
                self._fail(key_node.start_mark, "duplicate-key", f"duplicate key {key!r}")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def load_yaml_text(text: str, name: str):
    if len(text) > MAX_BYTES:
        raise LayoutError(
            Problem(rule="yaml-size", message=f"file larger than {MAX_BYTES} bytes", file=name)
        )
    loader = _StrictLoader(text, name)
    try:
        return loader.get_single_data()
    except LayoutError:
        raise
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise LayoutError(
            Problem(
                rule="yaml-syntax",
                message=str(getattr(exc, "problem", None) or exc),
                file=name,
                line=mark.line + 1 if mark else None,
                col_start=mark.column + 1 if mark else None,
            )
        ) from None
    except (ValueError, RecursionError) as exc:
        raise LayoutError(Problem(rule="yaml-value", message=str(exc), file=name)) from None
    finally:
        loader.dispose()


def load_yaml_file(path: Path):
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise LayoutError(Problem(rule="io", message=exc.strerror or str(exc), file=str(path)))
    if len(raw) > MAX_BYTES:
        raise LayoutError(
            Problem(rule="yaml-size", message=f"file larger than {MAX_BYTES} bytes", file=str(path))
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LayoutError(
            Problem(rule="encoding", message=f"not UTF-8: {exc.reason}", file=str(path))
        ) from None
    return load_yaml_text(text, str(path))
