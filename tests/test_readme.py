"""README's coverage table is what `cnab layouts list --format markdown` prints today."""

from pathlib import Path

from click.testing import CliRunner

from cnab.cli import main

README = Path(__file__).resolve().parent.parent / "README.md"


def test_coverage_table_in_sync():
    text = README.read_text(encoding="utf-8")
    table = text.split("<!-- coverage:start -->\n")[1].split("\n<!-- coverage:end -->")[0]
    result = CliRunner().invoke(main, ["layouts", "list", "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == table.strip()


def test_readme_starts_with_the_two_commands():
    lines = README.read_text(encoding="utf-8").splitlines()
    block = lines[lines.index("```sh") + 1:lines.index("```sh") + 3]
    assert block[0].startswith("python -m pip install . && cnab validate samples/")
    test_command = "python -m pip install -e '.[test]' && python -m pytest tests"
    assert block[1].startswith(test_command)
    assert test_command in (README.parent / ".ci" / "run").read_text()
