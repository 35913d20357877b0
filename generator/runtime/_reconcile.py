"""Making retried writes safe: an `orders/add` or `orders/cancel` whose first answer was lost.

When an attempt may have reached the server (a 5xx, a timeout after sending) and the retry then
meets "reference already exists" (add) or "wrong state" (cancel), the error may be the echo of our
own first attempt. The engine then reads the order back through `orders/info` and, when the held
order is what was asked for, returns the success the first attempt earned. Everything here works
on JSON data, so that it is the same for every generated model.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from attrs import frozen

from ._exceptions import APIStatusError, BadRequestError, ConflictError

__all__ = ["CANCELED_STATE", "LOOKUP_OPERATION", "Recovery", "recovery_for"]

#: The operation that reads an order back (its body: `{"reference": ...}`).
LOOKUP_OPERATION: Final = "get_order_info"
#: The order state that a successful cancel leaves (`orders/info` reports it as "500" or 500).
CANCELED_STATE: Final = "500"
#: Error types by which the API says "an order with this reference exists" (the simulator's first).
_DUPLICATE_REFERENCE_TYPES: Final = frozenset({"order_reference_not_unique", "order_reference_exists", "order_exists"})


@frozen
class Recovery:
    """How to confirm a failed retried call: read `reference` back, then `confirm` the held order.

    `confirm` takes the held order as JSON and returns the JSON of the result the call would
    have had, or None when the held order is not what was asked (then the error stands).
    """

    reference: str
    confirm: Callable[[Mapping[str, Any]], Mapping[str, Any] | None]


def is_duplicate_reference(error: APIStatusError) -> bool:
    """Whether a 400 says that the order reference is taken (by type, or by its message)."""
    kind, info = (error.error_type or "").lower(), (error.info or "").lower()
    if kind in _DUPLICATE_REFERENCE_TYPES or ("reference" in kind and ("unique" in kind or "exist" in kind)):
        return True
    return "reference" in info and ("already exist" in info or "not unique" in info)


def same_order(sent: Mapping[str, Any], held: Mapping[str, Any]) -> bool:
    """Whether the order the API holds is the one `sent` (an `orders/add` body) describes.

    Items must match as (reference, product, count) sets; each address field that both sides
    carry must be equal, ignoring case (the API may keep `ie` as `IE`). The held `email` is the end
    consumer's as documented (an address's), or the order's own as some answers carry it.
    Anything else is a different order, i.e. a real conflict.
    """
    try:
        emails = {str(sent["email"]).casefold()} | {str(a.get("email", "")).casefold() for a in sent["addresses"]}
        if held["reference"] != sent["reference"] or str(held["email"]).casefold() not in emails:
            return False
        sent_items = sorted((item["reference"], item["product"], str(item["count"])) for item in sent["items"])
        held_items = sorted((item["reference"], item["name"], str(item["count"])) for item in held["items"])
        if sent_items != held_items or len(sent["addresses"]) != len(held["addresses"]):
            return False
        for address, kept in zip(sent["addresses"], held["addresses"], strict=True):
            for name, value in address.items():
                if name in kept and str(kept[name]).casefold() != str(value).casefold():
                    return False
    except (KeyError, TypeError, AttributeError):
        return False
    return True


def _confirm_add(sent: Mapping[str, Any]) -> Callable[[Mapping[str, Any]], Mapping[str, Any] | None]:
    def confirm(held: Mapping[str, Any]) -> Mapping[str, Any] | None:
        return {"order": held["reference"]} if same_order(sent, held) else None

    return confirm


def _confirm_cancel(held: Mapping[str, Any]) -> Mapping[str, Any] | None:
    return {} if str(held.get("state")) == CANCELED_STATE else None


def recovery_for(operation: str, body: Mapping[str, Any], error: APIStatusError) -> Recovery | None:
    """How to confirm `operation` after `error` on a call that may have applied, or None to raise."""
    reference = body.get("reference")
    if not isinstance(reference, str):
        return None
    if operation == "add_order" and isinstance(error, BadRequestError) and is_duplicate_reference(error):
        return Recovery(reference, _confirm_add(body))
    if operation == "cancel_order" and isinstance(error, ConflictError):
        return Recovery(reference, _confirm_cancel)
    return None
