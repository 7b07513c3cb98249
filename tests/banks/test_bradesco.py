"""Bradesco (237) layouts: bradesco.cnab400 and bradesco.cnab240."""

import datetime as dt
from decimal import Decimal

import pytest

from cnab.layout.expr import evaluate

from .common import (
    codes_line,
    FieldEnv, check_clean_reencodes, check_lenient_read, clean_rows, corpus_rows, layout_codecs,
    layout_field, read_present, read_source, reader_errors,
)

LAYOUT_400 = "bradesco.cnab400"
LAYOUT_240 = "bradesco.cnab240"

# (line, record, field, rule) of every error a corpus file must produce because the FILE is wrong.
# - brcobranca's CNAB400BRADESCO.RET: its first título has nosso número 00000000030 with dígito 3,
#   but carteira 09 + 00000000030 gives 5 by the manual's módulo 11 base 7; the other five títulos
#   of the file (and all títulos of the other Bradesco retornos) verify.
EXPECTED_ERRORS = {
    "brcobranca/spec_arquivos_CNAB400BRADESCO.RET": [
        (2, "detalhe_retorno", "nosso_numero_dv", "computed-mismatch")],
}

ROWS = corpus_rows("237")
CLEAN_ROWS = clean_rows(ROWS)


@pytest.mark.skipif(not ROWS, reason="../shared/corpus not present")
@pytest.mark.parametrize("row", ROWS, ids=lambda r: r["file"])
def test_corpus_file_is_detected_and_reads_lenient(row):
    layout_id = LAYOUT_240 if row["cnab"].startswith("240") else LAYOUT_400
    _, titles = check_lenient_read(row, layout_id, EXPECTED_ERRORS.get(row["file"], []))
    assert titles


@pytest.mark.skipif(not ROWS, reason="../shared/corpus not present")
@pytest.mark.parametrize("row", CLEAN_ROWS, ids=lambda r: r["file"])
def test_clean_file_strict_and_byte_identical(row):
    assert check_clean_reencodes(row, EXPECTED_ERRORS.get(row["file"], [])) > 0


def test_400_retorno_values_checked_by_hand():
    # CnabPHP cb030400 retorno, manual positions (registro 1 do retorno):
    # 22-24 carteira 009, 71-81 nosso número 00000000009, 82 dígito 7, 109-110 ocorrência,
    # 111-116 data 110412, 117-126 documento "15", 147-152 vencimento 120412,
    # 153-165 valor 5,00, 166-168 banco 237, 169-173 agência 00523, 176-188 despesas 2,52,
    # 254-266 valor pago, 296-301 data do crédito
    reader, titles = read_present("CnabPHP/tests_fixtures_cnab400_retorno-cb030400-bradesco.ret")
    assert reader.layout.id == LAYOUT_400 and reader.direction == "retorno"
    assert len(titles) == 7
    v = titles[0].view
    assert (v["our_number"], v["our_number_dv"]) == ("00000000009", "7")
    assert v["occurrence"] == "02" and v["occurrence_date"] == dt.date(2012, 4, 11)
    assert v["document_number"] == "15" and v["due_date"] == dt.date(2012, 4, 12)
    assert v["amount"] == Decimal("5.00") and v["bank_rate"] == Decimal("2.52")
    assert v["paid_amount"] == Decimal("0.00") and v["credit_date"] is None
    assert (v["paid_bank"], v["paid_agency"]) == ("237", 523)
    v = titles[1].view  # the same título, liquidated (06) at agência 1420, credited 13/04/2012
    assert v["occurrence"] == "06" and v["paid_amount"] == Decimal("5.00")
    assert v["credit_date"] == dt.date(2012, 4, 13) and v["paid_agency"] == 1420
    v = titles[2].view  # occurrence 17 (liquidação após baixa) paid at banco 001
    assert (v["our_number"], v["our_number_dv"], v["occurrence"]) == ("00000000018", "6", "17")
    assert v["paid_bank"] == "001" and v["paid_amount"] == Decimal("0.02")
    values = titles[0].records[0].values
    assert (values["carteira"], values["agencia"], values["conta"], values["conta_dv"]) == (
        "009", 1420, "0016910", "2")


