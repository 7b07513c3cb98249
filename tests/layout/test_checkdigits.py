"""The table-driven check digits equal the plain definition, digit by digit, for any input."""

from hypothesis import given
from hypothesis import strategies as st

from cnab.layout.checkdigits import mod10, mod11

digits = st.text("0123456789", min_size=1, max_size=60)
# up to 60 and below zero: products beyond one byte take the dict path
weights = st.lists(st.integers(-5, 60), min_size=1, max_size=12)


def _plain_sum(text, ws, from_right, add_product_digits):
    order = list(reversed(text)) if from_right else list(text)
    total = 0
    for i, c in enumerate(order):
        p = int(c) * ws[i % len(ws)]
        total += (p // 10 + p % 10) if add_product_digits else p
    return total


@given(digits, weights, st.booleans())
def test_mod10_is_the_plain_definition(text, ws, add):
    r = _plain_sum(text, ws, True, add) % 10
    assert mod10(text, ws, sum_digits=add) == (0 if r == 0 else 10 - r)


@given(digits, weights, st.sampled_from(["right", "left"]), st.booleans())
def test_mod11_is_the_plain_definition(text, ws, direction, complement):
    r = _plain_sum(text, ws, direction == "right", False) % 11
    assert mod11(text, ws, direction=direction, complement=complement) == \
        (11 - r if complement else r)
