"""Banco Pine (643) and Delbank (Delcred SCD, 435) CNAB 400: both are the AUTBANK 'novo CNAB 400'
layout (manual RENDIMENTO/LAYOUT_AUTK_novoCNAB400; neither bank's own manual is public),
cross-checked with laravel-boleto Pine.php and Delbank.php. Their layouts differ only in bank
code, name and tables, so one set of tests runs for both.

No file of either bank is in the corpus: a remessa and a retorno are built from the manual's field
description with the layout's own codecs and read back through cnab.read.
"""

import datetime as dt
from decimal import Decimal

import pytest

import cnab

from ..conftest import corpus_manifest

BANKS = [("pine", "643", "BANCO PINE S.A"), ("delbank", "435", "DELCRED SCD S.A")]


@pytest.fixture(params=BANKS, ids=[b[0] for b in BANKS])
def bank(request):
    slug, code, name = request.param
    return slug, f"{slug}.cnab400", code, name


def test_no_corpus_file(bank):
    assert [r for r in corpus_manifest() if r["bank_code"] == bank[2]] == []


def _codecs(layout):
    reg = cnab.default_registry()
    return reg.codecs(reg.layout(layout))


def _retorno(bank):
    _, layout, code, name = bank
    c = _codecs(layout)
    lines = [
        c["header"].encode({"codigo_remessa_retorno": 2, "literal_remessa": "RETORNO",
                            "codigo_servico": 1, "literal_servico": "COBRANCA",
                            "codigo_empresa": "000000000000123456", "nome_empresa": "EMPRESA TESTE",
                            "banco": code, "nome_banco": name,
                            "data_gravacao": dt.date(2024, 6, 3), "densidade": "01600",
                            "unidade_densidade": "BPI", "numero_retorno": 7, "sequencial": 1}),
        c["detalhe_retorno"].encode({
            "tipo_inscricao_empresa": 2, "inscricao_empresa": "11222333000181",
            "codigo_empresa": "000000000000123456", "uso_empresa": "CTRL-9", "nosso_numero": "0000012345",
            "nosso_numero_dv": "7", "nossa_carteira": "112", "carteira": "1", "ocorrencia": "08",
            "data_ocorrencia": dt.date(2024, 5, 31), "numero_documento": "NF-77",
            "vencimento": dt.date(2024, 5, 20), "valor_titulo": Decimal("250.00"), "banco_cobrador": "237",
            "agencia_cobradora": 12345, "especie": "01", "valor_tarifa": Decimal("4.00"),
            "iof": Decimal(0), "abatimento": Decimal("10.00"), "desconto": Decimal(0),
            "valor_pago": Decimal("240.00"), "juros_mora": Decimal("1.25"), "moeda": "0", "erros": "",
            "data_credito": dt.date(2024, 6, 3), "zeros_392": "000", "sequencial": 2}),
        c["trailer_retorno"].encode({"codigo_retorno": "2", "codigo_servico": "01", "banco": code,
                                     "zeros_8": "0" * 98, "sequencial": 3}),
    ]
    assert all(len(x) == 400 for x in lines)
    return lines


def test_retorno_positions_and_values(bank):
    lines = _retorno(bank)
    d = lines[1]
    # AUTBANK retorno: 63-73 nosso número + DV, 83-85 nossa carteira, 108 carteira, 109-110
    # ocorrência, 111-116 data, 117-126 seu número, 147-152 vencimento, 153-165 valor,
    # 166-168 banco, 169-173 agência + DAC, 176-188 tarifa, 228-240 abatimento, 254-266 valor pago,
    # 267-279 mora/multa, 377 moeda, 378-385 erros, 386-391 data do crédito.
    assert d[62:73] == "00000123457" and d[82:85] == "112" and d[108:110] == "08"
    assert d[146:152] == "200524" and d[152:165] == "0000000025000" and d[165:173] == "23712345"
    assert d[253:266] == "0000000024000" and d[385:391] == "030624"
    r = cnab.read(("\r\n".join(lines) + "\r\n").encode("latin-1"), strict=True, errors="collect")
    (t,) = list(r)
    assert (r.layout.id, r.direction) == (bank[1], "retorno")
    assert [str(p) for p in r.problems] == []
    s = r.stats
    assert s["lines"] == s["frame_lines"] + s["title_lines"] + s["reported_lines"]
    v = t.view
    assert (v["our_number"], v["our_number_dv"], v["occurrence"]) == ("0000012345", "7", "08")
    assert v["amount"] == Decimal("250.00") and v["paid_amount"] == Decimal("240.00")
    assert v["rebate"] == Decimal("10.00") and v["interest"] == Decimal("1.25")
    assert v["bank_rate"] == Decimal("4.00") and v["paid_bank"] == "237"
    assert v["occurrence_date"] == dt.date(2024, 5, 31) and v["credit_date"] == dt.date(2024, 6, 3)
    assert v["due_date"] == dt.date(2024, 5, 20) and v["document_number"] == "NF-77"
    assert r.header["codigo_empresa"] == "000000000000123456"


