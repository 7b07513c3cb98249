"""CrediSIS (097): credisis.cnab240, credisis.cnab400 (layout 1.1) and credisis.cnab400.v0.

No CrediSIS manual is in ../shared/manuals; the layouts follow the public brcobranca writer and
are checked against CrediSIS' own model files (brcobranca docs/credisis) and brcobranca fixtures.
"""

import datetime as dt
from decimal import Decimal

import pytest

from cnab.layout.expr import evaluate

from .common import (
    FieldEnv, check_corpus_file, check_records_reencode, clean_rows, corpus_rows, layout_field,
    read_all,
)

BANK = "097"
ROWS = corpus_rows(BANK)
CLEAN = clean_rows(ROWS)
pytestmark = pytest.mark.skipif(not ROWS, reason="../shared/corpus not present")

M240 = "brcobranca/docs_credisis_REMESSA_CNAB240_MODELO.txt"
M400 = "brcobranca/docs_credisis_REMESSA_CNAB400_MODELO.txt"
R400 = "brcobranca/docs_credisis_RETORNO_CNAB400_MODELO.txt"
OLD_REM = "brcobranca/spec_fixtures_remessa_remessa-credisis-cnab400.rem"
OLD_RET = "brcobranca/spec_arquivos_CNAB400CREDISIS.RET"
EXPECTED = {
    # The model remessa counts 6 records in its lote and 8 in the file although it carries two
    # Y segments more (8 and 10): its trailers leave the Y records out. Without a CrediSIS
    # manual to say Y segments are not counted, this is taken as the file's error.
    M240: ("credisis.cnab240", "remessa", [(9, "computed-mismatch", "quantidade_registros"),
                                           (10, "computed-mismatch", "quantidade_registros")]),
    M400: ("credisis.cnab400", "remessa", []),
    R400: ("credisis.cnab400", "retorno", []),
    OLD_REM: ("credisis.cnab400.v0", "remessa", []),
    OLD_RET: ("credisis.cnab400.v0", "retorno", []),
}


def test_every_credisis_file_of_the_manifest_is_expected():
    assert sorted(r["file"] for r in ROWS) == sorted(EXPECTED)


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r["file"])
def test_corpus_file_is_detected_and_reads(row):
    assert EXPECTED[row["file"]][1] == row["kind"].split()[0]
    _, titles = check_corpus_file(row, EXPECTED)
    assert titles


@pytest.mark.parametrize("row", CLEAN, ids=lambda r: r["file"])
def test_clean_file_strict_and_byte_identical(row):  # no CrediSIS file of the corpus is clean
    r, titles = read_all(row["file"], strict=True)
    assert r.problems == []


@pytest.mark.parametrize("name", list(EXPECTED))
def test_lf_only_files_reencode_byte_identical(name):
    # the models write a name and an e-mail in lower case; text is encoded upper-case
    def raw(item):
        return item.raw.replace("monica", "MONICA").replace(
            "cobranca@credisis.com.ber", "COBRANCA@CREDISIS.COM.BER")

    check_records_reencode(*read_all(name), raw=raw)


def test_credisis_240_model_values():
    # FEBRABAN P positions: 16-17 movimento, 38-57 nosso número, 63-77 documento, 78-85
    # vencimento, 86-100 valor; the model's título also has Q, R, S and two Y records.
    r, titles = read_all(M240)
    assert (r.header["versao_layout_arquivo"], r.header["inscricao_empresa"]) == ("101", "01900928230")
    (t,) = titles
    assert [i.name for i in t.records] == ["segmento_p", "segmento_q", "segmento_r", "segmento_s",
                                           "segmento_y", "segmento_y"]
    v = t.view
    assert (v["our_number"], v["movement"], v["document_number"]) == (
        "09710002009871000138", "01", "BOLETO TEST/COB")
    assert (v["due_date"], v["amount"]) == (dt.date(2017, 7, 29), Decimal("55000.00"))
    assert v["payer_document"] == "99806940253"
    # the nosso número: 097 + DV of the CPF + agência 0002 + convênio 009871 + sequencial 000138
    nn = v["our_number"]
    assert (nn[:3], nn[4:8], nn[8:14], nn[14:]) == ("097", "0002", "009871", "000138")


