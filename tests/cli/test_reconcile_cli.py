"""`cnab generate --ledger`, `cnab reconcile`, `cnab ledger import|list`."""

from __future__ import annotations

import json

import attrs

from cnab.reconcile import verify
from tests.cli.test_cli import run, sub
from tests.reconcile.builder import beneficiary, boletos, build_return, remessa

LAYOUT = "febraban.cnab240.cobranca"


def _world(tmp_path):
    ben, bols = beneficiary(LAYOUT), boletos(LAYOUT, 3)
    doc = {"beneficiary": attrs.asdict(ben),
           "boletos": [{"our_number": b.our_number, "due_date": b.due_date.isoformat(),
                        "amount": str(b.amount), "document_number": b.document_number,
                        "issue_date": b.issue_date.isoformat(), "payer": attrs.asdict(b.payer)}
                       for b in bols]}
    src = tmp_path / "boletos.json"
    src.write_text(json.dumps(doc))
    rem = remessa(LAYOUT, ben, bols)
    confirm = build_return(LAYOUT, rem, [dict(our_number=b.our_number, occurrence="02",
                                              amount=b.amount, due_date=b.due_date)
                                         for b in bols], seq=1)
    pay = build_return(LAYOUT, rem, [dict(our_number=bols[0].our_number, occurrence="06",
                                          amount=bols[0].amount, due_date=bols[0].due_date,
                                          paid_amount=bols[0].amount),
                                     dict(our_number="00000000099", occurrence="06",
                                          amount=1, paid_amount=1)], seq=2)
    (tmp_path / "r1.ret").write_bytes(confirm)
    (tmp_path / "r2.ret").write_bytes(pay)
    return src, bols


def test_generate_record_reconcile_list(tmp_path, monkeypatch):
    src, bols = _world(tmp_path)
    db = tmp_path / "ledger.db"
    r = run("generate", "--layout", LAYOUT, src, "--ledger", db, "-o", tmp_path,
            "--generated-at", "2026-06-01T09:30:00")
    assert r.exit_code == 0, r.stderr
    r = run("ledger", "list", "--ledger", db, "--format", "json")
    assert [b["status"] for b in json.loads(r.stdout)] == ["opened"] * 3

    monkeypatch.setenv("HOOK_SECRET", "s3cr3t")
    events = tmp_path / "events.jsonl"
    r = run("reconcile", tmp_path / "r1.ret", "--ledger", db, "--events", events,
            "--secret", "HOOK_SECRET")
    assert r.exit_code == 0, r.stdout + r.stderr
    assert "3 discharge(s), 3 boleto(s) changed, 0 anomaly(ies)" in r.stderr
    r = run("ledger", "list", "--ledger", db, "--status", "registered", "--format", "csv")
    assert len(r.stdout.splitlines()) == 4

    r = run("reconcile", tmp_path / "r2.ret", "--ledger", db, "--events", events,
            "--secret", "HOOK_SECRET")
    assert r.exit_code == 1  # the unknown nosso número is an anomaly
    assert "anomaly unknown_our_number" in r.stdout
    lines = events.read_text().splitlines()
    assert lines and all(verify(line, "s3cr3t") for line in lines)
    assert any(json.loads(x)["event_code"] == "bank_billet.paid" for x in lines)

    again = run("reconcile", tmp_path / "r2.ret", "--ledger", db)
    assert again.exit_code == 0 and "already applied" in again.stderr
    r = run("ledger", "list", "--ledger", db, "--status", "paid", "--format", "json")
    [paid] = json.loads(r.stdout)
    assert paid["our_number"] == bols[0].our_number and paid["paid_amount"] == "101.00"


def test_reconcile_refuses_remessa_and_missing(tmp_path):
    db = tmp_path / "ledger.db"
    from tests.cli.test_cli import FIXTURES

    r = run("reconcile", FIXTURES / "valid.rem", "--ledger", db)
    assert r.exit_code == 1 and "not a return" in r.stderr
    r = run("reconcile", tmp_path / "none.ret", "--ledger", db)
    assert r.exit_code == 2
    r = run("reconcile", FIXTURES / "valid.rem", "--ledger", db, "--secret", "NO_SUCH_VAR_X")
    assert r.exit_code == 2 and "NO_SUCH_VAR_X" in r.stderr


def test_ledger_import_and_duplicates(tmp_path):
    src, _ = _world(tmp_path)
    db = tmp_path / "ledger.db"
    r = run("ledger", "import", src, "--ledger", db)
    assert r.exit_code == 0, r.stderr
    r = run("ledger", "list", "--ledger", db)
    assert r.exit_code == 0 and r.stdout.count("registered") == 3
    r = run("ledger", "import", src, "--ledger", db)
    assert r.exit_code == 1 and "already in the ledger" in r.stderr
    assert run("ledger", "list", "--ledger", tmp_path / "nope.db").exit_code == 2


def test_subprocess_reconcile(tmp_path):
    src, _ = _world(tmp_path)
    db = tmp_path / "ledger.db"
    assert sub("ledger", "import", src, "--ledger", db, "--status", "opened").returncode == 0
    p = sub("reconcile", tmp_path / "r1.ret", "--ledger", db, "--events", "-")
    assert p.returncode == 0, p.stderr
    assert len(p.stdout.splitlines()) >= 3
