"""The writer's fast paths give what the generic ones give: the same text, the same problems.

The generated encoders (values converted inline, whole-line checks, fields read straight from
the inputs or encoded once per file) are compared with the per-field encoders; the writer as a
whole with a writer whose fast paths are switched off; the CPF/CNPJ checks with stdnum's.
"""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum.br import cnpj as std_cnpj
from stdnum.br import cpf as std_cpf

import cnab
import cnab.files.writer as writer_module
from cnab.codec.record import _generate_encoder
from cnab.codec.text import DEFAULT_CHARSET
from cnab.errors import CnabError, EncodeError
from cnab.files.counters import RecordEnv
from cnab.files.models import Payer, _cnpj_valid, _cpf_valid
from cnab.files.writer import Writer

from .factory import WHEN, beneficiary, boletos

REGISTRY = cnab.default_registry()
RECORDS = [(lid, name) for lid in REGISTRY.layout_ids()
           for name in REGISTRY.layout(lid).records]

# values of every type a caller may hand over, good and bad for each kind of field
TRICKY = [None, "", " ", "0", "00", "-1", -1, 0, 1, 7, 10 ** 15, "١٢", "ABC", "abc", "ção",
          "Ø", "a\tb", "A  ", " A", "X" * 41, "9" * 16, True, 1.5, Decimal("1.00"),
          Decimal("1.0"), Decimal(1), Decimal("-0.00"), Decimal("NaN"), Decimal("1E+2"),
          Decimal("0.001"), Decimal("123.45"), Decimal("-1.00"), dt.date(1969, 12, 31),
          dt.date(1970, 1, 1), dt.date(2069, 12, 31), dt.date(2070, 1, 1), dt.date(5, 1, 2),
          dt.datetime(2026, 1, 2, 3, 4, 5), dt.time(1, 2, 3), object()]
VALUES = st.one_of(
    st.none(), st.just(""), st.booleans(), st.floats(allow_nan=True),
    st.integers(min_value=-5, max_value=10 ** 16),
    st.text(max_size=45), st.text("0123456789", max_size=20),
    st.text("0123456789١ ", max_size=6), st.text("ABCÇÃÉabc -./Ø\t", max_size=12),
    st.decimals(allow_nan=True, allow_infinity=True, places=None),
    st.decimals(min_value=-1, max_value=10 ** 14, places=2),
    st.decimals(min_value=0, max_value=10 ** 6, places=3),
    st.dates(), st.datetimes(), st.times(),
    st.sampled_from(["01", "1", "3", "R", "P", "02", "0001"]))


def _plausible(f):
    """Values of the field's own kind, mostly fitting, a few one position too long."""
    n = f.length
    if f.kind == "str":
        return st.text("ABCxyz019 .-/ÇÃéñ", max_size=n + 1)
    if f.kind in ("int", "digits"):
        return st.integers(0, 10 ** (n + 1) - 1) | st.text("0123456789", min_size=1,
                                                          max_size=n + 1)
    if f.kind == "decimal":
        top = Decimal(10) ** (n - f.decimals + 1)
        return st.decimals(0, top, places=f.decimals) | st.decimals(0, 99, places=f.decimals + 1)
    if f.kind == "date":
        return st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))
    if f.kind == "time":
        return st.times()
    if f.kind == "const":
        return st.sampled_from([f.const, None])
    return st.sampled_from([None, ""])


@st.composite
def _values(draw, fields):
    """Most fields with plausible values, maybe one with anything at all."""
    values = {f.name: draw(_plausible(f)) for f in fields if draw(st.booleans())}
    if draw(st.booleans()):
        values[draw(st.sampled_from([f.name for f in fields] + ["not_a_field"]))] = draw(VALUES)
    return values


def _encoded(codec, values):
    """What codec.encode gives: text, the problems it names, or the exception it raises."""
    try:
        return codec.encode(values), None
    except EncodeError as exc:
        return None, [(p.rule, p.field, p.message) for p in exc.problems]
    except Exception as exc:  # noqa: BLE001 - compared, not hidden
        return None, type(exc)


def _slow(codec, values):
    """The codec's per-field path only."""
    fast = codec._fast_encode
    codec._fast_encode = _refuse
    try:
        return _encoded(codec, values)
    finally:
        codec._fast_encode = fast


def _refuse(*_):
    raise ValueError("switched off")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(RECORDS), st.data())
def test_the_codecs_generated_encoder_gives_what_the_field_encoders_give(record, data):
    codec = REGISTRY.codecs(REGISTRY.layout(record[0]))[record[1]]
    values = data.draw(_values(codec.fields))
    assert _encoded(codec, values) == _slow(codec, values)


