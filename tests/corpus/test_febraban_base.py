"""Every CNAB 240 file of the corpus decodes with the FEBRABAN base, line by line, no crash."""

import pytest

from cnab.errors import FileFormatError
from cnab.files.reader import read

from ..conftest import CORPUS, corpus_manifest

FILES_240 = [row for row in corpus_manifest() if row["cnab"].startswith("240")]


@pytest.mark.skipif(not FILES_240, reason="../shared/corpus not present")
@pytest.mark.parametrize("row", FILES_240, ids=lambda r: r["file"])
def test_240_file_decodes_with_the_base(row):
    path = CORPUS / row["file"]
    try:
        reader = read(path, layout="febraban.cnab240.cobranca", errors="collect")
    except FileFormatError as exc:  # refused as a whole, with a reason: never a crash
        assert exc.problems and exc.problems[0].message
        return
    titles = list(reader)
    stats = reader.stats
    # nothing lost: every line is framing, inside a título, or reported
    assert stats["lines"] == stats["frame_lines"] + stats["title_lines"] + stats["reported_lines"]
    for p in reader.problems:
        assert p.file == str(path) and p.rule and p.message
    assert titles or reader.problems


def test_a_clean_febraban_file_reads_without_errors():
    path = CORPUS / "CnabPHP/tests_fixtures_cnab240_retorno_cnab240_caixa.ret"
    if not path.exists():
        pytest.skip("corpus not present")
    reader = read(path, layout="febraban.cnab240.cobranca", errors="collect")
    titles = list(reader)
    assert reader.errors == []
    assert len(titles) == 9
    first = titles[0]
    assert [r.name for r in first.records] == ["segmento_t", "segmento_u"]
    assert first.view["occurrence"] is not None
