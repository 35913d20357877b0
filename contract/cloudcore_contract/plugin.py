"""The pytest plugin the CLI runs the suite with: selection and shards, the JUnit report, the figures.

pytest is the runner (schemathesis's pytest integration drives the phases), but its own JUnit
writer would put Python reprs and Hypothesis statistics into the report: this plugin writes the
report itself (``junit.py``) and prints the run's figures at the end.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Generator
from typing import Any

import pytest

from .junit import Described, Outcome, describe, write
from .settings import SIMULATOR_KEY, SIMULATOR_OTHER_KEY, Selection
from .shards import unit_of

SUITE_MODULE = "cloudcore_contract.suite"


def _parameter(item: pytest.Item) -> str | None:
    callspec = getattr(item, "callspec", None)
    if callspec is not None:
        return str(callspec.id)
    name = item.name
    return name[name.index("[") + 1 : -1] if "[" in name else None


class ContractPlugin:
    def __init__(self, selection: Selection) -> None:
        self.selection = selection
        self.outcomes: dict[str, Outcome] = {}
        self.selected_units: list[str] = []

    @property
    def secrets(self) -> list[str | None]:
        return [self.selection.api_key, self.selection.other_api_key, SIMULATOR_KEY, SIMULATOR_OTHER_KEY]

    # ---- selection ------------------------------------------------------------------------------
    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> None:
        """The suite builds only this run's units (``shards.plan``); keep exactly those tests."""
        suite = sys.modules.get(SUITE_MODULE)
        if suite is None:  # the suite failed to import: pytest reports the collection error
            return
        mine = set(suite.UNITS)
        units = {item.nodeid: unit_of(getattr(item, "originalname", item.name), _parameter(item)) for item in items}
        keep = [item for item in items if units[item.nodeid] is None or units[item.nodeid] in mine]
        dropped = [item for item in items if item not in keep]
        if dropped:
            config.hook.pytest_deselected(items=dropped)
            items[:] = keep
        self.selected_units = sorted(str(unit) for unit in mine)

    # ---- results --------------------------------------------------------------------------------
    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, None]:
        outcome = yield
        report: pytest.TestReport = outcome.get_result()
        if call.excinfo is not None and report.outcome != "passed":
            if report.skipped:
                reason = str(call.excinfo.value)
                report.contract_described = Described(reason, reason)  # type: ignore[attr-defined]
            else:
                report.contract_described = describe(call.excinfo.value, self.secrets)  # type: ignore[attr-defined]

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when != "call" and report.passed:
            return
        name = report.nodeid.split("::", 1)[-1]
        classname = "contract." + name.split("[", 1)[0].removeprefix("test_")
        current = self.outcomes.get(report.nodeid)
        status = "error" if report.failed and report.when != "call" else report.outcome
        described = getattr(report, "contract_described", None)
        if current is None or current.status == "passed":
            self.outcomes[report.nodeid] = Outcome(name, classname, report.duration, status, described)
        else:
            current.seconds += report.duration

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        figures = self.figures()
        if self.selection.stats is not None and figures is not None:
            self.selection.stats.parent.mkdir(parents=True, exist_ok=True)
            self.selection.stats.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        if self.selection.junit is not None:
            properties: dict[str, str] = {}
            if figures is not None:
                for key in ("target", "profile", "shard", "cases", "probes", "seconds", "cases_per_second"):
                    properties[key] = str(figures[key])
                properties["links_followed"] = f"{len(figures['links'])} of {figures['links_known']}"
            write(self.selection.junit, self.outcomes.values(), properties)

    def figures(self) -> dict[str, Any] | None:
        suite = sys.modules.get(SUITE_MODULE)
        figures: dict[str, Any] | None = suite.figures() if suite is not None else None
        if figures is not None:
            figures["units"] = self.selected_units
        return figures

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        figures = self.figures()
        if figures is None:
            return
        write_line = terminalreporter.write_line
        terminalreporter.section("contract figures")
        phases = ", ".join(f"{name} {count}" for name, count in sorted(figures["by_phase"].items()))
        write_line(f"target: {figures['target']}; profile: {figures['profile']}; shard {figures['shard']}")
        write_line(f"generated cases executed: {figures['cases']} ({phases})")
        write_line(f"operations: {len(figures['by_operation'])}; checks' own requests: {figures['probes']}")
        links = figures["links"]
        write_line(f"links followed: {len(links)} of {figures['links_known']} ({sum(links.values())} transitions)")
        write_line(f"{figures['cases']} cases in {figures['seconds']:.1f} s: {figures['cases_per_second']:.1f} cases/s")
        for outcome in self.outcomes.values():
            if outcome.status in ("failed", "error") and outcome.described is not None:
                terminalreporter.section(f"contract failure: {outcome.name}", sep="-")
                write_line(outcome.described.text)
