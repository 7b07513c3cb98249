"""Realistic input data for the writer, shared by tests."""

import datetime as dt
import importlib.util
from decimal import Decimal
from pathlib import Path

import attrs

from cnab.files.models import Beneficiary, Boleto, Payer
from cnab.files.writer import FileInfo

WHEN = FileInfo(sequence=7, generated_at=dt.datetime(2026, 11, 22, 10, 30, 0))


def beneficiary(bank="104", **kw):
    base = dict(bank=bank, name="Empresa Exemplo Ltda", document="11.222.333/0001-81",
                agency="1234", agency_dv="5", account="98765", account_dv="4", wallet="1",
                convenio="123456")
    base.update(kw)
    return Beneficiary(**base)


def payer(i=0):
    return Payer(name=f"José da Silva {i}", document="111.444.777-35",
                 address="Rua das Flores, 10", district="Centro", zip="01001-000",
                 city="São Paulo", state="SP")


def boletos(n=3, start=1):
    return [Boleto(our_number=f"{i:010d}", document_number=f"DOC{i}",
                   due_date=dt.date(2026, 12, 10) + dt.timedelta(days=i % 20),
                   issue_date=dt.date(2026, 11, 22), amount=Decimal("349.90") + i,
                   payer=payer(i), fine=Decimal("2.00") if i % 2 else None,
                   fine_code="2" if i % 2 else "0",
                   fine_date=dt.date(2026, 12, 11) + dt.timedelta(days=i % 20) if i % 2 else None)
            for i in range(start, start + n)]


def _make_samples():
    """tools/make_samples.py: the contracts it knows (fields narrower than the generic data, what
    a layout cannot carry) and how it fits a boleto to one."""
    path = Path(__file__).resolve().parents[2] / "tools" / "make_samples.py"
    spec = importlib.util.spec_from_file_location("make_samples", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_SAMPLES = _make_samples()
CONTRACTS = _SAMPLES.CONTRACTS


def fit(layout_id, ben, items, numbers_only=False):
    """The beneficiary and boletos adjusted to the layout's contract (see CONTRACTS);
    `numbers_only`: the convênio and nossos números only, the boletos' codes left as asked."""
    contract = CONTRACTS.get(layout_id, {})
    for b in items:
        _SAMPLES.fit_boleto(contract, b, codes=not numbers_only)
    if "convenio" in contract:
        ben = attrs.evolve(ben, convenio=contract["convenio"])
    return ben, items
