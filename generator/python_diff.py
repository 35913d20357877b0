"""The Python API diff: the committed generated client against the new one, with griffe.

griffe (PyPI `griffelib`, pinned in requirements/generate.in) finds the breakage
(`griffe.find_breaking_changes`); additions and compatible widenings come from a walk of both
packages' public members. Rows are written for a person upgrading.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import griffe
from change_row import Change, Level

PACKAGE = "cloudcore_client"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


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
