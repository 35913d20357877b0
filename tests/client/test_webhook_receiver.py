"""The README's receiver answers so that Cloudprinter never retries a good delivery."""

from __future__ import annotations

import importlib
import json
from types import ModuleType

import pytest
from starlette.testclient import TestClient

from tests.client.test_webhooks import _example

KEY = "whk_5e3cret"


@pytest.fixture
def receiver(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.setenv("CLOUDPRINTER_WEBHOOK_KEY", KEY)
    import examples.webhook_receiver as module

    return importlib.reload(module)


def test_good_deliveries_are_answered_204_even_unknown_and_repeated(receiver: ModuleType) -> None:
    client = TestClient(receiver.app)
    shipped = json.dumps(_example("ItemShipped"))
    unknown = json.dumps({**_example("ItemPacked"), "type": "ItemTeleported"})
    answers = [client.post("/cloudsignal", content=body).status_code for body in (shipped, shipped, unknown)]
    assert answers == [204, 204, 204]
    assert [s.type_ for s in receiver.received] == ["ItemShipped", "ItemShipped", "ItemTeleported"]


def test_wrong_key_is_403_and_garbage_is_400(receiver: ModuleType) -> None:
    client = TestClient(receiver.app)
    wrong = json.dumps({**_example("ItemShipped"), "apikey": "nope"})
    assert client.post("/cloudsignal", content=wrong).status_code == 403
    assert client.post("/cloudsignal", content=b"<xml/>").status_code == 400
    assert receiver.received == []
