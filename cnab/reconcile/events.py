"""Events shaped like webhook payloads, as JSON lines, optionally signed.

Why: a reconciliation is only useful if other systems hear about it. Each change becomes one
self-describing JSON object (`event_code`, `occurred_at`, `object`, `changes` as [old, new]),
with amounts as decimal strings and dates in ISO form so nothing is lost to floats. A receiver
that shares the secret can check `signature` ("sha256=<hex>", HMAC-SHA256 over the canonical
JSON of the event without the signature) exactly like a webhook signature header.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Iterable
from decimal import Decimal
from typing import IO

EVENT_CODES = (
    "bank_billet.registered", "bank_billet.rejected", "bank_billet.paid",
    "bank_billet.written_off", "bank_billet.protested", "bank_billet.changed",
    "bank_billet_discharge.created", "discharge.processed", "remittance.processed",
)

#: status reached -> event code announcing it.
STATUS_EVENT = {
    "registered": "bank_billet.registered", "rejected": "bank_billet.rejected",
    "paid": "bank_billet.paid", "written_off": "bank_billet.written_off",
    "protested": "bank_billet.protested",
}


def jsonable(value):
    """Decimal -> "12.30", date/datetime -> ISO text, tuples/sets -> lists, recursively."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in value]
    if isinstance(value, float):
        raise TypeError("floats are never used for money; got a float")
    return value


def canonical(obj) -> bytes:
    """The bytes that are signed: sorted keys, no spaces, UTF-8."""
    return json.dumps(jsonable(obj), sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")


def now_iso(now: dt.datetime | None = None) -> str:
    moment = now or dt.datetime.now().astimezone()
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.replace(microsecond=0).isoformat()


def make_event(event_code: str, obj: dict, changes: dict | None = None,
               occurred_at: str | None = None) -> dict:
    if event_code not in EVENT_CODES:
        raise ValueError(f"unknown event code {event_code!r}")
    return jsonable({"event_code": event_code, "occurred_at": occurred_at or now_iso(),
                     "object": obj, "changes": changes or {}})


def sign(event: dict, secret: str | bytes) -> str:
    """'sha256=<hex>' over the canonical JSON of the event (any `signature` key excluded)."""
    key = secret.encode("utf-8") if isinstance(secret, str) else secret
    body = {k: v for k, v in event.items() if k != "signature"}
    return "sha256=" + hmac.new(key, canonical(body), hashlib.sha256).hexdigest()


def verify(event: dict | str | bytes, secret: str | bytes, signature: str | None = None) -> bool:
    """True when the event (a dict or one JSON line) carries a valid signature for `secret`."""
    if isinstance(event, (str, bytes)):
        event = json.loads(event)
    given = signature if signature is not None else event.get("signature")
    if not isinstance(given, str):
        return False
    return hmac.compare_digest(given, sign(event, secret))


def to_line(event: dict, secret: str | bytes | None = None) -> str:
    """One JSON line (no newline); signed when a secret is given."""
    out = dict(event)
    if secret is not None:
        out["signature"] = sign(event, secret)
    return json.dumps(jsonable(out), ensure_ascii=False, separators=(", ", ": "))


def write_lines(events: Iterable[dict], stream: IO[str], secret: str | bytes | None = None) -> int:
    """Write events as JSON lines to a text stream; returns how many."""
    n = 0
    for event in events:
        stream.write(to_line(event, secret) + "\n")
        n += 1
    return n


def read_lines(stream: IO[str]) -> list[dict]:
    return [json.loads(line) for line in stream if line.strip()]
