"""The proxy served by uvicorn: in the foreground (the command) or in a thread (tests, benchmarks).

uvicorn is told to add nothing of its own to an answer (no ``Server``, no ``Date``: the upstream's
go through) and to keep idle connections 75 s, as nginx does, so a caller's pooled connection is
not closed under it sooner than an API server would. The socket is bound and listening before
uvicorn starts, so ``port=0`` gives a free port that is known, and accepting, at once.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import Final, Self

import uvicorn

from .forwarding import ProxyApp, ProxyConfig

__all__ = ["ProxyServer"]

KEEP_ALIVE: Final = 75


class ProxyServer:
    """``ProxyApp(config)`` on ``host:port`` (``port=0``: a free port)."""

    def __init__(
        self,
        config: ProxyConfig,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        start_timeout: float = 60.0,
        stop_timeout: float = 60.0,
    ) -> None:
        self.app = ProxyApp(config)
        self.host = host
        self._requested_port = port
        self._start_timeout = start_timeout
        self._stop_timeout = stop_timeout
        self._socket: socket.socket | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    @property
    def port(self) -> int:
        if self._socket is None:
            raise RuntimeError("the proxy is not started")
        return int(self._socket.getsockname()[1])

    @property
    def url(self) -> str:
        """``http://HOST:PORT``: point a client's base URL here (plus the API path, e.g. ``/cloudcore/1.0``)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def _prepare(self) -> uvicorn.Server:
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((self.host, self._requested_port))
            sock.listen(2048)
        except OSError:
            sock.close()
            raise
        self._socket = sock
        config = uvicorn.Config(
            self.app,
            log_config=None,
            access_log=False,
            lifespan="on",
            ws="none",
            proxy_headers=False,  # the caller's X-Forwarded-* headers are forwarded, never interpreted
            server_header=False,
            date_header=False,
            timeout_keep_alive=KEEP_ALIVE,
            timeout_graceful_shutdown=max(1, int(self._stop_timeout / 2)),
        )
        self._server = uvicorn.Server(config)
        return self._server

    def run(self, ready: Callable[[str], None] | None = None) -> None:
        """Serve in the foreground until SIGINT or SIGTERM (uvicorn's handlers); the report is written at the end."""
        server = self._prepare()
        assert self._socket is not None
        if ready is not None:
            ready(self.url)
        try:
            server.run(sockets=[self._socket])
        finally:
            self._socket.close()

    def start(self) -> Self:
        """Serve in a daemon thread; return once the proxy accepts requests."""
        if self._thread is not None:
            raise RuntimeError("the proxy is already started")
        server = self._prepare()
        assert self._socket is not None
        sock = self._socket
        self._thread = threading.Thread(target=self._serve, args=(server, sock), name="cloudcore-proxy", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + self._start_timeout
        while not server.started:
            if not self._thread.is_alive():
                self.stop()
                raise RuntimeError(f"the proxy failed to start: {self._error!r}") from self._error
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the proxy did not start within {self._start_timeout:g} s")
            time.sleep(0.005)
        return self

    def _serve(self, server: uvicorn.Server, sock: socket.socket) -> None:
        try:
            server.run(sockets=[sock])
        except BaseException as exc:  # reported by start()
            self._error = exc

    def stop(self) -> None:
        """Stop serving (the report is written by the app's shutdown) and wait for the thread."""
        server, thread, sock = self._server, self._thread, self._socket
        self._server = self._thread = None
        if server is not None:
            server.should_exit = True
        try:
            if thread is not None:
                thread.join(self._stop_timeout)
                if thread.is_alive():
                    raise RuntimeError(f"the proxy did not stop within {self._stop_timeout:g} s")
        finally:
            if sock is not None:
                sock.close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()
