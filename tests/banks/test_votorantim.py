"""Banco Votorantim / BV (655): votorantim.cnab400. There is no BV manual in ../shared/manuals and
no corpus file: the layout follows ACBr's ACBrBancoVotorantim.pas and laravel-boleto's Bv classes,
which agree that the remessa detail carries the ocorrência at 76-77 and the retorno detail at
101-102. Neither source puts a check digit of its own in the file (see the layout description), so
there is no check-digit example to run: the tests show instead that the 10-digit nosso número
passes through unchanged. The retorno is built with Writer(direction="retorno")."""

import datetime as dt
from decimal import Decimal

import pytest

import cnab
from cnab.files.models import Boleto
from cnab.files.writer import FileInfo, Writer

from .common import (
    assert_view, crlf_bytes, detected, layout_field, read_clean, read_source, render_lines,
    sample_beneficiary, sample_payer, sample_retorno_lines,
)

LAYOUT = "votorantim.cnab400"
WHEN = FileInfo(sequence=7, generated_at=dt.datetime(2026, 12, 18, 8, 0))


def _beneficiary():
    return sample_beneficiary("655", agency="1", wallet="300", convenio="1234567")


def _payer():
    return sample_payer(zip="01310-100")


def test_no_check_digit_is_computed():
    """ACBr computes a digit it never writes; laravel-boleto appends one the caller supplies in
    the 10 digits. The layout keeps the 10 digits and has no DV field to check."""
    layout = cnab.default_registry().layout(LAYOUT)
    for record in ("detalhe", "detalhe_retorno"):
        assert layout.records[record].field("nosso_numero").compute is None
        assert not any(f.name.startswith("nosso_numero_dv") for f in layout.records[record].fields)
    assert layout_field(LAYOUT, "detalhe", "nosso_numero").length == 10


def _retorno_lines():
    lines = sample_retorno_lines(
        LAYOUT, _beneficiary(), WHEN,
        paid={"our_number": "1234567890", "credit_date": dt.date(2026, 12, 21),
              "iof": Decimal("1.10")},
        rejected={"our_number": "0000000017"})
    # the rejected título carries motivos 23 (nosso número já registrado) and 05 (CEP) at 367-374
    lines[2] = lines[2][:366] + "23050000" + lines[2][374:]
    # the paid one was settled at the BV itself (forma de liquidação 08, laravel-boleto)
    lines[1] = lines[1][:376] + "08" + lines[1][378:]
    return lines


def test_retorno_built_from_the_description():
    lines = _retorno_lines()
    h, paid, rejected, trailer = lines
    # positions both libraries read
    assert h[:11] == "02RETORNO01" and h[26:36] == "1234567   " and h[76:79] == "655"
    assert h[79:99] == "BANCO VOTORANTIM S/A" and h[99:105] == "181226"
    assert paid[37:62] == "PEDIDO-1".ljust(25) and paid[62:72] == "1234567890"
    assert paid[97:100] == "300" and paid[100:102] == "06"
    assert paid[110:116] == "181226" and paid[116:126] == "NF-1      "
    assert paid[146:152] == "151226" and paid[152:165] == "0000000020000"
    assert paid[175:188] == "0000000000250" and paid[214:227] == "0000000000110"
    assert paid[253:266] == "0000000020360" and paid[266:279] == "0000000000360"
    assert paid[295:301] == "211226" and paid[376:378] == "08"
    assert rejected[62:72] == "0000000017" and rejected[100:102] == "03"
    assert rejected[366:374] == "23050000" and trailer[0] == "9"
    _, titles = read_clean(lines, LAYOUT, "retorno")
    assert_view(titles[0], our_number="1234567890", our_number_dv=None, occurrence="06",
                occurrence_date=dt.date(2026, 12, 18), due_date=dt.date(2026, 12, 15),
                amount=Decimal("200.00"), paid_amount=Decimal("203.60"), interest=Decimal("3.60"),
                bank_rate=Decimal("2.50"), iof=Decimal("1.10"), credit_date=dt.date(2026, 12, 21),
                company_use="PEDIDO-1", document_number="NF-1", reasons=[], paid_bank=None)
    assert titles[0].record("detalhe_retorno").values["forma_liquidacao"] == "08"
    assert_view(titles[1], our_number="0000000017", occurrence="03", reasons=["23", "05"],
                amount=Decimal("30.00"))
    table = cnab.default_registry().table("votorantim.cnab400.ocorrencia")
    assert [c for c in ("06", "07", "08", "70") if table.get(c).settles] == ["06", "07", "08", "70"]
    assert not table.get("02").settles and table.get("09").category == "written_off"
    assert table.get("03").reasons == table.get("16").reasons == "votorantim.cnab400.motivo"
    motivos = cnab.default_registry().table("votorantim.cnab400.motivo")
    assert "Nosso número" in motivos.get("23").text


