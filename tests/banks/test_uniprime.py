"""Uniprime Norte do Paraná / Sisprime do Brasil (084): uniprime.cnab400. There is no 084 manual
in ../shared/manuals and no corpus file: the layout follows ACBr's ACBrUniprimeNortePR.pas and
ACBrBancoSisprime.pas (a Bradesco CNAB 400 derivative), so it extends bradesco.cnab400. Neither
source has a worked nosso número example: the check digits below are computed by hand, plus
Bradesco's manual example, whose algorithm ACBr uses unchanged for 084. The retorno is built with
Writer(direction="retorno") from the layout's own description."""

import datetime as dt
from decimal import Decimal

import pytest

import cnab
from cnab.files.models import Boleto
from cnab.files.writer import FileInfo, Writer

from .common import (
    codes_line,
    assert_view, computed, crlf_bytes, detected, read_clean, read_source, reader_errors,
    render_lines, sample_beneficiary, sample_payer, sample_retorno_lines,
)

LAYOUT = "uniprime.cnab400"
WHEN = FileInfo(sequence=7, generated_at=dt.datetime(2026, 12, 18, 8, 0))


def _beneficiary():
    return sample_beneficiary("084", agency="1", account="123456", account_dv="7", wallet="009",
                              convenio="90001234567")


def _payer():
    return sample_payer(zip="86010-000", city="Londrina", state="PR")


# carteira 09 + nosso número, módulo 11 weights 2..7 from the right:
#   09 00000012345: 5x2 + 4x3 + 3x4 + 2x5 + 1x6 + 9x7 = 113, r 3 -> 11 - 3 = 8
#   09 00000000001: 1x2 + 9x7 = 65, r 10 -> 1
#   09 00000000002: 2x2 + 9x7 = 67, r 1 -> P
#   09 00000000007: 7x2 + 9x7 = 77, r 0 -> 0
# Bradesco's manual (same algorithm, quoted in tests/banks/test_bradesco.py): 19 00000000002 -> 8
HAND = [("009", "00000012345", "8"), ("009", "00000000001", "1"), ("009", "00000000002", "P"),
        ("009", "00000000007", "0"), ("019", "00000000002", "8")]


@pytest.mark.parametrize("record", ["detalhe", "detalhe_retorno"])
@pytest.mark.parametrize("carteira,nn,dv", HAND)
def test_nosso_numero_dv_by_hand(record, carteira, nn, dv):
    assert str(computed(LAYOUT, record, "nosso_numero_dv", carteira=carteira,
                        nosso_numero=nn)) == dv


def _retorno_lines():
    lines = sample_retorno_lines(
        LAYOUT, _beneficiary(), WHEN,
        paid={"our_number": "00000012345", "credit_date": dt.date(2026, 12, 21)},
        rejected={"our_number": "00000000002"})
    # the rejected título carries motivos 08 (nosso número inválido) and 16 at 319-328
    lines[2] = lines[2][:318] + "0816000000" + lines[2][328:]
    return lines


def test_retorno_built_from_the_description():
    lines = _retorno_lines()
    h, paid, rejected, trailer = lines
    # ACBr LerRetorno400 positions (Bradesco's), checked on the raw lines
    assert h[:11] == "02RETORNO01" and h[76:79] == "084"
    assert paid[21:24] == "009" and paid[24:29] == "00001" and paid[29:36] == "0123456"
    assert paid[37:62] == "PEDIDO-1".ljust(25)
    assert paid[70:81] == "00000012345" and paid[81] == "8"
    assert paid[108:110] == "06" and paid[110:116] == "181226" and paid[116:126] == "NF-1      "
    assert paid[146:152] == "151226" and paid[152:165] == "0000000020000"
    assert paid[175:188] == "0000000000250" and paid[253:266] == "0000000020360"
    assert paid[266:279] == "0000000000360" and paid[295:301] == "211226"
    assert rejected[70:82] == "00000000002P" and rejected[318:328] == "0816000000"
    assert trailer[0] == "9" and trailer[4:7] == "084"
    _, titles = read_clean(lines, LAYOUT, "retorno")
    assert_view(titles[0], our_number="00000012345", our_number_dv="8", occurrence="06",
                occurrence_date=dt.date(2026, 12, 18), due_date=dt.date(2026, 12, 15),
                amount=Decimal("200.00"), paid_amount=Decimal("203.60"), interest=Decimal("3.60"),
                bank_rate=Decimal("2.50"), company_use="PEDIDO-1", document_number="NF-1",
                credit_date=dt.date(2026, 12, 21), reasons=[], iof=Decimal("0.00"))
    assert_view(titles[1], our_number="00000000002", our_number_dv="P", occurrence="03",
                reasons=["08", "16"], amount=Decimal("30.00"), credit_date=None)
    table = cnab.default_registry().table("uniprime.cnab400.ocorrencia")
    assert table.get("06").settles and table.get("15").settles and table.get("17").settles
    assert not table.get("02").settles and table.get("03").category == "rejected"
    assert table.get("03").reasons == "bradesco.cnab400.motivo.rejeicao"
    assert table.get("28").category == "fee" and table.get("09").category == "written_off"


def test_wrong_nosso_numero_dv_is_reported():
    lines = _retorno_lines()
    lines[1] = lines[1][:81] + "9" + lines[1][82:]
    reader, _ = read_source(crlf_bytes(lines))
    assert reader_errors(reader) == [
        (2, "detalhe_retorno", "nosso_numero_dv", "computed-mismatch")]


