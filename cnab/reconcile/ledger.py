"""The embedded SQLite ledger: accounts, boletos, remittances, returns, discharges, events.

Why SQLite: one file, transactional, nothing to run. Applying a return is ONE transaction
(BEGIN IMMEDIATE ... COMMIT): a crash or kill at any point leaves the ledger with the whole
file or none of it (SQLite's journal rolls an interrupted transaction back on next open).
Idempotency lives in the schema: returns.sha256 and discharges.identity are UNIQUE, so a file
or a título seen before is recognised and skipped. Money is TEXT holding a Decimal string
(never REAL); dates are ISO TEXT. The schema is versioned (schema_version) and migrated by
ordered, append-only MIGRATIONS.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path
from typing import IO

import attrs

from cnab.errors import LedgerError, Problem
from cnab.files.models import Beneficiary, Boleto
from cnab.files.reader import read
from cnab.files.writer import FileInfo, Writer
from cnab.reconcile.apply import Account, ApplyResult, BoletoState, apply_discharges, index_boletos
from cnab.reconcile.discharge import ReturnFile, our_number_key, read_return
from cnab.reconcile.events import jsonable, make_event, now_iso, write_lines

MIGRATIONS: list[tuple[int, str]] = [
    (1, """
    CREATE TABLE accounts (
        id INTEGER PRIMARY KEY,
        bank TEXT NOT NULL, document TEXT NOT NULL, agency TEXT NOT NULL DEFAULT '',
        account TEXT NOT NULL DEFAULT '', convenio TEXT NOT NULL DEFAULT '',
        name TEXT NOT NULL DEFAULT '', data TEXT NOT NULL DEFAULT '{}',
        UNIQUE (bank, document, agency, account, convenio)
    );
    CREATE TABLE remittances (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        layout TEXT NOT NULL, sequence INTEGER, name TEXT, sha256 TEXT NOT NULL,
        titles INTEGER NOT NULL, total TEXT NOT NULL, created_at TEXT NOT NULL
    );
    CREATE TABLE boletos (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        bank TEXT NOT NULL, our_number TEXT NOT NULL, our_number_key TEXT NOT NULL,
        document_number TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL, registration_status TEXT NOT NULL,
        amount TEXT, due_date TEXT, rebate TEXT,
        paid_amount TEXT, paid_at TEXT, credit_at TEXT,
        origin TEXT NOT NULL, remittance_id INTEGER REFERENCES remittances(id),
        data TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
        UNIQUE (account_id, our_number_key)
    );
    CREATE INDEX boletos_lookup ON boletos (bank, our_number_key);
    CREATE INDEX boletos_status ON boletos (status);
    CREATE TABLE remittance_lines (
        remittance_id INTEGER NOT NULL REFERENCES remittances(id),
        line INTEGER NOT NULL, record TEXT NOT NULL, boleto_id INTEGER REFERENCES boletos(id),
        raw TEXT NOT NULL,
        PRIMARY KEY (remittance_id, line)
    );
    CREATE TABLE returns (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE, name TEXT, layout TEXT NOT NULL, bank TEXT NOT NULL,
        titles INTEGER NOT NULL, discharges INTEGER NOT NULL, duplicates INTEGER NOT NULL,
        anomalies INTEGER NOT NULL, problems TEXT NOT NULL DEFAULT '[]',
        applied_at TEXT NOT NULL
    );
    CREATE TABLE discharges (
        id INTEGER PRIMARY KEY,
        return_id INTEGER NOT NULL REFERENCES returns(id),
        boleto_id INTEGER REFERENCES boletos(id),
        identity TEXT NOT NULL UNIQUE,
        bank TEXT NOT NULL, our_number TEXT NOT NULL, occurrence TEXT NOT NULL,
        category TEXT NOT NULL, kind TEXT NOT NULL, settles INTEGER NOT NULL,
        applied INTEGER NOT NULL, date_of_occurrence TEXT,
        amount TEXT, paid_amount TEXT, line INTEGER, record TEXT NOT NULL
    );
    CREATE INDEX discharges_boleto ON discharges (boleto_id);
    CREATE TABLE anomalies (
        id INTEGER PRIMARY KEY,
        return_id INTEGER NOT NULL REFERENCES returns(id),
        discharge_identity TEXT, kind TEXT NOT NULL, our_number TEXT, record TEXT NOT NULL
    );
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        event_code TEXT NOT NULL, occurred_at TEXT NOT NULL, payload TEXT NOT NULL
    );
    """),
]

SCHEMA_VERSION = MIGRATIONS[-1][0]


def _version(conn: sqlite3.Connection) -> int:
    exists = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND "
                          "name='schema_version'").fetchone()
    if not exists:
        return 0
    return conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0


def _migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema up to SCHEMA_VERSION; takes the write lock only when needed."""
    current = _version(conn)
    if current > SCHEMA_VERSION:
        raise LedgerError(Problem(
            rule="schema-newer", message=f"ledger schema {current} is newer than this "
                                         f"library ({SCHEMA_VERSION}); upgrade cnab"))
    if current == SCHEMA_VERSION:
        return current
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
        current = row[0] or 0
        if current > SCHEMA_VERSION:
            raise LedgerError(Problem(
                rule="schema-newer", message=f"ledger schema {current} is newer than this "
                                             f"library ({SCHEMA_VERSION}); upgrade cnab"))
        for version, script in MIGRATIONS:
            if version <= current:
                continue
            for statement in script.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return SCHEMA_VERSION


