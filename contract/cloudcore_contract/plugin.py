"""The pytest plugin the CLI runs the suite with: selection and shards, stopping, cleanup, the report.

pytest is the runner (schemathesis's pytest integration drives the phases), but its own JUnit
writer would put Python reprs and Hypothesis statistics into the report: this plugin writes the
report itself (``junit.py``), one testcase per test *as pytest names the item* (``test_fuzzing[POST
/orders/add]``), never by node id: pytest 9.2 gives all of a schemathesis test's items one node id.

When the target stops answering (or the deadline passes), the run stops after the test in
progress; at the end, the orders the run created are cancelled (``orders.py``) and the figures,
the traffic and the orders' fate are printed and written to ``--stats``.
"""

from __future__ import annotations

import gc
import json
import sys
from collections.abc import Generator
from contextlib import ExitStack
from typing import Any

import pytest

from .configcache import cached_configs
from .junit import Described, Outcome, describe, write
from .orders import cancel_created
from .run import Run
from .shards import unit_of
from .transport import Deadline, TargetUnavailable

SUITE_MODULE = "cloudcore_contract.suite"
#: Seconds the final cleanup may take at most, within the run's deadline.
CLEANUP_SECONDS = 120.0


def _parameter(item: pytest.Item) -> str | None:
    callspec = getattr(item, "callspec", None)
    if callspec is not None:
        return str(callspec.id)
    name = item.name
    return name[name.index("[") + 1 : -1] if "[" in name else None


def _unavailable(exc: BaseException | None) -> TargetUnavailable | None:
    """The ``TargetUnavailable`` inside ``exc`` (an exception group, a cause or a context), if any."""
    seen: set[int] = set()
    stack = [exc]
    while stack:
        current = stack.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, TargetUnavailable):
            return current
        if isinstance(current, BaseExceptionGroup):
            stack.extend(current.exceptions)
        stack.extend((current.__cause__, current.__context__))
    return None


