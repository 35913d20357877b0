"""The webhook outbox: signals waiting to be delivered, and the emitter's cursor, in one place.

Two implementations behind one interface, like the order store: in memory (default) or in the
simulator's SQLite file (``--db``; tables ``webhook_outbox`` and ``webhook_state``, its own
connection, WAL, ``synchronous=FULL``). :meth:`Outbox.append` adds the signals found up to a
virtual instant and moves the cursor to that instant in one transaction, so after a crash either
both happened or neither did: a signal is never skipped, and one found twice is dropped by its key.

Entries never hold the webhook key (the sender adds it to each request), so neither does the file.
Delivered entries are pruned once the cursor has passed their instant (their key can no longer be
found again); failed entries are kept, for ``GET /_simulator/webhooks``.
"""

from __future__ import annotations

import heapq
import threading
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from .store import open_checked

__all__ = [
    "Delivery",
    "EntryStatus",
    "MemoryOutbox",
    "Outbox",
    "OutboxEntry",
    "Outcome",
    "SQLiteOutbox",
    "open_outbox",
]


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
        """Pending entries due at wall-clock ``now``, each the oldest pending entry of its order."""

    def next_due(self) -> float | None:
        """The wall-clock time at which the next such entry is due (None when nothing is pending)."""

    def record(self, delivery: Delivery, outcome: Outcome, next_at: float, status: int | None, error: str) -> None:
        """Store an attempt's outcome (``next_at`` matters for a retry only)."""

    def counts(self, account: str | None = None) -> dict[str, int]:
        """``pending``, ``delivered`` (ever) and ``failed`` entries, of one account or of all."""

    def forget(self, account: str | None) -> None:
        """Drop the entries of one account, or of all (``/_simulator/reset``); the cursor stays."""

    def entries(self, account: str) -> list[EntryStatus]:
        """The account's kept entries, oldest first (delivered ones until they are pruned)."""

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


