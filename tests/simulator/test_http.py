"""HTTP handling: routing, methods, authentication, validation and hostile bodies."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cloudcore_simulator.validation import SCHEMA_INVALID
from tests._helpers.simulator import API, KEY_A, Api, order_body, quote_body
from tests._helpers.spec import OPERATIONS

PATHS = [path for path, _, _ in OPERATIONS.values()]


def assert_error(response: Any, status: int, type_: str | None = None) -> dict[str, str]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    error: dict[str, str] = response.json()["error"]
    assert set(error) == {"type", "info"}
    assert isinstance(error["info"], str)
    assert error["info"]
    if type_ is not None:
        assert error["type"] == type_
    return error


@pytest.mark.parametrize("path", PATHS)
def test_missing_or_unknown_key_is_403_everywhere(mem_api: Api, path: str) -> None:
    for body in ({}, {"apikey": "nope"}, {"apikey": 12}, {"apikey": None}, {"apikey": ""}, {"apikey": "ключ"}):
        assert_error(mem_api.post(path, body), 403, "invalid_api_key")


@pytest.mark.parametrize("path", PATHS)
def test_schema_violation_is_400_naming_the_field(strict_api: Api, path: str) -> None:
    error = assert_error(strict_api.post(path, {"apikey": KEY_A, "unexpected": 1}), 400, SCHEMA_INVALID)
    assert '"unexpected" is not allowed' in error["info"]


def test_required_field_message_matches_the_sdk(mem_api: Api) -> None:
    body = quote_body()
    del body["country"]
    error = assert_error(mem_api.post("/orders/quote", body), 400, "json_data_schema_is_not_valid")
    assert error["info"] == '"country" is required'


def test_nested_violation_names_the_path(mem_api: Api) -> None:
    body = quote_body()
    body["items"][0]["count"] = "0"
    error = assert_error(mem_api.post("/orders/quote", body), 400, "json_data_schema_is_not_valid")
    assert error["info"].startswith("items[0].count: ")
    body["items"][0]["count"] = 1.5
    assert_error(mem_api.post("/orders/quote", body), 400, "json_data_schema_is_not_valid")
    body["items"][0]["count"] = True
    assert_error(mem_api.post("/orders/quote", body), 400, "json_data_schema_is_not_valid")


def test_count_accepts_digit_strings_and_integers(mem_api: Api) -> None:
    for count in ("3", 3):
        body = quote_body()
        body["items"][0]["count"] = count
        assert mem_api.post("/orders/quote", body).status_code == 200


def test_invalid_email_and_url_are_rejected(mem_api: Api) -> None:
    body = order_body(email="not an email")
    assert "email" in assert_error(mem_api.post("/orders/add", body), 400, "json_data_schema_is_not_valid")["info"]
    body = order_body()
    body["items"][0]["files"][0]["url"] = "download.example.com/files/x"  # no scheme: not a URI
    assert_error(mem_api.post("/orders/add", body), 400, "json_data_schema_is_not_valid")


@pytest.mark.parametrize(
    ("content", "headers", "type_"),
    [
        (b"{", {"content-type": "application/json"}, "invalid_json"),
        (b"", {"content-type": "application/json"}, "invalid_json"),
        (b"[1, 2]", {"content-type": "application/json"}, "json_data_is_not_an_object"),
        (b'"text"', {"content-type": "application/json"}, "json_data_is_not_an_object"),
        (b"null", {"content-type": "application/json"}, "json_data_is_not_an_object"),
        (b'{"apikey": NaN}', {"content-type": "application/json"}, "invalid_json"),
        (b'{"apikey": "\\ud800"}', {"content-type": "application/json"}, "invalid_json"),
        (b'{"apikey": "\xff\xfe"}', {"content-type": "application/json"}, "invalid_json"),
        (b"[" * 5000 + b"]" * 5000, {"content-type": "application/json"}, "invalid_json"),
        (b'{"apikey": "key-a-0123456789"}', {"content-type": "text/plain"}, "invalid_content_type"),
        (b'{"apikey": "key-a-0123456789"}', {}, "invalid_content_type"),
        (b"apikey=key-a-0123456789", {"content-type": "application/x-www-form-urlencoded"}, "invalid_content_type"),
    ],
)
def test_malformed_bodies_are_400(mem_api: Api, content: bytes, headers: dict[str, str], type_: str) -> None:
    for path in PATHS:
        response = mem_api.client.post(API + path, content=content, headers=headers)
        assert_error(response, 400, type_)


def test_deep_and_huge_values_never_500(mem_api: Api) -> None:
    hostile: list[Any] = [
        {"apikey": KEY_A, "reference": [[[[[]]]]]},
        {"apikey": KEY_A, "reference": 10**30},
        {"apikey": KEY_A, "reference": "x" * 500_000},
        {"apikey": KEY_A, "reference": "\u0000\u202e"},
        {"apikey": KEY_A, "country": "US", "items": [{"reference": "r", "product": "p", "count": 10**40}]},
        {"apikey": KEY_A, "items": [None] * 1000},
        {"apikey": KEY_A, "x" * 10_000: 1},
    ]
    for body in hostile:
        for path in PATHS:
            # 200: an unknown top-level field alone is accepted (with a Warning header), as the real API does.
            assert mem_api.post(path, body).status_code in (200, 204, 400, 403, 410)


def test_body_over_the_limit_is_413(mem_api: Api) -> None:
    big = b'{"apikey": "' + b"a" * (2 * 1024 * 1024) + b'"}'
    assert_error(
        mem_api.client.post(API + "/products", content=big, headers={"content-type": "application/json"}),
        413,
        "request_body_too_large",
    )

    def chunks() -> Any:  # no Content-Length: the limit is enforced while streaming
        for _ in range(40):
            yield b" " * 65536

    response = mem_api.client.post(API + "/products", content=chunks(), headers={"content-type": "application/json"})
    assert_error(response, 413, "request_body_too_large")


def test_unknown_path_is_404_with_error_body(mem_api: Api) -> None:
    for path in ("/cloudcore/1.0/nope", "/", "/cloudcore/1.0/orders/info/", "/cloudcore/2.0/orders/"):
        assert_error(mem_api.client.post(path, json={"apikey": KEY_A}), 404, "not_found")


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "QUERY", "HEAD"])
def test_other_methods_are_405_with_allow(mem_api: Api, method: str) -> None:
    for path in ("/orders/", "/orders", "/products/info"):
        response = mem_api.client.request(method, API + path)
        assert response.status_code == 405
        assert response.headers["allow"] == "POST"
        if method != "HEAD":
            assert response.json()["error"]["type"] == "method_not_allowed"


def test_orders_list_with_and_without_slash(mem_api: Api) -> None:
    assert mem_api.post("/orders/", {"apikey": KEY_A}).status_code == 204
    assert mem_api.post("/orders/add", order_body()).status_code == 201
    for path in ("/orders/", "/orders"):
        response = mem_api.post(path, {"apikey": KEY_A})
        assert response.status_code == 200
        assert [o["reference"] for o in response.json()] == ["order-1"]


def test_control_api_is_not_under_the_api_prefix(mem_api: Api) -> None:
    assert mem_api.client.get("/_simulator/health").json()["status"] == "ok"
    assert mem_api.client.post(API + "/_simulator/reset", json={}).status_code == 404
    assert_error(mem_api.client.post("/_simulator/clock/advance", json={"seconds": -1}), 400)
    assert_error(mem_api.client.post("/_simulator/clock/advance", json={"seconds": "1"}), 400)
    assert_error(mem_api.client.post("/_simulator/reset", json={"apikey": "nope"}), 403)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    path=st.sampled_from(PATHS),
    extra=st.dictionaries(
        st.sampled_from(["reference", "items", "country", "addresses", "email", "state", "country_reference", "z"]),
        json_values,
        max_size=4,
    ),
)
def test_fuzzed_bodies_never_500(mem_api: Api, path: str, extra: dict[str, Any]) -> None:
    response = mem_api.post(path, {"apikey": KEY_A, **extra})
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        assert set(response.json()["error"]) == {"type", "info"}