def _kinds():
    """One record field of each sort (kind, length, places, format, null, empty)."""
    seen = {}
    for lid, name in RECORDS:
        for f in REGISTRY.layout(lid).records[name].fields:
            seen.setdefault((f.kind, f.length, f.decimals, f.fmt, f.null, f.empty, f.numeric),
                            (lid, name, f.name))
    return sorted(seen.values())


@pytest.mark.parametrize("where", _kinds())
def test_tricky_values_encode_as_the_field_encoders_do(where):
    layout = REGISTRY.layout(where[0])
    codec = REGISTRY.codecs(layout)[where[1]]
    writer_encode = _generate_encoder(layout.records[where[1]], codec._encoders,
                                      DEFAULT_CHARSET, frozenset(), {where[2]: (0, "v")}, ())
    for value in TRICKY:
        values = {where[2]: value}
        assert _encoded(codec, values) == _slow(codec, values), value
        text = _answer(writer_encode, {}, (SimpleNamespace(v=value),), ())
        missing = value is None or value == ""
        assert text is None or (text, None) == _slow(codec, {} if missing else values), value


def _answer(encode, *args):
    """The writer's encoder's line, or None when it leaves the value to the codec."""
    try:
        return encode(*args)
    except Exception:  # noqa: BLE001 - the writer asks the codec
        return None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(RECORDS), st.data())
def test_the_writers_encoders_write_what_the_field_encoders_write(record, data):
    """Fields given in values, read from an object (None and "" missing) or given as ready
    text; the others always missing. When the encoder answers, it is the codec's text (when
    it does not, the writer asks the codec)."""
    layout = REGISTRY.layout(record[0])
    codec = REGISTRY.codecs(layout)[record[1]]
    drawn = data.draw(_values(codec.fields))
    how = {name: data.draw(st.sampled_from(["values", "read", "rendered"])) for name in drawn}
    values = {n: v for n, v in drawn.items() if how[n] == "values" or n == "not_a_field"}
    read = {n: v for n, v in drawn.items() if how[n] == "read" and n != "not_a_field"}
    rendered = [(f, enc) for f, enc in zip(codec.fields, codec._encoders)
                if how.get(f.name) == "rendered"]
    try:
        texts = tuple(enc(drawn[f.name]) for f, enc in rendered)
    except (ValueError, TypeError, AttributeError, ArithmeticError):
        return  # the writer does not render what does not encode
    expected = {**values, **{n: v for n, v in read.items() if v is not None and v != ""},
                **{f.name: drawn[f.name] for f, _ in rendered}}
    encode = _generate_encoder(layout.records[record[1]], codec._encoders, DEFAULT_CHARSET,
                               frozenset(values), {n: (0, n) for n in read},
                               tuple(f.name for f, _ in rendered))
    fast = _answer(encode, values, (SimpleNamespace(**read),), texts)
    assert fast is None or (fast, None) == _slow(codec, expected)


LAYOUTS = ["febraban.cnab240.cobranca", "itau.cnab400", "bradesco.cnab400", "bb.cnab400",
           "sicredi.cnab400", "citibank.cnab400", "sicoob.cnab400.correspondente",
           "caixa.cnab240.sigcb", "santander.cnab240", "inter.cnab400", "safra.cnab400",
           "votorantim.cnab400"]

POOLS = {
    "our_number": ["123", "0000012345", "", "ABC-1", "0" * 25, "ÇÃO12", 42],
    "document_number": ["", "DOC1", "Nº 123/ç", "X" * 16, "doc 9"],
    "due_date": [dt.date(2026, 12, 10), dt.datetime(2026, 12, 10, 5), dt.date(1969, 1, 1),
                 dt.date(2070, 1, 1), dt.date(2, 3, 4)],
    "amount": [Decimal("349.90"), Decimal(0), Decimal(-1), Decimal("1.234"),
               Decimal("1e20"), 5, Decimal("0.5"), Decimal("12345678901.23")],
    "interest_code": ["1", "2", "3", "0", ""],
    "interest": [None, Decimal("0.10"), Decimal(0), Decimal(-2), Decimal("0.001")],
    "interest_date": [None, dt.date(2026, 12, 11), dt.datetime(2026, 12, 11, 1)],
    "fine_code": ["0", "1", "2"],
    "fine": [None, Decimal("2.00"), Decimal("1.999")],
    "fine_date": [None, dt.date(2026, 12, 11)],
    "discount_code": ["0", "1", "7"],
    "discount": [None, Decimal("5.00"), Decimal("10.1")],
    "movement": ["01", "02", "06", "99", "1", "", "AB"],
    "species": ["02", "04", "99", "DM", ""],
    "accept": ["A", "N", "X", ""],
    "protest_days": [0, 5, 150, -1, "5"],
    "writeoff_days": ["", "30", "ABCD"],
    "company_use": ["", "REF1", "ref ção", "X" * 30, "a\tb"],
    "message": ["", "Pagar até o vencimento", "M" * 90],
}
PAYERS = {
    "name": ["José da Silva", "", "A" * 50, "Ñandú & Cia", "tab\tname"],
    "document": ["111.444.777-35", "11.222.333/0001-81", "11144477700", "12ABC34501DE35", ""],
    "address": ["Rua das Flores, 10", "", "R" * 60, "Av. São João — 5"],
    "zip": ["01001-000", "123", "", "0100100099"],
    "state": ["SP", "SPX", "rj"],
}
BENEFICIARY = {"agency": ["1234", "", "123456789", "12A4"], "account": ["98765", "", "1" * 20],
               "agency_dv": ["5", "", "X", "55"], "convenio": ["123456", "", "1" * 25],
               "wallet": ["1", "", "109"], "name": ["Empresa Ção", "E" * 60, ""]}


