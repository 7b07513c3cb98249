"""Cresol (133): cresol.cnab400 built from the Cresol CNAB 400 manuals (no corpus file exists).

Each line is encoded with the layout's own codecs from values taken from the manual's field
list, then spot-checked at the manual's positions, then read back as a whole file.
"""

import datetime as dt
from decimal import Decimal

import cnab
from cnab.layout.expr import evaluate

from .common import FieldEnv, layout_codecs, layout_field, read_source, write_lines

LAYOUT = "cresol.cnab400"
REG = cnab.default_registry()
CODECS = layout_codecs(LAYOUT)


def _write(tmp_path, name, lines):
    return read_source(write_lines(tmp_path / name, lines), strict=True)


def test_cresol_400_retorno(tmp_path):
    header = CODECS["header"].encode({
        "codigo_remessa_retorno": 2, "literal_remessa": "RETORNO", "codigo_servico": 1,
        "literal_servico": "COBRANCA", "dados_empresa": "00000000000001234567",
        "nome_empresa": "EMPRESA EXEMPLO LTDA", "banco": "133", "nome_banco": "CRESOL",
        "data_gravacao": dt.date(2024, 3, 5), "sequencial": 1})
    z = Decimal("0")
    detalhe = CODECS["detalhe_retorno"].encode({
        "tipo_inscricao_empresa": 2, "inscricao_empresa": "11222333000181", "zero_21": "0",
        "carteira": "009", "cooperativa": 1234, "conta": 1234567, "conta_dv": "8",
        "uso_empresa": "PEDIDO 42", "nosso_numero": "00000012345", "nosso_numero_dv": "8",
        "ocorrencia": "06", "data_ocorrencia": dt.date(2024, 3, 4), "numero_documento": "NF 42",
        "vencimento": dt.date(2024, 3, 1), "valor_titulo": Decimal("150.00"),
        "banco_cobrador": "133", "agencia_cobradora": 1234, "especie": "",
        "valor_tarifa": Decimal("2.10"), "outras_despesas": z, "iof": z, "abatimento": z,
        "desconto": z, "valor_pago": Decimal("151.50"), "juros_mora": Decimal("1.50"),
        "outros_creditos": z, "data_credito": dt.date(2024, 3, 5), "motivos": "00",
        "sequencial": 2})
    trailer = CODECS["trailer"].encode({"reservado": "201133", "sequencial": 3})
    # the manual's positions: nosso número 71-81 + DV 82, ocorrência 109-110, data 111-116,
    # valor 153-165, tarifa 176-188, valor pago 254-266, juros 267-279, crédito 296-301
    assert detalhe[21:24] == "009" and detalhe[24:29] == "01234" and detalhe[29:37] == "12345678"
    assert detalhe[70:81] == "00000012345" and detalhe[81] == "8"
    assert detalhe[108:110] == "06" and detalhe[110:116] == "040324"
    assert detalhe[152:165] == "0000000015000" and detalhe[175:188] == "0000000000210"
    assert detalhe[253:266] == "0000000015150" and detalhe[266:279] == "0000000000150"
    assert detalhe[295:301] == "050324" and detalhe[318:320] == "00"
    assert trailer[:7] == "9201133"
    r, titles = _write(tmp_path, "cresol.ret", [header, detalhe, trailer])
    assert (r.layout.id, r.direction) == (LAYOUT, "retorno")
    assert [str(p) for p in r.problems] == []
    (t,) = titles
    v = t.view
    assert (v["our_number"], v["our_number_dv"], v["occurrence"], v["reasons"]) == (
        "00000012345", "8", "06", [])
    assert (v["occurrence_date"], v["due_date"], v["credit_date"]) == (
        dt.date(2024, 3, 4), dt.date(2024, 3, 1), dt.date(2024, 3, 5))
    assert (v["amount"], v["paid_amount"], v["interest"], v["bank_rate"]) == (
        Decimal("150.00"), Decimal("151.50"), Decimal("1.50"), Decimal("2.10"))
    assert (v["document_number"], v["company_use"], v["paid_bank"]) == ("NF 42", "PEDIDO 42", "133")
    occ = REG.table("cresol.cnab400.ocorrencia")
    assert occ.codes["06"].settles and not occ.codes["02"].settles and "00" in occ.codes


