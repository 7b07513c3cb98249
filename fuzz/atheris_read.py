"""Coverage-guided fuzzing of the reader with atheris (on demand, not in CI).

    pip install atheris && python fuzz/atheris_read.py -atheris_runs=200000 [corpus_dir]

Seeds: give a folder of real files (e.g. ../shared/corpus/brcobranca). Any exception other
than cnab.CnabError, or a broken line accounting, is a finding.
"""

import sys

import atheris

with atheris.instrument_imports():
    import cnab
    from cnab.errors import CnabError


def one_input(data: bytes) -> None:
    try:
        reader = cnab.read(data, errors="collect")
    except CnabError:
        return
    for _ in reader:
        pass
    s = reader.stats
    if s["lines"] != s["frame_lines"] + s["title_lines"] + s["reported_lines"]:
        raise AssertionError(f"lines lost: {dict(s)}")


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
