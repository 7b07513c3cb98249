"""Mutated real files: the reader and validator only ever raise our typed errors, never hang,
and never lose a line."""

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cnab
from cnab.errors import CnabError
from cnab.validate import validate_file

from ..conftest import CORPUS, corpus_manifest

SEEDS = [CORPUS / r["file"] for r in corpus_manifest() if r["quirks"] in ("clean", "lf-only")][:25]
CHARS = st.sampled_from(list(b"0123456789 AZaz\r\n\x00\x1a\xff\xe7-./"))


@st.composite
def mutated(draw):
    data = bytearray(draw(st.sampled_from(SEEDS)).read_bytes())
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["set", "insert", "delete", "dup-line", "drop-line", "cut"]))
        pos = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "set" and data:
            data[pos] = draw(CHARS)
        elif op == "insert":
            data[pos:pos] = bytes([draw(CHARS)])
        elif op == "delete" and data:
            del data[pos]
        elif op in ("dup-line", "drop-line"):
            lines = bytes(data).split(b"\n")
            i = draw(st.integers(0, len(lines) - 1))
            if op == "dup-line":
                lines.insert(i, lines[i])
            else:
                del lines[i]
            data = bytearray(b"\n".join(lines))
        elif op == "cut":
            data = data[:pos]
    return bytes(data)


@pytest.mark.skipif(not SEEDS, reason="corpus not present")
@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(mutated(), st.booleans())
def test_mutated_files_only_raise_typed_errors(data, strict):
    start = time.monotonic()
    try:
        reader = cnab.read(data, strict=strict, errors="collect")
    except CnabError:
        return
    titles = list(reader)
    s = reader.stats
    assert s["lines"] == s["frame_lines"] + s["title_lines"] + s["reported_lines"]
    assert sum(len(t.records) for t in titles) == s["title_lines"]
    assert time.monotonic() - start < 5 + len(data) / 10_000


@pytest.mark.skipif(not SEEDS, reason="corpus not present")
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(mutated())
def test_validate_never_crashes(tmp_path_factory, data):
    path = Path(tmp_path_factory.mktemp("fz")) / "f.ret"
    path.write_bytes(data)
    report = validate_file(path)
    assert report.exit_code in (0, 1, 2)
    assert all(p.message for p in report.problems)
