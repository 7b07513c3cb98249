"""Killing a process in the middle of apply leaves the ledger with all of the file or none."""

import signal
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from cnab.reconcile import Ledger
from tests.reconcile.builder import beneficiary, boletos, build_return, remessa

REPO = Path(__file__).resolve().parents[2]
LID = "febraban.cnab240.cobranca"
N = 400

CHILD = r"""
import os, sys, time
sys.path.insert(0, sys.argv[1])
from cnab.reconcile import Ledger
mode, db, ret = sys.argv[2], sys.argv[3], sys.argv[4]
def hook(n, d):
    if mode == "exit" and n == 200:
        os._exit(7)                      # dies inside the open transaction
    if mode == "signal":
        print(n, flush=True)
        time.sleep(0.005)
Ledger(db).apply_return(ret, layout="febraban.cnab240.cobranca", on_discharge=hook)
print("done", flush=True)
"""


@pytest.fixture
def seeded(tmp_path):
    ben = beneficiary(LID)
    bols = boletos(LID, N)
    db = tmp_path / "ledger.db"
    with Ledger(db) as ledger:
        ledger.import_boletos(ben, bols)  # registered
    ret = tmp_path / "big.ret"
    ret.write_bytes(build_return(LID, remessa(LID, ben, bols[:1]), [
        {"our_number": b.our_number, "occurrence": "06", "amount": b.amount, "paid_amount": b.amount}
        for b in bols]))
    return db, ret


def _state(db):
    with Ledger(db) as ledger:
        counts = ledger.counts()
        statuses = {b.status for b in ledger.boletos()}
        paid = sum((b.paid_amount or Decimal(0) for b in ledger.boletos()), Decimal(0))
    return counts, statuses, paid


def _assert_none_then_whole(db, ret, before):
    counts, statuses, paid = _state(db)
    assert counts == before and statuses == {"registered"} and paid == 0  # none of it
    with Ledger(db) as ledger:
        res = ledger.apply_return(ret, layout=LID)
        assert len(res.discharges) == N
    counts, statuses, paid = _state(db)
    assert statuses == {"paid"} and counts["discharges"] == N and counts["returns"] == 1
    assert paid == sum(Decimal("100.00") + i for i in range(1, N + 1))  # the whole of it


def test_os_exit_inside_transaction(seeded):
    db, ret = seeded
    before, _, _ = _state(db)
    proc = subprocess.run([sys.executable, "-c", CHILD, str(REPO), "exit", str(db), str(ret)],
                          check=False, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 7, proc.stderr
    _assert_none_then_whole(db, ret, before)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_mid_apply(seeded):
    db, ret = seeded
    before, _, _ = _state(db)
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(REPO), "signal", str(db),
                             str(ret)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        for line in proc.stdout:
            if line.strip().isdigit() and int(line) >= 50:
                proc.send_signal(signal.SIGKILL)
                break
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    _assert_none_then_whole(db, ret, before)
