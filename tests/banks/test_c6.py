"""C6 Bank (336): c6.cnab400. There is no C6 manual in ../shared/manuals and no corpus file: the
layout follows laravel-boleto's public description, and a retorno is built from it with the
layout's own codecs."""

import datetime as dt
from decimal import Decimal

import pytest

from cnab.layout.expr import evaluate

from .common import (
    FieldEnv, crlf_bytes, encode_numbered, layout_field, read_source, reader_errors, write_remessa,
)

LAYOUT = "c6.cnab400"


def _retorno(paid_dv="6"):
    header = {
        "conta": "000000123456",
        "codigo_cliente": "000000654321",
        "banco": "336",
        "data_gravacao": dt.date(2025, 8, 1),
    }
    common = {
        "tipo_inscricao_empresa": 2,
        "inscricao_empresa": "12345678000199",
        "codigo_cliente": "000000654321",
        "carteira": "20",
        "especie": "01",
        "valor_tarifa": Decimal("1.50"),
        "outras_despesas": 0,
        "iof": 0,
        "abatimento": 0,
        "desconto": 0,
        "outros_creditos": 0,
    }
    paid = dict(
        common,
        uso_empresa="REF-1",
        nosso_numero="00000000001",
        nosso_numero_dv=paid_dv,
        ocorrencia="06",
        data_ocorrencia=dt.date(2025, 7, 31),
        numero_documento="NF-1",
        vencimento=dt.date(2025, 7, 30),
        valor_titulo=Decimal("200.00"),
        banco_cobrador="336",
        agencia_cobradora=1,
        valor_pago=Decimal("202.00"),
        juros_mora=Decimal("2.00"),
        data_credito=dt.date(2025, 8, 1),
    )
    rejected = dict(
        common,
        nosso_numero="00000000013",
        nosso_numero_dv="P",
        ocorrencia="03",
        data_ocorrencia=dt.date(2025, 7, 31),
        numero_documento="NF-2",
        vencimento=dt.date(2025, 9, 30),
        valor_titulo=Decimal("30.00"),
        valor_pago=0,
        juros_mora=0,
        erros="90219999",
    )
    return encode_numbered(LAYOUT, [
        ("header_retorno", header),
        ("detalhe_retorno", paid),
        ("detalhe_retorno", rejected),
        ("trailer", {}),
    ])


def test_retorno_built_from_the_description(registry):
    lines = _retorno()
    d = lines[1]
    # laravel-boleto's retorno positions, checked on the raw line
    assert d[62:74] == "000000000016" and d[106:108] == "20" and d[108:110] == "06"
    assert d[110:116] == "310725" and d[116:126] == "NF-1      " and d[146:152] == "300725"
    assert d[152:165] == "0000000020000" and d[253:266] == "0000000020200"
    assert d[295:301] == "010825" and lines[2][377:393] == "90219999        "
    reader, titles = read_source(crlf_bytes(lines), strict=True)
    assert reader.layout.id == LAYOUT and reader.direction == "retorno"
    assert reader.problems == [], [str(p) for p in reader.problems]
    v = titles[0].view
    assert (v["our_number"], v["our_number_dv"], v["occurrence"]) == ("00000000001", "6", "06")
    assert v["occurrence_date"] == dt.date(2025, 7, 31) and v["due_date"] == dt.date(2025, 7, 30)
    assert v["amount"] == Decimal("200.00") and v["paid_amount"] == Decimal("202.00")
    assert v["interest"] == Decimal("2.00") and v["bank_rate"] == Decimal("1.50")
    assert v["credit_date"] == dt.date(2025, 8, 1) and v["company_use"] == "REF-1"
    v = titles[1].view
    assert v["occurrence"] == "03" and v["our_number_dv"] == "P"
    assert v["reasons"] == ["9021", "9999"]
    assert registry.table("c6.cnab400.motivo").get("9021").text == "Dígito do nosso número inválido"
    table = registry.table("c6.cnab400.ocorrencia")
    assert table.get("06").settles and not table.get("75").settles
    assert reader.header["codigo_cliente"] == "000000654321"


