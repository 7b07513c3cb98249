"""The writer builds complete remessas, refuses bad input at once, and reads back the same."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cnab
from cnab.errors import InputError
from cnab.files.models import Boleto, Payer
from cnab.files.writer import Writer

from .factory import WHEN, beneficiary, boletos

BASE = "febraban.cnab240.cobranca"


def test_writes_a_strictly_valid_file_with_trailer_counts(tmp_path):
    out = tmp_path / "x.rem"
    result = Writer(BASE).write(beneficiary(), boletos(3), out, WHEN)
    raw = out.read_bytes()
    assert raw.endswith(b"\r\n") and raw.count(b"\r\n") == result.lines == 12  # 3P+3Q+2R+4
    reader = cnab.read(out, strict=True, errors="collect")
    titles = list(reader)
    assert reader.problems == []
    assert reader.trailer["quantidade_registros"] == 12
    assert [t.view["amount"] for t in titles] == [Decimal("350.90"), Decimal("351.90"),
                                                  Decimal("352.90")]
    assert [r.name for r in titles[0].records] == ["segmento_p", "segmento_q", "segmento_r"]


def test_every_problem_listed_at_once_and_nothing_written(tmp_path):
    bad = boletos(2)
    bad[0].amount = Decimal("-1")
    bad[1].payer.document = "11144477700"
    bad[1].issue_date = dt.date(2027, 1, 1)
    out = tmp_path / "x.rem"
    with pytest.raises(InputError) as exc:
        Writer(BASE).write(beneficiary(), bad, out, WHEN)
    text = str(exc.value)
    assert "boletos[0]: amount" in text or "amount -1 is negative" in text
    assert "payer.document '11144477700' is not a valid CPF" in text
    assert "due date 2026-12-12 is before the issue date 2027-01-01" in text
    assert not out.exists()
    assert not list(tmp_path.iterdir())


def test_value_too_long_is_refused_not_truncated():
    b = boletos(1)
    b[0].document_number = "X" * 16
    with pytest.raises(InputError) as exc:
        Writer(BASE).render(beneficiary(), b, WHEN)
    assert "segmento_p" in str(exc.value) and "needs 16 positions, the field has 15" in str(
        exc.value)


def test_alphanumeric_cnpj_accepted_where_the_layout_allows_letters_refused_otherwise():
    b = boletos(1)
    b[0].payer.document = "12ABC34501DE35"  # valid 2026 alphanumeric CNPJ
    with pytest.raises(InputError) as exc:  # FEBRABAN Q 19-33 is numeric
        Writer(BASE).render(beneficiary(), b, WHEN)
    assert "segmento_q.numero_inscricao" in str(exc.value) or "inscricao" in str(exc.value)
    assert "not a non-negative whole number" in str(exc.value)


def test_stream_target_gets_nothing_on_failure():
    b = boletos(1)
    b[0].amount = Decimal("1.234")
    buf = io.BytesIO()
    with pytest.raises(InputError):
        Writer(BASE).write(beneficiary(), b, buf, WHEN)
    assert buf.getvalue() == b""


money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999.99"), places=2)
text = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789", min_size=1, max_size=30).map(
    lambda s: s.strip() or "A")


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(money, st.dates(dt.date(2020, 1, 1), dt.date(2060, 1, 1)), text,
                          st.integers(0, 10 ** 9)), min_size=1, max_size=8))
def test_write_read_round_trip(rows):
    items = [Boleto(our_number=str(n), document_number=doc[:15].rstrip(), due_date=due,
                    amount=amount,
                    issue_date=dt.date(2019, 1, 1), payer=Payer(name=doc, document="11144477735"))
             for amount, due, doc, n in rows]
    data = Writer(BASE).render(beneficiary(), items, WHEN).encode("latin-1")
    reader = cnab.read(data, strict=True, errors="collect")
    titles = list(reader)
    assert reader.problems == []
    assert [(t.view["amount"], t.view["due_date"], t.view["document_number"],
             t.view["our_number"]) for t in titles] == [
        (b.amount, b.due_date, b.document_number, b.our_number) for b in items]


def test_a_batch_is_split_when_its_sequence_would_overflow():
    """sequencial_lote has 5 digits: 50,000 títulos of P+Q need a second batch."""
    items = boletos(50_000)
    for b in items:
        b.fine = None
    data = Writer(BASE).render(beneficiary(), items, WHEN).encode("latin-1")
    reader = cnab.read(data, strict=True, errors="collect")
    titles = sum(1 for _ in reader)
    assert reader.problems == []
    assert titles == 50_000
    assert reader.trailer["quantidade_lotes"] == 2
    assert reader.trailer["quantidade_registros"] == 100_000 + 2 * 2 + 2


def test_alphanumeric_cnpj_emitted_where_a_layout_allows_letters(tmp_path):
    """A bank layout that makes the payer inscription alphanumeric carries the 2026 CNPJ."""
    (tmp_path / "alnum.yaml").write_text(
        "layout: test.alnum\nextends: febraban.cnab240.cobranca\nbank: '998'\n"
        "detect: {record: header_arquivo, when: {banco: '998'}}\n"
        "records:\n  segmento_q:\n    set:\n"
        "      inscricao_pagador: {pic: X(15), digits: null}\n", encoding="utf-8")
    from cnab.layout.registry import Registry, shipped_layouts_dir

    registry = Registry([shipped_layouts_dir(), tmp_path])
    b = boletos(1)
    b[0].payer.document = "12.ABC.345/01DE-35"
    data = Writer("test.alnum", registry).render(beneficiary(bank="998"), b, WHEN).encode()
    reader = cnab.read(data, strict=True, errors="collect", registry=registry)
    (title,) = list(reader)
    assert reader.layout.id == "test.alnum" and reader.problems == []
    assert title.view["payer_document"] == "12ABC34501DE35"
    assert title.records[1].raw[18:33] == "12ABC34501DE35 "


def test_a_from_path_that_names_no_input_is_refused(tmp_path):
    """A typo in `from:` would silently write the field's default; the writer refuses it."""
    (tmp_path / "typo.yaml").write_text(
        "layout: test.typo\nextends: febraban.cnab240.cobranca\nbank: '997'\n"
        "detect: {record: header_arquivo, when: {banco: '997'}}\n"
        "records:\n  segmento_p:\n    set:\n"
        "      nosso_numero: {from: beneficiary.code}\n", encoding="utf-8")
    from cnab.layout.registry import Registry, shipped_layouts_dir

    registry = Registry([shipped_layouts_dir(), tmp_path])
    with pytest.raises(cnab.errors.LayoutError) as exc:
        Writer("test.typo", registry)
    (p,) = exc.value.problems
    assert (p.rule, p.record, p.field) == ("unknown-input", "segmento_p", "nosso_numero")
    assert "beneficiary.code" in p.message and "convenio" in p.message


