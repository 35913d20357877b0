"""Order states over virtual time: progression, log, cancel, forced errors, signals."""

from __future__ import annotations

from cloudcore_simulator.lifecycle import MAX_DURATION, Signal, events_between
from tests._helpers.simulator import KEY_A, START, Api, order_body

from .test_http import assert_error
from .test_orders import item

REF = {"apikey": KEY_A, "reference": "order-1"}


def state(api: Api) -> str:
    response = api.post("/orders/info", REF)
    assert response.status_code == 200
    value: str = response.json()["state"]
    return value


def test_progression_and_log(api: Api) -> None:
    assert api.post("/orders/add", order_body()).status_code == 201
    assert api.post("/orders/log", REF).json() == [
        {"reference": "order-1", "create_date": "2026-01-01 00:00:00", "state": "1"}
    ]
    api.advance(15 * 60)
    info = api.post("/orders/info", REF).json()
    assert (info["state"], info["state_code"]) == ("45", "order_state_uploaded")
    log = api.post("/orders/log", REF).json()
    assert [row["state"] for row in log] == ["1", "5", "6", "10", "15", "30", "32", "40", "45"]
    assert log[1]["create_date"] == "2026-01-01 00:01:00"
    assert log[-1]["create_date"] == "2026-01-01 00:15:00"
    listed = api.post("/orders/", {"apikey": KEY_A}).json()
    assert listed == [
        {
            "reference": "order-1",
            "order_date": "2026-01-01 00:00:00",
            "state": "45",
            "state_code": "order_state_uploaded",
        }
    ]
    api.advance(2 * 86400)
    info = api.post("/orders/info", REF).json()
    assert info["state"] == "100"
    assert info["is_cancelable"] is False
    assert info["items"][0]["tracking"].startswith("1Z")
    assert info["items"][0]["shipping_option"] == "UPS - Express Saver"
    assert api.post("/orders/log", REF).json()[-1]["state"] == "100"


def test_cancel_until_production_starts(api: Api) -> None:
    assert api.post("/orders/add", order_body()).status_code == 201
    api.advance(600)
    assert api.post("/orders/info", REF).json()["is_cancelable"] is True
    response = api.post("/orders/cancel", REF)
    assert response.status_code == 200
    assert response.json() == {"reference": "order-1", "status": "500"}  # what the Node SDK's test reads
    assert state(api) == "500"
    assert api.post("/orders/log", REF).json()[-1] == {
        "reference": "order-1",
        "create_date": "2026-01-01 00:10:00",
        "state": "500",
    }
    api.advance(3 * 86400)
    assert state(api) == "500"  # a canceled order goes nowhere
    assert_error(api.post("/orders/cancel", REF), 409, "order_state_not_cancelable")


def test_cancel_after_production_start_is_409(api: Api) -> None:
    assert api.post("/orders/add", order_body()).status_code == 201
    api.advance(2 * 3600 + 1)  # production of every item starts within 1.5 h
    assert_error(api.post("/orders/cancel", REF), 409, "order_state_not_cancelable")
    assert state(api) == "45"


def test_is_cancelable_shows_the_cut_off_while_the_state_still_reads_45(api: Api) -> None:
    """The state does not change when production starts; is_cancelable does, at the instant cancel turns 409."""
    assert api.post("/orders/add", order_body()).status_code == 201
    simulator = api.app.state.simulator
    order = simulator.store.get_order(simulator.account_for(KEY_A), "order-1")
    timeline = events_between([order], START - 1, START + MAX_DURATION)
    produce = min(event.at for _, event in timeline if event.signal is Signal.ITEM_PRODUCE)
    api.advance(produce - START - 1)
    info = api.post("/orders/info", REF).json()
    assert (info["state"], info["is_cancelable"]) == ("45", True)
    api.advance(1)
    info = api.post("/orders/info", REF).json()
    assert (info["state"], info["is_cancelable"]) == ("45", False)
    assert_error(api.post("/orders/cancel", REF), 409, "order_state_not_cancelable")


def test_unknown_order_statuses(api: Api) -> None:
    unknown = {"apikey": KEY_A, "reference": "nope"}
    assert_error(api.post("/orders/info", unknown), 410, "order_not_found")
    assert_error(api.post("/orders/cancel", unknown), 410, "order_not_found")
    response = api.post("/orders/log", unknown)
    assert response.status_code == 204
    assert response.content == b""


def test_forced_error_stops_progression(api: Api) -> None:
    assert api.post("/orders/add", order_body()).status_code == 201
    api.advance(200)
    response = api.client.post("/_simulator/orders/error", json={**REF, "state": 11})
    assert response.status_code == 200, response.text
    assert response.json()["state_code"] == "order_state_download_error"
    api.advance(5 * 86400)
    assert state(api) == "11"
    assert api.post("/orders/log", REF).json()[-1]["state"] == "11"
    assert api.client.post("/_simulator/orders/error", json={**REF, "state": 7}).status_code == 409
    assert api.client.post("/_simulator/orders/error", json={**REF, "state": 45}).status_code == 400
    assert api.client.post("/_simulator/orders/error", json={**REF, "reference": "x", "state": 7}).status_code == 404


