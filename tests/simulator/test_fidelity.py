"""The simulator accepts what real integrations send and agrees with the contract on every rule.

Each case of tests/sdk_requests.py is posted to the in-process app and checked against what
Python jsonschema says about the same body on openapi/cloudcore.yaml. ``PROBES`` (what the
sources allow) must all be accepted and ``DOCUMENTED_RULES`` (what they refuse) all refused: the
score in docs/fidelity.md is their count.
"""

from __future__ import annotations

import logging
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx2
import pytest

from cloudcore_simulator import simulated
from cloudcore_simulator.__main__ import parse_args
from cloudcore_simulator.lifecycle import MAX_DURATION, Signal, events_between
from cloudcore_simulator.simulated import COUNT_LIMIT, Realism
from cloudcore_simulator.validation import SCHEMA_INVALID
from cloudcore_simulator.webhooks import signal_payload
from tests._helpers.simulator import KEY_A, Api
from tests._helpers.spec import load_spec
from tests.sdk_requests import (
    CASED_RULE_CASES,
    DOCUMENTED_RULES,
    PROBES,
    RULE_CASES,
    SDK_SHAPES,
    DocumentedRule,
    Probe,
    RuleCase,
    book_item,
    order,
    quote,
    with_key,
)
from tests.spec.test_fidelity import spec_verdict

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


def _run(api: Api, before: tuple[tuple[str, dict[str, Any]], ...], path: str, body: dict[str, Any]) -> httpx2.Response:
    """Post the ``before`` steps (each 2xx), then ``body`` with ``{quote}`` filled from the last quote answer."""
    quote_hash = None
    for step_path, step_body in before:
        answer = api.post(step_path, with_key(step_body, KEY_A))
        assert answer.status_code in (200, 201), answer.text
        if step_path == "/orders/quote":
            quote_hash = answer.json()["shipments"][0]["quotes"][0]["quote"]
    filled = with_key(body, KEY_A)
    for item in filled.get("items", []):
        if item.get("quote") == "{quote}":
            item["quote"] = quote_hash
    return api.post(path, filled)


@pytest.mark.parametrize("probe", PROBES, ids=[probe.name for probe in PROBES])
def test_what_the_sources_allow_the_simulator_accepts(mem_api: Api, probe: Probe) -> None:
    response = _run(mem_api, probe.before, probe.path, probe.body)
    assert response.status_code in (200, 201), response.text
    assert "warning" not in response.headers


@pytest.mark.parametrize("rule", DOCUMENTED_RULES, ids=[rule.name for rule in DOCUMENTED_RULES])
def test_what_the_sources_refuse_the_simulator_refuses(mem_api: Api, rule: DocumentedRule) -> None:
    response = _run(mem_api, rule.before, rule.path, rule.body)
    error = assert_error(response, rule.status)
    if rule.schema:
        assert error["type"] == SCHEMA_INVALID
    else:
        assert error["type"] in {r.type for r in simulated.REFUSALS if r.realism is Realism.SOURCES}


@pytest.mark.parametrize("case", RULE_CASES + CASED_RULE_CASES, ids=[c.name for c in RULE_CASES + CASED_RULE_CASES])
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


def _raised_types() -> set[str]:
    raised: set[str] = set()
    for source in SIMULATOR_SOURCES.rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        raised |= set(re.findall(r'ApiError\(\s*\d+,\s*"([a-z_]+)"', text))
        raised |= set(re.findall(r'error_body\(\s*"([a-z_]+)"', text))
        raised |= set(re.findall(r'_answer\(\s*\d+,\s*"[^"]*",\s*"([a-z_]+)"', text))  # serving.py's own answers
        raised |= set(re.findall(r'^_[A-Z_]+: Final = "([a-z_]+)"', text, re.MULTILINE))
    raised.add(SCHEMA_INVALID)
    return raised


def test_every_error_type_the_simulator_answers_is_listed_as_simulated_or_reported() -> None:
    raised = _raised_types()
    assert len(raised) >= 25
    assert raised <= set(simulated.ERROR_TYPES), sorted(raised - set(simulated.ERROR_TYPES))


def test_every_refusal_is_in_the_fidelity_registry() -> None:
    """Each error type is a refusal with its source (simulated.REFUSALS) or no refusal of an API request."""
    refusals = {refusal.type for refusal in simulated.REFUSALS}
    assert not refusals & simulated.NOT_REFUSALS
    assert refusals | simulated.NOT_REFUSALS == set(simulated.ERROR_TYPES)
    assert refusals <= _raised_types() | {"http_error"}
    strict = {r.type for r in simulated.REFUSALS if r.realism is Realism.STRICT}
    assert {"invalid_file_type", "invalid_page_count", "quote_country_mismatch"} <= strict
    # By default the simulator invents no refusal but its resource bounds, its Host guard and HTTP's own answers.
    default_invented = {
        r.type for r in simulated.REFUSALS if r.realism is Realism.SOURCES and r.source.startswith("simulated:")
    }
    bounds = {"request_body_too_large", "invalid_count", "request_timeout", "request_header_fields_too_large"}
    http = {"host_not_allowed", "not_found", "http_error", "service_unavailable"}
    assert default_invented == bounds | http | {"rate_limit_exceeded"}  # the last only in the --sandbox mode
    for refusal in simulated.REFUSALS:
        if refusal.realism is Realism.STRICT:
            assert refusal.source.startswith("simulated:"), refusal


def test_realism_on_the_command_line() -> None:
    assert parse_args([]).realism == "sources"
    assert parse_args(["--realism", "strict"]).realism == "strict"
    with pytest.raises(SystemExit):
        parse_args(["--realism", "realistic"])


