"""The team directory and "my accounts" on the demo, in a real browser (issue 17)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from queries.team import team_directory
from tests.web.conftest import DEMO_ANCHOR, LiveServer
from tests.web.test_search_person_browser import shots

pytestmark = pytest.mark.browser

DAY = DEMO_ANCHOR.isoformat()


def test_directory_and_my_accounts(page: Page, demo_server: LiveServer) -> None:
    store = demo_server.store
    team = team_directory(store.account_data(store.largest_accounts(1)[0]), lambda _: True)
    page.goto(demo_server.at(f"/?as_of={DAY}"))
    page.get_by_role("link", name="Team", exact=True).click()
    rows = page.locator("#team tbody tr")
    expect(rows).to_have_count(len(team.members))
    first = team.members[0]
    expect(rows.first.locator("td").first).to_contain_text(first.name)
    expect(rows.first.locator("td.num")).to_have_text(str(len(first.account_ids)))
    shots(page, "team")

    # Nobody chosen yet: "My accounts" asks who you are, then remembers it.
    page.get_by_role("link", name="My accounts").click()
    expect(page.locator("#pick-me")).to_be_visible()
    row = page.locator('#team tr[data-team-member="tm-02"]')
    name = next(m.name for m in team.members if m.id == "tm-02")
    row.get_by_role("link", name="This is me").click()
    expect(page).to_have_url(re.compile(r"/team/tm-02"))
    expect(page.locator("h1")).to_have_text(name)
    page.goto(demo_server.at("/accounts/halden"))
    page.get_by_role("link", name="My accounts").click()
    expect(page).to_have_url(re.compile(r"/team/tm-02"))
    page.goto(demo_server.at("/team"))
    expect(page.locator('#team tr[data-team-member="tm-02"] .tag', has_text="you")).to_have_count(1)


def test_the_directory_on_a_phone(page: Page, demo_server: LiveServer) -> None:
    # One block per member at 390 px: whole names on one line, every member's
    # accounts count on screen (five columns had broken names mid-word and cut the
    # accounts column off).
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(demo_server.at("/team"))
    rows = page.locator("#team tbody tr")
    assert rows.count() > 3
    for row in rows.all()[:8]:
        name = row.locator("td").first.locator("a").first
        line = name.evaluate("a => parseFloat(getComputedStyle(a).lineHeight) || 24")
        box = name.bounding_box()
        accounts = row.locator("td.num").bounding_box()
        assert box is not None
        assert accounts is not None
        assert box["height"] < 1.5 * line, "a name wraps"
        assert accounts["x"] + accounts["width"] <= 390
    expect(rows.first.locator("td.num")).to_be_visible()
    shots(page, "team-phone")
