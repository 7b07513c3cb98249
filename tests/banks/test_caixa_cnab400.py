"""Caixa (104): CNAB 400 SIGCB (caixa.cnab400.sigcb), against the manual "Leiaute de arquivo
eletrônico padrão CNAB 400, Cobrança bancária CAIXA - SIGCB" 67.126 v015 (Abril/2020,
CEF/novos/400_posicoes.pdf). No Caixa CNAB 400 file is in the corpus: retornos are built with
the layout's own codecs and remessas with the Writer, and every position asserted on a raw line
is the manual's."""

import datetime as dt
from decimal import Decimal

import pytest

import cnab
import cnab.errors
from cnab.files.models import Boleto
from cnab.files.writer import FileInfo, Writer
from cnab.layout.expr import evaluate

from .common import (
    codes_line,
    FieldEnv, assert_view, computed, crlf_bytes, detected, encode_numbered, layout_codecs,
    layout_field, read_clean, read_source, render_lines, sample_beneficiary, sample_payer,
    sorted_errors,
)

LAYOUT = "caixa.cnab400.sigcb"


def _problems(reader):
    return sorted_errors((p.line, p.record, p.field, p.rule) for p in reader.problems
                         if p.line is not None)


def _retorno(header=None, rejected_code=" 123456"):
    head = {"agencia": "0161", "codigo_beneficiario": " 123456", "nome_empresa": "EMPRESA EXEMPLO",
            "data_gravacao": dt.date(2020, 5, 6), "mensagem": "", "versao_layout": "007",
            "sequencial_retorno": 42, **(header or {})}
    common = {"tipo_inscricao_empresa": 2, "inscricao_empresa": "11222333000181",
              "uso_caixa_18": "000", "codigo_beneficiario": " 123456", "id_emissao": 2,
              "id_postagem": 0, "carteira": "01", "especie": "01",
              "iof": 0, "abatimento": 0, "desconto": 0, "valor_pago": 0, "juros_mora": 0,
              "valor_multa": 0, "valor_tarifa": 0, "moeda": 1}
    paid = dict(common, uso_empresa="REF-1", nosso_numero="14000000000000019",
                motivo_rejeicao="", ocorrencia="21", data_ocorrencia=dt.date(2020, 5, 5),
                numero_documento="NF-1", vencimento=dt.date(2020, 5, 4),
                valor_titulo=Decimal("150.00"), banco_cobrador="104", agencia_cobradora=161,
                valor_tarifa=Decimal("2.10"), canal_liquidacao="003", forma_pagamento=1,
                float_negociado=1, data_debito_tarifa=dt.date(2020, 5, 6),
                valor_pago=Decimal("150.00"), juros_mora=Decimal("0.50"),
                valor_multa=Decimal("3.00"), data_credito=dt.date(2020, 5, 6))
    rejected = dict(common, codigo_beneficiario=rejected_code, uso_empresa="REF-2",
                    nosso_numero="14000000000000027", rejeicao_80="0", motivo_rejeicao="26",
                    ocorrencia="99", data_ocorrencia=dt.date(2020, 5, 5), numero_documento="NF-2",
                    vencimento=dt.date(2020, 2, 29), valor_titulo=Decimal("80.00"))
    written_off = dict(common, uso_empresa="REF-3", nosso_numero="14000000000000035",
                       motivo_rejeicao="", ocorrencia="02", data_ocorrencia=dt.date(2020, 5, 5),
                       numero_documento="NF-3", vencimento=dt.date(2020, 6, 1),
                       valor_titulo=Decimal("99.90"), canal_liquidacao="010")
    return encode_numbered(LAYOUT, [
        ("header_retorno", head), ("detalhe_retorno", paid), ("detalhe_retorno", rejected),
        ("detalhe_retorno", written_off), ("trailer_retorno", {})])


