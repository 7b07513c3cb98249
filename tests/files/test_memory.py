"""Reading is streaming: peak memory for the largest valid file is that of a small one.

A CNAB 240 file counts its records in 6 digits (trailer 24-29), so one valid file holds at most
999,999 records: 499,950 T+U títulos plus headers and trailers. That is the size used here; a
"1,000,000-título" single file cannot be valid CNAB.
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def peak_kib(path) -> tuple[int, int]:
    out = subprocess.run([sys.executable, str(HERE / "bigfile.py"), "read", str(path)],
                         capture_output=True, text=True, check=True).stdout.split()
    return int(out[0]), int(out[1])


def test_peak_memory_is_flat(tmp_path):
    small, big = tmp_path / "small.ret", tmp_path / "big.ret"
    subprocess.run([sys.executable, str(HERE / "bigfile.py"), "write", str(small), "10000"],
                   check=True)
    subprocess.run([sys.executable, str(HERE / "bigfile.py"), "write", str(big), "499950"],
                   check=True)
    assert big.stat().st_size > 240_000_000
    n_small, rss_small = peak_kib(small)
    n_big, rss_big = peak_kib(big)
    assert (n_small, n_big) == (10_000, 499_950)
    assert rss_big - rss_small < 20 * 1024, (rss_small, rss_big)
