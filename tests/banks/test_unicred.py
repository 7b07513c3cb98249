"""Unicred (136): unicred.cnab400 against the corpus and the Unicred CNAB 400 manuals."""

import datetime as dt
from decimal import Decimal

import pytest

import cnab
from cnab.layout.expr import evaluate

from ..conftest import CORPUS
from .common import (
    FieldEnv, assert_lines_accounted, check_clean_reencodes, check_corpus_file,
    check_records_reencode, clean_rows, corpus_rows, layout_codecs, layout_field, read_all,
    read_source, write_lines,
)

BANK = "136"
ROWS = corpus_rows(BANK)
CLEAN = clean_rows(ROWS)
pytestmark = pytest.mark.skipif(not ROWS, reason="../shared/corpus not present")

BRC_RET = "brcobranca/spec_arquivos_CNAB400UNICRED.RET"
EXPECTED = {  # file: (layout, direction, errors as (line, rule, field))
    "brcobranca/spec_fixtures_remessa_remessa-unicred-cnab400.rem": ("unicred.cnab400", "remessa", []),
    "l10n-brazil/l10n_br_account_payment_brcobranca_tests_data_teste_remessa-unicred_400-1.REM": (
        "unicred.cnab400", "remessa", []),
    # Labelled Unicred 240 but its header says 748 / SICREDI / versão 081: a Sicredi file
    # (tests/banks/test_sicredi.py reads its values).
    "brcobranca/spec_fixtures_remessa_remessa-unicred-cnab240.rem": ("sicredi.cnab240", "remessa", []),
    BRC_RET: None,  # see test_brcobranca_retorno_has_a_bb_header
}


def test_every_unicred_file_of_the_manifest_is_expected():
    assert sorted(r["file"] for r in ROWS) == sorted(EXPECTED)


@pytest.mark.parametrize("row", [r for r in ROWS if EXPECTED[r["file"]]], ids=lambda r: r["file"])
def test_corpus_file_is_detected_and_reads(row):
    assert EXPECTED[row["file"]][1] == row["kind"].split()[0]
    _, titles = check_corpus_file(row, EXPECTED)
    assert titles


def test_brcobranca_retorno_has_a_bb_header():
    # brcobranca's CNAB400UNICRED.RET: the header is Banco do Brasil's (001BANCO DO BRASIL at
    # 77-94, as Unicred files were when Unicred collected through BB), so detection rightly
    # picks a 001 layout; its detail is Unicred's own retorno (nosso número 46-62, repasse
    # 176-181, líquido 306-318), which reads cleanly with unicred.cnab400. The trailer's
    # sequencial says 16 on line 3 (the file was cut from a longer one): the file's error.
    r, _ = read_all(BRC_RET)
    assert r.layout.bank == "001"
    r, titles = read_all(BRC_RET, layout="unicred.cnab400")
    assert r.direction == "retorno"
    assert [(p.line, p.rule, p.field) for p in r.errors] == [(3, "computed-mismatch", "sequencial")]
    assert_lines_accounted(r)
    assert r.stats["lines"] == 3
    (t,) = titles
    v = t.view
    # by hand against the Unicred retorno positions
    assert (v["our_number"], v["occurrence"], v["reasons"]) == ("00000000000000116", "06", [])
    assert v["occurrence_date"] == dt.date(2015, 5, 15) and v["due_date"] == dt.date(2015, 5, 13)
    assert v["amount"] == Decimal("444.00") and v["paid_amount"] == Decimal("444.00")
    assert v["bank_rate"] == Decimal("1.60") and v["net_amount"] == Decimal("438.40")
    assert v["credit_date"] == dt.date(2015, 5, 18)
    assert (v["paid_bank"], v["paid_agency"]) == ("090", "4205")
    rec = t.records[0].values
    assert (rec["agencia"], rec["conta"], rec["carteira"], rec["instrucao_origem"]) == (4205, 6000156, 1, "01")
    assert layout_codecs("unicred.cnab400")["detalhe_retorno"].encode(rec) == t.records[0].raw


@pytest.mark.parametrize("row", CLEAN, ids=lambda r: r["file"])
def test_clean_file_strict_and_byte_identical(row):  # no Unicred file of the corpus is clean
    check_clean_reencodes(row)


def test_lf_only_remessas_reencode_byte_identical():
    for name in list(EXPECTED)[:2]:
        check_records_reencode(*read_all(name))


