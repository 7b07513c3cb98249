"""What every bank's corpus tests do, written once: choose the bank's corpus files, read them,
compare the errors with the ones expected (files wrong in themselves), and re-encode clean files
byte for byte; and what the tests of banks with no corpus file do: build lines with the layout's
own codecs or with cnab's Writer, and read them back."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

import cnab
from cnab.files.models import Beneficiary, Boleto, Payer
from cnab.files.writer import FileInfo, Writer
from cnab.layout.expr import Env, evaluate

from ..conftest import CORPUS, corpus_manifest


def corpus_rows(bank: str) -> list[dict]:
    """The bank's corpus files, without the ones that are invalid by design."""
    return [row for row in corpus_manifest()
            if row["bank_code"] == bank and not row["file"].startswith("nodejs-cnab/")
            and "utf16" not in row["quirks"]]


def clean_rows(rows: list[dict]) -> list[dict]:
    return [row for row in rows if "clean" in row["quirks"].split(",")]


def read_source(source, strict=False, **kw):
    """Reads a file (its path or its bytes) to the end, collecting problems: (reader, titles)."""
    reader = cnab.read(source, errors="collect", strict=strict, **kw)
    titles = list(reader)
    return reader, titles


def read_all(name, strict=False, **kw):
    """read_source for a corpus file, named as in the manifest."""
    return read_source(CORPUS / name, strict, **kw)


def corpus_path(name):
    """The corpus file's path; the test is skipped where the file is absent (for the modules that
    also hold tests needing no corpus, so are not skipped as a whole)."""
    path = CORPUS / name
    if not path.exists():
        pytest.skip("corpus not present")
    return path


def read_present(name, strict=False, **kw):
    """read_all, skipping the test where the corpus file is absent."""
    return read_source(corpus_path(name), strict, **kw)


def assert_lines_accounted(reader):
    stats = reader.stats
    assert stats["lines"] == stats["frame_lines"] + stats["title_lines"] + stats["reported_lines"]


def sorted_errors(errors):
    """(line, record, field, rule) tuples in a stable order (record and field may be None)."""
    return sorted(errors, key=lambda e: (e[0], str(e[1]), str(e[2]), e[3]))


def reader_errors(reader):
    """The reader's errors as sorted (line, record, field, rule)."""
    return sorted_errors((p.line, p.record, p.field, p.rule) for p in reader.errors)


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


def computed(layout_id, record, field, **values):
    """What the `compute:` rule of the layout's record.field gives for the record's `values`."""
    return evaluate(layout_field(layout_id, record, field).compute, FieldEnv(values))


def layout_codecs(layout_id):
    """record name -> codec of the layout."""
    registry = cnab.default_registry()
    return registry.codecs(registry.layout(layout_id))


def encode_numbered(layout_id, records):
    """The lines of a file built with the layout's own codecs from (record name, values) pairs,
    each record given its sequencial (1, 2, ...)."""
    codecs = layout_codecs(layout_id)
    return [codecs[name].encode({"sequencial": i, **values})
            for i, (name, values) in enumerate(records, 1)]


def write_lines(path, lines, eol="\r\n"):
    """Writes the lines as an ASCII file, each line ended by eol. Returns the path."""
    path.write_text(eol.join(lines) + eol, encoding="ascii", newline="")
    return path


def crlf_bytes(lines):
    """The lines as the bytes of a file, each line ended by CR LF."""
    return "".join(line + "\r\n" for line in lines).encode("latin-1")


# The payer of the remessas written by write_remessa (its values show in the bank's positions).
SAMPLE_PAYER = {"name": "Jose da Silva", "document": "111.444.777-35", "address": "Rua A, 10",
                "district": "Centro", "zip": "01001-000", "city": "Sao Paulo", "state": "SP"}


def detected(line):
    """(layout id, direction) that detection gives for a file's first line."""
    layout, direction = cnab.default_registry().detect(line)
    return layout.id, direction


