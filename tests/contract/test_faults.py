"""Proof that the contract suite catches drift: the contract tool must fail against each injected fault.

Each fault of ``faults.py`` is its own test: ``cloudcore-contract`` (``python -m cloudcore_contract``)
runs in a process of its own (forked.py; schemathesis hooks and checks are process-global) against the
in-process simulator with that one fault injected, restricted to the phase and operation that can
reveal it, and stops at its first failure (``-x``: no shrinking, nothing else run). The run must
fail, and its JUnit report must name the check expected to catch the fault. One more run of the
whole suite (profile ``faults``, as two jobs: ``--jobs 2``) against the unfaulted simulator must pass
with no failure at all.

Timeouts are per test and at least 3x the duration measured with both cores busy (README table).
"""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from .faults import FAULT_DESCRIPTIONS, Fault
from .forked import ForkedRun
from .runs import env

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Expectation:
    """What must appear among the failures (a schemathesis failure code or a custom check's name),
    and the smallest slice of the suite that reveals the fault."""

    reported_as: str
    phase: str
    operation: str | None = None
    #: The ``--app`` factory of faults.py: the strict simulator, its default (tolerant) mode, the sandbox.
    factory: str = "faulted_simulator"
    extra: tuple[str, ...] = ()
    #: Other checks that catch the same fault just as rightly, when the generated sequence meets them first.
    or_as: tuple[str, ...] = ()


EXPECTED: Mapping[Fault, Expectation] = {
    Fault.FIELD_TYPE_CHANGED: Expectation("ST108 Response violates schema", "examples", "listShippingCountries"),
    Fault.REQUIRED_FIELD_DROPPED: Expectation("ST108 Response violates schema", "examples", "listProducts"),
    Fault.FIELD_RENAMED: Expectation("ST108 Response violates schema", "examples", "listShippingLevels"),
    Fault.UNDOCUMENTED_STATUS: Expectation("ST103 Undocumented status code", "fuzzing", "getProductInfo"),
    Fault.WRONG_CONTENT_TYPE: Expectation("ST105 Undocumented Content-Type", "examples", "listProducts"),
    Fault.SERVER_ERROR: Expectation("ST101 Server error", "examples", "listShippingStates"),
    # A server that says it refuses unknown fields (--strict; here the probe would see them accepted).
    Fault.INVALID_INPUT_ACCEPTED: Expectation(
        "ST201 Schema-violating request accepted",
        "coverage",
        "listShippingLevels",
        extra=("--unknown-fields", "refused"),
    ),
    # Against a target that accepts unknown fields, negative testing still finds what it must refuse.
    Fault.WRONG_TYPE_ACCEPTED: Expectation(
        "ST201 Schema-violating request accepted", "coverage", "listShippingStates", "faulted_tolerant_simulator"
    ),
    # An account that already holds orders: every orders/ answer lists them.
    Fault.DUPLICATE_ORDER_REFERENCE: Expectation("references_unique", "examples", "listOrders", "faulted_sandbox"),
    Fault.DUPLICATE_ITEM_REFERENCE: Expectation("references_unique", "stateful"),
    # The fault answers 200 to every cancel, another account's too (the API answers 410 there): the
    # stateful run meets either first, by the order Hypothesis generates the steps in.
    Fault.CANCEL_NOT_APPLIED: Expectation("cancel_reflected", "stateful", or_as=("foreign_order_invisible",)),
    Fault.API_KEY_IGNORED: Expectation("wrong_key_forbidden", "examples", "listShippingLevels"),
    # Needs an order that was added and cancelled: the stateful phase (and its explicit link walk).
    Fault.WRONG_STATE_AFTER_CANCEL: Expectation("cancel_reflected", "stateful"),
    Fault.ORDER_MISSING_FROM_LIST: Expectation("added_order_visible", "examples", "addOrder"),
    Fault.NO_CONTENT_INSTEAD_OF_BODY: Expectation(
        "ST103 Undocumented status code", "examples", "listShippingCountries"
    ),
    Fault.MALFORMED_ERROR_BODY: Expectation("ST108 Response violates schema", "examples", "getOrderInfo"),
    Fault.ACCOUNTS_NOT_ISOLATED: Expectation("foreign_order_invisible", "examples", "addOrder"),
    Fault.ORDER_INFO_DIFFERS: Expectation("added_order_visible", "examples", "addOrder"),
    Fault.ALLOW_HEADER_MISSING: Expectation(
        "ST204 Wrong response to undeclared method", "coverage", "listShippingLevels"
    ),
}

