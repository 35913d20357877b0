"""The spec and the simulator's handlers are matched at start-up (issue 13).

A spec operation without a handler: the simulator still starts, the operation answers 501 in the
API's error shape, and a warning names it. A handler for a path the spec lacks: an error naming
the path and the module to change.
"""

from __future__ import annotations

import copy
import logging
from typing import Any

import pytest
from starlette.testclient import TestClient

from cloudcore_simulator import VirtualClock, create_app
from cloudcore_simulator.spec import SpecError, load_spec
from tests._helpers.simulator import API, KEY_A, KEYS, START

from .test_http import assert_error


def _with_new_operation(spec: dict[str, Any]) -> dict[str, Any]:
    changed = copy.deepcopy(spec)
    operation = copy.deepcopy(changed["paths"]["/shipping/levels"]["post"])
    operation["operationId"] = "listShippingCarriers"
    changed["paths"]["/shipping/carriers"] = {"post": operation}
    return changed


def test_an_operation_without_a_handler_answers_501_and_is_named(caplog: pytest.LogCaptureFixture) -> None:
    spec = _with_new_operation(load_spec())
    with caplog.at_level(logging.WARNING, logger="cloudcore_simulator"):
        app = create_app(KEYS, clock=VirtualClock(start=START, speed=0), spec=spec)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "listShippingCarriers" in warnings[0]
    assert "/shipping/carriers" in warnings[0]
    assert "cloudcore_simulator/handlers.py" in warnings[0]
    with TestClient(app, raise_server_exceptions=False) as client:
        error = assert_error(
            client.post(API + "/shipping/carriers", json={"apikey": KEY_A}), 501, "operation_not_implemented"
        )
        assert "/shipping/carriers" in error["info"]
        assert client.post(API + "/shipping/levels", json={"apikey": KEY_A}).status_code == 200  # the rest serves
        assert client.get("/_simulator/health").status_code == 200


def test_a_handler_for_a_path_the_spec_lacks_is_an_error_naming_it() -> None:
    renamed = copy.deepcopy(load_spec())
    renamed["paths"]["/orders/quotation"] = renamed["paths"].pop("/orders/quote")
    with pytest.raises(SpecError) as raised:
        create_app(KEYS, spec=renamed)
    message = str(raised.value)
    assert "handler for /orders/quote," in message
    assert "cloudcore_simulator/handlers.py" in message
    assert "/orders/quotation" in message  # and which spec path lacks a handler


def test_the_bundled_spec_has_a_handler_for_every_operation(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="cloudcore_simulator"):
        create_app(KEYS)
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
