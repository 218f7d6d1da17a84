"""Web fixtures: the real app under uvicorn on a free loopback port, on a real
embedded store (the sample world, or the demo data as ``powermap serve --demo``
loads it), and Debian's Chromium driven by Playwright.

Browser tests never run ``playwright install`` (a CDN download): they use
``/usr/bin/chromium`` (``scripts/install-browser.sh`` installs it) and are skipped
only when it is absent.
"""

from __future__ import annotations

import datetime as dt
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import uvicorn

from api.app import create_app
from api.settings import Settings, parse_api_keys
from graph.embedded import EmbeddedStore
from graph.store import GraphStore
from tests.sample_world import sample_batch
from tests.web.worlds import many_accounts_batch, odd_names_batch, wide_batch

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
#: The demo's anchor: ``powermap serve --demo`` dates it today; tests pin it.
DEMO_ANCHOR = dt.date(2026, 11, 15)
WEB_SECRET = "web-reader-secret-0123456789"


@dataclass(frozen=True, slots=True)
class LiveServer:
    url: str
    store: GraphStore

    def at(self, path: str) -> str:
        return self.url + path


@dataclass(frozen=True, slots=True)
class _Running:
    server: uvicorn.Server
    thread: threading.Thread


def _start(store: GraphStore, settings: Settings) -> tuple[str, _Running]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))  # a free port, held until uvicorn takes the socket
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(settings, store=store), log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", _Running(server, thread)


def _stop(running: _Running) -> None:
    running.server.should_exit = True
    running.thread.join(timeout=30)


def live(store: GraphStore, settings: Settings) -> Iterator[LiveServer]:
    url, running = _start(store, settings)
    try:
        yield LiveServer(url, store)
    finally:
        _stop(running)


def load_demo(store: GraphStore) -> None:
    """The demo world exactly as ``powermap serve --demo`` loads it."""
    from api.commands.serve import load_demo_if_empty

    assert load_demo_if_empty(store, DEMO_ANCHOR)


def sample_store(folder: Path) -> EmbeddedStore:
    """The hand-worked sample world plus the account with awkward names."""
    store = EmbeddedStore(folder / "graph.db")
    store.apply(sample_batch())
    store.apply(odd_names_batch())
    return store


@pytest.fixture(scope="session")
def sample_server() -> Iterator[LiveServer]:
    """The sample world, no keys (loopback only)."""
    with tempfile.TemporaryDirectory(prefix="powermap-web-") as tmp:
        store = sample_store(Path(tmp))
        try:
            yield from live(store, Settings(api_keys=()))
        finally:
            store.close()


@pytest.fixture(scope="session")
def keyed_server() -> Iterator[LiveServer]:
    """The sample world behind an API key: pages need a login."""
    with tempfile.TemporaryDirectory(prefix="powermap-web-") as tmp:
        store = sample_store(Path(tmp))
        settings = Settings(api_keys=parse_api_keys(f"web:reader:{WEB_SECRET}"))
        try:
            yield from live(store, settings)
        finally:
            store.close()


@pytest.fixture(scope="session")
def demo_server() -> Iterator[LiveServer]:
    with tempfile.TemporaryDirectory(prefix="powermap-web-") as tmp:
        store = EmbeddedStore(Path(tmp) / "graph.db")
        load_demo(store)
        try:
            yield from live(store, Settings(api_keys=()))
        finally:
            store.close()


@pytest.fixture(scope="session")
def many_server() -> Iterator[LiveServer]:
    """More accounts than one page of the accounts list holds (issue 17)."""
    with tempfile.TemporaryDirectory(prefix="powermap-web-") as tmp:
        store = EmbeddedStore(Path(tmp) / "graph.db")
        store.apply(many_accounts_batch())
        try:
            yield from live(store, Settings(api_keys=()))
        finally:
            store.close()


@pytest.fixture(scope="session")
def wide_server() -> Iterator[LiveServer]:
    """An account too wide to draw down, and a team member on 25 accounts (issue 17
    at scale M, in miniature)."""
    with tempfile.TemporaryDirectory(prefix="powermap-web-") as tmp:
        store = EmbeddedStore(Path(tmp) / "graph.db")
        store.apply(wide_batch())
        try:
            yield from live(store, Settings(api_keys=()))
        finally:
            store.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: run `bash scripts/install-browser.sh`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def world(tmp_path: Path) -> Iterator[GraphStore]:
    """A fresh sample-world store of the test's own, for tests that write to it."""
    store = sample_store(tmp_path)
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    # A laptop screen; each test in its own context (no shared cookies).
    context = browser.new_context(viewport={"width": 1366, "height": 800})
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
