"""Applying a return to boletos, as a pure function (no store, no clock unless given).

Why pure: the ledger is one way to keep boletos, not the only one. `reconcile(boletos, return)`
answers "what would this return do?" for any caller; the ledger runs the very same code inside
its transaction and only persists what comes out. Each título goes through the state machine
(states.TRANSITIONS); what it refuses becomes an anomaly, never a silent change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

import attrs

from cnab.files.models import Beneficiary, Boleto
from cnab.reconcile.discharge import Discharge, ReturnFile, our_number_key, read_return
from cnab.reconcile.events import STATUS_EVENT, jsonable, make_event, now_iso
from cnab.reconcile.states import REGISTRATION_OF, transition

#: boleto attributes reported in changes, in this order.
TRACKED = ("status", "registration_status", "due_date", "amount", "rebate", "paid_amount",
           "paid_at", "credit_at")

ANOMALY_KINDS = ("unknown_our_number", "underpaid", "overpaid", "duplicate_payment",
                 "foreign_account", "rejected", "forbidden_transition", "unknown_occurrence")


@attrs.define
class Account:
    """Which beneficiary account a boleto belongs to; empty parts are not compared."""

    bank: str = ""
    document: str = ""
    agency: str = ""
    account: str = ""
    convenio: str = ""

    @classmethod
    def of(cls, beneficiary: Beneficiary) -> Account:
        return cls(bank=beneficiary.bank, document=beneficiary.document,
                   agency=str(beneficiary.agency or ""), account=str(beneficiary.account or ""),
                   convenio=str(beneficiary.convenio or ""))

    def matches(self, file_account: dict) -> bool:
        """False only when the return names a different document or agency/account."""
        for mine, theirs in ((self.document, file_account.get("document")),
                             (self.agency, file_account.get("agency")),
                             (self.account, file_account.get("account"))):
            a, b = _digits_key(mine), _digits_key(theirs)
            if a and b and a != b:
                return False
        return True


def _digits_key(v) -> str:
    text = "".join(c for c in str(v or "") if c.isalnum()).upper()
    return text.lstrip("0") if text.strip("0") else ""


@attrs.define
class BoletoState:
    """What reconciliation knows of one boleto. Money is Decimal, dates are dates."""

    our_number: str
    bank: str
    amount: Decimal | None = None
    due_date: dt.date | None = None
    status: str = "opened"
    registration_status: str = "pending"
    document_number: str = ""
    rebate: Decimal | None = None
    paid_amount: Decimal | None = None
    paid_at: dt.date | None = None
    credit_at: dt.date | None = None
    account: Account | None = None
    id: int | None = None

    @classmethod
    def from_boleto(cls, boleto: Boleto, beneficiary: Beneficiary, status: str = "opened",
                    registration_status: str | None = None) -> BoletoState:
        return cls(our_number=str(boleto.our_number).strip(), bank=beneficiary.bank,
                   amount=boleto.amount, due_date=boleto.due_date, status=status,
                   registration_status=registration_status or (
                       "confirmed" if status not in ("opened", "rejected") else
                       "rejected" if status == "rejected" else "pending"),
                   document_number=boleto.document_number or "", rebate=boleto.rebate,
                   account=Account.of(beneficiary))

    @property
    def key(self) -> tuple[str, str]:
        return (self.bank, our_number_key(self.our_number))

    def snapshot(self) -> dict:
        """The event `object` for this boleto."""
        return jsonable({"our_number": self.our_number, "bank": self.bank,
                         "document_number": self.document_number, "status": self.status,
                         "registration_status": self.registration_status,
                         "amount": self.amount, "due_date": self.due_date, "rebate": self.rebate,
                         "paid_amount": self.paid_amount, "paid_at": self.paid_at,
                         "credit_at": self.credit_at})

    def values(self) -> dict:
        return {k: getattr(self, k) for k in TRACKED}


@attrs.frozen
class Anomaly:
    kind: str
    message: str
    our_number: str | None = None
    bank: str | None = None
    occurrence: str | None = None
    file: str | None = None
    line: int | None = None
    identity: str | None = None
    detail: dict = attrs.field(factory=dict)

    def as_dict(self) -> dict:
        return jsonable(attrs.asdict(self))


@attrs.define
class ApplyResult:
    """What applying a return did (or, with already_applied, that it had been done before)."""

    file: str
    sha256: str
    layout: str
    bank: str
    discharges: list = attrs.field(factory=list)  # new Discharge records (applied or not)
    duplicates: list = attrs.field(factory=list)  # títulos seen before: nothing done
    anomalies: list = attrs.field(factory=list)
    changes: dict = attrs.field(factory=dict)  # our_number -> {attr: [old, new]}
    events: list = attrs.field(factory=list)
    boletos: dict = attrs.field(factory=dict)  # key -> BoletoState after the return
    problems: list = attrs.field(factory=list)
    already_applied: bool = False
    return_id: int | None = None

    @property
    def changed(self) -> bool:
        return bool(self.discharges) and not self.already_applied

    def summary(self) -> str:
        if self.already_applied:
            return f"{self.file}: already applied (sha256 {self.sha256[:12]}), nothing changed"
        text = (f"{self.file}: {len(self.discharges)} discharge(s), {len(self.changes)} boleto(s)"
                f" changed, {len(self.anomalies)} anomaly(ies)")
        if self.duplicates:
            text += f", {len(self.duplicates)} título(s) already applied before (skipped)"
        return text

    def as_dict(self) -> dict:
        return jsonable({
            "file": self.file, "sha256": self.sha256, "layout": self.layout, "bank": self.bank,
            "already_applied": self.already_applied,
            "changes": self.changes,
            "discharges": [d.as_dict(with_source=False) for d in self.discharges],
            "duplicates": [d.identity for d in self.duplicates],
            "anomalies": [a.as_dict() for a in self.anomalies],
        })


def _anomaly(kind: str, message: str, d: Discharge, **detail) -> Anomaly:
    return Anomaly(kind=kind, message=message, our_number=d.our_number, bank=d.bank,
                   occurrence=d.occurrence, file=d.file, line=d.line, identity=d.identity,
                   detail=jsonable(detail))


def find_boleto(boletos: dict, d: Discharge):
    """(boleto, foreign): the boleto this título is about, and whether it is someone else's."""
    candidates = boletos.get(d.key) or []
    for b in candidates:
        if b.account is None or b.account.matches(d.account):
            return b, False
    return (candidates[0], True) if candidates else (None, False)


