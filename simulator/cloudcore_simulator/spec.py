"""The OpenAPI contract the simulator serves, loaded once at start-up.

The installed package carries the spec as ``generated/openapi.json`` (written by
``nox -s generate``), so the simulator validates against exactly the contract it was built from.
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import orjson

__all__ = ["SpecError", "base_path", "load_spec", "post_operations"]


class SpecError(RuntimeError):
    """The spec is missing or does not describe the API the simulator implements."""


def load_spec(path: str | Path | None = None) -> dict[str, Any]:
    """Load the spec bundled with the package (``generated/openapi.json``), or a JSON file at ``path``."""
    if path is not None:
        raw = Path(path).read_bytes()
    else:
        bundled = importlib.resources.files("cloudcore_simulator.generated").joinpath("openapi.json")
        if not bundled.is_file():
            raise SpecError("cloudcore_simulator/generated/openapi.json is missing: run `nox -s generate`")
        raw = bundled.read_bytes()
    data = orjson.loads(raw)
    if not isinstance(data, dict):
        raise SpecError("the spec is not a JSON object")
    return data


def base_path(spec: dict[str, Any]) -> str:
    """The path prefix of the first server URL, e.g. ``/cloudcore/1.0``."""
    try:
        url = spec["servers"][0]["url"]
    except (KeyError, IndexError, TypeError) as exc:
        raise SpecError("the spec names no server URL") from exc
    return urlsplit(str(url)).path.rstrip("/")


def post_operations(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Path -> POST operation object, for every path of the spec."""
    operations: dict[str, dict[str, Any]] = {}
    for path, item in spec.get("paths", {}).items():
        operation = item.get("post") if isinstance(item, dict) else None
        if not isinstance(operation, dict):
            raise SpecError(f"{path} has no POST operation")
        operations[path] = operation
    return operations
