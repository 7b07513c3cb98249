"""Banco Inter (077): inter.cnab400. No corpus file exists, so files are built from the manual's
field descriptions with the layout's own codecs."""

import datetime as dt
from decimal import Decimal

from .common import SAMPLE_PAYER, crlf_bytes, encode_numbered, read_source, write_remessa

LAYOUT = "inter.cnab400"


def test_retorno_built_from_the_manual(tmp_path, registry):
    header = {
        "codigo_remessa_retorno": 2,
        "literal_remessa": "RETORNO",
        "nome_empresa": "EMPRESA TESTE",
        "banco": "077",
        "nome_banco": "INTER",
        "data_gravacao": dt.date(2021, 9, 1),
    }
    common = {
        "tipo_inscricao_empresa": 2,
        "inscricao_empresa": "12345678000199",
        "carteira": "112",
        "agencia": 1,
        "conta": "0001234567",
        "carteira_titulo": "112",
        "banco_cobrador": "077",
        "agencia_cobradora": 1,
        "especie": "01",
    }
    paid = dict(
        common,
        uso_empresa="PEDIDO 1",
        nosso_numero="00123456789",
        ocorrencia="06",
        data_ocorrencia=dt.date(2021, 9, 1),
        numero_documento="NF1001",
        nosso_numero_inter="00123456789",
        vencimento=dt.date(2021, 9, 10),
        valor_titulo=Decimal("150.00"),
        valor_pago=Decimal("152.30"),
        data_credito=dt.date(2021, 9, 2),
        nome_pagador="FULANO DE TAL",
        inscricao_pagador="00012345678909",
    )
    rejected = dict(
        common,
        nosso_numero="00000000000",
        ocorrencia="03",
        data_ocorrencia=dt.date(2021, 9, 1),
        numero_documento="NF1002",
        vencimento=dt.date(2021, 9, 15),
        valor_titulo=Decimal("80.00"),
        nome_pagador="CICLANO",
        motivos_rejeicao="CEP INVALIDO",
    )
    trailer = {
        "quantidade_titulos": 2,
        "quantidade_02": 0,
        "valor_02": Decimal(0),
        "quantidade_03": 1,
        "quantidade_pagos": 1,
        "valor_pagos": Decimal("152.30"),
    }
    path = tmp_path / "CI400_221126103000000_001.RET"
    path.write_bytes(crlf_bytes(encode_numbered(LAYOUT, [
        ("header", header),
        ("detalhe_retorno", paid),
        ("detalhe_retorno", rejected),
        ("trailer_retorno", trailer),
    ])))
    raw = path.read_bytes().decode("latin-1").split("\r\n")
    # the manual's positions, checked on the raw line
    assert raw[1][70:81] == "00123456789" and raw[1][86:89] == "112" and raw[1][89:91] == "06"
    assert raw[1][91:97] == "010921" and raw[1][118:124] == "100921"
    assert raw[1][124:137] == "0000000015000" and raw[1][159:172] == "0000000015230"
    assert raw[1][172:178] == "020921" and raw[1][137:144] == "0770001"
    assert raw[3][17:25] == "00000002" and raw[3][115:120] == "00001"
    reader, titles = read_source(path, strict=True)
    assert reader.layout.id == LAYOUT and reader.direction == "retorno"
    assert reader.problems == [], [str(p) for p in reader.problems]
    v = titles[0].view
    assert (v["our_number"], v["occurrence"], v["document_number"]) == (
        "00123456789",
        "06",
        "NF1001",
    )
    assert v["occurrence_date"] == dt.date(2021, 9, 1) and v["due_date"] == dt.date(2021, 9, 10)
    assert v["amount"] == Decimal("150.00") and v["paid_amount"] == Decimal("152.30")
    assert v["credit_date"] == dt.date(2021, 9, 2)
    assert (v["paid_bank"], v["paid_agency"]) == ("077", 1)
    assert v["payer_name"] == "FULANO DE TAL" and v["payer_document"] == "00012345678909"
    assert v["company_use"] == "PEDIDO 1"
    v = titles[1].view
    assert v["occurrence"] == "03" and v["paid_amount"] is None and v["credit_date"] is None
    assert titles[1].records[0].values["motivos_rejeicao"] == "CEP INVALIDO"
    table = registry.table("inter.cnab400.ocorrencia")
    assert table.get("06").settles and table.get("06").category == "settled"
    assert table.get("03").category == "rejected" and not table.get("02").settles