def index_boletos(boletos: Iterable[BoletoState]) -> dict:
    out: dict = {}
    for b in boletos:
        out.setdefault(b.key, []).append(b)
    return out


def apply_discharges(boletos: dict, ret: ReturnFile, *, seen: set | frozenset = frozenset(),
                     now: dt.datetime | None = None) -> ApplyResult:
    """Run every discharge of `ret` through the state machine, mutating `boletos` (an index
    from `index_boletos`). `seen` holds identities applied before: those are skipped."""
    occurred_at = now_iso(now)
    result = ApplyResult(file=ret.name, sha256=ret.sha256, layout=ret.layout, bank=ret.bank,
                         problems=list(ret.problems))
    first_values: dict = {}
    touched: dict = {}
    seen = set(seen)
    for d in ret.discharges:
        if d.identity in seen:
            result.duplicates.append(d)
            continue
        seen.add(d.identity)
        d, events = _apply_one(boletos, d, result, first_values, touched, occurred_at)
        result.discharges.append(d)
        result.events.extend(events)
    for ident, b in touched.items():
        before = first_values[ident]
        diff = {k: [before[k], getattr(b, k)] for k in TRACKED if before[k] != getattr(b, k)}
        if diff:
            result.changes[b.our_number] = jsonable(diff)
        result.boletos[b.key] = b
    if result.discharges:
        result.events.append(make_event("discharge.processed", {
            "file": ret.name, "sha256": ret.sha256, "layout": ret.layout, "bank": ret.bank,
            "titles": len(ret.discharges), "discharges": len(result.discharges),
            "duplicates": len(result.duplicates), "boletos_changed": len(result.changes),
            "anomalies": [a.as_dict() for a in result.anomalies],
        }, occurred_at=occurred_at))
    return result


