"""The review pages in a real browser on the sample world (tests/sample_world.py):
the trend chart drawn, "since last review" with its date picker, accepting an
action into the plan."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.web.conftest import LiveServer, screenshot

pytestmark = pytest.mark.browser


def test_trend_review_and_accepting_an_action(page: Page, sample_server: LiveServer) -> None:
    page.goto(sample_server.at("/accounts/A1?as_of=2026-12-15"))
    chart = page.locator("#trend-chart")
    expect(chart).to_be_visible()
    assert page.evaluate("document.getElementById('trend-chart').naturalWidth") == 480

    # The date picker on the account page leads to the review since that date.
    page.locator("#review-from").fill("2026-11-15")
    page.get_by_role("button", name="What changed").click()
    expect(page.locator("#from")).to_have_value("2026-11-15")
    expect(page.locator("#to")).to_have_value("2026-12-15")
    # Sara Kim's meeting with Farid Benali on 2026-12-01 made Acme Lyon single-threaded.
    expect(page.locator("#review-units")).to_contain_text("Acme Lyon")
    expect(page.locator("#review-relationships")).to_contain_text("Sara Kim – Farid Benali")
    screenshot(page, "review")

    page.get_by_role("link", name="Account plan").click()
    suggestion = page.locator("#plan-suggestions li", has_text="introduction to Emma Leroy")
    action_id = suggestion.get_attribute("data-action")
    suggestion.get_by_role("button", name="Accept").click()
    accepted = page.locator(f'#plan-actions li[data-action="{action_id}"]')
    expect(accepted).to_have_attribute("data-status", "open")
    expect(page.locator(f'#plan-suggestions li[data-action="{action_id}"]')).to_have_count(0)
    screenshot(page, "plan")
