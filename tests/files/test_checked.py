"""lazy="checked" (what `validate` reads with) reports exactly what the full read reports and
gives the same values, each converted only when read."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cnab
from cnab.layout.registry import default_registry
from tests.codec.strategies import record_line
from tests.conftest import bench_lines

from .test_runs import REAL, _read, damaged_file

REGISTRY = default_registry()
RECORDS = [(lid, name) for lid in REGISTRY.layout_ids()
           for name in REGISTRY.layout(lid).records]


def _same_as_full(path, monkeypatch, runs=True, **options):
    checked, _ = _read(path, monkeypatch, runs, lazy="checked", **options)
    full, _ = _read(path, monkeypatch, runs, lazy=False, **options)
    assert checked == full


@pytest.mark.parametrize("strict", [True, False], ids=["strict", "lenient"])
@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_every_real_file_reads_as_in_full(path, strict, monkeypatch):
    _same_as_full(path, monkeypatch, strict=strict, errors="collect")


@pytest.fixture(scope="module")
def generated(bench, tmp_path_factory):
    return bench_lines(bench, tmp_path_factory.mktemp("checked"), 200, 90, 200)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_damaged_file_reads_as_in_full(generated, data, tmp_path, monkeypatch):
    def bad_date(fam, lines):  # a date that has the shape of one and is none (31/02)
        if data.draw(st.booleans()):
            at = data.draw(st.integers(1, len(lines) - 2))
            col = 145 if fam == "240" else 110  # U data_credito; Itaú 400 data_ocorrencia
            lines[at] = lines[at][:col] + b"310226" + lines[at][col + 6:]

    path = damaged_file(generated, data, tmp_path, also=bad_date)
    _same_as_full(path, monkeypatch, runs=data.draw(st.booleans()),
                  strict=data.draw(st.booleans()), errors=data.draw(
                      st.sampled_from(["raise", "collect"])))


@pytest.mark.parametrize("layout_id, record_name", RECORDS)
@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_a_line_checks_exactly_when_it_decodes(layout_id, record_name, data):
    layout = REGISTRY.layout(layout_id)
    codec = REGISTRY.codecs(layout)[record_name]
    line = data.draw(record_line(layout.records[record_name]))
    if data.draw(st.booleans()):
        at = data.draw(st.integers(0, len(line) - 1))
        line = line[:at] + data.draw(st.sampled_from("7 0Ab\x01²")) + line[at + 1:]
    try:
        decodes = codec.decode_line(line) is not None
    except ValueError:
        decodes = False
    assert codec.check_line(line) == decodes


def test_checked_values_are_converted_on_access(generated, tmp_path):
    path = tmp_path / "clean.ret"
    path.write_bytes(b"\r\n".join(generated["240"]) + b"\r\n")
    title = next(iter(cnab.read(path, lazy="checked")))
    values = title.records[1].values
    assert dict.__len__(values) < len(values)  # not all converted yet
    assert values == next(iter(cnab.read(path))).records[1].values


def test_lazy_takes_only_its_modes():
    with pytest.raises(ValueError, match="lazy"):
        cnab.read(b"", lazy="yes")


def test_the_fields_a_check_reads_are_converted_at_once():
    """Itaú's nosso número DV: mod10 of agência, conta, carteira and nosso número."""
    from cnab.files.counters import fields_checked
    itau = REGISTRY.layout("itau.cnab400").records["detalhe_retorno"]
    assert set(fields_checked(itau)) == {"nosso_numero_dv", "carteira", "nosso_numero_carteira",
                                         "agencia", "conta", "sequencial"}
