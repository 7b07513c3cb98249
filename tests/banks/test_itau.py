"""Itaú (341) layouts: itau.cnab400 and itau.cnab240, read against the corpus and the manuals."""

import datetime as dt
from decimal import Decimal

import pytest

import cnab
from cnab.errors import FileFormatError
from cnab.layout import checkdigits
from cnab.layout.expr import evaluate

from ..conftest import CORPUS
from .common import (
    codes_line,
    FieldEnv, check_clean_reencodes, check_lenient_read, clean_rows, corpus_rows, layout_field,
    read_present, sorted_errors,
)

LAYOUT_400 = "itau.cnab400"
LAYOUT_240 = "itau.cnab240"

# Itaú 240 files that are SISPAG (pagamentos: layout 080/081, lote service 20/98, segments A/J),
# not cobrança, although the manifest lists them as Itaú 240 retornos. No cobrança layout reads them.
SISPAG = {
    "KeeperFormaturas-cnab240/Tests_Itau_TEST.RET",
    "eduardordm-cnab240/spec_fixtures_retorno_SB22112AIT.RET",
    "eduardordm-cnab240/spec_fixtures_retorno_SB23112AIT.RET",
}

# Files whose own content is wrong: the exact errors they must produce, as (line, rule, field).
# - CnabPHP's Itaú 400 retorno is a hand-made "Teste de Retorno": its nosso número DACs at 94 do not
#   match the mod 10 of its agência/conta/carteira/nosso número (other real Itaú retornos in the
#   corpus, 56 títulos, all verify).
# - brcobranca's Itaú 240 retorno has no header de lote (line 2 is already a segment T), and its
#   segment T DAC (4) does not match 1234/12345/175/12345678 (→ 5).
# - kmee/python-cnab's Itaú 240 remessa writes DAC 0 for nosso número 109/00000001 (→ 9); its
#   second título (109/90000000-2) and its retorno's títulos verify.
# - l10n-brazil's Itaú 400 remessa has 402-character detail lines (two stray characters), so the
#   two details are refused and the trailer's sequence no longer matches the records read.
# - brcobranca's "CNAB 444" remessa: Itaú's 444 variant (400-character header, 444-character
#   detail) is not in the manuals here, and a layout has a single line length; the header detects
#   the 400 layout and the 444-character detail is refused.
_DV400 = ("detalhe_retorno", "nosso_numero_dv", "computed-mismatch")
_DV240P = ("segmento_p", "nosso_numero_dv", "computed-mismatch")
# (line, record, field, rule) of every error each of those files must produce, and no other
EXPECTED_ERRORS = {
    "CnabPHP/tests_fixtures_cnab400_retorno-cnab400-itau.ret": [
        (2, *_DV400), (3, *_DV400), (4, *_DV400), (5, *_DV400)],
    "OpenCnabPHP/samples_teste.ret": [(2, *_DV400), (3, *_DV400), (4, *_DV400), (5, *_DV400)],
    "brcobranca/spec_arquivos_CNAB240ITAU.RET": [
        (2, "segmento_t", None, "structure"), (2, "segmento_t", "lote", "computed-mismatch"),
        (2, "segmento_t", "nosso_numero_dv", "computed-mismatch"),
        (3, "segmento_u", None, "structure"), (3, "segmento_u", "lote", "computed-mismatch"),
        (4, "trailer_lote", None, "structure"), (4, "trailer_lote", "lote", "computed-mismatch"),
        (5, "trailer_arquivo", "quantidade_lotes", "computed-mismatch"),
        (5, "trailer_arquivo", "quantidade_registros", "computed-mismatch")],
    "kmee-cnab240/tests_arquivos_cobranca.itau.rem": [(5, *_DV240P)],
    "python-cnab/tests_arquivos_cobranca.itau.rem": [(5, *_DV240P)],
    "l10n-brazil/l10n_br_account_payment_brcobranca_tests_data_teste_remessa_itau400.REM": [
        (2, None, None, "line-length"), (3, None, None, "line-length")],
    # read as CNAB 444 (detalhe_nfe): see test_itau_cnab444.py
    "brcobranca/spec_fixtures_remessa_remessa-itau-cnab444.rem": [],
}

ROWS = corpus_rows("341")
COBRANCA_ROWS = [r for r in ROWS if r["file"] not in SISPAG]
CLEAN_ROWS = clean_rows(COBRANCA_ROWS)


def _expected_layout(row):
    return LAYOUT_240 if row["cnab"].startswith("240") else LAYOUT_400


@pytest.mark.skipif(not ROWS, reason="../shared/corpus not present")
@pytest.mark.parametrize("row", COBRANCA_ROWS, ids=lambda r: r["file"])
def test_corpus_file_is_detected_and_reads_lenient(row):
    expected = EXPECTED_ERRORS.get(row["file"], [])
    check_lenient_read(row, _expected_layout(row), sorted_errors(expected))


