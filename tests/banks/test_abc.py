"""Banco ABC Brasil (246): abc.cnab400. No ABC manual is public and no ABC file is in the corpus.
laravel-boleto's ABC writer and reader use the AUTBANK 'novo CNAB 400' records (manual
RENDIMENTO/LAYOUT_AUTK_novoCNAB400 in ../shared/manuals), so the layout extends rendimento.cnab400;
the ABC-specific parts (bank code and name, the error list of occurrence 03) come from
laravel-boleto. The nosso número DV example is the AUTBANK BLOQUETE_PELO_CLIENTE worked example
(ABC publishes none); the retorno is built with Writer(direction="retorno")."""

import datetime as dt
from decimal import Decimal

import pytest

import cnab
from cnab.files.models import Boleto
from cnab.files.writer import FileInfo
from cnab.layout.expr import evaluate

from ..conftest import corpus_manifest
from .common import (
    FieldEnv, assert_view, detected, read_clean, render_lines, sample_beneficiary, sample_payer,
    sample_retorno_lines,
)

LAYOUT = "abc.cnab400"
WHEN = FileInfo(sequence=5, generated_at=dt.datetime(2026, 12, 18, 8, 0))


def _beneficiary():
    return sample_beneficiary("246", convenio="00019121000012000000", wallet="6")


def test_no_corpus_file():
    assert [r for r in corpus_manifest() if r["bank_code"] == "246"] == []


# DV of the nosso número (carteira 121, cobrança expressa): módulo 10, weights 2/1 from the right,
# over agência (4, without DV) + carteira (3) + nosso número (10). ACBr (ACBrBancoABCBrasil
# CalcularDigitoVerificador: agência + modalidade + nosso número, frModulo10) and laravel-boleto
# (agência, carteira 121, 10-digit number) agree with the AUTBANK note.
@pytest.mark.parametrize("agencia, nn, dv", [
    ("0001", "0004309540", 8),   # AUTBANK BLOQUETE_PELO_CLIENTE worked example: 00019/121/0004309540-8
    # by hand: 0001 121 0000000001 -> weights from the right 2,1,...: 1x2 + 1x2 + 2x1 + 1x2 + 1x1
    # (agência's 1 sits under weight 1) = 2 + 2 + 2 + 2 + 1 = 9, r 9 -> 1
    ("0001", "0000000001", 1),
    # 0001 121 0000000005: 5x2 = 10 -> 1 + 0; then 1 + 1x2 + 2x1 + 1x2 + 1x1 = 8, r 8 -> 2
    ("0001", "0000000005", 2),
])
def test_nosso_numero_dv(agencia, nn, dv):
    assert evaluate("mod10(agencia + carteira + nn)",
                    FieldEnv({"agencia": agencia, "carteira": "121", "nn": nn})) == dv


def _retorno_lines():
    lines = sample_retorno_lines(
        LAYOUT, _beneficiary(), WHEN,
        paid={"our_number": "0004309540", "our_number_dv": "8",
              "credit_date": dt.date(2026, 12, 21), "paid_bank": "246"},
        rejected={"our_number": "0000000005", "our_number_dv": "2"})
    lines[0] = lines[0][:2] + "RETORNO" + lines[0][9:]
    # the rejected entrada carries ABC errors 90 (desinteresse do banco no pagador) and AS
    lines[2] = lines[2][:377] + "90AS    " + lines[2][385:]
    return lines


def test_retorno_built_from_the_description():
    h, paid, rejected, t = _retorno_lines()
    assert all(len(x) == 400 for x in (h, paid, rejected, t))
    # laravel-boleto's ABC reader: 63-73 nosso número (with DV), 109-110 ocorrência, 111-116 data,
    # 117-126 documento, 147-152 vencimento, 153-165 valor, 176-188 tarifa, 254-266 valor
    # recebido, 267-279 mora, 378-385 erros
    assert h[76:79] == "246" and h[79:94] == "BANCO ABC BRAS " and h[94:100] == "181226"
    assert h[26:46] == "00019121000012000000"
    assert paid[62:73] == "00043095408" and paid[108:110] == "06" and paid[110:116] == "181226"
    assert paid[116:126] == "NF-1      " and paid[146:152] == "151226"
    assert paid[152:165] == "0000000020000" and paid[165:168] == "246"
    assert paid[175:188] == "0000000000250" and paid[253:266] == "0000000020360"
    assert paid[266:279] == "0000000000360" and paid[385:391] == "211226"
    assert rejected[62:73] == "00000000052" and rejected[377:385] == "90AS    "
    _, titles = read_clean(_retorno_lines(), LAYOUT, "retorno")
    assert_view(titles[0], our_number="0004309540", our_number_dv="8", occurrence="06",
                occurrence_date=dt.date(2026, 12, 18), due_date=dt.date(2026, 12, 15),
                amount=Decimal("200.00"), paid_amount=Decimal("203.60"), interest=Decimal("3.60"),
                bank_rate=Decimal("2.50"), credit_date=dt.date(2026, 12, 21), paid_bank="246",
                company_use="PEDIDO-1", document_number="NF-1", reasons=[])
    assert_view(titles[1], our_number="0000000005", our_number_dv="2", occurrence="03",
                reasons=["90", "AS"], amount=Decimal("30.00"))


