"""Banrisul (041) layouts against the corpus and the Banrisul 400/240 posições manuals."""

import datetime as dt
from decimal import Decimal

import pytest

import cnab
from cnab.layout.expr import evaluate

from .common import codes_line, FieldEnv, check_lenient_read, check_records_reencode, corpus_rows, read_all

BANK = "041"
ROWS = corpus_rows(BANK)
EXPECTED_LAYOUT = {"240": "banrisul.cnab240", "400": "banrisul.cnab400"}
BAD_RETORNO = "brcobranca/spec_arquivos_CNAB400BANRISUL.RET"
# (line, record, field, rule) of every error a corpus file must produce because the FILE is wrong.
# - brcobranca's Banrisul retorno fixture is wrong in two places: the NC of nosso número
#   22832563 is written 50, while the manual's own example (400_posicoes §4.1/§6.1) and
#   the corpus remessa give 51; and its trailer is Bradesco's (qtde/valor pairs at 58+),
#   not Banrisul's (49-92), so 56-70 holds '  0000500000020'.
EXPECTED_ERRORS = {
    BAD_RETORNO: [
        (2, "detalhe_retorno", "nosso_numero_dv", "computed-mismatch"),
        (3, "trailer_retorno", "valor_registrados", "not-numeric"),
    ],
}


@pytest.mark.skipif(not ROWS, reason="../shared/corpus not present")
@pytest.mark.parametrize("row", ROWS, ids=lambda r: r["file"])
def test_corpus_file_is_detected_and_reads(row):
    _, titles = check_lenient_read(row, EXPECTED_LAYOUT[row["cnab"][:3]],
                           EXPECTED_ERRORS.get(row["file"], []))
    assert titles


def test_lf_only_remessa_reencodes_byte_identical():
    # No Banrisul corpus file is marked clean; the lf-only remessa differs only in line ends.
    r, titles = read_all("brcobranca/spec_fixtures_remessa_remessa-banrisul-cnab400.rem")
    check_records_reencode(r, titles)


def test_banrisul_400_values():
    # Retorno, by hand against 400_posicoes §3.2: 63-70 NN, 71-72 NC, 109-110 ocorrência,
    # 111-116 data, 147-152 vencimento, 153-165 valor, 166-168 / 169-173 banco / agência
    # cobradora, 176-188 despesas, 254-266 valor pago, 296-301 crédito.
    r, titles = read_all(BAD_RETORNO)
    (t,) = titles
    v = t.view
    assert (v["our_number"], v["our_number_dv"], v["occurrence"]) == ("22832563", "50", "06")
    assert v["occurrence_date"] == dt.date(2015, 5, 15) and v["due_date"] == dt.date(2015, 5, 25)
    assert v["amount"] == Decimal("1450.00") and v["paid_amount"] == Decimal("1450.00")
    assert v["bank_rate"] == Decimal("1.60") and v["credit_date"] == dt.date(2015, 5, 15)
    assert (v["paid_bank"], v["paid_agency"]) == ("041", "1102")
    # Remessa (§2.2): NN 22832563-51, vencimento 14/07/15, valor 199,90, trailer total 28-40.
    r, titles = read_all("brcobranca/spec_fixtures_remessa_remessa-banrisul-cnab400.rem")
    v = titles[0].view
    assert (v["our_number"], v["our_number_dv"], v["movement"]) == ("22832563", "51", "01")
    assert v["due_date"] == dt.date(2015, 7, 14) and v["amount"] == Decimal("199.90")
    assert r.trailer["valor_total"] == Decimal("199.90")


def _nc_expressions():
    layouts = {l.id: l for l in cnab.default_registry().layouts()}
    out = []
    for lid, rec in (("banrisul.cnab400", "detalhe"), ("banrisul.cnab400", "detalhe_retorno"),
                     ("banrisul.cnab240", "segmento_p"), ("banrisul.cnab240", "segmento_t")):
        if lid in layouts:
            out.append((lid, rec, layouts[lid].records[rec].field("nosso_numero_dv").compute))
    return out


@pytest.mark.parametrize("nn, nc", [("00009274", "22"), ("00009194", "38"), ("22832563", "51")])
def test_nosso_numero_nc_manual_examples(nn, nc):
    # 400_posicoes §4.1: 00009274 -> 22; 00009194 -> 38 (mod 11 remainder 1: the first digit is
    # bumped and the second recomputed); §6.1 barcode example 22832563 -> 51.
    exprs = _nc_expressions()
    assert exprs
    for lid, rec, expr in exprs:
        assert evaluate(expr, FieldEnv({"nosso_numero": nn})) == nc, (lid, rec)


def test_febraban_codes_written_as_banrisul_codes():
    """Boleto codes are FEBRABAN; Banrisul 240 reserves juros 3 (isento goes as 0) and protesto 2, and gives movimento 12/13 other meanings; Banrisul 400 has its own ocorrências (07 uso da empresa, 17 protesto falimentar)."""
    import pytest as _pytest
    from cnab.errors import InputError as _InputError
    from .common import sample_beneficiary as _ben
    ben = _ben("041", agency="1234", account="12345", account_dv="6", wallet="1", convenio="123456")
    assert codes_line("banrisul.cnab240", ben, 2, species="02")[106:108] == "02"
    assert codes_line("banrisul.cnab240", ben, 2, species="04")[106:108] == "04"
    assert codes_line("banrisul.cnab240", ben, 2, species="12")[106:108] == "12"
    assert codes_line("banrisul.cnab240", ben, 2, interest_code="3")[117:118] == "0"
    assert codes_line("banrisul.cnab240", ben, 2, interest_code="1")[117:118] == "1"
    assert codes_line("banrisul.cnab240", ben, 2, movement="03")[15:17] == "15"
    assert codes_line("banrisul.cnab400", ben, 1, movement="22")[108:110] == "07"
    assert codes_line("banrisul.cnab400", ben, 1, movement="03")[108:110] == "17"
    with _pytest.raises(_InputError, match="codigo_protesto"):
        codes_line("banrisul.cnab240", ben, 2, protest_code="2")
    with _pytest.raises(_InputError, match="codigo_movimento"):
        codes_line("banrisul.cnab240", ben, 2, movement="12")
    with _pytest.raises(_InputError, match="ocorrencia"):
        codes_line("banrisul.cnab400", ben, 1, movement="12")
