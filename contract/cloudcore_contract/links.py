"""Every OpenAPI link of the contract, and an explicit walk along those the random scenarios missed.

The stateful phase draws its call sequences at random, so a green run may never have taken a link
(add -> cancel, say). ``follow_links`` takes each missed link once, deterministically: it calls the
link's source operation with its documented example until it gets the link's status, fills the
target's documented example with the link's ``requestBody`` expressions, and sends that, every
check applied to both calls. Only links it still cannot take are reported.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .hooks import STATS, call_kwargs

_UNIQUE = itertools.count(1)


@dataclass(frozen=True, slots=True)
class Link:
    id: str
    source: str
    status: str
    target: str
    body: Any


def format_transition(source: str, status: str, name: str, target: str) -> str:
    """A link's id as schemathesis names a transition of its state machine (``StepInput.transition.id``).

    Written out here rather than imported from schemathesis's internals; should the two ever
    differ, the random scenarios' transitions count under other names and the explicit walk takes
    every link itself, so the run still follows each link.
    """
    return f"{source} -> [{status}] {name} -> {target}"


def _operations(raw: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    """operationId -> (label, operation object)."""
    found: dict[str, tuple[str, dict[str, Any]]] = {}
    for path, item in raw.get("paths", {}).items():
        for method, operation in item.items():
            if isinstance(operation, dict) and "operationId" in operation:
                found[operation["operationId"]] = (f"{method.upper()} {path}", operation)
    return found


def links_of(schema: Any) -> list[Link]:
    raw: dict[str, Any] = schema.raw_schema
    operations = _operations(raw)
    found = []
    for source, (label, operation) in operations.items():
        for status, response in operation.get("responses", {}).items():
            for name, link in (response.get("links") or {}).items():
                target = link["operationId"]
                found.append(
                    Link(
                        format_transition(label, str(status), name, operations[target][0]),
                        source,
                        str(status),
                        target,
                        link.get("requestBody"),
                    )
                )
    return found


def all_links(schema: Any) -> set[str]:
    return {link.id for link in links_of(schema)}


def _example(operation: dict[str, Any]) -> dict[str, Any]:
    content = operation["requestBody"]["content"]["application/json"]
    examples: dict[str, Any] = content.get("examples") or {}
    first: dict[str, Any] = next(iter(examples.values()), {})
    value = first.get("value") if examples else content.get("example")
    body = copy.deepcopy(value) if isinstance(value, dict) else {}
    if "201" in operation.get("responses", {}) and isinstance(body.get("reference"), str):
        # A creating call: a fresh reference, so repeating the example is no duplicate.
        body["reference"] = f"{body['reference']}-links-{next(_UNIQUE)}"
    return body


def _pointer(document: Any, pointer: str) -> Any:
    for part in filter(None, pointer.split("/")):
        part = part.replace("~1", "/").replace("~0", "~")
        document = document[int(part)] if isinstance(document, list) else document[part]
    return document


def _evaluate(template: Any, request: Any, response: Any) -> Any:
    if isinstance(template, dict):
        return {key: _evaluate(value, request, response) for key, value in template.items()}
    if isinstance(template, list):
        return [_evaluate(value, request, response) for value in template]
    if isinstance(template, str) and template.startswith(("$request.body#", "$response.body#")):
        source = request if template.startswith("$request") else response
        return _pointer(source, template.split("#", 1)[1])
    return template


def _merge(base: Any, override: Any) -> Any:
    if isinstance(base, dict) and isinstance(override, dict):
        return {**base, **{key: _merge(base.get(key), value) for key, value in override.items()}}
    if isinstance(base, list) and isinstance(override, list):
        merged = list(base)
        for index, value in enumerate(override):
            if index < len(merged):
                merged[index] = _merge(merged[index], value)
            else:
                merged.append(value)
        return merged
    return override


def follow_links(schema: Any, wanted: Iterable[str], *, reset: Callable[[], None], rounds: int = 4) -> list[str]:
    """Take each wanted link at least once; return the ids of those that could not be taken.

    Any link may be taken on the way: a link's source status may only be reachable through another
    link (a 200 from orders/cancel needs an order that orders/add just created).
    """
    links = links_of(schema)
    pending = {link.id for link in links} & set(wanted)
    operations = {op_id: operation for op_id, (_, operation) in _operations(schema.raw_schema).items()}
    answers: dict[tuple[str, str], tuple[Any, Any]] = {}

    def call(operation_id: str, body: dict[str, Any]) -> None:
        case = schema.find_operation_by_id(operation_id).Case(body=body, media_type="application/json")
        response = case.call_and_validate(**call_kwargs())
        try:
            payload = response.json()
        except ValueError:
            payload = None
        answers[(operation_id, str(response.status_code))] = (case.body, payload)

    taken: set[str] = set()
    reset()
    for _ in range(rounds):
        if not pending:
            break
        for source in dict.fromkeys(link.source for link in links if (link.source, link.status) not in answers):
            call(source, _example(operations[source]))
        progress = True
        while progress and pending:
            progress = False
            for link in links:
                if link.id in taken or (link.source, link.status) not in answers:
                    continue
                request, response = answers[(link.source, link.status)]
                try:
                    filled = _evaluate(link.body, request, response)
                except (KeyError, IndexError, TypeError, ValueError):
                    continue
                call(link.target, _merge(_example(operations[link.target]), filled))
                STATS.follow(link.id)
                taken.add(link.id)
                pending.discard(link.id)
                progress = True
    return sorted(pending)
