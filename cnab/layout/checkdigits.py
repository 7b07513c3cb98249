"""Check-digit arithmetic that banks use for nosso número, agência and conta.

Both functions take the rule as data (weights, direction, result map) so each bank states its
own variant in YAML instead of in Python. They run on every detail line a reader checks, so the
products are looked up in per-weight tables rather than computed digit by digit.
"""

from __future__ import annotations


def _digits(text) -> str:
    s = text if type(text) is str else str(text)
    if not s.isascii() or not s.isdigit():
        raise ValueError(f"check digit input must be digits, got {s!r}")
    return s


_SUMMERS: dict = {}


def _summer(weights: tuple, from_right: bool, add_product_digits: bool):
    """bytes of digits -> Σ digit × weight, written out once per rule: per weight, the digits it
    applies to are one slice, mapped to their contributions by one bytes.translate, summed in C."""
    key = (weights, from_right, add_product_digits)
    fn = _SUMMERS.get(key)
    if fn is not None:
        return fn
    if not weights:
        raise ValueError("weights must not be empty")
    ns, terms = {}, []
    n = len(weights)
    for k, w in enumerate(weights):
        contrib = [(d * w // 10 + d * w % 10) if add_product_digits else d * w for d in range(10)]
        if all(0 <= c < 256 for c in contrib):  # byte value of a digit -> what it adds
            ns[f"t{k}"] = bytes(48) + bytes(contrib) + bytes(256 - 58)
            term = f"sum(b[{{}}].translate(t{k}))"
        else:  # contributions beyond a byte (large or negative weights): a dict lookup each
            ns[f"t{k}"] = {48 + d: c for d, c in enumerate(contrib)}.__getitem__
            term = f"sum(map(t{k}, b[{{}}]))"
        terms.append(term.format(f"{-1 - k}::{-n}" if from_right else f"{k}::{n}"))
    source = "def weighted(b):\n    return " + " + ".join(terms) + "\n"
    exec(compile(source, "<weighted sum>", "exec"), ns)
    if len(_SUMMERS) > 256:  # rules are few; bound the table anyway
        _SUMMERS.clear()
    fn = _SUMMERS[key] = ns["weighted"]
    return fn


def _weighted_sum(s: str, weights, from_right: bool, add_product_digits: bool) -> int:
    if type(weights) is not tuple:
        weights = tuple(weights)
    return _summer(weights, from_right, add_product_digits)(s.encode("ascii"))


_FEBRABAN_10 = (2, 1)


def mod10(text, weights=_FEBRABAN_10, map=None, sum_digits=True):
    """FEBRABAN módulo 10: weights from the rightmost digit, products' digits added."""
    s = _digits(text)
    if weights is _FEBRABAN_10 and sum_digits is True:  # the usual call, found without a key
        r = _febraban_10(s.encode("ascii")) % 10
    else:
        r = _weighted_sum(s, weights, True, sum_digits) % 10
    if map is None:
        return 0 if r == 0 else 10 - r
    if r in map:
        return map[r]
    return 10 - r


_febraban_10 = _summer(_FEBRABAN_10, True, True)


def mod11(text, weights=(2, 3, 4, 5, 6, 7, 8, 9), map=None, direction="right", complement=True):
    """Módulo 11: r = Σ digit × weight mod 11; result 11 − r (or r), with per-bank exceptions."""
    if direction not in ("right", "left"):
        raise ValueError("from must be 'right' or 'left'")
    r = _weighted_sum(_digits(text), weights, direction == "right", False) % 11
    table = map or {}
    if r in table:
        return table[r]
    return 11 - r if complement else r
