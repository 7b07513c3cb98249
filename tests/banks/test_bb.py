"""Banco do Brasil (001): CNAB 240 (bb.cnab240, bb.cnab240.v030) and CNAB 400 CBR643 (bb.cnab400)."""

import datetime as dt
from decimal import Decimal

import pytest

from cnab.layout.expr import evaluate

from .common import (
    codes_line,
    FieldEnv, corpus_rows, corpus_tests, layout_field, read_all,
)

BANK = "001"
ROWS = corpus_rows(BANK)
pytestmark = pytest.mark.skipif(not ROWS, reason="../shared/corpus not present")
(test_corpus_file_reads_with_no_errors, test_clean_file_is_clean_in_strict_mode,
 test_clean_file_frames_reencode_byte_for_byte,
 test_clean_file_reencodes_byte_for_byte) = corpus_tests(BANK, lambda: EXPECTED)


# file -> (layout, direction, [(line, rule, field) of the errors expected in lenient mode])
EXPECTED = {
    "CnabPHP/tests_fixtures_cnab240_retorno_bb.ret": ("bb.cnab240.v030", "retorno", []),
    "brcobranca/spec_arquivos_CNAB240.RET": ("bb.cnab240.v030", "retorno", []),
    # brcobranca cut this file down from CNAB240.RET (74 lines) but kept the original trailer,
    # which still counts 74 records: the file is wrong, not the layout.
    "brcobranca/spec_arquivos_CNAB240_COM_CODIGOS.RET": (
        "bb.cnab240.v030", "retorno", [(12, "computed-mismatch", "quantidade_registros")]),
    "brcobranca/spec_fixtures_remessa_remessa-banco_brasil-cnab240.rem": ("bb.cnab240", "remessa", []),
    "brcobranca/spec_fixtures_remessa_remessa-banco_brasil-cnab240-com_juros.rem": (
        "bb.cnab240", "remessa", []),
    # 7 lines (header, lote header, P, Q, R, lote trailer, trailer) but the file trailer counts 6:
    # brcobranca did not count the added segment R. The file is wrong.
    "brcobranca/spec_fixtures_remessa_remessa-banco_brasil-cnab240-com_juros_e_multa.rem": (
        "bb.cnab240", "remessa", [(7, "computed-mismatch", "quantidade_registros")]),
    "CnabPHP/tests_fixtures_cnab400_retorno-cnab400-bb.ret": ("bb.cnab400", "retorno", []),
    "brcobranca/spec_arquivos_CBR64310.RET": ("bb.cnab400", "retorno", []),
    "brcobranca/spec_fixtures_remessa_remessa-banco-brasil-cnab400.rem": ("bb.cnab400", "remessa", []),
    "l10n-brazil/l10n_br_account_payment_brcobranca_tests_data_teste_remessa_bb400.REM": (
        "bb.cnab400", "remessa", []),
}
# The four OCA "CNAB400UNICRED" retornos carry a BB header (001BANCO DO BRASIL) but their details
# are Unicred's own retorno layout (type 1, código do beneficiário 32-45, nosso número 46-62),
# 401 characters long with a non-blank excess, and the trailer's sequencial (16) does not match
# its line (4). The files are inconsistent, so the errors are asserted.
for _name in ("valor_maior_3", "valor_maior_4", "valor_menor_1", "valor_menor_2"):
    EXPECTED[f"l10n-brazil/l10n_br_account_payment_brcobranca_tests_data_CNAB400UNICRED_{_name}.RET"] = (
        "bb.cnab400", "retorno",
        [(2, "line-length", None), (3, "line-length", None), (4, "computed-mismatch", "sequencial")])


def test_every_bb_file_of_the_manifest_is_expected():
    assert sorted(r["file"] for r in ROWS) == sorted(EXPECTED)


def test_bb240_retorno_values():
    # Checked by hand against Cnab240Agosto2017 positions: T 16-17 movimento, 38-57 nosso número,
    # 74-81 vencimento, 82-96 valor, 97-99 banco recebedor, 199-213 tarifa; U 78-92 valor pago,
    # 93-107 líquido, 138-145 data da ocorrência, 146-153 data do crédito.
    _, titles = read_all("CnabPHP/tests_fixtures_cnab240_retorno_bb.ret")
    assert len(titles) == 5
    first, last = titles[0].view, titles[-1].view
    assert first["our_number"] == "32948600000000196"
    assert first["occurrence"] == "06"
    assert first["due_date"] == dt.date(2011, 3, 23)
    assert first["amount"] == Decimal("40.00")
    assert first["paid_amount"] == Decimal("40.00")
    assert first["net_amount"] == Decimal("35.00")
    assert first["bank_rate"] == Decimal("5.00")
    assert first["paid_bank"] == "237"
    assert first["occurrence_date"] == dt.date(2011, 3, 21)
    assert first["credit_date"] == dt.date(2011, 3, 23)
    assert last["our_number"] == "32948600000005048"
    assert last["due_date"] == dt.date(2011, 4, 1)
    assert last["amount"] == Decimal("28.80")
    assert last["paid_amount"] == Decimal("28.80")
    assert last["net_amount"] == Decimal("23.80")
    assert last["paid_bank"] == "033"


