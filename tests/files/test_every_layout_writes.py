"""Every layout that has remessa records writes a file that our own strict validation passes,
detects back as the same layout, and re-reads to the same títulos."""

import pytest

import cnab
from cnab.errors import CnabError
from cnab.files.writer import Writer

from .factory import WHEN, beneficiary, boletos

REGISTRY = cnab.default_registry()
WRITABLE = [lid for lid in REGISTRY.layout_ids()
            if "remessa" in REGISTRY.layout(lid).directions()]

# Layouts whose remessa our writer cannot yet fill from the input models, with the reason.
# strict xfail: the day one starts working, the test fails until it is removed from here.
NOT_YET = {}


def _short_beneficiary(layout):
    return beneficiary(bank=layout.bank or "104", agency="1234", account="12345",
                       convenio="1234567")


@pytest.mark.parametrize("layout_id", [
    pytest.param(lid, marks=pytest.mark.xfail(strict=True, reason=NOT_YET[lid]))
    if lid in NOT_YET else lid for lid in WRITABLE])
def test_remessa_round_trip(layout_id):
    layout = REGISTRY.layout(layout_id)
    items = boletos(3)
    for i, b in enumerate(items, start=1):
        b.payer.district = "CENTRO"
        b.our_number = str(100 + i)  # short enough for every bank's nosso número field
    data = Writer(layout).render(_short_beneficiary(layout), items, WHEN).encode("latin-1")
    reader = cnab.read(data, strict=True, errors="collect")
    titles = list(reader)
    assert reader.layout.id == layout_id
    assert reader.direction == "remessa"
    assert [str(p) for p in reader.problems] == []
    assert [t.view["amount"] for t in titles] == [b.amount for b in items]
    assert [t.view["due_date"] for t in titles] == [b.due_date for b in items]
