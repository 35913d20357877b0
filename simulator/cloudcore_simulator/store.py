"""Order and quote storage: in memory (default) or SQLite (``--db``), behind one interface.

Both stores are thread-safe and make "insert unless the reference exists" a single atomic step,
which is what makes concurrent ``orders/add`` calls lose and duplicate nothing. The SQLite store
commits (WAL, ``synchronous=FULL``) before ``insert_order`` returns, so a 201 is only ever sent
for an order that survives ``kill -9``. Lookups go through the ``(account, reference)`` key
(a dict or a unique index), so their cost does not grow with the number of stored orders.

Quotes are bounded: besides their 48-hour expiry, each account keeps at most
:data:`MAX_QUOTES_PER_ACCOUNT` quote hashes, the oldest evicted first (a quote answer holds one
hash per shipping choice). An evicted hash answers like an expired one.

A ``--db`` file that cannot be opened, is not a SQLite database or fails SQLite's quick integrity
check raises :class:`StoreError`, naming the file and the problem, before the simulator serves.
So does a file that is not the simulator's own: an empty (0-byte) file, an empty SQLite database or
one of another application (its ``application_id``, or tables of its own), unless ``create=True``
(``--create-db``) asks to start a simulator database in it; a missing file is always created.
One process at a time: the first to open a file holds an exclusive lock on ``PATH.lock``
(filelock) until it closes the store, and any other, in this process or another, gets a
:class:`StoreError` saying the file is in use.

Both stores note which orders were written (:class:`ChangeLog`), so the webhook emitter looks at
those and at its own schedule, never at every stored order, on each pass.
"""

from __future__ import annotations

import bisect
import dataclasses
import os
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Final, Protocol

import filelock

from .lifecycle import MAX_DURATION
from .model import Intervention, OrderRecord, QuoteRecord

__all__ = [
    "APPLICATION_ID",
    "MAX_QUOTES_PER_ACCOUNT",
    "MAX_TRACKED_CHANGES",
    "ChangeLog",
    "MemoryStore",
    "SQLiteStore",
    "Store",
    "StoreError",
    "open_store",
]

MAX_QUOTES_PER_ACCOUNT: Final = 2000
"""Quote hashes kept per account (each also expires 48 virtual hours after its quote)."""
MAX_TRACKED_CHANGES: Final = 10_000
"""Orders a :class:`ChangeLog` names between two looks; beyond, it says "look at everything"."""
APPLICATION_ID: Final = 0x43435349
"""SQLite's ``PRAGMA application_id`` of a simulator database ("CCSI")."""
_OWN_TABLES: Final = frozenset({"orders", "quotes", "webhook_outbox", "webhook_state"})


class StoreError(Exception):
    """The ``--db`` file cannot be used; the message names the file and the problem, on one line."""

    exit_code: Final = 4
    """The command line's exit status for it (argparse's own errors exit with 2)."""

    def __init__(self, path: str | Path, problem: object) -> None:
        self.path = Path(path)
        self.problem = " ".join(str(problem).split()) or type(problem).__name__
        super().__init__(f"cannot use the database file {str(self.path)!r}: {self.problem}")


