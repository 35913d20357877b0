"""Install the contract tool as a service would, twice, and run it against a loopback simulator.

In a temporary folder outside this repository, two fresh virtual environments get, with plain pip
from PyPI, ``./contract ./generated_client ./simulator`` (the README's install line):

- ``newest``: whatever the ranges of ``contract/pyproject.toml`` allow today;
- ``floors``: every dependency of the tool pinned to the lower bound of its range (a constraints
  file of ``name==floor``), so that a floor that does not work cannot stay in the ranges.

Each then starts ``python -m cloudcore_simulator`` in its default mode (unknown fields accepted, as
the real API does) on a free loopback port and runs ``cloudcore-contract --profile faults`` against
it from that folder. A run must exit 0, follow every link, write one JUnit testcase per phase and
operation whatever pytest the ranges picked (pytest 9.2 gives such tests a single node id), and leave
nothing else in the folder (no ``.hypothesis/``). A second run holds the same simulator to
``--unknown-fields refused``, which it does not honour: it must exit 1 with a failure for each
operation but orders/add (its coverage bodies are refused for their currency first) in the JUnit
report. Prints each step, its duration and the versions
resolved; exits non-zero when a step fails.

    python scripts/check_contract_install.py [newest] [floors]     # or: nox -s contract_install
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import time
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGES = [str(REPO / "contract"), str(REPO / "generated_client"), str(REPO / "simulator")]
SHOWN = ("schemathesis", "hypothesis", "pytest", "requests", "jsonschema", "junitparser", "pyyaml", "urllib3")
KEYS = ("install-check-key-1", "install-check-key-2")
RUN_TIMEOUT = 900
OPERATIONS = 11
"""The operations of CloudCore v1.0."""


def floors() -> list[str]:
    """``name==floor`` for every dependency of the tool (the lower bound of its range)."""
    project = tomllib.loads((REPO / "contract" / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = []
    for requirement in project["dependencies"]:
        match = re.match(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?\s*>=\s*([0-9][^,\s]*)", requirement)
        if match is None:
            raise SystemExit(f"contract/pyproject.toml: {requirement!r} has no lower bound")
        pins.append(f"{match[1]}=={match[2]}")  # a constraint names no extras (`uvicorn[standard]`: uvicorn)
    return pins


def step(title: str, command: list[str], cwd: Path, timeout: float = 900, expect: int = 0) -> str:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False, timeout=timeout)
    print(f"  {title}: exit {result.returncode} in {time.perf_counter() - started:.1f} s", flush=True)
    if result.returncode != expect:
        print(result.stdout[-6000:], result.stderr[-4000:], sep="\n")
        raise SystemExit(result.returncode or 1)
    return result.stdout


def start_simulator(python: str, cwd: Path) -> tuple[subprocess.Popen[str], str]:
    command = [python, "-m", "cloudcore_simulator", "--host", "127.0.0.1", "--port", "0", "--speed", "0"]
    for key in KEYS:
        command += ["--api-key", key]
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    line = process.stdout.readline()
    if "serving http://" not in line:
        process.kill()
        raise SystemExit(f"the simulator did not start: {line}{process.communicate()[0][-2000:]}")
    return process, line.split("serving ", 1)[1].split()[0]


def check_report(report: Path, stats: Path) -> str:
    """The run's report and figures as a service relies on them; a one-line summary."""
    figures = json.loads(stats.read_text(encoding="utf-8"))
    names = [str(case.get("name")) for case in ET.parse(report).getroot().iter("testcase")]  # noqa: S314 - ours
    per_operation = [name for name in names if name.startswith(("test_examples[", "test_coverage[", "test_fuzzing["))]
    problems = []
    if len(set(names)) != len(names):
        problems.append(f"JUnit testcases share names: {sorted(n for n in names if names.count(n) > 1)[:5]}")
    if len(set(per_operation)) != 3 * OPERATIONS:
        problems.append(f"JUnit has {len(set(per_operation))} per-operation testcases, not {3 * OPERATIONS}")
    if len(figures["links"]) != figures["links_known"]:
        problems.append(f"links followed: {len(figures['links'])} of {figures['links_known']}")
    if problems:
        raise SystemExit("; ".join(problems))
    return (
        f"{figures['cases']} cases, {len(names)} JUnit testcases, links {len(figures['links'])} of "
        f"{figures['links_known']}, unknown fields {figures['unknown_fields']}, {figures['seconds']:.0f} s"
    )


