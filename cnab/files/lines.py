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


def read_lines(stream: BinaryIO, name: str) -> Iterator[Line]:
    """Every physical line, numbered from 1, decoded, with its deviations noted."""
    head = stream.peek(64)[:64] if hasattr(stream, "peek") else b""
    if not head and hasattr(stream, "seekable") and stream.seekable():
        pos = stream.tell()
        head = stream.read(64)
        stream.seek(pos)
    _sniff(head, name)
    number = 0
    pending_blank: list[Line] = []
    while True:
        raw = stream.readline(MAX_LINE + 2)
        if not raw:
            break
        number += 1
        notes = []
        if not raw.endswith(b"\n") and len(raw) >= MAX_LINE + 2:
            length = len(raw)
            while True:  # skip the rest of an absurdly long line without keeping it
                more = stream.readline(1 << 20)
                length += len(more)
                if not more or more.endswith(b"\n"):
                    break
            yield Line(number, "", length, (("line-too-long",
                       f"line is {length} bytes long, far beyond any CNAB record"),))
            continue
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
        line = Line(number, text, len(text), tuple(notes))
        if not text.strip():
            pending_blank.append(line)  # blank lines only matter if something follows
            continue
        for blank in pending_blank:
            yield blank
        pending_blank = []
        yield line
    for blank in pending_blank:
        yield Line(blank.number, blank.text, blank.raw_length,
                   blank.notes + (("trailing-blank-line", "blank line after the last record"),))
