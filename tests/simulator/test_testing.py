"""What ships for services' tests: ``cloudcore_simulator.testing`` and the ``cloudcore_simulator`` pytest fixture.

The fixture is exercised as a service meets it: test files written to a folder outside this
repository and run by a separate pytest with ``-W error``, which finds the plugin through its
``pytest11`` entry point alone (no conftest, no ``-p``). The blocks of docs/service.md
are run the same way, so the documentation cannot drift from what works.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from cloudcore_simulator.lifecycle import MAX_DURATION
from cloudcore_simulator.testing import SimulatorServer, ThreadedServer, WebhookCapture
from tests._helpers.simulator import order_body
from tests._helpers.spec import REPO

PYTEST = [sys.executable, "-m", "pytest", "-W", "error", "-p", "no:cacheprovider", "-p", "no:randomly", "-q"]


def hello_app() -> Starlette:
    async def hello(request: object) -> PlainTextResponse:
        return PlainTextResponse("hello")

    return Starlette(routes=[Route("/", hello)])


def refused(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


# ---- ThreadedServer / SimulatorServer, in this process ----------------------------------------
def test_threaded_server_serves_until_stopped_and_restarts_on_its_port() -> None:
    server = ThreadedServer(hello_app())
    with pytest.raises(RuntimeError, match="not started"):
        _ = server.port
    with server:
        port = server.port
        assert httpx.get(server.url, timeout=30).text == "hello"  # no wait: start() returned once it listens
        with pytest.raises(RuntimeError, match="already started"):
            server.start()
    assert refused(port)
    server.stop()  # stopping twice is harmless
    with ThreadedServer(hello_app(), port=port) as again:
        assert httpx.get(again.url, timeout=30).text == "hello"


def test_a_failing_start_up_is_an_error_that_says_why() -> None:
    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        raise OSError("the database is locked")
        yield  # pragma: no cover

    server = ThreadedServer(Starlette(lifespan=lifespan), start_timeout=120)
    started = time.monotonic()
    with pytest.raises(RuntimeError, match="failed to start"):
        server.start()
    assert time.monotonic() - started < 60  # it notices the failure, it does not sit out the timeout
    assert not server.running


def test_simulator_server_keeps_its_keys_out_of_its_repr_and_says_what_it_lacks() -> None:
    with SimulatorServer(["only-key-1234567"], speed=0) as sim:
        assert "only-key" not in repr(sim)
        assert sim.base_url == f"http://127.0.0.1:{sim.port}/cloudcore/1.0"
        with pytest.raises(AttributeError, match="single account"):
            _ = sim.other_api_key
        with pytest.raises(RuntimeError, match="capture_webhooks=True"):
            _ = sim.webhooks
        body = order_body("kept", key=sim.api_key)
        assert httpx.post(sim.base_url + "/orders/add", json=body, timeout=30).status_code == 201
        sim.reset()
        answer = httpx.post(sim.base_url + "/orders/", json={"apikey": sim.api_key}, timeout=30)
        assert answer.status_code == 204 or answer.json() == []


def test_webhook_capture_refuses_a_wrong_key_and_wait_for_names_what_came() -> None:
    with WebhookCapture() as capture:
        wrong = {"apikey": "not-the-key", "type": "ItemProduce", "order_reference": "o-1"}
        assert httpx.post(capture.webhook_url, json=wrong, timeout=30).status_code == 403
        right = {**wrong, "apikey": capture.key}
        assert httpx.post(capture.webhook_url, json=right, timeout=30).status_code == 204
        assert capture.types() == ["ItemProduce"]
        assert capture.received[0].payload == {"type": "ItemProduce", "order_reference": "o-1"}
        assert capture.key not in repr(capture.received[0])
        with pytest.raises(
            TimeoutError, match=r"no ItemShipped signal of order 'o-1' within 0.1 s; received: \['ItemProduce'\]"
        ):
            capture.wait_for("ItemShipped", order_reference="o-1", timeout=0.1)


# ---- the pytest fixture, as a service's test run meets it -------------------------------------
PLUGIN_TESTS = """
import time

import httpx
import pytest

ORDER = {order!r}


