"""One run of the suite: open the target, run pytest with the contract plugin, give the exit status.

Imported by ``cli.main`` only after the command line was read, so that a missing dependency is
reported as "cannot run" (exit status 3) rather than as a traceback.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
from pathlib import Path

import pytest

from . import checks
from .isolation import SUITE_PLUGINS, own_session
from .localconstants import without_local_constants
from .masking import Masker
from .plugin import SUITE_MODULE, ContractPlugin
from .run import CURRENT, Run
from .settings import SIMULATOR_KEY, SIMULATOR_OTHER_KEY, Selection, load_profile, load_spec, operation_labels
from .shards import plan
from .target import CannotRun, is_loopback, open_target
from .transport import Deadline, Limits, Traffic

__all__ = ["DEFAULT_MAX_RATE", "EXIT_CANNOT_RUN", "EXIT_OK", "EXIT_USAGE", "EXIT_VIOLATED", "checks", "run"]

EXIT_OK = 0
EXIT_VIOLATED = 1
EXIT_USAGE = 2
EXIT_CANNOT_RUN = 3

#: Requests per second against a target that is not on this machine, unless --max-rate says otherwise.
DEFAULT_MAX_RATE = 10.0
#: The share of the deadline kept for cancelling the run's orders at the end (at most this many seconds).
CLEANUP_RESERVE = 60.0
#: After the deadline (and the cleanup's reserve) the process ends regardless, this much later.
HARD_STOP_GRACE = 15.0
#: The garbage collector's thresholds during a run: full collections ten times rarer than Python's
#: default. Generating cases allocates many short-lived objects and keeps a growing heap (Hypothesis's
#: records of what it generated): with the defaults, full collections of that heap took 12-15 % of the
#: fuzzing phase; with these, and with what collection built frozen (plugin.py), about 5 %.
GC_THRESHOLDS = (700, 10, 100)


def _pytest_args(selection: Selection, *, quiet: bool) -> list[str]:
    args = [
        "--pyargs",
        SUITE_MODULE,
        # The service's own pytest configuration and conftest files are not the suite's.
        "-c",
        os.devnull,
        "--rootdir",
        str(Path.cwd()),
        "--noconftest",
        # Nor its plugins: only the suite's own (isolation.py; installed ones are not auto-loaded).
        *(arg for plugin in SUITE_PLUGINS for arg in ("-p", plugin)),
        "-p",
        "no:cacheprovider",
        "-p",
        "no:junitxml",
        # Its clean-up runs five full garbage collections at the end; the tool reports no such warnings.
        "-p",
        "no:unraisableexception",
        "-o",
        "console_output_style=classic",
        "-q" if quiet else "-v",
        "--tb=line",
        "--assert=plain",
        "-r",
        "fE",
    ]
    if selection.fail_fast:
        args.append("-x")
    return args


def _hard_stop(seconds: float, masker: Masker) -> threading.Timer:
    """A last resort: whatever hangs, the process ends ``seconds`` from now with exit status 3."""

    def stop() -> None:
        sys.stderr.write(
            masker.text(f"cloudcore-contract: the run passed its deadline by {HARD_STOP_GRACE:g} s; stopped (exit 3)\n")
        )
        sys.stderr.flush()
        os._exit(EXIT_CANNOT_RUN)

    timer = threading.Timer(seconds, stop)
    timer.daemon = True
    timer.start()
    return timer


def run(selection: Selection, masker: Masker, *, quiet: bool = False, listing: bool = False) -> int:
    """Run the suite as ``selection`` says; the exit status (0 passed, 1 violated, 2 usage, 3 cannot run)."""
    try:
        profile = load_profile(selection.profile)
    except ValueError as exc:
        print(f"cloudcore-contract: {exc}", file=sys.stderr)
        return EXIT_USAGE
    labels = operation_labels(load_spec())
    unknown = sorted(selection.operations - set(labels) - set(labels.values()))
    if unknown:
        known = ", ".join(sorted(labels))
        print(f"cloudcore-contract: unknown operation {', '.join(map(repr, unknown))}; known: {known}", file=sys.stderr)
        return EXIT_USAGE
    if listing:
        return _list_units(selection, labels)
    total = selection.deadline if selection.deadline is not None else profile.deadline
    reserve = min(CLEANUP_RESERVE, total * 0.1)
    deadline = Deadline(total - reserve)
    max_rate = selection.max_rate
    if max_rate is None and not is_loopback(selection.base_url):
        max_rate = DEFAULT_MAX_RATE
    limits = Limits(
        max_rate=max_rate or None,
        request_timeout=selection.request_timeout,
        max_wait=selection.max_retry_wait,
        max_answer_bytes=selection.max_answer_bytes,
    )
    traffic = Traffic()
    masker.add(selection.api_key, selection.other_api_key, SIMULATOR_KEY, SIMULATOR_OTHER_KEY)
    timer = _hard_stop(total + HARD_STOP_GRACE, masker)
    target = None
    thresholds = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        try:
            target = open_target(selection, masker, limits, deadline, traffic)
        except CannotRun as exc:
            print(masker.text(f"cloudcore-contract: cannot run: {exc}"), file=sys.stderr)
            return EXIT_CANNOT_RUN
        the_run = Run(selection, profile, target, masker, limits, deadline, traffic, reserve_seconds=reserve)
        if selection.shared and target.controls:
            the_run.notes.append(
                "the simulator is not reset: other runs (shards) share its accounts; references are unique per run"
            )
        CURRENT.append(the_run)
        plugin = ContractPlugin(the_run)
        with without_local_constants(), own_session():
            code = pytest.main(_pytest_args(selection, quiet=quiet), plugins=[plugin])
        if the_run.stopped is not None:
            print(masker.text(f"cloudcore-contract: cannot run: {the_run.stopped}"), file=sys.stderr)
            return EXIT_CANNOT_RUN
        return _exit_status(int(code))
    finally:
        if target is not None:
            target.close()
        timer.cancel()
        CURRENT.clear()
        gc.unfreeze()
        gc.set_threshold(*thresholds)


def _list_units(selection: Selection, labels: dict[str, str]) -> int:
    """``--list``: the units this run (or shard) would do, from the contract alone (``shards.plan``,
    as the suite plans them): no target is contacted and no test is built."""
    units = plan(labels, phases=selection.phases, operations=selection.operations, shard=selection.shard)
    for unit in units:
        print(f"unit: {unit}")
    return EXIT_OK


def _exit_status(code: int) -> int:
    """pytest's exit code as the tool's: failures are a violated contract; a broken collection cannot run."""
    if code == pytest.ExitCode.OK:
        return EXIT_OK
    if code == pytest.ExitCode.TESTS_FAILED:
        return EXIT_VIOLATED
    if code in (pytest.ExitCode.USAGE_ERROR, pytest.ExitCode.NO_TESTS_COLLECTED):
        return EXIT_USAGE
    return EXIT_CANNOT_RUN  # interrupted (a collection error, Ctrl-C) or an internal error
