"""The contract as the tests read it: where the repository is, the spec, its operations, `$ref`s."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
SPEC_PATH = REPO / "openapi" / "cloudcore.yaml"

#: operationId -> (path, tag, documented status codes), from the documentation and openapi/reference/FACTS.md,
#: plus 403 for a missing or unknown key on every operation.
OPERATIONS: dict[str, tuple[str, str, set[str]]] = {
    "listOrders": ("/orders/", "orders", {"200", "204", "400", "403"}),
    "getOrderInfo": ("/orders/info", "orders", {"200", "400", "403", "410"}),
    "addOrder": ("/orders/add", "orders", {"201", "400", "403"}),
    "cancelOrder": ("/orders/cancel", "orders", {"200", "400", "403", "409", "410"}),
    "getOrderLog": ("/orders/log", "orders", {"200", "204", "400", "403"}),
    "quoteOrder": ("/orders/quote", "orders", {"200", "400", "403"}),
    "listProducts": ("/products", "products", {"200", "204", "400", "403"}),
    "getProductInfo": ("/products/info", "products", {"200", "204", "400", "403"}),
    "listShippingLevels": ("/shipping/levels", "shipping", {"200", "400", "403"}),
    "listShippingCountries": ("/shipping/countries", "shipping", {"200", "400", "403"}),
    "listShippingStates": ("/shipping/states", "shipping", {"200", "400", "403"}),
}


def load_yaml(text: str) -> Any:
    """YAML as Python data: libyaml's parser where PyYAML has it (ten times faster), the same answer."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - safe loaders


def load_spec() -> dict[str, Any]:
    spec: dict[str, Any] = load_yaml(SPEC_PATH.read_text(encoding="utf-8"))
    return spec


Validate = Callable[[dict[str, Any], Any], None]


def iter_operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(path, method, operation) for every operation of the spec."""
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def resolve(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """Follow a local `$ref` (responses are shared components)."""
    while "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node
