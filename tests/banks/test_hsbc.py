"""HSBC (399): hsbc.cnab400. No corpus file exists, so a retorno is built from the manual's
field description with the layout's own codecs."""

import datetime as dt
from decimal import Decimal

import pytest

from cnab.layout.expr import evaluate

from .common import (
    FieldEnv, crlf_bytes, encode_numbered, layout_field, read_source, reader_errors, write_remessa,
)

LAYOUT = "hsbc.cnab400"


def test_retorno_built_from_the_manual(tmp_path, registry):
    header = {
        "nome_empresa": "LOJA TESTE",
        "banco": "399",
        "nome_banco": "HSBC",
        "agencia": 54,
        "subconta": 55,
        "conta": "00546666666",
        "data_gravacao": dt.date(2014, 6, 3),
        "densidade": 1600,
        "unidade_densidade": "BPI",
        "data_credito": dt.date(2014, 6, 4),
        "sequencial_arquivo": 27,
    }
    common = {
        "tipo_inscricao_empresa": 2,
        "inscricao_empresa": "99999999999999",
        "agencia": 54,
        "subconta": 55,
        "conta": "00546666666",
        "carteira": "1",
        "especie": "01",
        "moeda": "9",
    }
    paid = dict(
        common,
        origem_pagamento="1",
        uso_empresa="CTRL-1",
        nosso_numero="1111122222",
        nosso_numero_dv="5",
        ocorrencia="06",
        data_ocorrencia=dt.date(2014, 6, 3),
        numero_documento="DP-10",
        nosso_numero_banco="11111222225",
        vencimento=dt.date(2014, 6, 2),
        valor_titulo=Decimal("500.00"),
        banco_cobrador="399",
        agencia_cobradora=54,
        valor_tarifa=Decimal("2.10"),
        abatimento=0,
        desconto=0,
        valor_pago=Decimal("505.00"),
        juros_mora=Decimal("5.00"),
        indicativo_credito="0",
        aviso=123,
    )
    rejected = dict(
        common,
        nosso_numero="1111122223",
        nosso_numero_dv="3",
        ocorrencia="03",
        data_ocorrencia=dt.date(2014, 6, 3),
        numero_documento="DP-11",
        vencimento=dt.date(2014, 7, 2),
        valor_titulo=Decimal("80.00"),
        valor_tarifa=0,
        abatimento=0,
        desconto=0,
        valor_pago=0,
        juros_mora=0,
        complemento_ocorrencia="27",
    )
    lines = encode_numbered(LAYOUT, [
        ("header_retorno", header),
        ("detalhe_retorno", paid),
        ("detalhe_retorno", rejected),
        ("trailer_retorno", {"quantidade_em_ser": 2, "valor_em_ser": Decimal("580.00")}),
    ])
    # the manual's positions, checked on the raw lines
    h, d = lines[0], lines[1]
    assert h[27:44] == "005455" + "00546666666" and h[119:125] == "040614" and h[388:393] == "00027"
    assert d[18:35] == "005455" + "00546666666" and d[35] == "1" and d[62:73] == "11111222225"
    assert d[108:110] == "06" and d[110:116] == "030614" and d[126:137] == "11111222225"
    assert d[146:152] == "020614" and d[152:165] == "0000000050000" and d[165:173] == "39900054"
    assert d[253:266] == "0000000050500" and d[266:279] == "0000000000500" and d[388:393] == "00123"
    assert lines[2][301:303] == "27" and lines[3][17:39] == "00000002" + "00000000058000"
    path = tmp_path / "HSBC.RET"
    path.write_bytes(crlf_bytes(lines))
    reader, titles = read_source(path, strict=True)
    assert reader.layout.id == LAYOUT and reader.direction == "retorno"
    assert reader.problems == [], [str(p) for p in reader.problems]
    v = titles[0].view
    assert (v["our_number"], v["our_number_dv"], v["occurrence"]) == ("1111122222", "5", "06")
    assert v["occurrence_date"] == dt.date(2014, 6, 3) and v["due_date"] == dt.date(2014, 6, 2)
    assert v["amount"] == Decimal("500.00") and v["paid_amount"] == Decimal("505.00")
    assert v["interest"] == Decimal("5.00") and v["bank_rate"] == Decimal("2.10")
    assert (v["paid_bank"], v["paid_agency"]) == ("399", 54)
    assert v["document_number"] == "DP-10" and v["company_use"] == "CTRL-1"
    v = titles[1].view
    assert v["occurrence"] == "03" and v["reasons"] == ["27"]
    assert registry.table("hsbc.cnab400.motivo").get("27").text == "CEP do pagador inválido"
    table = registry.table("hsbc.cnab400.ocorrencia")
    assert all(
        table.get(c).settles for c in ["06", "07", "15", "16", "31", "32", "33", "36", "38", "39"]
    )
    assert reader.header["data_credito"] == dt.date(2014, 6, 4)
    # the data do crédito is only in the header: the view reads it there for every título
    assert [t.view["credit_date"] for t in titles] == [dt.date(2014, 6, 4)] * len(titles)


