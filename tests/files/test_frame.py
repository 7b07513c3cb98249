"""Header fields reach the títulos: a view key may read the file or batch header (BNB and HSBC
give the credit date only there), and a detail's expression may read a header field. Each
título sees the headers it came under, even after later batches were read."""

import datetime as dt
import importlib.util
from pathlib import Path

import pytest

import cnab
from cnab.layout.registry import Registry, shipped_layouts_dir

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench.py"


def _gen240():
    spec = importlib.util.spec_from_file_location("bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.gen240


@pytest.fixture
def registry(tmp_path):
    (tmp_path / "frame.yaml").write_text(
        "layout: test.frame\nextends: febraban.cnab240.cobranca\nbank: '104'\n"
        "detect: {record: header_arquivo, when: {banco: '104', versao_layout_arquivo: '103'}}\n"
        "view: {credit_date: header_lote.data_credito}\n"
        "records:\n  segmento_t:\n    set:\n"
        "      banco: {check: 'banco == header_arquivo.banco'}\n", encoding="utf-8")
    return Registry([shipped_layouts_dir(), tmp_path])


def _two_batches(tmp_path, dates):
    path = tmp_path / "two.ret"
    _gen240()(str(path), 4, 2)  # 2 lotes of 2 títulos
    lines = path.read_text(encoding="ascii").splitlines()
    batch_headers = [i for i, line in enumerate(lines) if line[7] == "1"]
    for i, date in zip(batch_headers, dates):
        lines[i] = lines[i][:199] + date + lines[i][207:]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="ascii")
    return path


def test_each_titulo_sees_its_own_batch_header(tmp_path, registry):
    path = _two_batches(tmp_path, ["05012026", "06012026"])
    reader = cnab.read(path, strict=True, errors="collect", registry=registry)
    titles = list(reader)  # all read before any view is asked for
    assert reader.layout.id == "test.frame" and reader.problems == []
    assert [t.view["credit_date"] for t in titles] == \
        [dt.date(2026, 1, 5)] * 2 + [dt.date(2026, 1, 6)] * 2
    assert titles[0].frame["header_arquivo"]["banco"] == "104"


def test_a_detail_expression_reads_the_file_header(tmp_path, registry):
    path = _two_batches(tmp_path, ["05012026", "06012026"])
    lines = path.read_text(encoding="ascii").splitlines()
    lines[2] = "237" + lines[2][3:]  # a segment T of another bank under a Caixa header
    path.write_text("\r\n".join(lines) + "\r\n", encoding="ascii")
    reader = cnab.read(path, errors="collect", registry=registry)
    list(reader)
    assert [(p.line, p.rule, p.field) for p in reader.errors] == [
        (3, "check-failed", "banco")]
