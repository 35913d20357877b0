# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
"""CloudSignal webhooks: turn a raw delivery into a typed signal, safely.

Generated from the `webhooks` section of openapi/cloudcore.yaml by `nox -s generate`.

Cloudprinter retries any delivery not answered 200/204, up to 100 times over 7 days. So:
the webhook key is compared in constant time; a signal of a type this client does not know (or a
known type with fields it did not expect to miss) comes back as the generic `CloudSignal`, never
as an error. Only a delivery that is not a signal at all, or that carries the wrong key, raises.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from typing import Any

from ._exceptions import CloudCoreError, ConfigurationError
from ._values import number_texts, parse_exact
from .models.cloud_signal import CloudSignal
from .models.cloudprinter_order_canceled_signal import CloudprinterOrderCanceledSignal
from .models.cloudprinter_order_validated_signal import CloudprinterOrderValidatedSignal
from .models.item_canceled_signal import ItemCanceledSignal
from .models.item_delivery_completed_signal import ItemDeliveryCompletedSignal
from .models.item_delivery_failed_signal import ItemDeliveryFailedSignal
from .models.item_delivery_started_signal import ItemDeliveryStartedSignal
from .models.item_error_signal import ItemErrorSignal
from .models.item_packed_signal import ItemPackedSignal
from .models.item_produce_signal import ItemProduceSignal
from .models.item_produced_signal import ItemProducedSignal
from .models.item_shipped_signal import ItemShippedSignal
from .models.item_validated_signal import ItemValidatedSignal

__all__ = ["SIGNAL_TYPES", "InvalidSignalError", "Signal", "WebhookKeyError", "parse_signal"]

Signal = (
    CloudprinterOrderValidatedSignal
    | CloudprinterOrderCanceledSignal
    | ItemValidatedSignal
    | ItemProduceSignal
    | ItemProducedSignal
    | ItemPackedSignal
    | ItemShippedSignal
    | ItemErrorSignal
    | ItemCanceledSignal
    | ItemDeliveryStartedSignal
    | ItemDeliveryCompletedSignal
    | ItemDeliveryFailedSignal
    | CloudSignal
)
"""Every signal `parse_signal` can return: one class per known type, `CloudSignal` for the rest."""

SIGNAL_TYPES: Mapping[str, Any] = {
    "CloudprinterOrderValidated": CloudprinterOrderValidatedSignal,
    "CloudprinterOrderCanceled": CloudprinterOrderCanceledSignal,
    "ItemValidated": ItemValidatedSignal,
    "ItemProduce": ItemProduceSignal,
    "ItemProduced": ItemProducedSignal,
    "ItemPacked": ItemPackedSignal,
    "ItemShipped": ItemShippedSignal,
    "ItemError": ItemErrorSignal,
    "ItemCanceled": ItemCanceledSignal,
    "ItemDeliveryStarted": ItemDeliveryStartedSignal,
    "ItemDeliveryCompleted": ItemDeliveryCompletedSignal,
    "ItemDeliveryFailed": ItemDeliveryFailedSignal,
}
"""Signal type (the body's `type`) -> the model it is parsed into."""


class InvalidSignalError(CloudCoreError, ValueError):
    """The delivery is not a CloudSignal at all (not JSON, not an object, or common fields missing)."""


class WebhookKeyError(InvalidSignalError):
    """The delivery's `apikey` is missing or is not the webhook key: answer it 403."""

    def __init__(self) -> None:
        super().__init__("the signal's webhook key is missing or wrong")


def _key_matches(sent: object, expected: str) -> bool:
    if not isinstance(sent, str):
        return False
    # Both sides as bytes: compare_digest takes non-ASCII only as bytes, and its time does not
    # depend on where the two keys differ.
    return hmac.compare_digest(sent.encode("utf-8"), expected.encode("utf-8"))


def parse_signal(body: bytes | str | Mapping[str, Any], webhook_key: str) -> Signal:
    """Check the webhook key in constant time and return the typed signal.

    Raises `WebhookKeyError` for a wrong or missing key and `InvalidSignalError` for a body that is
    no signal. An unknown `type` never raises: it comes back as `CloudSignal`.
    """
    if not webhook_key:
        raise ConfigurationError("webhook_key must not be empty")
    texts: dict[int, str] = {}  # the exact text of each JSON number (see _values.py)
    if isinstance(body, Mapping):
        data: Any = dict(body)
    else:
        try:
            data, texts = parse_exact(body)
        except (ValueError, RecursionError) as exc:
            raise InvalidSignalError("the body is not JSON") from exc
    if not isinstance(data, dict):
        raise InvalidSignalError("the body is not a JSON object")
    if not _key_matches(data.get("apikey"), webhook_key):
        raise WebhookKeyError
    signal_type = data.get("type")
    model = SIGNAL_TYPES.get(signal_type) if isinstance(signal_type, str) else None
    with number_texts(texts):
        if model is not None:
            try:
                known: Signal = model.from_dict(data)
                return known
            except (KeyError, ValueError, TypeError):
                pass  # A known type that lacks or mistypes a field of its own: still a signal, kept generic.
        try:
            return CloudSignal.from_dict(data)
        except (KeyError, ValueError, TypeError) as exc:
            raise InvalidSignalError(f"the body lacks a field every signal has: {exc}") from None
