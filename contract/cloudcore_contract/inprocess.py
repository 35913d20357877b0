"""An ASGI app as a target in this process: a ``requests`` adapter that calls it on this thread.

The in-process target (the simulator, or any ``--app``) is reached through the same
:class:`~cloudcore_contract.transport.PoliteSession` as a target on the network (its deadline, size
limit, 429/503 handling, key masking and counting), with this adapter mounted for its origin. The
adapter runs the app on an event loop of its own, in the calling thread: a request costs what the
app costs, plus ``requests``' own bookkeeping, with no socket, no thread hand-off and no event loop
started per request (schemathesis's ASGI transport, used before, built a session per call and
crossed to an event loop thread twice per request: about half a millisecond each time).

The app's lifespan is started when the adapter is opened and ended when it is closed, as a server
would; an app that does not speak the lifespan protocol is served without it. Between requests the
loop does not run: work the app schedules in the background goes on during the next request. A
request that takes longer than its timeout is cancelled and raised as ``requests``' ``ReadTimeout``
(an app that blocks the thread itself cannot be interrupted; the run's hard stop covers that).
"""

from __future__ import annotations

import asyncio
import http
import io
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any, Final
from urllib.parse import unquote, urlsplit

import requests
import requests.adapters
import urllib3

from .masking import Masker
from .transport import Deadline, Limits, PoliteSession, Traffic

__all__ = ["HOST", "ORIGIN", "ASGIAdapter", "InProcessSession", "LifespanFailed"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]]

#: The host name in-process requests carry (Starlette's test client's; no DNS resolves it).
HOST: Final = "testserver"
#: Where in-process requests go: the adapter is mounted for this origin, nothing leaves the process.
ORIGIN: Final = f"http://{HOST}"


class LifespanFailed(Exception):
    """The app's lifespan start-up failed: it cannot be tested."""