def test_cresol_400_remessa(tmp_path):
    header = CODECS["header"].encode({
        "codigo_remessa_retorno": 1, "literal_remessa": "REMESSA", "codigo_servico": 1,
        "literal_servico": "COBRANCA", "dados_empresa": "1234567", "banco": "133",
        "nome_banco": "CRESOL", "sequencial": 1})
    z = Decimal("0")
    detalhe = CODECS["detalhe"].encode({
        "carteira": "009", "cooperativa": 1234, "conta": 1234567, "conta_dv": "8",
        "uso_empresa": "PEDIDO 42", "codigo_multa": 2, "percentual_multa": Decimal("2.00"),
        "nosso_numero": "00000012345", "nosso_numero_dv": "8", "condicao_emissao": 2,
        "ocorrencia": "01", "numero_documento": "NF 42", "vencimento": dt.date(2024, 3, 1),
        "valor_titulo": Decimal("150.00"), "especie": "02", "data_emissao": dt.date(2024, 2, 1),
        "juros": Decimal("0.05"), "desconto": z, "iof": z, "abatimento": z,
        "tipo_inscricao_pagador": 1, "inscricao_pagador": "00011144477735",
        "nome_pagador": "FULANO DE TAL", "endereco_pagador": "RUA A 1", "cep": "85601",
        "cep_sufixo": "000", "sequencial": 2})
    trailer = CODECS["trailer"].encode({"sequencial": 3})
    # blanks where the manual says Branco (agência de débito 2-20, 83-108 but 93, 140-147,
    # 150, instruções 157-160, primeira mensagem 315-326, avalista 335-394)
    assert detalhe[1:20].strip() == "" and detalhe[20] == "0" and detalhe[21:24] == "009"
    assert detalhe[65] == "2" and detalhe[66:70] == "0200" and detalhe[70:82] == "000000123458"
    assert detalhe[82:92].strip() == "" and detalhe[92] == "2" and detalhe[93:108].strip() == ""
    assert detalhe[139:147].strip() == "" and detalhe[147:149] == "02" and detalhe[149] == " "
    assert detalhe[156:160].strip() == "" and detalhe[314:326].strip() == ""
    assert detalhe[326:334] == "85601000" and detalhe[334:394].strip() == ""
    r, titles = _write(tmp_path, "cresol.rem", [header, detalhe, trailer])
    assert (r.layout.id, r.direction) == (LAYOUT, "remessa")
    assert [str(p) for p in r.problems] == []
    (t,) = titles
    v = t.view
    assert (v["our_number"], v["our_number_dv"], v["movement"]) == ("00000012345", "8", "01")
    assert (v["due_date"], v["amount"]) == (dt.date(2024, 3, 1), Decimal("150.00"))