def test_retorno_view_values(registry):
    lines = _retorno()
    h, d = lines[0], lines[1]
    # manual 3.6.7 / 3.6.8 / 3.6.9 positions on the raw lines
    assert h[:26] == "02RETORNO01COBRANCA       " and h[26:30] == "0161"
    assert h[30:37] == " 123456" and h[76:79] == "104" and h[158:161] == "007"
    assert h[389:394] == "00042" and h[394:] == "000001"
    assert d[20:27] == " 123456" and d[31:36] == "REF-1" and d[56:73] == "14000000000000019"
    assert d[73] == " " and d[106:110] == "0121" and d[110:116] == "050520"
    assert d[146:152] == "040520" and d[152:165] == "0000000015000"
    assert d[165:173] == "10400161" and d[175:188] == "0000000000210"
    assert d[188:200] == "0031" + "01" + "060520"
    assert d[253:266] == "0000000015000" and d[266:279] == "0000000000050"
    assert d[279:292] == "0000000000300" and d[292:299] == "1060520"
    assert lines[2][79:82] == "026" and lines[2][108:110] == "99"
    assert lines[4][:7] == "9201104"

    reader, titles = read_clean(lines, LAYOUT, "retorno")
    assert len(titles) == 3
    assert_view(titles[0], our_number="14000000000000019", our_number_dv=None, occurrence="21",
                reasons=[], occurrence_date=dt.date(2020, 5, 5), credit_date=dt.date(2020, 5, 6),
                due_date=dt.date(2020, 5, 4), document_number="NF-1", amount=Decimal("150.00"),
                paid_amount=Decimal("150.00"), interest=Decimal("0.50"), bank_rate=Decimal("2.10"),
                paid_bank="104", paid_agency=161, company_use="REF-1")
    assert titles[0].records[0].values["valor_multa"] == Decimal("3.00")
    assert titles[0].records[0].values["canal_liquidacao"] == "003"
    assert_view(titles[1], occurrence="99", reasons=["26"], our_number="14000000000000027",
                paid_amount=Decimal("0.00"), credit_date=None)
    assert_view(titles[2], occurrence="02", amount=Decimal("99.90"))
    assert reader.header["versao_layout"] == "007"
    assert reader.header["codigo_beneficiario"] == " 123456"

    occ = registry.table("caixa.cnab400.sigcb.ocorrencia")
    reasons = registry.table(occ.get("99").reasons)
    assert reasons.get("26").text == "Data de vencimento inválida"
    assert occ.get("21").settles and occ.get("21").category == "settled"


def test_occurrences_follow_the_manual_not_febraban(registry):
    # NE033: Caixa 400 answers an entrada with 01 and a pedido de baixa with 02; 06 is "uso da
    # empresa alterado" and 09 "alteração confirmada". FEBRABAN C044 reads all three otherwise.
    occ = registry.table("caixa.cnab400.sigcb.ocorrencia")
    feb = registry.table("febraban.c044")
    assert occ.get("01").category == "registered"
    assert occ.get("02").category == "written_off" and feb.get("02").category == "registered"
    assert not occ.get("06").settles and feb.get("06").settles
    assert occ.get("09").category == "changed" and feb.get("09").category == "written_off"
    assert sorted(c for c, code in occ.codes.items() if code.settles) == ["21", "22", "35"]
    assert occ.get("99").category == "rejected" and occ.get("03").category == "changed"
    assert occ.get("24") is None  # "baixa por franco pagamento" of peer libraries: not in v015
    mov = registry.table("caixa.cnab400.sigcb.movimento")
    assert sorted(mov.codes) == [f"{n:02d}" for n in range(1, 13)]
    assert mov.get("05").text == "Alteração de vencimento"


