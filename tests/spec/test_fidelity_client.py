"""The generated client reads answers the real API sends and sends what the official SDKs send.

Through the public client only (`CloudCore` with an `httpx.MockTransport`): what a service sees.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from cloudcore_client import CloudCore
from cloudcore_client.models import AddOrderRequest, OrderItem, QuoteItem
from cloudcore_client.types import Unset
from tests._helpers.spec import load_spec

BASE_URL = "https://api.cloudprinter.com/cloudcore/1.0"
SPEC = load_spec()


def _client(answer: Any, sent: list[dict[str, Any]] | None = None, status: int = 200) -> CloudCore:
    def handler(request: httpx.Request) -> httpx.Response:
        if sent is not None:
            sent.append(json.loads(request.content))
        return httpx.Response(status, json=answer)

    return CloudCore("test-key", base_url=BASE_URL, transport=httpx.MockTransport(handler))


def _documented(path: str, status: str = "200") -> dict[str, Any]:
    value: dict[str, Any] = SPEC["paths"][path]["post"]["responses"][status]["content"]["application/json"]["examples"][
        "documented"
    ]["value"]
    copied: dict[str, Any] = json.loads(json.dumps(value))
    return copied


def test_order_info_of_an_irish_order_without_zip_or_state() -> None:
    answer = _documented("/orders/info")
    address = answer["addresses"][0]
    del address["zip"], address["state"]
    address["country"] = "IE"
    with _client(answer) as client:
        info = client.orders.get_order_info(reference="123456")
    assert info.addresses[0].country == "IE"
    assert isinstance(info.addresses[0].zip_, Unset)
    assert isinstance(info.addresses[0].state, Unset)
    assert info.to_dict()["addresses"][0] == address


def test_order_info_with_numbers_where_the_documentation_shows_strings() -> None:
    answer = _documented("/orders/info")
    answer["state"] = 45
    answer["items"][0]["count"] = 1
    answer["items"][0]["options"][0]["count"] = 24
    with _client(answer) as client:
        info = client.orders.get_order_info(reference="123456")
    # Read as the documented strings: one type for code to rely on, no float on the way.
    assert info.items[0].count == "1"
    options = info.items[0].options
    assert not isinstance(options, Unset)
    assert options[0].count == "24"


def test_quote_with_numbers_where_the_documentation_shows_strings() -> None:
    answer = _documented("/orders/quote")
    answer.update(price=4.5412, vat=0, invoice_exchange_rate=1)
    answer["subtotals"] = {"items": 1.7912, "fee": 2.75, "app_fee": 0}
    answer["shipments"][0]["total_weight"] = 712
    items = [QuoteItem(reference="r", product="textbook_pb_a4_p_bw", count=1)]
    with _client(answer) as client:
        quote = client.orders.quote_order(country="NL", items=items)
    assert (quote.price, quote.vat, quote.invoice_exchange_rate) == ("4.5412", "0", "1")
    assert (quote.subtotals.items, quote.subtotals.fee, quote.subtotals.app_fee) == ("1.7912", "2.75", "0")
    assert quote.shipments[0].total_weight == "712"


def test_the_client_sends_what_the_official_sdks_send() -> None:
    sent: list[dict[str, Any]] = []
    stock = OrderItem.from_dict({"reference": "s", "product": "stock_tote_bag", "type": "stock", "count": 2,
                                 "shipping_option": "DHL - National Standard (DE)"})  # fmt: skip
    address = {k: v for k, v in _documented("/orders/info")["addresses"][0].items() if k not in ("zip", "state")}
    address.update(country="IE", email="jörg@müller.de", phone="+353 1 234 5678")
    body = {
        "apikey": "test-key",
        "reference": "sdk-1",
        "email": "support@client-company.com",
        "meta": {"copies_per_box": 10},
        "price": 12.5,
        "addresses": [address],
        "items": [stock.to_dict()],
    }
    request = AddOrderRequest.from_dict(body)
    with _client({"order": "sdk-1"}, sent, status=201) as client:
        added = client.orders.add_order(
            reference=request.reference,
            email=request.email,
            addresses=request.addresses,
            items=request.items,
            meta=request.meta,
            price=request.price,
        )
    assert added.order == "sdk-1"
    (posted,) = sent
    assert posted == body
