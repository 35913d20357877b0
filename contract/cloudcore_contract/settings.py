"""How hard a run tests and against which contract: profiles, the bundled spec, the schemathesis config.

What the user selected is ``selection.py`` (re-exported here); the target itself (a URL or an
in-process app, and what the probes found out) is ``target.py``.
"""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from schemathesis.config import SchemathesisConfig

from .facts import open_objects
from .selection import (
    CONFIG_PATH,
    PHASES,
    PROFILES_PATH,
    SIMULATOR_KEY,
    SIMULATOR_OTHER_KEY,
    SPEC_PATH,
    UNKNOWN_KEY,
    Keys,
    Selection,
)

__all__ = [
    "CONFIG_PATH",
    "PHASES",
    "SIMULATOR_KEY",
    "SIMULATOR_OTHER_KEY",
    "SPEC_PATH",
    "UNKNOWN_KEY",
    "Keys",
    "Profile",
    "Selection",
    "api_prefix",
    "load_config",
    "load_profile",
    "load_spec",
    "operation_labels",
    "phase_config",
    "server_view",
]


@dataclass(frozen=True, slots=True)
class Profile:
    """How many cases each phase runs (see profiles.toml)."""

    name: str
    description: str
    min_cases: int
    stateful_scenarios: int
    stateful_steps: int
    #: Seconds the whole run may take (a bound, not an estimate: the run stops with exit status 3).
    deadline: float
    #: Wrong-key probes per operation and phase, each for a new set of body fields (``wrong_key_forbidden``);
    #: 0: after every valid positive case.
    key_probes: int
    schemathesis: Mapping[str, Any]


_SPEC: dict[str, Any] = {}


def load_spec() -> dict[str, Any]:
    """The bundled contract, parsed once per run (libyaml's loader when the system has it); a copy."""
    if not _SPEC:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        _SPEC.update(yaml.load(SPEC_PATH.read_text(encoding="utf-8"), Loader=loader))  # noqa: S506 - safe loaders
    return copy.deepcopy(_SPEC)


def operation_labels(spec: Mapping[str, Any]) -> dict[str, str]:
    """operationId -> label (``POST /orders/add``), as schemathesis names operations."""
    return {
        operation["operationId"]: f"{method.upper()} {path}"
        for path, item in spec["paths"].items()
        for method, operation in item.items()
    }


def api_prefix() -> str:
    """The path of the API root in the contract's server URL: ``/cloudcore/1.0``."""
    return urlsplit(str(load_spec()["servers"][0]["url"])).path.rstrip("/")


def server_view(spec: dict[str, Any], *, refuses_unknown_fields: bool) -> dict[str, Any]:
    """The contract as the server under test keeps it.

    The contract's request schemas say ``additionalProperties: false``: that is the generated
    client's list of known fields, not a promise of the real API, which accepts unknown fields.
    Against such a target, the schemas are read open (the keyword removed), so that a body is
    "invalid" only for what the API refuses: missing required fields, wrong types, documented
    enums, formats and conditional rules. Against a target that refuses unknown fields (a strict
    simulator, or ``--unknown-fields refused``) the contract is used as written, and an accepted
    unknown field is a failure (ST201).
    """
    return spec if refuses_unknown_fields else open_objects(spec)


def load_profile(name: str) -> Profile:
    profiles = tomllib.loads(PROFILES_PATH.read_text(encoding="utf-8"))
    if name not in profiles:
        raise ValueError(f"unknown contract profile {name!r}; known: {', '.join(sorted(profiles))}")
    data = profiles[name]
    return Profile(
        name=name,
        description=str(data["description"]),
        min_cases=int(data["min-cases"]),
        stateful_scenarios=int(data["stateful-scenarios"]),
        stateful_steps=int(data["stateful-steps"]),
        deadline=float(data["deadline"]),
        key_probes=int(data.get("key-probes", 0)),
        schemathesis=data.get("schemathesis", {}),
    )


def _merge(base: dict[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def load_config(profile: Profile, base_url: str | None, *, fail_fast: bool = False) -> dict[str, Any]:
    """schemathesis.toml with the profile merged in, pointed at the target (a dict, per phase below)."""
    data = _merge(tomllib.loads(CONFIG_PATH.read_text(encoding="utf-8")), profile.schemathesis)
    if base_url is not None:
        data["base-url"] = base_url
    # Reports show `apikey` masked; the key never reaches a log (see junit.py for the replay line).
    data.setdefault("output", {}).setdefault("sanitization", {})["enabled"] = True
    if fail_fast:
        data.setdefault("generation", {})["no-shrink"] = True
    return data


def phase_config(data: Mapping[str, Any], phase: str) -> SchemathesisConfig:
    """The config with only ``phase`` of the stateless phases enabled (one parametrized test per phase)."""
    only = _merge(dict(data), {"phases": {name: {"enabled": name == phase} for name in PHASES}})
    return SchemathesisConfig.from_dict(only, base_dir=str(Path.cwd()))
