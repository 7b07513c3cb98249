"""Itaú "CNAB 444": the CNAB 400 remessa whose detail carries the NF-e access key at 401-444
(record `detalhe_nfe`, made `like: detalhe` with `length: 444`). Header and trailer stay at 400
positions, so the same layout reads both kinds of detail in one file."""

import datetime as dt
from decimal import Decimal

import pytest

from cnab.errors import InputError
from cnab.files.models import Boleto
from cnab.files.writer import FileInfo

from .common import (
    check_records_reencode, crlf_bytes, read_all, read_clean, read_source, render_lines,
    sample_beneficiary, sample_payer,
)

# the access key printed as the example of the Manual de Orientação do Contribuinte (DV 5)
KEY = "52060433009911002506550120000007800267301615"
WHEN = FileInfo(sequence=4, generated_at=dt.datetime(2026, 11, 22, 9, 0))


def _inputs(keys):
    ben = sample_beneficiary("341", agency="1234", account="12345", account_dv="7", wallet="109")
    payer = sample_payer(name="Maria Souza", address="Rua A, 1")
    return ben, [Boleto(our_number=f"{i + 1:08d}", due_date=dt.date(2026, 12, 10 + i),
                        amount=Decimal("100.00") + i, payer=payer, document_number=f"NF{i}",
                        nfe_key=key) for i, key in enumerate(keys)]


def test_a_boleto_with_an_nfe_key_gets_the_444_detail():
    ben, boletos = _inputs([KEY, ""])
    lines = render_lines("itau.cnab400", ben, boletos, WHEN)
    assert [len(line) for line in lines] == [400, 444, 400, 400]
    assert lines[1][400:] == KEY
    assert lines[1][:400] == render_lines(
        "itau.cnab400", ben, _inputs([""])[1][:1], WHEN)[1][:394] + lines[1][394:400]
    _, titles = read_clean(lines, "itau.cnab400", "remessa")
    assert [t.records[0].name for t in titles] == ["detalhe_nfe", "detalhe"]
    assert titles[0].records[0].values["chave_nfe"] == KEY
    # the view reads detalhe_nfe wherever it reads detalhe
    assert [(t.view["our_number"], t.view["amount"], t.view["due_date"]) for t in titles] == [
        ("00000001", Decimal("100.00"), dt.date(2026, 12, 10)),
        ("00000002", Decimal("101.00"), dt.date(2026, 12, 11))]


def test_a_wrong_key_is_refused_before_writing():
    ben, boletos = _inputs([KEY[:-1] + "4"])
    with pytest.raises(InputError) as exc:
        render_lines("itau.cnab400", ben, boletos, WHEN)
    assert [(p.field, p.rule) for p in exc.value.problems] == [("nfe_key", "nfe-key")]


def test_a_cut_444_detail_is_reported_not_guessed():
    ben, boletos = _inputs([KEY])
    lines = render_lines("itau.cnab400", ben, boletos, WHEN)
    lines[1] = lines[1][:430]  # neither 400 nor 444 characters
    reader, titles = read_source(crlf_bytes(lines))
    assert titles == []
    assert [(p.line, p.rule) for p in reader.errors][:1] == [(2, "line-length")]


def test_a_444_line_where_no_record_has_444_is_refused():
    ben, boletos = _inputs([KEY])
    lines = render_lines("itau.cnab400", ben, boletos, WHEN)
    lines[2] = lines[2] + " " * 44  # the trailer has 400 positions
    reader, _ = read_source(crlf_bytes(lines))
    assert (3, "unknown-record") in [(p.line, p.rule) for p in reader.errors]


def test_brcobranca_cnab444_fixture_reads_as_itau_with_its_key():
    """The corpus's only CNAB 444 file (brcobranca's spec fixture) reads with no error and gives
    back its key; its lines re-encode byte for byte."""
    reader, (title,) = read_all("brcobranca/spec_fixtures_remessa_remessa-itau-cnab444.rem")
    assert (reader.layout.id, reader.direction, reader.errors) == ("itau.cnab400", "remessa", [])
    assert [r.name for r in title.records] == ["detalhe_nfe", "multa"]
    detail = title.records[0]
    assert detail.values["chave_nfe"] == "12345678901234567890123456789012345678901234"
    check_records_reencode(reader, [title])
