"""Sicoob (756) CNAB 400 through the Bradesco correspondent: sicoob.cnab400.correspondente, from
BANCOOB-SICOOB/novos/Manual_Layout_Sicoob (Manual para cedentes com sistema próprio e utilização do
correspondente Bradesco). No corpus file is in this layout (checked below), so retornos are built
with the layout's codecs and remessas with the Writer."""

import datetime as dt
from decimal import Decimal

import pytest

from cnab.errors import FileFormatError
from cnab.files.models import Boleto, Payer
from cnab.files.writer import FileInfo
from cnab.layout.expr import evaluate

from ..conftest import CORPUS, corpus_manifest
from .common import (
    codes_line,
    FieldEnv, assert_view, check_records_reencode, crlf_bytes, detected, encode_numbered,
    layout_field, read_clean, read_source, reader_errors, render_lines, sample_beneficiary,
    sample_payer,
)

LAYOUT = "sicoob.cnab400.correspondente"


def _dv(record, nn, carteira=None):
    expr = layout_field(LAYOUT, record, "nosso_numero_dv").compute
    if carteira is not None:  # the same rule with another carteira, for the Bradesco manual vectors
        assert '"09"' in expr
        expr = expr.replace('"09"', f'"{carteira}"')
    return str(evaluate(expr, FieldEnv({"nosso_numero": nn})))


@pytest.mark.parametrize("record", ["detalhe", "detalhe_retorno"])
def test_nosso_numero_dv(record):
    # The rule's shape against the worked examples of the Bradesco 400 manual (BRADESCO/novos/
    # 400_posicoes, p.17: carteira 19): 00000000002 -> 8 (sum 69), 00000000001 -> P (remainder 1).
    assert _dv(record, "00000000002", carteira="19") == "8"
    assert _dv(record, "00000000001", carteira="19") == "P"
    assert _dv(record, "00000000006", carteira="19") == "0"
    # Carteira 09 (the correspondent's fixed carteira), worked by hand, weights 2..7 from the right
    # over 0 9 + the 11 digits:
    #   25306000002 (ano 25, prefixo 306, seq 000002): 4 + 12 + 12 + 25 + 12 + 63 = 128, r 7 -> 4
    #   25306000004: 8 + 12 + 12 + 25 + 12 + 63 = 132, r 0 -> 0
    #   00000000002: 4 + 63 = 67, r 1 -> P
    #   25306000008: 16 + 12 + 12 + 25 + 12 + 63 = 140, r 8 -> 3
    assert _dv(record, "25306000002") == "4"
    assert _dv(record, "25306000004") == "0"
    assert _dv(record, "00000000002") == "P"
    assert _dv(record, "25306000008") == "3"


def _header(direction):
    """A first line as the manual describes it (remessa p.3, retorno p.7)."""
    if direction == "remessa":
        line = ("01REMESSA01" + "COBRANCA".ljust(15) + "0000000003069" + "0123456"
                + "EMPRESA EXEMPLO".ljust(30) + "756" + "BANCOOB".ljust(15) + "010825"
                + " " * 8 + "SX" + "0000005")
    else:
        line = ("02RETORNO01" + "COBRANCA".ljust(15) + "0000000003069" + "0123456"
                + "EMPRESA EXEMPLO".ljust(30) + "756" + "BANCOOB".ljust(15) + "020825"
                + "3509" + "1" + "0054321" + "7" + "0" * 20 + "EMPRESA EXEMPLO".ljust(100))
    return line.ljust(394) + "000001"


@pytest.mark.parametrize("direction", ["remessa", "retorno"])
def test_detected_from_the_header(direction):
    assert detected(_header(direction)) == (LAYOUT, direction)


def test_own_sicoob_400_headers_are_not_taken():
    # Sicoob's own 400 layout: 756BANCOOBCED (remessa) and "756 - BANCOOB S/A" (retorno).
    for name, code in (("BANCOOBCED", "1"), (" - BANCOOB S/A", "2")):
        line = list(_header("remessa"))
        line[1] = code
        line[79:94] = name.ljust(15)
        assert detected("".join(line))[0] == "sicoob.cnab400"


def test_no_corpus_file_is_in_this_layout():
    rows = [r for r in corpus_manifest() if r["bank_code"] == "756" and r["cnab"].startswith("400")]
    if not rows:
        pytest.skip("../shared/corpus not present")
    for row in rows:
        data = (CORPUS / row["file"]).read_bytes()
        text = data.decode("utf-16") if "utf16" in row["quirks"] else data.decode("latin-1")
        first = text.splitlines()[0]
        assert first[76:94] != "756BANCOOB        "
        try:
            layout_id, _ = detected(first)
        except FileFormatError:
            continue
        assert layout_id != LAYOUT