def test_retorno_occurrence_is_not_read_at_76():
    """The retorno detail is its own layout: a code at 76-77 (where the remessa puts it) is not
    the ocorrência, 101-102 is."""
    lines = _retorno_lines()
    lines[1] = lines[1][:75] + "02" + lines[1][77:]
    _, titles = read_source(crlf_bytes(lines))
    assert titles[0].view["occurrence"] == "06"


def _boletos():
    return [
        Boleto(our_number="1234567890", due_date=dt.date(2027, 1, 10), amount=Decimal("1278.90"),
               payer=_payer(), document_number="D1", issue_date=dt.date(2026, 12, 18),
               species="02", interest_code="1", interest=Decimal("0.45"), discount_code="1",
               discount=Decimal("5.00"),
               discount_date=dt.date(2027, 1, 5), protest_code="1", protest_days=5,
               company_use="REF-1",
               fine_date=dt.date(2027, 1, 11)),
        Boleto(our_number="17", due_date=dt.date(2027, 2, 10), amount=Decimal("10.00"),
               payer=_payer(), document_number="D2", issue_date=dt.date(2026, 12, 18),
               species="04", movement="02"),
    ]


def test_remessa_written_matches_the_description():
    lines = render_lines(LAYOUT, _beneficiary(), _boletos(), WHEN)
    h, d, d2, t = lines
    assert len(h) == len(d) == len(d2) == len(t) == 400
    # header: 20-position bank name, date at 100-105, CL + file sequence at 390-394
    assert h[:26] == "01REMESSA01COBRANCA       " and h[26:46] == " " * 20
    assert h[76:105] == "655BANCO VOTORANTIM S/A181226" and h[389:400] == "CL007000001"
    # detail: ACBr GerarRegistroTransacao400 / laravel-boleto Bv::addBoleto positions
    assert d[:29] == "10211222333000181000001234567" and d[29:37] == " " * 8
    assert d[37:62] == "REF-1".ljust(25) and d[62:72] == "1234567890"
    assert d[72:75] == "300" and d[75:77] == "01" and d[77:87] == "D1        "
    assert d[87:93] == "100127" and d[93:106] == "0000000127890" and d[106:114] == "65500001"
    assert d[114:117] == "01N" and d[117:123] == "181226" and d[123:127] == "0000"
    assert d[137:150] == "0000000000045" and d[150:156] == "050127"
    assert d[156:169] == "0000000000500" and d[169:195] == "0" * 26
    assert d[195:211] == "0100011144477735" and d[211:251] == "JOSE DA SILVA".ljust(40)
    assert d[251:288] == "RUA A, 10".ljust(37) and d[291:303] == "CENTRO".ljust(12)
    assert d[303:311] == "01310100" and d[311:326] == "SAO PAULO".ljust(15)
    assert d[326:328] == "SP" and d[328:368] == " " * 40
    assert d[368:374] == "110127" and d[374:377] == "050" and d[394:] == "000002"
    assert d2[62:72] == "0000000017" and d2[75:77] == "02" and d2[114:116] == "08"
    assert d2[368:374] == "000000"
    assert t[0] == "9" and t[1:394] == " " * 393 and t[394:] == "000004"
    _, titles = read_clean(lines, LAYOUT, "remessa")
    assert [(t.view["our_number"], t.view["amount"], t.view["due_date"],
             t.view["document_number"], t.view["movement"]) for t in titles] == [
        ("1234567890", Decimal("1278.90"), dt.date(2027, 1, 10), "D1", "01"),
        ("0000000017", Decimal("10.00"), dt.date(2027, 2, 10), "D2", "02")]


