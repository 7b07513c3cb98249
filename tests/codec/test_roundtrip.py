"""Property tests over every record of every shipped layout: the codec is exact both ways."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cnab.layout.registry import default_registry

from .strategies import record_line, record_values

REGISTRY = default_registry()
RECORDS = [(lid, rname) for lid in REGISTRY.layout_ids()
           for rname in REGISTRY.layout(lid).records]
SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def codec_of(layout_id, record_name):
    layout = REGISTRY.layout(layout_id)
    return layout.records[record_name], REGISTRY.codecs(layout)[record_name]


@pytest.mark.parametrize("layout_id, record_name", RECORDS)
@SETTINGS
@given(data=st.data())
def test_encode_decode_line(layout_id, record_name, data):
    record, codec = codec_of(layout_id, record_name)
    line = data.draw(record_line(record))
    assert codec.encode(codec.decode(line)) == line


@pytest.mark.parametrize("layout_id, record_name", RECORDS)
@SETTINGS
@given(data=st.data())
def test_decode_encode_values(layout_id, record_name, data):
    record, codec = codec_of(layout_id, record_name)
    values = data.draw(record_values(record))
    line = codec.encode(values)
    assert len(line) == REGISTRY.layout(layout_id).record_length(record)
    assert codec.decode(line) == values


@pytest.mark.parametrize("layout_id, record_name", RECORDS)
@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_line_decoder_is_the_field_by_field_decoder(layout_id, record_name, data):
    """The generated line decoder (memos, lookup tables, constants) gives what decoding each
    field on its own gives, twice in a row (the second time from its memos)."""
    record, codec = codec_of(layout_id, record_name)
    line = data.draw(record_line(record))
    slow = codec.decode_partial(line)
    assert codec.decode_line(line) == slow
    assert codec.decode_line(line) == slow


def test_known_layouts_exist():
    assert "febraban.cnab240.cobranca" in REGISTRY.layout_ids()
    assert len(RECORDS) >= 10
