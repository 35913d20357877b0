"""Unit tests of the hand-written runtime (generator/runtime/, copied into the package verbatim).

The modules are imported from the installed package, which `test_package.py` proves are
byte-identical copies of generator/runtime/.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import time
from datetime import UTC, timedelta
from typing import Any

import httpx
import pytest

from cloudcore_client import (
    ApiKey,
    APIResponseValidationError,
    AsyncCloudCore,
    BadRequestError,
    CloudCore,
    ConflictError,
    NotFoundError,
    RawResponse,
    RetryPolicy,
    __version__,
)
from cloudcore_client._api_key import MASK
from cloudcore_client._base_client import AsyncAPIClient, SyncAPIClient
from cloudcore_client._operation import DECODE_BATCH, NoContent, Operation, decode_answer, many, one
from cloudcore_client._reconcile import is_duplicate_reference, recovery_for, same_order
from cloudcore_client._retry import retry_after
from cloudcore_client.models import OrderInfo, OrderState, OrderSummary
from cloudcore_client.types import UNSET, number_as_str

KEY = "sk-live-7f3a9c2e1b"
BASE = "http://127.0.0.1:9/cloudcore/1.0"


# ---- ApiKey ---------------------------------------------------------------------------------------


def test_scrub_masks_raw_and_every_json_escape_and_nothing_else() -> None:
    key = ApiKey('k"é\\y/1234')
    for form in ('k"é\\y/1234', json.dumps('k"é\\y/1234')[1:-1], json.dumps('k"é\\y/1234', ensure_ascii=False)[1:-1]):
        assert key.scrub(f"<{form}>") == f"<{MASK}>"
    assert key.scrub("k\\u0022\\u00E9\\u005cy\\/1234") == MASK  # mixed escapes, either hex case
    assert key.scrub("no key here: k-é-y") == "no key here: k-é-y"
    assert key.scrub_bytes(b"plain body") == b"plain body"
    assert key.scrub_bytes(b"\xff" + 'k"é\\y/1234'.encode()) == b"\xff" + MASK.encode()  # bad UTF-8 kept


def test_a_key_outside_the_basic_plane_is_masked_in_surrogate_escapes() -> None:
    key = ApiKey("key-🔑-0001")
    assert key.scrub("key-\\ud83d\\udd11-0001") == MASK
    assert key.scrub("key-\\uD83D\\uDD11-0001") == MASK


@pytest.mark.parametrize("value", ["", "short", " padded-key ", 12345678])
def test_unusable_keys_are_refused(value: Any) -> None:
    with pytest.raises(ValueError, match="at least 8"):
        ApiKey(value)


# ---- RetryPolicy and Retry-After ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [("3", 3.0), ("0", 0.0), ("nan", None), ("inf", None), ("-1", None), ("soon", None), (None, None)],
)
def test_retry_after_reads_only_finite_non_negative_values(header: str | None, expected: float | None) -> None:
    headers = httpx.Headers({} if header is None else {"Retry-After": header})
    assert retry_after(headers) == expected


def test_delay_ignores_unusable_hints_and_caps_usable_ones() -> None:
    policy = RetryPolicy(initial_delay=1.0, jitter=0, max_retry_after=5)
    assert policy.delay(0, float("nan")) == 1.0
    assert policy.delay(1, float("inf")) == 2.0
    assert policy.delay(0, -3.0) == 1.0
    assert policy.delay(0, 3600.0) == 5.0


@pytest.mark.parametrize("settings", [{"max_retries": -1}, {"initial_delay": float("nan")}, {"jitter": 2}])
def test_retry_policy_refuses_nonsense(settings: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="retry settings"):
        RetryPolicy(**settings)


# ---- Operation and decode_answer ---------------------------------------------------------------

SUMMARY = {"reference": "r", "order_date": "2015-08-05 10:00:00", "state": "1", "state_code": "s"}
LIST: Operation[list[OrderSummary]] = Operation(
    name="list_orders",
    path="/orders/",
    status=200,
    decode=many(OrderSummary._decode_each),
    errors={400: BadRequestError},
    no_content={204: NoContent.EMPTY_LIST},
)
LOG: Operation[OrderSummary] = Operation(
    name="get_order_log",
    path="/orders/log",
    status=200,
    decode=one(OrderSummary.from_dict),
    errors={},
    no_content={204: NoContent.NOT_FOUND},
)


def test_decode_answer_follows_the_operation_table() -> None:
    key = ApiKey(KEY)
    assert decode_answer(LIST, 204, b"", key) == []
    assert decode_answer(LIST, 200, json.dumps([SUMMARY]).encode(), key)[0].reference == "r"
    with pytest.raises(NotFoundError):
        decode_answer(LOG, 204, b"", key)
    with pytest.raises(BadRequestError) as bad:
        decode_answer(LIST, 400, b'{"error": {"type": "t", "info": "i"}}', key)
    assert (bad.value.error_type, bad.value.info, bad.value.operation) == ("t", "i", "list_orders")
    with pytest.raises(APIResponseValidationError, match="expected a JSON array, got dict"):
        decode_answer(LIST, 200, b"{}", key)
    with pytest.raises(APIResponseValidationError, match="expected a JSON object, got null"):
        decode_answer(LOG, 200, b"null", key)
    with pytest.raises(APIResponseValidationError, match="field 'state_code' missing"):
        decode_answer(LOG, 200, b'{"reference": "r", "order_date": "2015-08-05 10:00:00", "state": "1"}', key)


def test_every_item_of_a_long_list_is_read_and_checked_like_the_first() -> None:
    """A list answer is decoded in one loop per batch (`_decode_each`): an item in a later batch
    keeps its unknown fields, and one that is not an order fails the call, not only the first."""
    key = ApiKey(KEY)
    items: list[Any] = [{**SUMMARY, "reference": f"r-{i}"} for i in range(DECODE_BATCH + 2)]
    items[-1]["state"] = 45
    items[-1]["shipped"] = {"carrier": "x"}
    decoded = decode_answer(LIST, 200, json.dumps(items).encode(), key)
    assert [model.reference for model in decoded] == [item["reference"] for item in items]
    assert decoded[0].additional_properties == {}
    assert decoded[0].state == OrderState.NEW
    assert decoded[-1].additional_properties == {"shipped": {"carrier": "x"}}
    assert decoded[-1].state == 45
    with pytest.raises(APIResponseValidationError, match="OrderSummary: expected an object, got string"):
        decode_answer(LIST, 200, json.dumps([*items, "r-x"]).encode(), key)
    with pytest.raises(APIResponseValidationError, match="field 'order_date' missing"):
        decode_answer(LIST, 200, json.dumps([*items, {"reference": "r-y"}]).encode(), key)


# ---- reconciliation of retried writes -------------------------------------------------------------

SENT = {
    "reference": "r-1",
    "email": "A@example.com",
    "items": [{"reference": "i-1", "product": "p", "count": 5}],
    "addresses": [{"type": "delivery", "city": "Utrecht"}],
}
HELD = {
    "reference": "r-1",
    "email": "a@example.com",
    "items": [{"reference": "i-1", "name": "p", "count": "5"}],
    "addresses": [{"type": "delivery", "city": "Utrecht", "country": "NL"}],
    "state": "500",
}


def test_same_order_compares_items_and_shared_address_fields() -> None:
    assert same_order(SENT, HELD)
    assert not same_order(SENT, {**HELD, "items": [{"reference": "i-1", "name": "p", "count": "6"}]})
    assert not same_order(SENT, {**HELD, "addresses": [{"city": "Amsterdam"}]})
    assert not same_order(SENT, {"reference": "r-1"})  # a held order lacking fields is not ours
    # orders/info's email is the end consumer's (documented); countries may come back upper-cased.
    consumer = {**SENT, "addresses": [{"type": "delivery", "country": "nl", "email": "Jo@example.com"}]}
    assert same_order(consumer, {**HELD, "email": "jo@example.com"})
    assert not same_order(consumer, {**HELD, "email": "someone-else@example.com"})


def test_recovery_only_for_the_two_writes_and_their_telltale_errors() -> None:
    taken = BadRequestError(400, error_type="order_reference_not_unique", info="exists", operation="add_order")
    assert is_duplicate_reference(taken)
    assert not is_duplicate_reference(BadRequestError(400, error_type="json_data_schema_is_not_valid"))
    add = recovery_for("add_order", SENT, taken)
    assert add is not None
    assert add.reference == "r-1"
    assert add.confirm(HELD) == {"order": "r-1"}
    cancel = recovery_for("cancel_order", {"reference": "r-1"}, ConflictError(409))
    assert cancel is not None
    assert cancel.confirm(HELD) == {}
    assert cancel.confirm({**HELD, "state": "45"}) is None
    assert recovery_for("get_order_info", SENT, taken) is None
    assert recovery_for("add_order", SENT, ConflictError(409)) is None


# ---- types ----------------------------------------------------------------------------------------


def test_number_as_str_and_unset() -> None:
    assert (number_as_str(5), number_as_str(2.5), number_as_str(True), number_as_str(None)) == ("5", "2.5", True, None)
    assert not UNSET
    assert repr(UNSET) == "UNSET"


# ---- raw responses and headers --------------------------------------------------------------------


def _info() -> dict[str, Any]:
    return {**SUMMARY, "email": "a@example.com", "addresses": [], "items": [], "note": f"echo {KEY}"}


def test_raw_response_gives_status_headers_body_and_parse_with_the_key_masked() -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json=_info(), headers={"X-Request-Id": "abc", "X-Echo": KEY})

    with CloudCore(KEY, base_url=BASE, transport=httpx.MockTransport(handler)) as client:
        raw = client.with_raw_response.orders.get_order_info(reference="r")
    assert isinstance(raw, RawResponse)
    assert json.loads(sent[0].content)["apikey"] == KEY  # the key is injected as usual
    assert (raw.status_code, raw.headers["x-request-id"], raw.attempts) == (200, "abc", 1)
    assert raw.headers["x-echo"] == MASK
    assert KEY.encode() not in raw.content
    assert KEY not in raw.text
    assert raw.http_response.status_code == 200
    assert json.loads(raw.http_response.request.content)["apikey"] == MASK
    info = raw.parse()
    assert isinstance(info, OrderInfo)
    assert info["note"] == f"echo {MASK}"


def test_raw_response_parse_raises_what_the_plain_method_raises() -> None:
    transport = httpx.MockTransport(lambda r: httpx.Response(410, json={"error": {"type": "gone", "info": "x"}}))
    with CloudCore(KEY, base_url=BASE, transport=transport) as client:
        raw = client.with_raw_response.orders.get_order_info(reference="r")
        assert raw.status_code == 410
        with pytest.raises(NotFoundError):
            raw.parse()


def test_async_raw_response_and_user_agent() -> None:
    agents: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        agents.append(request.headers["user-agent"])
        return httpx.Response(200, json=[SUMMARY])

    async def scenario() -> RawResponse[list[OrderSummary]]:
        async with AsyncCloudCore(KEY, base_url=BASE, transport=httpx.MockTransport(handler)) as client:
            await client.orders.list_orders()
            return await client.with_raw_response.orders.list_orders()

    raw = asyncio.run(scenario())
    assert raw.parse()[0].reference == "r"
    assert agents == [f"cloudcore-client/{__version__}"] * 2


def test_the_caller_http_client_keeps_its_headers_but_not_the_user_agent_slot() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=[])

    mine = httpx.Client(transport=httpx.MockTransport(handler), headers={"X-Tenant": "t-1"})
    with CloudCore(KEY, base_url=BASE, http_client=mine) as client:
        client.products.list_products()
    mine.close()
    assert seen[0].headers["x-tenant"] == "t-1"
    assert seen[0].headers["user-agent"] == f"cloudcore-client/{__version__}"


def test_every_request_of_an_opened_client_carries_our_headers_once() -> None:
    """The client the engine opens sends them as its defaults (sync, async, and a `with_options` copy)."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=[])

    with CloudCore(KEY, base_url=BASE, transport=httpx.MockTransport(handler)) as client:
        client.products.list_products()
        client.with_options(deadline=30.0).products.list_products()

    async def scenario() -> None:
        async with AsyncCloudCore(KEY, base_url=BASE, transport=httpx.MockTransport(handler)) as client:
            await client.products.list_products()

    asyncio.run(scenario())
    assert len(seen) == 3
    for request in seen:
        names = [name.lower() for name, _ in request.headers.items()]
        for name in ("content-type", "accept", "accept-encoding", "user-agent"):
            assert names.count(name) == 1, (name, request.headers)
        assert request.headers["content-type"] == "application/json"
        assert request.headers["accept"] == "application/json"
        assert request.headers["user-agent"] == f"cloudcore-client/{__version__}"
        assert "gzip" in request.headers["accept-encoding"]