def test_unicred_400_remessa_values():
    # l10n-brazil teste_remessa-unicred_400-1.REM by hand against manual 5.5.3: 22-24 carteira,
    # 109-110 ocorrência, 111-120 seu número, 121-126 vencimento, 127-139 valor, 158-160
    # protesto, 193-202 nosso número + 203 DV (checked on read by the layout's compute).
    r, titles = read_all(
        "l10n-brazil/l10n_br_account_payment_brcobranca_tests_data_teste_remessa-unicred_400-1.REM")
    assert r.header["sequencial_remessa"] == 1 and r.header["data_gravacao"] == dt.date(2021, 6, 16)
    v = [t.view for t in titles]
    assert [(x["our_number"], x["our_number_dv"]) for x in v] == [("0000000001", 9), ("0000000002", 7)]
    assert [x["document_number"] for x in v] == ["0000003/01", "0000003/02"]
    assert [x["due_date"] for x in v] == [dt.date(2021, 6, 16), dt.date(2021, 7, 31)]
    assert [x["amount"] for x in v] == [Decimal("300.00"), Decimal("700.00")]
    rec = titles[0].records[0].values
    assert (rec["carteira"], rec["codigo_protesto"], rec["dias_protesto"], rec["tipo_mora"]) == ("021", 2, 5, 2)
    assert (rec["codigo_multa"], rec["multa"], rec["descontavel"]) == (2, Decimal("2.00"), "N")
    assert (rec["cidade_pagador"], rec["uf_pagador"]) == ("SAO PAULO", "SP")


def test_unicred_400_nosso_numero_dv_rule():
    # manual 5.6: módulo 11, weights 2-9 from the right, DV = 11 - resto; 10 or 11 give 0.
    field = layout_field("unicred.cnab400", "detalhe", "nosso_numero_dv")
    dv = lambda nn: evaluate(field.compute, FieldEnv({"nosso_numero": nn}))  # noqa: E731
    assert dv("0000299621") == 9    # Exemplo 1 (sum 145, resto 2)
    assert dv("0000000002") == 7    # Exemplo 2 (sum 4, resto 4)
    assert dv("0007200003") == 1    # brcobranca fixture (sum 76, resto 10)
    assert dv("0000000006") == 0    # sum 12, resto 1: 11 - 1 = 10 gives 0
    assert dv("0000000014") == 0    # sum 11, resto 0: 11 - 0 = 11 gives 0


# --- CNAB 240: no Unicred 240 file in the corpus (the one labelled so is Sicredi's), so the
# files are built with the layout's own codecs from the Unicred 240 manuals' field lists.

C240 = layout_codecs("unicred.cnab240")


def _write240(tmp_path, name, lines):
    return read_source(write_lines(tmp_path / name, lines, eol="\n"))  # Unicred retorno: LF


def test_unicred_240_retorno_from_manual_positions(tmp_path):
    header = C240["header_arquivo"].encode({
        "banco": "136", "tipo_inscricao_empresa": 2, "inscricao_empresa": "11222333000181",
        "agencia": 1234, "agencia_dv": "5", "codigo_beneficiario": "00000000012345",
        "nome_empresa": "EMPRESA EXEMPLO", "nome_banco": "UNICRED DO BRASIL",
        "codigo_remessa_retorno": 2, "data_geracao": dt.date(2024, 3, 5),
        "hora_geracao": dt.time(6, 30), "sequencial_arquivo": 77})
    header = header[:163] + " " * 77  # the retorno header is blank from 164 on (no version)
    lote = C240["header_lote"].encode({
        "banco": "136", "lote": 1, "operacao": "T", "tipo_servico": 1, "cnab_12": "00",
        "versao_layout_lote": "030", "tipo_inscricao_empresa": 2, "inscricao_empresa": "011222333000181",
        "agencia": 1234, "agencia_dv": "5", "nome_empresa": "EMPRESA EXEMPLO",
        "numero_remessa_retorno": 3000077, "data_gravacao": dt.date(2024, 3, 5),
        "data_credito": dt.date(2024, 3, 5)})
    t = C240["segmento_t"].encode({
        "banco": "136", "lote": 1, "sequencial_lote": 1, "codigo_movimento": "06",
        "codigo_beneficiario": "00000000012345", "fixo_38": "0",
        "nosso_numero": "0000000000000000019", "fixo_58": "1", "numero_documento": "NF 42",
        "vencimento": dt.date(2024, 3, 1), "valor_titulo": Decimal("150.00"),
        "banco_cobrador": "136", "agencia_cobradora": 1234, "agencia_cobradora_dv": 5,
        "zeros_106": "0" * 93, "valor_tarifa": Decimal("2.10"),
        "complemento_movimento": "00000000", "instrucao_origem": "00"})
    u = C240["segmento_u"].encode({
        "banco": "136", "lote": 1, "sequencial_lote": 2, "codigo_movimento": "06",
        "juros_multa": Decimal("1.50"), "desconto": Decimal(0), "abatimento": Decimal(0),
        "iof": Decimal(0), "valor_pago": Decimal("151.50"), "valor_liquido": Decimal("149.40"),
        "data_ocorrencia": dt.date(2024, 3, 4), "data_credito": dt.date(2024, 3, 6),
        "codigo_ocorrencia_pagador": "0000", "data_ocorrencia_pagador": dt.date(2024, 3, 6)})
    t5 = C240["trailer_lote"].encode({"banco": "136", "lote": 1, "quantidade_registros": 4})
    t9 = C240["trailer_arquivo_retorno"].encode({"banco": "136", "fixo_9": "1", "quantidade_registros": 6})
    # spot checks at the manual's positions
    assert header[163:240].strip() == "" and lote[8:16] == "T0100030" and lote[183:185] == "03"
    assert t[23:37] == "00000000012345" and t[37:57] == "00000000000000000019" and t[57] == "1"
    assert t[213:223] == "0000000000" and u[145:153] == "06032024" and u[157:165] == "06032024"
    assert t9[:9] == "136999991" and t9[23:29] == "000006"
    r, titles = _write240(tmp_path, "unicred.ret", [header, lote, t, u, t5, t9])
    assert (r.layout.id, r.direction) == ("unicred.cnab240", "retorno")
    assert r.errors == [], [str(p) for p in r.errors]
    assert {p.rule for p in r.problems} <= {"lf-only"}
    (title,) = titles
    v = title.view
    assert (v["our_number"], v["occurrence"], v["reasons"], v["document_number"]) == (
        "0000000000000000019", "06", [], "NF 42")
    assert (v["amount"], v["paid_amount"], v["net_amount"], v["bank_rate"], v["interest"]) == (
        Decimal("150.00"), Decimal("151.50"), Decimal("149.40"), Decimal("2.10"), Decimal("1.50"))
    assert (v["due_date"], v["occurrence_date"], v["credit_date"]) == (
        dt.date(2024, 3, 1), dt.date(2024, 3, 4), dt.date(2024, 3, 6))
    assert cnab.default_registry().table("unicred.cnab240.ocorrencia").codes["06"].settles


