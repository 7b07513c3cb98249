"""`cnab layouts check` accepts the shipped layouts and refuses each kind of broken layout."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from cnab.cli import main
from cnab.layout.registry import Registry

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "layouts"


def check(path):
    return CliRunner().invoke(main, ["layouts", "check", "--path", str(path)])


def test_shipped_layouts_pass():
    result = CliRunner().invoke(main, ["layouts", "check"])
    assert result.exit_code == 0, result.output
    assert "layouts" in result.output


def test_good_fixture_and_extends():
    assert check(FIXTURES / "good").exit_code == 0
    layout = Registry([FIXTURES / "good"]).layout("test.bank")
    header = layout.records["header"]
    assert [(f.name, f.start, f.end) for f in header.fields[:3]] == [
        ("tipo", 1, 1), ("agencia", 2, 5), ("conta", 6, 12)]
    assert header.field("resto").description == "nothing here"


@pytest.mark.parametrize("case, expected", [
    ("gap", "base.yaml: header: positions 12-12 are not covered by any field"),
    ("overlap", "base.yaml: header.dv: field dv (11-12) overlaps the previous field"),
    ("picture", "detalhe.valor: picture 9(12)V99 is 14 characters but pos 2-16 is 15"),
    ("duplicate_key", "base.yaml:11:43-43: duplicate key 'pic'"),
    ("unknown_attribute", "detalhe.valor: unknown field attribute(s) ['decimal']"),
    ("ambiguous", "records header and detalhe cannot be told apart by their match fields"),
    ("match_not_const", "detalhe.valor: match field 'valor' has no const"),
    ("replace_tiling", "bank.yaml: header: replace of ['conta', 'dv'] covers 2-12 but the new "
                       "fields cover 2-11"),
    ("alias", "anchors and aliases are not allowed"),
    ("tag_object", "explicit tag 'tag:yaml.org,2002:python/object/apply:os.system' is not "
                   "allowed"),
    ("null_on_date", "header.data: a date field reads zeros and blanks as None already"),
    ("default_by_direction", "header.operacao: a default by direction has the keys remessa "
                             "and/or retorno"),
    ("record_length", "header: a record's own length must be a number above the layout's "
                      "line_length"),
    ("like_unknown", "like: 'detalhe_inexistente' must name an existing record"),
    ("write_and_compute", "header.dv: a field has compute (written and checked) or write "
                          "(written only), not both"),
    ("refuse_shape", "refuse #1 needs exactly `when` (an expression) and `message`"),
])
def test_broken_fixture_is_refused(case, expected):
    result = check(FIXTURES / case)
    assert result.exit_code == 1
    assert expected in result.output
    assert "Traceback" not in result.output
