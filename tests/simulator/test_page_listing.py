"""The page's order list at scale, over HTTP: newest first, paginated, filtered, actions keep the view.

The browser test (tests/web/test_page_at_scale.py) finds one order among 1,000 in Chromium; these
pin the rules: page size, order, each filter, bad query values, and where an action leads back to.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from cloudcore_simulator import VirtualClock, WebhookConfig, create_app
from cloudcore_simulator.web.state import PAGE_SIZE
from tests._helpers.simulator import KEYS, Api, free_port, order_body

PAGE = "/_simulator/"
ORDERS = 45  # three pages of 20, 20 and 5


def shown(html: str) -> list[str]:
    """The references of the order cards on a page, top to bottom."""
    return re.findall(r'data-order="([^"]+)"', html)


def sign_in(api: Api) -> str:
    assert api.client.post(f"{PAGE}page/sign-in", data={"apikey": KEYS[0]}, follow_redirects=False).status_code == 303
    match = re.search(r'name="csrf" value="([^"]+)"', api.client.get(PAGE).text)
    assert match is not None
    return match.group(1)


@pytest.fixture
def full(clock: VirtualClock) -> Iterator[Api]:
    """45 orders `o-01` ... `o-45` (added in that order); signals go to a closed loopback port."""
    hooks = WebhookConfig(f"http://127.0.0.1:{free_port()}/signals", "webhook-key-1234", max_attempts=1, tick=0.05)
    app = create_app(KEYS, clock=clock, webhooks=hooks)
    with TestClient(app, raise_server_exceptions=False) as client:
        api = Api(client, clock, app)
        for n in range(1, ORDERS + 1):
            assert api.post("/orders/add", order_body(f"o-{n:02d}")).status_code == 201
        yield api


def test_orders_are_paginated_newest_first(full: Api) -> None:
    sign_in(full)
    first = full.client.get(PAGE).text
    assert shown(first) == [f"o-{n:02d}" for n in range(ORDERS, ORDERS - PAGE_SIZE, -1)]
    assert "Page 1 of 3" in first
    assert 'rel="next"' in first
    assert 'rel="prev"' not in first
    last = full.client.get(PAGE, params={"page": "3"}).text
    assert shown(last) == ["o-05", "o-04", "o-03", "o-02", "o-01"]
    assert "orders 41\u201345 of 45" in last
    # A page past the end shows the last one; a page that is not a number, the first.
    assert shown(full.client.get(PAGE, params={"page": "99"}).text) == shown(last)
    assert shown(full.client.get(PAGE, params={"page": "-2"}).text) == shown(first)
    assert shown(full.client.get(PAGE, params={"page": "\uff11"}).text) == shown(first)


def test_the_reference_filter_finds_one_order_in_any_case(full: Api) -> None:
    sign_in(full)
    page = full.client.get(PAGE, params={"reference": "O-07"}).text
    assert shown(page) == ["o-07"]
    assert "1 matching" in page
    assert "Page 1 of" not in page  # one page: no pagination
    nothing = full.client.get(PAGE, params={"reference": "no-such"}).text
    assert shown(nothing) == []
    assert "No order matches these filters." in nothing


def test_the_state_filter_and_a_cancel_that_keeps_the_view(full: Api) -> None:
    csrf = sign_in(full)
    view = "reference=o-1&page=1"
    answer = full.client.post(
        f"{PAGE}page/action",
        data={"action": "cancel", "reference": "o-12", "csrf": csrf, "view": view, "anchor": "order-1"},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == f"{PAGE}?reference=o-1#order-1"  # the filter kept, defaults dropped
    canceled = full.client.get(PAGE, params={"state": "500"}).text
    assert shown(canceled) == ["o-12"]
    assert '<option value="500" selected>' in canceled
    assert shown(full.client.get(PAGE, params={"state": "1", "reference": "o-12"}).text) == []
    # A state the form does not offer is ignored, as is anything the view field smuggles in.
    assert len(shown(full.client.get(PAGE, params={"state": "999"}).text)) == PAGE_SIZE
    answer = full.client.post(
        f"{PAGE}page/action",
        data={"action": "freeze", "csrf": csrf, "view": "page=2&next=https://evil.example"},
        follow_redirects=False,
    )
    assert answer.headers["location"] == f"{PAGE}?page=2"


def test_the_failed_signals_filter(full: Api) -> None:
    sign_in(full)
    assert full.post("/orders/cancel", {"apikey": KEYS[0], "reference": "o-30"}).status_code == 200
    full.advance(60)  # o-30's cancel signals and every order's first signals are due: all fail (port closed)
    deadline = time.monotonic() + 60
    while True:
        page = full.client.get(PAGE, params={"failed": "1", "reference": "o-3"}).text
        if shown(page) or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert shown(page)
    assert set(shown(page)) <= {f"o-3{n}" for n in range(10)} | {"o-03"}
    assert 'name="failed" value="1" checked' in page
    # Its signals section lists only the shown orders' signals.
    references = set(re.findall(r"</strong> (o-\d\d)", page))
    assert references <= set(shown(page))
