"""The Starlette application: the eleven CloudCore endpoints plus the ``/_simulator/`` controls.

Per request the work is: read at most ``max_body`` bytes, parse with orjson, authenticate the
body's ``apikey`` (constant time, against every key), validate against the precompiled request
schema, run the business rule. Every failure answers the API's error body; nothing a client
sends can produce a 500.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Final, TypeVar

import anyio.to_thread
import orjson
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from .clock import VirtualClock
from .control import control_routes
from .errors import ApiError, error_body, forbidden
from .fence import WriteFence
from .listings import Listings
from .orders import OrderService
from .outbox import open_outbox
from .spec import base_path, load_spec, post_operations
from .store import SQLiteStore, Store, open_store
from .validation import RequestValidator, unknown_fields_warning
from .webhooks import WebhookConfig, WebhookEmitter

__all__ = ["MAX_BODY", "Simulator", "WebhookConfig", "create_app"]

MAX_BODY: Final = 1024 * 1024
JSON: Final = "application/json"
_log = logging.getLogger("cloudcore_simulator")
T = TypeVar("T")

Handler = Callable[["Simulator", str, dict[str, Any]], Awaitable[Response]]


def json_response(payload: Any, status: int = 200) -> Response:
    """A JSON answer serialised with orjson."""
    return Response(orjson.dumps(payload), status_code=status, media_type=JSON)


def error_response(error: ApiError) -> Response:
    """The documented error body for a 4xx."""
    return Response(error_body(error.type, error.info), error.status, dict(error.headers), JSON)


def account_id(key: str) -> str:
    """The account a key stands for: a digest, so stores and logs never hold the key."""
    return hashlib.sha256(b"cloudcore-account\x00" + key.encode()).hexdigest()[:32]


class Simulator:
    """Everything a request needs, built once: keys, store, clock, rules and prebuilt answers."""

    def __init__(self, api_keys: Sequence[str], store: Store, clock: VirtualClock, max_body: int) -> None:
        if not api_keys:
            raise ValueError("at least one API key is required")
        self._keys = [(key.encode(), account_id(key)) for key in api_keys]
        self.store = store
        self.clock = clock
        self.orders = OrderService(store, clock)
        self.listings = Listings()
        self.max_body = max_body
        self.webhooks: WebhookEmitter | None = None
        """The CloudSignal emitter, when a webhook URL is configured."""

    def wake_webhooks(self) -> None:
        """Have the webhook emitter look for due signals now (after a clock jump, a cancel, an error)."""
        if self.webhooks is not None:
            self.webhooks.wake()

    def account_for(self, key: object) -> str | None:
        """The account of a configured key, comparing against every key in constant time."""
        if not isinstance(key, str) or not key:
            return None
        candidate = key.encode()
        found = None
        for secret, account in self._keys:
            if hmac.compare_digest(candidate, secret):
                found = account
        return found

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        """Call a store-touching function; off the event loop when the store may block on disk."""
        if self.store.blocking:
            return await anyio.to_thread.run_sync(functools.partial(function, *args))
        return function(*args)

    async def read_json(self, request: Request, *, required: bool = True) -> Any:
        """The body as parsed JSON, refusing wrong media types, oversize bodies and bad JSON."""
        media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        length = request.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body:
            raise ApiError(413, "request_body_too_large", f"The body exceeds {self.max_body} bytes")
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > self.max_body:
                raise ApiError(413, "request_body_too_large", f"The body exceeds {self.max_body} bytes")
            chunks.append(chunk)
        raw = b"".join(chunks)
        if not raw.strip() and not required:
            return None
        if media_type != JSON and not media_type.endswith("+json"):
            raise ApiError(400, "invalid_content_type", "Content-Type must be application/json")
        if not raw.strip():
            raise ApiError(400, "invalid_json", "The body is empty; a JSON object is required")
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise ApiError(400, "invalid_json", f"The body is not valid JSON: {str(exc)[:160]}") from exc

    async def authenticated_body(self, request: Request) -> tuple[dict[str, Any], str]:
        """The JSON object body and its key's account: 400 for no object, then 403 for a bad key.

        The key is checked before the schema, so a body whose only fault is its key answers 403.
        """
        body = await self.read_json(request)
        if not isinstance(body, dict):
            raise ApiError(400, "json_data_is_not_an_object", "The body must be a JSON object")
        account = self.account_for(body.get("apikey"))
        if account is None:
            raise forbidden()
        return body, account


def api_endpoint(
    simulator: Simulator, validator: RequestValidator, spec_path: str, handler: Handler
) -> Callable[[Request], Awaitable[Response]]:
    """The request pipeline of one API path: body -> object -> key -> schema -> rule."""

    async def endpoint(request: Request) -> Response:
        unknown: tuple[str, ...] = ()
        try:
            body, account = await simulator.authenticated_body(request)
            unknown = validator.validate(spec_path, body)
            response = await handler(simulator, account, body)
        except ApiError as error:
            response = error_response(error)
        if unknown:
            response.headers["Warning"] = unknown_fields_warning(unknown)
        return response

    return endpoint


# ---- handlers: one per spec path -------------------------------------------------------------
async def _list_orders(sim: Simulator, account: str, body: dict[str, Any]) -> Response:
    summaries = await sim.run(sim.orders.list_orders, account)
    return json_response(summaries) if summaries else Response(status_code=204)


async def _order_info(sim: Simulator, account: str, body: dict[str, Any]) -> Response:
    return json_response(await sim.run(sim.orders.info, account, body["reference"]))


async def _add_order(sim: Simulator, account: str, body: dict[str, Any]) -> Response:
    return json_response(await sim.run(sim.orders.add, account, body), 201)


async def _cancel_order(sim: Simulator, account: str, body: dict[str, Any]) -> Response:
    answer = await sim.run(sim.orders.cancel, account, body["reference"])
    sim.wake_webhooks()
    return json_response(answer)


async def _order_log(sim: Simulator, account: str, body: dict[str, Any]) -> Response:
    rows = await sim.run(sim.orders.log, account, body["reference"])
    return Response(status_code=204) if rows is None else json_response(rows)


async def _quote(sim: Simulator, account: str, body: dict[str, Any]) -> Response:
    return json_response(await sim.run(sim.orders.quote, account, body))


async def _products(sim: Simulator, account: str, body: dict[str, Any]) -> Response:
    return Response(sim.listings.products, media_type=JSON)


async def _product_info(sim: Simulator, account: str, body: dict[str, Any]) -> Response:
    info = sim.listings.product_info.get(body["reference"])
    return Response(status_code=204) if info is None else Response(info, media_type=JSON)


async def _shipping_levels(sim: Simulator, account: str, body: dict[str, Any]) -> Response:
    return Response(sim.listings.shipping_levels, media_type=JSON)


async def _shipping_countries(sim: Simulator, account: str, body: dict[str, Any]) -> Response:
    return Response(sim.listings.countries, media_type=JSON)


async def _shipping_states(sim: Simulator, account: str, body: dict[str, Any]) -> Response:
    states = sim.listings.states.get(body["country_reference"])
    if states is None:
        raise ApiError(400, "invalid_country", f'country_reference: "{body["country_reference"]}" is not a country')
    return Response(states, media_type=JSON)


HANDLERS: Final[Mapping[str, Handler]] = {
    "/orders/": _list_orders,
    "/orders/info": _order_info,
    "/orders/add": _add_order,
    "/orders/cancel": _cancel_order,
    "/orders/log": _order_log,
    "/orders/quote": _quote,
    "/products": _products,
    "/products/info": _product_info,
    "/shipping/levels": _shipping_levels,
    "/shipping/countries": _shipping_countries,
    "/shipping/states": _shipping_states,
}


@functools.lru_cache(maxsize=4)
def _bundled_contract(validate_formats: bool, strict: bool) -> tuple[str, dict[str, dict[str, Any]], RequestValidator]:
    """Load and compile the bundled spec once per process (tests create many apps)."""
    spec = load_spec()
    operations = post_operations(spec)
    return base_path(spec), operations, RequestValidator(spec, operations, validate_formats, strict=strict)


class FastPath:
    """Serve ``POST`` to an API path straight from a dict lookup, skipping router and layers.

    Everything else (other methods -> 405, unknown paths -> 404, the control API) falls through
    to the Starlette router. It sits inside Starlette's last-resort error middleware.
    """

    def __init__(self, app: ASGIApp, endpoints: Mapping[str, Callable[[Request], Awaitable[Response]]]) -> None:
        self.app = app
        self.endpoints = endpoints

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST":
            endpoint = self.endpoints.get(scope["path"])
            if endpoint is not None:
                response = await endpoint(Request(scope, receive))
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


# ---- error handlers --------------------------------------------------------------------------
async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 405:
        error = ApiError(405, "method_not_allowed", f"{request.method} is not allowed; use POST", exc.headers)
    elif exc.status_code == 404:
        error = ApiError(404, "not_found", "No such endpoint")
    else:
        error = ApiError(exc.status_code, "http_error", str(exc.detail)[:200], exc.headers)
    return error_response(error)


async def _internal_error(request: Request, exc: Exception) -> Response:
    _log.error("unhandled %s on %s", type(exc).__name__, request.url.path)
    return Response(error_body("internal_error", "The simulator failed to handle the request"), 500, None, JSON)


def _webhook_emitter(config: WebhookConfig, store: Store, clock: VirtualClock, fence: WriteFence) -> WebhookEmitter:
    """The emitter over an outbox beside the store: same SQLite file (own connections) or memory."""
    path = store.path if isinstance(store, SQLiteStore) else None
    outbox = open_outbox(path)
    cursor = outbox.cursor()
    if cursor is None:
        outbox.set_cursor(clock.now())  # first start: signals due from now on
    else:
        clock.ensure_at_least(cursor)  # a restarted clock never goes back behind emitted signals
    reader: Store = store if path is None else SQLiteStore(path)
    return WebhookEmitter(config, outbox, reader, fence, owns_reader=path is not None)


def create_app(
    api_keys: Sequence[str],
    db_path: str | Path | None = None,
    clock: VirtualClock | None = None,
    *,
    store: Store | None = None,
    spec: dict[str, Any] | None = None,
    max_body: int = MAX_BODY,
    validate_formats: bool = True,
    webhooks: WebhookConfig | None = None,
    strict: bool = False,
) -> Starlette:
    """Build the simulator app.

    ``api_keys``: the accepted keys (each its own account). ``db_path``: SQLite file, or None for
    memory; ``store`` overrides both (tests seed one directly). ``clock``: defaults to real-time
    speed starting now, never earlier than the latest stored event. ``spec``: defaults to the
    bundled contract. ``webhooks``: post CloudSignals of every account to this URL (default: off);
    the outbox lives in the store's SQLite file, or in memory with the memory store.
    ``strict``: refuse unknown request fields with a 400 (default: accept them, as the real API
    does, naming them in a ``Warning`` header and the log).
    """
    if spec is None:
        prefix, operations, validator = _bundled_contract(validate_formats, strict)
    else:
        operations = post_operations(spec)
        prefix, validator = base_path(spec), RequestValidator(spec, operations, validate_formats, strict=strict)
    unknown = set(operations) ^ set(HANDLERS)
    if unknown:
        raise RuntimeError(f"spec and simulator disagree on paths: {sorted(unknown)}")
    the_store = store if store is not None else open_store(db_path)
    the_clock = clock if clock is not None else VirtualClock()
    the_clock.ensure_at_least(the_store.latest_time())
    simulator = Simulator(api_keys, the_store, the_clock, max_body)
    if webhooks is not None:
        simulator.webhooks = _webhook_emitter(webhooks, the_store, the_clock, simulator.orders.fence)

    routes: list[BaseRoute] = []
    endpoints: dict[str, Callable[[Request], Awaitable[Response]]] = {}
    for spec_path, handler in HANDLERS.items():
        endpoint = api_endpoint(simulator, validator, spec_path, handler)
        for path in sorted({prefix + spec_path, prefix + spec_path.rstrip("/")}):
            endpoints[path] = endpoint
            routes.append(Route(path, endpoint, methods=["POST"], name=path))
    routes.extend(control_routes(simulator))

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if simulator.webhooks is not None:
            simulator.webhooks.start()
        yield
        if simulator.webhooks is not None:
            await simulator.webhooks.stop()
        the_store.close()

    app = Starlette(
        routes=routes,
        middleware=[Middleware(FastPath, endpoints=endpoints)],
        exception_handlers={404: _http_error, 405: _http_error, Exception: _internal_error},
        lifespan=lifespan,
    )
    app.router.redirect_slashes = False
    app.state.simulator = simulator
    return app
