"""Nothing a boleto asks for is dropped: for every remessa layout and every input of
models.ASKS, a boleto that asks through that input is either written differently from one that
does not, or refused. A layout that reads no such input refuses it by itself (carried.py)."""

import datetime as dt
from decimal import Decimal

import pytest

import cnab
from cnab.errors import CnabError, InputError
from cnab.files.carried import inputs_read, unread_asks
from cnab.files.models import ASKS, Boleto, Payer
from cnab.files.writer import Writer

from .factory import WHEN, beneficiary, fit

REGISTRY = cnab.default_registry()
WRITABLE = [lid for lid in REGISTRY.layout_ids()
            if "remessa" in REGISTRY.layout(lid).directions()]
DUE = dt.date(2027, 1, 10)
LATER = DUE + dt.timedelta(days=5)

# input -> (what the boleto asks with it, the same boleto without that input): the second is
# what the written file must differ from
ASKING = {
    "document_number": ({"document_number": "D2"}, {"document_number": "D1"}),
    "movement": ({"movement": "02"}, {}),
    "accept": ({"accept": "A"}, {}),
    "interest_code": ({"interest_code": "2", "interest": Decimal("1.00")},
                      {"interest_code": "1", "interest": Decimal("1.00")}),
    "interest": ({"interest_code": "1", "interest": Decimal("0.50")}, {}),
    "interest_date": ({"interest_code": "1", "interest": Decimal("0.50"), "interest_date": LATER},
                      {"interest_code": "1", "interest": Decimal("0.50")}),
    "fine_code": ({"fine_code": "1", "fine": Decimal("2.00")},
                  {"fine_code": "2", "fine": Decimal("2.00")}),
    "fine": ({"fine_code": "2", "fine": Decimal("2.00")}, {}),
    "fine_date": ({"fine_code": "2", "fine": Decimal("2.00"), "fine_date": LATER},
                  {"fine_code": "2", "fine": Decimal("2.00")}),
    "discount_code": ({"discount_code": "2", "discount": Decimal("1.50"),
                       "discount_date": DUE - dt.timedelta(days=5)},
                      {"discount_code": "1", "discount": Decimal("1.50"),
                       "discount_date": DUE - dt.timedelta(days=5)}),
    "discount": ({"discount_code": "1", "discount": Decimal("3.00")}, {}),
    "discount_date": ({"discount_code": "1", "discount": Decimal("3.00"),
                       "discount_date": DUE - dt.timedelta(days=5)},
                      {"discount_code": "1", "discount": Decimal("3.00")}),
    "iof": ({"iof": Decimal("1.00")}, {}),
    "rebate": ({"rebate": Decimal("2.00")}, {}),
    "protest_code": ({"protest_code": "2", "protest_days": 5},
                     {"protest_code": "1", "protest_days": 5}),
    "protest_days": ({"protest_code": "1", "protest_days": 5}, {}),
    "writeoff_code": ({"writeoff_code": "1", "writeoff_days": "030"}, {}),
    "writeoff_days": ({"writeoff_code": "1", "writeoff_days": "030"}, {"writeoff_code": "1"}),
    "instructions": ({"instructions": ("06",)}, {}),
    "company_use": ({"company_use": "REF-9"}, {}),
    "message": ({"message": "Não receber após o vencimento"}, {}),
    "nfe_key": ({"nfe_key": "35200714200166000187550010000000071000000076"}, {}),
    "correspondent_our_number": ({"correspondent_our_number": "1234567890123"}, {}),
    "guarantor": ({"guarantor": Payer(name="Sacador Ltda", document="11.444.777/0001-61")}, {}),
}


def test_every_input_that_asks_has_a_case():
    assert sorted(ASKING) == sorted(ASKS)


def _payer():
    return Payer(name="Maria Souza", document="111.444.777-35", address="Rua A, 1",
                 district="Centro", zip="01001-000", city="São Paulo", state="SP")


