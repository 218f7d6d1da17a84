"""The accounts list sorted and filtered on the server, across pages, in a real
browser (issue 17)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.web.conftest import LiveServer
from tests.web.test_search_person_browser import shots
from tests.web.worlds import MANY, many_people

pytestmark = pytest.mark.browser


def people_column(page: Page) -> list[int]:
    cells = page.locator("#accounts tbody tr td:nth-child(7)").all_inner_texts()
    return [int(c) for c in cells]


def test_sort_by_people_across_pages_and_filter(page: Page, many_server: LiveServer) -> None:
    page.goto(many_server.at("/"))
    expect(page.locator("#accounts tbody tr")).to_have_count(50)
    page.locator('#accounts thead a[data-sort="people"]').click()  # most people first
    expect(page).to_have_url(re.compile(r"sort=people&order=desc"))
    assert people_column(page) == list(range(MANY, MANY - 50, -1))
    page.get_by_role("link", name="Next").click()
    expect(page).to_have_url(re.compile(r"sort=people&order=desc&page=2"))
    # Page 2 goes on where page 1 stopped: the 5 smallest accounts, still sorted.
    assert people_column(page) == [5, 4, 3, 2, 1]
    expect(page.locator("#sorted-by")).to_have_text("people, descending")
    shots(page, "accounts-sorted")

    # A filter keeps the sort; the tier filter leaves a third of the accounts.
    page.locator("#filters select[name=tier]").select_option("2")
    page.locator("#filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"sort=people&order=desc&tier=2"))
    tier2 = sorted((many_people(i) for i in range(MANY) if i % 3 + 1 == 2), reverse=True)
    expect(page.locator("#accounts tbody tr")).to_have_count(len(tier2))
    assert people_column(page) == tier2
    expect(page.locator(".pager")).to_have_count(0)
    # Nothing matches: the empty state says what to do.
    page.goto(many_server.at("/?tier=9"))
    expect(page.locator("#no-accounts")).to_contain_text("No account matches")
    page.goto(many_server.at("/?max_coverage=2"))
    expect(page.locator("h1")).to_have_text("Invalid query")
