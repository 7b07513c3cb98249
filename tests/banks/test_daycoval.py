"""Banco Daycoval (707): daycoval.cnab400. No Daycoval manual is public and no Daycoval file is in
the corpus. ACBr (ACBrBancoDaycoval.pas) and laravel-boleto (Daycoval.php) both write and read
the AUTBANK 'novo CNAB 400' records (manual RENDIMENTO/LAYOUT_AUTK_novoCNAB400 in
../shared/manuals), except the remessa detail 63-108, so the layout extends rendimento.cnab400
and replaces that span. Neither peer has a nosso número worked example: the AUTBANK
BLOQUETE_PELO_CLIENTE example is used (same rule in ACBr), plus a hand-computed case of ACBr's
variant without agência. The retorno is built with Writer(direction="retorno")."""

import datetime as dt
from decimal import Decimal

import pytest

import cnab
from cnab.files.models import Boleto, Payer
from cnab.files.writer import FileInfo
from cnab.layout.expr import evaluate

from ..conftest import corpus_manifest
from .common import (
    FieldEnv, assert_view, detected, read_clean, render_lines, sample_beneficiary, sample_payer,
)

LAYOUT = "daycoval.cnab400"
WHEN = FileInfo(sequence=2, generated_at=dt.datetime(2026, 12, 18, 8, 0))


def _beneficiary():
    return sample_beneficiary("707", convenio="00000000000000045678")


def _payer():
    return sample_payer(name="Maria Souza", address="Av B, 200", zip="04516-001")


def test_no_corpus_file():
    assert [r for r in corpus_manifest() if r["bank_code"] == "707"] == []


@pytest.mark.parametrize("prefix, nn, dv", [
    # AUTBANK BLOQUETE_PELO_CLIENTE worked example, agência 0001 + carteira 121 (laravel-boleto's
    # only Daycoval carteira) + nosso número: 00019/121/0004309540-8
    ("0001121", "0004309540", 8),
    # ACBr leaves the agência out for carteiras such as 112. By hand, 112 0008026642 from the
    # right, weights 2,1: 4 + 4 + (12 -> 3) + 6 + 4 + 0 + (16 -> 7) + 0 + 0 + 0 + 4 + 1 + 2 = 35,
    # r 5 -> 5
    ("112", "0008026642", 5),
])
def test_nosso_numero_dv(prefix, nn, dv):
    assert evaluate("mod10(prefix + nn)", FieldEnv({"prefix": prefix, "nn": nn})) == dv


def _answers():
    return [
        {"our_number": "0004309540", "our_number_dv": "8", "occurrence": "06",
         "occurrence_date": dt.date(2026, 12, 17), "document_number": "DUP-10",
         "due_date": dt.date(2026, 12, 10), "amount": Decimal("1500.00"),
         "paid_amount": Decimal("1512.34"), "interest": Decimal("12.34"),
         "bank_rate": Decimal("1.95"), "discount": Decimal("0.00"), "rebate": Decimal("0.00"),
         "credit_date": dt.date(2026, 12, 18), "paid_bank": "707", "company_use": "CTRL-10"},
        {"our_number": "0000000123", "our_number_dv": "4", "occurrence": "16",
         "occurrence_date": dt.date(2026, 12, 17), "document_number": "DUP-11",
         "due_date": dt.date(2027, 1, 20), "amount": Decimal("99.90")},
    ]


def _retorno_lines():
    lines = render_lines(LAYOUT, _beneficiary(), _answers(), WHEN, direction="retorno")
    lines[0] = lines[0][:2] + "RETORNO" + lines[0][9:]
    # the rejected instrução carries errors 22 (baixado ou liquidado) and 40
    lines[2] = lines[2][:377] + "2240    " + lines[2][385:]
    return lines


