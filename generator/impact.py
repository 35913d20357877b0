"""The places in this repository that must follow a contract change: what the change report names.

api-smart-diff and griffe say what changed; the classification says what that means per kind of
user. This module finds *where*, in the repository's own hand-written code, docs and contract:

- the contract's own examples that no longer validate against the changed schemas;
- Python that sends a changed object: dict displays shaped like the object (the changed field and
  at least two more of its fields), calls of the operation's client method or of the object's
  model class with the changed field as a keyword;
- code of the simulator, the client runtime and the contract tool that reads the changed field
  by name (`body["email"]`, `.get("email")`);
- test tables that name the changed schema next to its field names (a list of a schema's optional
  or required fields, say);
- callers of an operation's client method, when the operation is renamed or removed.

Python code blocks of the README and docs/ are scanned like Python files. Generated code is not
scanned (`nox -s generate` rewrites it). The scan reads, it never runs anything: a place it names
may need no edit (the report says why it names it), but a test that depends on a changed field
through one of these shapes is named.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
from change_row import Change
from openapi_python_client.strings import snake_case

#: Hand-written folders scanned (relative to the repository); generated folders are skipped.
SCANNED = ("generator/runtime", "simulator", "contract", "tests", "examples", "scripts", "docs", "README.md")
SKIPPED = ("generated", "generated_client", ".nox", ".venv", "node_modules", "__pycache__")
#: Folders whose code serves requests or sends them: a field read by name there is named too.
ENGINES = ("generator/runtime", "simulator/cloudcore_simulator", "contract/cloudcore_contract")
WHERE = re.compile(r"^(?P<op>\w+) \((?P<method>[A-Z]+) (?P<path>\S+)\)$")
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass(frozen=True, order=True)
class Place:
    """One place to look at: a file, a line (0: the whole file) and why it is named."""

    path: str
    line: int
    why: str

    def render(self) -> str:
        return f"`{self.path}:{self.line}`: {self.why}" if self.line else f"`{self.path}`: {self.why}"


@dataclass(frozen=True)
class Target:
    """A changed field of one object schema: what to look for."""

    field: str  # the field's own name, e.g. `email`
    label: str  # as the report shows it, e.g. "request field `email` of addOrder, removed"
    siblings: frozenset[str]  # the object's other field names (old and new)
    schema: str | None  # the component the object is, e.g. `AddOrderRequest`
    method: str | None  # the client method that sends it (request side), e.g. `add_order`


def places(rows: Sequence[Change], old: dict[str, Any], new: dict[str, Any], repo: Path) -> list[Place]:
    """Every place found for the report's rows, sorted by file and line, each once."""
    targets = [target for row in rows for target in _targets(row, old, new)]
    renamed = [(name, row) for row in rows for name in _gone_methods(row, old)]
    found: set[Place] = set(_broken_examples(new, repo))
    if targets or renamed:
        for path, line_offset, tree, text in _python_sources(repo):
            found.update(_scan(path, line_offset, tree, text, targets, renamed))
    return sorted(found)


# ---- what to look for -------------------------------------------------------------------------------
def _targets(row: Change, old: dict[str, Any], new: dict[str, Any]) -> Iterator[Target]:
    if row.fields is None or (where := WHERE.match(row.where)) is None:
        return
    _, side, names = row.fields
    for name in names:
        parent_path, _, field = name.rpartition(".")
        siblings: set[str] = set()
        schema: str | None = None
        for spec in (old, new):
            parent = _parent_schema(spec, where["path"], where["method"].lower(), side, parent_path)
            if parent is not None:
                properties, component = parent
                siblings |= properties
                schema = schema or component
        if not siblings:
            continue
        method = snake_case(where["op"]) if side == "request" and not parent_path else None
        yield Target(field, f"{row.what} ({where['op']})", frozenset(siblings - {field}), schema, method)


