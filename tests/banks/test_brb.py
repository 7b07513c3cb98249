"""BRB, Banco de Brasília (070): brb.cnab400.remessa (DCB 001/075) and brb.cnab400.retorno.

No BRB manual is in ../shared/manuals: the layouts follow public descriptions (brcobranca and an
independent BRB 075 validator) and are checked against the two brcobranca corpus files."""

import datetime as dt
from decimal import Decimal

import pytest

from .common import (
    check_lenient_read, check_records_reencode, clean_rows, corpus_path, corpus_rows, layout_codecs,
    read_all, read_present, reader_errors,
)

BANK = "070"
LAYOUT_REMESSA = "brb.cnab400.remessa"
LAYOUT_RETORNO = "brb.cnab400.retorno"

# (line, record, field, rule) of every error a corpus file must produce because the FILE is wrong.
# - brcobranca's CNAB400BANCOBRASILIA.RET is a 3-line excerpt of a longer retorno: its trailer keeps
#   the original sequential number 000030 on line 3.
EXPECTED_ERRORS = {
    "brcobranca/spec_arquivos_CNAB400BANCOBRASILIA.RET": [
        (3, "trailer", "sequencial", "computed-mismatch")
    ],
}

ROWS = corpus_rows(BANK)
CLEAN_ROWS = clean_rows(ROWS)


@pytest.mark.skipif(not ROWS, reason="../shared/corpus not present")
@pytest.mark.parametrize("row", ROWS, ids=lambda r: r["file"])
def test_corpus_file_is_detected_and_reads_lenient(row):
    layout_id = LAYOUT_REMESSA if row["kind"] == "remessa" else LAYOUT_RETORNO
    _, titles = check_lenient_read(row, layout_id, EXPECTED_ERRORS.get(row["file"], []))
    assert titles


@pytest.mark.skipif(not CLEAN_ROWS, reason="no clean corpus file for this bank")
@pytest.mark.parametrize("row", CLEAN_ROWS, ids=lambda r: r["file"])
def test_clean_file_strict_and_byte_identical(row):
    reader, titles = read_all(row["file"], strict=True)
    assert reader_errors(reader) == EXPECTED_ERRORS.get(row["file"], [])
    check_records_reencode(reader, titles)


def test_retorno_values_checked_by_hand():
    # brcobranca CNAB400BANCOBRASILIA.RET, line 2: 71-82 nosso número 107851907015, 109-110
    # ocorrência 05, 111-118 26072012, 149-156 vencimento 26072012, 157-169 valor 264,92,
    # 170-172 banco 070, 173-177 agência 09023, 258-270 valor recebido 264,92, 271-283 juros
    # 29,44, 300-307 crédito 26072012; header 380-387 data do crédito 26072012
    reader, titles = read_present("brcobranca/spec_arquivos_CNAB400BANCOBRASILIA.RET")
    assert reader.layout.id == LAYOUT_RETORNO and reader.direction == "retorno"
    assert len(titles) == 1
    v = titles[0].view
    assert (v["our_number"], v["occurrence"]) == ("107851907015", "05")
    assert v["occurrence_date"] == dt.date(2012, 7, 26) and v["due_date"] == dt.date(2012, 7, 26)
    assert v["amount"] == Decimal("264.92") and v["paid_amount"] == Decimal("264.92")
    assert v["interest"] == Decimal("29.44") and v["bank_rate"] == Decimal("0.00")
    assert v["credit_date"] == dt.date(2012, 7, 26)
    assert (v["paid_bank"], v["paid_agency"]) == ("070", 9023)
    assert v["movement"] is None
    assert reader.header["codigo_empresa"] == "00000000000279998886"
    assert reader.header["data_credito"] == dt.date(2012, 7, 26)
    # the (excerpted) file's trailer: 87-91 quantidade 28, 92-103 valor 5.527,59
    trailer = layout_codecs(LAYOUT_RETORNO)["trailer"].decode(
        corpus_path("brcobranca/spec_arquivos_CNAB400BANCOBRASILIA.RET").read_text().split("\n")[2]
    )
    assert trailer["quantidade_titulos"] == 28 and trailer["valor_total"] == Decimal("5527.59")


