"""Banco Sofisa (637): sofisa.cnab400, the AUTBANK 'novo CNAB 400' layout (rendimento.cnab400)
with Sofisa's bank code. No Sofisa manual and no Sofisa file are available: the positions are the
ones ACBr's ACBrBancoSofisa.pas writes and reads, which coincide with the AUTBANK manual."""

import datetime as dt
from decimal import Decimal

import cnab
from cnab.files.models import Boleto
from cnab.files.writer import FileInfo
from cnab.layout.expr import Env, evaluate

from ..conftest import corpus_manifest
from .common import (
    assert_view, crlf_bytes, read_clean, render_lines, sample_beneficiary, sample_payer,
)

LAYOUT = "sofisa.cnab400"


def _beneficiary():
    return sample_beneficiary("637", agency="0001", wallet="121", convenio="00011210000123456")


def test_no_corpus_file():
    assert [r for r in corpus_manifest() if r["bank_code"] == "637"] == []


def test_nosso_numero_dv_algorithm():
    # ACBr CalcularDigitoVerificador: módulo 10, weights 2/1 from the right over agência (4) +
    # carteira (3) + nosso número (10), products' digits added, 10 - r, 10 → 0. The record does
    # not carry the agência, so the layout cannot compute it; the rule is checked here with the
    # engine's mod10 on hand-worked vectors (no worked example in the source):
    #   0001 121 0000012345 → reversed 5,4,3,2,1,0…,1,2,1,1: 1+4+6+2+2+2+2+2+1 = 22 → 8
    #   0001 121 0000000001 → 2 + 2+2+2+1 = 9 → 1
    #   0001 101 0000000004 → 8 + 2+0+2+1 = 13 → 7
    def dv(agencia, carteira, nn):
        return evaluate(f'mod10("{agencia}{carteira}{nn}")', Env())

    assert dv("0001", "121", "0000012345") == 8
    assert dv("0001", "121", "0000000001") == 1
    assert dv("0001", "101", "0000000004") == 7


def test_remessa_written_and_reread():
    boletos = [
        Boleto(our_number="0000012345", our_number_dv="8", due_date=dt.date(2025, 9, 1),
               amount=Decimal("150.75"), payer=sample_payer(), document_number="D1", species="02",
               issue_date=dt.date(2025, 8, 1), company_use="PED-77", protest_code="1",
               protest_days=5),
        Boleto(our_number="0000000001", our_number_dv="1", due_date=dt.date(2025, 10, 1),
               amount=Decimal("10.00"), payer=sample_payer(), document_number="D2", species="02",
               movement="02"),
    ]
    lines = render_lines(LAYOUT, _beneficiary(), boletos,
                         FileInfo(sequence=3, generated_at=dt.datetime(2025, 8, 1, 9)))
    h, d1, d2, t = lines
    # ACBr GerarRegistroHeader400 / GerarRegistroTransacao400 positions
    assert h[26:46] == "00011210000123456".ljust(20) and h[76:79] == "637"
    assert h[79:94] == "BANCO SOFISA SA" and h[94:100] == "010825"
    assert d1[1:17] == "0211222333000181" and d1[17:37] == "00011210000123456".ljust(20)
    assert d1[37:62] == "PED-77".ljust(25) and d1[62:73] == "00000123458"
    assert d1[107] == "1" and d1[108:110] == "01" and d1[110:120] == "D1".ljust(10)
    assert d1[120:126] == "010925" and d1[126:139] == "0000000015075" and d1[139:142] == "637"
    assert d1[147:149] == "01" and d1[234:264] == "JOSE DA SILVA".ljust(30)
    assert d1[391:393] == "05" and d1[393] == "0" and d1[394:] == "000002"
    assert d2[62:73] == "00000000011" and d2[108:110] == "02"
    assert t[0] == "9" and t[394:] == "000004"
    _, titles = read_clean(lines, LAYOUT, "remessa")
    got = [(x.view["our_number"], x.view["our_number_dv"], x.view["movement"], x.view["amount"],
            x.view["due_date"]) for x in titles]
    assert got == [("0000012345", "8", "01", Decimal("150.75"), dt.date(2025, 9, 1)),
                   ("0000000001", "1", "02", Decimal("10.00"), dt.date(2025, 10, 1))]


