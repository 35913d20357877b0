"""Virtual clock: every time-based rule of the simulator reads this, never the wall clock.

Tests freeze it (speed 0) and move it forward explicitly, so order lifecycles, quote expiry and
log timestamps are deterministic; a demo can run it faster than real time.

Its range is bounded so that every instant it can reach is a date the API can print: the clock
stays within ``[1970-01-01, 9000-01-01]`` UTC (:data:`EARLIEST`, :data:`LATEST`), the speed within
``[0, 1,000,000]`` (:data:`MAX_SPEED`). Out-of-range or non-finite arguments raise
:class:`ClockRangeError` (a ``ValueError``) and change nothing; the formatting functions clamp
whatever they get, so even a stored instant from elsewhere never breaks an answer.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Final

__all__ = [
    "EARLIEST",
    "LATEST",
    "MAX_SPEED",
    "ClockRangeError",
    "VirtualClock",
    "check_advance",
    "check_speed",
    "format_api_datetime",
    "format_iso",
]

EARLIEST: Final = 0.0
"""1970-01-01T00:00:00Z, the earliest virtual instant."""
LATEST: Final = 221_845_392_000.0
"""9000-01-01T00:00:00Z, the latest virtual instant (timelines and quote expiry stay printable)."""
MAX_SPEED: Final = 1_000_000.0
"""Fastest clock: a virtual day in under 0.1 real seconds."""


class ClockRangeError(ValueError):
    """A clock argument that is not a finite number within the documented range."""


def _finite(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ClockRangeError(f"{name} must be a number")
    try:
        number = float(value)
    except OverflowError as exc:  # an int beyond float range
        raise ClockRangeError(f"{name} must be a finite number") from exc
    if not math.isfinite(number):
        raise ClockRangeError(f"{name} must be a finite number")
    return number


def check_speed(value: object) -> float:
    """``value`` as a speed: a finite number in ``[0, MAX_SPEED]``."""
    speed = _finite(value, "speed")
    if not 0 <= speed <= MAX_SPEED:
        raise ClockRangeError(f"speed must be between 0 and {MAX_SPEED:.0f}")
    return speed


def check_advance(value: object, now: float) -> float:
    """``value`` as seconds to advance from ``now``: finite, >= 0, not past :data:`LATEST`."""
    seconds = _finite(value, "seconds")
    if seconds < 0:
        raise ClockRangeError("seconds must be >= 0 (the clock never goes back)")
    if now + seconds > LATEST:
        raise ClockRangeError(
            f"seconds must be at most {math.floor(LATEST - now)}: the clock never passes {format_iso(LATEST)}"
        )
    return seconds


def _clamp(epoch: float) -> float:
    if math.isnan(epoch):
        return EARLIEST
    return min(LATEST, max(EARLIEST, epoch))


class VirtualClock:
    """Virtual UTC time in epoch seconds: ``start + elapsed_real * speed + advanced``, within range."""

    def __init__(
        self,
        start: float | None = None,
        speed: float = 1.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._monotonic = monotonic
        begin = time.time() if start is None else _finite(start, "start")
        if not EARLIEST <= begin <= LATEST:
            raise ClockRangeError(f"start must be between {format_iso(EARLIEST)} and {format_iso(LATEST)}")
        self._start = begin
        self._speed = check_speed(speed)
        self._anchor = monotonic()
        self._advanced = 0.0
        self._lock = threading.Lock()

    @property
    def speed(self) -> float:
        """How many virtual seconds pass per real second (0 = frozen)."""
        return self._speed

    def now(self) -> float:
        """Current virtual time (epoch seconds, UTC); it stops at :data:`LATEST`."""
        elapsed = (self._monotonic() - self._anchor) * self._speed
        return min(LATEST, self._start + elapsed + self._advanced)

    def advance(self, seconds: float) -> float:
        """Move virtual time forward (never backward, so nothing un-happens); return the new now."""
        with self._lock:
            self._advanced += check_advance(seconds, self.now())
        return self.now()

    def set_speed(self, speed: float) -> None:
        """Change the speed without a jump in virtual time."""
        value = check_speed(speed)
        with self._lock:
            current = self.now()
            self._start = current
            self._advanced = 0.0
            self._anchor = self._monotonic()
            self._speed = value

    def ensure_at_least(self, instant: float) -> None:
        """Jump forward to ``instant`` if the clock is behind it (used after a restart)."""
        with self._lock:
            lag = _clamp(instant) - self.now()
            if lag > 0:
                self._advanced += lag


def format_api_datetime(epoch: float) -> str:
    """The API's ``YYYY-MM-DD HH:MM:SS`` (UTC) form used by order_date and create_date."""
    return datetime.fromtimestamp(int(_clamp(epoch)), UTC).strftime("%Y-%m-%d %H:%M:%S")


def format_iso(epoch: float) -> str:
    """ISO 8601 with offset, as the quote's ``expire_date`` and webhook ``datetime``."""
    return datetime.fromtimestamp(int(_clamp(epoch)), UTC).isoformat()