def _boletos():
    payer = sample_payer(name="José da Silva")
    paid = Boleto(our_number="14000000000000019", due_date=dt.date(2020, 5, 4),
                  amount=Decimal("150.00"), payer=payer, document_number="NF-1",
                  issue_date=dt.date(2020, 4, 3), species="02", company_use="REF-1",
                  interest_code="1", interest=Decimal("0.05"), interest_date=dt.date(2020, 5, 5),
                  fine_code="1", fine=Decimal("3.00"), fine_date=dt.date(2020, 5, 5),
                  protest_code="1", protest_days=10)
    numbered_by_caixa = Boleto(our_number="", due_date=dt.date(2020, 6, 4),
                               amount=Decimal("10.00"), payer=payer, document_number="NF-2",
                               movement="01")
    baixa = Boleto(our_number="27", due_date=dt.date(2020, 7, 1),
                   amount=Decimal("80.00"), payer=payer, document_number="NF-3", movement="02")
    return [paid, numbered_by_caixa, baixa]


def _beneficiary(code="123456"):
    return sample_beneficiary("104", agency="0161", convenio=code)


def _remessa(boletos, code="123456"):
    return render_lines(LAYOUT, _beneficiary(code), boletos,
                        FileInfo(sequence=1, generated_at=dt.datetime(2020, 4, 3, 9)))


def test_remessa_written_passes_strict_read_and_rereads():
    boletos = _boletos()
    lines = render_lines(LAYOUT, _beneficiary(), boletos,
                         FileInfo(sequence=7, generated_at=dt.datetime(2020, 4, 3, 9)))
    assert len(lines) == 5 and all(len(x) == 400 for x in lines)
    h, d = lines[0], lines[1]
    # 3.6.1 header de remessa
    assert h[:26] == "01REMESSA01COBRANCA       " and h[26:30] == "0161"
    assert h[30:37] == " 123456" and h[37:46] == " " * 9
    assert h[76:94] == "104C ECON FEDERAL " and h[94:100] == "030420"
    assert h[100:103] == "007" and h[389:394] == "00007" and h[394:] == "000001"
    # 3.6.2 detalhe
    assert d[:17] == "10211222333000181" and d[17:20] == "000" and d[20:27] == " 123456"
    assert d[27:31] == "2000" and d[31:36] == "REF-1"
    assert d[56:73] == "14000000000000019" and d[73:77] == "    "
    assert d[77:84] == "0505200" and d[106:110] == "0101" and d[110:120] == "NF-1      "
    assert d[120:126] == "040520" and d[126:139] == "0000000015000"
    assert d[139:147] == "10400000" and d[147:156] == "01N030420"
    # protest_code 1 with 10 days: instrução 01 (protestar), prazo 10 at 392-393
    assert d[156:160] == "0100" and d[160:173] == "0000000000005"
    assert d[218:234] == "01" + "00011144477735" and d[234:247] == "JOSE DA SILVA"
    assert d[326:334] == "01001000" and d[349:351] == "SP"
    assert d[351:357] == "050520" and d[357:367] == "0000000300"
    assert d[389:394] == "00101" and d[394:] == "000002"
    assert lines[2][56:73] == "0" * 17  # zeros: the CAIXA numbers the título (NE015)
    assert lines[3][108:110] == "02"
    assert lines[4] == "9" + " " * 393 + "000005"

    reader, titles = read_clean(lines, LAYOUT, "remessa")
    got = [(t.view["our_number"], t.view["movement"], t.view["amount"], t.view["due_date"],
            t.view["document_number"]) for t in titles]
    assert got == [("14000000000000019", "01", Decimal("150.00"), dt.date(2020, 5, 4), "NF-1"),
                   ("00000000000000000", "01", Decimal("10.00"), dt.date(2020, 6, 4), "NF-2"),
                   ("14000000000000027", "02", Decimal("80.00"), dt.date(2020, 7, 1), "NF-3")]
    first = titles[0].records[0].values
    assert first["valor_multa"] == Decimal("3.00") and first["data_multa"] == dt.date(2020, 5, 5)
    assert first["data_juros"] == dt.date(2020, 5, 5) and first["prazo_protesto"] == 10
    assert titles[0].view["company_use"] == "REF-1"
    assert reader.header["sequencial_remessa"] == 7


def test_seven_digit_code_fills_every_position():
    # NE004 B / NE065: a código from 1100000 uses all 7 positions and needs versão 007
    lines = _remessa(_boletos()[:1], code="1100123")
    h, d = lines[:2]
    assert h[30:37] == "1100123" and h[100:103] == "007" and d[20:27] == "1100123"
    read_clean(lines)


