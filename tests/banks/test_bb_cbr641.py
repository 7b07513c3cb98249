"""Banco do Brasil (001) for convênios of up to 6 digits.

CNAB 400: bb.cnab400.convenio6 (BB's CBR641 remessa / CBR643 retorno, 6-position edition). No BB
manual of that edition is in ../shared/manuals and no corpus file uses it: positions follow ACBr's
public description (ACBrBancoBrasil.pas), the nosso número and its DV BB's
Especificacao_Boleto_Jan_2016 (Anexos VIII and XI). CNAB 240 needs no layout of its own: only the
nosso número (P/T 38-57) differs, checked at the end."""

import datetime as dt
from decimal import Decimal

import pytest

from cnab.errors import InputError
from cnab.files.models import Boleto
from cnab.files.writer import FileInfo, Writer
from cnab.layout.expr import evaluate

from .common import (
    codes_line,
    FieldEnv, assert_view, check_records_reencode, computed, crlf_bytes, detected, encode_numbered,
    layout_field, read_clean, read_source, reader_errors, render_lines, sample_beneficiary,
    sample_payer,
)

LAYOUT = "bb.cnab400.convenio6"


@pytest.mark.parametrize("record", ["detalhe", "detalhe_retorno"])
def test_nosso_numero_dv_from_the_yaml(record):
    def dv(nn):
        return computed(LAYOUT, record, "nosso_numero_dv", nosso_numero=nn)

    # Anexo XI: 05009401448 (convênio 050094 + 01448) -> 1, sum 221, remainder 1
    assert dv("05009401448") == "1"
    # by hand, weights 9, 8, 7, 6, 5, 4, 3, 2, 9, 8, 7 from the right: 12345600005 ->
    # 5*9 + 6*4 + 5*3 + 4*2 + 3*9 + 2*8 + 1*7 = 142, 142 % 11 = 10 -> X
    assert dv("12345600005") == "X"
    # 12345600013 -> 132, remainder 0 -> 0;  12345600001 -> 106, remainder 7 -> 7
    assert dv("12345600013") == "0"
    assert dv("12345600001") == "7"
    # BB numbers the título: zeros and a blank DV
    assert dv("00000000000") == ""


def test_nosso_numero_must_start_with_the_convenio():
    check = layout_field(LAYOUT, "detalhe", "nosso_numero").check

    def ok(nn, convenio):
        return evaluate(check, FieldEnv({"nosso_numero": nn, "convenio": convenio}))

    assert ok("12345600005", "123456") is True      # Anexo VIII: CCCCCCNNNNN
    assert ok("65432100005", "123456") is False
    assert ok("12340000005", "001234") is True      # convênio up to 9.999: CCCCNNNNNNN
    assert ok("00000000000", "123456") is True      # numbered by BB


def _ben(convenio="123456"):
    return sample_beneficiary("001", agency="1234", agency_dv="3", account="00012345",
                              account_dv="X", wallet="17", variation="019", convenio=convenio)


def _boletos():
    payer = sample_payer()
    return [
        Boleto(our_number="12345600005", due_date=dt.date(2025, 9, 1), amount=Decimal("10.00"),
               payer=payer, document_number="D1", issue_date=dt.date(2025, 8, 1), species="02",
               company_use="REF-1"),
        Boleto(our_number="12345600013", due_date=dt.date(2025, 10, 15), amount=Decimal("99.90"),
               payer=payer, document_number="D2", issue_date=dt.date(2025, 8, 1), species="04"),
    ]


def test_remessa_written_reads_strict_and_back():
    lines = render_lines(LAYOUT, _ben(), _boletos(),
                         FileInfo(sequence=7, generated_at=dt.datetime(2025, 8, 1, 9)))
    h, d1, d2, t = lines
    # header (ACBr GerarRegistroHeader400, convênio <= 6): 27-30 agência, 31 DV, 32-39 conta,
    # 40 DV, 41-46 convênio, 77-79 001, 101-107 sequencial, then blanks
    assert h[:26] == "01REMESSA01COBRANCA       "
    assert h[26:46] == "1234300012345X123456" and h[76:79] == "001"
    assert h[100:107] == "0000007" and h[107:394] == " " * 287
    # detail type 1: 18-21 agência, 22 DV, 23-30 conta, 31 DV, 32-37 convênio, 38-62 controle,
    # 63-73 nosso número + 74 DV, 75-78 zeros, 86-88 variação, 107-108 carteira, 109-110 comando
    assert d1[0] == "1" and d1[1:17] == "0211222333000181"
    assert d1[17:37] == "1234" + "3" + "00012345" + "X" + "123456"
    assert d1[37:42] == "REF-1" and d1[62:74] == "12345600005X" and d1[74:78] == "0000"
    assert d1[85:88] == "019" and d1[88:101] == "0" * 13 and d1[106:108] == "17"
    assert d1[108:110] == "01" and d1[110:120] == "D1        " and d1[120:126] == "010925"
    assert d1[126:139] == "0000000001000" and d1[139:147] == "0010000 "
    assert d1[234:271] == "JOSE DA SILVA".ljust(37) and d1[326:334] == "01001000"
    assert d2[62:74] == "123456000130"
    assert t[0] == "9" and t[394:] == "000004"
    reader, titles = read_clean(lines, LAYOUT, "remessa")
    assert [(v["our_number"], v["our_number_dv"], v["movement"], v["due_date"], v["amount"],
             v["document_number"]) for v in (x.view for x in titles)] == [
        ("12345600005", "X", "01", dt.date(2025, 9, 1), Decimal("10.00"), "D1"),
        ("12345600013", "0", "01", dt.date(2025, 10, 15), Decimal("99.90"), "D2"),
    ]
    assert reader.header["convenio"] == "123456"
    check_records_reencode(reader, titles)