def _render(writer, layout_id, **asks):
    fields = {"document_number": "D1", **asks}
    boleto = Boleto(our_number="1234567", due_date=DUE, amount=Decimal("100.00"),
                    payer=_payer(), issue_date=DUE - dt.timedelta(days=30), **fields)
    ben, items = fit(layout_id, beneficiary(bank=writer.layout.bank or "999", agency="1234",
                                            account="12345", convenio="12345"), [boleto],
                     numbers_only=True)
    return writer.render(ben, items, WHEN)


@pytest.mark.parametrize("layout_id", WRITABLE)
def test_an_input_that_asks_is_written_or_refused(layout_id):
    writer = Writer(layout_id)
    lost = []
    for name, (asks, without) in ASKING.items():
        if layout_id in NO_FINE and name.startswith("fine"):
            continue  # the layout refuses every multa (its own `refuse:` rule)
        try:
            written = _render(writer, layout_id, **asks)
        except CnabError:
            continue
        try:
            if written == _render(writer, layout_id, **without):
                lost.append(name)
        except CnabError:
            continue  # the boleto without it is refused: what it asks cannot be compared
    assert lost == []


NO_FINE = {lid for lid in WRITABLE
           if any("fine_code" in when for when, _ in REGISTRY.layout(lid).refuse)}


def test_an_input_no_record_reads_is_refused_by_name():
    layout = REGISTRY.layout("febraban.cnab400.base")
    assert "boleto.fine" not in inputs_read(layout, layout.records_for("remessa"))
    with pytest.raises(InputError) as caught:
        _render(Writer(layout), layout.id, fine_code="2", fine=Decimal("2.00"))
    problems = {p.field: p for p in caught.value.problems}
    assert set(problems) == {"boleto.fine", "boleto.fine_code"}
    assert problems["boleto.fine"].rule == "no-place"
    assert "febraban.cnab400.base has no place for fine = 2.00" in problems["boleto.fine"].message


def test_rules_count_as_reading_an_input():
    """A `refuse:` rule that names an input is the layout's own answer to it: the generic
    refusal does not add a second problem."""
    layout = REGISTRY.layout("citibank.cnab400")
    names = {name for name, _ in unread_asks(layout, layout.records_for("remessa"))}
    assert "fine_code" not in names and "fine" in names


@pytest.mark.parametrize("date_field, code", [("fine_date", {"fine_code": "2"}),
                                              ("interest_date", {"interest_code": "1"})])
def test_a_start_date_the_bank_assumes_anyway_asks_nothing(date_field, code):
    asks = ASKS[date_field]

    def boleto(**kw):
        return Boleto(our_number="1", due_date=DUE, amount=Decimal("1"), payer=_payer(), **kw)

    assert not asks(boleto(**code))
    assert not asks(boleto(**code, **{date_field: DUE}))
    assert not asks(boleto(**code, **{date_field: DUE + dt.timedelta(days=1)}))
    assert asks(boleto(**code, **{date_field: DUE + dt.timedelta(days=2)}))
    assert not asks(boleto(**{date_field: LATER}))  # no multa/juros: its date asks nothing


def test_protest_days_without_a_protest_code_is_a_problem():
    boleto = Boleto(our_number="1", due_date=DUE, amount=Decimal("1"), payer=_payer(),
                    protest_days=5)
    assert [p.rule for p in boleto.problems(0)] == ["no-code"]
    boleto.protest_code = "1"
    assert boleto.problems(0) == []


def test_a_guarantor_read_through_its_attributes_is_carried():
    """The layout reads guarantor.name, guarantor.document ..., never boleto.guarantor: the
    boleto's guarantor is written, not refused."""
    layout = REGISTRY.layout("febraban.cnab240.cobranca")
    names = {name for name, _ in unread_asks(layout, layout.records_for("remessa"))}
    assert "guarantor" not in names
    asks, _ = ASKING["guarantor"]
    assert "SACADOR LTDA" in _render(Writer(layout), layout.id, **asks).upper()
