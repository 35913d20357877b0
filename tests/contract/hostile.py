"""Hostile targets for the contract tool's tests: servers that echo keys, stall, trickle, flood or lie.

- :class:`RawServer`: a TCP server on a free loopback port whose every connection gets one
  behaviour (``silent``, ``trickle``, ``not-http``), for what no HTTP framework would send;
- :func:`echo_app`, :func:`huge_app`, :func:`garbage_app`, :func:`redirect_app`: ASGI apps
  (served with ``cloudcore_simulator.testing.ThreadedServer``) that answer in one hostile way;
- :class:`StopsAnswering`: ASGI middleware that passes ``after`` requests to the simulator, then
  holds every further request open without an answer.
"""

from __future__ import annotations

import asyncio
import base64
import json
import socket
import socketserver
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import quote, quote_plus

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


async def _body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(bytes(message.get("body", b"")))
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _answer(send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]] | None = None) -> None:
    headers = [(b"content-type", b"application/json"), *(headers or [])]
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def echoes(text: str) -> dict[str, str]:
    """``text`` as a careless server might repeat it: raw, JSON-escaped, URL-encoded, base64."""
    return {
        "raw": text,
        "json": json.dumps(text)[1:-1],
        "json_unicode": json.dumps(text, ensure_ascii=False)[1:-1],
        "php_json": json.dumps(text)[1:-1].replace("/", "\\/"),
        "url": quote(text, safe=""),
        "url_plus": quote_plus(text),
        "base64": base64.b64encode(text.encode()).decode(),
        "base64_shifted": base64.b64encode(b"x:" + text.encode()).decode(),
    }


def echo_app(key: str) -> ASGIApp:
    """Answers every request 400, with the request and the key echoed in the body, a header and the reason."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        body = (await _body(receive)).decode("utf-8", "replace")
        info = {"request": body, **echoes(key)}
        payload = json.dumps({"error": {"type": "bad_request", "info": json.dumps(info)}}).encode()
        headers = [(b"x-echo", quote(key).encode()), (b"x-echo-raw", key.encode("utf-8"))]
        await _answer(send, 400, payload, headers)

    return app


def huge_app(size: int, *, declare: bool) -> ASGIApp:
    """Answers 200 with ``size`` bytes of a JSON array (declared in Content-Length, or streamed without)."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        await _body(receive)
        headers = [(b"content-type", b"application/json")]
        if declare:
            headers.append((b"content-length", str(size).encode()))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        chunk = b"[" + b"0," * (64 * 1024)
        sent = 0
        while sent < size:
            part = chunk[: min(len(chunk), size - sent)]
            sent += len(part)
            await send({"type": "http.response.body", "body": part, "more_body": sent < size})

    return app


def garbage_app() -> ASGIApp:
    """Answers 200 ``application/json`` with bytes that are no JSON."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        await _body(receive)
        await _answer(send, 200, b"\x00\xff<html>not json\x1b[31m")

    return app


def redirect_app(location: str) -> ASGIApp:
    """Answers every request 307 to ``location`` (a client that follows would send the key there)."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        await _body(receive)
        await _answer(send, 307, b"", [(b"location", location.encode())])

    return app


class Recorder:
    """An ASGI app that answers 200 ``[]`` and records every request it gets (the redirect's target)."""

    def __init__(self) -> None:
        self.bodies: list[bytes] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        self.bodies.append(await _body(receive))
        await _answer(send, 200, b"[]")


class StopsAnswering:
    """``app`` for the first ``after`` HTTP requests; every later request is held open, unanswered."""

    def __init__(self, app: ASGIApp, after: int) -> None:
        self.app = app
        self.after = after
        self.seen = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            self.seen += 1
            if self.seen > self.after:
                await asyncio.sleep(3600)
                return
        await self.app(scope, receive, send)


class _Handler(socketserver.BaseRequestHandler):
    server: _TCPServer

    def handle(self) -> None:
        sock: socket.socket = self.request
        sock.settimeout(60)
        try:
            sock.recv(65536)
            behaviour = self.server.behaviour
            if behaviour == "not-http":
                sock.sendall(b"\x16\x03\x01 this is no HTTP at all\r\n\r\n")
            elif behaviour == "trickle":
                for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 100_000:
                    if self.server.stopping.is_set():
                        return
                    sock.sendall(bytes([byte]))
                    time.sleep(0.3)
            else:  # silent: take the request, never answer
                self.server.stopping.wait(3600)
        except OSError:
            return


class _TCPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    behaviour = "silent"
    stopping: threading.Event


class RawServer:
    """A TCP server on 127.0.0.1 (a free port) answering each connection with one ``behaviour``."""

    def __init__(self, behaviour: str) -> None:
        self._server = _TCPServer(("127.0.0.1", 0), _Handler)
        self._server.behaviour = behaviour
        self._server.stopping = threading.Event()
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> RawServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=30)


class OnPath:
    """``app`` (the simulator), except that API paths ending in ``suffix`` are answered by ``hostile``."""

    def __init__(self, app: ASGIApp, suffix: str, hostile: ASGIApp) -> None:
        self.app, self.suffix, self.hostile = app, suffix, hostile

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and str(scope["path"]).endswith(self.suffix):
            await self.hostile(scope, receive, send)
        else:
            await self.app(scope, receive, send)
