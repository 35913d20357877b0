"""How the tool talks to a target over the network: politely, within bounds, and never showing a key.

Every request of a run (generated cases, the checks' own probes, the start-up probes and the final
cleanup) goes through one :class:`PoliteSession`, a ``requests.Session`` that schemathesis takes
as its ``session``:

- **rate**: at most ``max_rate`` requests per second (requests are spaced, never bunched);
- **429 and 503**: a 429 (with or without ``Retry-After``) and a 503 with ``Retry-After`` are waited
  out and sent again, at most ``max_retries`` times and ``max_wait`` seconds per wait; they are
  counted in :class:`Traffic`, never shown to the checks. A target that keeps refusing, or asks for
  a longer wait, has stopped answering. Each such answer also slows the rest of the run down: by a
  tenth of the rate, or without a cap, to nine tenths of the rate of the last second;
- **time**: each request has ``request_timeout`` seconds for everything (connect, headers, body),
  enforced by the clock, not per socket read, so a trickling target cannot stretch it; the run's
  :class:`Deadline` bounds all of them together;
- **size**: an answer over ``max_answer_bytes`` (declared, or counted while reading, after
  decompression) is refused unread with :class:`AnswerTooLarge`, a contract failure;
- **redirects** are not followed (the contract has none, and the key must not travel elsewhere);
- **keys**: the body, the headers and the reason phrase of every answer are masked as they arrive.

A target that stops answering raises :class:`TargetUnavailable`, which ends the run (exit status 3).
"""

from __future__ import annotations

import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final
from urllib.parse import urlsplit

import requests

from .facts import is_load, retry_after
from .masking import Masker

__all__ = [
    "AnswerTooLarge",
    "Deadline",
    "Limits",
    "PoliteSession",
    "TargetUnavailable",
    "Traffic",
]

_CHUNK: Final = 64 * 1024
#: The widest spacing slowing down leads to (seconds between requests).
_SLOWEST: Final = 10.0
#: Connection failures retried at once on a fresh connection (a dropped keep-alive connection).
_CONNECTION_RETRIES: Final = 1


class TargetUnavailable(BaseException):
    """The target stopped answering (or the run's deadline passed): the run cannot go on.

    A ``BaseException``, so that neither schemathesis nor Hypothesis treats it as a failing example
    to shrink and replay: it ends the run at once.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class AnswerTooLarge(AssertionError):
    """An answer larger than the size limit: a contract failure, refused without being read whole."""

    check = "answer_size_limit"

    def __init__(self, operation: str, message: str) -> None:
        super().__init__(f"{operation}: {self.check}: {message}")
        self.operation = operation
        self.message = message


@dataclass(frozen=True, slots=True)
class Limits:
    """The bounds of one run's requests (see the module docstring)."""

    max_rate: float | None = None
    request_timeout: float = 30.0
    max_retries: int = 5
    max_wait: float = 60.0
    max_answer_bytes: int = 16 * 1024 * 1024


