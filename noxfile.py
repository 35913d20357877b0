"""The one entry point: `nox -s generate`, `nox -s lint`, `nox -s tests`, `nox -s contract`, ...

`nox` alone runs the default sessions (lint, tests, contract): the README's test command and CI's.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.download_python = "never"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["lint", "tests", "contract"]

REPO = Path(__file__).parent
SPEC = "openapi/cloudcore.yaml"
SPECTRAL = "@stoplight/spectral-cli@6.16.3"
LOCAL_PACKAGES = ("-e", "./generated_client", "-e", "./simulator", "-e", "./contract")
HAND_WRITTEN = [
    "generator",
    "simulator/cloudcore_simulator",
    "contract/cloudcore_contract",
    "tests",
    "scripts",
    "examples",
    "noxfile.py",
]


def _install_dev(session: nox.Session) -> None:
    session.install("-r", "requirements/dev.txt", *LOCAL_PACKAGES)


@nox.session
def generate(session: nox.Session) -> None:
    """Regenerate the client and the simulator's models from the spec (byte-stable)."""
    session.install("-r", "requirements/generate.txt")
    session.run("python", "generator/generate.py", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """The spec (structure + Spectral), ruff, and mypy --strict on hand-written and generated code."""
    _install_dev(session)
    session.run("openapi-spec-validator", SPEC)
    session.run(
        "npx",
        "--yes",
        SPECTRAL,
        "lint",
        SPEC,
        "--ruleset",
        "openapi/.spectral.yaml",
        "--fail-severity",
        "warn",
        env={"NPM_CONFIG_UPDATE_NOTIFIER": "false", "NPM_CONFIG_FUND": "false"},
    )
    session.run("ruff", "check", *HAND_WRITTEN)
    session.run("ruff", "format", "--check", *HAND_WRITTEN)
    session.run("mypy", "--strict", "generated_client/cloudcore_client")
    session.run("mypy", *HAND_WRITTEN)


@nox.session
def tests(session: nox.Session) -> None:
    """Unit and integration tests, the golden check of generated code, the spec's examples."""
    _install_dev(session)
    session.run("pytest", *session.posargs)


CONTRACT_REPORT = "reports/contract.xml"
CONTRACT_STATS = "reports/contract-stats.json"


@nox.session
def contract(session: nox.Session) -> None:
    """The contract tool `cloudcore-contract` (contract/) against the simulator in-process.

    With CLOUDPRINTER_BASE_URL and CLOUDPRINTER_API_KEY set (CLOUDPRINTER_API_KEY_OTHER, a second account's
    key, optional), against that URL instead. Arguments after `--` go to the tool (`--profile thorough`,
    `--shard 2/4`, ...). Writes the JUnit report reports/contract.xml and reports/contract-stats.json.
    """
    _install_dev(session)
    session.run("cloudcore-contract", f"--junit={CONTRACT_REPORT}", f"--stats={CONTRACT_STATS}", *session.posargs)


@nox.session
def simulator(session: nox.Session) -> None:
    """Run the simulator on 127.0.0.1:8080 (pass options after --, e.g. -- --api-key KEY)."""
    session.install("-e", "./simulator")
    session.run("python", "-m", "cloudcore_simulator", *(session.posargs or ["--host", "127.0.0.1", "--port", "8080"]))


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks: they print figures, they assert nothing."""
    _install_dev(session)
    for script in sorted((REPO / "scripts").glob("bench_*.py")):
        session.run("python", str(script.relative_to(REPO)), *session.posargs)


@nox.session
def lock(session: nox.Session) -> None:
    """Recompile the exact pins in requirements/*.txt from requirements/*.in."""
    session.install("uv")
    for name in ("generate", "dev"):
        session.run(
            "uv",
            "pip",
            "compile",
            "-q",
            "--python-version",
            "3.11",
            f"requirements/{name}.in",
            "-o",
            f"requirements/{name}.txt",
        )


@nox.session(venv_backend="none")
def service_install(session: nox.Session) -> None:
    """pip-install the client and the simulator into a fresh venv outside the repository, next to
    Starlette and anyio one minor older than our pins, and run the test file of docs/service.md there (needs PyPI)."""
    session.run(sys.executable, "scripts/check_service_install.py")


@nox.session(venv_backend="none")
def contract_install(session: nox.Session) -> None:
    """pip-install the contract tool into two fresh venvs outside the repository, at the newest versions its
    ranges allow and at their floors, and run it against a loopback simulator in each (needs PyPI; not a default
    session). Arguments: `newest`, `floors` (default both)."""
    session.run(sys.executable, "scripts/check_contract_install.py", *session.posargs)


if os.environ.get("CI") and sys.version_info < (3, 11):  # pragma: no cover - guard for old runners
    raise SystemExit("cloudcore needs Python 3.11+")