def test_remessa_values_checked_by_hand():
    # DCB header: 10-12 agência 083, 13-19 conta 0000490, 20-27 data 20150714, 28-33 hora 161515,
    # 34-39 quantidade 2. Detail: 3-12 083/0000490, 13-26 pagador 00012345678901, 114-121 CEP
    # 12345678, 122 tipo 1, 123-135 seu número 0000000006969, 136 modalidade 2, 137-144 emissão
    # 14072015, 188-195 vencimento 14072015, 196-209 valor 199,90, 210-221 nosso número 200012307038
    reader, titles = read_present(
        "brcobranca/spec_fixtures_remessa_remessa-banco-brasilia-cnab400.rem")
    assert reader.layout.id == LAYOUT_REMESSA and reader.direction == "remessa"
    h = reader.header
    assert (h["codigo_beneficiario"], h["quantidade_registros"]) == ("0830000490", 2)
    assert h["data_formatacao"] == dt.date(2015, 7, 14) and h["hora_formatacao"] == dt.time(
        16, 15, 15
    )
    v = titles[0].view
    assert v["our_number"] == "200012307038" and v["document_number"] == "0000000006969"
    assert v["due_date"] == dt.date(2015, 7, 14) and v["amount"] == Decimal("199.90")
    d = titles[0].records[0].values
    assert (d["codigo_beneficiario"], d["cep"], d["tipo_pessoa"], d["modalidade"]) == (
        "0830000490",
        "12345678",
        1,
        "2",
    )
    assert d["data_emissao"] == dt.date(2015, 7, 14) and d["banco"] == "070"
    assert d["agencia_cobradora"] == 83 and d["tipo_documento"] == "21"


def test_dcb_header_is_39_characters_in_the_file():
    reader, _ = read_present("brcobranca/spec_fixtures_remessa_remessa-banco-brasilia-cnab400.rem")
    assert any(p.rule == "short-line" or "39 characters" in p.message for p in reader.warnings)


def test_febraban_codes_are_written_as_brb_codes():
    # tipo do documento 21 DM, 22 NP, 31 duplicata de prestação de serviços (ACBr's BRB table);
    # tipo de juros 50 valor diário, 51 taxa mensal, 00 sem juros
    from cnab.errors import CnabError

    from .common import sample_beneficiary, write_remessa

    ben = sample_beneficiary("070", agency="083", convenio="0830012345", wallet="2")

    def detail(**codes):
        lines, reader, _ = write_remessa(
            LAYOUT_REMESSA, ben, {"sequence": 1, "generated_at": dt.datetime(2026, 1, 5)},
            our_number="200012307044", due_date=dt.date(2026, 2, 5), amount=Decimal("10.00"),
            issue_date=dt.date(2026, 1, 5), **codes)
        assert reader.problems == []
        return lines[1]

    d = detail()  # the Boleto's defaults: DM, juros isento
    assert (d[144:146], d[221:223]) == ("21", "00")
    assert detail(species="04")[144:146] == "31"
    assert detail(species="12", interest_code="1", interest=Decimal("0.10"))[144:146] == "22"
    assert detail(interest_code="2")[221:223] == "51"
    with pytest.raises(CnabError, match="tipo_documento"):
        detail(species="01")


def test_percentage_multa_is_written_as_instruction_03():
    # ACBr's BRB writer: instrução 2 = 03 (cobrar multa de ...% sobre o valor do título), prazo
    # 01, rate at 284-288 with two decimals; juros 222-237, abatimento 238-251
    from cnab.errors import CnabError

    from .common import sample_beneficiary, write_remessa

    ben = sample_beneficiary("070", agency="083", convenio="0830012345", wallet="2")

    def detail(**money):
        lines, reader, _ = write_remessa(
            LAYOUT_REMESSA, ben, {"sequence": 1, "generated_at": dt.datetime(2026, 1, 5)},
            our_number="200012307044", due_date=dt.date(2026, 2, 5), amount=Decimal("100.00"),
            issue_date=dt.date(2026, 1, 5), **money)
        assert reader.problems == []
        return lines[1]

    d = detail(fine_code="2", fine=Decimal("2.00"), fine_date=dt.date(2026, 2, 6),
               interest_code="1", interest=Decimal("0.33"), rebate=Decimal("7.50"))
    assert (d[279:281], d[281:283], d[283:288]) == ("03", "01", "00200")
    assert (d[221:223], d[223:237], d[237:251]) == ("50", "00000000000033", "00000000000750")
    d = detail()  # the default boleto: no multa
    assert (d[275:288], d[237:251]) == ("00" "00" "00" "00" "00000", "0" * 14)
    with pytest.raises(CnabError, match="which means none"):  # a value without its code
        detail(fine=Decimal("2.00"))
    with pytest.raises(CnabError, match="instrucao_2"):  # a fixed-value multa has no instruction
        detail(fine_code="1", fine=Decimal("5.00"))