def _reason(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return ""


def _body(body: Any) -> bytes:
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode("utf-8")
    if isinstance(body, (bytes, bytearray, memoryview)):
        return bytes(body)
    if hasattr(body, "read"):
        data = body.read()
        return data.encode("utf-8") if isinstance(data, str) else bytes(data)
    chunks: Iterable[Any] = body
    return b"".join(chunk.encode("utf-8") if isinstance(chunk, str) else bytes(chunk) for chunk in chunks)


class _Lifespan:
    """The lifespan protocol of one app, on the adapter's loop."""

    def __init__(self, app: ASGIApp, state: dict[str, Any]) -> None:
        self.app = app
        self.state = state
        self.to_app: asyncio.Queue[Message] = asyncio.Queue()
        self.from_app: asyncio.Queue[Message] = asyncio.Queue()
        self.asked = False
        self.task: asyncio.Task[None] | None = None

    async def _receive(self) -> Message:
        self.asked = True
        return await self.to_app.get()

    async def _run(self) -> None:
        scope: Scope = {"type": "lifespan", "asgi": {"version": "3.0", "spec_version": "2.0"}, "state": self.state}
        try:
            await self.app(scope, self._receive, self.from_app.put)
        except Exception:
            if self.asked:  # a failure after it took part; before, it just does not speak the protocol
                raise

    async def _exchange(self, message: str) -> Message | None:
        """Send ``message``; the app's answer, or None when it does not take part (any more)."""
        assert self.task is not None
        await self.to_app.put({"type": message})
        answer = asyncio.ensure_future(self.from_app.get())
        await asyncio.wait({answer, self.task}, return_when=asyncio.FIRST_COMPLETED)
        if answer.done():
            return answer.result()
        answer.cancel()
        self.task.result()  # raises what the app failed with
        return None

    async def startup(self) -> None:
        self.task = asyncio.ensure_future(self._run())
        answer = await self._exchange("lifespan.startup")
        if answer is not None and answer["type"] == "lifespan.startup.failed":
            raise LifespanFailed(str(answer.get("message") or "the app's lifespan start-up failed"))

    async def shutdown(self) -> None:
        if self.task is None or self.task.done():
            return
        await self._exchange("lifespan.shutdown")
        if not self.task.done():
            self.task.cancel()


class ASGIAdapter(requests.adapters.HTTPAdapter):
    """A ``requests`` transport adapter that answers from an ASGI app, on the calling thread."""

    def __init__(self, app: ASGIApp, default_timeout: float = 30.0) -> None:
        super().__init__()
        self.app = app
        self.default_timeout = default_timeout
        self._loop: asyncio.AbstractEventLoop | None = None
        self._state: dict[str, Any] = {}
        self._lifespan: _Lifespan | None = None

    def open(self) -> None:
        """Start the app's lifespan (raises :class:`LifespanFailed` when its start-up fails)."""
        if self._loop is not None:
            return
        self._loop = asyncio.new_event_loop()
        self._lifespan = _Lifespan(self.app, self._state)
        self._loop.run_until_complete(self._lifespan.startup())

    def close(self) -> None:
        """End the app's lifespan and the loop (what is still scheduled is cancelled)."""
        loop, lifespan = self._loop, self._lifespan
        self._loop = self._lifespan = None
        super().close()
        if loop is None:
            return
        try:
            if lifespan is not None:
                loop.run_until_complete(asyncio.wait_for(lifespan.shutdown(), self.default_timeout))
        finally:
            pending = asyncio.all_tasks(loop)
            for task in pending:
                task.cancel()
            if pending:
                loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: Any = None,
        verify: Any = True,
        cert: Any = None,
        proxies: Any = None,
    ) -> requests.Response:
        self.open()
        assert self._loop is not None
        seconds = timeout[1] if isinstance(timeout, tuple) else timeout
        seconds = self.default_timeout if seconds is None else float(seconds)
        url = str(request.url)
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        headers = [(b"host", parts.netloc.encode("latin-1"))] if "host" not in request.headers else []
        headers += [
            (name.lower().encode("latin-1"), value if isinstance(value, bytes) else value.encode("latin-1"))
            for name, value in request.headers.items()
        ]
        scope: Scope = {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.3"},
            "http_version": "1.1",
            "method": str(request.method),
            "scheme": parts.scheme,
            "path": unquote(parts.path),
            "raw_path": parts.path.encode("latin-1"),
            "root_path": "",
            "query_string": parts.query.encode("latin-1"),
            "headers": headers,
            "client": ("127.0.0.1", 50000),
            "server": (parts.hostname or HOST, port),
            "state": dict(self._state),
        }
        body = _body(request.body)
        answer: dict[str, Any] = {}
        chunks: list[bytes] = []
        received = False
        finished = asyncio.Event()

        async def receive() -> Message:
            nonlocal received
            if received:
                await finished.wait()  # the answer is complete: then the client "disconnects"
                return {"type": "http.disconnect"}
            received = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: Message) -> None:
            if message["type"] == "http.response.start":
                answer["status"] = int(message["status"])
                answer["headers"] = [
                    (bytes(name).decode("latin-1"), bytes(value).decode("latin-1"))
                    for name, value in message.get("headers", [])
                ]
            elif message["type"] == "http.response.body":
                if request.method != "HEAD":
                    chunks.append(bytes(message.get("body", b"")))
                if not message.get("more_body", False):
                    finished.set()

        async def call() -> None:
            await asyncio.wait_for(self.app(scope, receive, send), seconds)

        try:
            self._loop.run_until_complete(call())
        except TimeoutError:
            raise requests.exceptions.ReadTimeout(f"{url}: no complete answer within {seconds:g} s") from None
        if "status" not in answer:
            raise requests.exceptions.ConnectionError(f"{url}: the app ended without an answer")
        raw = urllib3.HTTPResponse(
            body=io.BytesIO(b"".join(chunks)),
            headers=answer["headers"],
            status=answer["status"],
            reason=_reason(answer["status"]),
            version=11,
            preload_content=False,
            decode_content=True,
            request_method=str(request.method),
        )
        return self.build_response(request, raw)


class InProcessSession(PoliteSession):
    """The run's session for an in-process app: every bound of :class:`PoliteSession` but the thread.

    Over the network each request runs in a worker thread, so that the clock can give up on a
    target that trickles; here the adapter's own timeout cancels a slow answer, and a request is a
    plain call on this thread.
    """

    def __init__(
        self, app: ASGIApp, limits: Limits, masker: Masker, deadline: Deadline, traffic: Traffic | None = None
    ) -> None:
        super().__init__(limits, masker, deadline, traffic)
        self.trust_env = False  # no proxies or .netrc to look up: nothing goes over the network
        self.adapter = ASGIAdapter(app, default_timeout=limits.request_timeout)
        self.mount(ORIGIN + "/", self.adapter)

    def open(self) -> None:
        """Start the app (its lifespan)."""
        self.adapter.open()

    def _bounded(
        self, what: str, method: str, url: str, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> requests.Response:
        budget = min(self.limits.request_timeout, self.deadline.remaining())
        if budget <= 0:
            raise self._give_up(f"the run's deadline of {self.deadline.seconds:g} s has passed")
        kwargs["timeout"] = budget
        with self.traffic.lock:
            self.traffic.requests += 1
        answer = requests.Session.request(self, method, url, *args, **kwargs)
        self._read(what, answer)
        return answer
