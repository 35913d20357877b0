"""The object view both contracts are compared in: `$ref`s inlined, `allOf` merged, rules apart.

api-smart-diff compares what it is given; this module decides what that is, so that a change of
how a schema is written (wrapped in an `allOf`, moved behind a `$ref`) is not reported as a
change of what a caller can send or will receive.
"""

from __future__ import annotations

from typing import Any

#: Keywords that document and never constrain: no code reads them.
DOC_KEYS = {"description", "summary", "title", "example", "examples", "externalDocs", "tags", "x-source"}
#: Where `object_view` keeps an object's `if`/`then`/`else` rules (taken out of its `allOf`).
CONDITIONS = "x-conditions"
CONDITIONAL = {"if", "then", "else"}


def object_view(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec with every schema written out whole: what a caller can send or will receive.

    api-smart-diff merges `allOf` itself, but an `allOf` member it cannot merge (`if`/`then`/`else`)
    makes it wrap the object's own `properties` into the `allOf`: every field then looks removed.
    And a `$ref` with sibling keywords is compared as its wrapper, not as the schema it names.
    Here, `$ref`s inside schemas are inlined (siblings win), plain `allOf` members are merged into
    the object (properties and required lists joined), and conditional members go to
    `x-conditions`, a list of rules compared on their own, never as field sets.
    """
    schemas = spec.get("components", {}).get("schemas", {})

    def resolve(ref: str) -> Any:
        node: Any = spec
        for part in ref.removeprefix("#/").split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def view(node: Any, seen: tuple[str, ...]) -> Any:
        if isinstance(node, list):
            return [view(item, seen) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/") and ref not in seen:
            target = view(resolve(ref), (*seen, ref))
            siblings = {k: view(v, seen) for k, v in node.items() if k != "$ref"}
            return {**target, **siblings} if isinstance(target, dict) else target
        out = {key: view(value, seen) for key, value in node.items()}
        if isinstance(out.get("allOf"), list):
            out = _merge_all_of(out)
        return out

    viewed: dict[str, Any] = {key: view(value, ()) for key, value in spec.items() if key != "components"}
    if "components" in spec:
        # Components keep their names (a schema added or removed whole is a row of its own).
        viewed["components"] = {**spec["components"], "schemas": {k: view(v, ()) for k, v in schemas.items()}}
    return viewed


def _merge_all_of(node: dict[str, Any]) -> dict[str, Any]:
    """`node` with its `allOf` members merged in; unchanged where two members disagree on a keyword."""
    merged = {key: value for key, value in node.items() if key != "allOf"}
    conditions = list(merged.pop(CONDITIONS, []))
    for member in node["allOf"]:
        if not isinstance(member, dict):
            return node
        if CONDITIONAL.intersection(member):
            conditions.append(member)
            continue
        for key, value in member.items():
            if key == "properties" and isinstance(value, dict):
                properties = dict(merged.get("properties", {}))
                for name, schema in value.items():
                    if name in properties and properties[name] != schema:
                        return node
                    properties[name] = schema
                merged["properties"] = properties
            elif key == "required" and isinstance(value, list):
                known = list(merged.get("required", []))
                merged["required"] = [*known, *(name for name in value if name not in known)]
            elif key == CONDITIONS:
                conditions.extend(value)
            elif key in DOC_KEYS or key.startswith("x-"):
                merged.setdefault(key, value)  # the outer annotation describes the use
            elif key in merged and merged[key] != value:
                return node
            else:
                merged[key] = value
    if conditions:
        merged[CONDITIONS] = conditions
    return merged
