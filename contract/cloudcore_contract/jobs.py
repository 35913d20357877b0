"""``--jobs N``: one run as N shards side by side, one process each, reported as one run.

A run is bound by one core (Hypothesis generates in one thread); a CI runner has two or more. Each
job is ``cloudcore-contract --shard I/N`` with the run's other options, its output kept apart and
printed when all are done, in shard order. The reports are one run's: the JUnit file holds every
shard's test suite, the figures are summed (``merge_figures``), and the exit status is the worst of
the jobs' (3 could not run, then 2, then 1; a job killed or ending otherwise counts as 3). A whole
run (no ``--phase``/``--operation``) must reach the profile's number of cases in sum, as an
unsharded run must. The request rate is shared: each job gets ``R / N`` of ``--max-rate`` (or of
the default for a target not on this machine). Keys go to the jobs through the environment, never
their command lines.

The jobs import the suite; this process only waits for them and merges what they wrote.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

__all__ = ["merge_figures", "run_jobs"]

EXIT_OK, EXIT_VIOLATED, EXIT_USAGE, EXIT_CANNOT_RUN = 0, 1, 2, 3
#: Seconds the jobs may take beyond the run's deadline before they are killed (each stops itself
#: 15 s after its deadline; this covers its start-up and the report writing).
KILL_GRACE = 60.0
#: Figures that are the same in every job: the first job's value is the run's.
SAME_IN_EVERY_JOB = frozenset({"target", "profile", "links_known", "unknown_fields", "account"})


def _job_command(args: argparse.Namespace, index: int, jobs: int, folder: Path, max_rate: float | None) -> list[str]:
    """``cloudcore-contract`` as job ``index`` of ``jobs`` runs it: the run's options, its own shard and reports."""
    command = [sys.executable, "-m", "cloudcore_contract", "--profile", args.profile, "--shard", f"{index}/{jobs}"]
    command += ["--junit", str(folder / f"{index}.xml"), "--stats", str(folder / f"{index}.json")]
    if args.base_url:
        command += ["--base-url", args.base_url]
    if args.app:
        command += ["--app", args.app]
    for operation in args.operation:
        command += ["--operation", operation]
    for phase in args.phase:
        command += ["--phase", phase]
    if max_rate is not None:
        command += ["--max-rate", repr(max_rate / jobs) if max_rate else "0"]
    command += ["--request-timeout", repr(args.request_timeout), "--max-retry-wait", repr(args.max_retry_wait)]
    command += ["--max-answer-bytes", str(args.max_answer_bytes), "--unknown-fields", args.unknown_fields]
    if args.deadline is not None:
        command += ["--deadline", repr(args.deadline)]
    command += ["-x"] * args.fail_fast + ["--shared-target"] * args.shared_target + ["-q"] * args.quiet
    return command


def _job_environment(args: argparse.Namespace, key_variables: tuple[str, str]) -> dict[str, str]:
    """The run's environment, with its keys (from the command line or the environment) in it."""
    env = dict(os.environ)
    for variable, key in zip(key_variables, (args.api_key, args.other_api_key), strict=True):
        env.pop(variable, None)
        if key:
            env[variable] = key
    return env


def merge_figures(figures: Sequence[Mapping[str, Any]], jobs: int) -> dict[str, Any]:
    """One run's figures from its jobs': counts summed (nested too), units joined, the rest from the first."""
    merged: dict[str, Any] = {}
    for one in figures:
        for name, value in one.items():
            merged[name] = value if name not in merged else _merged(name, merged[name], value)
    seconds = max((float(one.get("seconds", 0.0)) for one in figures), default=0.0)
    merged.update(jobs=jobs, shard=f"{jobs} jobs", seconds=seconds)
    merged["cases_per_second"] = round(merged.get("cases", 0) / seconds, 1) if seconds > 0 else 0.0
    return merged