def _gone_methods(row: Change, old: dict[str, Any]) -> Iterator[str]:
    """The client method of an operation that was renamed or removed."""
    if row.what == "operation removed" or row.what.startswith("operation renamed"):
        found = WHERE.match(row.where)
        operation_id = found["op"] if found else None
        if row.what.startswith("operation renamed"):
            operation_id = row.what.split("`")[1]
        if operation_id:
            yield snake_case(operation_id)


def _parent_schema(
    spec: dict[str, Any], path: str, method: str, side: str, dotted: str
) -> tuple[set[str], str | None] | None:
    """The properties (and component name) of the object a dotted field lives in, if found."""
    operation = spec.get("paths", {}).get(path, {}).get(method)
    if not isinstance(operation, dict):
        return None
    if side == "request":
        node = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
    else:
        status = side.removeprefix("response ").strip()
        node = operation.get("responses", {}).get(status, {}).get("content", {}).get("application/json", {})
        node = node.get("schema")
    component: str | None = None
    for part in [p for p in re.split(r"\.|(\[\])", dotted) if p] if dotted else []:
        node, component = _resolve(spec, node, component)
        if part == "[]":
            node = node.get("items") if isinstance(node, dict) else None
        else:
            node = _properties(spec, node).get(part)
    node, component = _resolve(spec, node, component)
    properties = set(_properties(spec, node))
    return (properties, component) if properties else None


def _resolve(spec: dict[str, Any], node: Any, component: str | None) -> tuple[Any, str | None]:
    """Follow `$ref`s (and an array's items, when asked through `[]` by the caller)."""
    seen = 0
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and seen < 20:
        ref = node["$ref"]
        component = ref.rsplit("/", 1)[-1]
        node = spec.get("components", {}).get("schemas", {}).get(component)
        seen += 1
    return node, component


def _properties(spec: dict[str, Any], node: Any) -> dict[str, Any]:
    """An object's properties, `allOf` members' included."""
    if not isinstance(node, dict):
        return {}
    found = dict(node.get("properties", {})) if isinstance(node.get("properties"), dict) else {}
    for member in node.get("allOf", []) if isinstance(node.get("allOf"), list) else []:
        member, _ = _resolve(spec, member, None)
        found.update(_properties(spec, member))
    return found


# ---- the contract's own examples --------------------------------------------------------------------
def _broken_examples(spec: dict[str, Any], repo: Path) -> Iterator[Place]:
    """Examples attached to the contract's operations that their (new) schemas refuse."""
    contract = "openapi/cloudcore.yaml"
    for path, item in spec.get("paths", {}).items():
        for method, operation in item.items() if isinstance(item, dict) else []:
            if method not in HTTP_METHODS or not isinstance(operation, dict):
                continue
            name = operation.get("operationId", f"{method.upper()} {path}")
            bodies = [("request", operation.get("requestBody", {}))]
            bodies += [(f"response {status}", answer) for status, answer in operation.get("responses", {}).items()]
            for side, body in bodies:
                media = body.get("content", {}).get("application/json", {}) if isinstance(body, dict) else {}
                schema = media.get("schema")
                if not isinstance(schema, dict):
                    continue
                validator = jsonschema.Draft202012Validator({**schema, "components": spec.get("components", {})})
                examples = dict(media.get("examples", {}))
                if "example" in media:
                    examples["example"] = {"value": media["example"]}
                for key, example in examples.items():
                    value = example.get("value") if isinstance(example, dict) else None
                    error = (
                        jsonschema.exceptions.best_match(validator.iter_errors(value)) if value is not None else None
                    )
                    if error is not None:
                        line = _line_of(repo / contract, key)
                        yield Place(
                            contract, line, f"{name}'s {side} example `{key}` no longer validates: {error.message}"
                        )


def _line_of(file: Path, key: str) -> int:
    """The first line that starts the mapping key `key:` (0 when the file or key is not found)."""
    if not file.is_file():
        return 0
    pattern = re.compile(rf"^\s*{re.escape(key)}:\s*$")
    for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
        if pattern.match(line):
            return number
    return 0