def _boletos():
    payer = sample_payer()
    guarantor = Payer(name="Avalista SA", document="11.444.777/0001-61")
    return [
        Boleto(our_number="25306000002", due_date=dt.date(2025, 9, 1), amount=Decimal("10.00"),
               payer=payer, document_number="D1", issue_date=dt.date(2025, 8, 1), species="02",
               company_use="REF-1"),
        Boleto(our_number="00000000002", due_date=dt.date(2025, 10, 15), amount=Decimal("1234.56"),
               payer=payer, document_number="D2", issue_date=dt.date(2025, 8, 1), species="04",
               interest_code="1", interest=Decimal("0.41"), guarantor=guarantor),
    ]


def test_remessa_written_reads_strict_and_back():
    ben = sample_beneficiary("756", agency="3069", convenio="123456")
    lines = render_lines(LAYOUT, ben, _boletos(),
                         FileInfo(sequence=5, generated_at=dt.datetime(2025, 8, 1, 9)))
    h, d1, d2, t = lines
    # header (manual p.3): 27-39 cooperativa, 40-46 código do cedente, 77-94, 109-110 SX, 111-117
    assert h[26:39] == "0000000003069" and h[39:46] == "0123456"
    assert h[76:94] == "756BANCOOB        " and h[94:100] == "010825"
    assert h[108:110] == "SX" and h[110:117] == "0000005" and h[394:] == "000001"
    # detail: 2-20 zeros, 21-30 cooperativa, 31-37 cedente, 63-70 zeros, 71-82 NN + DV, 93 "2",
    # 94 "N", 109-110 "01", 121-126 vencimento, 127-139 valor, 148-149 espécie, 336-351 sacador
    assert d1[1:20] == "0" * 19 and d1[20:30] == "0000003069" and d1[30:37] == "0123456"
    assert d1[37:42] == "REF-1" and d1[62:70] == "0" * 8 and d1[70:82] == "253060000024"
    assert d1[92:94] == "2N" and d1[108:110] == "01" and d1[110:120] == "D1        "
    assert d1[120:126] == "010925" and d1[126:139] == "0000000001000" and d1[147:149] == "01"
    assert d1[326:334] == "01001000" and d1[335:351] == "0" * 16
    assert d2[70:82] == "00000000002P" and d2[160:173] == "0000000000041"
    assert d2[335:349] == "11444777000161" and d2[349:351] == "02" and d2[351:362] == "AVALISTA SA"
    assert t[0] == "9" and t[1:394] == " " * 393 and t[394:] == "000004"
    reader, titles = read_clean(lines, LAYOUT, "remessa")
    assert [(v["our_number"], v["our_number_dv"], v["movement"], v["due_date"], v["amount"],
             v["document_number"]) for v in (t.view for t in titles)] == [
        ("25306000002", "4", "01", dt.date(2025, 9, 1), Decimal("10.00"), "D1"),
        ("00000000002", "P", "01", dt.date(2025, 10, 15), Decimal("1234.56"), "D2"),
    ]
    assert reader.header["cooperativa"] == "0000000003069"
    assert reader.header["codigo_cedente"] == "0123456"
    check_records_reencode(reader, titles)


def _retorno(paid_dv="4"):
    header = {"cooperativa": "0000000003069", "codigo_cedente": "0123456",
              "nome_empresa": "EMPRESA EXEMPLO", "data_gravacao": dt.date(2025, 9, 3),
              "agencia_correspondente": "3509", "agencia_correspondente_dv": "1",
              "conta_correspondente": "0054321", "conta_correspondente_dv": "7",
              "codigo_empresa_correspondente": "0" * 20,
              "nome_cedente_correspondente": "EMPRESA EXEMPLO"}
    common = {"tipo_inscricao_empresa": 2, "inscricao_empresa": "11222333000181",
              "cooperativa": "0000003069", "codigo_cedente": "0123456", "carteira": "9",
              "especie": "", "outras_despesas": 0, "juros_operacao": 0, "iof": 0,
              "abatimento": 0, "desconto": 0, "outros_creditos": 0}
    paid = dict(common, uso_empresa="REF-1", nosso_numero="25306000002",
                nosso_numero_dv=paid_dv, ocorrencia="06", data_ocorrencia=dt.date(2025, 9, 2),
                numero_documento="D1", vencimento=dt.date(2025, 9, 1),
                valor_titulo=Decimal("10.00"), banco_cobrador="237", agencia_cobradora=3509,
                valor_tarifa=Decimal("1.85"), valor_pago=Decimal("10.20"),
                juros_mora=Decimal("0.20"), data_credito=dt.date(2025, 9, 3), motivos="")
    rejected = dict(common, nosso_numero="00000000002", nosso_numero_dv="P", ocorrencia="03",
                    data_ocorrencia=dt.date(2025, 9, 2), numero_documento="D2",
                    vencimento=dt.date(2025, 10, 15), valor_titulo=Decimal("1234.56"),
                    valor_tarifa=0, valor_pago=0, juros_mora=0, motivos="0821")
    return encode_numbered(LAYOUT, [("header_retorno", header), ("detalhe_retorno", paid),
                                    ("detalhe_retorno", rejected), ("trailer", {})])


