"""Introducers, hop directions and the evidence of a strength on the demo, in a
real browser (issue 12): the Gdańsk introducers are distinct people, every hop
reads in the direction walked, a relationship chip opens "why this strength"."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from api.settings import Settings
from queries.evidence import relationship_evidence
from queries.paths import introducers
from queries.snapshot import AccountSnapshot
from tests.web.conftest import DEMO_ANCHOR, LiveServer, screenshot

pytestmark = pytest.mark.browser

DAY = DEMO_ANCHOR.isoformat()


def snapshot(server: LiveServer, account_id: str) -> AccountSnapshot:
    data = server.store.account_data(account_id)
    return AccountSnapshot.build(data, DEMO_ANCHOR, Settings(api_keys=()).query)


def test_gdansk_introducers_directions_and_evidence(page: Page, demo_server: LiveServer) -> None:
    snap = snapshot(demo_server, "halden")
    expected = introducers(snap, "halden-ports-gdansk", "tm-02").introducers
    page.goto(demo_server.at(f"/units/halden-ports-gdansk?as_of={DAY}&member=tm-02"))
    rows = page.locator("#introducers .paths > li")
    expect(rows).to_have_count(len(expected))
    names = [i.target.name if i.direct else i.introducer.name for i in expected]
    expect(page.locator("#introducers .paths > li .head .name")).to_have_text(names)
    assert len(set(names)) == len(names) == 5
    for n, intro in enumerate(expected, 1):
        chips = page.locator(f"#introducers .paths > li:nth-child({n}) [data-relation]")
        expect(chips).to_have_count(len(intro.path.hops))
        assert [c.get_attribute("data-relation") for c in chips.all()] == [
            h.relation for h in intro.path.hops
        ]
        words = page.locator(f"#introducers .paths > li:nth-child({n}) .words")
        expect(words).to_contain_text(f"= {intro.path.strength:.2f}:")
    # Jonas reports to Elena: the hop from Jonas to Elena says so, in that direction.
    elena = next(i for i in expected if i.introducer.name == "Elena Marsh")
    assert elena.path.hops[0].relation == "reports_to"
    screenshot(page, "gdansk-introducers")

    first = expected[0].path.hops[0]
    page.locator("#introducers .paths > li:nth-child(1) a[data-relation=relationship]").click()
    expect(page).to_have_url(re.compile(rf"/relationships/{first.from_id}/{first.to_id}\?"))
    evidence = relationship_evidence(snap, first.from_id, first.to_id)
    expect(page.locator("h1")).to_have_text(f"Why {evidence.strength:.2f}?")
    expect(page.locator("#evidence")).to_contain_text(evidence.explanation)
    expect(page.locator("#activities tbody tr")).to_have_count(len(evidence.activities))
    screenshot(page, "why-this-strength")


def test_as_of_before_the_data_history_says_so(page: Page, demo_server: LiveServer) -> None:
    page.goto(demo_server.at("/accounts/halden?as_of=2005-01-01"))
    expect(page.locator("#asof-note")).to_contain_text("what the data knew")
    page.goto(demo_server.at(f"/accounts/halden?as_of={DAY}"))
    expect(page.locator("#asof-note")).to_have_count(0)
