"""Banco BS2 (218): bs2.cnab400. No BS2 manual is in ../shared/manuals and no BS2 file is in the
corpus: the layout follows ACBr's ACBrBancoBS2.pas (writer and reader positions), so the remessa
is checked against the positions ACBr writes and the retorno is built with
Writer(direction="retorno") and checked against the positions ACBr's reader takes."""

import datetime as dt
from decimal import Decimal

import pytest

import cnab
from cnab.files.models import Boleto
from cnab.files.writer import FileInfo

from ..conftest import corpus_manifest
from .common import (
    assert_view, computed, crlf_bytes, read_clean, read_source, reader_errors, render_lines,
    sample_beneficiary, sample_payer,
)

LAYOUT = "bs2.cnab400"


def _beneficiary():
    return sample_beneficiary("218", convenio="123456", wallet="21")


def test_no_corpus_file():
    assert [r for r in corpus_manifest() if r["bank_code"] == "218"] == []


@pytest.mark.parametrize("record", ["detalhe", "detalhe_retorno"])
def test_nosso_numero_dv_rule(record):
    # ACBr CalcularDigitoVerificador: módulo 11, weights 2..9 from the right; remainder 0 or 1
    # gives 1 (layout version below 6), else 11 - remainder. The source has no worked example;
    # vectors worked by hand:
    #   0000012345: 5×2 + 4×3 + 3×4 + 2×5 + 1×6 = 50, r 6 → 5
    #   0000000001: 2, r 2 → 9;   0000000005: 10, r 10 → 1
    #   0000000006: 12, r 1 → 1;  0000000028: 8×2 + 2×3 = 22, r 0 → 1
    #   0000000011: 1×2 + 1×3 = 5, r 5 → 6
    def dv(nn):
        return str(computed(LAYOUT, record, "nosso_numero_dv", nosso_numero=nn))

    assert dv("0000012345") == "5"
    assert dv("0000000001") == "9"
    assert dv("0000000005") == "1"
    assert dv("0000000006") == "1"
    assert dv("0000000028") == "1"
    assert dv("0000000011") == "6"


def _remessa(boletos):
    return render_lines(LAYOUT, _beneficiary(), boletos,
                        FileInfo(sequence=5, generated_at=dt.datetime(2025, 8, 1, 9)))


def test_remessa_matches_acbr_positions_and_rereads():
    boletos = [
        Boleto(our_number="12345", due_date=dt.date(2025, 9, 1), amount=Decimal("150.75"),
               payer=sample_payer(), document_number="D1", issue_date=dt.date(2025, 8, 1),
               company_use="PED-77", interest_code="1", interest=Decimal("0.05"),
               fine_code="2", fine=Decimal("2.00")),
        Boleto(our_number="28", due_date=dt.date(2025, 10, 1), amount=Decimal("10.00"),
               payer=sample_payer(), document_number="D2", movement="02"),
    ]
    lines = _remessa(boletos)
    h, d1, d2, t = lines
    assert all(len(x) == 400 for x in (h, d1, d2, t))
    # header: 27-40 CNPJ, 77-79 218, 80-94 BS2, 95-102 DDMMAAAA, 287-289 versão, 390-394 remessa
    assert h[:26] == "01REMESSA01COBRANCA       " and h[26:40] == "11222333000181"
    assert h[76:79] == "218" and h[79:94] == "BS2".ljust(15) and h[94:102] == "01082025"
    assert h[286:289] == "001" and h[389:394] == "00005" and h[394:] == "000001"
    # detail: 35-59 controle, 60-70 nosso número + DV, 71-80 contrato, 91-107 multa,
    # 108-109 carteira, 110-111 serviço, 112-121 seu número, 122-129 vencimento, 130-142 valor,
    # 149 espécie, 150 aceite, 151-158 emissão, 162-173 juros, 219-234 pagador, 327-334 CEP
    assert d1[:11] == "10000000000" and d1[34:59] == "PED-77".ljust(25)
    assert d1[59:70] == "00000123455" and d1[70:80] == "0000123456"
    assert d1[90] == "2" and d1[91:103] == "0" * 12 and d1[103:107] == "0200"
    assert d1[107:109] == "21" and d1[109:111] == "01" and d1[111:121] == "D1".ljust(10)
    assert d1[121:129] == "01092025" and d1[129:142] == "0000000015075"
    assert d1[147:150] == "00N" and d1[150:158] == "01082025" and d1[161:173] == "000000000005"
    assert d1[218:234] == "0100011144477735" and d1[326:334] == "01001000"
    assert d1[393] == "0" and d1[394:] == "000002"
    assert d2[59:70] == "00000000281" and d2[109:111] == "09" and d2[150:158] == "00000000"
    assert t[0] == "9" and t[1:394].strip() == "" and t[394:] == "000004"
    reader, titles = read_clean(lines, LAYOUT, "remessa")
    got = [(t.view["our_number"], t.view["our_number_dv"], t.view["movement"],
            t.view["due_date"], t.view["amount"], t.view["document_number"]) for t in titles]
    assert got == [
        ("0000012345", "5", "01", dt.date(2025, 9, 1), Decimal("150.75"), "D1"),
        ("0000000028", "1", "09", dt.date(2025, 10, 1), Decimal("10.00"), "D2"),
    ]
    assert reader.header["sequencial_remessa"] == 5
    assert reader.header["data_gravacao"] == dt.date(2025, 8, 1)


