"""The alerts inbox on the demo, in a real browser (issue 17): filter it, see high
look unlike medium, open an alert into the account tree at the unit it names."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from api.settings import Settings
from queries.alerts import alerts
from queries.models import Severity
from queries.snapshot import AccountSnapshot
from tests.web.conftest import DEMO_ANCHOR, LiveServer
from tests.web.test_search_person_browser import shots

pytestmark = pytest.mark.browser

DAY = DEMO_ANCHOR.isoformat()
BOSTON = "corvane-clinical-east-boston"  # depth 3: hidden by a tree closed below 2 levels


def every_alert(server: LiveServer) -> list[tuple[str, Severity]]:
    found = []
    for account in server.store.list_accounts():
        data = server.store.account_data(account.id)
        snap = AccountSnapshot.build(data, DEMO_ANCHOR, Settings(api_keys=()).query)
        found += [(a.account_id, a.severity) for a in alerts(snap).alerts]
    return found


def test_inbox_filters_and_severity(page: Page, demo_server: LiveServer) -> None:
    expected = every_alert(demo_server)
    page.goto(demo_server.at(f"/alerts?as_of={DAY}"))
    expect(page.locator("#alerts > li")).to_have_count(len(expected))
    high = page.locator("#alerts .sev.high").first
    medium = page.locator("#alerts .sev.medium").first
    colour = "getComputedStyle(el).backgroundColor"
    assert high.evaluate(f"el => {colour}") != medium.evaluate(f"el => {colour}")
    assert high.evaluate(f"el => {colour}") == "rgb(198, 40, 40)"  # filled red
    shots(page, "alerts")
    page.locator("#alert-filters select[name=severity]").select_option("high")
    page.locator("#alert-filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"severity=high"))
    highs = sum(s is Severity.HIGH for _, s in expected)
    expect(page.locator("#alerts > li")).to_have_count(highs)
    expect(page.locator("#alerts > li[data-severity=medium]")).to_have_count(0)


def test_alert_count_opens_the_inbox_and_an_alert_opens_the_tree(
    page: Page, demo_server: LiveServer
) -> None:
    corvane = [a for a, _ in every_alert(demo_server) if a == "corvane"]
    page.goto(demo_server.at(f"/?as_of={DAY}"))
    page.locator('tr[data-account="corvane"] td:nth-child(6) a').click()
    expect(page).to_have_url(re.compile(r"/alerts\?account_id=corvane"))
    expect(page.locator("#alerts > li")).to_have_count(len(corvane))
    alert = page.locator("#alerts > li", has_text="Boston General Campus")
    alert.get_by_role("link", name="Show in the tree").click()
    expect(page).to_have_url(re.compile(rf"/accounts/corvane\?.*focus={BOSTON}"))
    row = page.locator(f'li[data-unit="{BOSTON}"]')
    expect(row).to_have_class(re.compile(r"\bfocus\b"))
    expect(row.locator(".node").first).to_be_visible()  # every unit above it is open
    shots(page, "account-tree-focus")


def test_the_tree_opens_along_every_gap(page: Page, demo_server: LiveServer) -> None:
    # Halden's uncovered units (Cloud Platform, Crane Automation) sit deep in the tree.
    page.goto(demo_server.at(f"/accounts/halden?as_of={DAY}"))
    gaps = page.locator('.tree li[data-status="uncovered"], .tree li[data-status="weak"]')
    assert gaps.count() > 0
    for n in range(gaps.count()):
        expect(gaps.nth(n).locator(".node").first).to_be_visible()
    for name in ("Cloud Platform", "Crane Automation"):
        expect(page.locator(".tree a.name", has_text=name)).to_be_visible()


def test_the_account_filter_suggests_by_name_and_filters(
    page: Page, demo_server: LiveServer
) -> None:
    accounts = demo_server.store.list_accounts()
    corvane = next(a for a in accounts if a.id == "corvane")
    page.goto(demo_server.at(f"/alerts?as_of={DAY}"))
    options = page.locator("#alert-accounts option")
    expect(options).to_have_count(len(accounts))  # a small store: every one, bounded at 50
    field = page.locator("#alert-filters input[name=account_id]")
    field.fill(corvane.name[:5])
    # Filled from /v1/search as the user types: the matching account only.
    expect(options).to_have_count(1)
    assert options.first.get_attribute("value") == "corvane"
    field.fill("corvane")
    page.locator("#alert-filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"account_id=corvane"))
    corvane_alerts = [a for a, _ in every_alert(demo_server) if a == "corvane"]
    expect(page.locator("#alerts > li")).to_have_count(len(corvane_alerts))
