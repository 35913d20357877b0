"""Run the simulator on a free loopback port for the duration of a test (uvicorn in a thread)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from cloudcore_simulator.app import create_app


@contextmanager
def running_simulator(api_key: str) -> Iterator[str]:
    """Yield the base URL of a fresh in-memory simulator on 127.0.0.1 that accepts `api_key`."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app([api_key]), log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 15
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the simulator did not start")
            time.sleep(0.01)
        yield f"http://127.0.0.1:{port}/cloudcore/1.0"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()
