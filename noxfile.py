"""The one entry point: `nox -s generate`, `nox -s lint`, `nox -s tests`, `nox -s contract`, ...

`nox` alone runs the default sessions (lint, tests, contract): the README's test command and CI's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.download_python = "never"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["lint", "tests", "contract"]

REPO = Path(__file__).parent

# Bytecode caches on, kept out of the source tree. A machine that sets PYTHONDONTWRITEBYTECODE (this
# project's CI machines do) otherwise recompiles every imported module in every process: each pytest
# worker, contract run and simulator the tests start compiles schemathesis, Hypothesis and Starlette
# from source again (collecting the suite took 10 s instead of 5). The caches go under .nox/.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
os.environ.setdefault("PYTHONPYCACHEPREFIX", str(REPO.resolve() / ".nox" / "pycache"))
SPEC = "openapi/cloudcore.yaml"
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
    # Two steps: the pins are installed in hash-checking mode, which pip refuses for editable
    # installs; the local packages then add nothing (--no-deps): their ranges are met by the pins.
    session.install("-r", "requirements/dev.txt")
    session.install("--no-deps", *LOCAL_PACKAGES)


@nox.session
def generate(session: nox.Session) -> None:
    """Regenerate the client and the simulator's models from the spec (byte-stable)."""
    session.install("-r", "requirements/generate.txt")
    session.run("python", "generator/generate.py", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """The spec (structure + Spectral), ruff, and mypy --strict on hand-written and generated code."""
    _install_dev(session)
    # One mypy run for generated and hand-written code (strict for both: pyproject.toml; the hand-written
    # code imports the client, so a second run would analyse it again), on one core beside the rest.
    mypy = _beside(session, "mypy", "--strict", "generated_client/cloudcore_client", *HAND_WRITTEN)
    session.run("openapi-spec-validator", SPEC)
    # Spectral from generator/spectral/package-lock.json (`npm ci` once per virtualenv, never `npx --yes`).
    spectral = session.run("python", "generator/node_tools.py", "spectral", "spectral", silent=True)
    assert isinstance(spectral, str)
    session.run(
        spectral.strip(),
        "lint",
        SPEC,
        "--ruleset",
        "openapi/.spectral.yaml",
        "--fail-severity",
        "warn",
        external=True,  # installed inside this session's virtualenv, beside node
    )
    session.run("ruff", "check", *HAND_WRITTEN)
    session.run("ruff", "format", "--check", *HAND_WRITTEN)
    _finish(session, mypy)


def _beside(session: nox.Session, *command: str) -> tuple[list[str], subprocess.Popen[str]]:
    """Start a tool of the session's virtualenv; the session's next commands run meanwhile."""
    session.log(f"{' '.join(command)} (beside the next commands)")
    program = str(Path(session.bin) / command[0])
    process = subprocess.Popen([program, *command[1:]], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return list(command), process


def _finish(session: nox.Session, started: tuple[list[str], subprocess.Popen[str]]) -> None:
    """Wait for a tool `_beside` started, print what it said, and fail the session if it failed."""
    command, process = started
    output, _ = process.communicate()
    print(output, end="", flush=True)
    if process.returncode != 0:
        session.error(f"{' '.join(command)} failed (exit status {process.returncode})")


#: Five pytest-xdist workers per two cores: much of the suite's time is waiting (rate limits, timeouts,
#: servers answering late, Chromium), so more workers than cores fill it. On 2 cores, 2026-12-04: 299 s
#: with 2 workers, 207 s with 4, 234 s with 6 when the tests were CPU-bound; once the contract tool's
#: runs forked (tests/contract/forked.py), 143 / 143 s with 5 against 153 / 156 s with 4, interleaved.
WORKERS = max(2, 5 * (os.cpu_count() or 1) // 2)
#: pytest-xdist's options: those workers, tests/conftest.py's groups kept on one worker each.
XDIST = ("-n", str(WORKERS), "--dist", "loadgroup")


@nox.session
def tests(session: nox.Session) -> None:
    """Unit and integration tests, the golden check of generated code, the spec's examples.

    Five workers per two cores (pytest-xdist, `WORKERS`; `-- -n 0` runs in one process), the folders that must
    share a worker grouped (`--dist loadgroup`, tests/conftest.py), the 25 slowest steps listed.
    """
    _install_dev(session)
    session.run("pytest", *XDIST, "--durations=25", *session.posargs)


CONTRACT_REPORT = "reports/contract.xml"
CONTRACT_STATS = "reports/contract-stats.json"


@nox.session
def contract(session: nox.Session) -> None:
    """The contract tool `cloudcore-contract` (contract/) against the simulator in-process.

    With CLOUDPRINTER_BASE_URL and CLOUDPRINTER_API_KEY set (CLOUDPRINTER_API_KEY_OTHER, a second account's
    key, optional), against that URL instead. Arguments after `--` go to the tool (`--profile thorough`,
    `--shard 2/4`, ...). One job per core (`--jobs`, unless the arguments name a shard or a listing).
    Writes the JUnit report reports/contract.xml and reports/contract-stats.json.
    """
    _install_dev(session)
    sliced = any(arg.startswith(("--shard", "--jobs", "--list")) for arg in session.posargs)
    jobs = [] if sliced else [f"--jobs={os.cpu_count() or 1}"]
    session.run(
        "cloudcore-contract", *jobs, f"--junit={CONTRACT_REPORT}", f"--stats={CONTRACT_STATS}", *session.posargs
    )


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


#: The lock files `nox -s lock` compiles from requirements/<name>.in, each with hashes.
LOCKS = ("nox", "generate", "dev", "docs", "build")


@nox.session
def lock(session: nox.Session) -> None:
    """Recompile the exact pins in requirements/*.txt from requirements/*.in, with hashes.

    `--universal`: one lock for every Python the CI matrix runs (3.11 to 3.14) and every platform;
    the pins already in a .txt file are kept unless an .in file asks for another version
    (`-- --upgrade` moves them all). pip and uv both check the hashes on install.
    """
    session.install("uv")
    for name in LOCKS:
        session.run(
            "uv",
            "pip",
            "compile",
            "-q",
            "--universal",
            "--python-version",
            "3.11",
            "--generate-hashes",
            f"requirements/{name}.in",
            "-o",
            f"requirements/{name}.txt",
            *session.posargs,
        )


#: The test tools of the minimum-dependencies lane, at our pins (only the packages go to their floors).
MIN_DEPS_TOOLS = (
    "pytest==9.0.3",
    "pytest-timeout==2.4.0",
    "grimp==3.19",
    "httpx2==2.16.2",
    "jsonschema==4.26.0",
    "mypy==2.4.1",
    "types-pyyaml==6.0.12.20261122",
)


@nox.session(venv_backend="uv")
def min_deps(session: nox.Session) -> None:
    """The three packages at the lowest versions their ranges allow, and the tests of the client and simulator.

    `uv pip install --resolution lowest-direct`: every dependency a package declares is installed at
    its floor (transitive ones as they come), as a service with old pins would have them; the test
    tools stay at our pins. Runs tests/client, tests/simulator and tests/integration, warnings as errors.
    """
    session.install(
        "--resolution",
        "lowest-direct",
        "-e",
        "./generated_client",
        "-e",
        "./simulator",
        "-e",
        "./contract[simulator]",
        *MIN_DEPS_TOOLS,
    )
    session.run(
        "uv", "pip", "list", "--python", str(Path(session.virtualenv.location) / "bin" / "python"), silent=False
    )
    session.run(
        "pytest", "tests/client", "tests/simulator", "tests/integration", "-p", "no:cacheprovider", *session.posargs
    )


DIST = "dist"
#: The three installable packages, in the order a service installs them.
PACKAGE_DIRS = ("generated_client", "simulator", "contract")


@nox.session
def build(session: nox.Session) -> None:
    """Wheels and sdists of the three packages into dist/, checked, then installed and smoke-tested outside the repo.

    `python -m build` makes each sdist and builds the wheel from it (so the sdist is proven whole);
    `twine check --strict` checks their metadata; scripts/check_distributions.py checks what each
    archive holds, installs the wheels into a fresh venv in a temporary folder and runs each
    package's smoke test there (needs PyPI for the packages' dependencies).
    """
    session.install("-r", "requirements/build.txt")
    shutil.rmtree(REPO / DIST, ignore_errors=True)
    for folder in PACKAGE_DIRS:
        session.run("python", "-m", "build", "--outdir", DIST, folder)
    session.run("twine", "check", "--strict", *sorted(str(path) for path in (REPO / DIST).iterdir()))
    uv = Path(sys.executable).parent / "uv"  # the bootstrap's pinned uv (requirements/nox.txt), if there
    installer = ["--installer", str(uv)] if uv.exists() else []
    session.run("python", "scripts/check_distributions.py", DIST, *installer)


@nox.session
def docs(session: nox.Session) -> None:
    """The documentation site (MkDocs + Material, mkdocstrings) into site/, warnings as errors (`--strict`)."""
    session.install("-r", "requirements/docs.txt")
    session.run("mkdocs", "build", "--strict", *session.posargs, env={"NO_MKDOCS_2_WARNING": "1"})


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
