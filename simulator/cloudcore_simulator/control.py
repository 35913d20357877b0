"""The ``/_simulator/`` control API: what the simulator offers beyond the real CloudCore API.

- ``GET  /_simulator/health``         -> ``{"status": "ok"}`` (readiness probe); with an ``X-Api-Key``
  header, also ``"orders": N``, that account's order count
- ``GET  /_simulator/clock``          -> ``{"now": ISO 8601, "epoch": seconds, "speed": x}``
- ``POST /_simulator/clock/advance``  ``{"seconds": N}`` moves virtual time forward [global]
- ``POST /_simulator/clock/speed``    ``{"speed": x}`` sets virtual seconds per real second [global]
- ``POST /_simulator/reset``          ``{}`` forgets all orders and quotes [global]; ``{"apikey": K}`` only K's
- ``POST /_simulator/orders/error``   ``{"apikey": K, "reference": R, "state": 7|11|31|35|39|41}``
  puts an order into an error state, which stops its progression (and emits ItemError signals)
- ``GET  /_simulator/webhooks``       -> ``{"enabled": bool, "cursor": ISO 8601, "cursor_epoch": s,
  "max_attempts": N}``; with an ``X-Api-Key`` header, also that account's ``pending``, ``delivered``,
  ``failed`` and ``recent`` (its last attempts: type, order and item reference, attempt, HTTP
  status, error, outcome); with the control token, the same over all accounts

Every ``POST`` takes an explicit JSON object body with ``Content-Type: application/json``, so a
browser's cross-site "simple" POST (form or text body) is refused before it changes anything.
Numbers are validated (finite, within the ranges of :mod:`clock`) with a 400. An account's data
is shown only to a caller presenting its key. The routes marked [global] need the header
``X-Control-Token`` when the simulator runs with a control token (``--control-token``, or the
environment variable :data:`CONTROL_TOKEN_ENV`); a missing or wrong token answers 403.

Moving the clock (``advance``, ``speed``), a forced error and ``orders/cancel`` wake the webhook
emitter, so the signals they make due go out at once rather than at the next tick. A reset also
drops the queued, failed and kept signals of the accounts it resets, atomically with respect to the
emitter: once it has answered, no signal of a forgotten order is queued, in flight or sent.

Errors use the API's error body. These routes never live under the API's own prefix.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Final

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from .accounts import header_bytes
from .clock import ClockRangeError, check_advance, check_speed, format_iso
from .context import RequestContext
from .errors import ApiError, forbidden
from .responses import error_response, json_response

__all__ = ["API_KEY_HEADER", "CONTROL_TOKEN_ENV", "CONTROL_TOKEN_HEADER", "PREFIX", "control_routes"]

PREFIX: Final = "/_simulator"
API_KEY_HEADER: Final = "x-api-key"
CONTROL_TOKEN_HEADER: Final = "x-control-token"  # noqa: S105 - a header name, not a secret
CONTROL_TOKEN_ENV: Final = "CLOUDCORE_SIMULATOR_CONTROL_TOKEN"  # noqa: S105 - a variable name, not a secret
_INVALID: Final = "json_data_schema_is_not_valid"

Endpoint = Callable[[Request], Awaitable[Response]]


def _answering_errors(endpoint: Endpoint) -> Endpoint:
    """Turn an :class:`ApiError` raised by a control route into the API's error answer."""

    async def wrapped(request: Request) -> Response:
        try:
            return await endpoint(request)
        except ApiError as error:
            return error_response(error)

    return wrapped


def _clock_range(error: ClockRangeError) -> ApiError:
    return ApiError(400, _INVALID, str(error))


def control_routes(ctx: RequestContext) -> list[BaseRoute]:
    """Routes of the control API, bound to one request context."""

    def require_control_token(request: Request) -> None:
        token = request.headers.get(CONTROL_TOKEN_HEADER)
        if not ctx.keys.is_control_token(None if token is None else header_bytes(token)):
            raise ApiError(403, "invalid_control_token", f"This control needs the {CONTROL_TOKEN_HEADER} header")

    def viewer(request: Request) -> tuple[str | None, bool]:
        """``(account, everything)``: whose data the caller may see, from its headers."""
        key = request.headers.get(API_KEY_HEADER)
        if key is not None:
            account = ctx.account_for(header_bytes(key))
            if account is None:
                raise forbidden()
            return account, False
        token = request.headers.get(CONTROL_TOKEN_HEADER)
        if token is not None:
            if not ctx.keys.guarded or not ctx.keys.is_control_token(header_bytes(token)):
                raise ApiError(403, "invalid_control_token", "The control token is wrong or not configured")
            return None, True
        return None, False

    def clock_state() -> dict[str, Any]:
        now = ctx.clock.now()
        return {"now": format_iso(now), "epoch": now, "speed": ctx.clock.speed}

    async def health(request: Request) -> Response:
        account, everything = viewer(request)
        if account is None and not everything:
            return json_response({"status": "ok"})
        return json_response({"status": "ok", "orders": await ctx.run(ctx.store.count_orders, account)})

    async def clock(request: Request) -> Response:
        return json_response(clock_state())

    async def advance(request: Request) -> Response:
        require_control_token(request)
        body = await ctx.read_object(request)
        try:
            ctx.clock.advance(check_advance(body.get("seconds"), ctx.clock.now()))
        except ClockRangeError as error:
            raise _clock_range(error) from error
        ctx.wake_webhooks()
        return json_response(clock_state())

    async def speed(request: Request) -> Response:
        require_control_token(request)
        body = await ctx.read_object(request)
        try:
            ctx.clock.set_speed(check_speed(body.get("speed")))
        except ClockRangeError as error:
            raise _clock_range(error) from error
        ctx.wake_webhooks()
        return json_response(clock_state())

    async def reset(request: Request) -> Response:
        body = await ctx.read_object(request)
        account = None
        if "apikey" in body:
            account = ctx.account_for(body["apikey"])
            if account is None:
                raise forbidden()
            if len(body) > 1:
                raise ApiError(400, _INVALID, 'body must be {} or {"apikey": "..."}')
        elif body:
            raise ApiError(400, _INVALID, 'body must be {} or {"apikey": "..."}')
        else:
            require_control_token(request)
        await ctx.reset(account)
        return json_response({"reset": "account" if account else "all"})

    async def force_error(request: Request) -> Response:
        body, account = await ctx.authenticated_body(request)
        reference, state = body.get("reference"), body.get("state")
        if not isinstance(reference, str) or isinstance(state, bool) or not isinstance(state, int):
            raise ApiError(400, _INVALID, '"reference" (string) and "state" (integer) are required')
        answer = await ctx.run(ctx.orders.force_error, account, reference, state)
        ctx.wake_webhooks()
        return json_response(answer)

    async def webhooks(request: Request) -> Response:
        account, everything = viewer(request)
        if ctx.webhooks is None:
            return json_response({"enabled": False})
        if account is None and not everything:
            return json_response(await ctx.webhooks.status(None, detail=False))
        return json_response(await ctx.webhooks.status(account, detail=True))

    routes: list[tuple[str, Endpoint, str]] = [
        ("/health", health, "GET"),
        ("/clock", clock, "GET"),
        ("/clock/advance", advance, "POST"),
        ("/clock/speed", speed, "POST"),
        ("/reset", reset, "POST"),
        ("/orders/error", force_error, "POST"),
        ("/webhooks", webhooks, "GET"),
    ]
    return [Route(PREFIX + path, _answering_errors(endpoint), methods=[method]) for path, endpoint, method in routes]
