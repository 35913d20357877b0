"""Reading an answer's body within a size cap, compressed or not, without ever holding more than the cap.

httpx decompresses each network chunk whole, so a 64 KiB chunk of a gzip bomb becomes 64 MiB
before anyone can count it. The engine reads the raw bytes instead and decompresses them here with
`zlib`'s `max_length`, so that the decoded body never grows past the cap plus one step. It asks
only for `gzip` and `deflate` (`ACCEPT_ENCODING`); any other coding is not decoded.
`AnswerReader` is what both engines read an attempt's answer with: the body reader, the response's
status and headers, and the call's deadline checked after each chunk.
"""

from __future__ import annotations

import zlib
from typing import Final, NamedTuple

import httpx

from ._deadline import check as check_deadline

__all__ = ["ACCEPT_ENCODING", "Answer", "AnswerReader", "BodyReader", "TooLargeError", "UndecodableError"]

#: What the client asks for: the codings `BodyReader` decodes within the cap.
ACCEPT_ENCODING: Final = "gzip, deflate"


class Answer(NamedTuple):
    """One attempt's answer as read: the body, or None with why it could not be decoded."""

    status: int
    headers: httpx.Headers
    content: bytes | None
    undecodable: str = ""


class TooLargeError(Exception):
    """Internal: the body is larger than the cap (announced or counted); `size` is what was known."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.status = 0  # set by `AnswerReader`, which knows the answer's status
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


class AnswerReader:
    """One attempt's answer, read from its response: what the sync and async engines share.

    The engine only moves the raw chunks (`streamed`, then `feed` each one) and asks for the
    `answer()`. A body that cannot be decoded ends the reading with an `Answer` that says why
    (`undecodable`), so that its status still counts; one over the cap raises `TooLargeError`
    with the answer's status; a passed deadline raises `DeadlinePassedError` between chunks.
    """

    def __init__(self, response: httpx.Response, limit: int | None) -> None:
        self._response = response
        self._undecodable = ""
        try:
            self._body = BodyReader(response.headers, limit)
            if response.is_stream_consumed:  # built with `content=` (a mock transport): held decoded already
                self._body.take_decoded(response.content)
        except UndecodableError as exc:
            self._undecodable = str(exc)  # nothing of it is read: the answer says why
        except TooLargeError as exc:
            raise self._with_status(exc) from None

    @property
    def streamed(self) -> bool:
        """Whether the body is still to be read from the network, chunk by chunk (`feed`)."""
        return not (self._undecodable or self._response.is_stream_consumed)

    def feed(self, raw: bytes) -> bool:
        """Take the next raw chunk from the network; whether to go on (False: undecodable, stop reading)."""
        try:
            self._body.feed(raw)
        except UndecodableError as exc:
            self._undecodable = str(exc)
        except TooLargeError as exc:
            raise self._with_status(exc) from None
        check_deadline()
        return not self._undecodable

    def answer(self) -> Answer:
        """The whole answer: its status, headers and decoded body (None when it could not be decoded)."""
        status, headers = self._response.status_code, self._response.headers
        if not self._undecodable:
            try:
                return Answer(status, headers, self._body.finish())
            except UndecodableError as exc:
                self._undecodable = str(exc)
            except TooLargeError as exc:
                raise self._with_status(exc) from None
        return Answer(status, headers, None, self._undecodable)

    def _with_status(self, failure: TooLargeError) -> TooLargeError:
        failure.status = self._response.status_code
        return failure
