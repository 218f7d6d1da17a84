"""CSV downloads from the pages, in a real browser (issue 17): click the button,
parse the file, find the answer the page shows; signed in with a key, the session
cookie carries the download (and search as you type)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from api.settings import Settings
from queries.coverage import coverage
from queries.paths import executive_paths
from queries.snapshot import AccountSnapshot
from tests.sample_world import AS_OF
from tests.web.conftest import DEMO_ANCHOR, WEB_SECRET, LiveServer

pytestmark = pytest.mark.browser

DAY = DEMO_ANCHOR.isoformat()


def download(page: Page, selector: str) -> list[dict[str, str]]:
    with page.expect_download() as info:
        page.locator(selector).first.click()
    path = info.value.path()
    assert path is not None
    assert info.value.suggested_filename.endswith(".csv")
    text = Path(path).read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_download_the_gaps_and_parse_them(page: Page, demo_server: LiveServer) -> None:
    data = demo_server.store.account_data("halden")
    snap = AccountSnapshot.build(data, DEMO_ANCHOR, Settings(api_keys=()).query)
    report = coverage(snap)
    page.goto(demo_server.at(f"/accounts/halden?as_of={DAY}"))
    rows = download(page, '#gaps-h a[data-csv="gaps"]')
    gaps = [r for r in rows if not r["status"].startswith("seat")]
    assert [r["id"] for r in gaps] == [g.id for g in report.gaps]
    assert [r["name"] for r in gaps] == [g.name for g in report.gaps]
    seats = [r for r in rows if r["status"].startswith("seat")]
    assert len(seats) == len(report.seat_gaps)

    page.goto(demo_server.at(f"/people/halden-P00052?as_of={DAY}"))
    paths = download(page, 'a[data-csv="paths"]')
    assert paths[0]["name"] == "Dalia Adeyemi-Sepúlveda"
    assert len(paths) == int(page.locator("#paths-h .tag").first.inner_text())


def test_signed_in_downloads_and_suggestions(page: Page, keyed_server: LiveServer) -> None:
    page.goto(keyed_server.at(f"/accounts/A1?as_of={AS_OF.isoformat()}"))
    page.get_by_label("API key").fill(WEB_SECRET)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/accounts/A1\?"))
    rows = download(page, 'a[data-csv="executive paths"]')
    assert rows[0]["name"] == "Emma Leroy"
    page.locator("#search-q").fill("chlo")
    expect(page.locator("#search-suggestions li[data-kind=person]")).to_have_count(1)


def test_the_executive_paths_csv_holds_every_path(page: Page, demo_server: LiveServer) -> None:
    # The page draws five; the CSV holds the path to every executive in reach (at M
    # the button gave 5 rows of an account with 365 executives).
    data = demo_server.store.account_data("halden")
    snap = AccountSnapshot.build(data, DEMO_ANCHOR, Settings(api_keys=()).query)
    every = executive_paths(snap, k=100).paths
    page.goto(demo_server.at(f"/accounts/halden?as_of={DAY}"))
    shown = page.locator("#exec-paths > li").count()
    assert shown < len(every)
    rows = download(page, 'a[data-csv="executive paths"]')
    assert [r["person_id"] for r in rows] == [p.executive.id for p in every]