def _apply_one(boletos, d, result, first_values, touched, occurred_at):
    events = [make_event("bank_billet_discharge.created", d.as_dict(with_source=False),
                         occurred_at=occurred_at)]
    anomalies = result.anomalies
    if not d.known_occurrence:
        anomalies.append(_anomaly("unknown_occurrence",
                                  f"occurrence {d.occurrence!r} is unknown for this layout; "
                                  f"kept as info", d))
    if d.category == "rejected":
        anomalies.append(_anomaly("rejected", f"{d.occurrence} {d.occurrence_detail or ''}: "
                                  f"{d.occurrence_error_detail or 'no reason given'}".strip(), d,
                                  reasons=[list(r) for r in d.reasons]))
    boleto, foreign = find_boleto(boletos, d)
    if boleto is None:
        anomalies.append(_anomaly("unknown_our_number",
                                  f"no boleto with nosso número {d.our_number!r} at bank "
                                  f"{d.bank}", d))
        return d, events
    if foreign:
        anomalies.append(_anomaly("foreign_account",
                                  f"nosso número {d.our_number!r} belongs to another "
                                  f"beneficiary/account than this return's", d,
                                  file_account=d.account,
                                  boleto_account=attrs.asdict(boleto.account)))
        return d, events
    ident = id(boleto)
    if ident not in first_values:
        first_values[ident] = boleto.values()
        touched[ident] = boleto
    step = transition(boleto.status, d.category)
    if step is None:
        if boleto.status == "paid" and d.category == "settled":
            anomalies.append(_anomaly("duplicate_payment",
                                      f"boleto {boleto.our_number} is already paid "
                                      f"({boleto.paid_amount}); second payment of "
                                      f"{d.paid_amount} not applied", d,
                                      paid_amount=boleto.paid_amount,
                                      second_paid_amount=d.paid_amount))
        else:
            anomalies.append(_anomaly("forbidden_transition",
                                      f"{d.occurrence} ({d.category}) is not allowed for a boleto "
                                      f"that is {boleto.status}; not applied", d,
                                      status=boleto.status, category=d.category))
        return d, events
    before = boleto.values()
    moved = step.target != boleto.status
    boleto.status = step.target
    if moved and step.target in REGISTRATION_OF:
        boleto.registration_status = REGISTRATION_OF[step.target]
    if step.apply_changes:
        if d.due_date is not None:
            boleto.due_date = d.due_date
        if d.amount:
            boleto.amount = d.amount
        if d.rebate is not None and (d.rebate or boleto.rebate):
            boleto.rebate = d.rebate
    if step.settle:
        boleto.paid_amount = d.paid_amount
        boleto.paid_at = d.date_of_occurrence
        boleto.credit_at = d.credit_at
        face = boleto.amount
        if d.paid_amount is not None and face is not None and d.paid_amount != face:
            kind = "underpaid" if d.paid_amount < face else "overpaid"
            anomalies.append(_anomaly(
                kind, f"paid {d.paid_amount} for a face value of {face} "
                      f"(difference {d.paid_amount - face})", d,
                face_value=face, paid_amount=d.paid_amount, difference=d.paid_amount - face,
                interest=d.interest, discount=d.discount, rebate=d.rebate))
    step_changes = {k: [before[k], getattr(boleto, k)] for k in TRACKED
                    if before[k] != getattr(boleto, k)}
    if step_changes:
        code = STATUS_EVENT.get(boleto.status) if "status" in step_changes \
            else "bank_billet.changed"
        events.append(make_event(code, boleto.snapshot(), step_changes, occurred_at=occurred_at))
    return attrs.evolve(d, applied=True), events


def reconcile(boletos: Iterable, source, *, seen: Iterable[str] = (), name: str | None = None,
              layout=None, registry=None, now: dt.datetime | None = None,
              beneficiary: Beneficiary | None = None) -> ApplyResult:
    """Pure form: what `source` (a return path/bytes, or a ReturnFile) does to `boletos`.

    `boletos` are BoletoState (or cnab Boleto models together with `beneficiary`, taken as
    registered). Nothing is stored; the states passed in are copied, never mutated.
    """
    states = []
    for b in boletos:
        if isinstance(b, Boleto):
            if beneficiary is None:
                raise TypeError("Boleto models need the beneficiary= they belong to")
            b = BoletoState.from_boleto(b, beneficiary, status="registered")
        states.append(attrs.evolve(b))
    ret = source if isinstance(source, ReturnFile) else \
        read_return(source, name=name, layout=layout, registry=registry)
    return apply_discharges(index_boletos(states), ret, seen=set(seen), now=now)
