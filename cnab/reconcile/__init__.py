"""Reconciliation: apply bank return files to boletos through a state machine, as a pure
function (`reconcile`) or against an embedded SQLite ledger (`Ledger`), emitting events."""

from cnab.reconcile.apply import (
    Account,
    Anomaly,
    ApplyResult,
    BoletoState,
    apply_discharges,
    index_boletos,
    reconcile,
)
from cnab.reconcile.discharge import Discharge, ReturnFile, our_number_key, read_return
from cnab.reconcile.events import make_event, sign, to_line, verify, write_lines
from cnab.reconcile.ledger import SCHEMA_VERSION, Ledger
from cnab.reconcile.states import (
    CATEGORIES,
    STATUSES,
    TRANSITIONS,
    Transition,
    forbidden,
    transition,
)

__all__ = [
    "CATEGORIES",
    "SCHEMA_VERSION",
    "STATUSES",
    "TRANSITIONS",
    "Account",
    "Anomaly",
    "ApplyResult",
    "BoletoState",
    "Discharge",
    "Ledger",
    "ReturnFile",
    "Transition",
    "apply_discharges",
    "forbidden",
    "index_boletos",
    "make_event",
    "our_number_key",
    "read_return",
    "reconcile",
    "sign",
    "to_line",
    "transition",
    "verify",
    "write_lines",
]
