"""``cloudcore-contract proxy`` as a service runs it: its own process, a report on demand and on exit."""

from __future__ import annotations

import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from cloudcore_simulator.testing import ThreadedServer
from tests._helpers.proxy import KEY, TIMEOUT, simulator

REPO = Path(__file__).resolve().parents[2]
#: Seconds to start or stop the command: 2-4 s on a busy 2-core machine (imports, mostly).
BUDGET = 120.0


class Running:
    """The proxy command in a subprocess, its stderr read line by line in a thread."""

    def __init__(self, *args: str) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("CLOUDPRINTER_")}
        command = [sys.executable, "-m", "cloudcore_contract", "proxy", *args]
        self.process = subprocess.Popen(command, cwd=REPO, env=env, stderr=subprocess.PIPE, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, text: str) -> str:
        deadline = time.monotonic() + BUDGET
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"no line with {text!r}; got:\n" + "\n".join(self.seen))

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(BUDGET)
        while True:
            try:
                self.seen.append(self.lines.get(timeout=1))
            except queue.Empty:
                return code

    def close(self) -> None:
        """Kill the process if it still runs, let the reader reach the end of stderr, and close the pipe."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(BUDGET)
        self.reader.join(BUDGET)
        assert self.process.stderr is not None
        self.process.stderr.close()


@contextmanager
def command(*args: str) -> Iterator[Running]:
    running = Running(*args)
    try:
        yield running
    finally:
        running.close()


def wait_for_file(path: Path) -> dict[str, object]:
    deadline = time.monotonic() + BUDGET
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return data


def test_the_command_reports_on_demand_and_on_exit(tmp_path: Path) -> None:
    report, junit = tmp_path / "reports" / "proxy.json", tmp_path / "reports" / "proxy.xml"
    with (
        ThreadedServer(simulator()) as upstream,
        command("--upstream", upstream.url, "--port", "0", "--report", str(report), "--junit", str(junit)) as proxy,
    ):
        line = proxy.wait_for(f"-> {upstream.url}")
        url = line.split(": ", 1)[1].split(" ", 1)[0]
        assert httpx.get(url + "/_proxy/health", timeout=TIMEOUT).json()["status"] == "ok"
        answer = httpx.post(url + "/cloudcore/1.0/products", json={"apikey": KEY}, timeout=TIMEOUT)
        assert answer.status_code == 200
        httpx.post(url + "/cloudcore/1.0/shipping/states", json={"apikey": KEY}, timeout=TIMEOUT)  # no country
        proxy.wait_for("violation listShippingStates invalid-request")
        os.kill(proxy.process.pid, signal.SIGUSR1)
        assert wait_for_file(report)["exchanges"] == 2
        assert junit.exists()
        written = httpx.post(url + "/_proxy/report", timeout=TIMEOUT).json()
        assert written["written"] == [str(report), str(junit)]
        assert httpx.get(url + "/_proxy/elsewhere", timeout=TIMEOUT).status_code == 404
        httpx.post(url + "/cloudcore/1.0/shipping/levels", json={"apikey": KEY}, timeout=TIMEOUT)
        assert proxy.stop() in (0, -signal.SIGTERM)  # uvicorn re-raises the signal once it has shut down
    final = json.loads(report.read_text(encoding="utf-8"))
    assert final["exchanges"] == 3
    assert final["violations_by_kind"] == {"invalid-request": 1}
    assert "<testcase" in junit.read_text(encoding="utf-8")
    summary = "\n".join(proxy.seen)
    assert "violations: 1 (invalid-request 1)" in summary
    assert KEY not in summary


#: What the contract suite runs on and what replay sends with: none of it is loaded to serve the proxy
#: (about 40 MiB and a second and a half of start-up, mostly schemathesis and pytest).
SUITE_MODULES = frozenset({"pytest", "_pytest", "schemathesis", "hypothesis", "requests", "jsonschema", "httpx"})


def test_the_proxy_starts_without_the_contract_suites_modules() -> None:
    """The command's entry point, the proxy's command line and its server import none of them."""
    code = (
        "import sys\n"
        "import cloudcore_contract.cli, cloudcore_contract.proxy.cli, cloudcore_contract.proxy.server\n"
        "print(' '.join(sorted(name.partition('.')[0] for name in sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=BUDGET)
    assert done.returncode == 0, done.stderr
    loaded = set(done.stdout.split())
    assert {"cloudcore_contract", "uvicorn", "aiohttp"} <= loaded
    assert not SUITE_MODULES & loaded, sorted(SUITE_MODULES & loaded)


def test_usage_errors_and_a_taken_port() -> None:
    usage = subprocess.run(
        [sys.executable, "-m", "cloudcore_contract", "proxy"], cwd=REPO, capture_output=True, text=True, timeout=BUDGET
    )
    assert usage.returncode == 2
    assert "--upstream" in usage.stderr
    helped = subprocess.run(
        [sys.executable, "-m", "cloudcore_contract", "--help"], cwd=REPO, capture_output=True, text=True, timeout=BUDGET
    )
    assert "cloudcore-contract proxy --help" in helped.stdout
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        with command("--upstream", "http://127.0.0.1:9", "--port", port) as proxy:
            assert proxy.process.wait(BUDGET) == 3
            proxy.stop()
            assert any("cannot listen" in line for line in proxy.seen), proxy.seen
