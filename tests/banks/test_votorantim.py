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
from cnab.files.models import Beneficiary, Boleto, Payer
from cnab.files.writer import FileInfo, Writer

from .common import layout_field

LAYOUT = "votorantim.cnab400"
WHEN = FileInfo(sequence=7, generated_at=dt.datetime(2026, 12, 18, 8, 0))


def _beneficiary():
    return Beneficiary(bank="655", name="Empresa Exemplo", document="11.222.333/0001-81",
                       agency="1", wallet="300", convenio="1234567")


def _payer():
    return Payer(name="Jose da Silva", document="111.444.777-35", address="Rua A, 10",
                 district="Centro", zip="01310-100", city="Sao Paulo", state="SP")


def test_no_check_digit_is_computed():
    """ACBr computes a digit it never writes; laravel-boleto appends one the caller supplies in
    the 10 digits. The layout keeps the 10 digits and has no DV field to check."""
    layout = cnab.default_registry().layout(LAYOUT)
    for record in ("detalhe", "detalhe_retorno"):
        assert layout.records[record].field("nosso_numero").compute is None
        assert not any(f.name.startswith("nosso_numero_dv") for f in layout.records[record].fields)
    assert layout_field(LAYOUT, "detalhe", "nosso_numero").length == 10


def _answers():
    return [
        {"our_number": "1234567890", "document_number": "NF-1", "occurrence": "06",
         "occurrence_date": dt.date(2026, 12, 18), "due_date": dt.date(2026, 12, 15),
         "amount": Decimal("200.00"), "paid_amount": Decimal("203.60"),
         "interest": Decimal("3.60"), "bank_rate": Decimal("2.50"), "company_use": "PEDIDO-1",
         "credit_date": dt.date(2026, 12, 21), "iof": Decimal("1.10")},
        {"our_number": "0000000017", "document_number": "NF-2", "occurrence": "03",
         "occurrence_date": dt.date(2026, 12, 18), "due_date": dt.date(2027, 1, 15),
         "amount": Decimal("30.00")},
    ]


def _retorno_lines():
    text = Writer(LAYOUT, direction="retorno").render(_beneficiary(), _answers(), WHEN)
    lines = text.split("\r\n")[:4]
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
    data = "".join(x + "\r\n" for x in lines).encode("latin-1")
    reader = cnab.read(data, strict=True, errors="collect")
    titles = list(reader)
    assert reader.layout.id == LAYOUT and reader.direction == "retorno"
    assert reader.problems == [], [str(p) for p in reader.problems]
    v = titles[0].view
    assert (v["our_number"], v["our_number_dv"], v["occurrence"]) == ("1234567890", None, "06")
    assert v["occurrence_date"] == dt.date(2026, 12, 18) and v["due_date"] == dt.date(2026, 12, 15)
    assert v["amount"] == Decimal("200.00") and v["paid_amount"] == Decimal("203.60")
    assert v["interest"] == Decimal("3.60") and v["bank_rate"] == Decimal("2.50")
    assert v["iof"] == Decimal("1.10") and v["credit_date"] == dt.date(2026, 12, 21)
    assert v["company_use"] == "PEDIDO-1" and v["document_number"] == "NF-1"
    assert v["reasons"] == [] and v["paid_bank"] is None
    assert titles[0].record("detalhe_retorno").values["forma_liquidacao"] == "08"
    v = titles[1].view
    assert (v["our_number"], v["occurrence"]) == ("0000000017", "03")
    assert v["reasons"] == ["23", "05"] and v["amount"] == Decimal("30.00")
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
    reader = cnab.read("".join(x + "\r\n" for x in lines).encode("latin-1"), errors="collect")
    titles = list(reader)
    assert titles[0].view["occurrence"] == "06"


def _boletos():
    return [
        Boleto(our_number="1234567890", due_date=dt.date(2027, 1, 10), amount=Decimal("1278.90"),
               payer=_payer(), document_number="D1", issue_date=dt.date(2026, 12, 18),
               species="01", interest=Decimal("0.45"), discount=Decimal("5.00"),
               discount_date=dt.date(2027, 1, 5), protest_days=5, company_use="REF-1",
               fine_date=dt.date(2027, 1, 11)),
        Boleto(our_number="17", due_date=dt.date(2027, 2, 10), amount=Decimal("10.00"),
               payer=_payer(), document_number="D2", issue_date=dt.date(2026, 12, 18),
               species="08", movement="02"),
    ]


def test_remessa_written_matches_the_description():
    text = Writer(LAYOUT).render(_beneficiary(), _boletos(), WHEN)
    h, d, d2, t = text.split("\r\n")[:4]
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
    reader = cnab.read(text.encode("latin-1"), strict=True, errors="collect")
    titles = list(reader)
    assert reader.layout.id == LAYOUT and reader.direction == "remessa"
    assert reader.problems == [], [str(p) for p in reader.problems]
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
    text = Writer(LAYOUT).render(_beneficiary(), _boletos()[:1], WHEN)
    h, d, t = text.split("\r\n")[:3]
    multa = ("2" + "2" + "110127  " + "0000000000200" + " " + "0" + " " * 12 + "0" + " " * 12
             + "0" + "00").ljust(394) + "000003"
    t = t[:394] + "000004"
    reader = cnab.read("\r\n".join([h, d, multa, t, ""]).encode("latin-1"), strict=True,
                       errors="collect")
    titles = list(reader)
    assert reader.problems == [], [str(p) for p in reader.problems]
    assert len(titles) == 1
    assert titles[0].record("multa").values["valor_multa"] == Decimal("2.00")


def test_header_detection():
    reg = cnab.default_registry()
    header = Writer(LAYOUT).render(_beneficiary(), [], WHEN).split("\r\n")[0]
    layout, direction = reg.detect(header)
    assert (layout.id, direction) == (LAYOUT, "remessa")
    retorno = Writer(LAYOUT, direction="retorno").render(_beneficiary(), [], WHEN).split("\r\n")[0]
    layout, direction = reg.detect(retorno)
    assert (layout.id, direction) == (LAYOUT, "retorno")
    for other, expected in (("237", "bradesco.cnab400"), ("341", None), ("033", None)):
        layout, _ = reg.detect(header[:76] + other + header[79:])
        assert layout.id != LAYOUT
        if expected:
            assert layout.id == expected
