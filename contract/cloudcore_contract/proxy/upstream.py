"""Connections to one origin (the upstream, or the shadow target), through aiohttp's client.

A proxy wants nothing of what an HTTP client adds for an application: no cookie jar (one caller's
cookies must never reach another caller), no redirects followed, no default headers, no retries,
no decompression. aiohttp's ``ClientSession`` is told so (``DummyCookieJar``, ``skip_auto_headers``,
``auto_decompress=False``, ``allow_redirects=False``), and keeps paths and queries exactly as sent
(``yarl.URL(..., encoded=True)``) and the answer's raw header lines (``raw_headers``).

Why aiohttp and not httpx, which the rest of the toolkit uses: the proxy's own work per exchange is
latency added to every call of the service. Measured on this project's (busy) 2-core machine, one
call cost 0.7-1.0 ms of CPU through ``httpx.AsyncClient``, 0.5-0.8 ms through httpcore (httpx's
transport) and 0.24 ms through aiohttp (C parser); the whole proxy took 1.3 ms of CPU per exchange
with httpcore and 0.65-0.75 ms with aiohttp, and added half the latency (docs/proxy.md, "Performance").
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterable, AsyncIterator, Sequence
from typing import Final
from urllib.parse import urlsplit

import aiohttp
import yarl

__all__ = ["FAILURES", "TIMEOUTS", "Origin", "Upstream", "framed", "split_framing"]

#: What means that the other side gave no (complete) answer in time, or none at all.
TIMEOUTS: Final = (asyncio.TimeoutError,)
FAILURES: Final = (aiohttp.ClientError, asyncio.TimeoutError, OSError)
#: Headers aiohttp would add by itself: a forwarded request carries the caller's, or none.
_AUTOMATIC: Final = ("User-Agent", "Accept", "Accept-Encoding", "Content-Type")


class Upstream:
    """One answer of an origin: its status, raw header lines and body chunks as they arrive."""

    __slots__ = ("_response", "headers", "status")

    def __init__(self, response: aiohttp.ClientResponse) -> None:
        self._response = response
        self.status = response.status
        self.headers: list[tuple[bytes, bytes]] = list(response.raw_headers)

    async def chunks(self) -> AsyncIterator[bytes]:
        """The body as it arrives: raw (still compressed when it is), without chunked framing."""
        async for chunk in self._response.content.iter_any():
            yield chunk

    def close(self) -> None:
        """Give the connection back when the body was read whole; drop it otherwise."""
        if self._response.content.at_eof():
            self._response.release()
        else:
            self._response.close()


class Origin:
    """``scheme://host:port`` plus a base path, with a pool of connections to it."""

    def __init__(self, base_url: str, *, timeout: float, max_connections: int) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) URL with a host: {base_url!r}")
        self.url = base_url
        self._root = f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"
        self._timeout = aiohttp.ClientTimeout(total=None, connect=timeout, sock_read=timeout)
        self._max_connections = max_connections
        self._session: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        """Open the pool (inside the event loop that will use it)."""
        self._session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=self._max_connections, limit_per_host=0),
            cookie_jar=aiohttp.DummyCookieJar(),
            skip_auto_headers=_AUTOMATIC,
            auto_decompress=False,
            timeout=self._timeout,
            trust_env=False,
        )

    async def open(
        self,
        method: str,
        target: str,
        headers: Sequence[tuple[bytes, bytes]],
        content: bytes | AsyncIterable[bytes],
    ) -> Upstream:
        """Send a request (``target``: raw path and query, appended to the base path); its answer, body unread.

        ``headers`` go as given, without Host (the origin's own is sent) and without framing (the
        length of ``content``, or the caller's Content-Length of a stream). Raises one of
        ``FAILURES`` when there is no answer.
        """
        if self._session is None:
            raise RuntimeError("the origin is not started")
        url = yarl.URL(self._root + target, encoded=True)
        response = await self._session.request(
            method,
            url,
            headers=[(name.decode("latin-1"), value.decode("latin-1")) for name, value in headers],
            data=content,
            allow_redirects=False,
            compress=None,
        )
        return Upstream(response)

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


def split_framing(headers: list[tuple[bytes, bytes]]) -> tuple[list[tuple[bytes, bytes]], bytes | None]:
    """The headers without Host, Content-Length and Transfer-Encoding; and the caller's Content-Length."""
    length: bytes | None = None
    kept = []
    for name, value in headers:
        lower = name.lower()
        if lower == b"content-length":
            length = value
        elif lower not in (b"host", b"transfer-encoding"):
            kept.append((name, value))
    return kept, length


def framed(headers: list[tuple[bytes, bytes]], streamed: bool, length: bytes | None) -> list[tuple[bytes, bytes]]:
    """The headers to send: a body held whole is framed by aiohttp (its exact length); a streamed
    body keeps the caller's Content-Length, or goes chunked."""
    return [*headers, (b"Content-Length", length)] if streamed and length is not None else headers
