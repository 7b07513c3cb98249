"""Runs of títulos taken whole (cnab/files/runs.py) give exactly what reading line by line
gives: the same títulos, values, problems and counts, on clean, damaged and real files, in full
and lazy mode."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cnab
from cnab.errors import DecodeError, ValidationError
from cnab.files import runs as R
from tests.conftest import CORPUS, REPO, bench_lines, corpus_manifest

REAL = [CORPUS / row["file"] for row in corpus_manifest()] + \
    sorted((REPO / "samples").glob("*.*"))


def _value(values, key):
    try:
        return values[key]
    except DecodeError as exc:  # lazy: a broken field is an error on access, in both paths
        return ("broken", [p.rule for p in exc.problems])


def _keys(values):
    """The fields, without decoding them all (a lazy record with a broken field refuses it)."""
    return list(getattr(values, "_spec", values))


def _read(path, monkeypatch, runs: bool, **options):
    """Everything a reader gives, in plain data; runs forced even in small files, or off."""
    with monkeypatch.context() as m:
        m.setattr(R, "MIN_LINES", 2 if runs else 10**9)
        taken = []
        read = R.Runs.read

        def counted(self, *args):
            out = read(self, *args)
            if out is not None:
                taken.append(out[0])
            return out
        m.setattr(R.Runs, "read", counted)
        try:
            reader = cnab.read(path, **options)
        except cnab.CnabError as exc:  # not a file we read at all (UTF-16, unknown layout...)
            return {"refused": str(exc)}, taken
        titles = []
        try:
            for t in reader:
                titles.append((t.batch, t.direction, dict(t.frame), [
                    (r.name, r.line, r.raw, {k: _value(r.values, k) for k in _keys(r.values)})
                    for r in t.records]))
        except ValidationError as exc:
            titles.append(("raised", [str(p) for p in exc.problems]))
        return {"titles": titles, "problems": [str(p) for p in reader.problems],
                "stats": dict(reader.stats), "header": reader.header,
                "trailer": reader.trailer}, taken


def _same(path, monkeypatch, **options):
    fast, taken = _read(path, monkeypatch, True, **options)
    slow, none = _read(path, monkeypatch, False, **options)
    assert not none
    assert fast == slow
    return taken


@pytest.mark.parametrize("lazy", [False, True, "checked"], ids=["full", "lazy", "checked"])
@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_every_real_file_reads_the_same(path, lazy, monkeypatch):
    _same(path, monkeypatch, lazy=lazy)


def test_runs_are_taken_in_most_real_files(monkeypatch):
    """So that the comparison above is of two paths, not of one."""
    taken = [bool(_read(p, monkeypatch, True)[1]) for p in REAL]
    assert sum(taken) >= len(REAL) // 2


@pytest.fixture(scope="module")
def generated(bench, tmp_path_factory):
    return bench_lines(bench, tmp_path_factory.mktemp("runs"), 300, 120, 300)


@pytest.mark.parametrize("fam", ["240", "400"])
@pytest.mark.parametrize("lazy", [False, True, "checked"], ids=["full", "lazy", "checked"])
def test_a_clean_file_is_read_in_runs(fam, lazy, generated, tmp_path, monkeypatch):
    path = tmp_path / "clean.ret"
    path.write_bytes(b"\r\n".join(generated[fam]) + b"\r\n")
    taken = _same(path, monkeypatch, lazy=lazy, strict=True)
    assert sum(taken) >= len(generated[fam]) * 0.9


# columns a run checks as a whole: record type and segment, lote, sequence, título key
# (240: lote and movement code shared by T and U), Itaú 400 nosso número DV and sequence
_HOT = {240: [3, 6, 7, 8, 12, 13, 15, 16], 400: [0, 82, 85, 92, 93, 394, 399]}


def _damaged(lines, data):
    lines = list(lines)
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(lines) - 1))
        kind = data.draw(st.sampled_from(["char", "char", "delete", "duplicate", "swap",
                                          "short"]))
        if kind == "char":
            line = lines[at]
            col = data.draw(st.integers(0, len(line) - 1) | st.sampled_from(
                _HOT[len(line)] if len(line) in _HOT else [0]))
            lines[at] = line[:col] + bytes([data.draw(st.sampled_from(b"0159 AT\xe7"))]) + \
                line[col + 1:]
        elif kind == "delete" and len(lines) > 3:
            del lines[at]
        elif kind == "duplicate":
            lines.insert(at, lines[at])
        elif kind == "swap" and at + 1 < len(lines):
            lines[at], lines[at + 1] = lines[at + 1], lines[at]
        elif kind == "short":
            lines[at] = lines[at][:-1]
    return lines


def damaged_file(generated, data, tmp_path, also=None):
    """A file of the 240 or 400 lines damaged by `_damaged` (and `also(family, lines)`)."""
    fam = data.draw(st.sampled_from(["240", "400"]))
    lines = _damaged(generated[fam], data)
    if also is not None:
        also(fam, lines)
    path = tmp_path / "damaged.ret"
    path.write_bytes(b"\r\n".join(lines) + b"\r\n")
    return path


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_damaged_file_reads_the_same(generated, data, tmp_path, monkeypatch):
    path = damaged_file(generated, data, tmp_path)
    _same(path, monkeypatch, lazy=data.draw(st.sampled_from([False, True, "checked"])),
          strict=data.draw(st.booleans()))


@pytest.mark.parametrize("at", [5, 61, 200, 333])
@pytest.mark.parametrize("option", ["until", "lazy_until"])
def test_a_run_stops_at_a_split_point(at, option, generated, tmp_path, monkeypatch):
    """validate --jobs 2 reads up to, and from, a line N: runs never cross it."""
    path = tmp_path / "clean.ret"
    path.write_bytes(b"\r\n".join(generated["240"]) + b"\r\n")
    seen = []
    for runs in (True, False):
        monkeypatch.setattr(R, "MIN_LINES", 2 if runs else 10**9)
        reader = cnab.read(path, lazy="checked", **{option: at})
        lines = [t.records[0].line for t in reader]
        seen.append((lines, reader.stopped_at, reader.switched_at))
    assert seen[0] == seen[1]
    assert (seen[0][1] or seen[0][2]) >= at
