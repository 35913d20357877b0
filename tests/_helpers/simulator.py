"""The simulator as the tests drive it: keys, the documented example bodies, a TestClient wrapper,
free loopback ports and ``python -m cloudcore_simulator`` as a child process."""

from __future__ import annotations

import copy
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Any

import httpx
import httpx2
from starlette.applications import Starlette
from starlette.testclient import TestClient

from cloudcore_simulator import VirtualClock

KEY_A = "key-a-0123456789"
KEY_B = "key-b-9876543210"
KEYS = (KEY_A, KEY_B)
API = "/cloudcore/1.0"
START = 1_767_225_600.0  # 2026-01-01 00:00:00 UTC

BOOK_ITEM: dict[str, Any] = {
    "reference": "item-1",
    "product": "book_hardcover_21x30",
    "shipping_level": "cp_saver",
    "title": "Book Hardcover 21x30",
    "count": "5",
    "files": [
        {
            "type": "cover",
            "url": "https://download.example.com/files/cover",
            "md5sum": "4578c3ecf64e47581b175d542f8b0160",
        },
        {
            "type": "book",
            "url": "https://download.example.com/files/book",
            "md5sum": "1ef89e74e628e223ae94aa4586330833",
        },
    ],
    "options": [{"type": "total_pages", "count": "36"}, {"type": "paper_130mcg", "count": "36"}],
}
ADDRESS: dict[str, Any] = {
    "type": "delivery",
    "company": "Example company",
    "firstname": "Example firstname",
    "lastname": "Example lastname",
    "street1": "Example street 1234",
    "zip": "99999",
    "city": "Example city",
    "country": "DE",
    "email": "email@example.com",
    "phone": "12345678",
}


def order_body(reference: str = "order-1", key: str = KEY_A, **changes: Any) -> dict[str, Any]:
    """The documented orders/add example, with a given reference and top-level changes."""
    body: dict[str, Any] = {
        "apikey": key,
        "reference": reference,
        "email": "support@client-company.com",
        "addresses": [copy.deepcopy(ADDRESS)],
        "items": [copy.deepcopy(BOOK_ITEM)],
    }
    body.update(changes)
    return body


def quote_body(key: str = KEY_A, **changes: Any) -> dict[str, Any]:
    """The documented orders/quote example."""
    body: dict[str, Any] = {
        "apikey": key,
        "country": "NL",
        "items": [
            {
                "reference": "ref_id_1234567",
                "product": "textbook_pb_a4_p_bw",
                "count": "1",
                "options": [{"type": "pageblock_80off", "count": "120"}, {"type": "total_pages", "count": "120"}],
            }
        ],
    }
    body.update(changes)
    return body


@dataclass
class Api:
    """A TestClient bound to the API prefix, plus the clock the app reads."""

    client: TestClient
    clock: VirtualClock
    app: Starlette

    def post(self, path: str, body: Any) -> httpx2.Response:  # starlette.testclient's client is httpx2
        response: httpx2.Response = self.client.post(API + path, json=body)
        return response

    def advance(self, seconds: float) -> None:
        response = self.client.post("/_simulator/clock/advance", json={"seconds": seconds})
        assert response.status_code == 200, response.text


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class SimulatorProcess:
    """``python -m cloudcore_simulator`` as a child process."""

    process: subprocess.Popen[bytes]
    base_url: str

    def kill9(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill9()
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()  # an unclosed pipe is a ResourceWarning (an error under filterwarnings)


def start_simulator(*args: str) -> SimulatorProcess:
    """Start the CLI on a free loopback port and wait until it answers its health probe."""
    for _attempt in range(3):
        port = free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", "cloudcore_simulator", "--host", "127.0.0.1", "--port", str(port), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        base_url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and process.poll() is None:
            try:
                if httpx.get(base_url + "/_simulator/health", timeout=1).status_code == 200:
                    return SimulatorProcess(process, base_url)
            except httpx.TransportError:
                time.sleep(0.05)
        process.kill()
        process.communicate(timeout=10)  # waits, and closes its pipes
    raise RuntimeError("the simulator did not start")