class ChangeLog:
    """The orders written since the webhook emitter last looked, as ``(account, reference)`` keys.

    Bounded: past :data:`MAX_TRACKED_CHANGES` keys (or before the first look) :meth:`take` answers
    None, "look at everything", so a store without an emitter keeps nothing.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._keys: set[tuple[str, str]] | None = None

    def note(self, account: str, reference: str) -> None:
        """An order was inserted or changed."""
        with self._lock:
            if self._keys is not None:
                self._keys.add((account, reference))
                if len(self._keys) > MAX_TRACKED_CHANGES:
                    self._keys = None

    def take(self) -> set[tuple[str, str]] | None:
        """The keys noted since the last call, or None when they are not all known; starts anew."""
        with self._lock:
            keys, self._keys = self._keys, set()
        return keys


class Store(Protocol):
    """What the simulator needs from storage."""

    blocking: bool
    """True when calls may wait on disk: the app then runs them in a worker thread."""

    changes: ChangeLog
    """The orders written through this store since the webhook emitter last looked."""

    def insert_order(self, order: OrderRecord) -> bool:
        """Store ``order`` unless its account already has its reference; True if stored."""

    def bulk_insert(self, orders: Iterable[OrderRecord]) -> int:
        """Store many new orders at once (seeding for benchmarks and tests); returns the count."""

    def get_order(self, account: str, reference: str) -> OrderRecord | None:
        """The account's order with this reference, if any."""

    def list_orders(self, account: str) -> list[OrderRecord]:
        """All orders of the account, oldest first."""

    def intervene(self, account: str, reference: str, intervention: Intervention) -> bool:
        """Record a cancel or forced error unless the order already has one; True if recorded.

        One exception: a cancel of an order in a forced error state is recorded after the error
        (``Intervention.canceled_at``), once.
        """

    def orders_active_between(self, t0: float, t1: float) -> list[OrderRecord]:
        """Orders that can have timeline events in ``(t0, t1]`` (for webhook delivery)."""

    def insert_quotes(self, quotes: Iterable[QuoteRecord]) -> None:
        """Store quote hashes (re-storing an identical hash is harmless), evicting each account's
        oldest beyond :data:`MAX_QUOTES_PER_ACCOUNT`."""

    def get_quote(self, account: str, quote_hash: str) -> QuoteRecord | None:
        """The account's quote with this hash, expired or not."""

    def purge_quotes(self, before: float) -> None:
        """Forget quotes that expired before ``before``."""

    def valid_quotes(self, account: str, now: float) -> list[QuoteRecord]:
        """The account's quotes not yet expired at ``now``, newest first (for the web page)."""

    def latest_time(self) -> float:
        """The latest virtual instant recorded (so a restarted clock never goes back)."""

    def count_orders(self, account: str | None = None) -> int:
        """Number of stored orders of one account, or of all."""

    def reset(self, account: str | None = None) -> None:
        """Forget everything, or everything of one account."""

    def close(self) -> None:
        """Release resources."""


