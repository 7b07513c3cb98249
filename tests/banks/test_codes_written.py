"""Juros, multa, desconto and protesto codes reach the fields that carry them, bank by bank.

Each of these layouts used to write the boleto's value whatever its FEBRABAN code said: a value
per day written where the bank reads a monthly rate (Sicoob 400, Banestes), a percentage multa
written as reais (Caixa 400, BS2), a multa written with the code "sem multa" (Cresol,
Rendimento and the AUTBANK banks, Fibra), a percentage discount written as a value. Now the
code is translated, or a code the bank has no place for is refused."""

import datetime as dt
from decimal import Decimal

import pytest

from cnab.errors import CnabError
from cnab.files.models import Boleto

from ..files.factory import beneficiary, fit
from .common import render_lines, sample_payer

DUE = dt.date(2027, 1, 10)


def _line(layout_id, bank, index=1, **asks):
    boleto = Boleto(our_number="1234567", due_date=DUE, amount=Decimal("100.00"),
                    payer=sample_payer(), document_number="D1", **asks)
    ben, items = fit(layout_id, beneficiary(bank=bank, agency="1234", account="12345",
                                            convenio="12345"), [boleto],
                     numbers_only=True)
    return render_lines(layout_id, ben, items)[index]


def _cols(line, start, end):  # 1-based, inclusive, as the manuals print them
    return line[start - 1:end]


PER_DAY = {"interest_code": "1", "interest": Decimal("0.45")}
MONTHLY = {"interest_code": "2", "interest": Decimal("2.20")}
FIXED_FINE = {"fine_code": "1", "fine": Decimal("5.00")}
PCT_FINE = {"fine_code": "2", "fine": Decimal("2.00")}
PCT_DISCOUNT = {"discount_code": "2", "discount": Decimal("1.50"),
                "discount_date": DUE - dt.timedelta(days=5)}

# (layout, bank, boleto, [(start, end, text)]): what the detail carries
WRITTEN = [
    ("banestes.cnab400", "021", PER_DAY, [(161, 161, "0"), (162, 173, "000000000045")]),
    ("banestes.cnab400", "021", MONTHLY, [(161, 161, "1"), (162, 173, "000000000220")]),
    ("banestes.cnab400", "021", PCT_FINE, [(73, 73, "1"), (74, 82, "000000200")]),
    ("bs2.cnab400", "218", FIXED_FINE, [(91, 91, "1"), (92, 103, "000000000500"),
                                        (104, 107, "0000")]),
    ("bs2.cnab400", "218", PCT_FINE, [(91, 91, "2"), (92, 103, "000000000000"),
                                      (104, 107, "0200")]),
    ("cresol.cnab400", "133", PCT_FINE, [(66, 66, "2"), (67, 70, "0200")]),
    ("rendimento.cnab400", "633", FIXED_FINE, [(90, 90, "1"), (91, 103, "0000000000500")]),
    ("abc.cnab400", "246", PCT_FINE, [(90, 90, "2"), (91, 103, "0000000000200")]),
    ("fibra.cnab400", "224", PCT_FINE, [(90, 90, "2"), (91, 103, "0000000000200")]),
    ("sicoob.cnab400", "756", MONTHLY, [(161, 166, "022000")]),
    ("sicoob.cnab400", "756", PCT_FINE, [(167, 172, "020000")]),
    ("banrisul.cnab400", "041", PER_DAY, [(161, 161, "0"), (162, 173, "000000000045")]),
    ("banrisul.cnab400", "041", MONTHLY, [(161, 161, "1"), (162, 173, "000000000220")]),
    ("banrisul.cnab400", "041", {}, [(161, 161, "3"), (162, 173, " " * 12)]),
    ("caixa.cnab400.sigcb", "104", FIXED_FINE, [(358, 367, "0000000500")]),
    ("caixa.cnab400.sigcb", "104", {"protest_code": "1", "protest_days": 10},
     [(157, 158, "01"), (392, 393, "10")]),
    ("caixa.cnab400.sigcb", "104", {"writeoff_code": "1", "writeoff_days": "030"},
     [(157, 158, "02"), (392, 393, "30")]),
    ("brb.cnab400.remessa", "070", PCT_DISCOUNT, [(252, 253, "53"), (262, 275, "00000000000150")]),
    ("bb.cnab400", "001", {"protest_code": "1", "protest_days": 15},
     [(157, 158, "06"), (392, 393, "15")]),
    ("bb.cnab400", "001", {"protest_code": "2", "protest_days": 4},
     [(157, 158, "04"), (392, 393, "  ")]),
    ("bb.cnab400", "001", {"protest_code": "1", "protest_days": 45},
     [(157, 158, "45"), (392, 393, "  ")]),
    ("bb.cnab400.convenio6", "001", {"protest_code": "1", "protest_days": 15},
     [(157, 158, "06"), (392, 393, "15")]),
]

