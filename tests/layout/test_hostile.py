"""Layout files are untrusted input: hostile YAML is refused quickly, with a clear error."""

import time

import pytest

from cnab.errors import LayoutError
from cnab.layout.expr import ExprError, parse_expr
from cnab.layout.registry import Registry
from cnab.layout.yamlload import load_yaml_text

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(8))


@pytest.mark.parametrize("text, rule", [
    (BOMB, "yaml-anchor"),
    ("x: " + "[" * 50 + "]" * 50, "yaml-depth"),
    ("x: !!python/object/apply:os.system ['echo pwned']", "yaml-tag"),
    ("x: !!python/name:os.system", "yaml-tag"),
    ("x: " + "9" * 5000, "yaml-value"),
    ("x: 1\nx: 2", "duplicate-key"),
    ("x: [unclosed", "yaml-syntax"),
    ("x" * 2_000_001, "yaml-size"),
])
def test_hostile_yaml_refused_fast(text, rule):
    start = time.monotonic()
    with pytest.raises(LayoutError) as exc:
        load_yaml_text(text, "evil.yaml")
    assert time.monotonic() - start < 2
    assert exc.value.problems[0].rule == rule
    assert exc.value.problems[0].file == "evil.yaml"


@pytest.mark.parametrize("expr", [
    "__import__('os').system('x')", "().__class__", "getattr(x, 'y')", "exec('1')",
    "mod11.__globals__", "lambda: 1", "[x for x in y]", "x[0]", "a; b",
])
def test_expressions_cannot_reach_python(expr):
    with pytest.raises(ExprError):
        parse_expr(expr)


def test_layout_with_python_expression_refused(tmp_path):
    (tmp_path / "evil.yaml").write_text(
        "layout: evil\nline_length: 240\ndetect: {record: h, when: {}}\nrecords:\n"
        "  h:\n    role: file_header\n    match: {t: '0'}\n    fields:\n"
        "      - {name: t, pos: [1, 1], pic: '9', const: '0'}\n"
        "      - {name: r, pos: [2, 240], pic: X(239), compute: \"__import__('os')\"}\n")
    problems = Registry([tmp_path]).check()
    assert len(problems) == 1
    assert problems[0].rule == "expression" and problems[0].field == "r"
    assert "unknown function __import__()" in problems[0].message
