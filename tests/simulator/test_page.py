"""The simulator page over HTTP, without a browser: who may see what, CSRF, quotes, outbox reads.

The browser tests (tests/web) drive the page in Chromium; these pin the rules a browser cannot
show well: refused cross-site posts, the key never in a page or cookie, both stores' reads.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from cloudcore_simulator import VirtualClock, WebhookConfig, create_app
from cloudcore_simulator.accounts import account_id
from cloudcore_simulator.outbox import Delivery, MemoryOutbox, Outbox, OutboxEntry, Outcome, SQLiteOutbox
from tests._helpers.simulator import KEY_A, KEY_B, KEYS, START, Api, order_body, quote_body

PAGE = "/_simulator/"


def sign_in(api: Api, key: str = KEY_A) -> str:
    """Sign in through the form; return the page's CSRF token."""
    response = api.client.post(f"{PAGE}page/sign-in", data={"apikey": key}, follow_redirects=False)
    assert response.status_code == 303
    page = api.client.get(PAGE)
    match = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert match is not None
    return match.group(1)


def test_nothing_of_an_account_is_shown_without_its_key(api: Api) -> None:
    assert api.post("/orders/add", order_body("secret-order")).status_code == 201
    signed_out = api.client.get(PAGE)
    assert signed_out.status_code == 200
    assert "secret-order" not in signed_out.text
    wrong = api.client.post(f"{PAGE}page/sign-in", data={"apikey": "nope"}, follow_redirects=False)
    assert wrong.status_code == 403
    assert "secret-order" not in wrong.text
    sign_in(api, KEY_B)
    assert "secret-order" not in api.client.get(PAGE).text
    sign_in(api, KEY_A)
    page = api.client.get(PAGE)
    assert "secret-order" in page.text
    assert KEY_A not in page.text
    assert all(KEY_A not in value for value in api.client.cookies.values())


