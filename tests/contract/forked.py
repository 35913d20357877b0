"""Runs of the contract tool in tests, forked from a process that has already imported it.

A fresh ``cloudcore-contract`` process spends about 0.9 CPU-s importing schemathesis, Hypothesis,
pytest and the simulator before its first request, more than most of this folder's runs spend on
their cases. Each pytest worker therefore starts one fork server (``multiprocessing``'s
``forkserver``, single-threaded, those modules preloaded), and a run is a fork of it: a process of
its own, so the tool's process-wide state (hooks, garbage-collector thresholds, the hard-stop
``os._exit``, the masking streams) stays in it, as it does in a service's CI. The run gets exactly
the environment, working directory and arguments it is given and runs ``python -m cloudcore_contract``
(``runpy``, then the interpreter's exit functions); its output goes to files.

What a fork cannot reproduce is what happens before the first import: the console script itself,
and an environment that changes what gets imported (``PYTHONPATH``, installed pytest plugins). Those
runs start a fresh interpreter (``fresh=True`` in ``runs.tool``; test_isolation, test_tool, the
installed-package sessions); a forked run refuses an environment whose ``PYTHON*`` variables differ
from the fork server's.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import runpy
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

#: Imported once per worker, before the first fork: the tool, the suite's plugins, the fault apps.
PRELOAD = (
    "cloudcore_contract.cli",
    "cloudcore_contract.runner",
    "schemathesis.pytest.plugin",
    "_hypothesis_pytestplugin",
    "tests.contract.faults",
)

_CONTEXT = multiprocessing.get_context("forkserver")
_server_env: dict[str, str] | None = None


def _interpreter_env(env: Mapping[str, str]) -> dict[str, str]:
    return {key: value for key, value in env.items() if key.startswith("PYTHON")}


def _child(argv: Sequence[str], cwd: str, env: Mapping[str, str], out: str, err: str) -> None:
    """In the fork: become ``python -m cloudcore_contract ARGV`` in ``cwd`` with ``env``."""
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    for fd, path in ((1, out), (2, err)):
        target = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.dup2(target, fd)
        os.close(target)
    sys.argv = ["cloudcore-contract", *argv]
    code: Any = 0
    try:
        runpy.run_module("cloudcore_contract", run_name="__main__", alter_sys=True)
    except SystemExit as stop:
        code = stop.code
    finally:
        atexit._run_exitfuncs()  # what the interpreter's exit would run
    sys.exit(code)


class ForkedRun:
    """One forked run: ``wait``/``kill`` like ``subprocess.Popen``, its output once it has ended."""

    def __init__(self, argv: Sequence[str], cwd: Path, env: Mapping[str, str], *, merge: bool) -> None:
        global _server_env
        if _server_env is None:
            _CONTEXT.set_forkserver_preload(list(PRELOAD))
            _server_env = _interpreter_env(os.environ)
        if _interpreter_env(env) != _server_env:
            raise ValueError("PYTHON* variables differ from the fork server's: start a fresh interpreter")
        self.args = ["cloudcore-contract", *argv]
        self._folder = Path(tempfile.mkdtemp(prefix="forked-run-"))
        self._out = self._folder / "stdout"
        self._err = self._out if merge else self._folder / "stderr"
        self._process = _CONTEXT.Process(
            target=_child, args=(list(argv), str(cwd), dict(env), str(self._out), str(self._err)), daemon=False
        )
        self._process.start()
        self.returncode: int | None = None
        self.stdout = ""
        self.stderr = ""

    def wait(self, timeout: float) -> int:
        """The exit status; ``subprocess.TimeoutExpired`` if the run is still going after ``timeout`` s."""
        if self.returncode is not None:
            return self.returncode
        try:
            self._process.join(timeout)
        except BaseException:  # the test's own timeout, ^C: the run does not outlive the test
            self.kill()
            raise
        if self._process.exitcode is None:
            raise subprocess.TimeoutExpired(self.args, timeout)
        self.returncode = self._process.exitcode
        self._collect()
        return self.returncode

    def kill(self) -> None:
        """End the run now (SIGKILL) and keep what it wrote."""
        if self.returncode is not None:
            return
        self._process.kill()
        self._process.join()
        self.returncode = self._process.exitcode
        self._collect()

    def _collect(self) -> None:
        """Once, when the run has ended: read its output, remove its folder, release the process."""
        self.stdout = self._out.read_text(encoding="utf-8", errors="replace") if self._out.exists() else ""
        if self._err != self._out and self._err.exists():
            self.stderr = self._err.read_text(encoding="utf-8", errors="replace")
        shutil.rmtree(self._folder, ignore_errors=True)
        self._process.close()


def run(argv: Sequence[str], *, cwd: Path, env: Mapping[str, str], timeout: float) -> subprocess.CompletedProcess[str]:
    """Like ``subprocess.run([tool, *argv], capture_output=True, text=True, timeout=...)``, forked."""
    forked = ForkedRun(argv, cwd, env, merge=False)
    try:
        code = forked.wait(timeout)
    except subprocess.TimeoutExpired:
        forked.kill()
        raise
    return subprocess.CompletedProcess(forked.args, code, forked.stdout, forked.stderr)
