"""The boleto state machine, as data.

Why a table: every bank maps its occurrence codes to one of our categories (the `category` of
each code in its occurrence table), and the machine only ever sees (status, category). What may
happen to a boleto is then readable in one place, testable exhaustively, and a bank never needs
code. Anything the table does not list is a forbidden transition: the caller records it as an
anomaly and does not apply it.
"""

from __future__ import annotations

import attrs

STATUSES = ("opened", "registered", "rejected", "paid", "written_off", "protested")
CATEGORIES = ("registered", "rejected", "settled", "written_off", "changed", "protested", "fee",
              "info")

#: category -> kind of the discharge record it produces.
KIND_OF_CATEGORY = {
    "registered": "registration",
    "rejected": "rejection",
    "settled": "payment",
    "written_off": "write_off",
    "protested": "protest",
    "changed": "change",
    "fee": "fee",
    "info": "info",
}

#: registration status each target status implies (None: leave it as it is).
REGISTRATION_OF = {"registered": "confirmed", "rejected": "rejected"}


@attrs.frozen
class Transition:
    """What an allowed (status, category) does: the new status and what else it touches.

    `apply_changes`: copy due date / amount / rebate from the return onto the boleto.
    `settle`: record the payment (paid amount, dates) on the boleto.
    """

    target: str
    apply_changes: bool = False
    settle: bool = False


_STAY = None  # marker used below: target = current status

_RULES: dict[tuple[str, str], tuple] = {
    # sent, waiting for the bank
    ("opened", "registered"): ("registered",),
    ("opened", "rejected"): ("rejected",),
    ("opened", "fee"): (_STAY,),
    ("opened", "info"): (_STAY,),
    # rejected entry: only informational traffic
    ("rejected", "fee"): (_STAY,),
    ("rejected", "info"): (_STAY,),
    # in collection
    ("registered", "settled"): ("paid", "settle"),
    ("registered", "written_off"): ("written_off",),
    ("registered", "protested"): ("protested",),
    ("registered", "changed"): (_STAY, "apply_changes"),
    ("registered", "rejected"): (_STAY,),  # an instruction (26/30) was refused; entry stands
    ("registered", "fee"): (_STAY,),
    ("registered", "info"): (_STAY,),
    # at the notary: paid there, written off (25), or further protest traffic (20, 24)
    ("protested", "settled"): ("paid", "settle"),
    ("protested", "written_off"): ("written_off",),
    ("protested", "protested"): (_STAY,),
    ("protested", "changed"): (_STAY, "apply_changes"),
    ("protested", "rejected"): (_STAY,),
    ("protested", "fee"): (_STAY,),
    ("protested", "info"): (_STAY,),
    # written off: a late payment (17 liquidação após baixa) still settles it
    ("written_off", "settled"): ("paid", "settle"),
    ("written_off", "fee"): (_STAY,),
    ("written_off", "info"): (_STAY,),
    # paid: closed; fees and information only (a second settlement is an anomaly)
    ("paid", "fee"): (_STAY,),
    ("paid", "info"): (_STAY,),
}


def _build() -> dict[tuple[str, str], Transition]:
    table = {}
    for (status, category), spec in _RULES.items():
        target = status if spec[0] is _STAY else spec[0]
        flags = set(spec[1:])
        table[(status, category)] = Transition(target, apply_changes="apply_changes" in flags,
                                               settle="settle" in flags)
    return table


#: (current status, occurrence category) -> Transition. Missing pairs are forbidden.
TRANSITIONS: dict[tuple[str, str], Transition] = _build()


def transition(status: str, category: str) -> Transition | None:
    """The allowed transition, or None when the machine forbids it."""
    return TRANSITIONS.get((status, category))


def forbidden() -> list[tuple[str, str]]:
    """Every (status, category) pair the machine refuses (for tests and docs)."""
    return [(s, c) for s in STATUSES for c in CATEGORIES if (s, c) not in TRANSITIONS]