def _boletos():
    return [
        Boleto(our_number="12345", due_date=dt.date(2027, 1, 10), amount=Decimal("1278.90"),
               payer=_payer(), document_number="D1", issue_date=dt.date(2026, 12, 18),
               species="02", fine_code="2", fine=Decimal("2.00"), interest_code="1", interest=Decimal("0.45"),
               protest_code="1", protest_days=10, company_use="REF-1"),
        Boleto(our_number="2", due_date=dt.date(2027, 2, 10), amount=Decimal("10.00"),
               payer=_payer(), document_number="D2", issue_date=dt.date(2026, 12, 18),
               species="02"),
    ]


def test_remessa_written_matches_the_description():
    lines = render_lines(LAYOUT, _beneficiary(), _boletos(), WHEN)
    h, d, d2, t = lines
    assert len(h) == len(d) == len(d2) == len(t) == 400
    assert h[:26] == "01REMESSA01COBRANCA       " and h[26:46] == "00000000090001234567"
    assert h[76:94] == "084SISPRIME       " and h[94:100] == "181226"
    assert h[108:117] == "MX0000007"
    # ACBr GerarRegistroTransacao400 (084): blanks at 2-20, 0 + carteira + agência + conta + DV
    assert d[1:20] == " " * 19 and d[20:37] == "00090000101234567"
    assert d[37:62] == "REF-1".ljust(25) and d[62:65] == "084"
    assert d[65:70] == "20200" and d[70:82] == "000000123458"
    assert d[82:92] == " " * 10 and d[92] == "2" and d[93:108] == " " * 15 and d[108:110] == "01"
    assert d[110:120] == "D1        " and d[120:126] == "100127" and d[126:139] == "0000000127890"
    assert d[139:147] == " " * 8 and d[147:150] == "01N" and d[150:156] == "181226"
    assert d[156:160] == "0110" and d[160:173] == "0000000000045"
    assert d[192:205] == " " * 13 and d[218:234] == "0100011144477735"
    assert d[314:326] == " " * 12 and d[326:334] == "86010000"
    assert d[334:354] == "CENTRO".ljust(20) and d[354:392] == "LONDRINA".ljust(38)
    assert d[392:394] == "PR" and d[394:] == "000002"
    # no multa, não protestar (03, zero days)
    assert d2[65:70] == "00000" and d2[70:82] == "00000000002P" and d2[156:160] == "0300"
    assert t[0] == "9" and t[1:394] == " " * 393 and t[394:] == "000004"
    _, titles = read_clean(lines, LAYOUT, "remessa")
    assert [(t.view["our_number"], t.view["our_number_dv"], t.view["amount"],
             t.view["due_date"], t.view["document_number"], t.view["movement"])
            for t in titles] == [
        ("00000012345", "8", Decimal("1278.90"), dt.date(2027, 1, 10), "D1", "01"),
        ("00000000002", "P", Decimal("10.00"), dt.date(2027, 2, 10), "D2", "01")]


def test_protest_days_outside_05_55_are_refused():
    boleto = _boletos()[1]
    boleto.protest_code, boleto.protest_days = "2", 3
    with pytest.raises(cnab.InputError) as exc:
        Writer(LAYOUT).render(_beneficiary(), [boleto], WHEN)
    assert "dias_protesto" in str(exc.value)


def test_older_acbr_zero_zones_still_read():
    """Older ACBr revisions and laravel-boleto wrote zeros where the current ACBr writes blanks."""
    h, d, t = render_lines(LAYOUT, _beneficiary(), _boletos()[1:], WHEN)
    d = d[:1] + "0" * 19 + d[20:62] + "000" + d[65:82] + "0" * 10 + d[92:139] + "0" * 8 + d[147:]
    _, titles = read_clean([h, d, t])
    assert titles[0].view["our_number"] == "00000000002"


def test_header_detection():
    header = render_lines(LAYOUT, _beneficiary(), [], WHEN)[0]
    assert detected(header) == (LAYOUT, "remessa")
    assert detected(header[:1] + "2RETORNO" + header[9:]) == (LAYOUT, "retorno")
    # older ACBr wrote UNIPRIME as the bank name: still 084
    assert detected(header[:79] + "UNIPRIME".ljust(15) + header[94:])[0] == LAYOUT
    assert detected(header[:76] + "237" + header[79:])[0] == "bradesco.cnab400"
    # 099 (Uniprime Central, ACBrBancoUniprime.pas) is another institution, never this layout
    try:
        layout_id, _ = detected(header[:76] + "099" + header[79:])
    except cnab.FileFormatError:
        layout_id = None
    assert layout_id != LAYOUT


def test_febraban_codes_written_as_uniprime_codes():
    """Boleto codes are FEBRABAN; Uniprime numbers espécies the Bradesco way (01 DM, 02 NP, 12 DS) and writes negativação (C026 8) as protest code 07."""
    import pytest as _pytest
    from cnab.errors import InputError as _InputError
    from .common import sample_beneficiary as _ben
    ben = _ben("084", agency="1", account="123456", account_dv="7", wallet="009", convenio="123456")
    assert codes_line("uniprime.cnab400", ben, 1, species="02")[147:149] == "01"
    assert codes_line("uniprime.cnab400", ben, 1, species="04")[147:149] == "12"
    assert codes_line("uniprime.cnab400", ben, 1, species="12")[147:149] == "02"
    assert codes_line("uniprime.cnab400", ben, 1, protest_days=10, protest_code="8")[156:160] == "0710"
    assert codes_line("uniprime.cnab400", ben, 1, movement="10")[108:110] == "18"
    with _pytest.raises(_InputError, match="especie"):
        codes_line("uniprime.cnab400", ben, 1, species="31")
    with _pytest.raises(_InputError, match="codigo_protesto"):
        codes_line("uniprime.cnab400", ben, 1, protest_days=10, protest_code="4")
