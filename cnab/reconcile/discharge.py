"""A discharge record: one return título, fully described, bank-independent.

Why a record of its own: a return is evidence. Whatever the state machine does with it, the
título is kept with the bank's own words (occurrence text, reason texts), our canonical
category, every amount, the raw lines and parsed fields, and where it came from (file, sha256,
line), so any later question ("why is this boleto paid?") is answered from the ledger alone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from decimal import Decimal
from pathlib import Path

import attrs

from cnab.errors import CnabError, LayoutError, Problem
from cnab.files.reader import read
from cnab.layout.registry import Registry, default_registry
from cnab.reconcile.events import canonical, jsonable
from cnab.reconcile.states import KIND_OF_CATEGORY

FALLBACK_240_OCCURRENCES = "febraban.c044"


def our_number_key(value) -> str:
    """How nossos números are compared: blanks and leading zeros do not count."""
    text = str(value or "").strip().replace(" ", "")
    return text.lstrip("0") or ("0" if text else "")


@attrs.frozen
class Discharge:
    """One título of a return file. `identity` is what makes re-applying it a no-op."""

    bank: str
    our_number: str
    occurrence: str
    occurrence_detail: str | None
    category: str
    kind: str
    settles: bool
    known_occurrence: bool
    reasons: tuple  # ((code, text or None), ...)
    occurrence_error: str | None
    occurrence_error_detail: str | None
    date_of_occurrence: dt.date | None
    our_number_dv: str | None = None
    document_number: str | None = None
    due_date: dt.date | None = None
    amount: Decimal | None = None
    paid_amount: Decimal | None = None
    bank_rate: Decimal | None = None
    interest: Decimal | None = None
    discount: Decimal | None = None
    rebate: Decimal | None = None
    iof: Decimal | None = None
    net_amount: Decimal | None = None
    credit_at: dt.date | None = None
    paid_bank: str | None = None
    paid_agency: str | None = None
    company_use: str | None = None
    account: dict = attrs.field(factory=dict)  # document / agency / account of the file
    raw: tuple = ()
    fields: dict = attrs.field(factory=dict)
    file: str | None = None
    file_sha256: str | None = None
    line: int | None = None
    lines: tuple = ()
    identity: str = ""
    applied: bool = False  # set by apply: the state machine accepted it

    @property
    def key(self) -> tuple[str, str]:
        return (self.bank, our_number_key(self.our_number))

    def as_dict(self, *, with_source: bool = True) -> dict:
        """JSON-ready dict (amounts as decimal strings, dates ISO)."""
        out = attrs.asdict(self, recurse=False)
        out["reasons"] = [list(r) for r in self.reasons]
        if not with_source:
            for k in ("raw", "fields", "account"):
                out.pop(k)
        return jsonable(out)


@attrs.frozen
class ReturnFile:
    """A return file read and turned into discharge records, nothing applied yet."""

    name: str
    sha256: str
    layout: str
    bank: str
    direction: str | None
    account: dict
    discharges: tuple
    problems: tuple  # cnab Problem, from the reader and from the occurrence tables

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


class Occurrences:
    """The layout's occurrence table (febraban.c044 for a 240 layout without one)."""

    def __init__(self, layout, registry: Registry):
        self.registry = registry
        table_id = layout.tables.get("occurrence")
        if not table_id and layout.line_length == 240:
            table_id = FALLBACK_240_OCCURRENCES
        self.table = self._table(table_id)
        self.default_reasons = layout.tables.get("reason")

    def _table(self, table_id):
        if not table_id:
            return None
        try:
            return self.registry.table(table_id)
        except LayoutError:
            return None

    def code(self, code: str):
        return self.table.get(code) if self.table is not None and code else None

    def reason_texts(self, code_obj, reasons) -> tuple:
        table = self._table((code_obj.reasons if code_obj is not None else None)
                            or self.default_reasons)
        return tuple((r, table.text(r) if table is not None else None) for r in reasons)


