"""Running the installed ``cloudcore-contract`` as a service does, and reading what it leaves behind."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests._helpers.simulator import free_port

from . import forked

TOOL = shutil.which("cloudcore-contract", path=str(Path(sys.executable).parent))
REPORT = "contract.xml"
STATS = "stats.json"


@dataclass
class ToolRun:
    """What one run of the tool printed, returned and wrote (``--junit``/``--stats`` in its directory)."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float
    cwd: Path
    report_text: str = ""
    stats: dict[str, Any] = field(default_factory=dict)
    #: testcase name -> failure/error text ("" when it passed)
    cases: dict[str, str] = field(default_factory=dict)

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def everything(self) -> str:
        """Every byte the run showed or wrote: output, report, figures."""
        return self.output + self.report_text + json.dumps(self.stats)

    @property
    def failures(self) -> str:
        return "\n".join(text for text in self.cases.values() if text)

    def describe(self) -> str:
        return f"exit {self.returncode} after {self.seconds:.1f} s\n{self.stdout[-4000:]}\n{self.stderr[-2000:]}"


def env() -> dict[str, str]:
    """The environment without a configured target (a service's CI variables must not leak in)."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("CLOUDPRINTER_", "HYPOTHESIS_"))}


def tool(
    cwd: Path,
    *args: str,
    timeout: float,
    reports: bool = True,
    extra_env: Mapping[str, str] | None = None,
    fresh: bool = False,
) -> ToolRun:
    """``cloudcore-contract -q ARGS`` in ``cwd`` (writing ``contract.xml`` and ``stats.json`` there),
    with ``extra_env`` added to the environment: forked (forked.py), or the installed console script
    in a fresh interpreter when ``fresh``."""
    assert TOOL is not None, "cloudcore-contract is not installed beside this interpreter"
    cwd.mkdir(parents=True, exist_ok=True)
    argv = ["-q", *args]
    if reports:
        argv += ["--junit", REPORT, "--stats", STATS]
    started = time.monotonic()
    environment = {**env(), **(extra_env or {})}
    if fresh:
        done = subprocess.run(
            [TOOL, *argv], cwd=cwd, env=environment, capture_output=True, text=True, timeout=timeout, check=False
        )
    else:
        done = forked.run(argv, cwd=cwd, env=environment, timeout=timeout)
    run = ToolRun(done.returncode, done.stdout, done.stderr, time.monotonic() - started, cwd)
    report, stats = cwd / REPORT, cwd / STATS
    if report.exists():
        run.report_text = report.read_text(encoding="utf-8")
        for case in ET.fromstring(run.report_text).iter("testcase"):  # noqa: S314 - our own report
            texts = [f"{p.get('message', '')}\n{p.text or ''}" for p in (*case.iter("failure"), *case.iter("error"))]
            run.cases[str(case.get("name"))] = "\n".join(texts)
    if stats.exists():
        run.stats = json.loads(stats.read_text(encoding="utf-8"))
    return run


def left_behind(cwd: Path) -> set[str]:
    """What the run left in its directory, besides the reports it was asked for."""
    return {path.name for path in cwd.iterdir()} - {REPORT, STATS}


@contextmanager
def simulator_process(*flags: str, keys: tuple[str, ...]) -> Iterator[str]:
    """``python -m cloudcore_simulator FLAGS`` on a free loopback port with ``keys``; its API base URL.

    Ready when it prints its serving line (the readiness signal), which works in every mode,
    the sandbox-like one (no ``/_simulator/health``) included.
    """
    command = [sys.executable, "-m", "cloudcore_simulator", "--host", "127.0.0.1", "--port", str(free_port())]
    for key in keys:
        command += ["--api-key", key]
    process = subprocess.Popen([*command, *flags], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    drain: threading.Thread | None = None
    try:
        assert process.stdout is not None
        line = ""
        deadline = time.monotonic() + 120
        while "serving http://" not in line:
            line = process.stdout.readline()
            if not line and process.poll() is not None:
                raise RuntimeError(f"the simulator exited: {process.communicate()[0][-2000:]}")
            if time.monotonic() > deadline:
                raise RuntimeError("the simulator did not start within 120 s")
        url = line.split("serving ", 1)[1].split()[0]
        drain = threading.Thread(target=process.stdout.read, daemon=True)  # keep its pipe from filling up
        drain.start()
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
        if drain is not None:
            drain.join(timeout=30)  # the pipe ends with the process
        if process.stdout is not None:
            process.stdout.close()
