"""Banco do Nordeste (004): bnb.cnab400 (the bank publishes no CNAB 240 cobrança layout)."""

import datetime as dt
from decimal import Decimal

import pytest

import cnab
from cnab.layout.expr import Env, evaluate

from ..conftest import CORPUS, corpus_manifest

BANK = "004"
LAYOUT = "bnb.cnab400"

ROWS = [
    r
    for r in corpus_manifest()
    if r["bank_code"] == BANK
    and not r["file"].startswith("nodejs-cnab")
    and "utf16" not in r["quirks"]
]
CLEAN_ROWS = [r for r in ROWS if r["quirks"] == "clean"]


def _errors(reader):
    return sorted(
        ((p.line, p.record, p.field, p.rule) for p in reader.errors),
        key=lambda e: (e[0], str(e[1]), str(e[2]), e[3]),
    )


@pytest.fixture(scope="module")
def registry():
    return cnab.default_registry()


class _Values(Env):
    def __init__(self, values):
        self.values = values

    def name(self, parts):
        return self.values[".".join(parts)]


def _dv(registry, layout_id, record, field, **values):
    expr = registry.layout(layout_id).records[record].field(field).compute
    return str(evaluate(expr, _Values(values)))


def _titles(name):
    path = CORPUS / name
    if not path.exists():
        pytest.skip("corpus not present")
    reader = cnab.read(path, errors="collect", strict=False)
    return reader, list(reader)


@pytest.mark.skipif(not ROWS, reason="../shared/corpus not present")
@pytest.mark.parametrize("row", ROWS, ids=lambda r: r["file"])
def test_corpus_file_is_detected_and_reads_lenient(row):
    reader = cnab.read(CORPUS / row["file"], errors="collect", strict=False)
    titles = list(reader)
    assert reader.layout.id == LAYOUT
    assert reader.direction == row["kind"]
    stats = reader.stats
    assert stats["lines"] == stats["frame_lines"] + stats["title_lines"] + stats["reported_lines"]
    assert _errors(reader) == [], [str(p) for p in reader.errors]
    assert titles


@pytest.mark.skipif(not CLEAN_ROWS, reason="no clean corpus file for this bank")
@pytest.mark.parametrize("row", CLEAN_ROWS, ids=lambda r: r["file"])
def test_clean_file_strict_and_byte_identical(row, registry):
    reader = cnab.read(CORPUS / row["file"], strict=True, errors="collect")
    titles = list(reader)
    assert reader.problems == [], [str(p) for p in reader.problems]
    codecs = registry.codecs(reader.layout)
    for t in titles:
        for item in t.records:
            assert codecs[item.name].encode(item.values) == item.raw, (item.name, item.line)


@pytest.mark.parametrize(
    "name",
    [
        "brcobranca/spec_arquivos_CNAB400BANCONORDESTE.RET",
        "brcobranca/spec_fixtures_remessa_remessa-banco-nordeste-cnab400.rem",
    ],
)
def test_lf_only_corpus_records_reencode_byte_identical(name, registry):
    # the corpus files are lf-only (not "clean"), but every record still re-encodes to its line
    reader, titles = _titles(name)
    codecs = registry.codecs(reader.layout)
    lines = (CORPUS / name).read_text("latin-1").split("\n")
    for t in titles:
        for item in t.records:
            assert codecs[item.name].encode(item.values) == item.raw == lines[item.line - 1]


