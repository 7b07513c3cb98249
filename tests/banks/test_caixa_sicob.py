"""Caixa (104) SICOB, the collection system before SIGCB: caixa.cnab240.sicob. No SICOB manual or
real SICOB file is in ../shared: positions come from the SICOB 240 manual as transcribed by
cnab_yaml (headers and segment P, with the manual's worked check-digit examples), cross-checked
with ACBr's ACBrBancoCaixaSICOB.pas and Boleto.Net's Banco_Caixa.cs; the nosso número example is
openboleto's CaixaSICOBTest. CNAB 400 SICOB is not covered (see the layout's description and the
report): the only public description of it is ACBr's code, whose retorno contradicts itself."""

import datetime as dt
from decimal import Decimal

import pytest

import cnab
from cnab.files.models import Boleto
from cnab.files.writer import FileInfo

from .common import (
    codes_line,
    assert_view, computed, crlf_bytes, detected, read_clean, read_source, reader_errors,
    render_lines, sample_beneficiary, sample_payer,
)

LAYOUT = "caixa.cnab240.sicob"
SIGCB = "caixa.cnab240.sigcb"
WHEN = FileInfo(sequence=7, generated_at=dt.datetime(2026, 12, 18, 8, 30, 5))
# the manual's example código do cedente: agência 0012, operação 870, cedente 00000575
CONVENIO = "0012.870.00000575-1"


def _beneficiary(convenio=CONVENIO):
    return sample_beneficiary("104", agency="0012", agency_dv="3", convenio=convenio)


def _payer():
    return sample_payer(zip="70000-000", city="Brasilia", state="DF")


# --- check digits -------------------------------------------------------------------------------

# openboleto tests/OpenBoleto/Banco/CaixaSICOBTest.php: nosso número 8000288027-8. By hand:
# 7x2 + 2x3 + 0x4 + 8x5 + 8x6 + 2x7 + 0x8 + 0x9 + 0x2 + 8x3 = 146, 146 % 11 = 3, 11 - 3 = 8.
# 9000000001 (ACBr's 9 + 9 digits): 1x2 + 9x3 = 29, r 7 -> 4.
# 8200000001 (ACBr's 82 + 8 digits, sem registro): 1x2 + 2x2 + 8x3 = 30, r 8 -> 3.
# 9000000005: 5x2 + 9x3 = 37, r 4 -> 7.  9000000010: 1x3 + 9x3 = 30, r 8 -> 3.
# 9000000004: 4x2 + 27 = 35, r 2 -> 9.  9000000006: 6x2 + 27 = 39, r 6 -> 5.
# 9000000008: 8x2 + 27 = 43, r 10 -> 1.  Remainder 1 (11 - 1 = 10 gives 0): 9000000009:
# 9x2 + 27 = 45, r 1 -> 0.  Remainder 0 (11 gives 0): 9000000003: 3x2 + 27 = 33 -> 0.
NOSSO_NUMERO = [
    ("8000288027", 8), ("9000000001", 4), ("8200000001", 3), ("9000000005", 7),
    ("9000000010", 3), ("9000000004", 9), ("9000000006", 5), ("9000000008", 1),
    ("9000000009", 0), ("9000000003", 0), ("0000000000", 0),
]


@pytest.mark.parametrize("record", ["segmento_p", "segmento_t"])
@pytest.mark.parametrize("nn,dv", NOSSO_NUMERO)
def test_nosso_numero_dv(record, nn, dv):
    assert computed(LAYOUT, record, "nosso_numero_dv", nosso_numero=nn) == dv


def test_writer_completes_a_short_nosso_numero():
    def complete(nn):
        return computed(LAYOUT, "segmento_p", "nosso_numero", nosso_numero=nn)

    assert complete("1") == "9000000001"
    assert complete("8200000001") == "8200000001"
    assert complete("0") == "0000000000"


