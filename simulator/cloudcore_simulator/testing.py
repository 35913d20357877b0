"""Serve the simulator (or any ASGI app) on a free 127.0.0.1 port in a thread, for tests.

The shape of moto's ``ThreadedMotoServer``: ``start()`` returns once the socket accepts
connections, ``stop()`` once the server has shut down (lifespan included, so a ``--db`` file is
closed and unlocked), and both servers are context managers. The socket is bound before uvicorn
starts, so the port is known at once and no other process can take it in between (no "free port"
race). Connections are bounded as the command line's are (:mod:`~cloudcore_simulator.serving`):
a request head must arrive within ``header_timeout``; ``stop()`` closes connections whose body
never came at once and cancels handlers still running after a quarter of its ``stop_timeout``, without
tracebacks.
"""

from __future__ import annotations

import dataclasses
import hmac
import secrets
import socket
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Final, Self

import httpx
import orjson
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp

from . import VirtualClock, WebhookConfig, create_app
from .sandbox import SandboxConfig, create_sandbox_app
from .serving import ConnectionLimits, guarded_server

try:  # the client is an optional companion of the simulator, needed only by client() and async_client()
    from cloudcore_client import AsyncCloudCore, CloudCore
except ImportError:  # pragma: no cover - exercised in a service that installed only the simulator
    _CLIENT_MISSING: str | None = "install the client to use client()/async_client(): pip install ./generated_client"
else:
    _CLIENT_MISSING = None

__all__ = ["API_PATH", "HOST", "ReceivedSignal", "SimulatorServer", "ThreadedServer", "WebhookCapture"]

HOST: Final = "127.0.0.1"
API_PATH: Final = "/cloudcore/1.0"
"""Where the simulator serves the API: clients use ``url + API_PATH`` as their base URL."""


class ThreadedServer:
    """``app`` served by uvicorn in a daemon thread on 127.0.0.1 (``port=0``: a free port).

    ``start_timeout``/``stop_timeout`` are generous on purpose: a test machine may be busy.
    Logging is left to the host process (uvicorn's own logging configuration is not applied).
    """

    def __init__(
        self,
        app: ASGIApp | None,
        *,
        port: int = 0,
        start_timeout: float = 60.0,
        stop_timeout: float = 60.0,
        limits: ConnectionLimits | None = None,
    ) -> None:
        self._app = app
        self._requested_port = port
        self._start_timeout = start_timeout
        self._stop_timeout = stop_timeout
        self._limits = limits or ConnectionLimits()
        self._socket: socket.socket | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._port: int | None = None
        self._error: BaseException | None = None

    @property
    def app(self) -> ASGIApp:
        """The ASGI app being served."""
        if self._app is None:
            raise RuntimeError("the server is not started: call start() or use it as a context manager")
        return self._app

    @property
    def port(self) -> int:
        """The TCP port the server listens on (set by ``start()``)."""
        if self._port is None:
            raise RuntimeError("the server is not started: call start() or use it as a context manager")
        return self._port

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT``, the server's root."""
        return f"http://{HOST}:{self.port}"

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> Self:
        """Bind the socket, start uvicorn in a thread and return once it serves."""
        if self._thread is not None:
            raise RuntimeError("the server is already started")
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if self._requested_port:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # restart on the same port
        try:
            sock.bind((HOST, self._requested_port))
        except OSError:
            sock.close()
            raise
        limits = dataclasses.replace(self._limits, graceful_shutdown=max(1.0, self._stop_timeout / 4))
        server = guarded_server(
            self._prepare_app(),
            limits,
            log_config=None,
            access_log=False,
            lifespan="on",  # a failing start-up stops the server instead of being logged and ignored
        )
        thread = threading.Thread(
            target=self._serve, args=(server, sock), name=f"{type(self).__name__}-{sock.getsockname()[1]}", daemon=True
        )
        self._socket, self._server, self._thread = sock, server, thread
        self._port = int(sock.getsockname()[1])
        self._error = None
        thread.start()
        deadline = time.monotonic() + self._start_timeout
        while not server.started:
            if not thread.is_alive():
                error = self._error
                self.stop()
                why = f": {error!r}" if error is not None else " (uvicorn has logged why)"
                raise RuntimeError(f"the server failed to start{why}") from error
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the server did not start within {self._start_timeout:g} s")
            time.sleep(0.005)
        return self

    def _serve(self, server: uvicorn.Server, sock: socket.socket) -> None:
        try:
            server.run(sockets=[sock])
        except BaseException as exc:  # reported by start(), not as an unhandled thread exception
            self._error = exc

    def _prepare_app(self) -> ASGIApp:
        """The app to serve from this start on (subclasses build a fresh one here)."""
        return self.app

    def stop(self) -> None:
        """Shut the server down and wait for its thread; a no-op when it is not running."""
        server, thread, sock = self._server, self._thread, self._socket
        self._server = self._thread = self._socket = None
        if server is not None:
            server.should_exit = True
        try:
            if thread is not None:
                thread.join(self._stop_timeout)
                if thread.is_alive():
                    raise RuntimeError(f"the server did not stop within {self._stop_timeout:.0f} s")
        finally:
            if sock is not None:
                sock.close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = f"{HOST}:{self._port}" if self._port is not None else "not started"
        return f"<{type(self).__name__} {where}>"


