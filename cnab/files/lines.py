"""Physical lines of a bank file, as files really arrive.

Yields each line's number and text with the deviations found on the way (LF-only endings, a UTF-8
BOM, ISO-8859-1 text, trimmed or overlong lines, a final Ctrl-Z or blank lines). Whether a
deviation is an error or a warning is the caller's choice (strict or lenient). Reading is
streaming and bounded: a line longer than MAX_LINE is reported without being held in memory.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import BinaryIO, Iterator

import attrs

from cnab.errors import FileFormatError, Problem

MAX_LINE = 4096


@attrs.frozen
class Line:
    number: int
    text: str  # without its line terminator, decoded
    raw_length: int  # characters before any repair
    notes: tuple  # (rule, message) deviations found in this line


def open_source(source) -> tuple[BinaryIO, str, bool]:
    """(binary stream, display name, whether we opened it and must close it)."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        try:
            return open(path, "rb"), str(path), True
        except FileNotFoundError:
            raise FileFormatError(Problem(rule="io", file=str(path),
                                          message="no such file")) from None
        except IsADirectoryError:
            raise FileFormatError(Problem(rule="io", file=str(path),
                                          message="is a folder, not a file")) from None
        except OSError as exc:
            raise FileFormatError(Problem(rule="io", file=str(path),
                                          message=exc.strerror or str(exc))) from None
    if isinstance(source, bytes):
        return io.BytesIO(source), "<bytes>", True
    if isinstance(source, io.TextIOBase):
        raise TypeError("open the file in binary mode ('rb'): encodings are handled here")
    name = getattr(source, "name", None)
    return source, str(name) if isinstance(name, str) else "<stream>", False


