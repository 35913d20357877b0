"""The webhook outbox: signals waiting to be delivered, and the emitter's cursor, in one place.

Two implementations behind one interface, like the order store: in memory (default) or in the
simulator's SQLite file (``--db``; tables ``webhook_outbox`` and ``webhook_state``, its own
connection, WAL, ``synchronous=FULL``). :meth:`Outbox.append` adds the signals found up to a
virtual instant and moves the cursor to that instant in one transaction, so after a crash either
both happened or neither did: a signal is never skipped, and one found twice is dropped by its key.

Entries never hold the webhook key (the sender adds it to each request), so neither does the file.

Cost. Each order's oldest pending entry (its *head*) is the only one that can be sent; heads are
kept ordered by when they are due (a heap in memory, a partial index in SQLite), so
:meth:`Outbox.due` and :meth:`Outbox.next_due` cost O(due + log pending), however many entries
wait for their retry.

Retention, per account (the bounds are :data:`MAX_FAILED_KEPT` and :data:`MAX_DELIVERED_KEPT`):

- A delivered entry's record is pruned as soon as the cursor has passed its instant (its key
  can no longer be found again); before that, at most :data:`MAX_DELIVERED_KEPT` keep their
  details and older ones are reduced to their key.
- A failed entry's record is kept for the page and ``GET /_simulator/webhooks``; only the newest
  :data:`MAX_FAILED_KEPT` are, and older ones are *dropped*: counted (``dropped``), remembered
  as the latest instant dropped (:meth:`Outbox.dropped_until`), and reduced to their key until
  the cursor passes their instant.

A key stays until the cursor has passed its entry's instant because the emitter looks at that
instant again (a write may stamp it later on a frozen clock), and must not queue it twice.
"""

from __future__ import annotations

import heapq
import sqlite3
import threading
from collections import OrderedDict, deque
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Final, Protocol

from .store import open_checked

__all__ = [
    "MAX_DELIVERED_KEPT",
    "MAX_FAILED_KEPT",
    "Delivery",
    "EntryStatus",
    "MemoryOutbox",
    "Outbox",
    "OutboxEntry",
    "Outcome",
    "SQLiteOutbox",
    "open_outbox",
]

MAX_FAILED_KEPT: Final = 1000
"""Failed entries whose record each account keeps (the newest); older ones are dropped and counted."""
MAX_DELIVERED_KEPT: Final = 1000
"""Delivered entries whose details each account keeps until the cursor passes them (the newest)."""


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    """A signal to deliver: ``key`` identifies it (the same signal found twice has the same key)."""

    key: str
    account: str
    order_reference: str
    at: float  # the signal's virtual instant
    payload: bytes  # the JSON body without ``apikey``


@dataclass(frozen=True, slots=True)
class Delivery:
    """A pending entry handed to the sender; ``attempts`` counts the tries so far."""

    id: int
    account: str
    order_reference: str
    payload: bytes
    attempts: int


@dataclass(frozen=True, slots=True)
class EntryStatus:
    """One kept entry as the web page shows it: ``state`` is pending, delivered or failed.

    ``next_at`` is the wall-clock time of the next try (pending entries that were tried already).
    """

    order_reference: str
    at: float
    payload: bytes
    state: str
    attempts: int
    next_at: float
    last_status: int | None
    last_error: str


class Outcome(StrEnum):
    """What became of one delivery attempt."""

    DELIVERED = "delivered"
    RETRY = "retry"
    FAILED = "failed"