@dataclass(frozen=True, slots=True)
class ReceivedSignal:
    """One CloudSignal the simulator posted: its ``type``, the payload without ``apikey``, the raw body.

    ``body`` is exactly what was posted (webhook key included): hand it to your own receiver code.
    """

    type: str
    payload: dict[str, Any]
    body: bytes = field(repr=False)

    @property
    def order_reference(self) -> str | None:
        reference = self.payload.get("order_reference")
        return reference if isinstance(reference, str) else None


class WebhookCapture(ThreadedServer):
    """A CloudSignal receiver on a free loopback port that records what the simulator posts.

    It answers 204 to a body with the right webhook key and 403 otherwise. ``config()`` gives the
    :class:`WebhookConfig` that points a simulator here, with retries and ticks in milliseconds.
    """

    PATH: Final = "/cloudsignal"

    def __init__(self, key: str | None = None, *, start_timeout: float = 60.0, stop_timeout: float = 60.0) -> None:
        self.key = key or secrets.token_urlsafe(24)
        self._received: list[ReceivedSignal] = []
        self._changed = threading.Condition()
        super().__init__(
            Starlette(routes=[Route(self.PATH, self._receive, methods=["POST"])]),
            start_timeout=start_timeout,
            stop_timeout=stop_timeout,
        )

    @property
    def webhook_url(self) -> str:
        """The URL the simulator posts to."""
        return self.url + self.PATH

    def config(self, **options: Any) -> WebhookConfig:
        """A ``WebhookConfig`` for this receiver; ``options`` override the fast test timings."""
        timings: dict[str, Any] = {"backoff_base": 0.02, "backoff_cap": 0.5, "tick": 0.05, "timeout": 30.0}
        timings.update(options)
        return WebhookConfig(self.webhook_url, self.key, **timings)

    async def _receive(self, request: Request) -> Response:
        body = await request.body()
        try:
            payload = orjson.loads(body)
        except orjson.JSONDecodeError:
            return Response(status_code=400)
        if not isinstance(payload, dict) or not isinstance(payload.get("type"), str):
            return Response(status_code=400)
        key = payload.pop("apikey", None)
        if not isinstance(key, str) or not hmac.compare_digest(key.encode(), self.key.encode()):
            return Response(status_code=403)
        with self._changed:
            self._received.append(ReceivedSignal(payload["type"], payload, body))
            self._changed.notify_all()
        return Response(status_code=204)

    @property
    def received(self) -> list[ReceivedSignal]:
        """Every signal accepted so far, in arrival order (a copy)."""
        with self._changed:
            return list(self._received)

    def types(self, order_reference: str | None = None) -> list[str]:
        """The ``type`` of each received signal, of one order when ``order_reference`` is given."""
        return [s.type for s in self.received if order_reference is None or s.order_reference == order_reference]

    def wait_for(self, type: str, *, order_reference: str | None = None, timeout: float = 30.0) -> ReceivedSignal:
        """The first received signal of ``type`` (and order), waiting up to ``timeout`` seconds for it."""

        def found() -> ReceivedSignal | None:
            for signal in self._received:
                if signal.type == type and (order_reference is None or signal.order_reference == order_reference):
                    return signal
            return None

        with self._changed:
            if self._changed.wait_for(lambda: found() is not None, timeout):
                match = found()
                assert match is not None
                return match
            seen = [s.type for s in self._received]
        of = f" of order {order_reference!r}" if order_reference is not None else ""
        raise TimeoutError(f"no {type} signal{of} within {timeout:g} s; received: {seen}")

    def clear(self) -> None:
        """Forget what was received so far."""
        with self._changed:
            self._received.clear()


