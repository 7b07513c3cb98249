"""Ailos (085, formerly Cecred): ailos.cnab240 against the corpus and the Ailos CNAB 240 manual."""

import datetime as dt
from decimal import Decimal

import pytest

import cnab

from .common import (
    assert_lines_accounted, check_clean_strict, check_corpus_file, check_records_reencode,
    clean_rows, corpus_rows, read_all,
)

BANK = "085"
LAYOUT = "ailos.cnab240"
ROWS = corpus_rows(BANK)
CLEAN = clean_rows(ROWS)
pytestmark = pytest.mark.skipif(not ROWS, reason="../shared/corpus not present")

# Files whose own content is wrong; the exact errors are asserted, as (line, rule, field).
_BRC_RET_ERRORS = [
    # brcobranca's hand-made retorno: the header de arquivo is 153 characters with everything
    # after the company name shifted 18 positions to the left (the remessa/retorno code sits at
    # 125, not 143), so the direction cannot be read and the header does not decode; the
    # header de lote ends one character early at 184-191. The T/U records are well formed.
    (1, "not-numeric", "hora_geracao"), (1, "not-numeric", "sequencial_arquivo"),
    (1, "not-numeric", "versao_layout_arquivo"), (2, "not-numeric", "numero_remessa_retorno"),
]
# file -> (layout, direction, [(line, rule, field) of the errors expected in lenient mode])
EXPECTED = {
    # The manual's model file (docs/AILOS): the second Y record says sequencial 7 instead of 5,
    # there is no trailer de lote, and the trailer de arquivo counts 40 records for 8 lines.
    "brcobranca/docs_AILOS_arquivo_modelo.txt": (LAYOUT, "remessa", [
        (7, "computed-mismatch", "sequencial_lote"), (8, "structure", None),
        (8, "computed-mismatch", "quantidade_registros")]),
    "brcobranca/spec_fixtures_remessa_remessa-ailos-cnab240.rem": (LAYOUT, "remessa", []),
    "brcobranca/spec_fixtures_remessa_remessa-cecred-cnab240.rem": (LAYOUT, "remessa", []),
    "l10n-brazil/l10n_br_account_payment_brcobranca_tests_data_teste_remessa_ailos240.REM": (
        LAYOUT, "remessa", []),
    # OCA's "CNAB240AILOS.RET" is a retorno (T/U segments, lote version 043) whose header de
    # arquivo says remessa (143 = 1); it also numbers its lote 0000 and was cut from a longer
    # file (trailer counts 14 and 16 records for 8 lines). Read as the header says, the T/U
    # lines match no remessa record.
    "l10n-brazil/l10n_br_account_payment_brcobranca_tests_data_CNAB240AILOS.RET": (
        LAYOUT, "remessa", [
            (2, "computed-mismatch", "lote"), (3, "unknown-record", None),
            (4, "unknown-record", None), (5, "unknown-record", None), (6, "unknown-record", None),
            (7, "computed-mismatch", "lote"), (7, "computed-mismatch", "quantidade_registros"),
            (8, "computed-mismatch", "quantidade_registros")]),
}
for _name in ("brcobranca/spec_arquivos_CNAB240AILOS.RET", "brcobranca/spec_arquivos_CNAB240CECRED.RET"):
    EXPECTED[_name] = None  # checked in test_brcobranca_retorno_with_broken_header


def test_every_ailos_file_of_the_manifest_is_expected():
    assert sorted(r["file"] for r in ROWS) == sorted(EXPECTED)


@pytest.mark.parametrize("row", [r for r in ROWS if EXPECTED[r["file"]]], ids=lambda r: r["file"])
def test_corpus_file_is_detected_and_reads(row):
    assert EXPECTED[row["file"]][1] == row["kind"].split()[0]
    check_corpus_file(row, EXPECTED)


@pytest.mark.parametrize("name", ["brcobranca/spec_arquivos_CNAB240AILOS.RET",
                                  "brcobranca/spec_arquivos_CNAB240CECRED.RET"])
def test_brcobranca_retorno_with_broken_header(name):
    r, titles = read_all(name)
    assert r.layout.id == LAYOUT
    assert r.direction is None  # 143 holds '0': the header is misaligned in the file
    got = [(p.line, p.rule, p.field) for p in r.errors]
    if "CECRED" in name:  # same file, with "CECRED" one character longer than "AILOS"
        assert got[0] == (1, "invalid-date", "data_geracao")
        got = got[1:]
    assert got[:4] == _BRC_RET_ERRORS
    # without a usable header the rest is reported as structure/lote problems, never as
    # undecodable T/U records: every T/U line still forms a título
    assert {rule for _, rule, _ in got[4:]} <= {"structure", "computed-mismatch"}
    assert_lines_accounted(r)
    assert len(titles) == 3


@pytest.mark.parametrize("row", CLEAN, ids=lambda r: r["file"])
def test_clean_file_strict_and_byte_identical(row):
    # the only clean file is the manual's model, whose own errors are listed in EXPECTED
    r, titles = check_clean_strict(row, EXPECTED)
    # the model writes "Nr" in lower case; text is encoded upper-case
    check_records_reencode(r, titles, raw=lambda item: item.raw.replace("Nr 129", "NR 129"))


def test_lf_only_remessas_reencode_byte_identical():
    for name in ("brcobranca/spec_fixtures_remessa_remessa-ailos-cnab240.rem",
                 "brcobranca/spec_fixtures_remessa_remessa-cecred-cnab240.rem"):
        check_records_reencode(*read_all(name))