@pytest.mark.parametrize("record", ["header", "header_retorno"])
def test_header_code_placement_follows_the_version(record):
    # NE004 A1 (versão em branco): code at 31-36, blank at 37; A2 (versão 007): blank at 31,
    # code at 32-37; B (from 1100000): 31-37, only with versão 007
    def place(code, version):
        return computed(LAYOUT, record, "codigo_beneficiario", codigo_beneficiario=code,
                        versao_layout=version)

    def allowed(code, version):
        return evaluate(layout_field(LAYOUT, record, "codigo_beneficiario").check,
                        FieldEnv({"codigo_beneficiario": code, "versao_layout": version}))

    assert place("123456", "007") == " 123456"
    assert place("123456", None) == "123456 "
    assert place("5507", "007") == " 005507"
    assert place("1100123", "007") == "1100123"
    assert allowed("123456", None) and allowed("1100123", "007")
    assert not allowed("1100123", None)


def test_detail_code_placement():
    # NE004 A1/A2: detalhe tipo 1 puts a 6-digit code at 22-27 with 21 blank, whatever the versão
    for record in ("detalhe", "detalhe_retorno"):
        for code, placed in (("123456", " 123456"), ("1100123", "1100123")):
            assert computed(LAYOUT, record, "codigo_beneficiario",
                            codigo_beneficiario=code) == placed


def test_misplaced_code_is_reported():
    # versão em branco puts the code at 31-36: a header with 007 and that placement is wrong,
    # and so is a detalhe with the code at 21-26
    lines = _retorno(header={"codigo_beneficiario": "123456 "}, rejected_code="123456 ")
    reader, _ = read_source(crlf_bytes(lines))
    assert _problems(reader) == [(1, "header_retorno", "codigo_beneficiario", "computed-mismatch"),
                                 (3, "detalhe_retorno", "codigo_beneficiario", "computed-mismatch")]
    # the same placement is right under a blank versão (the codec writes the default 007 for a
    # missing value, so the blank is put in the line itself)
    lines = _retorno(header={"codigo_beneficiario": "123456 "})
    lines[0] = lines[0][:158] + "   " + lines[0][161:]
    reader, _ = read_clean(lines)
    assert reader.header["versao_layout"] is None


def test_nosso_numero_rule():
    # NE015: 17 digits, modalidade 11/14 (registrada) or 21/24 (sem registro) + 15 livres; zeros
    # let the CAIXA number it; the old SINCO number is 9 + 17 digits from 57 to 74
    field = layout_field(LAYOUT, "detalhe", "nosso_numero")

    def ok(nn):
        return evaluate(field.check, FieldEnv({"nosso_numero": nn}))

    def complete(nn):
        return computed(LAYOUT, "detalhe", "nosso_numero", nosso_numero=nn)

    for nn in ("14000000000000019", "11000000000000123", "21999999999999999",
               "24000000000000001", "00000000000000000", "912345678901234567"):
        assert ok(nn), nn
    for nn in ("15000000000000019", "1400000000000001X", "814000000000000019"):
        assert not ok(nn), nn
    assert complete("0") == "0" * 17
    # the writer's convenience: up to 15 digits are the número livre of modalidade 14
    assert complete("19") == "14000000000000019"
    assert complete("11000000000000123") == "11000000000000123"
    assert complete("912345678901234567") == "912345678901234567"
    # the file has no position for the nosso número DV (57-73 is modalidade + 15, 74-75 blank):
    # the Boleto_2020 DV (14000000000000019 -> 7) lives only on the printed boleto
    layout = cnab.default_registry().layout(LAYOUT)
    assert "our_number_dv" not in layout.view
    assert not any("dv" in f.name for f in layout.records["detalhe"].fields)


