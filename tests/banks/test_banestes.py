"""Banestes (021): banestes.cnab400. There is no Banestes manual in ../shared/manuals and no corpus
file: the layout follows ACBr's ACBrBancoBanestes.pas, the nosso número check digits follow
brcobranca's boleto/banestes.rb, whose spec vectors are used below. The retorno is built with
Writer(direction="retorno") from the layout's own field description."""

import datetime as dt
from decimal import Decimal

import pytest

import cnab
from cnab.files.models import Boleto
from cnab.files.writer import FileInfo

from .common import (
    assert_view, computed, crlf_bytes, detected, read_clean, read_source, reader_errors,
    render_lines, sample_beneficiary, sample_payer, sample_retorno_lines,
)

LAYOUT = "banestes.cnab400"
WHEN = FileInfo(sequence=3, generated_at=dt.datetime(2026, 12, 18, 8, 0))


def _beneficiary():
    return sample_beneficiary("021", convenio="14542047", wallet="1")


def _payer():
    return sample_payer(zip="29010-000", city="Vitoria", state="ES")


# brcobranca spec/brcobranca/boleto/banestes_spec.rb ("Montar nosso_numero_boleto"): 8 digits - DV DV
SPEC_VECTORS = [
    ("69240101", "68"), ("00000040", "06"), ("00000068", "07"), ("00000006", "04"),
    ("00000281", "00"), ("00000023", "05"), ("00000337", "90"), ("96656701", "37"),
    ("00000484", "70"), ("00000514", "20"), ("00000565", "70"), ("00000573", "80"),
    ("00000603", "30"),
]


@pytest.mark.parametrize("record", ["detalhe", "detalhe_retorno"])
@pytest.mark.parametrize("nn,dv", SPEC_VECTORS)
def test_nosso_numero_dv_spec_vectors(record, nn, dv):
    assert computed(LAYOUT, record, "nosso_numero_dv", nosso_numero=nn) == dv


def test_nosso_numero_dv_by_hand():
    # 00000337: 7x2 + 3x3 + 3x4 = 35, r 2 -> 9; 003379: 9x2 + 7x3 + 3x4 + 3x5 = 66, r 0 -> 0
    # 00000281: 1x2 + 8x3 + 2x4 = 34, r 1 -> 0 (remainder 1 gives 0); 002810: 0 + 3 + 32 + 10 = 45,
    # r 1 -> 0
    assert computed(LAYOUT, "detalhe", "nosso_numero_dv", nosso_numero="337") == "90"
    assert computed(LAYOUT, "detalhe", "nosso_numero_dv", nosso_numero="00000281") == "00"


def _retorno_lines():
    lines = sample_retorno_lines(LAYOUT, _beneficiary(), WHEN, paid={"our_number": "00000337"},
                                 rejected={"our_number": "96656701"})
    # the rejected título carries motivos 08 (nosso número inválido) and 16 at 319-328
    lines[2] = lines[2][:318] + "0816      " + lines[2][328:]
    return lines


def test_retorno_built_from_the_description():
    lines = _retorno_lines()
    h, paid, rejected = lines[:3]
    # ACBr LerRetorno400 positions, checked on the raw lines
    assert h[76:79] == "021" and h[26:37] == "00014542047" and h[94:100] == "181226"
    assert paid[62:70] == "00000337" and paid[70:72] == "90"
    assert paid[108:110] == "06" and paid[110:116] == "181226" and paid[116:126] == "NF-1      "
    assert paid[146:152] == "151226" and paid[155:165] == "0000020000"
    assert paid[175:188] == "0000000000250" and paid[253:266] == "0000000020360"
    assert paid[266:279] == "0000000000360" and rejected[62:72] == "9665670137"
    _, titles = read_clean(lines, LAYOUT, "retorno")
    assert_view(titles[0], our_number="00000337", our_number_dv="90", occurrence="06",
                occurrence_date=dt.date(2026, 12, 18), due_date=dt.date(2026, 12, 15),
                amount=Decimal("200.00"), paid_amount=Decimal("203.60"), interest=Decimal("3.60"),
                bank_rate=Decimal("2.50"), company_use="PEDIDO-1", document_number="NF-1",
                credit_date=None, reasons=[])
    assert_view(titles[1], our_number="96656701", our_number_dv="37", occurrence="03",
                reasons=["08", "16"], amount=Decimal("30.00"))
    table = cnab.default_registry().table("banestes.cnab400.ocorrencia")
    assert table.get("06").settles and table.get("17").settles and not table.get("09").settles
    assert table.get("99").category == "rejected" and table.get("98").category == "protested"
    assert table.get("03").reasons == "febraban.c047.a"


