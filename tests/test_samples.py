"""samples/ holds exactly what our writer produces, and every sample passes strict validation."""

import subprocess
import sys
from pathlib import Path

import pytest

from cnab.validate import validate_file

REPO = Path(__file__).resolve().parent.parent
SAMPLES = sorted((REPO / "samples").glob("*.REM")) + sorted((REPO / "samples").glob("*.RET"))


def test_samples_are_what_the_writer_makes(tmp_path):
    subprocess.run([sys.executable, str(REPO / "tools" / "make_samples.py"), str(tmp_path)],
                   check=True, capture_output=True)
    fresh = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert fresh == {p.name: p.read_bytes() for p in SAMPLES}
    assert len([n for n in fresh if n.endswith(".REM")]) >= 30
    assert len([n for n in fresh if n.endswith(".RET")]) >= 20


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_sample_is_strictly_valid_and_detected(path):
    report = validate_file(path, strict=True)
    assert report.exit_code == 0, [str(p) for p in report.problems]
    # named for its layout (itau-cnab400-nfe.REM: the same layout, details with NF-e keys)
    assert path.name.startswith(report.layout.replace(".", "-")) and \
        path.name.endswith(path.suffix)
    assert path.stem == report.layout.replace(".", "-") or path.stem.endswith("-nfe")
    assert report.direction == ("remessa" if path.suffix == ".REM" else "retorno")
    assert report.titles == 3


def test_every_writable_layout_has_a_remessa_sample():
    """A layout whose sample the writer skipped (input it now refuses) must not go unnoticed."""
    import cnab

    registry = cnab.default_registry()
    names = {p.name for p in SAMPLES}
    missing = [lid for lid in registry.layout_ids()
               if "remessa" in registry.layout(lid).directions()
               and lid.replace(".", "-") + ".REM" not in names]
    assert missing == []