def test_bad_modalidade_is_reported():
    lines = _remessa(_boletos()[:1])
    lines[1] = lines[1][:56] + "15" + lines[1][58:]
    reader, _ = read_source(crlf_bytes(lines))
    assert _problems(reader) == [(2, "detalhe", "nosso_numero", "check-failed")]
    boleto = _boletos()[0]
    boleto.our_number = "15000000000000019"
    with pytest.raises(cnab.errors.InputError, match="nosso_numero"):
        Writer(LAYOUT).render(_beneficiary(), [boleto], FileInfo(sequence=1))


def test_conta_check_digits_worked_examples():
    # NE051: conta 000000109990 -> soma 115, resto 5, DV 6
    # NE052: agência 0161 + conta 000000109990 -> soma 171, resto 6, DV 5
    def dv(field, **values):
        return computed(LAYOUT, "pagamento", field, **values)

    assert dv("dv_conta", conta="000000109990", agencia_conta="00161") == "6"
    assert dv("dv_agencia_conta", conta="000000109990", agencia_conta="00161") == "5"
    # "se o resultado da subtração for maior que 9 o dígito será 0": resto 0 and resto 1
    assert dv("dv_conta", conta="000000000000") == "0"
    assert dv("dv_conta", conta="000000000006") == "0"  # 12 % 11 = 1
    assert dv("dv_conta", conta=None) is None
    check = layout_field(LAYOUT, "pagamento", "dv_agencia_conta_credito").check
    values = {"banco_credito": "104", "agencia_credito": "00161", "conta_credito": "000000109990"}
    assert evaluate(check, FieldEnv({**values, "dv_agencia_conta_credito": "5"}))
    assert not evaluate(check, FieldEnv({**values, "dv_agencia_conta_credito": "4"}))
    assert evaluate(check, FieldEnv({**values, "banco_credito": "001",
                                     "dv_agencia_conta_credito": "4"}))


def test_optional_records_join_their_titulo():
    codecs = layout_codecs(LAYOUT)
    head, detail, trailer = _remessa(_boletos()[:1])
    base = {"tipo_inscricao_empresa": 2, "inscricao_empresa": "11222333000181",
            "agencia": "0161", "codigo_beneficiario": " 123456"}
    msg = codecs["mensagens"].encode({**base, "nosso_numero": "14000000000000019",
                                      "carteira": "01", "ocorrencia": "01",
                                      "mensagem_1": "NAO RECEBER APOS 30 DIAS", "sequencial": 3})
    pay = codecs["pagamento"].encode({**base, "registro_opcional": "52", "tipo_pagamento": "01",
                                      "quantidade_pagamentos": 3, "agencia_conta": "00161",
                                      "conta": "000000109990", "dv_conta": "6",
                                      "dv_agencia_conta": "5", "nosso_numero": "14000000000000019",
                                      "sequencial": 4})
    assert msg[142:166] == "NAO RECEBER APOS 30 DIAS" and pay[160:162] == "65"
    trailer = trailer[:394] + "000005"
    _, titles = read_clean([head, detail, msg, pay, trailer])
    assert [r.name for r in titles[0].records] == ["detalhe", "mensagens", "pagamento"]
    # a tipo 2 of another título inside this one is reported
    other = msg[:56] + "14000000000000027" + msg[73:]
    reader, _ = read_source(crlf_bytes([head, detail, other, pay, trailer]))
    assert _problems(reader) == [(3, "mensagens", "nosso_numero", "title-mismatch")]
    # and a wrong DV agência/conta (NE052) in the tipo 4
    bad = pay[:161] + "4" + pay[162:]
    reader, _ = read_source(crlf_bytes([head, detail, msg, bad, trailer]))
    assert _problems(reader) == [(4, "pagamento", "dv_agencia_conta", "computed-mismatch")]


def test_detection_both_directions_and_other_lengths():
    header = _remessa(_boletos()[:1])[0]
    assert detected(header) == (LAYOUT, "remessa")
    assert detected(_retorno()[0]) == (LAYOUT, "retorno")
    # another bank's CNAB 400 header with the same service code stays with its own layout
    assert detected(header[:76] + "237" + header[79:])[0] != LAYOUT