class Outbox(Protocol):
    """What the webhook emitter needs from storage."""

    blocking: bool
    """True when calls may wait on disk: the emitter then runs them in a worker thread."""

    def cursor(self) -> float | None:
        """The virtual instant up to which signals have been appended (None before the first run)."""

    def set_cursor(self, at: float) -> None:
        """Set the cursor (the emitter's start, when there is none yet); the first one is also the origin."""

    def origin(self) -> float | None:
        """The virtual instant webhooks were first switched on: signals due before it were never sent."""

    def append(self, entries: Sequence[OutboxEntry], cursor: float) -> int:
        """In one transaction: add the entries whose key is new, move the cursor; returns the count added."""

    def due(self, now: float, limit: int) -> list[Delivery]:
        """Heads due at wall-clock ``now``, the earliest due first, at most ``limit``: O(limit + log n)."""

    def next_due(self) -> float | None:
        """The wall-clock time at which the next head is due (None when nothing is pending)."""

    def record(self, delivery: Delivery, outcome: Outcome, next_at: float, status: int | None, error: str) -> bool:
        """Store an attempt's outcome (``next_at`` matters for a retry only); False if the entry is gone."""

    def counts(self, account: str | None = None) -> dict[str, int]:
        """``pending``, ``delivered`` (ever), ``failed`` and ``dropped`` (since the last reset), of one account or all.

        ``failed`` counts every signal that failed; ``dropped``, those of them whose record was dropped.
        """

    def dropped_until(self, account: str) -> float | None:
        """The latest virtual instant of the account's failed entries whose record was dropped, if any."""

    def forget(self, account: str | None) -> None:
        """Drop the entries of one account, or of all (``/_simulator/reset``); the cursor stays."""

    def entries(self, account: str) -> list[EntryStatus]:
        """The account's kept entries, oldest first."""

    def close(self) -> None:
        """Release resources."""


@dataclass(slots=True)
class _Row:
    entry: OutboxEntry
    id: int
    state: Outcome | None = None  # None while pending
    attempts: int = 0
    next_at: float = 0.0
    last_status: int | None = None
    last_error: str = ""

    def status(self) -> EntryStatus:
        entry = self.entry
        state = str(self.state or "pending")
        return EntryStatus(
            entry.order_reference, entry.at, entry.payload, state, self.attempts, self.next_at, self.last_status,
            self.last_error,
        )  # fmt: skip


@dataclass(slots=True)
class _Account:
    """One account's bookkeeping: kept records by age, and its counters."""

    pending: int = 0
    failed: int = 0
    dropped: int = 0
    dropped_until: float | None = None
    failed_kept: OrderedDict[int, None] | None = None
    delivered_kept: OrderedDict[int, None] | None = None