def test_400_retorno_dv_p_and_header():
    # brcobranca Bradesco retorno line 3: nosso número 51350000004, dígito P (remainder 1)
    reader, titles = read_present("brcobranca/spec_arquivos_CNAB400BRADESCO.RET")
    v = titles[1].view
    assert (v["our_number"], v["our_number_dv"]) == ("51350000004", "P")
    assert v["amount"] == Decimal("180.00") and v["due_date"] == dt.date(2015, 5, 25)
    assert titles[1].records[0].values["conta_dv"] == "P"


def test_400_remessa_values():
    reader, titles = read_present("brcobranca/spec_fixtures_remessa_remessa-bradesco-cnab400.rem")
    assert reader.direction == "remessa"
    v = titles[0].view
    assert (v["our_number"], v["our_number_dv"], v["movement"]) == ("00000000123", "P", "01")
    assert v["due_date"] == dt.date(2015, 7, 14) and v["amount"] == Decimal("199.90")
    d = titles[0].records[0].values
    assert (d["carteira"], d["agencia"], d["conta"], d["conta_dv"]) == ("001", 12345, "1234567", "1")
    assert d["campo_multa"] == 2 and d["percentual_multa"] == Decimal("2.00")


# --- Bradesco CNAB 240: no corpus file, so a file is built from the layout's own codecs ----------

def _bradesco_240_remessa(tmp_path, nn, dv):
    codecs = layout_codecs(LAYOUT_240)

    def line(rec, **v):
        return codecs[rec].encode(v)

    common = dict(agencia=1234, agencia_dv="5", conta=1234567, conta_dv="0")
    lines = [
        line("header_arquivo", banco="237", tipo_inscricao_empresa=2,
             inscricao_empresa="12345678000199", convenio="0000000000000123456",
             nome_empresa="EMPRESA TESTE", nome_banco="BRADESCO", codigo_remessa_retorno=1,
             data_geracao=dt.date(2024, 3, 1), hora_geracao=dt.time(10, 0, 0),
             sequencial_arquivo=1, densidade=1600, **common),
        line("header_lote", banco="237", lote=1, operacao="R", tipo_servico=1,
             tipo_inscricao_empresa=2, inscricao_empresa="012345678000199",
             convenio="0000000000000123456", nome_empresa="EMPRESA TESTE",
             numero_remessa_retorno=1, data_gravacao=dt.date(2024, 3, 1), **common),
        line("segmento_p", banco="237", lote=1, sequencial_lote=1, codigo_movimento="01",
             produto="019", nosso_numero=nn, nosso_numero_dv=dv, carteira=1,
             numero_documento="DOC1", vencimento=dt.date(2024, 4, 1),
             valor_titulo=Decimal("150.00"), data_emissao=dt.date(2024, 3, 1),
             uso_empresa="ABC", codigo_desconto=0, codigo_baixa=1, prazo_baixa="030", **common),
        line("segmento_q", banco="237", lote=1, sequencial_lote=2, codigo_movimento="01",
             tipo_inscricao_pagador=1, inscricao_pagador="000012345678909",
             nome_pagador="FULANO DE TAL", endereco_pagador="RUA A 1", bairro_pagador="CENTRO",
             cep="01311", cep_sufixo="000", cidade_pagador="SAO PAULO", uf_pagador="SP",
             tipo_inscricao_avalista=0, inscricao_avalista="000000000000000",
             banco_correspondente="000"),
        line("trailer_lote", banco="237", lote=1, quantidade_registros=4),
        line("trailer_arquivo", banco="237", quantidade_lotes=1, quantidade_registros=6),
    ]
    path = tmp_path / "CB010301.REM"
    path.write_bytes("".join(x + "\r\n" for x in lines).encode("ascii"))
    return path