def test_retorno_values_checked_by_hand():
    # retorno detail positions (manual p.5): 18-21 agência 0217, 24-30 conta 0005691, 31 dígito 1,
    # 63-69 nosso número 0000011, 70 dígito 6, 108 carteira I, 109-110 serviço 06 (liquidação),
    # 111-116 ocorrência 19/11/14, 147-152 vencimento 19/11/14, 153-165 valor 175,00,
    # 166-168 banco 004, 169-172 agência cobradora 0217, 174-175 espécie 01, 176-188 tarifa 2,60,
    # 254-266 valor recebido 175,00; header 109-113 sequencial do retorno 00003
    reader, titles = _titles("brcobranca/spec_arquivos_CNAB400BANCONORDESTE.RET")
    assert reader.layout.id == LAYOUT and reader.direction == "retorno"
    assert len(titles) == 1
    v = titles[0].view
    assert (v["our_number"], v["our_number_dv"], v["occurrence"]) == ("0000011", "6", "06")
    assert v["occurrence_date"] == dt.date(2014, 11, 19) and v["due_date"] == dt.date(2014, 11, 19)
    assert v["amount"] == Decimal("175.00") and v["paid_amount"] == Decimal("175.00")
    assert v["bank_rate"] == Decimal("2.60") and v["interest"] == Decimal("0.00")
    assert (v["paid_bank"], v["paid_agency"]) == ("004", 217)
    d = titles[0].records[0].values
    assert (d["agencia"], d["conta"], d["conta_dv"], d["carteira"]) == (217, "0005691", "1", "I")
    assert d["confirmacao_nosso_numero"] == "0000011" and d["especie"] == "01"
    # error table: positions 298-300 flagged, i.e. errors 19, 20 and 21
    assert [i + 1 for i, c in enumerate(d["tabela_erros"]) if c == "1"] == [19, 20, 21]
    assert reader.header["sequencial_retorno"] == 3 and reader.header["agencia"] == 217


def test_remessa_values_checked_by_hand():
    # remessa detail: 18-21 agência 1234, 24-30 conta 1234567, 31 dígito 1, 32-33 multa 00,
    # 38-62 número controle 6969, 63-69 nosso número 0000123, 70 dígito 6, 108 carteira 4,
    # 109-110 serviço 01, 121-126 vencimento 14/07/15, 127-139 valor 199,90, 140-142 banco 004,
    # 148-149 espécie 01, 392-393 prazo de protesto 99, 394 moeda 0
    reader, titles = _titles("brcobranca/spec_fixtures_remessa_remessa-banco-nordeste-cnab400.rem")
    assert reader.direction == "remessa"
    v = titles[0].view
    assert (v["our_number"], v["our_number_dv"], v["movement"]) == ("0000123", "6", "01")
    assert v["due_date"] == dt.date(2015, 7, 14) and v["amount"] == Decimal("199.90")
    assert v["company_use"] == "6969"
    d = titles[0].records[0].values
    assert (d["agencia"], d["conta"], d["conta_dv"], d["carteira"]) == (1234, "1234567", "1", "4")
    assert d["banco_cobrador"] == "004" and d["prazo_protesto"] == 99 and d["codigo_moeda"] == "0"
    assert d["nome_pagador"] == "PABLO DIEGO JOSE FRANCISCO DE PAULA JUAN"


def test_wrong_nosso_numero_dv_is_reported(tmp_path):
    path = CORPUS / "brcobranca/spec_arquivos_CNAB400BANCONORDESTE.RET"
    if not path.exists():
        pytest.skip("corpus not present")
    lines = path.read_text("latin-1").split("\n")
    lines[1] = lines[1][:69] + "7" + lines[1][70:]
    bad = tmp_path / "BAD.RET"
    bad.write_text("\r\n".join(lines), "latin-1")
    reader = cnab.read(bad, errors="collect", strict=False)
    list(reader)
    assert _errors(reader) == [(2, "detalhe_retorno", "nosso_numero_dv", "computed-mismatch")]


@pytest.mark.parametrize("record", ["detalhe", "detalhe_retorno"])
def test_nosso_numero_dv_manual_example(record, registry):
    def dv(nn):
        return _dv(registry, LAYOUT, record, "nosso_numero_dv", nosso_numero=nn)

    # nota 0: 9061138 → sum 142, remainder 10, dígito 1
    assert dv("9061138") == "1"
    # corpus: 0000011 → 6, 0000123 → 6; remainders 0 and 1 give 0
    assert dv("0000011") == "6" and dv("0000123") == "6"
    assert dv("0000014") == "0"  # 4×2 + 1×3 = 11, remainder 0
    assert dv("0000006") == "0"  # 6×2 = 12, remainder 1
    assert dv("0000005") == "1"  # 5×2 = 10, remainder 10