def test_wrong_nosso_numero_dv_is_reported():
    lines = encode_numbered(LAYOUT, [
        ("header_retorno", {"banco": "399", "data_gravacao": dt.date(2014, 6, 3)}),
        (
            "detalhe_retorno",
            {
                "nosso_numero": "1111122222",
                "nosso_numero_dv": "4",
                "ocorrencia": "02",
                "vencimento": dt.date(2014, 7, 1),
                "valor_titulo": Decimal("1.00"),
                "valor_tarifa": 0,
                "abatimento": 0,
                "desconto": 0,
                "valor_pago": 0,
                "juros_mora": 0,
                "agencia": 54,
                "subconta": 55,
                "conta": "1",
            },
        ),
        ("trailer_retorno", {}),
    ])
    reader, _ = read_source(crlf_bytes(lines))
    assert reader_errors(reader) == [(2, "detalhe_retorno", "nosso_numero_dv", "computed-mismatch")]


def test_remessa_written_matches_the_manual_positions():
    from cnab.files.models import Beneficiary

    ben = Beneficiary(
        bank="399",
        name="Loja de Roupas",
        document="11.222.333/0001-81",
        agency="4321",
        account="43215678900",
    )
    lines, reader, titles = write_remessa(
        LAYOUT,
        ben,
        {"sequence": 1, "generated_at": dt.datetime(2014, 6, 2, 9)},
        our_number="1111122222",
        due_date=dt.date(2014, 7, 1),
        amount=Decimal("10.00"),
        document_number="DP-1",
        issue_date=dt.date(2014, 6, 1),
        species="02",  # FEBRABAN DM, HSBC's 01 DP
    )
    h, d, _t = lines[:3]
    assert h[26:44] == "0432155" + "43215678900" and h[76:79] == "399" and h[110:117] == "LANCV08"
    assert h[100:108] == "01600BPI"
    assert d[17:35] == "0432155" + "43215678900" and d[62:73] == "11111222225"
    assert d[107] == "1" and d[108:110] == "01" and d[139:142] == "399" and d[393] == "9"
    assert d[391:393] == "00"  # protest_days 0 from the input; blanks only when None
    assert reader.problems == [] and reader.layout.id == LAYOUT
    assert (titles[0].view["our_number"], titles[0].view["our_number_dv"]) == ("1111122222", "5")


@pytest.mark.parametrize("record", ["detalhe", "detalhe_retorno"])
def test_nosso_numero_dv_manual_example(record):
    expr = layout_field(LAYOUT, record, "nosso_numero_dv").compute

    def dv(nn):
        return str(evaluate(expr, FieldEnv({"nosso_numero": nn})))

    # Especificação do boleto, 2.1-2.5: range 11111 + sequencial 22222 → sum 61, remainder 6, DV 5
    assert dv("1111122222") == "5"
    # remainders 0 and 1 give 0; zeros (nosso número assigned by the bank) give 0
    assert dv("0000000000") == "0"
    assert dv("0000000006") == "0"  # 6 × 2 = 12, remainder 1
    assert dv("0000000011") == "6"  # 1 × 3 + 1 × 2 = 5, 11 - 5


