"""Property: for every layout that can write, random boletos written by our writer read back
strictly valid, as the same layout, with the same títulos (amount, due date, document number)."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cnab
from cnab.files.models import Boleto, Payer
from cnab.files.writer import Writer

from .factory import WHEN, beneficiary, fit

REGISTRY = cnab.default_registry()
WRITABLE = [lid for lid in REGISTRY.layout_ids()
            if "remessa" in REGISTRY.layout(lid).directions()]

# values that fit every bank's fields (the narrowest: nosso número 7 digits, seu número 10,
# payer name 30, two-digit years)
boleto = st.builds(
    lambda n, doc, due, cents, name: Boleto(
        our_number=str(n), document_number=doc, due_date=due,
        issue_date=dt.date(2020, 1, 1), amount=Decimal(cents).scaleb(-2),
        payer=Payer(name=name, document="11144477735", address="RUA A, 1", district="CENTRO",
                    zip="01001000", city="SAO PAULO", state="SP")),
    st.integers(1, 999_999),
    st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1, max_size=10),
    st.dates(dt.date(2020, 1, 2), dt.date(2060, 12, 31)),
    st.integers(1, 99_999_999_99),
    st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=30),
)


@pytest.mark.parametrize("layout_id", WRITABLE)
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(items=st.lists(boleto, min_size=1, max_size=5))
def test_write_read_round_trip(layout_id, items):
    layout = REGISTRY.layout(layout_id)
    ben = beneficiary(bank=layout.bank or "999", agency="1234", account="12345",
                      convenio="1234567")
    ben, items = fit(layout_id, ben, items)
    data = Writer(layout).render(ben, items, WHEN).encode("latin-1")
    reader = cnab.read(data, strict=True, errors="collect")
    titles = list(reader)
    assert reader.layout.id == layout_id
    assert [str(p) for p in reader.problems] == []
    assert [(t.view["amount"], t.view["due_date"]) for t in titles] == [
        (b.amount, b.due_date) for b in items]
    docs = [t.view["document_number"] for t in titles]
    assert all(d is None or str(d).strip().lstrip("0") == b.document_number.lstrip("0")
               for d, b in zip(docs, items)), docs
