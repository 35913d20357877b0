"""The contract as the generated client types it: open response values get their Python type.

The contract must accept every answer the API sends, so some values are open there: the order
`state` is "a number, as a string or an integer", dates are text in the API's own
`YYYY-MM-DD HH:MM:SS` form, the response address `type` is any string. Python has better types for
them, and openapi-python-client can only build them from plain schemas. So the client is generated
from a view of the contract in which two markers are applied (the simulator, the contract suite and
every validator keep reading the contract itself):

- `x-client: <schema>`: the client reads the value as that schema (e.g. `format: date-time`, or a
  `$ref` to the request's enum). The original `description` is kept unless the schema has its own.
- `x-client-enum: true`: the client reads the value as an enum of the schema's `x-extensible-enum`
  (member names from `x-enum-varnames`, or from the values). Every generated enum tolerates values
  it does not list (generator/templates/str_enum.py.jinja, int_enum.py.jinja), so the set stays open.
"""

from __future__ import annotations

import copy
from typing import Any

from openapi_python_client.strings import snake_case


def _enum(schema: dict[str, Any]) -> dict[str, Any]:
    values = schema["x-extensible-enum"]
    names = schema.get("x-enum-varnames") or [snake_case(str(value)).upper() for value in values]
    if len(names) != len(values):
        raise ValueError(f"x-enum-varnames has {len(names)} names for {len(values)} values")
    kinds = {type(value) for value in values}
    if kinds not in ({int}, {str}):
        raise ValueError(f"x-client-enum needs values all int or all str, not {kinds}")
    view = {"type": "integer" if kinds == {int} else "string", "enum": list(values), "x-enum-varnames": list(names)}
    if "description" in schema:
        view["description"] = schema["description"]
    return view


def _view(node: Any) -> Any:
    if isinstance(node, list):
        return [_view(item) for item in node]
    if not isinstance(node, dict):
        return node
    if node.get("x-client-enum") is True:
        return _enum(node)
    if "x-client" in node:
        replacement = copy.deepcopy(node["x-client"])
        if "description" in node and "description" not in replacement:
            replacement["description"] = node["description"]
        return _view(replacement)
    return {key: _view(value) for key, value in node.items()}


def client_view(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec with every `x-client` / `x-client-enum` schema replaced by what the client reads."""
    viewed: dict[str, Any] = _view(spec)
    return viewed


__all__ = ["client_view"]
