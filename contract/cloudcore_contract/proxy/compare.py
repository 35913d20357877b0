"""Two answers to the same request compared: the real API's and a stand-in's (shadow, or a replay).

What must agree for a stand-in to be faithful, and nothing that legitimately differs between two
accounts (prices, dates, hashes, how many orders each holds):

- the status, and the error ``type`` of an error body;
- the Content-Type, and whether there is a body at all;
- the set of fields and their JSON types (array elements folded together; the fields under an
  array are compared only when both arrays have elements, and under a field only when both have it);
- values that must agree: what the API echoes from the request (the order reference, the items'
  references, names and counts, the quote's currency) and the state after a cancel (500 on either
  side: both must say 500, and agree on ``is_cancelable``). Values are compared as the contract
  suite compares them (``facts.same``): ``"2"`` and ``2`` agree, ``true`` and ``1`` do not.

Each difference has a stable ``what`` (it is counted across exchanges) and a ``detail``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from ..facts import CANCELED, compared_form, same, state_number
from .exchange import NOT_JSON, Answer, decoded, json_type, media_type

__all__ = ["MUST_AGREE", "compare", "shape"]

#: Values echoed from the request, per operation: JSON paths (``[]`` for every element).
MUST_AGREE: Final[Mapping[str, tuple[str, ...]]] = {
    "addOrder": ("order",),
    "getOrderInfo": ("reference", "items[].reference", "items[].name", "items[].count"),
    "getOrderLog": ("[].reference",),
    "getProductInfo": ("reference",),
    "quoteOrder": ("currency", "shipments[].items[].reference"),
}
#: Bounds on the work of one comparison: array elements looked at, and paths kept per answer.
MAX_ELEMENTS: Final = 200
MAX_PATHS: Final = 2000
MAX_DIFFERENCES: Final = 20


def shape(value: Any) -> dict[str, set[str]]:
    """JSON path -> the JSON types seen there (``$`` is the whole body; ``a[]`` every element of ``a``)."""
    found: dict[str, set[str]] = {}

    def walk(node: Any, path: str) -> None:
        if len(found) >= MAX_PATHS and path not in found:
            return
        found.setdefault(path, set()).add(json_type(node))
        if isinstance(node, dict):
            for key, child in node.items():
                walk(child, f"{path}.{key}" if path != "$" else str(key))
        elif isinstance(node, list):
            element = "[]" if path == "$" else f"{path}[]"
            for child in node[:MAX_ELEMENTS]:
                walk(child, element)

    walk(value, "$")
    return found


def _parent(path: str) -> str | None:
    """``items[].count`` -> ``items[]`` -> ``items`` -> ``$`` -> None."""
    if path == "$":
        return None
    if path.endswith("[]"):
        return path[:-2] or "$"
    cut = path.rfind(".")
    return path[:cut] if cut > 0 else "$"


def _values(value: Any, path: str) -> list[Any]:
    """Every value at ``path`` (``[]`` for each element), in order."""
    nodes = [value]
    for part in path.replace("[]", ".[]").split("."):
        if not part:
            continue
        following: list[Any] = []
        for node in nodes:
            if part == "[]" and isinstance(node, list):
                following += node[:MAX_ELEMENTS]
            elif isinstance(node, dict) and part in node:
                following.append(node[part])
        nodes = following
    return nodes


def _body_kind(answer: Answer) -> str:
    if not answer.body:
        return "empty"
    return "JSON" if answer.json() is not NOT_JSON else "not JSON"


def _error_type(value: Any) -> str | None:
    error = value.get("error") if isinstance(value, dict) else None
    kind = error.get("type") if isinstance(error, dict) else None
    return kind if isinstance(kind, str) else None


def _state(value: Any) -> tuple[int | None, Any]:
    """An order's ``state`` as a number (None: not one), and as it came."""
    shown = value.get("state") if isinstance(value, dict) else None
    return state_number(shown), shown


def _shown(values: list[Any]) -> list[str]:
    return sorted(str(value) for value in values)[:5]


