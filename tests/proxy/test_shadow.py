"""Shadow mode: each request also goes to a second simulator; the caller gets only the real answer,
and the report measures how faithful the second one is (per operation, each difference once)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from cloudcore_client import CloudCoreError
from cloudcore_simulator.testing import ThreadedServer
from tests._helpers.proxy import KEY, OTHER_KEY, TIMEOUT, Stack, everyday, everyday_calls, simulator, stack
from tests.contract.faults import Fault


@contextlib.contextmanager
def shadowed(shadow_app: Callable[..., Any], **config: Any) -> Iterator[Stack]:
    with ThreadedServer(shadow_app) as shadow, stack(simulator(), shadow=shadow.url, **config) as running:
        yield running


def differences(report: dict[str, Any]) -> list[str]:
    return [f"{f['operation']}: {f['what']} {f['example']['detail']}" for f in report["shadow"]["findings"]]


def quiet_everyday(running: Stack, key: str = KEY, prefix: str = "order") -> None:
    for call in everyday_calls(running.client(key), prefix):
        with contextlib.suppress(CloudCoreError):
            call()


def test_a_faithful_shadow_scores_one() -> None:
    with shadowed(simulator()) as running:
        everyday(running.client(KEY), "mine")
        everyday(running.client(OTHER_KEY), "theirs")
        report = running.report()
    shadow = report["shadow"]
    assert shadow["compared"] == 28, shadow
    assert shadow["score"] == 1.0, differences(report)
    assert set(shadow["operations"]) == set(report["operations"])


SHADOW_FAULTS = {
    Fault.FIELD_RENAMED: ("listShippingLevels", ["field [].name: only upstream", "field [].title: only shadow"]),
    # The fault answers JSON booleans, which are no numbers (though Python says True == 1).
    Fault.FIELD_TYPE_CHANGED: ("listShippingCountries", ["field [].require_state: upstream number, shadow boolean"]),
    Fault.ORDER_INFO_DIFFERS: ("getOrderInfo", ["value of items[].count differs"]),
    Fault.WRONG_STATE_AFTER_CANCEL: ("getOrderInfo", ["state after a cancel differs"]),
    Fault.UNDOCUMENTED_STATUS: ("getProductInfo", ["status: upstream 204, shadow 404 (product_not_found)"]),
    Fault.MALFORMED_ERROR_BODY: ("getOrderInfo", ["field error: only upstream", "field message: only shadow"]),
    Fault.SERVER_ERROR: ("listShippingStates", ["status: upstream 200, shadow 500 (internal_error)"]),
}


@pytest.mark.parametrize("fault", list(SHADOW_FAULTS), ids=[fault.value for fault in SHADOW_FAULTS])
def test_a_shadow_with_a_fault_is_reported_with_the_differing_fields(
    fault: Fault, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="cloudcore_contract.proxy")
    operation, expected = SHADOW_FAULTS[fault]
    with shadowed(simulator(fault=fault)) as running:
        quiet_everyday(running)
        quiet_everyday(running, prefix="again")  # every difference counted, each shown once
        for _ in range(2):
            with contextlib.suppress(CloudCoreError):
                running.client().products.get_product_info(reference="no-such-product")
            with contextlib.suppress(CloudCoreError):
                running.client().orders.get_order_info(reference="never-added")
        levels = running.client().shipping.list_shipping_levels()
        report = running.report()
    assert all(level.name for level in levels), "the caller got the shadow's answer"
    assert report["violations"] == 0, "the upstream is clean: its answers went to the caller"
    shown = differences(report)
    for what in expected:
        assert any(line.startswith(f"{operation}: {what}") for line in shown), shown
    finding = next(f for f in report["shadow"]["findings"] if f["operation"] == operation)
    assert finding["count"] >= 2, finding
    assert report["shadow"]["operations"][operation]["score"] < 1
    logged = [r.getMessage() for r in caplog.records if r.getMessage().startswith("shadow difference")]
    assert len(logged) == len({(f["operation"], f["what"]) for f in report["shadow"]["findings"]}), logged


def test_a_failing_shadow_never_affects_the_caller() -> None:
    closed = ThreadedServer(simulator()).start()
    url = closed.url
    closed.stop()
    with stack(simulator(), shadow=url) as running, stack(simulator()) as reference:
        everyday(running.client(), "a")
        everyday(reference.client(), "a")
        report = running.report()
        assert report["violations"] == 0
        assert report["shadow"]["failed"] == 14
        assert report["shadow"]["compared"] == 0


class Blocked:
    """A shadow target that answers nothing until released."""

    def __init__(self, app: Callable[..., Any]) -> None:
        self.app = app
        self.release = threading.Event()

    async def __call__(self, scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]) -> None:
        if scope["type"] == "http":
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait, TIMEOUT)
        await self.app(scope, receive, send)


def test_a_slow_shadow_never_slows_the_caller() -> None:
    blocked = Blocked(simulator())
    with shadowed(blocked) as running:
        try:
            everyday(running.client(), "a")  # all 14 answered while the shadow has not answered one
            assert running.proxy.app.report.fidelity is not None
            assert sum(running.proxy.app.report.fidelity.compared.values()) == 0
        finally:
            blocked.release.set()
        report = running.report()
    assert report["shadow"]["compared"] == 14
    assert report["shadow"]["score"] == 1.0, differences(report)


def test_the_shadow_key_replaces_the_callers_key() -> None:
    shadow_key = "shadow-only-key-98765"
    with shadowed(simulator(keys=(shadow_key,)), shadow_key=shadow_key) as running:
        everyday(running.client(KEY), "a")
        report = running.report()
    assert report["shadow"]["score"] == 1.0, differences(report)
    assert shadow_key not in str(report)