def _money(v) -> str | None:
    return None if v is None else str(Decimal(v))


def _dec(v) -> Decimal | None:
    return None if v is None else Decimal(v)


def _date(v) -> dt.date | None:
    return None if v is None else dt.date.fromisoformat(v)


def _iso(v) -> str | None:
    return None if v is None else v.isoformat()


class Ledger:
    """A reconciliation ledger in one SQLite file. Use as a context manager or close()."""

    def __init__(self, path: str | Path, *, registry=None, timeout: float = 30.0,
                 clock: Callable[[], dt.datetime] | None = None):
        self.path = str(path)
        self.registry = registry
        self.clock = clock
        try:
            self.conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.schema_version = _migrate(self.conn)
        except sqlite3.Error as exc:
            raise LedgerError(Problem(rule="ledger", file=self.path,
                                      message=f"cannot open the ledger: {exc}")) from exc

    # -- plumbing ----------------------------------------------------------------------------
    def close(self) -> None:
        self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _now(self) -> dt.datetime:
        return self.clock() if self.clock else dt.datetime.now().astimezone()

    def _begin(self):
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc):
                raise LedgerError(Problem(
                    rule="ledger-locked", file=self.path,
                    message=f"the ledger is busy in another process ({exc}); nothing was "
                            f"changed")) from exc
            raise LedgerError(Problem(
                rule="ledger-write", file=self.path,
                message=f"the ledger cannot be written ({exc}); nothing was changed")) from exc

    def _rollback(self, exc: BaseException) -> None:
        """Undo the open transaction; a database error becomes a LedgerError saying so."""
        try:
            self.conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass
        if isinstance(exc, sqlite3.Error):
            raise LedgerError(Problem(
                rule="ledger-write", file=self.path,
                message=f"the ledger cannot be written ({exc}); nothing was changed")) from exc

    def _account_id(self, beneficiary: Beneficiary) -> int:
        acc = Account.of(beneficiary)
        key = (acc.bank, acc.document, acc.agency, acc.account, acc.convenio)
        row = self.conn.execute(
            "SELECT id FROM accounts WHERE bank=? AND document=? AND agency=? AND account=? "
            "AND convenio=?", key).fetchone()
        if row:
            return row[0]
        data = json.dumps(jsonable(attrs.asdict(beneficiary)))
        cur = self.conn.execute(
            "INSERT INTO accounts (bank, document, agency, account, convenio, name, data) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)", (*key, beneficiary.name, data))
        return cur.lastrowid

    def _event(self, event: dict) -> None:
        self.conn.execute("INSERT INTO events (event_code, occurred_at, payload) VALUES (?,?,?)",
                          (event["event_code"], event["occurred_at"],
                           json.dumps(event, ensure_ascii=False)))

    # -- boletos -------------------------------------------------------------------------------
    def _insert_boleto(self, account_id, bank, boleto: Boleto, status, origin, remittance_id,
                       now) -> int:
        key = our_number_key(boleto.our_number)
        row = self.conn.execute("SELECT id, status FROM boletos WHERE account_id=? AND "
                                "our_number_key=?", (account_id, key)).fetchone()
        if row is not None:
            if row["status"] != "rejected":
                raise LedgerError(Problem(
                    rule="duplicate-boleto", field="our_number",
                    message=f"boleto {boleto.our_number!r} is already in the ledger "
                            f"({row['status']})"))
            # a rejected entry sent again starts over
            self.conn.execute(
                "UPDATE boletos SET status=?, registration_status='pending', amount=?, "
                "due_date=?, rebate=?, document_number=?, remittance_id=?, updated_at=? "
                "WHERE id=?", (status, _money(boleto.amount), _iso(boleto.due_date),
                               _money(boleto.rebate), boleto.document_number or "",
                               remittance_id, now, row["id"]))
            return row["id"]
        registration = "confirmed" if status not in ("opened", "rejected") else \
            ("rejected" if status == "rejected" else "pending")
        cur = self.conn.execute(
            "INSERT INTO boletos (account_id, bank, our_number, our_number_key, document_number,"
            " status, registration_status, amount, due_date, rebate, origin, remittance_id, "
            "data, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (account_id, bank, str(boleto.our_number).strip(), key,
             boleto.document_number or "", status, registration, _money(boleto.amount),
             _iso(boleto.due_date), _money(boleto.rebate), origin, remittance_id,
             json.dumps(jsonable({"payer": attrs.asdict(boleto.payer),
                                  "company_use": boleto.company_use})), now, now))
        return cur.lastrowid

    def record_remittance(self, beneficiary: Beneficiary, boletos: Iterable[Boleto],
                          layout: str, *, file: FileInfo | None = None, text: str | None = None,
                          name: str | None = None) -> dict:
        """Record a remessa we generate: its lines, and each entry (01) as an `opened` boleto.

        Renders it with Writer(layout) unless `text` (what the Writer produced) is given.
        Returns {"remittance_id", "text", "event"}; one transaction.
        """
        boletos = list(boletos)
        file = file or FileInfo()
        if text is None:
            text = Writer(layout, self.registry).render(beneficiary, boletos, file)
        data = text.encode("latin-1")
        titles = list(read(data, layout=layout, registry=self.registry))
        now_dt = self._now()
        now = now_dt.isoformat()
        total = sum((b.amount for b in boletos), Decimal(0))
        self._begin()
        try:
            account_id = self._account_id(beneficiary)
            cur = self.conn.execute(
                "INSERT INTO remittances (account_id, layout, sequence, name, sha256, titles, "
                "total, created_at) VALUES (?,?,?,?,?,?,?,?)",
                (account_id, layout, file.sequence, name, hashlib.sha256(data).hexdigest(),
                 len(boletos), str(total), now))
            rid = cur.lastrowid
            line_boleto: dict[int, int] = {}
            by_key = {our_number_key(b.our_number): b for b in boletos}
            for title in titles:
                view = title.view_of("our_number", "movement")
                ours = by_key.get(our_number_key(view["our_number"]))
                if ours is None:
                    continue
                if (view["movement"] or "01") == "01":
                    bid = self._insert_boleto(account_id, beneficiary.bank, ours, "opened",
                                              "remittance", rid, now)
                else:
                    row = self.conn.execute(
                        "SELECT id FROM boletos WHERE account_id=? AND our_number_key=?",
                        (account_id, our_number_key(ours.our_number))).fetchone()
                    bid = row[0] if row else None
                for ln in title.lines:
                    line_boleto[ln] = bid
            for number, line in enumerate(text.splitlines(), start=1):
                rec = self._record_name(line, titles, number)
                self.conn.execute(
                    "INSERT INTO remittance_lines (remittance_id, line, record, boleto_id, raw) "
                    "VALUES (?,?,?,?,?)", (rid, number, rec, line_boleto.get(number), line))
            event = make_event("remittance.processed", {
                "remittance_id": rid, "layout": layout, "bank": beneficiary.bank,
                "sequence": file.sequence, "titles": len(boletos), "total": total,
                "our_numbers": [b.our_number for b in boletos],
            }, {"status": [None, "opened"]}, occurred_at=now_iso(now_dt))
            self._event(event)
            self.conn.execute("COMMIT")
        except BaseException as exc:
            self._rollback(exc)
            raise
        return {"remittance_id": rid, "text": text, "event": event}

    @staticmethod
    def _record_name(line, titles, number) -> str:
        for t in titles:
            for r in t.records:
                if r.line == number:
                    return r.name
        return {"0": "header_arquivo", "1": "header_lote", "5": "trailer_lote",
                "9": "trailer_arquivo"}.get(line[7:8] if len(line) >= 240 else line[:1], "")

    def import_boletos(self, beneficiary: Beneficiary, boletos: Iterable[Boleto], *,
                       status: str = "registered") -> list[int]:
        """Bring boletos created elsewhere into the ledger (default: already registered)."""
        now = self._now().isoformat()
        self._begin()
        try:
            account_id = self._account_id(beneficiary)
            ids = [self._insert_boleto(account_id, beneficiary.bank, b, status, "import", None,
                                       now) for b in boletos]
            self.conn.execute("COMMIT")
        except BaseException as exc:
            self._rollback(exc)
            raise
        return ids

    def _state(self, row) -> BoletoState:
        acc = Account(bank=row["a_bank"], document=row["a_document"], agency=row["a_agency"],
                      account=row["a_account"], convenio=row["a_convenio"])
        return BoletoState(
            our_number=row["our_number"], bank=row["bank"], amount=_dec(row["amount"]),
            due_date=_date(row["due_date"]), status=row["status"],
            registration_status=row["registration_status"],
            document_number=row["document_number"], rebate=_dec(row["rebate"]),
            paid_amount=_dec(row["paid_amount"]), paid_at=_date(row["paid_at"]),
            credit_at=_date(row["credit_at"]), account=acc, id=row["id"])

    _SELECT = ("SELECT b.*, a.bank AS a_bank, a.document AS a_document, a.agency AS a_agency, "
               "a.account AS a_account, a.convenio AS a_convenio FROM boletos b "
               "JOIN accounts a ON a.id = b.account_id")

    def boletos(self, status: str | None = None, *, bank: str | None = None,
                our_number: str | None = None) -> list[BoletoState]:
        """Query boletos (by status, bank, nosso número), oldest first."""
        where, args = [], []
        if status is not None:
            where.append("b.status = ?")
            args.append(status)
        if bank is not None:
            where.append("b.bank = ?")
            args.append(bank)
        if our_number is not None:
            where.append("b.our_number_key = ?")
            args.append(our_number_key(our_number))
        sql = self._SELECT + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY b.id"
        return [self._state(r) for r in self.conn.execute(sql, args)]

    def boleto(self, our_number: str, bank: str | None = None) -> BoletoState | None:
        found = self.boletos(bank=bank, our_number=our_number)
        return found[0] if found else None

    # -- returns ---------------------------------------------------------------------------------
    def apply_return(self, source, *, name: str | None = None, layout=None,
                     accept_problems: bool = False,
                     on_discharge: Callable[[int, object], None] | None = None) -> ApplyResult:
        """Apply a return file (path or bytes) in one transaction; idempotent.

        A file whose reader reports errors is refused (LedgerError) unless accept_problems.
        `on_discharge(n, discharge)` is called after each stored discharge, inside the
        transaction (progress reporting).
        """
        ret = source if isinstance(source, ReturnFile) else read_return(
            source, name=name, layout=layout, registry=self.registry)
        blocking = [p for p in ret.errors if p.rule == "not-a-return" or not accept_problems]
        if blocking:
            raise LedgerError([Problem(rule="return-refused", file=ret.name,
                                       message="the return has errors; nothing applied")]
                              + blocking)
        now_dt = self._now()
        self._begin()
        try:
            result = self._apply_locked(ret, now_dt, on_discharge)
            self.conn.execute("COMMIT")
        except BaseException as exc:
            self._rollback(exc)
            raise
        return result

    def _apply_locked(self, ret: ReturnFile, now_dt, on_discharge) -> ApplyResult:
        row = self.conn.execute("SELECT id FROM returns WHERE sha256=?", (ret.sha256,)).fetchone()
        if row is not None:
            return ApplyResult(file=ret.name, sha256=ret.sha256, layout=ret.layout,
                               bank=ret.bank, duplicates=list(ret.discharges),
                               problems=list(ret.problems), already_applied=True,
                               return_id=row[0])
        keys = {d.key for d in ret.discharges}
        states = []
        for bank, key in keys:
            states += [self._state(r) for r in self.conn.execute(
                self._SELECT + " WHERE b.bank=? AND b.our_number_key=?", (bank, key))]
        identities = [d.identity for d in ret.discharges]
        seen = set()
        for i in range(0, len(identities), 500):
            chunk = identities[i:i + 500]
            seen.update(r[0] for r in self.conn.execute(
                f"SELECT identity FROM discharges WHERE identity IN "
                f"({','.join('?' * len(chunk))})", chunk))
        index = index_boletos(states)
        before = {id(s): s.values() for s in states}
        result = apply_discharges(index, ret, seen=seen, now=now_dt)
        now = now_dt.isoformat()
        cur = self.conn.execute(
            "INSERT INTO returns (sha256, name, layout, bank, titles, discharges, duplicates, "
            "anomalies, problems, applied_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (ret.sha256, ret.name, ret.layout, ret.bank, len(ret.discharges),
             len(result.discharges), len(result.duplicates), len(result.anomalies),
             json.dumps([p.as_dict() for p in ret.problems]), now))
        rid = result.return_id = cur.lastrowid
        for n, d in enumerate(result.discharges, start=1):
            boleto_id = self._boleto_id_for(index, d)
            self.conn.execute(
                "INSERT INTO discharges (return_id, boleto_id, identity, bank, our_number, "
                "occurrence, category, kind, settles, applied, date_of_occurrence, amount, "
                "paid_amount, line, record) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (rid, boleto_id, d.identity, d.bank, d.our_number, d.occurrence, d.category,
                 d.kind, int(d.settles), int(d.applied), _iso(d.date_of_occurrence),
                 _money(d.amount), _money(d.paid_amount), d.line,
                 json.dumps(d.as_dict(), ensure_ascii=False)))
            if on_discharge is not None:
                on_discharge(n, d)
        for a in result.anomalies:
            self.conn.execute(
                "INSERT INTO anomalies (return_id, discharge_identity, kind, our_number, record)"
                " VALUES (?,?,?,?,?)", (rid, a.identity, a.kind, a.our_number,
                                        json.dumps(a.as_dict(), ensure_ascii=False)))
        for s in states:
            if s.values() != before[id(s)]:
                self.conn.execute(
                    "UPDATE boletos SET status=?, registration_status=?, amount=?, due_date=?, "
                    "rebate=?, paid_amount=?, paid_at=?, credit_at=?, updated_at=? WHERE id=?",
                    (s.status, s.registration_status, _money(s.amount), _iso(s.due_date),
                     _money(s.rebate), _money(s.paid_amount), _iso(s.paid_at),
                     _iso(s.credit_at), now, s.id))
        for event in result.events:
            self._event(event)
        return result

    @staticmethod
    def _boleto_id_for(index, d):
        from cnab.reconcile.apply import find_boleto

        boleto, foreign = find_boleto(index, d)
        return None if boleto is None or foreign else boleto.id

    # -- reading back ------------------------------------------------------------------------------
    def discharges(self, our_number: str | None = None, *, return_id: int | None = None) -> list:
        """Stored discharge records (dicts: every field, raw lines and parsed fields)."""
        where, args = [], []
        if our_number is not None:
            where.append("our_number = ?")
            args.append(our_number)
        if return_id is not None:
            where.append("return_id = ?")
            args.append(return_id)
        sql = "SELECT record, applied FROM discharges" + \
              (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY id"
        return [json.loads(r[0]) for r in self.conn.execute(sql, args)]

    def anomalies(self, return_id: int | None = None) -> list[dict]:
        sql = "SELECT record FROM anomalies" + (" WHERE return_id = ?" if return_id else "") + \
              " ORDER BY id"
        return [json.loads(r[0]) for r in self.conn.execute(sql, (return_id,) if return_id
                                                            else ())]

    def returns(self) -> list[dict]:
        return [dict(r) for r in self.conn.execute("SELECT * FROM returns ORDER BY id")]

    def events(self, since: int = 0) -> list[dict]:
        """Events after id `since`, oldest first, each with its ledger `id`."""
        out = []
        for r in self.conn.execute("SELECT id, payload FROM events WHERE id > ? ORDER BY id",
                                   (since,)):
            out.append({"id": r[0], **json.loads(r[1])})
        return out

    def write_events(self, stream: IO[str], *, since: int = 0,
                     secret: str | bytes | None = None) -> int:
        """Write events after `since` as JSON lines (signed with `secret`); returns the last id
        written (pass it as `since` next time)."""
        events = self.events(since)
        write_lines(({k: v for k, v in e.items() if k != "id"} for e in events), stream, secret)
        return events[-1]["id"] if events else since

    def counts(self) -> dict:
        """Rows per table (a quick integrity view for tests and tooling)."""
        return {t: self.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("accounts", "boletos", "remittances", "remittance_lines", "returns",
                          "discharges", "anomalies", "events")}
