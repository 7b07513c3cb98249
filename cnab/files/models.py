"""What the writer takes: the beneficiary's contract, payers, and boletos (attrs models).

Field names here are the `from:` paths layouts use (`beneficiary.agency`, `boleto.due_date`,
`payer.name` ...). Validation that does not depend on a bank (CPF/CNPJ check digits, dates,
amounts) lives here; what a bank's layout cannot hold is refused by the encoder.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
from stdnum.br import cnpj as _cnpj
from stdnum.br import cpf as _cpf

from cnab.layout.checkdigits import mod11
from cnab.errors import Problem


def clean_document(value) -> str:
    """'12.345.678/0001-95' -> '12345678000195'; keeps letters of alphanumeric CNPJs."""
    return "".join(c for c in str(value or "").upper() if c.isalnum())


def document_type(document: str) -> int:
    """FEBRABAN inscription type: 1 CPF (11 characters), 2 CNPJ (14), 0 none."""
    return {11: 1, 14: 2}.get(len(document), 0)


def check_document(document: str, label: str) -> Problem | None:
    """A Problem when a CPF/CNPJ (numeric or the 2026 alphanumeric CNPJ) is not valid."""
    if not document:
        return Problem(rule="required", field=label, message=f"{label} is required")
    if len(document) == 11 and document.isdigit():
        ok = _cpf.is_valid(document)
        kind = "CPF"
    elif len(document) == 14:
        ok = _cnpj.is_valid(document)
        kind = "CNPJ"
    else:
        return Problem(rule="document", field=label,
                       message=f"{label} {document!r} is neither a CPF (11 digits) nor a CNPJ "
                               f"(14 characters)")
    if not ok:
        return Problem(rule="document", field=label,
                       message=f"{label} {document!r} is not a valid {kind} (check digits)")
    return None


def _money(value) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, float):
        raise TypeError("money must be Decimal, int or a decimal string, never float")
    return Decimal(str(value))


def _valid_nfe_key(key: str) -> bool:
    """44 digits whose last is módulo 11 (weights 2-9 from the right; remainder 0 or 1 → 0)."""
    key = str(key)
    if len(key) != 44 or not key.isascii() or not key.isdigit():
        return False
    return int(key[-1]) == mod11(key[:43], map={0: 0, 1: 0})


@attrs.define
class Beneficiary:
    """The company that issues the boletos, and its contract with the bank."""

    bank: str
    name: str
    document: str = attrs.field(converter=clean_document)
    agency: str = ""
    agency_dv: str = ""
    account: str = ""
    account_dv: str = ""
    agency_account_dv: str = ""
    wallet: str = ""  # carteira
    convenio: str = ""  # código do convênio / beneficiário / cedente / transmissão
    variation: str = ""  # variação da carteira (BB)
    collection_account: str = ""  # conta cobrança, where a bank keeps it apart (Santander 400)
    posto: str = ""  # posto de atendimento of the cooperativa (Sicredi: enters the nosso número DV)

    @property
    def document_type(self) -> int:
        return document_type(self.document)


@attrs.define
class Payer:
    name: str
    document: str = attrs.field(converter=clean_document)
    address: str = ""
    district: str = ""
    zip: str = attrs.field(default="", converter=lambda z: "".join(c for c in str(z) if c.isdigit()))
    city: str = ""
    state: str = ""
    email: str = ""

    @property
    def document_type(self) -> int:
        return document_type(self.document)

    @property
    def zip_prefix(self) -> str:
        return self.zip[:5]

    @property
    def zip_suffix(self) -> str:
        return self.zip[5:8]


@attrs.define
class Boleto:
    """One título. Amounts are Decimal (a float is refused); codes are text ("01", not 1).

    The code fields speak FEBRABAN CNAB 240 v10.6, whatever the bank: `movement` C004, `species`
    C015 (02 DM, 04 DS, 12 NP ...), `interest_code` C018, `fine_code` G073, `discount_code` C021,
    `protest_code` C026, `writeoff_code` C028, `accept` A/N. A layout whose bank uses other
    codes translates them (`write:`), so "02" is a duplicata mercantil at every bank.
    """

    our_number: str
    due_date: dt.date
    amount: Decimal = attrs.field(converter=_money)
    payer: Payer
    document_number: str = ""
    issue_date: dt.date | None = None
    movement: str = "01"  # 01 entrada, 02 pedido de baixa, 06 alteração de vencimento ...
    species: str = "02"  # DM
    accept: str = "N"
    interest_code: str = "3"
    interest_date: dt.date | None = None
    interest: Decimal | None = attrs.field(default=None, converter=_money)
    fine_code: str = "0"
    fine_date: dt.date | None = None
    fine: Decimal | None = attrs.field(default=None, converter=_money)
    discount_code: str = "0"
    discount_date: dt.date | None = None
    discount: Decimal | None = attrs.field(default=None, converter=_money)
    iof: Decimal | None = attrs.field(default=None, converter=_money)
    rebate: Decimal | None = attrs.field(default=None, converter=_money)
    protest_code: str = "3"
    protest_days: int = 0
    writeoff_code: str = "0"
    writeoff_days: str = ""
    instructions: tuple = ()
    company_use: str = ""  # returned unchanged by the bank: our own reference
    message: str = ""  # free text for the boleto, where the layout has a message field
    nfe_key: str = ""  # chave de acesso of the NF-e behind the título (Itaú's CNAB 444 detail)
    correspondent_our_number: str = ""  # nosso número (with DV) at the correspondent bank
    guarantor: Payer | None = None
    our_number_dv: str = ""

    def problems(self, index: int) -> list[Problem]:
        """Everything wrong with this boleto that no bank would accept."""
        out = []
        where = f"boletos[{index}]"

        def bad(field, rule, message):
            out.append(Problem(rule=rule, record=where, field=field, message=message))

        if not str(self.our_number or "").strip() and self.movement == "01":
            pass  # the bank numbers the título (nosso número all zeros) where it allows it
        if not isinstance(self.due_date, dt.date):
            bad("due_date", "required", "due_date must be a date")
        if self.amount is None:
            bad("amount", "required", "amount is required")
        elif self.amount < 0:
            bad("amount", "negative", f"amount {self.amount} is negative")
        elif self.amount != self.amount.quantize(Decimal("0.01")):
            bad("amount", "precision", f"amount {self.amount} has more than 2 decimal places")
        for name in ("interest", "fine", "discount", "iof", "rebate"):
            v = getattr(self, name)
            if v is not None and v < 0:
                bad(name, "negative", f"{name} {v} is negative")
        # a value whose code says "none" would be dropped by every layout: say so instead
        for name, code, none in (("interest", "interest_code", ("0", "3")),
                                 ("fine", "fine_code", ("0",)),
                                 ("discount", "discount_code", ("0",))):
            if getattr(self, name) and getattr(self, code) in none:
                bad(name, "no-code", f"{name} {getattr(self, name)} with {code} "
                                     f"{getattr(self, code)!r}, which means none: give its code")
        if (isinstance(self.issue_date, dt.date) and isinstance(self.due_date, dt.date)
                and self.due_date < self.issue_date):
            bad("due_date", "before-issue",
                f"due date {self.due_date} is before the issue date {self.issue_date}")
        if self.nfe_key and not _valid_nfe_key(self.nfe_key):
            bad("nfe_key", "nfe-key", f"{self.nfe_key!r} is not an NF-e access key (44 digits, "
                                      f"the last a módulo 11 check digit)")
        if not str(self.payer.name or "").strip():
            bad("payer.name", "required", "payer name is required")
        p = check_document(self.payer.document, "payer.document")
        if p:
            out.append(p.at(record=where))
        if self.guarantor is not None:
            p = check_document(self.guarantor.document, "guarantor.document")
            if p:
                out.append(p.at(record=where))
        return out
