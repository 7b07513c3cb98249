"""Rewrite expected.json from what the current engine reports for every damaged file.

Run after a deliberate change of behaviour, then review the diff of expected.json line by line:
    python tests/damage/regenerate.py
Entries marked "suspect" (damage.SUSPECT) are outputs judged wrong when the corpus was frozen;
they are kept as they are today so that a change shows, and listed in the report of the corpus.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

if __package__:
    from . import damage
else:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import damage  # type: ignore[no-redef]


def run_case(name: str, dmg: str, folder: Path) -> dict:
    path = damage.write_case(name, dmg, folder)
    try:
        return {"lenient": damage.observe(path, strict=False),
                "strict": damage.observe(path, strict=True)}
    finally:
        damage.remove(path)


def dumps(expected: dict) -> str:
    """JSON with one problem per line, so a change is one line of the diff."""
    return damage.dumps(expected)


def main() -> int:
    out: dict = {"_about": damage.ABOUT, "files": {}}
    with tempfile.TemporaryDirectory(prefix="cnab-damage-") as tmp:
        for name, dmg in damage.cases():
            result = run_case(name, dmg, Path(tmp))
            note = damage.SUSPECT.get((name, dmg)) or damage.SUSPECT.get(("*", dmg))
            if note:
                result = {"suspect": note, **result}
            out["files"].setdefault(name, {})[dmg] = result
            bad = [m for m in ("lenient", "strict") if not damage.accounting_holds(result[m])]
            if bad:
                print(f"{name} {dmg}: line accounting broken ({', '.join(bad)})",
                      file=sys.stderr)
    damage.EXPECTED.write_text(dumps(out), encoding="utf-8")
    print(f"wrote {damage.EXPECTED} ({sum(len(v) for v in out['files'].values())} cases)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
