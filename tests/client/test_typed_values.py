"""Typed values: order states as a tolerant enum, dates as datetime, response enums as the request's,
reprs that show what is set.

`assert_type` lines are checked by mypy (`nox -s lint`): they pin the static types users get.
"""

from __future__ import annotations

import enum
import inspect
import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, assert_type

import httpx
import pytest

import cloudcore_client.models as models
from cloudcore_client import CloudCore, RetryPolicy
from cloudcore_client.models import (
    Address,
    AddressType,
    CancelCause,
    ItemCanceledSignal,
    ItemFileType,
    ListOrdersRequest,
    OrderInfo,
    OrderInfoAddress,
    OrderLogEntry,
    OrderState,
    OrderSummary,
    Quote,
)
from cloudcore_client.types import UNSET, Unset
from cloudcore_client.webhooks import parse_signal
from tests._helpers.spec import load_spec

SPEC = load_spec()
KEY = "sk-live-typed-0123456789"
WEBHOOK_KEY = "whk_typed_5e3cret"


def _documented(path: str) -> Any:
    responses = SPEC["paths"][path]["post"]["responses"]
    status = next(code for code in responses if code in {"200", "201"})
    return responses[status]["content"]["application/json"]["examples"]["documented"]["value"]


def _client(answers: dict[str, Any]) -> CloudCore:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=answers[request.url.path.removeprefix("/cloudcore/1.0")])

    return CloudCore(
        KEY,
        base_url="http://127.0.0.1:9/cloudcore/1.0",
        retry=RetryPolicy(max_retries=0),
        transport=httpx.MockTransport(handler),
    )


# ---- order state ------------------------------------------------------------------------------


@pytest.mark.parametrize("sent", ["500", 500, 500.0], ids=["string", "number", "float"])
def test_state_decodes_from_its_string_and_its_number(sent: object) -> None:
    info = OrderInfo.from_dict({**_documented("/orders/info"), "state": sent})
    assert_type(info.state, OrderState)
    assert info.state == 500
    assert info.state is OrderState.CANCELED
    assert info.state.is_known


def test_state_is_typed_in_every_answer_that_carries_one() -> None:
    answers = {
        "/orders/": [{**order, "state": 45} for order in _documented("/orders/")],
        "/orders/info": _documented("/orders/info"),
        "/orders/log": _documented("/orders/log"),
    }
    with _client(answers) as client:
        summaries = client.orders.list_orders()
        info = client.orders.get_order_info(reference="123456")
        log = client.orders.get_order_log(reference="123456")
    assert_type(summaries[0].state, OrderState)
    assert_type(log[0].state, OrderState)
    assert [summary.state for summary in summaries] == [OrderState.FILES_UPLOADED] * len(summaries)
    assert info.state is OrderState.FILES_UPLOADED
    assert [entry.state for entry in log] == [OrderState.BEING_VERIFIED, OrderState.VERIFIED]


@pytest.mark.parametrize("sent", ["777", 777], ids=["string", "number"])
def test_an_unknown_state_code_decodes_and_says_it_is_unknown(sent: object) -> None:
    entry = OrderLogEntry.from_dict({"reference": "r", "create_date": "2016-04-12 12:37:01", "state": sent})
    assert isinstance(entry.state, OrderState)
    assert entry.state == 777
    assert not entry.state.is_known
    assert str(entry.state) == "777"
    assert "777" in repr(entry.state)
    assert entry.state not in list(OrderState), "an unknown code must not join the listed members"


def _state(sent: object) -> OrderState:
    return OrderLogEntry.from_dict({"reference": "r", "create_date": "2016-04-12 12:37:01", "state": sent}).state


def test_unknown_codes_and_odd_spellings_do_not_grow_the_enum() -> None:
    before = dict(OrderState._value2member_map_)
    for code in range(1000, 1100):
        _state(str(code))
        _state(code)
    assert _state("0045") is OrderState.FILES_UPLOADED
    assert OrderState._value2member_map_.keys() - before.keys() <= {"45"}


def test_a_state_that_is_no_number_is_refused() -> None:
    with pytest.raises(ValueError, match="not a valid OrderState"):
        _state("canceled")


