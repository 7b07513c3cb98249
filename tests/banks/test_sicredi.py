"""Sicredi (748) layouts against the corpus and the Sicredi CNAB 240 / 400 manuals (Ago/2019)."""

import datetime as dt
from decimal import Decimal

import pytest

import cnab

from .common import (
    codes_line,
    check_clean_reencodes, check_lenient_read, check_records_reencode, clean_rows, corpus_rows,
    layout_codecs, read_all, read_source, write_lines,
)

BANK = "748"
ROWS = corpus_rows(BANK)
EXPECTED_LAYOUT = {"240": "sicredi.cnab240", "400": "sicredi.cnab400"}


@pytest.mark.skipif(not ROWS, reason="../shared/corpus not present")
@pytest.mark.parametrize("row", ROWS, ids=lambda r: r["file"])
def test_corpus_file_is_detected_and_reads(row):
    _, titles = check_lenient_read(row, EXPECTED_LAYOUT[row["cnab"][:3]])
    assert titles


CLEAN = clean_rows(ROWS)


@pytest.mark.parametrize("row", CLEAN, ids=lambda r: r["file"])
def test_clean_file_strict_and_byte_identical(row):  # no Sicredi file of the corpus is clean
    check_clean_reencodes(row)


def test_lf_only_files_still_reencode_byte_identical():
    # The corpus has no clean Sicredi file; the lf-only ones differ only in their line ends,
    # so their records must re-encode byte for byte as well.
    for name in ("brcobranca/spec_arquivos_CNAB240SICREDI.CRT",
                 "brcobranca/spec_fixtures_remessa_remessa-sicredi-cnab240.rem"):
        check_records_reencode(*read_all(name))


def test_sicredi_240_retorno_values():
    # brcobranca CNAB240SICREDI.CRT, by hand against SIC240 §6.10/6.11: T 16-17 movimento,
    # 38-57 nosso número, 74-81 vencimento, 82-96 valor, 199-213 tarifa, 214-223 motivos;
    # U 78-92 valor pago, 138-145 ocorrência, 146-153 crédito.
    r, titles = read_all("brcobranca/spec_arquivos_CNAB240SICREDI.CRT")
    assert r.layout.id == "sicredi.cnab240" and r.direction == "retorno"
    assert len(titles) == 2
    v = titles[0].view
    assert (v["our_number"], v["occurrence"], v["reasons"]) == ("172000595", "02", ["A4"])
    assert v["due_date"] == dt.date(2017, 4, 13) and v["amount"] == Decimal("9.95")
    assert v["occurrence_date"] == dt.date(2017, 4, 6)
    assert v["paid_amount"] == Decimal("0.00") and v["credit_date"] is None
    assert v["company_use"] == "8457"
    v = titles[1].view
    assert (v["occurrence"], v["reasons"], v["bank_rate"]) == ("28", ["05"], Decimal("3.80"))
    assert v["credit_date"] == dt.date(2017, 4, 6)


def test_sicredi_240_remessa_values():
    r, titles = read_all("brcobranca/spec_fixtures_remessa_remessa-sicredi-cnab240.rem")
    (t,) = titles
    assert [i.name for i in t.records] == ["segmento_p", "segmento_q", "segmento_r"]
    v = t.view
    # 07/200003-1: the same nosso número as the SIC400 §5.4 worked example (DV 1)
    assert (v["our_number"], v["movement"]) == ("072000031", "01")
    assert v["due_date"] == dt.date(2007, 7, 14) and v["amount"] == Decimal("50.00")


def _line(parts, seq):
    buf = list(" " * 400)
    for start, text in parts:
        buf[start - 1:start - 1 + len(text)] = text
    buf[394:400] = f"{seq:06d}"
    return "".join(buf)


def test_sicredi_400_retorno_from_manual_positions(tmp_path):
    # No Sicredi 400 file in the corpus: a retorno written from SIC400 §10.1-10.4 positions.
    z13 = "0" * 13
    lines = [
        _line([(1, "02RETORNO01COBRANCA"), (27, "00623"), (32, "12345678000199"),
               (77, "748BANSICREDI"), (95, "20190815"), (111, "0000007"), (390, "99.99")], 1),
        _line([(1, "1"), (14, "A"), (15, "00000"), (20, "00000"), (25, "2"),
               (48, "072000031      "), (109, "06"), (111, "140819"), (117, "0000006969"),
               (147, "150819"), (153, "0000000005000"), (175, "A"), (176, "0000000000180"),
               (189, z13), (202, "0" * 26), (228, z13), (241, z13), (254, "0000000005010"),
               (267, "0000000000010"), (280, z13), (319, "00        "), (329, "20190816")], 2),
        _line([(1, "92748"), (6, "00623")], 3),
    ]
    r, titles = read_source(write_lines(tmp_path / "00623815.CRT", lines), strict=True)
    assert r.layout.id == "sicredi.cnab400" and r.direction == "retorno"
    assert r.problems == [], [str(p) for p in r.problems]
    assert r.header["data_gravacao"] == dt.date(2019, 8, 15)
    v = titles[0].view
    assert (v["our_number"], v["occurrence"], v["document_number"]) == ("072000031", "06", "0000006969")
    assert v["occurrence_date"] == dt.date(2019, 8, 14) and v["due_date"] == dt.date(2019, 8, 15)
    assert v["amount"] == Decimal("50.00") and v["paid_amount"] == Decimal("50.10")
    assert v["interest"] == Decimal("0.10") and v["bank_rate"] == Decimal("1.80")
    assert v["credit_date"] == dt.date(2019, 8, 16)
    assert v["paid_bank"] is None and v["reasons"] == []
    assert layout_codecs("sicredi.cnab400")["detalhe_retorno"].encode(
        titles[0].records[0].values) == lines[1]