def test_cresol_240_retorno_from_febraban_positions(tmp_path):
    layout = REG.layout("cresol.cnab240.retorno")
    assert "remessa" not in layout.directions()
    c = REG.codecs(layout)
    header = c["header_arquivo"].encode({
        "banco": "133", "tipo_inscricao_empresa": 2, "inscricao_empresa": "11222333000181",
        "convenio": "", "agencia": 1234, "conta": 1234567, "conta_dv": "8",
        "nome_empresa": "EMPRESA EXEMPLO", "nome_banco": "CRESOL", "codigo_remessa_retorno": 2,
        "data_geracao": dt.date(2024, 3, 5), "hora_geracao": dt.time(7, 0), "sequencial_arquivo": 12})
    lote = c["header_lote"].encode({
        "banco": "133", "lote": 1, "operacao": "T", "tipo_servico": 1, "tipo_inscricao_empresa": 2,
        "inscricao_empresa": "011222333000181", "agencia": 1234, "conta": 1234567,
        "conta_dv": "8", "nome_empresa": "EMPRESA EXEMPLO", "numero_remessa_retorno": 12,
        "data_gravacao": dt.date(2024, 3, 5)})
    t = c["segmento_t"].encode({
        "banco": "133", "lote": 1, "sequencial_lote": 1, "codigo_movimento": "06", "agencia": 1234,
        "conta": 1234567, "conta_dv": 8, "nosso_numero": "0000012345", "carteira": 1,
        "numero_documento": "NF 42", "vencimento": dt.date(2024, 3, 1),
        "valor_titulo": Decimal("150.00"), "banco_cobrador": "133", "agencia_cobradora": 1234,
        "codigo_moeda": 9, "tipo_inscricao_pagador": 1, "inscricao_pagador": "000011144477735",
        "nome_pagador": "FULANO DE TAL", "valor_tarifa": Decimal("2.10"), "motivos": "00"})
    z = Decimal(0)
    u = c["segmento_u"].encode({
        "banco": "133", "lote": 1, "sequencial_lote": 2, "codigo_movimento": "06",
        "juros_multa": Decimal("1.50"), "desconto": z, "abatimento": z, "iof": z,
        "valor_pago": Decimal("151.50"), "valor_liquido": Decimal("149.40"), "outras_despesas": z,
        "outros_creditos": z, "data_ocorrencia": dt.date(2024, 3, 4),
        "data_credito": dt.date(2024, 3, 5), "valor_ocorrencia_pagador": z})
    t5 = c["trailer_lote"].encode({"banco": "133", "lote": 1, "quantidade_registros": 4})
    t9 = c["trailer_arquivo"].encode({"banco": "133", "quantidade_lotes": 1, "quantidade_registros": 6})
    # the reader's positions: T 16-17 ocorrência, 38-47 nosso número, 74-81 vencimento,
    # 82-96 valor, 199-213 tarifa; U 78-92 valor pago, 138-145 ocorrência, 146-153 crédito
    assert t[15:17] == "06" and t[37:47] == "0000012345" and t[73:81] == "01032024"
    assert t[81:96] == "000000000015000" and t[198:213] == "000000000000210"
    assert u[77:92] == "000000000015150" and u[137:145] == "04032024" and u[145:153] == "05032024"
    r, titles = _write(tmp_path, "cresol240.ret", [header, lote, t, u, t5, t9])
    assert (r.layout.id, r.direction) == ("cresol.cnab240.retorno", "retorno")
    assert [str(p) for p in r.problems] == []
    (title,) = titles
    v = title.view
    assert (v["our_number"], v["occurrence"], v["reasons"]) == ("0000012345", "06", [])
    assert (v["amount"], v["paid_amount"], v["net_amount"], v["bank_rate"]) == (
        Decimal("150.00"), Decimal("151.50"), Decimal("149.40"), Decimal("2.10"))
    assert (v["occurrence_date"], v["credit_date"]) == (dt.date(2024, 3, 4), dt.date(2024, 3, 5))


def test_cresol_400_nosso_numero_dv_rule():
    # No Cresol document states the rule; the layout computes it as Bradesco does (Cresol is a
    # Bradesco correspondent; laravel-boleto and OpenBoleto agree): módulo 11, weights 2-7 over
    # carteira (2) + nosso número (11), 11 - resto, resto 0 -> 0, resto 1 -> P.
    for record in ("detalhe", "detalhe_retorno"):
        field = layout_field(LAYOUT, record, "nosso_numero_dv")
        dv = lambda cart, nn: evaluate(field.compute, FieldEnv({"carteira": cart, "nosso_numero": nn}))  # noqa: E731
        assert dv("009", "00000012345") == "8"  # sum 113, resto 3
        # the Bradesco worked examples (domain-facts 5.2, BRA400): carteira 19
        assert dv("019", "00000000002") == "8"
        assert dv("019", "00000000001") == "P"
        assert dv("019", "00000000006") == "0"