def test_comparing_a_state_with_a_number_type_checks() -> None:
    state = _state("500")
    assert state == 500  # mypy --strict accepts this: an IntEnum overlaps int
    # The decimal string is only how it arrives; comparing with it is a mypy error (else the ignore is unused).
    assert state != "500"  # type: ignore[comparison-overlap]
    assert state == OrderState.CANCELED


def test_the_enum_lists_exactly_the_documented_codes() -> None:
    schema = SPEC["components"]["schemas"]["OrderState"]
    assert [member.value for member in OrderState] == schema["x-extensible-enum"]
    assert [member.name for member in OrderState] == schema["x-enum-varnames"]
    assert (OrderState.CANCELED.value, OrderState.COMPLETE.value, OrderState.SANDBOX_DONE.value) == (500, 100, 501)


# ---- dates ------------------------------------------------------------------------------------


def test_every_date_is_a_datetime_and_writes_back_as_it_came() -> None:
    summary = OrderSummary.from_dict(_documented("/orders/")[0])
    info = OrderInfo.from_dict(_documented("/orders/info"))
    entry = OrderLogEntry.from_dict(_documented("/orders/log")[0])
    quote = Quote.from_dict(_documented("/orders/quote"))
    assert_type(summary.order_date, datetime)
    assert_type(info.order_date, datetime)
    assert_type(entry.create_date, datetime)
    assert_type(quote.expire_date, datetime)
    assert summary.order_date == datetime(2015, 8, 5, 10, 0, 0, tzinfo=UTC)
    assert info.order_date == datetime(2017, 2, 1, 11, 22, 33, tzinfo=UTC)
    assert entry.create_date == datetime(2016, 4, 12, 12, 37, 1, tzinfo=UTC)
    assert quote.expire_date == datetime(2021, 4, 18, 15, 32, 58, tzinfo=UTC)
    # The API's own forms come back unchanged: `YYYY-MM-DD HH:MM:SS` without offset, ISO 8601 with one.
    assert summary.to_dict()["order_date"] == "2015-08-05 10:00:00"
    assert entry.to_dict()["create_date"] == "2016-04-12 12:37:01"
    assert quote.to_dict()["expire_date"] == "2021-04-18T15:32:58+00:00"


def test_every_date_is_aware_times_without_an_offset_being_utc() -> None:
    """#22: a naive `order_date` against an aware signal `datetime` raised TypeError when compared."""
    summary = OrderSummary.from_dict(_documented("/orders/")[0])
    quote = Quote.from_dict(_documented("/orders/quote"))
    media = SPEC["webhooks"]["ItemShipped"]["post"]["requestBody"]["content"]["application/json"]
    body = {**media["examples"]["example"]["value"], "apikey": WEBHOOK_KEY, "datetime": "2015-08-05T12:00:00+02:00"}
    signal = parse_signal(json.dumps(body), WEBHOOK_KEY)
    assert summary.order_date.utcoffset() == quote.expire_date.utcoffset() == timedelta(0)
    assert signal.datetime_ == summary.order_date  # 12:00+02:00 is 10:00 UTC: comparable, and equal
    assert sorted([quote.expire_date, signal.datetime_, summary.order_date])[0] == summary.order_date
    assert summary.order_date < datetime.now(UTC)


def test_to_dict_writes_the_api_form_in_utc_whatever_the_zone_of_a_value_set_by_hand() -> None:
    summary = OrderSummary.from_dict(_documented("/orders/")[0])
    summary.order_date = datetime(2015, 8, 5, 12, 0, 0, tzinfo=timezone(timedelta(hours=2)))
    assert summary.to_dict()["order_date"] == "2015-08-05 10:00:00"
    summary.order_date = datetime(2015, 8, 5, 10, 0, 0)  # naive, set by hand: taken as UTC
    assert OrderSummary.from_dict(summary.to_dict()).order_date == datetime(2015, 8, 5, 10, 0, 0, tzinfo=UTC)


def test_a_signal_datetime_is_a_datetime() -> None:
    media = SPEC["webhooks"]["ItemCanceled"]["post"]["requestBody"]["content"]["application/json"]
    body = {**media["examples"]["example"]["value"], "apikey": WEBHOOK_KEY, "datetime": "2026-11-26T10:00:00Z"}
    signal = parse_signal(json.dumps(body), WEBHOOK_KEY)
    assert isinstance(signal, ItemCanceledSignal)
    assert_type(signal.datetime_, datetime)
    assert signal.datetime_ == datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


