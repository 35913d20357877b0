"""The proxy itself: an ASGI app that forwards each request unchanged and judges the exchange after.

Forwarding comes first. The request goes to the upstream as it came (method, path, query, body and
headers, less the hop-by-hop ones and with the upstream's ``Host``); the answer comes back as the
upstream sent it (status, headers less the hop-by-hop ones, and the body's raw bytes, streamed as
they arrive, Content-Encoding untouched). No retry, no timeout shorter than the upstream deadline
(``upstream_timeout``, 300 s by default), and nothing done before the caller has the whole answer:
judging, recording and the shadow request come after. The proxy answers by itself only when the
upstream gives no answer at all: 502 (unreachable, broke off before its status line) or 504 (no
answer within the deadline), each with the API's error body and ``X-Cloudcore-Proxy: upstream-failed``;
an upstream that breaks off in the middle of a body has its connection to the caller cut the same way.

Paths under ``/_proxy/`` are the proxy's own (never forwarded): ``GET /_proxy/health``,
``GET /_proxy/report`` (the JSON report) and ``POST /_proxy/report`` (write the report files now).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import signal
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

import orjson

from .accounts import Accounts
from .contract import Contract, load_contract
from .exchange import Answer, Exchange, end_to_end
from .holding import DEFAULT_MAX_HELD, DEFAULT_MAX_HELD_BYTES, Holding
from .judging import Judge, Verdict
from .masking import printable
from .orderbook import DEFAULT_MAX_ORDERS, OrderBook
from .recording import DEFAULT_MAX_RECORD_BYTES, Recorder
from .report import DEFAULT_MAX_FINDINGS, Fidelity, Report
from .shadow import DEFAULT_SHADOW_QUEUE, DEFAULT_SHADOW_TIMEOUT, Shadow
from .upstream import FAILURES, TIMEOUTS, Origin, Upstream, framed, split_framing

__all__ = ["CONTROL_PREFIX", "TOOL", "ProxyApp", "ProxyConfig"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

TOOL: Final = "cloudcore-contract proxy"
CONTROL_PREFIX: Final = "/_proxy/"
DEFAULT_UPSTREAM_TIMEOUT: Final = 300.0
DEFAULT_MAX_BODY: Final = 8 * 1024 * 1024
#: Connections to the upstream at once; more concurrent requests wait for one (as a browser does).
DEFAULT_MAX_CONNECTIONS: Final = 1000
_PROXY_HEADER: Final = (b"x-cloudcore-proxy", b"upstream-failed")
_log = logging.getLogger("cloudcore_contract.proxy")


@dataclass(frozen=True, slots=True)
class ProxyConfig:
    """Everything the proxy is told at start-up (see ``cloudcore-contract proxy --help``)."""

    upstream: str
    shadow: str | None = None
    shadow_key: str | None = field(default=None, repr=False)
    strict: bool = False
    record_dir: Path | None = None
    record_max_bytes: int = DEFAULT_MAX_RECORD_BYTES
    report_json: Path | None = None
    report_junit: Path | None = None
    upstream_timeout: float = DEFAULT_UPSTREAM_TIMEOUT
    shadow_timeout: float = DEFAULT_SHADOW_TIMEOUT
    shadow_queue: int = DEFAULT_SHADOW_QUEUE
    max_held: int = DEFAULT_MAX_HELD
    max_held_bytes: int = DEFAULT_MAX_HELD_BYTES
    max_body: int = DEFAULT_MAX_BODY
    max_orders: int = DEFAULT_MAX_ORDERS
    max_findings: int = DEFAULT_MAX_FINDINGS
    max_connections: int = DEFAULT_MAX_CONNECTIONS

    def __post_init__(self) -> None:
        for name in ("upstream", "shadow"):
            url = getattr(self, name)
            if url is None:
                continue
            try:
                parsed = urlsplit(url)
                parsed.port  # noqa: B018 - raises ValueError for a port that is no number
            except ValueError as exc:
                raise ValueError(f"--{name} is no URL: {url!r}") from exc
            if parsed.scheme not in ("http", "https") or not parsed.hostname:
                raise ValueError(f"--{name} must be an http(s) URL with a host, got {url!r}")
            if parsed.query or parsed.fragment or parsed.username is not None:
                raise ValueError(f"--{name} must carry no query, fragment or credentials")
        positive = ("upstream_timeout", "shadow_timeout", "shadow_queue", "max_held", "max_held_bytes", "max_body")
        for name in (*positive, "max_orders", "max_findings", "max_connections", "record_max_bytes"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name.replace('_', '-')} must be positive")


def _text(headers: list[tuple[bytes, bytes]]) -> list[tuple[str, str]]:
    return [(name.decode("latin-1"), value.decode("latin-1")) for name, value in headers]


class ProxyApp:
    """The validating proxy as an ASGI app (uvicorn serves it; tests may serve it in a thread)."""

    def __init__(self, config: ProxyConfig, contract: Contract | None = None) -> None:
        self.config = config
        self.contract = contract if contract is not None else load_contract()
        self.accounts = Accounts()
        self.judge = Judge(strict=config.strict, orders=OrderBook(config.max_orders))
        self.report = Report(
            self.contract, tool=TOOL, upstream=config.upstream, strict=config.strict, max_findings=config.max_findings
        )
        self.holding = Holding(config.max_held, config.max_held_bytes)
        self.report.sections["held"] = self.holding.as_dict
        self.report.sections["orders_remembered"] = lambda: {
            "orders": len(self.judge.orders),
            "bound": self.judge.orders.max_orders,
            "forgotten": self.judge.orders.forgotten,
        }
        self.recorder = Recorder(config.record_dir, config.record_max_bytes) if config.record_dir else None
        if self.recorder is not None:
            self.report.sections["recording"] = self.recorder.as_dict
        self.shadow: Shadow | None = None
        if config.shadow is not None:
            self.report.fidelity = Fidelity(config.shadow, config.max_findings)
        self._base_path = urlsplit(config.upstream).path.rstrip("/").encode("latin-1")
        self._upstream: Origin | None = None
        self._secrets = (config.shadow_key,) if config.shadow_key else ()
        self._sequence = itertools.count(1)
        #: Called at the very end of shutdown, after the report is written (the command prints its summary).
        self.on_shutdown: list[Callable[[], None]] = []

    # ---- ASGI -----------------------------------------------------------------------------------
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            if str(scope["path"]).startswith(CONTROL_PREFIX):
                await self._control(scope, send)
            else:
                await self._forward(scope, receive, send)
        elif scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        elif scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1003})

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    await self.startup()
                except Exception as exc:
                    await send({"type": "lifespan.startup.failed", "message": str(exc)})
                    return
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.shutdown()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def startup(self) -> None:
        """Open the upstream connection pool, the recording and the shadow worker."""
        self._upstream = Origin(
            self.config.upstream, timeout=self.config.upstream_timeout, max_connections=self.config.max_connections
        )
        await self._upstream.start()
        if self.recorder is not None:
            self.recorder.open()
        if self.report.fidelity is not None and self.config.shadow is not None:
            self.shadow = Shadow(
                self.config.shadow,
                self.report.fidelity,
                key=self.config.shadow_key,
                timeout=self.config.shadow_timeout,
                queue_size=self.config.shadow_queue,
                max_body=self.config.max_body,
                done=self._release,
            )
            await self.shadow.start()
        if threading.current_thread() is threading.main_thread():
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                asyncio.get_running_loop().add_signal_handler(signal.SIGUSR1, self.write_report)

    async def shutdown(self) -> None:
        """Finish the shadow comparisons (5 s at most), close everything, write the report."""
        if self.shadow is not None:
            await self.shadow.stop(drain=5.0)
        if self._upstream is not None:
            await self._upstream.aclose()
            self._upstream = None
        if self.recorder is not None:
            self.recorder.close()
        self.write_report()
        for callback in self.on_shutdown:
            callback()

    def write_report(self) -> list[Path]:
        """Write the report files (JSON, JUnit) that were asked for; log where."""
        written = self.report.write(self.config.report_json, self.config.report_junit)
        if written:
            _log.info("report written: %s", ", ".join(str(path) for path in written))
        return written

    # ---- the proxy's own paths ------------------------------------------------------------------
    async def _control(self, scope: Scope, send: Send) -> None:
        path, method = str(scope["path"]), str(scope["method"])
        if path == "/_proxy/health" and method == "GET":
            payload: Any = {"status": "ok", "upstream": self.config.upstream, "exchanges": self.report.exchanges}
            status = 200
        elif path == "/_proxy/report" and method == "GET":
            payload, status = self.report.as_dict(), 200
        elif path == "/_proxy/report" and method == "POST":
            written = self.write_report()
            payload, status = {"written": [str(p) for p in written], "report": self.report.as_dict()}, 200
        else:
            known = "GET /_proxy/health, GET|POST /_proxy/report"
            info = f"{method} {printable(path, 200)} is not a path of the proxy ({known})"
            payload, status = {"error": {"type": "not_found", "info": info}}, 404
        body = orjson.dumps(payload, option=orjson.OPT_NON_STR_KEYS)
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body, "more_body": False})

    # ---- forwarding -----------------------------------------------------------------------------
    async def _forward(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.monotonic()
        raw_path = bytes(scope.get("raw_path") or str(scope["path"]).encode())
        query = bytes(scope.get("query_string") or b"")
        raw_headers = [(bytes(name), bytes(value)) for name, value in scope["headers"]]
        held = self.holding.enter()
        exchange = Exchange(
            seq=next(self._sequence),
            wall=time.time(),
            started=started,
            method=str(scope["method"]),
            path=(self._base_path + raw_path).decode("latin-1"),
            query=query.decode("latin-1"),
            operation=self.contract.match(self._base_path.decode("latin-1") + str(scope["path"])),
            request_headers=_text(raw_headers),
            request_body=None,
            caller_path=raw_path.decode("latin-1"),
            secrets=self._secrets,
        )
        if not held:
            exchange.unjudged = f"over the bound of {self.holding.max_exchanges:,} exchanges held"
        completed = False
        try:
            completed = await self._exchange(
                exchange, held, raw_path + (b"?" + query if query else b""), raw_headers, receive, send
            )
        finally:
            if completed and held and exchange.unjudged is None:
                self._settle(exchange)
            else:
                self._count_unsettled(exchange, held)

    async def _exchange(
        self,
        exchange: Exchange,
        held: bool,
        target: bytes,
        raw_headers: list[tuple[bytes, bytes]],
        receive: Receive,
        send: Send,
    ) -> bool:
        """Forward one exchange; True when the caller got a complete answer (the upstream's or ours)."""
        content, complete = await self._read_request(exchange, held, receive)
        if not complete:
            exchange.unjudged = exchange.unjudged or "the caller went away before its request was complete"
            return False
        headers, length = split_framing(end_to_end(raw_headers))
        headers = framed(headers, not isinstance(content, bytes), length)
        assert self._upstream is not None, "the proxy is not started (lifespan)"
        try:
            response = await self._upstream.open(exchange.method, target.decode("latin-1"), headers, content)
        except TIMEOUTS:
            await self._failed(
                exchange, send, 504, f"no answer from the upstream within {self.config.upstream_timeout:g} s"
            )
            return True
        except FAILURES as exc:
            await self._failed(exchange, send, 502, f"the upstream gave no answer ({type(exc).__name__})")
            return True
        try:
            return await self._relay(exchange, response, send)
        finally:
            response.close()

    async def _read_request(self, exchange: Exchange, held: bool, receive: Receive) -> tuple[Any, bool]:
        """The body to send upstream (bytes, or a stream past the size bound) and whether it arrived whole."""
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return b"", False
            chunk = bytes(message.get("body", b""))
            chunks.append(chunk)
            size += len(chunk)
            more = bool(message.get("more_body", False))
            if not more:
                break
            if size > self.config.max_body or not held:
                exchange.unjudged = exchange.unjudged or f"the request body is over {self.config.max_body:,} bytes"
                return _streamed(b"".join(chunks), receive), True
        body = b"".join(chunks)
        if held and exchange.unjudged is None:
            if self.holding.reserve(len(body)):
                exchange.request_body = body
                exchange.reserved += len(body)
            else:
                exchange.unjudged = f"over the bound of {self.holding.max_bytes:,} bytes held"
        return body, True

    async def _relay(self, exchange: Exchange, response: Upstream, send: Send) -> bool:
        """Send the upstream's answer on as it arrives, keeping a copy within the bounds."""
        headers = end_to_end(response.headers)
        status = response.status
        await send({"type": "http.response.start", "status": status, "headers": headers})
        capture = exchange.unjudged is None
        chunks: list[bytes] = []
        kept = 0
        try:
            async for chunk in response.chunks():
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
                if capture:
                    if kept + len(chunk) > self.config.max_body or not self.holding.reserve(len(chunk)):
                        capture = False
                        self.holding.free(kept)
                        exchange.reserved -= kept
                        chunks, kept = [], 0
                        exchange.unjudged = "the answer is over a size or memory bound"
                    else:
                        chunks.append(chunk)
                        kept += len(chunk)
                        exchange.reserved += len(chunk)
        except FAILURES as exc:
            # Broke off mid-body: returning without the final message makes uvicorn cut the connection,
            # so the caller sees the same broken answer it would have seen from the upstream.
            exchange.error = f"the upstream broke off in the middle of its answer ({type(exc).__name__})"
            exchange.answer = Answer(status, _text(headers), None)
            exchange.finished = time.monotonic()
            return False
        await send({"type": "http.response.body", "body": b"", "more_body": False})
        exchange.finished = time.monotonic()
        exchange.answer = Answer(status, _text(headers), b"".join(chunks) if capture else None)
        return True

    async def _failed(self, exchange: Exchange, send: Send, status: int, reason: str) -> None:
        exchange.error = reason
        exchange.finished = time.monotonic()
        body = orjson.dumps({"error": {"type": "proxy_upstream_failed", "info": reason}})
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            _PROXY_HEADER,
        ]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body, "more_body": False})

    # ---- after the caller has its answer ----------------------------------------------------------
    def _settle(self, exchange: Exchange) -> None:
        """Judge, log, record and shadow one complete exchange; then let it go (or hand it to the shadow)."""
        handed_over = False
        try:
            body = exchange.request_json()
            exchange.account = self.accounts.fingerprint(body.get("apikey") if isinstance(body, dict) else None)
            verdict: Verdict | None = None
            if exchange.answer is not None and exchange.error is None:
                verdict = self.judge.judge(exchange)
            for violation in self.report.add(exchange, verdict):
                _log.warning(
                    "violation %s %s: %s%s | %s -> %s",
                    exchange.operation_id,
                    violation.kind,
                    printable(violation.what, 300),
                    f" ({printable(exchange.masker.text(violation.detail), 300)})" if violation.detail else "",
                    printable(exchange.shown_request(), 600),
                    exchange.answer.status if exchange.answer is not None else "no answer",
                )
            if exchange.error is not None:
                _log.warning(
                    "upstream failed %s: %s | %s",
                    exchange.operation_id or "outside the contract",
                    exchange.error,
                    printable(exchange.shown_request(), 600),
                )
            if self.recorder is not None:
                refused = exchange.answer is not None and exchange.answer.status == 403
                self.recorder.record(exchange, None if refused else self.accounts.number(exchange.account))
            if self.shadow is not None and exchange.error is None:
                exchange.unparse()  # it may wait in the shadow queue: hold its bytes, not its parse
                handed_over = self.shadow.submit(exchange)
        except Exception:  # a bug in judging must never take the proxy down: the caller is served already
            _log.exception("judging exchange %s failed", exchange.seq)
        finally:
            if not handed_over:
                self._release(exchange)

    def _count_unsettled(self, exchange: Exchange, held: bool) -> None:
        """An exchange not judged (over a bound, broken off): counted, recorded when it can be."""
        if exchange.unjudged is None and exchange.error is not None:
            exchange.unjudged = exchange.error
        if exchange.error is not None:
            _log.warning("upstream failed %s: %s", exchange.operation_id or "outside the contract", exchange.error)
        if exchange.answer is not None or exchange.error is not None:
            self.report.add(exchange, None)
        else:
            self.report.not_judged(exchange.unjudged or "the exchange broke off")
        if self.recorder is not None and exchange.answer is not None:
            self.recorder.record(exchange, None)
        if held:
            self._release(exchange)

    def _release(self, exchange: Exchange) -> None:
        self.holding.leave(exchange.reserved)
        exchange.reserved = 0
        exchange.forget()


async def _streamed(first: bytes, receive: Receive) -> AsyncIterator[bytes]:
    """The rest of a large request body, passed on as it arrives."""
    yield first
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return
        yield bytes(message.get("body", b""))
        if not message.get("more_body", False):
            return
