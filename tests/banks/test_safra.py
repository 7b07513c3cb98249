"""Safra (422) CNAB 400 against the Safra 'Layout Padrão Safra 400' manual (Set/2010).

There is no Safra file in the corpus: the return tested here is built from the manual's field
description (§6.2) with the layout's own codecs, then read back through cnab.read.
"""

import datetime as dt
from decimal import Decimal

import pytest

from cnab.layout.expr import evaluate

from ..conftest import corpus_manifest
from .common import (
    FieldEnv, assert_lines_accounted, crlf_bytes, layout_codecs, layout_field, read_source,
)

LAYOUT = "safra.cnab400"
ROWS = [r for r in corpus_manifest() if r["bank_code"] == "422"]


def test_no_safra_corpus_file():
    # If a Safra file ever enters the corpus, it must get the corpus tests the other banks have.
    assert ROWS == []


def _retorno_bytes():
    c = layout_codecs(LAYOUT)
    lines = [
        c["header"].encode({
            "codigo_remessa_retorno": 2, "literal_remessa": "RETORNO", "codigo_servico": 1,
            "literal_servico": "COBRANCA", "agencia": "01234", "conta": "000123456",
            "nome_empresa": "EMPRESA TESTE", "banco": "422", "nome_banco": "SAFRA",
            "data_gravacao": dt.date(2024, 3, 5), "numero_arquivo": 17, "sequencial": 1}),
        # liquidação normal of nosso número 94550200-1 (the manual's §10.2 example)
        c["detalhe_retorno"].encode({
            "tipo_inscricao_empresa": 2, "inscricao_empresa": "12345678000199",
            "agencia": "01234", "conta": "000123456", "uso_empresa": "PEDIDO 77",
            "nosso_numero": "94550200", "nosso_numero_dv": "1", "ocorrencia_origem": "01",
            "motivo_rejeicao": "000", "carteira": "1", "ocorrencia": "06",
            "data_ocorrencia": dt.date(2024, 3, 4), "numero_documento": "NF1001",
            "nosso_numero_confirmacao": "945502001", "vencimento": dt.date(2024, 3, 1),
            "valor_titulo": Decimal("1500.00"), "banco_cobrador": "422", "agencia_cobradora": 1234,
            "especie": "01", "valor_tarifa": Decimal("2.50"), "outras_despesas": Decimal(0),
            "zeros_202": Decimal(0), "iof": Decimal(0), "abatimento": Decimal(0),
            "desconto": Decimal(0), "valor_pago": Decimal("1512.30"),
            "juros_mora": Decimal("12.30"), "outros_creditos": Decimal(0), "moeda": "000",
            "data_credito": dt.date(2024, 3, 5), "entrada_dda": "N", "meio_liquidacao": "01",
            "seu_numero": "000000000001001", "numero_arquivo": 17, "sequencial": 2}),
        # entrada rejeitada of 93199999-5, motivo 029 (nosso número com dígito errado)
        c["detalhe_retorno"].encode({
            "tipo_inscricao_empresa": 2, "inscricao_empresa": "12345678000199",
            "agencia": "01234", "conta": "000123456", "uso_empresa": "",
            "nosso_numero": "93199999", "nosso_numero_dv": "5", "ocorrencia_origem": "01",
            "motivo_rejeicao": "029", "carteira": "1", "ocorrencia": "03",
            "data_ocorrencia": dt.date(2024, 3, 4), "numero_documento": "NF1002",
            "nosso_numero_confirmacao": "931999995", "vencimento": dt.date(2024, 4, 10),
            "valor_titulo": Decimal("99.90"), "banco_cobrador": "422", "agencia_cobradora": 1234,
            "especie": "01", "valor_tarifa": Decimal(0), "outras_despesas": Decimal(0),
            "zeros_202": Decimal(0), "iof": Decimal(0), "abatimento": Decimal(0),
            "desconto": Decimal(0), "valor_pago": Decimal(0), "juros_mora": Decimal(0),
            "outros_creditos": Decimal(0), "moeda": "000", "data_credito": None,
            "numero_arquivo": 17, "sequencial": 3}),
        c["trailer_retorno"].encode({
            "codigo_retorno": "2", "codigo_servico": "01", "banco": "422",
            "quantidade_simples": 2, "valor_simples": Decimal("1599.90"), "aviso_simples": 1,
            "numero_arquivo": 17, "sequencial": 4}),
    ]
    assert all(len(line) == 400 for line in lines)
    return crlf_bytes(lines), lines


def test_manual_positions_of_the_built_return():
    _, lines = _retorno_bytes()
    d = lines[1]
    # §6.2 positions, 1-based inclusive
    assert d[62:71] == "945502001"            # 63-71 nosso número with DV
    assert d[102:104] == "01" and d[104:107] == "000" and d[107] == "1"
    assert d[108:110] == "06" and d[110:116] == "040324"
    assert d[126:135] == "945502001"          # 127-135 confirmação
    assert d[146:152] == "010324" and d[152:165] == "0000000150000"
    assert d[253:266] == "0000000151230" and d[295:301] == "050324"
    assert d[391:394] == "017" and d[394:400] == "000002"
    assert lines[0][26:40] == "01234000123456" and lines[0][76:79] == "422"


