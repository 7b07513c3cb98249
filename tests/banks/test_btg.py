"""BTG Pactual (208): btg.cnab240 against the BTG implantation kit (no corpus file exists).

The kit's "Tradutor CNAB" spreadsheet carries three real lines (header de arquivo, header de
lote, segment P) with each field's value; the rest is built with the layout's own codecs from
the FEBRABAN positions the kit points at.
"""

import datetime as dt
from decimal import Decimal

import cnab

from .common import layout_codecs, read_source, write_lines

LAYOUT = "btg.cnab240"
REG = cnab.default_registry()
CODECS = layout_codecs(LAYOUT)

# Lines from BTG/Tradutor_CNAB.xlsx (sheets Header Arquivo, Header Lote Cobrança, Segmento P);
# the spreadsheet trims trailing blanks, so they are padded back to 240.
HEADER = ("20800000         230306294000145001100983001401000  00001 0000001100983 EMPRESA CEDENTE"
          "               BANCO BTG PACTUAL S.A.                  12506202110504500000308300000").ljust(240)
HEADER_LOTE = ("20800011R01  000 2030306294000145001100983001401000  00001 0000001100983 EMPRESA CEDENTE"
               + " " * 95 + "000000030000000000000000").ljust(240)
SEG_P = ('2080001300001P 0100001 00000011007830000000000021        100001/1            250'
         '8202100000000000120000000 01N250620211000000000000000000000000000000000000000000'
         '000000000000000000000000000000000000000657800000001154      3000000090000000000').ljust(240)


def test_translator_lines_decode_to_the_translator_values():
    h = CODECS["header_arquivo"].decode(HEADER)
    assert (h["inscricao_empresa"], h["convenio"], h["agencia"], h["conta"], h["conta_dv"]) == (
        "30306294000145", "001100983001401000", 1, 110098, "3")
    assert (h["data_geracao"], h["hora_geracao"]) == (dt.date(2021, 6, 25), dt.time(10, 50, 45))
    assert (h["sequencial_arquivo"], h["versao_layout_arquivo"], h["codigo_remessa_retorno"]) == (3, "083", 1)
    lote = CODECS["header_lote"].decode(HEADER_LOTE)
    assert (lote["operacao"], lote["versao_layout_lote"], lote["numero_remessa_retorno"]) == ("R", "000", 3)
    p = CODECS["segmento_p"].decode(SEG_P)
    assert (p["codigo_movimento"], p["nosso_numero"], p["carteira"], p["numero_documento"]) == (
        "01", "000000000021", 1, "1/1")
    assert (p["vencimento"], p["valor_titulo"], p["data_emissao"]) == (
        dt.date(2021, 8, 25), Decimal("12.00"), dt.date(2021, 6, 25))
    assert (p["especie"], p["aceite"], p["codigo_juros"], p["codigo_protesto"], p["codigo_moeda"]) == (
        "01", "N", 1, 3, 9)
    assert p["uso_empresa"] == "0000657800000001154"
    for codec, line in ((CODECS["header_arquivo"], HEADER), (CODECS["header_lote"], HEADER_LOTE),
                        (CODECS["segmento_p"], SEG_P)):
        assert codec.encode(codec.decode(line)) == line


def _common(lote=1, seq=None):
    d = {"banco": "208", "lote": lote}
    if seq is not None:
        d["sequencial_lote"] = seq
    return d


def test_btg_remessa_with_the_translator_lines(tmp_path):
    q = CODECS["segmento_q"].encode({**_common(1, 2), "codigo_movimento": "01",
                                     "tipo_inscricao_pagador": 1, "inscricao_pagador": "000011144477735",
                                     "nome_pagador": "FULANO DE TAL", "endereco_pagador": "RUA A 1",
                                     "bairro_pagador": "CENTRO", "cep": "61900", "cep_sufixo": "460",
                                     "cidade_pagador": "MARACANAU", "uf_pagador": "CE"})
    t5 = CODECS["trailer_lote"].encode({**_common(), "quantidade_registros": 4})
    t9 = CODECS["trailer_arquivo"].encode({"banco": "208", "quantidade_lotes": 1, "quantidade_registros": 6})
    path = write_lines(tmp_path / "btg.rem", [HEADER, HEADER_LOTE, SEG_P, q, t5, t9])
    r, titles = read_source(path, strict=True)
    assert (r.layout.id, r.direction) == (LAYOUT, "remessa")
    assert [str(p) for p in r.problems] == []
    (t,) = titles
    v = t.view
    assert (v["our_number"], v["movement"], v["amount"], v["due_date"]) == (
        "000000000021", "01", Decimal("12.00"), dt.date(2021, 8, 25))
    assert v["payer_name"] == "FULANO DE TAL"


