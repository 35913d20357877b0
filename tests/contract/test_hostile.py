"""The contract tool against hostile targets: it stays bounded, says why it stopped, and never shows a key.

Each test runs the installed command (a subprocess, from an empty directory) against one target
that echoes keys, stays silent, trickles, floods, sends garbage, redirects, or stops answering half
way; the exit status tells a failed contract (1) from a run that could not be made (3).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from cloudcore_contract.masking import key_forms
from cloudcore_simulator import VirtualClock, create_app
from cloudcore_simulator.testing import API_PATH, ThreadedServer

from .hostile import ASGIApp, OnPath, RawServer, Recorder, StopsAnswering, echo_app, garbage_app, huge_app, redirect_app
from .runs import TOOL, env, left_behind, tool

KEY = 'hostile key/ü+"9f3a'
OTHER = "hostile-other-key-77e1"
KEYS = ("--api-key", KEY, "--other-api-key", OTHER)
#: One operation's documented example: the smallest run that reaches the target.
SLICE = ("--phase", "examples", "--operation", "listShippingLevels")
# A run of a slice takes 3-8 s on a quiet machine, up to 25 s on a loaded one: budgets of 180 s.
BUDGET = 180


def simulator() -> ASGIApp:
    app: ASGIApp = create_app([KEY, OTHER], clock=VirtualClock(speed=0))
    return app


def assert_no_key(text: str) -> None:
    for key in (KEY, OTHER):
        leaked = [form for form in key_forms(key) if form in text]
        assert not leaked, f"the key appears as {leaked[0]!r}"


@pytest.mark.timeout(BUDGET)
def test_a_target_echoing_the_key_in_body_headers_and_escapes_never_gets_it_shown(tmp_path: Path) -> None:
    with ThreadedServer(echo_app(KEY)) as server:
        run = tool(tmp_path, "--base-url", server.url + API_PATH, *KEYS, *SLICE, timeout=BUDGET - 10)
    assert run.returncode == 1, run.describe()
    assert "***" in run.failures, run.describe()
    assert_no_key(run.everything())
    assert left_behind(tmp_path) == set()


@pytest.mark.timeout(BUDGET)
@pytest.mark.parametrize(
    ("behaviour", "said"),
    [
        ("silent", "no complete answer within 2 s"),
        ("trickle", "no complete answer within 2 s"),  # headers one byte at a time: bounded by the clock
        ("not-http", "cannot be reached"),
    ],
)
def test_a_target_that_does_not_answer_cannot_be_run_against(tmp_path: Path, behaviour: str, said: str) -> None:
    with RawServer(behaviour) as server:
        run = tool(tmp_path, "--base-url", server.url + API_PATH, *KEYS, "--request-timeout", "2", timeout=BUDGET - 10)
    assert run.returncode == 3, run.describe()
    assert said in run.stderr, run.describe()
    assert_no_key(run.everything())


@pytest.mark.timeout(BUDGET)
def test_an_unreachable_target_cannot_be_run_against(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound, never listening: connections are refused
        run = tool(tmp_path, "--base-url", f"http://127.0.0.1:{port}{API_PATH}", *KEYS, timeout=BUDGET - 10)
    assert run.returncode == 3, run.describe()
    assert "cannot be reached" in run.stderr


@pytest.mark.timeout(BUDGET)
@pytest.mark.parametrize("which", ["--api-key", "--other-api-key"])
def test_a_refused_key_cannot_be_run_with(tmp_path: Path, which: str) -> None:
    keys = dict(zip(KEYS[::2], KEYS[1::2], strict=True))
    keys[which] = "a-key-no-account-has-4242"
    given = [part for pair in keys.items() for part in pair]
    with ThreadedServer(simulator()) as server:
        run = tool(tmp_path, "--base-url", server.url + API_PATH, *given, *SLICE, timeout=BUDGET - 10)
    assert run.returncode == 3, run.describe()
    assert f"refused the key of {which}" in run.stderr
    assert "a-key-no-account-has-4242" not in run.everything()


@pytest.mark.timeout(BUDGET)
def test_an_answer_over_the_size_limit_is_a_failure_and_is_not_read_whole(tmp_path: Path) -> None:
    """64 MiB streamed without a length against a 1 MiB limit: the run's peak memory stays far below."""
    app = OnPath(simulator(), "/products", huge_app(64 * 1024 * 1024, declare=False))
    with ThreadedServer(app) as server:
        wrapper = (
            "import resource, subprocess, sys; code = subprocess.call(sys.argv[1:]); "
            "print('maxrss_kib', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(code)"
        )
        done = subprocess.run(
            [
                *(sys.executable, "-c", wrapper, sys.executable, "-m", "cloudcore_contract", "-q", "-x"),
                *("--base-url", server.url + API_PATH, *KEYS, "--max-answer-bytes", str(1024 * 1024)),
                *("--phase", "examples", "--operation", "listProducts"),
            ],
            cwd=tmp_path,
            env=env(),
            capture_output=True,
            text=True,
            timeout=BUDGET - 10,
            check=False,
        )
    assert done.returncode == 1, done.stdout[-3000:] + done.stderr[-2000:]
    assert "answer_size_limit" in done.stdout
    peak_mib = int(done.stdout.rsplit("maxrss_kib", 1)[1].split()[0]) / 1024
    assert peak_mib < 400, f"peak RSS {peak_mib:.0f} MiB"


