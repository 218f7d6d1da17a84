"""The org chart (server-side SVG boxes and lines), in a real browser (issue 17):
units coloured by coverage, open along every gap; a unit's people along their
reporting lines, coloured by how well we know them; found by search; a large
account collapsed with "+N" openers."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from api.settings import Settings
from queries.coverage import coverage
from queries.snapshot import AccountSnapshot
from queries.views import org_chart
from tests.web.conftest import DEMO_ANCHOR, LiveServer
from tests.web.test_search_person_browser import shots

pytestmark = pytest.mark.browser

DAY = DEMO_ANCHOR.isoformat()
GDANSK = "halden-ports-gdansk"


def test_unit_chart_and_people_chart(page: Page, demo_server: LiveServer) -> None:
    data = demo_server.store.account_data("halden")
    snap = AccountSnapshot.build(data, DEMO_ANCHOR, Settings(api_keys=()).query)
    report = coverage(snap)
    page.goto(demo_server.at(f"/accounts/halden?as_of={DAY}"))
    page.locator("#open-chart").click()
    expect(page).to_have_url(re.compile(r"/accounts/halden/org-chart"))
    boxes = page.locator("#unit-chart a.box")
    # A small account is drawn top down (a wide one is drawn across: test_wide_browser).
    expect(page.locator("#unit-chart")).to_have_attribute("data-layout", "down")
    # Every gap is drawn (its box visible), in its coverage colour.
    for gap in report.gaps:
        box = page.locator(f'#unit-chart a.box[data-id="{gap.id}"]')
        expect(box).to_have_attribute("data-tone", str(gap.status))
    expect(boxes).to_have_count(len(report.units))  # small account: every unit opens
    assert page.locator("#unit-chart line.edge").count() >= 3 * (len(report.units) - 1)
    shots(page, "org-chart-units")

    page.locator(f'#unit-chart a.box[data-id="{GDANSK}"]').click()
    people = page.locator("#people-chart a.box")
    here = [p for p in snap.people.values() if GDANSK in p.unit_ids]
    expect(people).to_have_count(len(here))
    # Nobody knows anyone at Gdańsk: every box says so (dashed, "unknown").
    expect(page.locator('#people-chart a.box[data-tone="unknown"]')).to_have_count(len(here))
    execs = [p for p in here if p.executive]
    for p in execs:
        expect(page.locator(f'#people-chart a.box[data-id="{p.id}"] text.b')).to_contain_text(
            "executive"
        )
    shots(page, "org-chart-people")


def test_search_in_the_chart_opens_the_person(page: Page, demo_server: LiveServer) -> None:
    page.goto(demo_server.at(f"/accounts/halden/org-chart?as_of={DAY}"))
    page.locator("#chart-q").fill("kowalczyk")
    page.locator("#chart-search button").click()
    page.locator("#chart-hits a", has_text="Tomasz Kowalczyk").click()
    focused = page.locator("#people-chart a.box.focus")
    expect(focused).to_have_attribute("data-id", "halden-P00071")
    expect(page.locator(f'#unit-chart a.box.focus[data-id="{GDANSK}"]')).to_have_count(1)


def test_a_large_account_starts_collapsed(page: Page, many_server: LiveServer) -> None:
    # The many-accounts world has no units: the chart is the account box alone,
    # and its people chart caps at 150 boxes.
    page.goto(many_server.at("/accounts/M000/org-chart?unit=M000"))
    expect(page.locator("#unit-chart a.box")).to_have_count(1)
    expect(page.locator("#people-chart a.box")).to_have_count(1)


def test_relationships_overlaid_on_demand(page: Page, demo_server: LiveServer) -> None:
    data = demo_server.store.account_data("halden")
    snap = AccountSnapshot.build(data, DEMO_ANCHOR, Settings(api_keys=()).query)
    # The unit whose people our team knows most: its pairs are the curves to draw.
    units = org_chart(snap).units
    best = max(units, key=lambda u: sum(len(p.known_by) for p in u.people[:150]))
    pairs = {(k.team_member_id, p.person.id) for p in best.people[:150] for k in p.known_by}
    strong = {
        (k.team_member_id, p.person.id) for p in best.people[:150] for k in p.known_by if k.strong
    }
    assert len(pairs) >= 2
    page.goto(demo_server.at(f"/accounts/halden/org-chart?as_of={DAY}&unit={best.id}"))
    ties = page.locator("#people-chart path.tie")
    expect(ties).to_have_count(0)  # off by default
    page.locator("#toggle-ties").click()
    expect(ties).to_have_count(len(pairs))
    drawn = {(t.get_attribute("data-member"), t.get_attribute("data-person")) for t in ties.all()}
    assert drawn == pairs
    expect(page.locator("#people-chart path.tie.strong")).to_have_count(len(strong))
    members = {m for m, _ in pairs}
    expect(page.locator("#people-chart a.member")).to_have_count(len(members))
    # Every curve ends on the top edge of its person's box.
    one = page.locator("#people-chart path.tie").first
    person = one.get_attribute("data-person")
    end = (one.get_attribute("d") or "").split()[-1]
    box = page.locator(f'#people-chart a.box[data-id="{person}"] rect')
    x, y = float(box.get_attribute("x") or 0), float(box.get_attribute("y") or 0)
    assert end == f"{x + 84:.0f},{y:.0f}"
    shots(page, "org-chart-relationships")
    page.locator("#toggle-ties").click()
    expect(ties).to_have_count(0)
    expect(page.locator("#people-chart a.member")).to_have_count(0)
