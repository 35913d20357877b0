"""What the tool tests: the target, found out by a few probes before any case is generated.

A target is a base URL (the Cloudprinter sandbox, a simulator started elsewhere, a service's own
stand-in) or an ASGI app in-process (the simulator by default; any ``--app module:factory``).
Before the suite starts, :func:`open_target` asks it, through the run's bounded transport:

- whether ``/_simulator/`` answers (a simulator, whose accounts the tool may reset) — a short,
  bounded probe, so that a trickling target cannot hold the start;
- whether it takes the key (``shipping/levels``): unreachable, silent or a 401/403 means the run
  cannot start (exit status 3, :class:`CannotRun`), and the same for ``--other-api-key``;
- whether it refuses an unknown request field with a 400 (``--strict`` simulator) or accepts it as
  the real API does: that decides how the suite reads the contract's ``additionalProperties``.
"""

from __future__ import annotations

import importlib
import inspect
import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

from .masking import Masker
from .settings import SIMULATOR_KEY, SIMULATOR_OTHER_KEY, Keys, Selection, api_prefix
from .transport import Deadline, Limits, PoliteSession, TargetUnavailable, Traffic

__all__ = ["PROBE_FIELD", "CannotRun", "Target", "open_target", "simulator_app"]

#: The unknown field of the strictness probe (no API has it).
PROBE_FIELD: Final = "cloudcore_contract_unknown_field_probe"
#: The longest the ``/_simulator/health`` probe may take: a target that trickles it is no simulator.
HEALTH_TIMEOUT: Final = 5.0
#: Loopback hosts: no rate cap by default (a simulator or stand-in on this machine).
LOOPBACK: Final = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})

AppFactory = Callable[..., Any]
Post = Callable[[str, dict[str, Any]], tuple[int, Any]]


class CannotRun(Exception):
    """The target cannot be tested (unreachable, silent, or it refuses the key): exit status 3."""


@dataclass
class Target:
    """Where requests go and what the probes found out about it."""

    description: str
    keys: Keys
    app: Any = None
    base_url: str | None = None
    session: PoliteSession | None = None
    #: ``/_simulator/`` answers: the accounts can be reset.
    controls: bool = False
    #: An unknown request field is refused with a 400 (a strict simulator), not accepted (the real API).
    refuses_unknown_fields: bool = False
    #: How that was decided: "probed" or "--unknown-fields".
    unknown_fields_source: str = "probed"
    #: Other runs may use the same accounts at the same time (shards): never reset.
    shared: bool = False
    _api: Post | None = field(default=None, repr=False)
    _control: Post | None = field(default=None, repr=False)

    @property
    def resettable(self) -> bool:
        return self.controls and not self.shared

    def close(self) -> None:
        """Close the session (an in-process app's lifespan ends with it)."""
        if self.session is not None:
            self.session.close()

    def api(self, path: str, body: dict[str, Any]) -> tuple[int, Any]:
        """POST ``body`` to the API path (``/orders/info``): status and JSON (None when not JSON)."""
        if self._api is None:
            raise CannotRun("this run has no target (--list)")
        return self._api(path, body)

    def reset(self) -> bool:
        """Forget the suite's accounts' orders and quotes (only a simulator not shared); True when done."""
        if not self.resettable or self._control is None:
            return False
        for account_key in (self.keys.primary, self.keys.other):
            if not account_key:
                continue
            status, _ = self._control("/_simulator/reset", {"apikey": account_key})
            if status == 403:
                raise CannotRun(f"the simulator at {self.description} does not accept the configured API key(s)")
            if status != 200:
                raise CannotRun(f"resetting the simulator at {self.description} answered {status}")
        return True


