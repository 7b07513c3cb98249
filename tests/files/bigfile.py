"""Write a large, valid FEBRABAN 240 retorno quickly (templates + sequence edits), streaming."""

import sys

import cnab

LAYOUT = "febraban.cnab240.cobranca"
LOT = 25_000  # T+U pairs per batch (sequencial_lote has 5 digits)


def templates():
    reg = cnab.default_registry()
    codecs = reg.codecs(reg.layout(LAYOUT))
    header = codecs["header_arquivo"].encode({"banco": "104", "codigo_remessa_retorno": 2,
                                              "versao_layout_arquivo": 103})
    lote = codecs["header_lote"].encode({"banco": "104", "operacao": "T"})
    t = codecs["segmento_t"].encode({"banco": "104", "codigo_movimento": "06",
                                     "nosso_numero": "14000000000000019"})
    u = codecs["segmento_u"].encode({"banco": "104", "codigo_movimento": "06"})
    trailer_lote = codecs["trailer_lote"].encode({"banco": "104"})
    trailer = codecs["trailer_arquivo"].encode({"banco": "104"})
    return header, lote, t, u, trailer_lote, trailer


def write(path, titles: int) -> int:
    header, lote, t, u, tl, ta = templates()
    lines = 1
    with open(path, "w", encoding="ascii", newline="") as out:
        out.write(header + "\r\n")
        batch, done = 0, 0
        while done < titles:
            batch += 1
            n = min(LOT, titles - done)
            out.write(lote[:3] + f"{batch:04d}" + lote[7:] + "\r\n")
            for i in range(n):
                seq = 2 * i + 1
                out.write(t[:3] + f"{batch:04d}" + t[7:8] + f"{seq:05d}" + t[13:] + "\r\n")
                out.write(u[:3] + f"{batch:04d}" + u[7:8] + f"{seq + 1:05d}" + u[13:] + "\r\n")
            out.write(tl[:3] + f"{batch:04d}" + tl[7:17] + f"{2 * n + 2:06d}" + tl[23:] + "\r\n")
            lines += 2 * n + 2
            done += n
        lines += 1
        out.write(ta[:17] + f"{batch:06d}{lines:06d}" + ta[29:] + "\r\n")
    return lines


def read_peak(path) -> None:
    """Read the whole file, then print titles and peak RSS (KiB) for the parent test."""
    import resource

    reader = cnab.read(path, strict=True, layout=LAYOUT)
    count = sum(1 for _ in reader)
    print(count, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


if __name__ == "__main__":
    if sys.argv[1] == "write":
        print(write(sys.argv[2], int(sys.argv[3])))
    else:
        read_peak(sys.argv[2])
