"""Against real loopback servers: concurrency, kill -9 durability, oversized bodies."""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from cloudcore_simulator.testing import ThreadedServer
from tests._helpers.simulator import API, KEY_A, SimulatorProcess, order_body


def _add_all(base_url: str, references: list[str]) -> list[tuple[str, int]]:
    with httpx.Client(base_url=base_url, timeout=30) as client:
        return [(ref, client.post(API + "/orders/add", json=order_body(ref)).status_code) for ref in references]


def _assert_concurrent_adds_exact(base_url: str) -> None:
    references = [f"order-{n}" for n in range(240)]
    # every reference is sent by two threads at once: exactly one may win
    batches = [references[i::6] for i in range(6)] * 2
    with ThreadPoolExecutor(max_workers=len(batches)) as pool:
        results = [r for batch in pool.map(lambda b: _add_all(base_url, b), batches) for r in batch]
    outcomes = Counter(status for _, status in results)
    assert outcomes == {201: 240, 400: 240}, outcomes
    created = Counter(ref for ref, status in results if status == 201)
    assert set(created) == set(references)
    assert max(created.values()) == 1
    listed = httpx.post(base_url + API + "/orders", json={"apikey": KEY_A}, timeout=30).json()
    assert sorted(o["reference"] for o in listed) == sorted(references)


def test_concurrent_adds_lose_and_duplicate_nothing(live_server: ThreadedServer) -> None:
    _assert_concurrent_adds_exact(live_server.url)


def test_concurrent_adds_with_sqlite(simulator_process: Callable[..., SimulatorProcess], tmp_path: Path) -> None:
    sim = simulator_process("--api-key", KEY_A, "--db", str(tmp_path / "sim.db"))
    _assert_concurrent_adds_exact(sim.base_url)


def test_kill9_loses_no_acknowledged_order(simulator_process: Callable[..., SimulatorProcess], tmp_path: Path) -> None:
    db = tmp_path / "sim.db"
    sim = simulator_process("--api-key", KEY_A, "--db", str(db))
    acknowledged: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()

    def stream(worker: int) -> None:
        with httpx.Client(base_url=sim.base_url, timeout=10) as client:
            for n in range(100_000):
                if stop.is_set():
                    return
                ref = f"w{worker}-{n}"
                try:
                    response = client.post(API + "/orders/add", json=order_body(ref))
                except httpx.TransportError:
                    return  # the server died mid-request: this order was never acknowledged
                if response.status_code == 201:
                    with lock:
                        acknowledged.append(ref)

    threads = [threading.Thread(target=stream, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 60
    while len(acknowledged) < 200 and time.monotonic() < deadline:
        time.sleep(0.01)
    sim.kill9()  # mid-stream: requests are in flight
    stop.set()
    for thread in threads:
        thread.join(30)
    assert len(acknowledged) >= 200

    restarted = simulator_process("--api-key", KEY_A, "--db", str(db))
    with httpx.Client(base_url=restarted.base_url, timeout=30) as client:
        listed = client.post(API + "/orders/", json={"apikey": KEY_A}).json()
        stored = Counter(o["reference"] for o in listed)
        assert max(stored.values()) == 1
        missing = [ref for ref in acknowledged if ref not in stored]
        assert missing == []
        for ref in acknowledged[:: max(1, len(acknowledged) // 50)]:
            assert client.post(API + "/orders/info", json={"apikey": KEY_A, "reference": ref}).status_code == 200


def test_ten_megabyte_body_is_refused_and_the_server_keeps_serving(live_server: ThreadedServer) -> None:
    big = b'{"apikey": "' + b"k" * (10 * 1024 * 1024) + b'"}'
    headers = {"content-type": "application/json"}

    def chunked() -> Iterator[bytes]:
        for start in range(0, len(big), 256 * 1024):
            yield big[start : start + 256 * 1024]

    with httpx.Client(base_url=live_server.url, timeout=30) as client:
        for content in (big, chunked()):
            response = client.post(API + "/products", content=content, headers=headers)
            assert response.status_code == 413
            assert response.json()["error"]["type"] == "request_body_too_large"
            assert client.post(API + "/products", json={"apikey": KEY_A}).status_code == 200
    with httpx.Client(base_url=live_server.url, timeout=30) as fresh:
        assert fresh.post(API + "/shipping/levels", json={"apikey": KEY_A}).status_code == 200


def test_cli_generates_and_prints_a_key(simulator_process: Callable[..., SimulatorProcess]) -> None:
    sim = simulator_process()
    assert sim.process.stdout is not None
    line = sim.process.stdout.readline().decode()
    assert line.startswith("cloudcore_simulator: generated API key: ")
    key = line.rsplit(" ", 1)[1].strip()
    assert httpx.post(sim.base_url + API + "/products", json={"apikey": key}).status_code == 200
    assert httpx.post(sim.base_url + API + "/products", json={"apikey": key + "x"}).status_code == 403


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_clients_hanging_up_mid_body_are_logged_quietly(live_server: ThreadedServer) -> None:
    """50 clients that send half a body and disconnect: no ERROR, no traceback, still serving."""
    collect = _Collect()
    loggers = [logging.getLogger(name) for name in ("uvicorn.error", "uvicorn", "cloudcore_simulator")]
    for logger in loggers:
        logger.addHandler(collect)
    host, port = live_server.url.removeprefix("http://").split(":")
    head = (
        f"POST {API}/orders/add HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        "Content-Length: 100000\r\n\r\n"
    ).encode()
    try:
        for _ in range(50):
            with socket.create_connection((host, int(port)), timeout=10) as sock:
                sock.sendall(head + b'{"apikey": "' + KEY_A.encode())
        time.sleep(0.5)  # the server notices the last hang-ups
        assert (
            httpx.post(live_server.url + API + "/orders/add", json=order_body("after"), timeout=10).status_code == 201
        )
    finally:
        for logger in loggers:
            logger.removeHandler(collect)
    loud = [r for r in collect.records if r.levelno >= logging.WARNING or r.exc_info]
    assert loud == [], [r.getMessage() for r in loud]


def test_unknown_field_names_never_break_the_warning_header_or_the_log(
    live_server: ThreadedServer, caplog: pytest.LogCaptureFixture
) -> None:
    """Control characters, CR/LF and non-Latin-1 in a field name: a 200 over a real socket, one safe line."""
    names = ["\u001f", "a\nb", "x\r\nSet-Cookie: evil=1", "\u0000", "\u001b[31mred", "\u007f", "ключ", "名前", "😀"]
    with caplog.at_level(logging.WARNING, logger="cloudcore_simulator"), httpx.Client(timeout=30) as client:
        for name in names:
            body = json.dumps({"apikey": KEY_A, name: 1})  # ASCII with \u escapes, as any JSON client may send
            response = client.post(
                live_server.url + API + "/products", content=body, headers={"content-type": "application/json"}
            )
            assert response.status_code == 200, name
            warning = response.headers["Warning"]
            assert all(" " <= ch <= "~" for ch in warning), warning
            assert warning.startswith('299 cloudcore-simulator "unknown field(s) ignored: ')
            assert "set-cookie" not in {key.lower() for key in response.headers}
    logged = [record.getMessage() for record in caplog.records if "unknown request field" in record.getMessage()]
    assert len(logged) == len(names)
    assert all(all(" " <= ch <= "~" for ch in line) for line in logged), logged
    assert "a\\nb" in logged[1]
    assert "\\u043a\\u043b\\u044e\\u0447" in logged[6]
