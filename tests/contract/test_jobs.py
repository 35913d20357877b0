"""``cloudcore-contract --jobs N``: the shards side by side, reported as one run (cloudcore_contract/jobs.py).

The whole `faults` profile as two jobs is ``test_faults.py::test_unfaulted_simulator_passes``.
"""

from __future__ import annotations

import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from cloudcore_contract import jobs
from cloudcore_contract.cli import ENV_API_KEY, ENV_API_KEY_OTHER, parser
from cloudcore_contract.jobs import EXIT_CANNOT_RUN, _job_command, _job_environment, _wait, merge_figures, run_jobs

from . import forked
from .runs import env

REPO = Path(__file__).resolve().parents[2]
KEY = "jobs-test-key-5b2d"
URL = "https://api.example.invalid/cloudcore/1.0"
# Two jobs of one phase, in-process: 2 to 6 s on a quiet machine; 3x a loaded machine's.
BUDGET = 120


def test_the_figures_of_the_jobs_add_up_to_one_run() -> None:
    first = {
        "cases": 10, "by_phase": {"fuzzing": 10}, "links": {"a": 1}, "units": ["fuzzing POST /products"],
        "traffic": {"requests": 12, "slowed_to": None}, "seconds": 4.0, "profile": "ci", "stopped": None,
    }  # fmt: skip
    second = {
        "cases": 30, "by_phase": {"fuzzing": 20, "examples": 10}, "links": {"a": 2, "b": 1},
        "units": ["examples POST /products"], "traffic": {"requests": 40, "slowed_to": None}, "seconds": 6.0,
        "profile": "ci", "stopped": "the target stopped answering",
    }  # fmt: skip
    merged = merge_figures([first, second], 2)
    assert merged["cases"] == 40
    assert merged["by_phase"] == {"fuzzing": 30, "examples": 10}
    assert merged["links"] == {"a": 3, "b": 1}
    assert merged["units"] == ["fuzzing POST /products", "examples POST /products"]
    assert merged["traffic"] == {"requests": 52, "slowed_to": None}
    assert merged["seconds"] == 6.0  # the slowest job's: they ran side by side
    assert merged["cases_per_second"] == round(40 / 6.0, 1)
    assert merged["profile"] == "ci"
    assert merged["stopped"] == "the target stopped answering"
    assert (merged["jobs"], merged["shard"]) == (2, "2 jobs")


def test_each_job_gets_its_shard_and_share_of_the_rate_and_the_key_only_by_environment(tmp_path: Path) -> None:
    args = parser().parse_args(["--base-url", URL, "--api-key", KEY, "--jobs", "2", "--max-rate", "8", "-x"])
    command = _job_command(args, 2, 2, tmp_path, 8.0)
    assert KEY not in " ".join(command)
    assert command[command.index("--shard") + 1] == "2/2"
    assert command[command.index("--max-rate") + 1] == "4.0"
    assert command[command.index("--junit") + 1] == str(tmp_path / "2.xml")
    assert "-x" in command
    environment = _job_environment(args, (ENV_API_KEY, ENV_API_KEY_OTHER))
    assert environment[ENV_API_KEY] == KEY
    assert ENV_API_KEY_OTHER not in environment


@pytest.mark.parametrize("other", [["--shard", "1/2"], ["--list"]])
def test_jobs_with_a_shard_or_a_listing_is_a_usage_error(other: list[str]) -> None:
    done = forked.run(["--jobs", "2", *other], cwd=REPO, env=env(), timeout=BUDGET)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "--jobs" in done.stderr


@pytest.mark.timeout(BUDGET)
def test_a_failure_in_one_job_fails_the_run_and_is_in_its_report(tmp_path: Path) -> None:
    """One phase of every operation, two jobs; the fault is in one operation, so in one job only."""
    report = tmp_path / "report.xml"
    app = "tests.contract.faults:faulted_simulator:field-type-changed"
    done = forked.run(
        ["-q", "--jobs", "2", "--profile", "faults", "--phase", "examples",
         "--app", app, f"--junit={report}", f"--stats={tmp_path / 'stats.json'}"],
        cwd=REPO, env=env(), timeout=BUDGET - 10,
    )  # fmt: skip
    assert done.returncode == 1, done.stdout[-3000:] + done.stderr[-2000:]
    assert "==== job 1/2: exit status" in done.stdout
    assert "==== job 2/2: exit status" in done.stdout
    root = ET.parse(report).getroot()  # noqa: S314 - written a moment ago by our own run
    suites = {str(suite.get("name")): suite for suite in root.iter("testsuite")}
    assert set(suites) == {"contract (shard 1/2)", "contract (shard 2/2)"}
    failing = [case.get("name") for case in root.iter("testcase") if case.find("failure") is not None]
    assert failing == ["test_examples[POST /shipping/countries]"]
    assert sum(len(list(suite.iter("testcase"))) for suite in suites.values()) >= 11


def test_a_job_still_running_at_the_bound_is_killed_and_counts_as_could_not_run() -> None:
    job = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    started = time.monotonic()
    assert _wait(job, started + 0.5) == EXIT_CANNOT_RUN
    assert job.poll() is not None  # killed, not left behind
    assert time.monotonic() - started < 60


def test_an_interrupted_run_leaves_no_job_behind(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[subprocess.Popen[bytes]] = []
    popen = subprocess.Popen

    def long_job(command: list[str], **options: Any) -> subprocess.Popen[bytes]:
        job = popen([sys.executable, "-c", "import time; time.sleep(600)"], **options)
        started.append(job)
        return job

    def interrupted(job: subprocess.Popen[bytes], stop_at: float) -> int:
        raise KeyboardInterrupt  # Ctrl-C while the jobs run

    monkeypatch.setattr(subprocess, "Popen", long_job)  # the module jobs.py starts its jobs with
    monkeypatch.setattr(jobs, "_wait", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_jobs(parser().parse_args(["--jobs", "2"]), key_variables=(ENV_API_KEY, ENV_API_KEY_OTHER))
    assert len(started) == 2
    assert all(job.poll() is not None for job in started)


def test_jobs_that_pass_but_run_too_few_cases_in_sum_fail_the_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each job skips the case-volume test (it is a shard); the sum is held to the profile's floor."""
    popen = subprocess.Popen

    def small_job(command: list[str], **options: Any) -> subprocess.Popen[bytes]:
        stats = Path(command[command.index("--stats") + 1])
        stats.write_text('{"cases": 5, "seconds": 1.0, "units": []}', encoding="utf-8")
        return popen([sys.executable, "-c", "pass"], **options)  # passes: exit status 0

    monkeypatch.setattr(subprocess, "Popen", small_job)
    code = run_jobs(parser().parse_args(["--jobs", "2"]), key_variables=(ENV_API_KEY, ENV_API_KEY_OTHER))
    assert code == 1
    assert "only 10 generated cases executed; profile ci requires 1000" in capsys.readouterr().err