def simulator_app(api_keys: Sequence[str], argument: str | None = None) -> Any:
    """The one place the in-process simulator is built: two accounts, a frozen clock, strict validation.

    ``strict=True`` (unknown request fields are a 400) is passed when the simulator has that switch.
    """
    del argument
    try:
        from cloudcore_simulator import VirtualClock, create_app
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise CannotRun(
            "no --base-url given and cloudcore_simulator is not installed "
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


def _build_app(spec: str | None, api_keys: list[str]) -> Any:
    """The app of ``--app`` (the simulator without it). A factory that cannot be imported or fails is a
    run that cannot be made (exit 3, one line naming where it failed), not a contract violation."""
    if spec is None:
        return simulator_app(api_keys, None)
    try:
        factory, argument = load_app_factory(spec)
        return factory(api_keys, argument)
    except CannotRun:
        raise
    except Exception as exc:  # whatever the service's factory raises
        frames = traceback.extract_tb(exc.__traceback__)
        where = f" ({Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""
        raise CannotRun(f"--app {spec}: {type(exc).__name__}: {exc}{where}") from None


def _json(response: Any) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _in_process(selection: Selection, masker: Masker, limits: Limits, deadline: Deadline, traffic: Traffic) -> Target:
    from .inprocess import ORIGIN, InProcessSession, LifespanFailed

    keys = Keys(SIMULATOR_KEY, SIMULATOR_OTHER_KEY)
    app = _build_app(selection.app, [keys.primary, SIMULATOR_OTHER_KEY])
    session = InProcessSession(app, limits, masker, deadline, traffic)
    try:
        session.open()
    except LifespanFailed as exc:
        session.close()
        raise CannotRun(f"the app did not start: {exc}") from None
    base_url = f"{ORIGIN}{api_prefix()}"

    def api(path: str, body: dict[str, Any]) -> tuple[int, Any]:
        answer = session.post(f"{base_url}{path}", json=body)
        return answer.status_code, _json(answer)

    def control(path: str, body: dict[str, Any]) -> tuple[int, Any]:
        answer = session.post(f"{ORIGIN}{path}", json=body)
        return answer.status_code, _json(answer)

    try:
        health = session.get(f"{ORIGIN}/_simulator/health")
    except BaseException:
        session.close()
        raise
    payload = _json(health)
    controls = health.status_code == 200 and isinstance(payload, dict) and payload.get("status") == "ok"
    description = f"in-process app {selection.app}" if selection.app else "simulator in-process"
    return Target(
        description, keys, app=app, base_url=base_url, session=session, controls=controls, _api=api, _control=control
    )


def _network(selection: Selection, masker: Masker, limits: Limits, deadline: Deadline, traffic: Traffic) -> Target:
    assert selection.base_url is not None
    assert selection.api_key is not None
    base_url = selection.base_url.rstrip("/")
    parts = urlsplit(base_url)
    origin = f"{parts.scheme}://{parts.netloc}"
    keys = Keys(selection.api_key, selection.other_api_key or None)
    session = PoliteSession(limits, masker, deadline, traffic)

    def api(path: str, body: dict[str, Any]) -> tuple[int, Any]:
        answer = session.post(f"{base_url}{path}", json=body)
        return answer.status_code, _json(answer)

    def control(path: str, body: dict[str, Any]) -> tuple[int, Any]:
        answer = session.post(f"{origin}{path}", json=body)
        return answer.status_code, _json(answer)

    # A probe of its own, with a short timeout: a target that trickles it is simply no simulator.
    quick = PoliteSession(
        replace(limits, request_timeout=min(HEALTH_TIMEOUT, limits.request_timeout)), masker, deadline, traffic
    )
    try:
        health = quick.get(f"{origin}/_simulator/health")
        payload = _json(health)
        controls = health.status_code == 200 and isinstance(payload, dict) and payload.get("status") == "ok"
    except (TargetUnavailable, AssertionError):
        controls = False
    finally:
        quick.close()
    kind = "simulator" if controls else "server"
    return Target(
        f"{kind} at {base_url}", keys, base_url=base_url, session=session, controls=controls, _api=api, _control=control
    )


def is_loopback(base_url: str | None) -> bool:
    """Whether the target runs on this machine (in-process, or a loopback address)."""
    if base_url is None:
        return True
    host = urlsplit(base_url).hostname or ""
    return host in LOOPBACK or host.startswith("127.")


def open_target(selection: Selection, masker: Masker, limits: Limits, deadline: Deadline, traffic: Traffic) -> Target:
    """The target, probed: raises :class:`CannotRun` when it cannot be tested."""
    try:
        if selection.base_url:
            target = _network(selection, masker, limits, deadline, traffic)
        else:
            target = _in_process(selection, masker, limits, deadline, traffic)
        try:
            target.shared = selection.shared
            _check_keys(target)
            if selection.unknown_fields == "auto":
                status, _ = target.api("/shipping/levels", {"apikey": target.keys.primary, PROBE_FIELD: 1})
                target.refuses_unknown_fields = status == 400
            else:
                target.refuses_unknown_fields = selection.unknown_fields == "refused"
                target.unknown_fields_source = "--unknown-fields"
        except BaseException:
            target.close()
            raise
    except TargetUnavailable as exc:
        raise CannotRun(exc.reason) from None
    except AssertionError as exc:  # an oversized answer to a probe
        raise CannotRun(str(exc)) from None
    return target


def _check_keys(target: Target) -> None:
    for what, key in (("--api-key", target.keys.primary), ("--other-api-key", target.keys.other)):
        if not key:
            continue
        status, payload = target.api("/shipping/levels", {"apikey": key})
        if status in (401, 403):
            raise CannotRun(f"the target refused the key of {what} (shipping/levels answered {status})")
        if status >= 500 and payload is None:
            raise CannotRun(f"the target does not answer as a CloudCore API (shipping/levels answered {status})")
