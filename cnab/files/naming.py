"""The file name a bank expects for a remessa, from the layout's `file_name:` expression."""

from __future__ import annotations

from cnab.files.counters import Counters, RecordEnv
from cnab.files.models import Beneficiary
from cnab.layout.expr import evaluate
from cnab.layout.model import Layout


def remessa_name(layout: Layout, beneficiary: Beneficiary, file) -> str:
    """The bank's rule when the layout states one, else `<bank>-<YYYYMMDD>-<seq>.REM`."""
    if layout.file_name:
        env = RecordEnv(Counters(layout, now=file.generated_at), {}, {},
                        {"beneficiary": beneficiary, "file": file})
        return str(evaluate(layout.file_name, env))
    bank = layout.bank or beneficiary.bank or "000"
    return f"{bank}-{file.generated_at:%Y%m%d}-{file.sequence:06d}.REM"
