"""The contract tool against targets that behave like the real API, clean and drifted.

- ``python -m cloudcore_simulator`` in its default mode (unknown fields accepted, as the real API
  does): the phases that add, follow and cancel orders pass as two shards side by side on it;
- the sandbox-like stand-in (``--sandbox``: hundreds of earlier orders, no ``/_simulator/``, the
  FACTS.md answer variants, 429 above 20 requests a second, orders ending at 501): the ``sandbox``
  profile passes, waits out its 429s, cancels every order it created and no other;
- the same stand-in drifted (an error body of another shape, a dropped required field, a cancel that
  is not applied): the run fails with status 1 and names the check.
"""

from __future__ import annotations

import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from cloudcore_simulator.sandbox import SandboxConfig, create_sandbox_app
from cloudcore_simulator.testing import API_PATH, ThreadedServer

from .faults import Fault, FaultInjector
from .runs import left_behind, simulator_process, tool

KEY = "sandbox-test-key-3c9e"
OTHER = "sandbox-test-other-key-d41b"
KEYS = ("--api-key", KEY, "--other-api-key", OTHER)

# Seconds, with both cores busy: a `faults` run over loopback ~60, a slice ~25, the sandbox profile
# through the 20 req/s stand-in ~110 (it waits on the rate, not on the CPU). Budgets are 3x or more.
RUN_BUDGET = 300
SLICE_BUDGET = 150
SANDBOX_BUDGET = 480


def _seeded_states(base_url: str) -> Counter[str]:
    """State of each earlier order (``sandbox-earlier-*``) of the account, as the stand-in lists them."""
    with httpx.Client(timeout=60) as client:
        for _ in range(30):
            answer = client.post(f"{base_url}/orders/", json={"apikey": KEY})
            if answer.status_code != 429:
                break
            time.sleep(1)
    assert answer.status_code == 200, answer.text[:300]
    rows = answer.json()
    return Counter(str(row["state"]) for row in rows if str(row["reference"]).startswith("sandbox-earlier-"))


#: What two shards sharing one simulator could spoil for each other: the orders (added in the examples,
#: followed and cancelled by the stateful scenarios and their link walk). The other phases read nothing
#: another shard writes; the default mode passing every phase over loopback is the sandbox profile's
#: test below (the sandbox-like mode is the default mode plus the sandbox's answers), and the strict
#: simulator passing the whole `faults` profile as two jobs is test_faults.py's clean run.
SHARED_PHASES = ("--phase", "examples", "--phase", "stateful")


@pytest.mark.timeout(RUN_BUDGET)
def test_the_default_mode_simulator_passes_as_two_shards_sharing_it(tmp_path: Path) -> None:
    """The phases that add, follow and cancel orders, as two shards side by side on one simulator: no
    failure, and no scenario loses its orders to the other shard (shards never reset a simulator they
    share).

    The installed command, run from a folder outside the repository over loopback, as a service runs it.
    """
    with simulator_process("--speed", "0", keys=(KEY, OTHER)) as base_url, ThreadPoolExecutor(2) as pool:
        runs = list(
            pool.map(
                lambda index: tool(
                    tmp_path / str(index), "--base-url", base_url, *KEYS, "--profile", "faults", *SHARED_PHASES,
                    "--shard", f"{index}/2", timeout=RUN_BUDGET - 10,
                ),
                (1, 2),
            )
        )  # fmt: skip
    units: list[str] = []
    for run in runs:
        assert run.returncode == 0, run.describe()
        assert run.cases, run.describe()
        assert all(text == "" for text in run.cases.values()), run.describe()
        assert run.stats["unknown_fields"] == "accepted"
        assert len(run.stats["links"]) == run.stats["links_known"] == 9
        assert "links followed: 9 of 9" in run.stdout
        assert run.stats["account"] == "kept (not reset)"
        assert "the simulator is not reset" in run.stdout
        assert run.stats["orders"]["left"] == 0, run.stats["orders"]
        assert KEY not in run.everything()
        assert OTHER not in run.everything()
        assert left_behind(run.cwd) == set()  # no .hypothesis/, nothing else
        units += run.stats["units"]
    assert len(units) == len(set(units)) == 11 + 2, units  # together: every unit of the two phases, once
    assert sum(len(run.cases) for run in runs) >= 11 + 2