def test_bb240_remessa_values():
    _, titles = read_all("brcobranca/spec_fixtures_remessa_remessa-banco_brasil-cnab240.rem")
    (t,) = titles
    assert [r.name for r in t.records] == ["segmento_p", "segmento_q", "segmento_r"]
    assert t.view["movement"] == "01"
    assert t.view["our_number"] == "12345670000000123"
    assert t.view["due_date"] == dt.date(2015, 7, 14)
    assert t.view["amount"] == Decimal("199.90")


def test_bb400_retorno_values():
    # CBR643 retorno positions (BB/retorno.pdf): 64-80 nosso número, 87-88 natureza, 109-110
    # comando, 111-116 data de liquidação, 153-165 valor, 166-168 banco recebedor, 176-181 data
    # do crédito, 182-188 tarifa (9(5)V99), 254-266 valor recebido, 306-318 valor do lançamento.
    _, titles = read_all("brcobranca/spec_arquivos_CBR64310.RET")
    assert len(titles) == 26
    a, b = titles[0].view, titles[1].view
    assert a["our_number"] == "16224200000000003"
    assert a["occurrence"] == "06"
    assert a["occurrence_date"] == dt.date(2009, 1, 20)
    assert a["amount"] == Decimal("90.64")
    assert a["paid_amount"] == Decimal("90.64")
    assert a["paid_bank"] == "001"
    assert a["credit_date"] == dt.date(2009, 1, 22)
    assert a["bank_rate"] == Decimal("5.00")
    assert a["reasons"] == ["01"]
    assert a["due_date"] is None  # zeros in the file
    assert b["our_number"] == "16224200000000030"
    assert b["amount"] == Decimal("223.52")
    assert b["paid_bank"] == "399"

    _, titles = read_all("CnabPHP/tests_fixtures_cnab400_retorno-cnab400-bb.ret")
    (t,) = titles
    assert t.view["our_number"] == "11122450000000290"
    assert t.view["paid_amount"] == Decimal("25.00")
    assert t.view["bank_rate"] == Decimal("9.00")
    assert t.view["credit_date"] == dt.date(2015, 9, 10)
    assert t.records[0].values["valor_lancamento"] == Decimal("16.00")


def test_bb400_remessa_values():
    _, titles = read_all("l10n-brazil/l10n_br_account_payment_brcobranca_tests_data_teste_remessa_bb400.REM")
    assert len(titles) == 2
    assert [t.view["movement"] for t in titles] == ["01", "01"]
    assert titles[0].records[0].values["convenio"] == "0001234"


NN_CHECK = ("bb.cnab240", "segmento_p", "nosso_numero")


@pytest.mark.parametrize("record", ["segmento_p", "segmento_t"])
def test_bb_nosso_numero_dv_rule_from_the_yaml(record):
    # Especificacao_Boleto_Jan_2016 Anexo XI (domain-facts 5.2): 05009401448 -> DV 1 (sum 221).
    field = layout_field("bb.cnab240", record, "nosso_numero")
    assert evaluate(field.check, FieldEnv({"nosso_numero": "050094014481"})) is True
    assert evaluate(field.check, FieldEnv({"nosso_numero": "050094014482"})) is False
    # a remainder of 10 is written X: 00000000008 -> 8*9 = 72, 72 % 11 = 6; 00000000004 -> 36 % 11 = 3;
    # 00000000009 -> 81 % 11 = 4; 00000000006 -> 54 % 11 = 10 -> X
    assert evaluate(field.check, FieldEnv({"nosso_numero": "00000000006X"})) is True
    assert evaluate(field.check, FieldEnv({"nosso_numero": "000000000060"})) is False
    # convênio of 7 digits: 17 digits, no DV, nothing to check
    assert evaluate(field.check, FieldEnv({"nosso_numero": "12345670000000123"})) is True


def test_bb400_nosso_numero_starts_with_the_convenio():
    # BBREM nota 06: for convênios of 7 digits the nosso número is convênio + 10-digit sequence
    field = layout_field("bb.cnab400", "detalhe_retorno", "nosso_numero")
    env = FieldEnv({"nosso_numero": "12345670000000123", "convenio": "1234567"})
    assert evaluate(field.check, env) is True
    env = FieldEnv({"nosso_numero": "76543210000000123", "convenio": "1234567"})
    assert evaluate(field.check, env) is False


