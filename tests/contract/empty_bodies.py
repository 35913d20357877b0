"""A stand-in for the real API's empty bodies (FACTS.md), for the contract suite's own tests only.

FACTS.md reports 403, 409 and 410 answers with an empty body, and the documentation shows no body
for a cancel's 200. :func:`emptied_simulator` (an ``--app`` factory) is the in-process simulator
with those bodies emptied (``documented``), or with every 400's body emptied too (``elsewhere``: an
empty body the facts do not allow). Each emptied answer also loses its Content-Type, as a bodiless
answer may. Where ``CONTRACT_EMPTIED_LOG`` names a file, one line per emptied answer goes there
(``STATUS PATH``), so that a test can tell that the run met them.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from typing import Any, Final

from cloudcore_contract.target import simulator_app

__all__ = ["ENV_LOG", "EmptyBodies", "emptied_simulator"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

ENV_LOG: Final = "CONTRACT_EMPTIED_LOG"
#: What each mode empties: statuses for every path, and (status, path suffix) pairs.
DOCUMENTED: Final = frozenset({403, 409, 410})
CANCEL: Final = "/orders/cancel"


class EmptyBodies:
    """ASGI middleware: the answers ``mode`` names are sent with no body and no Content-Type."""

    def __init__(self, app: ASGIApp, mode: str) -> None:
        if mode not in ("documented", "elsewhere"):
            raise ValueError("mode: documented or elsewhere")
        self.app = app
        self.statuses = DOCUMENTED | ({400} if mode == "elsewhere" else set())
        self.log = os.environ.get(ENV_LOG)

    def _empties(self, status: int, path: str) -> bool:
        return status in self.statuses or (status == 200 and path.endswith(CANCEL))

    def _note(self, status: int, path: str) -> None:
        if self.log:
            with open(self.log, "a", encoding="utf-8") as out:
                out.write(f"{status} {path}\n")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope["path"])
        emptied = False

        async def answer(message: Message) -> None:
            nonlocal emptied
            if message["type"] == "http.response.start" and self._empties(int(message["status"]), path):
                emptied = True
                headers = [
                    (name, value)
                    for name, value in message.get("headers", [])
                    if bytes(name).lower() not in (b"content-type", b"content-length")
                ]
                message = {**message, "headers": [*headers, (b"content-length", b"0")]}
                self._note(int(message["status"]), path)
            elif message["type"] == "http.response.body" and emptied:
                message = {**message, "body": b""}
            await send(message)

        await self.app(scope, receive, answer)


def emptied_simulator(api_keys: Sequence[str], mode: str | None) -> EmptyBodies:
    """The in-process simulator with empty bodies (``--app tests.contract.empty_bodies:emptied_simulator:MODE``)."""
    return EmptyBodies(simulator_app(api_keys), mode or "documented")