@pytest.mark.parametrize("base", [SyncAPIClient, AsyncAPIClient])
def test_the_client_bases_need_the_generated_resources(base: type[object]) -> None:
    """Only the generated subclasses, which build the resources, can be instantiated."""
    with pytest.raises(TypeError, match="abstract"):
        base()


# ---- bounded reading (_body.py), the deadline backend (_network.py), value converters (_values.py) ----


def test_the_deadline_backend_sits_on_httpx_own_pools() -> None:
    """_network.py reaches into httpx/httpcore attributes: this fails when an httpx release moves them."""
    from cloudcore_client._network import DeadlineBackend, bound_by_deadline

    with httpx.Client(mounts={"http://proxied.example": httpx.HTTPTransport()}) as http:
        assert bound_by_deadline(http)
        pools = [http._transport._pool, *(t._pool for t in http._mounts.values() if t is not None)]  # type: ignore[attr-defined]
        assert pools
        assert all(isinstance(pool._network_backend, DeadlineBackend) for pool in pools)
        assert bound_by_deadline(http)  # once is enough: not wrapped twice
        assert not isinstance(pools[0]._network_backend._backend, DeadlineBackend)
    with httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(200))) as mocked:
        assert bound_by_deadline(mocked)  # nothing to wrap, nothing missed


