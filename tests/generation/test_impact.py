"""The change report names the places of the repository that must follow a contract change.

A small contract and a small repository in a temporary folder: a removed request field must be
found where a test sends it (a body dict, a client call, a helper), where the engine reads it, in
the contract's own examples and in a test table of the schema's fields; an added optional
response field, in such a table; a renamed operation, where its client method is called.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path
from typing import Any

from tests._helpers.spec import REPO

sys.path.insert(0, str(REPO / "generator"))
from changes import spec_changes
from impact import places

ORDER = {
    "type": "object",
    "required": ["reference", "contact", "items"],
    "properties": {"reference": {"type": "string"}, "contact": {"type": "string"}, "items": {"type": "array"}},
    "additionalProperties": False,
}
INFO = {"type": "object", "required": ["reference"], "properties": {"reference": {"type": "string"}}}


def _spec() -> dict[str, Any]:
    body = {"$ref": "#/components/schemas/AddOrderRequest"}
    example = {"documented": {"value": {"reference": "o-1", "contact": "a@example.com", "items": []}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1.0.0"},
        "paths": {
            "/orders/add": {
                "post": {
                    "operationId": "addOrder",
                    "requestBody": {"content": {"application/json": {"schema": body, "examples": example}}},
                    "responses": {"201": {"description": "ok"}},
                }
            },
            "/orders/info": {
                "post": {
                    "operationId": "getOrderInfo",
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/OrderInfo"}}},
                        }
                    },
                }
            },
        },
        "components": {"schemas": {"AddOrderRequest": copy.deepcopy(ORDER), "OrderInfo": copy.deepcopy(INFO)}},
    }


def _repository(root: Path) -> Path:
    files = {
        "tests/helpers.py": 'def body():\n    return {"reference": "o-1", "contact": "a@example.com", "items": []}\n',
        "tests/test_client.py": 'def test_add(c):\n    c.orders.add_order(reference="o-1", contact="c", items=[])\n',
        "tests/test_tables.py": 'OPTIONAL = [("OrderInfo", {"reference"}), ("AddOrderRequest", {"contact"})]\n',
        "simulator/cloudcore_simulator/orders.py": 'def add(body):\n    return str(body["contact"])\n',
        "docs/page.md": '# Page\n\n```python\nclient.orders.get_order_info(reference="o-1")\n```\n',
        "tests/unrelated.py": 'ADDRESS = {"contact": "a@example.com", "city": "Berlin"}\n',
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_a_removed_request_field_names_every_place_that_sends_or_reads_it(tmp_path: Path) -> None:
    old, new = _spec(), _spec()
    schema = new["components"]["schemas"]["AddOrderRequest"]
    schema["required"].remove("contact")
    del schema["properties"]["contact"]
    found = places(spec_changes(old, new), old, new, _repository(tmp_path))
    named = {(place.path, place.line) for place in found}
    assert named == {
        ("tests/helpers.py", 2),  # a body dict
        ("tests/test_client.py", 2),  # add_order(email=...)
        ("tests/test_tables.py", 1),  # a table of AddOrderRequest's fields
        ("simulator/cloudcore_simulator/orders.py", 2),  # the engine reads it
        ("openapi/cloudcore.yaml", 0),  # the contract's own example (no file here: no line)
    }
    removed = "request field `contact` removed (addOrder)"
    assert all(removed in place.why for place in found if "example" not in place.why)
    assert any("example `documented` no longer validates" in place.why for place in found)


def test_an_added_optional_response_field_names_the_tables_of_its_schema(tmp_path: Path) -> None:
    old, new = _spec(), _spec()
    new["components"]["schemas"]["OrderInfo"]["properties"]["tracking_url"] = {"type": "string"}
    [place] = places(spec_changes(old, new), old, new, _repository(tmp_path))
    assert (place.path, place.line) == ("tests/test_tables.py", 1)
    assert "a table of OrderInfo's fields" in place.why


def test_a_renamed_operation_names_the_callers_of_its_method(tmp_path: Path) -> None:
    old, new = _spec(), _spec()
    new["paths"]["/orders/info"]["post"]["operationId"] = "getOrder"
    found = places(spec_changes(old, new), old, new, _repository(tmp_path))
    assert [(place.path, place.line) for place in found] == [("docs/page.md", 4)]
    assert "calls `get_order_info`" in found[0].why


def test_an_unchanged_contract_names_nothing(tmp_path: Path) -> None:
    assert places([], _spec(), _spec(), _repository(tmp_path)) == []
