"""The rules the proxy and the contract suite both judge by (``cloudcore_contract.facts``), and the
shadow comparison that reads values the same way: numbers as numbers, a boolean as no number."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from cloudcore_contract.facts import (
    is_load,
    order_differences,
    order_summary,
    repeated_references,
    same,
    shows_cancelled,
    state_number,
)
from cloudcore_contract.proxy.compare import compare
from cloudcore_contract.proxy.exchange import Answer


@pytest.mark.parametrize(
    ("sent", "shown"), [("5", 5), (5, 5.0), ("05", "5"), ("0.50", ".5"), ("120", 120), ("abc", "abc")]
)
def test_numbers_are_compared_as_numbers(sent: Any, shown: Any) -> None:
    assert same(sent, shown)


@pytest.mark.parametrize(("sent", "shown"), [(True, 1), (False, 0), (True, "True"), ("1", True), ("2", "3"), (None, 0)])
def test_a_boolean_is_no_number_and_other_values_differ(sent: Any, shown: Any) -> None:
    assert not same(sent, shown)


@pytest.mark.timeout(60)
def test_a_number_with_a_huge_exponent_is_read_at_once() -> None:
    """Turning ``1e999999999`` into a Python int would take minutes: it is no state, and compared as given."""
    assert state_number("1e999999999") is None
    assert same("1e999999999", "1e999999999")
    assert not same("1e999999999", "1e999999998")
    assert not same(10**5000, 10**5000 + 1)  # too long even to print: no ValueError


def test_a_state_is_read_in_every_form_the_api_sends() -> None:
    assert [state_number(value) for value in ("500", 500, 500.0, "5e2")] == [500] * 4
    assert [state_number(value) for value in (True, "500.5", "new", None)] == [None] * 4
    assert shows_cancelled({"state": 500.0, "is_cancelable": False})
    assert shows_cancelled({"state": "500"})
    assert not shows_cancelled({"state": "500", "is_cancelable": True})
    assert not shows_cancelled({"state": True})


def test_load_is_a_429_or_a_503_that_says_when_to_come_back() -> None:
    assert is_load(429, None)
    assert is_load(503, "1")
    assert is_load(503, "Wed, 21 Oct 2015 07:28:00 GMT")  # a date in the past: come back now
    assert not is_load(503, None)
    assert not is_load(503, "soon")  # unreadable: an answer like any other (a server error)
    assert not is_load(500, "1")


SENT: dict[str, Any] = {
    "apikey": "k",
    "reference": "o-1",
    "email": "Buyer@Example.com",
    "addresses": [{"type": "delivery", "firstname": "Ada", "zip": "99999", "country": "DE", "email": "ada@x.org"}],
    "items": [
        {
            "reference": "o-1-1",
            "product": "textbook_pb_a4_p_bw",
            "count": 2,
            "options": [{"type": "total_pages", "count": "120"}],
            "files": [{"type": "book", "url": "https://f.example/" + "b" * 300 + ".pdf", "md5sum": "1ef8"}],
        }
    ],
}


def info(**changes: Any) -> dict[str, Any]:
    """``orders/info`` as the real API may show ``SENT``: numbers as numbers, the e-mail and country in another case."""
    shown: dict[str, Any] = {
        "reference": "o-1",
        "email": "buyer@example.com",
        "addresses": [{"type": "delivery", "firstname": "Ada", "zip": "99999", "country": "de"}],
        "items": [
            {
                "reference": "o-1-1",
                "name": "textbook_pb_a4_p_bw",
                "count": "2.0",
                "options": [{"type": "total_pages", "count": 120}],
                "files": SENT["items"][0]["files"],
            }
        ],
    }
    shown.update(changes)
    return shown


def test_orders_info_showing_what_was_sent_in_the_apis_own_forms_differs_in_nothing() -> None:
    assert order_differences(SENT, info()) == []
    remembered = order_summary(SENT, 200)  # what the proxy keeps: texts clipped, the key dropped
    assert "apikey" not in remembered
    assert order_differences(remembered, info(), clip=200) == []


def test_orders_info_that_differs_names_each_field() -> None:
    item = {**info()["items"][0], "count": 3, "options": []}
    shown = info(reference="o-2", email="someone@else.org", items=[item])
    fields = [difference.field for difference in order_differences(SENT, shown)]
    assert fields == ["reference", "email", "items[].count", "items[].options"]
    assert [d.field for d in order_differences(SENT, info(items=[]))] == ["items[]"]
    assert [d.field for d in order_differences(SENT, info(items="no list"))] == ["items[]"]


def test_the_documented_uniqueness_rules() -> None:
    listed = [{"reference": "a"}, {"reference": "b"}, {"reference": "a"}]
    repeated = repeated_references("listOrders", listed)
    assert repeated is not None
    assert repeated.references == ["a"]
    assert repeated_references("listOrders", listed[:2]) is None
    items = info()["items"]
    repeated = repeated_references("getOrderInfo", info(items=items + items))
    assert repeated is not None
    assert repeated.references == ["o-1-1"]
    assert repeated_references("getOrderInfo", info()) is None
    assert repeated_references("listProducts", listed) is None


def answer(value: Any) -> Answer:
    return Answer(200, [("content-type", "application/json")], orjson.dumps(value))


def test_the_shadow_comparison_reads_numbers_as_numbers_and_booleans_as_booleans() -> None:
    upstream = {"reference": "o-1", "state": "500", "is_cancelable": False, "items": [{"reference": "i", "count": 2}]}
    same_numbers = {**upstream, "state": "500", "items": [{"reference": "i", "count": 2.0}]}
    assert compare("getOrderInfo", answer(upstream), answer(same_numbers)) == []
    cancelable_as_number = {**upstream, "is_cancelable": 0}  # Python: False == 0; JSON: a boolean is no number
    found = [what for what, _ in compare("getOrderInfo", answer(upstream), answer(cancelable_as_number))]
    assert found == ["field is_cancelable: upstream boolean, shadow number", "is_cancelable after a cancel differs"]
