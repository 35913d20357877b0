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
QUOTE_STATE_RULE = "a quote for the US or CA needs a state"

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
    RuleCase("CA quote without state", "/orders/quote", quote(country="CA"), False, QUOTE_STATE_RULE, "state"),
    RuleCase("CA quote with state", "/orders/quote", quote(country="CA", state="ON"), True, QUOTE_STATE_RULE),
]  # fmt: skip


def _recased(body: dict[str, Any], case: str) -> dict[str, Any]:
    """``body`` with every country code in ``case``: ``lower`` (``us``) or ``mixed`` (``Us``)."""
    changed = copy.deepcopy(body)

    def recase(code: str) -> str:
        return code.lower() if case == "lower" else code[0] + code[1:].lower()

    if "country" in changed:
        changed["country"] = recase(changed["country"])
    for entry in changed.get("addresses", []):
        entry["country"] = recase(entry["country"])
    return changed


#: Every rule case whose body names a country, again with the country in lower case and in mixed
#: case: the same verdict is due whatever the case (issue 19: ``"br"`` once bypassed the CPF rule).
CASED_RULE_CASES: list[RuleCase] = [
    RuleCase(f"{case.name} ({recase} case)", case.path, _recased(case.body, recase), case.valid, case.rule,
             case.missing)
    for case in RULE_CASES
    for recase in ("lower", "mixed")
    if case.rule in (STATE_RULE, ZIP_RULE, CPF_RULE, QUOTE_STATE_RULE)
]  # fmt: skip

NODE_VALIDATORS = ("order-validator.js", "order-quote-validator.js")
"""The Node SDK's request validators (cloudprintercom/cloudcore-nodejs-sdk ``src/validators/``, Joi 14)."""
PHP_VALIDATORS = (
    "Order.php", "OrderItem.php", "Address.php", "OrderQuote.php", "OrderQuoteItem.php", "Option.php", "File.php",
    "CountryInterface.php",
)  # fmt: skip
"""The PHP SDK's models that validate requests (cloudprintercom/cloudcore-php-sdk ``src/Model/``)."""


@dataclass(frozen=True)
class Probe:
    """A request the sources allow (the documentation, FACTS.md or what an official SDK sends).

    ``before`` runs first, each step answered 2xx; a ``"{quote}"`` string in ``body`` is replaced by
    the first quote hash of the last ``orders/quote`` answer of ``before``.
    """

    name: str
    path: str
    body: dict[str, Any]
    why: str
    before: tuple[tuple[str, dict[str, Any]], ...] = ()


def flyer_item(reference: str = "flyer-1", **changes: Any) -> dict[str, Any]:
    """A flyer item (a flat product, one ``product`` file), with changes; None removes a field."""
    value: dict[str, Any] = {
        "reference": reference,
        "product": "flyer_a5_p",
        "shipping_level": "cp_postal",
        "count": 100,
        "files": [{"type": "product", "url": "https://download.example.com/files/flyer", "md5sum": MD5}],
    }
    value.update(changes)
    return {k: v for k, v in value.items() if v is not None}


_BOOK_FILES = book_item()["files"]
_NODE_TEST_QUOTE_ITEM = {
    "reference": "99", "product": "textbook_cw_a6_p_bw", "count": 2,
    "options": [{"type": "cover_finish_gloss", "count": 1}, {"type": "pageblock_80off", "count": 1},
                {"type": "cover_130mcg", "count": 1}, {"type": "total_pages", "count": 100}],
}  # fmt: skip
_ORIGINAL = ("/orders/add", order("original-order"))

