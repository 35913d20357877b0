"""A long-running simulator's page in headless Chromium: one order found among 1,000.

The 1,000 orders are added through the API over one keep-alive connection, as a service's test
run would leave them; the page then lists 20 at a time, newest first, and its filters (reference,
state) find the one a developer is looking for, and keep finding it after a button was pressed.
"""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests._helpers.browser import NO_CHROMIUM, Simulator, screenshot, sign_in
from tests._helpers.simulator import KEY_A, order_body

pytestmark = pytest.mark.skipif(NO_CHROMIUM is not None, reason=NO_CHROMIUM or "")

ORDERS = 1_000
NEEDLE = "bulk-0421"


def test_one_order_is_found_among_1000_and_stays_in_view_after_a_cancel(page: Page, simulator: Simulator) -> None:
    with httpx.Client(base_url=f"{simulator.origin}/cloudcore/1.0", timeout=60) as api:
        for n in range(1, ORDERS + 1):
            assert api.post("/orders/add", json=order_body(f"bulk-{n:04d}")).status_code == 201
    sign_in(page, simulator.origin, KEY_A)
    cards = page.locator("article.order")
    expect(cards).to_have_count(20)
    expect(cards.first).to_have_attribute("data-order", "bulk-1000")  # newest first
    expect(page.locator("[data-page]")).to_have_text("Page 1 of 50 \u00b7 orders 1\u201320 of 1000")
    page.get_by_role("link", name="Older").click()
    expect(cards.first).to_have_attribute("data-order", "bulk-0980")

    page.get_by_role("searchbox", name="Reference").fill(NEEDLE)
    page.get_by_role("button", name="Filter").click()
    expect(cards).to_have_count(1)
    needle = page.locator(f'article.order[data-order="{NEEDLE}"]')
    expect(needle.locator("[data-state]")).to_have_text("1 · order_state_new")

    needle.get_by_role("button", name="Cancel order").click()
    expect(page.locator("[data-notice]")).to_contain_text(f"{NEEDLE} canceled")
    expect(cards).to_have_count(1)  # back on the filtered list, not on page 1 of everything
    expect(needle.locator("[data-state]")).to_have_text("500 · order_state_canceled")

    page.get_by_role("link", name="Clear").click()
    expect(cards).to_have_count(20)
    page.locator("form.filters select[name=state]").select_option("500")
    page.get_by_role("button", name="Filter").click()
    expect(cards).to_have_count(1)
    expect(cards.first).to_have_attribute("data-order", NEEDLE)
    screenshot(page, "simulator-page-filtered.png")
