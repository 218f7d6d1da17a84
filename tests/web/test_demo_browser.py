"""The demo data as ``powermap serve --demo`` loads it, in a real browser: a user's
walk from the accounts list to an account, a gap, its introducers and a team
member. What each page shows must be what the query layer answers."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from api.settings import Settings
from ingest.generate.demo_spec import ACCOUNTS
from queries.coverage import coverage
from queries.paths import executive_paths, introducers
from queries.snapshot import AccountSnapshot
from tests.web.conftest import DEMO_ANCHOR, LiveServer, screenshot

pytestmark = pytest.mark.browser

DAY = DEMO_ANCHOR.isoformat()


def snapshot(server: LiveServer, account_id: str) -> AccountSnapshot:
    data = server.store.account_data(account_id)
    return AccountSnapshot.build(data, DEMO_ANCHOR, Settings(api_keys=()).query)


def names_along(page: Page, scope: str) -> list[str]:
    nodes = page.locator(f"{scope} ol.path").first.locator(".pnode")
    return [re.sub(r"(our team|customer)$", "", t).strip() for t in nodes.all_inner_texts()]


def test_demo_walk_through(page: Page, demo_server: LiveServer) -> None:
    page.goto(demo_server.at(f"/?as_of={DAY}"))
    links = page.locator("#accounts tbody tr td:first-child a")
    expect(links).to_have_text(sorted(a.name for a in ACCOUNTS))
    screenshot(page, "demo-accounts")

    spec = next(a for a in ACCOUNTS if a.id == "halden")
    page.get_by_role("link", name=spec.name).click()
    expect(page).to_have_url(re.compile(rf"/accounts/halden\?as_of={DAY}$"))
    snap = snapshot(demo_server, "halden")
    report = coverage(snap)
    shown = {
        li.get_attribute("data-unit"): li.get_attribute("data-status")
        for li in page.locator("li[data-unit]").all()
    }
    assert shown == {row.id: row.status.value for row in report.rows}
    for unit in spec.units:
        expect(page.locator(f'li[data-unit="halden-{unit.key}"] .name').first).to_have_text(
            unit.name
        )
    best = executive_paths(snap).targets
    expect(page.locator("#exec-paths > li")).to_have_count(len(best))
    assert names_along(page, "#exec-paths > li:nth-child(1)") == [
        n.name for n in best[0].best.nodes
    ]
    screenshot(page, "demo-account")

    gap = next(g for g in report.gaps if g.kind != "account" and g.has_people)
    page.locator("#gaps a", has_text=gap.name).first.click()
    expect(page.locator("h1")).to_have_text(gap.name)
    people = snap.unit_people.get(gap.id, ())
    expect(page.locator("#org-chart li[data-person]")).to_have_count(min(len(people), 60))

    member = spec.team[0][0]
    expected = introducers(snap, gap.id, member).introducers
    page.get_by_label("Team member").select_option(member)
    page.get_by_role("button", name="Find introducers").click()
    expect(page).to_have_url(re.compile(rf"member={member}$"))
    heads = page.locator("#introducers .paths > li .head .name")
    expect(heads).to_have_text([i.introducer.name for i in expected])
    assert expected, "the demo should offer an introduction into a gap"
    assert names_along(page, "#introducers .paths > li:nth-child(1)") == [
        n.name for n in expected[0].path.nodes
    ]
    screenshot(page, "demo-unit")

    page.locator("#introducers a.pnode").first.click()
    expect(page).to_have_url(re.compile(rf"/team/{member}\?as_of={DAY}$"))
    accounts = demo_server.store.accounts_of_team_member(member)
    expect(page.locator("section[data-account]")).to_have_count(len(accounts))
    screenshot(page, "demo-team-member")