# ---- Python sources -----------------------------------------------------------------------------------
def _python_sources(repo: Path) -> Iterator[tuple[str, int, ast.Module, str]]:
    """(relative path, line offset, parsed module, text) of every hand-written file and code block."""
    for root in SCANNED:
        start = repo / root
        files = [start] if start.is_file() else sorted(start.rglob("*")) if start.is_dir() else []
        for file in files:
            relative = file.relative_to(repo)
            if any(part in SKIPPED for part in relative.parts) or not file.is_file():
                continue
            if file.suffix == ".py":
                text = file.read_text(encoding="utf-8")
                try:
                    tree = ast.parse(text)
                except SyntaxError:
                    continue  # the linters report it; the report goes on
                yield str(relative), 0, tree, text
            elif file.suffix == ".md":
                yield from _markdown_blocks(file, str(relative))


def _markdown_blocks(file: Path, relative: str) -> Iterator[tuple[str, int, ast.Module, str]]:
    text = file.read_text(encoding="utf-8")
    for found in re.finditer(r"^```python\n(.*?)^```$", text, re.MULTILINE | re.DOTALL):
        offset = text.count("\n", 0, found.start(1))
        try:
            yield relative, offset, ast.parse(found.group(1)), found.group(1)
        except SyntaxError:
            continue  # a fragment, not a program


def _scan(
    path: str,
    offset: int,
    tree: ast.Module,
    text: str,
    targets: Sequence[Target],
    renamed: Sequence[tuple[str, Change]],
) -> Iterator[Place]:
    engine = any(path.startswith(folder) for folder in ENGINES)
    tables = path.startswith("tests/")
    for node in ast.walk(tree):
        line = offset + getattr(node, "lineno", 0)
        if isinstance(node, ast.Dict):
            keys = {key.value for key in node.keys if isinstance(key, ast.Constant) and isinstance(key.value, str)}
            for target in targets:
                if target.field in keys and len(keys & target.siblings) >= 2:
                    yield Place(path, line, f"a body shaped like {_name(target)} uses `{target.field}`: {target.label}")
        elif isinstance(node, ast.Call):
            callee = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
            words = {keyword.arg for keyword in node.keywords}
            for target in targets:
                if callee in (target.method, target.schema) and _python_name(target.field) in words:
                    yield Place(path, line, f"`{callee}({_python_name(target.field)}=...)`: {target.label}")
                elif engine and callee == "get" and _first_string(node) == target.field:
                    yield Place(path, line, f"reads `{target.field}` by name: {target.label}")
            for method, row in renamed:
                if callee == method:
                    yield Place(path, line, f"calls `{method}`: {row.what} ({row.where})")
        elif isinstance(node, ast.Subscript) and engine:
            key = node.slice.value if isinstance(node.slice, ast.Constant) else None
            for target in targets:
                if key == target.field:
                    yield Place(path, line, f"reads `{target.field}` by name: {target.label}")
        elif tables and isinstance(node, ast.Tuple | ast.List):
            strings = {e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
            nested = {
                e.value
                for element in node.elts
                if isinstance(element, ast.Set | ast.List | ast.Tuple)
                for e in element.elts
                if isinstance(e, ast.Constant) and isinstance(e.value, str)
            }
            for target in targets:
                if target.schema in strings and nested & (target.siblings | {target.field}):
                    yield Place(path, line, f"a table of {target.schema}'s fields: {target.label}")


def _name(target: Target) -> str:
    return f"`{target.schema}`" if target.schema else "the object"


def _python_name(field: str) -> str:
    """The generated client's parameter name of a field (`type` -> `type_`, `zip` -> `zip_`)."""
    name = snake_case(field)
    return f"{name}_" if name in ("type", "zip", "id", "hash", "format", "filter", "property") else name


def _first_string(call: ast.Call) -> str | None:
    first = call.args[0] if call.args else None
    return first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None