def test_cedente_dvs_are_the_manuals_worked_examples():
    # remessa: cedente 00000575 -> 4; agência 0012 + cedente 00000575 (8 digits) -> 8 in the
    # headers; 0012 + 000000000575 (12 digits) -> 7 in segment P
    header = {"convenio": "0012870000005751", "codigo_remessa_retorno": 1, "agencia": 12}
    header["codigo_cedente"] = computed(LAYOUT, "header_arquivo", "codigo_cedente", **header)
    assert header["codigo_cedente"] == "000000000575"
    header["codigo_cedente_dv"] = computed(LAYOUT, "header_arquivo", "codigo_cedente_dv", **header)
    assert header["codigo_cedente_dv"] == 4
    assert computed(LAYOUT, "header_arquivo", "agencia_cedente_dv", **header) == 8
    lote = dict(header, operacao="R")
    assert computed(LAYOUT, "header_lote", "codigo_cedente_dv", **lote) == 4
    assert computed(LAYOUT, "header_lote", "agencia_cedente_dv", **lote) == 8
    p = {"agencia": 12, "codigo_cedente": "000000000575"}
    assert computed(LAYOUT, "segmento_p", "codigo_cedente_dv", **p) == 4
    assert computed(LAYOUT, "segmento_p", "agencia_cedente_dv", **p) == 7
    # retorno: cedente with the operação, 87000000575 (the manual's example input), by hand:
    # 5x2 + 7x3 + 5x4 + 0 + 7x3 + 8x4 = 104, 104 % 11 = 5, 11 - 5 = 6; the agência/cedente DV
    # repeats it
    ret = {"convenio": "0012870000005751", "codigo_remessa_retorno": 2, "agencia": 12}
    ret["codigo_cedente"] = computed(LAYOUT, "header_arquivo", "codigo_cedente", **ret)
    assert ret["codigo_cedente"] == "087000000575"
    ret["codigo_cedente_dv"] = computed(LAYOUT, "header_arquivo", "codigo_cedente_dv", **ret)
    assert ret["codigo_cedente_dv"] == 6
    assert computed(LAYOUT, "header_arquivo", "agencia_cedente_dv", **ret) == 6


# --- remessa ------------------------------------------------------------------------------------

def _boletos():
    return [
        Boleto(our_number="1", due_date=dt.date(2027, 1, 10), amount=Decimal("150.00"),
               payer=_payer(), document_number="NF-1", issue_date=dt.date(2026, 12, 18),
               fine_code="2", fine_date=dt.date(2027, 1, 11), fine=Decimal("3.00"),
               company_use="PEDIDO-1"),
        Boleto(our_number="8000288027", due_date=dt.date(2027, 2, 10),
               amount=Decimal("294.94"), payer=_payer(), document_number="NF-2",
               issue_date=dt.date(2026, 12, 18)),
    ]


def test_remessa_written_matches_the_description():
    lines = render_lines(LAYOUT, _beneficiary(), _boletos(), WHEN)
    assert all(len(x) == 240 for x in lines)
    h, hl, p1, q1, r1, p2, q2, tl, ta = lines
    # file header: código do cedente 33-48, blanks, agência, cedente without operação + DVs
    assert h[:17] == "10400000         " and h[17:32] == "211222333000181"
    assert h[32:48] == "0012870000005751" and h[48:52] == "    "
    assert h[52:58] == "000123" and h[58:70] == "000000000575" and h[70:72] == "48"
    assert h[72:102] == "EMPRESA EXEMPLO".ljust(30) and h[102:125] == "CAIXA ECONOMICA FEDERAL"
    assert h[142:157] == "118122026083005" and h[157:163] == "000007" and h[163:166] == "030"
    assert h[191:211] == "REMESSA-PRODUCAO    "
    # batch header: R 01 00 020, same code layout one column to the right
    assert hl[:17] == "10400011R0100020 " and hl[17:33] == "2" + "011222333000181"
    assert hl[33:49] == "0012870000005751" and hl[49:53] == "    "
    assert hl[53:59] == "000123" and hl[59:71] == "000000000575" and hl[71:73] == "48"
    assert hl[183:199] == "0000000718122026"
    # segment P: cedente 24-35 + DVs 4 and 7, blanks 38-46, nosso número + DV 47-57
    assert p1[:17] == "1040001300001P 01" and p1[17:23] == "000123"
    assert p1[23:35] == "000000000575" and p1[35:37] == "47" and p1[37:46] == " " * 9
    assert p1[46:57] == "90000000014" and p1[57:62] == "11222"
    assert p1[62:73] == "NF-1".ljust(11) and p1[73:77] == "    "
    assert p1[77:85] == "10012027" and p1[85:100] == "000000000015000"
    assert p1[195:220] == "PEDIDO-1".ljust(25) and p1[227:229] == "09"
    assert p2[46:57] == "80002880278"
    # Q: blanks from 210; R: blanks 18-65, multa 66-89, blanks 180-240
    assert q1[13:17] == "Q 01" and q1[17:33] == "1000011144477735" and q1[209:] == " " * 31
    assert r1[13:17] == "R 01" and r1[17:65] == " " * 48
    assert r1[65:89] == "2" + "11012027" + "000000000000300" and r1[179:] == " " * 61
    assert tl[:17] == "10400015         " and tl[17:23] == "000007"
    assert ta[:29] == "10499999         000001000009"
    _, titles = read_clean(lines, LAYOUT, "remessa")
    assert [(t.view["our_number"], t.view["our_number_dv"], t.view["document_number"],
             t.view["due_date"], t.view["amount"], t.view["movement"]) for t in titles] == [
        ("9000000001", 4, "NF-1", dt.date(2027, 1, 10), Decimal("150.00"), "01"),
        ("8000288027", 8, "NF-2", dt.date(2027, 2, 10), Decimal("294.94"), "01")]
    assert titles[0].view["company_use"] == "PEDIDO-1"


