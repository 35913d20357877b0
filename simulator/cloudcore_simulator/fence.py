"""The write fence: up to which virtual instant the webhook emitter may trust what it reads.

A write (``orders/add``, ``orders/cancel``, a forced error) reads the virtual clock and then
stores something stamped with that instant; a cancel's signals are due at the very instant of
the cancel. If the emitter scanned up to "now" while such a write was between its clock read and
its commit, it would advance its cursor past signals it never saw, and they would be lost.

So writers take their ``now`` from :meth:`WriteFence.writing`, which registers it until the write
is done, and the emitter asks :meth:`WriteFence.horizon` for ``min(now, oldest write in flight)``.
Every write not yet registered will read a time ``>=`` that horizon. The emitter rescans the
horizon instant itself on its next pass (a write may stamp exactly that instant when the clock is
frozen) and drops the events it already has, by key. The cost on the request path is one
uncontended lock acquisition before and after each write.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from .clock import VirtualClock

__all__ = ["WriteFence"]


class WriteFence:
    """Tracks writes in flight by the virtual instant they read; see the module docstring."""

    def __init__(self, clock: VirtualClock) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._ids = itertools.count()
        self._inflight: dict[int, float] = {}
        self._generation = 0

    @contextmanager
    def writing(self) -> Iterator[float]:
        """Read the virtual clock for a write; the instant stays registered until the block ends."""
        with self._lock:
            now = self._clock.now()
            token = next(self._ids)
            self._inflight[token] = now
        try:
            yield now
        finally:
            with self._lock:
                del self._inflight[token]
                self._generation += 1

    def horizon(self) -> tuple[float, int]:
        """``(instant, generation)``: every write stamped before ``instant`` is visible in the store.

        ``generation`` counts finished writes, so a caller can tell that nothing changed since its
        last look at the same instant (a frozen clock).
        """
        with self._lock:
            now = self._clock.now()
            if self._inflight:
                now = min(now, *self._inflight.values())
            return now, self._generation