def test_unicred_240_remessa_from_manual_positions(tmp_path):
    header = C240["header_arquivo"].encode({
        "banco": "136", "tipo_inscricao_empresa": 2, "inscricao_empresa": "11222333000181",
        "agencia": 1234, "agencia_dv": "5", "codigo_beneficiario": "00000000012345",
        "nome_empresa": "EMPRESA EXEMPLO", "codigo_remessa_retorno": 1,
        "data_geracao": dt.date(2024, 3, 5), "hora_geracao": dt.time(6, 30), "sequencial_arquivo": 8})
    lote = C240["header_lote"].encode({
        "banco": "136", "lote": 1, "tipo_inscricao_empresa": 2, "inscricao_empresa": "011222333000181",
        "agencia": 1234, "agencia_dv": "5", "codigo_beneficiario": "00000000012345",
        "nome_empresa": "EMPRESA EXEMPLO", "numero_remessa_retorno": 8,
        "data_gravacao": dt.date(2024, 3, 5)})
    p = C240["segmento_p"].encode({
        "banco": "136", "lote": 1, "sequencial_lote": 1, "agencia": 1234, "agencia_dv": "5",
        "conta": 12345, "conta_dv": "6", "nosso_numero": "0000299621", "nosso_numero_dv": 9,
        "numero_documento": "NF 42", "vencimento": dt.date(2024, 3, 1),
        "valor_titulo": Decimal("150.00"), "data_emissao": dt.date(2024, 2, 1), "codigo_juros": 5,
        "juros": Decimal(0), "codigo_desconto": 0, "desconto": Decimal(0),
        "abatimento": Decimal(0), "uso_empresa": "PEDIDO 42", "codigo_protesto": 3})
    q = C240["segmento_q"].encode({
        "banco": "136", "lote": 1, "sequencial_lote": 2, "tipo_inscricao_pagador": 1,
        "inscricao_pagador": "000011144477735", "nome_pagador": "FULANO DE TAL",
        "endereco_pagador": "RUA A 1", "bairro_pagador": "CENTRO", "cep": "90000",
        "cep_sufixo": "000", "cidade_pagador": "PORTO ALEGRE", "uf_pagador": "RS"})
    t5 = C240["trailer_lote"].encode({"banco": "136", "lote": 1, "quantidade_registros": 4})
    t9 = C240["trailer_arquivo"].encode({"banco": "136", "quantidade_lotes": 1, "quantidade_registros": 6})
    assert header[163:166] == "085" and lote[13:16] == "044"
    assert header[58:72] == "00000000012345" and lote[59:73] == "00000000012345"
    assert p[37:48] == "00002996219" and p[56:58] == "21" and p[106] == "N" and p[108] == "N"
    r, titles = _write240(tmp_path, "unicred.rem", [header, lote, p, q, t5, t9])
    assert (r.layout.id, r.direction) == ("unicred.cnab240", "remessa")
    assert r.errors == [], [str(e) for e in r.errors]
    (t,) = titles
    v = t.view
    assert (v["our_number"], v["our_number_dv"], v["movement"]) == ("0000299621", 9, "01")
    assert (v["amount"], v["due_date"], v["payer_name"]) == (Decimal("150.00"), dt.date(2024, 3, 1), "FULANO DE TAL")