def test_ailos_model_remessa_values():
    # docs/AILOS/arquivo_modelo.txt by hand against the manual's P positions: 16-17 movimento,
    # 38-57 nosso número (conta 0280678-5 + boleto 000025967, 3 blanks), 63-77 documento,
    # 78-85 vencimento, 86-100 valor; then Y-03 (e-mail) and Y-53 records of the same título.
    r, titles = read_all("brcobranca/docs_AILOS_arquivo_modelo.txt")
    (t,) = titles
    assert [i.name for i in t.records] == ["segmento_p", "segmento_q", "segmento_r",
                                           "segmento_y", "segmento_y"]
    v = t.view
    assert (v["our_number"], v["movement"], v["document_number"]) == (
        "02806785000025967", "01", "4847/PE-1/2")
    assert v["due_date"] == dt.date(2019, 10, 31) and v["amount"] == Decimal("170.00")
    p = t.records[0].values
    assert (p["conta"], p["conta_dv"]) == (280678, "5")
    assert p["nosso_numero"][:8] == "0280678" + p["conta_dv"]  # conta + DV, manual 3.1.2
    assert [i.values["tipo_registro_opcional"] for i in t.records[3:]] == ["03", "53"]


def test_ailos_remessa_values():
    r, titles = read_all(
        "l10n-brazil/l10n_br_account_payment_brcobranca_tests_data_teste_remessa_ailos240.REM")
    assert r.header["versao_layout_arquivo"] == "087"
    v = [t.view for t in titles]
    assert [x["our_number"] for x in v] == ["00003735000000011", "00003735000000012"]
    assert [x["due_date"] for x in v] == [dt.date(2021, 12, 9), dt.date(2022, 1, 31)]
    assert [x["amount"] for x in v] == [Decimal("300.00"), Decimal("700.00")]


def test_ailos_retorno_values():
    # brcobranca CNAB240AILOS.RET by hand against the manual: T 16-17 movimento, 38-57 nosso
    # número, 59-73 documento, 74-81 vencimento, 82-96 valor, 97-99 banco, 199-213 tarifa,
    # 214-223 motivos; U 78-92 valor pago, 93-107 líquido, 138-145 ocorrência, 146-153 crédito.
    r, titles = read_all("brcobranca/spec_arquivos_CNAB240AILOS.RET")
    v = [t.view for t in titles]
    assert [x["our_number"] for x in v] == ["000000000000083", "000000000000116", "000000000000123"]
    assert [x["document_number"] for x in v] == ["000000000000001", "000000000000012",
                                                 "000000000000013"]
    for x in v:
        assert (x["occurrence"], x["reasons"], x["paid_bank"]) == ("06", ["03"], "085")
        assert x["due_date"] == dt.date(2015, 8, 13) and x["amount"] == Decimal("2.00")
        assert x["paid_amount"] == Decimal("2.00") and x["net_amount"] == Decimal("2.00")
        assert x["bank_rate"] == Decimal("1.70")
        assert x["occurrence_date"] == dt.date(2015, 8, 10)
        assert x["credit_date"] == dt.date(2015, 8, 10)


def test_ailos_tables():
    reg = cnab.default_registry()
    layout = reg.layout(LAYOUT)
    assert layout.tables["occurrence"] == "ailos.cnab240.ocorrencia"
    occ = reg.table("ailos.cnab240.ocorrencia")
    assert occ.codes["06"].settles and occ.codes["76"].settles and occ.codes["77"].settles
    assert not occ.codes["02"].settles and occ.codes["89"].category == "rejected"
    mov = reg.table("ailos.cnab240.movimento")
    assert "93" in mov.codes and "01" in mov.codes


def test_febraban_codes_are_written_as_ailos_codes():
    # C015: only 02 DM and 04 DS (FEBRABAN's); C026: 1 protestar, 2 negativar via Serasa, 3 não
    # protestar, so FEBRABAN 8 (negativação sem protesto) is written 2 and FEBRABAN 2 (protesto
    # em dias úteis) refused; C028: 2 não baixar, what the manual asks when no code is given
    from cnab.errors import CnabError

    from .common import sample_beneficiary, write_remessa

    ben = sample_beneficiary(BANK, agency="0101", account="1234567", account_dv="8",
                             convenio="123456", wallet="1")

    def segment_p(**codes):
        lines, reader, _ = write_remessa(
            LAYOUT, ben, {"sequence": 1, "generated_at": dt.datetime(2026, 1, 5)},
            our_number="12345678000000001", due_date=dt.date(2026, 2, 5),
            amount=Decimal("10.00"), **codes)
        assert reader.problems == []
        return lines[2]

    p = segment_p()  # the Boleto's defaults: DM, não protestar, no baixa code
    assert (p[106:108], p[220], p[223]) == ("02", "3", "2")
    assert segment_p(species="04")[106:108] == "04"
    assert segment_p(protest_code="8", protest_days=30)[220:223] == "230"
    assert segment_p(protest_code="1", protest_days=10, writeoff_code="1")[220:224] == "1101"
    with pytest.raises(CnabError, match="codigo_protesto"):
        segment_p(protest_code="2")
    assert segment_p(species="12")[106:108] == "12"  # NP: FEBRABAN's code, which Ailos refuses
