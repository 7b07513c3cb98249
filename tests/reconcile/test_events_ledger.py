"""Events (JSON lines, HMAC signatures) and ledger plumbing (schema, refusals, queries)."""

import datetime as dt
import io
import json
import sqlite3
from decimal import Decimal

import pytest

from cnab.errors import LedgerError
from cnab.files.writer import FileInfo
from cnab.reconcile import SCHEMA_VERSION, Ledger, make_event, sign, to_line, verify
from cnab.reconcile.events import read_lines, write_lines
from tests.reconcile.builder import GENERATED, beneficiary, boletos, build_return

LID = "febraban.cnab240.cobranca"
TZ = dt.timezone(dt.timedelta(hours=-3))
NOW = dt.datetime(2026, 6, 16, 14, 5, 42, tzinfo=TZ)


def test_event_line_shape_and_signature():
    e = make_event("bank_billet.paid", {"our_number": "00000012345", "bank": "341",
                                        "status": "paid", "amount": Decimal("1250.00"),
                                        "paid_amount": Decimal("1289.90"),
                                        "paid_at": dt.date(2026, 6, 15),
                                        "credit_at": dt.date(2026, 6, 16)},
                   {"status": ["registered", "paid"], "paid_amount": [None, Decimal("1289.90")]},
                   occurred_at="2026-06-16T14:05:42-03:00")
    line = to_line(e)
    assert json.loads(line) == {
        "event_code": "bank_billet.paid", "occurred_at": "2026-06-16T14:05:42-03:00",
        "object": {"our_number": "00000012345", "bank": "341", "status": "paid",
                   "amount": "1250.00", "paid_amount": "1289.90", "paid_at": "2026-06-15",
                   "credit_at": "2026-06-16"},
        "changes": {"status": ["registered", "paid"], "paid_amount": [None, "1289.90"]}}
    signed = to_line(e, secret="s3cret")
    sig = json.loads(signed)["signature"]
    assert sig.startswith("sha256=") and len(sig) == 7 + 64 and sig == sign(e, "s3cret")
    assert verify(signed, "s3cret")
    assert not verify(signed, "other")
    tampered = json.loads(signed)
    tampered["object"]["paid_amount"] = "1.00"
    assert not verify(tampered, "s3cret")
    assert not verify(line, "s3cret")  # unsigned
    with pytest.raises(ValueError):
        make_event("bank_billet.exploded", {})
    with pytest.raises(TypeError):
        make_event("bank_billet.paid", {"amount": 1.5})


def _ledger(tmp_path):
    ben = beneficiary(LID)
    bols = boletos(LID, 3)
    ledger = Ledger(tmp_path / "l.db", clock=lambda: NOW)
    out = ledger.record_remittance(ben, bols, LID, file=FileInfo(1, GENERATED))
    return ledger, bols, out["text"]


def test_ledger_events_export_signed_jsonl(tmp_path):
    ledger, bols, text = _ledger(tmp_path)
    ret = build_return(LID, text, [{"our_number": b.our_number, "occurrence": "02",
                                        "amount": b.amount} for b in bols])
    ledger.apply_return(ret, layout=LID)
    buf = io.StringIO()
    last = ledger.write_events(buf, secret="k")
    lines = buf.getvalue().splitlines()
    assert len(lines) == 1 + 3 * 2 + 1 and last == 8
    assert all(verify(line, "k") for line in lines)
    codes = [json.loads(line)["event_code"] for line in lines]
    assert codes[0] == "remittance.processed" and codes[-1] == "discharge.processed"
    buf2 = io.StringIO()
    assert ledger.write_events(buf2, since=last) == last and buf2.getvalue() == ""
    buf3 = io.StringIO()
    write_lines([json.loads(lines[1])], buf3)
    assert read_lines(io.StringIO(buf3.getvalue()))[0]["event_code"] == \
        "bank_billet_discharge.created"
    ledger.close()