def add(sim, reference, key=None):
    body = dict(ORDER, apikey=key or sim.api_key, reference=reference)
    return httpx.post(sim.base_url + "/orders/add", json=body, timeout=30)


def listed(sim, key=None):
    answer = httpx.post(sim.base_url + "/orders/", json={{"apikey": key or sim.api_key}}, timeout=30)
    return [] if answer.status_code == 204 else [order["reference"] for order in answer.json()]


def test_1_time_stands_still_until_advanced(cloudcore_simulator):
    before = cloudcore_simulator.now()
    time.sleep(0.05)
    assert cloudcore_simulator.now() == before
    assert (cloudcore_simulator.advance(3600) - before).total_seconds() == 3600
    cloudcore_simulator.set_speed(1000)  # the next test must not inherit this
    assert add(cloudcore_simulator, "same-reference").status_code == 201


def test_2_each_test_starts_empty_and_frozen(cloudcore_simulator):
    assert listed(cloudcore_simulator) == []
    assert add(cloudcore_simulator, "same-reference").status_code == 201
    before = cloudcore_simulator.now()
    time.sleep(0.05)
    assert cloudcore_simulator.now() == before


@pytest.mark.cloudcore_simulator(speed=3600)
def test_3_the_marker_sets_the_speed(cloudcore_simulator):
    before = cloudcore_simulator.now()
    time.sleep(0.05)
    assert (cloudcore_simulator.now() - before).total_seconds() >= 0.04 * 3600
    cloudcore_simulator.freeze()
    frozen = cloudcore_simulator.now()
    time.sleep(0.05)
    assert cloudcore_simulator.now() == frozen


def test_4_accounts_are_apart(cloudcore_simulator):
    assert add(cloudcore_simulator, "mine").status_code == 201
    assert listed(cloudcore_simulator, cloudcore_simulator.other_api_key) == []
    assert listed(cloudcore_simulator) == ["mine"]


def test_5_signals_arrive_in_order_and_errors_too(cloudcore_simulator):
    assert add(cloudcore_simulator, "life").status_code == 201
    assert add(cloudcore_simulator, "broken").status_code == 201
    cloudcore_simulator.force_error("broken", 11)
    error = cloudcore_simulator.webhooks.wait_for("ItemError", order_reference="broken")
    assert error.payload["order_reference"] == "broken"
    cloudcore_simulator.advance({max_duration})
    cloudcore_simulator.webhooks.wait_for("ItemShipped", order_reference="life")
    assert cloudcore_simulator.webhooks.types("life") == [
        "CloudprinterOrderValidated", "ItemValidated", "ItemProduce", "ItemProduced", "ItemPacked", "ItemShipped"
    ]


def test_6_the_webhooks_of_earlier_tests_are_gone(cloudcore_simulator):
    assert cloudcore_simulator.webhooks.received == []


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.mark.anyio
async def test_7_the_in_process_client_shares_the_state(cloudcore_simulator):
    assert add(cloudcore_simulator, "seen-by-both").status_code == 201
    over_loopback = cloudcore_simulator.client().orders.list_orders()
    async with cloudcore_simulator.async_client() as client:
        in_process = await client.orders.list_orders()
    assert [o.reference for o in over_loopback] == [o.reference for o in in_process] == ["seen-by-both"]
"""


def run_pytest(folder: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, **(env or {})}
    return subprocess.run(
        [*PYTEST, *args], cwd=folder, env=environ, capture_output=True, text=True, timeout=240, check=False
    )


@pytest.mark.parametrize(
    "options",
    [[], ["--cloudcore-simulator-scope=function", "--cloudcore-simulator-db=sqlite"]],
    ids=["defaults", "a-server-per-test-on-sqlite"],
)
def test_the_fixture_in_a_services_test_run(tmp_path: Path, options: list[str]) -> None:
    order = order_body("replaced-per-test")
    (tmp_path / "test_service.py").write_text(PLUGIN_TESTS.format(order=order, max_duration=MAX_DURATION))
    result = run_pytest(tmp_path, *options)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "7 passed" in result.stdout, result.stdout


SERVICE_CODE_TESTS = """
import os

import httpx
from cloudcore_client import CloudCore

ORDER = {order!r}