def sample_beneficiary(bank, **contract):
    """The company of the written files, Empresa Exemplo (CNPJ 11.222.333/0001-81), as a
    beneficiary of `bank` with its `contract` (convenio, agency, wallet, ...)."""
    return Beneficiary(bank=bank, name="Empresa Exemplo", document="11.222.333/0001-81",
                       **contract)


def sample_payer(**changes):
    """SAMPLE_PAYER as a Payer, with `changes` (another name, zip, city, ...)."""
    return Payer(**{**SAMPLE_PAYER, **changes})


def render_lines(layout_id, beneficiary, items, info=None, direction="remessa"):
    """The lines cnab's Writer writes (without their CR LF) for `items`: boletos for a remessa,
    dicts of view keys for a retorno (direction="retorno"); `info` is the FileInfo."""
    *lines, last = Writer(layout_id, direction=direction).render(beneficiary, items,
                                                                 info).split("\r\n")
    assert last == "", "the file's last line is not ended by CR LF"
    return lines


def read_clean(lines, layout_id=None, direction=None, **kw):
    """Reads the lines as a file (each ended by CR LF) strictly and asserts it has no problem, and
    the layout and direction where given. Returns (reader, titles)."""
    reader, titles = read_source(crlf_bytes(lines), strict=True, **kw)
    if layout_id is not None:
        assert reader.layout.id == layout_id
    if direction is not None:
        assert reader.direction == direction
    assert reader.problems == [], [str(p) for p in reader.problems]
    return reader, titles


# The two títulos of the retornos written by sample_retorno_lines, one paid (ocorrência 06) and
# one rejected (03): each bank adds its nosso número and what else its layout carries.
SAMPLE_PAID = {"document_number": "NF-1", "occurrence": "06",
               "occurrence_date": dt.date(2026, 12, 18), "due_date": dt.date(2026, 12, 15),
               "amount": Decimal("200.00"), "paid_amount": Decimal("203.60"),
               "interest": Decimal("3.60"), "bank_rate": Decimal("2.50"), "company_use": "PEDIDO-1"}
SAMPLE_REJECTED = {"document_number": "NF-2", "occurrence": "03",
                   "occurrence_date": dt.date(2026, 12, 18), "due_date": dt.date(2027, 1, 15),
                   "amount": Decimal("30.00")}


def sample_retorno_lines(layout_id, beneficiary, info, paid, rejected):
    """The lines of a retorno written by cnab's Writer with FileInfo `info`: header, SAMPLE_PAID
    with the view keys `paid`, SAMPLE_REJECTED with `rejected`, trailer."""
    return render_lines(layout_id, beneficiary,
                        [{**SAMPLE_PAID, **paid}, {**SAMPLE_REJECTED, **rejected}], info,
                        direction="retorno")


def assert_view(title, **expected):
    """The título's view has the `expected` values (view key=value, as many keys as the test
    checks)."""
    view = title.view
    assert {key: view[key] for key in expected} == expected


def write_remessa(layout_id, beneficiary, info, payer=SAMPLE_PAYER, **boleto):
    """A remessa of one boleto (`boleto`: its fields but the payer) written by cnab's Writer with
    FileInfo `info` (sequence, generated_at), and the file read back strictly:
    (lines, reader, titles)."""
    text = Writer(layout_id).render(beneficiary, [Boleto(payer=Payer(**payer), **boleto)],
                                    FileInfo(**info))
    reader, titles = read_source(text.encode("latin-1"), strict=True)
    return text.split("\r\n"), reader, titles


def check_corpus_file(row, expected):
    """expected: file -> (layout, direction, [(line, rule, field) of the lenient errors]).
    Returns (reader, titles)."""
    layout_id, direction, expected_errors = expected[row["file"]]
    reader, titles = read_all(row["file"])
    assert reader.layout.id == layout_id
    assert reader.direction == direction
    assert [(p.line, p.rule, p.field) for p in reader.errors] == expected_errors
    assert_lines_accounted(reader)
    assert titles or expected_errors
    return reader, titles