def _retorno():
    titles = [
        dict(our_number="0000012345", occurrence="06", occurrence_date=dt.date(2025, 9, 2),
             document_number="D1", due_date=dt.date(2025, 9, 1), amount=Decimal("150.75"),
             paid_amount=Decimal("152.10"), credit_date=dt.date(2025, 9, 3)),
        dict(our_number="0000000028", occurrence="03", occurrence_date=dt.date(2025, 9, 2),
             document_number="D2", due_date=dt.date(2025, 10, 1), amount=Decimal("10.00")),
    ]
    return render_lines(LAYOUT, _beneficiary(), titles,
                        FileInfo(sequence=1, generated_at=dt.datetime(2025, 9, 3, 7)),
                        direction="retorno")


def test_retorno_built_from_the_description():
    lines = _retorno()
    h, d1, d2 = lines[:3]
    # positions ACBr's LerRetorno400 reads
    assert h[:2] == "02" and h[76:79] == "218"
    assert d1[59:70] == "00000123455" and d1[80:88] == "03092025" and d1[109:111] == "06"
    assert d1[111:119] == "02092025" and d1[119:129] == "D1".ljust(10)
    assert d1[145:153] == "01092025" and d1[153:166] == "0000000015075"
    assert d1[252:265] == "0000000015210"
    assert d2[59:70] == "00000000281" and d2[109:111] == "03"
    _, titles = read_clean(lines, LAYOUT, "retorno")
    assert_view(titles[0], our_number="0000012345", our_number_dv="5", occurrence="06",
                occurrence_date=dt.date(2025, 9, 2), due_date=dt.date(2025, 9, 1),
                amount=Decimal("150.75"), paid_amount=Decimal("152.10"),
                credit_date=dt.date(2025, 9, 3), document_number="D1", bank_rate=None, reasons=[])
    assert_view(titles[1], our_number_dv="1", occurrence="03", paid_amount=None)
    table = cnab.default_registry().table("bs2.cnab400.ocorrencia")
    assert table.get("06").settles and table.get("03").category == "rejected"
    assert not table.get("02").settles and table.get("10").category == "written_off"


def test_wrong_nosso_numero_dv_is_reported():
    lines = _retorno()
    lines[1] = lines[1][:69] + "7" + lines[1][70:]
    reader, _ = read_source(crlf_bytes(lines))
    assert reader_errors(reader) == [
        (2, "detalhe_retorno", "nosso_numero_dv", "computed-mismatch")]


def test_detection_needs_bank_218():
    data = crlf_bytes(_remessa([Boleto(our_number="1", due_date=dt.date(2025, 9, 1),
                                       amount=Decimal("1.00"), payer=sample_payer())]))
    assert cnab.read(data).layout.id == LAYOUT
    other = data[:76] + b"999" + data[79:]
    with pytest.raises(cnab.CnabError):
        list(cnab.read(other, strict=True))


def test_febraban_codes_are_written_as_bs2_codes():
    # ACBr: espécie 0 duplicata mercantil, 6 duplicata de serviço, 9 outros; serviço 09 = baixa
    def detail(**codes):
        boleto = Boleto(our_number="28", due_date=dt.date(2025, 10, 1), amount=Decimal("1.00"),
                        payer=sample_payer(), **codes)
        return render_lines(LAYOUT, _beneficiary(), [boleto],
                            FileInfo(sequence=1, generated_at=dt.datetime(2025, 8, 1)))[1]

    assert [detail(species=s)[148] for s in ("02", "04", "99")] == ["0", "6", "9"]
    assert detail(movement="02")[109:111] == "09"
    for bad in ({"species": "12"}, {"movement": "09"}):  # NP: not offered; 09: a protesto
        with pytest.raises(cnab.errors.InputError, match="XX"):
            detail(**bad)
