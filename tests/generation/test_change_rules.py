"""How contract differences found by api-smart-diff are classified per user (no generation)."""

from __future__ import annotations

import copy
import sys
from pathlib import Path
from typing import Any

import pytest

from tests._helpers.spec import REPO, load_spec

sys.path.insert(0, str(REPO / "generator"))
from changes import Change, Level, Report, python_changes, spec_changes


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


# ---- small fixtures: conditional rules (`allOf` of `if`/`then`/`else`) -----------------------------
def _small_spec(address: dict[str, Any]) -> dict[str, Any]:
    """One operation whose request body holds a list of `Address` objects."""
    body = {
        "type": "object",
        "required": ["addresses"],
        "properties": {"addresses": {"type": "array", "items": {"$ref": "#/components/schemas/Address"}}},
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/orders/add": {
                "post": {
                    "operationId": "addOrder",
                    "requestBody": {"required": True, "content": {"application/json": {"schema": body}}},
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
        "components": {"schemas": {"Address": address}},
    }


def _address(*, rules: bool, without: str = "") -> dict[str, Any]:
    properties = {name: {"type": "string"} for name in ("country", "state", "zip", "city")}
    properties.pop(without, None)
    address: dict[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "required": [name for name in ("country", "city") if name != without],
        "properties": properties,
    }
    if rules:
        address["allOf"] = [
            {
                "x-cloudcore-rule": "an address in the US needs a state",
                "if": {"required": ["country"], "properties": {"country": {"const": "US"}}},
                "then": {"required": ["state"]},
            },
            {
                "x-cloudcore-rule": "an address needs a zip outside Hong Kong",
                "if": {"properties": {"country": {"const": "HK"}}},
                "else": {"required": ["zip"]},
            },
        ]
    return address


def test_conditional_rules_in_an_allof_remove_no_field() -> None:
    rows = spec_changes(_small_spec(_address(rules=False)), _small_spec(_address(rules=True)))
    assert not [row for row in rows if "removed" in row.what or row.client is Level.MAJOR], rows
    (rule,) = rows
    assert rule.what == (
        "request conditional rule(s) of `addresses[]` added: an address in the US needs a state; "
        "an address needs a zip outside Hong Kong"
    )
    assert rule.client is Level.PATCH  # the generated client checks no rule; its types stay
    assert rule.simulator.startswith("ok")


def test_a_field_removed_from_an_object_with_conditional_rules_is_still_a_removal() -> None:
    rows = spec_changes(_small_spec(_address(rules=False)), _small_spec(_address(rules=True, without="city")))
    removed = [row for row in rows if "removed" in row.what]
    assert [row.what for row in removed] == ["request field `addresses[].city` removed"]
    assert removed[0].client is Level.MAJOR
    assert not any("`addresses[].country`" in row.what or "`addresses[].state`" in row.what for row in rows)


def test_a_loosened_request_pattern_does_not_touch_client_code() -> None:
    old = _small_spec(_address(rules=True))
    new = copy.deepcopy(old)
    old["components"]["schemas"]["Address"]["properties"]["country"]["pattern"] = "^[A-Z]{2}$"
    new["components"]["schemas"]["Address"]["properties"]["country"]["pattern"] = "^[A-Za-z]{2}$"
    (row,) = spec_changes(old, new)
    assert row.what == "request `addresses[].country`: pattern `^[A-Z]{2}$` -> `^[A-Za-z]{2}$`"
    assert row.client is Level.PATCH


def test_a_ref_with_a_description_is_compared_as_the_schema_it_names() -> None:
    old = _small_spec(_address(rules=False))
    old["components"]["schemas"]["Code"] = {"type": "string", "maxLength": 8}
    old["components"]["schemas"]["Address"]["properties"]["city"] = {
        "allOf": [{"$ref": "#/components/schemas/Code"}, {"description": "The city."}]
    }
    new = copy.deepcopy(old)
    new["components"]["schemas"]["Address"]["properties"]["city"] = {"type": "string", "description": "The city."}
    rows = [row for row in spec_changes(old, new) if row.where != "components"]
    assert [(row.what, row.client) for row in rows] == [
        ("request `addresses[].city`: maxLength `8` removed", Level.PATCH)
    ]


# ---- the Python API part: what a person upgrading reads --------------------------------------------
OLD_PACKAGE = """
class Orders:
    def __init__(self, requester: object) -> None:
        self._requester = requester

    def add_order(self, reference: str) -> str:
        return reference

    def cancel_order(self, reference: str) -> None:
        return None
"""
NEW_PACKAGE = """
OPERATIONS: dict[str, str] = {}


class Orders:
    def __init__(self, requester: object) -> None:
        self._requester = requester

    def add_order(self, reference: str, hc: str | None = None) -> str:
        return reference

    def _private(self) -> None:
        return None


class Products:
    def __init__(self, requester: object) -> None:
        self._requester = requester

    def list_products(self) -> list[str]:
        return []

    def get_product_info(self, reference: str) -> str:
        return reference
"""


def _package(root: Path, source: str) -> Path:
    (root / "cloudcore_client").mkdir(parents=True)
    (root / "cloudcore_client" / "__init__.py").write_text(source, encoding="utf-8")
    return root


def test_the_python_api_part_groups_additions_and_lists_removals(tmp_path: Path) -> None:
    rows = python_changes(_package(tmp_path / "old", OLD_PACKAGE), _package(tmp_path / "new", NEW_PACKAGE))
    found = {(row.where, row.what, row.client) for row in rows}
    assert found == {
        ("cloudcore_client.Orders.cancel_order", "function removed", Level.MAJOR),
        ("cloudcore_client.Products", "class added (methods: get_product_info, list_products)", Level.MINOR),
        ("cloudcore_client.OPERATIONS", "attribute OPERATIONS: dict[str, str] added", Level.MINOR),
        (
            "cloudcore_client.Orders.add_order",
            "changed compatibly: function add_order(reference: str, hc: str | None = None) -> str",
            Level.MINOR,
        ),
    }
    report = Report("HEAD", python=rows, client_changed=True)
    entry = report.changelog_entry("2.0.0")
    assert "__init__" not in entry
    assert "_private" not in entry
    assert "self" not in entry
    assert entry.index("### Breaking") < entry.index("cancel_order") < entry.index("### Added")
