"""Santander (033): CNAB 240 (santander.cnab240 / santander.cnab240.retorno) and CNAB 400 (santander.cnab400)."""

import datetime as dt
from decimal import Decimal

import pytest

from cnab.layout.expr import evaluate

from .common import (
    codes_line,
    FieldEnv, corpus_rows, corpus_tests, layout_field, read_all,
)

BANK = "033"
ROWS = corpus_rows(BANK)
pytestmark = pytest.mark.skipif(not ROWS, reason="../shared/corpus not present")
(test_corpus_file_reads_with_no_errors, test_clean_file_is_clean_in_strict_mode,
 test_clean_file_frames_reencode_byte_for_byte,
 test_clean_file_reencodes_byte_for_byte) = corpus_tests(BANK, lambda: EXPECTED)


# file -> (layout, direction, [(line, rule, field) of the errors expected in lenient mode])
EXPECTED = {
    "CnabPHP/tests_fixtures_cnab240_retorno_santander.ret": ("santander.cnab240.retorno", "retorno", []),
    "brcobranca/spec_arquivos_CNAB240SANTANDER.RET": ("santander.cnab240.retorno", "retorno", []),
    "kmee-cnab240/tests_arquivos_cobranca.santander.ret": ("santander.cnab240.retorno", "retorno", []),
    "OpenCnabPHP/samples_remessa-test.rem": ("santander.cnab240", "remessa", []),
    "brcobranca/spec_fixtures_remessa_remessa-santander-cnab240.rem": ("santander.cnab240", "remessa", []),
    "l10n-brazil/l10n_br_account_payment_brcobranca_tests_data_teste_remessa_santander240.REM": (
        "santander.cnab240", "remessa", []),
    # Not a cobrança file: a Santander *pagamento* remessa (lote serviço 20, segment J, header
    # version 060). No cobrança layout claims it, so the FEBRABAN cobrança base reads it and
    # reports the J segment and the payment lote trailer. Asserted, not a layout defect.
    "PyTrustCnab240/tests_data_santander.rem": ("febraban.cnab240.cobranca", "remessa", [
        (2, "not-numeric", "numero_remessa_retorno"), (2, "computed-mismatch", "lote"),
        (3, "unknown-record", None), (4, "not-numeric", "valor_vinculada"),
        (4, "computed-mismatch", "lote")]),
    # brcobranca writes nosso número 123 as 00000123, i.e. 0000012 with DV 3; H7800 nota 3 gives
    # DV 4 for 0000012 (2*2 + 1*3 = 7, 11 - 7 = 4). The file's DV is wrong.
    "brcobranca/spec_fixtures_remessa_remessa-santander-cnab400.rem": (
        "santander.cnab400", "remessa", [(2, "computed-mismatch", "nosso_numero_dv")]),
    "brcobranca/spec_fixtures_remessa_remessa-santander-cnab400-pix.rem": (
        "santander.cnab400", "remessa", [(2, "computed-mismatch", "nosso_numero_dv")]),
    # OCA wrote two detail lines of 417 characters (non-blank excess), so they cannot be read;
    # the trailer then totals títulos the reader never saw.
    "l10n-brazil/l10n_br_account_payment_brcobranca_tests_data_teste_remessa_santander400.REM": (
        "santander.cnab400", "remessa", [
            (2, "line-length", None), (3, "line-length", None),
            (4, "computed-mismatch", "valor_total")]),
    # A 2013 retorno whose last records do not follow H7800 (any version in manuals/): the nome do
    # pagador sits at 325 instead of 302 (lines 52-53), line 54 is a type-2 record the retorno
    # layout does not have, and the trailer names bank 341. Lines 2-51 read cleanly.
    "brcobranca/spec_arquivos_CNAB400SANTANDER.RET": ("santander.cnab400", "retorno", [
        (52, "not-numeric", "unidade_moeda"), (52, "not-numeric", "valor_outra_unidade"),
        (52, "not-numeric", "iof_outra_unidade"), (53, "not-numeric", "unidade_moeda"),
        (54, "unknown-record", None)]),
}


def test_every_santander_file_of_the_manifest_is_expected():
    assert sorted(r["file"] for r in ROWS) == sorted(EXPECTED)


def test_santander240_retorno_values():
    # H7815 retorno positions: T 16-17 ocorrência, 41-52 + 53 nosso número + DV, 70-77 vencimento,
    # 78-92 valor, 93-95 banco cobrador, 194-208 tarifa, 209-218 motivos; U 78-92 valor pago,
    # 93-107 líquido, 138-145 data da ocorrência, 146-153 data do crédito.
    _, titles = read_all("kmee-cnab240/tests_arquivos_cobranca.santander.ret")
    (t,) = titles
    v = t.view
    assert v["our_number"] == "000000000006" and v["our_number_dv"] == 0
    assert v["occurrence"] == "17"
    assert v["due_date"] == dt.date(2011, 8, 4)
    assert v["amount"] == Decimal("43.50")
    assert v["paid_amount"] == Decimal("43.50")
    assert v["bank_rate"] == Decimal("2.64")
    assert v["paid_bank"] == "001"
    assert v["reasons"] == ["04"]
    assert v["occurrence_date"] == dt.date(2011, 8, 4)
    assert v["credit_date"] == dt.date(2011, 8, 5)

    _, titles = read_all("brcobranca/spec_arquivos_CNAB240SANTANDER.RET")
    assert [t.view["occurrence"] for t in titles] == ["02", "06"]
    paid = titles[1].view
    assert paid["our_number"] == "000000000140" and paid["our_number_dv"] == 6
    assert paid["paid_amount"] == Decimal("10.00")
    assert paid["paid_bank"] == "104"
    assert paid["credit_date"] == dt.date(2016, 4, 4)
    assert titles[0].view["payer_name"] == "FULANO SANTOS"


