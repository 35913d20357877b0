"""The contract as the proxy judges by it: each operation's schemas and statuses, compiled once.

It reads the copy of the contract this package carries (``cloudcore_contract/generated/cloudcore.yaml``)
and the contract suite's ``schemathesis.toml`` (which operations may refuse a schema-valid body with
a business 400), so that the proxy judges traffic the way ``cloudcore-contract`` judges its own
requests. Schemas are compiled with jsonschema-rs at start-up: judging an exchange costs one
validation per body, never a compilation.

The answer variants the real API is known to send (FACTS.md) are accepted here too: response
schemas already take numbers as JSON numbers, ``state`` as a number, open ``state_code`` strings and
shipping levels, and extra fields; what a schema cannot say is ``cloudcore_contract.facts``, which the
contract suite's checks use too (unknown request fields, empty bodies, load).
"""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

import jsonschema_rs
import yaml

from ..facts import empty_body_allowed, open_objects
from ..selection import CONFIG_PATH, SPEC_PATH

__all__ = [
    "UNDECLARED_METHODS",
    "Contract",
    "Operation",
    "ResponseSpec",
    "load_contract",
]

#: Methods the contract suite sends to every path expecting ``405`` with ``Allow``
#: (``phases.coverage.unexpected-methods`` in schemathesis.toml).
UNDECLARED_METHODS: Final = frozenset({"GET", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"})

Validator = jsonschema_rs.Draft202012Validator


def _validator(schema: Mapping[str, Any]) -> Validator:
    """A compiled validator that never puts instance values into its messages (they may hold a key)."""
    try:
        return Validator(dict(schema), validate_formats=True, mask="value")
    except TypeError:  # pragma: no cover - jsonschema-rs releases without ``mask``
        return Validator(dict(schema), validate_formats=True)


@dataclass(frozen=True, slots=True)
class ResponseSpec:
    """One documented status of an operation: whether it carries JSON, and its schema."""

    status: int
    json: bool
    validator: Validator | None


@dataclass(frozen=True, slots=True)
class Operation:
    """One operation of the contract, ready to judge an exchange."""

    id: str
    path: str
    responses: Mapping[int, ResponseSpec]
    #: The request schema with unknown fields tolerated (the real API's behaviour).
    request: Validator
    #: The request schema as written (``additionalProperties: false``): for a strict upstream.
    request_strict: Validator
    #: The suite allows a business 400 to a schema-valid body (orders/add, orders/quote, ...).
    business_400: bool

    @property
    def documented(self) -> frozenset[int]:
        return frozenset(self.responses)

    def empty_body_allowed(self, status: int) -> bool:
        """A documented JSON body may be empty (FACTS.md's variants: ``facts.empty_body_allowed``)."""
        return empty_body_allowed(self.id, status)


@dataclass(frozen=True, slots=True)
class Contract:
    """The operations by id and by path, and the API's base path (``/cloudcore/1.0``)."""

    base_path: str
    operations: Mapping[str, Operation]
    by_path: Mapping[str, Operation]

    def match(self, path: str) -> Operation | None:
        """The operation a request path (as the upstream sees it) addresses, or None.

        The base path is optional (an upstream URL may already carry it), and ``/orders`` is
        ``/orders/``: the official SDKs post the order list there.
        """
        if path.startswith(self.base_path + "/"):
            path = path[len(self.base_path) :]
        return self.by_path.get(path)


def _resolve(spec: Mapping[str, Any], node: Mapping[str, Any]) -> Mapping[str, Any]:
    ref = node.get("$ref")
    if not isinstance(ref, str):
        return node
    target: Any = spec
    for part in ref.removeprefix("#/").split("/"):
        target = target[part]
    return _resolve(spec, target)


def _schema_document(schema: Mapping[str, Any], components: Mapping[str, Any]) -> dict[str, Any]:
    """``schema`` with the spec's components beside it, so that ``#/components/...`` refs resolve."""
    return {**copy.deepcopy(dict(schema)), "components": components}


def _business_400(config_file: Path) -> frozenset[str]:
    """Operations whose schema-valid bodies may get a business 400 (the suite's expected statuses)."""
    try:
        config = tomllib.loads(config_file.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return frozenset()
    found = set()
    for entry in config.get("operations", []):
        operation_id = entry.get("include-operation-id")
        checks = entry.get("checks", {}).get("positive_data_acceptance", {})
        statuses = {str(status) for status in checks.get("expected-statuses", [])}
        if isinstance(operation_id, str) and "400" in statuses:
            found.add(operation_id)
    return frozenset(found)


def load_contract(spec_file: Path = SPEC_PATH, config_file: Path = CONFIG_PATH) -> Contract:
    """Read and compile the contract (once, at start-up)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    spec: dict[str, Any] = yaml.load(spec_file.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 - safe loaders
    components = spec.get("components", {})
    base_path = urlsplit(str(spec["servers"][0]["url"])).path.rstrip("/")
    business = _business_400(config_file)
    operations: dict[str, Operation] = {}
    for path, item in spec["paths"].items():
        definition = item["post"]
        body = definition["requestBody"]["content"]["application/json"]["schema"]
        document = _schema_document(body, components)
        responses: dict[int, ResponseSpec] = {}
        for code, raw in definition.get("responses", {}).items():
            if not str(code).isdigit():
                continue
            response = _resolve(spec, raw)
            content = response.get("content", {}).get("application/json")
            schema = content.get("schema") if isinstance(content, dict) else None
            validator = _validator(_schema_document(schema, components)) if isinstance(schema, dict) else None
            responses[int(code)] = ResponseSpec(int(code), content is not None, validator)
        operation_id = str(definition["operationId"])
        operations[operation_id] = Operation(
            id=operation_id,
            path=path,
            responses=responses,
            request=_validator(open_objects(document)),
            request_strict=_validator(document),
            business_400=operation_id in business,
        )
    by_path = {operation.path: operation for operation in operations.values()}
    if "/orders/" in by_path:
        by_path.setdefault("/orders", by_path["/orders/"])
    return Contract(base_path, operations, by_path)