def check_failures(report: Path) -> str:
    """Every operation's failure is in the report, each under its own testcase; not orders/add's, whose
    coverage bodies carry `currency: "AAA"`, refused as no ISO 4217 code before any unknown field is seen
    (as tests/contract/test_sandbox.py expects)."""
    failed = [
        str(case.get("name"))
        for case in ET.parse(report).getroot().iter("testcase")  # noqa: S314 - ours
        if case.find("failure") is not None
    ]
    expected = OPERATIONS - 1
    if (
        len(set(failed)) != expected
        or "test_coverage[POST /orders/add]" in failed
        or not all(name.startswith("test_coverage[POST /") for name in failed)
    ):
        raise SystemExit(f"expected a failing testcase per operation but orders/add, the report has {sorted(failed)}")
    return f"{len(failed)} failing testcases, one per operation"


def check(variant: str, folder: Path) -> None:
    print(f"{variant}:", flush=True)
    venv = folder / f"venv-{variant}"
    python, tool = str(venv / "bin" / "python"), str(venv / "bin" / "cloudcore-contract")
    step("python -m venv", [sys.executable, "-m", "venv", str(venv)], folder)
    step("pip install --upgrade pip", [python, "-m", "pip", "install", "-q", "--upgrade", "pip"], folder)
    install = [python, "-m", "pip", "install", "-q", *PACKAGES]
    if variant == "floors":
        constraints = folder / "floors.txt"
        constraints.write_text("\n".join(floors()) + "\n", encoding="utf-8")
        install += ["-c", str(constraints)]
        print(f"  floors: {', '.join(floors())}")
    step("pip install ./contract ./generated_client ./simulator", install, folder, timeout=1800)
    frozen = step("pip list", [python, "-m", "pip", "list", "--format=freeze"], folder)
    versions = [line for line in frozen.split() if line.lower().replace("_", "-").split("==")[0] in SHOWN]
    print(f"  resolved: {', '.join(sorted(versions, key=str.lower))}")
    workdir = folder / f"run-{variant}"
    workdir.mkdir()
    simulator, base_url = start_simulator(python, folder)
    try:
        step(
            "cloudcore-contract --profile faults (default-mode simulator on loopback)",
            [
                *(tool, "-q", "--base-url", base_url, "--api-key", KEYS[0], "--other-api-key", KEYS[1]),
                *("--profile", "faults", "--junit", "contract.xml", "--stats", "stats.json"),
            ],
            workdir,
            timeout=RUN_TIMEOUT,
        )
        step(
            "cloudcore-contract --phase coverage --unknown-fields refused (must fail)",
            [
                *(tool, "-q", "--base-url", base_url, "--api-key", KEYS[0], "--other-api-key", KEYS[1]),
                *("--phase", "coverage", "--unknown-fields", "refused", "--junit", "drift.xml"),
            ],
            workdir,
            timeout=RUN_TIMEOUT,
            expect=1,
        )
    finally:
        simulator.terminate()
        simulator.communicate(timeout=30)
    print(f"  run: {check_report(workdir / 'contract.xml', workdir / 'stats.json')}")
    print(f"  failing run: {check_failures(workdir / 'drift.xml')}")
    leftovers = sorted({path.name for path in workdir.iterdir()} - {"contract.xml", "stats.json", "drift.xml"})
    if leftovers:
        raise SystemExit(f"the run left {leftovers} in its working directory")


def main() -> None:
    variants = sys.argv[1:] or ["newest", "floors"]
    unknown = set(variants) - {"newest", "floors"}
    if unknown:
        raise SystemExit(f"unknown variant(s) {sorted(unknown)}: newest, floors")
    with tempfile.TemporaryDirectory(prefix="cloudcore-contract-install-") as folder:
        for variant in variants:
            check(variant, Path(folder))


if __name__ == "__main__":
    main()
