"""The reader verifies the file's own arithmetic and reports every damage at its line."""

import pytest

import cnab
from cnab.errors import FileFormatError, ValidationError
from cnab.files.writer import Writer

from .factory import WHEN, beneficiary, boletos

BASE = "febraban.cnab240.cobranca"


@pytest.fixture(scope="module")
def lines():
    text = Writer(BASE).render(beneficiary(), boletos(4), WHEN)
    return text.split("\r\n")[:-1]  # 4P + 4Q + 2R + 4 = 14 lines


def read(lines, eol="\r\n", strict=True):
    data = (eol.join(lines) + eol).encode("latin-1")
    reader = cnab.read(data, strict=strict, errors="collect")
    titles = list(reader)
    s = reader.stats
    assert s["lines"] == s["frame_lines"] + s["title_lines"] + s["reported_lines"]
    return reader, titles


def messages(reader):
    return [str(p) for p in reader.problems]


def test_clean(lines):
    reader, titles = read(lines)
    assert reader.problems == [] and len(titles) == 4 and len(lines) == 14


def test_wrong_trailer_count(lines):
    bad = list(lines)
    bad[-1] = bad[-1][:23] + "000015" + bad[-1][29:]
    reader, _ = read(bad)
    assert messages(reader) == ["<bytes>:14:24-29: trailer_arquivo.quantidade_registros: "
                                "quantidade_registros is 15 but 14 was expected (count(\"file\"))"]


def test_wrong_batch_count(lines):
    bad = list(lines)
    bad[-2] = bad[-2][:17] + "000099" + bad[-2][23:]
    reader, _ = read(bad)
    assert messages(reader) == ["<bytes>:13:18-23: trailer_lote.quantidade_registros: "
                                "quantidade_registros is 99 but 12 was expected (count(\"batch\"))"]


def test_missing_trailer(lines):
    reader, titles = read(lines[:-1])
    assert messages(reader) == ["<bytes>:13: file ends without its trailer (truncated?)"]
    assert len(titles) == 4


def test_truncated_file(lines):
    reader, titles = read(lines[:6])
    assert "<bytes>:6: file ends without its trailer (truncated?)" in messages(reader)
    assert len(titles) == 2


def test_duplicated_line(lines):
    bad = lines[:3] + [lines[2]] + lines[3:]
    reader, _ = read(bad)
    found = messages(reader)
    assert found[0] == ("<bytes>:4:9-13: segmento_p.sequencial_lote: sequencial_lote is 1 but 2 "
                        "was expected (seq(\"in_batch\"))")
    assert any("trailer_lote.quantidade_registros" in m for m in found)


def test_letter_in_numeric_field_and_bad_date(lines):
    bad = list(lines)
    bad[2] = bad[2][:85] + "00000000003A990" + bad[2][100:]
    bad[3] = bad[3][:77] + "31022026" + bad[3][85:] if bad[3][13] == "P" else bad[3]
    reader, titles = read(bad)
    found = messages(reader)
    # one bad field is one problem: the record still counts and stays in its título
    assert found == ["<bytes>:3:86-100: segmento_p.valor_titulo: '00000000003A990' is not "
                     "numeric (picture 9(13)V99)"]
    assert len(titles) == 4 and titles[0].view["amount"] is None


def test_lenient_lf_and_trimmed_lines_are_warnings_strict_errors(lines):
    trimmed = [line.rstrip(" ") for line in lines]
    reader, titles = read(trimmed, eol="\n", strict=False)
    assert reader.errors == [] and len(titles) == 4
    rules = {p.rule for p in reader.warnings}
    assert {"lf-only", "short-line"} <= rules
    reader, _ = read(trimmed, eol="\n", strict=True)
    assert {p.rule for p in reader.errors} >= {"lf-only", "short-line"}


def test_bom_ctrl_z_and_blank_tail_are_warnings(lines):
    data = ("\ufeff" + "\r\n".join(lines) + "\r\n\x1a\r\n\r\n").encode("utf-8")
    reader = cnab.read(data, errors="collect")
    titles = list(reader)
    assert len(titles) == 4 and reader.errors == []
    assert {"bom", "ctrl-z", "trailing-blank-line"} <= {p.rule for p in reader.warnings}


def test_raise_mode_stops_with_typed_error(lines):
    bad = list(lines)
    bad[-1] = bad[-1][:23] + "000015" + bad[-1][29:]
    with pytest.raises(ValidationError) as exc:
        list(cnab.read(("\r\n".join(bad) + "\r\n").encode()))
    assert "quantidade_registros is 15 but 14" in str(exc.value)


@pytest.mark.parametrize("data, message", [
    (b"", "file is empty"),
    ("0".encode("utf-16"), "UTF-16"),
    (b"%PDF-1.4\n", "PDF"),
    (b"hello\r\n", "first line is 5 characters long"),
])
def test_undecodable_input_one_clear_error(data, message):
    with pytest.raises(FileFormatError) as exc:
        cnab.read(data)
    assert message in str(exc.value)
    assert len(exc.value.problems) == 1