def test_socket_timeouts_are_cut_to_the_deadline_only_within_a_call() -> None:
    import httpcore

    from cloudcore_client import _deadline
    from cloudcore_client._network import _cut

    assert _cut(30.0, httpcore.ReadTimeout) == 30.0
    assert _cut(None, httpcore.ReadTimeout) is None
    with _deadline.until(time.monotonic() + 5):
        assert 4 < (_cut(30.0, httpcore.ReadTimeout) or 0) <= 5
        assert 4 < (_cut(None, httpcore.ReadTimeout) or 0) <= 5
        assert _cut(1.0, httpcore.ReadTimeout) == 1.0
    with _deadline.until(time.monotonic() - 1), pytest.raises(httpcore.ReadTimeout):
        _cut(30.0, httpcore.ReadTimeout)


def _reader(encoding: str | None, limit: int | None = 1000, length: int | None = None) -> Any:
    from cloudcore_client._body import BodyReader

    headers = {} if encoding is None else {"Content-Encoding": encoding}
    if length is not None:
        headers["Content-Length"] = str(length)
    return BodyReader(httpx.Headers(headers), limit)


def test_the_body_reader_decodes_gzip_zlib_and_raw_deflate_in_any_chunking() -> None:
    import zlib

    body = json.dumps([SUMMARY] * 5).encode()
    raw_deflate = zlib.compressobj(6, zlib.DEFLATED, -15)
    forms = {
        "gzip": gzip.compress(body),
        "x-gzip": gzip.compress(body),
        "deflate": zlib.compress(body),
        "DEFLATE": raw_deflate.compress(body) + raw_deflate.flush(),
        "identity": body,
        None: body,
    }
    for encoding, data in forms.items():
        for size in (1, 7, len(data)):
            reader = _reader(encoding, limit=None)
            for start in range(0, len(data), size):
                reader.feed(data[start : start + size])
            assert reader.finish() == body, (encoding, size)


