"""What the contract suite runs against, with which keys, and how hard: targets, keys and profiles.

Default target: the simulator in-process (an ASGI app, no socket). With ``CLOUDPRINTER_BASE_URL``
and ``CLOUDPRINTER_API_KEY`` set: that URL over the network (the Cloudprinter sandbox, or a
simulator started elsewhere). ``CLOUDPRINTER_API_KEY_OTHER``, a second account's key, enables the
account-isolation check over the network (in-process the suite configures two accounts itself).
"""

from __future__ import annotations

import copy
import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
from schemathesis.config import SchemathesisConfig

from cloudcore_simulator import VirtualClock, create_app
from cloudcore_simulator.faults import Fault, FaultInjector

REPO = Path(__file__).resolve().parents[2]
SPEC_PATH = REPO / "openapi" / "cloudcore.yaml"
CONFIG_PATH = REPO / "schemathesis.toml"
PROFILES_PATH = Path(__file__).with_name("profiles.toml")

ENV_BASE_URL = "CLOUDPRINTER_BASE_URL"
ENV_API_KEY = "CLOUDPRINTER_API_KEY"
ENV_API_KEY_OTHER = "CLOUDPRINTER_API_KEY_OTHER"

#: Keys of the in-process simulator: two accounts. Test keys, not secrets.
SIMULATOR_KEY = "contract-primary-key"
SIMULATOR_OTHER_KEY = "contract-other-key"
#: A key no account has (well-formed: a non-empty string, so only the key check can reject it).
UNKNOWN_KEY = "contract-unknown-key-0000000000000000"


@dataclass(slots=True)
class Selection:
    """The command line's choice (set by the contract conftest in ``pytest_configure``)."""

    profile: str = "ci"
    fault: Fault | None = None


SELECTED = Selection()


@dataclass(frozen=True, slots=True)
class Profile:
    """How many cases each phase runs (see profiles.toml)."""

    name: str
    description: str
    min_cases: int
    stateful_scenarios: int
    stateful_steps: int
    schemathesis: Mapping[str, Any]


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


@dataclass(frozen=True, slots=True)
class Keys:
    """The key the suite's bodies carry, a second account's key (if any) and an unknown key."""

    primary: str
    other: str | None
    unknown: str = UNKNOWN_KEY

    @property
    def harness(self) -> frozenset[str]:
        """Keys the suite itself puts into bodies (the key hook leaves these alone)."""
        return frozenset(key for key in (self.primary, self.other, self.unknown) if key)


@dataclass(slots=True)
class Target:
    """Where requests go: an in-process app (optionally with a fault) or a base URL."""

    description: str
    keys: Keys
    app: Any = None
    base_url: str | None = None
    sensitive: bool = False
    fault: Fault | None = None
    _reset: Callable[[], None] | None = field(default=None, repr=False)

    @property
    def can_reset(self) -> bool:
        return self._reset is not None

    def reset(self) -> None:
        """Forget the suite's orders and quotes (a no-op against the real sandbox, which cannot)."""
        if self._reset is not None:
            self._reset()


def in_process_target(fault: Fault | None = None) -> Target:
    """A fresh simulator with two accounts and a frozen clock, optionally behind a fault."""
    keys = Keys(SIMULATOR_KEY, SIMULATOR_OTHER_KEY)
    # strict: the contract's request schemas forbid unknown fields, and negative_data_rejection
    # expects such bodies refused; by default the simulator accepts them, as the real API does.
    simulator_app = create_app([keys.primary, SIMULATOR_OTHER_KEY], clock=VirtualClock(speed=0), strict=True)
    store = simulator_app.state.simulator.store
    app: Any = simulator_app
    description = "simulator in-process"
    if fault is not None:
        app = FaultInjector(simulator_app, fault, api_keys=[keys.primary, SIMULATOR_OTHER_KEY])
        description += f" with fault {fault.value}"
    return Target(description, keys, app=app, fault=fault, _reset=lambda: store.reset(None))


def network_target(base_url: str, key: str, other_key: str | None) -> Target:
    """A server over the network; reset through the control API when it is a simulator."""
    keys = Keys(key, other_key or None)
    parts = urlsplit(base_url)
    origin = f"{parts.scheme}://{parts.netloc}"
    reset: Callable[[], None] | None = None
    try:
        health = httpx.get(f"{origin}/_simulator/health", timeout=5)
        is_simulator = health.status_code == 200 and health.json().get("status") == "ok"
    except (httpx.HTTPError, ValueError):
        is_simulator = False
    if is_simulator:

        def reset() -> None:
            for account_key in (keys.primary, keys.other):
                if not account_key:
                    continue
                answer = httpx.post(f"{origin}/_simulator/reset", json={"apikey": account_key}, timeout=10)
                if answer.status_code == 403:
                    raise RuntimeError(f"the simulator at {origin} does not accept the configured API key(s)")
                answer.raise_for_status()

    kind = "simulator" if is_simulator else "server"
    return Target(f"{kind} at {base_url}", keys, base_url=base_url.rstrip("/"), sensitive=True, _reset=reset)


def target_from_environment(fault: Fault | None) -> Target:
    base_url = os.environ.get(ENV_BASE_URL, "").strip()
    if not base_url:
        return in_process_target(fault)
    if fault is not None:
        raise ValueError("faults are injected into the in-process simulator only; unset CLOUDPRINTER_BASE_URL")
    key = os.environ.get(ENV_API_KEY, "").strip()
    if not key:
        raise ValueError(f"{ENV_BASE_URL} is set but {ENV_API_KEY} is not")
    return network_target(base_url, key, os.environ.get(ENV_API_KEY_OTHER, "").strip() or None)


def load_config(profile: Profile, target: Target) -> SchemathesisConfig:
    """schemathesis.toml with the profile merged in, pointed at the target."""
    data = _merge(tomllib.loads(CONFIG_PATH.read_text(encoding="utf-8")), profile.schemathesis)
    if target.base_url is not None:
        data["base-url"] = target.base_url
    if target.sensitive:
        # A real key must not end up in CI logs or reports (schemathesis masks `apikey` by default).
        data.setdefault("output", {}).setdefault("sanitization", {})["enabled"] = True
    return SchemathesisConfig.from_dict(data, base_dir=str(REPO))