@pytest.mark.skipif(not ROWS, reason="../shared/corpus not present")
@pytest.mark.parametrize("row", sorted(SISPAG), ids=str)
def test_sispag_files_are_not_read_as_itau_cobranca(row):
    try:
        reader = cnab.read(CORPUS / row, errors="collect", strict=False)
    except FileFormatError:
        return
    assert reader.layout.id not in (LAYOUT_240, LAYOUT_400)


@pytest.mark.skipif(not ROWS, reason="../shared/corpus not present")
@pytest.mark.parametrize("row", CLEAN_ROWS, ids=lambda r: r["file"])
def test_clean_file_strict_and_byte_identical(row):
    # no problem but the file's own mistakes (see EXPECTED_ERRORS)
    assert check_clean_reencodes(row, sorted_errors(EXPECTED_ERRORS.get(row["file"], []))) > 0


def test_400_retorno_values_checked_by_hand():
    # brcobranca CNAB400.RET line 2, positions of the Jul/2021 manual (retorno, registro 1):
    # 86-93 nosso número 00000011, 94 DAC 4, 109-110 ocorrência 06 (liquidação normal),
    # 111-116 200513, 153-165 valor 40,00, 176-188 tarifa 2,10, 254-266 valor principal 37,90,
    # 296-301 crédito 210513, 393-394 liquidação B5, 169-172/173 agência cobradora 1873-9
    reader, titles = read_present("brcobranca/spec_arquivos_CNAB400.RET")
    assert reader.layout.id == LAYOUT_400 and reader.direction == "retorno"
    assert len(titles) == 52
    v = titles[0].view
    assert v["our_number"] == "00000011" and v["our_number_dv"] == 4
    assert v["occurrence"] == "06"
    assert v["occurrence_date"] == dt.date(2013, 5, 20)
    assert v["amount"] == Decimal("40.00")
    assert v["bank_rate"] == Decimal("2.10")
    assert v["paid_amount"] == Decimal("37.90")
    assert v["interest"] == Decimal("0.00")
    assert v["credit_date"] == dt.date(2013, 5, 21)
    assert v["paid_bank"] == "104" and v["paid_agency"] == 1873
    assert v["reasons"] == []
    assert titles[0].records[0].values["codigo_liquidacao"] == "B5"
    v2 = titles[1].view
    assert (v2["our_number"], v2["our_number_dv"]) == ("00000035", 3)
    # OpenCnabPHP CN03116A: entrada confirmada (02), vencimento 101116, valor 12,00, juros 0,10,
    # no credit date (296-301 blank)
    reader, titles = read_present("OpenCnabPHP/samples_CN03116A.RET")
    v = titles[0].view
    assert (v["our_number"], v["our_number_dv"], v["occurrence"]) == ("00000029", 1, "02")
    assert v["due_date"] == dt.date(2016, 11, 10) and v["amount"] == Decimal("12.00")
    assert v["interest"] == Decimal("0.10") and v["credit_date"] is None


def test_400_retorno_reasons_split():
    # CnabPHP Itaú retorno line 3: ocorrência 25, 378-385 = "1842    " → motivos 18 and 42
    reader, titles = read_present("CnabPHP/tests_fixtures_cnab400_retorno-cnab400-itau.ret")
    v = titles[1].view
    assert v["occurrence"] == "25" and v["reasons"] == ["18", "42"]
    assert v["paid_amount"] == Decimal("364.52")


def test_400_remessa_values():
    reader, titles = read_present("brcobranca/spec_fixtures_remessa_remessa-itau-cnab400.rem")
    assert reader.direction == "remessa"
    first = titles[0]
    assert [r.name for r in first.records] == ["detalhe", "multa"]
    v = first.view
    assert v["our_number"] == "00000123" and v["movement"] == "01"
    assert v["due_date"] == dt.date(2015, 7, 14) and v["amount"] == Decimal("199.90")
    d = first.records[0].values
    assert (d["agencia"], d["conta"], d["dac"], d["carteira"]) == (1234, 12345, 1, "123")
    m = first.records[1].values
    assert m["codigo_multa"] == "1" and m["data_multa"] == dt.date(2015, 7, 14)
    assert m["multa"] == Decimal("2.00")


def test_240_retorno_values_checked_by_hand():
    # kmee cobranca.itau.ret line 3 (segment T): 16-17 ocorrência 02, 19-22 agência 4459,
    # 31-35 conta 17600, 38-40 carteira 109, 41-48 nosso número 00000005, 49 DAC 0,
    # 59-68 seu número 9999999996, 74-81 vencimento 01072012, 82-96 valor 200,00,
    # 199-213 tarifa 3,50; segment U 138-145 data da ocorrência 05072012
    reader, titles = read_present("kmee-cnab240/tests_arquivos_cobranca.itau.ret")
    assert reader.layout.id == LAYOUT_240 and reader.direction == "retorno"
    assert len(titles) == 2
    v = titles[0].view
    assert (v["our_number"], v["our_number_dv"]) == ("00000005", 0)
    assert v["occurrence"] == "02" and v["document_number"] == "9999999996"
    assert v["due_date"] == dt.date(2012, 7, 1) and v["amount"] == Decimal("200.00")
    assert v["bank_rate"] == Decimal("3.50") and v["paid_amount"] == Decimal("0.00")
    assert v["occurrence_date"] == dt.date(2012, 7, 5) and v["credit_date"] is None
    v = titles[1].view
    assert (v["our_number"], v["our_number_dv"], v["amount"]) == ("90000004", 4, Decimal("100.00"))
    assert v["due_date"] == dt.date(2012, 6, 30)


