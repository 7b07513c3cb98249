"""Banco Ourinvest (712) CNAB 400: a Bradesco CNAB 400 derivative. No public Ourinvest manual and
no corpus file: positions are laravel-boleto's Ourinvest writer/reader (cross-checked with the
Bradesco manual the layout extends), and a return is built with the layout's own codecs."""

import datetime as dt
from decimal import Decimal

import pytest

from cnab.layout.expr import evaluate

from ..conftest import corpus_manifest
from .common import (
    codes_line,
    FieldEnv, assert_lines_accounted, crlf_bytes, layout_codecs, layout_field, read_source,
)

LAYOUT = "ourinvest.cnab400"
BANK = "712"


def test_no_corpus_file():
    assert [r for r in corpus_manifest() if r["bank_code"] == BANK] == []


def _retorno():
    c = layout_codecs(LAYOUT)
    lines = [
        c["header_retorno"].encode({
            "codigo_remessa_retorno": 2, "literal_remessa": "RETORNO", "codigo_servico": 1,
            "literal_servico": "COBRANCA", "codigo_empresa": "00000000000001234567",
            "nome_empresa": "EMPRESA TESTE", "banco": BANK, "nome_banco": "BANCO OURINVEST",
            "data_gravacao": dt.date(2024, 7, 2), "densidade": "01600000", "aviso_bancario": 1,
            "data_credito": dt.date(2024, 7, 2), "sequencial": 1}),
        c["detalhe_retorno"].encode({
            "tipo_inscricao_empresa": 2, "inscricao_empresa": "11222333000181", "zeros_18": "000",
            "zero_21": "0", "carteira": "019", "agencia": 1, "conta": "0012345", "conta_dv": "6",
            "uso_empresa": "CTRL-1", "zeros_63": "00000000", "nosso_numero": "00000000002",
            "nosso_numero_dv": "8", "uso_banco_83": "0" * 10, "uso_banco_93": "0" * 12,
            "indicador_rateio": "", "pagamento_parcial": "00", "codigo_carteira": "9",
            "ocorrencia": "06", "data_ocorrencia": dt.date(2024, 7, 1), "numero_documento": "DOC-5",
            "nosso_numero_banco": "00000000000000000028", "vencimento": dt.date(2024, 6, 28),
            "valor_titulo": Decimal("300.00"), "banco_cobrador": "237", "agencia_cobradora": 1234,
            "especie": "", "valor_tarifa": Decimal("1.99"), "outras_despesas": Decimal(0),
            "juros_operacao": Decimal(0), "iof": Decimal(0), "abatimento": Decimal(0),
            "desconto": Decimal(0), "valor_pago": Decimal("303.00"), "juros_mora": Decimal("3.00"),
            "outros_creditos": Decimal(0), "motivo_protesto": "", "data_credito": dt.date(2024, 7, 2),
            "origem_pagamento": "", "banco_cheque": "", "motivos": "00", "numero_cartorio": "",
            "numero_protocolo": "", "sequencial": 2}),
        c["trailer_retorno"].encode({"codigo_retorno": 2, "tipo_registro_01": "01", "banco": BANK,
                                     "quantidade_titulos": 1, "valor_titulos": Decimal("300.00"),
                                     "aviso_bancario": "00000001", "sequencial": 3}),
    ]
    assert all(len(x) == 400 for x in lines)
    return lines


def test_retorno_positions_and_values():
    lines = _retorno()
    d = lines[1]
    # Bradesco/Ourinvest retorno: 22-24 carteira, 25-29 agência, 30-36 conta, 71-81 nosso número,
    # 82 DV, 109-110 ocorrência, 111-116 data, 147-152 vencimento, 153-165 valor, 254-266 pago,
    # 296-301 crédito, 319-328 motivos; trailer 5-7 banco, 18-25 quantidade, 26-39 valor.
    assert d[21:24] == "019" and d[24:29] == "00001" and d[70:82] == "000000000028"
    assert d[108:110] == "06" and d[146:152] == "280624" and d[253:266] == "0000000030300"
    assert d[295:301] == "020724" and lines[2][4:7] == BANK and lines[2][17:25] == "00000001"
    r, (t,) = read_source(crlf_bytes(lines), strict=True)
    assert (r.layout.id, r.direction) == (LAYOUT, "retorno")
    assert [str(p) for p in r.problems] == []
    assert_lines_accounted(r)
    v = t.view
    assert (v["our_number"], v["our_number_dv"], v["occurrence"]) == ("00000000002", "8", "06")
    assert v["amount"] == Decimal("300.00") and v["paid_amount"] == Decimal("303.00")
    assert v["interest"] == Decimal("3.00") and v["bank_rate"] == Decimal("1.99")
    assert v["due_date"] == dt.date(2024, 6, 28) and v["credit_date"] == dt.date(2024, 7, 2)
    assert v["occurrence_date"] == dt.date(2024, 7, 1) and v["document_number"] == "DOC-5"


