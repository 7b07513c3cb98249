"""Citibank (745) CNAB 400 remessa, from the brcobranca writer's field description (no public
Citibank manual) and the brcobranca remessa fixture in the corpus."""

import datetime as dt
from decimal import Decimal

import pytest

from cnab.errors import InputError

from .common import (
    check_lenient_read, check_records_reencode, clean_rows, corpus_path, corpus_rows, read_present,
    read_source,
)

LAYOUT = "citibank.cnab400"
ROWS = corpus_rows("745")
CLEAN_ROWS = clean_rows(ROWS)
REMESSA = "brcobranca/spec_fixtures_remessa_remessa-citibank-cnab400.rem"


@pytest.mark.skipif(not ROWS, reason="../shared/corpus not present")
@pytest.mark.parametrize("row", ROWS, ids=lambda r: r["file"])
def test_corpus_file_is_detected_and_reads(row):
    assert row["kind"] == "remessa"
    _, titles = check_lenient_read(row, LAYOUT)
    assert titles


@pytest.mark.skipif(not ROWS, reason="../shared/corpus not present")
@pytest.mark.parametrize("row", CLEAN_ROWS or ROWS, ids=lambda r: r["file"])
def test_records_reencode_byte_identical(row):
    # The only Citibank file is lf-only (not 'clean'): its records still re-encode exactly.
    r, titles = read_present(row["file"], strict=row["quirks"] == "clean")
    if row["quirks"] == "clean":
        assert [str(p) for p in r.problems] == []
    assert check_records_reencode(r, titles) > 0


def test_remessa_values_checked_by_hand():
    # Positions (brcobranca citibank.rb): 18-37 portfolio, 38-62 uso da empresa, 63-64 espécie,
    # 65-76 nosso número, 108 carteira, 109-110 ocorrência, 121-126 vencimento, 127-139 valor,
    # 140-142 banco, 148-149 tipo de emissão, 151-156 emissão, 221-234 pagador, 394 moeda.
    r, titles = read_present(REMESSA)
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
    raw = corpus_path(REMESSA).read_bytes()
    raw = raw[:1] + b"2RETORNO" + raw[9:]
    r, _ = read_source(raw)
    assert r.layout.id == LAYOUT and r.direction is None


def test_febraban_codes_are_written_as_citibank_codes():
    # brcobranca's Citibank writer: espécie 02 DM, 00 DMI; ocorrência 01 only
    from cnab.errors import InputError

    from .common import sample_beneficiary, write_remessa

    ben = sample_beneficiary("745", convenio="12345678901234567890")

    def detail(**codes):
        lines, reader, _ = write_remessa(
            LAYOUT, ben, {"sequence": 1, "generated_at": dt.datetime(2026, 1, 5)},
            our_number="123", due_date=dt.date(2026, 2, 5), amount=Decimal("1.00"), **codes)
        assert reader.problems == []
        return lines[1]

    assert [detail(species=s)[62:64] for s in ("02", "03")] == ["02", "00"]
    for bad in ({"species": "04"}, {"species": "12"}, {"movement": "02"}):
        with pytest.raises(InputError, match="XX"):
            detail(**bad)


def test_money_columns_and_no_place_for_a_multa():
    # brcobranca citibank.rb: 161-173 mora ao dia, 174-179 data limite do desconto, 180-192
    # valor do desconto, 206-218 abatimento; it has no multa field and no multa instrução (157-158
    # knows 00, 06, 07, 09, 10 only), so a multa has no place: such a boleto is refused.
    from .common import boleto_line, sample_beneficiary

    ben = sample_beneficiary("745", convenio="12345678901234567890")

    def detail(**money):
        return boleto_line(LAYOUT, ben, our_number="123", amount=Decimal("100.00"),
                           **money)

    d = detail(interest_code="1", interest=Decimal("0.33"), discount_code="1",
               discount=Decimal("5.00"), discount_date=dt.date(2027, 1, 5), rebate=Decimal("1.50"))
    assert d[160:173] == "0000000000033"
    assert d[173:179] == "050127" and d[179:192] == "0000000000500"
    assert d[205:218] == "0000000000150"
    assert detail()[160:218] == "0" * 58
    # a boleto with a multa is refused (layout `refuse:`), not registered without it
    with pytest.raises(InputError, match="no multa"):
        detail(fine_code="2", fine=Decimal("2.00"), fine_date=dt.date(2027, 1, 11))
