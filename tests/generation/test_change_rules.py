"""How contract differences found by api-smart-diff are classified per user (no generation)."""

from __future__ import annotations

import copy
import sys
from typing import Any

import pytest

from tests.conftest import REPO, load_spec

sys.path.insert(0, str(REPO / "generator"))
from changes import Change, Level, spec_changes


@pytest.fixture(scope="module")
def base() -> dict[str, Any]:
    return load_spec()


def _changes(base: dict[str, Any], edit: Any) -> list[Change]:
    new = copy.deepcopy(base)
    edit(new)
    return spec_changes(base, new)


def test_an_identical_spec_has_no_change(base: dict[str, Any]) -> None:
    assert spec_changes(base, copy.deepcopy(base)) == []


def test_a_renamed_operation_breaks_the_client_and_names_schemathesis_toml(base: dict[str, Any]) -> None:
    def rename(spec: dict[str, Any]) -> None:
        spec["paths"]["/orders/quote"]["post"]["operationId"] = "quoteOrders"

    (row,) = _changes(base, rename)
    assert row.what.startswith("operation renamed `quoteOrder` -> `quoteOrders`")
    assert row.client is Level.MAJOR
    assert "schemathesis.toml" in row.simulator


def test_a_removed_status_breaks_the_simulator_and_an_added_one_is_an_addition(base: dict[str, Any]) -> None:
    def statuses(spec: dict[str, Any]) -> None:
        responses = spec["paths"]["/orders/cancel"]["post"]["responses"]
        responses["429"] = responses.pop("409")

    rows = {row.what: row for row in _changes(base, statuses)}
    assert rows["status 409 removed"].simulator.startswith("breaking")
    assert rows["status 429 added"].client is Level.MINOR


def test_a_new_required_request_field_breaks_callers(base: dict[str, Any]) -> None:
    def require(spec: dict[str, Any]) -> None:
        spec["components"]["schemas"]["AddOrderRequest"]["required"].append("hc")

    (row,) = [row for row in _changes(base, require) if row.where.startswith("addOrder")]
    assert row.what == "request field(s) `hc` of body now required"
    assert row.client is Level.MAJOR


def test_webhooks_added_and_removed(base: dict[str, Any]) -> None:
    def swap(spec: dict[str, Any]) -> None:
        hooks = spec["webhooks"]
        first = next(iter(hooks))
        hooks["ItemHeld"] = hooks.pop(first)

    rows = {row.what: row for row in _changes(base, swap)}
    assert rows["webhook removed"].client is Level.MAJOR
    assert rows["webhook added"].client is Level.MINOR


def test_a_description_is_documentation_only(base: dict[str, Any]) -> None:
    def reword(spec: dict[str, Any]) -> None:
        spec["paths"]["/orders/info"]["post"]["description"] = "Reworded."

    (row,) = _changes(base, reword)
    assert row.client is Level.PATCH
    assert row.simulator == "ok"
