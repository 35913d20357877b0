"""One request and its answer as the proxy saw them: what judging, recording and comparing read."""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import orjson

from .contract import Operation
from .masking import Masker

__all__ = [
    "HOP_BY_HOP",
    "NOT_JSON",
    "Answer",
    "Exchange",
    "decoded",
    "end_to_end",
    "header",
    "json_type",
    "media_type",
    "parse_json",
]

Headers = Sequence[tuple[str, str]]

#: Headers about one connection, not the message (RFC 9110 7.6.1): a proxy does not pass them on.
#: ``expect`` too: 100-continue is between the caller and the proxy, which reads the body anyway.
HOP_BY_HOP: Final = frozenset(
    {
        b"connection",
        b"keep-alive",
        b"proxy-connection",
        b"te",
        b"trailer",
        b"transfer-encoding",
        b"upgrade",
        b"expect",
    }
)


def end_to_end(
    headers: Iterable[tuple[bytes, bytes]], *, drop: frozenset[bytes] = frozenset()
) -> list[tuple[bytes, bytes]]:
    """``headers`` without the hop-by-hop ones (those the ``Connection`` header names included) and ``drop``."""
    headers = list(headers)
    named = {
        token.strip().lower() for name, value in headers if name.lower() == b"connection" for token in value.split(b",")
    }
    skip = HOP_BY_HOP | drop | named
    return [(name, value) for name, value in headers if name.lower() not in skip]


class _NotJson:
    """The parsed value of a body that is no JSON (distinct from a JSON ``null``)."""

    def __repr__(self) -> str:
        return "NOT_JSON"


NOT_JSON: Any = _NotJson()


def header(headers: Headers, name: str) -> str | None:
    """The first value of header ``name`` (lower-case), or None."""
    return next((value for key, value in headers if key.lower() == name), None)


def media_type(headers: Headers) -> str | None:
    """The Content-Type without parameters, lower-case (``application/json``), or None."""
    value = header(headers, "content-type")
    return value.split(";", 1)[0].strip().lower() if value is not None else None


def decoded(body: bytes, headers: Headers) -> bytes | None:
    """The body with its Content-Encoding (gzip, deflate) undone; None when it cannot be undone."""
    encoding = (header(headers, "content-encoding") or "identity").strip().lower()
    if encoding in ("identity", ""):
        return body
    try:
        if encoding in ("gzip", "x-gzip"):
            return zlib.decompress(body, 16 + zlib.MAX_WBITS)
        if encoding == "deflate":
            try:
                return zlib.decompress(body)
            except zlib.error:
                return zlib.decompress(body, -zlib.MAX_WBITS)
    except zlib.error:
        return None
    return None


def parse_json(body: bytes | None) -> Any:
    """The JSON value of ``body``, or ``NOT_JSON``."""
    if not body:
        return NOT_JSON
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        return NOT_JSON


@dataclass(slots=True)
class Answer:
    """A status, its headers and its body (None: the body was not captured)."""

    status: int
    headers: Headers
    body: bytes | None
    _json: Any = field(default=None, repr=False)
    _parsed: bool = field(default=False, repr=False)

    def json(self) -> Any:
        """The body's JSON value (its Content-Encoding undone), or ``NOT_JSON``; parsed once."""
        if not self._parsed:
            plain = decoded(self.body, self.headers) if self.body is not None else None
            self._json = parse_json(plain)
            self._parsed = True
        return self._json

    @property
    def size(self) -> int:
        return len(self.body) if self.body is not None else 0

    def unparse(self) -> None:
        """Drop the parsed body (it is parsed again if needed): a parsed body takes several times its size."""
        self._json, self._parsed = None, False


@dataclass(slots=True)
class Exchange:
    """What went through the proxy once. Times are ``time.monotonic()`` seconds; ``wall`` is epoch."""

    seq: int
    wall: float
    started: float
    method: str
    path: str
    query: str
    operation: Operation | None
    request_headers: Headers
    #: The request body as sent (None: not captured: over the size or memory bound).
    request_body: bytes | None
    answer: Answer | None = None
    finished: float = 0.0
    #: Why there is no answer (the upstream failed), or why the exchange is not judged.
    error: str | None = None
    unjudged: str | None = None
    #: An opaque, per-process fingerprint of the account (never the key itself), or None.
    account: str | None = None
    #: The path as the caller sent it (raw, without the upstream's base path): for the shadow target.
    caller_path: str = ""
    #: Bytes of this exchange counted against the memory bound (``Holding``).
    reserved: int = 0
    #: More keys to mask in whatever is shown of this exchange (the shadow target's key).
    secrets: tuple[str, ...] = ()
    _request_json: Any = field(default=None, repr=False)
    _parsed: bool = field(default=False, repr=False)
    _masker: Masker | None = field(default=None, repr=False)

    def request_json(self) -> Any:
        """The request body's JSON value, or ``NOT_JSON``; parsed once."""
        if not self._parsed:
            self._request_json = parse_json(self.request_body)
            self._parsed = True
        return self._request_json

    @property
    def operation_id(self) -> str | None:
        return self.operation.id if self.operation is not None else None

    @property
    def target(self) -> str:
        return self.path + (f"?{self.query}" if self.query else "")

    @property
    def masker(self) -> Masker:
        """The masker of this exchange's key (built on first use)."""
        if self._masker is None:
            self._masker = Masker.of_body(self.request_json(), *self.secrets)
        return self._masker

    @property
    def size(self) -> int:
        """Bytes this exchange holds in memory."""
        held = len(self.request_body) if self.request_body is not None else 0
        return held + (self.answer.size if self.answer is not None else 0)

    def unparse(self) -> None:
        """Drop the parsed bodies (parsed again if needed) of an exchange that waits for the shadow."""
        self._request_json, self._parsed = None, False
        if self.answer is not None:
            self.answer.unparse()

    def forget(self) -> None:
        """Drop the bodies and the key's masker: nothing of the exchange is held any more."""
        self.request_body = None
        self._request_json = None
        self._parsed = True
        self._masker = None
        if self.answer is not None:
            self.answer.body = None
            self.answer._json = None
            self.answer._parsed = True

    def shown_request(self, limit: int = 400) -> str:
        """``POST /path {"apikey":"***",...}``: the request as a log line or report shows it (masked)."""
        body = self.request_body
        text = body.decode("utf-8", errors="replace") if body is not None else "<body not captured>"
        return f"{self.method} {self.masker.text(self.target)} {self.masker.text(text)[:limit]}"

    def shown_answer(self, limit: int = 300) -> str:
        """``200 {...}``: the answer as a report shows it (masked), or why there is none."""
        if self.answer is None:
            return f"no answer: {self.error}"
        body = self.answer.body
        plain = decoded(body, self.answer.headers) if body is not None else None
        text = plain.decode("utf-8", errors="replace") if plain else ("<empty>" if body == b"" else "<not captured>")
        return f"{self.answer.status} {self.masker.text(text)[:limit]}"


def json_type(value: Any) -> str:
    """The JSON type name of a parsed value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"
