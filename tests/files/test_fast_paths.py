"""The fast paths (block line reader, lazy mode, compiled expressions) agree with the slow ones."""

import io
from pathlib import Path

import pytest

import cnab
from cnab.files.counters import fast_evaluate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cnab.files.lines import BLOCK, _line, iter_blocks
from cnab.layout.expr import Env, ExprError, evaluate

from .bigfile import LAYOUT, write


def _lines(data: bytes):
    out = []
    for number, texts, notes, _ in iter_blocks(io.BufferedReader(io.BytesIO(data)), "x"):
        for i, text in enumerate(texts):
            out.append((number + i, text, notes))
    return out


def test_block_reader_matches_line_by_line_on_damaged_input():
    good = b"A" * 240 + b"\r\n"
    data = (good * 3 + b"   \r\n" + b"B" * 240 + b"\n" + good + b"C\xe7" + b"D" * 238 + b"\r\n"
            + b"x" * 9000 + b"\r\n" + good + b"\r\n\x1a")
    lines = _lines(data)
    assert [n for n, _, _ in lines] == list(range(1, 12))
    rules = {n: [r for r, _ in notes] for n, _, notes in lines if notes}
    assert rules == {5: ["lf-only"], 7: ["non-ascii"], 8: ["line-too-long"],
                     10: ["trailing-blank-line"],
                     11: ["no-final-newline", "ctrl-z", "trailing-blank-line"]}
    assert lines[3][1] == "   " and lines[7][1] == ""


def _reference(data: bytes):
    """Line by line with the slow path only: _line for each, blank lines noted as trailing
    when no record follows them."""
    raws = data.split(b"\n")
    raws = [r + b"\n" for r in raws[:-1]] + ([raws[-1]] if raws[-1] else [])
    out = [(n, *_line(raw, n)) for n, raw in enumerate(raws, 1)]
    last_record = max((n for n, text, _ in out if text and not text.isspace()), default=0)
    return [(n, text, notes + (("trailing-blank-line", "blank line after the last record"),)
             if n > last_record else notes) for n, text, notes in out]


_piece = st.sampled_from([b"A" * 40, b"9" * 40, b" ", b"\t", b"", b"\r", b"\xe7", b"\x1a"])


@settings(max_examples=300)
@given(st.lists(st.tuples(st.lists(_piece, max_size=3), st.sampled_from([b"\r\n", b"\n"])),
                min_size=1, max_size=12))
def test_block_reader_is_the_line_by_line_reader(lines):
    data = b"".join(b"".join(pieces) + eol for pieces, eol in lines)
    assert _lines(data) == _reference(data)


def test_block_reader_crosses_block_boundaries():
    line = b"9" * 240 + b"\r\n"
    n = BLOCK // len(line) * 3 + 7
    lines = _lines(line * n)
    assert len(lines) == n and all(t == "9" * 240 and not notes for _, t, notes in lines)


def test_lazy_mode_reads_the_same_values(tmp_path):
    path = tmp_path / "f.ret"
    write(path, 300)
    full = [t.records[1].values["valor_pago"] for t in cnab.read(path, strict=True, layout=LAYOUT)]
    reader = cnab.read(path, strict=True, layout=LAYOUT, lazy=True)
    lazy = [t.records[1].values["valor_pago"] for t in reader]
    assert lazy == full and len(lazy) == 300
    s = reader.stats
    assert s["lines"] == s["frame_lines"] + s["title_lines"] + s["reported_lines"]


def test_lazy_values_are_a_mapping_in_field_order(tmp_path):
    """Iterating lazy values (keys, items, list, dict) gives the decoded record, fields in
    layout order whatever was read first."""
    path = tmp_path / "f.ret"
    write(path, 3)
    full = [t.records[1].values for t in cnab.read(path, strict=True, layout=LAYOUT)]
    lazy = [t.records[1].values for t in cnab.read(path, strict=True, layout=LAYOUT, lazy=True)]
    lazy[0]["valor_pago"], lazy[1]["data_credito"]
    for f, v in zip(full, lazy):
        assert list(v) == list(f) and list(v.keys()) == list(f)
        assert dict(v) == f and list(v.items()) == list(f.items()) and v == f
        assert sorted(v) == sorted(f) and len(v) == len(f)


def test_lazy_mode_checks_sequences_and_reports_broken_fields(tmp_path):
    path = tmp_path / "f.ret"
    write(path, 3)
    lines = path.read_bytes().split(b"\r\n")
    lines[3] = lines[3][:8] + b"00009" + lines[3][13:]  # sequencial_lote of the first U
    lines[4] = lines[4][:81] + b"ABC" + lines[4][84:]  # valor_titulo of the second T
    path.write_bytes(b"\r\n".join(lines))
    reader = cnab.read(path, layout=LAYOUT, lazy=True, errors="collect")
    titles = list(reader)
    assert [(p.line, p.rule, p.field) for p in reader.problems] == \
        [(4, "computed-mismatch", "sequencial_lote")]
    with pytest.raises(cnab.errors.DecodeError) as exc:
        titles[1].records[0].values["valor_titulo"]
    (p,) = exc.value.problems
    assert (p.line, p.col_start, p.col_end, p.field, p.rule) == \
        (5, 82, 96, "valor_titulo", "not-numeric")


