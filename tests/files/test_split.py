"""`validate_file(jobs=2)` (one file read by two processes) reports exactly what one process
reports, whatever is broken and wherever: clean files are split, damaged ones too when the damage
lies after the split, and read again in one process when it lies before."""

import pytest

from cnab import validate as V
from tests.conftest import CORPUS, REPO, bench_lines, corpus_manifest


@pytest.fixture(autouse=True)
def any_size_is_split(monkeypatch):
    monkeypatch.setattr(V, "SPLIT_MIN", 0)


@pytest.fixture(scope="module")
def files(bench, tmp_path_factory):
    return bench_lines(bench, tmp_path_factory.mktemp("split"), 600, 250, 1200)


def _write(path, lines):
    path.write_bytes(b"\r\n".join(lines) + b"\r\n")
    return path


def _both(path):
    one = V.validate_file(path, progress=False)
    two = V.validate_file(path, progress=False, jobs=2)
    assert two.as_dict() == one.as_dict()
    return one


@pytest.mark.parametrize("fam", ["240", "400"])
def test_a_clean_file_is_split_and_tallied_the_same(fam, files, tmp_path):
    path = _write(tmp_path / "f.ret", files[fam])
    assert V._validate_in_two(path, strict=True, layout=None) is not None
    report = _both(path)
    assert report.exit_code == 0 and report.titles == (600 if fam == "240" else 1200)


def _damage(lines, kind, at):
    lines = list(lines)
    line = lines[at]
    if kind == "amount":  # a letter in an amount (T 82-96, 400 detail 153-165)
        col = 85 if len(line) == 240 else 155
        lines[at] = line[:col] + b"X" + line[col + 1:]
    elif kind == "sequence":  # a wrong number in the record's sequence (240: 9-13, 400: 395-400)
        lines[at] = line[:8] + b"99999" + line[13:] if len(line) == 240 else \
            line[:394] + b"999999"
    elif kind == "check-digit":  # Itaú 400 nosso número DV (94); 240: the segment letter
        col = 93 if len(line) == 400 else 13
        lines[at] = line[:col] + (b"0" if line[col:col + 1] != b"0" else b"1") + line[col + 1:]
    elif kind == "duplicate":
        lines.insert(at, line)
    elif kind == "delete":
        del lines[at]
    return lines


@pytest.mark.parametrize("fam", ["240", "400"])
@pytest.mark.parametrize("kind", ["amount", "sequence", "check-digit", "duplicate", "delete"])
@pytest.mark.parametrize("where", [0.1, -0.02, 0, 0.01, 0.02, 0.9])
def test_a_damaged_file_reports_the_same_problems(fam, kind, where, files, tmp_path):
    """Damage early, late, and about the split point (SPLIT_AT - 0.02 .. SPLIT_AT + 0.02)."""
    lines = files[fam]
    where = where if where in (0.1, 0.9) else V.SPLIT_AT + where
    path = _write(tmp_path / "f.ret", _damage(lines, kind, int(len(lines) * where)))
    assert _both(path).exit_code == 1
    split = V._validate_in_two(path, strict=True, layout=None)
    if where == 0.9:  # after the split: the second process's problems are the report's
        assert split is not None and split.problems
    elif where == 0.1:
        assert split is None


def test_damage_before_the_split_is_read_in_one_process(files, tmp_path):
    lines = files["400"]
    path = _write(tmp_path / "f.ret", _damage(lines, "check-digit", 10))
    assert V._validate_in_two(path, strict=True, layout=None) is None


REAL = [CORPUS / row["file"] for row in corpus_manifest()] + \
    sorted((REPO / "samples").glob("*.*"))


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
@pytest.mark.parametrize("strict", [True, False])
def test_every_real_file_gets_the_same_report_in_two_processes(path, strict):
    """The corpus's real bank files (clean and quirky) and the samples, split at SPLIT_AT."""
    one = V.validate_file(path, strict=strict, progress=False)
    two = V.validate_file(path, strict=strict, progress=False, jobs=2)
    assert two.as_dict() == one.as_dict()


def test_most_real_files_are_really_split():
    """So that the comparison above is not only of files read again in one process."""
    split = sum(V._validate_in_two(p, strict=False, layout=None) is not None for p in REAL)
    assert split >= len(REAL) // 2
