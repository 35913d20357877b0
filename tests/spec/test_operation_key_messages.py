"""The early check's messages name the entry and the file to change (tests/operation_keys.py)."""

from __future__ import annotations

from typing import Any

from tests.operation_keys import handler_problems, renames, schemathesis_problems, spec_operations, table_problems


def _renamed(spec: dict[str, Any]) -> dict[str, str]:
    operations = spec_operations(spec)
    operations["quoteOrders"] = operations.pop("quoteOrder")
    return operations


def test_the_bundled_spec_has_no_problem(spec: dict[str, Any]) -> None:
    operations = spec_operations(spec)
    assert renames(operations) + schemathesis_problems(operations) + handler_problems(operations) == []
    assert table_problems(operations) == []


def test_a_rename_is_one_line_naming_schemathesis_toml_and_the_simulator_handler(spec: dict[str, Any]) -> None:
    (line,) = renames(_renamed(spec))
    assert line.startswith("operation 'quoteOrder' was renamed 'quoteOrders' (POST /orders/quote)")
    assert "schemathesis.toml" in line
    assert "simulator handler" in line
    assert "simulator/cloudcore_simulator/" in line


def test_stale_and_missing_schemathesis_sections_are_named(spec: dict[str, Any]) -> None:
    stale, missing = schemathesis_problems(_renamed(spec))
    toml = "contract/cloudcore_contract/schemathesis.toml"
    assert stale.startswith(f'{toml}: stale `include-operation-id = "quoteOrder"`')
    assert missing.startswith(f'{toml}: no `[[operations]]` section with `include-operation-id = "quoteOrders"`')


def test_a_new_operation_without_handler_names_the_handler_file(spec: dict[str, Any]) -> None:
    operations = {**spec_operations(spec), "listShippingCarriers": "/shipping/carriers"}
    (problem,) = handler_problems(operations)
    assert problem.startswith("simulator/cloudcore_simulator/")
    assert "no simulator handler for listShippingCarriers (POST /shipping/carriers)" in problem
    (row,) = table_problems(operations)
    assert row.startswith("tests/_helpers/spec.py: OPERATIONS has no row for listShippingCarriers")
