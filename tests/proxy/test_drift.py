"""Every kind of drift the contract suite's fault proof injects is reported by the proxy from
ordinary client traffic that touches it.

The "real" API is the simulator with one fault of ``tests/contract/faults.py`` injected; the traffic
is what a service sends in the normal course of things (the generated client where it can send it,
a raw request for what it refuses: no key, another method). For each fault the report must name the
expected kind of violation on the expected operation, and one log line must say so.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

import httpx
import pytest

from cloudcore_client import CloudCoreError
from tests._helpers.proxy import KEY, OTHER_KEY, TIMEOUT, Stack, add_order, findings, simulator, stack, violations
from tests.contract.faults import Fault

quietly = contextlib.suppress(CloudCoreError)  # the client may refuse a drifted answer: that is its job


def countries(s: Stack) -> None:
    with quietly:
        s.client().shipping.list_shipping_countries()


def products(s: Stack) -> None:
    with quietly:
        s.client().products.list_products()


def levels(s: Stack) -> None:
    with quietly:
        s.client().shipping.list_shipping_levels()


def unknown_product(s: Stack) -> None:
    with quietly:
        s.client().products.get_product_info(reference="no-such-product")


def states(s: Stack) -> None:
    with quietly:
        s.client().shipping.list_shipping_states(country_reference="US")


def states_of_no_country(s: Stack) -> None:
    """A service whose country variable is unset sends it as it is: ``null``, which the contract refuses."""
    s.post("/shipping/states", {"apikey": KEY, "country_reference": None})


def unknown_field(s: Stack) -> None:
    """A body with a field the contract does not know: an SDK's extra field, or a newer client's."""
    s.post("/shipping/levels", {"apikey": KEY, "locale": "de"})


def empty_key(s: Stack) -> None:
    """A service whose key variable is unset sends an empty key."""
    s.post("/products", {"apikey": ""})


def cancel_then_follow(s: Stack) -> None:
    client = s.client()
    add_order(client, "drift-1")
    client.orders.cancel_order(reference="drift-1")
    with quietly:
        client.orders.get_order_info(reference="drift-1")
    with quietly:
        client.orders.get_order_log(reference="drift-1")


def add_then_list(s: Stack) -> None:
    client = s.client()
    add_order(client, "drift-1")
    with quietly:
        client.orders.list_orders()


def unknown_order(s: Stack) -> None:
    with quietly:
        s.client().orders.get_order_info(reference="never-added")


def two_accounts(s: Stack) -> None:
    add_order(s.client(KEY), "drift-mine")
    with quietly:
        s.client(OTHER_KEY).orders.list_orders()


def add_then_info(s: Stack) -> None:
    client = s.client()
    add_order(client, "drift-1")
    with quietly:
        client.orders.get_order_info(reference="drift-1")


def get_instead_of_post(s: Stack) -> None:
    httpx.get(s.base_url + "/products", timeout=TIMEOUT)


@dataclass(frozen=True)
class Case:
    traffic: Callable[[Stack], None]
    operation: str
    kind: str
    #: The upstream refuses unknown fields (the simulator --strict), and the proxy is told so.
    strict: bool = False


CASES: dict[Fault, Case] = {
    Fault.FIELD_TYPE_CHANGED: Case(countries, "listShippingCountries", "response-schema"),
    Fault.REQUIRED_FIELD_DROPPED: Case(products, "listProducts", "response-schema"),
    Fault.FIELD_RENAMED: Case(levels, "listShippingLevels", "response-schema"),
    Fault.UNDOCUMENTED_STATUS: Case(unknown_product, "getProductInfo", "undocumented-status"),
    Fault.WRONG_CONTENT_TYPE: Case(products, "listProducts", "undocumented-content-type"),
    Fault.SERVER_ERROR: Case(states, "listShippingStates", "server-error"),
    # Unknown fields are drift only against an upstream that refuses them; the real API accepts them.
    Fault.INVALID_INPUT_ACCEPTED: Case(unknown_field, "listShippingLevels", "invalid-request-accepted", strict=True),
    Fault.API_KEY_IGNORED: Case(empty_key, "listProducts", "invalid-request-accepted"),
    Fault.WRONG_STATE_AFTER_CANCEL: Case(cancel_then_follow, "getOrderInfo", "cancel-not-reflected"),
    Fault.ORDER_MISSING_FROM_LIST: Case(add_then_list, "listOrders", "added-order-missing"),
    Fault.NO_CONTENT_INSTEAD_OF_BODY: Case(countries, "listShippingCountries", "undocumented-status"),
    Fault.MALFORMED_ERROR_BODY: Case(unknown_order, "getOrderInfo", "response-schema"),
    Fault.ACCOUNTS_NOT_ISOLATED: Case(two_accounts, "listOrders", "foreign-order-visible"),
    Fault.ORDER_INFO_DIFFERS: Case(add_then_info, "getOrderInfo", "order-info-differs"),
    Fault.ALLOW_HEADER_MISSING: Case(get_instead_of_post, "listProducts", "method-not-refused"),
    # A wrong type is refused by the real API too (unknown fields aside): no --strict needed.
    Fault.WRONG_TYPE_ACCEPTED: Case(states_of_no_country, "listShippingStates", "invalid-request-accepted"),
    Fault.DUPLICATE_ORDER_REFERENCE: Case(add_then_list, "listOrders", "duplicate-reference"),
    Fault.DUPLICATE_ITEM_REFERENCE: Case(add_then_info, "getOrderInfo", "duplicate-reference"),
    Fault.CANCEL_NOT_APPLIED: Case(cancel_then_follow, "getOrderInfo", "cancel-not-reflected"),
}


def test_every_fault_of_the_fault_proof_has_a_case() -> None:
    assert set(CASES) == set(Fault)


@pytest.mark.parametrize("fault", list(Fault), ids=[fault.value for fault in Fault])
def test_the_proxy_reports_the_drift(fault: Fault, caplog: pytest.LogCaptureFixture) -> None:
    case = CASES[fault]
    caplog.set_level(logging.WARNING, logger="cloudcore_contract.proxy")
    with stack(simulator(fault=fault, strict=case.strict), strict=case.strict) as running:
        case.traffic(running)
        report = running.report()
    assert (case.operation, case.kind) in violations(report), findings(report)
    lines = [r.getMessage() for r in caplog.records if r.name == "cloudcore_contract.proxy"]
    assert any(line.startswith(f"violation {case.operation} {case.kind}: ") for line in lines), lines
    assert KEY not in caplog.text
    assert OTHER_KEY not in caplog.text


@pytest.mark.parametrize("fault", list(Fault), ids=[fault.value for fault in Fault])
def test_the_same_traffic_is_clean_without_the_fault(fault: Fault) -> None:
    """No false alarm: without the fault, the very same traffic shows no API drift at all."""
    case = CASES[fault]
    with stack(simulator(strict=case.strict), strict=case.strict) as running:
        case.traffic(running)
        report = running.report()
    drift = {key: n for key, n in violations(report).items() if key[1] != "invalid-request"}
    assert drift == {}, findings(report)
