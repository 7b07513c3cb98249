"""Two `cnab reconcile` processes on one ledger never double-apply; a ledger that cannot be
written gives a clear error and stays as it was."""

import os
import subprocess
import sys
from decimal import Decimal

import pytest

from cnab.errors import LedgerError
from cnab.reconcile import Ledger
from tests.reconcile.builder import beneficiary, boletos, build_return, remessa

LID = "febraban.cnab240.cobranca"


@pytest.fixture
def seeded(tmp_path):
    ben = beneficiary(LID)
    bols = boletos(LID, 50)
    db = tmp_path / "ledger.db"
    with Ledger(db) as ledger:
        ledger.import_boletos(ben, bols)
    ret = tmp_path / "pay.ret"
    ret.write_bytes(build_return(LID, remessa(LID, ben, bols[:1]), [
        {"our_number": b.our_number, "occurrence": "06", "amount": b.amount,
         "paid_amount": b.amount} for b in bols]))
    return db, ret, bols


def test_two_processes_apply_the_same_return_once(seeded):
    db, ret, bols = seeded
    cmd = [sys.executable, "-m", "cnab", "reconcile", str(ret), "--ledger", str(db),
           "--layout", LID, "--format", "json"]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode in (0, 1) for p in procs), outs
    with Ledger(db) as ledger:
        assert len(ledger.returns()) == 1
        assert len(ledger.discharges()) == 50
        paid = sum((b.paid_amount or Decimal(0) for b in ledger.boletos()), Decimal(0))
    assert paid == sum((b.amount for b in bols), Decimal(0))


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_ledger_file_is_a_clear_error(seeded):
    db, ret, _ = seeded
    before = db.read_bytes()
    db.chmod(0o444)
    with pytest.raises(LedgerError) as exc:
        with Ledger(db) as ledger:
            ledger.apply_return(ret, layout=LID)
    assert "read" in str(exc.value).lower()
    assert db.read_bytes() == before


@pytest.mark.parametrize("pragma, words", [
    ("PRAGMA query_only = 1", "readonly database"),       # what a read-only file gives
    ("PRAGMA max_page_count = 1", "database or disk is full"),  # what a full disk gives
])
def test_unwritable_ledger_is_a_clear_error_and_unchanged(seeded, pragma, words):
    """Root ignores chmod, so SQLite is put in the same failure states by pragma."""
    db, ret, _ = seeded
    before = db.read_bytes()
    with Ledger(db) as ledger:
        ledger.conn.execute(pragma)
        with pytest.raises(LedgerError) as exc:
            ledger.apply_return(ret, layout=LID)
    assert words in str(exc.value) and "nothing was changed" in str(exc.value)
    assert db.read_bytes() == before
    with Ledger(db) as ledger:
        assert ledger.returns() == [] and ledger.discharges() == []