def test_wrong_dvs_in_a_remessa_are_reported():
    lines = render_lines(LAYOUT, _beneficiary(), _boletos(), WHEN)
    # segment P of the first título: DV do cedente 4 -> 5, DV do nosso número 4 -> 5
    lines[2] = lines[2][:35] + "5" + lines[2][36:56] + "5" + lines[2][57:]
    reader, _ = read_source(crlf_bytes(lines))
    assert reader_errors(reader) == [
        (3, "segmento_p", "codigo_cedente_dv", "computed-mismatch"),
        (3, "segmento_p", "nosso_numero_dv", "computed-mismatch")]


# --- retorno ------------------------------------------------------------------------------------

def _answers():
    return [
        {"our_number": "8000288027", "document_number": "NF-2", "occurrence": "06",
         "occurrence_date": dt.date(2026, 12, 17), "credit_date": dt.date(2026, 12, 18),
         "due_date": dt.date(2027, 2, 10), "amount": Decimal("294.94"),
         "paid_amount": Decimal("300.00"), "interest": Decimal("5.06"),
         "bank_rate": Decimal("1.80"), "net_amount": Decimal("298.20"),
         "company_use": "PEDIDO-2"},
        {"our_number": "9000000001", "document_number": "NF-1", "occurrence": "03",
         "occurrence_date": dt.date(2026, 12, 17), "due_date": dt.date(2027, 1, 10),
         "amount": Decimal("150.00")},
    ]


def _retorno_lines():
    lines = render_lines(LAYOUT, _beneficiary(), _answers(), WHEN, direction="retorno")
    # the bank fills the motivos at T 214-223: channel 03 (agência CAIXA) for the liquidação,
    # 08 (nosso número inválido) and 48 (CEP inválido) for the rejected entrada
    lines[2] = lines[2][:213] + "03".ljust(10) + lines[2][223:]
    lines[4] = lines[4][:213] + "0848".ljust(10) + lines[4][223:]
    return lines


def test_retorno_built_from_the_description():
    lines = _retorno_lines()
    h, hl, t1, u1, t2 = lines[:5]
    # a retorno header carries the cedente with its operação, and its DV twice
    assert h[142] == "2" and h[58:72] == "08700000057566" and h[163:166] == "030"
    assert hl[8] == "T" and hl[59:73] == "08700000057566"
    # ACBr LerRetorno240 positions on the raw lines
    assert t1[13:17] == "T 06" and t1[46:56] == "8000288027" and t1[56] == "8"
    assert t1[23:37] == "08700000057566" and t1[58:69] == "NF-2".ljust(11)
    assert t1[73:81] == "10022027" and t1[81:96] == "000000000029494"
    assert t1[105:130] == "PEDIDO-2".ljust(25) and t1[198:213] == "000000000000180"
    assert t1[213:215] == "03"
    assert u1[13:17] == "U 06" and u1[17:32] == "000000000000506"
    assert u1[77:92] == "000000000030000" and u1[137:153] == "1712202618122026"
    assert t2[46:57] == "90000000014" and t2[213:217] == "0848"
    _, titles = read_clean(lines, LAYOUT, "retorno")
    assert_view(titles[0], our_number="8000288027", our_number_dv=8, occurrence="06",
                occurrence_date=dt.date(2026, 12, 17), credit_date=dt.date(2026, 12, 18),
                due_date=dt.date(2027, 2, 10), amount=Decimal("294.94"),
                paid_amount=Decimal("300.00"), interest=Decimal("5.06"), bank_rate=Decimal("1.80"),
                net_amount=Decimal("298.20"), document_number="NF-2", company_use="PEDIDO-2",
                reasons=["03"])
    assert_view(titles[1], our_number="9000000001", our_number_dv=4, occurrence="03",
                reasons=["08", "48"], amount=Decimal("150.00"), paid_amount=Decimal("0.00"),
                credit_date=None)