@pytest.mark.timeout(RUN_BUDGET)
def test_every_failure_is_in_the_junit_report_under_its_own_testcase(tmp_path: Path) -> None:
    """Held to refusing unknown fields, which it does not, the default mode fails once per operation."""
    with simulator_process("--speed", "0", keys=(KEY, OTHER)) as base_url:
        run = tool(
            tmp_path, "--base-url", base_url, *KEYS, "--phase", "coverage", "--unknown-fields", "refused",
            timeout=RUN_BUDGET - 10,
        )  # fmt: skip
    assert run.returncode == 1, run.describe()
    failed = sorted(name for name, text in run.cases.items() if text)
    # Not orders/add: the coverage phase builds its bodies with `currency: "AAA"`, which the simulator
    # refuses as no ISO 4217 code (a business 400), so its unknown fields are never seen accepted.
    assert len(failed) == 10, failed
    assert "test_coverage[POST /orders/add]" not in failed
    assert all(name.startswith("test_coverage[POST /") for name in failed), failed
    assert all("ST201 Schema-violating request accepted" in run.cases[name] for name in failed)


@pytest.mark.timeout(SANDBOX_BUDGET)
def test_the_sandbox_profile_passes_through_the_sandbox_like_stand_in(tmp_path: Path) -> None:
    with simulator_process("--sandbox", "--sandbox-rate", "20", keys=(KEY, OTHER)) as base_url:
        before = _seeded_states(base_url)
        run = tool(tmp_path, "--base-url", base_url, *KEYS, "--profile", "sandbox", timeout=SANDBOX_BUDGET - 20)
        after = _seeded_states(base_url)
    assert run.returncode == 0, run.describe()
    stats = run.stats
    print(  # the figures of the closing note (pytest -s shows them)
        f"\nsandbox profile through the stand-in at 20 req/s: {stats['cases']} cases in {run.seconds:.0f} s "
        f"(suite {stats['seconds']:.0f} s), {stats['traffic']['requests']} requests, "
        f"{stats['traffic']['waited_429']} x 429 waited out, orders {stats['orders']}"
    )
    assert stats["account"] == "kept (not reset)"
    assert stats["unknown_fields"] == "accepted"
    assert stats["cases"] >= 700
    assert len(stats["links"]) == 9
    orders = stats["orders"]
    assert orders["created"] > 0
    assert orders["created"] == orders["cancelled"], orders  # all still cancelable: none left
    assert orders["left"] == 0, orders
    # No earlier order was cancelled by the run: as many are cancelled (500) as before.
    assert sum(after.values()) == sum(before.values()) == 300
    assert after["500"] == before["500"], (before, after)


@pytest.mark.timeout(SLICE_BUDGET)
def test_429s_are_waited_out_and_counted_not_failed(tmp_path: Path) -> None:
    with simulator_process("--sandbox", "--sandbox-rate", "3", "--sandbox-orders", "20", keys=(KEY, OTHER)) as url:
        run = tool(tmp_path, "--base-url", url, *KEYS, "--phase", "examples", timeout=SLICE_BUDGET - 10)
    assert run.returncode == 0, run.describe()
    traffic = run.stats["traffic"]
    assert traffic["waited_429"] >= 1, traffic
    assert traffic["slowed_to"] is not None
    assert f"{traffic['waited_429']} x 429" in run.stdout


SCHEMA = "ST108 Response violates schema"
#: The drift, the checks that rightly name it (the run stops at whichever it meets first), and the
#: smallest slice that reveals it. A malformed error body shows first in the wrong-key probe's 403 when
#: the sandbox left the 410 bodiless; a cancel answered 200 for another account's order shows as
#: isolation broken when the stateful run tries that first.
DRIFTS = {
    Fault.MALFORMED_ERROR_BODY: (
        (SCHEMA, "wrong_key_forbidden"),
        ("--phase", "examples", "--operation", "getOrderInfo"),
    ),
    Fault.REQUIRED_FIELD_DROPPED: ((SCHEMA,), ("--phase", "examples", "--operation", "listProducts")),
    Fault.CANCEL_NOT_APPLIED: (("cancel_reflected", "foreign_order_invisible"), ("--phase", "stateful")),
}


@pytest.mark.timeout(SLICE_BUDGET)
@pytest.mark.parametrize("fault", list(DRIFTS), ids=lambda fault: str(fault.value))
def test_a_drifted_stand_in_fails_naming_the_check(tmp_path: Path, fault: Fault) -> None:
    checks, where = DRIFTS[fault]
    stand_in = create_sandbox_app([KEY, OTHER], config=SandboxConfig(orders=50, rate_limit=20))
    with ThreadedServer(FaultInjector(stand_in, fault, api_keys=[KEY, OTHER])) as server:
        run = tool(
            tmp_path, "--base-url", server.url + API_PATH, *KEYS, "--profile", "faults", "-x", *where,
            timeout=SLICE_BUDGET - 10,
        )  # fmt: skip
    assert run.returncode == 1, run.describe()
    assert any(check in run.failures for check in checks), run.describe()