class MemoryOutbox:
    """Dicts, per-order queues and heaps under one lock; gone when the process ends."""

    blocking = False

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cursor: float | None = None
        self._origin: float | None = None
        self._next_id = 1
        self._delivered: dict[str, int] = {}  # per account, ever
        self._clear()

    def _clear(self) -> None:
        self._rows: dict[int, _Row] = {}
        self._keys: dict[str, tuple[int, str]] = {}  # key -> (row id, account); the row may be dropped
        self._queues: dict[tuple[str, str], deque[int]] = {}  # pending ids per order, oldest first
        self._ready: list[tuple[float, int]] = []  # (next_at, id) of heads, a heap; stale entries skipped
        self._expiring: list[tuple[float, str]] = []  # (at, key): forget the key once the cursor passes at
        self._accounts: dict[str, _Account] = {}

    def _account(self, account: str) -> _Account:
        found = self._accounts.get(account)
        if found is None:
            found = self._accounts[account] = _Account(failed_kept=OrderedDict(), delivered_kept=OrderedDict())
        return found

    def cursor(self) -> float | None:
        return self._cursor

    def set_cursor(self, at: float) -> None:
        with self._lock:
            self._cursor = at
            if self._origin is None:
                self._origin = at

    def origin(self) -> float | None:
        return self._origin

    def append(self, entries: Sequence[OutboxEntry], cursor: float) -> int:
        added = 0
        with self._lock:
            for entry in entries:
                if entry.key in self._keys:
                    continue
                row = _Row(entry, self._next_id)
                self._next_id += 1
                self._rows[row.id] = row
                self._keys[entry.key] = (row.id, entry.account)
                queue = self._queues.setdefault((entry.account, entry.order_reference), deque())
                queue.append(row.id)
                if len(queue) == 1:
                    heapq.heappush(self._ready, (row.next_at, row.id))
                self._account(entry.account).pending += 1
                added += 1
            self._cursor = cursor
            while self._expiring and self._expiring[0][0] < cursor:
                _, key = heapq.heappop(self._expiring)
                self._forget_key(key)
        return added

    def _forget_key(self, key: str) -> None:
        """The cursor passed the key's instant: forget it, and the delivered record still kept for it."""
        found = self._keys.pop(key, None)
        if found is None:
            return
        row = self._rows.get(found[0])
        if row is not None and row.state is Outcome.DELIVERED:
            del self._rows[row.id]
            kept = self._account(row.entry.account).delivered_kept
            if kept is not None:
                kept.pop(row.id, None)

    def _is_head(self, row: _Row | None, next_at: float) -> bool:
        if row is None or row.state is not None or row.next_at != next_at:
            return False
        queue = self._queues.get((row.entry.account, row.entry.order_reference))
        return queue is not None and queue[0] == row.id

    def due(self, now: float, limit: int) -> list[Delivery]:
        with self._lock:
            taken: list[tuple[float, int]] = []
            while self._ready and len(taken) < limit:
                next_at, row_id = self._ready[0]
                if not self._is_head(self._rows.get(row_id), next_at):
                    heapq.heappop(self._ready)  # stale: tried again, finished, or forgotten
                    continue
                if next_at > now:
                    break
                taken.append(heapq.heappop(self._ready))
            for item in taken:
                heapq.heappush(self._ready, item)  # still heads until their outcome is recorded
            rows = [self._rows[row_id] for _, row_id in taken]
            return [Delivery(r.id, r.entry.account, r.entry.order_reference, r.entry.payload, r.attempts) for r in rows]

    def next_due(self) -> float | None:
        with self._lock:
            while self._ready:
                next_at, row_id = self._ready[0]
                if self._is_head(self._rows.get(row_id), next_at):
                    return next_at
                heapq.heappop(self._ready)
            return None

    def record(self, delivery: Delivery, outcome: Outcome, next_at: float, status: int | None, error: str) -> bool:
        with self._lock:
            row = self._rows.get(delivery.id)
            if row is None or row.state is not None:
                return False  # forgotten by a reset meanwhile
            row.attempts = delivery.attempts + 1
            row.next_at = next_at
            row.last_status, row.last_error = status, error
            if outcome is Outcome.RETRY:
                heapq.heappush(self._ready, (next_at, row.id))
                return True
            row.state = outcome
            entry = row.entry
            order = (entry.account, entry.order_reference)
            queue = self._queues[order]
            queue.popleft()  # the head: only heads are handed out
            if queue:
                head = self._rows[queue[0]]
                heapq.heappush(self._ready, (head.next_at, head.id))
            else:
                del self._queues[order]
            account = self._account(entry.account)
            account.pending -= 1
            if outcome is Outcome.DELIVERED:
                self._delivered[entry.account] = self._delivered.get(entry.account, 0) + 1
                self._keep(row, account.delivered_kept, MAX_DELIVERED_KEPT, None)
            else:
                account.failed += 1
                self._keep(row, account.failed_kept, MAX_FAILED_KEPT, account)
            return True

    def _keep(self, row: _Row, kept: OrderedDict[int, None] | None, limit: int, counted: _Account | None) -> None:
        """Keep a finished row's record within ``limit`` per account; ``counted``: count what is dropped."""
        cursor = self._cursor if self._cursor is not None else float("-inf")
        if row.state is Outcome.DELIVERED and row.entry.at < cursor:
            self._keys.pop(row.entry.key, None)  # the cursor passed it: nothing to remember
            del self._rows[row.id]
            return
        if row.state is Outcome.DELIVERED:
            heapq.heappush(self._expiring, (row.entry.at, row.entry.key))
        assert kept is not None
        kept[row.id] = None
        while len(kept) > limit:
            old_id, _ = kept.popitem(last=False)
            old = self._rows.pop(old_id)
            if counted is not None:
                counted.dropped += 1
                if counted.dropped_until is None or old.entry.at > counted.dropped_until:
                    counted.dropped_until = old.entry.at
                if old.entry.at < cursor:
                    self._keys.pop(old.entry.key, None)
                else:
                    heapq.heappush(self._expiring, (old.entry.at, old.entry.key))

    def counts(self, account: str | None = None) -> dict[str, int]:
        with self._lock:
            chosen = list(self._accounts.values()) if account is None else [self._account(account)]
            delivered = sum(self._delivered.values()) if account is None else self._delivered.get(account, 0)
            return {
                "pending": sum(a.pending for a in chosen),
                "delivered": delivered,
                "failed": sum(a.failed for a in chosen),
                "dropped": sum(a.dropped for a in chosen),
            }

    def dropped_until(self, account: str) -> float | None:
        with self._lock:
            found = self._accounts.get(account)
            return None if found is None else found.dropped_until

    def forget(self, account: str | None) -> None:
        with self._lock:
            if account is None:
                self._clear()
                return
            for row_id in [i for i, row in self._rows.items() if row.entry.account == account]:
                del self._rows[row_id]
            for key in [key for key, (_, owner) in self._keys.items() if owner == account]:
                del self._keys[key]
            for order in [order for order in self._queues if order[0] == account]:
                del self._queues[order]
            self._accounts.pop(account, None)

    def entries(self, account: str) -> list[EntryStatus]:
        with self._lock:
            rows = [row for row in self._rows.values() if row.entry.account == account]
            return [row.status() for row in sorted(rows, key=lambda row: row.id)]

    def close(self) -> None:
        """Nothing to release."""


