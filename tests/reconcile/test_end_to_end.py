"""Remessa written by our Writer -> ledger -> returns 02 / 06+09 / 17, on three layouts."""

import datetime as dt
import json
from decimal import Decimal

import pytest

from cnab.files.writer import FileInfo
from cnab.reconcile import Ledger, reconcile
from tests.reconcile.builder import GENERATED, SETUPS, beneficiary, boletos, build_return, remessa

TZ = dt.timezone(dt.timedelta(hours=-3))
NOW = dt.datetime(2026, 6, 16, 14, 5, 42, tzinfo=TZ)
LAYOUTS = list(SETUPS)


def _summary(events):
    return [(e["event_code"], e["object"].get("our_number"), e["changes"]) for e in events]


@pytest.fixture
def world(tmp_path, request):
    lid = request.param
    ben = beneficiary(lid)
    bols = boletos(lid, 5)
    ledger = Ledger(tmp_path / "ledger.db", clock=lambda: NOW)
    out = ledger.record_remittance(ben, bols, lid, file=FileInfo(1, GENERATED))
    yield lid, ben, bols, ledger, out
    ledger.close()


def _apply_twice(ledger, data, name, lid):
    before = ledger.counts()
    first = ledger.apply_return(data, name=name, layout=lid)
    after = ledger.counts()
    again = ledger.apply_return(data, name=name, layout=lid)
    assert again.already_applied and not again.changed and again.changes == {}
    assert again.discharges == [] and again.events == []
    assert ledger.counts() == after
    assert "already applied" in again.summary()
    assert after["returns"] == before["returns"] + 1
    return first