def test_240_remessa_values():
    reader, titles = read_present("kmee-cnab240/tests_arquivos_cobranca_dict.itau.rem")
    assert reader.direction == "remessa"
    t = titles[0]
    assert [r.name for r in t.records] == ["segmento_p", "segmento_q"]
    v = t.view
    assert (v["our_number"], v["our_number_dv"], v["movement"]) == ("99999999", 9, "01")
    assert v["due_date"] == dt.date(2012, 7, 30) and v["amount"] == Decimal("100.00")
    assert v["payer_name"] == "JESUS DO CEU"


# --- nosso número DAC, evaluated through the layouts' own compute expressions ------------------

@pytest.mark.parametrize("layout_id,record,nn_field", [
    (LAYOUT_400, "detalhe_retorno", "nosso_numero_carteira"),
    (LAYOUT_240, "segmento_t", "nosso_numero"),
    (LAYOUT_240, "segmento_p", "nosso_numero"),
])
def test_nosso_numero_dac_examples(layout_id, record, nn_field):
    expr = layout_field(layout_id, record, "nosso_numero_dv").compute

    def dac(agencia, conta, carteira, nn):
        return evaluate(expr, FieldEnv({"agencia": agencia, "conta": conta, "carteira": carteira,
                                        nn_field: nn}))

    # ITA400 nota 23 / anexo 4: 0057 / 72192, carteira 198, nosso número 98712345 → 1
    assert dac(57, "72192", "198", "98712345") == 1
    # ITA240 anexo 4: 0057 / 12345, carteira 110, nosso número 12345678 → 8
    assert dac(57, "12345", "110", "12345678") == 8
    # exception carteiras (direta 126/131/145/146/150/168, escriturais): carteira + NN only
    for cart in ("126", "131", "145", "146", "150", "168", "112"):
        assert dac(57, "12345", cart, "12345678") == checkdigits.mod10(cart + "12345678")
    # corpus: brcobranca retorno 0730/03511 carteira 109 NN 00000011 → 4
    assert dac(730, "03511", "109", "00000011") == 4


def test_febraban_codes_written_as_itau_codes():
    """Boleto codes are FEBRABAN; Itaú 400 nota 10 / 240 nota 11 espécies (01 DM, 02 NP, 08 DS), nota 6 / 4 ocorrências (18 sustar protesto) and 240 nota 18 (7 negativar) are Itaú's own."""
    import pytest as _pytest
    from cnab.errors import InputError as _InputError
    from .common import sample_beneficiary as _ben
    ben = _ben("341", agency="1234", account="12345", account_dv="6", wallet="109")
    assert codes_line("itau.cnab400", ben, 1, species="02")[147:149] == "01"
    assert codes_line("itau.cnab400", ben, 1, species="04")[147:149] == "08"
    assert codes_line("itau.cnab400", ben, 1, species="12")[147:149] == "02"
    assert codes_line("itau.cnab400", ben, 1, movement="11")[108:110] == "18"
    assert codes_line("itau.cnab400", ben, 1, movement="22")[108:110] == "07"
    assert codes_line("itau.cnab240", ben, 2, species="02")[106:108] == "01"
    assert codes_line("itau.cnab240", ben, 2, species="04")[106:108] == "08"
    assert codes_line("itau.cnab240", ben, 2, species="12")[106:108] == "02"
    assert codes_line("itau.cnab240", ben, 2, protest_code="8")[220:221] == "7"
    assert codes_line("itau.cnab240", ben, 2, protest_code="3")[220:221] == "3"
    assert codes_line("itau.cnab240", ben, 2, movement="11")[15:17] == "18"
    assert codes_line("itau.cnab240", ben, 3, movement="11")[15:17] == "18"
    with _pytest.raises(_InputError, match="especie"):
        codes_line("itau.cnab400", ben, 1, species="01")
    with _pytest.raises(_InputError, match="ocorrencia"):
        codes_line("itau.cnab400", ben, 1, movement="10")
    with _pytest.raises(_InputError, match="especie"):
        codes_line("itau.cnab240", ben, 2, species="01")
    with _pytest.raises(_InputError, match="codigo_baixa"):
        codes_line("itau.cnab240", ben, 2, writeoff_code="2")
    with _pytest.raises(_InputError, match="codigo_movimento"):
        codes_line("itau.cnab240", ben, 2, movement="18")
