"""Títulos cross process boundaries (multiprocessing pickles them): full and lazy reads."""

import pickle

import pytest

import cnab

from .bigfile import LAYOUT, write


@pytest.mark.parametrize("lazy", [False, True], ids=["full", "lazy"])
def test_titles_pickle_and_come_back_equal(lazy, tmp_path):
    path = tmp_path / "f.ret"
    write(path, 4)
    full = list(cnab.read(path, layout=LAYOUT, strict=True))
    titles = list(cnab.read(path, layout=LAYOUT, strict=True, lazy=lazy))
    back = pickle.loads(pickle.dumps(titles))
    assert back == full
    assert [t.records[1].values for t in back] == [t.records[1].values for t in full]
    assert type(back[0].records[0].values) is dict  # lazy values arrive decoded
    assert back[0].records[0].line == full[0].records[0].line and back[0].frame == full[0].frame
