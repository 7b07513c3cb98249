"""The `cnab` command, through click's CliRunner and through a real subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cnab.cli import main

FIXTURES = Path(__file__).resolve().parent / "fixtures"
LAYOUT = "febraban.cnab240.cobranca"

# the exact first line each damaged fixture must produce (FILE:LINE:COL-COL: record.field: reason)
DAMAGED = {
    "damaged_letter.rem": "damaged_letter.rem:3:86-100: segmento_p.valor_titulo: "
                          "'0000000001A0050' is not numeric (picture 9(13)V99)",
    "damaged_date.rem": "damaged_date.rem:3:78-85: segmento_p.vencimento: '31022026' is not a "
                        "valid date (DDMMAAAA)",
    "damaged_trailer.rem": "damaged_trailer.rem:8:24-29: trailer_arquivo.quantidade_registros: "
                           "quantidade_registros is 9 but 8 was expected (count(\"file\"))",
    "damaged_short.rem": "damaged_short.rem:4: line is 238 characters, padded with blanks to 240 "
                         "(trailing blanks were trimmed)",
}
UNREADABLE = {
    "doc.pdf": "doc.pdf:1: file is a PDF, not a CNAB text file",
    "empty.rem": "empty.rem: file is empty",
    "utf16.rem": "utf16.rem:1: file is UTF-16 text; CNAB files are ASCII/ISO-8859-1",
    "missing.rem": "missing.rem: no such file",
}


@pytest.fixture()
def here(monkeypatch):
    """Run from the fixtures folder so file names in messages are short and exact."""
    monkeypatch.chdir(FIXTURES)
    return FIXTURES


def run(*args, **kw):
    result = CliRunner(mix_stderr=False).invoke(main, [str(a) for a in args], **kw) \
        if "mix_stderr" in CliRunner.__init__.__code__.co_varnames \
        else CliRunner().invoke(main, [str(a) for a in args], **kw)
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception
    return result


def cnab_exe() -> list[str]:
    exe = shutil.which("cnab")
    return [exe] if exe else [sys.executable, "-m", "cnab"]


def sub(*args, cwd=FIXTURES):
    env = {**os.environ, "CNAB_NO_PROGRESS": "1"}
    return subprocess.run([*cnab_exe(), *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, env=env, timeout=120)


# -- basics -------------------------------------------------------------------------------------
def test_version_and_help():
    r = run("--version")
    assert r.exit_code == 0 and "cnab, version" in r.output
    for cmd in (["validate"], ["parse"], ["generate"], ["layouts"], ["layouts", "list"],
                ["layouts", "show"], ["layouts", "check"], []):
        r = run(*cmd, "--help")
        assert r.exit_code == 0, cmd
        assert "Example" in r.output, cmd


def test_usage_error_exits_2():
    assert run("validate").exit_code == 2
    assert run("parse", "--format", "xml", "x").exit_code == 2
    assert run("nosuchcommand").exit_code == 2


# -- validate -----------------------------------------------------------------------------------
def test_validate_valid(here):
    r = run("validate", "valid.rem")
    assert r.exit_code == 0, r.output
    assert r.stdout == ""
    assert "valid.rem: valid: layout febraban.cnab240.cobranca (bank 999, remessa), 2 títulos, " \
           "total 301.50, 0 errors, 0 warnings; by occurrence 01: 2 (301.50)" in r.stderr


@pytest.mark.parametrize("name", sorted(DAMAGED))
def test_validate_damaged(here, name):
    r = run("validate", name)
    assert r.exit_code == 1
    assert r.stdout.splitlines()[0] == DAMAGED[name]
    assert f"{name}: INVALID" in r.stderr


@pytest.mark.parametrize("name", ["valid.rem", *sorted(DAMAGED)])
def test_validate_in_two_processes_says_the_same(here, name, monkeypatch):
    from cnab import validate as V

    monkeypatch.setattr(V, "SPLIT_MIN", 0)  # these files are tiny: split them anyway
    one, two = run("validate", name), run("validate", "--jobs", "2", name)
    assert (two.exit_code, two.stdout, two.stderr) == (one.exit_code, one.stdout, one.stderr)


def test_short_line_is_a_warning_when_lenient(here):
    r = run("validate", "--lenient", "damaged_short.rem")
    assert r.exit_code == 0
    assert r.stdout.splitlines() == [
        "damaged_short.rem:4: warning: line is 238 characters, padded with blanks to 240 "
        "(trailing blanks were trimmed)"]


@pytest.mark.parametrize("name", sorted(UNREADABLE))
def test_validate_unreadable(here, name):
    r = run("validate", name)
    assert r.exit_code == 2
    assert r.stdout == ""
    assert r.stderr.splitlines() == [UNREADABLE[name]]


def test_validate_json(here):
    r = run("validate", "--format", "json", "valid.rem", "damaged_trailer.rem", "empty.rem")
    assert r.exit_code == 2  # the worst of the files
    doc = json.loads(r.stdout)
    assert [f["file"] for f in doc["files"]] == ["valid.rem", "damaged_trailer.rem", "empty.rem"]
    valid, damaged, empty = doc["files"]
    assert valid["valid"] and valid["titles"] == 2 and valid["total"] == "301.50"
    assert valid["bank"] == "999" and valid["layout"] == LAYOUT
    assert valid["occurrences"] == {"01": {"titles": 2, "total": "301.50"}}
    assert damaged["errors"] == 1 and damaged["problems"][0]["text"] == DAMAGED[
        "damaged_trailer.rem"]
    assert empty["unreadable"]


def test_validate_folder(tmp_path):
    shutil.copy(FIXTURES / "valid.rem", tmp_path / "a.rem")
    shutil.copy(FIXTURES / "damaged_trailer.rem", tmp_path / "b.rem")
    r = run("validate", tmp_path)
    assert r.exit_code == 1
    assert len(r.stdout.splitlines()) == 1
    assert r.stdout.startswith(str(tmp_path / "b.rem") + ":8:24-29: ")


def test_validate_unknown_layout(here):
    r = run("validate", "--layout", "nope.cnab", "valid.rem")
    assert r.exit_code == 2 and "no layout with id 'nope.cnab'" in r.stderr


# -- parse --------------------------------------------------------------------------------------
def test_parse_jsonl(here):
    r = run("parse", "valid.rem")
    assert r.exit_code == 0, r.stderr
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(rows) == 2
    first = rows[0]
    assert first["bank"] == "999" and first["layout"] == LAYOUT and first["lines"] == [3, 4]
    assert first["amount"] == "100.50" and first["due_date"] == "2026-12-10"
    assert first["our_number"] == "1" and first["payer_name"] == "FULANO DE TAL"
    assert "records" not in first


def test_parse_raw_json_and_csv(here):
    r = run("parse", "valid.rem", "--format", "json", "--raw")
    assert r.exit_code == 0
    rows = json.loads(r.stdout)
    assert rows[1]["records"][0]["record"] == "segmento_p"
    assert rows[1]["records"][0]["fields"]["valor_titulo"] == "201.00"
    r = run("parse", "valid.rem", "--format", "csv")
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert lines[0].startswith("bank,layout,direction,batch,lines,our_number,")
    assert len(lines) == 3 and ",100.50," in lines[1]


def test_parse_problems_and_unreadable(here):
    r = run("parse", "damaged_date.rem")
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0] == DAMAGED["damaged_date.rem"]
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(rows) == 2  # the damaged boleto is kept, its broken date left out
    assert rows[0]["due_date"] is None and rows[1]["due_date"] is not None
    r = run("parse", "doc.pdf")
    assert r.exit_code == 2 and r.stderr.splitlines() == [UNREADABLE["doc.pdf"]]


# -- generate -----------------------------------------------------------------------------------
def test_generate_yaml_matches_writer_fixture(here, tmp_path):
    out = tmp_path / "out.rem"
    r = run("generate", "--layout", LAYOUT, "boletos.yaml", "-o", out,
            "--generated-at", "2026-11-20T10:00:00")
    assert r.exit_code == 0, r.stderr
    assert out.read_bytes() == (FIXTURES / "valid.rem").read_bytes()
    assert run("validate", out).exit_code == 0


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_generate_other_formats(here, tmp_path, fmt):
    import yaml

    doc = yaml.safe_load((FIXTURES / "boletos.yaml").read_text())
    if fmt == "json":
        src = tmp_path / "b.json"
        src.write_text(json.dumps(doc, default=str).replace('"100.5"', "100.50"))
        extra = []
    elif fmt == "jsonl":
        src = tmp_path / "b.jsonl"
        src.write_text("\n".join(json.dumps(b, default=str) for b in doc["boletos"]) + "\n")
        extra = ["--beneficiary", "beneficiary.yaml"]
    else:
        src = FIXTURES / "boletos.csv"
        extra = ["--beneficiary", "beneficiary.yaml"]
    r = run("generate", "--layout", LAYOUT, src, *extra, "-o", tmp_path,
            "--generated-at", "2026-11-20T10:00:00", "--sequence", "7")
    assert r.exit_code == 0, r.stderr
    out = tmp_path / "999-20261120-000007.REM"
    assert out.exists()
    v = run("validate", out)
    assert v.exit_code == 0 and "2 títulos, total 301.50" in v.stderr


def test_generate_json_amount_is_decimal(tmp_path, here):
    src = tmp_path / "b.json"
    ben = (FIXTURES / "beneficiary.yaml").read_text()
    import yaml

    src.write_text(json.dumps({
        "beneficiary": yaml.safe_load(ben),
        "boletos": [{"our_number": "9", "due_date": "2026-12-01", "amount": 0, "payer_name": "X",
                     "payer_document": "52998224725"}]}).replace('"amount": 0', '"amount": 0.1'))
    r = run("generate", "--layout", LAYOUT, src, "--generated-at", "2026-11-20T10:00:00")
    assert r.exit_code == 0, r.stderr
    p_line = r.stdout.splitlines()[2]
    assert p_line[85:100] == "000000000000010"


def test_generate_lists_every_problem(here, tmp_path):
    r = run("generate", "--layout", LAYOUT, "bad_boletos.csv", "--beneficiary",
            "beneficiary.yaml", "-o", tmp_path)
    assert r.exit_code == 1
    assert r.stderr.splitlines() == [
        "bad_boletos.csv:3: boletos[1].due_date: due_date '2026-13-40' is not a date "
        "(YYYY-MM-DD or DD/MM/YYYY)",
        "bad_boletos.csv:4: boletos[2].amount: amount 'abc' is not an amount (e.g. 1234.56)",
        "bad_boletos.csv:4: boletos[2].payer.document: payer.document '52998224700' is not a "
        "valid CPF (check digits)",
        "bad_boletos.csv:5: boletos[3].payer_name: payer_name is required",
        "4 problem(s); nothing written",
    ]
    assert list(tmp_path.iterdir()) == []


def test_generate_writer_problems_are_placed_at_their_row(here, tmp_path):
    src = tmp_path / "b.csv"
    src.write_text("our_number,due_date,amount,payer_name,payer_document\n"
                   "1,2026-12-10,10.00,A,52998224725\n"
                   "2,2026-12-10,10.00,B,52998224700\n"
                   "3,2026-12-10,10.001,C,52998224725\n")
    r = run("generate", "--layout", LAYOUT, src, "--beneficiary", "beneficiary.yaml")
    assert r.exit_code == 1
    lines = r.stderr.splitlines()
    assert lines[0] == (f"{src}:3: boletos[1].payer.document: payer.document '52998224700' is "
                        f"not a valid CPF (check digits)")
    assert lines[1].startswith(f"{src}:4: boletos[2].amount: amount 10.001 has more than 2")
    assert r.stdout == ""


def test_generate_needs_beneficiary(here):
    r = run("generate", "--layout", LAYOUT, "boletos.csv")
    assert r.exit_code == 1
    assert "no beneficiary" in r.stderr
    r = run("generate", "--layout", LAYOUT, "nope.yaml")
    assert r.exit_code == 2 and r.stderr.splitlines() == ["nope.yaml: no such file"]
    r = run("generate", "--layout", "no.such", "boletos.yaml")
    assert r.exit_code == 2


def test_remessa_names():
    import datetime as dt

    import cnab
    from cnab.files.models import Beneficiary
    from cnab.inputs import remessa_name

    reg = cnab.default_registry()
    ben = Beneficiary(bank="748", name="X", document="11222333000181", convenio="12345")
    when = dt.datetime(2026, 11, 5)
    assert remessa_name(reg.layout("sicredi.cnab400"), ben, 1, when) == "12345N05.CRM"
    assert remessa_name(reg.layout("sicredi.cnab240"), ben, 1, when) == "12345N05.CRM"
    assert remessa_name(reg.layout("bradesco.cnab400"), ben, 3, when) == "CB051103.REM"
    assert remessa_name(reg.layout("febraban.cnab240.cobranca"), ben, 12, when) == \
        "748-20261105-000012.REM"


# -- layouts ------------------------------------------------------------------------------------
def test_layouts_list_show_check():
    r = run("layouts", "list", "--format", "json")
    doc = json.loads(r.stdout)
    row = next(x for x in doc["layouts"] if x["layout"] == LAYOUT)
    assert row["format"] == "cnab240" and row["directions"] == ["remessa", "retorno"]
    assert "manual" in row["verified"]
    r = run("layouts", "list")
    assert LAYOUT in r.stdout and "VERIFIED" in r.stdout
    r = run("layouts", "show", LAYOUT, "--record", "trailer_arquivo")
    assert r.exit_code == 0
    assert any(line.startswith("24-29") and "quantidade_registros" in line
               for line in r.stdout.splitlines())
    assert run("layouts", "show", "no.such").exit_code == 2
    assert run("layouts", "show", LAYOUT, "--record", "nope").exit_code == 2
    # which fields are computed, checked or written only; the expressions themselves in json
    r = run("layouts", "show", "sicoob.cnab240", "--record", "segmento_p")
    line = next(x for x in r.stdout.splitlines() if " nosso_numero_dv " in x)
    assert " write " in line
    doc = json.loads(run("layouts", "show", "itau.cnab400", "--record", "detalhe_nfe",
                         "--format", "json").stdout)
    (rec,) = doc["records"]
    assert rec["length"] == 444
    assert next(f for f in rec["fields"] if f["name"] == "chave_nfe")["from"] == "boleto.nfe_key"


def test_layouts_check_reports_broken_layout(tmp_path):
    (tmp_path / "bad.yaml").write_text("layout: bad\nline_length: 240\nrecords: {}\n")
    r = run("layouts", "check", "--path", tmp_path)
    assert r.exit_code == 1 and "problem(s)" in r.stderr


# -- through the installed command --------------------------------------------------------------
def test_subprocess_version():
    p = sub("--version")
    assert p.returncode == 0 and p.stdout.startswith("cnab, version")


def test_subprocess_validate_valid_and_damaged():
    p = sub("validate", "valid.rem")
    assert p.returncode == 0, p.stderr
    for name, line in DAMAGED.items():
        p = sub("validate", name)
        assert p.returncode == 1, name
        assert p.stdout.splitlines()[0] == line
        assert "Traceback" not in p.stderr


@pytest.mark.parametrize("name", sorted(UNREADABLE))
def test_subprocess_unreadable(name):
    p = sub("validate", name)
    assert p.returncode == 2
    assert p.stderr.splitlines() == [UNREADABLE[name]]
    assert p.stdout == ""


def test_subprocess_generate_then_validate(tmp_path):
    p = sub("generate", "--layout", LAYOUT, FIXTURES / "boletos.csv", "--beneficiary",
            FIXTURES / "beneficiary.yaml", "-o", tmp_path)
    assert p.returncode == 0, p.stderr
    [out] = list(tmp_path.iterdir())
    assert out.name.startswith("999-") and out.name.endswith("-000001.REM")
    p = sub("validate", out)
    assert p.returncode == 0, p.stdout + p.stderr
    p = sub("parse", out, "--format", "jsonl")
    assert p.returncode == 0
    assert [json.loads(x)["amount"] for x in p.stdout.splitlines()] == ["100.50", "201.00"]


def test_subprocess_usage_error():
    p = sub("validate", "--format", "xml", "valid.rem")
    assert p.returncode == 2 and "Traceback" not in p.stderr


# -- progress -----------------------------------------------------------------------------------
def test_progress_only_for_big_files_on_a_terminal(tmp_path, monkeypatch):
    from cnab import validate as v

    monkeypatch.delenv("CNAB_NO_PROGRESS", raising=False)
    assert not v.show_progress(FIXTURES / "valid.rem")  # small
    monkeypatch.setattr(v, "PROGRESS_THRESHOLD", 10)
    monkeypatch.setattr(v.sys, "stderr", type("T", (), {"isatty": lambda self: True})())
    assert v.show_progress(FIXTURES / "valid.rem")
    monkeypatch.setenv("CNAB_NO_PROGRESS", "1")
    assert not v.show_progress(FIXTURES / "valid.rem")


def test_validate_with_progress_bar_same_result(capsys):
    from cnab.validate import validate_file

    with_bar = validate_file(FIXTURES / "damaged_trailer.rem", progress=True)
    without = validate_file(FIXTURES / "damaged_trailer.rem", progress=False)
    assert [str(p) for p in with_bar.problems] == [str(p) for p in without.problems]
    assert with_bar.titles == without.titles == 2
