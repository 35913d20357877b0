"""The tool's transport against real sockets: rate, 429/503 waits, time and size bounds, masking."""

from __future__ import annotations

import gzip
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from cloudcore_contract.masking import Masker, key_forms
from cloudcore_contract.transport import AnswerTooLarge, Deadline, Limits, PoliteSession, TargetUnavailable
from cloudcore_simulator.testing import ThreadedServer

from .hostile import ASGIApp, Message, RawServer, Receive, Scope, Send, echo_app, huge_app, redirect_app

KEY = "transport-key/é 0c1d"


def _session(**limits: float) -> PoliteSession:
    return PoliteSession(Limits(**limits), Masker([KEY]), Deadline(None))  # type: ignore[arg-type]


@contextmanager
def served(app: ASGIApp) -> Iterator[str]:
    with ThreadedServer(app) as server:
        yield server.url


class Refusing:
    """Answers ``status`` with ``Retry-After: retry_after`` (if given) to the first ``times`` requests, then 200."""

    def __init__(self, status: int, times: int, retry_after: str | None) -> None:
        self.status, self.times, self.retry_after = status, times, retry_after
        self.seen = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        await receive()
        self.seen += 1
        refuse = self.seen <= self.times
        headers = [(b"content-type", b"application/json")]
        if refuse and self.retry_after is not None:
            headers.append((b"retry-after", self.retry_after.encode()))
        body = b'{"error": {"type": "slow_down", "info": "later"}}' if refuse else b"[]"
        start: Message = {"type": "http.response.start", "status": self.status if refuse else 200, "headers": headers}
        await send(start)
        await send({"type": "http.response.body", "body": body})


def test_429_is_waited_out_counted_and_slows_the_run_down() -> None:
    app = Refusing(429, 2, "1")
    with served(app) as url, _session(max_rate=50) as session:
        answer = session.post(url + "/x", json={"apikey": KEY})
        traffic = session.traffic.as_dict()
    assert answer.status_code == 200
    assert app.seen == 3
    assert traffic["waited_429"] == 2
    assert traffic["waited_seconds"] == 2.0
    assert traffic["slowed_to"] is not None
    assert traffic["slowed_to"] < 50


def test_a_503_with_retry_after_is_waited_out_and_one_without_is_an_answer() -> None:
    with served(Refusing(503, 1, "1")) as url, _session() as session:
        assert session.post(url + "/x", json={}).status_code == 200
        assert session.traffic.waited[503] == 1
    with served(Refusing(503, 1, None)) as url, _session() as session:
        assert session.post(url + "/x", json={}).status_code == 503


def test_a_target_that_keeps_refusing_or_asks_for_too_long_a_wait_stops_the_run() -> None:
    with served(Refusing(429, 100, "1")) as url, _session(max_retries=2) as session:
        with pytest.raises(TargetUnavailable, match="still 429 after 2 waits"):
            session.post(url + "/x", json={})
        with pytest.raises(TargetUnavailable, match="still 429"):  # and the session stays down
            session.post(url + "/x", json={})
    started = time.monotonic()
    with (
        served(Refusing(429, 1, "3600")) as url,
        _session(max_wait=60) as session,
        pytest.raises(TargetUnavailable, match="asks to wait 3600 s"),
    ):
        session.post(url + "/x", json={})
    assert time.monotonic() - started < 60  # it did not wait the hour


def test_requests_are_spaced_by_the_rate_cap() -> None:
    with served(Refusing(200, 0, None)) as url, _session(max_rate=20) as session:
        started = time.monotonic()
        for _ in range(11):
            session.post(url + "/x", json={})
        elapsed = time.monotonic() - started
    assert elapsed >= 0.5  # ten gaps of 1/20 s at least


@pytest.mark.parametrize("behaviour", ["silent", "trickle"])
def test_a_target_that_stalls_is_given_up_after_the_request_timeout(behaviour: str) -> None:
    started = time.monotonic()
    with (
        RawServer(behaviour) as server,
        _session(request_timeout=1) as session,
        pytest.raises(TargetUnavailable, match="no complete answer within 1 s"),
    ):
        session.post(server.url + "/x", json={})
    assert time.monotonic() - started < 30  # bounded by the clock, not by bytes trickling in


def test_a_passed_deadline_stops_before_sending() -> None:
    with served(Refusing(200, 0, None)) as url, PoliteSession(Limits(), Masker(), Deadline(0)) as session:
        with pytest.raises(TargetUnavailable, match="deadline"):
            session.post(url + "/x", json={})
        assert session.traffic.requests == 0


@pytest.mark.parametrize("declare", [True, False], ids=["declared", "streamed"])
def test_an_answer_over_the_size_limit_is_refused_unread(declare: bool) -> None:
    size = 64 * 1024 * 1024
    with (
        served(huge_app(size, declare=declare)) as url,
        _session(max_answer_bytes=1024 * 1024) as session,
        pytest.raises(AnswerTooLarge, match="answer_size_limit"),
    ):
        session.post(url + "/x", json={})


def test_a_compressed_answer_is_limited_by_its_decompressed_size() -> None:
    bomb = gzip.compress(b"[" + b"0," * (16 * 1024 * 1024) + b"0]")  # about 32 MiB, some 30 KiB compressed

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        await receive()
        headers = [(b"content-type", b"application/json"), (b"content-encoding", b"gzip")]
        headers.append((b"content-length", str(len(bomb)).encode()))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": bomb})

    with served(app) as url, _session(max_answer_bytes=1024 * 1024) as session, pytest.raises(AnswerTooLarge):
        session.post(url + "/x", json={})


def test_redirects_are_not_followed() -> None:
    with served(redirect_app("http://127.0.0.1:9/elsewhere")) as url, _session() as session:
        answer = session.post(url + "/x", json={"apikey": KEY})
    assert answer.status_code == 307


def test_an_echoed_key_is_masked_in_body_headers_and_reason() -> None:
    with served(echo_app(KEY)) as url, _session() as session:
        answer = session.post(url + "/x", json={"apikey": KEY})
    shown = answer.text + repr(dict(answer.headers)) + repr(answer.raw.headers.items()) + (answer.reason or "")
    assert "***" in answer.text
    for form in key_forms(KEY):
        assert form not in shown
