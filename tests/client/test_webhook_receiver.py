"""The README's receiver answers so that Cloudprinter never retries a good delivery.

Driven in-process through `httpx.ASGITransport` (Starlette's own test client is deprecated with
httpx since Starlette 1.10), the way a service tests its own receiver.
"""

from __future__ import annotations

import asyncio
import importlib
import json
from types import ModuleType

import httpx
import pytest

from tests.client.test_webhooks import _example

KEY = "whk_5e3cret"


@pytest.fixture
def receiver(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.setenv("CLOUDPRINTER_WEBHOOK_KEY", KEY)
    import examples.webhook_receiver as module

    return importlib.reload(module)


def post_all(receiver: ModuleType, bodies: list[str | bytes]) -> list[int]:
    """POST each body to the receiver's /cloudsignal; the status codes, in order."""

    async def scenario() -> list[int]:
        transport = httpx.ASGITransport(app=receiver.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://receiver.test") as client:
            return [(await client.post("/cloudsignal", content=body)).status_code for body in bodies]

    return asyncio.run(scenario())


def test_good_deliveries_are_answered_204_even_unknown_and_repeated(receiver: ModuleType) -> None:
    shipped = json.dumps(_example("ItemShipped"))
    unknown = json.dumps({**_example("ItemPacked"), "type": "ItemTeleported"})
    assert post_all(receiver, [shipped, shipped, unknown]) == [204, 204, 204]
    assert [s.type_ for s in receiver.received] == ["ItemShipped", "ItemShipped", "ItemTeleported"]


def test_wrong_key_is_403_and_garbage_is_400(receiver: ModuleType) -> None:
    wrong = json.dumps({**_example("ItemShipped"), "apikey": "nope"})
    assert post_all(receiver, [wrong, b"<xml/>"]) == [403, 400]
    assert receiver.received == []
