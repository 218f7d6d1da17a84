"""Upload on the web, in a real browser (issue 17): a dry run that shows what would
be created (and writes nothing), then the load, watching the job to its end."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from api.settings import Settings
from graph.embedded import EmbeddedStore
from tests.api.test_ingest_api import INITECH, zipped
from tests.sample_world import sample_batch
from tests.web.conftest import LiveServer, live
from tests.web.test_layout_browser import measure
from tests.web.test_search_person_browser import shots

pytestmark = pytest.mark.browser

#: The API test's Initech (one account, one unit) with two people.
BUNDLE = {
    "accounts.csv": INITECH["accounts.csv"],
    "units.csv": INITECH["units.csv"],
    "people.csv": """
        id,account_id,unit_id,name,title
        P9,A3,I1,Bill Lumbergh,VP Engineering
        P10,A3,I1,Milton Waddams,Collator
    """,
}


@pytest.fixture
def fresh_server(tmp_path: Path) -> Iterator[LiveServer]:
    store = EmbeddedStore(tmp_path / "graph.db")
    store.apply(sample_batch())
    try:
        yield from live(store, Settings(api_keys=()))
    finally:
        store.close()


def test_dry_run_then_load_with_progress(
    page: Page, fresh_server: LiveServer, tmp_path: Path
) -> None:
    bundle = tmp_path / "initech.zip"
    bundle.write_bytes(zipped(BUNDLE))
    page.goto(fresh_server.at("/"))
    page.get_by_role("link", name="Upload").click()
    expect(page.locator("#load")).to_be_disabled()
    page.locator("#bundle").set_input_files(str(bundle))
    page.locator("#check").click()
    job = page.locator("#job")
    expect(job).to_have_attribute("data-status", "done")
    expect(job).to_have_attribute("data-dry-run", "true")
    expect(page.locator("#job-progress")).to_have_attribute("value", "100")
    expect(page.locator("#job-steps li").first).to_be_visible()
    account = page.locator('#job-kinds tr[data-kind="account"] td')
    expect(account.nth(2)).to_have_text("1")  # would be created
    person = page.locator('#job-kinds tr[data-kind="person"] td')
    expect(person.nth(2)).to_have_text("2")
    assert fresh_server.store.counts()["account"] == 2  # a dry run writes nothing
    shots(page, "upload-dry-run")

    expect(page.locator("#load")).to_be_enabled()
    page.locator("#load").click()
    expect(job).to_have_attribute("data-dry-run", "false")
    expect(job).to_have_attribute("data-status", "done")
    expect(page.locator("#job-status")).to_have_text("load · done")
    assert fresh_server.store.counts()["account"] == 3
    expect(page.locator("#job-history li")).to_have_count(2)
    # On a phone the report stays readable: its table scrolls inside its card.
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(50)
    found = measure(page)
    assert found["overlaps"] == [], "the job report overlaps at 390 px"
    assert found["scrollWidth"] <= found["clientWidth"] + 1
    shots(page, "upload-loaded")
    page.goto(fresh_server.at("/"))
    expect(page.locator('tr[data-account="A3"]')).to_have_count(1)