def test_retorno_built_from_the_description():
    h, paid, rejected, t = _retorno_lines()
    assert all(len(x) == 400 for x in (h, paid, rejected, t))
    # ACBr LerRetorno400: header 27-46 código da empresa, 77-79 banco, 95-100 data; detail 63-72
    # nosso número, 109-110 ocorrência, 111-116 data, 117-126 documento, 147-152 vencimento,
    # 153-165 valor, 176-188 despesa, 254-266 recebido, 267-279 mora, 378 motivo
    assert h[26:46] == "00000000000000045678" and h[76:94] == "707BANCO DAYCOVAL "
    assert h[94:100] == "181226"
    assert paid[62:73] == "00043095408" and paid[108:110] == "06" and paid[110:116] == "171226"
    assert paid[116:126] == "DUP-10    " and paid[146:152] == "101226"
    assert paid[152:165] == "0000000150000" and paid[175:188] == "0000000000195"
    assert paid[253:266] == "0000000151234" and paid[266:279] == "0000000001234"
    assert rejected[62:73] == "00000001234" and rejected[377:379] == "22"
    _, titles = read_clean(_retorno_lines(), LAYOUT, "retorno")
    assert_view(titles[0], our_number="0004309540", our_number_dv="8", occurrence="06",
                occurrence_date=dt.date(2026, 12, 17), due_date=dt.date(2026, 12, 10),
                amount=Decimal("1500.00"), paid_amount=Decimal("1512.34"),
                interest=Decimal("12.34"), bank_rate=Decimal("1.95"),
                credit_date=dt.date(2026, 12, 18), paid_bank="707", company_use="CTRL-10",
                document_number="DUP-10", reasons=[])
    assert_view(titles[1], our_number="0000000123", our_number_dv="4", occurrence="16",
                reasons=["22", "40"], amount=Decimal("99.90"), paid_amount=Decimal("0.00"))


def test_tables():
    reg = cnab.default_registry()
    occ = reg.table("daycoval.cnab400.ocorrencia")
    assert occ.get("06").settles and occ.get("08").settles and not occ.get("09").settles
    assert occ.get("03").reasons == "daycoval.cnab400.motivo.entrada"
    assert occ.get("15").reasons == "daycoval.cnab400.motivo.baixa"
    assert occ.get("16").reasons == "daycoval.cnab400.motivo.instrucao"
    assert occ.get("16").category == "rejected" and occ.get("97").category == "fee"
    instr = reg.table("daycoval.cnab400.motivo.instrucao")
    assert instr.text("40") == "Instrução recusada: cobrança vinculada ou caucionada"
    entrada = reg.table("daycoval.cnab400.motivo.entrada")
    assert entrada.text("99").startswith("Título não acatado") and entrada.text("AB") == "Nossa carteira inválida"
    assert sorted(reg.table("daycoval.cnab400.motivo.baixa").codes) == ["05", "06", "08"]
    assert "11" not in reg.table("daycoval.cnab400.movimento").codes


def test_remessa_written_matches_the_description():
    boletos = [
        Boleto(our_number="43095408", due_date=dt.date(2027, 1, 10), amount=Decimal("1278.90"),
               payer=_payer(), document_number="D1", issue_date=dt.date(2026, 12, 18),
               species="02", company_use="REF-1",
               guarantor=Payer(name="Sacador Ltda", document="11.444.777/0001-61")),
        Boleto(our_number="123", due_date=dt.date(2027, 2, 10), amount=Decimal("10.00"),
               payer=_payer(), document_number="D2", issue_date=dt.date(2026, 12, 18),
               species="12", movement="01"),  # FEBRABAN NP, Daycoval's 02
    ]
    lines = render_lines(LAYOUT, _beneficiary(), boletos, WHEN)
    h, d, d2, t = lines
    assert len(h) == len(d) == len(d2) == len(t) == 400
    assert h[:26] == "01REMESSA01COBRANCA       " and h[26:46] == "00000000000000045678"
    assert h[76:94] == "707BANCO DAYCOVAL " and h[94:100] == "181226"
    assert h[100:394] == " " * 294 and h[394:] == "000001"
    # ACBr GerarRegistroTransacao400 and laravel-boleto Daycoval.php
    assert d[:17] == "10211222333000181" and d[17:37] == "00000000000000045678"
    assert d[37:62] == "REF-1".ljust(25) and d[62:70] == "43095408"
    assert d[70:107] == " " * 37 and d[107] == "6" and d[108:110] == "01"
    assert d[110:120] == "D1        " and d[120:126] == "100127" and d[126:139] == "0000000127890"
    assert d[139:147] == "70700000" and d[147:150] == "01N" and d[150:156] == "181226"
    assert d[156:173] == "0" * 17  # instruções and juros: zeros (ACBr)
    assert d[218:234] == "0100011144477735" and d[234:264] == "MARIA SOUZA".ljust(30)
    assert d[264:274] == " " * 10 and d[326:334] == "04516001" and d[349:351] == "SP"
    assert d[351:381] == "SACADOR LTDA".ljust(30) and d[391:394] == "000"
    assert d2[62:70] == "00000123" and d2[147:149] == "02" and t == "9" + " " * 393 + "000004"
    _, titles = read_clean(lines, LAYOUT, "remessa")
    assert [(t.view["our_number"], t.view["amount"], t.view["due_date"], t.view["document_number"],
             t.view["movement"], t.view["company_use"]) for t in titles] == [
        ("43095408", Decimal("1278.90"), dt.date(2027, 1, 10), "D1", "01", "REF-1"),
        ("00000123", Decimal("10.00"), dt.date(2027, 2, 10), "D2", "01", "")]