class MemoryStore:
    """Dicts under one lock; the fastest store, and the default."""

    blocking = False

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self.changes = ChangeLog()
        self._clear()

    def _clear(self) -> None:
        self._orders: dict[tuple[str, str], OrderRecord] = {}
        self._by_account: dict[str, list[str]] = {}
        self._created: list[tuple[float, str, str]] = []
        self._intervened: list[tuple[float, str, str]] = []
        self._quotes: dict[str, OrderedDict[str, QuoteRecord]] = {}  # account -> hash -> quote, oldest first
        self._latest = 0.0

    def insert_order(self, order: OrderRecord) -> bool:
        key = (order.account, order.reference)
        with self._lock:
            if key in self._orders:
                return False
            self._add(order)
            return True

    def _add(self, order: OrderRecord) -> None:
        self._orders[(order.account, order.reference)] = order
        self._by_account.setdefault(order.account, []).append(order.reference)
        entry = (order.created_at, order.account, order.reference)
        if not self._created or entry >= self._created[-1]:
            self._created.append(entry)
        else:
            bisect.insort(self._created, entry)
        self._latest = max(self._latest, order.created_at)
        self.changes.note(order.account, order.reference)

    def bulk_insert(self, orders: Iterable[OrderRecord]) -> int:
        count = 0
        with self._lock:
            for order in orders:
                if (order.account, order.reference) not in self._orders:
                    self._add(order)
                    count += 1
        return count

    def get_order(self, account: str, reference: str) -> OrderRecord | None:
        return self._orders.get((account, reference))

    def list_orders(self, account: str) -> list[OrderRecord]:
        with self._lock:
            refs = list(self._by_account.get(account, ()))
            return [self._orders[(account, ref)] for ref in refs]

    def intervene(self, account: str, reference: str, intervention: Intervention) -> bool:
        key = (account, reference)
        with self._lock:
            order = self._orders.get(key)
            if order is None:
                return False
            current = order.intervention
            if current is not None:
                if not current.cancelable_after(intervention):
                    return False
                intervention = dataclasses.replace(current, canceled_at=intervention.at)
            at = intervention.at if intervention.canceled_at is None else intervention.canceled_at
            self._orders[key] = dataclasses.replace(order, intervention=intervention)
            bisect.insort(self._intervened, (at, account, reference))
            self._latest = max(self._latest, at)
            self.changes.note(account, reference)
            return True

    def orders_active_between(self, t0: float, t1: float) -> list[OrderRecord]:
        with self._lock:
            lo = bisect.bisect_left(self._created, (t0 - MAX_DURATION,))
            hi = bisect.bisect_right(self._created, (t1, "\U0010ffff"))
            keys = {(a, r) for _, a, r in self._created[lo:hi]}
            start = bisect.bisect_left(self._intervened, (t0,))
            keys.update((a, r) for _, a, r in self._intervened[start:])
            return [self._orders[key] for key in sorted(keys, key=lambda k: self._orders[k].created_at)]

    def insert_quotes(self, quotes: Iterable[QuoteRecord]) -> None:
        with self._lock:
            for quote in quotes:
                kept = self._quotes.setdefault(quote.account, OrderedDict())
                kept[quote.hash] = quote
                kept.move_to_end(quote.hash)  # a re-stored hash counts as new
                while len(kept) > MAX_QUOTES_PER_ACCOUNT:
                    kept.popitem(last=False)
                self._latest = max(self._latest, quote.created_at)

    def get_quote(self, account: str, quote_hash: str) -> QuoteRecord | None:
        with self._lock:
            kept = self._quotes.get(account)
            return None if kept is None else kept.get(quote_hash)

    def purge_quotes(self, before: float) -> None:
        with self._lock:
            for kept in self._quotes.values():
                for quote_hash in [h for h, quote in kept.items() if quote.expires_at < before]:
                    del kept[quote_hash]

    def valid_quotes(self, account: str, now: float) -> list[QuoteRecord]:
        with self._lock:
            quotes = [q for q in self._quotes.get(account, {}).values() if q.expires_at >= now]
        return sorted(quotes, key=lambda q: (-q.created_at, q.hash))

    def latest_time(self) -> float:
        return self._latest

    def count_orders(self, account: str | None = None) -> int:
        if account is None:
            return len(self._orders)
        return len(self._by_account.get(account, ()))

    def reset(self, account: str | None = None) -> None:
        with self._lock:
            if account is None:
                self._clear()
                return
            for ref in self._by_account.pop(account, []):
                del self._orders[(account, ref)]
            self._created = [e for e in self._created if e[1] != account]
            self._intervened = [e for e in self._intervened if e[1] != account]
            self._quotes.pop(account, None)

    def close(self) -> None:
        """Nothing to release."""


_SCHEMA = """
CREATE TABLE IF NOT EXISTS orders (
    account TEXT NOT NULL,
    reference TEXT NOT NULL,
    created_at REAL NOT NULL,
    payload BLOB NOT NULL,
    int_kind TEXT,
    int_at REAL,
    int_state INTEGER,
    int_cancel_at REAL,
    UNIQUE (account, reference)
);
CREATE INDEX IF NOT EXISTS orders_created ON orders (created_at);
CREATE INDEX IF NOT EXISTS orders_intervened ON orders (int_at) WHERE int_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS quotes (
    account TEXT NOT NULL,
    hash TEXT NOT NULL,
    created_at REAL NOT NULL,
    expires_at REAL NOT NULL,
    payload BLOB NOT NULL,
    PRIMARY KEY (account, hash)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS quotes_expiry ON quotes (expires_at);
CREATE INDEX IF NOT EXISTS quotes_age ON quotes (account, created_at);
"""
_EVICT_QUOTES = (
    "DELETE FROM quotes WHERE account = ?1 AND hash IN (SELECT hash FROM quotes WHERE account = ?1"
    " ORDER BY created_at DESC, hash DESC LIMIT -1 OFFSET ?2)"
)