# ---- counts: bounded, answered with a 400 that names the field (issue 18) ----------------------
def _huge_count(mem_api: Api, path: str, body: dict[str, Any], field: str) -> None:
    error = assert_error(mem_api.post(path, with_key(body, KEY_A)), 400, "invalid_count")
    assert error["info"] == f"{field}: must be at most {COUNT_LIMIT:,} (the simulator's limit)"


@pytest.mark.parametrize(
    "count", [COUNT_LIMIT + 1, str(COUNT_LIMIT + 1), "9" * 5000, "0" * 100 + "1" + "0" * 30, 1e300, 10**30, 1e24]
)
def test_a_count_above_the_limit_is_a_400_naming_the_field(mem_api: Api, count: Any) -> None:
    _huge_count(mem_api, "/orders/add", order(items=[book_item(count=count)]), "items[0].count")
    options = [{"type": "total_pages", "count": 36}, {"type": "paper_130mcg", "count": count}]
    _huge_count(mem_api, "/orders/add", order(items=[book_item(options=options)]), "items[0].options[1].count")
    _huge_count(mem_api, "/orders/quote", quote(items=[book_item("b"), book_item(count=count)]), "items[1].count")
    assert mem_api.post("/orders/", {"apikey": KEY_A}).status_code == 204  # nothing was stored


def test_counts_at_the_limit_are_priced_exactly(mem_api: Api) -> None:
    """The largest counts in the largest currency: every amount still exact (a count of 10**24 once answered 500)."""
    options = [{"type": "total_pages", "count": str(COUNT_LIMIT)}, {"type": "paper_130mcg", "count": COUNT_LIMIT}]
    items = [book_item(f"b{i}", count=COUNT_LIMIT, options=options) for i in range(50)]
    one = mem_api.post("/orders/quote", with_key(quote(currency="JPY", items=items[:1]), KEY_A)).json()
    response = mem_api.post("/orders/quote", with_key(quote(currency="JPY", items=items), KEY_A))
    assert response.status_code == 200, response.text
    answer = response.json()
    assert Decimal(answer["subtotals"]["items"]) == 50 * Decimal(one["subtotals"]["items"])
    assert Decimal(answer["price"]) == Decimal(answer["subtotals"]["items"]) + Decimal(answer["subtotals"]["fee"])
    assert len(answer["price"]) >= 20, answer["price"]  # 15 digits before the point, all of them exact
    assert mem_api.post("/orders/add", with_key(order(items=items), KEY_A)).status_code == 201


# ---- orders/quote/info: both SDKs call it; the simulator serves it beyond the contract -----------
def test_quote_info_answers_a_valid_hash_and_204_otherwise(mem_api: Api) -> None:
    answer = mem_api.post("/orders/quote", with_key(quote(), KEY_A)).json()
    choice = answer["shipments"][0]["quotes"][1]
    info = mem_api.post("/orders/quote/info", {"apikey": KEY_A, "quote": choice["quote"]})
    assert info.status_code == 200, info.text
    assert info.json()["quote"] == choice["quote"]  # the one field the Node SDK's test reads
    assert info.json()["shipping_level"] == choice["shipping_level"]
    assert info.json()["items"] == [{"reference": "ref_id_1234567"}]
    unknown = mem_api.post("/orders/quote/info", {"apikey": KEY_A, "quote": "111"})
    assert (unknown.status_code, unknown.content) == (204, b"")  # resolves without `quote`, as the SDK's test expects
    other_account = mem_api.post("/orders/quote/info", {"apikey": "key-b-9876543210", "quote": choice["quote"]})
    assert other_account.status_code == 204
    mem_api.advance(48 * 3600)
    assert mem_api.post("/orders/quote/info", {"apikey": KEY_A, "quote": choice["quote"]}).status_code == 204
    error = assert_error(mem_api.post("/orders/quote/info", {"apikey": KEY_A}), 400, SCHEMA_INVALID)
    assert error["info"] == '"quote" is required'
    assert_error(mem_api.post("/orders/quote/info", {"apikey": "nope", "quote": "x"}), 403, "invalid_api_key")
    assert mem_api.post("/orders/quote/info", {"apikey": KEY_A, "quote": "x", "extra": 1}).headers["warning"]


def test_quote_info_is_not_in_the_contract() -> None:
    assert "/orders/quote/info" not in SPEC["paths"]


def test_simulated_state_codes_are_marked() -> None:
    assert set(simulated.STATE_CODES.values()) >= simulated.CONFIRMED_STATE_CODES
    assert simulated.STATE_CODES[1] == "order_state_new"
    assert simulated.STATE_CODES[45] == "order_state_uploaded"


def test_the_specs_item_error_example_is_what_the_simulator_sends(mem_api: Api) -> None:
    """The ItemError example of the spec's webhooks: the simulator's payload for a download error (11)."""
    assert mem_api.post("/orders/add", with_key(order("12346", items=[book_item("12346-1")]), KEY_A)).status_code == 201
    forced = mem_api.client.post("/_simulator/orders/error", json={"apikey": KEY_A, "reference": "12346", "state": 11})
    assert forced.status_code == 200, forced.text
    simulator = mem_api.app.state.simulator
    orders = simulator.store.orders_active_between(0, mem_api.clock.now() + MAX_DURATION)
    sent = [
        signal_payload(o, e) for o, e in events_between(orders, 0, mem_api.clock.now()) if e.signal is Signal.ITEM_ERROR
    ]
    (payload,) = sent
    example = SPEC["webhooks"]["ItemError"]["post"]["requestBody"]["content"]["application/json"]["examples"]
    documented = example["example"]["value"]
    assert set(documented) - {"apikey"} == set(payload)
    for field in ("type", "order_reference", "item_reference", "cause", "delay"):
        assert documented[field] == payload[field], field