def test_sicredi_400_remessa_from_manual_positions(tmp_path):
    lines = [
        _line([(1, "01REMESSA01COBRANCA"), (27, "00623"), (32, "12345678000199"),
               (77, "748SICREDI"), (95, "20190815"), (111, "0000001"), (391, "2.00")], 1),
        _line([(1, "1AAA"), (17, "AAA"), (48, "072000031"), (72, "N"), (74, "B"),
               (83, "0000000000"), (93, "0200"), (109, "01"), (111, "0000006969"),
               (121, "150819"), (127, "0000000005000"), (149, "A"), (150, "N"),
               (151, "010819"), (157, "0000"), (161, "0000000000010"), (174, "000000"),
               (180, "0" * 13), (193, "00000000000"), (206, "0" * 13), (219, "10"),
               (221, "00012345678909"), (235, "FULANO DE TAL"), (275, "RUA A 1"),
               (315, "00000000000"), (327, "95000000")], 2),
        _line([(1, "91748"), (6, "00623")], 3),
    ]
    r, titles = read_source(write_lines(tmp_path / "00623815.REM", lines), strict=True)
    assert r.layout.id == "sicredi.cnab400" and r.direction == "remessa"
    assert r.problems == [], [str(p) for p in r.problems]
    v = titles[0].view
    assert (v["our_number"], v["movement"]) == ("072000031", "01")
    assert v["due_date"] == dt.date(2019, 8, 15) and v["amount"] == Decimal("50.00")
    rec = titles[0].records[0].values
    assert rec["multa"] == Decimal("2.00") and rec["data_instrucao"] is None
    assert layout_codecs("sicredi.cnab400")["detalhe"].encode(rec) == lines[1]


def test_unicred_named_file_is_really_sicredi():
    # MANIFEST lists this brcobranca fixture under bank 136 (Unicred), but its header says
    # 748 / SICREDI / versão 081 and its body is the Sicredi remessa fixture: it is Sicredi.
    r, titles = read_all("brcobranca/spec_fixtures_remessa_remessa-unicred-cnab240.rem")
    assert r.layout.id == "sicredi.cnab240" and r.direction == "remessa"
    assert r.errors == []
    assert titles[0].view["our_number"] == "072000031"


def _sicredi_remessa(layout_id, posto, our_number):
    from cnab.files.models import Beneficiary, Boleto, Payer
    from cnab.files.writer import Writer

    ben = Beneficiary(bank="748", name="Empresa", document="11.222.333/0001-81", agency="0165",
                      account="00623", convenio="00623", posto=posto)
    payer = Payer(name="Maria", document="111.444.777-35", address="Rua A", district="Centro",
                  zip="01001000", city="Sao Paulo", state="SP")
    boleto = Boleto(our_number=our_number, due_date=dt.date(2026, 12, 1),
                    amount=Decimal("10.00"), payer=payer,
                    species="02")
    return Writer(layout_id).render(ben, [boleto])


@pytest.mark.parametrize("layout_id, line, cols", [
    ("sicredi.cnab400", 1, (47, 56)), ("sicredi.cnab240", 2, (37, 46))])
@pytest.mark.parametrize("posto, given, written", [
    ("02", "07200003", "072000031"),  # SIC400 §5.4: 0165/02/00623/07/2/00003 -> 1 (sum 186)
    ("02", "072000031", "072000031"),  # given with its DV: written as given
    ("A2", "07200003", "072000034"),  # an alphanumeric posto enters as 00: sum 172, r 7 -> 4
])
def test_sicredi_nosso_numero_dv_is_appended_by_the_layout(layout_id, line, cols, posto, given,
                                                          written):
    text = _sicredi_remessa(layout_id, posto, given)
    a, b = cols
    assert text.splitlines()[line][a:b] == written
    reader = cnab.read(text.encode("latin-1"), strict=True, errors="collect")
    (title,) = list(reader)
    assert (reader.problems, title.view["our_number"]) == ([], written)


def test_febraban_codes_written_as_sicredi_codes():
    """Boleto codes are FEBRABAN; Sicredi registers duplicatas only por indicação (400: A DMI, J DSI, C NP; 240: 03, 05, 12) and numbers 400 instruções its own way (18 sustar protesto)."""
    import pytest as _pytest
    from cnab.errors import InputError as _InputError
    from .common import sample_beneficiary as _ben
    ben = _ben("748", agency="0165", account="12345", convenio="12345", posto="02")
    assert codes_line("sicredi.cnab400", ben, 1, species="02")[148:149] == "A"
    assert codes_line("sicredi.cnab400", ben, 1, species="04")[148:149] == "J"
    assert codes_line("sicredi.cnab400", ben, 1, species="12")[148:149] == "C"
    assert codes_line("sicredi.cnab400", ben, 1, movement="10")[108:110] == "18"
    assert codes_line("sicredi.cnab240", ben, 2, species="02")[106:108] == "03"
    assert codes_line("sicredi.cnab240", ben, 2, species="04")[106:108] == "05"
    assert codes_line("sicredi.cnab240", ben, 2, species="12")[106:108] == "12"
    with _pytest.raises(_InputError, match="especie"):
        codes_line("sicredi.cnab400", ben, 1, species="01")
    with _pytest.raises(_InputError, match="ocorrencia"):
        codes_line("sicredi.cnab400", ben, 1, movement="12")
    with _pytest.raises(_InputError, match="especie"):
        codes_line("sicredi.cnab240", ben, 2, species="01")
