"""The orders a run creates: unique references, a ledger, and cancelling them at the end.

A sandbox account is shared and keeps its orders: earlier runs', other services', other shards'.
So a run assumes nothing about what the account holds, and it touches only its own orders:

- every ``orders/add`` reference the suite sends gets a suffix unique to this run (``-r<run><n>``),
  so a documented example or a short fuzzed reference never collides with an earlier order, and a
  replayed example creates a new order rather than meeting its own duplicate;
- ``orders/cancel`` with the account's key is sent only for an order this run created: any other
  reference (a fuzzed one, or one schemathesis picked up from ``orders/``) is replaced by a
  reference no order has, so the run never cancels an order it did not create;
- every order the run created and that can still be cancelled is cancelled at the end; the summary
  counts created, cancelled (during the run or at the end), removed by a simulator reset, and left
  (with the reason: not cancelable any more, gone, the target stopped answering, the deadline).
"""

from __future__ import annotations

import itertools
import secrets
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

from .facts import CANCELED, state_number
from .transport import TargetUnavailable

__all__ = ["CANCELED", "Cleanup", "Ledger", "cancel_created", "state_number"]

#: States in which an order is done: complete, canceled, sandbox processing done (FACTS.md).
TERMINAL: Final = frozenset({100, 500, 501})

Post = Callable[[str, dict[str, Any]], tuple[int, Any]]


class Ledger:
    """This run's orders: created, cancelled by the run, removed by a reset (thread-safe)."""

    def __init__(self, run_id: str | None = None) -> None:
        self.run_id = run_id or secrets.token_hex(3)
        self._numbers = itertools.count(1)
        self._lock = threading.Lock()
        self.open: dict[str, None] = {}
        self.created = 0
        self.cancelled_during_run = 0
        self.removed_by_reset = 0

    def unique(self, reference: str) -> str:
        """``reference`` made unique to this run and this call."""
        return f"{reference}-r{self.run_id}{next(self._numbers)}"

    def unknown(self) -> str:
        """A reference no order has (what replaces a cancel of an order the run did not create)."""
        return f"cloudcore-contract-none-{self.run_id}-{next(self._numbers)}"

    def add(self, reference: str) -> None:
        with self._lock:
            if reference not in self.open:
                self.open[reference] = None
                self.created += 1

    def owns(self, reference: object) -> bool:
        with self._lock:
            return isinstance(reference, str) and reference in self.open

    def cancelled(self, reference: str) -> None:
        with self._lock:
            if self.open.pop(reference, False) is None:
                self.cancelled_during_run += 1

    def reset(self) -> None:
        """The target forgot the accounts' orders (a simulator reset)."""
        with self._lock:
            self.removed_by_reset += len(self.open)
            self.open.clear()


@dataclass
class Cleanup:
    """What happened to the run's orders."""

    created: int = 0
    cancelled_during_run: int = 0
    cancelled_at_end: int = 0
    removed_by_reset: int = 0
    left: Counter[str] = field(default_factory=Counter)

    @property
    def cancelled(self) -> int:
        return self.cancelled_during_run + self.cancelled_at_end

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "cancelled": self.cancelled,
            "cancelled_during_run": self.cancelled_during_run,
            "cancelled_at_end": self.cancelled_at_end,
            "removed_by_reset": self.removed_by_reset,
            "left": sum(self.left.values()),
            "left_why": dict(self.left),
        }

    def line(self) -> str:
        left = sum(self.left.values())
        why = "; ".join(f"{count} {reason}" for reason, count in self.left.most_common())
        parts = [
            f"orders created: {self.created}",
            f"cancelled: {self.cancelled} "
            f"({self.cancelled_during_run} by the suite, {self.cancelled_at_end} at the end)",
        ]
        if self.removed_by_reset:
            parts.append(f"removed by simulator resets: {self.removed_by_reset}")
        parts.append(f"left: {left}" + (f" ({why})" if why else ""))
        return "; ".join(parts)


def cancel_created(ledger: Ledger, key: str, post: Post | None, *, unavailable: str | None = None) -> Cleanup:
    """Cancel every order of ``ledger`` that can still be cancelled; say what happened to each.

    ``post(path, body)`` sends through the run's transport (its rate, time bounds and deadline);
    ``unavailable`` is why the target cannot be asked any more (then nothing is sent).
    """
    report = Cleanup(ledger.created, ledger.cancelled_during_run, 0, ledger.removed_by_reset)
    for reference in list(ledger.open):
        if unavailable is not None or post is None:
            report.left[f"not cancelled: {unavailable or 'no target'}"] += 1
            continue
        try:
            report.left.update(_cancel_one(post, key, reference, report))
        except TargetUnavailable as exc:
            unavailable = exc.reason
            report.left[f"not cancelled: {unavailable}"] += 1
    return report


def _cancel_one(post: Post, key: str, reference: str, report: Cleanup) -> list[str]:
    """Cancel one order; the reason it is left, if it is (an empty list when it was cancelled)."""
    status, info = post("/orders/info", {"apikey": key, "reference": reference})
    if status == 410:
        return ["gone (orders/info answers 410)"]
    if status == 200 and isinstance(info, dict):
        state = state_number(info.get("state"))
        if state == CANCELED:
            report.cancelled_during_run += 1  # cancelled by a request the suite did not see answered 200
            return []
        if state in TERMINAL or info.get("is_cancelable") is False:
            return [f"not cancelable any more (state {info.get('state')})"]
    status, _ = post("/orders/cancel", {"apikey": key, "reference": reference})
    if status == 200:
        report.cancelled_at_end += 1
        return []
    if status == 409:
        return ["not cancelable any more (cancel answered 409)"]
    return [f"cancel answered {status}"]