def test_what_a_6_digit_convenio_cannot_hold():
    with pytest.raises(InputError) as exc:
        Writer(LAYOUT).render(_ben(convenio="1234567"), _boletos()[:1])
    assert {p.field for p in exc.value.problems} >= {"convenio"}
    other = _boletos()[:1]
    other[0].our_number = "65432100005"  # not this convênio's range
    # the writer runs the layout's `check:` rules: a file the reader would refuse is not written
    with pytest.raises(InputError) as exc:
        Writer(LAYOUT).render(_ben(), other)
    assert [(p.rule, p.field) for p in exc.value.problems] == [("check-failed", "nosso_numero")]
    # and a file written elsewhere with that number is reported when read
    line = render_lines(LAYOUT, _ben(), _boletos()[:1])
    line[1] = line[1][:62] + "65432100005" + line[1][73:]
    reader, _ = read_source(crlf_bytes(line))
    assert ("check-failed", 2, "nosso_numero") in [(p.rule, p.line, p.field)
                                                   for p in reader.errors]


def _retorno(dv="X"):
    header = {"codigo_remessa_retorno": 2, "literal_remessa": "RETORNO", "agencia": "1234",
              "agencia_dv": "3", "conta": "00012345", "conta_dv": "X", "convenio": "123456",
              "nome_empresa": "EMPRESA EXEMPLO", "banco": "001", "nome_banco": "BANCO DO BRASIL",
              "data_gravacao": dt.date(2025, 9, 3), "sequencial_remessa": 31}
    common = {"tipo_inscricao_empresa": 2, "inscricao_empresa": "11222333000181",
              "dados_beneficiario": "12343000123450123456", "carteira": "17",
              "especie": "", "outras_despesas": 0, "iof": 0, "abatimento": 0, "desconto": 0,
              "outros_creditos": 0, "juros_mora": 0}
    paid = dict(common, uso_empresa="REF-1", nosso_numero="12345600005", nosso_numero_dv=dv,
                natureza_recebimento="01", ocorrencia="06", data_ocorrencia=dt.date(2025, 9, 2),
                numero_documento="D1", vencimento=dt.date(2025, 9, 1),
                valor_titulo=Decimal("10.00"), banco_cobrador="001", agencia_cobradora="12343",
                data_credito=dt.date(2025, 9, 3), valor_tarifa=Decimal("2.45"),
                valor_pago=Decimal("10.33"), juros_mora=Decimal("0.33"))
    rejected = dict(common, nosso_numero="12345600013", nosso_numero_dv="0",
                    natureza_recebimento="09", ocorrencia="03",
                    data_ocorrencia=dt.date(2025, 9, 2), numero_documento="D2",
                    vencimento=dt.date(2025, 10, 15), valor_titulo=Decimal("99.90"),
                    valor_tarifa=0, valor_pago=0)
    return encode_numbered(LAYOUT, [("header", header), ("detalhe_retorno", paid),
                                    ("detalhe_retorno", rejected), ("trailer", {})])


def test_retorno_view_values(registry):
    lines = _retorno()
    d = lines[1]
    # ACBr LerRetorno400Pos6: 63-73 nosso número, 81-82 motivo, 107-108 carteira, 109-110 comando,
    # 111-116 data, 117-126 documento, 147-152 vencimento, 153-165 valor, 176-181 crédito,
    # 182-188 tarifa, 254-266 valor recebido, 267-279 juros
    assert lines[0][40:46] == "123456" and d[0] == "1"
    assert d[62:74] == "12345600005X" and d[80:82] == "01" and d[106:110] == "1706"
    assert d[110:116] == "020925" and d[116:126] == "D1        " and d[146:152] == "010925"
    assert d[152:165] == "0000000001000" and d[175:188] == "0309250000245"
    assert d[253:266] == "0000000001033" and d[266:279] == "0000000000033"
    _, titles = read_clean(lines, direction="retorno", layout=LAYOUT)
    assert_view(titles[0], our_number="12345600005", our_number_dv="X", occurrence="06",
                occurrence_date=dt.date(2025, 9, 2), due_date=dt.date(2025, 9, 1),
                amount=Decimal("10.00"), paid_amount=Decimal("10.33"), interest=Decimal("0.33"),
                bank_rate=Decimal("2.45"), credit_date=dt.date(2025, 9, 3), company_use="REF-1",
                reasons=["01"])
    assert_view(titles[1], our_number="12345600013", occurrence="03", reasons=["09"])
    table = registry.table("bb.cnab400.ocorrencia")
    assert table.get("06").settles and table.get("03").category == "rejected"
    # a wrong DV is reported
    reader, _ = read_source(crlf_bytes(_retorno(dv="7")), layout=LAYOUT)
    assert reader_errors(reader) == [
        (2, "detalhe_retorno", "nosso_numero_dv", "computed-mismatch")]


