"""What a change inside a request or response schema means for each kind of user.

Fields added or removed, `required` lists, enum values, value types, validation keywords and
conditional rules: each becomes a report row with its meaning for the HTTP wire (api-smart-diff's
word), for code that calls the generated client, and for the simulator and contract suite.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from change_row import Change, Level
from object_view import CONDITIONAL, CONDITIONS, DOC_KEYS

#: Keywords the generated client never checks (openapi-python-client enforces no validation): what
#: they mean for client code shows only where the generated Python types change (griffe's part).
VALIDATION_KEYS = {
    "pattern", "format", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum",
    "exclusiveMaximum", "multipleOf", "minItems", "maxItems", "uniqueItems", "minProperties",
    "maxProperties", "default",
}  # fmt: skip
#: Keywords that shape a value's type: the generated Python type may change, which griffe reports.
TYPE_KEYS = {"type", "anyOf", "oneOf", "allOf", "not", "items", "additionalProperties", "nullable"}


def field_name(rest: Sequence[Any]) -> str:
    """`a.b[]` for a node under properties/items; the field a change sits in."""
    names: list[str] = []
    for i, part in enumerate(rest):
        if i and rest[i - 1] == "properties":
            names.append(str(part))
        elif part == "items" and names:
            names[-1] += "[]"
    return ".".join(names)


def _values(value: Any) -> str:
    items = value if isinstance(value, list) else [value]
    return ", ".join(f"`{v}`" for v in items)


def body_change(
    rest: Sequence[Any], action: str, diff: dict[str, Any], where: str, http: str, *, request: bool, status: str = ""
) -> Change:
    side = "request" if request else f"response {status}"
    name = field_name(rest)
    label = f"`{name}`" if name else "body"
    added, removed = action == "add", action == "remove"
    if rest[-1] == "required" or (len(rest) > 1 and rest[-2] == "required"):
        fields = diff["after"] if added else diff["before"]
        if action == "replace":
            before, after = set(_as_list(diff["before"])), set(_as_list(diff["after"]))
            now, no_longer = sorted(after - before), sorted(before - after)
        else:
            now, no_longer = (_as_list(fields), []) if added else ([], _as_list(fields))
        parts = []
        if now:
            parts.append(f"{side} field(s) {_values(now)} of {label} now required")
        if no_longer:
            parts.append(f"{side} field(s) {_values(no_longer)} of {label} now optional")
        # Required request fields break callers; optional response fields break readers.
        breaking = bool(now) if request else bool(no_longer)
        prefix = f"{name}." if name else ""
        return Change(
            "; ".join(parts),
            where,
            http,
            Level.MAJOR if breaking else Level.MINOR,
            ("review: spec examples and the simulator's tests must send them" if now else "ok")
            if request
            else ("breaking: the simulator must always send them" if now else "ok"),
            ("required", side, tuple(prefix + n for n in now + no_longer)),
        )
    if "enum" in rest or "const" in rest:
        values = diff["after"] if added else diff["before"] if removed else f"{diff['before']} -> {diff['after']}"
        verb = "added" if added else "removed" if removed else "changed"
        # The generated Literal/enum gains a member (an addition) or loses one (breaking); old,
        # deployed clients may still fail on a new response value: the HTTP column says so.
        breaking = not added
        return Change(
            f"{side} value(s) {_values(values)} of {label} {verb}",
            where,
            http,
            Level.MAJOR if breaking else Level.MINOR,
            ("review: the simulator's business rules must accept it" if added else "ok")
            if request
            else ("ok" if added else "review: the simulator must stop sending it"),
        )
    if name and rest[-2] == "properties" and action in ("add", "remove"):
        if request:
            return Change(
                f"request field {label} {'added' if added else 'removed'}",
                where,
                http,
                Level.MINOR if added else Level.MAJOR,
                "ok: validation follows the bundled spec; the handler ignores it until it uses it"
                if added
                else "review: validation follows the bundled spec; the handler must stop reading it",
                ("field", side, (name,)),
            )
        return Change(
            f"response field {label} {'added' if added else 'removed'} ({side})",
            where,
            http,
            Level.MINOR if added else Level.MAJOR,
            "ok: the simulator may send it (a `required` row says when it must)"
            if added
            else "review: the simulator should stop sending it",
            ("field", side, (name,)),
        )
    verb = {"add": "added", "remove": "removed"}.get(action, "changed")
    keyword = str(rest[-1])
    if keyword == "additionalProperties" and "properties" not in rest[-2:-1]:
        return Change(
            diff.get("description") or f"{side} {label}: additional properties {verb}",
            where,
            http,
            Level.PATCH,  # a changed Python type (e.g. of a dict's values) shows in griffe's part
            "ok" if http != "breaking" else "review: the simulator's handler",
            group="validation",
        )
    if keyword in VALIDATION_KEYS:
        # The generated client checks none of these (openapi-python-client enforces no validation):
        # no change for code that calls it. A new Python type would show in griffe's part.
        if action == "replace":
            what = f"{side} {label}: {keyword} `{diff['before']}` -> `{diff['after']}`"
        else:
            what = f"{side} {label}: {keyword} `{diff['before'] if removed else diff['after']}` {verb}"
        return Change(
            what,
            where,
            http,
            Level.PATCH,
            _validation_note(request) if http == "breaking" else "ok",
            group="validation",
        )
    return Change(
        diff.get("description") or f"{side} schema of {label} {verb}",
        where,
        http,
        Level.MAJOR if http == "breaking" else Level.MINOR,
        "review: the simulator's handler" if http == "breaking" else "ok",
    )


def is_type_change(rest: Sequence[Any]) -> bool:
    """A change to what type a value has (`type`, `anyOf`, ... or inside one of its alternatives)."""
    keywords = _keywords(rest)
    if not keywords or keywords[-1] != rest[-1] or str(rest[-1]) in VALIDATION_KEYS:
        return False
    if rest[-1] in ("enum", "const", "required", "properties"):
        return False
    return str(rest[-1]) in TYPE_KEYS - {"items", "additionalProperties"} or any(
        str(p) in ("anyOf", "oneOf", "not") for p in keywords
    )


def _keywords(path: Sequence[Any]) -> list[Any]:
    """The parts of a path that are keywords, not property names (a field may be called `type`)."""
    return [part for i, part in enumerate(path) if not (i and path[i - 1] == "properties")]


def type_change(
    rest: Sequence[Any],
    diff: dict[str, Any],
    old: dict[str, Any],
    new: dict[str, Any],
    operation: Sequence[Any],
    where: str,
    http: str,
) -> Change:
    """One row per field whose type changed, old and new type named (api-smart-diff gives one per keyword).

    The client's part is griffe's: a changed Python type shows in the Python API rows.
    """
    request = rest[0] == "requestBody"
    side = "request" if request else f"response {rest[1]}"
    cut = len(rest)
    for i in range(len(rest) - 1, 0, -1):
        if str(rest[i]) in ("anyOf", "oneOf", "not", "type", "nullable", "allOf") and rest[i - 1] != "properties":
            cut = i
    node_path = [*operation, *rest[:cut]]
    before, after = _type_name(_at(old, node_path)), _type_name(_at(new, node_path))
    name = field_name(rest[:cut])
    return Change(
        f"{side} `{name or 'body'}`: type {before} -> {after}",
        where,
        http,
        Level.PATCH,
        _validation_note(request) if http == "breaking" else "ok",
        group="validation",
    )


def _validation_note(request: bool) -> str:
    """What a tightened validation or type means for the simulator and the contract suite."""
    if request:
        return "ok: the simulator validates requests against the bundled spec"
    return "review: the simulator's answers must match it"


def _at(spec: Any, path: Sequence[Any]) -> Any:
    node = spec
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _type_name(schema: Any) -> str:
    """`string`, `string | number`, ...: a schema's JSON type(s), as the report shows them."""
    if not isinstance(schema, dict):
        return "(none)"
    for key in ("anyOf", "oneOf"):
        if isinstance(schema.get(key), list):
            names = [_type_name(member) for member in schema[key]]
            return " | ".join(dict.fromkeys(n for n in names))
    kind = schema.get("type")
    if isinstance(kind, list):
        return " | ".join(map(str, kind))
    return str(kind) if kind else "any"


