"""The validator is the spec: generated valid bodies pass (formats on), and messages name fields."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cloudcore_simulator.clock import VirtualClock
from cloudcore_simulator.errors import ApiError
from cloudcore_simulator.spec import load_spec, post_operations
from cloudcore_simulator.validation import RequestValidator

SPEC = load_spec()
VALIDATOR = RequestValidator(SPEC, post_operations(SPEC), formats=True)
SCHEMA = schemathesis.openapi.from_dict(SPEC)


@pytest.mark.parametrize("path", ["/orders/add", "/orders/quote", "/shipping/states"])
def test_schemathesis_positive_bodies_pass_with_format_checks(path: str) -> None:
    strategy = SCHEMA[path]["POST"].as_strategy()

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def check(case: Any) -> None:
        VALIDATOR.validate(path, case.body)

    check()


def test_messages() -> None:
    with pytest.raises(ApiError) as raised:
        VALIDATOR.validate("/orders/quote", {"apikey": "k", "items": []})
    assert raised.value.status == 400
    assert raised.value.info == '"country" is required; items: value has less than 1 item'


@given(st.floats(min_value=0, max_value=1e6))
def test_clock_advances_and_never_goes_back(seconds: float) -> None:
    clock = VirtualClock(start=1000.0, speed=0)
    assert clock.now() == 1000.0
    clock.advance(seconds)
    assert clock.now() == 1000.0 + seconds
    clock.ensure_at_least(0)
    assert clock.now() == 1000.0 + seconds
    with pytest.raises(ValueError, match=">= 0"):
        clock.advance(-1)


def test_clock_speed() -> None:
    real = [0.0]
    clock = VirtualClock(start=0.0, speed=60, monotonic=lambda: real[0])
    assert clock.now() == 0.0
    real[0] = 10.0
    assert clock.now() == 600.0
    clock.set_speed(0)
    real[0] = 20.0
    assert clock.now() == 600.0
    clock.set_speed(2)
    real[0] = 30.0
    assert clock.now() == 620.0
