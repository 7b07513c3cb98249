"""Banco do Nordeste (004): bnb.cnab400 (the bank publishes no CNAB 240 cobrança layout)."""

import datetime as dt
from decimal import Decimal

import pytest

from cnab.layout.expr import evaluate

from .common import (
    FieldEnv, check_clean_reencodes, check_lenient_read, check_records_reencode, clean_rows,
    corpus_path, corpus_rows, layout_field, read_present, read_source, reader_errors,
)

BANK = "004"
LAYOUT = "bnb.cnab400"

ROWS = corpus_rows(BANK)
CLEAN_ROWS = clean_rows(ROWS)


@pytest.mark.skipif(not ROWS, reason="../shared/corpus not present")
@pytest.mark.parametrize("row", ROWS, ids=lambda r: r["file"])
def test_corpus_file_is_detected_and_reads_lenient(row):
    _, titles = check_lenient_read(row, LAYOUT)
    assert titles


@pytest.mark.skipif(not CLEAN_ROWS, reason="no clean corpus file for this bank")
@pytest.mark.parametrize("row", CLEAN_ROWS, ids=lambda r: r["file"])
def test_clean_file_strict_and_byte_identical(row):
    check_clean_reencodes(row)


@pytest.mark.parametrize(
    "name",
    [
        "brcobranca/spec_arquivos_CNAB400BANCONORDESTE.RET",
        "brcobranca/spec_fixtures_remessa_remessa-banco-nordeste-cnab400.rem",
    ],
)
def test_lf_only_corpus_records_reencode_byte_identical(name):
    # the corpus files are lf-only (not "clean"), but every record still re-encodes to its line
    reader, titles = read_present(name)
    check_records_reencode(reader, titles)
    lines = corpus_path(name).read_text("latin-1").split("\n")
    assert all(item.raw == lines[item.line - 1] for t in titles for item in t.records)


def test_retorno_values_checked_by_hand():
    # retorno detail positions (manual p.5): 18-21 agência 0217, 24-30 conta 0005691, 31 dígito 1,
    # 63-69 nosso número 0000011, 70 dígito 6, 108 carteira I, 109-110 serviço 06 (liquidação),
    # 111-116 ocorrência 19/11/14, 147-152 vencimento 19/11/14, 153-165 valor 175,00,
    # 166-168 banco 004, 169-172 agência cobradora 0217, 174-175 espécie 01, 176-188 tarifa 2,60,
    # 254-266 valor recebido 175,00; header 109-113 sequencial do retorno 00003
    reader, titles = read_present("brcobranca/spec_arquivos_CNAB400BANCONORDESTE.RET")
    assert reader.layout.id == LAYOUT and reader.direction == "retorno"
    assert len(titles) == 1
    v = titles[0].view
    assert (v["our_number"], v["our_number_dv"], v["occurrence"]) == ("0000011", "6", "06")
    assert v["occurrence_date"] == dt.date(2014, 11, 19) and v["due_date"] == dt.date(2014, 11, 19)
    assert v["amount"] == Decimal("175.00") and v["paid_amount"] == Decimal("175.00")
    assert v["bank_rate"] == Decimal("2.60") and v["interest"] == Decimal("0.00")
    assert (v["paid_bank"], v["paid_agency"]) == ("004", 217)
    d = titles[0].records[0].values
    assert (d["agencia"], d["conta"], d["conta_dv"], d["carteira"]) == (217, "0005691", "1", "I")
    assert d["confirmacao_nosso_numero"] == "0000011" and d["especie"] == "01"
    # error table: positions 298-300 flagged, i.e. errors 19, 20 and 21
    assert [i + 1 for i, c in enumerate(d["tabela_erros"]) if c == "1"] == [19, 20, 21]
    assert reader.header["sequencial_retorno"] == 3 and reader.header["agencia"] == 217


