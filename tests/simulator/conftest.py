"""Fixtures for the simulator tests: an in-process app on a frozen clock, and real servers.

Servers are started and stopped by the tests themselves, on 127.0.0.1 and a free port.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from cloudcore_simulator import VirtualClock, create_app
from cloudcore_simulator.store import MemoryStore, SQLiteStore, Store
from cloudcore_simulator.testing import ThreadedServer
from tests._helpers.simulator import KEYS, START, Api, SimulatorProcess, start_simulator


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock(start=START, speed=0)


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """Both stores: every business rule must behave the same on each."""
    the_store: Store = MemoryStore() if request.param == "memory" else SQLiteStore(tmp_path / "sim.db")
    yield the_store
    the_store.close()


@pytest.fixture
def api(store: Store, clock: VirtualClock) -> Iterator[Api]:
    app = create_app(KEYS, clock=clock, store=store)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Api(client, clock, app)


@pytest.fixture
def mem_api(clock: VirtualClock) -> Iterator[Api]:
    """Memory store only, for tests about HTTP handling rather than storage."""
    app = create_app(KEYS, clock=clock)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Api(client, clock, app)


@pytest.fixture
def strict_api(clock: VirtualClock) -> Iterator[Api]:
    """Memory store, ``strict=True``: unknown request fields are refused."""
    app = create_app(KEYS, clock=clock, strict=True)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Api(client, clock, app)


@pytest.fixture
def live_server(clock: VirtualClock) -> Iterator[ThreadedServer]:
    """The simulator on a frozen clock, served by uvicorn in a thread on a free loopback port."""
    with ThreadedServer(create_app(KEYS, clock=clock)) as server:
        yield server


@pytest.fixture
def simulator_process() -> Iterator[Callable[..., SimulatorProcess]]:
    """A factory of simulator subprocesses, all stopped at the end of the test."""
    started: list[SimulatorProcess] = []

    def start(*args: str) -> SimulatorProcess:
        sim = start_simulator(*args)
        started.append(sim)
        return sim

    yield start
    for sim in started:
        sim.stop()