@pytest.mark.timeout(BUDGET)
def test_a_garbage_answer_is_a_contract_failure(tmp_path: Path) -> None:
    app = OnPath(simulator(), "/products", garbage_app())
    with ThreadedServer(app) as server:
        run = tool(
            tmp_path, "--base-url", server.url + API_PATH, *KEYS, "--phase", "examples", "--operation", "listProducts",
            timeout=BUDGET - 10,
        )  # fmt: skip
    assert run.returncode == 1, run.describe()
    assert "POST /products" in run.failures
    assert_no_key(run.everything())


@pytest.mark.timeout(BUDGET)
def test_a_redirect_is_reported_and_not_followed(tmp_path: Path) -> None:
    recorder = Recorder()
    with ThreadedServer(recorder) as elsewhere:
        app = OnPath(simulator(), "/products", redirect_app(elsewhere.url + API_PATH + "/products"))
        with ThreadedServer(app) as server:
            run = tool(
                tmp_path, "--base-url", server.url + API_PATH, *KEYS, "--phase", "examples", "--operation",
                "listProducts", timeout=BUDGET - 10,
            )  # fmt: skip
    assert run.returncode == 1, run.describe()
    assert "307" in run.failures
    assert recorder.bodies == []  # the key never travelled to the redirect's target


@pytest.mark.timeout(BUDGET)
def test_a_target_that_stops_answering_half_way_stops_the_run_with_status_3(tmp_path: Path) -> None:
    app = StopsAnswering(simulator(), after=60)
    with ThreadedServer(app) as server:
        run = tool(
            tmp_path, "--base-url", server.url + API_PATH, *KEYS, "--profile", "faults", "--request-timeout", "3",
            timeout=BUDGET - 10,
        )  # fmt: skip
    assert run.returncode == 3, run.describe()
    assert "no complete answer within 3 s" in run.stderr
    assert run.stats["stopped"], run.stats
    assert any("the run stopped" in text for text in run.cases.values()), run.cases
    assert run.stats["traffic"]["requests"] < 200  # it stopped at once, not after every remaining case
    assert_no_key(run.everything())


@pytest.mark.timeout(BUDGET)
def test_the_deadline_ends_the_run_with_status_3(tmp_path: Path) -> None:
    # At 25 requests/s the `ci` profile would take two minutes: the 12 s deadline ends it, waiting
    # between requests as against a remote target (the default rate there is 10/s), not busy.
    with ThreadedServer(simulator()) as server:
        run = tool(
            tmp_path, "--base-url", server.url + API_PATH, *KEYS, "--profile", "ci", "--deadline", "12",
            "--max-rate", "25", timeout=BUDGET - 10,
        )  # fmt: skip
    assert run.returncode == 3, run.describe()
    assert "deadline of" in run.stderr
    orders = run.stats["orders"]
    assert orders["created"] == orders["cancelled"] + orders["removed_by_reset"] + orders["left"], orders


