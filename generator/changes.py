"""The change report of `nox -s generate`: what a contract change means for each kind of user.

Two maintained tools do the diffing; this module only classifies their findings:

- api-smart-diff (npm, pinned in generator/specdiff/package-lock.json) compares two OpenAPI 3.1
  documents with their `$ref`s followed and classifies each difference for the HTTP wire
  (breaking / non-breaking / annotation / unclassified).
- griffe (PyPI, pinned in requirements/generate.in) compares the generated Python package of the
  baseline with the new one: `griffe.find_breaking_changes` for breakage, a walk of public members
  for additions.

What no tool knows is written here: which spec change breaks code that calls the generated client,
and which one breaks the simulator or the contract suite (the places keyed by operation).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path
from typing import Any

import griffe

SPECDIFF = Path(__file__).resolve().parent / "specdiff"
PACKAGE = "cloudcore_client"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
DOC_KEYS = {"description", "summary", "title", "example", "examples", "externalDocs", "tags", "x-source"}
#: Keywords the generated client never checks (openapi-python-client enforces no validation): what
#: they mean for client code shows only where the generated Python types change (griffe's part).
VALIDATION_KEYS = {
    "pattern", "format", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum",
    "exclusiveMaximum", "multipleOf", "minItems", "maxItems", "uniqueItems", "minProperties",
    "maxProperties", "default",
}  # fmt: skip
#: Keywords that shape a value's type: the generated Python type may change, which griffe reports.
TYPE_KEYS = {"type", "anyOf", "oneOf", "allOf", "not", "items", "additionalProperties", "nullable"}


class Level(IntEnum):
    """How far a change reaches: the semantic-version part it bumps."""

    NONE = 0
    PATCH = 1  # documentation only
    MINOR = 2  # additions
    MAJOR = 3  # breaking

    @property
    def word(self) -> str:
        return {0: "no change", 1: "documentation", 2: "addition", 3: "breaking"}[self.value]


@dataclass(frozen=True)
class Change:
    """One row of the report."""

    what: str  # e.g. "request field `email` removed"
    where: str  # operationId, webhook or Python object
    http: str  # api-smart-diff's classification, or "-" for Python-only findings
    client: Level  # for code that calls the generated client
    simulator: str  # for the simulator and the contract suite: "ok" or what to change
    #: For de-duplication: ("field" | "required", request/response side, dotted field names).
    fields: tuple[str, str, tuple[str, ...]] | None = field(default=None, compare=False)
    #: Rows the changelog folds into one line per `where`: "documentation" or "validation".
    group: str | None = field(default=None, compare=False)


@dataclass
class Report:
    """The whole comparison of the contract and the generated client with a baseline."""

    against: str
    spec: list[Change] = field(default_factory=list)
    python: list[Change] = field(default_factory=list)
    client_changed: bool = False

    @property
    def level(self) -> Level:
        """The client's bump: nothing unless its bytes changed, then the widest change found."""
        if not self.client_changed:
            return Level.NONE
        return max([Level.PATCH, *(c.client for c in self.spec + self.python)])

    @property
    def changes(self) -> list[Change]:
        return self.spec + self.python

    def render(self, old_version: str, new_version: str) -> str:
        lines = [f"## API change report: openapi/cloudcore.yaml against `{self.against}`", ""]
        if not self.changes and not self.client_changed:
            lines.append(f"No change: the contract and the generated client equal `{self.against}`'s.")
            return "\n".join(lines) + "\n"
        verdict = self.level.word if self.level else "unchanged"
        lines.append(f"Client version: {old_version} -> {new_version} ({verdict})")
        breaking_sim = [c for c in self.spec if not c.simulator.startswith("ok")]
        lines.append(
            f"Simulator and contract suite: {len(breaking_sim)} change(s) to act on"
            if breaking_sim
            else "Simulator and contract suite: nothing to change"
        )
        if self.spec:
            lines += ["", "### Contract (api-smart-diff, classified per user)", ""]
            lines += [
                "| Change | Where | HTTP wire | Client code | Simulator & contract suite |",
                "|---|---|---|---|---|",
            ]
            lines += [
                f"| {_cell(c.what)} | {_cell(c.where)} | {c.http} | {_client_cell(c)} | {_cell(c.simulator)} |"
                for c in self.spec
            ]
        if self.python:
            lines += ["", "### Generated Python API (griffe)", ""]
            lines += [f"- {_mark(c.client)}: `{c.where}`: {c.what}" for c in self.python]
        if self.client_changed and not self.changes:
            lines += ["", "The generated client changed without a contract or API change (docstrings, code)."]
        return "\n".join(lines) + "\n"

    def changelog_entry(self, version: str) -> str:
        """The CHANGELOG.md entry for `version`: the report's client view, widest change first."""
        lines = [f"## {version}", ""]
        titles = (
            (Level.MAJOR, "Breaking"),
            (Level.MINOR, "Added"),
            (Level.PATCH, "Contract details (documentation, validation, types; no Python API change of their own)"),
        )
        for level, title in titles:
            rows = [c for c in self.changes if c.client == level]
            if rows:
                lines += [f"### {title}", ""]
                lines += [f"- {line}" for line in _folded(rows)]
                lines.append("")
        if len(lines) == 2:
            lines += ["- The generated code changed (docstrings, code) without a change to its API.", ""]
        return "\n".join(lines)


