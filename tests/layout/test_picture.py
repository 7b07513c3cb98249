import pytest

from cnab.layout.picture import Picture, parse_picture


@pytest.mark.parametrize("text, expected", [
    ("9(5)", Picture("num", 5, 0)),
    ("X(30)", Picture("alpha", 30, 0)),
    ("9(13)V99", Picture("num", 15, 2)),
    ("9(11)V9(2)", Picture("num", 13, 2)),
    ("9", Picture("num", 1, 0)),
    ("XX", Picture("alpha", 2, 0)),
    ("9(3)V9(5)", Picture("num", 8, 5)),
])
def test_valid_pictures(text, expected):
    assert parse_picture(text) == expected


@pytest.mark.parametrize("text", ["", "9(", "X(2)V99", "9(12)V99 NOTA 21", "Z(3)", "9X", "9V", 9])
def test_invalid_pictures(text):
    with pytest.raises(ValueError):
        parse_picture(text)
