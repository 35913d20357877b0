"""The API's rules that no schema states, and the answer variants FACTS.md lists, written once.

The contract suite (``checks.py``, ``transport.py``, ``settings.py``, ``orders.py``) and the
validating proxy (``proxy/``) both judge by them, so the two cannot tell a service different things
about the same answer. Standard library only: the proxy imports it without the suite's heavy modules
(schemathesis, pytest).

- Unknown request fields are tolerated, as the real API tolerates them (``open_objects``).
- Numbers are compared as numbers: ``"5"``, ``5`` and ``5.0`` are one count, and ``state`` may be a
  JSON number (``same``, ``state_number``). A boolean is no number, although Python says
  ``True == 1``.
- Load is not drift: a 429, and a 503 with a ``Retry-After`` (``is_load``).
- Bodies that may be empty where the contract documents JSON: 403, 409 and 410 (reported), and a
  cancel's 200, for which the documentation shows no body (``empty_body_allowed``). The proxy
  and the suite's checks (``documented_content_type``, ``documented_response_schema``,
  ``wrong_key_forbidden``) apply it.
- The documented uniqueness rules: an order's reference is unique among the account's orders, an
  item's reference within its order (``repeated_references``).
- What ``orders/info`` must show of what ``orders/add`` sent (``order_differences``), and of a
  cancel (``shows_cancelled``, ``log_shows_cancelled``).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from email.utils import parsedate_to_datetime
from typing import Any, Final, NamedTuple

__all__ = [
    "CANCELED",
    "EMPTY_BODY_ALLOWED",
    "Difference",
    "Repeated",
    "compared_form",
    "empty_body_allowed",
    "is_load",
    "log_shows_cancelled",
    "open_objects",
    "order_differences",
    "order_summary",
    "repeated_references",
    "retry_after",
    "same",
    "shows_cancelled",
    "state_number",
]

#: The order state "canceled".
CANCELED: Final = 500
#: Numbers with more digits before the point than this are no count, price or state: compared as
#: given, never turned into a Python int (``1e100000`` takes a second, ``1e999999999`` for ever).
_MAX_DIGITS: Final = 30

# ---- requests --------------------------------------------------------------------------------------


def open_objects(node: Any) -> Any:
    """A copy of a schema without ``additionalProperties: false``: unknown request fields tolerated.

    The contract's request schemas list the generated client's known fields; the real API accepts
    others (FACTS.md), so against it a body is invalid only for what the API refuses.
    """
    if isinstance(node, dict):
        return {
            key: open_objects(value)
            for key, value in node.items()
            if not (key == "additionalProperties" and value is False)
        }
    if isinstance(node, list):
        return [open_objects(value) for value in node]
    return node


# ---- numbers ---------------------------------------------------------------------------------------


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = Decimal(value) if isinstance(value, int) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() and number.adjusted() < _MAX_DIGITS else None


def _canonical(number: Decimal) -> str:
    """One text per value, exactly (``5``, ``5.0`` and ``0.5e1`` give ``5e0``); no rounding, unlike ``normalize``."""
    sign, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)  # finite
    kept = list(digits)
    while len(kept) > 1 and kept[-1] == 0:
        kept.pop()
        exponent += 1
    if kept == [0]:
        return "0"
    return f"{'-' if sign else ''}{''.join(map(str, kept))}e{exponent}"


def compared_form(value: Any) -> tuple[str, str]:
    """The form in which two values are compared: numbers (and numeric strings) as numbers, a
    boolean as a boolean, anything else as its text."""
    if isinstance(value, bool):
        return ("boolean", "true" if value else "false")
    number = _number(value)
    if number is not None:
        return ("number", _canonical(number))
    if isinstance(value, int):  # more digits than an int may print in decimal
        return ("integer", hex(value))
    return ("text", str(value))


def same(sent: Any, shown: Any) -> bool:
    """Whether a value shown is the one sent: ``"5"``, ``5`` and ``5.0`` are one; ``true`` is not ``1``."""
    return compared_form(sent) == compared_form(shown)


def state_number(value: Any) -> int | None:
    """An order ``state`` as a number, whether it came as ``"500"``, ``500`` or ``500.0``."""
    number = _number(value)
    if number is None or number != number.to_integral_value():
        return None
    return int(number)


# ---- load ------------------------------------------------------------------------------------------


def retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (delay-seconds or an HTTP date); None if absent or unreadable."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def is_load(status: int, retry_after_header: str | None) -> bool:
    """A 429 (with or without ``Retry-After``), or a 503 with a readable ``Retry-After``: load, not drift.

    The suite waits these out; the proxy counts them. A 503 without ``Retry-After`` is an answer
    like any other (a server error).
    """
    return status == 429 or (status == 503 and retry_after(retry_after_header) is not None)


# ---- answer variants -------------------------------------------------------------------------------

#: Statuses whose body may be empty although the contract documents JSON, and for which operations
#: (None: every one): 403/409/410 (FACTS.md, reported), and a cancel's 200 (the documentation shows no body).
EMPTY_BODY_ALLOWED: Final[Mapping[int, frozenset[str] | None]] = {
    403: None,
    409: None,
    410: None,
    200: frozenset({"cancelOrder"}),
}


def empty_body_allowed(operation_id: str, status: int) -> bool:
    if status not in EMPTY_BODY_ALLOWED:
        return False
    operations = EMPTY_BODY_ALLOWED[status]
    return operations is None or operation_id in operations


# ---- uniqueness ------------------------------------------------------------------------------------


class Repeated(NamedTuple):
    """References an answer gives more than once, and the documented rule that this breaks."""

    rule: str
    references: list[str]

    def __str__(self) -> str:
        return f"{self.rule}: {', '.join(repr(reference) for reference in self.references[:5])}"


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [row for row in value if isinstance(row, dict)] if isinstance(value, list | tuple) else []


def _repeated(values: Iterable[Any]) -> list[str]:
    return sorted(value for value, count in Counter(str(v) for v in values).items() if count > 1)


def repeated_references(operation_id: str | None, payload: Any) -> Repeated | None:
    """The references a 200 answer of ``orders/`` or ``orders/info`` repeats, against the documented
    rules (FACTS.md): an order's reference is unique among the account's orders, an item's within
    its order. None when the answer keeps them (or is of another operation)."""
    if operation_id == "listOrders":
        twice = _repeated(row.get("reference") for row in _dicts(payload))
        rule = "orders/ lists an order reference more than once (unique among an account's orders)"
    elif operation_id == "getOrderInfo" and isinstance(payload, dict):
        twice = _repeated(item.get("reference") for item in _dicts(payload.get("items")))
        rule = "orders/info shows an item reference more than once (unique within an order)"
    else:
        return None
    return Repeated(rule, twice) if twice else None


# ---- orders/info against orders/add ----------------------------------------------------------------

#: The address fields ``orders/info`` must show as sent (``country`` too, in any case).
ADDRESS_FIELDS: Final = ("type", "company", "firstname", "lastname", "street1", "street2", "zip", "city", "state")
_ADDRESS_KEPT: Final = (*ADDRESS_FIELDS, "country", "email")
_ITEM_KEPT: Final = ("reference", "product", "count")


class Difference(NamedTuple):
    """One way ``orders/info`` differs from what was sent: ``field`` is stable (``items[].count``)."""

    field: str
    detail: str


def _clipped(value: Any, clip: int | None) -> Any:
    return value[:clip] if clip is not None and isinstance(value, str) else value


def _kept(row: Mapping[str, Any], names: Iterable[str], clip: int) -> dict[str, Any]:
    return {name: _clipped(row[name], clip) for name in names if name in row}


def order_summary(body: Mapping[str, Any], clip: int) -> dict[str, Any]:
    """The part of an ``orders/add`` body that ``order_differences`` reads, each text cut to ``clip``
    characters: what the proxy remembers of an order (pass the same ``clip`` when comparing)."""
    summary = _kept(body, ("reference", "email"), clip)
    summary["addresses"] = tuple(_kept(address, _ADDRESS_KEPT, clip) for address in _dicts(body.get("addresses")))
    items = []
    for item in _dicts(body.get("items")):
        kept = _kept(item, _ITEM_KEPT, clip)
        if options := _dicts(item.get("options")):
            kept["options"] = tuple(_kept(option, ("type", "count"), clip) for option in options)
        if files := _dicts(item.get("files")):
            kept["files"] = tuple(_kept(file, ("type", "url", "md5sum"), clip) for file in files)
        items.append(kept)
    summary["items"] = tuple(items)
    return summary


def order_differences(sent: Mapping[str, Any], info: Mapping[str, Any], *, clip: int | None = None) -> list[Difference]:
    """How ``orders/info`` differs from the ``orders/add`` body ``sent``: the reference, the e-mail
    (the order's or an address's: the documentation describes the end consumer's), the addresses'
    fields (a country code in any case), and each item's product, count, options and files.

    Numbers are compared as numbers. With ``clip``, a text shown is compared by its first ``clip``
    characters (``sent`` is an ``order_summary`` cut there). Shapes other than the documented ones
    are read as missing, never raise.
    """
    found: list[Difference] = []

    def shown_text(value: Any) -> str:
        return str(_clipped(value, clip))

    reference = sent.get("reference")
    if reference is not None and shown_text(info.get("reference")) != str(reference):
        found.append(Difference("reference", f"reference: sent {reference!r}, shown {info.get('reference')!r}"))
    addresses = _dicts(sent.get("addresses"))
    emails = {str(e).casefold() for e in (sent.get("email"), *(a.get("email") for a in addresses)) if e is not None}
    if emails and "email" in info and shown_text(info["email"]).casefold() not in emails:
        found.append(Difference("email", f"email: shown {info['email']!r}, sent neither the order's nor an address's"))
    shown_addresses = info.get("addresses")
    shown_addresses = shown_addresses if isinstance(shown_addresses, list) else []
    for index, address in enumerate(addresses):
        shown = shown_addresses[index] if index < len(shown_addresses) else {}
        shown = shown if isinstance(shown, dict) else {}
        for name in ADDRESS_FIELDS:
            if name in address and not same(address[name], _clipped(shown.get(name), clip)):
                found.append(
                    Difference(
                        f"addresses[].{name}",
                        f"addresses[{index}].{name}: sent {address[name]!r}, shown {shown.get(name)!r}",
                    )
                )
        country = address.get("country")
        if country is not None and shown_text(shown.get("country")).upper() != str(country).upper():
            found.append(
                Difference(
                    "addresses[].country",
                    f"addresses[{index}].country: sent {country!r}, shown {shown.get('country')!r}",
                )
            )
    info_items = info.get("items")
    shown_items = {str(_clipped(item.get("reference"), clip)): item for item in _dicts(info_items)}
    for item in _dicts(sent.get("items")):
        name = str(item.get("reference"))
        shown = shown_items.get(name)
        if shown is None:
            found.append(Difference("items[]", f"item {name!r} is missing"))
            continue
        if shown_text(shown.get("name")) != str(item.get("product")):
            found.append(
                Difference(
                    "items[].name", f"item {name!r}: name {shown.get('name')!r}, sent product {item.get('product')!r}"
                )
            )
        if not same(item.get("count"), _clipped(shown.get("count"), clip)):
            found.append(
                Difference("items[].count", f"item {name!r}: count {shown.get('count')!r}, sent {item.get('count')!r}")
            )
        shown_options = [
            (shown_text(option.get("type")), _clipped(option.get("count"), clip))
            for option in _dicts(shown.get("options"))
        ]
        for option in _dicts(item.get("options")):
            kind = str(option.get("type"))
            if not any(shown_kind == kind and same(option.get("count"), count) for shown_kind, count in shown_options):
                found.append(Difference("items[].options", f"item {name!r}: option {option!r} is missing"))
        shown_files = {
            (shown_text(file.get("type")), shown_text(file.get("url")), shown_text(file.get("md5sum")))
            for file in _dicts(shown.get("files"))
        }
        for file in _dicts(item.get("files")):
            if (str(file.get("type")), str(file.get("url")), str(file.get("md5sum"))) not in shown_files:
                found.append(Difference("items[].files", f"item {name!r}: file {file!r} is missing"))
    return found


# ---- a cancel --------------------------------------------------------------------------------------


def shows_cancelled(info: Mapping[str, Any]) -> bool:
    """Whether an ``orders/info`` answer shows a cancelled order: state 500, and not cancelable."""
    return state_number(info.get("state")) == CANCELED and info.get("is_cancelable", False) is False


def log_shows_cancelled(rows: Any) -> bool:
    """Whether an ``orders/log`` answer ends with state 500."""
    last = rows[-1] if isinstance(rows, list) and rows else None
    return isinstance(last, dict) and state_number(last.get("state")) == CANCELED