def test_pre_critica_is_a_retorno_of_its_own(registry):
    # 3.5 / 3.6.10-3.6.12: header code 1 and literal REMESSA, like the remessa, but the literal
    # at 12-26 says CONFIRMACAO / REJ. PARCIAL / REMES REJEITADA; errors (NE038) at 30-31, 74-75
    pre = "caixa.cnab400.sigcb.precritica"
    codecs = layout_codecs(pre)
    head = codecs["header"].encode({
        "literal_processamento": "REJ. PARCIAL", "agencia": "0161",
        "codigo_beneficiario": " 123456", "nome_empresa": "EMPRESA EXEMPLO",
        "data_gravacao": dt.date(2020, 4, 3), "versao_layout": "007", "sequencial_arquivo": 7,
        "mensagem": "REMESSA REJEITADA - 03/04/20 AS 09.15.00ERROS ENCONTRADOS: REG.TIPO 1",
        "sequencial": 1})
    detail = codecs["detalhe"].encode({
        "tipo_inscricao_empresa": "02", "inscricao_empresa": "11222333000181",
        "uso_caixa_18": "000", "codigo_beneficiario": " 123456", "id_emissao": "2",
        "id_postagem": "0", "codigo_erro_1": "17", "uso_empresa": "REF-1",
        "nosso_numero": "14000000000000019", "codigo_erro_2": "26", "numero_documento": "NF-1",
        "prazo": "10", "moeda": "1", "sequencial_remessa": 2})
    assert detail[29:31] == "17" and detail[73:75] == "26" and detail[116:120] == "NF-1"
    trailer = codecs["trailer"].encode({})
    assert head[:26] == "01REMESSA01REJ. PARCIAL   " and trailer[394:] == "999999"
    _, titles = read_clean([head, detail, trailer], pre, "retorno")
    assert_view(titles[0], our_number="14000000000000019", reasons=["17"], document_number="NF-1",
                company_use="REF-1")
    values = titles[0].records[0].values
    assert values["codigo_erro_2"] == "26" and values["sequencial_remessa"] == 2
    assert registry.table("caixa.cnab400.sigcb.erro").get("17").text == \
        "Identificação na CAIXA inválida (nosso número)"
    # an accepted remessa is answered with the header alone
    ok = head[:11] + "CONFIRMACAO    " + head[26:]
    assert detected(ok) == (pre, "retorno")
    reader, titles = read_source(crlf_bytes([ok]))
    assert titles == [] and [p.rule for p in reader.problems] == ["missing-trailer"]


def test_febraban_codes_written_as_caixa_codes():
    """Boleto codes are FEBRABAN; Caixa 400 numbers espécies (NE022: 01 DM, 02 NP, 03 DS, 04 CH) and movimentos (NE017: 03 abatimento, 12 devolução para protesto) its own way."""
    import pytest as _pytest
    from cnab.errors import InputError as _InputError
    from .common import sample_beneficiary as _ben
    ben = _ben("104", agency="0161", convenio="123456")
    assert codes_line("caixa.cnab400.sigcb", ben, 1, species="02")[147:149] == "01"
    assert codes_line("caixa.cnab400.sigcb", ben, 1, species="04")[147:149] == "03"
    assert codes_line("caixa.cnab400.sigcb", ben, 1, species="12")[147:149] == "02"
    assert codes_line("caixa.cnab400.sigcb", ben, 1, species="01")[147:149] == "04"
    assert codes_line("caixa.cnab400.sigcb", ben, 1, movement="04")[108:110] == "03"
    assert codes_line("caixa.cnab400.sigcb", ben, 1, movement="09")[108:110] == "12"
    with _pytest.raises(_InputError, match="especie"):
        codes_line("caixa.cnab400.sigcb", ben, 1, species="33")
    with _pytest.raises(_InputError, match="ocorrencia"):
        codes_line("caixa.cnab400.sigcb", ben, 1, movement="03")
