"""The contract tool as a service uses it: the installed ``cloudcore-contract`` command over loopback.

- a clean run, from a folder outside the repository against ``python -m cloudcore_simulator`` on
  127.0.0.1 (passes, follows every link, a JUnit report without the key): test_sandbox.py's
  default-mode test; the strict simulator's clean run (in-process) is test_faults.py's;
- against a simulator with an injected fault (uvicorn in a thread, the fault is test-only): the run
  fails and the report reads as a person wants it (operation, check, expected, what came back, a
  curl line) with the key masked, and carries no Python reprs or Hypothesis statistics;
- shards: the slices of ``--shard I/N`` together are exactly the unsharded run's phases and operations.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import uvicorn

from .faults import Fault, faulted_simulator

REPO = Path(__file__).resolve().parents[2]
KEY = "tool-test-primary-key-5f0c"
OTHER_KEY = "tool-test-other-key-91ab"
TOOL = shutil.which("cloudcore-contract", path=str(Path(sys.executable).parent))


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("CLOUDPRINTER_")}


def _wait_healthy(origin: str, process: subprocess.Popen[str] | None = None) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the simulator exited: {process.communicate()[0][-2000:]}")
        try:
            if httpx.get(f"{origin}/_simulator/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"no simulator at {origin}")


@contextmanager
def faulted_server(fault: Fault) -> Iterator[str]:
    """A simulator with ``fault`` injected, served by uvicorn in a thread on a free loopback port."""
    app = faulted_simulator([KEY, OTHER_KEY], fault.value)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        _wait_healthy(f"http://127.0.0.1:{port}")
        yield f"http://127.0.0.1:{port}/cloudcore/1.0"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


def _tool(cwd: Path, *args: str, timeout: float) -> subprocess.CompletedProcess[str]:
    assert TOOL is not None, "cloudcore-contract is not installed beside this interpreter"
    return subprocess.run(
        [TOOL, "-q", *args], cwd=cwd, env=_env(), capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.mark.timeout(200)
def test_installed_tool_fails_against_a_faulted_simulator_with_a_readable_report(tmp_path: Path) -> None:
    report = tmp_path / "contract.xml"
    with faulted_server(Fault.FIELD_TYPE_CHANGED) as base_url:
        done = _tool(
            tmp_path,
            *("--base-url", base_url, "--api-key", KEY, "--other-api-key", OTHER_KEY, "-x"),
            *("--phase", "examples", "--operation", "listShippingCountries", "--junit", str(report)),
            timeout=190,
        )
    assert done.returncode == 1, done.stdout[-4000:] + done.stderr[-2000:]
    text = report.read_text(encoding="utf-8")
    assert KEY not in text
    assert KEY not in done.stdout + done.stderr
    failure = ET.parse(report).getroot().find(".//failure")  # noqa: S314 - our own report
    assert failure is not None
    assert failure.get("message") == "POST /shipping/countries: ST108 Response violates schema"
    body = failure.text or ""
    assert "operation:    POST /shipping/countries" in body
    assert "check:        ST108 Response violates schema" in body
    assert "expected/got:" in body
    assert "came back:    200 OK" in body
    replay = next(line for line in body.splitlines() if line.startswith("replay:"))
    assert 'curl -X POST -H \'Content-Type: application/json\' -d \'{"apikey": "***"' in replay
    assert f"{base_url}/shipping/countries" in replay
    # No Python reprs, no Hypothesis statistics (base64) in the report.
    assert "Severity." not in text
    assert "FailureGroup" not in text
    names = {prop.get("name") for prop in ET.parse(report).getroot().iter("property")}  # noqa: S314
    assert names == {
        *("target", "profile", "shard", "cases", "probes", "seconds", "cases_per_second", "links_followed"),
        *("requests", "waited_429", "waited_503", "orders"),
    }


def _units(*args: str) -> set[str]:
    done = _tool(REPO, "--list", *args, timeout=280)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    return {line.removeprefix("unit: ") for line in done.stdout.splitlines() if line.startswith("unit: ")}


def _coverage(units: set[str]) -> set[str]:
    """Phases and operations, with the stateful parts seen as the one stateful phase."""
    return {"stateful" if unit.startswith("stateful ") else unit for unit in units}


@pytest.mark.timeout(300)
def test_shards_together_cover_the_unsharded_run() -> None:
    whole = _units()
    assert len(whole) == 11 * 3 + 1
    slices = [_units("--shard", f"{index}/3") for index in (1, 2, 3)]
    for one, other in ((0, 1), (0, 2), (1, 2)):
        assert not slices[one] & slices[other]
    assert _coverage(set().union(*slices)) == _coverage(whole)
    assert all(any(unit.startswith("stateful ") for unit in part) for part in slices)