@pytest.mark.parametrize("layout_id", cnab.default_registry().layout_ids())
def test_every_shipped_from_path_names_an_input(layout_id):
    registry = cnab.default_registry()
    for direction in registry.layout(layout_id).directions():
        Writer(layout_id, registry, direction=direction)  # raises LayoutError otherwise


def _answer(b):
    return {"our_number": b.our_number, "occurrence": "02", "due_date": b.due_date,
            "amount": b.amount, "document_number": b.document_number}


def test_lote_header_says_which_direction_it_is():
    """FEBRABAN 04.1: R in a remessa, T in a retorno (`default: {remessa: R, retorno: T}`)."""
    items = boletos(1)
    remessa = Writer("febraban.cnab240.cobranca").render(beneficiary(bank="999"), items, WHEN)
    retorno = Writer("febraban.cnab240.cobranca", direction="retorno").render(
        beneficiary(bank="999"), [_answer(b) for b in items], WHEN)
    assert remessa.splitlines()[1][8] == "R"
    assert retorno.splitlines()[1][8] == "T"


def test_a_retorno_header_carries_what_detection_looks_for():
    """BNB detects on the remessa header's fields; its retorno header has them at the same
    columns, so a written BNB retorno is detected as BNB (it used to read as the base)."""
    items = boletos(1)
    items[0].our_number = "1234567"  # BNB's nosso número has 7 digits
    text = Writer("bnb.cnab400", direction="retorno").render(
        beneficiary(bank="004"), [_answer(b) for b in items], WHEN)
    assert text[76:79] == "004"
    reader = cnab.read(text.encode("latin-1"), strict=True, errors="collect")
    assert [t.view["our_number"] for t in reader] == ["1234567"]
    assert (reader.layout.id, reader.direction, reader.problems) == ("bnb.cnab400", "retorno", [])


def test_directions_are_the_records_the_direction_map_knows():
    registry = cnab.default_registry()
    assert registry.layout("citibank.cnab400").directions() == ("remessa",)  # map knows only 1
    assert registry.layout("febraban.cnab240.cobranca").directions() == ("remessa", "retorno")
    # detection sends Santander 240 retornos to the real-file variant; named, it reads them
    assert registry.layout("santander.cnab240").directions() == ("remessa", "retorno")


def test_cnab400_juros_is_a_value_per_day_only():
    """The CNAB 400 base's juros (161-173) is reais per day: FEBRABAN interest_code 1. A monthly
    rate (2), or a value with code 3 (isento), used to be written there as reais per day."""
    items = boletos(1, start=2)  # no multa: the base has no place for one
    ben = beneficiary(bank="999")
    items[0].interest_code, items[0].interest = "1", Decimal("0.45")
    assert Writer("febraban.cnab400.base").render(ben, items, WHEN).splitlines()[1][160:173] == \
        "0000000000045"
    items[0].interest_code, items[0].interest = "3", None
    assert Writer("febraban.cnab400.base").render(ben, items, WHEN).splitlines()[1][160:173] == \
        "0" * 13
    items[0].interest_code, items[0].interest = "2", Decimal("2.00")
    with pytest.raises(InputError) as exc:
        Writer("febraban.cnab400.base").render(ben, items, WHEN)
    assert [p.field for p in exc.value.problems] == ["juros"]
    items[0].interest_code = "3"  # a value marked isento: the boleto itself is refused
    with pytest.raises(InputError) as exc:
        Writer("febraban.cnab400.base").render(ben, items, WHEN)
    assert [(p.field, p.rule) for p in exc.value.problems] == [("interest", "no-code"),
                                                               ("juros", "encode")]