_SELECT_ORDERS = (
    "SELECT account, reference, created_at, payload, int_kind, int_at, int_state, int_cancel_at FROM orders"
)
_INSERT_ORDER = (
    "INSERT OR IGNORE INTO orders (account, reference, created_at, payload, int_kind, int_at, int_state)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)"
)
_Row = tuple[str, str, float, bytes, str | None, float | None, int | None]
_StoredRow = tuple[str, str, float, bytes, str | None, float | None, int | None, float | None]


def _order_from_row(row: _StoredRow) -> OrderRecord:
    account, reference, created_at, payload, kind, at, state, canceled_at = row
    intervention = None
    if kind in ("cancel", "error") and at is not None and state is not None:
        intervention = Intervention("cancel" if kind == "cancel" else "error", at, state, canceled_at)
    return OrderRecord.from_payload(account, reference, created_at, payload, intervention)


def _order_row(order: OrderRecord) -> _Row:
    return (order.account, order.reference, order.created_at, order.payload(), None, None, None)


def _add_cancel_column(db: sqlite3.Connection) -> None:
    """Give a database file from before cancels of failed orders its ``int_cancel_at`` column."""
    columns = {str(row[1]) for row in db.execute("PRAGMA table_info(orders)").fetchall()}
    if "int_cancel_at" not in columns:
        db.execute("ALTER TABLE orders ADD COLUMN int_cancel_at REAL")
    db.execute("CREATE INDEX IF NOT EXISTS orders_canceled ON orders (int_cancel_at) WHERE int_cancel_at IS NOT NULL")


def connect_durable(path: str | Path) -> sqlite3.Connection:
    """An autocommit connection whose committed writes survive a kill -9 (WAL, synchronous=FULL)."""
    db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("PRAGMA busy_timeout=5000")
    return db


_CREATE_HINT: Final = "pass --create-db (create_app(..., create_db=True)) to start a simulator database in it"