class MemoryOutbox:
    """Dicts and per-order queues under one lock; gone when the process ends."""

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
        self._keys: dict[str, int] = {}
        self._queues: dict[tuple[str, str], deque[int]] = {}  # pending ids per order, oldest first
        self._prunable: list[tuple[float, int]] = []  # (at, id) of delivered rows, a heap

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
                self._keys[entry.key] = row.id
                self._queues.setdefault((entry.account, entry.order_reference), deque()).append(row.id)
                added += 1
            self._cursor = cursor
            while self._prunable and self._prunable[0][0] < cursor:
                _, row_id = heapq.heappop(self._prunable)
                pruned = self._rows.pop(row_id, None)
                if pruned is not None:
                    del self._keys[pruned.entry.key]
        return added

    def _heads(self) -> list[_Row]:
        return [self._rows[queue[0]] for queue in self._queues.values()]

    def due(self, now: float, limit: int) -> list[Delivery]:
        with self._lock:
            heads = sorted((row for row in self._heads() if row.next_at <= now), key=lambda row: row.id)
            return [
                Delivery(row.id, row.entry.account, row.entry.order_reference, row.entry.payload, row.attempts)
                for row in heads[:limit]
            ]

    def next_due(self) -> float | None:
        with self._lock:
            return min((row.next_at for row in self._heads()), default=None)

    def record(self, delivery: Delivery, outcome: Outcome, next_at: float, status: int | None, error: str) -> None:
        with self._lock:
            row = self._rows.get(delivery.id)
            if row is None or row.state is not None:
                return  # forgotten by a reset meanwhile
            row.attempts = delivery.attempts + 1
            row.next_at = next_at
            row.last_status, row.last_error = status, error
            if outcome is Outcome.RETRY:
                return
            row.state = outcome
            order = (row.entry.account, row.entry.order_reference)
            queue = self._queues[order]
            queue.remove(row.id)
            if not queue:
                del self._queues[order]
            if outcome is Outcome.DELIVERED:
                self._delivered[row.entry.account] = self._delivered.get(row.entry.account, 0) + 1
                heapq.heappush(self._prunable, (row.entry.at, row.id))

    def counts(self, account: str | None = None) -> dict[str, int]:
        with self._lock:
            pending = sum(len(queue) for order, queue in self._queues.items() if account in (None, order[0]))
            failed = sum(
                1 for row in self._rows.values() if row.state is Outcome.FAILED and account in (None, row.entry.account)
            )
            delivered = sum(self._delivered.values()) if account is None else self._delivered.get(account, 0)
            return {"pending": pending, "delivered": delivered, "failed": failed}

    def forget(self, account: str | None) -> None:
        with self._lock:
            if account is None:
                self._clear()
                return
            for row_id in [i for i, row in self._rows.items() if row.entry.account == account]:
                row = self._rows.pop(row_id)
                del self._keys[row.entry.key]
            for order in [order for order in self._queues if order[0] == account]:
                del self._queues[order]

    def entries(self, account: str) -> list[EntryStatus]:
        with self._lock:
            return [
                EntryStatus(
                    row.entry.order_reference,
                    row.entry.at,
                    row.entry.payload,
                    str(row.state or "pending"),
                    row.attempts,
                    row.next_at,
                    row.last_status,
                    row.last_error,
                )
                for row in sorted(self._rows.values(), key=lambda row: row.id)
                if row.entry.account == account
            ]

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
CREATE INDEX IF NOT EXISTS webhook_outbox_delivered ON webhook_outbox (at) WHERE state = 'delivered';
CREATE TABLE IF NOT EXISTS webhook_state (name TEXT PRIMARY KEY, value REAL NOT NULL) WITHOUT ROWID;
"""
_HEADS = (
    "SELECT o.id, o.account, o.order_reference, o.payload, o.attempts, o.next_at FROM webhook_outbox o"
    " JOIN (SELECT min(id) AS id FROM webhook_outbox WHERE state = 'pending' GROUP BY account, order_reference) h"
    " ON o.id = h.id"
)
_NEXT_DUE = (
    "SELECT min(o.next_at) FROM webhook_outbox o"
    " JOIN (SELECT min(id) AS id FROM webhook_outbox WHERE state = 'pending' GROUP BY account, order_reference) h"
    " ON o.id = h.id"
)
_DELIVERED_PREFIX = "delivered:"  # + account: that account's delivered count
_SET_STATE = "INSERT INTO webhook_state VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value"


class SQLiteOutbox:
    """The outbox in the simulator's SQLite file, on a connection of its own."""

    blocking = True

    def __init__(self, path: str | Path) -> None:
        self._lock = threading.Lock()
        self._db = open_checked(path, _SCHEMA, verify=False)  # the store's connection checked the file

    def cursor(self) -> float | None:
        with self._lock:
            row = self._db.execute("SELECT value FROM webhook_state WHERE name = 'cursor'").fetchone()
        return None if row is None else float(row[0])

    def set_cursor(self, at: float) -> None:
        with self._lock:
            self._db.execute(_SET_STATE, ("cursor", at))
            self._db.execute("INSERT OR IGNORE INTO webhook_state VALUES ('origin', ?)", (at,))

    def origin(self) -> float | None:
        with self._lock:
            row = self._db.execute("SELECT value FROM webhook_state WHERE name = 'origin'").fetchone()
        return None if row is None else float(row[0])

    def append(self, entries: Sequence[OutboxEntry], cursor: float) -> int:
        rows = [(e.key, e.account, e.order_reference, e.at, e.payload) for e in entries]
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                before = self._db.total_changes
                self._db.executemany(
                    "INSERT OR IGNORE INTO webhook_outbox (key, account, order_reference, at, payload)"
                    " VALUES (?, ?, ?, ?, ?)",
                    rows,
                )
                added = self._db.total_changes - before
                self._db.execute(_SET_STATE, ("cursor", cursor))
                self._db.execute("DELETE FROM webhook_outbox WHERE state = 'delivered' AND at < ?", (cursor,))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return added

    def due(self, now: float, limit: int) -> list[Delivery]:
        with self._lock:
            rows = self._db.execute(_HEADS + " WHERE o.next_at <= ? ORDER BY o.id LIMIT ?", (now, limit)).fetchall()
        return [Delivery(row[0], row[1], row[2], row[3], row[4]) for row in rows]

    def next_due(self) -> float | None:
        with self._lock:
            row = self._db.execute(_NEXT_DUE).fetchone()
        return None if row is None or row[0] is None else float(row[0])

    def record(self, delivery: Delivery, outcome: Outcome, next_at: float, status: int | None, error: str) -> None:
        state = "pending" if outcome is Outcome.RETRY else str(outcome)
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                updated = self._db.execute(
                    "UPDATE webhook_outbox SET state = ?, attempts = ?, next_at = ?, last_status = ?, last_error = ?"
                    " WHERE id = ? AND state = 'pending'",
                    (state, delivery.attempts + 1, next_at, status, error, delivery.id),
                ).rowcount
                if updated and outcome is Outcome.DELIVERED:
                    for name in ("delivered", _DELIVERED_PREFIX + delivery.account):
                        self._db.execute(
                            "INSERT INTO webhook_state VALUES (?, 1)"
                            " ON CONFLICT (name) DO UPDATE SET value = value + 1",
                            (name,),
                        )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def counts(self, account: str | None = None) -> dict[str, int]:
        name = "delivered" if account is None else _DELIVERED_PREFIX + account
        with self._lock:
            by_state = dict(
                self._db.execute(
                    "SELECT state, count(*) FROM webhook_outbox WHERE ?1 IS NULL OR account = ?1 GROUP BY state",
                    (account,),
                ).fetchall()
            )
            row = self._db.execute("SELECT value FROM webhook_state WHERE name = ?", (name,)).fetchone()
        delivered = 0 if row is None else int(row[0])
        return {"pending": by_state.get("pending", 0), "delivered": delivered, "failed": by_state.get("failed", 0)}

    def forget(self, account: str | None) -> None:
        with self._lock:
            if account is None:
                self._db.execute("DELETE FROM webhook_outbox")
            else:
                self._db.execute("DELETE FROM webhook_outbox WHERE account = ?", (account,))

    def entries(self, account: str) -> list[EntryStatus]:
        with self._lock:
            rows = self._db.execute(
                "SELECT order_reference, at, payload, state, attempts, next_at, last_status, last_error"
                " FROM webhook_outbox WHERE account = ? ORDER BY id",
                (account,),
            ).fetchall()
        return [EntryStatus(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7] or "") for r in rows]

    def close(self) -> None:
        with self._lock:
            self._db.close()


def open_outbox(db_path: str | Path | None) -> Outbox:
    """The SQLite outbox in the simulator's file for a path, the memory outbox for None."""
    return MemoryOutbox() if db_path is None else SQLiteOutbox(db_path)
