"""The fidelity rule, checked on the contract itself (openapi/cloudcore.yaml, Python jsonschema).

Every request constraint names its source; what the official SDKs send is accepted; the
documented conditional rules are in the spec, each with a body that passes and one that fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest

from tests.conftest import Validate, iter_operations, resolve
from tests.sdk_requests import RULE_CASES, SDK_SHAPES, RuleCase, with_key

CONSTRAINT_KEYWORDS = frozenset(
    {
        "pattern", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
        "multipleOf", "format", "enum", "const", "minItems", "maxItems", "uniqueItems", "minProperties",
        "maxProperties", "if", "not", "dependentRequired", "dependentSchemas",
    }
)  # fmt: skip
SOURCE = "x-cloudcore-source"
RULE = "x-cloudcore-rule"


def _request_schema_names(spec: dict[str, Any]) -> set[str]:
    """Every component schema reachable from a request body."""
    pending = [op["requestBody"]["content"]["application/json"]["schema"]["$ref"] for _, _, op in iter_operations(spec)]
    seen: set[str] = set()
    while pending:
        ref = pending.pop()
        name = ref.rsplit("/", 1)[1]
        if name in seen:
            continue
        seen.add(name)
        pending += list(_refs(spec["components"]["schemas"][name]))
    return seen


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _schema_nodes(node: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every subschema that constrains a value; an ``if`` is a condition, so its inside is skipped."""
    if not isinstance(node, dict):
        return
    yield where, node
    for key, value in node.items():
        if key in ("if", SOURCE, "examples", "x-extensible-enum", "default"):
            continue
        if key == "properties":
            for name, prop in value.items():
                yield from _schema_nodes(prop, f"{where}.{name}")
        elif isinstance(value, dict):
            yield from _schema_nodes(value, f"{where}/{key}")
        elif isinstance(value, list) and key in ("allOf", "anyOf", "oneOf", "prefixItems"):
            for index, item in enumerate(value):
                yield from _schema_nodes(item, f"{where}/{key}/{index}")


def test_every_request_constraint_names_its_source(spec: dict[str, Any]) -> None:
    names = _request_schema_names(spec)
    assert {"AddOrderRequest", "Address", "OrderItem", "QuoteRequest", "QuoteItem", "Count"} <= names
    checked = 0
    for name in sorted(names):
        for where, node in _schema_nodes(spec["components"]["schemas"][name], name):
            constraints = CONSTRAINT_KEYWORDS & set(node)
            sources = node.get(SOURCE, {})
            assert set(sources) == constraints, f"{where}: constraints {sorted(constraints)}, sources {sorted(sources)}"
            for keyword, source in sources.items():
                assert source.startswith(("docs", "sdk")), f"{where}.{keyword}: {source!r}"
            if "if" in node:
                assert node.get(RULE), f"{where}: a conditional rule needs its {RULE} words for the 400"
            checked += len(constraints)
    assert checked >= 20


def test_no_invented_limits_remain(spec: dict[str, Any]) -> None:
    """No length limits at all on requests (neither the docs nor the SDKs set any)."""
    for name in _request_schema_names(spec):
        for where, node in _schema_nodes(spec["components"]["schemas"][name], name):
            assert not {"maxLength", "maxItems", "maximum"} & set(node), where


@pytest.mark.parametrize(("name", "path", "body"), SDK_SHAPES, ids=[case[0] for case in SDK_SHAPES])
def test_sdk_request_shapes_are_accepted(
    spec: dict[str, Any], validate: Validate, name: str, path: str, body: Any
) -> None:
    validate(spec["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"], with_key(body, "k"))


def test_documented_request_examples_are_accepted(spec: dict[str, Any], validate: Validate) -> None:
    for _, _, op in iter_operations(spec):
        media = op["requestBody"]["content"]["application/json"]
        validate(media["schema"], media["examples"]["documented"]["value"])


def spec_verdict(spec: dict[str, Any], path: str, body: dict[str, Any]) -> list[str]:
    """The messages of Python jsonschema on the yaml for ``body`` (empty: valid)."""
    schema = spec["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]
    root = {**schema, "components": spec["components"]}
    validator = jsonschema.Draft202012Validator(root, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    return [error.message for error in validator.iter_errors(body)]


@pytest.mark.parametrize("case", RULE_CASES, ids=[case.name for case in RULE_CASES])
def test_conditional_rules_are_in_the_contract(spec: dict[str, Any], case: RuleCase) -> None:
    problems = spec_verdict(spec, case.path, with_key(case.body, "k"))
    if case.valid:
        assert problems == []
    else:
        assert problems == [f"'{case.missing.rsplit('.', 1)[-1]}' is a required property"]


def test_each_conditional_rule_has_a_passing_and_a_failing_case(spec: dict[str, Any]) -> None:
    rules = {
        node[RULE]
        for name in _request_schema_names(spec)
        for _, node in _schema_nodes(spec["components"]["schemas"][name], name)
        if RULE in node
    }
    assert len(rules) == 6
    assert rules == {case.rule for case in RULE_CASES}
    for rule in rules:
        assert {case.valid for case in RULE_CASES if case.rule == rule} == {True, False}, rule


def test_zip_exemptions_are_the_official_sdks_list(spec: dict[str, Any]) -> None:
    address = spec["components"]["schemas"]["Address"]
    (exempt,) = [rule["if"]["properties"]["country"]["enum"] for rule in address["allOf"] if "else" in rule]
    assert len(exempt) == len(set(exempt)) == 65
    assert {"IE", "HK", "AE", "QA", "PE", "VU"} <= set(exempt)
    assert not {"US", "DE", "NL", "GB"} & set(exempt)


def test_quote_currency_defaults_to_eur(spec: dict[str, Any]) -> None:
    assert spec["components"]["schemas"]["QuoteRequest"]["properties"]["currency"]["default"] == "EUR"


def test_sdk_only_fields_are_modelled_and_marked(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    item = schemas["OrderItem"]["properties"]
    for field in ("shipping_option", "type"):
        assert "SDK" in item[field]["description"], field
    for field in ("shipping_level", "files"):
        assert "Node SDK" in schemas["QuoteItem"]["properties"][field]["description"], field
    assert "PHP SDK" in schemas["OrderMeta"]["description"]
    assert schemas["OrderMeta"]["additionalProperties"] is True


@pytest.mark.parametrize(
    ("schema", "optional"),
    [
        ("OrderInfoAddress", {"zip", "state", "company", "street2", "email", "phone"}),
        ("OrderInfoItem", {"shipping_option", "tracking", "options", "files"}),
        ("OrderInfo", {"is_cancelable"}),
    ],
)
def test_response_fields_that_can_be_absent_are_optional(spec: dict[str, Any], schema: str, optional: set[str]) -> None:
    definition = spec["components"]["schemas"][schema]
    assert set(definition["properties"]) - set(definition["required"]) == optional


def test_response_numbers_documented_as_strings_accept_both(spec: dict[str, Any], validate: Validate) -> None:
    quote = resolve(spec, spec["paths"]["/orders/quote"]["post"]["responses"]["200"])
    example = quote["content"]["application/json"]["examples"]["documented"]["value"]
    as_numbers = {**example, "price": 4.5412, "vat": 0, "invoice_exchange_rate": 1}
    as_numbers["subtotals"] = {"items": 1.7912, "fee": 2.75, "app_fee": 0}
    as_numbers["shipments"] = [{**example["shipments"][0], "total_weight": 712}]
    validate({"$ref": "#/components/schemas/Quote"}, as_numbers)
