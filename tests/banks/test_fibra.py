"""Banco Fibra (224): fibra.cnab400. No corpus file exists, so a retorno is built from the
manual's field description with the layout's own codecs."""

import datetime as dt
from decimal import Decimal

from cnab.layout.expr import evaluate

from .common import FieldEnv, crlf_bytes, encode_numbered, read_source, write_remessa

LAYOUT = "fibra.cnab400"


def test_retorno_built_from_the_manual(tmp_path, registry):
    header = {
        "codigo_remessa_retorno": 2,
        "literal_remessa": "RETORNO",
        "codigo_empresa": "00190001234567",
        "nome_empresa": "EMPRESA TESTE",
        "banco": "224",
        "nome_banco": "BANCO FIBRA",
        "data_gravacao": dt.date(2022, 5, 3),
        "densidade": 1600,
        "unidade_densidade": "BPI",
        "sequencial_retorno": 15,
    }
    common = {
        "tipo_inscricao_empresa": 2,
        "inscricao_empresa": "12345678000199",
        "codigo_empresa": "00190001234567",
        "nossa_carteira": "110",
        "carteira": "1",
        "banco_cobrador": "224",
        "especie": "01",
        "moeda": "0",
    }
    paid = dict(
        common,
        uso_empresa="PED-77",
        nosso_numero="0004309540",
        nosso_numero_dv="8",
        ocorrencia="06",
        data_ocorrencia=dt.date(2022, 5, 2),
        numero_documento="DUP123",
        vencimento=dt.date(2022, 4, 30),
        valor_titulo=Decimal("1000.00"),
        agencia_cobradora=19,
        agencia_cobradora_dv="5",
        valor_tarifa=Decimal("3.50"),
        iof=0,
        abatimento=0,
        desconto=0,
        valor_pago=Decimal("1010.00"),
        juros_mora=Decimal("10.00"),
        data_credito=dt.date(2022, 5, 3),
    )
    rejected = dict(
        common,
        nosso_numero="0000000000",
        nosso_numero_dv="0",
        ocorrencia="03",
        data_ocorrencia=dt.date(2022, 5, 2),
        numero_documento="DUP124",
        vencimento=dt.date(2022, 6, 30),
        valor_titulo=Decimal("50.00"),
        valor_tarifa=0,
        iof=0,
        abatimento=0,
        desconto=0,
        valor_pago=0,
        juros_mora=0,
        erros="0408",
        data_credito=dt.date(2022, 5, 3),
    )
    lines = encode_numbered(LAYOUT, [
        ("header", header),
        ("detalhe_retorno", paid),
        ("detalhe_retorno", rejected),
        ("trailer_retorno", {"banco": "224"}),
    ])
    # the manual's positions, checked on the raw line
    d = lines[1]
    assert d[62:73] == "00043095408" and d[82:85] == "110" and d[108:110] == "06"
    assert d[110:116] == "020522" and d[146:152] == "300422" and d[152:165] == "0000000100000"
    assert (
        d[165:173] == "22400195" and d[253:266] == "0000000101000" and d[266:279] == "0000000001000"
    )
    assert d[385:391] == "030522" and lines[2][377:385] == "0408    "
    path = tmp_path / "FIBRA.RET"
    path.write_bytes(crlf_bytes(lines))
    reader, titles = read_source(path, strict=True)
    assert reader.layout.id == LAYOUT and reader.direction == "retorno"
    assert reader.problems == [], [str(p) for p in reader.problems]
    v = titles[0].view
    assert (v["our_number"], v["our_number_dv"], v["occurrence"]) == ("0004309540", "8", "06")
    assert v["occurrence_date"] == dt.date(2022, 5, 2) and v["due_date"] == dt.date(2022, 4, 30)
    assert v["amount"] == Decimal("1000.00") and v["paid_amount"] == Decimal("1010.00")
    assert v["interest"] == Decimal("10.00") and v["bank_rate"] == Decimal("3.50")
    assert v["credit_date"] == dt.date(2022, 5, 3) and v["company_use"] == "PED-77"
    assert (v["paid_bank"], v["paid_agency"]) == ("224", 19)
    v = titles[1].view
    assert v["occurrence"] == "03" and v["reasons"] == ["04", "08"]
    table = registry.table("fibra.cnab400.ocorrencia")
    assert table.get("06").settles and table.get("08").settles and not table.get("10").settles
    assert (
        registry.table("fibra.cnab400.motivo.entrada").get("04").text == "Sigla do estado inválida"
    )
    assert reader.header["sequencial_retorno"] == 15