def test_wrong_nosso_numero_dv_is_reported():
    lines = _retorno_lines()
    lines[1] = lines[1][:70] + "91" + lines[1][72:]
    reader, _ = read_source(crlf_bytes(lines))
    assert reader_errors(reader) == [
        (2, "detalhe_retorno", "nosso_numero_dv", "computed-mismatch")]


def test_remessa_written_matches_the_description():
    boletos = [
        Boleto(our_number="337", due_date=dt.date(2027, 1, 10), amount=Decimal("1278.90"),
               payer=_payer(), document_number="D1", issue_date=dt.date(2026, 12, 18),
               species="02", fine_code="2", fine=Decimal("2.00"), interest_code="1",
               interest=Decimal("0.45"),
               company_use="REF-1"),
        Boleto(our_number="96656701", due_date=dt.date(2027, 2, 10), amount=Decimal("10.00"),
               payer=_payer(), document_number="D2", issue_date=dt.date(2026, 12, 18),
               species="02"),
    ]
    lines = render_lines(LAYOUT, _beneficiary(), boletos, WHEN)
    h, d, d2, t = lines
    assert len(h) == len(d) == len(t) == 400
    assert h[:26] == "01REMESSA01COBRANCA       " and h[26:37] == "00014542047"
    assert h[76:94] == "021BANESTES       " and h[94:100] == "181226"
    assert d[1:17] == "0211222333000181" and d[17:28] == "00014542047"
    assert d[37:62] == "REF-1".ljust(25) and d[62:72] == "0000033790"
    assert d[72:82] == "1000000200" and d[107] == "1" and d[108:110] == "01"
    assert d[110:120] == "D1        " and d[120:126] == "100127" and d[126:139] == "0000000127890"
    assert d[139:142] == "021" and d[147:149] == "01" and d[156:160] == "0000"
    # interest_code 1 (R$ 0,45 per day): tipo de mora 0 (valor por dia), not 1 (taxa mensal)
    assert d[160:173] == "0000000000045" and d[218:234] == "0100011144477735"
    assert d[326:334] == "29010000" and d[349:351] == "ES"
    assert d2[62:72] == "9665670137" and d2[72] == "0" and t[0] == "9" and t[394:] == "000004"
    _, titles = read_clean(lines, LAYOUT, "remessa")
    assert [(t.view["our_number"], t.view["our_number_dv"], t.view["amount"],
             t.view["due_date"], t.view["document_number"]) for t in titles] == [
        ("00000337", "90", Decimal("1278.90"), dt.date(2027, 1, 10), "D1"),
        ("96656701", "37", Decimal("10.00"), dt.date(2027, 2, 10), "D2")]


def test_header_detection():
    header = render_lines(LAYOUT, _beneficiary(), [], WHEN)[0]
    assert detected(header) == (LAYOUT, "remessa")
    assert detected(header[:1] + "2" + header[2:]) == (LAYOUT, "retorno")
    # the same header with another bank's code is not Banestes
    for other in ("237", "341", "033"):
        assert detected(header[:76] + other + header[79:])[0] != LAYOUT


def test_febraban_codes_are_written_as_banestes_codes():
    # ACBr's espécie table (beneficiário emits): 01 DM, 11 DS, 02 NP; ocorrências 08 seu número,
    # 18 sustar protesto e manter, 20 sustar protesto e baixar
    def detail(**codes):
        boleto = Boleto(our_number="337", due_date=dt.date(2027, 1, 10), amount=Decimal("1.00"),
                        payer=_payer(), **codes)
        return render_lines(LAYOUT, _beneficiary(), [boleto], WHEN)[1]

    assert [detail(species=s)[147:149] for s in ("02", "04", "12")] == ["01", "11", "02"]
    assert [detail(movement=m)[108:110] for m in ("21", "11", "10")] == ["08", "18", "20"]
    with pytest.raises(cnab.errors.InputError, match="especie"):
        detail(species="14")
