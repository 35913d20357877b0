"""The ``/_simulator/`` control API: what the simulator offers beyond the real CloudCore API.

- ``GET  /_simulator/health``         -> ``{"status": "ok", "orders": N}`` (readiness probe)
- ``GET  /_simulator/clock``          -> ``{"now": ISO 8601, "epoch": seconds, "speed": x}``
- ``POST /_simulator/clock/advance``  ``{"seconds": N}`` moves virtual time forward
- ``POST /_simulator/clock/speed``    ``{"speed": x}`` sets virtual seconds per real second
- ``POST /_simulator/reset``          ``{}`` forgets all orders and quotes; ``{"apikey": K}`` only K's
- ``POST /_simulator/orders/error``   ``{"apikey": K, "reference": R, "state": 7|11|31|35|39|41}``
  puts an order into an error state, which stops its progression (and emits ItemError signals)
- ``GET  /_simulator/webhooks``       -> CloudSignal delivery status: ``{"enabled": bool, "pending": N,
  "delivered": N, "failed": N, "cursor": ISO 8601, "cursor_epoch": s, "max_attempts": N, "recent": [...]}``
  (``recent``: the last attempts' type, order and item reference, attempt, HTTP status, error, outcome)

Moving the clock (``advance``, ``speed``), a forced error and ``orders/cancel`` wake the webhook
emitter, so the signals they make due go out at once rather than at the next tick. A reset also
drops the queued, failed and kept signals of the accounts it resets.

Errors use the API's error body. These routes never live under the API's own prefix.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from .clock import format_iso
from .errors import ApiError, forbidden

if TYPE_CHECKING:
    from .app import Simulator

__all__ = ["PREFIX", "control_routes"]

PREFIX = "/_simulator"


def _number(body: Any, name: str) -> float:
    value = body.get(name) if isinstance(body, dict) else None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        raise ApiError(400, "json_data_schema_is_not_valid", f'"{name}" must be a number >= 0')
    return float(value)


def control_routes(simulator: Simulator) -> list[BaseRoute]:
    """Routes of the control API, bound to one simulator."""
    from .app import error_response, json_response  # the app module imports this one

    def clock_state() -> dict[str, Any]:
        now = simulator.clock.now()
        return {"now": format_iso(now), "epoch": now, "speed": simulator.clock.speed}

    async def health(request: Request) -> Response:
        return json_response({"status": "ok", "orders": await simulator.run(simulator.store.count_orders)})

    async def clock(request: Request) -> Response:
        return json_response(clock_state())

    async def advance(request: Request) -> Response:
        try:
            seconds = _number(await simulator.read_json(request), "seconds")
        except ApiError as error:
            return error_response(error)
        simulator.clock.advance(seconds)
        simulator.wake_webhooks()
        return json_response(clock_state())

    async def speed(request: Request) -> Response:
        try:
            value = _number(await simulator.read_json(request), "speed")
        except ApiError as error:
            return error_response(error)
        simulator.clock.set_speed(value)
        simulator.wake_webhooks()
        return json_response(clock_state())

    async def reset(request: Request) -> Response:
        try:
            body = await simulator.read_json(request, required=False)
            account = None
            if isinstance(body, dict) and "apikey" in body:
                account = simulator.account_for(body["apikey"])
                if account is None:
                    raise forbidden()
            elif body not in (None, {}):
                raise ApiError(400, "json_data_schema_is_not_valid", 'body must be {} or {"apikey": "..."}')
        except ApiError as error:
            return error_response(error)
        await simulator.run(simulator.store.reset, account)
        if simulator.webhooks is not None:
            await simulator.webhooks.forget(account)
        return json_response({"reset": "account" if account else "all"})

    async def force_error(request: Request) -> Response:
        try:
            body, account = await simulator.authenticated_body(request)
            reference, state = body.get("reference"), body.get("state")
            if not isinstance(reference, str) or isinstance(state, bool) or not isinstance(state, int):
                raise ApiError(
                    400, "json_data_schema_is_not_valid", '"reference" (string) and "state" (integer) are required'
                )
            answer = await simulator.run(simulator.orders.force_error, account, reference, state)
        except ApiError as error:
            return error_response(error)
        simulator.wake_webhooks()
        return json_response(answer)

    async def webhooks(request: Request) -> Response:
        if simulator.webhooks is None:
            return json_response({"enabled": False})
        return json_response(await simulator.webhooks.status())

    return [
        Route(f"{PREFIX}/health", health, methods=["GET"]),
        Route(f"{PREFIX}/clock", clock, methods=["GET"]),
        Route(f"{PREFIX}/clock/advance", advance, methods=["POST"]),
        Route(f"{PREFIX}/clock/speed", speed, methods=["POST"]),
        Route(f"{PREFIX}/reset", reset, methods=["POST"]),
        Route(f"{PREFIX}/orders/error", force_error, methods=["POST"]),
        Route(f"{PREFIX}/webhooks", webhooks, methods=["GET"]),
    ]
