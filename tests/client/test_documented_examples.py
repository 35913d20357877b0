"""The generated client sends each documented request exactly and parses each documented response."""

from __future__ import annotations

import importlib
import inspect
import json
import re
from typing import Any

import httpx
import pytest

from cloudcore_client import CloudCore
from tests._helpers.spec import OPERATIONS, load_spec

BASE_URL = "https://api.cloudprinter.com/cloudcore/1.0"
SPEC = load_spec()


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _cases() -> list[tuple[str, str, str, dict[str, Any], int, Any]]:
    cases = []
    for operation_id, (path, tag, _) in sorted(OPERATIONS.items()):
        op = SPEC["paths"][path]["post"]
        media = op["requestBody"]["content"]["application/json"]
        model = media["schema"]["$ref"].rsplit("/", 1)[1]
        status = next(s for s in op["responses"] if s in {"200", "201"})
        response = op["responses"][status]["content"]["application/json"]["examples"]
        example = response.get("documented", response.get("empty"))["value"]
        cases.append(
            (
                f"{tag}.{_snake(operation_id)}",
                path,
                model,
                media["examples"]["documented"]["value"],
                int(status),
                example,
            )
        )
    return cases


def _to_json(parsed: Any) -> Any:
    if isinstance(parsed, list):
        return [item.to_dict() for item in parsed]
    return parsed.to_dict()


def _typed(example: Any) -> Any:
    """The documented answer as the client writes it back: an order `state` ("45") is an `OrderState` (45)."""
    if isinstance(example, list):
        return [_typed(item) for item in example]
    if isinstance(example, dict):
        return {
            key: int(value) if key == "state" and isinstance(value, str) and value.isdigit() else _typed(value)
            for key, value in example.items()
        }
    return example


@pytest.mark.parametrize(
    ("module", "path", "model", "request_example", "status", "response_example"),
    _cases(),
    ids=lambda v: v if isinstance(v, str) and "." in v else "",
)
def test_documented_exchange(
    module: str, path: str, model: str, request_example: dict[str, Any], status: int, response_example: Any
) -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(status, json=response_example)

    tag, method = module.split(".")
    body_model = getattr(importlib.import_module("cloudcore_client.models"), model)
    body = body_model.from_dict(request_example)
    client = CloudCore(request_example["apikey"], base_url=BASE_URL, transport=httpx.MockTransport(handler))
    call = getattr(getattr(client, tag), method)
    parsed = call(**{name: getattr(body, name) for name in inspect.signature(call).parameters})

    (request,) = sent
    assert request.method == "POST"
    assert str(request.url) == BASE_URL + path
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.content) == request_example
    assert _to_json(parsed) == _typed(response_example)


def test_unknown_response_fields_are_kept_not_rejected() -> None:
    from cloudcore_client.models import AddOrderRequest, AddOrderResponse

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(201, json={"order": "12346", "vat_rate": "21", "production_sla_days": 3})

    example = SPEC["paths"]["/orders/add"]["post"]["requestBody"]["content"]["application/json"]["examples"]
    body = AddOrderRequest.from_dict(example["documented"]["value"])
    with CloudCore("__YOUR_API_KEY__", base_url=BASE_URL, transport=httpx.MockTransport(handler)) as client:
        parsed = client.orders.add_order(
            reference=body.reference, email=body.email, addresses=body.addresses, items=body.items
        )
    assert isinstance(parsed, AddOrderResponse)
    assert parsed.order == "12346"
    assert parsed.additional_properties == {"vat_rate": "21", "production_sla_days": 3}