def test_credisis_400_model_remessa_values():
    r, titles = read_all(M400)
    assert (r.header["agencia"], r.header["conta"], r.header["sequencial_arquivo"]) == (2, 63291, 11)
    (t,) = titles
    assert [i.name for i in t.records] == ["detalhe", "detalhe_avalista"]
    v = t.view
    assert (v["our_number"], v["movement"], v["document_number"]) == ("09710002009871000153", "01", "TESTE01")
    assert (v["due_date"], v["amount"]) == (dt.date(2017, 7, 29), Decimal("55000.00"))
    assert (v["payer_name"], v["payer_document"]) == ("ELIZEU RAFAEL PRADO", "00634186221")
    d = t.records[0].values
    assert (d["data_operacao"], d["especie"], d["dias_protesto"], d["data_limite"]) == (
        dt.date(2017, 5, 16), "05", 5, dt.date(2017, 9, 16))
    a = t.records[1].values
    assert (a["nome_avalista"], a["instrucoes"], a["codigo_mora"], a["codigo_multa"]) == (
        "LEANDRO RAFAEL PRADO", "PAGAR ATE O VENCIMENTO", "F", "F")
    assert (a["data_desconto_1"], a["data_desconto_2"], a["data_desconto_3"]) == (
        dt.date(2017, 6, 12), dt.date(2017, 6, 26), dt.date(2017, 7, 10))


def test_credisis_400_model_retorno_values():
    r, titles = read_all(R400)
    (t,) = titles
    v = t.view
    assert (v["our_number"], v["occurrence"], v["occurrence_date"]) == (
        "09710002009871000149", "01", dt.date(2017, 5, 26))
    assert (v["due_date"], v["amount"], v["paid_amount"]) == (
        dt.date(2017, 6, 26), Decimal("100.00"), Decimal("0.00"))
    assert v["payer_document"] == "00001900928230"


def test_credisis_400_v0_values():
    # brcobranca's own expectations for these fixtures: nosso número 00005005001, vencimento
    # 011012, valor 0000005005001, valor recebido 0000000044400.
    r, titles = read_all(OLD_RET)
    (t,) = titles
    v = t.view
    assert (v["our_number"], v["due_date"], v["amount"], v["paid_amount"]) == (
        "00005005001", dt.date(2012, 10, 1), Decimal("50050.01"), Decimal("444.00"))
    r, titles = read_all(OLD_REM)
    (t,) = titles
    v = t.view
    assert (v["our_number"], v["due_date"], v["amount"]) == ("00027000123", dt.date(2015, 7, 14), Decimal("199.90"))


def test_credisis_400_nosso_numero_check_digit():
    # X = módulo 11 of the beneficiário's CPF (weights 2-9) or CNPJ (weights 2-8), 11 - resto,
    # 10 and 11 give 1 (brcobranca boleto/credisis.rb, citing CrediSIS' composition of the
    # nosso número 097XAAAACCCCCCSSSSSS).
    field = layout_field("credisis.cnab400", "detalhe", "nosso_numero")
    ok = lambda nn, doc, tipo, ag: evaluate(field.check, FieldEnv(  # noqa: E731
        {"nosso_numero": nn, "inscricao_empresa": doc, "tipo_inscricao_empresa": tipo, "agencia": ag}))
    # the model remessa: CPF 019.009.282-30, sum 153, resto 10 -> 1
    assert ok("09710002009871000153", "01900928230", 1, 2) is True
    assert ok("09720002009871000153", "01900928230", 1, 2) is False
    assert ok("09710003009871000153", "01900928230", 1, 2) is False  # agência differs
    # CNPJ 11.222.333/0001-81 with weights 2-8: sum 114, resto 4 -> 7
    assert ok("09770002009871000001", "11222333000181", 2, 2) is True
    assert ok("09710002009871000001", "11222333000181", 2, 2) is False
    assert ok("101", "11222333000181", 2, 2) is True  # not a full CrediSIS number: not checked


