"""``--record DIR`` writes each exchange as a JSON line, keys masked; ``replay`` sends a recording
again to any target and compares the answers."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cloudcore_client import CloudCoreError
from cloudcore_contract.proxy.replay import ReplayUnreachable, replay
from cloudcore_simulator.testing import ThreadedServer
from tests._helpers.proxy import KEY, KEYS, OTHER_KEY, everyday, simulator, stack
from tests.contract.faults import Fault

REPO = Path(__file__).resolve().parents[2]
#: Seconds for one run of the command; a run takes 2-4 s (mostly start-up) on a busy 2-core machine.
COMMAND_BUDGET = 120


def record(directory: Path, **config: Any) -> dict[str, Any]:
    with stack(simulator(), record_dir=directory, **config) as running:
        everyday(running.client(KEY), "mine")
        everyday(running.client(OTHER_KEY), "theirs")
        with contextlib.suppress(CloudCoreError):
            running.client("proxy-test-key-nobody-000").products.list_products()  # 403
        return running.report()


def lines(directory: Path) -> list[dict[str, Any]]:
    files = list(directory.glob("*.jsonl"))
    assert len(files) == 1, files
    return [json.loads(line) for line in files[0].read_text(encoding="utf-8").splitlines()]


def test_a_recording_holds_every_exchange_with_keys_masked(tmp_path: Path) -> None:
    report = record(tmp_path)
    recorded = lines(tmp_path)
    assert len(recorded) == 29 == report["recording"]["exchanges"]
    assert report["recording"]["stopped"] is None
    text = "\n".join(path.read_text(encoding="utf-8") for path in tmp_path.iterdir())
    for key in (*KEYS, "proxy-test-key-nobody-000"):
        assert key not in text
    for line in recorded:
        assert json.loads(line["request"]["body"])["apikey"] == "***"
        assert line["response"]["status"] in (200, 201, 204, 403)
    assert [line["account"] for line in recorded] == [1] * 14 + [2] * 14 + [None]
    first = recorded[0]
    assert first["operation"] == "listProducts"
    assert first["request"]["path"] == "/cloudcore/1.0/products"
    assert json.loads(first["response"]["body"])[0]["reference"]


def test_a_replay_against_an_identical_simulator_agrees(tmp_path: Path) -> None:
    record(tmp_path)
    with ThreadedServer(simulator()) as target:
        report = replay([tmp_path], target.url, list(KEYS))
    assert report.violations == 0
    assert report.fidelity is not None
    fidelity = report.fidelity.as_dict()
    assert fidelity["compared"] == 29
    assert fidelity["score"] == 1.0, fidelity["findings"]


def test_a_replay_against_a_drifted_simulator_shows_each_difference(tmp_path: Path) -> None:
    record(tmp_path)
    with ThreadedServer(simulator(fault=Fault.ORDER_INFO_DIFFERS)) as target:
        report = replay([tmp_path], target.url, list(KEYS))
    assert report.fidelity is not None
    fidelity = report.fidelity.as_dict()
    whats = {(f["operation"], f["what"]) for f in fidelity["findings"]}
    assert ("getOrderInfo", "value of items[].count differs") in whats
    count = next(f["count"] for f in fidelity["findings"] if f["what"] == "value of items[].count differs")
    assert count == 4  # two infos of each account's order
    assert report.by_kind["order-info-differs"] == 4  # the target's answers are judged too


def test_a_replay_to_nowhere_says_so(tmp_path: Path) -> None:
    record(tmp_path)
    closed = ThreadedServer(simulator()).start()
    url = closed.url
    closed.stop()
    with pytest.raises(ReplayUnreachable):
        replay([tmp_path], url, [KEY])


def test_the_recording_stops_at_its_cap(tmp_path: Path) -> None:
    report = record(tmp_path, record_max_bytes=20_000)
    stopped = report["recording"]["stopped"]
    assert stopped is not None
    assert "size cap" in stopped
    assert (tmp_path / Path(report["recording"]["file"]).name).stat().st_size <= 20_000
    assert report["exchanges"] == 29  # the proxy went on proxying and judging


def run_replay(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLOUDPRINTER_")}
    command = [sys.executable, "-m", "cloudcore_contract", "replay", *args]
    return subprocess.run(
        command, cwd=REPO, env=env, capture_output=True, text=True, timeout=COMMAND_BUDGET, check=False
    )


def test_the_replay_command_exits_by_what_it_found(tmp_path: Path) -> None:
    recording = tmp_path / "recording"
    record(recording)
    keys = ["--api-key", KEY, "--api-key", OTHER_KEY]
    with ThreadedServer(simulator()) as clean, ThreadedServer(simulator(fault=Fault.FIELD_RENAMED)) as drifted:
        agreed = run_replay(str(recording), "--target", clean.url, *keys, "--junit", str(tmp_path / "r.xml"))
        assert agreed.returncode == 0, agreed.stderr
        assert "100.0% (29 of 29 answers agreed)" in agreed.stderr
        differed = run_replay(str(recording), "--target", drifted.url, *keys, "--report", str(tmp_path / "r.json"))
        assert differed.returncode == 1, differed.stderr
        assert "listShippingLevels: field [].name: only recorded" in differed.stderr
        written = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
        assert written["shadow"]["operations"]["listShippingLevels"]["score"] == 0.0
        assert run_replay(str(recording), "--target", clean.url).returncode == 2  # no key
    assert run_replay(str(recording), "--target", clean.url, *keys).returncode == 3  # stopped: unreachable
    assert KEY not in agreed.stderr + differed.stderr
