"""Issues 18 and 19, client: every answer field is read exactly as the API sends it, or refused.

A value of the wrong JSON type is an `APIResponseValidationError` (#18: `reference={"x": 1}`,
`email=None`, `is_cancelable="yes"`). Numbers where the contract says string keep their exact text
(#19: `1234567890123456.78`, `1e-7`, `4.2000`), flags documented as strings are integers with `"0"`
falsy, an empty 200 from `orders/cancel` is success, `subtotals` may be an object or an array of one.
Each case feeds the exact answer through `httpx.MockTransport`.
"""

from __future__ import annotations

import asyncio
import copy
import json
from typing import Any

import httpx
import pytest

from cloudcore_client import NO_RETRIES, APIResponseValidationError, AsyncCloudCore, CloudCore
from cloudcore_client.models import CancelOrderResponse, OrderInfo, QuoteItem
from cloudcore_client.webhooks import parse_signal
from tests._helpers.spec import load_spec

KEY = "sk-live-7f3a9c2e1b"
BASE = "http://127.0.0.1:9/cloudcore/1.0"
SPEC = load_spec()


def serving(body: bytes | str, status: int = 200) -> CloudCore:
    content = body.encode() if isinstance(body, str) else body
    transport = httpx.MockTransport(lambda request: httpx.Response(status, content=content))
    return CloudCore(KEY, base_url=BASE, retry=NO_RETRIES, transport=transport)


def documented(path: str) -> Any:
    """The documentation's example answer of an operation, from the contract (a copy to change)."""
    operation = SPEC["paths"][path]["post"]
    status = next(s for s in operation["responses"] if s in {"200", "201"})
    examples = operation["responses"][status]["content"]["application/json"]["examples"]
    return copy.deepcopy(examples.get("documented", examples.get("empty"))["value"])


def info_answer(**changes: Any) -> str:
    return json.dumps({**documented("/orders/info"), **changes})


# ---- wrong JSON types are refused (#18) ---------------------------------------------------------

WRONG_TYPES = {
    "reference-object": {"reference": {"x": 1}},
    "email-null": {"email": None},
    "is_cancelable-yes": {"is_cancelable": "yes"},
    "is_cancelable-1": {"is_cancelable": 1},
    "state-true": {"state": True},
    "state-null": {"state": None},
    "state-padded": {"state": " 5"},
    "state-underscored": {"state": "5_0"},
    "order_date-number": {"order_date": 20150805},
    "order_date-text": {"order_date": "yesterday"},
    "state_code-list": {"state_code": ["order_state_new"]},
    "reference-bool": {"reference": True},
    "items-object": {"items": {"reference": "12346-1"}},
    "items-string": {"items": "12346-1"},
    "addresses-null": {"addresses": None},
}


@pytest.mark.parametrize("changes", WRONG_TYPES.values(), ids=WRONG_TYPES.keys())
def test_a_field_of_the_wrong_json_type_is_a_validation_error(changes: dict[str, Any]) -> None:
    with serving(info_answer(**changes)) as client, pytest.raises(APIResponseValidationError) as caught:
        client.orders.get_order_info(reference="12346")
    field = next(iter(changes))
    assert field in str(caught.value) or "OrderState" in str(caught.value) or "isoformat" in str(caught.value)


NESTED_WRONG_TYPES = {
    "item-count-object": lambda a: a["items"][0].update(count={"n": 5}),
    "item-not-an-object": lambda a: a["items"].__setitem__(0, "12346-1"),
    "option-count-null": lambda a: a["items"][0]["options"][0].update(count=None),
    "address-type-number": lambda a: a["addresses"][0].update(type=[1]),
    "file-url-bool": lambda a: a["items"][0]["files"][0].update(url=False),
}


@pytest.mark.parametrize("change", NESTED_WRONG_TYPES.values(), ids=NESTED_WRONG_TYPES.keys())
def test_a_nested_field_of_the_wrong_json_type_is_a_validation_error(change: Any) -> None:
    answer = documented("/orders/info")
    change(answer)
    with serving(json.dumps(answer)) as client, pytest.raises(APIResponseValidationError):
        client.orders.get_order_info(reference="12346")


def test_numbers_where_strings_are_documented_are_still_read_as_their_text() -> None:
    """FACTS.md: live answers sometimes carry JSON numbers where the documentation shows strings."""
    answer = documented("/orders/info")
    answer.update(reference=12346, state=45)
    answer["items"][0].update(count=5, reference=1)
    with serving(json.dumps(answer)) as client:
        info = client.orders.get_order_info(reference="12346")
    assert (info.reference, info.state, info.items[0].count, info.items[0].reference) == ("12346", 45, "5", "1")


