"""COBOL pictures as the manuals print them: 9(5), X(30), 9(13)V99, 9(11)V9(2)."""

from __future__ import annotations

import re

import attrs

_TOKEN = re.compile(r"([9X])(?:\((\d{1,4})\))?")


@attrs.frozen
class Picture:
    kind: str  # "num" or "alpha"
    length: int  # total characters on the line
    decimals: int  # implied decimal places (num only)


def _run(text: str) -> tuple[str, int]:
    """Length and symbol of a run like '9(13)' or '999' or 'X(2)X'."""
    pos, total, symbol = 0, 0, None
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise ValueError(f"bad picture syntax at {text[pos:]!r}")
        if symbol is not None and m.group(1) != symbol:
            raise ValueError("a picture mixes 9 and X")
        symbol = m.group(1)
        total += int(m.group(2)) if m.group(2) else 1
        pos = m.end()
    if symbol is None:
        raise ValueError("empty picture")
    return symbol, total


def parse_picture(text) -> Picture:
    """Parse a picture; raise ValueError with the reason when it is malformed."""
    if not isinstance(text, str):
        raise ValueError(f"a picture is text like '9(5)', got {text!r}")
    pic = text.strip().upper()
    whole, sep, frac = pic.partition("V")
    if not sep:
        symbol, n = _run(pic)
        if n == 0:
            raise ValueError("a picture of length 0")
        return Picture("num" if symbol == "9" else "alpha", n, 0)
    symbol_i, n_int = _run(whole) if whole else ("9", 0)
    symbol_f, n_dec = _run(frac)
    if symbol_i != "9" or symbol_f != "9":
        raise ValueError("implied decimals (V) need numeric digits on both sides")
    if n_dec == 0:
        raise ValueError("V with no decimal places")
    return Picture("num", n_int + n_dec, n_dec)