def test_febraban_codes_written_as_bb_codes():
    """Boleto codes are FEBRABAN; BB 400 (CBR643) has its own espécies (01 DM, 02 NP, 10 cheque, 12 DS) and comandos (31 conceder desconto); BB 240 uses C015 / C004 as they are."""
    import pytest as _pytest
    from cnab.errors import InputError as _InputError
    from .common import sample_beneficiary as _ben
    ben = _ben("001", agency="1234", agency_dv="3", account="12345", account_dv="6", wallet="17", convenio="1234567")
    assert codes_line("bb.cnab400", ben, 1, species="02")[147:149] == "01"
    assert codes_line("bb.cnab400", ben, 1, species="04")[147:149] == "12"
    assert codes_line("bb.cnab400", ben, 1, species="12")[147:149] == "02"
    assert codes_line("bb.cnab400", ben, 1, species="01")[147:149] == "10"
    assert codes_line("bb.cnab400", ben, 1, movement="07")[108:110] == "31"
    assert codes_line("bb.cnab240", ben, 2, species="02")[106:108] == "02"
    assert codes_line("bb.cnab240", ben, 2, species="04")[106:108] == "04"
    assert codes_line("bb.cnab240", ben, 2, species="12")[106:108] == "12"
    assert codes_line("bb.cnab240", ben, 2, movement="07")[15:17] == "07"
    with _pytest.raises(_InputError, match="especie"):
        codes_line("bb.cnab400", ben, 1, species="03")
    with _pytest.raises(_InputError, match="ocorrencia"):
        codes_line("bb.cnab400", ben, 1, movement="10")


def test_bb400_multa_juros_desconto_abatimento_reach_the_file():
    """BB/remessa.pdf: juros por dia 161-173, desconto 174-192 (data, valor), abatimento 206-218 in
    the type 7 detail; the multa in the optional type 5 record, tipo de serviço 99 (notas 14-17):
    4 código (1 valor, 2 percentual), 5-10 data DDMMAA, 11-22 valor/percentual with 2 decimals."""
    from cnab.errors import InputError
    from cnab.files.models import Boleto
    from .common import read_clean, render_lines, sample_beneficiary, sample_payer

    ben = sample_beneficiary("001", agency="1234", agency_dv="3", account="12345", account_dv="6",
                             wallet="17", convenio="1234567")

    def lines(**money):
        boleto = Boleto(our_number="12345670000000001", due_date=dt.date(2027, 1, 10),
                        amount=Decimal("100.00"), payer=sample_payer(), document_number="D1",
                        **money)
        return render_lines("bb.cnab400", ben, [boleto])

    written = lines(fine_code="2", fine=Decimal("2.00"), fine_date=dt.date(2027, 1, 11),
                    interest_code="1", interest=Decimal("0.33"),
                    discount_code="1", discount=Decimal("5.00"), discount_date=dt.date(2027, 1, 5),
                    rebate=Decimal("1.50"))
    h, d, m, t = written
    assert d[160:173] == "0000000000033"                      # juros por dia R$ 0,33
    assert d[173:179] == "050127" and d[179:192] == "0000000000500"  # desconto até 05/01/27
    assert d[205:218] == "0000000000150"                      # abatimento R$ 1,50
    assert m[:3] == "599" and m[3] == "2"                     # tipo 5, serviço 99, percentual
    assert m[4:10] == "110127" and m[10:22] == "000000000200"  # a partir de 11/01/27, 2,00 %
    assert m[22:394] == " " * 372 and m[394:] == "000003"
    _, titles = read_clean(written, "bb.cnab400", "remessa")
    assert len(titles) == 1 and titles[0].records[1].values["codigo_multa"] == "2"
    # a fixed value: código 1 and the value
    fixed = lines(fine_code="1", fine=Decimal("7.50"), fine_date=dt.date(2027, 1, 11))[2]
    assert fixed[3:22] == "1110127000000000750"
    # the default boleto: no type 5 record, money fields zero
    h, d, t = lines()
    assert d[160:218] == "0" * 58
    # a multa BB cannot take as given is refused, naming the field, never rounded or dropped
    with pytest.raises(InputError, match="valor_multa"):
        lines(fine_code="2", fine=Decimal("2.125"), fine_date=dt.date(2027, 1, 11))
    with pytest.raises(InputError, match="data_multa"):
        lines(fine_code="2", fine=Decimal("2.00"))
    with pytest.raises(InputError, match="codigo_multa"):
        lines(fine_code="3", fine=Decimal("2.00"), fine_date=dt.date(2027, 1, 11))