def test_schema_versioned_and_reopen(tmp_path):
    ledger, _, _ = _ledger(tmp_path)
    ledger.close()
    again = Ledger(tmp_path / "l.db")
    assert again.schema_version == SCHEMA_VERSION
    rows = again.conn.execute("SELECT version FROM schema_version").fetchall()
    assert [r[0] for r in rows] == list(range(1, SCHEMA_VERSION + 1))
    assert len(again.boletos("opened")) == 3
    again.conn.execute("INSERT INTO schema_version VALUES (999)")
    again.close()
    with pytest.raises(LedgerError, match="newer"):
        Ledger(tmp_path / "l.db")


def test_refuses_broken_or_non_return_files(tmp_path):
    ledger, bols, text = _ledger(tmp_path)
    ret = build_return(LID, text, [{"our_number": b.our_number, "occurrence": "02",
                                        "amount": b.amount} for b in bols])
    truncated = b"".join(ret.splitlines(keepends=True)[:-2])
    with pytest.raises(LedgerError, match="nothing applied"):
        ledger.apply_return(truncated, layout=LID)
    with pytest.raises(LedgerError, match="not a return"):
        ledger.apply_return(text.encode("latin-1"), layout=LID, accept_problems=True)
    assert ledger.counts()["returns"] == 0
    res = ledger.apply_return(truncated, layout=LID, accept_problems=True)
    assert [p.rule for p in res.problems if p.severity == "error"]
    assert len(res.discharges) == 3  # trailers cut, títulos whole
    ledger.close()


def test_rejection_reasons_unknown_occurrence_and_change(tmp_path):
    ledger, bols, text = _ledger(tmp_path)
    nn = [b.our_number for b in bols]
    ret = build_return(LID, text, [
        {"our_number": nn[0], "occurrence": "03", "amount": bols[0].amount, "reasons": ["08", "09"]},
        {"our_number": nn[1], "occurrence": "02", "amount": bols[1].amount},
        {"our_number": nn[2], "occurrence": "02", "amount": bols[2].amount},
    ])
    res = ledger.apply_return(ret, layout=LID)
    rej = res.discharges[0]
    assert rej.kind == "rejection" and rej.occurrence_error == "08,09"
    assert rej.occurrence_error_detail.startswith("08 ") and "; 09 " in rej.occurrence_error_detail
    assert [a.kind for a in res.anomalies] == ["rejected"]
    assert res.anomalies[0].detail["reasons"][0][0] == "08"
    assert ledger.boleto(nn[0]).status == "rejected"
    assert ledger.boleto(nn[0]).registration_status == "rejected"
    ret2 = build_return(LID, text, [
        {"our_number": nn[1], "occurrence": "14", "amount": bols[1].amount,
             "due_date": dt.date(2026, 7, 10)},
        {"our_number": nn[2], "occurrence": "88", "amount": bols[2].amount},
    ], seq=2)
    res = ledger.apply_return(ret2, layout=LID)
    assert res.changes == {nn[1]: {"due_date": ["2026-06-15", "2026-07-10"]}}
    assert [(a.kind, a.our_number) for a in res.anomalies] == [("unknown_occurrence", nn[2])]
    assert res.discharges[1].category == "info" and res.discharges[1].kind == "info"
    assert ledger.boleto(nn[1]).due_date == dt.date(2026, 7, 10)
    assert ledger.boleto(nn[1]).status == "registered"
    assert len(ledger.anomalies()) == 2
    # a rejected entry can be sent again: it starts over as opened
    ledger.record_remittance(beneficiary(LID), bols[:1], LID, file=FileInfo(2, GENERATED))
    assert ledger.boleto(nn[0]).status == "opened"
    with pytest.raises(LedgerError, match="already in the ledger"):
        ledger.record_remittance(beneficiary(LID), bols[1:2], LID, file=FileInfo(3, GENERATED))
    assert len(ledger.boletos()) == 3
    ledger.close()


def test_locked_ledger_is_a_ledger_error(tmp_path):
    ledger, bols, text = _ledger(tmp_path)
    other = sqlite3.connect(tmp_path / "l.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        blocked = Ledger(tmp_path / "l.db", timeout=0.1)
        ret = build_return(LID, text, [{"our_number": bols[0].our_number, "occurrence": "02"}])
        with pytest.raises(LedgerError, match="the ledger is busy in another process"):
            blocked.apply_return(ret, layout=LID)
        blocked.close()
    finally:
        other.execute("ROLLBACK")
        other.close()
    ledger.close()