@pytest.mark.parametrize("world", LAYOUTS, indirect=True)
def test_full_cycle(world):
    lid, ben, bols, ledger, out = world
    nn = [b.our_number for b in bols]
    assert out["text"] == remessa(lid, ben, bols)
    assert [b.status for b in ledger.boletos()] == ["opened"] * 5
    assert ledger.events()[0]["event_code"] == "remittance.processed"
    assert ledger.counts()["remittance_lines"] == 4 + 2 * 5  # headers, trailers, P+Q each

    # 1. entrada confirmada for all
    r1 = build_return(lid, out["text"], [
        {"our_number": b.our_number, "occurrence": "02", "amount": b.amount, "due_date": b.due_date,
             "document_number": b.document_number} for b in bols], seq=1)
    res = _apply_twice(ledger, r1, "ret1.ret", lid)
    assert res.anomalies == []
    assert res.changes == {n: {"status": ["opened", "registered"],
                               "registration_status": ["pending", "confirmed"]} for n in nn}
    assert [d.kind for d in res.discharges] == ["registration"] * 5
    assert all(d.applied for d in res.discharges)
    assert _summary(res.events) == [
        x for n in nn for x in (
            ("bank_billet_discharge.created", n, {}),
            ("bank_billet.registered", n, {"status": ["opened", "registered"],
                                           "registration_status": ["pending", "confirmed"]}))
    ] + [("discharge.processed", None, {})]
    assert [b.status for b in ledger.boletos("registered")] == ["registered"] * 5

    # 2. liquidação for 0 (exact) and 1 (underpaid); baixa for 2 and 3; 4 stays registered
    credit = dt.date(2026, 6, 17)
    r2 = build_return(lid, out["text"], [
        {"our_number": nn[0], "occurrence": "06", "amount": bols[0].amount, "due_date": bols[0].due_date,
             "paid_amount": bols[0].amount, "credit_date": credit, "date": dt.date(2026, 6, 15),
             "bank_rate": Decimal("1.50")},
        {"our_number": nn[1], "occurrence": "06", "amount": bols[1].amount,
             "due_date": bols[1].due_date, "paid_amount": Decimal("90.00"), "credit_date": credit,
             "date": dt.date(2026, 6, 15), "discount": Decimal("12.00")},
        {"our_number": nn[2], "occurrence": "09", "amount": bols[2].amount, "due_date": bols[2].due_date},
        {"our_number": nn[3], "occurrence": "09", "amount": bols[3].amount, "due_date": bols[3].due_date},
    ], seq=2)
    res = _apply_twice(ledger, r2, "ret2.ret", lid)
    paid0 = {"status": ["registered", "paid"], "paid_amount": [None, "101.00"],
             "paid_at": [None, "2026-06-15"], "credit_at": [None, "2026-06-17"]}
    paid1 = {"status": ["registered", "paid"], "paid_amount": [None, "90.00"],
             "paid_at": [None, "2026-06-15"], "credit_at": [None, "2026-06-17"]}
    wo = {"status": ["registered", "written_off"]}
    assert res.changes == {nn[0]: paid0, nn[1]: paid1, nn[2]: wo, nn[3]: wo}
    assert [(a.kind, a.our_number, a.detail.get("difference")) for a in res.anomalies] == [
        ("underpaid", nn[1], "-12.00")]
    assert _summary(res.events) == [
        ("bank_billet_discharge.created", nn[0], {}), ("bank_billet.paid", nn[0], paid0),
        ("bank_billet_discharge.created", nn[1], {}), ("bank_billet.paid", nn[1], paid1),
        ("bank_billet_discharge.created", nn[2], {}), ("bank_billet.written_off", nn[2], wo),
        ("bank_billet_discharge.created", nn[3], {}), ("bank_billet.written_off", nn[3], wo),
        ("discharge.processed", None, {}),
    ]
    paid_event = res.events[1]
    assert paid_event["occurred_at"] == "2026-06-16T14:05:42-03:00"
    assert paid_event["object"]["status"] == "paid"
    assert paid_event["object"]["amount"] == "101.00"
    assert paid_event["object"]["paid_amount"] == "101.00"
    assert paid_event["object"]["credit_at"] == "2026-06-17"
    d0 = res.discharges[0]
    assert (d0.occurrence, d0.category, d0.kind, d0.settles, d0.bank_rate, d0.paid_amount) == \
        ("06", "settled", "payment", True, Decimal("1.50"), Decimal("101.00"))
    assert d0.occurrence_detail  # the bank's own text
    assert d0.file == "ret2.ret" and d0.line == 3 and len(d0.raw) == 2
    assert d0.fields["segmento_u"]["valor_pago"] == "101.00"

    # 3. liquidação após baixa for 2
    r3 = build_return(lid, out["text"], [
        {"our_number": nn[2], "occurrence": "17", "amount": bols[2].amount, "due_date": bols[2].due_date,
             "paid_amount": bols[2].amount, "credit_date": dt.date(2026, 6, 20),
             "date": dt.date(2026, 6, 19)}], seq=3, generated=dt.date(2026, 6, 19))
    res = _apply_twice(ledger, r3, "ret3.ret", lid)
    late = {"status": ["written_off", "paid"], "paid_amount": [None, "103.00"],
            "paid_at": [None, "2026-06-19"], "credit_at": [None, "2026-06-20"]}
    assert res.changes == {nn[2]: late}
    assert _summary(res.events) == [("bank_billet_discharge.created", nn[2], {}),
                                    ("bank_billet.paid", nn[2], late),
                                    ("discharge.processed", None, {})]

    # final state
    assert [(b.our_number, b.status, b.paid_amount) for b in ledger.boletos()] == [
        (nn[0], "paid", Decimal("101.00")), (nn[1], "paid", Decimal("90.00")),
        (nn[2], "paid", Decimal("103.00")), (nn[3], "written_off", None),
        (nn[4], "registered", None)]
    stored = ledger.discharges()
    assert [(d["our_number"], d["occurrence"], d["kind"], d["applied"]) for d in stored] == \
        [(n, "02", "registration", True) for n in nn] + [
            (nn[0], "06", "payment", True), (nn[1], "06", "payment", True),
            (nn[2], "09", "write_off", True), (nn[3], "09", "write_off", True),
            (nn[2], "17", "payment", True)]
    assert all(d["raw"] and d["fields"] and d["file"] and d["line"] for d in stored)
    codes = [e["event_code"] for e in ledger.events()]
    assert codes.count("discharge.processed") == 3
    assert codes.count("bank_billet_discharge.created") == 10
    assert codes.count("bank_billet.paid") == 3

    # the same título in another file changes nothing, and says so
    r4 = build_return(lid, out["text"], [
        {"our_number": nn[2], "occurrence": "17", "amount": bols[2].amount, "due_date": bols[2].due_date,
             "paid_amount": bols[2].amount, "credit_date": dt.date(2026, 6, 20),
             "date": dt.date(2026, 6, 19)}], seq=9, generated=dt.date(2026, 6, 22))
    events_before = len(ledger.events())
    res = ledger.apply_return(r4, name="ret4.ret", layout=lid)
    assert not res.already_applied and len(res.duplicates) == 1 and res.discharges == []
    assert res.changes == {} and "already applied before" in res.summary()
    assert len(ledger.events()) == events_before

    # money is TEXT in SQLite, never REAL
    types = {r[0] for r in ledger.conn.execute(
        "SELECT typeof(paid_amount) FROM boletos UNION SELECT typeof(amount) FROM boletos "
        "UNION SELECT typeof(paid_amount) FROM discharges")}
    assert "real" not in types and "text" in types


@pytest.mark.parametrize("world", LAYOUTS[:1], indirect=True)
def test_pure_function_matches_ledger(world):
    lid, ben, bols, ledger, out = world
    r1 = build_return(lid, out["text"], [
        {"our_number": b.our_number, "occurrence": "02", "amount": b.amount} for b in bols])
    states = ledger.boletos()
    pure = reconcile(states, r1, name="x.ret", layout=lid, now=NOW)
    assert [b.status for b in states] == ["opened"] * 5  # inputs are not mutated
    stored = ledger.apply_return(r1, name="x.ret", layout=lid)
    assert pure.changes == stored.changes
    assert pure.events == stored.events
    assert [d.identity for d in pure.discharges] == [d.identity for d in stored.discharges]
    # the pure form also takes Boleto models (treated as registered) with their beneficiary
    r2 = build_return(lid, out["text"], [{"our_number": bols[0].our_number, "occurrence": "06",
                                              "amount": bols[0].amount,
                                              "paid_amount": bols[0].amount}], seq=2)
    res = reconcile(bols, r2, beneficiary=ben, layout=lid, now=NOW)
    assert res.changes[bols[0].our_number]["status"] == ["registered", "paid"]
    assert json.dumps(res.as_dict())  # JSON-ready