def _folded(rows: list[Change]) -> list[str]:
    """Changelog lines: one per row, but one per operation for its documentation and validation rows."""
    lines: list[str] = []
    folded: dict[tuple[str, str], list[str]] = {}
    for row in rows:
        if row.group is None:
            lines.append(f"{row.where}: {row.what}")
            continue
        if (row.where, row.group) not in folded:
            folded[row.where, row.group] = []
            lines.append(f"\0{row.where}\0{row.group}")  # placeholder, filled below in order
        folded[row.where, row.group].append(row.what)
    out = []
    for line in lines:
        if line.startswith("\0"):
            where, group = line[1:].split("\0")
            whats = folded[where, group]
            if group == "documentation":
                out.append(f"{where}: {len(whats)} documentation change(s) (descriptions, examples, source notes)")
            else:
                out.append(f"{where}: " + "; ".join(whats))
        else:
            out.append(line)
    return out


def _cell(text: str) -> str:
    """Text for a Markdown table cell (a `|` in a type such as `string | number` would split it)."""
    return text.replace("|", "\\|")


def _client_cell(change: Change) -> str:
    if change.client is Level.PATCH and change.group == "validation":
        return "none (the client checks no rule; Python types: see below)"
    return _mark(change.client)


def _mark(level: Level) -> str:
    return f"**{level.word}**" if level is Level.MAJOR else level.word


# ---- contract diff (api-smart-diff) ---------------------------------------------------------------
def _specdiff_dir() -> Path:
    """api-smart-diff installed once per virtualenv from the committed lock file (`npm ci`)."""
    target = Path(sys.prefix) / "cloudcore-specdiff"
    lock = (SPECDIFF / "package-lock.json").read_bytes()
    installed = target / "package-lock.json"
    if not installed.exists() or installed.read_bytes() != lock or not (target / "node_modules").is_dir():
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        for name in ("package.json", "package-lock.json"):
            shutil.copyfile(SPECDIFF / name, target / name)
        env = {**os.environ, "NPM_CONFIG_UPDATE_NOTIFIER": "false", "NPM_CONFIG_FUND": "false"}
        npm = [_tool("npm"), "ci", "--silent", "--no-audit", "--ignore-scripts"]
        if subprocess.run(npm, cwd=target, env=env, check=False, stdout=subprocess.DEVNULL).returncode:
            shutil.rmtree(target, ignore_errors=True)
            raise SystemExit(f"change report: `npm ci` of api-smart-diff failed in {target} (npm registry reachable?)")
    shutil.copyfile(SPECDIFF / "specdiff.mjs", target / "specdiff.mjs")
    return target