def test_retorno_view_values(registry):
    lines = _retorno()
    h, d = lines[0], lines[1]
    # manual p.7-8: header 101-104 agência, 106-112 conta no correspondente; detail 71-82 NN + DV,
    # 108 carteira, 109-110 ocorrência, 111-116 data, 147-152 vencimento, 153-165 valor, 166-168
    # banco cobrador, 176-188 despesas, 254-266 valor pago, 267-279 juros, 296-301 crédito,
    # 319-328 motivos
    assert h[76:94] == "756BANCOOB        " and h[100:104] == "3509" and h[105:112] == "0054321"
    assert d[70:82] == "253060000024" and d[107:110] == "906" and d[110:116] == "020925"
    assert d[146:152] == "010925" and d[152:165] == "0000000001000" and d[165:168] == "237"
    assert d[175:188] == "0000000000185" and d[253:266] == "0000000001020"
    assert d[266:279] == "0000000000020" and d[295:301] == "030925"
    assert lines[2][318:328] == "0821      "
    reader, titles = read_clean(lines, LAYOUT, "retorno")
    assert_view(titles[0], our_number="25306000002", our_number_dv="4", occurrence="06",
                occurrence_date=dt.date(2025, 9, 2), due_date=dt.date(2025, 9, 1),
                amount=Decimal("10.00"), paid_amount=Decimal("10.20"), interest=Decimal("0.20"),
                bank_rate=Decimal("1.85"), credit_date=dt.date(2025, 9, 3), paid_bank="237",
                company_use="REF-1", reasons=[])
    assert_view(titles[1], our_number="00000000002", our_number_dv="P", occurrence="03",
                reasons=["08", "21"])
    assert reader.header["conta_correspondente"] == "0054321"
    occ = registry.table("sicoob.cnab400.correspondente.ocorrencia")
    assert occ.get("06").settles and occ.get("06").category == "settled"
    assert occ.get("03").category == "rejected" and not occ.get("03").settles
    reasons = registry.table(occ.get("03").reasons)
    assert reasons.get("08").text == "Nosso número inválido"


def test_wrong_nosso_numero_dv_is_reported():
    reader, _ = read_source(crlf_bytes(_retorno(paid_dv="5")))
    assert reader_errors(reader) == [
        (2, "detalhe_retorno", "nosso_numero_dv", "computed-mismatch")]


def test_febraban_codes_written_as_correspondente_codes():
    """Boleto codes are FEBRABAN; the correspondente layout numbers espécies (01 DM, 02 NP, 12 DS) and instruções (18/19 sustar protesto) the Bradesco way."""
    import pytest as _pytest
    from cnab.errors import InputError as _InputError
    from .common import sample_beneficiary as _ben
    ben = _ben("756", agency="3069", convenio="123456")
    assert codes_line("sicoob.cnab400.correspondente", ben, 1, our_number="25306000002", species="02")[147:149] == "01"
    assert codes_line("sicoob.cnab400.correspondente", ben, 1, our_number="25306000002", species="04")[147:149] == "12"
    assert codes_line("sicoob.cnab400.correspondente", ben, 1, our_number="25306000002", species="12")[147:149] == "02"
    assert codes_line("sicoob.cnab400.correspondente", ben, 1, our_number="25306000002", movement="10")[108:110] == "18"
    with _pytest.raises(_InputError, match="especie"):
        codes_line("sicoob.cnab400.correspondente", ben, 1, our_number="25306000002", species="06")


def test_money_fields_of_the_detail():
    """Manual p.3-4: 161-173 valor por dia de atraso, 174-179 data limite and 180-192 valor do
    desconto, 206-218 abatimento; there is no multa field anywhere in the remessa."""
    import pytest as _pytest
    from cnab.errors import CnabError as _CnabError
    from .common import sample_beneficiary as _ben

    ben = _ben("756", agency="3069", convenio="123456")

    def detail(**money):
        return codes_line(LAYOUT, ben, 1, our_number="25306000002", **money)

    d = detail(interest_code="1", interest=Decimal("0.33"), discount_code="1",
               discount=Decimal("5.00"), discount_date=dt.date(2027, 1, 5),
               rebate=Decimal("7.50"))
    assert (d[160:173], d[173:179], d[179:192]) == ("0000000000033", "050127", "0000000000500")
    assert d[205:218] == "0000000000750"
    plain = detail()  # the default boleto: juros isento, no desconto, no abatimento
    assert plain[160:218] == "0" * 58
    with _pytest.raises(_CnabError, match="no multa"):  # refused, not registered without it
        detail(fine_code="2", fine=Decimal("2.00"), fine_date=dt.date(2027, 1, 11))
    with _pytest.raises(_CnabError, match="juros"):  # taxa mensal
        detail(interest_code="2", interest=Decimal("1.00"))
    with _pytest.raises(_CnabError, match="desconto"):  # percentual
        detail(discount_code="2", discount=Decimal("1.00"), discount_date=dt.date(2027, 1, 5))