def check_lenient_read(row, layout_id, errors=()):
    """Reads a corpus file leniently: the layout detected, the manifest's direction, every line
    accounted for, and exactly `errors` as sorted (line, record, field, rule). Returns
    (reader, titles)."""
    reader, titles = read_all(row["file"])
    assert reader.layout.id == layout_id
    assert reader.direction == row["kind"].split()[0]
    assert_lines_accounted(reader)
    assert reader_errors(reader) == list(errors), [str(p) for p in reader.errors]
    return reader, titles


def check_clean_reencodes(row, errors=()):
    """A clean file read strictly: no warning, exactly `errors` as sorted (line, record, field,
    rule), and every record of its títulos re-encodes byte for byte. Returns how many records."""
    reader, titles = read_all(row["file"], strict=True)
    assert reader.warnings == [], [str(p) for p in reader.warnings]
    assert reader_errors(reader) == list(errors), [str(p) for p in reader.problems]
    return check_records_reencode(reader, titles)


def check_clean_strict(row, expected):
    """A clean file has no problem in strict mode but the file's own errors in `expected`.
    Returns (reader, titles)."""
    reader, titles = read_all(row["file"], strict=True)
    assert [(p.line, p.rule, p.field) for p in reader.problems] == expected[row["file"]][2]
    return reader, titles


def check_records_reencode(reader, titles, raw=lambda item: item.raw):
    """Every record of every título encodes back to its line (raw(item)) byte for byte.
    Returns how many records were checked."""
    codecs = cnab.default_registry().codecs(reader.layout)
    count = 0
    for title in titles:
        for item in title.records:
            assert codecs[item.name].encode(item.values) == raw(item), (item.name, item.line)
            count += 1
    return count


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
    reader, titles = read_all(row["file"], strict=True)
    assert check_records_reencode(reader, titles)


def corpus_tests(bank: str, expected):
    """The four corpus tests of a bank whose EXPECTED table (file -> layout, direction, lenient
    errors) lists every file: each reads with exactly its errors; clean files are clean in strict
    mode and re-encode byte for byte (frames and títulos). `expected` is a callable returning
    the table (it is defined below the tests in the bank's file). Assign the result to four
    module names starting with test_ so pytest collects them."""
    rows = corpus_rows(bank)
    clean = clean_rows(rows)
    by_file = {"ids": lambda r: r["file"]}

    @pytest.mark.parametrize("row", rows, **by_file)
    def reads(row):
        check_corpus_file(row, expected())

    @pytest.mark.parametrize("row", clean, **by_file)
    def strict(row):
        check_clean_strict(row, expected())

    @pytest.mark.parametrize("row", clean, **by_file)
    def frames(row):
        check_frames_reencode(row)

    @pytest.mark.parametrize("row", clean, **by_file)
    def titles(row):
        check_titles_reencode(row)

    return reads, strict, frames, titles


def codes_line(layout_id, ben, index, our_number="123", **codes):
    """Line `index` of a one-boleto remessa written by Writer with FEBRABAN `codes` (species,
    movement, protest_code ...): what the layout makes of them in its bank's own table."""
    return boleto_line(layout_id, ben, index, clean=False, our_number=our_number, **codes)


def boleto_line(layout_id, ben, index=1, clean=True, **boleto):
    """Line `index` of a one-boleto remessa (a boleto of 10.00 due 2027-01-10 unless `boleto`
    says otherwise), the file read back strictly without a problem unless clean=False."""
    fields = {"our_number": "123", "due_date": dt.date(2027, 1, 10), "amount": Decimal("10.00"),
              "payer": sample_payer(), "document_number": "D1", **boleto}
    lines = render_lines(layout_id, ben, [Boleto(**fields)])
    if clean:
        read_clean(lines, layout_id, "remessa")
    return lines[index]
