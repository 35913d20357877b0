"""The page's buttons, each one call of a control (or API) route, made in-process.

An action is posted to the very route a test would call, through the app itself (an ASGI call,
no socket), with a JSON body built from the form and the session's key. So the page gets the
routes' own validation, errors and side effects (waking the webhook emitter, for one), and what
the page can do is exactly what the control API allows.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

import httpx
import orjson
from starlette.types import ASGIApp

from ..clock import format_iso
from .host import Host
from .sessions import Session
from .state import next_event_at

__all__ = ["ADVANCE_STEPS", "CONTROL_TOKEN_HEADER", "Action", "ActionError", "perform"]

ADVANCE_STEPS: Final = {"minute": 60.0, "hour": 3600.0, "day": 86400.0}
CONTROL_TOKEN_HEADER: Final = "x-control-token"  # noqa: S105 - a header name
"""Sent with every action when the session was opened with a control token."""
_NEXT_EVENT_MARGIN: Final = 0.001  # lands just past the event despite float rounding
_LARGEST_STATE: Final = 2**31


class ActionError(Exception):
    """The action was refused: the form was wrong, or the route answered an error (its ``info``)."""


@dataclass(frozen=True, slots=True)
class Action:
    """A route call: path, JSON body, and how to say what happened."""

    path: str
    body: dict[str, Any]
    done: str


def _field(form: Mapping[str, str], name: str) -> str:
    value = form.get(name, "").strip()
    if not value:
        raise ActionError(f"{name} is required")
    return value


def _number(text: str, name: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ActionError(f"{name} must be a number") from None
    if not math.isfinite(value):
        raise ActionError(f"{name} must be a finite number")
    return value


def build(simulator: Host, api_prefix: str, session: Session, form: Mapping[str, str]) -> Action:
    """The route call a submitted form stands for."""
    action = form.get("action", "")
    key = session.key
    if action == "advance":
        step = form.get("step", "")
        if step == "next":
            now = simulator.clock.now()
            upcoming = next_event_at(simulator, session.account, now)
            if upcoming is None:
                raise ActionError("no order of this account has an event ahead")
            seconds = upcoming - now + _NEXT_EVENT_MARGIN
            return Action("/_simulator/clock/advance", {"seconds": seconds}, f"Clock moved to {format_iso(upcoming)}")
        if step not in ADVANCE_STEPS:
            raise ActionError("step must be minute, hour, day or next")
        return Action("/_simulator/clock/advance", {"seconds": ADVANCE_STEPS[step]}, f"Clock advanced by 1 {step}")
    if action == "freeze":
        return Action("/_simulator/clock/speed", {"speed": 0}, "Clock frozen")
    if action == "speed":
        speed = _number(_field(form, "speed"), "speed")
        return Action("/_simulator/clock/speed", {"speed": speed}, f"Clock speed set to {speed:g}")
    if action == "cancel":
        reference = _field(form, "reference")
        return Action(f"{api_prefix}/orders/cancel", {"apikey": key, "reference": reference}, f"{reference} canceled")
    if action == "error":
        reference = _field(form, "reference")
        state = _number(_field(form, "state"), "state")
        if not state.is_integer() or abs(state) > _LARGEST_STATE:  # JSON numbers are 64-bit at most
            raise ActionError("state must be an integer such as 11")
        body = {"apikey": key, "reference": reference, "state": int(state)}
        return Action("/_simulator/orders/error", body, f"{reference} put into error state {int(state)}")
    if action == "reset":
        return Action("/_simulator/reset", {"apikey": key}, "Account reset: its orders, quotes and signals are gone")
    raise ActionError("unknown action")


async def perform(app: ASGIApp, session: Session, action: Action) -> str:
    """Post the action to its route through ``app``; the success text, or ActionError with the route's info."""
    headers = {"content-type": "application/json"}
    if session.control_token:
        headers[CONTROL_TOKEN_HEADER] = session.control_token
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
        response = await client.post(action.path, content=orjson.dumps(action.body), headers=headers)
    if response.is_success:
        return action.done
    try:
        info = str(response.json()["error"]["info"])
    except (ValueError, KeyError, TypeError):
        info = f"HTTP {response.status_code}"
    raise ActionError(f"{action.path} answered {response.status_code}: {info}")