def test_remessa_requires_the_convenio():
    b = _beneficiary()
    b.convenio = ""
    with pytest.raises(cnab.InputError) as exc:
        Writer(LAYOUT).render(b, _boletos()[:1], WHEN)
    assert "convenio" in str(exc.value)


def test_laravel_multa_record_is_read_with_its_title():
    h, d, t = render_lines(LAYOUT, _beneficiary(), _boletos()[:1], WHEN)
    multa = ("2" + "2" + "110127  " + "0000000000200" + " " + "0" + " " * 12 + "0" + " " * 12
             + "0" + "00").ljust(394) + "000003"
    t = t[:394] + "000004"
    _, titles = read_clean([h, d, multa, t])
    assert len(titles) == 1
    assert titles[0].record("multa").values["valor_multa"] == Decimal("2.00")


def test_header_detection():
    header = render_lines(LAYOUT, _beneficiary(), [], WHEN)[0]
    assert detected(header) == (LAYOUT, "remessa")
    retorno = render_lines(LAYOUT, _beneficiary(), [], WHEN, direction="retorno")[0]
    assert detected(retorno) == (LAYOUT, "retorno")
    for other, expected in (("237", "bradesco.cnab400"), ("341", None), ("033", None)):
        layout_id, _ = detected(header[:76] + other + header[79:])
        assert layout_id != LAYOUT
        if expected:
            assert layout_id == expected


def test_febraban_codes_are_written_as_votorantim_codes():
    # ACBr/laravel-boleto: espécie 01 DM, 08 DS, 31 cartão; ocorrência 36 protestar, 07 valor
    # nominal, 08 alteração de vencimento (BV's 09 is "não baixar automaticamente")
    def detail(**codes):
        boleto = Boleto(our_number="17", due_date=dt.date(2027, 2, 10), amount=Decimal("1.00"),
                        payer=_payer(), **codes)
        return render_lines(LAYOUT, _beneficiary(), [boleto], WHEN)[1]

    assert [detail(species=s)[114:116] for s in ("02", "04", "31")] == ["01", "08", "31"]
    assert [detail(movement=m)[75:77] for m in ("09", "47", "06")] == ["36", "07", "08"]
    for bad in ({"species": "12"}, {"movement": "18"}):  # NP: not offered; 18: sustar here
        with pytest.raises(cnab.errors.InputError, match="XX"):
            detail(**bad)


def test_multa_is_written_in_the_laravel_type_2_record():
    # laravel-boleto Bv::addBoleto: record 2 after the detail when there is a multa, 2 percentual
    # (4 valor), the date as DDMMAA + 2 blanks (the vencimento when no later date is given)
    def lines(**money):
        boleto = Boleto(our_number="17", due_date=dt.date(2027, 1, 10), amount=Decimal("100.00"),
                        payer=_payer(), **money)
        out = render_lines(LAYOUT, _beneficiary(), [boleto], WHEN)
        read_clean(out, LAYOUT, "remessa")
        return out[1:-1]

    d, m = lines(fine_code="2", fine=Decimal("2.00"), fine_date=dt.date(2027, 1, 11))
    assert m == ("2" + "2" + "110127  " + "0000000000200" + " " + "0" + " " * 12 + "0" + " " * 12
                 + "0" + "00").ljust(394) + "000003"
    assert d[368:374] == "110127"
    _, m = lines(fine_code="1", fine=Decimal("15.00"))
    assert m[:23] == "24" + "100127  " + "0000000001500"  # valor fixo: 4
    (d,) = lines()  # the default boleto: no multa record
    assert d[368:374] == "000000"
    with pytest.raises(cnab.errors.CnabError, match="which means none"):  # value, no code
        lines(fine=Decimal("2.00"))
    with pytest.raises(cnab.errors.CnabError, match="tipo_multa"):  # not a G073 code
        lines(fine_code="3", fine=Decimal("2.00"))
