"""The page's routes: ``GET /_simulator/`` (the account page), sign-in/out, actions, assets, docs.

Reading needs no JavaScript: the page is rendered on the server (Jinja2, autoescaped) and every
button is a plain form post answered with a redirect back to the page (post/redirect/get).
"""

from __future__ import annotations

import functools
import importlib.resources
from typing import Final
from urllib.parse import parse_qs, parse_qsl

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from ..accounts import check_control_token
from ..lifecycle import STATE_CODES
from ..outbox import MAX_FAILED_KEPT
from .actions import ADVANCE_STEPS, ActionError, build, perform
from .host import Host
from .sessions import Session, Sessions, csrf_ok, same_origin
from .state import OrderQuery, account_view

__all__ = ["PAGE", "web_routes"]

PAGE: Final = "/_simulator/"
MAX_FORM: Final = 16 * 1024
ERROR_STATES: Final = (7, 11, 31, 35, 39, 41)
_ASSETS: Final = {"page.css": "text/css; charset=utf-8", "page.js": "text/javascript; charset=utf-8"}
_HEADERS: Final = {
    "cache-control": "no-store",
    "referrer-policy": "same-origin",  # "no-referrer" would make posts say `Origin: null`
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "content-security-policy": "default-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
}
# Redoc's standalone page runs inline scripts and styles and web workers from blobs; it may not
# load anything from elsewhere, so the page works, and stays private, offline.
_DOCS_HEADERS: Final = {
    **_HEADERS,
    "cache-control": "no-cache",
    "content-security-policy": "default-src 'self' 'unsafe-inline' data: blob:; frame-ancestors 'none'",
}


@functools.lru_cache(maxsize=1)
def _templates() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("cloudcore_simulator.web", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


@functools.lru_cache(maxsize=len(_ASSETS) + 1)
def _resource(*parts: str) -> bytes:
    return importlib.resources.files("cloudcore_simulator.web").joinpath(*parts).read_bytes()


def _render(name: str, status: int = 200, **context: object) -> HTMLResponse:
    html = _templates().get_template(name).render(page=PAGE, **context)
    return HTMLResponse(html, status, headers=_HEADERS)


async def _form(request: Request) -> dict[str, str]:
    """A url-encoded form body (bounded); the first value of each field."""
    if request.headers.get("content-type", "").split(";", 1)[0].strip() != "application/x-www-form-urlencoded":
        return {}
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM:
            return {}
    try:
        fields = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True, max_num_fields=20)
    except ValueError:  # more fields than any form of the page has
        return {}
    return {name: values[0] for name, values in fields.items()}


def _header_safe(token: str) -> bool:
    """A control token the page can send as a header (the simulator refuses any other at start-up)."""
    try:
        check_control_token(token)
    except ValueError:
        return False
    return True


def _back(anchor: str = "") -> RedirectResponse:
    return RedirectResponse(PAGE + anchor, status_code=303, headers=_HEADERS)


def web_routes(simulator: Host, api_prefix: str) -> list[BaseRoute]:
    """The page's routes, bound to one simulator; ``api_prefix`` is the API's base path."""
    sessions = Sessions()

    def signed_out(status: int = 200, error: str | None = None) -> HTMLResponse:
        return _render("signin.html", status, error=error, now=None)

    async def page(request: Request) -> Response:
        session = sessions.get(request)
        if session is None:
            return signed_out()
        query = OrderQuery.from_params(request.query_params)
        view = await simulator.run(account_view, simulator, session.account, query)
        return _render(
            "account.html",
            view=view,
            account=session.account[:12],
            csrf=session.csrf,
            notice=session.take_notice(),
            steps=list(ADVANCE_STEPS),
            error_states=ERROR_STATES,
            states=sorted(STATE_CODES.items()),
            has_control_token=session.control_token is not None,
            failed_kept=MAX_FAILED_KEPT,
        )

    async def sign_in(request: Request) -> Response:
        if not same_origin(request):
            return signed_out(403, "This form only accepts posts from this page.")
        form = await _form(request)
        account = simulator.account_for(form.get("apikey", ""))
        if account is None:
            return signed_out(403, "That key is not one of this simulator's API keys.")
        token = form.get("control_token") or None
        if token is not None and not _header_safe(token):
            return signed_out(403, "That control token cannot be this simulator's: tokens are printable ASCII.")
        response = _back()
        sessions.open(response, account, form["apikey"], token)
        return response

    async def sign_out(request: Request) -> Response:
        if not same_origin(request):
            return signed_out(403, "This form only accepts posts from this page.")
        response = _back()
        sessions.close(request, response)
        return response

    def checked(request: Request, form: dict[str, str]) -> Session | Response:
        session = sessions.get(request)
        if session is None:
            return signed_out(403, "Sign in with an API key first.")
        if not same_origin(request) or not csrf_ok(session, form.get("csrf")):
            return signed_out(403, "This form only accepts posts from this page; reload it and try again.")
        return session

    async def act(request: Request) -> Response:
        form = await _form(request)
        session = checked(request, form)
        if isinstance(session, Response):
            return session
        try:
            action = build(simulator, api_prefix, session, form)
            session.notice = ("ok", await perform(request.app, session, action))
        except ActionError as error:
            session.notice = ("error", str(error))
        anchor = form.get("anchor", "")
        # Back to the page of orders the form was on (the query re-encoded: nothing else gets through).
        listing = OrderQuery.from_params(dict(parse_qsl(form.get("view", "")))).params()
        return _back(("?" + listing if listing else "") + (f"#{anchor}" if anchor.replace("-", "").isalnum() else ""))

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in _ASSETS:
            return Response("not found", 404, media_type="text/plain")
        return Response(_resource("static", name), media_type=_ASSETS[name], headers={"cache-control": "no-cache"})

    async def docs(request: Request) -> Response:
        return HTMLResponse(_resource("generated", "api-reference.html"), headers=_DOCS_HEADERS)

    async def to_page(request: Request) -> Response:
        return RedirectResponse(PAGE, status_code=308)

    return [
        Route("/_simulator", to_page, methods=["GET"]),
        Route(PAGE, page, methods=["GET"]),
        Route(f"{PAGE}page/sign-in", sign_in, methods=["POST"]),
        Route(f"{PAGE}page/sign-out", sign_out, methods=["POST"]),
        Route(f"{PAGE}page/action", act, methods=["POST"]),
        Route(PAGE + "page/static/{name}", asset, methods=["GET"]),
        Route(f"{PAGE}docs", docs, methods=["GET"]),
    ]
