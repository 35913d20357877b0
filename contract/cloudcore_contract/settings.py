"""What a run tests, with which keys, and how hard: the selection, targets, keys and profiles.

A target is a base URL over the network (the Cloudprinter sandbox, a simulator started elsewhere, a
service's own stand-in) or an ASGI app in-process (the simulator by default, when no URL is given;
or any ``--app module:factory``, which is how the fault proof runs a deliberately broken simulator).
"""

from __future__ import annotations

import copy
import importlib
import inspect
import sys
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import yaml
from schemathesis.config import SchemathesisConfig

PACKAGE = resources.files("cloudcore_contract")
#: The contract this tool tests against: a byte copy of openapi/cloudcore.yaml (see generator/generate.py).
SPEC_PATH = Path(str(PACKAGE / "generated" / "cloudcore.yaml"))
#: What counts as a failure: checks and expected statuses per operation.
CONFIG_PATH = Path(str(PACKAGE / "schemathesis.toml"))
PROFILES_PATH = Path(str(PACKAGE / "profiles.toml"))

#: Keys of the in-process simulator: two accounts. Test keys, not secrets.
SIMULATOR_KEY = "contract-primary-key"
SIMULATOR_OTHER_KEY = "contract-other-key"
#: A key no account has (well-formed: a non-empty string, so only the key check can reject it).
UNKNOWN_KEY = "contract-unknown-key-0000000000000000"

#: The phases a run is made of; each stateless phase runs per operation, `stateful` across them.
PHASES = ("examples", "coverage", "fuzzing", "stateful")

AppFactory = Callable[..., Any]


@dataclass(slots=True)
class Selection:
    """What this run does (set from the command line before the suite is collected)."""

    profile: str = "ci"
    base_url: str | None = None
    api_key: str | None = None
    other_api_key: str | None = None
    #: ``module:factory[:argument]``: an in-process ASGI app instead of the simulator (see in_process_target).
    app: str | None = None
    operations: frozenset[str] = frozenset()
    phases: frozenset[str] = frozenset()
    shard: tuple[int, int] = (1, 1)
    #: Stop at the first failure and do not shrink it (the fault proof; quick local checks).
    fail_fast: bool = False
    junit: Path | None = None
    stats: Path | None = None


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


def load_spec() -> dict[str, Any]:
    """The bundled contract, parsed once per run (libyaml's loader when the system has it)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    spec: dict[str, Any] = yaml.load(SPEC_PATH.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 - safe loaders
    return spec


def profile_names() -> list[str]:
    return sorted(tomllib.loads(PROFILES_PATH.read_text(encoding="utf-8")))


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
    """Where requests go: an in-process app or a base URL, and how to reset it between scenarios."""

    description: str
    keys: Keys
    app: Any = None
    base_url: str | None = None
    _reset: Callable[[], None] | None = field(default=None, repr=False)

    def reset(self) -> None:
        """Forget the suite's orders and quotes (a no-op against the real sandbox, which cannot)."""
        if self._reset is not None:
            self._reset()


def simulator_app(api_keys: Sequence[str], argument: str | None = None) -> Any:
    """The one place the in-process simulator is built: two accounts, a frozen clock, strict validation.

    ``strict=True`` (unknown request fields are a 400) is passed when the simulator has that switch:
    negative testing sends unknown fields and expects them rejected.
    """
    del argument
    try:
        from cloudcore_simulator import VirtualClock, create_app
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise SystemExit(
            "cloudcore-contract: no --base-url given and cloudcore_simulator is not installed "
            "(pip install cloudcore-simulator, or pass --base-url URL --api-key KEY)"
        ) from exc
    options: dict[str, Any] = {"clock": VirtualClock(speed=0)}
    if "strict" in inspect.signature(create_app).parameters:
        options["strict"] = True
    return create_app(list(api_keys), **options)


