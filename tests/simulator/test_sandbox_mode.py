"""The sandbox-like mode's bodiless error answers (FACTS.md: "403/409/410 bodies may be empty"), and the
client reading both forms as its own exceptions."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from cloudcore_client import AuthenticationError, CloudCore, NotFoundError
from cloudcore_simulator.sandbox import SandboxConfig
from cloudcore_simulator.testing import SimulatorServer

KEY = "sandbox-key-7c21"
STRANGER = "wrong-key-0000"


@pytest.fixture(scope="module")
def server() -> Iterator[SimulatorServer]:
    with SimulatorServer([KEY], sandbox=SandboxConfig(orders=0, rate_limit=0)) as running:
        yield running


def test_every_other_403_and_410_comes_without_a_body_or_content_type(server: SimulatorServer) -> None:
    answers = []
    with httpx.Client(base_url=server.base_url, timeout=30) as http:
        for apikey, reference in [(STRANGER, "x"), (STRANGER, "x"), (KEY, "no-such-order"), (KEY, "no-such-order")]:
            answer = http.post("/orders/info", json={"apikey": apikey, "reference": reference})
            answers.append((answer.status_code, answer.content, answer.headers.get("content-type")))
    statuses = [status for status, _, _ in answers]
    assert statuses == [403, 403, 410, 410]
    bodiless = [content == b"" and content_type is None for _, content, content_type in answers]
    with_body = [content.startswith(b'{"error"') for _, content, _ in answers]
    assert bodiless[0] != bodiless[1], answers  # alternating
    assert bodiless[2] != bodiless[3], answers
    assert [not empty for empty in bodiless] == with_body, answers


def test_the_client_raises_its_own_errors_for_both_forms(server: SimulatorServer) -> None:
    error_types = []
    with CloudCore(api_key=STRANGER, base_url=server.base_url) as stranger:
        for _ in range(2):
            with pytest.raises(AuthenticationError) as forbidden:
                stranger.orders.get_order_info(reference="x")
            error_types.append(forbidden.value.error_type)
    assert sorted(error_types, key=str) == [None, "invalid_api_key"]  # one bodiless answer, one with the body
    with CloudCore(api_key=KEY, base_url=server.base_url) as client:
        for _ in range(2):
            with pytest.raises(NotFoundError) as gone:
                client.orders.get_order_info(reference="no-such-order")
            assert gone.value.status_code == 410
