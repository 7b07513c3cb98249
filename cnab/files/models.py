"""What the writer takes: the beneficiary's contract, payers, and boletos (attrs models).

Field names here are the `from:` paths layouts use (`beneficiary.agency`, `boleto.due_date`,
`payer.name` ...). Validation that does not depend on a bank (CPF/CNPJ check digits, dates,
amounts) lives here; what a bank's layout cannot hold is refused by the encoder.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from operator import mul

import attrs
from stdnum.br import cnpj as _cnpj
from stdnum.br import cpf as _cpf

from cnab.errors import Problem
from cnab.layout.checkdigits import mod11


def clean_document(value) -> str:
    """'12.345.678/0001-95' -> '12345678000195'; keeps letters of alphanumeric CNPJs."""
    return "".join(c for c in str(value or "").upper() if c.isalnum())


_DOCUMENT_TYPES = {11: 1, 14: 2}


def document_type(document: str) -> int:
    """FEBRABAN inscription type: 1 CPF (11 characters), 2 CNPJ (14), 0 none."""
    return _DOCUMENT_TYPES.get(len(document), 0)


def _weights(*weights: int) -> tuple:
    """Weights of a check digit, with what the character codes (value + 48) add to the sum."""
    return weights, 48 * sum(weights)


_CPF_WEIGHTS = (_weights(10, 9, 8, 7, 6, 5, 4, 3, 2), _weights(11, 10, 9, 8, 7, 6, 5, 4, 3, 2))
_CNPJ_WEIGHTS = (_weights(5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2),
                 _weights(6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2))


def _check_digits_hold(codes: bytes, weights: tuple) -> bool:
    """The two módulo 11 check digits at the end of an ASCII document, as stdnum computes
    them for CPF and CNPJ: each character counts as its code - 48 (a letter never equals a
    check digit), digit = (11 - Σ value × weight) % 11 % 10."""
    for w, extra in weights:
        if codes[len(w)] - 48 != (11 - sum(map(mul, w, codes)) + extra) % 11 % 10:
            return False
    return True


def _cpf_valid(document: str) -> bool:
    """stdnum's CPF check; 11 ASCII digits are checked here without its generic cleaning."""
    if not (len(document) == 11 and document.isascii() and document.isdigit()):
        return _cpf.is_valid(document)
    return document != "00000000000" and _check_digits_hold(document.encode(), _CPF_WEIGHTS)


def _cnpj_valid(document: str) -> bool:
    """stdnum's CNPJ check (alphanumeric from 2026); 14 ASCII letters and digits are checked
    here without its cleaning."""
    if not (len(document) == 14 and document.isascii() and document.isalnum()):
        return _cnpj.is_valid(document)
    document = document.upper()
    return not document.startswith("000000000000") and _check_digits_hold(
        document.encode(), _CNPJ_WEIGHTS)


def check_document(document: str, label: str) -> Problem | None:
    """A Problem when a CPF/CNPJ (numeric or the 2026 alphanumeric CNPJ) is not valid."""
    if not document:
        return Problem(rule="required", field=label, message=f"{label} is required")
    if len(document) == 11 and document.isdigit():
        ok = _cpf_valid(document)
        kind = "CPF"
    elif len(document) == 14:
        ok = _cnpj_valid(document)
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


_CENT = Decimal("0.01")


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

        # an empty nosso número is no problem here: on an entrada (01) the bank numbers the
        # título (all zeros) where it allows it
        if not isinstance(self.due_date, dt.date):
            bad("due_date", "required", "due_date must be a date")
        if self.amount is None:
            bad("amount", "required", "amount is required")
        elif self.amount < 0:
            bad("amount", "negative", f"amount {self.amount} is negative")
        elif self.amount != self.amount.quantize(_CENT):
            bad("amount", "precision", f"amount {self.amount} has more than 2 decimal places")
        interest, fine, discount = self.interest, self.fine, self.discount
        for name, v in (("interest", interest), ("fine", fine), ("discount", discount),
                        ("iof", self.iof), ("rebate", self.rebate)):
            if v is not None and v < 0:
                bad(name, "negative", f"{name} {v} is negative")
        # a value whose code says "none" would be dropped by every layout: say so instead
        for name, v, code, given, none in (
                ("interest", interest, "interest_code", self.interest_code, ("0", "3")),
                ("fine", fine, "fine_code", self.fine_code, ("0",)),
                ("discount", discount, "discount_code", self.discount_code, ("0",))):
            if v and given in none:
                bad(name, "no-code", f"{name} {v} with {code} {given!r}, which means none: "
                                     f"give its code")
        if self.protest_days and self.protest_code in ("3", "9"):
            bad("protest_days", "no-code",
                f"protest_days {self.protest_days} with protest_code {self.protest_code!r}, "
                f"which asks for no protest: give its code (1 dias corridos, 2 dias úteis ...)")
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


_DAY = dt.timedelta(days=1)


def _from_date(date_attr: str, code_attr: str, none: tuple):
    """A multa/juros start date says something only past the bank's own start (FEBRABAN
    G074/C019: absent means the due date; the day after is what banks apply anyway)."""
    def says(b) -> bool:
        d = getattr(b, date_attr)
        return (d is not None and getattr(b, code_attr) not in none
                and d != b.due_date and d != b.due_date + _DAY)
    return says


# What a boleto asks of its bank, input by input: each test is true when the input says more
# than the default the bank assumes. The writer refuses a boleto that asks something through an
# input its layout never reads (cnab/files/carried.py): the bank would never see it.
ASKS = {
    "document_number": lambda b: bool(b.document_number),
    "movement": lambda b: b.movement != "01",
    "accept": lambda b: b.accept != "N",
    "interest_code": lambda b: b.interest_code not in ("0", "3"),
    "interest": lambda b: bool(b.interest),
    "interest_date": _from_date("interest_date", "interest_code", ("0", "3")),
    "fine_code": lambda b: b.fine_code != "0",
    "fine": lambda b: bool(b.fine),
    "fine_date": _from_date("fine_date", "fine_code", ("0",)),
    "discount_code": lambda b: b.discount_code != "0",
    "discount": lambda b: bool(b.discount),
    "discount_date": lambda b: (b.discount_date is not None and b.discount_code != "0"
                                and b.discount_date != b.due_date),
    "iof": lambda b: bool(b.iof),
    "rebate": lambda b: bool(b.rebate),
    "protest_code": lambda b: b.protest_code != "3",
    "protest_days": lambda b: bool(b.protest_days),
    "writeoff_code": lambda b: b.writeoff_code != "0",
    "writeoff_days": lambda b: bool(b.writeoff_days),
    "instructions": lambda b: bool(b.instructions),
    "company_use": lambda b: bool(b.company_use),
    "message": lambda b: bool(b.message),
    "nfe_key": lambda b: bool(b.nfe_key),
    "correspondent_our_number": lambda b: bool(b.correspondent_our_number),
    "guarantor": lambda b: b.guarantor is not None,
}
