import pytest

from cnab.layout.checkdigits import mod10, mod11
from cnab.layout.expr import Env, ExprError, aggregates_in, evaluate, parse_expr


class Names(Env):
    def __init__(self, **values):
        self.values = values

    def name(self, parts):
        return self.values[".".join(parts)]


def test_arithmetic_strings_and_logic():
    env = Names(a=3, b="12", c="X")
    assert evaluate("a * 2 + 1", env) == 7
    assert evaluate("b + c", env) == "12X"
    assert evaluate("1 if a > 2 and not false else 0", env) == 1
    assert evaluate("zfill(b, 5)", env) == "00012"
    assert evaluate("substr('abcdef', 1, 3)", env) == "bc"
    assert evaluate("[1, 2] if false else {1: 'x'}", env) == {1: "x"}


@pytest.mark.parametrize("text", [
    '__import__("os")', "open('x')", "a.__class__", "x(", "seq('foo')", "sum('file', 'x')",
    "count(a)", "eval('1')", "1 +", "'" + "x" * 3000 + "'",
])
def test_refused(text):
    with pytest.raises(ExprError):
        parse_expr(text)


def test_aggregates_found():
    assert aggregates_in('count("batch") + sum("file", "detalhe.valor")') == {
        ("count", "batch"), ("sum", "file", "detalhe.valor")}


def test_type_errors_are_expr_errors():
    with pytest.raises(ExprError):
        evaluate("'a' - 1", Names())


# Worked examples from the manuals (shared/reference/domain-facts.md §5.2)
def test_bradesco_mod11_base7():
    rule = dict(weights=[2, 3, 4, 5, 6, 7], map={0: "0", 1: "P"})
    assert mod11("19" + "00000000002", **rule) == 8
    assert mod11("19" + "00000000001", **rule) == "P"
    assert mod11("19" + "00000000006", **rule) == "0"


def test_bb_mod11_weights_9_to_2():
    assert mod11("05009401448", weights=[9, 8, 7, 6, 5, 4, 3, 2], complement=False,
                 map={10: "X"}) == 1


def test_itau_mod10():
    assert mod10("0057" + "72192" + "198" + "98712345") == 1
    assert mod10("0057" + "12345" + "110" + "12345678") == 8
    assert mod10("005712345") == 7


def test_santander_and_caixa_mod11():
    assert mod11("566612457800", map={0: 0, 1: 0, 10: 1}) == 2
    assert mod11("14000000000000019", map={0: 0, 1: 0}) == 7


def test_sicoob_3197_left_to_right():
    rule = dict(weights=[3, 1, 9, 7], direction="left", map={0: 0, 1: 0})
    assert mod11("0001" + "0000000019" + "0000021", **rule) == 8
    assert mod11("4615" + "0000000000" + "0000000", **rule) == 4
    assert mod11("4351" + "0000000000" + "0000000", **rule) == 0


def test_expression_mod11_with_from_keyword():
    env = Names(coop="0001", cli="0000000019", nn="0000021")
    assert evaluate('mod11(coop + cli + nn, weights=[3,1,9,7], from="left", map={0: 0, 1: 0})',
                    env) == 8
