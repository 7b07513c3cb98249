"""Citibank (745) CNAB 400 remessa, from the brcobranca writer's field description (no public
Citibank manual) and the brcobranca remessa fixture in the corpus."""

import datetime as dt
from decimal import Decimal

import pytest

import cnab

from ..conftest import CORPUS, corpus_manifest

LAYOUT = "citibank.cnab400"
ROWS = [r for r in corpus_manifest()
        if r["bank_code"] == "745" and "nodejs-cnab" not in r["file"] and "utf16" not in r["quirks"]]
CLEAN_ROWS = [r for r in ROWS if r["quirks"] == "clean"]
REMESSA = "brcobranca/spec_fixtures_remessa_remessa-citibank-cnab400.rem"


def _read(name, strict=False):
    path = CORPUS / name
    if not path.exists():
        pytest.skip("corpus not present")
    r = cnab.read(path, errors="collect", strict=strict)
    return r, list(r)


@pytest.mark.skipif(not ROWS, reason="../shared/corpus not present")
@pytest.mark.parametrize("row", ROWS, ids=lambda r: r["file"])
def test_corpus_file_is_detected_and_reads(row):
    r, titles = _read(row["file"])
    assert r.layout.id == LAYOUT
    assert r.direction == row["kind"] == "remessa"
    s = r.stats
    assert s["lines"] == s["frame_lines"] + s["title_lines"] + s["reported_lines"]
    assert r.errors == [], [str(e) for e in r.errors]
    assert titles


@pytest.mark.skipif(not ROWS, reason="../shared/corpus not present")
@pytest.mark.parametrize("row", CLEAN_ROWS or ROWS, ids=lambda r: r["file"])
def test_records_reencode_byte_identical(row):
    # The only Citibank file is lf-only (not 'clean'): its records still re-encode exactly.
    r, titles = _read(row["file"], strict=row["quirks"] == "clean")
    if row["quirks"] == "clean":
        assert [str(p) for p in r.problems] == []
    codecs = cnab.default_registry().codecs(r.layout)
    n = 0
    for t in titles:
        for item in t.records:
            assert codecs[item.name].encode(item.values) == item.raw, (item.name, item.line)
            n += 1
    assert n > 0


def test_remessa_values_checked_by_hand():
    # Positions (brcobranca citibank.rb): 18-37 portfolio, 38-62 uso da empresa, 63-64 espécie,
    # 65-76 nosso número, 108 carteira, 109-110 ocorrência, 121-126 vencimento, 127-139 valor,
    # 140-142 banco, 148-149 tipo de emissão, 151-156 emissão, 221-234 pagador, 394 moeda.
    r, titles = _read(REMESSA)
    (t,) = titles
    v = t.view
    assert v["our_number"] == "000000000123" and v["movement"] == "01"
    assert v["due_date"] == dt.date(2015, 7, 14) and v["amount"] == Decimal("199.90")
    assert v["company_use"] == "6969" and v["payer_document"] == "00012345678901"
    d = t.records[0].values
    assert d["portfolio"] == "17777751042700080112" and d["especie"] == "01"
    assert (d["carteira"], d["tipo_emissao"], d["moeda"]) == ("1", "07", 9)
    assert d["data_emissao"] == dt.date(2015, 7, 14) and d["banco_cobrador"] == "745"
    assert r.header["portfolio"] == "17777751042700080112"
    assert (r.header["densidade"], r.header["unidade_densidade"]) == ("01600", "BPI")


def test_retorno_is_not_claimed():
    # No public description of a Citibank retorno exists here: the layout maps only 1 = remessa,
    # so a header saying 2 (retorno) gets no direction instead of a guessed retorno layout.
    path = CORPUS / REMESSA
    if not path.exists():
        pytest.skip("corpus not present")
    raw = path.read_bytes()
    raw = raw[:1] + b"2RETORNO" + raw[9:]
    r = cnab.read(raw, errors="collect", strict=False)
    list(r)
    assert r.layout.id == LAYOUT and r.direction is None
