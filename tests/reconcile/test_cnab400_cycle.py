"""The reconciliation cycle on a CNAB 400 layout (Itaú): remessa by our Writer into the ledger,
then the bank's answers written by Writer(direction="retorno"): 02 for all, then 06 (one
underpaid) and 09, each return applied twice."""

import datetime as dt
from decimal import Decimal

import cnab
from cnab.files.models import Beneficiary, Boleto, Payer
from cnab.files.writer import FileInfo, Writer
from cnab.reconcile import Ledger

LAYOUT = "itau.cnab400"
GENERATED = dt.datetime(2026, 6, 1, 9, 30)
NOW = dt.datetime(2026, 6, 16, 14, 0, tzinfo=dt.timezone.utc)


def _world(tmp_path):
    ben = Beneficiary(bank="341", name="EMPRESA TESTE LTDA", document="11222333000181",
                      agency="1234", account="67890", account_dv="1", wallet="109")
    payer = Payer(name="Maria Souza", document="111.444.777-35", address="Rua A, 1",
                  district="Centro", zip="01001-000", city="Sao Paulo", state="SP")
    bols = [Boleto(our_number=f"{i:08d}", due_date=dt.date(2026, 7, i), payer=payer,
                   amount=Decimal("100.00") + i, document_number=f"NF{i}") for i in (1, 2, 3)]
    ledger = Ledger(tmp_path / "ledger.db", clock=lambda: NOW)
    ledger.record_remittance(ben, bols, LAYOUT, file=FileInfo(1, GENERATED))
    return ben, bols, ledger


def _answer(ben, items, seq):
    return Writer(LAYOUT, direction="retorno").render(
        ben, items, FileInfo(seq, GENERATED + dt.timedelta(days=seq))).encode("latin-1")


def _apply_twice(ledger, data, name):
    first = ledger.apply_return(data, name=name, layout=LAYOUT)
    again = ledger.apply_return(data, name=name, layout=LAYOUT)
    assert again.already_applied and again.changes == {} and again.discharges == []
    return first


def test_cnab400_cycle(tmp_path):
    ben, bols, ledger = _world(tmp_path)
    nn = [b.our_number for b in bols]
    registered = _answer(ben, [{"our_number": b.our_number, "occurrence": "02",
                                "amount": b.amount, "due_date": b.due_date,
                                "occurrence_date": dt.date(2026, 6, 2)} for b in bols], 1)
    assert cnab.read(registered, strict=True, errors="collect").problems == []
    res = _apply_twice(ledger, registered, "r1.ret")
    assert res.anomalies == [] and set(res.changes) == set(nn)
    assert [b.status for b in ledger.boletos()] == ["registered"] * 3

    paid = _answer(ben, [
        {"our_number": nn[0], "occurrence": "06", "amount": bols[0].amount,
         "due_date": bols[0].due_date, "paid_amount": Decimal("101.00"),
         "occurrence_date": dt.date(2026, 6, 15), "credit_date": dt.date(2026, 6, 16)},
        {"our_number": nn[1], "occurrence": "06", "amount": bols[1].amount,
         "due_date": bols[1].due_date, "paid_amount": Decimal("90.00"),
         "occurrence_date": dt.date(2026, 6, 15), "credit_date": dt.date(2026, 6, 16)},
        {"our_number": nn[2], "occurrence": "09", "amount": bols[2].amount,
         "due_date": bols[2].due_date, "occurrence_date": dt.date(2026, 6, 15)}], 2)
    res = _apply_twice(ledger, paid, "r2.ret")
    assert [(a.kind, a.our_number) for a in res.anomalies] == [("underpaid", nn[1])]
    assert [(b.our_number, b.status, b.paid_amount) for b in ledger.boletos()] == [
        (nn[0], "paid", Decimal("101.00")), (nn[1], "paid", Decimal("90.00")),
        (nn[2], "written_off", None)]
    d0 = res.discharges[0]
    assert (d0.occurrence, d0.settles, d0.paid_amount) == ("06", True, Decimal("101.00"))
    assert d0.line == 2 and len(d0.raw[0]) == 400