def test_rejection_reasons_and_tables(bank):
    slug = bank[0]
    lines = _retorno(bank)
    d = lines[1]
    d = d[:108] + "03" + d[110:377] + "05AI    " + d[385:]
    r = cnab.read(("\r\n".join([lines[0], d, lines[2]]) + "\r\n").encode("latin-1"),
                  strict=True, errors="collect")
    (t,) = list(r)
    assert [str(p) for p in r.problems] == []
    assert (t.view["occurrence"], t.view["reasons"]) == ("03", ["05", "AI"])
    reg = cnab.default_registry()
    occ = reg.table(f"{slug}.cnab400.ocorrencia")
    assert occ.get("03").category == "rejected" and occ.get("06").settles is True
    assert occ.get("03").reasons == f"{slug}.cnab400.motivo.entrada"
    motivo = reg.table(f"{slug}.cnab400.motivo.entrada")
    assert motivo.text("05") == "Data de Vencimento inválida ou fora do prazo mínimo"
    assert motivo.text("AI") == "Nossa carteira inválida"


def test_remessa_positions(bank):
    _, layout, code, _ = bank
    c = _codecs(layout)
    line = c["detalhe"].encode({
        "tipo_inscricao_empresa": 2, "inscricao_empresa": "11222333000181",
        "codigo_empresa": "000000000000123456", "uso_empresa": "CTRL-9", "nosso_numero": "00000012345",
        "codigo_multa": 2, "valor_multa": Decimal("2.00"), "dias_multa": 1, "carteira": "6",
        "ocorrencia": "01", "numero_documento": "NF-77", "vencimento": dt.date(2024, 5, 20),
        "valor_titulo": Decimal("250.00"), "banco_cobrador": code, "especie": "01", "aceite": "N",
        "data_emissao": dt.date(2024, 5, 1), "tipo_inscricao_pagador": 1,
        "inscricao_pagador": "00012345678909", "nome_pagador": "FULANO DE TAL",
        "endereco_pagador": "RUA A 1", "bairro_pagador": "CENTRO", "cep": "01001", "cep_sufixo": "000",
        "cidade_pagador": "SAO PAULO", "uf_pagador": "SP", "prazo_protesto": 5, "moeda": "1",
        "sequencial": 2})
    # AUTBANK remessa: 18-37 código da empresa, 63-73 nosso número, 90 código da multa,
    # 91-103 multa, 104-105 dias, 108 carteira, 140-142 banco, 235-264 nome (30), 392-393 prazo,
    # 394 moeda.
    assert line[17:37] == "000000000000123456  " and line[62:73] == "00000012345"
    assert line[89] == "2" and line[90:103] == "0000000000200" and line[103:105] == "01"
    assert line[107] == "6" and line[139:142] == code and line[234:264] == "FULANO DE TAL".ljust(30)
    assert line[391:393] == "05" and line[393] == "1"


def test_pine_via_bradesco_carries_the_correspondent_nosso_numero():
    """Carteira 4 (correspondente Bradesco): Bradesco's nosso número with its DV at 74-86."""
    from cnab.files.models import Beneficiary, Boleto, Payer
    from cnab.files.writer import Writer

    ben = Beneficiary(bank="643", name="Empresa", document="11.222.333/0001-81", agency="0001",
                      account="1234567", convenio="12345678901234567890", wallet="4")
    payer = Payer(name="Maria", document="111.444.777-35", address="Rua A", district="Centro",
                  zip="01001000", city="Sao Paulo", state="SP")
    boleto = Boleto(our_number="0", due_date=dt.date(2026, 12, 1), amount=Decimal("10.00"),
                    payer=payer, correspondent_our_number="09000000000028")
    with pytest.raises(cnab.errors.InputError):  # 14 characters do not fit 13 positions
        Writer("pine.cnab400").render(ben, [boleto])
    boleto.correspondent_our_number = "000000000028"
    text = Writer("pine.cnab400").render(ben, [boleto])
    assert text.splitlines()[1][73:86] == "000000000028 "


@pytest.mark.parametrize("layout,bank", [("pine.cnab400", "643"), ("delbank.cnab400", "435")])
def test_febraban_codes_are_written_as_autbank_codes(layout, bank):
    # Pine and Delbank inherit Rendimento's translation (AUTBANK nota 6: 01 DM, 12 DS, 02 NP)
    from .test_rendimento import _autbank_detail

    def detail(**codes):
        return _autbank_detail(layout, bank, **codes)

    assert [detail(species=s)[147:149] for s in ("02", "04", "12")] == ["01", "12", "02"]
    with pytest.raises(cnab.errors.InputError, match="especie"):
        detail(species="14")
