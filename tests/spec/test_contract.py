"""The contract covers the documented API exactly: operations, statuses, parameters, examples."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest

from tests._helpers.spec import OPERATIONS, Validate, iter_operations, resolve


def _operation(spec: dict[str, Any], operation_id: str) -> dict[str, Any]:
    path, _, _ = OPERATIONS[operation_id]
    operation: dict[str, Any] = spec["paths"][path]["post"]
    return operation


def test_all_eleven_operations_are_posts_with_id_summary_description_and_tag(spec: dict[str, Any]) -> None:
    found = {op["operationId"]: (path, method, op) for path, method, op in iter_operations(spec)}
    assert set(found) == set(OPERATIONS)
    for operation_id, (path, method, op) in found.items():
        expected_path, tag, _ = OPERATIONS[operation_id]
        assert (path, method) == (expected_path, "post")
        assert op["tags"] == [tag]
        assert op["summary"]
        assert op["description"]


def test_server_is_the_production_base_url(spec: dict[str, Any]) -> None:
    assert [s["url"] for s in spec["servers"]] == ["https://api.cloudprinter.com/cloudcore/1.0"]


@pytest.mark.parametrize("operation_id", sorted(OPERATIONS))
def test_every_documented_status_is_declared(spec: dict[str, Any], operation_id: str) -> None:
    assert set(_operation(spec, operation_id)["responses"]) == OPERATIONS[operation_id][2]


@pytest.mark.parametrize("operation_id", sorted(OPERATIONS))
def test_request_body_is_a_named_schema_with_a_required_apikey(spec: dict[str, Any], operation_id: str) -> None:
    body = _operation(spec, operation_id)["requestBody"]
    assert body["required"] is True
    ref = body["content"]["application/json"]["schema"]["$ref"]
    schema = resolve(spec, {"$ref": ref})
    assert ref.startswith("#/components/schemas/")
    assert "apikey" in schema["required"]
    assert schema["additionalProperties"] is False


@pytest.mark.parametrize("operation_id", sorted(OPERATIONS))
def test_error_statuses_share_the_api_error_body_and_204_has_none(spec: dict[str, Any], operation_id: str) -> None:
    for status, response in _operation(spec, operation_id)["responses"].items():
        response = resolve(spec, response)
        if status == "204":
            assert "content" not in response
        elif status.startswith("4"):
            assert response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ApiError"}


@pytest.mark.parametrize(
    ("schema", "required"),
    [
        ("AddOrderRequest", {"apikey", "reference", "email", "addresses", "items"}),
        # zip: required by a conditional rule (not for countries without postal codes).
        ("Address", {"type", "firstname", "lastname", "street1", "city", "country", "email", "phone"}),
        # files: required by a conditional rule (not for stock items).
        ("OrderItem", {"reference", "product", "count"}),
        ("ItemFile", {"type", "url", "md5sum"}),
        ("OrderFile", {"type", "url", "md5sum"}),
        ("ItemOption", {"type", "count"}),
        ("QuoteRequest", {"apikey", "country", "items"}),
        ("QuoteItem", {"reference", "product", "count"}),
        ("ListShippingStatesRequest", {"apikey", "country_reference"}),
        ("ProductInfoRequest", {"apikey", "reference"}),
    ],
)
def test_required_exactly_where_the_documentation_says(spec: dict[str, Any], schema: str, required: set[str]) -> None:
    assert set(spec["components"]["schemas"][schema]["required"]) == required


def test_every_request_property_carries_a_description(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    for name, schema in schemas.items():
        if name.endswith("Request") or name in {"Address", "OrderItem", "ItemOption", "QuoteItem"}:
            for prop, definition in schema["properties"].items():
                described = definition.get("description") or resolve(spec, definition).get("description")
                assert described, f"{name}.{prop} has no description"


def test_prices_of_product_info_are_deprecated(spec: dict[str, Any]) -> None:
    assert spec["components"]["schemas"]["ProductInfo"]["properties"]["prices"]["deprecated"] is True


def _refs(node: Any) -> set[str]:
    if isinstance(node, dict):
        own = {node["$ref"]} if "$ref" in node else set()
        return own.union(*(_refs(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_refs(v) for v in node))
    return set()


def test_response_schemas_accept_unknown_fields(spec: dict[str, Any], validate: Validate) -> None:
    validate({"$ref": "#/components/schemas/AddOrderResponse"}, {"order": "1", "vat_rate": "21", "extra": [1]})
    pending = {r for _, _, op in iter_operations(spec) for r in _refs(op["responses"])}
    seen: set[str] = set()
    while pending:
        ref = pending.pop()
        seen.add(ref)
        pending |= _refs(resolve(spec, {"$ref": ref})) - seen
    schemas = [resolve(spec, {"$ref": r}) for r in seen if r.startswith("#/components/schemas/")]
    assert len(schemas) >= 20
    for schema in schemas:
        assert schema.get("additionalProperties", True) is not False, schema


@pytest.mark.parametrize(
    ("schema", "value", "valid"),
    [
        ("Count", "5", True),
        ("Count", 5, True),
        ("Count", "1234567890123", True),
        ("Count", "0", False),
        ("Count", 0, False),
        ("Count", "5.0", True),
        ("Count", "05", True),
        ("Count", "000", False),
        ("Count", "5.5", False),
        ("Count", "1e2", False),
        ("Count", 2.5, False),
        ("Count", 2.0, True),
        ("OptionCount", 0, True),
        ("OptionCount", "0", True),
        ("OptionCount", "1.0", True),
        ("OptionCount", "1.5", False),
        ("OptionCount", -1, False),
        ("CountryCode", "NL", True),
        ("CountryCode", "nl", True),
        ("CountryCode", "Nl", True),
        ("CountryCode", "NLD", False),
        ("CurrencyCode", "EUR", True),
        ("CurrencyCode", "eur", True),
        ("CurrencyCode", "EURO", False),
        ("StateText", "Berlin", True),
        ("StateText", "NY", True),
        ("StateText", "", False),
        ("Md5Sum", "4578c3ecf64e47581b175d542f8b0160", True),
        ("Md5Sum", "4578c3ecf64e47581b175d542f8b016", False),
        ("Md5Sum", "zz78c3ecf64e47581b175d542f8b0160", False),
        ("Email", "someone@example.com", True),
        ("Email", "jörg@müller.de", True),
        ("Email", "not-an-address", False),
        ("FileUrl", "https://download.example.com/files/x?key=1", True),
        ("FileUrl", "https://download.example.com/files/x?sig=" + "a" * 2100, True),
        ("ShippingLevel", "cp_saver", True),
        ("ShippingLevel", "cp_limited", True),
        ("QuoteHash", "a" * 64, True),
        ("Price", "12,50", True),
        ("Price", "12.50", True),
        ("Price", 12.5, True),
        ("Price", "abc", False),
        ("Price", "12,", False),
        ("Price", True, False),
        ("Reference", "r" * 200, True),
        ("Reference", "", False),
        ("AddressType", "delivery", True),
        ("AddressType", "billing", False),
        ("ItemFileType", "cover", True),
        ("ItemFileType", "delivery_note", False),
        ("OrderFileType", "promotion", True),
        ("NumberText", "4.5412", True),
        ("NumberText", 4.5412, True),
    ],
)
def test_value_constraints(validate: Validate, schema: str, value: Any, valid: bool) -> None:
    ref = {"$ref": f"#/components/schemas/{schema}"}
    if valid:
        validate(ref, value)
    else:
        with pytest.raises(jsonschema.ValidationError):
            validate(ref, value)


def _examples(spec: dict[str, Any]) -> list[tuple[str, dict[str, Any], Any]]:
    """(label, schema, example value) for every example attached anywhere in the spec."""
    found: list[tuple[str, dict[str, Any], Any]] = []
    for path, _, op in iter_operations(spec):
        media = op["requestBody"]["content"]["application/json"]
        found += [(f"{path} request {k}", media["schema"], v["value"]) for k, v in media["examples"].items()]
        for status, response in op["responses"].items():
            for media in resolve(spec, response).get("content", {}).values():
                examples = media.get("examples", {})
                found += [(f"{path} {status} {k}", media["schema"], v["value"]) for k, v in examples.items()]
    for name, item in spec.get("webhooks", {}).items():
        media = item["post"]["requestBody"]["content"]["application/json"]
        found += [(f"webhook {name} {k}", media["schema"], v["value"]) for k, v in media["examples"].items()]
    return found


SIGNAL_TYPES = {
    "CloudprinterOrderValidated",
    "CloudprinterOrderCanceled",
    "ItemValidated",
    "ItemProduce",
    "ItemProduced",
    "ItemPacked",
    "ItemShipped",
    "ItemError",
    "ItemCanceled",
    "ItemDeliveryStarted",
    "ItemDeliveryCompleted",
    "ItemDeliveryFailed",
}


def test_webhooks_model_every_known_signal_answered_200_or_204(spec: dict[str, Any]) -> None:
    assert set(spec["webhooks"]) == SIGNAL_TYPES
    for name, item in spec["webhooks"].items():
        schema = item["post"]["requestBody"]["content"]["application/json"]["schema"]
        assert schema == {"$ref": f"#/components/schemas/{name}Signal"}
        assert set(item["post"]["responses"]) == {"200", "204"}


@pytest.mark.parametrize(
    ("signal", "missing"),
    [
        ("ItemShippedSignal", "tracking"),
        ("ItemCanceledSignal", "cause"),
        ("ItemPackedSignal", "item_reference"),
        ("CloudprinterOrderValidatedSignal", "order_reference"),
    ],
)
def test_signal_schemas_require_their_fields(
    validate: Validate, spec: dict[str, Any], signal: str, missing: str
) -> None:
    name = signal.removesuffix("Signal")
    example = dict(
        spec["webhooks"][name]["post"]["requestBody"]["content"]["application/json"]["examples"]["example"]["value"]
    )
    validate({"$ref": f"#/components/schemas/{signal}"}, example)
    del example[missing]
    with pytest.raises(jsonschema.ValidationError):
        validate({"$ref": f"#/components/schemas/{signal}"}, example)


def test_an_unknown_signal_type_fits_the_generic_signal(validate: Validate) -> None:
    unknown = {
        "apikey": "k",
        "type": "ItemTeleported",
        "order": "1",
        "order_reference": "r",
        "datetime": "2026-11-26T10:00:00+00:00",
        "something_new": True,
    }
    validate({"$ref": "#/components/schemas/CloudSignal"}, unknown)


def test_every_operation_has_request_and_success_examples(spec: dict[str, Any]) -> None:
    labels = {label.split(" ")[0] + " " + label.split(" ")[1] for label, _, _ in _examples(spec)}
    for path, _, op in iter_operations(spec):
        success = next(s for s in op["responses"] if s in {"200", "201"})
        assert f"{path} request" in labels
        assert f"{path} {success}" in labels


def test_every_example_validates_against_its_schema(spec: dict[str, Any], validate: Validate) -> None:
    examples = _examples(spec)
    assert len(examples) >= 30
    for label, schema, value in examples:
        try:
            validate(schema, value)
        except jsonschema.ValidationError as exc:  # pragma: no cover - the message is the point
            pytest.fail(f"{label}: {exc.message}")
