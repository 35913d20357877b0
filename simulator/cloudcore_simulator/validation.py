"""Request validation against the spec's own request schemas, compiled once with jsonschema-rs.

Each operation's ``requestBody`` schema becomes a self-contained JSON Schema 2020-12 document
(the spec's components as ``$defs``), so what the simulator accepts is exactly what the contract
says: no hand-written duplicate of the rules to drift away from it.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any, Final

import jsonschema_rs

from .errors import ApiError
from .spec import SpecError

__all__ = ["SCHEMA_INVALID", "RequestValidator", "compile_request_schema"]

SCHEMA_INVALID: Final = "json_data_schema_is_not_valid"
_MAX_REPORTED = 5
_MAX_MESSAGE = 240
_COMPONENT_PREFIX = "#/components/schemas/"


def _rewrite_refs(node: Any) -> Any:
    if isinstance(node, dict):
        out = {key: _rewrite_refs(value) for key, value in node.items()}
        ref = out.get("$ref")
        if isinstance(ref, str) and ref.startswith(_COMPONENT_PREFIX):
            out["$ref"] = "#/$defs/" + ref[len(_COMPONENT_PREFIX) :]
        return out
    if isinstance(node, list):
        return [_rewrite_refs(value) for value in node]
    return node


def compile_request_schema(spec: Mapping[str, Any], schema: Mapping[str, Any]) -> dict[str, Any]:
    """A standalone 2020-12 schema for ``schema`` with every component schema under ``$defs``."""
    components = spec.get("components", {}).get("schemas", {})
    document: dict[str, Any] = _rewrite_refs(copy.deepcopy(dict(schema)))
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document["$defs"] = {**_rewrite_refs(copy.deepcopy(components)), **document.get("$defs", {})}
    return document


def _location(path: list[str | int]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _clip(text: str) -> str:
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 3] + "..."


def describe(error: jsonschema_rs.ValidationError) -> str:
    """One violation as ``"country" is required`` or ``items[0].count: <problem>``."""
    where = _location(list(error.instance_path))
    kind = error.kind
    if isinstance(kind, jsonschema_rs.ValidationErrorKind.Required):
        name = f"{where}.{kind.property}" if where else str(kind.property)
        return _clip(f'"{name}" is required')
    if isinstance(kind, jsonschema_rs.ValidationErrorKind.AdditionalProperties):
        names = ", ".join(f'"{name}"' for name in kind.unexpected)
        verb = "is" if len(kind.unexpected) == 1 else "are"
        return _clip(f"{where + ': ' if where else ''}{names} {verb} not allowed")
    return _clip(f"{where or 'body'}: {error.message}")


class RequestValidator:
    """Compiled validators for every POST path of the spec, keyed by spec path."""

    def __init__(self, spec: Mapping[str, Any], operations: Mapping[str, Mapping[str, Any]], formats: bool) -> None:
        self._validators: dict[str, jsonschema_rs.Draft202012Validator] = {}
        for path, operation in operations.items():
            try:
                schema = operation["requestBody"]["content"]["application/json"]["schema"]
            except (KeyError, TypeError) as exc:
                raise SpecError(f"{path}: no application/json request body schema") from exc
            self._validators[path] = jsonschema_rs.Draft202012Validator(
                compile_request_schema(spec, schema),
                validate_formats=formats,
                mask="value",
            )

    def validate(self, path: str, body: Any) -> None:
        """Raise a 400 naming each violated field unless ``body`` matches the path's schema."""
        validator = self._validators[path]
        try:
            if validator.is_valid(body):
                return
            problems = []
            for error in validator.iter_errors(body):
                problems.append(describe(error))
                if len(problems) == _MAX_REPORTED:
                    break
        except (ValueError, TypeError, OverflowError, RecursionError) as exc:
            raise ApiError(400, SCHEMA_INVALID, "body: the JSON value cannot be validated") from exc
        raise ApiError(400, SCHEMA_INVALID, "; ".join(problems) or "body: does not match the schema")