def read_return(source, *, name: str | None = None, layout=None,
                registry: Registry | None = None) -> ReturnFile:
    """Read a return file (path or bytes) into discharge records."""
    registry = registry or default_registry()
    if isinstance(source, (str, Path)):
        data = Path(source).read_bytes()
        name = name or str(source)
    elif isinstance(source, (bytes, bytearray)):
        data = bytes(source)
        name = name or "<bytes>"
    else:
        data = source.read()
        name = name or getattr(source, "name", None) or "<stream>"
    sha = hashlib.sha256(data).hexdigest()
    stream = io.BytesIO(data)
    stream.name = name
    reader = read(stream, errors="collect", layout=layout, registry=registry)
    occurrences = Occurrences(reader.layout, registry)
    problems: list[Problem] = []
    titles = list(reader)
    header = reader.header or {}
    bank = str(header.get("banco") or reader.layout.bank or "")
    account = _account_of(header)
    file_date = header.get("data_geracao") if isinstance(header.get("data_geracao"), dt.date) \
        else None
    discharges = []
    seen: dict[str, int] = {}
    for title in titles:
        d = _discharge(title, bank, account, occurrences, name, sha, file_date, problems)
        if d is None:
            continue
        base = d.identity
        n = seen.get(base, 0)
        seen[base] = n + 1
        discharges.append(attrs.evolve(d, identity=f"{base}:{n}"))
    problems = list(reader.problems) + problems
    if reader.direction not in (None, "retorno"):
        problems.append(Problem(rule="not-a-return", file=name,
                                message=f"this is a {reader.direction} file, not a return"))
    return ReturnFile(name=name, sha256=sha, layout=reader.layout.id, bank=bank,
                      direction=reader.direction, account=account,
                      discharges=tuple(discharges), problems=tuple(problems))


def _account_of(header: dict) -> dict:
    out = {}
    for key, field in (("document", "inscricao_empresa"), ("agency", "agencia"),
                       ("account", "conta"), ("convenio", "convenio")):
        v = header.get(field)
        if v not in (None, ""):
            out[key] = str(v).strip()
    return out


def _discharge(title, bank, account, occurrences, name, sha, file_date, problems):
    view = title.view
    code = view.get("occurrence")
    first_line = title.lines[0] if title.lines else None
    if view.get("our_number") is None and code is None:
        return None  # not a título of a return (e.g. remessa records)
    code = str(code or "").strip()
    code_obj = occurrences.code(code)
    known = code_obj is not None and code_obj.category is not None
    category = code_obj.category if known else "info"
    if not known:
        problems.append(Problem(
            rule="unknown-occurrence", severity="warning", file=name, line=first_line,
            message=f"occurrence {code!r} is not in the occurrence table"
                    f" {occurrences.table.id if occurrences.table else '(none)'}; treated as info"))
    reasons = occurrences.reason_texts(code_obj, [str(r) for r in view.get("reasons") or []])
    fields = {r.name: r.values for r in title.records}
    d = Discharge(
        bank=bank,
        our_number=str(view.get("our_number") or "").strip(),
        our_number_dv=_text(view.get("our_number_dv")),
        occurrence=code,
        occurrence_detail=code_obj.text if code_obj else None,
        category=category,
        kind=KIND_OF_CATEGORY[category],
        settles=bool(code_obj.settles) if known else False,
        known_occurrence=known,
        reasons=reasons,
        occurrence_error=",".join(r for r, _ in reasons) or None,
        occurrence_error_detail="; ".join(f"{r} {t or '(unknown reason)'}" for r, t in reasons)
        or None,
        date_of_occurrence=view.get("occurrence_date") or file_date,
        document_number=_text(view.get("document_number")),
        due_date=view.get("due_date"),
        amount=_money(view.get("amount")),
        paid_amount=_money(view.get("paid_amount")),
        bank_rate=_money(view.get("bank_rate")),
        interest=_money(view.get("interest")),
        discount=_money(view.get("discount")),
        rebate=_money(view.get("rebate")),
        iof=_money(view.get("iof")),
        net_amount=_money(view.get("net_amount")),
        credit_at=view.get("credit_date"),
        paid_bank=_text(view.get("paid_bank")),
        paid_agency=_text(view.get("paid_agency")),
        company_use=_text(view.get("company_use")),
        account=dict(account),
        raw=title.raw,
        fields=jsonable(fields),
        file=name,
        file_sha256=sha,
        line=first_line,
        lines=title.lines,
    )
    return attrs.evolve(d, identity=identity_of(d))


def identity_of(d: Discharge) -> str:
    """What a título is, wherever it appears: bank, nosso número, occurrence, date, amounts.

    Line numbers and batch counters are left out on purpose, so the same título inside another
    file is recognised; `read_return` appends the título's ordinal among identical ones.
    """
    basis = [d.bank, our_number_key(d.our_number), d.occurrence, d.date_of_occurrence,
             d.amount, d.paid_amount, d.credit_at, d.bank_rate, d.due_date, d.rebate,
             [r for r, _ in d.reasons], d.account.get("document"), d.account.get("account")]
    digest = hashlib.sha256(canonical(basis)).hexdigest()[:32]
    return f"{d.bank}:{our_number_key(d.our_number)}:{d.occurrence}:" \
           f"{d.date_of_occurrence.isoformat() if d.date_of_occurrence else '-'}:{digest}"


def _money(v) -> Decimal | None:
    if v is None:
        return None
    if isinstance(v, float):
        raise CnabError("a float reached a money field")
    return Decimal(v)


def _text(v) -> str | None:
    if v is None:
        return None
    text = str(v).strip()
    return text or None
