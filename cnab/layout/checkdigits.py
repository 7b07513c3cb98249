"""Check-digit arithmetic that banks use for nosso número, agência and conta.

Both functions take the rule as data (weights, direction, result map) so each bank states its
own variant in YAML instead of in Python. They run on every detail line a reader checks, so the
products are looked up in per-weight tables rather than computed digit by digit.
"""

from __future__ import annotations

import functools


def _digits(text) -> str:
    s = str(text)
    if not s.isascii() or not s.isdigit():
        raise ValueError(f"check digit input must be digits, got {s!r}")
    return s


@functools.lru_cache(maxsize=256)
def _tables(weights: tuple, add_product_digits: bool) -> tuple:
    """Per weight, {digit character: what it contributes to the sum}."""
    if not weights:
        raise ValueError("weights must not be empty")
    out = []
    for w in weights:
        table = {}
        for d in range(10):
            p = d * w
            table[str(d)] = (p // 10 + p % 10) if add_product_digits else p
        out.append(table)
    return tuple(out)


def _weighted_sum(s: str, weights, from_right: bool, add_product_digits: bool) -> int:
    order = s[::-1] if from_right else s
    tables = _tables(tuple(weights), add_product_digits)
    n = len(tables)
    return sum(sum(map(tables[k].__getitem__, order[k::n])) for k in range(n))


def mod10(text, weights=(2, 1), map=None, sum_digits=True):
    """FEBRABAN módulo 10: weights from the rightmost digit, products' digits added."""
    r = _weighted_sum(_digits(text), weights, True, sum_digits) % 10
    table = {0: 0} if map is None else map
    if r in table:
        return table[r]
    return 10 - r


def mod11(text, weights=(2, 3, 4, 5, 6, 7, 8, 9), map=None, direction="right", complement=True):
    """Módulo 11: r = Σ digit × weight mod 11; result 11 − r (or r), with per-bank exceptions."""
    if direction not in ("right", "left"):
        raise ValueError("from must be 'right' or 'left'")
    r = _weighted_sum(_digits(text), weights, direction == "right", False) % 11
    table = map or {}
    if r in table:
        return table[r]
    return 11 - r if complement else r