def test_lazy_mode_names_a_non_ascii_digit_in_a_sequence(tmp_path):
    """'²' (ISO-8859-1 0xB2) is a digit to str.isdigit but not to int(): reported, no crash."""
    path = tmp_path / "f.ret"
    write(path, 3)
    lines = path.read_bytes().split(b"\r\n")
    lines[3] = lines[3][:12] + b"\xb2" + lines[3][13:]
    path.write_bytes(b"\r\n".join(lines))
    reader = cnab.read(path, layout=LAYOUT, lazy=True, errors="collect")
    assert len(list(reader)) == 3
    assert ("sequencial_lote", 4) in [(p.field, p.line) for p in reader.problems]


class _Env(Env):
    def __init__(self, values):
        self.values = values

    def name(self, parts):
        if parts[0] in self.values:
            return self.values[parts[0]]
        raise ExprError(f"unknown name {'.'.join(parts)!r}")


@pytest.mark.parametrize("text, values", [
    ("1 + 2 * 3", {}), ("a + 1", {"a": "x"}), ("x if a > 1 else y", {"a": 2, "x": 1, "y": 2}),
    ('mod10(zfill(c, 3) + zfill(n, 8))', {"c": "109", "n": "12"}),
    ('mod11("123", from="left")', {}), ('int("x")', {}), ("zz", {}), ("10 // 0", {}),
    ("not a and b or c", {"a": 0, "b": 1, "c": 0}), ("[1, a, -b]", {"a": 1, "b": 2}),
    # and/or give the deciding value, not a bool (documented; the compiled path once said True)
    ('a or "0"', {"a": None}), ('a and "x"', {"a": ""}), ("a or b", {"a": "", "b": 0}),
    ('str(a or "") + "1"', {"a": None}),
    ("int(a) in [104, 112]", {"a": "112"}), ('a in ["x", b]', {"a": "y", "b": "y"}),
    ("a in b", {"a": 1, "b": 2}), ('a in {"1": 2}', {"a": "1"}),
])
def test_compiled_expressions_match_the_evaluator(text, values):
    def run(fn):
        try:
            value = fn(text, _Env(values))
            return "ok", value, type(value)
        except ExprError as exc:
            return "error", str(exc)
    assert run(fast_evaluate) == run(evaluate)


def _plain_view(layout, fields):
    """The view as the layout language defines it, key by key (the generated one must agree)."""
    from cnab.files.title import split_codes
    from cnab.layout.model import VIEW_KEYS

    view = dict.fromkeys(VIEW_KEYS)
    for key, target in layout.view.items():
        split = target.get("split") if isinstance(target, dict) else None
        target = target["field"] if isinstance(target, dict) else target
        for ref in target if isinstance(target, list) else [target]:
            rname, _, fname = ref.partition(".")
            if rname in fields:
                value = fields[rname].get(fname)
                if split:
                    value = split_codes(value, split)
                elif key in ("occurrence", "movement") and value is not None:
                    value = value if isinstance(value, str) else f"{value:02d}"
                view[key] = value
                break
    if view["reasons"] is None:
        view["reasons"] = []
    return view


REGISTRY = cnab.default_registry()


@pytest.mark.parametrize("layout_id", REGISTRY.layout_ids())
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_generated_view_is_the_plain_view_for_any_records(layout_id, data):
    """Any subset of the layout's records present, each field a distinct value (or None, an int
    code, a blank text): the generated view picks what the plain definition picks."""
    from cnab.files.title import _view_function, normalised_view

    layout = REGISTRY.layout(layout_id)
    names = data.draw(st.sets(st.sampled_from(sorted(layout.records))))
    fields = {}
    for rname in names:
        fields[rname] = {f.name: data.draw(st.sampled_from(
            [f"{rname}.{f.name}", None, "", 7, "0102  00"])) for f in layout.records[rname].fields}
    plain = _plain_view(layout, fields)
    assert list(normalised_view(layout, fields).items()) == list(plain.items())
    keys = tuple(data.draw(st.lists(st.sampled_from(list(plain)), max_size=4)))
    assert _view_function(layout, keys)(fields) == {k: plain[k] for k in keys}


SAMPLES = sorted((Path(__file__).resolve().parents[2] / "samples").glob("*.*"))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_generated_view_is_the_plain_view(path):
    titles = list(cnab.read(path, errors="collect"))
    assert titles
    for title in titles:
        plain = _plain_view(title.layout, title.fields())
        assert list(title.view.items()) == list(plain.items())
        assert title.view_of("occurrence", "amount") == {k: plain[k] for k in ("occurrence",
                                                                               "amount")}
        assert title["our_number"] == plain["our_number"]


RECORDS = [(lid, rname) for lid in REGISTRY.layout_ids()
           for rname in REGISTRY.layout(lid).records]


@pytest.mark.parametrize("layout_id, record_name", RECORDS)
@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_lazy_fields_decode_or_refuse_like_the_codec(layout_id, record_name, data):
    """Each field read lazily gives the value the codec gives, and a field the codec cannot
    decode (a digit, blank, letter or control character put anywhere) raises DecodeError."""
    from cnab.errors import DecodeError
    from cnab.files.reader import LazyValues, _lazy_fields
    from tests.codec.strategies import record_line

    layout = REGISTRY.layout(layout_id)
    codec = REGISTRY.codecs(layout)[record_name]
    line = data.draw(record_line(layout.records[record_name]))
    at = data.draw(st.integers(0, len(line) - 1))
    line = line[:at] + data.draw(st.sampled_from("7 Ab\x01²\xa0\x85")) + line[at + 1:]
    good = codec.decode_partial(line)
    lazy = LazyValues((_lazy_fields(codec), line, 1, "x", record_name))
    for f in codec.fields:
        if f.name in good:
            assert lazy[f.name] == good[f.name]
        else:
            with pytest.raises(DecodeError):
                lazy[f.name]
