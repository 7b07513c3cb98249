"""Caixa (104): CNAB 240 SIGCB (caixa.cnab240.sigcb). No SICOB file or SICOB 240 manual is at hand."""

import datetime as dt
from decimal import Decimal

import pytest

from cnab.layout.expr import evaluate

from .common import (
    codes_line,
    FieldEnv, corpus_rows, corpus_tests, layout_field, read_all,
)

BANK = "104"
ROWS = corpus_rows(BANK)
pytestmark = pytest.mark.skipif(not ROWS, reason="../shared/corpus not present")
(test_corpus_file_reads_with_no_errors, test_clean_file_is_clean_in_strict_mode,
 test_clean_file_frames_reencode_byte_for_byte,
 test_clean_file_reencodes_byte_for_byte) = corpus_tests(BANK, lambda: EXPECTED)


# file -> (layout, direction, [(line, rule, field) of the errors expected in lenient mode])
EXPECTED = {
    "CnabPHP/tests_fixtures_cnab240_retorno_cnab240_caixa.ret": ("caixa.cnab240.sigcb", "retorno", []),
    "OpenCnabPHP/samples_R2100095.RET": ("caixa.cnab240.sigcb", "retorno", []),
    "OpenCnabPHP/samples_RETORNOCEF091116.ret": ("caixa.cnab240.sigcb", "retorno", []),
    "brcobranca/spec_fixtures_remessa_remessa-caixa-cnab240.rem": ("caixa.cnab240.sigcb", "remessa", []),
    # The same retorno as CnabPHP's, with the nossos números replaced by 1, 2, 3... but the DVs
    # at T 57 left as they were: every paid título's DV is now wrong. The file is wrong.
    "OpenCnabPHP/samples_retorno_cnab240_caixa.ret": ("caixa.cnab240.sigcb", "retorno", [
        (n, "computed-mismatch", "nosso_numero_dv") for n in (3, 5, 7, 9, 11, 13, 15, 19)]),
    # Pré-crítica retorno (header 143 = 5, "REMESSA REJEITADA") of the segment-W era: it numbers
    # its only lote 0000, where the manual (G002, retorno header de lote) asks 0001.
    "OpenCnabPHP/samples_RETORNOCEF081116.ret": ("caixa.cnab240.sigcb", "retorno", [
        (2, "computed-mismatch", "lote"), (3, "computed-mismatch", "lote"),
        (4, "computed-mismatch", "lote")]),
}
for _name in ("1", "10-alt_valor_titulo", "2-data_venc", "3-protesto", "4-sust_prot_mant_carteira",
              "5-conceder_abatimento", "6-cancelar_abatimento", "7-conceder_desconto",
              "8-cancelar_desconto", "9-alt_valor_titulo"):
    EXPECTED[f"l10n-brazil/l10n_br_account_payment_brcobranca_tests_data_teste_remessa-cef_240-{_name}.REM"] = (
        "caixa.cnab240.sigcb", "remessa", [])


def test_every_caixa_file_of_the_manifest_is_expected():
    assert sorted(r["file"] for r in ROWS) == sorted(EXPECTED)


def test_caixa_retorno_values():
    # 240_posicoes (SIGCB) retorno: T 16-17 movimento, 40-56 nosso número (modalidade + 15),
    # 57 DV, 74-81 vencimento, 82-96 valor, 100-104 agência cobradora, 199-213 tarifa, 214-223
    # motivos; U 78-92 valor pago, 93-107 líquido, 138-145 ocorrência, 146-153 crédito.
    _, titles = read_all("CnabPHP/tests_fixtures_cnab240_retorno_cnab240_caixa.ret")
    assert len(titles) == 9
    v = titles[0].view
    assert v["our_number"] == "24000000011136997" and v["our_number_dv"] == 9
    assert v["occurrence"] == "06"
    assert v["due_date"] == dt.date(2014, 1, 2)
    assert v["amount"] == Decimal("80.00")
    assert v["paid_amount"] == Decimal("80.00")
    assert v["net_amount"] == Decimal("80.00")
    assert v["bank_rate"] == Decimal("1.25")
    assert v["paid_agency"] == 1086
    assert v["reasons"] == ["02", "01", "01"]
    assert v["occurrence_date"] == dt.date(2014, 1, 6)
    assert v["credit_date"] == dt.date(2014, 1, 7)
    assert titles[1].view["our_number"] == "24000000011138197"
    assert titles[1].view["due_date"] == dt.date(2014, 1, 5)

    _, titles = read_all("OpenCnabPHP/samples_RETORNOCEF091116.ret")
    paid, fee = titles[0].view, titles[1].view
    assert paid["our_number"] == "14000000000000031" and paid["our_number_dv"] == 6
    assert paid["paid_bank"] == "341"
    assert paid["bank_rate"] == Decimal("5.90")
    assert paid["amount"] == Decimal("8.00")
    # a fee-only movement (28) leaves the nosso número blank
    assert fee["occurrence"] == "28" and fee["our_number"] is None


