"""The pages that broke down at scale M, in miniature, in a real browser (issue 17,
session 4): an org chart too wide to draw down is drawn across (at M the largest
account's units were one row 35,000 px wide), the relationships overlay follows it,
the box asked for is scrolled into view, and a team member with many accounts gets
the accounts they work on first and a what-if that reads at a glance."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from api.settings import Settings
from api.web.orgchart import ACROSS_GAP_X, BOX_H, BOX_W, GAP_X, MARGIN, MAX_DOWN_WIDTH
from queries.resilience import departure_impact
from queries.snapshot import AccountSnapshot
from tests.web.conftest import DEMO_ANCHOR, LiveServer
from tests.web.test_search_person_browser import shots
from tests.web.worlds import (
    WIDE,
    WIDE_BOSS,
    WIDE_DIVISIONS,
    WIDE_MEMBER,
    WIDE_ON_TEAM,
    WIDE_REPORTS,
    WIDE_SMALL,
    wide_batch,
    wide_small,
)

pytestmark = pytest.mark.browser

DAY = DEMO_ANCHOR.isoformat()
CHART = f"/accounts/{WIDE}/org-chart?as_of={DAY}"


def boxes(chart: Locator) -> dict[str, tuple[float, float]]:
    """Each box of a chart: its top-left corner (SVG units)."""
    found = {}
    for box in chart.locator("a.box").all():
        rect = box.locator("rect")
        corner = float(rect.get_attribute("x") or "nan"), float(rect.get_attribute("y") or "nan")
        found[box.get_attribute("data-id") or ""] = corner
    return found


def test_a_wide_unit_chart_is_drawn_across(page: Page, wide_server: LiveServer) -> None:
    page.goto(wide_server.at(CHART))
    chart = page.locator("#unit-chart")
    expect(chart).to_have_attribute("data-layout", "across")
    at = boxes(chart)
    # Every branch is a gap, so every unit is drawn: 60 leaves, far too wide down.
    assert len(at) == 1 + 3 * WIDE_DIVISIONS
    assert 2 * WIDE_DIVISIONS * (BOX_W + GAP_X) > MAX_DOWN_WIDTH
    # Three levels, three columns: the chart is as wide as a laptop's card, not 60
    # boxes wide; the account sits at the top left, where the chart opens.
    assert float(chart.get_attribute("width") or 0) == 2 * MARGIN + 3 * (BOX_W + ACROSS_GAP_X)
    assert at[WIDE] == (MARGIN, MARGIN)
    assert len(set(at.values())) == len(at)  # no two boxes in one place
    for i in range(WIDE_DIVISIONS):
        division = at[f"W1-D{i:02}"]
        first, second = at[f"W1-D{i:02}-B0"], at[f"W1-D{i:02}-B1"]
        assert division[0] == MARGIN + BOX_W + ACROSS_GAP_X  # one column right
        assert first == (division[0] + BOX_W + ACROSS_GAP_X, division[1])  # level
        assert second[0] == first[0]
        assert second[1] > first[1]
    expect(page.locator("main .sub").first).to_contain_text("drawn left to right")
    shots(page, "org-chart-wide")


def test_the_people_chart_and_overlay_across(page: Page, wide_server: LiveServer) -> None:
    page.goto(wide_server.at(f"{CHART}&unit={WIDE}&ties=on"))
    chart = page.locator("#people-chart")
    expect(chart).to_have_attribute("data-layout", "across")
    at = boxes(chart)
    assert len(at) == 1 + WIDE_REPORTS  # the boss and their reports
    members = chart.locator("a.member")
    expect(members).to_have_count(2)
    # Our team in a column left of every person, each level with the first person
    # they know: the boss's acquaintance first, at the top.
    member_x = {float(m.locator("rect").get_attribute("x") or 0) for m in members.all()}
    assert member_x == {MARGIN}
    assert min(x for x, _ in at.values()) >= MARGIN + BOX_W + ACROSS_GAP_X
    expect(members.first).to_have_attribute("data-id", WIDE_MEMBER)
    ties = chart.locator("path.tie")
    known = [r for r in wide_batch().relationships if r.person_id in at]
    assert len(known) > 10
    expect(ties).to_have_count(len(known))
    for tie in ties.all():
        x, y = at[tie.get_attribute("data-person") or ""]
        # Each curve ends on the left side of its person's box, halfway down, and
        # runs until then in the gap beside our team's column, not over the boxes.
        points = [p for p in (tie.get_attribute("d") or "").split() if "," in p]
        assert points[-1] == f"{x:.0f},{y + BOX_H / 2:.0f}"
        before = [float(p.lstrip("MLQC").split(",")[0]) for p in points[:-1]]
        assert max(before) <= MARGIN + BOX_W + ACROSS_GAP_X
    expect(page.locator("#people .legend")).to_contain_text("left column")
    shots(page, "org-chart-wide-ties")


def test_the_box_asked_for_is_scrolled_into_view(page: Page, wide_server: LiveServer) -> None:
    last = f"W1-P{WIDE_REPORTS:03}"  # the bottom row of a chart taller than its card
    page.goto(wide_server.at(f"{CHART}&unit={WIDE}&focus={last}"))
    for chart, focused in (("#unit-chart", WIDE), ("#people-chart", last)):
        box = page.locator(f'{chart} a.box.focus[data-id="{focused}"] rect')
        expect(box).to_have_count(1)
        wrap = page.locator(chart).locator("xpath=..").bounding_box()
        seen = box.bounding_box()
        assert wrap is not None
        assert seen is not None
        assert wrap["y"] <= seen["y"]
        assert seen["y"] + seen["height"] <= wrap["y"] + wrap["height"]
        assert wrap["x"] <= seen["x"]
        assert seen["x"] + seen["width"] <= wrap["x"] + wrap["width"]
    people_wrap = page.locator("#people-chart").locator("xpath=..")
    assert people_wrap.evaluate("w => w.scrollTop") > 0  # it had to scroll


def test_a_member_with_many_accounts(page: Page, wide_server: LiveServer) -> None:
    page.goto(wide_server.at(f"/team/{WIDE_MEMBER}?as_of={DAY}&what_if=1"))
    smalls = [wide_small(i) for i in range(WIDE_SMALL)]
    on_team = [WIDE, *smalls[-WIDE_ON_TEAM:]]
    listed = (on_team + [a for a in smalls if a not in on_team])[:20]
    # The accounts they work on first, marked; 20 of 25 listed.
    shown = [s.get_attribute("data-account") for s in page.locator("section[data-account]").all()]
    assert shown == listed
    for account in listed:
        tag = page.locator(f'section[data-account="{account}"] .tag.exec')
        expect(tag).to_have_count(1 if account in on_team else 0)
    expect(page.locator("#what-if-all")).to_have_text(f"all {1 + WIDE_SMALL}")

    settings = Settings(api_keys=()).query
    impacts = {
        a: departure_impact(
            AccountSnapshot.build(wide_server.store.account_data(a), DEMO_ANCHOR, settings),
            team_member_id=WIDE_MEMBER,
        )
        for a in listed
    }

    def lost(a: str) -> int:
        return len(impacts[a].units_falling) + len(impacts[a].executives_lost)

    losing = [a for a in listed if lost(a) or impacts[a].executive_paths_weakened]
    assert 0 < len(losing) < len(listed)
    falling = sum(len(impacts[a].units_falling) for a in losing)
    summary = page.locator("#what-if-summary")
    expect(summary).to_contain_text(f"{len(losing)} of {len(listed)} accounts would lose something")
    expect(summary).to_contain_text(f"{falling} unit{'s' if falling != 1 else ''} whose coverage")
    # Most lost first; the others named in one line.
    order = [h.get_attribute("data-account") or "" for h in page.locator("#what-if h3").all()]
    assert sorted(order) == sorted(losing)
    assert [lost(a) for a in order] == sorted((lost(a) for a in losing), reverse=True)
    unharmed = page.locator("#what-if-unharmed a")
    expect(unharmed).to_have_count(len(listed) - len(losing))
    shots(page, "team-member-what-if-many")


def test_the_boss_reports_are_capped_on_the_person_page(
    page: Page, wide_server: LiveServer
) -> None:
    page.goto(wide_server.at(f"/people/{WIDE_BOSS}?as_of={DAY}"))
    expect(page.locator("#reports li a")).to_have_count(10)
    more = page.get_by_role("link", name=f"Show {WIDE_REPORTS - 10} more reports")
    more.click()
    expect(page.locator("#reports li a")).to_have_count(WIDE_REPORTS)


def test_a_capped_list_of_relationships_says_how_many_more(
    page: Page, wide_server: LiveServer
) -> None:
    held = [r for r in wide_batch().relationships if r.team_member_id == WIDE_MEMBER]
    in_w1 = [r for r in held if r.person_id.startswith(f"{WIDE}-")]
    page.goto(wide_server.at(f"/team/{WIDE_MEMBER}?as_of={DAY}"))
    section = page.locator(f'section[data-account="{WIDE}"]')
    expect(section.locator("tbody tr")).to_have_count(10)
    more = section.locator(".more")
    expect(more).to_contain_text(f"Show all {len(in_w1)} relationships ({len(in_w1) - 10} more)")
    more.locator("a").click()
    expect(page.locator(f'section[data-account="{WIDE}"] tbody tr')).to_have_count(len(in_w1))
