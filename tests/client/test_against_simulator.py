"""The high-level client against the real simulator on a loopback port."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from cloudcore_client import CloudCore, NotFoundError, RetryPolicy, WebhookKeyError, parse_signal
from cloudcore_client.models import ItemShippedSignal
from cloudcore_simulator.testing import SimulatorServer
from tests._helpers.spec import REPO
from tests.client.programs.every_operation import ADDRESS, order_items

KEY = "sim-key-4be1d0"
PROGRAM = Path(__file__).parent / "programs" / "every_operation.py"


@pytest.fixture
def base_url() -> Iterator[str]:
    with SimulatorServer([KEY]) as server:
        yield server.base_url


def test_every_operation_program_type_checks() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(PROGRAM)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_operation_program_runs_against_the_simulator(base_url: str) -> None:
    env = {**os.environ, "CLOUDPRINTER_API_KEY": KEY}
    result = subprocess.run(
        [sys.executable, str(PROGRAM), base_url], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("ok")
    assert KEY not in result.stdout + result.stderr


def test_lost_answer_of_orders_add_is_recovered_without_a_duplicate(
    base_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """The simulator stores the order, the client never sees the 201: the retry must confirm, not fail."""

    class LoseFirstAddAnswer(httpx.HTTPTransport):
        def __init__(self) -> None:
            super().__init__()
            self.lost = threading.Event()

        def handle_request(self, request: httpx.Request) -> httpx.Response:
            response = super().handle_request(request)
            if request.url.path.endswith("/orders/add") and not self.lost.is_set():
                self.lost.set()
                response.read()
                raise httpx.ReadTimeout("answer lost", request=request)
            return response

    caplog.set_level(logging.DEBUG)
    transport = LoseFirstAddAnswer()
    with CloudCore(KEY, base_url=base_url, retry=RetryPolicy(initial_delay=0.01), transport=transport) as client:
        added = client.orders.add_order(
            reference="lost-1", email="support@example.com", addresses=[ADDRESS], items=order_items("lost-1")
        )
        assert added.order == "lost-1"
        assert transport.lost.is_set()
        assert [o.reference for o in client.orders.list_orders()] == ["lost-1"]
        with pytest.raises(NotFoundError):
            client.products.get_product_info(reference="no-such-product")
    assert "confirmed via get_order_info" in caplog.text
    assert KEY not in caplog.text


def test_a_receiver_checks_the_simulators_signals_with_webhooks_key(cloudcore_simulator: Any) -> None:
    """docs/client.md: `cloudcore_simulator.webhooks.key` is the webhook key the simulator signs with;
    its signal times and the order's `order_date` are both aware, so they compare."""
    client = cloudcore_simulator.client()
    client.orders.add_order(
        reference="key-1", email="support@example.com", addresses=[ADDRESS], items=order_items("key-1")
    )
    cloudcore_simulator.advance(24 * 3600)
    shipped = cloudcore_simulator.webhooks.wait_for("ItemShipped", order_reference="key-1")
    signal = parse_signal(shipped.body, cloudcore_simulator.webhooks.key)
    assert isinstance(signal, ItemShippedSignal)
    assert signal.order_reference == "key-1"
    with pytest.raises(WebhookKeyError):
        parse_signal(shipped.body, "not-the-webhook-key")
    info = client.orders.get_order_info(reference="key-1")
    assert info.order_date <= signal.datetime_