def test_the_body_reader_refuses_what_it_cannot_decode_or_holds_too_much() -> None:
    from cloudcore_client._body import TooLargeError, UndecodableError

    with pytest.raises(UndecodableError, match="stacked"):
        _reader("gzip, gzip")
    with pytest.raises(UndecodableError, match="'zstd'"):
        _reader("zstd")
    truncated = _reader("gzip")
    truncated.feed(gzip.compress(b"x" * 500)[:-12])
    with pytest.raises(UndecodableError, match="truncated"):
        truncated.finish()
    with pytest.raises(TooLargeError) as announced:
        _reader(None, limit=1000, length=1001)
    assert announced.value.size == 1001
    counted = _reader(None, limit=1000)
    counted.feed(b" " * 1000)
    with pytest.raises(TooLargeError):
        counted.feed(b" ")
    assert _reader(None, limit=None, length=10**12) is not None  # no cap: no refusal


def test_the_value_converters_accept_only_the_documented_forms() -> None:
    from cloudcore_client._values import as_datetime, as_int, as_text, parse_exact

    assert as_text(5, "x") == "5"
    assert as_text(2.5, "x") == "2.5"  # outside the engine's decoding: repr, the best a float allows
    wrongs: list[Any] = [None, True, {}, [], b"5"]
    for wrong in wrongs:
        with pytest.raises(TypeError, match="x: expected a string"):
            as_text(wrong, "x")
    with pytest.raises(ValueError, match="not a number"):
        as_text(float("nan"), "x")
    assert [as_int(v, "f") for v in ("0", "1", "+1", "-3", True, False, 2.0)] == [0, 1, 1, -3, 1, 0, 2]
    wrongs = ["", " 1", "1_0", "٣", "0x1", "1" * 21, 1.5, None, [1]]
    for wrong in wrongs:
        with pytest.raises(TypeError, match="f: expected an integer"):
            as_int(wrong, "f")
    assert as_datetime("2015-08-05 10:00:00").tzinfo is UTC
    assert as_datetime("2015-08-05T10:00:00+02:00").utcoffset() == timedelta(hours=2)
    assert as_datetime("2015-08-05").tzinfo is UTC  # not the 19-character form: parsed as given, then UTC
    data, texts = parse_exact(b'{"a": 1.50, "b": [1e-7, 3], "c": "4.20"}')
    assert sorted(texts.values()) == ["1.50", "1e-7"]
    assert texts[id(data["a"])] == "1.50"
    with pytest.raises(ValueError, match="NaN is not JSON"):
        parse_exact(b"[NaN]")