def test_remessa_written_matches_the_manual_positions():
    from cnab.files.models import Beneficiary

    ben = Beneficiary(
        bank="077",
        name="Empresa Exemplo",
        document="11.222.333/0001-81",
        agency="0001",
        account="1234567",
    )
    lines, reader, titles = write_remessa(
        LAYOUT,
        ben,
        {"sequence": 12, "generated_at": dt.datetime(2021, 9, 1, 9, 0)},
        payer={**SAMPLE_PAYER, "district": ""},  # no bairro
        our_number="0",
        due_date=dt.date(2021, 10, 1),
        amount=Decimal("99.90"),
        document_number="DOC1",
        issue_date=dt.date(2021, 9, 1),
        company_use="CTRL1",
    )
    h, d, t = lines[0], lines[1], lines[2]
    assert h[:26] == "01REMESSA01COBRANCA       " and h[76:79] == "077" and h[110:117] == "0000012"
    assert d[20:37] == "11200010001234567" and d[37:42] == "CTRL1" and d[89:100] == "00000000000"
    assert d[108:110] == "01" and d[110:114] == "DOC1" and d[120:126] == "011021"
    assert d[126:139] == "0000000009990" and d[147:149] == "99" and d[149] == "N"
    assert d[220:222] == "01" and d[222:236] == "00011144477735" and d[316:324] == "01001000"
    assert t[0] == "9" and t[1:7] == "000001" and t[394:400] == "000003"
    assert reader.problems == [] and reader.layout.id == LAYOUT
    assert titles[0].view["amount"] == Decimal("99.90") and titles[0].view["movement"] == "01"


def test_no_nosso_numero_check_digit_rule_in_the_manual(registry):
    # the Inter manual assigns the whole nosso número (with its dígito) in the retorno and gives no
    # rule to compute it, so the layout verifies none
    layout = registry.layout(LAYOUT)
    assert all(
        f.compute is None
        for f in layout.records["detalhe_retorno"].fields
        if f.name.startswith("nosso_numero")
    )


def test_febraban_codes_inter_lacks_are_refused():
    # the manual gives one ocorrência (01 remessa), one espécie (99 outros, whatever the boleto's
    # C015 species) and one aceite (N): DM, DS and NP are all written 99; a pedido de baixa or a
    # boleto aceito cannot be written
    import pytest

    from cnab.errors import CnabError
    from cnab.files.models import Beneficiary

    ben = Beneficiary(bank="077", name="Empresa Exemplo", document="11.222.333/0001-81",
                      agency="0001", account="1234567")

    def detail(**codes):
        lines, reader, _ = write_remessa(
            LAYOUT, ben, {"sequence": 1, "generated_at": dt.datetime(2021, 9, 1)},
            our_number="0", due_date=dt.date(2021, 10, 1), amount=Decimal("9.90"), **codes)
        assert reader.problems == []
        return lines[1]

    for species in ("02", "04", "12"):
        d = detail(species=species)
        assert (d[108:110], d[147:149], d[149]) == ("01", "99", "N")
    with pytest.raises(CnabError, match="ocorrencia"):
        detail(movement="02")
    with pytest.raises(CnabError, match="aceite"):
        detail(accept="A")


def test_multa_juros_and_desconto_reach_their_inter_fields():
    """FEBRABAN codes and values land in Inter's own fields (66-89 multa, 160-183 juros,
    184-207 desconto): the values used to be written with code 0, i.e. ignored by the bank."""
    import pytest

    from cnab.errors import CnabError
    from cnab.files.models import Beneficiary

    ben = Beneficiary(bank="077", name="Empresa Exemplo", document="11.222.333/0001-81",
                      agency="0001", account="1234567")

    def detail(**boleto):
        lines, reader, _ = write_remessa(
            LAYOUT, ben, {"sequence": 1, "generated_at": dt.datetime(2021, 9, 1)},
            our_number="0", due_date=dt.date(2021, 10, 1), amount=Decimal("100.00"), **boleto)
        assert reader.problems == []
        return lines[1]

    d = detail(fine_code="2", fine=Decimal("2.00"), fine_date=dt.date(2021, 10, 2),
               interest_code="1", interest=Decimal("0.33"), interest_date=dt.date(2021, 10, 2),
               discount_code="1", discount=Decimal("5.00"), discount_date=dt.date(2021, 9, 25))
    assert (d[65], d[66:79], d[79:83], d[83:89]) == ("2", "0" * 13, "0200", "021021")
    assert (d[159], d[160:173], d[173:177], d[177:183]) == ("1", "0000000000033", "0000", "021021")
    assert (d[183], d[184:197], d[197:201], d[201:207]) == ("1", "0000000000500", "0000", "250921")
    d = detail(fine_code="1", fine=Decimal("3.50"), discount_code="2", discount=Decimal("1.50"))
    assert (d[65], d[66:79], d[79:83]) == ("1", "0000000000350", "0000")
    assert (d[183], d[184:197], d[197:201]) == ("4", "0" * 13, "0150")  # percentual até a data
    assert d[159] == "0"  # the boleto's default juros code 3 (isento)
    with pytest.raises(CnabError, match="campo_juros"):  # taxa mensal: Inter has none
        detail(interest_code="2", interest=Decimal("1.00"))