def _sniff(head: bytes, name: str) -> None:
    """Refuse inputs that are not line-oriented text at all, with one clear reason."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(head) > 3 and head[1:4:2] == b"\0\0"):
        raise FileFormatError(Problem(rule="encoding", file=name, line=1,
                                      message="file is UTF-16 text; CNAB files are ASCII/ISO-8859-1"))
    if head.startswith(b"%PDF"):
        raise FileFormatError(Problem(rule="not-cnab", file=name, line=1,
                                      message="file is a PDF, not a CNAB text file"))
    if head.startswith((b"PK\x03\x04", b"\x1f\x8b")):
        raise FileFormatError(Problem(rule="not-cnab", file=name, line=1,
                                      message="file is compressed (zip/gzip); extract it first"))
    if not head:
        raise FileFormatError(Problem(rule="empty", file=name, message="file is empty"))


BLOCK = 1 << 18


def _line(raw: bytes, number: int) -> tuple[str, tuple]:
    """(text, notes) of one physical line given with its terminator, if any."""
    notes = []
    if raw.endswith(b"\r\n"):
        body, eol = raw[:-2], "crlf"
    elif raw.endswith(b"\n"):
        body, eol = raw[:-1], "lf"
    else:
        body, eol = raw, None
    if number == 1 and body.startswith(b"\xef\xbb\xbf"):
        body = body[3:]
        notes.append(("bom", "UTF-8 byte order mark at the start of the file"))
    if b"\r" in body:
        body = body.replace(b"\r", b"")
        notes.append(("stray-cr", "carriage return inside the line"))
    if eol is None:
        notes.append(("no-final-newline", "last line has no line terminator"))
    if body.endswith(b"\x1a"):
        body = body[:-1]
        notes.append(("ctrl-z", "end-of-file character (Ctrl-Z, 0x1A)"))
    try:
        text = body.decode("ascii")
    except UnicodeDecodeError:
        try:
            text = body.decode("utf-8")
            notes.append(("non-ascii", "non-ASCII characters (UTF-8)"))
        except UnicodeDecodeError:
            text = body.decode("latin-1")
            notes.append(("non-ascii", "non-ASCII characters (ISO-8859-1)"))
    if eol == "lf":
        notes.append(("lf-only", "line ends with LF instead of CR LF"))
    return text, tuple(notes)


def _too_long(length: int) -> tuple[list, tuple, bool]:
    return [""], (("line-too-long", f"line is {length} bytes long, far beyond any CNAB record"),), \
        True


def read_lines(stream: BinaryIO, name: str) -> Iterator[Line]:
    """Every physical line, numbered from 1, decoded, with its deviations noted (Line objects)."""
    for number, text, notes in iter_lines(stream, name):
        yield Line(number, text, len(text), notes)


def iter_lines(stream: BinaryIO, name: str) -> Iterator[tuple[int, str, tuple]]:
    """(number, text, notes) of every physical line, numbered from 1."""
    for number, texts, notes, _ in iter_blocks(stream, name):
        for text in texts:
            yield number, text, notes
            number += 1


def iter_blocks(stream: BinaryIO, name: str) -> Iterator[tuple[int, list, tuple, bool]]:
    """(number of the first line, [texts], notes, may_be_blank) for runs of physical lines.

    Reads blocks of 256 KiB and splits them. A block whose lines are all plain ASCII ending in
    CR LF and none of them blank (the normal case) is decoded in one call and given as one run
    with no notes; every other line comes alone with its own notes. A line longer than MAX_LINE
    is reported without being kept (its text is ""). Blank lines are held back until a record
    follows, so that blank lines at the end are noted as trailing.
    """
    head = stream.peek(64)[:64] if hasattr(stream, "peek") else b""
    if not head and hasattr(stream, "seekable") and stream.seekable():
        pos = stream.tell()
        head = stream.read(64)
        stream.seek(pos)
    _sniff(head, name)
    number = 0
    pending_blank: list = []
    rest = b""
    skipping = 0  # >0 while skipping the remainder of an absurd line (bytes so far)
    limit = MAX_LINE + 2
    while True:
        block = stream.read(BLOCK)
        if not block:
            break
        if skipping:
            cut = block.find(b"\n")
            if cut < 0:
                skipping += len(block)
                continue
            number += 1
            yield (number, *_too_long(skipping + cut + 1))
            skipping = 0
            block = block[cut + 1:]
        data = rest + block if rest else block
        cut = data.rfind(b"\n")
        if cut < 0:
            if len(data) >= limit:
                skipping, rest = len(data), b""
            else:
                rest = data
            continue
        part, rest = data[:cut], data[cut + 1:]
        if len(rest) >= limit:
            skipping, rest = len(rest), b""
        n_lf = part.count(b"\n") + 1
        if (part.isascii() and part.endswith(b"\r") and part.count(b"\r") == n_lf
                and b"\x1a" not in part):
            # n_lf pieces around CR LF and n_lf CRs in all: every LF follows a CR, no stray CR
            texts = part[:-1].decode("ascii").split("\r\n")
            # no line empty or starting with a blank or a control character, so none is blank
            # (a BOM is not ASCII); each test is one pass in C, no two-byte searches (slow ones)
            if len(texts) == n_lf and min(texts)[:1] > " " and max(map(len, texts)) <= MAX_LINE:
                if pending_blank:
                    yield from pending_blank
                    pending_blank = []
                yield number + 1, texts, (), False
                number += len(texts)
                continue
        for raw in part.split(b"\n"):
            number += 1
            if len(raw) + 1 > limit:
                yield (number, *_too_long(len(raw) + 1))
                continue
            text, notes = _line(raw + b"\n", number)
            if not text or text.isspace():
                pending_blank.append((number, [text], notes, True))
                continue
            if pending_blank:
                yield from pending_blank
                pending_blank = []
            yield number, [text], notes, True
    if skipping:
        number += 1
        yield (number, *_too_long(skipping))
    elif rest:
        number += 1
        if len(rest) >= limit:
            yield (number, *_too_long(len(rest)))
        else:
            text, notes = _line(rest, number)
            if not text or text.isspace():
                pending_blank.append((number, [text], notes, True))
            else:
                yield from pending_blank
                pending_blank = []
                yield number, [text], notes, True
    trailing = (("trailing-blank-line", "blank line after the last record"),)
    for number, texts, notes, _ in pending_blank:
        yield number, texts, notes + trailing, True
