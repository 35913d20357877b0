"""Every hand-maintained place keyed by operation, checked against the spec.

A renamed, added or removed operation otherwise surfaces far away: a `schemathesis.toml` section
that silently matches nothing (and a misleading ST202 in the contract suite), a simulator without
the handler, test tables that disagree. Each problem names the entry and the file to change.
"""

from __future__ import annotations

import importlib
import tomllib
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

from tests._helpers.spec import OPERATIONS, REPO, iter_operations, load_spec

SCHEMATHESIS = REPO / "contract" / "cloudcore_contract" / "schemathesis.toml"
SCHEMATHESIS_NAME = "contract/cloudcore_contract/schemathesis.toml"
SIMULATOR = REPO / "simulator" / "cloudcore_simulator"
#: Where the simulator's handler table may live (it moves between modules); then any other module.
HANDLER_MODULES = ("cloudcore_simulator.handlers", "cloudcore_simulator.app")


def spec_operations(spec: dict[str, Any]) -> dict[str, str]:
    """operationId -> path of every operation in the spec."""
    return {op["operationId"]: path for path, _, op in iter_operations(spec)}


def _relative(path: Path | str) -> str:
    return str(Path(path).resolve().relative_to(REPO))


def schemathesis_problems(operations: dict[str, str]) -> list[str]:
    config = tomllib.loads(SCHEMATHESIS.read_text(encoding="utf-8"))
    listed = [section.get("include-operation-id") for section in config.get("operations", [])]
    problems = [
        f'{SCHEMATHESIS_NAME}: stale `include-operation-id = "{name}"`: openapi/cloudcore.yaml has no such '
        "operation, so the section silently matches nothing; rename or remove it"
        for name in listed
        if name is not None and name not in operations
    ]
    problems += [
        f'{SCHEMATHESIS_NAME}: no `[[operations]]` section with `include-operation-id = "{name}"` '
        f"(POST {path}): add one that lists its positive_data_acceptance expected statuses"
        for name, path in sorted(operations.items())
        if name not in listed
    ]
    return problems


def handler_table() -> tuple[Mapping[str, Any], str]:
    """The simulator's handler table (keyed by path or operationId) and the file it is in."""
    candidates = list(HANDLER_MODULES) + sorted(
        f"cloudcore_simulator.{p.stem}"
        for p in SIMULATOR.glob("*.py")
        if p.stem not in {"__main__", "__init__"} and "HANDLERS" in p.read_text(encoding="utf-8")
    )
    for name in candidates:
        try:
            module: ModuleType = importlib.import_module(name)
        except ModuleNotFoundError:
            continue
        table = getattr(module, "HANDLERS", None)
        if isinstance(table, Mapping) and module.__file__:
            return table, _relative(module.__file__)
    raise LookupError(f"no module-level HANDLERS mapping in {_relative(SIMULATOR)}; update {_relative(__file__)}")


def handler_problems(operations: dict[str, str]) -> list[str]:
    table, where = handler_table()
    keys = set(table)
    problems = [
        f"{where}: no simulator handler for {name} (POST {path}) in HANDLERS: it answers 501 until one is added"
        for name, path in sorted(operations.items())
        if name not in keys and path not in keys
    ]
    problems += [
        f"{where}: stale HANDLERS entry {key!r}: openapi/cloudcore.yaml has no such path or operationId"
        for key in sorted(keys)
        if key not in operations and key not in operations.values()
    ]
    return problems


def table_problems(operations: dict[str, str]) -> list[str]:
    problems = [
        f"tests/_helpers/spec.py: OPERATIONS has no row for {name} (POST {path}): "
        "add its path, tag and documented statuses"
        for name, path in sorted(operations.items())
        if name not in OPERATIONS
    ]
    problems += [
        f"tests/_helpers/spec.py: stale OPERATIONS row {name!r}: openapi/cloudcore.yaml has no such operation"
        for name in sorted(OPERATIONS)
        if name not in operations
    ]
    problems += [
        f"tests/_helpers/spec.py: OPERATIONS row {name!r} says {OPERATIONS[name][0]}, the spec says {path}"
        for name, path in sorted(operations.items())
        if name in OPERATIONS and OPERATIONS[name][0] != path
    ]
    return problems


def renames(operations: dict[str, str]) -> list[str]:
    """A renamed operation in one line: the same path under a new operationId."""
    table, where = handler_table()
    found = []
    for old, (path, _, _) in sorted(OPERATIONS.items()):
        new = next((name for name, p in operations.items() if p == path and name not in OPERATIONS), None)
        if old in operations or new is None:
            continue
        handler = table.get(path, table.get(old))
        served = (
            f"the simulator handler {getattr(handler, '__name__', handler)!s} in {where} serves POST {path}"
            + ("" if path in table else f" under the old operationId: rename its HANDLERS key to {new!r}")
            if handler is not None
            else f"{where} has no simulator handler for POST {path}"
        )
        found.append(
            f"operation {old!r} was renamed {new!r} (POST {path}): rename it in {SCHEMATHESIS_NAME} "
            f"(`include-operation-id`) and tests/_helpers/spec.py (OPERATIONS); {served}"
        )
    return found


def operation_key_problems() -> list[str]:
    """Everything keyed by operation that disagrees with openapi/cloudcore.yaml, renames first."""
    operations = spec_operations(load_spec())
    return (
        renames(operations)
        + schemathesis_problems(operations)
        + handler_problems(operations)
        + table_problems(operations)
    )


def explain(problems: list[str]) -> str:
    return (
        "places keyed by operation disagree with openapi/cloudcore.yaml (fix these first; other failures "
        "may only follow from them):\n" + "\n".join(f"  - {problem}" for problem in problems)
    )
