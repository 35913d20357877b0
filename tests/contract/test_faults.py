"""Proof that the contract suite catches drift: it runs against each injected fault and must fail.

Every fault of ``cloudcore_simulator.faults`` gets a run of the whole suite (``contract_suite.py``,
profile ``faults``) against the in-process simulator with that one fault injected, in a subprocess
of its own (schemathesis hooks and checks are process-global). Each run must fail, and its JUnit
report must name the check expected to catch the fault. One more run without a fault must pass
with no failure at all. The runs execute in parallel, one per CPU.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from cloudcore_simulator.faults import FAULT_DESCRIPTIONS, Fault

REPO = Path(__file__).resolve().parents[2]
SUITE = "tests/contract/contract_suite.py"
CLEAN = "none"

#: What must appear among the failures of each fault's run: a schemathesis failure code or the
#: name of a custom check (tests/contract/checks.py).
EXPECTED: Mapping[Fault, str] = {
    Fault.FIELD_TYPE_CHANGED: "ST108 Response violates schema",
    Fault.REQUIRED_FIELD_DROPPED: "ST108 Response violates schema",
    Fault.FIELD_RENAMED: "ST108 Response violates schema",
    Fault.UNDOCUMENTED_STATUS: "ST103 Undocumented status code",
    Fault.WRONG_CONTENT_TYPE: "ST105 Undocumented Content-Type",
    Fault.SERVER_ERROR: "ST101 Server error",
    Fault.INVALID_INPUT_ACCEPTED: "ST201 Schema-violating request accepted",
    Fault.API_KEY_IGNORED: "Custom check failed: `wrong_key_forbidden`",
    Fault.WRONG_STATE_AFTER_CANCEL: "Custom check failed: `cancel_reflected`",
    Fault.ORDER_MISSING_FROM_LIST: "Custom check failed: `added_order_visible`",
    Fault.NO_CONTENT_INSTEAD_OF_BODY: "ST103 Undocumented status code",
    Fault.MALFORMED_ERROR_BODY: "ST108 Response violates schema",
    Fault.ACCOUNTS_NOT_ISOLATED: "Custom check failed: `foreign_order_invisible`",
    Fault.ORDER_INFO_DIFFERS: "Custom check failed: `added_order_visible`",
    Fault.ALLOW_HEADER_MISSING: "ST204 Wrong response to undeclared method",
}


@dataclass(frozen=True)
class Run:
    """One run of the suite: exit code, failing tests and the text of their failures."""

    name: str
    returncode: int
    tests: int
    failed: tuple[str, ...]
    failure_text: str
    output: str
    stats: Mapping[str, object]

    def describe(self) -> str:
        summary = f"{self.name}: exit {self.returncode}, {len(self.failed)} of {self.tests} tests failed"
        return f"{summary}\n{self.output[-3000:]}"


def _run_suite(name: str, workdir: Path) -> Run:
    report, stats = workdir / f"{name}.xml", workdir / f"{name}.json"
    # --assert=plain: no assertion rewriting of every plugin module at start-up (a few seconds per run).
    command = [sys.executable, "-m", "pytest", SUITE, "-q", "-p", "no:cacheprovider", "--assert=plain"]
    command += ["--contract-profile", "faults"]
    command += [f"--junitxml={report}", f"--contract-stats={stats}"]
    if name != CLEAN:
        command += ["--contract-fault", name]
    # In-process only: the suite must not pick up a sandbox configured in the environment.
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLOUDPRINTER_")}
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=280, check=False)
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
    return Run(name, done.returncode, tests, tuple(failed), "\n".join(texts), done.stdout + done.stderr, figures)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    workdir = tmp_path_factory.mktemp("contract-faults")
    names = [CLEAN, *(fault.value for fault in Fault)]
    with ThreadPoolExecutor(max_workers=max(1, os.cpu_count() or 1)) as pool:
        return dict(zip(names, pool.map(lambda name: _run_suite(name, workdir), names), strict=True))


def test_every_fault_has_an_expectation() -> None:
    assert set(EXPECTED) == set(Fault) == set(FAULT_DESCRIPTIONS)
    assert len(Fault) >= 12


def test_unfaulted_simulator_passes(runs: dict[str, Run]) -> None:
    run = runs[CLEAN]
    assert run.returncode == 0, run.describe()
    assert run.tests == 13, run.describe()
    assert not run.failed, run.describe()
    cases = run.stats.get("cases")
    assert isinstance(cases, int), run.describe()
    assert cases >= 300, run.describe()


@pytest.mark.parametrize("fault", list(Fault), ids=lambda fault: str(fault.value))
def test_fault_is_reported(runs: dict[str, Run], fault: Fault) -> None:
    run = runs[fault.value]
    assert run.returncode == 1, run.describe()
    assert run.failed, run.describe()
    assert EXPECTED[fault] in run.failure_text, f"{fault.value} not reported as {EXPECTED[fault]!r}\n{run.describe()}"


def test_caught_over_total(runs: dict[str, Run], capsys: pytest.CaptureFixture[str]) -> None:
    caught = [
        fault
        for fault in Fault
        if runs[fault.value].returncode == 1 and EXPECTED[fault] in runs[fault.value].failure_text
    ]
    figure = {"caught": len(caught), "total": len(Fault), "missed": sorted(set(Fault) - set(caught))}
    reports = REPO / "reports"
    reports.mkdir(exist_ok=True)
    (reports / "contract-faults.json").write_text(json.dumps(figure, indent=2) + "\n", encoding="utf-8")
    with capsys.disabled():
        print(f"\ncontract suite: {len(caught)}/{len(Fault)} injected faults caught")
    assert len(caught) == len(Fault), figure