def test_santander240_remessa_values():
    _, titles = read_all("l10n-brazil/l10n_br_account_payment_brcobranca_tests_data_teste_remessa_santander240.REM")
    assert [r.name for r in titles[0].records] == ["segmento_p", "segmento_q", "segmento_r"]
    assert [(t.view["our_number"], t.view["our_number_dv"]) for t in titles] == [
        ("000000000001", 9), ("000000000002", 7)]
    assert [t.view["amount"] for t in titles] == [Decimal("300.00"), Decimal("700.00")]
    assert titles[1].view["due_date"] == dt.date(2024, 3, 31)
    assert titles[0].view["movement"] == "01"


def test_santander400_retorno_values():
    # H7800 retorno: 63-70 nosso número, 109-110 ocorrência, 111-116 data, 153-165 valor,
    # 166-168 banco cobrador, 176-188 tarifa, 254-266 valor recebido, 296-301 data do crédito.
    _, titles = read_all("brcobranca/spec_arquivos_CNAB400SANTANDER.RET")
    assert len(titles) == 52  # lines 52-53 are kept, their broken fields left out
    a = titles[0].view
    assert a["our_number"] == "00000011"
    assert a["occurrence"] == "06"
    assert a["occurrence_date"] == dt.date(2013, 5, 20)
    assert a["amount"] == Decimal("40.00")
    assert a["paid_amount"] == Decimal("37.90")
    assert a["bank_rate"] == Decimal("2.10")
    assert a["paid_bank"] == "033"
    assert a["credit_date"] == dt.date(2013, 5, 21)
    assert titles[1].view["our_number"] == "00000035"


def test_santander400_pix_record():
    _, titles = read_all("brcobranca/spec_fixtures_remessa_remessa-santander-cnab400-pix.rem")
    (t,) = titles
    assert [r.name for r in t.records] == ["detalhe", "tipo_pagamento"]
    pix = t.records[1].values
    # raw 7-19 0000000019990, 20-24 10000
    assert pix["valor_maximo"] == Decimal("199.90")
    assert pix["percentual_maximo"] == Decimal("100.00")
    assert pix["tipo_chave_pix"] == "1"
    assert pix["chave_pix"] == "12345678910"
    assert t.view["amount"] == Decimal("199.90")
    assert t.view["movement"] == "01"


@pytest.mark.parametrize("layout_id, record", [
    ("santander.cnab240", "segmento_p"), ("santander.cnab240", "segmento_t"),
    ("santander.cnab240.retorno", "segmento_t"), ("santander.cnab400", "detalhe")])
def test_santander_nosso_numero_dv_rule_from_the_yaml(layout_id, record):
    field = layout_field(layout_id, record, "nosso_numero_dv")
    # H7800 nota 3 / barcode manual example: 566612457800 -> 2
    assert evaluate(field.compute, FieldEnv({"nosso_numero": "566612457800"})) == 2
    # remainder 0 or 1 gives 0 (000000000006: 12 % 11 = 1), remainder 10 gives 1
    assert evaluate(field.compute, FieldEnv({"nosso_numero": "000000000006"})) == 0
    assert evaluate(field.compute, FieldEnv({"nosso_numero": "0000005"})) == 1
    assert evaluate(field.compute, FieldEnv({"nosso_numero": "0000035"})) == 3


def test_febraban_codes_written_as_santander_codes():
    """Boleto codes are FEBRABAN; Santander 400 numbers espécies its own way (01 DM, 02 NP, 06 DS) and flags multa with 4; Santander 240 (H7815) writes cheque as 97, 'não protestar' as 0 (its 3 is the beneficiary's profile) and desconto as 10."""
    import pytest as _pytest
    from cnab.errors import InputError as _InputError
    from .common import sample_beneficiary as _ben
    ben = _ben("033", agency="1234", account="12345", account_dv="6", wallet="1", convenio="123456", collection_account="12345")
    assert codes_line("santander.cnab400", ben, 1, species="02")[147:149] == "01"
    assert codes_line("santander.cnab400", ben, 1, species="04")[147:149] == "06"
    assert codes_line("santander.cnab400", ben, 1, species="12")[147:149] == "02"
    assert codes_line("santander.cnab400", ben, 1, fine=__import__("decimal").Decimal("2.00"), fine_code="2")[77:78] == "4"
    assert codes_line("santander.cnab400", ben, 1, movement="22")[108:110] == "07"
    assert codes_line("santander.cnab240", ben, 2, species="02")[106:108] == "02"
    assert codes_line("santander.cnab240", ben, 2, species="04")[106:108] == "04"
    assert codes_line("santander.cnab240", ben, 2, species="12")[106:108] == "12"
    assert codes_line("santander.cnab240", ben, 2, species="01")[106:108] == "97"
    assert codes_line("santander.cnab240", ben, 2, protest_code="3")[220:221] == "0"
    assert codes_line("santander.cnab240", ben, 2, protest_code="1")[220:221] == "1"
    assert codes_line("santander.cnab240", ben, 2, movement="07")[15:17] == "10"
    assert codes_line("santander.cnab240", ben, 3, movement="07")[15:17] == "10"
    with _pytest.raises(_InputError, match="especie"):
        codes_line("santander.cnab400", ben, 1, species="01")
    with _pytest.raises(_InputError, match="codigo_multa"):
        codes_line("santander.cnab400", ben, 1, fine=__import__("decimal").Decimal("2.00"), fine_code="1")
    with _pytest.raises(_InputError, match="especie"):
        codes_line("santander.cnab240", ben, 2, species="03")
    with _pytest.raises(_InputError, match="codigo_movimento"):
        codes_line("santander.cnab240", ben, 2, movement="12")
