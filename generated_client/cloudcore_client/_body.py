# Copied verbatim from generator/runtime/_body.py by `nox -s generate`: edit that file, not this one.
"""Reading an answer's body within a size cap, compressed or not, without ever holding more than the cap.

httpx decompresses each network chunk whole, so a 64 KiB chunk of a gzip bomb becomes 64 MiB
before anyone can count it. The engine reads the raw bytes instead and decompresses them here with
`zlib`'s `max_length`, so that the decoded body never grows past the cap plus one step. It asks
only for `gzip` and `deflate` (`ACCEPT_ENCODING`); any other coding is not decoded.
"""

from __future__ import annotations

import zlib
from typing import Final

import httpx

__all__ = ["ACCEPT_ENCODING", "BodyReader", "TooLargeError", "UndecodableError"]

#: What the client asks for: the codings `BodyReader` decodes within the cap.
ACCEPT_ENCODING: Final = "gzip, deflate"


class TooLargeError(Exception):
    """Internal: the body is larger than the cap (announced or counted); `size` is what was known."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.status = 0  # set by the engine, which knows the answer's status
        super().__init__(size)


class UndecodableError(Exception):
    """Internal: the body's content coding is unknown or its compressed stream is broken."""


def _decompressor(encoding: str) -> zlib._Decompress | None:
    if encoding in ("", "identity"):
        return None
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(zlib.MAX_WBITS | 16)
    if encoding == "deflate":
        return zlib.decompressobj(zlib.MAX_WBITS | 32)  # zlib or gzip framing; raw deflate below
    raise UndecodableError(f"content encoding {encoding!r} is not supported")


class BodyReader:
    """Collects one body from its raw chunks: decoded, counted, refused once past `limit` bytes."""

    def __init__(self, headers: httpx.Headers, limit: int | None) -> None:
        self._limit = limit
        self._parts: list[bytes] = []
        self._size = 0
        codings = [c.strip().lower() for c in headers.get("content-encoding", "").split(",") if c.strip()]
        if len(codings) > 1:
            raise UndecodableError("stacked content encodings are not supported")
        self._encoding = codings[0] if codings else ""
        self._decompressor = _decompressor(self._encoding)
        self._started = False  # for "deflate": whether its framing (zlib or raw) is settled
        self._head = b""
        announced = headers.get("content-length", "")
        if limit is not None and self._decompressor is None and announced.isdigit() and int(announced) > limit:
            raise TooLargeError(int(announced))  # refused before a byte of it is read

    def _keep(self, data: bytes) -> None:
        if data:
            self._size += len(data)
            if self._limit is not None and self._size > self._limit:
                raise TooLargeError(self._size)
            self._parts.append(data)

    def _room(self) -> int:
        # zlib's max_length 0 means "no limit": always ask for at least one byte past the cap.
        return 0 if self._limit is None else self._limit - self._size + 1

    def feed(self, raw: bytes) -> None:
        """Take the next raw chunk from the network."""
        if self._decompressor is None:
            self._keep(raw)
            return
        if self._encoding == "deflate" and not self._started:
            self._head += raw  # kept until the framing is known (two bytes, at most a few hundred)
        data = raw
        while data:
            try:
                self._keep(self._decompressor.decompress(data, self._room()))
            except zlib.error as exc:
                if self._encoding == "deflate" and not self._started:
                    # Some servers send raw deflate for "deflate": start again with that framing.
                    self._decompressor = zlib.decompressobj(-zlib.MAX_WBITS)
                    self._started = True
                    data, self._head = bytes(self._head), b""
                    continue
                raise UndecodableError(f"broken {self._encoding} stream: {exc}") from None
            if self._size or len(self._head) > 64 * 1024:
                self._started, self._head = True, b""
            data = self._decompressor.unconsumed_tail

    def take_decoded(self, data: bytes) -> None:
        """Take a body that httpx already holds decoded (a response built with `content=`, as a mock
        transport does): only counted."""
        self._decompressor = None
        self._keep(data)

    def finish(self) -> bytes:
        """The whole decoded body."""
        if self._decompressor is not None:
            try:
                self._keep(self._decompressor.flush())
            except zlib.error as exc:
                raise UndecodableError(f"broken {self._encoding} stream: {exc}") from None
            if not self._decompressor.eof and self._size:
                raise UndecodableError(f"truncated {self._encoding} stream")
        return b"".join(self._parts)
