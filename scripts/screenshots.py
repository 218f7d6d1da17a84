"""Regenerate the README's screenshots (docs/screenshots/*.png) on the demo data.

Serves the demo (as ``powermap serve --demo`` loads it, anchored on the date the
browser tests pin) on a free loopback port, opens each page of the tour in Debian's
Chromium (Playwright, no download) at 1400 px and 390 px wide, and saves the
visible part of each page. A picture over :data:`MAX_BYTES` is retaken shorter, so
the repository stays small (no Pillow needed).

The wide chart is taken on the browser tests' "wide" world (an account too wide to
draw top down), as the demo has none.

Usage: .venv/bin/python scripts/screenshots.py [OUT_FOLDER [NAME ...]]
(NAME: only those pictures, e.g. ``person org-chart-wide``.)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Final

from playwright.sync_api import Page, sync_playwright

from api.settings import Settings
from graph.embedded import EmbeddedStore
from tests.web.conftest import CHROMIUM, CHROMIUM_ARGS, DEMO_ANCHOR, live, load_demo
from tests.web.worlds import WIDE, wide_batch

OUT: Final = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
MAX_BYTES: Final = 200_000
WIDTHS: Final = {1400: 900, 390: 844}
DAY: Final = DEMO_ANCHOR.isoformat()

#: (file name, page address): the tour's pages on the demo.
PAGES: Final = (
    ("accounts", f"/?as_of={DAY}&sort=gaps&order=desc"),
    ("account", f"/accounts/halden?as_of={DAY}"),
    ("org-chart", f"/accounts/halden/org-chart?as_of={DAY}&unit=halden-shipping&ties=on#people"),
    ("person", f"/people/halden-P00071?as_of={DAY}"),
    ("alerts", f"/alerts?as_of={DAY}"),
    ("committee", f"/units/halden-ports-gdansk?as_of={DAY}#committee"),
)
#: The same on the wide world.
WIDE_PAGES: Final = (("org-chart-wide", f"/accounts/{WIDE}/org-chart?as_of={DAY}"),)


def shoot(page: Page, url: str, path: Path, width: int, height: int) -> int:
    page.set_viewport_size({"width": width, "height": height})
    page.goto(url)
    page.wait_for_load_state("networkidle")
    while True:
        page.screenshot(path=str(path), clip={"x": 0, "y": 0, "width": width, "height": height})
        size = path.stat().st_size
        if size <= MAX_BYTES or height <= 400:
            return size
        height = int(height * 0.8)


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    wanted = set(sys.argv[2:])
    out.mkdir(parents=True, exist_ok=True)
    if not CHROMIUM.exists():
        raise SystemExit(f"{CHROMIUM} is missing: run `bash scripts/install-browser.sh`")
    with tempfile.TemporaryDirectory(prefix="powermap-shots-") as tmp:
        demo = EmbeddedStore(Path(tmp) / "demo.db")
        wide = EmbeddedStore(Path(tmp) / "wide.db")
        load_demo(demo)
        wide.apply(wide_batch())
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                page = browser.new_page()
                for store, pages in ((demo, PAGES), (wide, WIDE_PAGES)):
                    server = live(store, Settings(api_keys=()))
                    base = next(server)
                    for name, address in pages:
                        if wanted and name not in wanted:
                            continue
                        for width, height in WIDTHS.items():
                            path = out / f"{name}-{width}.png"
                            size = shoot(page, base.at(address), path, width, height)
                            print(f"{path.name}: {size:,} bytes")
                    next(server, None)  # resumes live(): it stops the server
                browser.close()
        finally:
            demo.close()
            wide.close()


if __name__ == "__main__":
    main()
