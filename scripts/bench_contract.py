"""Benchmark: the contract suite's speed, in generated cases per second, per phase and in all.

Prints figures; it is not a test. Runs the tool as ``python -m cloudcore_contract`` would (the
``ci`` profile unless told otherwise, through a small bootstrap module) in-process against the
simulator, in a subprocess in a temporary folder:

    .venv/bin/python scripts/bench_contract.py [--profile ci] [--runs 1] [--seed N] [--source DIR]

For each run it prints, per phase (examples, coverage, fuzzing, stateful with its link walk): the
generated cases, the phase's wall time, cases per second, and the CPU time (user + sys) per case,
measured around each test by a small pytest plugin this script adds to the tool's own
``pytest.main`` call from a bootstrap module (the tool ignores ``PYTEST_ADDOPTS`` and installed
plugins, see ``isolation.py``; so it needs no option for this, and an older checkout of it can be
measured the same way). Then the whole suite (the tool's own ``cases/s`` figure: from the first
test to the last) and the whole process (start-up, collection and cleanup included: wall, and CPU
from the process's resource usage). The load average before and after each run is printed too:
the machine is shared, so the CPU figures are the ones to compare between runs.

``--seed N`` fixes Hypothesis's seed (``--hypothesis-seed``), so that two runs, or two versions of
the tool, generate the same cases. ``--source DIR`` puts DIR first on ``PYTHONPATH``: a directory
holding another ``cloudcore_contract`` package (e.g. ``git archive`` of an older commit's
``contract/``), to measure the version before a change with the same script.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

PHASES = ("examples", "coverage", "fuzzing", "stateful")

#: The pytest plugin handed to the tool: wall and CPU time around each test, written as JSON at the end.
TIMER_PLUGIN = textwrap.dedent(
    '''
    """Times each test of the contract suite (wall and CPU); written by scripts/bench_contract.py."""
    import json
    import os
    import time

    import pytest

    _TIMES = {}


    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(item, nextitem):
        wall, cpu = time.perf_counter(), time.process_time()
        yield
        name = getattr(item, "originalname", None) or item.name
        total = _TIMES.setdefault(name, [0.0, 0.0])
        total[0] += time.perf_counter() - wall
        total[1] += time.process_time() - cpu


    def pytest_sessionfinish(session):
        with open(os.environ["CONTRACT_BENCH_TIMES"], "w", encoding="utf-8") as out:
            json.dump(_TIMES, out)
    '''
)

#: Runs the tool as ``python -m cloudcore_contract`` would, with the timer plugin (and the seed)
#: added to its pytest session.
BOOTSTRAP = textwrap.dedent(
    """
    import os
    import runpy
    import sys

    import pytest

    import contract_bench_timer

    _main = pytest.main
    _seed = os.environ.get("CONTRACT_BENCH_SEED")


    def main(args, plugins=()):
        extra = [f"--hypothesis-seed={_seed}"] if _seed else []
        return _main([*args, *extra], plugins=[*plugins, contract_bench_timer])


    pytest.main = main
    sys.argv[0] = "cloudcore-contract"
    runpy.run_module("cloudcore_contract", run_name="__main__", alter_sys=True)
    """
)

#: Which phase a suite test's time belongs to.
TEST_PHASE = {
    "test_examples": "examples",
    "test_coverage": "coverage",
    "test_fuzzing": "fuzzing",
    "test_stateful_links": "stateful",
    "test_every_link_followed": "stateful",
}


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f} (1 min), {five:.2f} (5 min)"


def run_once(args: argparse.Namespace, workdir: Path) -> dict[str, object]:
    plugin_dir = workdir / "plugin"
    plugin_dir.mkdir(parents=True, exist_ok=True)
    (plugin_dir / "contract_bench_timer.py").write_text(TIMER_PLUGIN, encoding="utf-8")
    (plugin_dir / "contract_bench_bootstrap.py").write_text(BOOTSTRAP, encoding="utf-8")
    times, stats = workdir / "times.json", workdir / "stats.json"
    path = [str(plugin_dir)]
    if args.source:
        path.insert(0, str(Path(args.source).resolve()))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLOUDPRINTER_", "HYPOTHESIS_"))}
    env["PYTHONPATH"] = os.pathsep.join([*path, env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env["CONTRACT_BENCH_TIMES"] = str(times)
    if args.seed is not None:
        env["CONTRACT_BENCH_SEED"] = str(args.seed)
    command = [sys.executable, "-m", "contract_bench_bootstrap", "-q", "--profile", args.profile, f"--stats={stats}"]
    load_before = _load()
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=workdir, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output, _ = process.communicate()
    wall = time.perf_counter() - started
    load_after = _load()
    text = output.decode("utf-8", "replace")
    if process.returncode != 0 or not stats.exists() or not times.exists():
        raise SystemExit(f"the contract run failed (exit {process.returncode}):\n{text[-3000:]}")
    return {
        "output": text,
        "wall": wall,
        "stats": json.loads(stats.read_text(encoding="utf-8")),
        "times": json.loads(times.read_text(encoding="utf-8")),
        "load_before": load_before,
        "load_after": load_after,
    }


def _children_cpu() -> float:
    usage = os.times()
    return usage.children_user + usage.children_system


def report(run: dict[str, object], cpu: float) -> None:
    stats: dict[str, object] = run["stats"]  # type: ignore[assignment]
    times: dict[str, list[float]] = run["times"]  # type: ignore[assignment]
    by_phase: dict[str, int] = dict(stats["by_phase"])  # type: ignore[call-overload]
    cases = {phase: by_phase.get(phase, 0) for phase in PHASES}
    cases["stateful"] += by_phase.get("manual", 0)  # the explicit link walk's calls
    wall = dict.fromkeys(PHASES, 0.0)
    cpu_by_phase = dict.fromkeys(PHASES, 0.0)
    for test, (seconds, cpu_seconds) in times.items():
        phase = TEST_PHASE.get(test)
        if phase is not None:
            wall[phase] += seconds
            cpu_by_phase[phase] += cpu_seconds
    print(f"load average before: {run['load_before']}; after: {run['load_after']}")
    print(f"{'phase':<10} {'cases':>6} {'wall s':>8} {'cases/s':>8} {'CPU s':>8} {'CPU ms/case':>12}")
    for phase in PHASES:
        n, seconds, cpu_seconds = cases[phase], wall[phase], cpu_by_phase[phase]
        rate = n / seconds if seconds else 0.0
        per_case = 1000 * cpu_seconds / n if n else 0.0
        print(f"{phase:<10} {n:>6} {seconds:>8.1f} {rate:>8.1f} {cpu_seconds:>8.1f} {per_case:>12.2f}")
    total_cases = int(stats["cases"])  # type: ignore[call-overload]
    suite_seconds = float(stats["seconds"])  # type: ignore[arg-type]
    suite_cpu = sum(cpu_by_phase.values())
    print(
        f"{'suite':<10} {total_cases:>6} {suite_seconds:>8.1f} {total_cases / suite_seconds:>8.1f} "
        f"{suite_cpu:>8.1f} {1000 * suite_cpu / total_cases:>12.2f}"
    )
    process_wall = float(run["wall"])  # type: ignore[arg-type]
    print(
        f"whole process: {process_wall:.1f} s wall, {cpu:.1f} s CPU (user + sys), "
        f"{total_cases / process_wall:.1f} cases/s; {1000 * cpu / total_cases:.2f} ms CPU per case"
    )
    links: dict[str, int] = stats.get("links", {})  # type: ignore[assignment]
    traffic: dict[str, object] = stats.get("traffic", {})  # type: ignore[assignment]
    print(
        f"links followed: {len(links)} of {stats.get('links_known')}; "
        f"checks' own requests: {stats.get('probes')}; requests: {traffic.get('requests')}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--profile", default="ci")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--seed", type=int, help="Hypothesis's seed (the same cases in every run)")
    parser.add_argument("--source", help="a directory holding the cloudcore_contract package to measure")
    args = parser.parse_args()
    print(f"contract suite, profile {args.profile}, in-process simulator ({args.runs} run(s))")
    for index in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="bench-contract-") as folder:
            before = _children_cpu()
            run = run_once(args, Path(folder))
            cpu = _children_cpu() - before
        print(f"-- run {index + 1}")
        report(run, cpu)


if __name__ == "__main__":
    main()