def test_caixa_remessa_values():
    _, titles = read_all("l10n-brazil/l10n_br_account_payment_brcobranca_tests_data_teste_remessa-cef_240-1.REM")
    assert [r.name for r in titles[0].records] == ["segmento_p", "segmento_q", "segmento_r"]
    assert [t.view["our_number"] for t in titles] == ["14000000000000001", "14000000000000002"]
    assert [t.view["amount"] for t in titles] == [Decimal("300.00"), Decimal("700.00")]
    assert titles[0].view["due_date"] == dt.date(2021, 6, 16)
    assert titles[0].view["movement"] == "01"
    assert titles[0].view["document_number"] == "00000000040"
    assert titles[0].records[0].values["codigo_beneficiario"] == "000122"


def test_caixa_pre_critica_is_a_retorno():
    reader, titles = read_all("OpenCnabPHP/samples_RETORNOCEF081116.ret")
    assert reader.direction == "retorno"
    assert [r.name for r in titles[0].records] == ["segmento_w"]


def test_caixa_nosso_numero_dv_rule_from_the_yaml():
    field = layout_field("caixa.cnab240.sigcb", "segmento_t", "nosso_numero_dv")
    # Boleto_2020 Anexo IV (domain-facts 5.2): 14000000000000019 -> 7
    assert evaluate(field.compute, FieldEnv({"nosso_numero": "14000000000000019"})) == 7
    # a result above 9 becomes 0: 14000000000000003 has r = 0 (11 - 0 = 11) -> 0
    assert evaluate(field.compute, FieldEnv({"nosso_numero": "14000000000000003"})) == 0
    # a paid título of CnabPHP's retorno: DV 9 at T 57
    assert evaluate(field.compute, FieldEnv({"nosso_numero": "24000000011136997"})) == 9
    # a blank nosso número (fee-only movement) has no DV to check
    assert evaluate(field.compute, FieldEnv({"nosso_numero": None})) is None


def test_febraban_codes_written_as_caixa_codes():
    """Caixa SIGCB 240 takes C015 and C004 as they are, except 40 (serviços at Caixa: refused) and 49 (Caixa's 48 covers mínimo and máximo)."""
    import pytest as _pytest
    from cnab.errors import InputError as _InputError
    from .common import sample_beneficiary as _ben
    ben = _ben("104", agency="0161", agency_dv="0", convenio="123456")
    assert codes_line("caixa.cnab240.sigcb", ben, 2, species="02")[106:108] == "02"
    assert codes_line("caixa.cnab240.sigcb", ben, 2, species="04")[106:108] == "04"
    assert codes_line("caixa.cnab240.sigcb", ben, 2, species="12")[106:108] == "12"
    assert codes_line("caixa.cnab240.sigcb", ben, 2, movement="49")[15:17] == "48"
    assert codes_line("caixa.cnab240.sigcb", ben, 3, movement="49")[15:17] == "48"
    assert codes_line("caixa.cnab240.sigcb", ben, 2, movement="06")[15:17] == "06"
    with _pytest.raises(_InputError, match="codigo_movimento"):
        codes_line("caixa.cnab240.sigcb", ben, 2, movement="40")
