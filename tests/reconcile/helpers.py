"""Synthetic discharges and return files, for tests that do not need real bytes."""

import datetime as dt
from decimal import Decimal

from cnab.reconcile.discharge import Discharge, ReturnFile
from cnab.reconcile.states import KIND_OF_CATEGORY

CODE_OF = {"registered": "02", "rejected": "03", "settled": "06", "written_off": "09",
           "changed": "14", "protested": "19", "fee": "28", "info": "11"}


def discharge(our_number="1", category="settled", *, n=0, paid=Decimal("100.00"), bank="341",
              amount=Decimal("100.00"), due_date=None, account=None, code=None, known=True):
    code = code or CODE_OF[category]
    return Discharge(
        bank=bank, our_number=our_number, occurrence=code, occurrence_detail=f"text {code}",
        category=category, kind=KIND_OF_CATEGORY[category], settles=category == "settled",
        known_occurrence=known, reasons=(), occurrence_error=None,
        occurrence_error_detail=None, date_of_occurrence=dt.date(2026, 6, 15),
        amount=amount, paid_amount=paid if category == "settled" else None,
        due_date=due_date, account=account or {}, file="synthetic", line=n + 1,
        identity=f"{bank}:{our_number}:{code}:{n}")


def return_file(discharges, sha="0" * 64):
    return ReturnFile(name="synthetic", sha256=sha, layout="febraban.cnab240.cobranca",
                      bank="341", direction="retorno", account={},
                      discharges=tuple(discharges), problems=())
