"""The simulator's answers: JSON bodies serialised with orjson, and the API's error body.

Every route answers through these helpers, so an error always has the documented shape
``{"error": {"type": ..., "info": ...}}`` whatever produced it.
"""

from __future__ import annotations

from typing import Any, Final

import orjson
from starlette.responses import Response

from .errors import ApiError, error_body

__all__ = ["JSON", "error_response", "internal_error_response", "json_response", "no_content", "raw_json"]

JSON: Final = "application/json"


def json_response(payload: Any, status: int = 200) -> Response:
    """A JSON answer serialised with orjson."""
    return Response(orjson.dumps(payload), status_code=status, media_type=JSON)


def raw_json(body: bytes) -> Response:
    """A 200 with a body serialised ahead of time (the catalogue listings)."""
    return Response(body, media_type=JSON)


def no_content() -> Response:
    """The API's 204 (an empty list, an unknown product or order log)."""
    return Response(status_code=204)


def error_response(error: ApiError) -> Response:
    """The documented error body for a 4xx (or the 501 of an operation without a handler)."""
    return Response(error_body(error.type, error.info), error.status, dict(error.headers), JSON)


def internal_error_response() -> Response:
    """The 500 of a bug in the simulator, still in the API's error shape."""
    return Response(error_body("internal_error", "The simulator failed to handle the request"), 500, None, JSON)
