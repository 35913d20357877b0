"""parse_signal: typed signals for known types, the generic shape for the rest, the key checked."""

from __future__ import annotations

import json
from typing import Any

import pytest

from cloudcore_client import CloudCoreError, ConfigurationError
from cloudcore_client.models import CloudSignal, ItemCanceledSignal, ItemShippedSignal
from cloudcore_client.webhooks import SIGNAL_TYPES, InvalidSignalError, WebhookKeyError, parse_signal
from tests._helpers.spec import load_spec

KEY = "whk_5e3cret"
SPEC = load_spec()


def _example(signal_type: str) -> dict[str, Any]:
    media = SPEC["webhooks"][signal_type]["post"]["requestBody"]["content"]["application/json"]
    return {**media["examples"]["example"]["value"], "apikey": KEY}


@pytest.mark.parametrize("signal_type", sorted(SPEC["webhooks"]))
def test_every_documented_signal_parses_into_its_own_model(signal_type: str) -> None:
    body = json.dumps(_example(signal_type)).encode()
    signal = parse_signal(body, KEY)
    assert type(signal) is SIGNAL_TYPES[signal_type]
    assert signal.type_ == signal_type
    assert signal.to_dict() == _example(signal_type)


def test_shipped_signal_carries_tracking_and_shipping_option() -> None:
    signal = parse_signal(json.dumps(_example("ItemShipped")), KEY)
    assert isinstance(signal, ItemShippedSignal)
    assert signal.tracking == "1Z999AA10123456784"
    assert signal.shipping_option == "DHL - National Standard (DE)"
    assert signal.item_reference == "12346-1"


def test_canceled_signal_keeps_an_unknown_cause() -> None:
    signal = parse_signal({**_example("ItemCanceled"), "cause": "CancelSomethingNew"}, KEY)
    assert isinstance(signal, ItemCanceledSignal)
    assert signal.cause == "CancelSomethingNew"


def test_unknown_type_is_a_generic_signal_not_an_error() -> None:
    body = {**_example("ItemPacked"), "type": "ItemTeleported", "teleporter": "T-1"}
    signal = parse_signal(body, KEY)
    assert type(signal) is CloudSignal
    assert signal.type_ == "ItemTeleported"
    assert signal.order_reference == "12346"
    assert signal.additional_properties["teleporter"] == "T-1"


def test_known_type_missing_its_own_field_degrades_to_generic() -> None:
    body = _example("ItemShipped")
    del body["tracking"]
    signal = parse_signal(body, KEY)
    assert type(signal) is CloudSignal
    assert signal.type_ == "ItemShipped"


@pytest.mark.parametrize("sent", [None, "", "whk_5e3creT", "whk_5e3cret ", 12345, "wr0ng-k3y"])
def test_wrong_or_missing_key_is_rejected(sent: object) -> None:
    body = _example("ItemPacked")
    if sent is None:
        del body["apikey"]
    else:
        body["apikey"] = sent
    with pytest.raises(WebhookKeyError) as caught:
        parse_signal(body, KEY)
    assert KEY not in str(caught.value)
    assert "wr0ng-k3y" not in str(caught.value)


def test_non_ascii_keys_compare_without_error() -> None:
    body = {**_example("ItemPacked"), "apikey": "clé"}
    assert parse_signal(body, "clé").type_ == "ItemPacked"
    with pytest.raises(WebhookKeyError):
        parse_signal(body, "cle")


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b'"text"', b"\xff\xfe", b"{}"])
def test_a_body_that_is_no_signal_raises(body: bytes) -> None:
    with pytest.raises(InvalidSignalError):
        parse_signal(body, KEY)


def test_signal_without_common_fields_raises_after_the_key_check() -> None:
    with pytest.raises(InvalidSignalError, match="lacks a field"):
        parse_signal({"apikey": KEY, "type": "ItemPacked"}, KEY)


def test_an_empty_webhook_key_is_a_programming_error() -> None:
    with pytest.raises(ConfigurationError, match="must not be empty"):
        parse_signal(_example("ItemPacked"), "")


def test_signal_errors_are_client_errors_and_value_errors() -> None:
    """`except CloudCoreError` catches everything the package raises; old `except ValueError` still works."""
    for kind in (InvalidSignalError, WebhookKeyError):
        assert issubclass(kind, CloudCoreError)
        assert issubclass(kind, ValueError)