def test_wrong_dv_is_reported():
    lines = _retorno()
    d = lines[1][:81] + "3" + lines[1][82:]
    r, _ = read_source(crlf_bytes([lines[0], d, lines[2]]))
    assert [(p.line, p.field, p.rule) for p in r.errors] == [(2, "nosso_numero_dv", "computed-mismatch")]


def test_remessa_pagador_zone():
    # Ourinvest differs from Bradesco after the pagador name: endereço 275-312, cidade 313-324,
    # UF 325-326, CEP 327-334, sacador CPF/CNPJ 335-349, sacador name 352-394.
    c = layout_codecs(LAYOUT)
    values = {"carteira": "019", "agencia": 1, "conta": "0012345", "conta_dv": "6",
              "nosso_numero": "00000000001", "nosso_numero_dv": "P", "condicao_emissao": 2,
              "emite_boleto_debito": "N", "ocorrencia": "01", "numero_documento": "DOC-5",
              "vencimento": dt.date(2024, 6, 28), "valor_titulo": Decimal("300.00"), "especie": "01",
              "aceite": "N", "data_emissao": dt.date(2024, 6, 1), "tipo_inscricao_pagador": 1,
              "inscricao_pagador": "00012345678909", "nome_pagador": "FULANO",
              "endereco_pagador": "RUA B 2", "cidade_pagador": "CAMPINAS", "uf_pagador": "SP",
              "cep": "13010", "cep_sufixo": "000", "inscricao_sacador": "11222333000181",
              "nome_sacador": "SACADOR LTDA", "sequencial": 2}
    line = c["detalhe"].encode(values)
    assert line[274:312] == "RUA B 2".ljust(38) and line[312:324] == "CAMPINAS".ljust(12)
    assert line[324:326] == "SP" and line[326:334] == "13010000"
    assert line[334:349] == "11222333000181 " and line[351:394] == "SACADOR LTDA".ljust(43)
    assert line[70:82] == "00000000001P"


@pytest.mark.parametrize("nn, dv", [("00000000002", "8"), ("00000000001", "P"), ("00000000006", "0")])
def test_nosso_numero_dv_bradesco_examples(nn, dv):
    # laravel-boleto CalculoDV::ourinvestNossoNumero is Bradesco's rule (módulo 11 base 7 of
    # carteira (2) + nosso número (11), remainder 1 -> P); domain-facts §5.2 gives the Bradesco
    # manual examples for carteira 19.
    for rec in ("detalhe", "detalhe_retorno"):
        expr = layout_field(LAYOUT, rec, "nosso_numero_dv").compute
        assert str(evaluate(expr, FieldEnv({"carteira": "019", "nosso_numero": nn}))) == dv, rec


def test_febraban_codes_written_as_ourinvest_codes():
    """Boleto codes are FEBRABAN; Ourinvest offers 01 DM, 02 NP, 12 DS, 99 and the Bradesco ocorrências it lists."""
    import pytest as _pytest
    from cnab.errors import InputError as _InputError
    from .common import sample_beneficiary as _ben
    ben = _ben("712", agency="1234", account="1234567", account_dv="0", wallet="09", convenio="123456")
    assert codes_line("ourinvest.cnab400", ben, 1, species="02")[147:149] == "01"
    assert codes_line("ourinvest.cnab400", ben, 1, species="04")[147:149] == "12"
    assert codes_line("ourinvest.cnab400", ben, 1, species="12")[147:149] == "02"
    assert codes_line("ourinvest.cnab400", ben, 1, movement="11")[108:110] == "19"
    with _pytest.raises(_InputError, match="especie"):
        codes_line("ourinvest.cnab400", ben, 1, species="17")
    with _pytest.raises(_InputError, match="ocorrencia"):
        codes_line("ourinvest.cnab400", ben, 1, movement="45")