def test_remessa_written_matches_the_manual_positions():
    from cnab.files.models import Beneficiary

    ben = Beneficiary(
        bank="224",
        name="Empresa Exemplo",
        document="11.222.333/0001-81",
        convenio="00190001234567",
        wallet="D",
    )
    lines, reader, titles = write_remessa(
        LAYOUT,
        ben,
        {"sequence": 1, "generated_at": dt.datetime(2022, 5, 2, 9, 0)},
        our_number="0004309540",
        our_number_dv="8",
        due_date=dt.date(2022, 6, 1),
        amount=Decimal("99.90"),
        document_number="DOC1",
        issue_date=dt.date(2022, 5, 1),
        species="02",  # FEBRABAN DM, Fibra's 01 (duplicata)
    )
    h, d, t = lines[:3]
    assert h[76:79] == "224" and h[26:46] == "00190001234567      "
    assert d[1:3] == "02" and d[3:17] == "11222333000181" and d[17:31] == "00190001234567"
    assert d[62:73] == "00043095408" and d[107] == "D" and d[108:110] == "01"
    assert d[139:142] == "224" and d[142:147] == "00000" and d[147:149] == "01"
    assert d[234:264].rstrip() == "JOSE DA SILVA" and d[326:334] == "01001000" and d[393] == "0"
    assert t[0] == "9" and t[394:] == "000003"
    assert reader.problems == [] and reader.layout.id == LAYOUT
    assert (titles[0].view["our_number"], titles[0].view["our_number_dv"]) == ("0004309540", "8")


def test_nosso_numero_dv_rule_of_the_manual():
    # "Boletos pelo Cliente" (Março/2020): módulo 10 of agência (4) + carteira (3) + nosso número
    # (10); example agência 0001, carteira 121, nosso número 0004309540 → total 32, DV 8. The
    # agência is not in the CNAB 400 record, so the layout carries the DV without a compute; the
    # rule is evaluated here with the same built-in the layouts use.
    def dv(agencia, carteira, nn):
        return evaluate(
            "mod10(agencia + carteira + nosso_numero)",
            FieldEnv({"agencia": agencia, "carteira": carteira, "nosso_numero": nn}),
        )

    assert dv("0001", "121", "0004309540") == 8


def test_febraban_codes_are_written_as_fibra_codes():
    # nota 6: 01 duplicata, 02 nota promissória, 12 duplicata de serviço; nota 4: 09 protestar
    import pytest

    from cnab.errors import CnabError
    from cnab.files.models import Beneficiary

    ben = Beneficiary(bank="224", name="Empresa Exemplo", document="11.222.333/0001-81",
                      convenio="00190001234567", wallet="D")

    def detail(**codes):
        lines, reader, _ = write_remessa(
            LAYOUT, ben, {"sequence": 1, "generated_at": dt.datetime(2022, 5, 2)},
            our_number="0004309540", our_number_dv="8", due_date=dt.date(2022, 6, 1),
            amount=Decimal("9.90"), **codes)
        assert reader.problems == []
        return lines[1]

    assert detail()[147:149] == "01"  # the Boleto's default species, DM
    assert detail(species="04")[147:149] == "12"
    assert detail(species="12")[147:149] == "02"
    assert detail(species="01")[147:149] == "03"  # cheque
    assert detail(movement="09")[108:110] == "09"
    # FEBRABAN 18 is an alteração de abatimento; 11 (sustar protesto, manter) is not mapped to
    # Fibra's 18 (sustar protesto): the manual does not say whether the título is kept
    for bad in ({"species": "14"}, {"movement": "18"}, {"movement": "11"}):
        with pytest.raises(CnabError, match="XX"):
            detail(**bad)
