"""Test helpers: beneficiaries/boletos, remessas through our Writer, and return files built by
encoding records through the layout codecs (headers taken from the remessa we wrote)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import cnab
from cnab.files.models import Beneficiary, Boleto, Payer
from cnab.files.writer import FileInfo, Writer

GENERATED = dt.datetime(2026, 6, 1, 9, 30, 0)

# bank layout id -> (beneficiary kwargs, nosso número maker, header overrides)
SETUPS = {
    "febraban.cnab240.cobranca": {
        "beneficiary": {"bank": "341", "agency": "1234", "agency_dv": "5", "account": "67890",
                         "account_dv": "1", "convenio": "CONV123"},
        "our_number": lambda i: f"{i:011d}",
        "header": {}},
    "bb.cnab240": {
        "beneficiary": {"bank": "001", "agency": "1234", "agency_dv": "5", "account": "67890",
                         "account_dv": "1", "convenio": "1234567", "wallet": "17"},
        "our_number": lambda i: f"1234567{i:010d}",
        "header": {"versao_layout_arquivo": "083"}},
    "sicredi.cnab240": {
        "beneficiary": {"bank": "748", "agency": "0710", "agency_dv": "", "account": "12345",
                         "account_dv": "", "convenio": ""},
        "our_number": lambda i: f"262{i:05d}1",
        "header": {}},
}


def beneficiary(layout_id: str, **over) -> Beneficiary:
    kw = dict(SETUPS[layout_id]["beneficiary"])
    kw.update(over)
    return Beneficiary(name="EMPRESA TESTE LTDA", document="11222333000181", **kw)


def boletos(layout_id: str, n: int, start: int = 1) -> list[Boleto]:
    make = SETUPS[layout_id]["our_number"]
    payer = Payer(name="FULANO DE TAL", document="52998224725", address="RUA A 1",
                  district="CENTRO", zip="01001000", city="SAO PAULO", state="SP")
    return [Boleto(our_number=make(i), due_date=dt.date(2026, 6, 15),
                   amount=Decimal("100.00") + i, payer=payer, document_number=f"DOC{i:05d}",
                   issue_date=dt.date(2026, 6, 1))
            for i in range(start, start + n)]


def remessa(layout_id: str, ben: Beneficiary, bols: list[Boleto], seq: int = 1) -> str:
    return Writer(layout_id).render(ben, bols, FileInfo(seq, GENERATED))


def build_return(layout_id: str, remessa_text: str, titles: list[dict], seq: int = 1,
                 generated: dt.date = dt.date(2026, 6, 16)) -> bytes:
    """A return with one T+U pair per entry of `titles` (keys: our_number, occurrence, amount,
    due_date, paid_amount, date, credit_date, reasons, bank_rate, interest, discount, rebate,
    document_number)."""
    reg = cnab.default_registry()
    L = reg.layout(layout_id)
    codecs = reg.codecs(L)
    lines = remessa_text.splitlines()
    ha = dict(codecs["header_arquivo"].decode(lines[0]))
    hl = dict(codecs["header_lote"].decode(lines[1]))
    ha.update(codigo_remessa_retorno=2, sequencial_arquivo=seq,
              data_geracao=generated, **SETUPS[layout_id]["header"])
    hl.update(operacao="T", numero_remessa_retorno=seq, data_gravacao=generated)
    out = [codecs["header_arquivo"].encode(ha), codecs["header_lote"].encode(hl)]
    bank = ha["banco"]
    seq_in_batch = 0
    for t in titles:
        seq_in_batch += 1
        tv = {"banco": bank, "lote": 1, "sequencial_lote": seq_in_batch,
                  "codigo_movimento": t["occurrence"], "agencia": hl.get("agencia"),
                  "conta": hl.get("conta"), "nosso_numero": t["our_number"], "carteira": 1,
                  "numero_documento": t.get("document_number", ""),
                  "vencimento": t.get("due_date"), "valor_titulo": t.get("amount", Decimal(0)),
                  "valor_tarifa": t.get("bank_rate", Decimal(0)), "codigo_moeda": 9,
                  "motivos": "".join(t.get("reasons", [])),
                  "banco_cobrador": t.get("paid_bank"), "agencia_cobradora": t.get("paid_agency")}
        out.append(codecs["segmento_t"].encode(_only(codecs["segmento_t"], tv)))
        seq_in_batch += 1
        uv = {"banco": bank, "lote": 1, "sequencial_lote": seq_in_batch,
                  "codigo_movimento": t["occurrence"],
                  "juros_multa": t.get("interest", Decimal(0)),
                  "desconto": t.get("discount", Decimal(0)), "abatimento": t.get("rebate", Decimal(0)),
                  "iof": Decimal(0), "valor_pago": t.get("paid_amount", Decimal(0)),
                  "valor_liquido": t.get("paid_amount", Decimal(0)),
                  "outras_despesas": Decimal(0), "outros_creditos": Decimal(0),
                  "data_ocorrencia": t.get("date", generated), "data_credito": t.get("credit_date"),
                  "valor_ocorrencia_pagador": Decimal(0)}
        out.append(codecs["segmento_u"].encode(_only(codecs["segmento_u"], uv)))
    out.append(codecs["trailer_lote"].encode(_only(codecs["trailer_lote"], {
        "banco": bank, "lote": 1, "quantidade_registros": len(titles) * 2 + 2})))
    out.append(codecs["trailer_arquivo"].encode(_only(codecs["trailer_arquivo"], {
        "banco": bank, "quantidade_lotes": 1, "quantidade_registros": len(out) + 1})))
    return "".join(line + "\r\n" for line in out).encode("latin-1")


def _only(codec, values: dict) -> dict:
    names = set(codec.names)
    return {k: v for k, v in values.items() if k in names and v is not None}
