"""Classification: what each contract difference api-smart-diff finds means, per kind of user.

For the HTTP wire api-smart-diff's own word is kept; what no tool knows is decided here: whether a
change breaks code that calls the generated client, and what the simulator and the contract suite
(the places keyed by operation) must do about it. Changes inside a schema are
generator/schema_classification.py's.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from change_row import Change, Level
from object_view import CONDITIONS
from schema_classification import (
    body_change,
    condition_change,
    field_name,
    is_documentation,
    is_type_change,
    type_change,
)


def _operation_name(spec: dict[str, Any], path: str, method: str) -> str:
    operation = spec.get("paths", {}).get(path, {}).get(method, {})
    name = operation.get("operationId") if isinstance(operation, dict) else None
    return f"{name} ({method.upper()} {path})" if name else f"{method.upper()} {path}"


def classify(diff: dict[str, Any], old: dict[str, Any], new: dict[str, Any]) -> Iterator[Change]:
    path: list[Any] = diff["path"]
    action: str = diff["action"]  # add / remove / replace / rename
    http: str = diff["type"]
    if path[0] == "webhooks" and len(path) >= 2:
        yield _webhook(path, action, http)
        return
    if path[0] == "components":
        # Component diffs repeat under every operation that uses them; a schema added or removed
        # whole is the one thing only this level shows (a model class appears or goes).
        if len(path) == 3 and path[1] == "schemas" and action in ("add", "remove"):
            gone = action == "remove"
            yield Change(
                f"schema `{path[2]}` {'removed' if gone else 'added'} (a model class of it shows in the Python API)",
                "components",
                http,
                Level.PATCH,
                "ok",
            )
        return
    if path[0] != "paths" or len(path) < 2:
        yield Change(
            diff.get("description") or f"{action} {'/'.join(map(str, path))}", "document", http, Level.PATCH, "ok"
        )
        return
    if len(path) == 2:  # a whole path: one row per operation under it
        item = (new if action == "add" else old)["paths"][path[1]]
        for method in sorted(item):
            yield from classify({**diff, "path": [*path, method]}, old, new)
        return
    spec_path, method, rest = path[1], path[2], path[3:]
    where = _operation_name(new if action == "add" else old, spec_path, method)
    if not rest:
        added = action == "add"
        yield Change(
            f"operation {'added' if added else 'removed'}",
            where,
            http,
            Level.MINOR if added else Level.MAJOR,
            "breaking: "
            + ("add" if added else "remove")
            + " its simulator handler, its `[[operations]]` entry in schemathesis.toml"
            + " and its row in tests/_helpers/spec.py"
            + (" (the simulator answers 501 until then)" if added else ""),
        )
        return
    if rest == ["operationId"]:
        yield Change(
            f"operation renamed `{diff['before']}` -> `{diff['after']}` (client method renamed)",
            where,
            "breaking",
            Level.MAJOR,
            "breaking: rename it in schemathesis.toml `include-operation-id`, the simulator handler table "
            "if keyed by operationId, and tests/_helpers/spec.py OPERATIONS",
        )
        return
    if CONDITIONS in rest and rest[0] in ("requestBody", "responses"):
        yield condition_change(rest, action, diff, new, path[: 3 + rest.index(CONDITIONS) + 1], where)
        return
    if is_documentation(rest):
        what = diff.get("description") or "documentation changed"
        yield Change(what, where, http, Level.PATCH, "ok", group="documentation")
        return
    if rest[0] in ("requestBody", "responses") and len(rest) > 2 and is_type_change(rest):
        yield type_change(rest, diff, old, new, path[:3], where, http)
    elif rest[0] == "requestBody":
        yield body_change(rest, action, diff, where, http, request=True)
    elif rest[0] == "responses" and len(rest) == 2:
        added = action == "add"
        yield Change(
            f"status {rest[1]} {'added' if added else 'removed'}",
            where,
            http,
            Level.MINOR if added else Level.MAJOR,
            "review: expected statuses in schemathesis.toml; the simulator does not answer it yet"
            if added
            else "breaking: the simulator still answers it; the contract suite fails on an undocumented status",
        )
    elif rest[0] == "responses":
        yield body_change(rest[1:], action, diff, where, http, request=False, status=str(rest[1]))
    elif rest[0] == "links" or "links" in rest:
        yield Change(f"links {action}", where, http, Level.NONE, "review: the contract suite's stateful links")
    else:
        yield Change(diff.get("description") or f"{action} {'/'.join(map(str, rest))}", where, http, Level.PATCH, "ok")


def _webhook(path: Sequence[Any], action: str, http: str) -> Change:
    name = str(path[1])
    if len(path) == 2 and action in ("add", "remove"):
        added = action == "add"
        return Change(
            f"webhook {'added' if added else 'removed'}",
            name,
            "non-breaking" if added else "breaking",
            Level.MINOR if added else Level.MAJOR,
            "review: the simulator's webhook emitter does not send it"
            if added
            else "breaking: the simulator still emits it",
        )
    if is_documentation(path):
        return Change("webhook documentation changed", name, http, Level.PATCH, "ok", group="documentation")
    return Change(
        f"webhook payload changed ({field_name(path) or '/'.join(map(str, path[2:]))})",
        name,
        http,
        Level.MAJOR if http == "breaking" else Level.MINOR,
        "review: the simulator's webhook payloads",
    )
