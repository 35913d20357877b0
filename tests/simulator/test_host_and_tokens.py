"""Controls a web page cannot reach, and secrets given without the command line (issue 18, part 4).

- DNS rebinding: only requests whose ``Host`` is a loopback name, the bound address or an
  ``--allow-host`` name are answered; a rebound page gets 403 ``host_not_allowed`` from the API,
  the controls and the web page, and changes nothing.
- Control tokens: an empty or non-ASCII ``--control-token`` or ``$CLOUDCORE_SIMULATOR_CONTROL_TOKEN``
  is one ``error:`` line, never a traceback.
- The webhook key from ``--webhook-key-file`` or ``$CLOUDCORE_SIMULATOR_WEBHOOK_KEY``.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from starlette.testclient import TestClient

from cloudcore_simulator import VirtualClock, create_app
from cloudcore_simulator.__main__ import WEBHOOK_KEY_ENV
from cloudcore_simulator.control import CONTROL_TOKEN_ENV
from cloudcore_simulator.hosts import HostGuard
from cloudcore_simulator.testing import ThreadedServer, WebhookCapture
from tests._helpers.simulator import API, KEY_A, KEYS, START, SimulatorProcess, order_body

from .command_line import no_traceback_line, run_cli

PAGE = "/_simulator/"
WAIT = 60.0
WILDCARD = "0.0.0.0"  # noqa: S104 - a Host value to refuse, nothing binds to it


@pytest.mark.parametrize(
    "host",
    ["localhost", "LOCALHOST:8080", "localhost.", "app.localhost:1", "127.0.0.1", "127.9.8.7:80", "[::1]:8080",
     "::1", "testserver"],
)  # fmt: skip
def test_loopback_names_are_answered(host: str) -> None:
    assert HostGuard().allows(host)


@pytest.mark.parametrize(
    "host",
    ["evil.example", "evil.example:8080", "127.0.0.1.nip.io", "localhost.evil.example", WILDCARD, "10.0.0.1",
     "[2001:db8::1]:80", "", "local host", "\x00"],
)  # fmt: skip
def test_other_names_are_refused(host: str) -> None:
    assert not HostGuard().allows(host)


def test_allowed_names_the_bound_address_and_any() -> None:
    guard = HostGuard(["sim.internal", "*.corp.example"], bound="192.0.2.7")
    assert guard.allows("sim.internal:8080")
    assert guard.allows("a.b.corp.example")
    assert not guard.allows("corp.example")
    assert guard.allows("192.0.2.7:8080")
    assert not HostGuard(bound=WILDCARD).allows(WILDCARD)  # a wildcard bind names no host
    assert HostGuard(["*"]).allows("anything.example")
    assert HostGuard().allows(None)  # HTTP/1.0 without Host names no other site


@pytest.fixture
def client() -> Iterator[TestClient]:
    app = create_app(KEYS, clock=VirtualClock(start=START, speed=0))
    with TestClient(app, base_url="http://127.0.0.1:8080") as test_client:
        yield test_client


def test_a_rebound_page_is_refused_everywhere_and_changes_nothing(client: TestClient) -> None:
    assert client.post(API + "/orders/add", json=order_body("kept")).status_code == 201
    rebound = {"host": "attacker.example:8080", "origin": "http://attacker.example:8080"}
    calls = [
        ("POST", "/_simulator/reset", {}),
        ("POST", "/_simulator/clock/advance", {"seconds": 10**9}),
        ("POST", "/_simulator/clock/speed", {"speed": 1000}),
        ("POST", API + "/orders/", {"apikey": KEY_A}),
        ("GET", "/_simulator/health", None),
        ("GET", PAGE, None),
    ]
    for method, path, body in calls:
        answer = client.request(method, path, json=body, headers=rebound)
        assert answer.status_code == 403, path
        assert answer.json()["error"]["type"] == "host_not_allowed", path
        assert "attacker.example" in answer.json()["error"]["info"]
    signed = client.post(PAGE + "page/sign-in", data={"apikey": KEY_A}, headers=rebound, follow_redirects=False)
    assert signed.status_code == 403
    assert "set-cookie" not in signed.headers
    clock = client.get("/_simulator/clock").json()
    assert (clock["epoch"], clock["speed"]) == (START, 0)
    assert [o["reference"] for o in client.post(API + "/orders/", json={"apikey": KEY_A}).json()] == ["kept"]


def test_the_page_refuses_an_origin_that_is_not_its_own(client: TestClient) -> None:
    other = {"origin": "http://attacker.example:8080"}
    refused = client.post(PAGE + "page/sign-in", data={"apikey": KEY_A}, headers=other, follow_redirects=False)
    assert refused.status_code == 403
    own = {"origin": "http://127.0.0.1:8080"}
    assert (
        client.post(PAGE + "page/sign-in", data={"apikey": KEY_A}, headers=own, follow_redirects=False).status_code
        == 303
    )


def test_a_rebound_request_over_a_socket_is_refused(tmp_path: Path) -> None:
    app = create_app(KEYS, clock=VirtualClock(start=START, speed=0))
    with ThreadedServer(app) as server, httpx.Client(base_url=server.url, timeout=WAIT) as http:
        host = {"host": f"rebind.attacker.example:{server.port}"}
        assert http.post("/_simulator/reset", json={}, headers=host).status_code == 403
        assert http.post("/_simulator/reset", json={}, headers={"host": f"localhost:{server.port}"}).status_code == 200


def test_the_cli_answers_allowed_hosts_only(simulator_process: Callable[..., SimulatorProcess]) -> None:
    sim = simulator_process("--api-key", KEY_A, "--allow-host", "simulator.test")
    port = sim.base_url.rsplit(":", 1)[1]
    for host, status in ((f"simulator.test:{port}", 200), (f"localhost:{port}", 200), (f"other.test:{port}", 403)):
        answer = httpx.post(
            sim.base_url + API + "/products", json={"apikey": KEY_A}, headers={"host": host}, timeout=WAIT
        )
        assert answer.status_code == status, host


# ---- tokens and keys from the environment -----------------------------------------------------
def error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stderr
    line = no_traceback_line(result)
    assert line.startswith("python -m cloudcore_simulator: error: "), result.stderr
    return line


@pytest.mark.parametrize(
    ("args", "env", "says"),
    [
        (["--control-token", ""], {}, "--control-token: the control token must not be empty"),
        ([], {CONTROL_TOKEN_ENV: ""}, f"${CONTROL_TOKEN_ENV} is set but empty"),
        (["--control-token", "tökén"], {}, "--control-token: the control token must be printable ASCII"),
        ([], {CONTROL_TOKEN_ENV: "tökén"}, f"${CONTROL_TOKEN_ENV}: the control token must be printable ASCII"),
        (["--control-token", "two words"], {}, "must be printable ASCII"),
        (["--webhook-url", "http://127.0.0.1:9/x"], {}, "--webhook-url needs a webhook key"),
        (["--webhook-url", "http://127.0.0.1:9/x"], {WEBHOOK_KEY_ENV: " "}, f"${WEBHOOK_KEY_ENV} is set but empty"),
        (["--webhook-key", "k"], {}, "need --webhook-url"),
        (["--header-timeout", "nan"], {}, "--header-timeout"),
        (["--body-timeout", "0"], {}, "--body-timeout must be"),
    ],
    ids=["empty-flag", "empty-env", "non-ascii-flag", "non-ascii-env", "space", "no-key", "blank-key-env",
         "key-without-url", "header-timeout", "body-timeout"],
)  # fmt: skip
def test_a_bad_token_or_key_is_one_error_line(args: list[str], env: dict[str, str], says: str) -> None:
    assert says in error_line(run_cli(*args, env=env))


@pytest.mark.parametrize("content", ["", "\n\n", "one\ntwo\n"], ids=["empty", "blank", "two-lines"])
def test_an_unusable_webhook_key_file_is_one_error_line(tmp_path: Path, content: str) -> None:
    path = tmp_path / "webhook.key"
    path.write_text(content, encoding="utf-8")
    line = error_line(run_cli("--webhook-url", "http://127.0.0.1:9/x", "--webhook-key-file", str(path)))
    assert f"--webhook-key-file {path}: the file must hold one key on one line" in line


@pytest.mark.parametrize("source", ["file", "environment"])
def test_the_webhook_key_from_a_file_or_the_environment_signs_the_signals(
    simulator_process: Callable[..., SimulatorProcess], tmp_path: Path, source: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with WebhookCapture(key="webhook-5ecret-from-elsewhere") as capture:
        args = ["--api-key", KEY_A, "--speed", "0", "--webhook-url", capture.webhook_url, "--webhook-tick", "0.05"]
        if source == "file":
            path = tmp_path / "webhook.key"
            path.write_text(capture.key + "\n", encoding="utf-8")
            args += ["--webhook-key-file", str(path)]
        else:
            monkeypatch.setenv(WEBHOOK_KEY_ENV, capture.key)
        sim = simulator_process(*args)
        assert (
            httpx.post(sim.base_url + API + "/orders/add", json=order_body("signed"), timeout=WAIT).status_code == 201
        )
        httpx.post(sim.base_url + "/_simulator/clock/advance", json={"seconds": 200}, timeout=WAIT)
        signal = capture.wait_for("CloudprinterOrderValidated", order_reference="signed", timeout=WAIT)
    assert signal.payload["order_reference"] == "signed"  # the capture accepts only its own key
    assert capture.key.encode() not in Path(f"/proc/{sim.process.pid}/cmdline").read_bytes()