def load_app_factory(spec: str) -> tuple[AppFactory, str | None]:
    """``module:callable[:argument]`` -> the callable and its argument."""
    module_name, _, rest = spec.partition(":")
    attribute, _, argument = rest.partition(":")
    if not module_name or not attribute:
        raise ValueError(f"--app wants module:callable[:argument], got {spec!r}")
    if str(Path.cwd()) not in sys.path:
        sys.path.insert(0, str(Path.cwd()))  # like `python -m`: the module may live in the working directory
    factory = getattr(importlib.import_module(module_name), attribute)
    if not callable(factory):
        raise ValueError(f"--app {spec!r} is not callable")
    return factory, argument or None


def _reset_through(post: Callable[[str, dict[str, Any]], int], keys: Keys, where: str) -> Callable[[], None]:
    """A reset of the suite's accounts through the simulator's control API (``/_simulator/reset``)."""

    def reset() -> None:
        for account_key in (keys.primary, keys.other):
            if not account_key:
                continue
            status = post("/_simulator/reset", {"apikey": account_key})
            if status == 403:
                raise RuntimeError(f"the simulator at {where} does not accept the configured API key(s)")
            if status != 200:
                raise RuntimeError(f"resetting the simulator at {where} answered {status}")

    return reset


def in_process_target(app_spec: str | None) -> Target:
    """An ASGI app with the two test accounts: the simulator, or what ``app_spec`` builds."""
    from schemathesis.python import asgi

    keys = Keys(SIMULATOR_KEY, SIMULATOR_OTHER_KEY)
    factory, argument = load_app_factory(app_spec) if app_spec else (simulator_app, None)
    app = factory([keys.primary, SIMULATOR_OTHER_KEY], argument)
    client = asgi.get_client(app)

    def post(path: str, body: dict[str, Any]) -> int:
        return int(client.post(f"http://testserver{path}", json=body).status_code)

    description = f"in-process app {app_spec}" if app_spec else "simulator in-process"
    return Target(description, keys, app=app, _reset=_reset_through(post, keys, description))


def network_target(base_url: str, key: str, other_key: str | None) -> Target:
    """A server over the network; reset through the control API when it is a simulator."""
    keys = Keys(key, other_key or None)
    parts = urlsplit(base_url)
    origin = f"{parts.scheme}://{parts.netloc}"
    try:
        health = httpx.get(f"{origin}/_simulator/health", timeout=5)
        is_simulator = health.status_code == 200 and health.json().get("status") == "ok"
    except (httpx.HTTPError, ValueError):
        is_simulator = False
    reset: Callable[[], None] | None = None
    if is_simulator:

        def post(path: str, body: dict[str, Any]) -> int:
            return httpx.post(f"{origin}{path}", json=body, timeout=10).status_code

        reset = _reset_through(post, keys, origin)
    kind = "simulator" if is_simulator else "server"
    return Target(f"{kind} at {base_url}", keys, base_url=base_url.rstrip("/"), _reset=reset)


def target_for(selection: Selection) -> Target:
    if selection.base_url:
        if selection.app:
            raise ValueError("--app runs in-process: it cannot be combined with --base-url")
        if not selection.api_key:
            raise ValueError("--base-url needs --api-key (or CLOUDPRINTER_API_KEY)")
        return network_target(selection.base_url, selection.api_key, selection.other_api_key)
    return in_process_target(selection.app)


def load_config(profile: Profile, target: Target, *, fail_fast: bool = False) -> dict[str, Any]:
    """schemathesis.toml with the profile merged in, pointed at the target (a dict, per phase below)."""
    data = _merge(tomllib.loads(CONFIG_PATH.read_text(encoding="utf-8")), profile.schemathesis)
    if target.base_url is not None:
        data["base-url"] = target.base_url
    # Reports show `apikey` masked; the key never reaches a log (see junit.py for the replay line).
    data.setdefault("output", {}).setdefault("sanitization", {})["enabled"] = True
    if fail_fast:
        data.setdefault("generation", {})["no-shrink"] = True
    return data


def phase_config(data: Mapping[str, Any], phase: str) -> SchemathesisConfig:
    """The config with only ``phase`` of the stateless phases enabled (one parametrized test per phase)."""
    only = _merge(dict(data), {"phases": {name: {"enabled": name == phase} for name in PHASES}})
    return SchemathesisConfig.from_dict(only, base_dir=str(Path.cwd()))
