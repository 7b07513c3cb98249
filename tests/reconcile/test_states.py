"""Walk the state machine: every allowed (status, category) and every forbidden one."""

import datetime as dt
from decimal import Decimal

import pytest

from cnab.layout.tables import CATEGORIES as TABLE_CATEGORIES
from cnab.reconcile import BoletoState, reconcile
from cnab.reconcile.states import CATEGORIES, STATUSES, TRANSITIONS, forbidden, transition
from tests.reconcile.helpers import discharge, return_file

EXPECTED = {
    ("opened", "registered"): "registered", ("opened", "rejected"): "rejected",
    ("opened", "fee"): "opened", ("opened", "info"): "opened",
    ("rejected", "fee"): "rejected", ("rejected", "info"): "rejected",
    ("registered", "settled"): "paid", ("registered", "written_off"): "written_off",
    ("registered", "protested"): "protested", ("registered", "changed"): "registered",
    ("registered", "rejected"): "registered", ("registered", "fee"): "registered",
    ("registered", "info"): "registered",
    ("protested", "settled"): "paid", ("protested", "written_off"): "written_off",
    ("protested", "protested"): "protested", ("protested", "changed"): "protested",
    ("protested", "rejected"): "protested", ("protested", "fee"): "protested",
    ("protested", "info"): "protested",
    ("written_off", "settled"): "paid", ("written_off", "fee"): "written_off",
    ("written_off", "info"): "written_off",
    ("paid", "fee"): "paid", ("paid", "info"): "paid",
}


def test_categories_are_the_table_categories():
    assert tuple(CATEGORIES) == tuple(TABLE_CATEGORIES)


def test_table_is_exactly_the_expected_machine():
    assert {k: t.target for k, t in TRANSITIONS.items()} == EXPECTED
    assert set(forbidden()) == {(s, c) for s in STATUSES for c in CATEGORIES} - set(EXPECTED)
    settling = {k for k, t in TRANSITIONS.items() if t.settle}
    assert settling == {(s, "settled") for s in ("registered", "protested", "written_off")}
    assert {k for k, t in TRANSITIONS.items() if t.apply_changes} == {
        ("registered", "changed"), ("protested", "changed")}


def _state(status):
    return BoletoState(our_number="1", bank="341", amount=Decimal("100.00"),
                       due_date=dt.date(2026, 6, 15), status=status)


@pytest.mark.parametrize("status,category", sorted(EXPECTED))
def test_allowed_transition_is_applied(status, category):
    res = reconcile([_state(status)], return_file([discharge("1", category)]))
    (d,) = res.discharges
    assert d.applied
    assert res.boletos[("341", "1")].status == EXPECTED[(status, category)]
    kinds = [a.kind for a in res.anomalies]
    assert kinds == (["rejected"] if category == "rejected" else [])
    if EXPECTED[(status, category)] != status:
        assert res.changes["1"]["status"] == [status, EXPECTED[(status, category)]]
        assert res.events[1]["event_code"] == f"bank_billet.{EXPECTED[(status, category)]}"
    else:
        assert "status" not in res.changes.get("1", {})


@pytest.mark.parametrize("status,category", sorted(forbidden()))
def test_forbidden_transition_is_an_anomaly_never_applied(status, category):
    res = reconcile([_state(status)], return_file([discharge("1", category)]))
    (d,) = res.discharges  # never dropped: the discharge record is kept
    assert not d.applied
    assert res.boletos[("341", "1")].status == status
    assert res.changes == {}
    expected = "duplicate_payment" if (status, category) == ("paid", "settled") else \
        "forbidden_transition"
    kinds = [a.kind for a in res.anomalies if a.kind != "rejected"]
    assert kinds == [expected]
    assert [e["event_code"] for e in res.events] == ["bank_billet_discharge.created",
                                                     "discharge.processed"]
    assert transition(status, category) is None


def test_change_applies_due_date_amount_rebate_status_unchanged():
    d = discharge("1", "changed", amount=Decimal("150.00"), due_date=dt.date(2026, 7, 1))
    import attrs
    d = attrs.evolve(d, rebate=Decimal("5.00"))
    res = reconcile([_state("registered")], return_file([d]))
    assert res.changes == {"1": {"due_date": ["2026-06-15", "2026-07-01"],
                                 "amount": ["100.00", "150.00"], "rebate": [None, "5.00"]}}
    assert res.events[1]["event_code"] == "bank_billet.changed"
    assert res.boletos[("341", "1")].status == "registered"


def test_anomalies_unknown_foreign_double_payment_over_under():
    from cnab.reconcile import Account

    mine = _state("registered")
    mine.account = Account(bank="341", document="11222333000181", agency="1234",
                           account="67890")
    other = BoletoState(our_number="2", bank="341", amount=Decimal("10.00"), status="registered",
                        account=Account(bank="341", document="99888777000166"))
    ds = [
        discharge("1", "settled", n=0, paid=Decimal("110.00"),
                  account={"document": "11222333000181", "agency": "01234"}),
        discharge("1", "settled", n=1, paid=Decimal("110.00")),
        discharge("2", "settled", n=2, account={"document": "11222333000181"}),
        discharge("404", "settled", n=3),
        discharge("1", "info", n=4, code="77", known=False),
    ]
    res = reconcile([mine, other], return_file(ds))
    assert [(a.kind, a.our_number) for a in res.anomalies] == [
        ("overpaid", "1"), ("duplicate_payment", "1"), ("foreign_account", "2"),
        ("unknown_our_number", "404"), ("unknown_occurrence", "1")]
    assert res.anomalies[0].detail["difference"] == "10.00"
    assert [d.applied for d in res.discharges] == [True, False, False, False, True]
    assert res.boletos[("341", "1")].paid_amount == Decimal("110.00")
    assert ("341", "2") not in res.boletos  # the other beneficiary's boleto is untouched
    assert other.status == "registered"
