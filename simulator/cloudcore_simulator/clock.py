"""Virtual clock: every time-based rule of the simulator reads this, never the wall clock.

Tests freeze it (speed 0) and move it forward explicitly, so order lifecycles, quote expiry and
log timestamps are deterministic; a demo can run it faster than real time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

__all__ = ["VirtualClock", "format_api_datetime", "format_iso"]


class VirtualClock:
    """Virtual UTC time in epoch seconds: ``start + elapsed_real * speed + advanced``."""

    def __init__(
        self,
        start: float | None = None,
        speed: float = 1.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if speed < 0:
            raise ValueError("speed must be >= 0")
        self._monotonic = monotonic
        self._start = time.time() if start is None else float(start)
        self._speed = float(speed)
        self._anchor = monotonic()
        self._advanced = 0.0
        self._lock = threading.Lock()

    @property
    def speed(self) -> float:
        """How many virtual seconds pass per real second (0 = frozen)."""
        return self._speed

    def now(self) -> float:
        """Current virtual time (epoch seconds, UTC)."""
        elapsed = (self._monotonic() - self._anchor) * self._speed
        return self._start + elapsed + self._advanced

    def advance(self, seconds: float) -> float:
        """Move virtual time forward (never backward, so nothing un-happens); return the new now."""
        if seconds < 0:
            raise ValueError("seconds must be >= 0")
        with self._lock:
            self._advanced += seconds
        return self.now()

    def set_speed(self, speed: float) -> None:
        """Change the speed without a jump in virtual time."""
        if speed < 0:
            raise ValueError("speed must be >= 0")
        with self._lock:
            current = self.now()
            self._start = current
            self._advanced = 0.0
            self._anchor = self._monotonic()
            self._speed = float(speed)

    def ensure_at_least(self, instant: float) -> None:
        """Jump forward to ``instant`` if the clock is behind it (used after a restart)."""
        with self._lock:
            lag = instant - self.now()
            if lag > 0:
                self._advanced += lag


def format_api_datetime(epoch: float) -> str:
    """The API's ``YYYY-MM-DD HH:MM:SS`` (UTC) form used by order_date and create_date."""
    return datetime.fromtimestamp(int(epoch), UTC).strftime("%Y-%m-%d %H:%M:%S")


def format_iso(epoch: float) -> str:
    """ISO 8601 with offset, as the quote's ``expire_date`` and webhook ``datetime``."""
    return datetime.fromtimestamp(int(epoch), UTC).isoformat()