def compare(
    operation_id: str | None, reference: Answer, other: Answer, labels: tuple[str, str] = ("upstream", "shadow")
) -> list[tuple[str, str]]:
    """The differences of ``other`` from ``reference``: ``(what, detail)`` pairs, at most ``MAX_DIFFERENCES``."""
    ours, theirs = labels
    mine, yours = reference.json(), other.json()
    if reference.status != other.status:
        kinds = [f" ({kind})" if kind else "" for kind in (_error_type(mine), _error_type(yours))]
        what = f"status: {ours} {reference.status}{kinds[0]}, {theirs} {other.status}{kinds[1]}"
        return [(what, "")]
    found: list[tuple[str, str]] = []
    if reference.body is None or other.body is None:
        return found  # a body not captured (over a bound) cannot be compared
    mine_type, yours_type = media_type(reference.headers), media_type(other.headers)
    if (reference.body or other.body) and mine_type != yours_type:
        found.append((f"Content-Type: {ours} {mine_type}, {theirs} {yours_type}", ""))
    if decoded(reference.body, reference.headers) is None or decoded(other.body, other.headers) is None:
        return found
    bodies = _body_kind(reference), _body_kind(other)
    if bodies[0] != bodies[1]:
        found.append((f"body: {ours} {bodies[0]}, {theirs} {bodies[1]}", ""))
        return found
    if mine is NOT_JSON:
        return found
    types = _error_type(mine), _error_type(yours)
    if types[0] and types[1] and types[0] != types[1]:
        found.append((f"error.type: {ours} {types[0]}, {theirs} {types[1]}", ""))
    found += _shape_differences(shape(mine), shape(yours), labels)
    found += _value_differences(operation_id, mine, yours, labels)
    return found[:MAX_DIFFERENCES]


def _shape_differences(
    mine: dict[str, set[str]], yours: dict[str, set[str]], labels: tuple[str, str]
) -> list[tuple[str, str]]:
    ours, theirs = labels
    found: list[tuple[str, str]] = []

    def comparable(path: str) -> bool:
        parent = _parent(path)
        while parent is not None:
            if mine.get(parent) != yours.get(parent) or parent not in mine:
                return False
            parent = _parent(parent)
        return True

    for path in sorted(mine.keys() | yours.keys()):
        if not comparable(path):
            continue
        left, right = mine.get(path), yours.get(path)
        if left is None and right is not None and not path.endswith("[]"):
            found.append((f"field {path}: only {theirs}", "/".join(sorted(right))))
        elif right is None and left is not None and not path.endswith("[]"):
            found.append((f"field {path}: only {ours}", "/".join(sorted(left))))
        elif left is not None and right is not None and left != right:
            found.append((f"field {path}: {ours} {'/'.join(sorted(left))}, {theirs} {'/'.join(sorted(right))}", ""))
    return found


def _value_differences(
    operation_id: str | None, mine: Any, yours: Any, labels: tuple[str, str]
) -> list[tuple[str, str]]:
    ours, theirs = labels
    found: list[tuple[str, str]] = []
    for path in MUST_AGREE.get(operation_id or "", ()):
        left, right = _values(mine, path), _values(yours, path)
        if left and right and sorted(map(compared_form, left)) != sorted(map(compared_form, right)):
            found.append((f"value of {path} differs", f"{ours} {_shown(left)}, {theirs} {_shown(right)}"))
    if operation_id == "getOrderInfo":
        (left_state, left_shown), (right_state, right_shown) = _state(mine), _state(yours)
        cancelled = CANCELED in (left_state, right_state)
        if cancelled and left_state != right_state:
            found.append(("state after a cancel differs", f"{ours} {left_shown}, {theirs} {right_shown}"))
        elif cancelled and isinstance(mine, dict) and isinstance(yours, dict):
            cancelable = mine.get("is_cancelable"), yours.get("is_cancelable")
            if None not in cancelable and not same(*cancelable):
                found.append(
                    ("is_cancelable after a cancel differs", f"{ours} {cancelable[0]}, {theirs} {cancelable[1]}")
                )
    if operation_id == "getOrderLog" and isinstance(mine, list) and isinstance(yours, list) and mine and yours:
        (left_state, left_shown), (right_state, right_shown) = _state(mine[-1]), _state(yours[-1])
        if CANCELED in (left_state, right_state) and left_state != right_state:
            found.append(("last state after a cancel differs", f"{ours} {left_shown}, {theirs} {right_shown}"))
    return found
