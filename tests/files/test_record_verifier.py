"""The generated record verifier (one call per detail line) says "all checks hold" exactly when
the reporting path finds nothing: turning it off changes no report, on real or damaged files."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cnab import validate as V
from cnab.files import reader as R
from tests.conftest import CORPUS, REPO, corpus_manifest

REAL = [CORPUS / row["file"] for row in corpus_manifest()] + \
    sorted((REPO / "samples").glob("*.*"))


def _reports(path, monkeypatch, strict=False):
    fast = V.validate_file(path, strict=strict, progress=False).as_dict()
    with monkeypatch.context() as m:
        m.setattr(R, "compile_verifier", lambda checks: None)
        slow = V.validate_file(path, strict=strict, progress=False).as_dict()
    return fast, slow


def test_a_clean_file_never_takes_the_reporting_path(itau_lines, tmp_path, monkeypatch):
    """So that the comparisons below are not of two reporting paths."""
    path = tmp_path / "clean.ret"
    path.write_bytes(b"\r\n".join(itau_lines) + b"\r\n")
    calls = []
    monkeypatch.setattr(R.FileReader, "_run_verifiers", lambda self, *a: calls.append(a[1].name))
    reader = R.read(path, layout="itau.cnab400", strict=True)
    assert sum(1 for _ in reader) == 40 and not reader.problems
    assert calls == ["trailer_retorno"]  # frame records keep the reporting path


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_every_real_file_gets_the_same_report_without_it(path, monkeypatch):
    fast, slow = _reports(path, monkeypatch)
    assert fast == slow


@pytest.fixture(scope="module")
def itau_lines(bench, tmp_path_factory):
    path = tmp_path_factory.mktemp("verifier") / "cob400.ret"
    bench.gen400(str(path), 40)
    return path.read_bytes().split(b"\r\n")[:-1]


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_damaged_detail_gets_the_same_report_without_it(itau_lines, data, tmp_path,
                                                          monkeypatch):
    """Any character of a detail changed (check digit, carteira, nosso número, sequence...)."""
    lines = list(itau_lines)
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(1, len(lines) - 2))
        col = data.draw(st.sampled_from([82, 83, 85, 86, 89, 92, 93, 394, 398, 399,
                                         data.draw(st.integers(0, 399))]))
        char = data.draw(st.sampled_from(b"0123456789 A"))
        line = lines[at]
        lines[at] = line[:col] + bytes([char]) + line[col + 1:]
    path = tmp_path / "damaged.ret"
    path.write_bytes(b"\r\n".join(lines) + b"\r\n")
    fast, slow = _reports(path, monkeypatch, strict=True)
    assert fast == slow


def test_an_expression_result_becomes_the_field_kind():
    from cnab.files.counters import as_field_value
    assert as_field_value("12", "int", 2) == 12
    assert as_field_value("²", "int", 1) == "²"  # int() refuses it: compared as it is, no crash
    assert as_field_value(7, "digits", 3) == "007"
    assert as_field_value("AB  ", "str", 4) == "AB"
