"""Regenerate samples/: for every layout, a remessa written by our Writer from realistic data
and a retorno answering it (Writer with direction="retorno": 02, 06 and 09 occurrences). Run:
python tools/make_samples.py [folder]

A file our writer cannot yet fill, or that would not pass our own strict validation as the same
layout, is reported and skipped, never faked.
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
from cnab.layout.checkdigits import mod11

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
ONE_DAY = dt.timedelta(days=1)
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
        due = dt.date(2026, 12, 10) + dt.timedelta(days=5 * i)
        out.append(Boleto(
            our_number=f"{1000 + i}", document_number=f"NF{2026000 + i}", due_date=due,
            issue_date=dt.date(2026, 11, 20), amount=Decimal("349.90") * i, payer=payer,
            interest_code="1", interest=Decimal("0.12") * i, interest_date=due + ONE_DAY,
            # a 2 % multa from the day after the due date, except for the second boleto
            fine_code="2" if i != 2 else "0", fine=Decimal("2.00") if i != 2 else None,
            fine_date=due + ONE_DAY if i != 2 else None,
            company_use=f"PEDIDO-{i:05d}"))
    return out


# the generic FEBRABAN layouts are written for a bank code that no bank layout claims
GENERIC_BANK = "999"


def beneficiary(bank: str, convenio: str | None = None) -> Beneficiary:
    return Beneficiary(bank=bank, name="Loja Exemplo Comercio Ltda", document="11.444.777/0001-61",
                       agency="1234", agency_dv="5", account="12345", account_dv="7",
                       wallet="1", convenio=convenio or "1234567", variation="019")


# Contracts whose fields are narrower than the generic sample data: Caixa's 6-digit and
# Sicredi's 5-digit código do beneficiário; BB's 6-digit convênio, which also numbers its nossos
# números inside its own range (convênio + 5 digits, checked by the layout).
CONTRACTS = {
    # layouts with no place for a multa refuse a boleto that has one: their samples have none
    "febraban.cnab400.base": {"no_fine": True},
    "citibank.cnab400": {"no_fine": True},
    "daycoval.cnab400": {"no_fine": True},
    "sicoob.cnab400.correspondente": {"no_fine": True},
    # Caixa 400 carries a multa as a value only (its samples' multa is R$ 2,00, not 2 %), Sicoob
    # 400 juros as a monthly rate only (0,12 % a month, not R$ 0,12 a day)
    "caixa.cnab400.sigcb": {"fine_code": "1"},
    "sicoob.cnab400": {"interest_code": "2"},
    # no place for the company's own reference (uso da empresa; Sicredi below): refused, left out
    "brb.cnab400.remessa": {"no_company_use": True},
    "credisis.cnab400": {"no_company_use": True},
    "caixa.cnab240.sigcb": {"convenio": "123456"},
    "sicredi.cnab400": {"convenio": "12345", "no_company_use": True},
    "bb.cnab400.convenio6": {"convenio": "123456", "our_number": lambda n: f"123456{int(n) % 100000:05d}"},
}


def inputs(layout) -> tuple[Beneficiary, list[Boleto]]:
    contract = CONTRACTS.get(layout.id, {})
    ben = beneficiary(layout.bank or GENERIC_BANK, contract.get("convenio"))
    items = boletos()
    for b in items:
        fit_boleto(contract, b)
    return ben, items


def fit_boleto(contract: dict, b: Boleto, codes: bool = True) -> None:
    """The boleto changed, in place, to what the contract's layout can carry (with codes=False
    its nosso número only)."""
    if "our_number" in contract:
        b.our_number = contract["our_number"](b.our_number)
    if not codes:
        return
    if contract.get("no_fine"):
        b.fine_code, b.fine, b.fine_date = "0", None, None
    elif b.fine_code != "0" and "fine_code" in contract:
        b.fine_code = contract["fine_code"]
    if b.interest_code == "1" and "interest_code" in contract:
        b.interest_code = contract["interest_code"]
    if contract.get("no_company_use"):
        b.company_use = ""


def nfe_key(first43: str) -> str:
    """An NF-e access key: UF, AAMM, CNPJ, modelo 55, série, número, tpEmis, código + its DV."""
    return first43 + str(mod11(first43, map={0: 0, 1: 0}))


def main(target: Path = SAMPLES) -> int:
    target.mkdir(exist_ok=True)
    registry = cnab.default_registry()
    for layout_id in registry.layout_ids():
        layout = registry.layout(layout_id)
        if "remessa" not in layout.directions():
            continue
        name = layout_id.replace(".", "-") + ".REM"
        try:
            Writer(layout).write(*inputs(layout), target / name, WHEN)
        except CnabError as exc:
            print(f"skipped {layout_id}: {exc.problems[0]}", file=sys.stderr)
            continue
        print(f"wrote {target / name}")
    # Itaú's "CNAB 444": the same layout, for boletos that carry their NF-e access key
    itau = registry.layout("itau.cnab400")
    ben, items = inputs(itau)
    for i, b in enumerate(items, start=1):
        b.nfe_key = nfe_key(f"3526111144477700016155001{i:09d}1{i:08d}")
    Writer(itau).write(ben, items, target / "itau-cnab400-nfe.REM", WHEN)
    print(f"wrote {target / 'itau-cnab400-nfe.REM'}")
    for layout_id in registry.layout_ids():
        layout = registry.layout(layout_id)
        if "retorno" not in layout.directions():
            continue
        name = layout_id.replace(".", "-") + ".RET"
        try:
            text = Writer(layout, direction="retorno").render(inputs(layout)[0], answers(), WHEN)
        except CnabError as exc:
            print(f"skipped {name}: {exc.problems[0]}", file=sys.stderr)
            continue
        reader = cnab.read(text.encode("latin-1"), strict=True, errors="collect")
        titles = list(reader)
        if reader.layout.id != layout_id or reader.problems or len(titles) != 3:
            why = reader.problems[0] if reader.problems else f"read as {reader.layout.id}"
            print(f"skipped {name}: does not read back: {why}", file=sys.stderr)
            continue
        (target / name).write_bytes(text.encode("latin-1"))
        print(f"wrote {target / name}")
    return 0


def answers() -> list[dict]:
    """The bank's answer to boletos(): registered, paid (with interest), written off."""
    out = []
    for (code, paid), b in zip((("02", None), ("06", "1"), ("09", None)), boletos()):
        item = {"our_number": b.our_number, "document_number": b.document_number,
                "occurrence": code, "due_date": b.due_date, "amount": b.amount,
                "occurrence_date": dt.date(2026, 12, 18)}
        if paid:
            item.update(paid_amount=b.amount + Decimal("3.60"), interest=Decimal("3.60"),
                        bank_rate=Decimal("2.50"), net_amount=b.amount + Decimal("1.10"),
                        credit_date=dt.date(2026, 12, 19))
        out.append(item)
    return out


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else SAMPLES))