def test_wrong_nosso_numero_dv_is_reported():
    reader, _ = read_source(crlf_bytes(_retorno(paid_dv="7")))
    assert reader_errors(reader) == [(2, "detalhe_retorno", "nosso_numero_dv", "computed-mismatch")]


def test_remessa_written_matches_the_description():
    from cnab.files.models import Beneficiary

    ben = Beneficiary(
        bank="336",
        name="Empresa Exemplo",
        document="11.222.333/0001-81",
        convenio="654321",
        wallet="20",
    )
    lines, reader, titles = write_remessa(
        LAYOUT,
        ben,
        {"sequence": 5, "generated_at": dt.datetime(2025, 8, 1, 9)},
        our_number="13",
        due_date=dt.date(2025, 9, 1),
        amount=Decimal("10.00"),
        document_number="D1",
        issue_date=dt.date(2025, 8, 1),
        species="01",
    )
    h, d, _t = lines[:3]
    assert h[26:38] == "000000654321" and h[76:79] == "336" and h[386:394] == "00000005"
    assert d[17:29] == "654321      " and d[62:74] == "00000000013P" and d[82:85] == "336"
    assert d[106:108] == "20" and d[108:110] == "01" and d[326:334] == "01001000"
    assert reader.problems == [] and reader.layout.id == LAYOUT
    assert titles[0].view["our_number_dv"] == "P"


@pytest.mark.parametrize("record", ["detalhe", "detalhe_retorno"])
def test_nosso_numero_dv_rule(record):
    # CalculoDV::c6NossoNumero: módulo 11, weights 2..7 from the right, over 0 + carteira (2) + the
    # 10-digit number; remainder 0 → 0, remainder 1 → P. No manual example is available; vectors
    # worked by hand for carteira 20:
    #   0200000000001: 1×2 + 2×7 = 16, r 5 → 6;   0200000000004: 4×2 + 14 = 22, r 0 → 0
    #   0200000000013: 3×2 + 1×3 + 14 = 23, r 1 → P;   0200000000009: 18 + 14 = 32, r 10 → 1
    expr = layout_field(LAYOUT, record, "nosso_numero_dv").compute

    def dv(nn, carteira="20"):
        return str(evaluate(expr, FieldEnv({"nosso_numero": nn, "carteira": carteira})))

    assert dv("00000000001") == "6"
    assert dv("00000000004") == "0"
    assert dv("00000000013") == "P"
    assert dv("00000000009") == "1"
    assert dv("00000000000", "10") == "0"  # carteira 10: the bank assigns the number


def test_febraban_codes_are_written_as_c6_codes():
    # laravel-boleto's C6 constants: espécie 01 duplicata, 02 duplicata de serviço, 03 nota
    # promissória, 10 cheque; ocorrência 18/19 sustar protesto e baixar/manter
    from cnab.errors import CnabError
    from cnab.files.models import Beneficiary

    ben = Beneficiary(bank="336", name="Empresa Exemplo", document="11.222.333/0001-81",
                      convenio="654321", wallet="20")

    def detail(**codes):
        lines, reader, _ = write_remessa(
            LAYOUT, ben, {"sequence": 1, "generated_at": dt.datetime(2025, 8, 1)},
            our_number="13", due_date=dt.date(2025, 9, 1), amount=Decimal("10.00"), **codes)
        assert reader.problems == []
        return lines[1]

    assert detail()[108:110] + detail()[147:149] == "0101"  # entrada, DM
    assert detail(species="04")[147:149] == "02"
    assert detail(species="12")[147:149] == "03"
    assert detail(species="01")[147:149] == "10"
    assert detail(movement="11")[108:110] == "19"
    for bad in ({"species": "08"}, {"movement": "18"}):
        with pytest.raises(CnabError, match="XX"):
            detail(**bad)