class SimulatorServer(ThreadedServer):
    """A fresh simulator on a free loopback port, with its clock, accounts and webhooks at hand.

    ``api_keys``: the accepted keys, each its own account (default: two random keys, so that
    ``api_key`` and ``other_api_key`` exist). ``speed``: virtual seconds per real second (default 1;
    0 moves time only with :meth:`advance`). ``db_path``: SQLite state (default: memory).
    ``capture_webhooks``: run a :class:`WebhookCapture` as ``webhooks`` and have the simulator post
    its CloudSignals there. ``sandbox``: serve the sandbox-like mode instead (see
    :mod:`cloudcore_simulator.sandbox`; it has no controls, so reset/advance/... answer 404).
    Keys never appear in the repr.

        with SimulatorServer(speed=0) as sim, sim.client() as client:
            client.products.list_products()
    """

    def __init__(
        self,
        api_keys: Sequence[str] = (),
        *,
        speed: float = 1.0,
        db_path: str | Path | None = None,
        capture_webhooks: bool = False,
        sandbox: SandboxConfig | None = None,
        port: int = 0,
        start_timeout: float = 60.0,
        stop_timeout: float = 60.0,
    ) -> None:
        self.api_keys: tuple[str, ...] = tuple(api_keys) or (secrets.token_urlsafe(24), secrets.token_urlsafe(24))
        self.speed = speed
        self.sandbox = sandbox
        self.clock = VirtualClock(start=sandbox.clock_start() if sandbox else None, speed=speed)
        self.db_path = db_path
        self._webhooks: WebhookCapture | None = (
            WebhookCapture(start_timeout=start_timeout, stop_timeout=stop_timeout) if capture_webhooks else None
        )
        self._control: httpx.Client | None = None
        self._clients: list[CloudCore] = []
        self._timeouts = (start_timeout, stop_timeout)
        super().__init__(None, port=port, start_timeout=start_timeout, stop_timeout=stop_timeout)

    @property
    def api_key(self) -> str:
        """The first account's key."""
        return self.api_keys[0]

    @property
    def other_api_key(self) -> str:
        """The second account's key (for isolation tests); needs two ``api_keys``."""
        if len(self.api_keys) < 2:
            raise AttributeError("this simulator has a single account: pass two api_keys")
        return self.api_keys[1]

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT/cloudcore/1.0``: the API base URL for clients."""
        return self.url + API_PATH

    @property
    def webhooks(self) -> WebhookCapture:
        """The receiver of the simulator's CloudSignals (``capture_webhooks=True``)."""
        if self._webhooks is None:
            raise RuntimeError("this simulator posts no webhooks: make it with capture_webhooks=True")
        return self._webhooks

    def start(self) -> Self:
        """Start the webhook receiver (if any), then the simulator; return once both serve."""
        if self._webhooks is not None:
            self._webhooks.start()
        try:
            super().start()
            self._control = httpx.Client(base_url=self.url, timeout=self._timeouts[1])
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop the simulator, then the webhook receiver."""
        try:
            self.close_clients()
            if self._control is not None:
                self._control.close()
                self._control = None
            super().stop()
        finally:
            if self._webhooks is not None:
                self._webhooks.stop()

    # ---- controls (the HTTP control API, so the simulator reacts as to any caller) -----------
    def _prepare_app(self) -> ASGIApp:
        # Built again at each start: the webhook receiver's port is known only now, and an app's
        # store is closed by its lifespan when the server stops.
        config = self._webhooks.config() if self._webhooks is not None else None
        if self.sandbox is not None:
            self._app = create_sandbox_app(
                self.api_keys, self.db_path, self.clock, config=self.sandbox, webhooks=config
            )
            return self._app
        self._app = create_app(self.api_keys, db_path=self.db_path, clock=self.clock, webhooks=config)
        return self._app

    def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        if self._control is None:
            raise RuntimeError("the simulator is not started")
        response = self._control.post(path, json=body)
        if response.status_code != 200:
            raise RuntimeError(f"POST {path} answered {response.status_code}: {response.text[:200]}")
        answer: dict[str, Any] = response.json()
        return answer

    def advance(self, seconds: float) -> datetime:
        """Move virtual time forward; signals that became due go out at once. Returns the new now."""
        return _instant(self._post("/_simulator/clock/advance", {"seconds": seconds}))

    def set_speed(self, speed: float) -> datetime:
        """Virtual seconds per real second from now on (0 freezes time). Returns now."""
        return _instant(self._post("/_simulator/clock/speed", {"speed": speed}))

    def freeze(self) -> datetime:
        """Stop virtual time (``set_speed(0)``); it moves again only with :meth:`advance`."""
        return self.set_speed(0)

    def now(self) -> datetime:
        """The simulator's current virtual time (UTC)."""
        return datetime.fromtimestamp(self.clock.now(), UTC)

    def force_error(self, reference: str, state: int, *, api_key: str | None = None) -> dict[str, Any]:
        """Put an order into an error state (7, 11, 31, 35, 39 or 41); its progression stops."""
        body = {"apikey": api_key or self.api_key, "reference": reference, "state": state}
        return self._post("/_simulator/orders/error", body)

    def reset(self) -> None:
        """Forget every account's orders and quotes and queued signals, restore the clock speed
        given at construction, and clear the captured webhooks. Virtual time keeps its value
        (it never runs backwards)."""
        self._post("/_simulator/reset", {})
        self.set_speed(self.speed)
        if self._webhooks is not None:
            self._webhooks.clear()

    # ---- clients -------------------------------------------------------------------------------
    def client(self, api_key: str | None = None, **options: Any) -> CloudCore:
        """A ``CloudCore`` bound to this simulator over loopback (``options``: timeout, retry, ...).

        Use it as a context manager, or leave it to :meth:`close_clients` (called by ``stop()``).
        """
        _require_client()
        client = CloudCore(api_key or self.api_key, base_url=self.base_url, **options)
        self._clients.append(client)
        return client

    def close_clients(self) -> None:
        """Close every client made by :meth:`client` (the pytest fixture does so after each test)."""
        clients, self._clients = self._clients, []
        for client in clients:
            client.close()

    def async_client(self, api_key: str | None = None, **options: Any) -> AsyncCloudCore:
        """An ``AsyncCloudCore`` calling this simulator in-process (``httpx.ASGITransport``, no socket).

        It shares the simulator's state with :meth:`client` and ``base_url``. Use it as
        ``async with sim.async_client() as client:`` (or await ``aclose()``).
        """
        _require_client()
        transport = httpx.ASGITransport(app=self.app)
        return AsyncCloudCore(api_key or self.api_key, base_url=self.base_url, transport=transport, **options)


def _require_client() -> None:
    if _CLIENT_MISSING is not None:
        raise RuntimeError(_CLIENT_MISSING)


def _instant(clock: dict[str, Any]) -> datetime:
    return datetime.fromtimestamp(float(clock["epoch"]), UTC)