def _retorno():
    titles = [
        dict(our_number="0000012345", our_number_dv="8", occurrence="06",
             occurrence_date=dt.date(2025, 9, 2), document_number="D1",
             due_date=dt.date(2025, 9, 1), amount=Decimal("150.75"), paid_amount=Decimal("152.10"),
             interest=Decimal("1.35"), bank_rate=Decimal("2.50"), paid_bank="341",
             paid_agency=12345, credit_date=dt.date(2025, 9, 3)),
        dict(our_number="0000000001", our_number_dv="1", occurrence="03",
             occurrence_date=dt.date(2025, 9, 2), document_number="D2",
             due_date=dt.date(2025, 10, 1), amount=Decimal("10.00")),
    ]
    lines = render_lines(LAYOUT, _beneficiary(), titles,
                         FileInfo(sequence=1, generated_at=dt.datetime(2025, 9, 3, 7)),
                         direction="retorno")
    # a rejection carries its error codes at 378-385 (not a view key the writer fills)
    lines[2] = lines[2][:377] + "0546    " + lines[2][385:]
    return lines


def test_retorno_built_from_the_description():
    lines = _retorno()
    h, d1, d2 = lines[:3]
    # the positions ACBr's LerRetorno400 reads
    assert h[:2] == "02" and h[76:79] == "637"
    assert d1[62:72] == "0000012345" and d1[72] == "8" and d1[108:110] == "06"
    assert d1[110:116] == "020925" and d1[116:126] == "D1".ljust(10) and d1[146:152] == "010925"
    assert d1[152:165] == "0000000015075" and d1[165:173] == "34112345"
    assert d1[175:188] == "0000000000250" and d1[253:266] == "0000000015210"
    assert d1[266:279] == "0000000000135" and d1[385:391] == "030925"
    _, titles = read_clean(lines, LAYOUT, "retorno")
    assert_view(titles[0], our_number="0000012345", our_number_dv="8", occurrence="06",
                occurrence_date=dt.date(2025, 9, 2), due_date=dt.date(2025, 9, 1),
                amount=Decimal("150.75"), paid_amount=Decimal("152.10"), interest=Decimal("1.35"),
                bank_rate=Decimal("2.50"), credit_date=dt.date(2025, 9, 3), paid_bank="341")
    assert_view(titles[1], occurrence="03", reasons=["05", "46"])
    reg = cnab.default_registry()
    occ = reg.table("sofisa.cnab400.ocorrencia")
    assert occ.get("06").settles and not occ.get("10").settles
    assert occ.get("03").reasons == "rendimento.cnab400.motivo.entrada"
    assert reg.table("rendimento.cnab400.motivo.entrada").text("05") == \
        "Data de Vencimento inválida ou fora do prazo mínimo"
    assert reg.table("sofisa.cnab400.movimento").get("18") is not None


def test_detection_is_by_bank_code():
    data = crlf_bytes(_retorno())
    assert cnab.read(data).layout.id == LAYOUT
    rendimento = data[:76] + b"633" + data[79:]
    assert cnab.read(rendimento).layout.id == "rendimento.cnab400"


def test_febraban_codes_are_written_as_autbank_codes():
    # Sofisa inherits Rendimento's AUTBANK translation: 01 DM, 12 DS, 02 NP; 18 sustar protesto
    import pytest

    def detail(**codes):
        boleto = Boleto(our_number="0000012345", our_number_dv="8", due_date=dt.date(2025, 9, 1),
                        amount=Decimal("1.00"), payer=sample_payer(), **codes)
        return render_lines(LAYOUT, _beneficiary(), [boleto],
                            FileInfo(sequence=1, generated_at=dt.datetime(2025, 8, 1)))[1]

    assert [detail(species=s)[147:149] for s in ("02", "04", "12")] == ["01", "12", "02"]
    with pytest.raises(cnab.errors.InputError, match="ocorrencia"):
        detail(movement="18")  # FEBRABAN alteração de abatimento