@pytest.mark.timeout(BUDGET)
def test_a_missing_dependency_cannot_run_and_says_which(tmp_path: Path) -> None:
    code = (
        "import sys; sys.modules['jsonschema'] = None; from cloudcore_contract.cli import main; "
        "sys.exit(main(['--list']))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env(), capture_output=True, text=True, timeout=BUDGET - 10
    )
    assert done.returncode == 3, done.stdout + done.stderr
    assert "cannot run" in done.stderr
    assert "jsonschema" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.timeout(BUDGET)
def test_a_usage_error_is_status_2(tmp_path: Path) -> None:
    run = tool(tmp_path, "--shard", "3/2", timeout=BUDGET - 10, reports=False)
    assert run.returncode == 2, run.describe()
    assert "--shard" in run.stderr


@pytest.mark.timeout(BUDGET)
@pytest.mark.parametrize("listing", [[], ["--list"]], ids=["run", "list"])
def test_an_unknown_operation_is_status_2_naming_the_known_ones(tmp_path: Path, listing: list[str]) -> None:
    run = tool(tmp_path, "--operation", "getOrdersInfo", *listing, timeout=BUDGET - 10, reports=False)
    assert run.returncode == 2, run.describe()
    assert "unknown operation 'getOrdersInfo'" in run.stderr
    assert "getOrderInfo" in run.stderr  # the one that was meant
    assert run.stdout.count("unit: ") == 0


@pytest.mark.timeout(BUDGET)
def test_a_reader_that_goes_away_ends_the_output_not_the_run(tmp_path: Path) -> None:
    """``cloudcore-contract ... | head``: the pipe closes before the first line; the run ends as it
    would have (status, report), without a traceback."""
    assert TOOL is not None
    read, write = os.pipe()
    os.close(read)  # the reader is gone before anything is written
    try:
        done = subprocess.run(
            [TOOL, "--junit", "report.xml", *SLICE], cwd=tmp_path, env=env(), stdout=write,
            stderr=subprocess.PIPE, text=True, timeout=BUDGET - 10, check=False,
        )  # fmt: skip
    finally:
        os.close(write)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    assert "BrokenPipeError" not in done.stderr
    assert "<testcase" in (tmp_path / "report.xml").read_text(encoding="utf-8")


SERVICE_APP = "def broken(api_keys, argument):\n    raise RuntimeError('no database configured')\n"


@pytest.mark.timeout(BUDGET)
@pytest.mark.parametrize(
    ("app", "named"),
    [
        ("no_such_service_module:create_app", "ModuleNotFoundError: No module named 'no_such_service_module'"),
        ("service_app:no_such_factory", "AttributeError: module 'service_app' has no attribute 'no_such_factory'"),
        ("service_app:broken", "RuntimeError: no database configured (service_app.py:2)"),
        ("service_app", "ValueError: --app wants module:callable[:argument]"),
    ],
    ids=["module", "attribute", "factory-raises", "form"],
)
def test_an_app_that_cannot_be_built_cannot_run_and_says_why(tmp_path: Path, app: str, named: str) -> None:
    """A service's broken `--app` factory (here in the working directory, as `python -m` finds it) is
    exit status 3 with one line saying where, not a contract violation (1) with a traceback."""
    (tmp_path / "service_app.py").write_text(SERVICE_APP, encoding="utf-8")
    run = tool(tmp_path, "--app", app, *SLICE, timeout=BUDGET - 10, reports=False)
    assert run.returncode == 3, run.describe()
    assert f"cloudcore-contract: cannot run: --app {app}: {named}" in run.stderr, run.stderr
    assert "Traceback" not in run.stderr