def test_febraban_codes_are_written_as_credisis_400_codes():
    # operação 01 inclusão, 02 baixa, 04 alteração (FEBRABAN 31); espécies 02 DM, 12 NP ... are
    # FEBRABAN's numbers and are written as given (DS, 04, is not in the list: the bank decides)
    from cnab.errors import CnabError

    from .common import sample_beneficiary, write_remessa

    ben = sample_beneficiary("097", agency="0001", account="1234567", account_dv="8",
                             convenio="123456")

    def detail(**codes):
        lines, reader, _ = write_remessa(
            "credisis.cnab400", ben, {"sequence": 1, "generated_at": dt.datetime(2026, 1, 5)},
            our_number="000001", due_date=dt.date(2026, 2, 5), amount=Decimal("10.00"), **codes)
        assert reader.problems == []
        return lines[1]

    d = detail()
    assert (d[76:78], d[94:96]) == ("01", "02")
    d = detail(species="12", movement="31")
    assert (d[76:78], d[94:96]) == ("04", "12")
    assert (detail(movement="02")[76:78], detail(species="04")[94:96]) == ("02", "04")
    with pytest.raises(CnabError, match="codigo_operacao"):
        detail(movement="03")  # C004 protesto falimentar, not CrediSIS' cancelamento


def test_multa_juros_and_desconto_reach_the_credisis_400_fields():
    # layout 1.1: optional record 2 (285-382), written when the boleto has multa, juros or
    # desconto, with brcobranca's codes I/F/P and two decimals; v0: mora 161-166 and multa
    # 167-172 as 9(2)V9(4) (brcobranca: 4 digits with 2 decimals, then 00), desconto 206-218
    from cnab.errors import CnabError

    from .common import sample_beneficiary, write_remessa

    ben = sample_beneficiary("097", agency="0001", account="1234567", account_dv="8",
                             convenio="123456")

    def lines(layout, **money):
        out, reader, titles = write_remessa(
            layout, ben, {"sequence": 1, "generated_at": dt.datetime(2026, 1, 5)},
            our_number="000001", due_date=dt.date(2026, 2, 5), amount=Decimal("100.00"), **money)
        assert reader.problems == [] and reader.layout.id == layout
        return out[1:-2]

    money = dict(fine_code="2", fine=Decimal("2.00"), fine_date=dt.date(2026, 2, 6),
                 interest_code="1", interest=Decimal("0.33"), discount_code="1",
                 discount=Decimal("5.00"), discount_date=dt.date(2026, 2, 1))
    d, a = lines("credisis.cnab400", **money)
    assert (d[0], a[0]) == ("1", "2")
    assert (a[284:299], a[299:303]) == ("000000000000033", "F200")
    assert (a[303:318], a[318:322]) == ("000000000000200", "P200")
    assert (a[322:328], a[328:341], a[341]) == ("010226", "0000000000500", "F")
    assert (a[342:382]) == "000000" + "0" * 13 + "I" + "000000" + "0" * 13 + "I"
    assert len(lines("credisis.cnab400")) == 1  # default boleto: no record 2
    a = lines("credisis.cnab400", fine_code="1", fine=Decimal("10.00"), interest_code="2",
              interest=Decimal("1.50"), discount_code="2", discount=Decimal("3.00"),
              discount_date=dt.date(2026, 2, 1))[1]
    assert (a[284:300], a[303:319], a[328:342]) == (
        "000000000000150P", "000000000001000F", "0000000000300P")
    a = lines("credisis.cnab400", interest_code="1", interest=Decimal("0.10"))[1]
    assert (a[299], a[303:319], a[322:342]) == ("F", "0" * 15 + "I", "0" * 19 + "I")
    with pytest.raises(CnabError, match="codigo_desconto_1"):  # valor por antecipação
        lines("credisis.cnab400", discount_code="3", discount=Decimal("0.10"))

    (d,) = lines("credisis.cnab400.v0", **{**money, "discount_date": None})
    assert (d[160:166], d[166:172], d[205:218]) == ("003300", "020000", "0000000000500")
    (d,) = lines("credisis.cnab400.v0")
    assert (d[160:172], d[205:218]) == ("0" * 12, "0" * 13)
    with pytest.raises(CnabError, match="multa"):  # fixed-value multa: only a percentage fits
        lines("credisis.cnab400.v0", fine_code="1", fine=Decimal("5.00"))
    with pytest.raises(CnabError, match="mora"):  # taxa mensal
        lines("credisis.cnab400.v0", interest_code="2", interest=Decimal("1.00"))
    with pytest.raises(CnabError, match="desconto"):  # a date before the due date has no place
        lines("credisis.cnab400.v0", discount_code="1", discount=Decimal("5.00"),
              discount_date=dt.date(2026, 2, 1))
