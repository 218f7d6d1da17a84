"""The pages in a real browser, on the hand-worked sample world (figures in
tests/sample_world.py): what a user sees when they follow the links, pick a date
and ask for introducers."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from api.settings import Settings
from queries.alerts import alerts
from queries.models import AlertKind
from queries.resilience import key_people
from queries.snapshot import AccountSnapshot
from tests.sample_world import AS_OF
from tests.web.conftest import WEB_SECRET, LiveServer, screenshot
from tests.web.worlds import LONG, ODD_UNIT

pytestmark = pytest.mark.browser

DAY = AS_OF.isoformat()


def snapshot(server: LiveServer, account_id: str, day: dt.date) -> AccountSnapshot:
    data = server.store.account_data(account_id)
    return AccountSnapshot.build(data, day, Settings(api_keys=()).query)


def unit_status(page: Page, unit_id: str) -> str | None:
    return page.locator(f'li[data-unit="{unit_id}"]').first.get_attribute("data-status")


def chain(page: Page, scope: str) -> list[str]:
    """The names along the first path drawn inside ``scope``."""
    nodes = page.locator(f"{scope} ol.path").first.locator(".pnode")
    return [re.sub(r"(our team|customer)$", "", t).strip() for t in nodes.all_inner_texts()]


def test_accounts_page_lists_coverage_and_sorts_by_keyboard(
    page: Page, sample_server: LiveServer
) -> None:
    page.goto(sample_server.at(f"/?as_of={DAY}"))
    acme = page.locator('tr[data-account="A1"]')
    # A1: 6 rows, only B1 covered; executives P1, P2, P5, none known strongly.
    expect(acme.locator(".bar")).to_have_attribute(
        "aria-label", "1 covered, 0 single-threaded, 1 weak, 4 uncovered"
    )
    expect(acme.locator("td").nth(3)).to_have_text("0 / 3")
    expected_alerts = len(alerts(snapshot(sample_server, "A1", AS_OF)).alerts)
    expect(acme.locator("td").nth(4)).to_have_text(str(expected_alerts))
    screenshot(page, "accounts")

    names = page.locator("#accounts tbody tr td:first-child a")
    expect(names).to_have_text(["Acme Holdings", "Globex", LONG])
    header = page.locator("#accounts thead th").first
    header.locator("button").focus()
    page.keyboard.press("Enter")
    expect(header).to_have_attribute("aria-sort", "ascending")
    page.keyboard.press("Enter")
    expect(header).to_have_attribute("aria-sort", "descending")
    expect(names).to_have_text([LONG, "Globex", "Acme Holdings"])
    people = page.locator("#accounts thead th").nth(5)
    people.locator("button").click()
    expect(page.locator("#accounts tbody tr").first).to_have_attribute("data-account", "A2")

    page.get_by_role("link", name="Acme Holdings").click()
    expect(page).to_have_url(re.compile(rf"/accounts/A1\?as_of={DAY}$"))


def test_account_page_shows_tree_gaps_alerts_key_people_and_paths(
    page: Page, sample_server: LiveServer
) -> None:
    page.goto(sample_server.at(f"/accounts/A1?as_of={DAY}"))
    expect(page.locator("h1")).to_have_text("Acme Holdings")
    statuses = {u: unit_status(page, u) for u in ("A1", "D1", "B1", "B2", "BC1", "D2")}
    assert statuses == {
        "A1": "uncovered",
        "D1": "weak",
        "B1": "covered",
        "B2": "uncovered",
        "BC1": "uncovered",
        "D2": "uncovered",
    }
    # Roll-up on D1: of the 5 active people below it (P2..P6), P3 and P4 strongly.
    expect(page.locator('li[data-unit="D1"] .roll').first).to_contain_text("subtree 2/5")
    gaps = page.locator("#gaps li")
    expect(gaps).to_have_count(5)
    expect(page.locator("#gaps")).to_contain_text("Acme Lyon")
    expect(page.locator("#gaps")).to_contain_text("Acme Americas")
    # Acme Paris is covered: no gap of its own, only named as a gap's customer sister.
    expect(page.locator("#gaps a", has_text="Acme Paris")).to_have_count(0)
    expect(page.locator("#gaps li", has_text="Acme Lyon")).to_contain_text(
        "Acme Paris is a customer"
    )

    snap = snapshot(sample_server, "A1", AS_OF)
    for alert in alerts(snap).alerts:
        expect(page.locator("#alerts")).to_contain_text(alert.message)
    champion = page.locator('#alerts li[data-kind="champion_left"]')
    expect(champion).to_contain_text("Gina Lopez")
    for key in key_people(snap).key_people:
        expect(page.locator("#key-people")).to_contain_text(key.node.name)

    # Executive paths, whole team: Emma via Tom-Chloé (0.60), Bruno 0.51, Alice 0.31.
    heads = page.locator("#exec-paths > li .head .name")
    expect(heads).to_have_text(["Emma Leroy", "Bruno Petit", "Alice Martin"])
    assert chain(page, "#exec-paths > li:nth-child(1)") == [
        "Tom Reed",
        "Chloé Durand",
        "Emma Leroy",
    ]
    first = page.locator("#exec-paths > li").first
    expect(first.locator(".head .strength")).to_have_text("path strength 0.60")
    hops = first.locator(".hop")
    expect(hops).to_have_text(["relationship · 0.85last contact 2026-11-01", "colleague · 0.70"])
    assert chain(page, "#exec-paths > li:nth-child(3)") == [
        "Tom Reed",
        "Chloé Durand",
        "Bruno Petit",
        "Alice Martin",
    ]
    screenshot(page, "account")


def test_as_of_picker_reloads_everything_for_that_date(
    page: Page, sample_server: LiveServer
) -> None:
    page.goto(sample_server.at(f"/accounts/A1?as_of={DAY}"))
    assert unit_status(page, "B1") == "covered"
    page.get_by_label("As of").fill("2027-11-15")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"/accounts/A1\?as_of=2027-11-15$"))
    # A year on, both strong relationships in Acme Paris have decayed below 0.5.
    assert unit_status(page, "B1") == "weak"
    expect(page.get_by_label("As of")).to_have_value("2027-11-15")
    link = page.locator('li[data-unit="B1"] a.name').first
    expect(link).to_have_attribute("href", "/units/B1?as_of=2027-11-15")
    link.click()
    expect(page.locator("h1")).to_have_text("Acme Paris")
    expect(page.locator(".crumbs a").nth(1)).to_have_attribute(
        "href", "/accounts/A1?as_of=2027-11-15"
    )
    # Bruno's last contact (2026-10-01) is stale by then.
    page.locator(".crumbs a").nth(2).click()
    expect(page.locator("h1")).to_have_text("Acme Europe")
    expect(page.locator('li[data-person="P2"] .known')).to_contain_text("stale")


def test_unit_page_org_chart_advocates_and_introducers(
    page: Page, sample_server: LiveServer
) -> None:
    page.goto(sample_server.at(f"/accounts/A1?as_of={DAY}"))
    page.locator('li[data-unit="B2"] a.name').first.click()
    expect(page).to_have_url(re.compile(rf"/units/B2\?as_of={DAY}$"))
    expect(page.locator("h1")).to_have_text("Acme Lyon")
    # Farid reports to Emma: drawn beneath her. Nobody on our team knows either.
    emma = page.locator('#org-chart > li[data-person="P5"]')
    expect(emma.locator('li[data-person="P6"]')).to_contain_text("Farid Benali")
    expect(emma.locator(".person").first).to_contain_text("Nobody on our team knows them")
    # Advocates: Chloé (knows Emma, 0.75), then Daniel (worked here, 0.59).
    advocates = page.locator("#advocates > li")
    expect(advocates.nth(0)).to_contain_text("Chloé Durand")
    expect(advocates.nth(0)).to_contain_text("score 0.75")
    expect(advocates.nth(0)).to_contain_text("knows tie 0.70")
    expect(advocates.nth(1)).to_contain_text("Daniel Roux")
    expect(advocates.nth(1)).to_contain_text("former member tie 0.60")

    page.get_by_label("Team member").select_option(label="Tom Reed (Account Executive)")
    page.get_by_role("button", name="Find introducers").click()
    expect(page).to_have_url(re.compile(rf"/units/B2\?as_of={DAY}&member=T1$"))
    first = page.locator("#introducers .paths > li").first
    expect(first.locator(".head .name")).to_have_text("Chloé Durand")
    expect(first).to_contain_text("can introduce you to Emma Leroy")
    assert chain(page, "#introducers .paths > li:nth-child(1)") == [
        "Tom Reed",
        "Chloé Durand",
        "Emma Leroy",
    ]
    expect(page.get_by_label("Team member")).to_have_value("T1")
    screenshot(page, "unit")

    page.goto(sample_server.at(f"/units/B1?as_of={DAY}"))
    chloe = page.locator('#org-chart > li[data-person="P3"]')
    expect(chloe.locator(".known").first).to_contain_text("Tom Reed 0.85 strong")
    expect(chloe.locator('li[data-person="P4"] .known')).to_contain_text("Sara Kim 0.78 strong")
    screenshot(page, "unit-covered")


def test_team_member_page_relationships_and_cooling(page: Page, sample_server: LiveServer) -> None:
    page.goto(sample_server.at(f"/accounts/A1?as_of={DAY}"))
    page.locator("#exec-paths a.pnode", has_text="Tom Reed").first.click()
    expect(page).to_have_url(re.compile(rf"/team/T1\?as_of={DAY}$"))
    expect(page.locator("h1")).to_have_text("Tom Reed")
    acme = page.locator('section[data-account="A1"]')
    rows = acme.locator("tbody tr")
    expect(rows).to_have_count(2)  # Gina (P7) left: her relationship counts nowhere
    expect(rows.nth(0)).to_contain_text("Chloé Durand")
    expect(rows.nth(0)).to_contain_text("0.85 strong")
    expect(rows.nth(1)).to_contain_text("Bruno Petit")
    expect(rows.nth(1)).to_contain_text("0.34 weak")
    expect(page.locator("#cooling-h .tag")).to_have_text("0")
    screenshot(page, "team-member")

    # Tom's 0.9 with Chloé (last contact 2026-11-01) stops being strong in April
    # 2027: a month before, it is cooling.
    day = dt.date(2027, 3, 20)
    cooling = [
        a
        for a in alerts(snapshot(sample_server, "A1", day)).alerts
        if a.kind is AlertKind.COOLING and a.team_member_id == "T1"
    ]
    assert len(cooling) == 1
    page.goto(sample_server.at(f"/team/T1?as_of={day}"))
    expect(page.locator("#cooling li")).to_have_count(1)
    expect(page.locator("#cooling")).to_contain_text(cooling[0].message)
    expect(page.locator("#cooling")).to_contain_text(cooling[0].date.isoformat())


def _no_horizontal_overflow(page: Page) -> bool:
    return bool(
        page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
    )


def test_long_names_and_markup_in_names(page: Page, sample_server: LiveServer) -> None:
    for path, shot in [
        (f"/?as_of={DAY}", "long-names-accounts"),
        (f"/accounts/Z9?as_of={DAY}", "long-names-account"),
        (f"/units/{ODD_UNIT}?as_of={DAY}", "long-names-unit"),
        (f"/team/Z9-T1?as_of={DAY}", "long-names-team"),
    ]:
        page.goto(sample_server.at(path))
        assert _no_horizontal_overflow(page), path
        screenshot(page, shot)
    # The name with markup is shown as text and never runs.
    expect(page.locator("body")).to_contain_text("<script>window.__pwned = 1</script>")
    page.goto(sample_server.at(f"/units/{ODD_UNIT}?as_of={DAY}"))
    assert page.evaluate("window.__pwned === undefined")
    expect(page.locator('li[data-person="Z9-P2"] .name')).to_contain_text("<img src=x")


def test_keyboard_reaches_every_link_with_a_visible_focus(
    page: Page, sample_server: LiveServer
) -> None:
    page.goto(sample_server.at(f"/accounts/A1?as_of={DAY}"))
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("Skip to content")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    # Tab on until the first unit link in the tree has focus: no trap on the way.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.tree a.name')"):
            break
    else:
        pytest.fail("the tree's links are not reachable with Tab")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).not_to_have_text("Acme Holdings")


def test_login_page_when_keys_are_configured(page: Page, keyed_server: LiveServer) -> None:
    page.goto(keyed_server.at(f"/accounts/A1?as_of={DAY}"))
    expect(page).to_have_url(re.compile(r"/login\?next="))
    page.get_by_label("API key").fill("wrong-key-0123456789")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("That key is not valid. Check it and retry.")
    screenshot(page, "login")
    page.get_by_label("API key").fill(WEB_SECRET)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(rf"/accounts/A1\?as_of={DAY}$"))
    expect(page.locator("h1")).to_have_text("Acme Holdings")
    cookie = next(c for c in page.context.cookies() if c["name"] == "powermap_session")
    assert WEB_SECRET not in cookie["value"]  # an opaque session id, not the key
    assert cookie["httpOnly"]
    assert cookie["sameSite"] == "Strict"
    page.get_by_role("link", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    assert not [c for c in page.context.cookies() if c["name"] == "powermap_session"]
    page.goto(keyed_server.at("/"))
    expect(page).to_have_url(re.compile(r"/login\?next=%2F$"))


def test_docs_work_offline(page: Page, sample_server: LiveServer) -> None:
    off_site: list[str] = []
    page.on(
        "request",
        lambda r: (
            None if r.url.startswith((sample_server.url, "data:")) else off_site.append(r.url)
        ),
    )
    page.goto(sample_server.at("/docs"))
    expect(page.locator(".swagger-ui .title").first).to_contain_text("Powermap")
    assert off_site == []
    screenshot(page, "docs")
