"""Request bodies that real integrations send, and the documented conditional rules as cases.

Shared by tests/spec (the contract accepts or refuses them) and tests/simulator (the simulator
agrees). Bodies carry no ``apikey``: each test adds its own. The shapes come from what the
official SDKs' validators let through (cloudcore-nodejs-sdk ``src/validators``, Joi with
``allowUnknown: true``; cloudcore-php-sdk ``src/Model``), see openapi/reference/FACTS.md.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

MD5 = "4578c3ecf64e47581b175d542f8b0160"


def address(**changes: Any) -> dict[str, Any]:
    """A delivery address in Germany (the documented example), with changes; None removes a field."""
    value: dict[str, Any] = {
        "type": "delivery",
        "firstname": "Example firstname",
        "lastname": "Example lastname",
        "street1": "Example street 1234",
        "zip": "99999",
        "city": "Example city",
        "country": "DE",
        "email": "email@example.com",
        "phone": "12345678",
    }
    value.update(changes)
    return {k: v for k, v in value.items() if v is not None}


def book_item(reference: str = "item-1", **changes: Any) -> dict[str, Any]:
    """The documented book item, with changes; None removes a field."""
    value: dict[str, Any] = {
        "reference": reference,
        "product": "book_hardcover_21x30",
        "shipping_level": "cp_saver",
        "count": 5,
        "files": [
            {"type": "cover", "url": "https://download.example.com/files/cover", "md5sum": MD5},
            {"type": "book", "url": "https://download.example.com/files/book", "md5sum": MD5},
        ],
        "options": [{"type": "total_pages", "count": 36}, {"type": "paper_130mcg", "count": 36}],
    }
    value.update(changes)
    return {k: v for k, v in value.items() if v is not None}


def order(reference: str = "sdk-order", *, items: list[dict[str, Any]] | None = None, **changes: Any) -> dict[str, Any]:
    """An orders/add body (no apikey) with one address and the given items."""
    value: dict[str, Any] = {
        "reference": reference,
        "email": "support@client-company.com",
        "addresses": [address()],
        "items": items if items is not None else [book_item()],
    }
    value.update(changes)
    return {k: v for k, v in value.items() if v is not None}


def quote(**changes: Any) -> dict[str, Any]:
    """The documented orders/quote body (no apikey), with changes; None removes a field."""
    value: dict[str, Any] = {
        "country": "NL",
        "items": [
            {
                "reference": "ref_id_1234567",
                "product": "textbook_pb_a4_p_bw",
                "count": 1,
                "options": [{"type": "pageblock_80off", "count": 120}, {"type": "total_pages", "count": 120}],
            }
        ],
    }
    value.update(changes)
    return {k: v for k, v in value.items() if v is not None}


PRESIGNED_URL = "https://bucket.s3.eu-west-1.amazonaws.com/files/book.pdf?X-Amz-Signature=" + "f" * 2070
assert len(PRESIGNED_URL) > 2140

#: The request shapes of issue 10's table and the other limits the contract no longer invents:
#: (name, path, body). Every one must be accepted: 201 for orders/add, 200 for orders/quote.
SDK_SHAPES: list[tuple[str, str, dict[str, Any]]] = [
    ("irish address without zip", "/orders/add", order(addresses=[address(country="IE", zip=None)])),
    (
        "item with shipping_option instead of shipping_level",
        "/orders/add",
        order(items=[book_item(shipping_level=None, shipping_option="DHL - National Standard (DE)")]),
    ),
    (
        "stock item without files",
        "/orders/add",
        order(
            items=[
                {
                    "reference": "s-1",
                    "product": "stock_tote_bag",
                    "type": "stock",
                    "count": 2,
                    "shipping_level": "cp_postal",
                }
            ]
        ),
    ),
    ("german address with a state name", "/orders/add", order(addresses=[address(state="Berlin")])),
    (
        "presigned file url of 2,140+ characters",
        "/orders/add",
        order(
            items=[
                book_item(
                    files=[
                        {"type": "cover", "url": PRESIGNED_URL, "md5sum": MD5},
                        {"type": "book", "url": PRESIGNED_URL, "md5sum": MD5},
                    ]
                )
            ]
        ),
    ),
    ("internationalised e-mail address", "/orders/add", order(addresses=[address(email="jörg@müller.de")])),
    ("order reference of 200 characters", "/orders/add", order("r" * 200)),
    ("meta with a number value", "/orders/add", order(meta={"copies_per_box": 10})),
    (
        "quote whose items were reused from an order",
        "/orders/quote",
        quote(country="DE", items=[book_item("q-1")]),
    ),
    (
        "long title, name, street and phone",
        "/orders/add",
        order(
            addresses=[address(firstname="F" * 300, lastname="L" * 300, street1="S" * 300, phone="+" + "1" * 80)],
            items=[book_item(title="T" * 300)],
        ),
    ),
    ("empty hc and a decimal-point price", "/orders/add", order(hc="", price="12.50", currency="EUR")),
    ("price as a JSON number (PHP SDK)", "/orders/add", order(price=12.5, items=[book_item(price=3.25)])),
    ("lowercase country and currency", "/orders/add", order(addresses=[address(country="de")], currency="eur")),
    ("lowercase quote currency", "/orders/quote", quote(currency="eur")),
    (
        "option count 0",
        "/orders/add",
        order(items=[book_item(options=[{"type": "total_pages", "count": 36}, {"type": "paper_130mcg", "count": 0}])]),
    ),
    ("quote for Canada without a state (documented: US only)", "/orders/quote", quote(country="CA")),
    ("australian address without a state", "/orders/add", order(addresses=[address(country="AU")])),
]


@dataclass(frozen=True)
class RuleCase:
    """One side of a documented conditional rule: the body, whether it is valid, the rule's words."""

    name: str
    path: str
    body: dict[str, Any]
    valid: bool
    rule: str
    missing: str = ""
    """The field the refusal names, e.g. ``addresses[0].state``."""


