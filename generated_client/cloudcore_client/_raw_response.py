# Copied verbatim from generator/runtime/_raw_response.py by `nox -s generate`: edit that file, not this one.
"""`with_raw_response`: an answer as the server sent it (key masked), and `parse()` for its result."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Generic, ParamSpec, TypeVar, cast

import httpx

from ._api_key import ApiKey
from ._operation import Exchange, Operation, decode_answer

__all__ = ["RawResponse", "to_async_raw_response", "to_raw_response"]

R = TypeVar("R")
P = ParamSpec("P")


class RawResponse(Generic[R]):
    """An answer as the server sent it (key masked), for `with_raw_response`; `parse()` decodes it.

    Attributes:
        status_code: the HTTP status of the final attempt.
        headers: its headers, key masked.
        content: its body, key masked.
        http_response: an `httpx.Response` with the same masked data (its request's key masked too).
        attempts: how many attempts the call took (retries included).
    """

    def __init__(self, operation: Operation[R], exchange: Exchange, key: ApiKey, request: httpx.Request) -> None:
        self._operation = operation
        self._key = key
        self.status_code = exchange.status_code
        self.headers = exchange.headers
        self.content = exchange.content
        self.attempts = exchange.attempts
        self.http_response = httpx.Response(
            exchange.status_code, headers=exchange.headers, content=exchange.content, request=request
        )

    @property
    def text(self) -> str:
        return self.http_response.text

    def parse(self) -> R:
        """The typed result, or the typed error, exactly as the plain method would give it."""
        return decode_answer(self._operation, self.status_code, self.content, self._key)

    def __repr__(self) -> str:
        return f"<RawResponse {self._operation.name} HTTP {self.status_code}>"


def to_raw_response(method: Callable[P, R]) -> Callable[P, RawResponse[R]]:
    """Retype a resource method bound to a raw requester: it returns the `RawResponse` it really gets."""
    return cast("Callable[P, RawResponse[R]]", method)


def to_async_raw_response(method: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[RawResponse[R]]]:
    """The asyncio twin of `to_raw_response`."""
    return cast("Callable[P, Awaitable[RawResponse[R]]]", method)