_SCHEMA = """
CREATE TABLE IF NOT EXISTS webhook_outbox (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    account TEXT NOT NULL,
    order_reference TEXT NOT NULL,
    at REAL NOT NULL,
    payload BLOB NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at REAL NOT NULL DEFAULT 0,
    last_status INTEGER,
    last_error TEXT
);
CREATE INDEX IF NOT EXISTS webhook_outbox_pending
    ON webhook_outbox (account, order_reference, id) WHERE state = 'pending';
DROP INDEX IF EXISTS webhook_outbox_delivered;
CREATE INDEX IF NOT EXISTS webhook_outbox_prunable ON webhook_outbox (at) WHERE state IN ('delivered', 'dropped');
CREATE INDEX IF NOT EXISTS webhook_outbox_failed ON webhook_outbox (account, id) WHERE state = 'failed';
CREATE INDEX IF NOT EXISTS webhook_outbox_kept ON webhook_outbox (account, id) WHERE state = 'delivered';
CREATE TABLE IF NOT EXISTS webhook_state (name TEXT PRIMARY KEY, value REAL NOT NULL) WITHOUT ROWID;
"""
# `head` marks each order's oldest pending entry; added to files written before it existed.
_HEAD_COLUMN = "ALTER TABLE webhook_outbox ADD COLUMN head INTEGER NOT NULL DEFAULT 0"
_HEAD_INDEX = "CREATE INDEX IF NOT EXISTS webhook_outbox_ready ON webhook_outbox (next_at, id) WHERE head = 1"
_MARK_HEADS = (
    "UPDATE webhook_outbox SET head = 1 WHERE id IN"
    " (SELECT min(id) FROM webhook_outbox WHERE state = 'pending' GROUP BY account, order_reference)"
)
_PROMOTE = (
    "UPDATE webhook_outbox SET head = 1 WHERE id ="
    " (SELECT min(id) FROM webhook_outbox WHERE account = ? AND order_reference = ? AND state = 'pending')"
)
_DUE = (
    "SELECT id, account, order_reference, payload, attempts FROM webhook_outbox"
    " WHERE head = 1 AND next_at <= ? ORDER BY next_at, id LIMIT ?"
)
_NEXT_DUE = "SELECT next_at FROM webhook_outbox WHERE head = 1 ORDER BY next_at, id LIMIT 1"
_BEYOND_KEPT = "SELECT id, at FROM webhook_outbox WHERE account = ? AND state = ? ORDER BY id DESC LIMIT -1 OFFSET ?"
_SET_STATE = "INSERT INTO webhook_state VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value"
_ADD_STATE = "INSERT INTO webhook_state VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = value + excluded.value"
_MAX_STATE = (
    "INSERT INTO webhook_state VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = max(value, excluded.value)"
)
# Counters in webhook_state, + account: delivered (ever), failed and dropped (since the last reset).
_DELIVERED, _FAILED, _DROPPED, _DROPPED_UNTIL = "delivered:", "failed:", "dropped:", "dropped_until:"