#: Seconds. Measured near-quiet: 2.3-5.2 s per fault, 15 s for the clean run; busy machine plus two
#: busy loops: at most 27 s and 153 s (README, "Contract tests"). Budgets exceed 3x all of them.
FAULT_BUDGET = 120
CLEAN_BUDGET = 480


@dataclass(frozen=True)
class Run:
    """One run of the tool: exit code, failing tests and the text of their failures."""

    returncode: int
    tests: int
    failed: tuple[str, ...]
    failure_text: str
    output: str
    stats: Mapping[str, object]

    def describe(self) -> str:
        return f"exit {self.returncode}, {len(self.failed)} of {self.tests} tests failed\n{self.output[-3000:]}"


def start_tool(workdir: Path, *args: str, extra_env: Mapping[str, str] | None = None) -> ForkedRun:
    """``cloudcore-contract ARGS`` (forked.py) writing its report and figures to ``workdir``, output and
    errors in one stream, in the repository (``--app tests.contract...``) and without a configured target."""
    workdir.mkdir(parents=True, exist_ok=True)
    argv = ["-q", f"--junit={workdir / 'report.xml'}", f"--stats={workdir / 'stats.json'}", *args]
    return ForkedRun(argv, REPO, {**env(), **(extra_env or {})}, merge=True)


def finish_tool(process: ForkedRun, workdir: Path, budget: float) -> Run:
    """Wait for the run (at most ``budget`` seconds) and read its JUnit report and figures."""
    try:
        process.wait(budget)
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail(f"the contract run took longer than {budget} s\n{process.stdout[-3000:]}")
    output = process.stdout
    assert process.returncode is not None
    report, stats = workdir / "report.xml", workdir / "stats.json"
    failed: list[str] = []
    texts: list[str] = []
    tests = 0
    if report.exists():
        # The report was written a moment ago by our own subprocess: trusted input.
        for case in ET.parse(report).getroot().iter("testcase"):  # noqa: S314
            tests += 1
            for problem in (*case.iter("failure"), *case.iter("error")):
                failed.append(str(case.get("name")))
                texts.append(f"{problem.get('message', '')}\n{problem.text or ''}")
    figures = json.loads(stats.read_text(encoding="utf-8")) if stats.exists() else {}
    return Run(process.returncode, tests, tuple(failed), "\n".join(texts), output, figures)


def test_every_fault_has_an_expectation() -> None:
    assert set(EXPECTED) == set(Fault) == set(FAULT_DESCRIPTIONS)
    assert len(Fault) >= 12


@pytest.mark.timeout(CLEAN_BUDGET)
def test_unfaulted_simulator_passes(tmp_path: Path) -> None:
    """The whole `faults` profile, as two jobs side by side (`--jobs 2`, one per core): no failure at all,
    and the one report of the run holds both shards' work."""
    run = finish_tool(start_tool(tmp_path, "--profile", "faults", "--jobs", "2"), tmp_path, CLEAN_BUDGET - 10)
    assert run.returncode == 0, run.describe()
    assert not run.failed, run.describe()
    assert run.output.count("==== job ") == 2, run.describe()
    assert run.stats.get("jobs") == 2, run.describe()
    links = run.stats.get("links")
    assert isinstance(links, dict), run.describe()
    assert len(links) == run.stats.get("links_known") == 9, run.describe()
    assert run.tests >= 34, run.describe()
    units, cases = run.stats.get("units"), run.stats.get("cases")
    assert isinstance(units, list), run.describe()
    assert isinstance(cases, int), run.describe()
    assert len(units) == len(set(units)) == 11 * 3 + 2, units
    assert cases >= 300, run.describe()


@pytest.mark.timeout(FAULT_BUDGET)
@pytest.mark.parametrize("fault", list(Fault), ids=lambda fault: str(fault.value))
def test_fault_is_reported(tmp_path: Path, fault: Fault) -> None:
    expected = EXPECTED[fault]
    args = ["--profile", "faults", "-x", "--app", f"tests.contract.faults:{expected.factory}:{fault.value}"]
    args += ["--phase", expected.phase, *expected.extra]
    if expected.operation is not None:
        args += ["--operation", expected.operation]
    run = finish_tool(start_tool(tmp_path, *args), tmp_path, FAULT_BUDGET - 5)
    assert run.returncode == 1, run.describe()
    assert run.failed, run.describe()
    names = (expected.reported_as, *expected.or_as)
    assert any(name in run.failure_text for name in names), f"{fault.value} not reported as {names}\n{run.describe()}"
