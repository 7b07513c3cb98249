"""Boleto data for `cnab generate`: JSON, JSONL, CSV or YAML into Beneficiary and Boletos.

Shapes accepted:

* JSON / YAML: one document ``{"beneficiary": {...}, "boletos": [{...}, ...]}``. A boleto's
  payer is a nested ``payer: {...}`` mapping or flat ``payer_*`` keys. A top-level list of
  boletos is accepted too when the beneficiary comes from ``--beneficiary``.
* CSV / JSONL: one boleto per row (CSV header row required; ``,`` ``;`` or tab separated), the
  beneficiary from ``--beneficiary FILE.json|yaml``.

Column / key names are the attribute names of :class:`cnab.files.models.Boleto`
(``our_number``, ``due_date``, ``amount`` ...) and of :class:`Payer` with a ``payer_`` prefix
(``payer_name``, ``payer_document`` ...), ``guarantor_`` for the sacador/avalista. Amounts are
read as Decimal, never float (JSON is parsed with ``parse_float=Decimal``; YAML floats keep their
text). Dates are ISO ``YYYY-MM-DD`` (``DD/MM/YYYY`` accepted). Every problem of every row is
collected and raised at once as InputError, each placed at its file and row.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

import attrs
import yaml

from cnab.errors import InputError, Problem
from cnab.files.models import Beneficiary, Boleto, Payer, check_document, clean_document

FORMATS = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv",
           ".yaml": "yaml", ".yml": "yaml"}

PAYER_FIELDS = tuple(a.name for a in attrs.fields(Payer))
BENEFICIARY_FIELDS = tuple(a.name for a in attrs.fields(Beneficiary))
_DATE_FIELDS = {"due_date", "issue_date", "interest_date", "fine_date", "discount_date"}
_MONEY_FIELDS = {"amount", "interest", "fine", "discount", "iof", "rebate"}
_INT_FIELDS = {"protest_days"}
BOLETO_FIELDS = tuple(a.name for a in attrs.fields(Boleto)
                      if a.name not in ("payer", "guarantor"))
REQUIRED = ("our_number", "due_date", "amount", "payer_name", "payer_document")
COLUMNS = (BOLETO_FIELDS + tuple(f"payer_{n}" for n in PAYER_FIELDS)
           + tuple(f"guarantor_{n}" for n in PAYER_FIELDS))

COLUMNS_HELP = (
    "Columns (CSV) / keys (JSON, JSONL, YAML) of a boleto: "
    + ", ".join(BOLETO_FIELDS)
    + "; payer fields with the payer_ prefix: "
    + ", ".join(f"payer_{n}" for n in PAYER_FIELDS)
    + "; optional guarantor_* likewise. Required: " + ", ".join(REQUIRED)
    + ". instructions in CSV: texts separated by '|'. Beneficiary keys: "
    + ", ".join(BENEFICIARY_FIELDS) + "."
)


class _DecimalLoader(yaml.SafeLoader):
    """SafeLoader whose floats are Decimal (from their text), so money never passes a float."""


def _yaml_decimal(loader, node):
    text = loader.construct_scalar(node).replace("_", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        return text  # .inf / .nan: left as text, refused later as not an amount


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _yaml_decimal)


def input_format(path: str | Path, given: str | None = None) -> str:
    if given:
        return given
    fmt = FORMATS.get(Path(str(path)).suffix.lower())
    if fmt is None:
        raise InputError(Problem(
            rule="input-format", file=str(path),
            message="cannot tell the input format from the extension; use .json, .jsonl, "
                    ".csv, .yaml or --input-format"))
    return fmt


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(Problem(rule="io", file=str(path), message="no such file")) from None
    except IsADirectoryError:
        raise InputError(Problem(rule="io", file=str(path),
                                 message="is a folder, not a file")) from None
    except OSError as exc:
        raise InputError(Problem(rule="io", file=str(path),
                                 message=exc.strerror or str(exc))) from None
    for enc in ("utf-8-sig", "latin-1"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes everything")


def _parse_document(path: Path, fmt: str):
    text = _read_text(path)
    try:
        if fmt == "json":
            return json.loads(text, parse_float=Decimal)
        return yaml.load(text, Loader=_DecimalLoader)  # a SafeLoader subclass
    except json.JSONDecodeError as exc:
        raise InputError(Problem(rule="syntax", file=str(path), line=exc.lineno,
                                 col_start=exc.colno, message=f"invalid JSON: {exc.msg}")) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(Problem(
            rule="syntax", file=str(path), line=mark.line + 1 if mark else None,
            col_start=mark.column + 1 if mark else None,
            message=f"invalid YAML: {getattr(exc, 'problem', None) or exc}")) from None


def load_beneficiary(path: str | Path) -> Beneficiary:
    """A Beneficiary from a JSON or YAML file (the mapping itself, or under `beneficiary:`)."""
    path = Path(path)
    fmt = input_format(path)
    if fmt not in ("json", "yaml"):
        raise InputError(Problem(rule="input-format", file=str(path),
                                 message="the beneficiary file must be JSON or YAML"))
    doc = _parse_document(path, fmt)
    if isinstance(doc, dict) and isinstance(doc.get("beneficiary"), dict):
        doc = doc["beneficiary"]
    problems: list[Problem] = []
    ben = _beneficiary(doc, str(path), problems)
    if problems:
        raise InputError(problems)
    return ben


def _beneficiary(data, file: str, problems: list) -> Beneficiary | None:
    if not isinstance(data, dict):
        problems.append(Problem(rule="beneficiary", file=file, record="beneficiary",
                                message="beneficiary must be a mapping of "
                                        + ", ".join(BENEFICIARY_FIELDS)))
        return None
    kwargs, bad = {}, False
    for key, value in data.items():
        if key not in BENEFICIARY_FIELDS:
            problems.append(Problem(rule="unknown-key", file=file, record="beneficiary",
                                    field=str(key), message=f"unknown beneficiary key {key!r}"))
            bad = True
            continue
        if value is None:
            continue
        kwargs[key] = _text(value)
    for key in ("bank", "name", "document"):
        if not kwargs.get(key):
            problems.append(Problem(rule="required", file=file, record="beneficiary", field=key,
                                    message=f"{key} is required"))
            bad = True
    if kwargs.get("bank") and not re.fullmatch(r"\d{3}", kwargs["bank"]):
        problems.append(Problem(rule="bank", file=file, record="beneficiary", field="bank",
                                message=f"bank {kwargs['bank']!r} is not a 3-digit bank code"))
        bad = True
    return None if bad else Beneficiary(**kwargs)


def _text(value) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


# -- rows ---------------------------------------------------------------------------------------
@attrs.define
class Loaded:
    beneficiary: Beneficiary
    boletos: list
    rows: list  # input row (line number) of each boleto, or None
    path: str
    problems: list = attrs.field(factory=list)

    def check(self, writer) -> list[Problem]:
        """Every problem: loading ones, then what the writer finds in the boletos that loaded,
        each placed at its input row, ordered by row."""
        problems = list(self.problems)
        good = [(i, b) for i, b in enumerate(self.boletos) if b is not None]
        if self.beneficiary is not None and good:
            try:
                for _ in writer.lines(self.beneficiary, [b for _, b in good]):
                    pass
            except InputError as exc:
                problems += place(exc.problems, self.rows, self.path, [i for i, _ in good])
        return sorted(problems, key=_row_order)


def load(path: str | Path, beneficiary: str | Path | None = None,
         fmt: str | None = None, collect: bool = False) -> Loaded:
    """Read boleto data; InputError listing every problem of every row otherwise.

    With collect=True nothing is raised for bad rows: `problems` lists them and `boletos` holds
    None for each row that could not be built (so the rest can still be checked by a Writer).
    An unreadable input (missing file, bad syntax) raises InputError either way.
    """
    path = Path(path)
    fmt = input_format(path, fmt)
    problems: list[Problem] = []
    ben = None
    if beneficiary is not None:
        try:
            ben = load_beneficiary(beneficiary)
        except InputError as exc:
            problems.extend(exc.problems)
    if fmt in ("json", "yaml"):
        doc = _parse_document(path, fmt)
        if isinstance(doc, dict):
            unknown = set(doc) - {"beneficiary", "boletos"}
            for key in sorted(map(str, unknown)):
                problems.append(Problem(rule="unknown-key", file=str(path), field=key,
                                        message=f"unknown top-level key {key!r} (expected "
                                                f"beneficiary and boletos)"))
            if "beneficiary" in doc and ben is None and beneficiary is None:
                ben = _beneficiary(doc["beneficiary"], str(path), problems)
            rows = doc.get("boletos")
        elif isinstance(doc, list):
            rows = doc
        else:
            rows = None
        if not isinstance(rows, list):
            problems.append(Problem(rule="boletos", file=str(path),
                                    message="expected a `boletos:` list of boletos"))
            rows = []
        numbered = [(None, r) for r in rows]
    elif fmt == "jsonl":
        numbered = _jsonl_rows(path, problems)
    elif fmt == "csv":
        numbered = _csv_rows(path, problems)
    else:
        raise InputError(Problem(rule="input-format", file=str(path),
                                 message=f"unknown input format {fmt!r}"))
    if ben is None and beneficiary is None and not any(p.record == "beneficiary"
                                                       for p in problems):
        problems.append(Problem(
            rule="beneficiary", file=str(path),
            message="no beneficiary: give `beneficiary:` in the document or --beneficiary FILE"))
    boletos, lines = [], []
    for index, (line, row) in enumerate(numbered):
        b = boleto_from_row(row, index, str(path), line, problems)
        boletos.append(b)
        lines.append(line)
    if not numbered and not problems:
        problems.append(Problem(rule="boletos", file=str(path), message="no boletos in the input"))
    loaded = Loaded(ben, boletos, lines, str(path), problems)
    if problems and not collect:
        raise InputError(problems)
    return loaded


def _jsonl_rows(path: Path, problems: list) -> list:
    out = []
    for number, text in enumerate(_read_text(path).splitlines(), start=1):
        if not text.strip():
            continue
        try:
            out.append((number, json.loads(text, parse_float=Decimal)))
        except json.JSONDecodeError as exc:
            problems.append(Problem(rule="syntax", file=str(path), line=number,
                                    col_start=exc.colno, message=f"invalid JSON: {exc.msg}"))
    return out


def _csv_rows(path: Path, problems: list) -> list:
    text = _read_text(path)
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        problems.append(Problem(rule="csv", file=str(path), message="empty CSV (no header row)"))
        return []
    header = [h.strip() for h in header]
    out = []
    start = reader.line_num + 1
    for values in reader:
        line = start
        start = reader.line_num + 1
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            problems.append(Problem(rule="csv", file=str(path), line=line,
                                    message=f"row has {len(values)} columns, the header "
                                            f"{len(header)}"))
            continue
        out.append((line, {h: v for h, v in zip(header, values) if h}))
    return out


def boleto_from_row(row, index: int, file: str, line: int | None, problems: list):
    """A Boleto from one row / mapping, or None after adding its problems."""
    where = dict(file=file, line=line, record=f"boletos[{index}]")
    if not isinstance(row, dict):
        problems.append(Problem(rule="boleto", message="a boleto must be a mapping", **where))
        return None
    flat: dict = {}
    for key, value in row.items():
        key = str(key).strip()
        if key in ("payer", "guarantor") and isinstance(value, dict):
            for k, v in value.items():
                flat[f"{key}_{k}"] = v
        else:
            flat[key] = value
    before = len(problems)
    kwargs: dict = {}
    people: dict = {"payer": {}, "guarantor": {}}
    for key, value in flat.items():
        if isinstance(value, str):
            value = value.strip()
            if value == "":
                continue
        if value is None:
            continue
        prefix, _, rest = key.partition("_")
        if prefix in people and rest in PAYER_FIELDS:
            people[prefix][rest] = _text(value) if not isinstance(value, str) else value
            continue
        if key not in BOLETO_FIELDS:
            problems.append(Problem(rule="unknown-column", field=key,
                                    message=f"unknown column {key!r}", **where))
            continue
        try:
            kwargs[key] = _convert(key, value)
        except ValueError as exc:
            problems.append(Problem(rule="value", field=key, message=str(exc), **where))
    for key in REQUIRED:
        prefix, _, rest = key.partition("_")
        present = people["payer"].get(rest) if prefix == "payer" else flat.get(key)
        if present is None or (isinstance(present, str) and not present.strip()):
            problems.append(Problem(rule="required", field=key, message=f"{key} is required",
                                    **where))
    if len(problems) > before:
        if people["payer"].get("document"):  # still say what else is wrong with the row
            p = check_document(clean_document(people["payer"]["document"]), "payer.document")
            if p:
                problems.append(p.at(**where))
        return None
    payer = Payer(**people["payer"])
    guarantor = Payer(**people["guarantor"]) if people["guarantor"] else None
    if guarantor is not None and not guarantor.name:
        problems.append(Problem(rule="required", field="guarantor_name",
                                message="guarantor_name is required with other guarantor_ "
                                        "columns", **where))
        return None
    try:
        return Boleto(payer=payer, guarantor=guarantor, **kwargs)
    except (TypeError, ValueError, InvalidOperation) as exc:
        problems.append(Problem(rule="boleto", message=str(exc), **where))
        return None


_BR_AMOUNT = re.compile(r"-?\d{1,3}(\.\d{3})*,\d+|-?\d+,\d+")


def _convert(key: str, value):
    if key in _DATE_FIELDS:
        return parse_date(value, key)
    if key in _MONEY_FIELDS:
        return parse_money(value, key)
    if key in _INT_FIELDS:
        if isinstance(value, bool) or not (isinstance(value, int) or str(value).isdigit()):
            raise ValueError(f"{key} {value!r} is not a whole number")
        return int(value)
    if key == "instructions":
        if isinstance(value, str):
            return tuple(v.strip() for v in value.split("|") if v.strip())
        if isinstance(value, list):
            return tuple(_text(v) for v in value)
        raise ValueError("instructions must be a list of texts (or '|'-separated in CSV)")
    if isinstance(value, (dict, list)):
        raise ValueError(f"{key} must be a single value")
    return _text(value)


def parse_date(value, key: str = "date") -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{key} {text!r} is not a date (YYYY-MM-DD or DD/MM/YYYY)")


def parse_money(value, key: str = "amount") -> Decimal:
    if isinstance(value, (bool, float)):
        raise ValueError(f"{key} {value!r} must be a decimal string, not a float")
    if isinstance(value, (int, Decimal)):
        result = Decimal(value)
    else:
        text = str(value).strip().replace("R$", "").strip()
        if _BR_AMOUNT.fullmatch(text):
            text = text.replace(".", "").replace(",", ".")
        try:
            result = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"{key} {value!r} is not an amount (e.g. 1234.56)") from None
    if not result.is_finite():
        raise ValueError(f"{key} {value!r} is not an amount")
    return result


def place(problems: list[Problem], rows: list, path: str,
          indexes: list[int] | None = None) -> list[Problem]:
    """Put writer problems (record `boletos[k]...`) at the input file and row of the boleto;
    `indexes[k]` is the input index of the k-th boleto given to the writer."""
    out = []
    for p in problems:
        m = re.match(r"boletos\[(\d+)\]", p.record or "")
        if m:
            k = int(m.group(1))
            i = indexes[k] if indexes is not None and k < len(indexes) else k
            if i != k:
                p = p.at(record=f"boletos[{i}]" + p.record[m.end():])
            if i < len(rows):
                p = p.at(file=p.file or path, line=p.line or rows[i])
        if p.file is None:
            p = p.at(file=path)
        out.append(p)
    return out


def _row_order(p: Problem):
    m = re.match(r"boletos\[(\d+)\]", p.record or "")
    return (1, int(m.group(1))) if m else (0, 0)


# -- output names -------------------------------------------------------------------------------


def remessa_name(layout, beneficiary: Beneficiary, sequence: int, when: dt.datetime) -> str:
    """The file name the bank expects for a remessa (the layout's `file_name:` rule)."""
    from cnab.files.naming import remessa_name as by_layout
    from cnab.files.writer import FileInfo

    return by_layout(layout, beneficiary, FileInfo(sequence, when))