def test_header_detection():
    header = render_lines(LAYOUT, _beneficiary(), [], WHEN)[0]
    assert detected(header) == (LAYOUT, "remessa")
    assert detected(header[:1] + "2" + header[2:]) == (LAYOUT, "retorno")
    for other, expected in (("633", "rendimento.cnab400"), ("246", "abc.cnab400")):
        assert detected(header[:76] + other + header[79:])[0] == expected


def test_febraban_codes_are_written_as_daycoval_codes():
    # ACBr and laravel-boleto agree on 01 DM and 05 RC (ACBr and AUTBANK on 02 NP); DS is 09 for
    # ACBr and 12 for laravel-boleto, so it is refused rather than guessed
    def detail(**codes):
        boleto = Boleto(our_number="123", due_date=dt.date(2027, 2, 10), amount=Decimal("1.00"),
                        payer=_payer(), **codes)
        return render_lines(LAYOUT, _beneficiary(), [boleto], WHEN)[1]

    assert [detail(species=s)[147:149] for s in ("02", "12", "17")] == ["01", "02", "05"]
    with pytest.raises(cnab.errors.InputError, match="especie"):
        detail(species="04")


def test_juros_and_desconto_reach_the_detail_and_multa_has_no_place():
    # AUTBANK 161-173 (mora por dia, as laravel-boleto writes it) and 174-192 (desconto até a
    # data); neither peer nor the Daycoval detail has a multa field
    def detail(**money):
        boleto = Boleto(our_number="123", due_date=dt.date(2027, 2, 10), amount=Decimal("100.00"),
                        payer=_payer(), **money)
        lines = render_lines(LAYOUT, _beneficiary(), [boleto], WHEN)
        read_clean(lines, LAYOUT, "remessa")
        return lines[1]

    d = detail(interest_code="1", interest=Decimal("0.33"), discount_code="1",
               discount=Decimal("5.00"), discount_date=dt.date(2027, 2, 1))
    assert (d[160:173], d[173:179], d[179:192]) == ("0000000000033", "010227", "0000000000500")
    d = detail()  # the default boleto: juros isento, no desconto
    assert d[156:218] == "0" * 62
    with pytest.raises(cnab.errors.CnabError, match="which means none"):  # values without codes
        detail(interest=Decimal("0.33"), discount=Decimal("5.00"),
               discount_date=dt.date(2027, 2, 1))
    with pytest.raises(cnab.errors.CnabError, match="juros"):  # taxa mensal
        detail(interest_code="2", interest=Decimal("1.00"))
    with pytest.raises(cnab.errors.CnabError, match="desconto"):  # percentual até a data
        detail(discount_code="2", discount=Decimal("1.00"), discount_date=dt.date(2027, 2, 1))
