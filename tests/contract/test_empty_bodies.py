"""Empty bodies the real API may send (FACTS.md: 403, 409, 410, a cancel's 200) pass the suite; others fail it.

The rule is ``facts.empty_body_allowed``, shared with the validating proxy. The stand-in is
``empty_bodies.py``: the in-process simulator with those answers' bodies (and Content-Type) removed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .empty_bodies import ENV_LOG
from .forked import ForkedRun
from .test_faults import CLEAN_BUDGET, FAULT_BUDGET, Run, finish_tool, start_tool

APP = "tests.contract.empty_bodies:emptied_simulator"


def _start(workdir: Path, log: Path, *args: str) -> ForkedRun:
    return start_tool(workdir, *args, extra_env={ENV_LOG: str(log)})


def _emptied(log: Path) -> set[tuple[int, str]]:
    lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    return {(int(status), path.rsplit("/1.0", 1)[-1]) for status, path in (line.split(" ", 1) for line in lines)}


@pytest.mark.timeout(CLEAN_BUDGET)
def test_the_documented_empty_bodies_pass_the_whole_suite(tmp_path: Path) -> None:
    log = tmp_path / "emptied.log"
    run: Run = finish_tool(
        _start(tmp_path, log, "--profile", "faults", "--app", f"{APP}:documented"), tmp_path, CLEAN_BUDGET - 10
    )
    assert run.returncode == 0, run.describe()
    assert not run.failed, run.describe()
    emptied = _emptied(log)
    statuses = {status for status, _ in emptied}
    assert {403, 410} <= statuses, emptied  # wrong keys, and other accounts' orders
    assert (200, "/orders/cancel") in emptied, emptied
    assert {path for status, path in emptied if status == 403} >= {"/shipping/levels", "/orders/add"}, emptied


@pytest.mark.timeout(FAULT_BUDGET)
def test_an_empty_body_elsewhere_still_fails(tmp_path: Path) -> None:
    log = tmp_path / "emptied.log"
    args = ("--profile", "faults", "--phase", "examples", "--operation", "addOrder", "-x")
    run = finish_tool(_start(tmp_path, log, *args, "--app", f"{APP}:elsewhere"), tmp_path, FAULT_BUDGET - 5)
    assert run.returncode == 1, run.describe()
    assert (400, "/orders/add") in _emptied(log)
    # The custom checks raise schemathesis's own failures: no Content-Type, and no JSON.
    assert "ST104 Missing Content-Type header" in run.failure_text, run.describe()
    assert "ST109 JSON deserialization error" in run.failure_text, run.describe()