class SQLiteOutbox:
    """The outbox in the simulator's SQLite file, on a connection of its own."""

    blocking = True

    def __init__(self, path: str | Path) -> None:
        self._lock = threading.Lock()
        self._db = open_checked(path, _SCHEMA, verify=False)  # the store's connection checked the file
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(webhook_outbox)")}
        self._db.execute("BEGIN IMMEDIATE")
        try:
            if "head" not in columns:
                self._db.execute(_HEAD_COLUMN)
            self._db.execute("UPDATE webhook_outbox SET head = 0 WHERE head = 1")
            self._db.execute(_MARK_HEADS)
            self._db.execute(_HEAD_INDEX)
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)

    def _state(self, name: str) -> float | None:
        row = self._db.execute("SELECT value FROM webhook_state WHERE name = ?", (name,)).fetchone()
        return None if row is None else float(row[0])

    def cursor(self) -> float | None:
        with self._lock:
            return self._state("cursor")

    def set_cursor(self, at: float) -> None:
        with self._lock:
            self._db.execute(_SET_STATE, ("cursor", at))
            self._db.execute("INSERT OR IGNORE INTO webhook_state VALUES ('origin', ?)", (at,))

    def origin(self) -> float | None:
        with self._lock:
            return self._state("origin")

    def append(self, entries: Sequence[OutboxEntry], cursor: float) -> int:
        rows = [(e.key, e.account, e.order_reference, e.at, e.payload) for e in entries]
        orders = {(e.account, e.order_reference) for e in entries}
        with self._lock, self._transaction():
            before = self._db.total_changes
            self._db.executemany(
                "INSERT OR IGNORE INTO webhook_outbox (key, account, order_reference, at, payload)"
                " VALUES (?, ?, ?, ?, ?)",
                rows,
            )
            added = self._db.total_changes - before
            for order in orders:  # the head is the oldest pending entry: the one it had, or a new one
                self._db.execute(_PROMOTE, order)
            self._db.execute(_SET_STATE, ("cursor", cursor))
            self._db.execute("DELETE FROM webhook_outbox WHERE state IN ('delivered', 'dropped') AND at < ?", (cursor,))
        return added

    def due(self, now: float, limit: int) -> list[Delivery]:
        with self._lock:
            rows = self._db.execute(_DUE, (now, limit)).fetchall()
        return [Delivery(row[0], row[1], row[2], row[3], row[4]) for row in rows]

    def next_due(self) -> float | None:
        with self._lock:
            row = self._db.execute(_NEXT_DUE).fetchone()
        return None if row is None else float(row[0])

    def record(self, delivery: Delivery, outcome: Outcome, next_at: float, status: int | None, error: str) -> bool:
        state = "pending" if outcome is Outcome.RETRY else str(outcome)
        account = delivery.account
        with self._lock, self._transaction():
            found = self._db.execute(
                "SELECT at FROM webhook_outbox WHERE id = ? AND state = 'pending'", (delivery.id,)
            ).fetchone()
            if found is None:
                return False  # forgotten by a reset meanwhile
            self._db.execute(
                "UPDATE webhook_outbox SET state = ?, attempts = ?, next_at = ?, last_status = ?, last_error = ?,"
                " head = ? WHERE id = ?",
                (state, delivery.attempts + 1, next_at, status, error, int(outcome is Outcome.RETRY), delivery.id),
            )
            if outcome is Outcome.RETRY:
                return True
            self._db.execute(_PROMOTE, (account, delivery.order_reference))
            cursor = self._state("cursor")
            passed = cursor is not None and float(found[0]) < cursor
            if outcome is Outcome.DELIVERED:
                for name in ("delivered", _DELIVERED + account):
                    self._db.execute(_ADD_STATE, (name, 1))
                if passed:  # the cursor passed it: nothing to remember
                    self._db.execute("DELETE FROM webhook_outbox WHERE id = ?", (delivery.id,))
                else:
                    self._drop_beyond(account, "delivered", MAX_DELIVERED_KEPT, cursor, counted=False)
            else:
                self._db.execute(_ADD_STATE, (_FAILED + account, 1))
                self._drop_beyond(account, "failed", MAX_FAILED_KEPT, cursor, counted=True)
        return True

    def _drop_beyond(self, account: str, state: str, limit: int, cursor: float | None, *, counted: bool) -> None:
        """Reduce the account's records in ``state`` beyond the newest ``limit`` to their key (or delete them)."""
        for row_id, at in self._db.execute(_BEYOND_KEPT, (account, state, limit)).fetchall():
            if cursor is not None and at < cursor:
                self._db.execute("DELETE FROM webhook_outbox WHERE id = ?", (row_id,))
            else:
                self._db.execute("UPDATE webhook_outbox SET state = 'dropped', payload = x'' WHERE id = ?", (row_id,))
            if counted:
                self._db.execute(_ADD_STATE, (_DROPPED + account, 1))
                self._db.execute(_MAX_STATE, (_DROPPED_UNTIL + account, at))

    def counts(self, account: str | None = None) -> dict[str, int]:
        with self._lock:
            if account is None:
                pending = self._db.execute("SELECT count(*) FROM webhook_outbox WHERE state = 'pending'").fetchone()
                sums = dict(
                    self._db.execute(
                        "SELECT substr(name, 1, instr(name, ':')), sum(value) FROM webhook_state"
                        " WHERE name LIKE 'failed:%' OR name LIKE 'dropped:%' GROUP BY 1"
                    ).fetchall()
                )
                delivered = self._state("delivered")
                failed, dropped = sums.get(_FAILED), sums.get(_DROPPED)
            else:
                pending = self._db.execute(
                    "SELECT count(*) FROM webhook_outbox WHERE account = ? AND state = 'pending'", (account,)
                ).fetchone()
                delivered = self._state(_DELIVERED + account)
                failed, dropped = self._state(_FAILED + account), self._state(_DROPPED + account)
        return {
            "pending": int(pending[0]),
            "delivered": int(delivered or 0),
            "failed": int(failed or 0),
            "dropped": int(dropped or 0),
        }

    def dropped_until(self, account: str) -> float | None:
        with self._lock:
            return self._state(_DROPPED_UNTIL + account)

    def forget(self, account: str | None) -> None:
        counters = (_FAILED, _DROPPED, _DROPPED_UNTIL)
        with self._lock, self._transaction():
            if account is None:
                self._db.execute("DELETE FROM webhook_outbox")
                for prefix in counters:
                    self._db.execute("DELETE FROM webhook_state WHERE name LIKE ?", (prefix + "%",))
            else:
                self._db.execute("DELETE FROM webhook_outbox WHERE account = ?", (account,))
                for prefix in counters:
                    self._db.execute("DELETE FROM webhook_state WHERE name = ?", (prefix + account,))

    def entries(self, account: str) -> list[EntryStatus]:
        with self._lock:
            rows = self._db.execute(
                "SELECT order_reference, at, payload, state, attempts, next_at, last_status, last_error"
                " FROM webhook_outbox WHERE account = ? AND state != 'dropped' ORDER BY id",
                (account,),
            ).fetchall()
        return [EntryStatus(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7] or "") for r in rows]

    def close(self) -> None:
        with self._lock:
            self._db.close()


class _Transaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``, or ``ROLLBACK`` on any exception (the caller holds the lock)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        self._db.execute("ROLLBACK" if exc_type is not None else "COMMIT")


def open_outbox(db_path: str | Path | None) -> Outbox:
    """The SQLite outbox in the simulator's file for a path, the memory outbox for None."""
    return MemoryOutbox() if db_path is None else SQLiteOutbox(db_path)