def test_detection():
    remessa = render_lines(LAYOUT, _ben(), _boletos()[:1])[0]
    assert detected(remessa) == (LAYOUT, "remessa")
    # the 7-digit (CBR643) remessa keeps its layout: convênio líder at 130-136
    cbr643 = remessa[:40] + "000000" + remessa[46:129] + "1234567" + remessa[136:]
    assert detected(cbr643)[0] == "bb.cnab400"
    # A 6-position retorno header cannot be told from the header alone (the corpus's Unicred
    # files carry the same header shape over other details): it is read with layout=..., and
    # detection leaves it to bb.cnab400, as before this layout existed.
    assert detected(_retorno()[0])[0] == "bb.cnab400"


def test_cnab240_six_digit_convenio_needs_no_layout():
    # Cnab240Agosto2017 G069: convênio of 6 digits (10.000-999.999) -> nosso número CCCCCCSSSSSD,
    # 11 digits + DV, left-aligned at P/T 38-57. bb.cnab240 already checks that DV (Anexo XI).
    for record in ("segmento_p", "segmento_t"):
        check = layout_field("bb.cnab240", record, "nosso_numero").check
        assert evaluate(check, FieldEnv({"nosso_numero": "12345600005X"})) is True
        assert evaluate(check, FieldEnv({"nosso_numero": "123456000050"})) is False
        assert evaluate(check, FieldEnv({"nosso_numero": "123456000130"})) is True
    boletos = _boletos()
    boletos[0].our_number, boletos[1].our_number = "12345600005X", "123456000130"
    ben = sample_beneficiary("001", agency="1234", agency_dv="3", account="12345",
                             account_dv="X", wallet="17", convenio="123456")
    lines = render_lines("bb.cnab240", ben, boletos, FileInfo(sequence=1))
    _, titles = read_clean(lines, "bb.cnab240")
    p = next(line for line in lines if line[13:14] == "P")
    assert p[37:57] == "12345600005X        "
    assert [t.view["our_number"] for t in titles] == ["12345600005X", "123456000130"]


def test_febraban_codes_written_as_bb_codes():
    """Boleto codes are FEBRABAN; the CBR641 detail takes BB's own espécies (01 DM, 02 NP, 12 DS) and comandos."""
    import pytest as _pytest
    from cnab.errors import InputError as _InputError
    from .common import sample_beneficiary as _ben
    ben = _ben("001", agency="1234", agency_dv="3", account="00012345", account_dv="6", wallet="17", convenio="123456")
    assert codes_line("bb.cnab400.convenio6", ben, 1, our_number="12345600005", species="02")[147:149] == "01"
    assert codes_line("bb.cnab400.convenio6", ben, 1, our_number="12345600005", species="04")[147:149] == "12"
    assert codes_line("bb.cnab400.convenio6", ben, 1, our_number="12345600005", species="12")[147:149] == "02"
    assert codes_line("bb.cnab400.convenio6", ben, 1, our_number="12345600005", movement="22")[108:110] == "07"
    with _pytest.raises(_InputError, match="especie"):
        codes_line("bb.cnab400.convenio6", ben, 1, our_number="12345600005", species="03")


def test_multa_in_the_type_5_record():
    """The multa goes in the optional type 5 record, tipo de serviço 99 (CBR641 manual notas
    14-17; ACBr writes it for this convênio too): 4 código, 5-10 data, 11-22 valor/percentual."""
    def lines(**money):
        boleto = Boleto(our_number="12345600005", due_date=dt.date(2027, 1, 10),
                        amount=Decimal("100.00"), payer=sample_payer(), document_number="D1",
                        **money)
        return render_lines(LAYOUT, _ben(), [boleto])

    written = lines(fine_code="2", fine=Decimal("2.00"), fine_date=dt.date(2027, 1, 11),
                    interest_code="1", interest=Decimal("0.33"), rebate=Decimal("1.50"))
    h, d, m, t = written
    assert d[0] == "1" and d[160:173] == "0000000000033" and d[205:218] == "0000000000150"
    assert m[:22] == "5992110127000000000200" and m[394:] == "000003"
    read_clean(written, LAYOUT, "remessa", layout=LAYOUT)
    assert len(lines()) == 3  # no multa: no type 5 record
    with pytest.raises(InputError, match="valor_multa"):
        lines(fine_code="1", fine=Decimal("0.005"), fine_date=dt.date(2027, 1, 11))