def is_documentation(path: Sequence[Any]) -> bool:
    """Descriptions, examples and `x-` notes (such as `x-cloudcore-source`): no effect on any code."""
    return any(str(p) in DOC_KEYS or (str(p).startswith("x-") and p != CONDITIONS) for p in _keywords(path))


def condition_change(
    rest: Sequence[Any], action: str, diff: dict[str, Any], new: dict[str, Any], full: Sequence[Any], where: str
) -> Change:
    """A conditional rule (`if`/`then`/`else`) of an object added, removed or changed.

    A rule never adds or removes a field: the generated client's types do not change (it checks no
    rule); the simulator enforces it from the bundled spec and quotes its `x-cloudcore-rule`.
    """
    request = rest[0] == "requestBody"
    side = "request" if request else f"response {rest[1]}"
    at = list(rest).index(CONDITIONS)
    name = field_name(rest[:at])
    label = f"of `{name}`" if name else "of the body"
    if len(rest) == at + 1:  # the whole list
        rules = _as_rules(diff["after"] if action == "add" else diff["before"])
    elif len(rest) == at + 2:  # one rule
        rules = _as_rules([diff["after"] if action == "add" else diff["before"]])
    else:  # inside a rule: name it as it is now
        node: Any = new
        for part in full:
            node = node[part]
        rules, action = _as_rules([node]), "replace"
    verb = {"add": "added", "remove": "removed"}.get(action, "changed")
    tighter = (action == "add") == request  # a new request rule refuses more; a dropped answer rule allows more
    return Change(
        f"{side} conditional rule(s) {label} {verb}: {'; '.join(rules)}",
        where,
        "breaking" if action != "replace" and tighter else "unclassified" if action == "replace" else "non-breaking",
        Level.PATCH,
        "ok: the simulator enforces it from the bundled spec and quotes the rule in its 400"
        if request
        else "review: the simulator's answers must satisfy it",
        group="validation",
    )


def _as_rules(value: Any) -> list[str]:
    rules = value if isinstance(value, list) else [value]
    return [
        str(rule.get("x-cloudcore-rule") or json.dumps({k: rule[k] for k in sorted(CONDITIONAL) if k in rule}))
        if isinstance(rule, dict)
        else str(rule)
        for rule in rules
    ]


def _as_list(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)] if value is not None else []
