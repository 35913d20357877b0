"""pytest plugin: the ``cloudcore_simulator`` fixture, registered by the ``pytest11`` entry point.

Installing ``cloudcore-simulator`` is all a service's tests need: the fixture gives a running
:class:`~cloudcore_simulator.testing.SimulatorServer` on 127.0.0.1 with two accounts, a frozen
clock (by default) and a webhook receiver, reset before every test. One server is shared per
``cloudcore_simulator_scope`` (default: the session), because starting and stopping one takes about 0.15 s.

Options, each an ini key (``[tool.pytest.ini_options]``) and a command-line flag:

- ``cloudcore_simulator_scope`` / ``--cloudcore-simulator-scope``: how long one server lives,
  ``session`` (default), ``package``, ``module``, ``class`` or ``function`` (a new server per test).
- ``cloudcore_simulator_speed`` / ``--cloudcore-simulator-speed``: virtual seconds per real second
  at the start of every test (default 0: time moves only with ``advance``).
- ``cloudcore_simulator_db`` / ``--cloudcore-simulator-db``: ``memory`` (default) or ``sqlite`` (a
  file in pytest's temporary directory, as a ``--db`` deployment keeps its state).

The marker ``@pytest.mark.cloudcore_simulator(speed=60)`` sets the clock speed for one test.

For the test's duration the fixture also sets ``CLOUDPRINTER_BASE_URL`` and ``CLOUDPRINTER_API_KEY``
(the variables the client reads when it is given no ``base_url``/``api_key``), so a service's own
code that builds ``CloudCore()`` itself talks to the simulator, not to production; both are
restored afterwards.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Final, Literal, cast

import pytest

from .testing import SimulatorServer

__all__ = ["API_KEY_ENV", "BASE_URL_ENV", "cloudcore_simulator"]

BASE_URL_ENV: Final = "CLOUDPRINTER_BASE_URL"
API_KEY_ENV: Final = "CLOUDPRINTER_API_KEY"
"""The client's own variables (``cloudcore_client``'s ``BASE_URL_ENV`` and ``API_KEY_ENV``)."""

Scope = Literal["session", "package", "module", "class", "function"]
SCOPES: Final[tuple[Scope, ...]] = ("session", "package", "module", "class", "function")
DB_KINDS: Final = ("memory", "sqlite")
_OPTIONS: Final = {
    "scope": ("session", "how long one simulator server lives: " + ", ".join(SCOPES)),
    "speed": ("0", "virtual seconds per real second at the start of each test (0: frozen)"),
    "db": ("memory", "the simulator's state: memory or sqlite (a file in pytest's temporary directory)"),
}
MARKER: Final = (
    "cloudcore_simulator(speed=None): the clock speed (virtual seconds per real second) of the "
    "cloudcore_simulator fixture for this test"
)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("cloudcore-simulator", "the cloudcore_simulator fixture")
    for name, (default, help_text) in _OPTIONS.items():
        parser.addini(f"cloudcore_simulator_{name}", f"{help_text} (default {default})", default=default)
        group.addoption(
            f"--cloudcore-simulator-{name}", dest=f"cloudcore_simulator_{name}", default=None, help=help_text
        )


def _option(config: pytest.Config, name: str) -> str:
    value = config.getoption(f"cloudcore_simulator_{name}")
    if value is None:
        value = config.getini(f"cloudcore_simulator_{name}")
    return str(value).strip()


def _speed(value: object, where: str) -> float:
    try:
        speed = float(str(value))
    except ValueError:
        raise pytest.UsageError(f"{where}: the speed must be a number >= 0, got {value!r}") from None
    if not math.isfinite(speed) or speed < 0:
        raise pytest.UsageError(f"{where}: the speed must be a number >= 0, got {value!r}")
    return speed


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", MARKER)
    if _option(config, "scope") not in SCOPES:
        raise pytest.UsageError(f"cloudcore_simulator_scope must be one of {', '.join(SCOPES)}")
    if _option(config, "db") not in DB_KINDS:
        raise pytest.UsageError(f"cloudcore_simulator_db must be one of {', '.join(DB_KINDS)}")
    _speed(_option(config, "speed"), "cloudcore_simulator_speed")


def _scope(fixture_name: str, config: pytest.Config) -> Scope:
    return cast(Scope, _option(config, "scope"))  # checked in pytest_configure


@pytest.fixture(scope=_scope)
def _cloudcore_simulator_server(
    pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SimulatorServer]:
    """One simulator server (and webhook receiver) for the configured scope."""
    db_path = None
    if _option(pytestconfig, "db") == "sqlite":
        db_path = tmp_path_factory.mktemp("cloudcore-simulator") / "simulator.db"
    speed = _speed(_option(pytestconfig, "speed"), "cloudcore_simulator_speed")
    with SimulatorServer(speed=speed, db_path=db_path, capture_webhooks=True) as server:
        yield server


@pytest.fixture
def cloudcore_simulator(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, _cloudcore_simulator_server: SimulatorServer
) -> Iterator[SimulatorServer]:
    """A running CloudCore simulator on 127.0.0.1, reset for this test.

    ``base_url``, ``api_key``, ``other_api_key``; ``client()`` (``CloudCore`` over loopback) and
    ``async_client()`` (``AsyncCloudCore`` in-process); ``advance(seconds)``, ``freeze()``,
    ``set_speed(x)``, ``now()``, ``force_error(reference, state)``; ``webhooks.received`` and
    ``webhooks.wait_for(type, order_reference=...)``. Clients made with ``client()`` are closed
    after the test. ``CLOUDPRINTER_BASE_URL`` and ``CLOUDPRINTER_API_KEY`` name this simulator
    and its first account while the test runs.
    """
    server = _cloudcore_simulator_server
    monkeypatch.setenv(BASE_URL_ENV, server.base_url)
    monkeypatch.setenv(API_KEY_ENV, server.api_key)
    server.reset()
    marker = request.node.get_closest_marker("cloudcore_simulator")
    if marker is not None and marker.kwargs.get("speed") is not None:
        server.set_speed(_speed(marker.kwargs["speed"], "@pytest.mark.cloudcore_simulator"))
    try:
        yield server
    finally:
        server.close_clients()
