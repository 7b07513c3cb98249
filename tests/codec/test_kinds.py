"""The codec refuses what does not fit and names the field and columns."""

from decimal import Decimal

import pytest

from cnab.errors import DecodeError, EncodeError
from cnab.layout.registry import Registry

from pathlib import Path

GOOD = Path(__file__).resolve().parent.parent / "fixtures" / "layouts" / "good"


@pytest.fixture(scope="module")
def detalhe():
    reg = Registry([GOOD])
    layout = reg.layout("test.base")
    return reg.codecs(layout)["detalhe"]


def test_decimal_is_exact(detalhe):
    line = detalhe.encode({"valor": Decimal("349.90")})
    assert line[1:16] == "000000000034990"
    assert detalhe.decode(line)["valor"] == Decimal("349.90")


def test_float_money_is_refused(detalhe):
    with pytest.raises(EncodeError) as exc:
        detalhe.encode({"valor": 349.9})
    assert "float" in str(exc.value)
    assert "detalhe.valor" in str(exc.value)


@pytest.mark.parametrize("value, reason", [
    (Decimal("1.234"), "more than 2 decimal places"),
    (Decimal("-1"), "non-negative"),
    (Decimal("10000000000000"), "needs 16 positions, the field has 15"),
])
def test_values_that_do_not_fit(detalhe, value, reason):
    with pytest.raises(EncodeError) as exc:
        detalhe.encode({"valor": value})
    assert reason in str(exc.value)


def test_unknown_field_is_refused(detalhe):
    with pytest.raises(EncodeError) as exc:
        detalhe.encode({"valr": Decimal(1)})
    assert "'valr' is not a field of detalhe" in str(exc.value)


def test_decode_names_line_columns_field(detalhe):
    line = "1" + "00000000003A990" + " " * 224
    with pytest.raises(DecodeError) as exc:
        detalhe.decode(line, line_number=7, file="x.ret")
    assert str(exc.value.problems[0]) == (
        "x.ret:7:2-16: detalhe.valor: '00000000003A990' is not numeric (picture 9(13)V99)")


def test_short_line(detalhe):
    with pytest.raises(DecodeError) as exc:
        detalhe.decode("1" + "0" * 15, line_number=2)
    assert "line is 16 characters long, the record has 240" in str(exc.value)


def test_text_normalised_for_banks():
    reg = Registry([GOOD])
    header = reg.codecs(reg.layout("test.base"))["header"]
    line = header.encode({"conta": 12, "dv": "ç"})
    assert line[:12] == "00000000012C"
    with pytest.raises(EncodeError) as exc:
        header.encode({"dv": "€"})
    assert "not accepted by the bank" in str(exc.value)


@pytest.mark.parametrize("value", [Decimal("Infinity"), Decimal("NaN"), "x", 2])
def test_a_constant_given_another_value_is_an_encode_error(detalhe, value):
    with pytest.raises(EncodeError) as exc:
        detalhe.encode({"tipo": value})
    assert "differs from the constant '1'" in str(exc.value)