def test_built_return_reads_strictly_with_values():
    data, _ = _retorno_bytes()
    r, titles = read_source(data, strict=True)
    assert r.layout.id == LAYOUT and r.direction == "retorno"
    assert [str(p) for p in r.problems] == []
    assert_lines_accounted(r)
    v = titles[0].view
    assert (v["our_number"], v["our_number_dv"], v["occurrence"]) == ("94550200", "1", "06")
    assert v["amount"] == Decimal("1500.00") and v["paid_amount"] == Decimal("1512.30")
    assert v["interest"] == Decimal("12.30") and v["bank_rate"] == Decimal("2.50")
    assert v["occurrence_date"] == dt.date(2024, 3, 4) and v["due_date"] == dt.date(2024, 3, 1)
    assert v["credit_date"] == dt.date(2024, 3, 5) and v["document_number"] == "NF1001"
    v = titles[1].view
    assert (v["our_number"], v["occurrence"], v["reasons"]) == ("93199999", "03", ["029"])
    assert v["credit_date"] is None


def test_wrong_check_digit_is_reported():
    _, lines = _retorno_bytes()
    bad = lines[1][:70] + "7" + lines[1][71:]
    r, _ = read_source(crlf_bytes([lines[0], bad] + lines[2:]))
    assert [(p.line, p.field, p.rule) for p in r.errors] == [
        (2, "nosso_numero_dv", "computed-mismatch")]


@pytest.mark.parametrize("nn, dv", [("94550200", "1"), ("93199999", "5"), ("26173001", "1")])
def test_nosso_numero_dv_manual_examples(nn, dv):
    # Manual §10.2: módulo 11, weights 2..9 from the right; 26173001 has remainder 0, which the
    # manual maps to 1 (and remainder 1 to 0).
    for rec in ("detalhe", "detalhe_retorno"):
        expr = layout_field(LAYOUT, rec, "nosso_numero_dv").compute
        assert str(evaluate(expr, FieldEnv({"nosso_numero": nn}))) == dv, rec


def test_febraban_codes_are_written_as_safra_codes():
    # nota 6.1.3: 01 DM, 09 DS, 02 NP; nota 6.1.1: 08 alteração do seu número, 31 alteração do
    # valor do título (FEBRABAN 47), so FEBRABAN 31 (outros dados) is refused
    from cnab.errors import CnabError

    from .common import sample_beneficiary, write_remessa

    ben = sample_beneficiary("422", agency="12345", account="123456789", wallet="1")

    def detail(**codes):
        lines, reader, _ = write_remessa(
            LAYOUT, ben, {"sequence": 1, "generated_at": dt.datetime(2026, 1, 5)},
            our_number="12345678", due_date=dt.date(2026, 2, 5), amount=Decimal("10.00"),
            **codes)
        assert reader.problems == []
        return lines[1]

    assert detail()[108:110] + detail()[147:149] == "0101"  # entrada, DM
    assert detail(species="04")[147:149] == "09"
    assert detail(species="12")[147:149] == "02"
    assert detail(movement="21")[108:110] == "08"
    assert detail(movement="47")[108:110] == "31"
    for bad in ({"species": "01"}, {"movement": "31"}):
        with pytest.raises(CnabError, match="XX"):
            detail(**bad)


def test_multa_and_abatimento_share_206_218_as_the_manual_says():
    """Notas 6.1.5 and 6.1.9: on an entrada the multa is instrução 16 (157-158) with 206-211 the
    date from which it is charged, 212-215 the percentage 99v99 and 216-218 zeros; otherwise
    206-218 is the abatimento. Juros por dia 161-173 and desconto 174-192 as in the layout."""
    from cnab.errors import InputError
    from .common import boleto_line, sample_beneficiary

    ben = sample_beneficiary("422", agency="12345", account="123456789", wallet="1")

    def detail(**money):
        return boleto_line(LAYOUT, ben, our_number="00000001", amount=Decimal("100.00"),
                           **money)

    d = detail(fine_code="2", fine=Decimal("2.00"), fine_date=dt.date(2027, 1, 11),
               interest_code="1", interest=Decimal("0.33"),
               discount_code="1", discount=Decimal("5.00"), discount_date=dt.date(2027, 1, 5))
    assert d[156:158] == "16"                                 # instrução 16: multa
    assert d[160:173] == "0000000000033"                      # juros R$ 0,33 por dia
    assert d[173:179] == "050127" and d[179:192] == "0000000000500"
    assert d[205:218] == "1101270200000"                      # 11/01/27, 2,00 %, zeros
    d = detail(rebate=Decimal("1.50"))                        # no multa: the abatimento
    assert d[156:158] == "  " and d[205:218] == "0000000000150"
    d = detail(movement="04", rebate=Decimal("1.50"), fine_code="2", fine=Decimal("2.00"))
    assert d[156:158] == "  " and d[205:218] == "0000000000150"  # multa only on an entrada
    d = detail()                                              # the default boleto
    assert d[156:158] == "  " and d[160:218] == "0" * 58
    with pytest.raises(InputError, match="abatimento_multa"):  # Safra takes a percentage only
        detail(fine_code="1", fine=Decimal("5.00"), fine_date=dt.date(2027, 1, 11))
    with pytest.raises(InputError, match="abatimento_multa"):  # one zone for both
        detail(fine_code="2", fine=Decimal("2.00"), fine_date=dt.date(2027, 1, 11),
               rebate=Decimal("1.50"))
    with pytest.raises(InputError, match="abatimento_multa"):
        detail(fine_code="2", fine=Decimal("2.00"))           # the date is required