def test_btg_retorno_built_from_the_febraban_positions(tmp_path):
    header = CODECS["header_arquivo"].decode(HEADER)
    header.update(codigo_remessa_retorno=2, sequencial_arquivo=4)
    lote = CODECS["header_lote"].decode(HEADER_LOTE)
    lote.update(operacao="T", numero_remessa_retorno=4, data_gravacao=dt.date(2021, 8, 26))
    seg_t = {**_common(1, 1), "codigo_movimento": "06", "agencia": 1, "conta": 110098, "conta_dv": 3,
             "nosso_numero": "000000000021", "carteira": 1, "numero_documento": "1/1",
             "vencimento": dt.date(2021, 8, 25), "valor_titulo": Decimal("12.00"),
             "banco_cobrador": "208", "agencia_cobradora": 1, "uso_empresa": "0000657800000001154",
             "codigo_moeda": 9, "tipo_inscricao_pagador": 1, "inscricao_pagador": "000011144477735",
             "nome_pagador": "FULANO DE TAL", "valor_tarifa": Decimal("1.50"), "motivos": "  "}
    seg_u = {**_common(1, 2), "codigo_movimento": "06", "juros_multa": Decimal("0.30"),
             "desconto": Decimal("0"), "abatimento": Decimal("0"), "iof": Decimal("0"),
             "valor_pago": Decimal("12.30"), "valor_liquido": Decimal("10.80"),
             "outras_despesas": Decimal("0"), "outros_creditos": Decimal("0"),
             "data_ocorrencia": dt.date(2021, 8, 26), "data_credito": dt.date(2021, 8, 27),
             "valor_ocorrencia_pagador": Decimal("0")}
    lines = [CODECS["header_arquivo"].encode(header), CODECS["header_lote"].encode(lote),
             CODECS["segmento_t"].encode(seg_t), CODECS["segmento_u"].encode(seg_u),
             CODECS["trailer_lote"].encode({**_common(), "quantidade_registros": 4,
                                            "quantidade_simples": 1, "valor_simples": Decimal("12.00")}),
             CODECS["trailer_arquivo"].encode({"banco": "208", "quantidade_lotes": 1,
                                               "quantidade_registros": 6})]
    # spot-check the encoding against the FEBRABAN positions (T 16-17, 38-57, 82-96; U 78-92)
    assert lines[2][15:17] == "06" and lines[2][37:57] == "000000000021        "
    assert lines[2][81:96] == "000000000001200" and lines[3][77:92] == "000000000001230"
    r, titles = read_source(write_lines(tmp_path / "btg.ret", lines), strict=True)
    assert (r.layout.id, r.direction) == (LAYOUT, "retorno")
    assert [str(p) for p in r.problems] == []
    (t,) = titles
    v = t.view
    assert (v["our_number"], v["occurrence"], v["reasons"]) == ("000000000021", "06", [])
    assert (v["amount"], v["paid_amount"], v["net_amount"], v["bank_rate"], v["interest"]) == (
        Decimal("12.00"), Decimal("12.30"), Decimal("10.80"), Decimal("1.50"), Decimal("0.30"))
    assert (v["occurrence_date"], v["credit_date"]) == (dt.date(2021, 8, 26), dt.date(2021, 8, 27))
    occ = REG.table(REG.layout(LAYOUT).tables["occurrence"])
    assert occ.codes[v["occurrence"]].settles


def test_btg_tables_are_febraban():
    assert REG.table("btg.cnab240.ocorrencia").codes["65"].text
    assert "48" in REG.table("btg.cnab240.movimento").codes
