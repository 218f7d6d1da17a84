"""Every page at a phone's width (390 px) and a desktop's (1400 px), in a real
browser (issue 17): no two pieces of text overlap (asserted on the boxes of the
text itself), nothing wraps one character per line, the page does not scroll
sideways; a screenshot of each, both widths, under artifacts/screenshots/."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.web.conftest import DEMO_ANCHOR, LiveServer, screenshot

pytestmark = pytest.mark.browser

DAY = DEMO_ANCHOR.isoformat()
PAGES = {
    "accounts": f"/?as_of={DAY}",
    "account": f"/accounts/halden?as_of={DAY}",
    "account-what-if": f"/accounts/halden?as_of={DAY}&leaves=tm-02",
    "unit": f"/units/halden-ports-gdansk?as_of={DAY}&member=tm-02",
    "person": f"/people/halden-P00052?as_of={DAY}",
    "team": "/team",
    "team-member": f"/team/tm-02?as_of={DAY}&what_if=1",
    "alerts": f"/alerts?as_of={DAY}",
    "search": "/search?q=gda",
    "glossary": "/glossary",
    "relationship": f"/relationships/tm-02/halden-P00052?as_of={DAY}",
    "not-found": "/no/such/page",
    "upload": "/upload",
    "org-chart": f"/accounts/halden/org-chart?as_of={DAY}&unit=halden-ports-gdansk",
}

# Per text node: its line boxes. Two text nodes overlap when their boxes share
# more than 2 px in both directions; a node of 4+ characters wraps "one character
# per line" when it takes more lines than half its length.
_MEASURE = """
() => {
  const clipTo = (r, c) => {
    const left = Math.max(r.left, c.left), top = Math.max(r.top, c.top);
    const right = Math.min(r.right, c.right), bottom = Math.min(r.bottom, c.bottom);
    return {left, top, width: right - left, height: bottom - top};
  };
  const scrollers = new Map();
  const scroller = (el) => {
    if (!el || el === document.body) return null;
    if (!scrollers.has(el)) {
      const style = getComputedStyle(el);
      // An <svg> clips to itself (overflow: hidden); the box around it scrolls.
      const scrolls = !(el instanceof SVGElement)
        && [style.overflowX, style.overflowY].some(o => o !== 'visible');
      scrollers.set(el, scrolls ? el : scroller(el.parentElement));
    }
    return scrollers.get(el);
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const nodes = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.textContent.trim();
    const el = n.parentElement;
    const hidden = '.visually-hidden, [hidden], script, style, option, select';
    if (!text || !el || el.closest(hidden)) continue;
    // The content of a closed <details> is not drawn (nor that of a closed one
    // inside it, summary included): only the summary of each closed one shows.
    let shut = false;
    for (let d = el.closest('details:not([open])'); d && !shut;
         d = d.parentElement && d.parentElement.closest('details:not([open])')) {
      const summary = d.querySelector(':scope > summary');
      shut = !(summary && summary.contains(el));
    }
    if (shut) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    // Text in a box that scrolls (a wide chart or table, a long list) shows only
    // inside it.
    const wrap = scroller(el);
    const clip = wrap ? wrap.getBoundingClientRect() : null;
    const rects = [...range.getClientRects()].map(r => clip ? clipTo(r, clip) : r)
      .filter(r => r.width > 1 && r.height > 1)
      .map(r => ({x: r.left + scrollX, y: r.top + scrollY, w: r.width, h: r.height}));
    if (rects.length) nodes.push({text: text.slice(0, 40), rects});
  }
  const overlaps = [];
  for (let i = 0; i < nodes.length && overlaps.length < 10; i++) {
    for (let j = i + 1; j < nodes.length; j++) {
      for (const a of nodes[i].rects) for (const b of nodes[j].rects) {
        const dx = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
        const dy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
        if (dx > 2 && dy > 2) overlaps.push([nodes[i].text, nodes[j].text]);
      }
    }
  }
  const lines = (rects) => new Set(rects.map(r => Math.round(r.y))).size;
  const narrow = nodes.filter(n => n.text.length >= 4 && lines(n.rects) > n.text.length / 2)
    .map(n => n.text);
  return {
    overlaps: overlaps.slice(0, 10),
    narrow: narrow.slice(0, 10),
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  };
}
"""


def measure(page: Page) -> dict[str, Any]:
    found: dict[str, Any] = page.evaluate(_MEASURE)
    return found


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_at_390_and_1400(page: Page, demo_server: LiveServer, name: str) -> None:
    page.goto(demo_server.at(PAGES[name]))
    expect(page.locator("h1")).to_be_visible()
    for width, height in ((1400, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(50)  # one layout pass after the resize
        found = measure(page)
        assert found["overlaps"] == [], f"{name} at {width}px: overlapping text"
        assert found["narrow"] == [], f"{name} at {width}px: text one character per line"
        assert found["scrollWidth"] <= found["clientWidth"] + 1, f"{name} scrolls sideways"
        screenshot(page, f"page-{name}-{width}")


WIDE_PAGES = {
    "wide-account": f"/accounts/W1?as_of={DAY}",
    "wide-org-chart": f"/accounts/W1/org-chart?as_of={DAY}&unit=W1&ties=on",
    "wide-team-member": f"/team/W-T1?as_of={DAY}&what_if=1",
}


@pytest.mark.parametrize("name", sorted(WIDE_PAGES))
def test_wide_pages_at_390_and_1400(page: Page, wide_server: LiveServer, name: str) -> None:
    """The pages of an account drawn across and of a member with 25 accounts."""
    page.goto(wide_server.at(WIDE_PAGES[name]))
    expect(page.locator("h1")).to_be_visible()
    for width, height in ((1400, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(50)
        found = measure(page)
        assert found["overlaps"] == [], f"{name} at {width}px: overlapping text"
        assert found["narrow"] == [], f"{name} at {width}px: text one character per line"
        assert found["scrollWidth"] <= found["clientWidth"] + 1, f"{name} scrolls sideways"
        screenshot(page, f"page-{name}-{width}")