# (layout, bank, boleto, field named in the error)
REFUSED = [
    ("banestes.cnab400", "021", FIXED_FINE, "percentual_multa"),
    ("bs2.cnab400", "218", MONTHLY, "juros"),
    ("cresol.cnab400", "133", FIXED_FINE, "codigo_multa"),
    ("sicoob.cnab400", "756", PER_DAY, "taxa_mora"),
    ("sicoob.cnab400", "756", FIXED_FINE, "taxa_multa"),
    ("votorantim.cnab400", "655", MONTHLY, "juros"),
    ("caixa.cnab400.sigcb", "104", PCT_FINE, "valor_multa"),
    ("caixa.cnab400.sigcb", "104", {"protest_code": "2", "protest_days": 5}, "instrucao_1"),
    ("febraban.cnab400.base", "999", PCT_DISCOUNT, "desconto"),
    ("bradesco.cnab400", "237", PCT_DISCOUNT, "desconto"),
    ("bb.cnab400", "001", {"protest_code": "1", "protest_days": 5}, "instrucao_1"),
    ("bb.cnab400", "001", {"protest_code": "4", "protest_days": 5}, "instrucao_1"),
    ("bb.cnab400.convenio6", "001", {"protest_code": "1", "protest_days": 5}, "instrucao_1"),
    ("hsbc.cnab400", "399", {"protest_code": "2", "protest_days": 5}, "prazo_protesto"),
]


@pytest.mark.parametrize("layout_id, bank, asks, expected", WRITTEN)
def test_the_code_reaches_its_field(layout_id, bank, asks, expected):
    line = _line(layout_id, bank, **asks)
    assert [_cols(line, a, b) for a, b, _ in expected] == [text for _, _, text in expected]


@pytest.mark.parametrize("layout_id, bank, asks, field", REFUSED)
def test_a_code_the_bank_cannot_carry_is_refused(layout_id, bank, asks, field):
    with pytest.raises(CnabError, match=rf"\.{field}: "):
        _line(layout_id, bank, **asks)


def test_itau_240_juros_and_desconto_are_values():
    """Segment P has no juros or desconto code at Itaú (118 and 142 are zeros): juros is the
    value of one day, desconto a value (manual notas 13 and 14)."""
    p = _line("itau.cnab240", "341", 2, **PER_DAY, discount_code="1",
              discount=Decimal("3.00"), discount_date=DUE - dt.timedelta(days=5))
    assert _cols(p, 118, 118) == "0" and _cols(p, 127, 141) == "000000000000045"
    assert _cols(p, 142, 142) == "0" and _cols(p, 151, 165) == "000000000000300"
    with pytest.raises(CnabError, match=r"\.juros: "):
        _line("itau.cnab240", "341", 2, **MONTHLY)
    with pytest.raises(CnabError, match=r"\.desconto: "):
        _line("itau.cnab240", "341", 2, **PCT_DISCOUNT)