STATE_RULE = "a delivery address in US, CA or AE needs a state"
ZIP_RULE = "a delivery address needs a zip unless its country has no postal codes"
CPF_RULE = "a delivery address in Brazil needs a customer_identification (CPF)"
FILES_RULE = 'an item needs files unless it is a stock item ("type" "stock")'
SHIPPING_RULE = "an item needs a shipping_level unless it has a quote, a shipping_option or is a reorder"
QUOTE_STATE_RULE = "a quote for the US needs a state"

RULE_CASES: list[RuleCase] = [
    RuleCase("US address without state", "/orders/add", order(addresses=[address(country="US")]), False, STATE_RULE,
             "addresses[0].state"),
    RuleCase("US address with state", "/orders/add", order(addresses=[address(country="US", state="NY")]), True,
             STATE_RULE),
    RuleCase("CA address without state", "/orders/add", order(addresses=[address(country="CA")]), False, STATE_RULE,
             "addresses[0].state"),
    RuleCase("CA address with state", "/orders/add", order(addresses=[address(country="CA", state="ON")]), True,
             STATE_RULE),
    RuleCase("DE address without zip", "/orders/add", order(addresses=[address(zip=None)]), False, ZIP_RULE,
             "addresses[0].zip"),
    RuleCase("HK address without zip", "/orders/add", order(addresses=[address(country="HK", zip=None)]), True,
             ZIP_RULE),
    RuleCase("BR address without CPF", "/orders/add", order(addresses=[address(country="BR")]), False, CPF_RULE,
             "addresses[0].customer_identification"),
    RuleCase("BR address with CPF", "/orders/add",
             order(addresses=[address(country="BR", customer_identification="000.000.000-00")]), True, CPF_RULE),
    RuleCase("printed item without files", "/orders/add", order(items=[book_item(files=None)]), False, FILES_RULE,
             "items[0].files"),
    RuleCase("stock item without files", "/orders/add",
             order(items=[book_item(product="stock_tote_bag", type="stock", files=None, options=None)]), True,
             FILES_RULE),
    RuleCase("item without shipping_level, quote or option", "/orders/add",
             order(items=[book_item(shipping_level=None)]), False, SHIPPING_RULE, "items[0].shipping_level"),
    RuleCase("item with shipping_option only", "/orders/add",
             order(items=[book_item(shipping_level=None, shipping_option="UPS - Express Saver")]), True,
             SHIPPING_RULE),
    RuleCase("US quote without state", "/orders/quote", quote(country="US"), False, QUOTE_STATE_RULE, "state"),
    RuleCase("US quote with state", "/orders/quote", quote(country="US", state="NY"), True, QUOTE_STATE_RULE),
]  # fmt: skip


def with_key(body: dict[str, Any], key: str) -> dict[str, Any]:
    """A deep copy of ``body`` carrying ``apikey``."""
    return {"apikey": key, **copy.deepcopy(body)}
