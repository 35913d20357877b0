"""Custom schemathesis checks: the contract beyond what a schema can say.

They run on every response of every phase, like the built-in checks, and follow up with requests
of their own (``probe``) through the same transport: in-process or over the network alike.

- ``positive_rejection_is_business``: a 400 to a schema-valid body names a business rule, never
  ``json_data_schema_is_not_valid`` (so the 400 allowed in schemathesis.toml hides no drift).
- ``wrong_key_forbidden``: every operation answers 403 with the error body to the very same valid
  body carrying an unknown key, or no key.
- ``added_order_visible``: after a 201 from orders/add, orders/ lists the reference and
  orders/info shows what was sent (email, addresses, items with product, count, options, files).
- ``foreign_order_invisible``: another account's key gets 410/204 for that order and does not see
  it in its list; its cancel attempt changes nothing.
- ``cancel_reflected``: after a 200 from orders/cancel, orders/info reports state 500 (and not
  cancelable) and the last orders/log row has state 500.
- ``references_unique``: the documented uniqueness rules hold in answers too: no two orders of
  ``orders/`` share a reference, no two items of an ``orders/info`` answer share one.
- ``documented_content_type`` and ``documented_response_schema``: schemathesis's
  ``content_type_conformance`` (ST105) and ``response_schema_conformance`` (ST108), which
  schemathesis.toml switches off in their favour, except for a body that FACTS.md says may be empty:
  403, 409 and 410, and a cancel's 200 (``facts.empty_body_allowed``). Any other empty body where the
  contract documents JSON still fails them.

Numbers are compared as numbers (``"5"``, ``5`` and ``5.0`` are one count; ``state`` may be a JSON
number), and a listing may hold any number of orders from earlier runs: FACTS.md's answer variants
pass every check. The rules themselves (what orders/info must show, the uniqueness rules, what a
cancelled order shows) are ``facts.py``'s, which the validating proxy judges by too.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import jsonschema
import schemathesis
from schemathesis import Case, CheckContext, Response
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from .facts import (
    CANCELED,
    empty_body_allowed,
    log_shows_cancelled,
    order_differences,
    repeated_references,
    shows_cancelled,
    state_number,
)
from .hooks import active_keys, active_schema, call_kwargs, probing, take_key_probe

SCHEMA_INVALID = "json_data_schema_is_not_valid"


def _json(response: Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _show(response: Response) -> str:
    text = response.text if response.content else "<no body>"
    return f"{response.status_code} {text[:300]}"


def probe(case: Case[Any], operation_id: str, body: Mapping[str, Any]) -> Response:
    """Send ``body`` to another operation of the contract, as is (the key hook stays out)."""
    schema = active_schema() or case.operation.schema
    operation = schema.find_operation_by_id(operation_id)
    with probing():
        answer: Response = operation.Case(body=dict(body), media_type="application/json").call(**call_kwargs())
    return answer


def _operation_id(case: Case[Any]) -> str | None:
    operation_id = case.operation.schema.get_operation_id(case.operation)
    return operation_id if isinstance(operation_id, str) else None


def _valid_key(case: Case[Any]) -> bool:
    keys = active_keys()
    return keys is not None and isinstance(case.body, dict) and case.body.get("apikey") == keys.primary


def _is_positive(case: Case[Any]) -> bool:
    return case.meta is not None and case.meta.generation.mode.is_positive


def _documented_empty(case: Case[Any], response: Response) -> bool:
    """An empty body where FACTS.md says the real API may send one (``facts.empty_body_allowed``)."""
    if response.content:
        return False
    operation_id = _operation_id(case)
    return operation_id is not None and empty_body_allowed(operation_id, response.status_code)


def _is_api_error(payload: Any) -> bool:
    error = payload.get("error") if isinstance(payload, dict) else None
    return isinstance(error, dict) and isinstance(error.get("type"), str) and isinstance(error.get("info"), str)


_VALIDATORS: dict[str, Any] = {}


def _matches_contract(case: Case[Any]) -> bool:
    """Whether the body actually sent validates against the operation's request schema.

    A case's positive label can be stale (a stateful link fills values into a generated body), so
    the check confirms the claim before it reports a disagreement.
    """
    label = case.operation.label
    if label not in _VALIDATORS:
        raw = case.operation.schema.raw_schema
        operation = next(
            op
            for path, item in raw["paths"].items()
            for method, op in item.items()
            if f"{method.upper()} {path}" == label
        )
        schema = operation["requestBody"]["content"]["application/json"]["schema"]
        _VALIDATORS[label] = jsonschema.Draft202012Validator({**schema, "components": raw.get("components", {})})
    return bool(_VALIDATORS[label].is_valid(case.body))


@schemathesis.check
def positive_rejection_is_business(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """A schema-valid body refused with 400 must be refused for a business rule, not for its shape."""
    if response.status_code != 400 or not _is_positive(case) or not _valid_key(case):
        return None
    payload = _json(response)
    error_type = payload["error"].get("type") if _is_api_error(payload) else None
    if error_type == SCHEMA_INVALID and _matches_contract(case):
        raise AssertionError(
            f"A body that matches the contract was rejected as schema-invalid: {_show(response)}\n"
            "The server's request validation and openapi/cloudcore.yaml disagree."
        )
    return True


@schemathesis.check
def wrong_key_forbidden(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """The same valid body with an unknown key, or without a key, gets 403 and the error body."""
    if not _is_positive(case) or not _valid_key(case) or response.status_code == 403:
        return None
    operation_id = _operation_id(case)
    assert operation_id is not None
    assert isinstance(case.body, dict)
    phase = str(case.meta.phase.name) if case.meta is not None else "manual"
    if not take_key_probe(operation_id, phase, frozenset(case.body)):
        return None
    keys = active_keys()
    assert keys is not None
    variants = {
        "an unknown apikey": {**case.body, "apikey": keys.unknown},
        "no apikey": {k: v for k, v in case.body.items() if k != "apikey"},
    }
    for what, body in variants.items():
        answer = probe(case, operation_id, body)
        if answer.status_code != 403:
            raise AssertionError(
                f"{operation_id} with {what} answered {_show(answer)}; expected 403 "
                f"(the same body with the right key got {response.status_code})"
            )
        if not _is_api_error(_json(answer)) and not (not answer.content and empty_body_allowed(operation_id, 403)):
            raise AssertionError(f"{operation_id} with {what}: the 403 body is not the error body: {_show(answer)}")
    return True


@schemathesis.check
def added_order_visible(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """An order the API accepted is in the account's list and its info shows what was sent."""
    if _operation_id(case) != "addOrder" or response.status_code != 201 or not _valid_key(case):
        return None
    assert isinstance(case.body, dict)
    sent = case.body
    key, reference = sent["apikey"], str(sent["reference"])
    listed = probe(case, "listOrders", {"apikey": key})
    rows = _json(listed) if listed.status_code == 200 else None
    if not isinstance(rows, list) or reference not in {str(row.get("reference")) for row in rows}:
        raise AssertionError(f"Order {reference!r} was added (201) but orders/ does not list it: {_show(listed)}")
    info = probe(case, "getOrderInfo", {"apikey": key, "reference": reference})
    payload = _json(info)
    if info.status_code != 200 or not isinstance(payload, dict):
        raise AssertionError(f"Order {reference!r} was added (201) but orders/info answers {_show(info)}")
    problems = order_differences(sent, payload)
    if problems:
        raise AssertionError(
            "orders/info of the order just added differs from what was sent:\n  "
            + "\n  ".join(problem.detail for problem in problems[:10])
        )
    return True


