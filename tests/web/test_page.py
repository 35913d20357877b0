"""The simulator's page in headless Chromium: an order's life, webhook deliveries, accounts kept apart.

Each test drives the page as a developer would (sign in with a key, click the buttons) against a
real simulator on loopback; orders are added through the API, as a service under test would.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests._helpers.browser import NO_CHROMIUM, WAIT_MS, Simulator, screenshot, sign_in
from tests._helpers.simulator import KEY_A, KEY_B, order_body
from tests._helpers.spec import OPERATIONS

pytestmark = pytest.mark.skipif(NO_CHROMIUM is not None, reason=NO_CHROMIUM or "")


def order_card(page: Page, reference: str) -> Locator:
    return page.locator(f'article.order[data-order="{reference}"]')


def test_an_order_added_through_the_api_moves_with_the_clock_buttons(page: Page, simulator: Simulator) -> None:
    sign_in(page, simulator.origin, KEY_A)
    expect(page.get_by_text("No orders yet")).to_be_visible()

    assert simulator.api("/orders/add", order_body("page-order-1")).status_code == 201
    order = order_card(page, "page-order-1")
    expect(order).to_be_visible()  # the page refreshes itself (or a reload shows it)
    expect(order.locator("[data-state]")).to_have_text("1 · order_state_new")

    page.get_by_role("button", name="+1 hour").click()
    expect(page.locator("[data-notice]")).to_have_text("Clock advanced by 1 hour")
    expect(order.locator("[data-state]")).to_have_text("45 · order_state_uploaded")
    timeline = order.locator("details[id^=timeline] tbody tr")
    expect(timeline).to_have_count(9)  # one orders/log row per state: 1, 5, 6, 10, 15, 30, 32, 40, 45
    expect(timeline.first).to_contain_text("order_state_new")

    # The order's first signals were posted to the receiver; the page shows them delivered, with payload.
    validated = page.locator('details[data-signal="CloudprinterOrderValidated"]')
    expect(validated.locator("[data-status]")).to_have_text("delivered", timeout=WAIT_MS)
    validated.locator("summary").click()
    payload = validated.locator("[data-payload]")
    expect(payload).to_contain_text('"order_reference": "page-order-1"')
    expect(payload).to_contain_text('"type": "CloudprinterOrderValidated"')
    delivered = [b for b in simulator.receiver.bodies if b["type"] == "CloudprinterOrderValidated"]
    assert delivered
    assert delivered[0]["order_reference"] == "page-order-1"

    page.get_by_role("button", name="+1 day").click()
    expect(order.locator("[data-state]")).to_have_text("100 · order_state_complete")
    expect(order.locator("[data-tracking]")).to_have_text(re.compile(r"^1Z\d{12}$"))
    shipped = page.locator('details[data-signal="ItemShipped"]')
    expect(shipped.locator("[data-status]")).to_have_text("delivered")
    shipped.locator("summary").click()
    expect(shipped.locator("[data-payload]")).to_contain_text('"tracking": "1Z')
    screenshot(page, "simulator-page.png")


def test_cancel_force_error_next_event_speed_and_reset(page: Page, simulator: Simulator) -> None:
    for reference in ("to-cancel", "to-fail"):
        assert simulator.api("/orders/add", order_body(reference)).status_code == 201
    sign_in(page, simulator.origin, KEY_A)

    order_card(page, "to-cancel").get_by_role("button", name="Cancel order").click()
    expect(page.locator("[data-notice]")).to_have_text("to-cancel canceled")
    expect(order_card(page, "to-cancel").locator("[data-state]")).to_have_text("500 · order_state_canceled")
    expect(page.locator('details[data-signal="CloudprinterOrderCanceled"] [data-status]')).to_have_text("delivered")

    failing = order_card(page, "to-fail")
    failing.get_by_label("Error state").select_option("31")
    failing.get_by_role("button", name="Force error").click()
    expect(failing.locator("[data-state]")).to_have_text("31 · order_state_render_error")
    # The route's own validation answers: a second forced error is refused with its message.
    order_card(page, "to-fail").get_by_role("button", name="Force error").click()
    expect(page.locator("[data-notice]")).to_contain_text("already failed")

    # Both orders are final: no event ahead, so "until next event" is off.
    expect(page.get_by_role("button", name="Until next event")).to_be_disabled()
    assert simulator.api("/orders/add", order_body("next-one")).status_code == 201
    page.reload()
    page.get_by_role("button", name="Until next event").click()
    expect(order_card(page, "next-one").locator("[data-state]")).to_have_text("5 · order_state_verifying")

    page.get_by_label("Speed").fill("2.5")
    page.get_by_role("button", name="Set speed").click()
    expect(page.locator("[data-speed]")).to_have_text("2.5")
    assert simulator.clock.speed == 2.5
    page.get_by_role("button", name="Freeze").click()
    expect(page.locator("[data-speed]")).to_have_text("0")
    assert simulator.clock.speed == 0

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Reset this account").click()
    expect(page.get_by_text("No orders yet")).to_be_visible()
    assert simulator.api("/orders/", {"apikey": KEY_A}).status_code == 204


def test_a_failing_receiver_shows_attempts_and_the_last_error(page: Page, simulator: Simulator) -> None:
    assert simulator.api("/orders/add", order_body("fail-order")).status_code == 201
    sign_in(page, simulator.origin, KEY_A)
    page.get_by_role("button", name="+1 hour").click()
    signal = page.locator('details[data-signal="CloudprinterOrderValidated"]')
    expect(signal.locator("[data-status]")).to_have_text(re.compile(r"^(pending|failed)$"))
    signal.locator("summary").click()
    expect(signal.locator("[data-last-error]")).to_have_text("HTTP 500")
    expect(signal.locator("[data-last-status]")).to_have_text("500")
    expect(signal.locator("[data-attempts]")).not_to_have_text("0")
    expect(signal.locator("[data-payload]")).to_contain_text('"order_reference": "fail-order"')


def test_one_accounts_orders_and_signals_never_show_with_another_key(
    browser: Browser, page: Page, simulator: Simulator
) -> None:
    assert simulator.api("/orders/add", order_body("alpha-order", KEY_A)).status_code == 201
    assert simulator.api("/orders/add", order_body("bravo-order", KEY_B)).status_code == 201
    simulator.clock.advance(3 * 3600)  # both orders have states and signals

    page.goto(f"{simulator.origin}/_simulator/")
    expect(page.get_by_label("API key")).to_be_visible()
    assert "alpha-order" not in page.content()
    assert "bravo-order" not in page.content()
    page.get_by_label("API key").fill("not-a-key")
    page.get_by_role("button", name="Open").click()
    expect(page.get_by_role("alert")).to_contain_text("not one of this simulator's API keys")

    sign_in(page, simulator.origin, KEY_A)
    expect(order_card(page, "alpha-order")).to_be_visible()
    expect(page.locator('details[data-signal="ItemProduce"] [data-status]')).to_have_text("delivered")
    html = page.content()
    assert "bravo-order" not in html
    assert KEY_A not in html
    assert KEY_A not in page.url
    assert all(KEY_A not in cookie["value"] for cookie in page.context.cookies())

    other = browser.new_context()
    try:
        other.set_default_timeout(WAIT_MS)
        page_b = other.new_page()
        sign_in(page_b, simulator.origin, KEY_B)
        expect(order_card(page_b, "bravo-order")).to_be_visible()
        expect(page_b.locator('details[data-signal="ItemProduce"]')).to_have_count(1)
        assert "alpha-order" not in page_b.content()
        page_b.get_by_role("button", name="Sign out").click()
        expect(page_b.get_by_label("API key")).to_be_visible()
        assert "bravo-order" not in page_b.content()
    finally:
        other.close()


def test_reading_works_without_javascript_and_on_a_narrow_screen(browser: Browser, simulator: Simulator) -> None:
    assert simulator.api("/orders/add", order_body("narrow-order")).status_code == 201
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 740})
    try:
        context.set_default_timeout(WAIT_MS)
        page = context.new_page()
        sign_in(page, simulator.origin, KEY_A)
        page.get_by_role("button", name="+1 hour").click()  # a plain form post, answered by a redirect
        order = order_card(page, "narrow-order")
        expect(order.locator("[data-state]")).to_have_text("45 · order_state_uploaded")
        expect(order.locator("details[id^=timeline] tbody tr")).to_have_count(9)
        # The stylesheet too (the load event): measured before it applies, the unstyled tables overflow.
        page.wait_for_load_state("load")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the page is {overflow}px wider than a 375px screen"
        screenshot(page, "simulator-page-narrow.png")
    finally:
        context.close()


def test_the_api_reference_lists_all_eleven_operations_and_fetches_nothing_elsewhere(
    page: Page, simulator: Simulator
) -> None:
    fetched_elsewhere: list[str] = []
    page.on(
        "response",
        lambda response: (
            None
            if response.url.startswith((simulator.origin, "data:", "blob:"))
            else fetched_elsewhere.append(response.url)
        ),
    )
    response = page.goto(f"{simulator.origin}/_simulator/docs")
    assert response is not None
    assert "default-src 'self'" in response.headers["content-security-policy"]
    title = re.compile(r"^Cloudprinter CloudCore API \(\d+\.\d+\.\d+\)")  # info.version, the contract's
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    for path, _tag, _codes in OPERATIONS.values():
        expect(page.get_by_text(path, exact=True).first).to_be_visible()
    expect(page.get_by_text("/cloudcore/1.0", exact=True)).to_be_visible()  # the simulator's own server
    screenshot(page, "simulator-docs.png")
    # Redoc's footer asks cdn.redoc.ly for its logo; the page's CSP refuses, so nothing leaves loopback.
    assert not fetched_elsewhere, f"the reference fetched from elsewhere: {fetched_elsewhere[:5]}"