# ---- response enums ---------------------------------------------------------------------------


def test_the_response_address_type_is_the_request_enum() -> None:
    info = OrderInfo.from_dict(_documented("/orders/info"))
    address = info.addresses[0]
    assert_type(address.type_, AddressType)
    assert address.type_ is AddressType.DELIVERY
    assert OrderInfoAddress.__annotations__["type_"] == Address.__annotations__["type_"] == "AddressType"
    files = info.items[0].files
    assert not isinstance(files, Unset)
    assert_type(files[0].type_, ItemFileType)
    assert [file.type_ for file in files] == [ItemFileType.COVER, ItemFileType.BOOK]


def test_unknown_response_enum_values_decode_and_keep_their_text() -> None:
    answer = _documented("/orders/info")
    answer = {**answer, "addresses": [{**answer["addresses"][0], "type": "billing"}]}
    address = OrderInfo.from_dict(answer).addresses[0]
    assert isinstance(address.type_, AddressType)
    assert address.type_ == "billing"
    assert not address.type_.is_known
    assert address.to_dict()["type"] == "billing"


def test_an_unknown_cancel_cause_is_a_cancel_cause() -> None:
    media = SPEC["webhooks"]["ItemCanceled"]["post"]["requestBody"]["content"]["application/json"]
    body = {**media["examples"]["example"]["value"], "apikey": WEBHOOK_KEY, "cause": "CancelSomethingNew"}
    signal = parse_signal(body, WEBHOOK_KEY)
    assert isinstance(signal, ItemCanceledSignal)
    assert_type(signal.cause, CancelCause)
    assert signal.cause == "CancelSomethingNew"
    assert not signal.cause.is_known
    assert CancelCause("CancelUserRequest") is CancelCause.CANCEL_USER_REQUEST


def _enums() -> list[type[enum.Enum]]:
    return [
        member
        for _, member in inspect.getmembers(models, inspect.isclass)
        if issubclass(member, enum.Enum) and member.__module__.startswith("cloudcore_client.")
    ]


@pytest.mark.parametrize("enum_class", _enums(), ids=lambda cls: cls.__name__)
def test_every_generated_enum_tolerates_a_value_it_does_not_list(enum_class: type[enum.Enum]) -> None:
    unknown = 987654 if issubclass(enum_class, int) else "value-from-the-future"
    member: Any = enum_class(unknown)
    assert member == unknown
    assert not member.is_known
    assert type(member) is enum_class
    listed: list[Any] = [*enum_class.__members__.values()]
    assert all(known.is_known for known in listed)


# ---- reprs ------------------------------------------------------------------------------------


def test_reprs_show_what_is_set_and_nothing_unset() -> None:
    address = OrderInfo.from_dict(_documented("/orders/info")).addresses[0]
    text = repr(address)
    assert address.company is UNSET
    assert "Unset" not in text
    assert "UNSET" not in text
    assert "company" not in text
    assert text.startswith("OrderInfoAddress(type_=<AddressType.DELIVERY: 'delivery'>, firstname='John'")
    summary = OrderSummary.from_dict({**_documented("/orders/")[0], "vat_rate": "21"})
    assert repr(summary) == (
        "OrderSummary(reference='12346', "
        "order_date=datetime.datetime(2015, 8, 5, 10, 0, tzinfo=datetime.timezone.utc), "
        "state=<OrderState.NEW: 1>, state_code='order_state_new', additional_properties={'vat_rate': '21'})"
    )


def test_reprs_mask_the_api_key_and_the_webhook_key() -> None:
    assert repr(ListOrdersRequest(apikey=KEY)) == "ListOrdersRequest(apikey='***')"
    media = SPEC["webhooks"]["ItemCanceled"]["post"]["requestBody"]["content"]["application/json"]
    signal = parse_signal({**media["examples"]["example"]["value"], "apikey": WEBHOOK_KEY}, WEBHOOK_KEY)
    assert WEBHOOK_KEY not in repr(signal)
    assert "apikey='***'" in repr(signal)