class ContractPlugin:
    def __init__(self, run: Run) -> None:
        self.run = run
        self.outcomes: dict[str, Outcome] = {}
        self.selected_units: list[str] = []
        self._finished = False
        self._memo = ExitStack()

    # ---- selection ------------------------------------------------------------------------------
    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> None:
        """The suite builds only this run's units (``shards.plan``); keep exactly those tests."""
        suite = sys.modules.get(SUITE_MODULE)
        if suite is None:  # the suite failed to import: pytest reports the collection error
            return
        mine = set(suite.UNITS)
        units = {id(item): unit_of(getattr(item, "originalname", item.name), _parameter(item)) for item in items}
        keep = [item for item in items if units[id(item)] is None or units[id(item)] in mine]
        dropped = [item for item in items if item not in keep]
        if dropped:
            config.hook.pytest_deselected(items=dropped)
            items[:] = keep
        self.selected_units = sorted(str(unit) for unit in mine)

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        """What collection built (the schemas, their strategies, the coverage cases, the app) lives for
        the whole run: the garbage collector stops scanning it (``runner.run`` undoes this). Their
        configuration is final from here on: schemathesis's per-case lookups of it are memoized."""
        gc.collect()
        gc.freeze()
        self._memo.enter_context(cached_configs())

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        self._memo.close()

    # ---- results --------------------------------------------------------------------------------
    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, None]:
        outcome = yield
        report: pytest.TestReport = outcome.get_result()
        report.contract_name = item.name  # type: ignore[attr-defined]
        stopped = _unavailable(call.excinfo.value if call.excinfo is not None else None)
        reason = stopped.reason if stopped is not None else self.run.unavailable()
        if reason is not None and self.run.stopped is None:
            self.run.stopped = reason
            item.session.shouldstop = f"the run cannot go on: {reason}"
        if call.excinfo is not None and report.outcome != "passed":
            if report.skipped:
                text = str(call.excinfo.value)
                report.contract_described = Described(text, text)  # type: ignore[attr-defined]
            elif stopped is not None:
                text = f"the run stopped: {stopped.reason}"
                report.contract_described = Described(self.run.masker.text(text), self.run.masker.text(text))  # type: ignore[attr-defined]
            else:
                operation = _parameter(item)
                operation = operation if operation and operation.startswith("POST ") else None
                described = describe(call.excinfo.value, self.run.masker, operation)
                report.contract_described = described  # type: ignore[attr-defined]

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when != "call" and report.passed:
            return
        name = str(getattr(report, "contract_name", None) or report.nodeid.split("::", 1)[-1])
        classname = "contract." + name.split("[", 1)[0].removeprefix("test_")
        current = self.outcomes.get(name)
        status = "error" if report.failed and report.when != "call" else report.outcome
        described = getattr(report, "contract_described", None)
        if current is None or current.status == "passed":
            self.outcomes[name] = Outcome(name, classname, report.duration, status, described)
        else:
            current.seconds += report.duration

    # ---- the end --------------------------------------------------------------------------------
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if self._finished:
            return
        self._finished = True
        suite = sys.modules.get(SUITE_MODULE)
        if suite is not None and "started" in getattr(suite, "_RUN", {}):
            self._cancel_created_orders()
        figures = self.figures()
        selection = self.run.selection
        if selection.stats is not None and figures is not None:
            selection.stats.parent.mkdir(parents=True, exist_ok=True)
            text = self.run.masker.text(json.dumps(figures, indent=2))
            selection.stats.write_text(text + "\n", encoding="utf-8")
        if selection.junit is not None:
            properties: dict[str, str] = {}
            if figures is not None:
                for key in ("target", "profile", "shard", "cases", "probes", "seconds", "cases_per_second"):
                    properties[key] = str(figures[key])
                properties["links_followed"] = f"{len(figures['links'])} of {figures['links_known']}"
                traffic = figures["traffic"]
                properties["requests"] = str(traffic["requests"])
                properties["waited_429"] = str(traffic["waited_429"])
                properties["waited_503"] = str(traffic["waited_503"])
                if figures.get("orders"):
                    orders = figures["orders"]
                    properties["orders"] = (
                        f"created {orders['created']}, cancelled {orders['cancelled']}, left {orders['left']}"
                    )
            if self.run.stopped is not None:
                properties["stopped"] = self.run.stopped
            write(selection.junit, self.outcomes.values(), {k: self.run.masker.text(v) for k, v in properties.items()})

    def _cancel_created_orders(self) -> None:
        """Cancel the run's orders, within what is left of the deadline (at most ``CLEANUP_SECONDS``)."""
        run = self.run
        session = run.target.session
        unavailable = session.down if session is not None else None
        if session is not None and unavailable is None:
            # The same session (its pace, slowed down by any 429), with what is left of the deadline.
            session.deadline = Deadline(min(CLEANUP_SECONDS, max(0.0, run.deadline.remaining() + run.reserve_seconds)))
        run.cleanup = cancel_created(run.ledger, run.target.keys.primary, run.target.api, unavailable=unavailable)

    def figures(self) -> dict[str, Any] | None:
        suite = sys.modules.get(SUITE_MODULE)
        figures: dict[str, Any] | None = suite.figures() if suite is not None else None
        if figures is not None:
            figures["units"] = self.selected_units
            figures["orders"] = self.run.cleanup.as_dict() if self.run.cleanup is not None else None
            figures["stopped"] = self.run.stopped
            figures["traffic"] = self.run.traffic.as_dict()
        return figures

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        figures = self.figures()
        if figures is None:
            return
        write_line = terminalreporter.write_line
        terminalreporter.section("contract figures")
        phases = ", ".join(f"{name} {count}" for name, count in sorted(figures["by_phase"].items()))
        write_line(f"target: {figures['target']}; profile: {figures['profile']}; shard {figures['shard']}")
        write_line(
            f"unknown request fields: {figures['unknown_fields']} ({self.run.target.unknown_fields_source}); "
            f"account: {figures['account']}"
        )
        for note in self.run.notes:
            write_line(note)
        write_line(f"generated cases executed: {figures['cases']} ({phases})")
        write_line(f"operations: {len(figures['by_operation'])}; checks' own requests: {figures['probes']}")
        links = figures["links"]
        write_line(f"links followed: {len(links)} of {figures['links_known']} ({sum(links.values())} transitions)")
        write_line(f"{figures['cases']} cases in {figures['seconds']:.1f} s: {figures['cases_per_second']:.1f} cases/s")
        traffic = figures["traffic"]
        rate = f"at most {figures['max_rate']:g}/s" if figures["max_rate"] else "no rate cap"
        if traffic["slowed_to"] is not None:
            rate += f", slowed to {traffic['slowed_to']:g}/s after 429/503"
        where = "in-process" if self.run.target.app is not None else "over the network"
        write_line(
            f"requests {where}: {traffic['requests']} ({rate}); waited out: {traffic['waited_429']} x 429, "
            f"{traffic['waited_503']} x 503 ({traffic['waited_seconds']:.1f} s); reconnected: {traffic['reconnected']}"
        )
        if self.run.cleanup is not None:
            write_line(self.run.cleanup.line())
        if self.run.stopped is not None:
            write_line(f"STOPPED: {self.run.stopped} (exit status 3)")
        for outcome in self.outcomes.values():
            if outcome.status in ("failed", "error") and outcome.described is not None:
                terminalreporter.section(f"contract failure: {outcome.name}", sep="-")
                write_line(outcome.described.text)
