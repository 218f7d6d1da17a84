"""Search as you type, the person page and the search page on the demo, in a real
browser (issue 17): type a name, open the person, read who knows them and the
paths to them, follow a relationship to its evidence."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from api.settings import Settings
from queries.paths import paths_to_person
from queries.person import person_profile
from queries.snapshot import AccountSnapshot
from tests.web.conftest import DEMO_ANCHOR, LiveServer, screenshot

pytestmark = pytest.mark.browser

DAY = DEMO_ANCHOR.isoformat()
DALIA = "halden-P00052"  # Dalia Adeyemi-Sepúlveda: 2 team members know her, 9 reports


def snapshot(server: LiveServer, account_id: str) -> AccountSnapshot:
    data = server.store.account_data(account_id)
    return AccountSnapshot.build(data, DEMO_ANCHOR, Settings(api_keys=()).query)


def shots(page: Page, name: str) -> None:
    """The page at a desktop width and at a phone's (390 px)."""
    page.set_viewport_size({"width": 1400, "height": 900})
    screenshot(page, f"{name}-1400")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"{name}-390")
    page.set_viewport_size({"width": 1400, "height": 900})


def test_type_a_name_and_open_the_person(page: Page, demo_server: LiveServer) -> None:
    page.goto(demo_server.at(f"/?as_of={DAY}"))
    box = page.locator("#search-q")
    box.fill("sepulveda dal")  # no accent, words out of order, a prefix
    first = page.locator("#search-suggestions li[data-kind]").first
    expect(first).to_contain_text("Dalia Adeyemi-Sepúlveda")
    expect(box).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/people/{DALIA}\?as_of={DAY}$"))

    snap = snapshot(demo_server, "halden")
    profile = person_profile(snap, DALIA)
    expect(page.locator("h1")).to_contain_text("Dalia Adeyemi-Sepúlveda")
    if profile.email:  # set apart from the account's name (it read "Halden·dalia@…")
        expect(page.locator("#who")).to_contain_text(f"{profile.account_name} · {profile.email}")
    assert profile.manager is not None
    expect(page.locator("#manager a")).to_have_text(profile.manager.name)
    expect(page.locator("#reports li")).to_have_count(len(profile.reports))
    known = page.locator("#known-by tbody tr")
    expect(known).to_have_count(len(profile.known_by))
    assert len(profile.known_by) == 2
    expect(known.first.locator("td").first).to_have_text(profile.known_by[0].team_member_name)
    expected = paths_to_person(snap, DALIA, None, 10, None).paths
    shown = min(3, len(expected))
    expect(page.locator("#paths ol.paths > li")).to_have_count(shown)
    expect(page.locator("#paths .words").first).to_contain_text(f"{expected[0].strength:.2f}")
    shots(page, "person")

    best = profile.known_by[0]
    known.first.locator("a", has_text="Why").click()
    expect(page).to_have_url(re.compile(rf"/relationships/{best.team_member_id}/{DALIA}\?"))
    expect(page.locator("h1")).to_have_text(f"Why {best.strength:.2f}?")


def test_the_manager_and_reports_are_links(page: Page, demo_server: LiveServer) -> None:
    profile = person_profile(snapshot(demo_server, "halden"), DALIA)
    assert profile.manager is not None
    page.goto(demo_server.at(f"/people/{DALIA}?as_of={DAY}"))
    page.locator("#manager a").click()
    expect(page).to_have_url(re.compile(rf"/people/{profile.manager.id}\?"))
    expect(page.locator("#reports a", has_text="Dalia Adeyemi-Sepúlveda")).to_have_count(1)


def test_search_page_lists_every_kind_and_says_when_nothing_matches(
    page: Page, demo_server: LiveServer
) -> None:
    page.goto(demo_server.at(f"/?as_of={DAY}"))
    page.locator("#search-q").fill("gdan")
    page.keyboard.press("Enter")  # no suggestion chosen: the search page
    expect(page).to_have_url(re.compile(r"/search\?q=gdan"))
    hits = page.locator("#hits li")
    expect(hits.first).to_have_attribute("data-kind", "unit")
    expect(hits.first.locator("a")).to_have_text("Gdańsk Terminal")
    expect(page.locator('#hits li[data-kind="person"]').first).to_contain_text("Gdańsk")
    shots(page, "search")
    page.goto(demo_server.at("/search?q=zzzqqq"))
    expect(page.locator("#no-hits")).to_contain_text("Nothing matches")


def test_names_in_paths_link_to_people(page: Page, demo_server: LiveServer) -> None:
    page.goto(demo_server.at(f"/units/halden-ports-gdansk?as_of={DAY}&member=tm-02"))
    person = page.locator("#introducers a.pnode.person").first
    name = person.inner_text().replace("customer", "").strip()
    person.click()
    expect(page).to_have_url(re.compile(r"/people/halden-P\d+\?"))
    expect(page.locator("h1")).to_contain_text(name)
