"""Every layout that has remessa records writes a file that our own strict validation passes,
detects back as the same layout, and re-reads to the same títulos."""

import pytest

import cnab
from cnab.files.writer import Writer

from .factory import WHEN, beneficiary, boletos, fit

REGISTRY = cnab.default_registry()
WRITABLE = [lid for lid in REGISTRY.layout_ids()
            if "remessa" in REGISTRY.layout(lid).directions()]

def _short_beneficiary(layout):
    return beneficiary(bank=layout.bank or "999", agency="1234", account="12345",
                       convenio="1234567")


@pytest.mark.parametrize("layout_id", WRITABLE)
def test_remessa_round_trip(layout_id):
    layout = REGISTRY.layout(layout_id)
    items = boletos(3)
    for i, b in enumerate(items, start=1):
        b.payer.district = "CENTRO"
        b.our_number = str(100 + i)  # short enough for every bank's nosso número field
    ben, items = fit(layout_id, _short_beneficiary(layout), items)
    data = Writer(layout).render(ben, items, WHEN).encode("latin-1")
    reader = cnab.read(data, strict=True, errors="collect")
    titles = list(reader)
    assert reader.layout.id == layout_id
    assert reader.direction == "remessa"
    assert [str(p) for p in reader.problems] == []
    assert [t.view["amount"] for t in titles] == [b.amount for b in items]
    assert [t.view["due_date"] for t in titles] == [b.due_date for b in items]


@pytest.mark.parametrize("layout_id", WRITABLE)
def test_optional_records_are_written_only_when_asked(layout_id):
    """A record that joins a título and takes nothing from the inputs would be written empty for
    every boleto (a rateio or PIX record of zeros): it must say when it is written."""
    layout = REGISTRY.layout(layout_id)
    silent = [rec.name for rec in layout.records_for("remessa")
              if rec.role == "detail" and rec.title == "part" and rec.write_when is None
              and not any(f.source for f in rec.fields)]
    assert silent == []