def test_a_signal_field_of_the_wrong_type_leaves_the_signal_generic_or_invalid() -> None:
    media = SPEC["webhooks"]["ItemShipped"]["post"]["requestBody"]["content"]["application/json"]
    body = {**media["examples"]["example"]["value"], "apikey": "whk-secret-1", "tracking": {"x": 1}}
    signal = parse_signal(json.dumps(body), "whk-secret-1")
    assert type(signal).__name__ == "CloudSignal"  # the typed model refused it; the delivery is kept


# ---- money and numeric strings are exact (#19) --------------------------------------------------


def quote_answer(price: str, vat: str = '"0.00"', rate: str = '"1"', subtotals: str | None = None) -> str:
    """The documented quote, with raw JSON text spliced in where the test needs a JSON number."""
    answer = documented("/orders/quote")
    text = json.dumps({**answer, "price": "@P", "vat": "@V", "invoice_exchange_rate": "@R"})
    text = text.replace('"@P"', price).replace('"@V"', vat).replace('"@R"', rate)
    if subtotals is not None:
        text = text.replace(json.dumps(answer["subtotals"]), subtotals)
    return text


def quote(client: CloudCore) -> Any:
    return client.orders.quote_order(country="NL", items=[QuoteItem(reference="i", product="p", count=1)])


@pytest.mark.parametrize(
    "number", ["1234567890123456.78", "1e-7", "4.2000", "0.00", "-0.0", "1E+400", "12345678901234567890123"]
)
def test_a_json_number_price_reads_as_its_exact_text(number: str) -> None:
    with serving(quote_answer(number, vat=number, rate=number)) as client:
        answer = quote(client)
    assert (answer.price, answer.vat, answer.invoice_exchange_rate) == (number, number, number)


def test_nested_numbers_and_documented_strings_are_exact_in_the_same_answer() -> None:
    answer = documented("/orders/quote")
    shipment = answer["shipments"][0]
    text = json.dumps({**answer, "shipments": [{**shipment, "total_weight": "@W"}]}).replace('"@W"', "712.50")
    text = text.replace('"price": "' + shipment["quotes"][0]["price"] + '"', '"price": 4.2000', 1)
    with serving(text) as client:
        read = quote(client)
    assert read.shipments[0].total_weight == "712.50"
    assert read.shipments[0].quotes[0].price == "4.2000"
    assert read.price == answer["price"]  # the documented strings are untouched


def test_unknown_fields_keep_json_numbers_as_numbers_on_the_exact_path() -> None:
    text = quote_answer("4.2000")[:-1] + ', "vat_rate": 21.0, "production_sla_days": 3}'
    with serving(text) as client:
        read = quote(client)
    assert read.price == "4.2000"
    assert read["vat_rate"] == 21.0
    assert type(read["vat_rate"]) is float
    assert read["production_sla_days"] == 3


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json_and_are_refused(constant: str) -> None:
    with serving(quote_answer(constant)) as client, pytest.raises(APIResponseValidationError):
        quote(client)


def test_the_async_client_reads_numbers_exactly_too() -> None:
    async def scenario() -> str:
        content = quote_answer("1234567890123456.78").encode()
        transport = httpx.MockTransport(lambda request: httpx.Response(200, content=content))
        async with AsyncCloudCore(KEY, base_url=BASE, transport=transport) as client:
            read = await client.orders.quote_order(country="NL", items=[QuoteItem(reference="i", product="p", count=1)])
        return read.price

    assert asyncio.run(scenario()) == "1234567890123456.78"


def test_raw_responses_parse_exactly_too() -> None:
    with serving(quote_answer("1e-7")) as client:
        raw = client.with_raw_response.orders.quote_order(
            country="NL", items=[QuoteItem(reference="i", product="p", count=1)]
        )
    assert raw.parse().price == "1e-7"


def test_a_signal_number_is_exact() -> None:
    media = SPEC["webhooks"]["ItemShipped"]["post"]["requestBody"]["content"]["application/json"]
    body = json.dumps({**media["examples"]["example"]["value"], "apikey": "whk-secret-1", "order": "@O"})
    signal = parse_signal(body.replace('"@O"', "1234567890123456.78"), "whk-secret-1")
    assert signal.order == "1234567890123456.78"


# ---- flags documented as strings (#19) ----------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "read"), [("1", 1), ("0", 0), ('"1"', 1), ('"0"', 0), ("true", 1), ("false", 0), ("1.0", 1)]
)
def test_require_state_is_an_integer_and_the_documented_string_zero_is_falsy(sent: str, read: int) -> None:
    body = '[{"country_reference": "AE", "note": "United Arab Emirates", "require_state": ' + sent + "}]"
    with serving(body) as client:
        (country,) = client.shipping.list_shipping_countries()
    assert country.require_state == read
    assert type(country.require_state) is int
    assert bool(country.require_state) is bool(read)