class Deadline:
    """The run's overall time limit (``None``: none)."""

    def __init__(self, seconds: float | None, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self._clock = clock
        self.started = clock()

    def remaining(self) -> float:
        if self.seconds is None:
            return float("inf")
        return self.seconds - (self._clock() - self.started)

    def check(self) -> None:
        if self.remaining() <= 0:
            raise TargetUnavailable(f"the run's deadline of {self.seconds:g} s has passed")


@dataclass
class Traffic:
    """What went over the wire: requests, waits for 429/503, retried connections (thread-safe)."""

    requests: int = 0
    waited: Counter[int] = field(default_factory=Counter)
    waited_seconds: float = 0.0
    reconnected: int = 0
    #: The request rate after slowing down for 429/503 answers (None: never slowed down).
    slowed_to: float | None = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def as_dict(self) -> dict[str, Any]:
        with self.lock:
            return {
                "requests": self.requests,
                "waited_429": self.waited[429],
                "waited_503": self.waited[503],
                "waited_seconds": round(self.waited_seconds, 2),
                "reconnected": self.reconnected,
                "slowed_to": None if self.slowed_to is None else round(self.slowed_to, 2),
            }


class PoliteSession(requests.Session):
    """A ``requests.Session`` with the run's rate, retries, time and size bounds and key masking."""

    def __init__(self, limits: Limits, masker: Masker, deadline: Deadline, traffic: Traffic | None = None) -> None:
        super().__init__()
        self.limits = limits
        self.masker = masker
        self.deadline = deadline
        self.traffic = traffic if traffic is not None else Traffic()
        self._pace_lock = threading.Lock()
        self._next_start = 0.0
        self._interval = 1.0 / limits.max_rate if limits.max_rate else None
        self._recent: deque[float] = deque()
        self._down: str | None = None

    # ---- the run's state -------------------------------------------------------------------------
    @property
    def down(self) -> str | None:
        """Why the target stopped answering (None while it answers)."""
        return self._down

    def _give_up(self, reason: str) -> TargetUnavailable:
        if self._down is None:
            self._down = reason
        return TargetUnavailable(self._down)

    # ---- requests ----------------------------------------------------------------------------------
    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:
        if self._down is not None:
            raise TargetUnavailable(self._down)
        what = f"{method!s} {urlsplit(str(url)).path}"
        kwargs["allow_redirects"] = False
        kwargs["stream"] = True
        attempt = 0
        reconnects = 0
        while True:
            self._pace()
            try:
                response = self._bounded(what, str(method), str(url), args, kwargs)
            except requests.ConnectionError as exc:
                if reconnects < _CONNECTION_RETRIES:
                    reconnects += 1
                    with self.traffic.lock:
                        self.traffic.reconnected += 1
                    continue
                raise self._give_up(f"{what}: the target cannot be reached ({_why(exc)})") from None
            except requests.Timeout:
                raise self._give_up(f"{what}: no complete answer within {self.limits.request_timeout:g} s") from None
            except requests.RequestException as exc:
                raise self._give_up(f"{what}: the answer is not readable HTTP ({_why(exc)})") from None
            status = response.status_code
            if is_load(status, response.headers.get("Retry-After")):
                wait = retry_after(response.headers.get("Retry-After"))
                wait = 1.0 if wait is None else wait
                if attempt >= self.limits.max_retries:
                    raise self._give_up(f"{what}: still {status} after {attempt} waits (Retry-After)")
                if wait > self.limits.max_wait:
                    raise self._give_up(
                        f"{what}: {status} asks to wait {wait:g} s, longer than the {self.limits.max_wait:g} s allowed"
                    )
                if wait >= self.deadline.remaining():
                    raise self._give_up(f"{what}: {status} asks to wait past the run's deadline")
                attempt += 1
                with self.traffic.lock:
                    self.traffic.waited[status] += 1
                    self.traffic.waited_seconds += wait
                self._slow_down()
                time.sleep(wait)
                continue
            return response

    def _slow_down(self) -> None:
        """The target said "too fast": space the rest of the run's requests wider."""
        with self._pace_lock:
            if self._interval is None:
                now = time.monotonic()
                recent = sum(1 for started in self._recent if started > now - 1.0)
                self._interval = 1.0 / max(1.0, 0.9 * recent)
            else:
                self._interval = min(_SLOWEST, self._interval * 1.1)
            with self.traffic.lock:
                self.traffic.slowed_to = 1.0 / self._interval

    def _pace(self) -> None:
        """Wait for this request's turn under the rate; the deadline applies to the wait."""
        self.deadline.check()
        with self._pace_lock:
            now = time.monotonic()
            if self._interval is None:  # no cap (yet): remember the last second's starts
                self._recent.append(now)
                while self._recent and self._recent[0] <= now - 1.0:
                    self._recent.popleft()
                return
            start = max(now, self._next_start)
            self._next_start = start + self._interval
        if start > now:
            if start - now >= self.deadline.remaining():
                raise self._give_up(f"the run's deadline of {self.deadline.seconds:g} s has passed")
            time.sleep(start - now)

    def _bounded(
        self, what: str, method: str, url: str, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> requests.Response:
        """One request, answer read and masked, within ``request_timeout`` (and the deadline) by the clock."""
        budget = min(self.limits.request_timeout, self.deadline.remaining())
        if budget <= 0:
            raise self._give_up(f"the run's deadline of {self.deadline.seconds:g} s has passed")
        kwargs["timeout"] = (budget, budget)
        outcome: dict[str, Any] = {}

        def work() -> None:
            try:
                answer = requests.Session.request(self, method, url, *args, **kwargs)
                self._read(what, answer)
                outcome["response"] = answer
            except BaseException as exc:  # handed to the caller's thread
                outcome["error"] = exc

        worker = threading.Thread(target=work, name="cloudcore-contract-request", daemon=True)
        with self.traffic.lock:
            self.traffic.requests += 1
        worker.start()
        worker.join(budget)
        if worker.is_alive():
            # The worker stays blocked on a socket the target holds open; it is a daemon thread,
            # and the run ends now.
            if budget < self.limits.request_timeout:
                raise self._give_up(f"the run's deadline of {self.deadline.seconds:g} s has passed")
            raise requests.Timeout(f"{what}: no complete answer within {budget:g} s")
        if "error" in outcome:
            raise outcome["error"]
        response: requests.Response = outcome["response"]
        return response

    def _read(self, what: str, response: requests.Response) -> None:
        """Read the body up to the size limit, then mask body, headers and reason phrase."""
        limit = self.limits.max_answer_bytes
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            response.close()
            raise AnswerTooLarge(
                what, f"the answer declares {int(declared)} bytes; the limit is {limit} (refused unread)"
            )
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_content(_CHUNK):
            size += len(chunk)
            if size > limit:
                response.close()
                raise AnswerTooLarge(what, f"the answer passed the limit of {limit} bytes (refused, not read further)")
            chunks.append(chunk)
        response._content = self.masker.bytes(b"".join(chunks))  # how requests keeps a body it has read
        response._content_consumed = True
        response.reason = self.masker.text(response.reason or "")
        for name, value in list(response.headers.items()):
            response.headers[name] = self.masker.text(value)
        raw_headers = getattr(response.raw, "headers", None)
        if raw_headers is not None and hasattr(raw_headers, "getlist"):
            for name in list(raw_headers):
                values = raw_headers.getlist(name)
                masked = [self.masker.text(value) for value in values]
                if masked != values:
                    del raw_headers[name]
                    for value in masked:
                        raw_headers.add(name, value)


def _why(exc: BaseException) -> str:
    """A short reason from a requests exception (its innermost cause, one line)."""
    inner: BaseException = exc
    for _ in range(10):  # requests wraps urllib3's error, which wraps the socket's
        nested = inner.__cause__ or (inner.args[0] if inner.args and isinstance(inner.args[0], BaseException) else None)
        if nested is None:
            break
        inner = nested
    text = str(inner).strip().splitlines()
    return (text[0] if text else type(inner).__name__)[:200]
