"""Business rules of orders/add, quotes and accounts, on both stores; ``realistic``: ``--realism strict``."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from cloudcore_simulator import VirtualClock, create_app
from cloudcore_simulator.orders import QUOTE_NOT_FOUND
from cloudcore_simulator.store import Store
from cloudcore_simulator.validation import SCHEMA_INVALID
from tests._helpers.simulator import ADDRESS, BOOK_ITEM, KEY_A, KEY_B, KEYS, START, Api, order_body, quote_body

from .test_http import assert_error


@pytest.fixture
def realistic(store: Store, clock: VirtualClock) -> Iterator[Api]:
    """The simulator with ``realism="strict"``: its own catalogue, pricing and quote rules too."""
    app = create_app(KEYS, clock=clock, store=store, realism="strict")
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Api(client, clock, app)


def item(reference: str, **changes: Any) -> dict[str, Any]:
    value = copy.deepcopy(BOOK_ITEM)
    value["reference"] = reference
    value.update(changes)
    return {k: v for k, v in value.items() if v is not None}


def address(**changes: Any) -> dict[str, Any]:
    value = {**ADDRESS, **changes}
    return {k: v for k, v in value.items() if v is not None}


def test_add_answers_201_with_the_reference(api: Api) -> None:
    response = api.post("/orders/add", order_body("12346"))
    assert response.status_code == 201
    assert response.json() == {"order": "12346"}


def test_integer_counts_from_the_official_sdks(api: Api) -> None:
    body = order_body()
    body["items"][0]["count"] = 2
    body["items"][0]["options"] = [{"type": "total_pages", "count": 36}]
    assert api.post("/orders/add", body).status_code == 201
    info = api.post("/orders/info", {"apikey": KEY_A, "reference": "order-1"}).json()
    assert info["items"][0]["count"] == "2"
    assert info["items"][0]["options"] == [{"type": "total_pages", "count": "36"}]


def test_duplicate_order_reference_is_400(api: Api) -> None:
    assert api.post("/orders/add", order_body("dup")).status_code == 201
    assert_error(api.post("/orders/add", order_body("dup")), 400, "order_reference_not_unique")
    # another account may use the same reference
    assert api.post("/orders/add", order_body("dup", key=KEY_B)).status_code == 201


def test_duplicate_item_reference_is_400(api: Api) -> None:
    body = order_body(items=[item("same"), item("same")])
    assert_error(api.post("/orders/add", body), 400, "item_reference_not_unique")


def test_unknown_product_and_options(api: Api) -> None:
    assert_error(api.post("/orders/add", order_body(items=[item("i", product="nope")])), 400, "product_not_found")
    bad_option = item("i", options=[{"type": "total_pages", "count": "36"}, {"type": "no_such_option", "count": "1"}])
    assert_error(api.post("/orders/add", order_body(items=[bad_option])), 400, "option_not_found")
    wrong_product = item(
        "i", options=[{"type": "total_pages", "count": "36"}, {"type": "envelope_white", "count": "1"}]
    )
    assert_error(api.post("/orders/add", order_body(items=[wrong_product])), 400, "option_not_valid_for_product")
    two_papers = item(
        "i",
        options=[
            {"type": "total_pages", "count": "36"},
            {"type": "paper_130mcg", "count": "36"},
            {"type": "pageblock_80off", "count": "36"},
        ],
    )
    assert_error(api.post("/orders/add", order_body(items=[two_papers])), 400, "option_type_not_unique")
    no_pages = item("i", options=[{"type": "paper_130mcg", "count": "36"}])
    assert_error(api.post("/orders/add", order_body(items=[no_pages])), 400, "missing_required_parameter")


PAGES_ON_FLYER = item(
    "i",
    product="flyer_a5_p",
    files=[{"type": "product", "url": "https://x.example/f", "md5sum": "0" * 32}],
    options=[{"type": "total_pages", "count": "2"}],
)
TOO_MANY_PAGES = item("i", options=[{"type": "total_pages", "count": "9000"}])
WRONG_FILE = item("i", files=[{"type": "product", "url": "https://x.example/f", "md5sum": "0" * 32}])


def test_catalogue_realism_is_strict_only(api: Api, realistic: Api) -> None:
    """Page ranges, file types per product and pages on flat products: no source states them."""
    for reference, body in (("flyer", PAGES_ON_FLYER), ("pages", TOO_MANY_PAGES), ("file", WRONG_FILE)):
        assert api.post("/orders/add", order_body(reference, items=[body])).status_code == 201, reference
    flat = assert_error(realistic.post("/orders/add", order_body(items=[PAGES_ON_FLYER])), 400)
    assert flat["type"] == "option_not_valid_for_product"
    assert_error(realistic.post("/orders/add", order_body(items=[TOO_MANY_PAGES])), 400, "invalid_page_count")
    assert_error(realistic.post("/orders/add", order_body(items=[WRONG_FILE])), 400, "invalid_file_type")
    assert realistic.post("/orders/add", order_body()).status_code == 201


def test_states_are_required_where_the_country_requires_them(api: Api) -> None:
    # The contract's rule (documented: US and CA; AE has require_state 1), so a schema 400.
    for country in ("US", "CA", "AE"):
        error = assert_error(
            api.post("/orders/add", order_body(f"no-state-{country}", addresses=[address(country=country)])),
            400,
            "json_data_schema_is_not_valid",
        )
        assert '"addresses[0].state" is required (a delivery address in US, CA or AE needs a state)' in error["info"]
    # Neither the documentation nor the SDKs require a state elsewhere.
    for country in ("AU", "MX", "IN", "JP"):
        no_state = order_body(f"no-state-{country}", addresses=[address(country=country)])
        assert api.post("/orders/add", no_state).status_code == 201, country
    assert_error(
        api.post("/orders/add", order_body("bad-state", addresses=[address(country="US", state="ZZ")])),
        400,
        "invalid_state",
    )
    assert_error(api.post("/orders/add", order_body("xx", addresses=[address(country="XX")])), 400, "invalid_country")
    assert api.post("/orders/add", order_body("us", addresses=[address(country="US", state="NY")])).status_code == 201
    assert api.post("/orders/add", order_body("ae", addresses=[address(country="AE", state="AJ")])).status_code == 201
    assert api.post("/orders/add", order_body("nl", addresses=[address(country="NL")])).status_code == 201


def test_brazil_needs_customer_identification(api: Api) -> None:
    brazil = address(country="BR", state="SP")
    error = assert_error(api.post("/orders/add", order_body("br", addresses=[brazil])), 400, SCHEMA_INVALID)
    assert '"addresses[0].customer_identification" is required' in error["info"]
    brazil["customer_identification"] = "000.000.000-00"
    assert api.post("/orders/add", order_body("br", addresses=[brazil])).status_code == 201


def test_item_needs_shipping_level_or_quote(api: Api) -> None:
    error = assert_error(
        api.post("/orders/add", order_body(items=[item("i", shipping_level=None)])), 400, SCHEMA_INVALID
    )
    assert "shipping_level" in error["info"]
    assert "quote" in error["info"]
    assert_error(
        api.post("/orders/add", order_body(items=[item("i", shipping_level="cp_limited")])),
        400,
        "shipping_level_not_found",
    )


def _quote_for(api: Api, references: list[str], country: str = "DE") -> dict[str, Any]:
    body = quote_body(
        country=country,
        items=[
            {"reference": ref, "product": "book_hardcover_21x30", "count": "5", "options": BOOK_ITEM["options"]}
            for ref in references
        ],
    )
    response = api.post("/orders/quote", body)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def test_order_with_a_quote(api: Api) -> None:
    quote = _quote_for(api, ["item-1"])
    choice = quote["shipments"][0]["quotes"][1]
    body = order_body(items=[item("item-1", shipping_level=None, quote=choice["quote"])])
    assert api.post("/orders/add", body).status_code == 201
    info = api.post("/orders/info", {"apikey": KEY_A, "reference": "order-1"}).json()
    assert info["items"][0]["shipping_option"] == choice["shipping_option"]


def test_quote_is_tied_to_its_item_references(api: Api) -> None:
    quote = _quote_for(api, ["item-1"])
    hash_ = quote["shipments"][0]["quotes"][0]["quote"]
    body = order_body(items=[item("other", shipping_level=None, quote=hash_)])
    assert_error(api.post("/orders/add", body), 400, "quote_validate_one_or_more_items_not_found_in_quote")


def test_unknown_expired_or_foreign_quote(api: Api) -> None:
    unknown = order_body(items=[item("item-1", shipping_level=None, quote="a" * 64)])
    assert assert_error(api.post("/orders/add", unknown), 400, "quote_not_found")["info"] == QUOTE_NOT_FOUND
    hash_ = _quote_for(api, ["item-1"])["shipments"][0]["quotes"][0]["quote"]
    foreign = order_body(key=KEY_B, items=[item("item-1", shipping_level=None, quote=hash_)])
    assert assert_error(api.post("/orders/add", foreign), 400)["info"] == QUOTE_NOT_FOUND
    api.advance(48 * 3600 - 1)
    assert api.post("/orders/add", order_body("in-time", items=[item("item-1", quote=hash_)])).status_code == 201
    api.advance(1)
    late = order_body("late", items=[item("item-1", shipping_level=None, quote=hash_)])
    assert assert_error(api.post("/orders/add", late), 400, "quote_not_found")["info"] == QUOTE_NOT_FOUND


def test_a_quote_is_tied_to_its_country_in_strict_realism_only(api: Api, realistic: Api) -> None:
    for simulator, status in ((api, 201), (realistic, 400)):
        hash_ = _quote_for(simulator, ["item-1"], country="FR")["shipments"][0]["quotes"][0]["quote"]
        body = order_body(items=[item("item-1", shipping_level=None, quote=hash_)])
        response = simulator.post("/orders/add", body)
        assert response.status_code == status, response.text
    assert_error(response, 400, "quote_country_mismatch")


def test_quote_matches_the_documented_shape(api: Api) -> None:
    response = api.post("/orders/quote", quote_body(country="US", state="NY"))
    assert response.status_code == 200
    quote = response.json()
    assert set(quote) == {
        "price", "vat", "currency", "expire_date", "subtotals", "shipments", "invoice_currency",
        "invoice_exchange_rate",
    }  # fmt: skip
    assert quote["subtotals"] == {"items": "1.7912", "fee": "2.7500", "app_fee": "0.0000"}  # the documented figures
    assert quote["price"] == "4.5412"  # no VAT to the US, as in the documented example
    assert quote["vat"] == "0.00"
    assert quote["expire_date"] == "2026-01-03T00:00:00+00:00"
    assert quote["invoice_currency"] == "EUR"
    assert quote["invoice_exchange_rate"] == "1.0000"
    (shipment,) = quote["shipments"]
    assert shipment["total_weight"] == "712"
    assert shipment["items"] == [{"reference": "ref_id_1234567"}]
    levels = [q["shipping_level"] for q in shipment["quotes"]]
    assert levels == ["cp_postal", "cp_ground", "cp_saver", "cp_fast"]
    for choice in shipment["quotes"]:
        assert re.fullmatch(r"[0-9a-f]{64}", choice["quote"])
        assert set(choice) == {"quote", "service", "shipping_level", "shipping_option", "price", "vat", "currency"}
        assert re.fullmatch(r"\d+\.\d{4}", choice["price"])
    assert len({q["quote"] for q in shipment["quotes"]}) == 4
    # deterministic: the same request at the same virtual time gives the same answer
    assert api.post("/orders/quote", quote_body(country="US", state="NY")).json() == quote


DOCUMENTED_QUOTE = {
    "price": "4.5412",
    "vat": "0.00",
    "currency": "EUR",
    "subtotals": {"items": "1.7912", "fee": "2.7500", "app_fee": "0.0000"},
    "invoice_currency": "EUR",
    "invoice_exchange_rate": "1.0000",
}
DOCUMENTED_SHIPPING = {  # level -> (service, shipping_option, price, vat), docs lines 1207-1235
    "cp_postal": ("Postal - Untracked", "National Post - Int. Postal Untracked", "4.2000", "0.0000"),
    "cp_ground": ("Express ground - Tracked", "National Post - Int. Postal Tracked", "6.2300", "0.0000"),
    "cp_fast": ("Express fast - Tracked", "DHL - International Express", "14.5000", "0.0000"),
}


def test_the_documented_quote_request_gets_the_documented_answer(api: Api) -> None:
    """Docs lines 1016-1240: NL, textbook_pb_a4_p_bw, 120 pages -> price 4.5412, VAT 0.00, postal 4.2000."""
    quote = api.post("/orders/quote", quote_body()).json()
    assert {k: quote[k] for k in DOCUMENTED_QUOTE} == DOCUMENTED_QUOTE
    (shipment,) = quote["shipments"]
    assert (shipment["total_weight"], shipment["items"]) == ("712", [{"reference": "ref_id_1234567"}])
    offered = {
        q["shipping_level"]: (q["service"], q["shipping_option"], q["price"], q["vat"]) for q in shipment["quotes"]
    }
    assert {level: offered[level] for level in DOCUMENTED_SHIPPING} == DOCUMENTED_SHIPPING
    assert set(offered) - set(DOCUMENTED_SHIPPING) == {"cp_saver"}  # the simulator also offers the fourth level


def test_quote_vat_currency_and_rules(api: Api, realistic: Api) -> None:
    assert api.post("/orders/quote", quote_body(country="DE")).json()["vat"] == "0.00"  # no VAT by default
    eu = realistic.post("/orders/quote", quote_body(country="NL")).json()
    assert eu["vat"] == "0.95"  # strict: 21 % of 1.7912 + 2.75
    assert eu["shipments"][0]["quotes"][0]["price"] == "5.0820"
    usd = api.post("/orders/quote", quote_body(country="US", state="CA", currency="usd")).json()
    assert usd["currency"] == "USD"
    assert usd["subtotals"]["items"] == "1.9345"
    assert usd["invoice_exchange_rate"] == "0.9259"
    huf = api.post("/orders/quote", quote_body(currency="HUF")).json()  # any ISO 4217 code; simulated rate 1
    assert (huf["currency"], huf["price"], huf["invoice_exchange_rate"]) == ("HUF", "4.5412", "1.0000")
    assert_error(realistic.post("/orders/quote", quote_body(currency="HUF")), 400, "invalid_currency")
    for simulator in (api, realistic):
        assert_error(simulator.post("/orders/quote", quote_body(currency="XYZ")), 400, "invalid_currency")
        assert_error(simulator.post("/orders/quote", quote_body(country="US")), 400, SCHEMA_INVALID)
        assert_error(simulator.post("/orders/quote", quote_body(country="CA")), 400, SCHEMA_INVALID)  # both SDKs
    dup = quote_body()
    dup["items"] = dup["items"] * 2
    assert api.post("/orders/quote", dup).status_code == 200  # the documentation ties uniqueness to orders
    assert_error(realistic.post("/orders/quote", dup), 400, "item_reference_not_unique")


def test_order_currencies_are_iso_4217(api: Api) -> None:
    assert api.post("/orders/add", order_body("gbp", currency="gbp", price="12,50")).status_code == 201
    error = assert_error(api.post("/orders/add", order_body("abc", currency="ABC")), 400, "invalid_currency")
    assert error["info"] == 'currency: "ABC" is not an ISO 4217 currency code'
    bad_item = order_body("item-abc", items=[item("i", currency="ABC", price="1")])
    assert "items[0].currency" in assert_error(api.post("/orders/add", bad_item), 400, "invalid_currency")["info"]


def test_bulk_is_cheaper_per_copy(api: Api) -> None:
    def items_price(count: int) -> float:
        body = quote_body()
        body["items"][0]["count"] = count
        return float(api.post("/orders/quote", body).json()["subtotals"]["items"])

    assert items_price(100) < 100 * items_price(1)
    assert items_price(2) == 2 * items_price(1)


def test_each_key_is_its_own_account(api: Api) -> None:
    assert api.post("/orders/add", order_body("mine")).status_code == 201
    assert api.post("/orders/", {"apikey": KEY_B}).status_code == 204
    assert_error(api.post("/orders/info", {"apikey": KEY_B, "reference": "mine"}), 410, "order_not_found")
    assert_error(api.post("/orders/cancel", {"apikey": KEY_B, "reference": "mine"}), 410)
    assert api.post("/orders/log", {"apikey": KEY_B, "reference": "mine"}).status_code == 204
    assert api.post("/orders/info", {"apikey": KEY_A, "reference": "mine"}).status_code == 200


def test_reorder_needs_no_shipping_level(api: Api) -> None:
    assert api.post("/orders/add", order_body("original")).status_code == 201
    reorder = item(
        "r-1",
        shipping_level=None,
        reorder_cause="reorder_shipping_item_damaged",
        reorder_desc="Cover torn",
        reorder_order_reference="original",
        reorder_item_reference="item-1",
    )
    assert api.post("/orders/add", order_body("reorder", items=[reorder])).status_code == 201
    info = api.post("/orders/info", {"apikey": KEY_A, "reference": "reorder"}).json()
    assert info["items"][0]["shipping_option"] == "UPS - Express Saver"  # inherited cp_saver
    unknown = {**reorder, "reorder_order_reference": "nope"}
    assert_error(api.post("/orders/add", order_body("r2", items=[unknown])), 400, "reorder_order_not_found")
    wrong_item = {**reorder, "reorder_item_reference": "nope"}
    assert_error(api.post("/orders/add", order_body("r3", items=[wrong_item])), 400, "reorder_item_not_found")
    # All four reorder fields are documented as optional: without the item, the original's first item's level.
    partial = {k: v for k, v in reorder.items() if k != "reorder_item_reference"}
    assert api.post("/orders/add", order_body("r4", items=[partial])).status_code == 201
    assert api.post("/orders/info", {"apikey": KEY_A, "reference": "r4"}).json()["items"][0]["shipping_option"] == (
        "UPS - Express Saver"
    )
    cause_only = {k: v for k, v in partial.items() if k != "reorder_order_reference"}
    error = assert_error(api.post("/orders/add", order_body("r5", items=[cause_only])), 400)
    assert error == {
        "type": "missing_required_parameter",
        "info": '"items[0].reorder_order_reference" is required for a reorder without a shipping_level or quote',
    }
    assert (
        api.post("/orders/add", order_body("r6", items=[{**cause_only, "shipping_level": "cp_fast"}])).status_code
        == 201
    )


def test_info_echoes_the_order(api: Api) -> None:
    assert api.post("/orders/add", order_body("12346")).status_code == 201
    info = api.post("/orders/info", {"apikey": KEY_A, "reference": "12346"}).json()
    assert info["reference"] == "12346"
    assert info["state"] == "1"
    assert info["state_code"] == "order_state_new"
    assert info["order_date"] == "2026-01-01 00:00:00"
    assert info["email"] == "email@example.com"  # documented: the end consumer's, not the support team's
    assert info["addresses"][0]["country"] == "DE"
    assert info["addresses"][0]["firstname"] == "Example firstname"
    (the_item,) = info["items"]
    assert the_item["name"] == "book_hardcover_21x30"
    assert the_item["count"] == "5"
    assert the_item["tracking"] == ""
    assert the_item["files"][0] == BOOK_ITEM["files"][0]
    assert api.clock.now() == START
