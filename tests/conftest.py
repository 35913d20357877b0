"""Shared fixtures: the contract, loaded once, and a JSON Schema validator factory for its schemas."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
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


def load_spec() -> dict[str, Any]:
    spec: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    return spec


@pytest.fixture(scope="session")
def spec() -> dict[str, Any]:
    return load_spec()


Validate = Callable[[dict[str, Any], Any], None]


@pytest.fixture(scope="session")
def validate(spec: dict[str, Any]) -> Validate:
    """Validate an instance against a schema of the spec, `#/components/...` refs resolved in the spec."""

    def _validate(schema: dict[str, Any], instance: Any) -> None:
        # The spec's components sit beside the schema so that `#/components/schemas/X` resolves
        # within the root; JSON Schema ignores the unknown `components` keyword itself.
        root = {**schema, "components": spec["components"]}
        jsonschema.Draft202012Validator(root, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER).validate(
            instance
        )

    return _validate


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


# ---- the early check: places keyed by operation agree with the spec (tests/operation_keys.py) ----
EARLY_CHECK = "tests/test_operation_keys.py"


#: Folders whose tests share one xdist worker (`nox -s tests` runs `-n auto --dist loadgroup`), and why.
XDIST_GROUPS = {
    # One Chromium per run instead of one per worker; the screenshots go to reports/ under fixed names.
    "tests/web/": "browser",
    # The generator's npm tools are installed into the venv on first use (`npm ci`, not safe to run
    # twice at once), and openapi-python-client is the heaviest CPU user: one at a time.
    "tests/generation/": "generator",
}


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    """Group what must share a worker; run the early check first, or, when a run does not collect it
    (e.g. the contract suite), before anything."""
    for item in items:
        for folder, group in XDIST_GROUPS.items():
            if item.nodeid.startswith(folder):
                item.add_marker(pytest.mark.xdist_group(group))
    early = [item for item in items if item.nodeid.startswith(EARLY_CHECK)]
    if early:
        items[:] = early + [item for item in items if not item.nodeid.startswith(EARLY_CHECK)]
        return
    from tests.operation_keys import explain, operation_key_problems

    problems = operation_key_problems()
    if problems:
        pytest.exit(explain(problems), returncode=1)


def pytest_runtest_setup(item: pytest.Item) -> None:
    """No test starts with an event loop marked running in its thread (`asyncio.run` would refuse).

    Playwright's sync driver leaves its loop marked running between calls; tests/web/conftest.py
    scopes it to that package. Should a fixture ever outlive its tests again, this names the cause.
    """
    if item.nodeid.startswith("tests/web/"):
        return
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return
    pytest.fail(f"an event loop ({loop!r}) is marked running in the test thread: a fixture outlived its tests")


def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> None:
    """A failed early check stops the run: what fails after it would only mislead."""
    if call.excinfo is not None and item.nodeid.startswith(EARLY_CHECK):
        item.session.shouldstop = "places keyed by operation disagree with openapi/cloudcore.yaml (first failure)"
