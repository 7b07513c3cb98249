"""Random occurrence sequences: no discharge lost, no payment counted twice, sums agree."""

import datetime as dt
import hashlib
import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cnab.files.models import Beneficiary, Boleto, Payer
from cnab.reconcile import Ledger
from cnab.reconcile.states import CATEGORIES
from tests.reconcile.helpers import discharge, return_file

OUR_NUMBERS = ["1", "2", "3"]
BEN = Beneficiary(bank="341", name="EMPRESA", document="11222333000181", agency="1234",
                  account="67890")
PAYER = Payer(name="FULANO", document="52998224725")

occurrence = st.tuples(st.sampled_from(OUR_NUMBERS + ["9"]), st.sampled_from(CATEGORIES),
                       st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999.99"),
                                   places=2))
# a file: some occurrences; a run: files, some of them sent again, some títulos repeated
files = st.lists(st.lists(occurrence, min_size=1, max_size=6), min_size=1, max_size=6)


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=files, resend=st.lists(st.integers(0, 10), max_size=4),
       repeat=st.lists(st.tuples(st.integers(0, 10), st.integers(0, 10)), max_size=3))
def test_ledger_never_loses_or_double_counts(files, resend, repeat):
    counter = 0
    built = []
    for f in files:
        ds = []
        for our_number, category, amount in f:
            counter += 1
            ds.append(discharge(our_number, category, n=counter, paid=amount))
        built.append(ds)
    # the same título appearing again inside a later file
    for src, dst in repeat:
        if built and len(built) > 1:
            a, b = src % len(built), dst % len(built)
            if a != b:
                built[b] = built[b] + [built[a][0]]
    rets = []
    for i, ds in enumerate(built):
        sha = hashlib.sha256(str(i).encode()).hexdigest()
        rets.append(return_file(ds, sha=sha))
    order = list(rets) + [rets[i % len(rets)] for i in resend]  # whole files sent again

    with tempfile.TemporaryDirectory() as tmp, Ledger(Path(tmp) / "l.db") as ledger:
        ledger.import_boletos(BEN, [Boleto(our_number=n, due_date=dt.date(2026, 6, 15),
                                           amount=Decimal("100.00"), payer=PAYER)
                                    for n in OUR_NUMBERS], status="opened")
        for ret in order:
            ledger.apply_return(ret)
        stored = ledger.discharges()
        boletos = {b.our_number: b for b in ledger.boletos()}

    submitted = {d.identity for ds in built for d in ds}
    identities = [d["identity"] for d in stored]
    assert sorted(identities) == sorted(submitted)  # each once: none lost, none twice
    settling = [d for d in stored if d["settles"] and d["applied"]]
    per_boleto = {}
    for d in settling:
        per_boleto[d["our_number"]] = per_boleto.get(d["our_number"], 0) + 1
    assert all(n == 1 for n in per_boleto.values())  # never two applied payments
    total_boletos = sum((b.paid_amount or Decimal(0) for b in boletos.values()), Decimal(0))
    total_discharges = sum((Decimal(d["paid_amount"]) for d in settling), Decimal(0))
    assert total_boletos == total_discharges
    for n, b in boletos.items():
        assert (b.status == "paid") == (per_boleto.get(n) == 1)
    assert not any(d["applied"] for d in stored if d["our_number"] == "9")