@pytest.mark.parametrize("sent", ['"yes"', '""', "null", "[]", '"0x1"', "1.5"])
def test_a_flag_that_is_no_integer_is_refused(sent: str) -> None:
    body = '[{"country_reference": "AE", "note": "United Arab Emirates", "require_state": ' + sent + "}]"
    with serving(body) as client, pytest.raises(APIResponseValidationError, match="require_state"):
        client.shipping.list_shipping_countries()


def test_a_product_option_default_flag_as_a_string_is_read_as_an_integer() -> None:
    answer = documented("/products/info")
    answer["options"][0]["default"] = "0"
    answer["options"][1]["default"] = "1"
    with serving(json.dumps(answer)) as client:
        product = client.products.get_product_info(reference=answer["reference"])
    assert [option.default for option in product.options[:2]] == [0, 1]
    assert not product.options[0].default


def test_flags_validate_against_the_contract_in_both_forms(validate: Any) -> None:
    schema = {"$ref": "#/components/schemas/ShippingCountry"}
    for flag in (0, 1, "0", "1"):
        validate(schema, {"country_reference": "AE", "note": "x", "require_state": flag})


# ---- an empty cancel answer, subtotals as an array (#19) --------------------------------------


@pytest.mark.parametrize("body", [b"", b" \r\n", b"{}"])
def test_an_empty_200_from_cancel_is_success(body: bytes) -> None:
    with serving(body) as client:
        assert isinstance(client.orders.cancel_order(reference="12346"), CancelOrderResponse)


def test_an_empty_200_is_still_refused_where_a_body_is_documented() -> None:
    with serving(b"") as client, pytest.raises(APIResponseValidationError, match="empty body"):
        client.orders.get_order_info(reference="12346")


def test_subtotals_may_be_an_object_or_an_array_of_one() -> None:
    subtotals = documented("/orders/quote")["subtotals"]
    with serving(quote_answer('"4.5412"')) as client:
        as_object = quote(client).subtotals
    with serving(quote_answer('"4.5412"', subtotals=json.dumps([subtotals]))) as client:
        as_array = quote(client).subtotals
    assert as_object == as_array
    assert as_array.items == subtotals["items"]


@pytest.mark.parametrize("subtotals", ["[]", '[{"items": "1", "fee": "2", "app_fee": "0"}, {"items": "1"}]', '"1.79"'])
def test_subtotals_of_another_shape_are_refused(subtotals: str) -> None:
    client = serving(quote_answer('"4.5412"', subtotals=subtotals))
    with client, pytest.raises(APIResponseValidationError, match=r"subtotals|QuoteSubtotals"):
        quote(client)


def test_both_subtotals_forms_validate_against_the_contract_and_a_longer_array_does_not(validate: Any) -> None:
    import jsonschema

    schema = {"$ref": "#/components/schemas/Quote"}
    answer = documented("/orders/quote")
    validate(schema, answer)
    validate(schema, {**answer, "subtotals": [answer["subtotals"]]})
    with pytest.raises(jsonschema.ValidationError):
        validate(schema, {**answer, "subtotals": [answer["subtotals"]] * 2})


def test_order_info_decodes_from_its_documented_example_with_utc_dates() -> None:
    info = OrderInfo.from_dict(documented("/orders/info"))
    assert info.order_date.tzinfo is not None


# ---- decoding without copies (#21): what `from_dict` and the engine's decoder keep apart -----------


def test_from_dict_leaves_the_mapping_it_reads_as_it_is() -> None:
    """The engine's decoder takes its own parse apart (no dict copied per object); `from_dict`, which
    callers hand their own data, never changes it, nested objects included."""
    answer = documented("/orders/info")
    answer["production_sla_days"] = 3
    answer["items"][0]["vat_rate"] = "21"
    kept = copy.deepcopy(answer)
    info = OrderInfo.from_dict(answer)
    assert answer == kept
    assert info.additional_properties == {"production_sla_days": 3}
    assert info.items[0].additional_properties == {"vat_rate": "21"}
    assert info.addresses[0].additional_properties == {}


def test_each_decoded_model_keeps_its_own_unknown_fields() -> None:
    orders = [
        {"reference": f"o-{n}", "order_date": "2015-08-05 10:00:00", "state": "1", "state_code": "s"} for n in range(3)
    ]
    orders[1]["vat"] = "0.2"
    with serving(json.dumps(orders)) as client:
        first, second, third = client.orders.list_orders()
    unknown = [order.additional_properties for order in (first, second, third)]
    assert unknown == [{}, {"vat": "0.2"}, {}]
    first["note"] = "only mine"  # each model's mapping is its own, empty or not
    assert "note" not in second
    assert third.additional_properties == {}
    assert first.to_dict() == {**orders[0], "state": 1, "note": "only mine"}  # the state as a number