#: Requests the sources allow. Issue 19 found each ``issue 19`` probe refused; every probe must be
#: accepted by the contract and the default simulator (tests/spec and tests/simulator test_fidelity).
PROBES: list[Probe] = [
    *(Probe(name, path, body, "an official SDK sends it (issue 10's table)") for name, path, body in SDK_SHAPES),
    Probe("book with a product file", "/orders/add",
          order(items=[book_item(files=[{"type": "product", "url": "https://x.example/p.pdf", "md5sum": MD5}])]),
          "issue 19; docs line 747: product, cover and book for any item"),
    Probe("flyer with cover and book files", "/orders/add", order(items=[flyer_item(files=_BOOK_FILES)]),
          "issue 19; docs line 747"),
    Probe("total_pages 12 on a hardcover book", "/orders/add",
          order(items=[book_item(options=[{"type": "total_pages", "count": "12"}])]),
          "issue 19; no page range is documented"),
    Probe("meta as an array", "/orders/add", order(meta=[{"key": "copies_per_box", "value": 10}]),
          "issue 19; docs line 709: meta is an array"),
    Probe("meta as an object", "/orders/add", order(meta={"copies_per_box": 10, "box": "A"}),
          "PHP Order::addMeta"),
    Probe("item count 05", "/orders/add", order(items=[book_item(count="05")]),
          "issue 19; Node Joi.number().min(1) converts it"),
    Probe("item count 5.0", "/orders/add", order(items=[book_item(count="5.0")]), "Node Joi.number() converts it"),
    Probe("item count 2.0 as a JSON number", "/orders/add", order(items=[book_item(count=2.0)]),
          "a whole number of copies; Node Joi.number().min(1)"),
    Probe("option count 1.0", "/orders/add",
          order(items=[book_item(options=[{"type": "total_pages", "count": 36}, {"type": "paper_130mcg",
                                                                                  "count": "1.0"}])]),
          "issue 19; the Node SDK takes any option count"),
    Probe("quote in HUF", "/orders/quote", quote(currency="HUF"), "issue 19; docs line 1246: any ISO 4217 code"),
    Probe("quote in lower-case huf", "/orders/quote", quote(currency="huf"), "docs line 1246; no case stated"),
    Probe("order to BE with a quote made for NL", "/orders/add",
          order(addresses=[address(country="BE")],
                items=[book_item("ref_id_1234567", shipping_level=None, quote="{quote}")]),
          "issue 19; no source ties a quote to a country",
          before=(("/orders/quote", quote(items=[book_item("ref_id_1234567")])),)),
    Probe("reorder without reorder_item_reference", "/orders/add",
          order("reorder-1", items=[book_item("r-1", shipping_level=None, reorder_cause="reorder_shipping_item_damaged",
                                               reorder_order_reference="original-order")]),
          "issue 19; docs lines 741-744: all four reorder fields optional", before=(_ORIGINAL,)),
    Probe("reorder by reorder_order_reference alone", "/orders/add",
          order("reorder-2", items=[book_item("r-1", shipping_level=None,
                                               reorder_order_reference="original-order")]),
          "PHP OrderItem::isReorderItem", before=(_ORIGINAL,)),
    Probe("PHP reorder example (free-text cause, with a shipping level)", "/orders/add",
          order("reorder-3", items=[book_item("item-1", reorder_item_reference="item-1",
                                               reorder_order_reference="original-order",
                                               reorder_cause="reorder cause", reorder_desc="reorder description")]),
          "PHP examples/reorder.php", before=(_ORIGINAL,)),
    Probe("irish address in lower case without zip", "/orders/add",
          order(addresses=[address(country="ie", zip=None)]), "issue 19; the SDKs' list, any case"),
    Probe("irish address in mixed case without zip", "/orders/add",
          order(addresses=[address(country="Ie", zip=None)]), "the SDKs' list, any case"),
    Probe("US address in lower case with a lower-case state", "/orders/add",
          order(addresses=[address(country="us", state="ny")]), "docs line 720"),
    Probe("brazilian address in lower case with a CPF", "/orders/add",
          order(addresses=[address(country="br", customer_identification="000.000.000-00")]), "facts: CPF"),
    Probe("brazilian address with an unpunctuated CPF", "/orders/add",
          order(addresses=[address(country="BR", customer_identification="00000000000")]), "facts: CPF"),
    Probe("order currency in lower case and price with a comma", "/orders/add",
          order(currency="gbp", price="12,50", items=[book_item(price="3,25", currency="GBP")]),
          "docs lines 706-707"),
    Probe("quote for CA with a state", "/orders/quote", quote(country="CA", state="ON"), "both SDKs"),
    Probe("quote for us in lower case with a state", "/orders/quote", quote(country="us", state="NY"),
          "docs line 1248"),
    Probe("quote of the Node SDK's own test", "/orders/quote", quote(items=[_NODE_TEST_QUOTE_ITEM]),
          "Node test/actions/order-test.js"),
    Probe("quote with two items of one reference", "/orders/quote",
          quote(items=[_NODE_TEST_QUOTE_ITEM, _NODE_TEST_QUOTE_ITEM]),
          "no source makes quote references unique"),
    Probe("shipping states of a lower-case country", "/shipping/states", {"country_reference": "ae"},
          "docs line 2072; no case stated"),
    Probe("total_pages on a flyer", "/orders/add",
          order(items=[flyer_item(options=[{"type": "total_pages", "count": 2}])]),
          "no source refuses it"),
]  # fmt: skip


