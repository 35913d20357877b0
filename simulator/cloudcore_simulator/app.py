"""The Starlette application: wiring the eleven CloudCore endpoints and the ``/_simulator/`` controls.

Per request the work is: read at most ``max_body`` bytes, parse with orjson, authenticate the
body's ``apikey`` (constant time, against every key), validate against the precompiled request
schema, run the path's handler. Every failure answers the API's error body; nothing a client
sends can produce a 500. The parts live apart: :mod:`context` (what a request works with),
:mod:`request_body` (reading and authenticating a body), :mod:`handlers` (one per operation),
:mod:`responses` (answers), :mod:`control` (the control API), :mod:`store` (state).

The spec and :data:`~cloudcore_simulator.handlers.HANDLERS` are matched at start-up: a spec
operation without a handler answers 501 (and a warning names it); a handler for a path the spec
does not have is an error that names the path and the module to change.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Final

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from .accounts import KeyRing
from .clock import VirtualClock
from .context import RequestContext
from .control import control_routes
from .errors import ApiError
from .geography import normalise_countries
from .handlers import HANDLERS, HANDLERS_MODULE, SIMULATOR_ONLY, Handler
from .hosts import HostGuard
from .outbox import open_outbox
from .request_body import BODY_TIMEOUT
from .responses import error_response, internal_error_response
from .simulated import Realism
from .spec import SpecError, base_path, load_spec, post_operations
from .store import SQLiteStore, Store, open_store
from .validation import RequestValidator, unknown_fields_warning
from .web import web_routes
from .webhooks import WebhookConfig, WebhookEmitter

__all__ = ["MAX_BODY", "FastPath", "WebhookConfig", "create_app"]

MAX_BODY: Final = 1024 * 1024
_log = logging.getLogger("cloudcore_simulator")

Endpoint = Callable[[Request], Awaitable[Response]]


def api_endpoint(ctx: RequestContext, validator: RequestValidator, spec_path: str, handler: Handler) -> Endpoint:
    """The request pipeline of one API path: body -> object -> key -> schema -> handler.

    Every configured secret is masked in what echoes the request back: the ``Warning`` header,
    the log line of unknown fields and an error's ``info``.
    """
    redact = ctx.keys.redact

    async def endpoint(request: Request) -> Response:
        unknown: tuple[str, ...] = ()
        try:
            body, account = await ctx.authenticated_body(request)
            normalise_countries(spec_path, body)  # country codes in any case meet the same rules
            unknown = validator.validate(spec_path, body, redact)
            response = await handler(ctx, account, body)  # the body now matches the path's TypedDict
        except ApiError as error:
            masked = redact(error.info)
            response = error_response(error if masked == error.info else error.with_info(masked))
        if unknown:
            response.headers["Warning"] = unknown_fields_warning(unknown, redact)
        return response

    return endpoint


def not_implemented_endpoint(spec_path: str) -> Endpoint:
    """The 501 of a spec operation the simulator has no handler for yet."""
    error = ApiError(
        501,
        "operation_not_implemented",
        f"POST {spec_path} is in the contract but the simulator has no handler for it ({HANDLERS_MODULE})",
    )

    async def endpoint(request: Request) -> Response:
        return error_response(error)

    return endpoint


def match_handlers(operations: Mapping[str, Any], handlers: Mapping[str, Handler]) -> list[str]:
    """Spec paths that have no handler (logged); raises :class:`SpecError` for stale handlers."""
    stale = sorted(set(handlers) - set(operations))
    missing = sorted(set(operations) - set(handlers))
    if stale:
        lacking = f"; the spec's paths without a handler: {', '.join(missing)}" if missing else ""
        raise SpecError(
            f"the simulator has a handler for {', '.join(stale)}, which the spec does not define: "
            f"remove or rename it in {HANDLERS_MODULE} (HANDLERS){lacking}"
        )
    for path in missing:
        operation_id = operations[path].get("operationId", "?")
        _log.warning(
            "spec operation %s (POST %s) has no simulator handler: it answers 501 until one is added to %s",
            operation_id,
            path,
            HANDLERS_MODULE,
        )
    return missing


@functools.lru_cache(maxsize=4)
def _bundled_contract(validate_formats: bool, strict: bool) -> tuple[str, dict[str, dict[str, Any]], RequestValidator]:
    """Load and compile the bundled spec once per process (tests create many apps)."""
    spec = load_spec()
    operations = post_operations(spec)
    return base_path(spec), operations, RequestValidator(spec, operations, validate_formats, strict=strict)


def _json_body(schema: Mapping[str, Any]) -> dict[str, Any]:
    """An operation whose request body is ``schema`` (for :data:`~cloudcore_simulator.handlers.SIMULATOR_ONLY`)."""
    return {"requestBody": {"content": {"application/json": {"schema": dict(schema)}}}}


def _host(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"host":
            return bytes(value).decode("latin-1")
    return None


class FastPath:
    """Refuse a ``Host`` the simulator does not answer; serve ``POST`` to an API path from a dict lookup.

    Every HTTP request first passes the :class:`~cloudcore_simulator.hosts.HostGuard` (DNS
    rebinding). Then everything but API posts (other methods -> 405, unknown paths -> 404, the
    control API, the page) falls through to the Starlette router. It sits inside Starlette's
    last-resort error middleware.
    """

    def __init__(self, app: ASGIApp, endpoints: Mapping[str, Endpoint], hosts: HostGuard | None = None) -> None:
        self.app = app
        self.endpoints = endpoints
        self.hosts = hosts or HostGuard()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            if not self.hosts.any:
                host = _host(scope)
                if not self.hosts.allows(host):
                    assert host is not None
                    await error_response(self.hosts.refusal(host))(scope, receive, send)
                    return
            if scope["method"] == "POST":
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
    return internal_error_response()


def _webhook_emitter(config: WebhookConfig, ctx: RequestContext) -> WebhookEmitter:
    """The emitter over an outbox beside the store: same SQLite file (own connections) or memory."""
    store, clock = ctx.store, ctx.clock
    path = store.path if isinstance(store, SQLiteStore) else None
    outbox = open_outbox(path)
    cursor = outbox.cursor()
    if cursor is None:
        outbox.set_cursor(clock.now())  # first start: signals due from now on
    else:
        clock.ensure_at_least(cursor)  # a restarted clock never goes back behind emitted signals
    reader: Store = store if path is None else SQLiteStore(path, verify=False)
    return WebhookEmitter(
        config,
        outbox,
        reader,
        ctx.orders.fence,
        owns_reader=path is not None,
        changes=store.changes,
        redact=ctx.keys.redact,
    )


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
    control_token: str | None = None,
    strict: bool = False,
    realism: Realism | str = Realism.SOURCES,
    create_db: bool = False,
    allowed_hosts: Sequence[str] = (),
    bound_host: str | None = None,
    body_timeout: float = BODY_TIMEOUT,
) -> Starlette:
    """Build the simulator app.

    ``api_keys``: the accepted keys (each its own account). ``db_path``: SQLite file, or None for
    memory; ``store`` overrides both (tests seed one directly). A ``db_path`` that cannot be used
    (damaged, in use by another simulator, not a simulator database unless ``create_db``) raises
    :class:`~cloudcore_simulator.store.StoreError`. ``clock``: defaults to real-time speed
    starting now, never earlier than the latest stored event. ``spec``: defaults to the bundled
    contract. ``webhooks``: post CloudSignals of every account to this URL (default: off); the
    outbox lives in the store's SQLite file, or in memory with the memory store.
    ``realism``: ``"sources"`` (default) refuses only what the documentation, FACTS.md or the
    official SDKs state; ``"strict"`` adds the simulator's own catalogue, pricing and quote rules
    (``simulated.STRICT_RULES``). ``control_token``: when set (printable ASCII), the global
    controls (reset all, clock) need it in the ``X-Control-Token`` header. ``strict``: refuse
    unknown request fields with a 400 (default: accept them, as the real API does, naming them in
    a ``Warning`` header and the log).
    ``allowed_hosts``, ``bound_host``: ``Host`` names answered besides loopback names (``"*"``:
    any); see :mod:`~cloudcore_simulator.hosts`. ``body_timeout``: seconds a request body may
    take to arrive (408 after).
    """
    if spec is None:
        prefix, operations, validator = _bundled_contract(validate_formats, strict)
    else:
        operations = post_operations(spec)
        prefix, validator = base_path(spec), RequestValidator(spec, operations, validate_formats, strict=strict)
    match_handlers(operations, HANDLERS)
    KeyRing(api_keys, control_token)  # a bad key or token fails before the file is opened (and locked)
    hosts = HostGuard(allowed_hosts, bound_host)
    the_store = store if store is not None else open_store(db_path, create=create_db)
    try:
        the_clock = clock if clock is not None else VirtualClock()
        the_clock.ensure_at_least(the_store.latest_time())
        ctx = RequestContext(api_keys, the_store, the_clock, max_body, control_token, Realism(realism), body_timeout)
        if webhooks is not None:
            ctx.webhooks = _webhook_emitter(webhooks, ctx)
    except BaseException:
        if store is None:
            the_store.close()  # and its lock on the file
        raise

    routes: list[BaseRoute] = []
    endpoints: dict[str, Endpoint] = {}
    for spec_path in operations:
        handler = HANDLERS.get(spec_path)
        endpoint = (
            not_implemented_endpoint(spec_path) if handler is None else api_endpoint(ctx, validator, spec_path, handler)
        )
        for path in sorted({prefix + spec_path, prefix + spec_path.rstrip("/")}):
            endpoints[path] = endpoint
            routes.append(Route(path, endpoint, methods=["POST"], name=path))
    for extra_path, (extra_handler, extra_schema) in SIMULATOR_ONLY.items():  # beyond the contract: handlers.py
        extra = RequestValidator({}, {extra_path: _json_body(extra_schema)}, validate_formats, strict=strict)
        endpoints[prefix + extra_path] = api_endpoint(ctx, extra, extra_path, extra_handler)
        routes.append(Route(prefix + extra_path, endpoints[prefix + extra_path], methods=["POST"], name=extra_path))
    routes.extend(control_routes(ctx))
    routes.extend(web_routes(ctx, prefix))

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if ctx.webhooks is not None:
            ctx.webhooks.start()
        yield
        if ctx.webhooks is not None:
            await ctx.webhooks.stop()
        the_store.close()

    app = Starlette(
        routes=routes,
        middleware=[Middleware(FastPath, endpoints=endpoints, hosts=hosts)],
        exception_handlers={404: _http_error, 405: _http_error, Exception: _internal_error},
        lifespan=lifespan,
    )
    app.router.redirect_slashes = False
    app.state.simulator = ctx
    return app