def test_febraban_codes_are_written_as_hsbc_codes():
    # nota 8: 01 DP duplicata mercantil, 10 DS, 02 NP; nota 6: 08 alteração do seu número,
    # 13 conceder desconto
    from cnab.errors import CnabError
    from cnab.files.models import Beneficiary

    ben = Beneficiary(bank="399", name="Loja de Roupas", document="11.222.333/0001-81",
                      agency="4321", account="43215678900")

    def detail(**codes):
        lines, reader, _ = write_remessa(
            LAYOUT, ben, {"sequence": 1, "generated_at": dt.datetime(2014, 6, 2)},
            our_number="1111122222", due_date=dt.date(2014, 7, 1), amount=Decimal("10.00"),
            **codes)
        assert reader.problems == []
        return lines[1]

    assert detail()[147:149] == "01"  # the Boleto's default species, DM
    assert detail(species="04")[147:149] == "10"
    assert detail(species="12")[147:149] == "02"
    assert detail(movement="21")[108:110] == "08"
    assert detail(movement="07")[108:110] == "13"
    for bad in ({"species": "01"}, {"movement": "10"}):  # cheque; sustar protesto e baixar
        with pytest.raises(CnabError, match="XX"):
            detail(**bad)


def test_multa_juros_desconto_and_abatimento_reach_the_hsbc_fields():
    """Manual notas 9 and 10: on an entrada the multa is an instrução (157-158) whose data go in
    206-218 (15: data DDMMAA + taxa 2 decimais + brancos; 24: valor 10 posições + zeros); juros at
    161-173 as a value per day or brancos + T + taxa mensal; desconto 174-192; the abatimento
    (206-218) only with ocorrência 04/05."""
    from cnab.errors import InputError
    from .common import boleto_line, sample_beneficiary

    ben = sample_beneficiary("399", agency="1234", account="12345678901")

    def detail(**money):
        return boleto_line(LAYOUT, ben, our_number="0000100001", amount=Decimal("100.00"),
                           **money)

    d = detail(fine_code="2", fine=Decimal("2.00"), fine_date=dt.date(2027, 1, 11),
               interest_code="1", interest=Decimal("0.33"),
               discount_code="1", discount=Decimal("5.00"), discount_date=dt.date(2027, 1, 5))
    assert d[156:160] == "1500"                               # instrução 15, multa percentual
    assert d[160:173] == "0000000000033"                      # juros R$ 0,33 por dia
    assert d[173:179] == "050127" and d[179:192] == "0000000000500"  # desconto até 05/01/27
    assert d[205:218] == "1101270200   "                      # a partir de 11/01/27, 2,00 %
    d = detail(fine_code="1", fine=Decimal("5.00"), interest_code="2", interest=Decimal("1.00"))
    assert d[156:160] == "2400"                               # instrução 24, multa em R$
    assert d[160:173] == "        T0100"                      # taxa mensal 1,00 %
    assert d[205:218] == "0000000500000"                      # R$ 5,00 + zeros
    d = detail(movement="04", rebate=Decimal("1.50"))         # concessão de abatimento
    assert d[108:110] == "04" and d[205:218] == "0000000000150" and d[156:160] == "0000"
    d = detail()                                              # the default boleto: nothing
    assert d[156:218] == "0" * 62
    with pytest.raises(InputError, match="abatimento_multa"):
        detail(rebate=Decimal("1.50"))                        # entrada: the zone is the multa's
    with pytest.raises(InputError, match="abatimento_multa"):
        detail(fine_code="2", fine=Decimal("2.00"))           # instrução 15 needs the date
    with pytest.raises(InputError, match="abatimento_multa"):  # 19/22 count days, not a date
        detail(fine_code="1", fine=Decimal("5.00"), fine_date=dt.date(2027, 1, 11))
    with pytest.raises(InputError, match="juros_mora"):
        detail(interest_code="2", interest=Decimal("100.00"))  # 4 positions for the rate