def test_tables():
    reg = cnab.default_registry()
    occ = reg.table("abc.cnab400.ocorrencia")
    assert occ.get("06").settles and occ.get("08").settles and not occ.get("10").settles
    assert occ.get("02").category == "registered" and occ.get("09").category == "written_off"
    assert occ.get("43").category == "written_off" and occ.get("98").category == "fee"
    assert occ.get("03").reasons == "abc.cnab400.motivo.entrada"
    assert occ.get("15").reasons == "abc.cnab400.motivo.baixa"
    assert occ.get("16").reasons == "abc.cnab400.motivo.instrucao"
    entrada = reg.table("abc.cnab400.motivo.entrada")
    assert len(entrada.codes) == 254 and "60" not in entrada.codes and "77" not in entrada.codes
    assert entrada.text("08") == "Nosso número ou seu dígito inválido"
    assert entrada.text("D5") == "Boleto já pago e conciliado no banco"
    # ABC's entrada list is not AUTBANK's: 03 is 'segmento' at ABC, 'CEP' at Rendimento
    assert reg.table("rendimento.cnab400.motivo.entrada").text("03").startswith("CEP")
    assert sorted(reg.table("abc.cnab400.motivo.baixa").codes) == ["05", "06", "08"]
    assert reg.table("abc.cnab400.motivo.instrucao").text("JT").startswith("Título possui Agenda")
    mov = reg.table("abc.cnab400.movimento")
    assert {"01", "02", "04", "05", "06", "09", "10", "18", "47"} <= set(mov.codes)


def test_remessa_written_matches_the_description():
    boletos = [
        Boleto(our_number="00043095408", due_date=dt.date(2027, 1, 10),
               amount=Decimal("1278.90"), payer=sample_payer(), document_number="D1",
               issue_date=dt.date(2026, 12, 18), species="02", interest_code="1", interest=Decimal("0.45"),
               company_use="REF-1", protest_code="1", protest_days=5),
        Boleto(our_number="00000000052", due_date=dt.date(2027, 2, 10), amount=Decimal("10.00"),
               payer=sample_payer(), document_number="D2", issue_date=dt.date(2026, 12, 18),
               species="04"),  # FEBRABAN DS, AUTBANK's 12
    ]
    lines = render_lines(LAYOUT, _beneficiary(), boletos, WHEN)
    h, d, d2, t = lines
    assert len(h) == len(d) == len(d2) == len(t) == 400
    # laravel-boleto Abc.php remessa positions
    assert h[:26] == "01REMESSA01COBRANCA       " and h[26:46] == "00019121000012000000"
    assert h[46:76] == "EMPRESA EXEMPLO".ljust(30) and h[76:94] == "246BANCO ABC BRAS "
    assert h[94:100] == "181226" and h[394:] == "000001"
    assert d[:17] == "10211222333000181" and d[17:37] == "00019121000012000000"
    assert d[37:62] == "REF-1".ljust(25) and d[62:73] == "00043095408"
    assert d[107] == "6" and d[108:110] == "01" and d[110:120] == "D1        "
    assert d[120:126] == "100127" and d[126:139] == "0000000127890" and d[139:142] == "246"
    assert d[147:149] == "01" and d[149] == "N" and d[150:156] == "181226"
    assert d[160:173] == "0000000000045" and d[218:234] == "0100011144477735"
    assert d[234:264] == "JOSE DA SILVA".ljust(30) and d[326:334] == "01001000"
    assert d[349:351] == "SP" and d[391:393] == "05" and d[393] == "1"
    assert d2[62:73] == "00000000052" and d2[147:149] == "12" and t[0] == "9"
    assert t[394:] == "000004"
    _, titles = read_clean(lines, LAYOUT, "remessa")
    assert [(t.view["our_number"], t.view["amount"], t.view["due_date"], t.view["document_number"],
             t.view["movement"]) for t in titles] == [
        ("00043095408", Decimal("1278.90"), dt.date(2027, 1, 10), "D1", "01"),
        ("00000000052", Decimal("10.00"), dt.date(2027, 2, 10), "D2", "01")]


def test_header_detection():
    header = render_lines(LAYOUT, _beneficiary(), [], WHEN)[0]
    assert detected(header) == (LAYOUT, "remessa")
    assert detected(header[:1] + "2" + header[2:]) == (LAYOUT, "retorno")
    # the same AUTBANK header under another AUTBANK bank's code is that bank's, not ABC's
    for other, expected in (("633", "rendimento.cnab400"), ("643", "pine.cnab400"),
                            ("435", "delbank.cnab400")):
        assert detected(header[:76] + other + header[79:])[0] == expected


def test_febraban_codes_are_written_as_autbank_codes():
    # laravel-boleto's Abc constants agree with AUTBANK nota 6: 01 DM, 12 DS, 02 NP, 03 cheque
    def detail(**codes):
        boleto = Boleto(our_number="00000000052", due_date=dt.date(2027, 2, 10),
                        amount=Decimal("1.00"), payer=sample_payer(), **codes)
        return render_lines(LAYOUT, _beneficiary(), [boleto], WHEN)[1]

    assert [detail(species=s)[147:149] for s in ("02", "04", "12", "01")] == ["01", "12", "02", "03"]
    with pytest.raises(cnab.errors.InputError, match="especie"):
        detail(species="14")
