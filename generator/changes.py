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
            lines += [f"| {c.what} | {c.where} | {c.http} | {_mark(c.client)} | {c.simulator} |" for c in self.spec]
        if self.python:
            lines += ["", "### Generated Python API (griffe)", ""]
            lines += [f"- {_mark(c.client)}: `{c.where}`: {c.what}" for c in self.python]
        if self.client_changed and not self.changes:
            lines += ["", "The generated client changed without a contract or API change (docstrings, code)."]
        return "\n".join(lines) + "\n"

    def changelog_entry(self, version: str) -> str:
        """The CHANGELOG.md entry for `version`: the report's client view, widest change first."""
        lines = [f"## {version}", ""]
        for level, title in ((Level.MAJOR, "Breaking"), (Level.MINOR, "Added"), (Level.PATCH, "Documentation")):
            rows = [c for c in self.changes if c.client == level]
            if rows:
                lines += [f"### {title}", ""]
                lines += [f"- {c.where}: {c.what}" for c in rows]
                lines.append("")
        if len(lines) == 2:
            lines += ["- The generated code changed (docstrings, code) without a change to its API.", ""]
        return "\n".join(lines)


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
    rows = [row for diff in api_smart_diff(old, new) for row in _classify(diff, old, new)]
    # A field added or removed whole also joins or leaves `required`: its own row says it all.
    whole = {
        (row.where, row.fields[1], name)
        for row in rows
        if row.fields and row.fields[0] == "field"
        for name in row.fields[2]
    }
    return [
        row
        for row in rows
        if not (row.fields and row.fields[0] == "required")
        or not all((row.where, row.fields[1], name) in whole for name in row.fields[2])
    ]


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
                f"schema `{path[2]}` {'removed' if gone else 'added'}",
                "components",
                http,
                Level.MAJOR if gone else Level.MINOR,
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
    if DOC_KEYS.intersection(str(p) for p in rest):
        yield Change(diff.get("description") or "documentation changed", where, http, Level.PATCH, "ok")
        return
    if rest[0] == "requestBody":
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
    return Change(
        diff.get("description") or f"{side} schema of {label} {verb}",
        where,
        http,
        Level.MAJOR if http == "breaking" else Level.MINOR,
        "review: the simulator's handler" if http == "breaking" else "ok",
    )


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
    if DOC_KEYS.intersection(str(p) for p in path):
        return Change("webhook documentation changed", name, http, Level.PATCH, "ok")
    return Change(
        f"webhook payload changed ({_field(path) or '/'.join(map(str, path[2:]))})",
        name,
        http,
        Level.MAJOR if http == "breaking" else Level.MINOR,
        "review: the simulator's webhook payloads",
    )


# ---- generated Python API (griffe) ----------------------------------------------------------------
def python_changes(old_root: Path, new_root: Path) -> list[Change]:
    """Breakage (griffe) and additions (public members compared) between two generated clients."""
    old = griffe.load(PACKAGE, search_paths=[str(old_root)], resolve_aliases=True, resolve_external=False)
    new = griffe.load(PACKAGE, search_paths=[str(new_root)], resolve_aliases=True, resolve_external=False)
    rows = [
        Change(
            _plain(breakage.explain(style=griffe.ExplanationStyle.ONE_LINE)), breakage.obj.path, "-", Level.MAJOR, "ok"
        )
        for breakage in griffe.find_breaking_changes(old, new)
    ]
    broken = {row.where for row in rows}
    before, after = _surface(old), _surface(new)
    for path in sorted(after):
        if path not in before:
            rows.append(Change(f"{after[path]} added", path, "-", Level.MINOR, "ok"))
        elif before[path] != after[path] and path not in broken:
            rows.append(Change(f"changed compatibly: {after[path]}", path, "-", Level.MINOR, "ok"))
    return rows


def _plain(explanation: str) -> str:
    """griffe's one-line explanation without its location prefix and terminal colours."""
    return ANSI.sub("", explanation).split(": ", 1)[-1]


def _surface(module: griffe.Object | griffe.Alias) -> dict[str, str]:
    """Public path -> kind and signature, for every object defined in the package."""
    found: dict[str, str] = {}

    def walk(obj: griffe.Object | griffe.Alias) -> None:
        for member in obj.members.values():
            if member.is_alias or not member.is_public:
                continue
            assert isinstance(member, griffe.Object)
            found[member.path] = _signature(member)
            if member.is_module or member.is_class:
                walk(member)

    walk(module)
    return found


def _signature(obj: griffe.Object) -> str:
    if isinstance(obj, griffe.Function):
        params = ", ".join(
            f"{p.name}: {p.annotation}" + (f" = {p.default}" if p.default is not None else "") for p in obj.parameters
        )
        return f"function {obj.name}({params}) -> {obj.returns}"
    if isinstance(obj, griffe.Attribute):
        return f"attribute {obj.name}: {obj.annotation}"
    return f"{obj.kind.value} {obj.name}"


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