@dataclass(frozen=True)
class DocumentedRule:
    """A refusal a source states: the request that breaks it and the status it gets.

    ``schema``: the contract itself refuses it (a validator on openapi/cloudcore.yaml says so);
    otherwise it is a business rule only the simulator (and CloudCore) can apply.
    """

    name: str
    path: str
    body: dict[str, Any]
    status: int
    source: str
    schema: bool = True
    before: tuple[tuple[str, dict[str, Any]], ...] = ()


def _without(body: dict[str, Any], *path: str | int) -> dict[str, Any]:
    changed = copy.deepcopy(body)
    target: Any = changed
    for part in path[:-1]:
        target = target[part]
    del target[path[-1]]
    return changed


#: The refusals the sources state, each tried once (tests/spec and tests/simulator test_fidelity).
DOCUMENTED_RULES: list[DocumentedRule] = [
    *(DocumentedRule(f"order without {field}", "/orders/add", _without(order(), field), 400, "docs lines 704-711")
      for field in ("reference", "email", "addresses", "items")),
    *(DocumentedRule(f"address without {field}", "/orders/add", _without(order(), "addresses", 0, field), 400,
                     "docs lines 712-723")
      for field in ("type", "firstname", "lastname", "street1", "zip", "city", "country", "email", "phone")),
    *(DocumentedRule(f"item without {field}", "/orders/add", _without(order(), "items", 0, field), 400,
                     "docs lines 732-746")
      for field in ("reference", "product", "count", "files", "shipping_level")),
    *(DocumentedRule(f"item file without {field}", "/orders/add", _without(order(), "items", 0, "files", 0, field),
                     400, "docs lines 747-749")
      for field in ("type", "url", "md5sum")),
    *(DocumentedRule(f"option without {field}", "/orders/add", _without(order(), "items", 0, "options", 0, field),
                     400, "docs lines 752-753")
      for field in ("type", "count")),
    DocumentedRule("no addresses", "/orders/add", order(addresses=[]), 400, "docs line 711"),
    DocumentedRule("no items", "/orders/add", order(items=[]), 400, "docs line 731"),
    DocumentedRule("no item files", "/orders/add", order(items=[book_item(files=[])]), 400, "docs line 746"),
    DocumentedRule("address type billing", "/orders/add", order(addresses=[address(type="billing")]), 400,
                   "docs line 712"),
    DocumentedRule("item file type delivery_note", "/orders/add",
                   order(items=[book_item(files=[{"type": "delivery_note", "url": "https://x.example/f",
                                                  "md5sum": MD5}])]), 400, "docs line 747"),
    DocumentedRule("order file type cover", "/orders/add",
                   order(files=[{"type": "cover", "url": "https://x.example/f", "md5sum": MD5}]), 400,
                   "docs line 727"),
    DocumentedRule("md5sum of 31 digits", "/orders/add",
                   order(items=[book_item(files=[{"type": "book", "url": "https://x.example/f", "md5sum": MD5[1:]}])]),
                   400, "docs line 749"),
    DocumentedRule("file url that is no URL", "/orders/add",
                   order(items=[book_item(files=[{"type": "book", "url": "not a url", "md5sum": MD5}])]), 400,
                   "Node Joi.string().uri()"),
    DocumentedRule("e-mail that is no address", "/orders/add", order(email="not-an-address"), 400,
                   "Node Joi.string().email()"),
    DocumentedRule("item count 0", "/orders/add", order(items=[book_item(count=0)]), 400, "Node Joi.number().min(1)"),
    DocumentedRule("item count 1.5", "/orders/add", order(items=[book_item(count=1.5)]), 400,
                   "docs line 734: copies"),
    DocumentedRule("item count abc", "/orders/add", order(items=[book_item(count="abc")]), 400,
                   "Node Joi.number()"),
    DocumentedRule("option count -1", "/orders/add",
                   order(items=[book_item(options=[{"type": "total_pages", "count": -1}])]), 400, "docs line 753"),
    DocumentedRule("price abc", "/orders/add", order(price="abc"), 400, "docs line 706: comma as decimal separator"),
    DocumentedRule("item price abc", "/orders/add", order(items=[book_item(price="abc")]), 400, "docs line 738"),
    DocumentedRule("currency of four letters", "/orders/add", order(currency="EURO"), 400, "docs line 707"),
    DocumentedRule("currency ABC (no ISO 4217 code)", "/orders/add", order(currency="ABC"), 400, "docs line 707",
                   schema=False),
    DocumentedRule("quote currency XYZ (no ISO 4217 code)", "/orders/quote", quote(currency="XYZ"), 400,
                   "docs line 1246", schema=False),
    DocumentedRule("country XX (no ISO 3166-1 code)", "/orders/add", order(addresses=[address(country="XX")]), 400,
                   "docs line 721", schema=False),
    DocumentedRule("country of three letters", "/orders/add", order(addresses=[address(country="DEU")]), 400,
                   "docs line 721"),
    *(DocumentedRule(f"{country} address without state", "/orders/add", order(addresses=[address(country=country)]),
                     400, "docs line 720; both SDKs")
      for country in ("US", "us", "Us", "CA", "ca", "AE", "ae")),
    DocumentedRule("US address with state ZZ", "/orders/add", order(addresses=[address(country="US", state="ZZ")]),
                   400, "docs line 720: ANSI INCITS 38:2009", schema=False),
    *(DocumentedRule(f"{country} address without zip", "/orders/add",
                     order(addresses=[address(country=country, zip=None)]), 400, "docs line 718; both SDKs")
      for country in ("DE", "de", "De")),
    *(DocumentedRule(f"{country} address without CPF", "/orders/add", order(addresses=[address(country=country)]),
                     400, "facts: required for Brazil")
      for country in ("BR", "br", "bR")),
    DocumentedRule("CPF x", "/orders/add", order(addresses=[address(country="BR", customer_identification="x")]),
                   400, "facts: CPF 000.000.000-00"),
    DocumentedRule("order without a quote, level or option", "/orders/add",
                   order(items=[book_item(shipping_level=None)]), 400, "docs line 735"),
    DocumentedRule("duplicate order reference", "/orders/add", order("original-order"), 400, "docs line 704",
                   schema=False, before=(_ORIGINAL,)),
    DocumentedRule("duplicate item reference", "/orders/add", order(items=[book_item("a"), book_item("a")]), 400,
                   "docs line 732", schema=False),
    DocumentedRule("unknown product", "/orders/add", order(items=[book_item(product="no_such_product")]), 400,
                   "docs line 733", schema=False),
    DocumentedRule("option the product does not list", "/orders/add",
                   order(items=[book_item(options=[{"type": "total_pages", "count": 36},
                                                   {"type": "envelope_white", "count": 1}])]), 400,
                   "docs line 1430", schema=False),
    DocumentedRule("book without total_pages", "/orders/add",
                   order(items=[book_item(options=[{"type": "paper_130mcg", "count": 36}])]), 400, "docs line 752",
                   schema=False),
    DocumentedRule("two options of one type", "/orders/add",
                   order(items=[book_item(options=[{"type": "total_pages", "count": 36},
                                                   {"type": "paper_130mcg", "count": 36},
                                                   {"type": "pageblock_80off", "count": 36}])]), 400,
                   "facts: one option of a type", schema=False),
    DocumentedRule("unknown quote hash", "/orders/add",
                   order(items=[book_item(shipping_level=None, quote="a" * 64)]), 400,
                   "facts: Quote hash not found or expired", schema=False),
    DocumentedRule("quote made for other item references", "/orders/add",
                   order(items=[book_item("other", shipping_level=None, quote="{quote}")]), 400,
                   "facts: tied to the item references", schema=False,
                   before=(("/orders/quote", quote(items=[book_item("ref_id_1234567")])),)),
    DocumentedRule("reorder of an unknown order", "/orders/add",
                   order(items=[book_item(reorder_order_reference="no-such-order")]), 400, "docs line 743",
                   schema=False),
    DocumentedRule("reorder of two original orders", "/orders/add",
                   order("two-origins", items=[book_item("a", reorder_order_reference="original-order"),
                                               book_item("b", reorder_order_reference="other-order")]), 400,
                   "facts: one original order per reorder", schema=False,
                   before=(_ORIGINAL, ("/orders/add", order("other-order")))),
    DocumentedRule("quote without country", "/orders/quote", quote(country=None), 400, "docs line 1247"),
    DocumentedRule("quote without items", "/orders/quote", quote(items=[]), 400, "docs line 1249"),
    *(DocumentedRule(f"quote for {country} without state", "/orders/quote", quote(country=country), 400,
                     "docs line 1248; both SDKs")
      for country in ("US", "us", "CA", "Ca")),
    DocumentedRule("shipping states of country XX", "/shipping/states", {"country_reference": "XX"}, 400,
                   "docs line 2072", schema=False),
    DocumentedRule("order info of an unknown order", "/orders/info", {"reference": "no-such-order"}, 410,
                   "docs line 363", schema=False),
    DocumentedRule("cancel of an unknown order", "/orders/cancel", {"reference": "no-such-order"}, 410,
                   "docs line 873", schema=False),
]  # fmt: skip


def with_key(body: dict[str, Any], key: str) -> dict[str, Any]:
    """A deep copy of ``body`` carrying ``apikey``."""
    return {"apikey": key, **copy.deepcopy(body)}
