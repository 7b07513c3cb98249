"""What every bank's corpus tests do, written once: choose the bank's corpus files, read them,
compare the errors with the ones expected (files wrong in themselves), and re-encode clean files
byte for byte."""

from __future__ import annotations

import cnab
from cnab.layout.expr import Env

from ..conftest import CORPUS, corpus_manifest


def corpus_rows(bank: str) -> list[dict]:
    """The bank's corpus files, without the ones that are invalid by design."""
    return [row for row in corpus_manifest()
            if row["bank_code"] == bank and not row["file"].startswith("nodejs-cnab/")
            and "utf16" not in row["quirks"]]


def clean_rows(rows: list[dict]) -> list[dict]:
    return [row for row in rows if "clean" in row["quirks"].split(",")]


def read_all(name, strict=False):
    reader = cnab.read(CORPUS / name, errors="collect", strict=strict)
    titles = list(reader)
    return reader, titles


class FieldEnv(Env):
    """Offers the values of one record to a layout expression (to test the YAML's own rules)."""

    def __init__(self, values):
        self.values = values

    def name(self, parts):
        if len(parts) == 1 and parts[0] in self.values:
            return self.values[parts[0]]
        return super().name(parts)


def layout_field(layout_id, record, field):
    layout = cnab.default_registry().layout(layout_id)
    return layout.records[record].field(field)


def check_corpus_file(row, expected):
    """expected: file -> (layout, direction, [(line, rule, field) of the lenient errors])."""
    layout_id, direction, expected_errors = expected[row["file"]]
    reader, titles = read_all(row["file"])
    assert reader.layout.id == layout_id
    assert reader.direction == direction
    assert [(p.line, p.rule, p.field) for p in reader.errors] == expected_errors
    stats = reader.stats
    assert stats["lines"] == stats["frame_lines"] + stats["title_lines"] + stats["reported_lines"]
    assert titles or expected_errors


def check_clean_strict(row, expected):
    """A clean file has no problem in strict mode but the file's own errors in `expected`."""
    reader, _ = read_all(row["file"], strict=True)
    assert [(p.line, p.rule, p.field) for p in reader.problems] == expected[row["file"]][2]


def _all_records(reader, path):
    """(record name, raw line) for every line of a clean file, frames included."""
    records = sorted(reader.layout.records_for(reader.direction), key=lambda r: -len(r.match))
    with open(path, encoding="latin-1", newline="") as fh:
        for line in fh.read().splitlines():
            for rec in records:
                if all(line[rec.field(f).start - 1:rec.field(f).end] == c
                       for f, c in rec.match.items()):
                    yield rec.name, line
                    break
            else:
                raise AssertionError(f"no record matches {line[:20]!r}")


def check_frames_reencode(row):
    reader, _ = read_all(row["file"], strict=True)
    codecs = cnab.default_registry().codecs(reader.layout)
    lines = list(_all_records(reader, CORPUS / row["file"]))
    assert len(lines) == reader.stats["lines"]
    for name, line in lines:
        assert codecs[name].encode(codecs[name].decode(line)) == line


def check_titles_reencode(row):
    reader = cnab.read(CORPUS / row["file"], errors="collect", strict=True)
    codecs = cnab.default_registry().codecs(reader.layout)
    count = 0
    for title in reader:
        for item in title.records:
            assert codecs[item.name].encode(item.values) == item.raw
            count += 1
    assert count
