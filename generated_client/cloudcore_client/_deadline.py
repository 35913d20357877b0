# Copied verbatim from generator/runtime/_deadline.py by `nox -s generate`: edit that file, not this one.
"""The deadline of the call in progress, where code far below the engine can see it.

The engine sets it for the duration of a call (`until`); decoding checks it between batches of list
items, and the sync client's network streams (`_network.py`) cut every socket read and write to
what is left of it. A context variable, so that threads and asyncio tasks each see their own call.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

__all__ = ["DeadlinePassedError", "check", "remaining", "until"]

_STOP_AT: ContextVar[float | None] = ContextVar("cloudcore_stop_at", default=None)


class DeadlinePassedError(Exception):
    """Internal: the call's overall deadline passed; the engine raises `APITimeoutError` for it."""


@contextmanager
def until(stop_at: float | None) -> Iterator[None]:
    """Within this block, the call in progress must end by `stop_at` (`time.monotonic()`; None: no bound)."""
    token = _STOP_AT.set(stop_at)
    try:
        yield
    finally:
        _STOP_AT.reset(token)


def remaining() -> float | None:
    """Seconds left before the deadline of the call in progress (negative once passed), or None."""
    stop_at = _STOP_AT.get()
    return None if stop_at is None else stop_at - time.monotonic()


def check() -> None:
    """Raise `DeadlinePassedError` when the deadline of the call in progress has passed."""
    stop_at = _STOP_AT.get()
    if stop_at is not None and time.monotonic() >= stop_at:
        raise DeadlinePassedError
