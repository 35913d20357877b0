# Copied verbatim from generator/runtime/_retry.py by `nox -s generate`: edit that file, not this one.
"""When a failed call is tried again, and how long the client waits before it does."""

from __future__ import annotations

import math
import random
import time
from email.utils import parsedate_to_datetime
from typing import Final

import httpx
from attrs import frozen

__all__ = ["DEFAULT_RETRY", "NO_RETRIES", "RETRYABLE_STATUSES", "RetryPolicy", "retry_after"]

#: Answers worth another attempt: rate limiting and server-side failures.
RETRYABLE_STATUSES: Final = frozenset({429, 500, 502, 503, 504})


@frozen
class RetryPolicy:
    """How often and how patiently a failed call is retried.

    Retried: connection failures, timeouts and the statuses in `RETRYABLE_STATUSES`. The delay
    before retry n (0-based) is `initial_delay * multiplier**n`, capped at `max_delay`, minus a
    random share of up to `jitter` of it (so that many clients do not retry in lockstep). A
    `Retry-After` header (seconds or HTTP date) is obeyed instead, up to `max_retry_after`.
    """

    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    multiplier: float = 2.0
    jitter: float = 0.5
    max_retry_after: float = 60.0

    def __attrs_post_init__(self) -> None:
        numbers = (self.initial_delay, self.max_delay, self.multiplier, self.max_retry_after)
        if self.max_retries < 0 or not all(math.isfinite(n) and n >= 0 for n in numbers) or not 0 <= self.jitter <= 1:
            raise ValueError("retry settings must be finite, non-negative, and jitter within [0, 1]")

    def delay(self, retry: int, retry_after: float | None = None) -> float:
        """Seconds to wait before retry number `retry` (0 for the first retry)."""
        if retry_after is not None and math.isfinite(retry_after) and retry_after >= 0:
            return min(retry_after, self.max_retry_after)
        base = min(self.initial_delay * self.multiplier**retry, self.max_delay)
        return base * (1.0 - self.jitter * random.random())


#: The default: two retries with backoff.
DEFAULT_RETRY: Final = RetryPolicy()
#: Pass as `retry=` to send every call exactly once.
NO_RETRIES: Final = RetryPolicy(max_retries=0)


def retry_after(headers: httpx.Headers) -> float | None:
    """The `Retry-After` header in seconds; None when absent, unreadable, not finite or negative."""
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    return seconds if math.isfinite(seconds) and seconds >= 0 else None
