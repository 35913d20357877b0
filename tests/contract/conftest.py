"""Options of the contract suite and its closing figures (cases executed, seconds, cases per second).

The suite itself is ``contract_suite.py`` (named so that a plain ``pytest`` run does not collect it:
``nox -s contract`` names it explicitly). Hooks and custom checks register only when it is imported.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from cloudcore_simulator.faults import Fault


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("contract", "cloudcore contract suite (tests/contract/contract_suite.py)")
    group.addoption(
        "--contract-profile",
        default="ci",
        help="profile from tests/contract/profiles.toml: ci (default), thorough, faults",
    )
    group.addoption(
        "--contract-fault",
        default=None,
        choices=[fault.value for fault in Fault],
        help="run against the in-process simulator with this fault injected (cloudcore_simulator.faults)",
    )
    group.addoption("--contract-stats", default=None, help="write the run's figures as JSON to this file")


def pytest_configure(config: pytest.Config) -> None:
    # The suite builds its schema when its module is imported (collection), so the choice is made here.
    from .settings import SELECTED

    SELECTED.profile = str(config.getoption("--contract-profile"))
    fault = config.getoption("--contract-fault")
    SELECTED.fault = Fault(fault) if fault else None


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, exitstatus: int, config: pytest.Config) -> None:
    suite = sys.modules.get("tests.contract.contract_suite")
    if suite is None:
        return
    figures = suite.figures()
    if figures is None:
        return
    stats_path = config.getoption("--contract-stats")
    if stats_path:
        Path(stats_path).parent.mkdir(parents=True, exist_ok=True)
        Path(stats_path).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    terminalreporter.section("contract figures")
    phases = ", ".join(f"{name} {count}" for name, count in sorted(figures["by_phase"].items()))
    modes = ", ".join(f"{name} {count}" for name, count in sorted(figures["by_mode"].items()))
    terminalreporter.write_line(f"target: {figures['target']}; profile: {figures['profile']}")
    terminalreporter.write_line(f"generated cases executed: {figures['cases']} ({phases}; {modes})")
    terminalreporter.write_line(
        f"operations: {len(figures['by_operation'])}; checks' own requests: {figures['probes']}"
    )
    links = figures["links"]
    terminalreporter.write_line(f"links followed: {sum(links.values())} over {len(links)} distinct links")
    terminalreporter.write_line(
        f"{figures['cases']} cases in {figures['seconds']:.1f} s: {figures['cases_per_second']:.1f} cases/s"
    )
