"""Reading a request body: size limit, media type, JSON parsing, and the body's ``apikey``.

The API and the control routes read bodies the same way, so both refuse a wrong media type, an
oversize or malformed body with the same 4xx. A body that has not arrived whole within
``body_timeout`` seconds of the request's headers is refused with a 408 ``request_timeout`` (a
client trickling its body cannot hold a request open). A client that hangs up mid-body is logged
at debug level, without a traceback: it is the client's doing, not a simulator failure.
"""

from __future__ import annotations

import logging
from typing import Any, Final

import anyio
import orjson
from starlette.requests import ClientDisconnect, Request

from .accounts import KeyRing
from .errors import ApiError, forbidden
from .responses import JSON

__all__ = ["BODY_TIMEOUT", "authenticated_body", "read_bytes", "read_json", "read_object"]

BODY_TIMEOUT: Final = 30.0
"""Default seconds a request's body may take to arrive, from the end of its headers."""

_log = logging.getLogger("cloudcore_simulator")
_DISCONNECTED: Final = "client_disconnected"


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";", 1)[0].strip().lower()


async def read_bytes(request: Request, max_body: int, body_timeout: float = BODY_TIMEOUT) -> bytes:
    """The whole body: 413 beyond ``max_body`` bytes, 408 when it takes longer than ``body_timeout`` seconds."""
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > max_body:
        raise ApiError(413, "request_body_too_large", f"The body exceeds {max_body} bytes")
    chunks: list[bytes] = []
    size = 0
    try:
        with anyio.fail_after(body_timeout):
            async for chunk in request.stream():
                size += len(chunk)
                if size > max_body:
                    raise ApiError(413, "request_body_too_large", f"The body exceeds {max_body} bytes")
                chunks.append(chunk)
    except TimeoutError as exc:
        raise ApiError(408, "request_timeout", f"The body did not arrive within {body_timeout:g} s") from exc
    except ClientDisconnect as exc:
        _log.debug("client disconnected before sending its whole body (%s %s)", request.method, request.url.path)
        raise ApiError(400, _DISCONNECTED, "The client disconnected before sending its whole body") from exc
    return b"".join(chunks)


async def read_json(request: Request, max_body: int, body_timeout: float = BODY_TIMEOUT) -> Any:
    """The body as parsed JSON, refusing wrong media types, oversize or slow bodies and bad JSON."""
    raw = await read_bytes(request, max_body, body_timeout)
    media_type = _media_type(request)
    if media_type != JSON and not media_type.endswith("+json"):
        raise ApiError(400, "invalid_content_type", "Content-Type must be application/json")
    if not raw.strip():
        raise ApiError(400, "invalid_json", "The body is empty; a JSON object is required")
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise ApiError(400, "invalid_json", f"The body is not valid JSON: {str(exc)[:160]}") from exc


async def read_object(request: Request, max_body: int, body_timeout: float = BODY_TIMEOUT) -> dict[str, Any]:
    """The body as a JSON object (400 for any other JSON value)."""
    body = await read_json(request, max_body, body_timeout)
    if not isinstance(body, dict):
        raise ApiError(400, "json_data_is_not_an_object", "The body must be a JSON object")
    return body


async def authenticated_body(
    request: Request, max_body: int, keys: KeyRing, body_timeout: float = BODY_TIMEOUT
) -> tuple[dict[str, Any], str]:
    """The JSON object body and its key's account: 400 for no object, then 403 for a bad key.

    The key is checked before the schema, so a body whose only fault is its key answers 403.
    """
    body = await read_object(request, max_body, body_timeout)
    account = keys.account_for(body.get("apikey"))
    if account is None:
        raise forbidden()
    return body, account
