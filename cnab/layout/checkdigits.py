"""Check-digit arithmetic that banks use for nosso número, agência and conta.

Both functions take the rule as data (weights, direction, result map) so each bank states its
own variant in YAML instead of in Python.
"""

from __future__ import annotations


def _digits(text) -> list[int]:
    s = str(text)
    if not s.isascii() or not s.isdigit():
        raise ValueError(f"check digit input must be digits, got {s!r}")
    return [int(c) for c in s]


def _weighted(digits, weights, from_right: bool):
    if not weights:
        raise ValueError("weights must not be empty")
    order = reversed(digits) if from_right else digits
    return [d * weights[i % len(weights)] for i, d in enumerate(order)]


def mod10(text, weights=(2, 1), map=None, sum_digits=True):
    """FEBRABAN módulo 10: weights from the rightmost digit, products' digits added."""
    total = 0
    for p in _weighted(_digits(text), list(weights), True):
        total += (p // 10 + p % 10) if sum_digits else p
    r = total % 10
    table = {0: 0} if map is None else map
    if r in table:
        return table[r]
    return 10 - r


def mod11(text, weights=(2, 3, 4, 5, 6, 7, 8, 9), map=None, direction="right", complement=True):
    """Módulo 11: r = Σ digit × weight mod 11; result 11 − r (or r), with per-bank exceptions."""
    if direction not in ("right", "left"):
        raise ValueError("from must be 'right' or 'left'")
    r = sum(_weighted(_digits(text), list(weights), direction == "right")) % 11
    table = map or {}
    if r in table:
        return table[r]
    return 11 - r if complement else r
