"""The buying committee on the account and unit pages of the demo, in a real
browser (issue 17): an empty seat on Gdańsk, open seats among the account's gaps."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from api.settings import Settings
from queries.committee import buying_committee, seat_gaps
from queries.models.committee import SeatState
from queries.snapshot import AccountSnapshot
from tests.web.conftest import DEMO_ANCHOR, LiveServer
from tests.web.test_search_person_browser import shots

pytestmark = pytest.mark.browser

DAY = DEMO_ANCHOR.isoformat()
GDANSK = "halden-ports-gdansk"


def snapshot(server: LiveServer, account_id: str) -> AccountSnapshot:
    data = server.store.account_data(account_id)
    return AccountSnapshot.build(data, DEMO_ANCHOR, Settings(api_keys=()).query)


def test_an_empty_seat_on_gdansk(page: Page, demo_server: LiveServer) -> None:
    committee = buying_committee(snapshot(demo_server, "halden"), GDANSK)
    empty = [s for s in committee.seats if s.state is SeatState.EMPTY and s.required]
    assert empty, "the demo's Gdańsk terminal has an empty required seat"
    page.goto(demo_server.at(f"/units/{GDANSK}?as_of={DAY}"))
    seats = page.locator("#committee li.seat")
    shown = [s for s in committee.seats if s.required or s.holders]
    expect(seats).to_have_count(len(shown))
    for seat in empty:
        card = page.locator(f'#committee li.seat[data-role="{seat.role.value}"]')
        expect(card).to_have_attribute("data-state", "empty")
        expect(card.locator(".seat-state")).to_have_text("empty")
        expect(card.locator("p.empty")).to_contain_text("Nobody here holds this role")
    expect(page.locator("#committee-h .seat-empty")).to_have_text(f"{committee.empty_seats} empty")
    for seat in shown:
        for holder in seat.holders[:4]:
            card = page.locator(f'#committee li.seat[data-role="{seat.role.value}"]')
            expect(card.locator("a.name", has_text=holder.person.name)).to_have_count(1)
    page.locator("#committee").scroll_into_view_if_needed()
    shots(page, "unit-committee")


def test_open_seats_are_among_the_account_gaps(page: Page, demo_server: LiveServer) -> None:
    gaps = seat_gaps(snapshot(demo_server, "halden"))
    page.goto(demo_server.at(f"/accounts/halden?as_of={DAY}"))
    expect(page.locator("#seat-gaps-h .tag")).to_have_text(str(len(gaps)))
    items = page.locator("#seat-gaps li")
    expect(items).to_have_count(min(len(gaps), 10))
    expect(items.first.locator(".meta")).to_have_text(gaps[0].description)
    shots(page, "account")
    assert len(gaps) > 10
    page.get_by_role("link", name=f"Show all {len(gaps)} open seats").click()
    expect(items).to_have_count(len(gaps))
    assert any(g.scope.id == GDANSK for g in gaps)
    page.locator(f'#seat-gaps a[href*="{GDANSK}"]').first.click()
    expect(page.locator("h1")).to_have_text("Gdańsk Terminal")
    expect(page.locator("#committee")).to_be_visible()


def test_capped_executive_paths_say_how_many_more_and_open(
    page: Page, demo_server: LiveServer
) -> None:
    from queries.paths import executive_paths

    snap = snapshot(demo_server, "halden")
    every = executive_paths(snap, k=100)
    first = executive_paths(snap)
    assert len(every.paths) > len(first.paths)
    page.goto(demo_server.at(f"/accounts/halden?as_of={DAY}"))
    expect(page.locator("#exec-paths > li")).to_have_count(len(first.paths))
    more = page.locator("#exec-h ~ p.more a")
    expect(more).to_contain_text(f"all {len(every.paths)} reachable executives")
    more.click()
    expect(page.locator("#exec-paths > li")).to_have_count(len(every.paths))
