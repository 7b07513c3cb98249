"""A boleto's multa (FEBRABAN fine_code 2 = percentage, `fine` the rate) reaches each CNAB 400
layout that has a multa field: these fields used to be written empty whatever the boleto said,
so the bank charged no multa. A fixed-value multa (code 1), which these layouts cannot carry, is
refused rather than written as something else."""

import datetime as dt
from decimal import Decimal

import pytest

from cnab.errors import CnabError
from cnab.files.models import Boleto

from ..files.factory import beneficiary, fit
from .common import render_lines, sample_payer

# layout -> (bank, columns of the multa code or None, expected code text, columns of the rate,
#            expected rate text for 2 %)
CASES = {
    "bradesco.cnab400": ("237", (65, 66), "2", (66, 70), "0200"),
    "uniprime.cnab400": ("084", (65, 66), "2", (66, 70), "0200"),
    "sicredi.cnab400": ("748", None, None, (92, 96), "0200"),
    "c6.cnab400": ("336", (381, 382), "2", (382, 384), "02"),
    "banrisul.cnab400": ("041", None, None, (321, 324), "020"),
    "bnb.cnab400": ("004", None, None, (31, 33), "02"),
    "inter.cnab400": ("077", (65, 66), "2", (79, 83), "0200"),
}


def _detail(layout_id, **fine):
    bank = CASES[layout_id][0]
    boleto = Boleto(our_number="1234567", due_date=dt.date(2027, 1, 10), amount=Decimal("100"),
                    payer=sample_payer(), fine_date=dt.date(2027, 1, 11), **fine)
    ben, items = fit(layout_id, beneficiary(bank=bank, agency="1234", account="12345",
                                            convenio="12345"), [boleto])
    return render_lines(layout_id, ben, items)[1]


@pytest.mark.parametrize("layout_id", CASES)
def test_a_percentage_multa_is_written(layout_id):
    _, code_at, code, rate_at, rate = CASES[layout_id]
    d = _detail(layout_id, fine_code="2", fine=Decimal("2.00"))
    assert d[slice(*rate_at)] == rate
    if code_at:
        assert d[slice(*code_at)] == code
    none = _detail(layout_id)  # the boleto's default: no multa
    assert set(none[slice(*rate_at)]) <= {"0", " "}


@pytest.mark.parametrize("layout_id", [lid for lid in CASES if lid != "inter.cnab400"])
def test_a_fixed_value_multa_is_refused(layout_id):
    with pytest.raises(CnabError):
        _detail(layout_id, fine_code="1", fine=Decimal("5.00"))


@pytest.mark.parametrize("layout_id, bank, boleto, why", [
    ("citibank.cnab400", "745", {"fine_code": "2", "fine": Decimal("2.00")}, "multa"),
    ("daycoval.cnab400", "707", {"fine_code": "2", "fine": Decimal("2.00")}, "multa"),
    ("sicoob.cnab400.correspondente", "756", {"fine_code": "2", "fine": Decimal("2.00")},
     "multa"),
    ("credisis.cnab400", "097", {"rebate": Decimal("5.00")}, "abatimento"),
    ("bs2.cnab400", "218", {"rebate": Decimal("5.00")}, "abatimento"),
])
def test_what_a_layout_has_no_place_for_is_refused(layout_id, bank, boleto, why):
    """The layout's `refuse:` rules: never registered without the multa or abatimento asked for."""
    ben, items = fit(layout_id, beneficiary(bank=bank, agency="1234", account="12345",
                                            convenio="12345"), [Boleto(
        our_number="1234567", due_date=dt.date(2027, 1, 10), amount=Decimal("100"),
        payer=sample_payer(), fine_date=dt.date(2027, 1, 11), **boleto)])
    if "fine" in boleto:  # fit() clears the multa of these contracts' samples: put it back
        for b in items:
            b.fine_code, b.fine = boleto["fine_code"], boleto["fine"]
    with pytest.raises(CnabError) as exc:
        render_lines(layout_id, ben, items)
    (p,) = [p for p in exc.value.problems if p.rule == "not-supported"]
    assert why in p.message and p.record == "boletos[0]"