def test_unicred_240_nosso_numero_dv_rule():
    field = layout_field("unicred.cnab240", "segmento_p", "nosso_numero_dv")
    dv = lambda nn: evaluate(field.compute, FieldEnv({"nosso_numero": nn}))  # noqa: E731
    assert (dv("0000299621"), dv("0000000002"), dv("0000000006"), dv("0000000014")) == (9, 7, 0, 0)
    assert dv(None) is None  # Unicred numbers the título: the field stays blank


def test_unicred_400_optional_records_join_the_titulo(tmp_path):
    # manual 5.5.5-5.5.8: types 5 (avalista), 6 (endereço/e-mail) and 7 (mensagens) follow a type 1
    name = "l10n-brazil/l10n_br_account_payment_brcobranca_tests_data_teste_remessa-unicred_400-1.REM"
    lines = (CORPUS / name).read_text(encoding="latin-1").splitlines()
    c = layout_codecs("unicred.cnab400")
    six = c["detalhe_endereco"].encode({"tipo_logradouro": "AVENIDA", "logradouro": "PAULISTA",
                                        "numero": "807", "bairro": "CENTRO", "cep": "01311915",
                                        "cidade": "SAO PAULO", "uf": "SP", "email": "A@B.COM",
                                        "boleto_por_email": "S", "sequencial": 3})
    assert six[0] == "6" and six[26:34] == "PAULISTA" and six[161:169] == "01311915" and six[281] == "S"
    body = [lines[0], lines[1], six] + [l[:394] + f"{i:06d}" for i, l in enumerate(lines[2:], start=4)]
    path = tmp_path / "unicred6.rem"
    path.write_text("\r\n".join(body) + "\r\n", encoding="latin-1", newline="")
    r, titles = read_source(path, strict=True)
    assert [str(p) for p in r.problems] == []
    assert [i.name for i in titles[0].records] == ["detalhe", "detalhe_endereco"]
    assert titles[0].records[1].values["email"] == "A@B.COM"


def test_febraban_codes_are_written_as_unicred_codes():
    # 400 and 240: mora 5 = isento (FEBRABAN 3), multa 3 = isenta (FEBRABAN 0), 25 = sustar
    # protesto e baixar (FEBRABAN 10), 22 = alteração do seu número (FEBRABAN 21); 400: 40 is a
    # change of the desconto status, not FEBRABAN's alteração de carteira, so it is refused.
    # Neither layout has an espécie field (107-108 of P and 148-149 of the 400 detail are other
    # fields), so DM, DS and NP cannot be told apart in a Unicred remessa.
    from cnab.errors import CnabError

    from .common import sample_beneficiary, write_remessa

    ben = sample_beneficiary("136", agency="1234", agency_dv="5", account="12345",
                             account_dv="6", convenio="00000000012345")

    def lines(layout, **codes):
        out, reader, _ = write_remessa(
            layout, ben, {"sequence": 1, "generated_at": dt.datetime(2026, 1, 5)},
            our_number="0000299621", due_date=dt.date(2026, 2, 5), amount=Decimal("10.00"),
            **codes)
        assert reader.problems == []
        return out

    d = lines("unicred.cnab400")[1]  # the Boleto's defaults: entrada, juros isento, sem multa
    assert (d[93], d[104], d[108:110], d[149], d[157]) == ("3", "5", "01", "0", "3")
    d = lines("unicred.cnab400", interest_code="1", interest=Decimal("0.10"), fine_code="2",
              fine=Decimal("2.00"))[1]
    assert (d[93], d[104]) == ("2", "1")
    assert lines("unicred.cnab400", movement="21")[1][108:110] == "22"
    assert lines("unicred.cnab400", movement="10")[1][108:110] == "25"
    with pytest.raises(CnabError, match="ocorrencia"):
        lines("unicred.cnab400", movement="40")
    _, _, p, q, r, *_ = lines("unicred.cnab240", movement="10", fine_code="1",
                                 fine=Decimal("2.00"))
    assert (p[15:17], q[15:17], r[15:17], p[117], r[65]) == ("25", "25", "25", "5", "1")
    p = lines("unicred.cnab240", interest_code="2", interest=Decimal("1.00"))[2]
    assert (p[15:17], p[117]) == ("01", "2")
    with pytest.raises(CnabError, match="codigo_movimento"):
        lines("unicred.cnab240", movement="03")