def _refuse_foreign(path: str | Path) -> None:
    """StoreError unless the existing file is the simulator's own; read only, so a refused file is left as it was."""
    db = sqlite3.connect(Path(path).absolute().as_uri() + "?mode=ro", uri=True)
    try:
        application = int(db.execute("PRAGMA application_id").fetchone()[0])
        tables = {str(row[0]) for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        db.close()
    if application == APPLICATION_ID:
        return
    if application != 0:
        raise StoreError(path, f"the file is another application's (application_id {application}); {_CREATE_HINT}")
    if "orders" in tables and tables <= _OWN_TABLES:
        return  # written by an earlier simulator, before it stamped its files
    if not tables:
        raise StoreError(path, f"the file holds no simulator data (an empty database); {_CREATE_HINT}")
    shown = ", ".join(sorted(tables - _OWN_TABLES)[:5])
    raise StoreError(path, f"the file holds another application's tables ({shown}); {_CREATE_HINT}")


def open_checked(path: str | Path, schema: str, *, verify: bool = True, create: bool = False) -> sqlite3.Connection:
    """A durable connection to ``path`` with ``schema`` applied, after SQLite's quick integrity check.

    Any failure (unreadable, not a database, damaged, read-only) raises :class:`StoreError`, and
    so does a file that is not a simulator database (0 bytes, an empty or another application's
    database) unless ``create``. ``verify=False`` skips these checks (the integrity check reads
    the whole file, about 0.6 s per 200,000 orders) for further connections to a checked file.
    """
    db: sqlite3.Connection | None = None
    try:
        if verify and not create and os.path.isfile(path):
            if os.path.getsize(path) == 0:
                raise StoreError(path, f"the file is empty (0 bytes), not a simulator database; {_CREATE_HINT}")
            _refuse_foreign(path)
        db = connect_durable(path)
        if not verify:
            db.executescript(schema)
            return db
        page_size = int(db.execute("PRAGMA page_size").fetchone()[0])
        size = os.path.getsize(path)
        if size % page_size:  # SQLite reads a cut page as zeros and only fails later, mid-request
            raise StoreError(path, f"damaged database: {size} bytes is not a whole number of {page_size}-byte pages")
        problems = [str(row[0]) for row in db.execute("PRAGMA quick_check(3)").fetchall()]
        if problems != ["ok"]:
            raise StoreError(path, "damaged database: " + "; ".join(problems))
        db.executescript(schema)
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    except (sqlite3.Error, OSError) as exc:
        if db is not None:
            db.close()
        raise StoreError(path, exc) from exc
    except StoreError:
        if db is not None:
            db.close()
        raise
    return db


def lock_file(path: str | Path) -> filelock.BaseFileLock:
    """The lock of a ``--db`` file, held: ``PATH.lock``; StoreError when another simulator holds it."""
    if not Path(path).parent.is_dir():  # filelock would create the folder; a mistyped path should fail
        raise StoreError(path, "unable to open database file: its folder does not exist")
    lock = filelock.FileLock(f"{path}.lock", thread_local=False)  # released by the lifespan, in another thread
    try:
        lock.acquire(timeout=0)
    except filelock.Timeout:
        raise StoreError(path, f"another simulator uses it (it holds {path}.lock); stop that one first") from None
    except OSError as exc:
        raise StoreError(path, f"cannot lock {path}.lock: {exc.strerror or exc}") from exc
    return lock


class SQLiteStore:
    """One SQLite file in WAL mode; every write is committed before the call returns.

    ``verify=True`` (the simulator's own store): lock the file for this process, check it, refuse a
    file that is not a simulator database unless ``create``. ``verify=False``: one more connection
    to a file another store of this process has opened that way.
    """

    blocking = True

    def __init__(self, path: str | Path, *, verify: bool = True, create: bool = False) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self.changes = ChangeLog()
        self._file_lock = lock_file(path) if verify else None
        try:
            self._db = open_checked(path, _SCHEMA, verify=verify, create=create)
        except BaseException:
            if self._file_lock is not None:
                self._file_lock.release()
            raise
        try:
            _add_cancel_column(self._db)
        except sqlite3.Error as exc:
            self._db.close()
            if self._file_lock is not None:
                self._file_lock.release()
            raise StoreError(path, exc) from exc

    def insert_order(self, order: OrderRecord) -> bool:
        with self._lock:
            cursor = self._db.execute(_INSERT_ORDER, _order_row(order))
            inserted = cursor.rowcount == 1
        if inserted:
            self.changes.note(order.account, order.reference)
        return inserted

    def bulk_insert(self, orders: Iterable[OrderRecord]) -> int:
        with self._lock:
            before = self._db.total_changes
            self._db.execute("BEGIN")
            try:
                self._db.executemany(_INSERT_ORDER, self._noted_rows(orders))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            return self._db.total_changes - before

    def _noted_rows(self, orders: Iterable[OrderRecord]) -> Iterator[_Row]:
        for order in orders:
            self.changes.note(order.account, order.reference)
            yield _order_row(order)

    def get_order(self, account: str, reference: str) -> OrderRecord | None:
        with self._lock:
            row = self._db.execute(
                _SELECT_ORDERS + " WHERE account = ? AND reference = ?", (account, reference)
            ).fetchone()
        return None if row is None else _order_from_row(row)

    def list_orders(self, account: str) -> list[OrderRecord]:
        with self._lock:
            rows = self._db.execute(_SELECT_ORDERS + " WHERE account = ? ORDER BY rowid", (account,)).fetchall()
        return [_order_from_row(row) for row in rows]

    def intervene(self, account: str, reference: str, intervention: Intervention) -> bool:
        with self._lock:
            cursor = self._db.execute(
                "UPDATE orders SET int_kind = ?, int_at = ?, int_state = ?"
                " WHERE account = ? AND reference = ? AND int_kind IS NULL",
                (intervention.kind, intervention.at, intervention.state, account, reference),
            )
            if cursor.rowcount == 0 and intervention.kind == "cancel":
                cursor = self._db.execute(
                    "UPDATE orders SET int_cancel_at = ?"
                    " WHERE account = ? AND reference = ? AND int_kind = 'error' AND int_cancel_at IS NULL",
                    (intervention.at, account, reference),
                )
            changed = cursor.rowcount == 1
        if changed:
            self.changes.note(account, reference)
        return changed

    def orders_active_between(self, t0: float, t1: float) -> list[OrderRecord]:
        with self._lock:
            rows = self._db.execute(
                _SELECT_ORDERS
                + " WHERE created_at BETWEEN ? AND ? UNION "
                + _SELECT_ORDERS
                + " WHERE int_at >= ? OR int_cancel_at >= ? ORDER BY created_at",
                (t0 - MAX_DURATION, t1, t0, t0),
            ).fetchall()
        return [_order_from_row(row) for row in rows]

    def insert_quotes(self, quotes: Iterable[QuoteRecord]) -> None:
        rows = [(q.account, q.hash, q.created_at, q.expires_at, q.payload()) for q in quotes]
        with self._lock:
            self._db.execute("BEGIN")
            try:
                self._db.executemany("INSERT OR REPLACE INTO quotes VALUES (?, ?, ?, ?, ?)", rows)
                for account in {row[0] for row in rows}:
                    self._db.execute(_EVICT_QUOTES, (account, MAX_QUOTES_PER_ACCOUNT))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def get_quote(self, account: str, quote_hash: str) -> QuoteRecord | None:
        with self._lock:
            row = self._db.execute(
                "SELECT created_at, expires_at, payload FROM quotes WHERE account = ? AND hash = ?",
                (account, quote_hash),
            ).fetchone()
        if row is None:
            return None
        return QuoteRecord.from_payload(quote_hash, account, row[0], row[1], row[2])

    def purge_quotes(self, before: float) -> None:
        with self._lock:
            self._db.execute("DELETE FROM quotes WHERE expires_at < ?", (before,))

    def valid_quotes(self, account: str, now: float) -> list[QuoteRecord]:
        with self._lock:
            rows = self._db.execute(
                "SELECT hash, created_at, expires_at, payload FROM quotes WHERE account = ? AND expires_at >= ?"
                " ORDER BY created_at DESC, hash",
                (account, now),
            ).fetchall()
        return [QuoteRecord.from_payload(row[0], account, row[1], row[2], row[3]) for row in rows]

    def latest_time(self) -> float:
        with self._lock:
            row = self._db.execute(
                "SELECT max(coalesce((SELECT max(created_at) FROM orders), 0),"
                " coalesce((SELECT max(int_at) FROM orders), 0),"
                " coalesce((SELECT max(int_cancel_at) FROM orders), 0),"
                " coalesce((SELECT max(created_at) FROM quotes), 0))"
            ).fetchone()
        return float(row[0])

    def count_orders(self, account: str | None = None) -> int:
        with self._lock:
            if account is None:
                return int(self._db.execute("SELECT count(*) FROM orders").fetchone()[0])
            return int(self._db.execute("SELECT count(*) FROM orders WHERE account = ?", (account,)).fetchone()[0])

    def reset(self, account: str | None = None) -> None:
        with self._lock:
            self._db.execute("BEGIN")
            if account is None:
                self._db.execute("DELETE FROM orders")
                self._db.execute("DELETE FROM quotes")
            else:
                self._db.execute("DELETE FROM orders WHERE account = ?", (account,))
                self._db.execute("DELETE FROM quotes WHERE account = ?", (account,))
            self._db.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            self._db.close()
            if self._file_lock is not None:
                self._file_lock.release()


def open_store(db_path: str | Path | None, *, create: bool = False) -> Store:
    """The SQLite store for a path (``create``: see :class:`SQLiteStore`), the memory store for None."""
    return MemoryStore() if db_path is None else SQLiteStore(db_path, create=create)