def test_an_order_in_an_error_state_can_be_canceled(api: Api) -> None:
    """No source forbids it, and a failed order is otherwise stuck: cancel answers 200 and the order ends at 500."""
    assert api.post("/orders/add", order_body()).status_code == 201
    api.advance(2 * 3600 + 1)  # even after production started
    assert api.client.post("/_simulator/orders/error", json={**REF, "state": 11}).status_code == 200
    api.advance(60)
    assert api.post("/orders/info", REF).json()["is_cancelable"] is True
    response = api.post("/orders/cancel", REF)
    assert response.status_code == 200, response.text
    assert response.json() == {"reference": "order-1", "status": "500"}
    info = api.post("/orders/info", REF).json()
    assert (info["state"], info["is_cancelable"]) == ("500", False)
    assert [row["state"] for row in api.post("/orders/log", REF).json()][-2:] == ["11", "500"]
    assert_error(api.post("/orders/cancel", REF), 409, "order_state_not_cancelable")  # once
    assert api.client.post("/_simulator/orders/error", json={**REF, "state": 7}).status_code == 409
    simulator = api.app.state.simulator
    canceled_at = START + 2 * 3600 + 1 + 60
    orders = simulator.store.orders_active_between(canceled_at - 1, canceled_at)
    assert [o.reference for o in orders] == ["order-1"]  # the cancel's signals are found for delivery
    signals = [e.signal for _, e in events_between(orders, canceled_at - 1, canceled_at)]
    assert signals == [Signal.ORDER_CANCELED, Signal.ITEM_CANCELED]


def test_reset_clears_one_account_or_all(api: Api) -> None:
    assert api.post("/orders/add", order_body("a")).status_code == 201
    assert api.client.post("/_simulator/reset", json={"apikey": KEY_A}).status_code == 200
    assert api.post("/orders/", {"apikey": KEY_A}).status_code == 204
    assert api.post("/orders/add", order_body("a")).status_code == 201
    assert api.client.post("/_simulator/reset", json={}).status_code == 200
    assert api.post("/orders/", {"apikey": KEY_A}).status_code == 204
    refused = api.client.post("/_simulator/reset")  # no JSON body: refused (see test_controls.py)
    assert refused.status_code == 400


def test_signals_become_due_in_order(api: Api) -> None:
    body = order_body(items=[item("a"), item("b")])
    assert api.post("/orders/add", body).status_code == 201
    simulator = api.app.state.simulator
    orders = simulator.store.orders_active_between(START - 1, START + MAX_DURATION)
    assert [o.reference for o in orders] == ["order-1"]
    events = list(events_between(orders, START - 1, START + MAX_DURATION))
    signals = [(e.signal, e.item_reference) for _, e in events if e.signal is not None]
    assert signals[0] == (Signal.ORDER_VALIDATED, None)
    for ref in ("a", "b"):
        mine = [s for s, r in signals if r == ref]
        assert mine == [
            Signal.ITEM_VALIDATED,
            Signal.ITEM_PRODUCE,
            Signal.ITEM_PRODUCED,
            Signal.ITEM_PACKED,
            Signal.ITEM_SHIPPED,
        ]
    shipped = [e for _, e in events if e.signal is Signal.ITEM_SHIPPED]
    assert all(e.data["tracking"] and e.data["shipping_option"] for e in shipped)
    times = [e.at for _, e in events]
    assert times == sorted(times)
    # windows partition the timeline: nothing lost or repeated
    halves = list(events_between(orders, START - 1, START + 3 * 3600)) + list(
        events_between(orders, START + 3 * 3600, START + MAX_DURATION)
    )
    assert [e for _, e in halves] == [e for _, e in events]


def test_cancel_emits_cancel_signals(api: Api) -> None:
    assert api.post("/orders/add", order_body()).status_code == 201
    api.advance(100)
    assert api.post("/orders/cancel", REF).status_code == 200
    simulator = api.app.state.simulator
    orders = simulator.store.orders_active_between(START + 99, START + 101)
    due = [e for _, e in events_between(orders, START + 99, START + 10 * 86400)]
    assert [e.signal for e in due] == [Signal.ORDER_CANCELED, Signal.ITEM_CANCELED]
    assert due[1].data == {"cause": "CancelUserRequest"}


def test_clock_endpoints(api: Api) -> None:
    clock = api.client.get("/_simulator/clock").json()
    assert clock == {"now": "2026-01-01T00:00:00+00:00", "epoch": START, "speed": 0.0}
    api.advance(3600)
    assert api.client.get("/_simulator/clock").json()["now"] == "2026-01-01T01:00:00+00:00"
    assert api.client.post("/_simulator/clock/speed", json={"speed": 60}).json()["speed"] == 60.0
