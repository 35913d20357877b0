"""The API's error answer: ``{"error": {"type": "<snake_case>", "info": "<message>"}}``.

Business rules raise :class:`ApiError`; the app turns it into that body with its status, so no
rule needs to know about HTTP responses.
"""

from __future__ import annotations

from collections.abc import Mapping

import orjson

__all__ = ["ApiError", "error_body"]


class ApiError(Exception):
    """A 4xx answer with the documented error body."""

    def __init__(self, status: int, type_: str, info: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(f"{status} {type_}: {info}")
        self.status = status
        self.type = type_
        self.info = info
        self.headers: Mapping[str, str] = headers or {}

    def with_info(self, info: str) -> ApiError:
        """The same error with another ``info`` (a masked one)."""
        return ApiError(self.status, self.type, info, self.headers)


def error_body(type_: str, info: str) -> bytes:
    """Serialise the error body once, the same way for every status."""
    return orjson.dumps({"error": {"type": type_, "info": info}})


def forbidden() -> ApiError:
    """The 403 for a missing, malformed or unknown ``apikey``."""
    return ApiError(403, "invalid_api_key", "The API key is missing or unknown")