def test_240_remessa_built_from_the_manual_reads_clean(tmp_path):
    path = _bradesco_240_remessa(tmp_path, "00000000002", "8")
    reader, titles = read_source(path, strict=True)
    assert reader.layout.id == LAYOUT_240 and reader.direction == "remessa"
    assert reader.problems == [], [str(p) for p in reader.problems]
    v = titles[0].view
    assert (v["our_number"], v["our_number_dv"], v["movement"]) == ("00000000002", "8", "01")
    assert v["amount"] == Decimal("150.00") and v["due_date"] == dt.date(2024, 4, 1)
    raw = titles[0].records[0].raw
    assert raw[37:40] == "019" and raw[40:45] == "00000" and raw[45:57] == "000000000028"


def test_240_remessa_wrong_dv_is_reported(tmp_path):
    path = _bradesco_240_remessa(tmp_path, "00000000002", "9")
    reader, _ = read_source(path)
    assert reader_errors(reader) == [(3, "segmento_p", "nosso_numero_dv", "computed-mismatch")]


# --- nosso número dígito, evaluated through the layouts' own compute expressions ----------------

@pytest.mark.parametrize("layout_id,record,carteira_field", [
    (LAYOUT_400, "detalhe", "carteira"),
    (LAYOUT_400, "detalhe_retorno", "carteira"),
    (LAYOUT_240, "segmento_p", "produto"),
])
def test_nosso_numero_dv_manual_examples(layout_id, record, carteira_field):
    expr = layout_field(layout_id, record, "nosso_numero_dv").compute

    def dv(carteira, nn):
        return str(evaluate(expr, FieldEnv({carteira_field: carteira, "nosso_numero": nn})))

    # BRA400 (domain-facts §5.2): carteira 19 with nosso número 00000000002 → 8,
    # 00000000001 → P (remainder 1), 00000000006 → 0 (remainder 0)
    assert dv("019", "00000000002") == "8"
    assert dv("019", "00000000001") == "P"
    assert dv("019", "00000000006") == "0"
    # corpus: carteira 09, 51350000004 → P; 00000000009 → 7
    assert dv("009", "51350000004") == "P"
    assert dv("009", "00000000009") == "7"


def test_febraban_codes_written_as_bradesco_codes():
    """Boleto codes are FEBRABAN; Bradesco 400 numbers espécies (01 duplicata, 02 NP, 12 DS) and ocorrências (18/19 sustar protesto) its own way; Bradesco 240 is C004 but for 47 (excluir negativação)."""
    import pytest as _pytest
    from cnab.errors import InputError as _InputError
    from .common import sample_beneficiary as _ben
    ben = _ben("237", agency="1234", account="1234567", account_dv="0", wallet="09", convenio="123456")
    assert codes_line("bradesco.cnab400", ben, 1, species="02")[147:149] == "01"
    assert codes_line("bradesco.cnab400", ben, 1, species="04")[147:149] == "12"
    assert codes_line("bradesco.cnab400", ben, 1, species="12")[147:149] == "02"
    assert codes_line("bradesco.cnab400", ben, 1, movement="10")[108:110] == "18"
    assert codes_line("bradesco.cnab400", ben, 1, movement="47")[108:110] == "20"
    assert codes_line("bradesco.cnab240", ben, 2, species="02")[106:108] == "02"
    assert codes_line("bradesco.cnab240", ben, 2, species="04")[106:108] == "04"
    assert codes_line("bradesco.cnab240", ben, 2, species="12")[106:108] == "12"
    assert codes_line("bradesco.cnab240", ben, 2, movement="10")[15:17] == "10"
    with _pytest.raises(_InputError, match="especie"):
        codes_line("bradesco.cnab400", ben, 1, species="03")
    with _pytest.raises(_InputError, match="ocorrencia"):
        codes_line("bradesco.cnab400", ben, 1, movement="12")
    with _pytest.raises(_InputError, match="codigo_movimento"):
        codes_line("bradesco.cnab240", ben, 2, movement="47")