def count_orders():  # the service's own code: it builds its client itself, from the environment
    with CloudCore() as client:
        return len(client.orders.list_orders())


def test_1_the_services_own_client_reaches_the_simulator(cloudcore_simulator):
    assert os.environ["CLOUDPRINTER_BASE_URL"] == cloudcore_simulator.base_url
    assert os.environ["CLOUDPRINTER_API_KEY"] == cloudcore_simulator.api_key
    body = dict(ORDER, apikey=cloudcore_simulator.api_key, reference="mine")
    assert httpx.post(cloudcore_simulator.base_url + "/orders/add", json=body, timeout=30).status_code == 201
    assert count_orders() == 1


def test_2_without_the_fixture_the_environment_is_as_it_was():
    assert os.environ["CLOUDPRINTER_BASE_URL"] == "https://sandbox.invalid/cloudcore/1.0"
    assert "CLOUDPRINTER_API_KEY" not in os.environ
"""


def test_the_fixture_points_a_services_own_client_at_the_simulator_for_the_test_only(tmp_path: Path) -> None:
    (tmp_path / "test_service_code.py").write_text(SERVICE_CODE_TESTS.format(order=order_body("replaced")))
    environment = {k: v for k, v in os.environ.items() if k != "CLOUDPRINTER_API_KEY"}
    environment["CLOUDPRINTER_BASE_URL"] = "https://sandbox.invalid/cloudcore/1.0"
    result = subprocess.run(
        [*PYTEST, "-p", "no:randomly"], cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=240
    )
    assert "2 passed" in result.stdout, result.stdout + result.stderr


def test_a_wrong_option_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "test_nothing.py").write_text("def test_nothing():\n    pass\n")
    only_this_plugin = {"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}  # a quicker start; the other tests load it as installed
    result = run_pytest(
        tmp_path, "-p", "cloudcore_simulator.pytest_plugin", "--cloudcore-simulator-scope=forever", env=only_this_plugin
    )
    assert result.returncode == pytest.ExitCode.USAGE_ERROR
    assert "cloudcore_simulator_scope must be one of session, package, module, class, function" in result.stderr


# ---- the "Use in your service" page (docs/service.md) --------------------------------------
def readme_section() -> str:
    return (REPO / "docs" / "service.md").read_text(encoding="utf-8")


def blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```$", readme_section(), re.MULTILINE | re.DOTALL)


def test_the_readme_test_file_and_server_example_pass_with_warnings_as_errors(tmp_path: Path) -> None:
    test_file, server_example = blocks("python")
    (tmp_path / "test_cloudprinter.py").write_text(test_file)
    result = run_pytest(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 passed" in result.stdout, result.stdout
    (tmp_path / "example.py").write_text(server_example)
    run = subprocess.run(
        [sys.executable, "-W", "error", "example.py"], cwd=tmp_path, capture_output=True, text=True, timeout=240
    )
    assert run.returncode == 0, run.stderr


def test_the_readme_install_commands_name_the_packages_as_they_are_built() -> None:
    """Each path and git subdirectory is a project, and a ``name @`` matches that project's name."""
    commands = " ".join(blocks("sh")).replace("\\\n", " ")
    paths = re.findall(r"\.\./cloudcore/(\w+)", commands)
    subdirectories = re.findall(r'"(?:([\w-]+) @ )?git\+\$CLOUDCORE_GIT@main#subdirectory=(\w+)"', commands)
    assert sorted(paths) == sorted(folder for _, folder in subdirectories) == ["generated_client", "simulator"]
    for name, folder in subdirectories:
        project = (REPO / folder / "pyproject.toml").read_text(encoding="utf-8")
        declared = re.search(r'^name = "([^"]+)"', project, re.MULTILINE)
        assert declared is not None, folder
        if name:
            assert re.sub(r"[-_.]+", "-", name) == re.sub(r"[-_.]+", "-", declared.group(1))
    simulator = (REPO / "simulator" / "pyproject.toml").read_text(encoding="utf-8")
    assert 'cloudcore_simulator = "cloudcore_simulator.pytest_plugin"' in simulator
    assert "==" not in simulator.split("dependencies = [", 1)[1].split("]", 1)[0]  # ranges, never pins
