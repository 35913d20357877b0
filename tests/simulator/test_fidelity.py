"""The simulator accepts what real integrations send and agrees with the contract on every rule.

Each case of tests/sdk_requests.py is posted to the in-process app and checked against what
Python jsonschema says about the same body on openapi/cloudcore.yaml.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import pytest

from cloudcore_simulator import simulated
from cloudcore_simulator.__main__ import parse_args
from cloudcore_simulator.validation import SCHEMA_INVALID
from tests.conftest import load_spec
from tests.sdk_requests import RULE_CASES, SDK_SHAPES, RuleCase, book_item, order, quote, with_key
from tests.spec.test_fidelity import spec_verdict

from .conftest import KEY_A, Api
from .test_http import assert_error

SPEC = load_spec()
SIMULATOR_SOURCES = Path(simulated.__file__).parent


@pytest.mark.parametrize(("name", "path", "body"), SDK_SHAPES, ids=[case[0] for case in SDK_SHAPES])
def test_sdk_request_shapes_are_accepted(mem_api: Api, name: str, path: str, body: dict[str, Any]) -> None:
    response = mem_api.post(path, with_key(body, KEY_A))
    assert response.status_code == (201 if path == "/orders/add" else 200), response.text
    assert "warning" not in response.headers
    if path == "/orders/add":
        info = mem_api.post("/orders/info", {"apikey": KEY_A, "reference": body["reference"]})
        assert info.status_code == 200, info.text


def test_documented_request_examples_are_accepted(mem_api: Api) -> None:
    for path in ("/orders/add", "/orders/quote"):
        example = dict(
            SPEC["paths"][path]["post"]["requestBody"]["content"]["application/json"]["examples"]["documented"]["value"]
        )
        example["apikey"] = KEY_A
        assert mem_api.post(path, example).status_code in (200, 201)


def test_what_an_sdk_order_reports(mem_api: Api) -> None:
    irish = with_key(order("ie", addresses=[{**order()["addresses"][0], "country": "IE", "zip": None}]), KEY_A)
    del irish["addresses"][0]["zip"]
    irish["items"] = [book_item(shipping_level=None, shipping_option="DHL - National Standard (DE)")]
    assert mem_api.post("/orders/add", irish).status_code == 201
    info = mem_api.post("/orders/info", {"apikey": KEY_A, "reference": "ie"}).json()
    assert "zip" not in info["addresses"][0]
    assert info["items"][0]["shipping_option"] == "DHL - National Standard (DE)"
    stock = {"reference": "s", "product": "stock_tote_bag", "type": "stock", "count": 1, "shipping_level": "cp_postal"}
    assert mem_api.post("/orders/add", with_key(order("stock", items=[stock]), KEY_A)).status_code == 201
    assert mem_api.post("/orders/info", {"apikey": KEY_A, "reference": "stock"}).json()["items"][0]["files"] == []


@pytest.mark.parametrize("case", RULE_CASES, ids=[case.name for case in RULE_CASES])
def test_simulator_agrees_with_the_contract_on_each_rule(mem_api: Api, case: RuleCase) -> None:
    body = with_key(case.body, KEY_A)
    spec_problems = spec_verdict(SPEC, case.path, body)
    response = mem_api.post(case.path, body)
    if case.valid:
        assert spec_problems == []
        assert response.status_code in (200, 201), response.text
    else:
        assert spec_problems
        error = assert_error(response, 400, SCHEMA_INVALID)
        assert error["info"] == f'"{case.missing}" is required ({case.rule})'


def test_an_item_with_a_quote_needs_no_shipping_level(mem_api: Api) -> None:
    answer = mem_api.post("/orders/quote", with_key(quote(country="DE", items=[book_item()]), KEY_A)).json()
    hash_ = answer["shipments"][0]["quotes"][0]["quote"]
    body = with_key(order("quoted", items=[book_item(shipping_level=None, quote=hash_)]), KEY_A)
    assert spec_verdict(SPEC, "/orders/add", body) == []
    assert mem_api.post("/orders/add", body).status_code == 201


def test_unknown_fields_are_accepted_with_a_warning_and_a_log_line(
    mem_api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    body = with_key(order("typo", items=[book_item(foo=1)], giftwrap=True), KEY_A)
    with caplog.at_level(logging.WARNING, logger="cloudcore_simulator.validation"):
        response = mem_api.post("/orders/add", body)
    assert response.status_code == 201, response.text
    warning = response.headers["warning"]
    assert warning.startswith("299 cloudcore-simulator ")
    assert "items[0].foo" in warning
    assert "giftwrap" in warning
    assert any("items[0].foo" in r.getMessage() and "giftwrap" in r.getMessage() for r in caplog.records)
    assert mem_api.post("/products", {"apikey": KEY_A}).headers.get("warning") is None


def test_unknown_fields_beside_a_real_violation_get_the_400_and_the_warning(mem_api: Api) -> None:
    body = with_key(order("both", items=[book_item(shipping_level=None, shipping_levle="cp_saver")]), KEY_A)
    response = mem_api.post("/orders/add", body)
    error = assert_error(response, 400, SCHEMA_INVALID)
    assert '"items[0].shipping_level" is required' in error["info"]
    assert "items[0].shipping_levle" in response.headers["warning"]


def test_strict_refuses_unknown_fields(strict_api: Api) -> None:
    body = with_key(order("typo", items=[book_item(foo=1)]), KEY_A)
    error = assert_error(strict_api.post("/orders/add", body), 400, SCHEMA_INVALID)
    assert error["info"] == 'items[0]: "foo" is not allowed'
    assert strict_api.post("/orders/add", with_key(order("fine"), KEY_A)).status_code == 201


def test_strict_on_the_command_line() -> None:
    assert parse_args(["--strict"]).strict is True
    assert parse_args([]).strict is False


def test_the_warning_header_is_ascii_and_bounded(mem_api: Api) -> None:
    body = {"apikey": KEY_A, **{f'ключ"{n}': n for n in range(30)}, "x" * 5000: 1}
    response = mem_api.post("/products", body)
    assert response.status_code == 200
    warning = response.headers["warning"]
    assert warning.isascii()
    assert len(warning) < 4000
    assert "and 11 more" in warning


def test_every_error_type_the_simulator_answers_is_listed_as_simulated_or_reported() -> None:
    raised: set[str] = set()
    for source in SIMULATOR_SOURCES.rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        raised |= set(re.findall(r'ApiError\(\s*\d+,\s*"([a-z_]+)"', text))
        raised |= set(re.findall(r'error_body\(\s*"([a-z_]+)"', text))
    raised.add(SCHEMA_INVALID)
    assert len(raised) >= 25
    assert raised <= set(simulated.ERROR_TYPES), sorted(raised - set(simulated.ERROR_TYPES))


def test_simulated_state_codes_are_marked() -> None:
    assert set(simulated.STATE_CODES.values()) >= simulated.CONFIRMED_STATE_CODES
    assert simulated.STATE_CODES[1] == "order_state_new"
    assert simulated.STATE_CODES[45] == "order_state_uploaded"
