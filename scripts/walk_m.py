"""Walk the web pages of a served store as a sales manager would, in Chromium
(issue 17 at scale M): search as you type, a person, the team directory and a
team member with "what if they left", the buying committee, the org chart of the
largest account, the CSV exports, the glossary, capped lists, the 404 page, and
(against a second server, so the walked store stays as it was) an upload with its
dry run and progress.

Each step prints its wall time, the page's HTML size and what it found; each page
is saved at 1400 px and 390 px (full page) under OUT, with the overlap and
one-character-per-line checks the layout tests make. The accounts list and the
alerts inbox are not walked (rebuilt for M elsewhere).

Usage (defaults name seed-7 M records):
  .venv/bin/powermap serve --store M.db --port 8765 &
  .venv/bin/python scripts/walk_m.py --base http://127.0.0.1:8765 \
      [--upload-base http://127.0.0.1:8766 --upload bundle.zip] [--out /work/data/web/shots]
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import time
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect, sync_playwright

from tests.web.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.web.test_layout_browser import measure

ACCOUNT = "A000001"  # the largest M account: 10,000 people, 504 units
CEO = "A000001-P00001"  # 68 direct reports
KNOWN = "A000001-P01131"  # known by four team members
LONG_NAME = "A002804-P00086"  # Thandiwe Achterberg-Castellanos
BIG_UNIT = "A000001-U0480"  # 172 people
MEMBER = "T00107"  # 34 accounts, the most of anyone
TYPED = ("ana", "Malik Ma", "Falcrest Tech", "Benelux", "Dalia Amundsen", "jovanovic mira")


class Walk:
    def __init__(self, page: Page, base: str, out: Path) -> None:
        self.page, self.base, self.out = page, base, out
        self.problems: list[str] = []

    def visit(self, name: str, path: str, status: int = 200) -> float:
        """Open a page; print the time to its HTML (DOM ready) and to its load (with
        images such as the trend chart), and its size; return the first (ms)."""
        start = time.perf_counter()
        response = self.page.goto(self.base + path, wait_until="domcontentloaded")
        html = (time.perf_counter() - start) * 1000
        self.page.wait_for_load_state("load")
        loaded = (time.perf_counter() - start) * 1000
        assert response is not None
        size = len(response.body())
        if response.status != status:
            self.problems.append(f"{name}: HTTP {response.status} (expected {status})")
        print(
            f"  {name:34} {response.status} html {html:6.0f} ms, load {loaded:6.0f} ms "
            f"{size / 1024:7.1f} KB  {path}"
        )
        return html

    def shots(self, name: str, overlay: bool = False) -> None:
        """The page at 1400 px and 390 px, with the layout checks (not the overlap
        check when something is meant to lie over the page: the suggestions)."""
        for width, height in ((1400, 900), (390, 844)):
            self.page.set_viewport_size({"width": width, "height": height})
            self.page.wait_for_timeout(50)
            found: dict[str, Any] = measure(self.page)
            if overlay:
                found["overlaps"] = []
            for what in ("overlaps", "narrow"):
                if found[what]:
                    self.problems.append(f"{name} at {width}px {what}: {found[what][:3]}")
            if found["scrollWidth"] > found["clientWidth"] + 1:
                self.problems.append(f"{name} at {width}px scrolls sideways")
            self.page.screenshot(path=str(self.out / f"{name}-{width}.png"), full_page=True)
            self.page.screenshot(path=str(self.out / f"{name}-{width}-top.png"))
        self.page.set_viewport_size({"width": 1400, "height": 900})

    def count(self, selector: str) -> int:
        return self.page.locator(selector).count()

    def text(self, selector: str) -> str:
        loc = self.page.locator(selector)
        return loc.first.inner_text().strip() if loc.count() else "(none)"


def step(title: str) -> Callable[[Callable[[Walk], None]], Callable[[Walk], None]]:
    def wrap(fn: Callable[[Walk], None]) -> Callable[[Walk], None]:
        @wraps(fn)
        def run(w: Walk) -> None:
            print(f"\n== {title}")
            try:
                fn(w)
            except Exception as exc:  # a walk reports every step, even after a failure
                w.problems.append(f"{title}: {type(exc).__name__}: {str(exc)[:300]}")
                print(f"  FAILED: {exc!s:.300}")

        return run

    return wrap


@step("search as you type")
def search(w: Walk) -> None:
    w.visit("glossary (a page with the box)", "/glossary")
    box = w.page.locator("#search-q")
    for text in TYPED:
        box.fill("")
        start = time.perf_counter()
        with w.page.expect_response(lambda r: "/v1/search" in r.url) as answer:
            box.fill(text)
        items = w.page.locator("#search-suggestions li[data-kind]")
        expect(w.page.locator("#search-suggestions")).to_be_visible()
        took = (time.perf_counter() - start) * 1000
        first = [items.nth(i).inner_text().replace("\n", " ") for i in range(min(3, items.count()))]
        print(f"  typed {text!r:18} {answer.value.status} {took:6.0f} ms  {first}")
        if not first:
            w.problems.append(f"search {text!r}: no suggestion")
    w.shots("search-suggest", overlay=True)
    with w.page.expect_navigation():
        w.page.keyboard.press("Enter")
    print(f"  Enter opens {w.page.url}: {w.count('main li')} list items")
    w.shots("search-page")


@step("person pages")
def person(w: Walk) -> None:
    for label, pid in (("CEO", CEO), ("known by four", KNOWN), ("long name", LONG_NAME)):
        cold = w.visit(f"person {label} (first)", f"/people/{pid}")
        warm = w.visit(f"person {label} (again)", f"/people/{pid}")
        print(
            f"    cold {cold:.0f} / warm {warm:.0f} ms; reports {w.count('#reports li')}, "
            f"known by {w.count('#known-by tbody tr')}, paths {w.count('#paths ol.paths > li')}; "
            f"more: {w.text('#reports .more, #reports + .more, #paths .more')}"
        )
        w.shots(f"person-{label.replace(' ', '-')}")


@step("team directory and a team member")
def team(w: Walk) -> None:
    w.visit("team directory", "/team")
    print(f"    rows {w.count('#team tbody tr')}")
    w.shots("team")
    w.visit(f"team member {MEMBER}", f"/team/{MEMBER}")
    print(f"    accounts shown {w.count('h3[id^=acc-]')}; {w.text('.more')}")
    w.shots("team-member")
    w.visit("... what if they left", f"/team/{MEMBER}?what_if=1")
    print(f"    what-if: {w.text('#what-if')[:300]!r}")
    w.shots("team-member-what-if")
    w.visit("... every account", f"/team/{MEMBER}?show=accounts")
    w.visit("... every account, what if", f"/team/{MEMBER}?show=accounts&what_if=1")
    w.visit("my accounts (/me, picks)", f"/me?team_member={MEMBER}")


@step("buying committee")
def committee(w: Walk) -> None:
    w.visit(f"unit {BIG_UNIT}", f"/units/{BIG_UNIT}")
    print(f"    seats {w.count('#committee tbody tr')}; {w.text('#committee')[:200]!r}")
    w.shots("unit-committee")
    w.visit(f"account {ACCOUNT}", f"/accounts/{ACCOUNT}")
    print(
        f"    tree rows {w.count('[data-unit]')}, gaps {w.count('#gaps > li')}, "
        f"seat gaps {w.count('#seat-gaps > li')}, committee {w.count('#committee tbody tr')}"
    )
    w.shots("account")
    w.visit("account what-if", f"/accounts/{ACCOUNT}?leaves={MEMBER}")
    w.shots("account-what-if")


@step("org chart of the largest account")
def chart(w: Walk) -> None:
    here = f"/accounts/{ACCOUNT}/org-chart"
    w.visit("org chart (first)", here)
    w.visit("org chart (again)", here)
    boxes, openers = w.count("#unit-chart a.box"), w.count("#unit-chart a.opener")
    size = w.page.locator("#unit-chart").bounding_box()
    print(f"    unit boxes {boxes}, closed openers {openers}, svg {size}")
    w.shots("org-chart")
    w.page.locator("#unit-chart a.opener").first.click()
    w.page.wait_for_load_state("load")
    print(f"    after one +N: boxes {w.count('#unit-chart a.box')} ({w.page.url[-60:]})")
    w.visit("find 'mira jovanovic'", f"{here}?q=mira+jovanovic")
    print(f"    hits {w.count('#chart-hits li')}: {w.text('#chart-hits li')!r}")
    w.shots("org-chart-find")
    w.page.locator("#chart-hits a").first.click()
    w.page.wait_for_load_state("load")
    print(
        f"    focus: people boxes {w.count('#people-chart a.box')}, "
        f"focused {w.count('#people-chart a.box.focus')}"
    )
    w.shots("org-chart-focus")
    w.visit("big unit's people, ties on", f"{here}?unit={BIG_UNIT}&ties=on")
    print(f"    people {w.count('#people-chart a.box')}, ties {w.count('#people-chart path.tie')}")
    w.shots("org-chart-ties")
    w.visit("account level, every person", f"{here}?unit={ACCOUNT}&show=all")
    print(f"    people {w.count('#people-chart a.box')}: {w.text('#people .more')!r}")


@step("CSV exports of the largest account")
def exports(w: Walk) -> None:
    unit_advocates = f"/v1/units/{BIG_UNIT}/advocates?format=csv"
    for label, path in (
        ("gaps", f"/v1/accounts/{ACCOUNT}/coverage?format=csv"),
        ("seats", f"/v1/accounts/{ACCOUNT}/committee?format=csv"),
        ("advocates", unit_advocates),
        ("paths", f"/v1/people/{KNOWN}/paths?k=10&format=csv"),
        ("executive paths", f"/v1/accounts/{ACCOUNT}/executive-paths?k=100&format=csv"),
        ("introducers", f"/v1/units/{BIG_UNIT}/introducers?from={MEMBER}&format=csv"),
        ("alerts", f"/v1/alerts?account_id={ACCOUNT}&limit=200&format=csv"),
    ):
        start = time.perf_counter()
        response = w.page.request.get(w.base + path)
        took = (time.perf_counter() - start) * 1000
        body = response.text()
        rows = list(csv.reader(io.StringIO(body)))
        kind = response.headers.get("content-type", "")
        print(
            f"  {label:16} {response.status} {took:6.0f} ms {len(body) / 1024:7.1f} KB "
            f"{len(rows) - 1:5} rows  {kind}  {rows[0][:6] if rows else ''}"
        )
        if response.status != 200 or "text/csv" not in kind:
            w.problems.append(f"csv {label}: {response.status} {kind} {body[:200]!r}")


@step("glossary, capped lists, 404")
def odds(w: Walk) -> None:
    w.visit("glossary", "/glossary")
    w.shots("glossary")
    w.visit(f"unit {BIG_UNIT} people (capped)", f"/units/{BIG_UNIT}")
    print(f"    org chart says: {w.text('#org .more, .more')!r}")
    w.visit("... show all people", f"/units/{BIG_UNIT}?show=people")
    w.visit("404", "/no/such/page", status=404)
    print(f"    h1 {w.text('h1')!r}")
    w.shots("not-found")


def upload(w: Walk, base: str, bundle: Path) -> None:
    print(f"\n== upload {bundle.name} to {base}")
    w.base = base
    w.visit("upload page", "/upload")
    w.page.set_input_files("#bundle", str(bundle))
    start = time.perf_counter()
    w.page.click("#check")
    ended = re.compile(r"(done|failed|refused)$")
    expect(w.page.locator("#job-status")).to_have_text(ended, timeout=600_000)
    print(f"  dry run {time.perf_counter() - start:.1f} s: {w.text('#job-report p')!r}")
    w.shots("upload-dry-run")
    start = time.perf_counter()
    w.page.click("#load")
    seen: list[str] = []
    status = ""
    while not ended.search(status) and time.perf_counter() - start < 900:
        w.page.wait_for_timeout(500)
        status = w.text("#job-status")
        percent = w.text("#job-percent")
        if not seen or seen[-1] != percent:
            seen.append(percent)
    print(f"  load {time.perf_counter() - start:.1f} s, {status}; progress seen {seen}")
    print(f"  steps: {w.text('#job-steps')[:300]!r}")
    w.shots("upload-loaded")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="http://127.0.0.1:8765")
    parser.add_argument("--out", type=Path, default=Path("/work/data/web/shots"))
    parser.add_argument("--upload-base", help="a second server to upload to")
    parser.add_argument("--upload", type=Path, help="a bundle .zip to upload there")
    parser.add_argument("--only", help="run only the steps whose names contain this")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    steps = (search, person, team, committee, chart, exports, odds)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.set_default_timeout(120_000)
        walk = Walk(page, args.base.rstrip("/"), args.out)
        for run in steps:
            if not args.only or args.only in run.__name__:
                run(walk)
        if args.upload_base and args.upload:
            upload(walk, args.upload_base.rstrip("/"), args.upload)
        browser.close()
    print(f"\nscreenshots in {args.out}")
    print("problems:" if walk.problems else "no problems found")
    for problem in walk.problems:
        print(f"  - {problem}")


if __name__ == "__main__":
    main()