@schemathesis.check
def foreign_order_invisible(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """Another account's key cannot see, log or cancel the order just added."""
    keys = active_keys()
    other = keys.other if keys is not None else None
    if other is None or _operation_id(case) != "addOrder" or response.status_code != 201:
        return None
    assert isinstance(case.body, dict)
    reference = str(case.body["reference"])
    expected = {"getOrderInfo": 410, "getOrderLog": 204, "cancelOrder": 410}
    for operation_id, status in expected.items():
        answer = probe(case, operation_id, {"apikey": other, "reference": reference})
        if answer.status_code != status:
            raise AssertionError(
                f"Another account's {operation_id} of order {reference!r} answered {_show(answer)}; expected {status}"
            )
    listed = probe(case, "listOrders", {"apikey": other})
    rows = _json(listed) if listed.status_code == 200 else []
    if listed.status_code not in (200, 204) or not isinstance(rows, list):
        raise AssertionError(f"Another account's orders/ answered {_show(listed)}")
    if reference in {str(row.get("reference")) for row in rows if isinstance(row, dict)}:
        raise AssertionError(f"Another account's orders/ lists order {reference!r}")
    own = probe(case, "getOrderInfo", {"apikey": case.body["apikey"], "reference": reference})
    own_info = _json(own)
    if own.status_code == 200 and isinstance(own_info, dict) and state_number(own_info.get("state")) == CANCELED:
        raise AssertionError(f"Another account's cancel attempt cancelled order {reference!r}")
    return True


@schemathesis.check
def cancel_reflected(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """A cancelled order reports state 500, is no longer cancelable, and its log ends with 500."""
    if _operation_id(case) != "cancelOrder" or response.status_code != 200 or not _valid_key(case):
        return None
    assert isinstance(case.body, dict)
    key, reference = case.body["apikey"], str(case.body["reference"])
    info = probe(case, "getOrderInfo", {"apikey": key, "reference": reference})
    payload = _json(info)
    if info.status_code != 200 or not isinstance(payload, dict):
        raise AssertionError(f"Order {reference!r} was cancelled (200) but orders/info answers {_show(info)}")
    if not shows_cancelled(payload):
        shown = {k: payload.get(k) for k in ("state", "state_code", "is_cancelable")}
        raise AssertionError(f"Order {reference!r} was cancelled (200) but orders/info shows {json.dumps(shown)}")
    log = probe(case, "getOrderLog", {"apikey": key, "reference": reference})
    rows = _json(log)
    if log.status_code != 200 or not isinstance(rows, list) or not rows:
        raise AssertionError(f"Order {reference!r} was cancelled (200) but orders/log answers {_show(log)}")
    if not log_shows_cancelled(rows):
        raise AssertionError(f"Order {reference!r} was cancelled (200) but its log ends with {rows[-1]!r}")
    return True


@schemathesis.check
def references_unique(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """Order references are unique in ``orders/``; item references are unique within ``orders/info``."""
    operation_id = _operation_id(case)
    if response.status_code != 200 or operation_id not in ("listOrders", "getOrderInfo"):
        return None
    repeated = repeated_references(operation_id, _json(response))
    if repeated is not None:
        raise AssertionError(str(repeated))
    return True


@schemathesis.check
def documented_content_type(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """schemathesis's ``content_type_conformance`` (ST105), but for a body FACTS.md says may be empty."""
    if _documented_empty(case, response):
        return None
    return content_type_conformance(ctx, response, case)


@schemathesis.check
def documented_response_schema(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """schemathesis's ``response_schema_conformance`` (ST108), but for a body FACTS.md says may be empty."""
    if _documented_empty(case, response):
        return None
    return response_schema_conformance(ctx, response, case)