def _tool(name: str) -> str:
    local = Path(sys.executable).parent / name
    return str(local) if local.exists() else name


def api_smart_diff(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """The raw differences api-smart-diff finds between two specs."""
    target = _specdiff_dir()
    with tempfile.TemporaryDirectory() as tmp:
        files = [Path(tmp) / "old.json", Path(tmp) / "new.json"]
        for path, spec in zip(files, (old, new), strict=True):
            path.write_text(json.dumps(spec), encoding="utf-8")
        done = subprocess.run(
            [_tool("node"), str(target / "specdiff.mjs"), *map(str, files)], check=True, capture_output=True, text=True
        )
    diffs: list[dict[str, Any]] = json.loads(done.stdout)
    return diffs


def spec_changes(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Every contract difference as report rows, in the order api-smart-diff finds them."""
    if old == new:
        return []
    old, new = object_view(old), object_view(new)
    rows = [row for diff in api_smart_diff(old, new) for row in _classify(diff, old, new)]
    # A field added or removed whole also joins or leaves `required`: its own row says it all.
    whole = {
        (row.where, row.fields[1], name)
        for row in rows
        if row.fields and row.fields[0] == "field"
        for name in row.fields[2]
    }
    kept = [
        row
        for row in rows
        if not (row.fields and row.fields[0] == "required")
        or not all((row.where, row.fields[1], name) in whole for name in row.fields[2])
    ]
    return list(dict.fromkeys(kept))  # one row per field for several keywords of one type change


# ---- the object view both specs are compared in ---------------------------------------------------
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


def _operation_name(spec: dict[str, Any], path: str, method: str) -> str:
    operation = spec.get("paths", {}).get(path, {}).get(method, {})
    name = operation.get("operationId") if isinstance(operation, dict) else None
    return f"{name} ({method.upper()} {path})" if name else f"{method.upper()} {path}"


def _field(rest: Sequence[Any]) -> str:
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


def _classify(diff: dict[str, Any], old: dict[str, Any], new: dict[str, Any]) -> Iterator[Change]:
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
            yield from _classify({**diff, "path": [*path, method]}, old, new)
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
            + " its simulator handler, its `[[operations]]` entry in schemathesis.toml and its row in tests/conftest.py"
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
            "if keyed by operationId, and tests/conftest.py OPERATIONS",
        )
        return
    if CONDITIONS in rest and rest[0] in ("requestBody", "responses"):
        yield _condition_change(rest, action, diff, new, path[: 3 + rest.index(CONDITIONS) + 1], where)
        return
    if _is_documentation(rest):
        what = diff.get("description") or "documentation changed"
        yield Change(what, where, http, Level.PATCH, "ok", group="documentation")
        return
    if rest[0] in ("requestBody", "responses") and len(rest) > 2 and _is_type_change(rest):
        yield _type_change(rest, diff, old, new, path[:3], where, http)
    elif rest[0] == "requestBody":
        yield _body_change(rest, action, diff, where, http, request=True)
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
        yield _body_change(rest[1:], action, diff, where, http, request=False, status=str(rest[1]))
    elif rest[0] == "links" or "links" in rest:
        yield Change(f"links {action}", where, http, Level.NONE, "review: the contract suite's stateful links")
    else:
        yield Change(diff.get("description") or f"{action} {'/'.join(map(str, rest))}", where, http, Level.PATCH, "ok")


def _body_change(
    rest: Sequence[Any], action: str, diff: dict[str, Any], where: str, http: str, *, request: bool, status: str = ""
) -> Change:
    side = "request" if request else f"response {status}"
    name = _field(rest)
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


def _is_type_change(rest: Sequence[Any]) -> bool:
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


def _type_change(
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
    name = _field(rest[:cut])
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


def _is_documentation(path: Sequence[Any]) -> bool:
    """Descriptions, examples and `x-` notes (such as `x-cloudcore-source`): no effect on any code."""
    return any(str(p) in DOC_KEYS or (str(p).startswith("x-") and p != CONDITIONS) for p in _keywords(path))


def _under_type_keyword(rest: Sequence[Any]) -> bool:
    """Whether a change sits inside an `anyOf`/`oneOf`/`not` of a field (a type alternative)."""
    return any(str(p) in ("anyOf", "oneOf", "not") for p in rest)


def _condition_change(
    rest: Sequence[Any], action: str, diff: dict[str, Any], new: dict[str, Any], full: Sequence[Any], where: str
) -> Change:
    """A conditional rule (`if`/`then`/`else`) of an object added, removed or changed.

    A rule never adds or removes a field: the generated client's types do not change (it checks no
    rule); the simulator enforces it from the bundled spec and quotes its `x-cloudcore-rule`.
    """
    request = rest[0] == "requestBody"
    side = "request" if request else f"response {rest[1]}"
    at = list(rest).index(CONDITIONS)
    name = _field(rest[:at])
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
    if _is_documentation(path):
        return Change("webhook documentation changed", name, http, Level.PATCH, "ok", group="documentation")
    return Change(
        f"webhook payload changed ({_field(path) or '/'.join(map(str, path[2:]))})",
        name,
        http,
        Level.MAJOR if http == "breaking" else Level.MINOR,
        "review: the simulator's webhook payloads",
    )


# ---- generated Python API (griffe) ----------------------------------------------------------------
def python_changes(old_root: Path, new_root: Path) -> list[Change]:
    """Breakage (griffe) and additions (public members compared) between two generated clients.

    Written for a person upgrading: private and dunder members are left out; a removal is listed
    one by one; a new module or class is one row that names its members.
    """
    old = griffe.load(PACKAGE, search_paths=[str(old_root)], resolve_aliases=True, resolve_external=False)
    new = griffe.load(PACKAGE, search_paths=[str(new_root)], resolve_aliases=True, resolve_external=False)
    rows = [
        Change(
            f"{breakage.obj.kind.value} removed"
            if breakage.kind is griffe.BreakageKind.OBJECT_REMOVED
            else _plain(breakage.explain(style=griffe.ExplanationStyle.ONE_LINE)),
            breakage.obj.path,
            "-",
            Level.MAJOR,
            "ok",
        )
        for breakage in griffe.find_breaking_changes(old, new)
        if not _private(breakage.obj.path)
    ]
    broken = {row.where for row in rows}
    before, after = _surface(old), _surface(new)
    added = [path for path in sorted(after) if path not in before]
    grouped = {path for path in added if after[path].kind in ("module", "class")}
    for path in added:
        parent = path.rpartition(".")[0]
        if parent in grouped and after[path].kind not in ("module", "class"):
            continue  # named in its module's or class's row
        item = after[path]
        if path in grouped:
            members = _members(after, path)
            listed = "; ".join(f"{kind}: {', '.join(names)}" for kind, names in members.items())
            rows.append(Change(f"{item.kind} added" + (f" ({listed})" if listed else ""), path, "-", Level.MINOR, "ok"))
        else:
            rows.append(Change(f"{item.text} added", path, "-", Level.MINOR, "ok"))
    for path in sorted(set(before) & set(after)):
        was, now = before[path], after[path]
        if was.text != now.text and path not in broken:
            widened = was.kind == "function" and now.kind == "function" and _only_new_optional(was, now)
            if was.kind == now.kind == "attribute":
                what = f"type changed: `{was.returns}` -> `{now.returns}`"
            else:
                what = f"changed compatibly: {now.text}" if widened else f"changed: {was.text} -> {now.text}"
            rows.append(
                Change(
                    what,
                    path,
                    "-",
                    Level.MINOR if widened else Level.MAJOR,
                    "ok",
                )
            )
    return rows


@dataclass(frozen=True)
class _Member:
    """A public object of the generated package: its kind, rendered signature and parameters."""

    kind: str  # module, class, function, attribute
    text: str
    parameters: tuple[str, ...] = ()  # rendered, `self` left out
    returns: str = ""


def _private(path: str) -> bool:
    """`_x` and `__x__` anywhere after the package name: not for a person upgrading."""
    return any(part.startswith("_") for part in path.split(".")[1:])


def _members(surface: dict[str, _Member], parent: str) -> dict[str, list[str]]:
    """The public members directly under `parent`, by kind (classes, functions, methods, attributes)."""
    found: dict[str, list[str]] = {}
    prefix = parent + "."
    for path, item in sorted(surface.items()):
        if path.startswith(prefix) and "." not in path[len(prefix) :]:
            if item.kind == "function":
                kind = "methods" if surface[parent].kind == "class" else "functions"
            else:
                kind = "classes" if item.kind == "class" else f"{item.kind}s"
            found.setdefault(kind, []).append(path[len(prefix) :])
    return dict(sorted(found.items()))


def _only_new_optional(was: _Member, now: _Member) -> bool:
    """Whether `now` only adds parameters with defaults to `was` (compatible for callers)."""
    if was.returns != now.returns or now.parameters[: len(was.parameters)] != was.parameters:
        return False
    return all(" = " in p for p in now.parameters[len(was.parameters) :])


def _plain(explanation: str) -> str:
    """griffe's one-line explanation without its location prefix and terminal colours."""
    return ANSI.sub("", explanation).split(": ", 1)[-1]


def _surface(module: griffe.Object | griffe.Alias) -> dict[str, _Member]:
    """Public path -> kind and signature, for every object defined in the package."""
    found: dict[str, _Member] = {}

    def walk(obj: griffe.Object | griffe.Alias, where: str) -> None:
        for name, member in obj.members.items():
            if name.startswith("_") or not member.is_public:
                continue
            target: griffe.Object | griffe.Alias = member
            if isinstance(member, griffe.Alias):
                # A re-export (`from ._client import CloudCore`) is where users find an object
                # defined in a private module; other aliases are listed where they are defined.
                try:
                    target = member.final_target
                except (griffe.AliasResolutionError, griffe.CyclicAliasError):
                    continue
                if not _private(target.path):
                    continue
            assert isinstance(target, griffe.Object)
            path = f"{where}.{name}"
            found[path] = _signature(target)
            if target.is_module or target.is_class:
                walk(target, path)

    walk(module, module.path)
    return found


def _signature(obj: griffe.Object) -> _Member:
    if isinstance(obj, griffe.Function):
        params = tuple(
            (f"{p.name}: {p.annotation}" if p.annotation is not None else p.name)
            + (f" = {p.default}" if p.default is not None else "")
            for i, p in enumerate(obj.parameters)
            if not (i == 0 and p.name in ("self", "cls"))
        )
        returns = str(obj.returns) if obj.returns is not None else "None"
        return _Member("function", f"function {obj.name}({', '.join(params)}) -> {returns}", params, returns)
    if isinstance(obj, griffe.Attribute):
        return _Member("attribute", f"attribute {obj.name}: {obj.annotation}", returns=str(obj.annotation))
    return _Member(obj.kind.value, f"{obj.kind.value} {obj.name}")


def tree_differs(old_root: Path, new_root: Path, old_version: str, new_version: str, ignore: Iterable[str]) -> bool:
    """Whether two generated trees differ beyond their version string and the ignored files."""

    def files(root: Path, version: str) -> dict[str, bytes]:
        skip = set(ignore)
        return {
            str(p.relative_to(root)): p.read_bytes().replace(f'"{version}"'.encode(), b'"<version>"')
            for p in sorted(root.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts and str(p.relative_to(root)) not in skip
        }

    return files(old_root, old_version) != files(new_root, new_version)
