import csv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"


def corpus_manifest() -> list[dict]:
    """Rows of ../shared/corpus/MANIFEST.tsv (empty when shared/ is absent)."""
    path = CORPUS / "MANIFEST.tsv"
    if not path.exists():
        return []
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


@pytest.fixture(scope="session")
def bench():
    """benchmarks/bench.py as a module (its generators, decoders and cases)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench", REPO / "benchmarks" / "bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def bench_lines(bench, folder, pairs: int, lot: int, details: int) -> dict:
    """The benchmark's CNAB 240 (`pairs` T+U in lotes of `lot`) and Itaú 400 (`details`)
    retornos, as lists of lines without terminators, for tests that damage them."""
    f240, f400 = folder / "cob240.ret", folder / "cob400.ret"
    bench.gen240(str(f240), pairs, lot=lot)
    bench.gen400(str(f400), details)
    return {"240": f240.read_bytes().split(b"\r\n")[:-1],
            "400": f400.read_bytes().split(b"\r\n")[:-1]}


@pytest.fixture(scope="session")
def registry():
    from cnab.layout.registry import default_registry

    return default_registry()


@pytest.fixture(autouse=True, scope="session")
def every_read_accounts_for_every_line():
    """The accounting invariant, checked on every file any test reads to the end:
    input lines = header/trailer lines + lines inside títulos + lines reported as problems."""
    from cnab.files.reader import FileReader

    original = FileReader.__iter__

    def checked(self):
        yield from original(self)
        s = self.stats
        assert s["lines"] == s["frame_lines"] + s["title_lines"] + s["reported_lines"], (
            f"{self.name}: lines lost: {dict(s)}")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(FileReader, "__iter__", checked)
        yield