def _changes(pools):
    return st.fixed_dictionaries({}, optional={k: st.sampled_from(v) for k, v in pools.items()})


def _run(writer, ben, items):
    lines = []
    try:
        lines.extend(writer.lines(ben, items, WHEN))
    except CnabError as exc:
        return lines, [(p.rule, p.field, p.record, p.message, p.col_start, p.col_end)
                       for p in exc.problems]
    return lines, None


def _generic_writer(monkeypatch, layout_id, direction="remessa"):
    """A writer with its fast paths off: codec encoders, rules through expressions."""
    with monkeypatch.context() as m:
        m.setattr(writer_module, "_generate_encoder", lambda *a, **k: _refuse)
        m.setattr(writer_module, "_counter_key", lambda rule: None)
        return Writer(layout_id, direction=direction)


def _run_generic(monkeypatch, writer, ben, items):
    """The generic writer's output: codecs through their per-field encoders, write_when and
    refuse rules seen through RecordEnv."""
    with monkeypatch.context() as m:
        m.setattr(writer_module, "_InputsEnv", RecordEnv)
        for codec in writer.codecs.values():
            m.setattr(codec, "_fast_encode", _refuse)
        return _run(writer, ben, items)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(layout_id=st.sampled_from(LAYOUTS), boleto_changes=st.lists(_changes(POOLS), max_size=4),
       payer_changes=st.lists(_changes(PAYERS), max_size=4), ben_changes=_changes(BENEFICIARY),
       guarantor=st.booleans())
def test_writer_writes_what_its_generic_path_writes(monkeypatch, layout_id, boleto_changes,
                                                    payer_changes, ben_changes, guarantor):
    items = boletos(4)
    for b, changes in zip(items, boleto_changes):
        for key, value in changes.items():
            setattr(b, key, value)
    for b, changes in zip(items, payer_changes):
        b.payer = attrs.evolve(b.payer, **changes)
    if guarantor:
        items[0].guarantor = Payer(name="Avalista Ção", document="11.222.333/0001-81")
    ben = attrs.evolve(beneficiary(bank=REGISTRY.layout(layout_id).bank or "999"),
                       **ben_changes)
    fast, slow = Writer(layout_id), _generic_writer(monkeypatch, layout_id)
    try:
        expected = _run_generic(monkeypatch, slow, ben, items)
    except Exception as exc:  # noqa: BLE001 - the same exception is expected
        with pytest.raises(type(exc)):
            _run(fast, ben, items)
        return
    assert _run(fast, ben, items) == expected


@pytest.mark.parametrize("layout_id", LAYOUTS)
def test_every_listed_input_value_writes_what_the_generic_path_writes(monkeypatch, layout_id):
    """One boleto per value of the lists above (an empty text is a missing value: the
    field's default), and one file per beneficiary value."""
    fast, slow = Writer(layout_id), _generic_writer(monkeypatch, layout_id)
    ben = beneficiary(bank=REGISTRY.layout(layout_id).bank or "999")
    items = []
    for pools, target in ((POOLS, None), (PAYERS, "payer")):
        for key, values in pools.items():
            for value in values:
                b = boletos(1)[0]
                setattr(b.payer if target else b, key, value)
                items.append(b)
    items = [b for b in items if not isinstance(b.due_date, dt.datetime)]  # TypeError
    assert _run(fast, ben, items) == _run_generic(monkeypatch, slow, ben, items)
    for key, values in BENEFICIARY.items():
        for value in values:
            changed = attrs.evolve(ben, **{key: value})
            assert _run(fast, changed, items[:2]) == \
                _run_generic(monkeypatch, slow, changed, items[:2])


