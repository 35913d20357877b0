"""Running ``python -m cloudcore_simulator`` to its end, for the tests of its refusals."""

from __future__ import annotations

import os
import subprocess
import sys

from cloudcore_simulator.__main__ import WEBHOOK_KEY_ENV
from cloudcore_simulator.control import CONTROL_TOKEN_ENV
from tests._helpers.simulator import KEY_A


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The simulator with one key on a free port (and without secrets from this environment) until it exits."""
    environ = {k: v for k, v in os.environ.items() if k not in (CONTROL_TOKEN_ENV, WEBHOOK_KEY_ENV)}
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "cloudcore_simulator", "--api-key", KEY_A, "--port", "0", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=environ,
        check=False,
    )


def no_traceback_line(result: subprocess.CompletedProcess[str]) -> str:
    """The last line on stderr (the refusal); there is no traceback and nothing on stdout."""
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    return result.stderr.strip().splitlines()[-1]