def _merged(name: str, first: Any, other: Any) -> Any:
    if name in SAME_IN_EVERY_JOB:
        return first
    if isinstance(first, bool) or isinstance(other, bool):
        return first or other
    if isinstance(first, int | float) and isinstance(other, int | float):
        return first + other
    if isinstance(first, list) and isinstance(other, list):
        return first + other
    if isinstance(first, dict) and isinstance(other, dict):
        return {key: _merged(key, first[key], other[key]) if key in first and key in other else
                first.get(key, other.get(key)) for key in {**first, **other}}  # fmt: skip
    return first if first is not None else other  # text and null: the first job's (e.g. why it stopped)


def _merge_junit(reports: Sequence[Path], target: Path, jobs: int) -> None:
    from junitparser import JUnitXml

    merged = JUnitXml("cloudcore-contract")
    for index, report in enumerate(reports, start=1):
        if report.exists():
            for suite in JUnitXml.fromfile(str(report)):
                suite.name = f"{suite.name} (shard {index}/{jobs})"
                merged.add_testsuite(suite)
    merged.update_statistics()  # type: ignore[no-untyped-call]
    target.parent.mkdir(parents=True, exist_ok=True)
    merged.write(str(target))


def run_jobs(args: argparse.Namespace, *, key_variables: tuple[str, str]) -> int:
    """Run ``args.jobs`` shard processes side by side; print their output; write the merged reports."""
    from .runner import DEFAULT_MAX_RATE
    from .settings import load_profile
    from .target import is_loopback

    jobs: int = args.jobs
    max_rate = args.max_rate
    if max_rate is None and not is_loopback(args.base_url):
        max_rate = DEFAULT_MAX_RATE
    profile = load_profile(args.profile)
    bound = (args.deadline or profile.deadline) + KILL_GRACE
    env = _job_environment(args, key_variables)
    with tempfile.TemporaryDirectory(prefix="cloudcore-contract-jobs-") as tmp:
        folder = Path(tmp)
        logs = [(folder / f"{index}.log").open("w+", encoding="utf-8") for index in range(1, jobs + 1)]
        processes: list[subprocess.Popen[bytes]] = []
        try:
            started = time.monotonic()
            for index, log in enumerate(logs, start=1):
                command = _job_command(args, index, jobs, folder, max_rate)
                processes.append(subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT))
            codes = [_wait(process, started + bound) for process in processes]
            for index, (log, code) in enumerate(zip(logs, codes, strict=True), start=1):
                log.seek(0)
                print(f"==== job {index}/{jobs}: exit status {code} ====")
                sys.stdout.write(log.read())
        finally:  # interrupted (Ctrl-C) or done: no job outlives the run
            for process in processes:
                if process.poll() is None:
                    process.kill()
                    process.wait()
            for log in logs:
                log.close()
        written = [folder / f"{index}.json" for index in range(1, jobs + 1)]
        figures = [json.loads(path.read_text(encoding="utf-8")) for path in written if path.exists()]
        merged = merge_figures(figures, jobs)
        if args.junit:
            _merge_junit([folder / f"{index}.xml" for index in range(1, jobs + 1)], args.junit, jobs)
    if args.stats:
        args.stats.parent.mkdir(parents=True, exist_ok=True)
        args.stats.write_text(json.dumps(merged, indent=1) + "\n", encoding="utf-8")
    worst = EXIT_CANNOT_RUN if any(code not in (EXIT_OK, EXIT_VIOLATED, EXIT_USAGE) for code in codes) else max(codes)
    short = None
    whole = not args.phase and not args.operation and len(figures) == jobs
    if worst == EXIT_OK and whole and merged.get("cases", 0) < profile.min_cases:
        cases = merged.get("cases", 0)
        short = f"only {cases} generated cases executed; profile {profile.name} requires {profile.min_cases}"
        print(f"cloudcore-contract: {short}", file=sys.stderr)
    print(f"{jobs} jobs: {merged.get('cases', 0)} cases, the slowest job's suite {merged['seconds']:.1f} s")
    return EXIT_VIOLATED if short else worst


def _wait(process: subprocess.Popen[bytes], stop_at: float) -> int:
    """The job's exit status; a job still running at ``stop_at`` is killed (status 3)."""
    try:
        return process.wait(timeout=max(0.0, stop_at - time.monotonic()))
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        return EXIT_CANNOT_RUN