def test_the_generic_writer_takes_the_generic_paths(monkeypatch):
    slow = _generic_writer(monkeypatch, "febraban.cnab240.cobranca")
    assert all(plan.encode is _refuse for plan in slow._plan.values())
    assert all(counter is None for plan in slow._plan.values()
               for _, _, counter, _ in plan.later)
    fast = Writer("febraban.cnab240.cobranca")
    assert any(counter is not None for _, _, counter, _ in fast._plan["segmento_p"].later)


@pytest.mark.parametrize("layout_id", ["febraban.cnab240.cobranca", "itau.cnab400"])
def test_retorno_writes_what_its_generic_path_writes(monkeypatch, layout_id):
    answers = [{"our_number": "123", "occurrence": "06", "due_date": dt.date(2026, 12, 10),
                "amount": Decimal("10.00"), "paid_amount": Decimal("10.50"),
                "occurrence_date": dt.date(2026, 12, 11)},
               {"our_number": "X" * 30, "occurrence": "02", "amount": Decimal(-1)}]
    fast = Writer(layout_id, direction="retorno")
    slow = _generic_writer(monkeypatch, layout_id, "retorno")
    assert _run(fast, beneficiary(), answers) == \
        _run_generic(monkeypatch, slow, beneficiary(), answers)


def test_a_file_wide_value_that_does_not_fit_is_reported_on_every_line():
    """Beneficiary fields are encoded once per file; one that does not fit is still named
    on every record that carries it."""
    _, problems = _run(Writer("febraban.cnab240.cobranca"), beneficiary(agency="123456789"),
                       boletos(2))
    assert [(p[2], p[0]) for p in problems if p[1] == "agencia"] == [
        ("header_arquivo", "encode"), ("header_lote", "encode"),
        ("boletos[0].segmento_p", "encode"), ("boletos[1].segmento_p", "encode")]


class _Thing:
    def __init__(self):
        self.plain = 1

    @property
    def broken(self):
        raise AttributeError("broken")


@pytest.mark.parametrize("parts", [
    ("boleto", "fine"), ("boleto", "amount"), ("payer", "zip_prefix"), ("boleto", "nope"),
    ("boleto", "_private"), ("guarantor", "name"), ("view", "fine"), ("view", "nope"),
    ("thing", "plain"), ("missing", "x"), ("boleto",), ("boleto", "payer", "name"),
    ("file", "sequence")])
def test_rules_read_the_inputs_as_record_env_does(parts):
    """write_when and refuse rules read inputs through _InputsEnv: the same values and the
    same errors as RecordEnv."""
    from cnab.files.counters import Counters
    from cnab.layout.expr import ExprError

    b = boletos(1)[0]
    inputs = {"boleto": b, "payer": b.payer, "guarantor": None, "file": WHEN,
              "view": {"fine": 3}, "thing": _Thing()}
    counters = Counters(REGISTRY.layout("febraban.cnab240.cobranca"))
    outcomes = []
    for env in (writer_module._InputsEnv(counters, {}, {}, inputs),
                RecordEnv(counters, {}, {}, inputs)):
        try:
            outcomes.append(env.name(parts))
        except ExprError as exc:
            outcomes.append(str(exc))
    assert outcomes[0] == outcomes[1]


digits = st.text("0123456789", min_size=9, max_size=9)


@settings(max_examples=500)
@given(digits, st.booleans(), st.text("0123456789", min_size=2, max_size=2))
def test_cpf_check_is_stdnums(first9, right, other):
    number = first9 + (std_cpf._calc_check_digits(first9) if right else other)
    assert _cpf_valid(number) == std_cpf.is_valid(number)
    zeros = number[0] * 11
    assert _cpf_valid(zeros) == std_cpf.is_valid(zeros)


@settings(max_examples=500)
@given(st.text("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcz -./Ç", min_size=12, max_size=12),
       st.booleans(), st.text("0123456789AZ", min_size=2, max_size=2))
def test_cnpj_check_is_stdnums(first12, right, other):
    try:
        tail = std_cnpj.calc_check_digits(first12) if right else other
    except Exception:  # noqa: BLE001 - not a number stdnum can complete
        tail = other
    for number in (first12 + tail, "000000000000" + tail, (first12 + tail).lower()):
        assert _cnpj_valid(number) == std_cnpj.is_valid(number)
