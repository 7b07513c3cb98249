"""Side-by-side benchmark: cnab's layout-driven engine against hand-written Python.

    python benchmarks/bench.py [--quick] [--no-big] [--dir DIR]

One run generates deterministic files (CNAB 240 FEBRABAN retorno: 100k T+U pairs in lots of 25k;
Itaú CNAB 400 retorno: 200k details; a FEBRABAN 240 remessa input of 49,999 boletos), then
measures, each case in its own child process (so peak RSS is per case):

  (a) hand-written decoder: slicing + the same conversions (Decimal, date, int, rstrip), streaming
  (b) cnab.read(..., strict=True): typed decode of every field with full validation
      (structure, sequences, trailer counts, check digits)
  (c) cnab.read(..., lazy=True): framing and counts verified, 2 fields per título decoded on access
  (d) remessa generation: cnab's Writer against a hand-written %-format writer
  (e) `cnab validate` (every título's view tallied) in one process and in two (--jobs 2)

and prints lines/s, MB/s, peak RSS and the ratio ours / hand-written. Checksums computed from
the decoded values (and the md5 of the written remessas) show both sides produced the same data.
Finally the largest valid files (999,998 records for 240, 999,999 for 400; trailer counts have 6
digits) are read, and a remessa nine times larger (449,991 boletos, ~900k lines in 9 lotes; ten
times would pass the 999,999 records a file can count) is written, to show that peak memory does
not grow with the file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

L240 = "febraban.cnab240.cobranca"
L400 = "itau.cnab400"
MOVES = ("06", "02", "09", "17", "03")


# ---------------------------------------------------------------------------------------------
# file generators (templates encoded once by the codec, then sliced edits per line)
# ---------------------------------------------------------------------------------------------
def _amount(i: int, k: int) -> str:
    return f"{(i * 7919 + k * 104729) % 1_000_000_00 + 100:015d}"


def _ddmmyyyy(i: int) -> str:
    d = dt.date(2026, 1, 1) + dt.timedelta(days=i % 700)
    return f"{d.day:02d}{d.month:02d}{d.year:04d}"


def gen240(path: str, pairs: int, lot: int = 25_000) -> int:
    import cnab
    reg = cnab.default_registry()
    c = reg.codecs(reg.layout(L240))
    header = c["header_arquivo"].encode({"banco": "104", "codigo_remessa_retorno": 2,
                                         "versao_layout_arquivo": 103})
    lote = c["header_lote"].encode({"banco": "104", "operacao": "T"})
    t = c["segmento_t"].encode({"banco": "104", "codigo_movimento": "06", "agencia": 1234,
                                "conta": 98765, "nosso_numero": "X", "carteira": 1})
    u = c["segmento_u"].encode({"banco": "104", "codigo_movimento": "06"})
    tl = c["trailer_lote"].encode({"banco": "104"})
    ta = c["trailer_arquivo"].encode({"banco": "104"})
    lines = 1
    with open(path, "w", encoding="ascii", newline="") as out:
        w = out.write
        w(header + "\r\n")
        batch, done = 0, 0
        while done < pairs:
            batch += 1
            n = min(lot, pairs - done)
            w(lote[:3] + f"{batch:04d}" + lote[7:] + "\r\n")
            b = f"104{batch:04d}3"
            chunk = []
            for k in range(n):
                i = done + k
                seq = 2 * k + 1
                mv = MOVES[i % 5]
                chunk.append(
                    b + f"{seq:05d}T " + mv + t[17:37] + f"{i:020d}" + t[57:58]
                    + f"DOC{i:<12d}" + _ddmmyyyy(i) + _amount(i, 1) + t[96:148]
                    + f"PAGADOR {i:<32d}" + t[188:198] + _amount(i, 2)[:-3] + "000"
                    + t[213:] + "\r\n")
                chunk.append(
                    b + f"{seq + 1:05d}U " + mv + _amount(i, 3)[:-4] + "0000" + t[32:32]
                    + u[32:77] + _amount(i, 4) + _amount(i, 5) + u[107:137]
                    + _ddmmyyyy(i + 3) + _ddmmyyyy(i + 4) + u[153:] + "\r\n")
            w("".join(chunk))
            w(tl[:3] + f"{batch:04d}" + tl[7:17] + f"{2 * n + 2:06d}" + tl[23:] + "\r\n")
            lines += 2 * n + 2
            done += n
        lines += 1
        w(ta[:17] + f"{batch:06d}{lines:06d}" + ta[29:] + "\r\n")
    return lines


def _ddmmyy(i: int) -> str:
    d = dt.date(2026, 1, 1) + dt.timedelta(days=i % 700)
    return f"{d.day:02d}{d.month:02d}{d.year % 100:02d}"


def gen400(path: str, details: int) -> int:
    import cnab
    from cnab.layout.checkdigits import mod10
    reg = cnab.default_registry()
    c = reg.codecs(reg.layout(L400))
    header = c["header"].encode({"codigo_remessa_retorno": "2", "literal_remessa": "RETORNO",
                                 "agencia": 1234, "conta": 98765, "sequencial": 1})
    d = c["detalhe_retorno"].encode({"agencia": 1234, "conta": "98765", "carteira": "109",
                                     "nosso_numero_carteira": "00000000", "ocorrencia": "06"})
    tr = c["trailer_retorno"].encode({})
    with open(path, "w", encoding="ascii", newline="") as out:
        w = out.write
        w(header + "\r\n")
        chunk = []
        for i in range(details):
            nn = f"{i % 100_000_000:08d}"
            dv = mod10("1234" + "98765" + "109" + nn)
            chunk.append(
                d[:62] + nn + d[70:85] + nn + str(dv) + d[94:108] + MOVES[i % 5] + _ddmmyy(i)
                + f"DOC{i % 10_000_000:<7d}" + d[126:146] + _ddmmyy(i + 30) + _amount(i, 1)[2:]
                + d[165:175] + _amount(i, 2)[2:-3] + "000" + d[188:214]
                + _amount(i, 6)[2:-4] + "0000" + d[227:253] + _amount(i, 4)[2:]
                + _amount(i, 3)[2:-4] + "0000" + d[279:295] + _ddmmyy(i + 32) + d[301:394]
                + f"{i + 2:06d}\r\n")
            if len(chunk) == 10_000:
                w("".join(chunk))
                chunk = []
        w("".join(chunk))
        w(tr[:212] + f"{details:08d}" + tr[220:394] + f"{details + 2:06d}\r\n")
    return details + 2


# ---------------------------------------------------------------------------------------------
# (a) hand-written decoders: slicing + conversions, memoised dates, one shared zero Decimal
# ---------------------------------------------------------------------------------------------
def hand240(path: str):
    D, date, ZERO = Decimal, dt.date, Decimal("0.00")
    dates: dict = {}

    def dmy(s):
        v = dates.get(s)
        if v is None:
            v = None if s in ("00000000", "        ") else \
                date(int(s[4:8]), int(s[2:4]), int(s[0:2]))
            dates[s] = v
        return v

    def money(s):
        return ZERO if s == "000000000000000" else D(s).scaleb(-2)

    n = titles = 0
    check = [Decimal(0), Decimal(0), 0, 0]
    with open(path, encoding="latin-1", newline="") as f:
        for line in f:
            n += 1
            if line[7] != "3":
                continue
            seg = line[13]
            if seg == "T":
                t = (int(line[3:7]), int(line[8:13]), line[15:17], int(line[17:22]),
                     int(line[23:35]), line[37:57].rstrip(), int(line[57]),
                     line[58:73].rstrip(), dmy(line[73:81]), money(line[81:96]),
                     line[96:99], int(line[99:104]), line[105:130].rstrip(),
                     int(line[130:132]), int(line[132]), line[133:148],
                     line[148:188].rstrip(), money(line[198:213]), line[213:223].rstrip(),
                     line[0:3], line[35], line[22])
                titles += 1
                check[0] += t[9]
                check[3] += t[8].toordinal()
            elif seg == "U":
                u = (int(line[3:7]), int(line[8:13]), line[15:17], money(line[17:32]),
                     money(line[32:47]), money(line[47:62]), money(line[62:77]),
                     money(line[77:92]), money(line[92:107]), money(line[107:122]),
                     money(line[122:137]), dmy(line[137:145]), dmy(line[145:153]),
                     line[153:157].rstrip(), dmy(line[157:165]), money(line[165:180]),
                     line[180:210].rstrip(), line[0:3], line[210:213])
                check[1] += u[7]
                check[2] += u[12].toordinal()
    return n, titles, [str(x) for x in check]


def hand400(path: str):
    D, date, ZERO = Decimal, dt.date, Decimal("0.00")
    dates: dict = {}

    def dmy(s):
        v = dates.get(s)
        if v is None:
            v = None if s in ("000000", "      ") else \
                date(2000 + int(s[4:6]), int(s[2:4]), int(s[0:2]))
            dates[s] = v
        return v

    def money(s):
        return ZERO if s == "0000000000000" else D(s).scaleb(-2)

    n = titles = 0
    check = [Decimal(0), Decimal(0), 0, 0]
    with open(path, encoding="latin-1", newline="") as f:
        for line in f:
            n += 1
            if line[0] != "1":
                continue
            r = (int(line[17:21]), line[23:28], int(line[28]), line[37:62].rstrip(),
                 line[62:70], line[82:85], line[85:93], int(line[93]), line[108:110],
                 dmy(line[110:116]), line[116:126].rstrip(), dmy(line[146:152]),
                 money(line[152:165]), money(line[175:188]), money(line[214:227]),
                 money(line[227:240]), money(line[240:253]), money(line[253:266]),
                 money(line[266:279]), money(line[279:292]), dmy(line[295:301]),
                 int(line[394:400]))
            titles += 1
            check[0] += r[12]
            check[1] += r[17]
            check[2] += r[20].toordinal()
            check[3] += r[9].toordinal()
    return n, titles, [str(x) for x in check]


# ---------------------------------------------------------------------------------------------
# (b) and (c): cnab
# ---------------------------------------------------------------------------------------------
def ours240(path: str, lazy: bool | str = False):
    """lazy=True: 2 fields per título, decoded on access; "checked": (b)'s checks on every
    line, the 4 fields (b) sums converted when read."""
    import cnab
    reader = cnab.read(path, strict=True, layout=L240, **({"lazy": lazy} if lazy else {}))
    titles = 0
    check = [Decimal(0), Decimal(0), 0, 0]
    if lazy is True:  # two fields per título, decoded on access
        for title in reader:
            u = title.records[1].values
            check[1] += u["valor_pago"]
            check[2] += u["data_credito"].toordinal()
            titles += 1
        check = [None, str(check[1]), str(check[2]), None]
    else:
        for title in reader:
            t, u = title.records[0].values, title.records[1].values
            titles += 1
            check[0] += t["valor_titulo"]
            check[3] += t["vencimento"].toordinal()
            check[1] += u["valor_pago"]
            check[2] += u["data_credito"].toordinal()
        check = [str(x) for x in check]
    _assert_clean(reader)
    return reader.stats["lines"], titles, check


def ours400(path: str, lazy: bool | str = False):
    import cnab
    reader = cnab.read(path, strict=True, layout=L400, **({"lazy": lazy} if lazy else {}))
    titles = 0
    check = [Decimal(0), Decimal(0), 0, 0]
    if lazy is True:
        for title in reader:
            v = title.records[0].values
            check[1] += v["valor_pago"]
            check[2] += v["data_credito"].toordinal()
            titles += 1
        check = [None, str(check[1]), str(check[2]), None]
    else:
        for title in reader:
            v = title.records[0].values
            titles += 1
            check[0] += v["valor_titulo"]
            check[1] += v["valor_pago"]
            check[2] += v["data_credito"].toordinal()
            check[3] += v["data_ocorrencia"].toordinal()
        check = [str(x) for x in check]
    _assert_clean(reader)
    return reader.stats["lines"], titles, check


def _assert_clean(reader):
    s = reader.stats
    if reader.problems or s["lines"] != s["frame_lines"] + s["title_lines"] + s["reported_lines"]:
        raise SystemExit(f"problems: {[str(p) for p in reader.problems[:5]]} stats {dict(s)}")


# ---------------------------------------------------------------------------------------------
# (d) remessa generation: 49,999 boletos (P+Q) = the largest single FEBRABAN 240 lote
# ---------------------------------------------------------------------------------------------
def _inputs():
    from cnab.files.models import Beneficiary, Boleto, Payer
    from cnab.files.writer import FileInfo
    ben = Beneficiary(bank="104", name="Empresa Exemplo Ltda", document="11.222.333/0001-81",
                      agency="1234", agency_dv="5", account="98765", account_dv="4", wallet="1",
                      convenio="123456")
    pool = []
    for i in range(1000):
        payer = Payer(name=f"José da Silva {i}", document="111.444.777-35",
                      address=f"Rua das Flores, {i}", district="Centro", zip="01001-000",
                      city="São Paulo", state="SP")
        pool.append(Boleto(our_number=f"{i:010d}", document_number=f"DOC{i}",
                           due_date=dt.date(2026, 12, 10) + dt.timedelta(days=i % 200),
                           issue_date=dt.date(2026, 11, 22),
                           amount=Decimal("349.90") + i,
                           interest=Decimal("0.10") * (i % 7) or None,
                           interest_code="1" if i % 7 else "3",
                           payer=payer, company_use=f"REF{i}"))
    when = FileInfo(sequence=7, generated_at=dt.datetime(2026, 11, 22, 10, 30, 0))
    return ben, pool, when


WRITE_TITLES = 49_999
BIG_REMESSA = 9  # times WRITE_TITLES for the memory check: the largest that a 6-digit count allows


def _stream(pool, n):
    for i in range(n):
        yield pool[i % len(pool)]


def write_ours(path: str):
    from cnab.files.writer import Writer
    ben, pool, when = _inputs()
    w = Writer(L240)
    t0 = time.perf_counter()
    count = 0
    with open(path, "wb") as out:
        buf = []
        for line in w.lines(ben, _stream(pool, WRITE_TITLES), when):
            buf.append(line)
            count += 1
            if len(buf) == 4096:
                out.write(("\r\n".join(buf) + "\r\n").encode("latin-1"))
                buf = []
        out.write(("\r\n".join(buf) + "\r\n").encode("latin-1") if buf else b"")
    return count, time.perf_counter() - t0


def write_hand(path: str):
    """%-format writer for header/P/Q/trailers, as one would write it for this one bank."""
    from cnab.codec.text import normalise
    ben, pool, when = _inputs()
    t0 = time.perf_counter()
    doc = ben.document
    d8 = when.generated_at.strftime("%d%m%Y")
    bid = "%-20s%05d%s%012d%s " % (ben.convenio, int(ben.agency), ben.agency_dv,
                                    int(ben.account), ben.account_dv)
    name = "%-30s" % normalise(ben.name)
    # header arquivo and lote: fixed for one beneficiary, written out once per file
    head = ("10400000         2%014d%s%s" % (int(doc), bid, name) + " " * 40 + "1"
            + d8 + when.generated_at.strftime("%H%M%S") + "%06d" % when.sequence
            + "10300000" + " " * 69)
    lote = ("10400011R01  060 2%015d%s%s" % (int(doc), bid, name) + " " * 80
            + "%08d%s00000000" % (when.sequence, d8) + " " * 33)
    P = ("104%04d3%05dP 01%05d%s%012d%s %-20s11122%-15s%s%015d00000 02N%s%s%s%015d"
         + "0" * 54 + "%-25s3000   090000000000 ")
    Q = ("104%04d3%05dQ 01%d%015d%-40s%-40s%-15s%5s%3s%-15s%-2s0000000000000000"
         "                                        000                            ")
    count = 0
    total = Decimal(0)
    with open(path, "wb") as out:
        buf = [head, lote]
        seq = 0
        for b in _stream(pool, WRITE_TITLES):
            p = b.payer
            seq += 2
            i = b.interest
            due = b.due_date
            iss = b.issue_date
            buf.append(P % (1, seq - 1, int(ben.agency), ben.agency_dv, int(ben.account),
                            ben.account_dv, b.our_number, b.document_number.upper(),
                            "%02d%02d%04d" % (due.day, due.month, due.year),
                            int(b.amount * 100),
                            "%02d%02d%04d" % (iss.day, iss.month, iss.year),
                            b.interest_code, "00000000", int(i * 100) if i else 0,
                            normalise(b.company_use)))
            buf.append(Q % (1, seq, p.document_type, int(p.document), normalise(p.name),
                            normalise(p.address), normalise(p.district), p.zip[:5], p.zip[5:],
                            normalise(p.city), p.state))
            total += b.amount
            if len(buf) >= 4096:
                out.write(("\r\n".join(buf) + "\r\n").encode("latin-1"))
                count += len(buf)
                buf = []
        buf.append("10400015         %06d" % (seq + 2) + "0" * 92 + " " * 125)
        buf.append("10499999         000001%06d" % (seq + 4) + "000000" + " " * 205)
        out.write(("\r\n".join(buf) + "\r\n").encode("latin-1"))
        count += len(buf)
    return count, time.perf_counter() - t0


# ---------------------------------------------------------------------------------------------
# driver
# ---------------------------------------------------------------------------------------------
def validate(path: str, jobs: int):
    """(e) cnab.validate.validate_file, as `cnab validate` runs it, in 1 or 2 processes."""
    from cnab import validate as V
    V.SPLIT_MIN = 0  # split whatever the size (--quick files are below the CLI's 16 MB)
    layout = L240 if path.endswith("240.ret") else L400  # as (b): detection is not timed
    report = V.validate_file(path, progress=False, jobs=jobs, layout=layout)
    if report.exit_code:
        raise SystemExit(f"problems: {[str(p) for p in report.problems[:5]]}")
    doc = report.as_dict()
    with open(path, "rb") as f:  # every line has the same length here
        lines = os.path.getsize(path) // len(f.readline())
    return lines, report.titles, hashlib.md5(json.dumps(doc, sort_keys=True).encode()).hexdigest()


CASES = {
    "hand240": lambda p: hand240(p), "ours240": lambda p: ours240(p),
    "lazy240": lambda p: ours240(p, lazy=True), "checked240": lambda p: ours240(p, "checked"),
    "hand400": lambda p: hand400(p), "ours400": lambda p: ours400(p),
    "lazy400": lambda p: ours400(p, lazy=True), "checked400": lambda p: ours400(p, "checked"),
    "validate1": lambda p: validate(p, 1), "validate2": lambda p: validate(p, 2),
}


def peak_rss_mb() -> float:
    """Peak resident memory of this process: VmHWM (getrusage's ru_maxrss would also count the
    parent's peak, which Linux carries across fork + exec)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(case: str, path: str) -> None:
    """Run one case in this process; print JSON with its figures."""
    import cnab  # noqa: F401  (imports and layout loading are not timed)
    global WRITE_TITLES
    if case == "write_ours_big":  # nine times the remessa: ~900k lines in 9 lotes (a file
        WRITE_TITLES, case = BIG_REMESSA * WRITE_TITLES, "write_ours"  # counts 999,999 at most
    if case.startswith("write"):
        lines, secs = (write_ours if case == "write_ours" else write_hand)(path)
        h = hashlib.md5()
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        digest = h.hexdigest()
        result = {"lines": lines, "titles": WRITE_TITLES, "check": digest}
    else:
        if case.startswith(("ours", "lazy", "checked", "validate")):
            import cnab as _c
            reg = _c.default_registry()
            for lid in ((L240, L400) if case.startswith("validate") else
                        (L240 if case.endswith("240") else L400,)):
                reg.codecs(reg.layout(lid))
        t0 = time.perf_counter()
        lines, titles, check = CASES[case](path)
        secs = time.perf_counter() - t0
        result = {"lines": lines, "titles": titles, "check": check}
    result.update(secs=secs, rss_mb=peak_rss_mb())
    print(json.dumps(result))


REPEAT = 3


def run(case: str, path: str, size: int) -> dict:
    """The case in fresh processes, REPEAT times; the fastest run is kept (the machine is shared:
    the minimum is the run least disturbed by others), with the highest peak RSS seen."""
    best = None
    for _ in range(REPEAT):
        proc = subprocess.run([sys.executable, __file__, "--child", case, path],
                              capture_output=True, text=True)
        if proc.returncode:
            raise SystemExit(f"case {case} failed:\n{proc.stderr}")
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        if best is None or r["secs"] < best["secs"]:
            rss = max(r["rss_mb"], best["rss_mb"]) if best else r["rss_mb"]
            best = r
            best["rss_mb"] = rss
        else:
            best["rss_mb"] = max(best["rss_mb"], r["rss_mb"])
    best["size"] = size
    return best


def row(label, r, base=None):
    lps = r["lines"] / r["secs"]
    mbs = r["size"] / r["secs"] / 1e6
    ratio = f"{lps / (base['lines'] / base['secs']):5.2f}x" if base else "     -"
    print(f"  {label:<44} {r['lines']:>9,} {r['secs']:7.3f} {lps:>11,.0f} {mbs:7.1f} "
          f"{r['rss_mb']:7.1f} {ratio}")
    return lps


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--child", nargs=2)
    ap.add_argument("--dir")
    ap.add_argument("--quick", action="store_true", help="files 10x smaller")
    ap.add_argument("--no-big", action="store_true", help="skip the largest-valid-file runs")
    ap.add_argument("--repeat", type=int, default=3, help="runs per case, fastest kept")
    args = ap.parse_args()
    if args.child:
        return child(*args.child)
    global REPEAT
    REPEAT = args.repeat
    scale = 10 if args.quick else 1
    tmp = Path(args.dir or tempfile.mkdtemp(prefix="cnab-bench-"))
    tmp.mkdir(parents=True, exist_ok=True)
    f240, f400 = tmp / "cob240.ret", tmp / "cob400.ret"
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus, files in {tmp}")
    gen240(str(f240), 100_000 // scale)
    gen400(str(f400), 200_000 // scale)
    s240, s400 = f240.stat().st_size, f400.stat().st_size
    hdr = f"  {'case':<44} {'lines':>9} {'op s':>7} {'lines/s':>11} {'MB/s':>7} {'RSS MB':>7} ratio"
    results = {}
    targets = []
    for fam, path, size in (("240", f240, s240), ("400", f400, s400)):
        print(f"\nCNAB {fam}: {path.name}, {size:,} bytes")
        print(hdr)
        a = run(f"hand{fam}", str(path), size)
        b = run(f"ours{fam}", str(path), size)
        c = run(f"lazy{fam}", str(path), size)
        k = run(f"checked{fam}", str(path), size)
        row("(a) hand-written decoder (streaming)", a)
        lb = row("(b) cnab.read strict, full decode + checks", b, a)
        row("(b2) lazy='checked', (b)'s checks, 4 read", k, a)
        lc = row("(c) cnab.read lazy, 2 fields per título", c, a)
        la = a["lines"] / a["secs"]
        same = a["check"] == b["check"] == k["check"] and a["titles"] == b["titles"] == \
            k["titles"]
        same_c = a["check"][1:3] == c["check"][1:3] and a["titles"] == c["titles"]
        print(f"  checksums: hand {a['check']}\n             ours {b['check']} "
              f"{'SAME' if same else 'DIFFERENT'}; lazy {c['check'][1:3]} "
              f"{'SAME' if same_c else 'DIFFERENT'}")
        targets += [(f"{fam} full decode >= 1.0x", lb / la, 1.0, same),
                    (f"{fam} lazy 2 fields >= 2.0x", lc / la, 2.0, same_c)]
        results[fam] = (a, b, c)
        for r in (a, b, c, k):
            targets.append((f"{fam} peak RSS <= 50 MB", r["rss_mb"], -50, True))
        v1, v2 = run("validate1", str(path), size), run("validate2", str(path), size)
        l1 = row("(e) cnab validate, 1 process", v1)
        l2 = row("(e) cnab validate --jobs 2, 2 processes", v2)
        print(f"  speed-up with 2 processes: {l2 / l1:.2f}x; reports "
              f"{'SAME' if v1['check'] == v2['check'] else 'DIFFERENT'} (RSS: this process)")
        targets.append((f"{fam} validate, 2 processes: speed-up > 1", l2 / l1, 1.0,
                        v1["check"] == v2["check"]))

    print(f"\nRemessa generation: FEBRABAN 240, {WRITE_TITLES:,} boletos (P+Q; one lote holds at "
          f"most 99,999 details)")
    print(hdr)
    wh = run("write_hand", str(tmp / "hand.rem"), 0)
    wo = run("write_ours", str(tmp / "ours.rem"), 0)
    wh["size"] = wo["size"] = (tmp / "ours.rem").stat().st_size
    lh = row("hand-written %-format writer", wh)
    lo = row("cnab Writer.lines", wo, wh)
    same_w = wh["check"] == wo["check"]
    print(f"  md5: hand {wh['check']} ours {wo['check']} {'SAME' if same_w else 'DIFFERENT'}")
    targets.append(("generation >= 1.0x", lo / lh, 1.0, same_w))
    targets.append(("writer peak RSS <= 50 MB", wo["rss_mb"], -50, True))

    if not args.no_big:
        print("\nLargest valid files (6-digit record counts), streaming, strict; a remessa 9x:")
        print(hdr)
        big240, big400 = tmp / "big240.ret", tmp / "big400.ret"
        gen240(str(big240), 499_978)  # 2 + 20 lotes * 2 + 2 * 499,978 = 999,998 records
        gen400(str(big400), 999_997)  # header + 999,997 details + trailer = 999,999
        for fam, path in (("240", big240), ("400", big400)):
            REPEAT = 1
            r = run(f"ours{fam}", str(path), path.stat().st_size)
            row(f"(b) cnab {fam}, {path.stat().st_size / 1e6:,.0f} MB", r)
            small = results[fam][1]["rss_mb"]
            print(f"      peak RSS {r['rss_mb']:.1f} MB vs {small:.1f} MB for the 1x file")
            targets.append((f"{fam} peak RSS <= 50 MB (largest file)", r["rss_mb"], -50, True))
            path.unlink()
        big_rem = tmp / "big.rem"
        r = run("write_ours_big", str(big_rem), 0)
        r["size"] = big_rem.stat().st_size
        row(f"cnab Writer.lines, {BIG_REMESSA * WRITE_TITLES:,} boletos", r)
        print(f"      peak RSS {r['rss_mb']:.1f} MB vs {wo['rss_mb']:.1f} MB for the 1x remessa")
        targets.append((f"writer peak RSS <= 50 MB ({BIG_REMESSA}x remessa)", r["rss_mb"], -50,
                        True))
        big_rem.unlink()

    print("\nTargets:")
    for name, value, goal, same in targets:
        ok = (value <= -goal) if goal < 0 else (value >= goal)
        shown = f"{value:.1f} MB" if goal < 0 else f"{value:.2f}x"
        print(f"  {'MET ' if ok and same else 'MISS'} {name:<40} {shown}"
              + ("" if same else "  (checksums differ!)"))


if __name__ == "__main__":
    main()
