"""Rebuild the CLI fixtures: python -m tests.cli.make_fixtures

valid.rem is written by the Writer (FEBRABAN 240 layout, bank 999 so that no bank layout claims
it); each damaged_*.rem changes one thing of it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cnab.files.writer import FileInfo, Writer
from cnab.inputs import load

HERE = Path(__file__).resolve().parent / "fixtures"
LAYOUT = "febraban.cnab240.cobranca"
WHEN = dt.datetime(2026, 11, 20, 10, 0, 0)


def lines_of(path: Path) -> list[str]:
    return path.read_bytes().decode("latin-1").split("\r\n")[:-1]


def save(name: str, lines: list[str]) -> None:
    (HERE / name).write_bytes("".join(line + "\r\n" for line in lines).encode("latin-1"))


def put(line: str, start: int, text: str) -> str:
    return line[:start - 1] + text + line[start - 1 + len(text):]


def main() -> None:
    loaded = load(HERE / "boletos.yaml")
    Writer(LAYOUT).write(loaded.beneficiary, loaded.boletos, HERE / "valid.rem",
                         FileInfo(1, WHEN))
    base = lines_of(HERE / "valid.rem")
    # line 3 is segmento P of the first boleto; valor_titulo is 86-100
    damaged = list(base)
    damaged[2] = put(damaged[2], 86, "0000000001A0050")
    save("damaged_letter.rem", damaged)
    # vencimento 78-85 (DDMMAAAA)
    damaged = list(base)
    damaged[2] = put(damaged[2], 78, "31022026")
    save("damaged_date.rem", damaged)
    # trailer de arquivo: quantidade de registros 24-29
    damaged = list(base)
    damaged[-1] = put(damaged[-1], 24, "000009")
    save("damaged_trailer.rem", damaged)
    damaged = list(base)
    damaged[3] = damaged[3][:238]
    save("damaged_short.rem", damaged)
    (HERE / "doc.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
    (HERE / "empty.rem").write_bytes(b"")
    (HERE / "utf16.rem").write_bytes("\r\n".join(base).encode("utf-16"))


if __name__ == "__main__":
    main()