def test_retorno_code_tables():
    reg = cnab.default_registry()
    table = reg.table("caixa.cnab240.sicob.ocorrencia")
    assert table.get("06").settles and table.get("17").settles
    assert not table.get("09").settles and table.get("09").category == "written_off"
    assert table.get("02").category == "registered" and table.get("03").category == "rejected"
    # SICOB's 43-45 are not FEBRABAN's (sacador change, payments by cheque)
    assert table.get("44").category == "changed" and not table.get("44").settles
    assert "Estorno" in table.get("43").text and "Estorno" in table.get("44").text
    assert table.get("03").reasons == "caixa.cnab240.sicob.motivo.a"
    assert table.get("06").reasons == "caixa.cnab240.sicob.motivo.c"
    assert table.get("28").reasons == "febraban.c047.b"
    reasons = reg.table("caixa.cnab240.sicob.motivo.a")
    assert "Código do cedente" in reasons.get("73").text and reasons.get("08") is not None
    assert "lotérica" in reg.table("caixa.cnab240.sicob.motivo.c").get("02").text


def test_wrong_nosso_numero_dv_in_a_retorno_is_reported():
    lines = _retorno_lines()
    lines[2] = lines[2][:56] + "9" + lines[2][57:]
    reader, _ = read_source(crlf_bytes(lines))
    assert reader_errors(reader) == [(3, "segmento_t", "nosso_numero_dv", "computed-mismatch")]


# --- detection ----------------------------------------------------------------------------------

def test_header_detection_separates_sicob_from_sigcb():
    header = render_lines(LAYOUT, _beneficiary(), [], WHEN)[0]
    assert detected(header) == (LAYOUT, "remessa")
    retorno = header[:142] + "2" + header[143:]
    assert detected(retorno) == (LAYOUT, "retorno")
    # versão 030 is what tells SICOB apart: with SIGCB's versions the same line is SIGCB
    for version in ("101", "050", "040"):
        assert detected(header[:163] + version + header[166:])[0] == SIGCB
    # a SIGCB header (zeros at 33-52, código do beneficiário at 59-64) stays SIGCB
    line = render_lines(SIGCB, _beneficiary(convenio="123456"), [], WHEN)[0]
    assert detected(line)[0] == SIGCB
    # versão 030 of another bank is not Caixa SICOB
    for other in ("237", "341", "033", "001"):
        assert detected(other + header[3:])[0] != LAYOUT


def test_sicob_file_with_another_version_needs_layout():
    # Boleto.Net writes SICOB headers with versão 050, which SIGCB also used: detection takes
    # such a file for SIGCB, and the caller names the layout
    lines = render_lines(LAYOUT, _beneficiary(), _boletos(), WHEN)
    lines[0] = lines[0][:163] + "050" + lines[0][166:]
    guessed, _ = read_source(crlf_bytes(lines))
    assert guessed.layout.id == SIGCB and guessed.errors
    _, titles = read_clean(lines, LAYOUT, "remessa", layout=LAYOUT)
    assert [t.view["our_number"] for t in titles] == ["9000000001", "8000288027"]


def test_febraban_codes_written_as_they_are():
    """SICOB 240 takes the FEBRABAN C015 / C004 / C026 codes as they are (its sources print the FEBRABAN tables)."""
    from .common import sample_beneficiary as _ben
    ben = _ben("104", agency="0012", agency_dv="3", convenio="123456")
    assert codes_line("caixa.cnab240.sicob", ben, 2, species="02")[106:108] == "02"
    assert codes_line("caixa.cnab240.sicob", ben, 2, species="04")[106:108] == "04"
    assert codes_line("caixa.cnab240.sicob", ben, 2, species="12")[106:108] == "12"
    assert codes_line("caixa.cnab240.sicob", ben, 2, protest_code="1")[220:221] == "1"
