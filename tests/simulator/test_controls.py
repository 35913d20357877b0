"""The control API holds against hostile input (issue 11): replayed inputs, then every route checked.

Each hostile input must answer a 4xx in the API's error shape and leave the simulator serving
every route as before: no control input can make any route answer 500.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from cloudcore_simulator import VirtualClock, create_app
from cloudcore_simulator.__main__ import parse_args
from cloudcore_simulator.accounts import account_id
from cloudcore_simulator.clock import LATEST, MAX_SPEED, ClockRangeError, format_api_datetime, format_iso
from cloudcore_simulator.control import CONTROL_TOKEN_ENV
from cloudcore_simulator.model import ItemRecord, OrderRecord
from cloudcore_simulator.store import MemoryStore
from tests._helpers.simulator import API, KEY_A, KEY_B, KEYS, START, Api, order_body, quote_body

from .test_http import assert_error

TOKEN = "control-token-0123456789"


def assert_undisturbed(client: TestClient, reference: str = "probe") -> None:
    """Every kind of route still answers as documented (and never 5xx)."""
    assert client.get("/_simulator/clock").status_code == 200
    assert client.get("/_simulator/health").json() == {"status": "ok"}
    assert client.get("/_simulator/webhooks").status_code == 200
    key = {"apikey": KEY_A}
    assert client.post(API + "/orders/add", json=order_body(reference)).status_code == 201
    assert client.post(API + "/orders/info", json={**key, "reference": reference}).status_code == 200
    assert client.post(API + "/orders/log", json={**key, "reference": reference}).status_code == 200
    assert client.post(API + "/orders/", json=key).status_code == 200
    assert client.post(API + "/orders/quote", json=quote_body()).status_code == 200
    assert client.post(API + "/products", json=key).status_code == 200


# ---- numbers: finite and within range -------------------------------------------------------
@pytest.mark.parametrize("seconds", [1e308, 2.6e11, -1, 10**30, "1", None, True, [1]], ids=str)
def test_clock_advance_out_of_range_is_400_and_changes_nothing(mem_api: Api, seconds: Any) -> None:
    before = mem_api.client.get("/_simulator/clock").json()
    response = mem_api.client.post("/_simulator/clock/advance", json={"seconds": seconds})
    assert_error(response, 400)
    assert mem_api.client.get("/_simulator/clock").json() == before
    assert_undisturbed(mem_api.client)


@pytest.mark.parametrize("speed", [1e308, MAX_SPEED * 2, -1, "2", None, False])
def test_clock_speed_out_of_range_is_400_and_changes_nothing(mem_api: Api, speed: Any) -> None:
    before = mem_api.client.get("/_simulator/clock").json()
    assert_error(mem_api.client.post("/_simulator/clock/speed", json={"speed": speed}), 400)
    assert mem_api.client.get("/_simulator/clock").json() == before
    assert_undisturbed(mem_api.client)


def test_non_finite_json_numbers_are_refused(mem_api: Api) -> None:
    for literal in (b"NaN", b"Infinity", b"-Infinity", b"1e999"):
        body = b'{"seconds": ' + literal + b"}"
        response = mem_api.client.post(
            "/_simulator/clock/advance", content=body, headers={"content-type": "application/json"}
        )
        assert_error(response, 400)
    assert_undisturbed(mem_api.client)


def test_the_clock_can_reach_its_last_instant_and_everything_still_answers(mem_api: Api) -> None:
    left = LATEST - START
    assert mem_api.client.post("/_simulator/clock/advance", json={"seconds": left}).status_code == 200
    assert mem_api.client.get("/_simulator/clock").json()["now"] == "9000-01-01T00:00:00+00:00"
    assert_error(mem_api.client.post("/_simulator/clock/advance", json={"seconds": 1}), 400)
    assert_undisturbed(mem_api.client)  # quote expiry and timelines lie beyond: printed clamped
    assert mem_api.client.post("/_simulator/clock/advance", json={"seconds": 0}).status_code == 200


def test_a_fast_clock_stops_at_its_last_instant() -> None:
    ticks = [0.0]
    clock = VirtualClock(start=LATEST - 100, speed=MAX_SPEED, monotonic=lambda: ticks[0])
    ticks[0] = 10.0  # ten real seconds: ten million virtual ones
    assert clock.now() == LATEST
    with TestClient(create_app(KEYS, clock=clock), raise_server_exceptions=False) as client:
        assert_undisturbed(client)


def test_stored_instants_out_of_range_never_break_an_answer() -> None:
    """A store written by anything else (an old version, a hand-edited file) still answers."""
    store = MemoryStore()
    item = ItemRecord("i", "book_hardcover_21x30", "1", "cp_saver", "cp_saver", (), ())
    for reference, at in (("huge", 1e308), ("inf", math.inf), ("negative", -1e12)):
        store.insert_order(OrderRecord(account_id(KEY_A), reference, at, "e@example.com", (), (item,)))
    clock = VirtualClock(start=START, speed=0)
    with TestClient(create_app(KEYS, clock=clock, store=store), raise_server_exceptions=False) as client:
        for reference in ("huge", "inf", "negative"):
            response = client.post(API + "/orders/info", json={"apikey": KEY_A, "reference": reference})
            assert response.status_code == 200, response.text
        assert client.post(API + "/orders/", json={"apikey": KEY_A}).status_code == 200
        assert client.get("/_simulator/clock").json()["now"] == "9000-01-01T00:00:00+00:00"
        assert_undisturbed(client)
    assert format_iso(math.nan) == "1970-01-01T00:00:00+00:00"
    assert format_api_datetime(1e308) == "9000-01-01 00:00:00"


@pytest.mark.parametrize("speed", ["nan", "inf", "-1", "1e308"])
def test_cli_speed_must_be_finite_and_in_range(speed: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        parse_args(["--speed", speed])
    assert exited.value.code == 2
    assert "--speed" in capsys.readouterr().err


def test_virtual_clock_refuses_non_finite_arguments() -> None:
    for bad in (math.nan, math.inf, -1.0, 1e308):
        with pytest.raises(ClockRangeError):
            VirtualClock(speed=bad)
        with pytest.raises(ClockRangeError):
            VirtualClock(start=START, speed=0).advance(bad)
    with pytest.raises(ClockRangeError):
        VirtualClock(start=math.nan)


# ---- explicit JSON bodies --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("content", "headers"),
    [
        (b"", {}),
        (b"", {"content-type": "application/json"}),
        (b"apikey=x", {"content-type": "application/x-www-form-urlencoded"}),
        (b"{}", {"content-type": "text/plain"}),
        (b"{}", {"content-type": "multipart/form-data; boundary=x"}),
        (b"[]", {"content-type": "application/json"}),
    ],
)
def test_a_cross_site_simple_post_cannot_reset_or_move_the_clock(
    api: Api, content: bytes, headers: dict[str, str]
) -> None:
    assert api.post("/orders/add", order_body("kept")).status_code == 201
    before = api.client.get("/_simulator/clock").json()
    for control in ("/_simulator/reset", "/_simulator/clock/advance", "/_simulator/clock/speed"):
        assert_error(api.client.post(control, content=content, headers=headers), 400)
    assert api.post("/orders/info", {"apikey": KEY_A, "reference": "kept"}).status_code == 200
    assert api.client.get("/_simulator/clock").json() == before


# ---- per-account views -----------------------------------------------------------------------
def test_health_counts_only_the_presenting_accounts_orders(mem_api: Api) -> None:
    for reference in ("a1", "a2"):
        assert mem_api.post("/orders/add", order_body(reference)).status_code == 201
    assert mem_api.post("/orders/add", order_body("b1", key=KEY_B)).status_code == 201
    assert mem_api.client.get("/_simulator/health").json() == {"status": "ok"}
    assert mem_api.client.get("/_simulator/health", headers={"X-Api-Key": KEY_A}).json()["orders"] == 2
    assert mem_api.client.get("/_simulator/health", headers={"X-Api-Key": KEY_B}).json()["orders"] == 1
    assert_error(mem_api.client.get("/_simulator/health", headers={"X-Api-Key": "nope"}), 403)
    # a control token that is not configured grants nothing
    assert_error(mem_api.client.get("/_simulator/health", headers={"X-Control-Token": "x"}), 403)


# ---- the control token -----------------------------------------------------------------------
@pytest.fixture
def guarded() -> Iterator[TestClient]:
    app = create_app(KEYS, clock=VirtualClock(start=START, speed=0), control_token=TOKEN)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/_simulator/reset", {}),
        ("/_simulator/clock/advance", {"seconds": 60}),
        ("/_simulator/clock/speed", {"speed": 2}),
    ],
)
def test_global_controls_need_the_control_token(guarded: TestClient, path: str, body: dict[str, Any]) -> None:
    assert guarded.post(API + "/orders/add", json=order_body("kept")).status_code == 201
    before = guarded.get("/_simulator/clock").json()
    assert_error(guarded.post(path, json=body), 403, "invalid_control_token")
    assert_error(guarded.post(path, json=body, headers={"X-Control-Token": TOKEN[:-1]}), 403)
    assert_error(guarded.post(path, json=body, headers={"X-Control-Token": KEY_A}), 403)
    assert guarded.get("/_simulator/clock").json() == before
    assert guarded.post(API + "/orders/info", json={"apikey": KEY_A, "reference": "kept"}).status_code == 200
    assert guarded.post(path, json=body, headers={"X-Control-Token": TOKEN}).status_code == 200


def test_with_a_token_an_account_still_resets_itself_and_the_token_sees_all(guarded: TestClient) -> None:
    assert guarded.post(API + "/orders/add", json=order_body("a")).status_code == 201
    assert guarded.post(API + "/orders/add", json=order_body("b", key=KEY_B)).status_code == 201
    assert guarded.get("/_simulator/health", headers={"X-Control-Token": TOKEN}).json()["orders"] == 2
    assert guarded.post("/_simulator/reset", json={"apikey": KEY_A}).json() == {"reset": "account"}
    assert guarded.get("/_simulator/health", headers={"X-Control-Token": TOKEN}).json()["orders"] == 1
    assert guarded.get("/_simulator/health", headers={"X-Api-Key": KEY_B}).json()["orders"] == 1


def test_control_token_from_the_command_line_or_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CONTROL_TOKEN_ENV, raising=False)
    assert parse_args([]).control_token is None
    assert parse_args(["--control-token", TOKEN]).control_token == TOKEN
    monkeypatch.setenv(CONTROL_TOKEN_ENV, TOKEN)
    assert parse_args([]).control_token == TOKEN
    assert parse_args(["--control-token", "other"]).control_token == "other"


def test_an_empty_control_token_is_refused() -> None:
    with pytest.raises(ValueError, match="control token"):
        create_app(KEYS, control_token="")


def test_the_control_token_never_appears_in_answers(guarded: TestClient) -> None:
    answers = [
        guarded.get("/_simulator/health", headers={"X-Control-Token": TOKEN}),
        guarded.get("/_simulator/webhooks", headers={"X-Control-Token": TOKEN}),
        guarded.post("/_simulator/reset", json={}),
        guarded.post("/_simulator/clock/advance", json={"seconds": 1}, headers={"X-Control-Token": "bad"}),
    ]
    assert all(TOKEN not in httpx.Response(200, content=a.content).text for a in answers)