def test_posts_from_elsewhere_or_without_the_csrf_token_change_nothing(api: Api) -> None:
    csrf = sign_in(api)
    before = api.clock.now()
    form = {"action": "advance", "step": "day", "csrf": csrf}
    assert api.client.post(f"{PAGE}page/action", data={**form, "csrf": "forged"}).status_code == 403
    assert api.client.post(f"{PAGE}page/action", data={**form, "csrf": ""}).status_code == 403
    evil = {"origin": "https://evil.example"}
    assert api.client.post(f"{PAGE}page/action", data=form, headers=evil).status_code == 403
    cross = {"sec-fetch-site": "cross-site"}
    assert api.client.post(f"{PAGE}page/action", data=form, headers=cross).status_code == 403
    assert api.client.post(f"{PAGE}page/sign-in", data={"apikey": KEY_A}, headers=cross).status_code == 403
    flood = "&".join(f"f{i}=x" for i in range(100))
    crowded = api.client.post(
        f"{PAGE}page/action", content=flood, headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert crowded.status_code == 403
    assert api.clock.now() == before
    ok = api.client.post(f"{PAGE}page/action", data=form, headers={"origin": "http://testserver"})
    assert ok.status_code == 200
    assert api.clock.now() == before + 86400


def test_actions_answer_with_the_control_routes_validation(api: Api) -> None:
    assert api.post("/orders/add", order_body("o-1")).status_code == 201
    csrf = sign_in(api)
    page = api.client.post(
        f"{PAGE}page/action", data={"action": "error", "reference": "o-1", "state": "8", "csrf": csrf}
    )
    assert "state must be one of 7, 11, 31, 35, 39, 41" in page.text
    page = api.client.post(f"{PAGE}page/action", data={"action": "speed", "speed": "nan", "csrf": csrf})
    assert "speed must be a finite number" in page.text
    page = api.client.post(f"{PAGE}page/action", data={"action": "cancel", "reference": "o-2", "csrf": csrf})
    assert "answered 410" in page.text
    assert api.clock.speed == 0


def test_valid_quote_hashes_are_listed_until_they_expire(api: Api) -> None:
    quote = api.post("/orders/quote", quote_body())
    assert quote.status_code == 200
    hashes = [level["quote"] for shipment in quote.json()["shipments"] for level in shipment["quotes"]]
    sign_in(api)
    page = api.client.get(PAGE).text
    assert hashes
    assert all(h in page for h in hashes)
    assert api.post("/orders/quote", quote_body(key=KEY_B)).status_code == 200
    api.advance(49 * 3600)
    page = api.client.get(PAGE).text
    assert not any(h in page for h in hashes)
    assert "No valid quote hashes" in page


def test_signals_show_as_not_sent_without_a_webhook_url(api: Api) -> None:
    assert api.post("/orders/add", order_body("o-1")).status_code == 201
    api.advance(3600)
    sign_in(api)
    page = api.client.get(PAGE).text
    assert 'data-signal="CloudprinterOrderValidated"' in page
    assert "not sent" in page


def test_signals_due_before_webhooks_were_switched_on_show_as_not_sent(clock: VirtualClock, tmp_path: Path) -> None:
    """An order that progressed while webhooks were off: its past signals were never posted."""
    db = tmp_path / "sim.db"
    app = create_app(KEYS, db, clock)
    with TestClient(app) as client:
        api = Api(client, clock, app)
        assert api.post("/orders/add", order_body("before-webhooks")).status_code == 201
        api.advance(3600)
    hooks = WebhookConfig("http://127.0.0.1:9/cloudsignal", "webhook-key-1234", max_attempts=1)
    app = create_app(KEYS, db, clock, webhooks=hooks)
    with TestClient(app) as client:
        api = Api(client, clock, app)
        sign_in(api)
        page = client.get(PAGE).text
    statuses = re.findall(r"<span class=\"status status-[a-z-]+\" data-status>([a-z ]+)</span>", page)
    assert 'data-signal="CloudprinterOrderValidated"' in page
    assert statuses
    assert set(statuses) == {"not sent"}


@pytest.fixture(params=["memory", "sqlite"])
def outbox(request: pytest.FixtureRequest, tmp_path: Path) -> Outbox:
    return MemoryOutbox() if request.param == "memory" else SQLiteOutbox(tmp_path / "sim.db")


def test_the_outbox_shows_an_accounts_entries_with_their_attempts(outbox: Outbox) -> None:
    mine, theirs = account_id(KEY_A), account_id(KEY_B)
    outbox.set_cursor(0.0)
    outbox.set_cursor(5.0)
    assert outbox.origin() == 0.0  # the first start, kept when the cursor moves on
    outbox.append(
        [
            OutboxEntry("k1", mine, "o-1", 10.0, b'{"type":"ItemProduce"}'),
            OutboxEntry("k2", theirs, "o-9", 11.0, b"{}"),
        ],
        20.0,
    )
    [delivery] = [d for d in outbox.due(1e12, 10) if d.account == mine]
    outbox.record(delivery, Outcome.RETRY, 12345.0, 500, "HTTP 500")
    [entry] = outbox.entries(mine)
    assert (entry.order_reference, entry.payload, entry.state, entry.attempts) == (
        "o-1",
        b'{"type":"ItemProduce"}',
        "pending",
        1,
    )
    assert (entry.next_at, entry.last_status, entry.last_error) == (12345.0, 500, "HTTP 500")
    outbox.record(Delivery(delivery.id, mine, "o-1", delivery.payload, 1), Outcome.FAILED, 0.0, None, "ConnectTimeout")
    [entry] = outbox.entries(mine)
    assert (entry.state, entry.attempts, entry.last_status, entry.last_error) == ("failed", 2, None, "ConnectTimeout")
    assert [e.order_reference for e in outbox.entries(theirs)] == ["o-9"]
    outbox.close()


def test_with_a_control_token_the_clock_buttons_need_it_and_the_order_buttons_do_not(clock: VirtualClock) -> None:
    app = create_app(KEYS, clock=clock, control_token="control-5ecret-token")
    with TestClient(app) as client:
        api = Api(client, clock, app)
        assert api.post("/orders/add", order_body("o-1")).status_code == 201
        csrf = sign_in(api)
        page = client.post(f"{PAGE}page/action", data={"action": "advance", "step": "hour", "csrf": csrf})
        assert "answered 403" in page.text
        assert clock.now() == START
        page = client.post(f"{PAGE}page/action", data={"action": "cancel", "reference": "o-1", "csrf": csrf})
        assert "o-1 canceled" in page.text
        client.post(f"{PAGE}page/sign-in", data={"apikey": KEY_A, "control_token": "control-5ecret-token"})
        page = client.get(PAGE)
        assert "control-5ecret-token" not in page.text
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
        page = client.post(f"{PAGE}page/action", data={"action": "advance", "step": "hour", "csrf": csrf})
        assert "Clock advanced by 1 hour" in page.text
        assert clock.now() == START + 3600
