"""The damage corpus: every original × every damage, read lenient and strict, must report
exactly what expected.json says (regenerate.py rewrites it for a deliberate change)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from . import damage

EXPECTED = json.loads(damage.EXPECTED.read_text(encoding="utf-8"))
CASES = damage.cases()


def test_expected_covers_every_case():
    frozen = {(f, d) for f, ds in EXPECTED["files"].items() for d in ds}
    assert frozen == set(CASES), "expected.json is stale: run tests/damage/regenerate.py"


def test_originals_are_clean_in_lenient_mode():
    for name in damage.PLANS:
        got = EXPECTED["files"][name]["original"]["lenient"]
        assert not [p for p in got["problems"] if p[0] == "error"], name


@pytest.mark.parametrize("name,dmg", CASES, ids=[f"{n[-28:]}-{d}" for n, d in CASES])
def test_damage(name, dmg, tmp_path):
    path = damage.write_case(name, dmg, tmp_path)
    try:
        expected = EXPECTED["files"][name][dmg]
        for mode, strict in (("lenient", False), ("strict", True)):
            got = damage.observe(path, strict=strict)
            assert damage.accounting_holds(got), (
                f"{mode}: lines != frame_lines + title_lines + reported_lines: {got['stats']}")
            assert got == expected[mode], (
                f"{mode} reading of {name} damaged by {dmg} changed:\n"
                + "\n".join(["expected:"] + [f"  {p}" for p in expected[mode]["problems"]]
                            + ["got:"] + [f"  {p}" for p in got["problems"]]))
    finally:
        damage.remove(path)


def test_damage_is_deterministic():
    for name, plan in damage.PLANS.items():
        data = (damage.ORIGINALS / name).read_bytes()
        for dmg, fn in damage.damages(plan).items():
            if fn is not None:
                assert fn(data) == fn(data), (name, dmg)


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="needs Linux /proc")
def test_huge_line_is_not_held(tmp_path):
    """The 100 MB line is read in a fresh process whose peak memory stays far below 100 MB."""
    name = "samples_sicoob-example.ret"
    path = damage.write_case(name, damage.HUGE_INSERTED, tmp_path)
    try:
        code = textwrap.dedent(f"""
            import cnab
            reader = cnab.read({str(path)!r}, errors="collect")
            for _ in reader:
                pass
            assert any(p.rule == "line-too-long" for p in reader.problems), reader.problems
            for row in open("/proc/self/status"):
                if row.startswith("VmHWM:"):
                    print(int(row.split()[1]) // 1024)
        """)
        out = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True,
                             text=True, timeout=120)
        assert out.returncode == 0, out.stderr
        peak_mb = int(out.stdout.strip() or 0)
        assert path.stat().st_size > damage.HUGE_SIZE
        assert peak_mb < 80, f"peak RSS {peak_mb} MB while reading a 100 MB line"
    finally:
        damage.remove(path)