def test_remessa_values_checked_by_hand():
    # remessa detail: 18-21 agência 1234, 24-30 conta 1234567, 31 dígito 1, 32-33 multa 00,
    # 38-62 número controle 6969, 63-69 nosso número 0000123, 70 dígito 6, 108 carteira 4,
    # 109-110 serviço 01, 121-126 vencimento 14/07/15, 127-139 valor 199,90, 140-142 banco 004,
    # 148-149 espécie 01, 392-393 prazo de protesto 99, 394 moeda 0
    reader, titles = read_present(
        "brcobranca/spec_fixtures_remessa_remessa-banco-nordeste-cnab400.rem")
    assert reader.direction == "remessa"
    v = titles[0].view
    assert (v["our_number"], v["our_number_dv"], v["movement"]) == ("0000123", "6", "01")
    assert v["due_date"] == dt.date(2015, 7, 14) and v["amount"] == Decimal("199.90")
    assert v["company_use"] == "6969"
    d = titles[0].records[0].values
    assert (d["agencia"], d["conta"], d["conta_dv"], d["carteira"]) == (1234, "1234567", "1", "4")
    assert d["banco_cobrador"] == "004" and d["prazo_protesto"] == 99 and d["codigo_moeda"] == "0"
    assert d["nome_pagador"] == "PABLO DIEGO JOSE FRANCISCO DE PAULA JUAN"


def test_wrong_nosso_numero_dv_is_reported(tmp_path):
    path = corpus_path("brcobranca/spec_arquivos_CNAB400BANCONORDESTE.RET")
    lines = path.read_text("latin-1").split("\n")
    lines[1] = lines[1][:69] + "7" + lines[1][70:]
    bad = tmp_path / "BAD.RET"
    bad.write_text("\r\n".join(lines), "latin-1")
    reader, _ = read_source(bad)
    assert reader_errors(reader) == [(2, "detalhe_retorno", "nosso_numero_dv", "computed-mismatch")]


@pytest.mark.parametrize("record", ["detalhe", "detalhe_retorno"])
def test_nosso_numero_dv_manual_example(record):
    expr = layout_field(LAYOUT, record, "nosso_numero_dv").compute

    def dv(nn):
        return str(evaluate(expr, FieldEnv({"nosso_numero": nn})))

    # nota 0: 9061138 → sum 142, remainder 10, dígito 1
    assert dv("9061138") == "1"
    # corpus: 0000011 → 6, 0000123 → 6; remainders 0 and 1 give 0
    assert dv("0000011") == "6" and dv("0000123") == "6"
    assert dv("0000014") == "0"  # 4×2 + 1×3 = 11, remainder 0
    assert dv("0000006") == "0"  # 6×2 = 12, remainder 1
    assert dv("0000005") == "1"  # 5×2 = 10, remainder 10


def test_febraban_codes_are_written_as_bnb_codes():
    # nota 3: 01 duplicata, 02 nota promissória; nota 2: 08 alteração do seu número; aceite B
    from cnab.errors import CnabError

    from .common import sample_beneficiary, write_remessa

    ben = sample_beneficiary("004", agency="1234", account="1234567", account_dv="1", wallet="4")

    def detail(**codes):
        lines, reader, _ = write_remessa(
            LAYOUT, ben, {"sequence": 1, "generated_at": dt.datetime(2026, 1, 5)},
            our_number="123", due_date=dt.date(2026, 2, 5), amount=Decimal("10.00"), **codes)
        assert reader.problems == []
        return lines[1]

    d = detail()  # the Boleto's defaults: 01 entrada, 02 DM, not aceito
    assert (d[108:110], d[147:149], d[149]) == ("01", "01", "B")
    assert detail(species="04")[147:149] == "01"  # DS: the bank has one duplicata code
    assert detail(species="12", accept="A")[147:150] == "02A"
    assert detail(movement="21")[108:110] == "08"
    for bad in ({"species": "14"}, {"movement": "07"}):
        with pytest.raises(CnabError, match="XX"):
            detail(**bad)
