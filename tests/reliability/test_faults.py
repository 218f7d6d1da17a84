"""Faults: a server killed (SIGKILL) and restarted, readers during a load, two
loads at once, Neo4j unreachable, and a read-only or full disk.

A load killed mid-way is covered where it belongs and not repeated here:
``tests/ingest/test_kill.py`` (SIGKILL of ``load_bundle`` mid-write) and
``tests/graph/test_embedded.py`` (a writer killed mid-apply, a second writer busy).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Protocol

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.errors import http_status
from api.settings import Settings, parse_api_keys
from graph.embedded import EmbeddedStore
from graph.errors import PowermapError, StoreUnavailableError, StoreWriteError
from graph.neo4j_store import Neo4jStore
from graph.schema import AccountRecord, Batch, PersonRecord
from ingest.service import load_bundle
from tests.api.conftest import KEYS, LOCAL, auth
from tests.graph._graphs import account_graph
from tests.ingest.conftest import BASE, write_files
from tests.ingest.test_kill import _large_bundle as large_bundle
from tests.reliability.conftest import fingerprint
from tests.reliability.server import POWERMAP, ROOT, Server, free_port
from tests.sample_world import sample_batch

#: A hang guard, not a speed target: the driver retries for up to 30 s by default.
NEO4J_GIVE_UP_SECONDS = 90


def _zip_folder(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(folder.iterdir()):
            archive.write(file, file.name)
    return buffer.getvalue()


def _observed(server: Server) -> dict[str, Any]:
    """What the server serves: counts, the account list and one account's answers."""
    return {
        "stats": server.get("/v1/stats").json(),
        "accounts": server.get("/v1/accounts", params={"as_of": "2026-10-01"}).json(),
        "coverage": server.get("/v1/accounts/A1/coverage", params={"as_of": "2026-10-01"}).json(),
    }


@pytest.fixture
def big(tmp_path: Path) -> Path:
    return large_bundle(tmp_path / "big", people=30_000)


# ------------------------------------------------------------------- server kill
KILL_PEOPLE = 40_000


def _upload(server: Server, data: bytes, outcome: list[int]) -> None:
    try:
        r = httpx.post(
            f"{server.url}/v1/ingest",
            files={"file": ("b.zip", data, "application/zip")},
            headers=auth("writer"),
            timeout=300,
        )
        outcome.append(r.status_code)
    except httpx.TransportError:
        outcome.append(-1)


def _kill_rounds(tmp_path: Path, fractions: list[float]) -> list[str]:
    """Load one bundle whole (timing it), then for each fraction upload another and
    SIGKILL the server that far into the load's expected duration; after each
    restart the store holds all of that bundle or none of it, and the answers
    about the data committed before are unchanged. Returns what each kill hit."""
    store, log = tmp_path / "graph.db", tmp_path / "server.log"
    with EmbeddedStore(store) as s:
        s.apply(sample_batch())
    server = Server(store, log).start()
    hit: list[str] = []
    try:
        first: list[int] = []
        started = time.monotonic()
        _upload(server, _zip_folder(_bundle(tmp_path / "K0", "K0", KILL_PEOPLE)), first)
        duration = time.monotonic() - started
        assert first == [200]
        server.kill()  # idle: nothing in flight
        server.start()
        committed = _observed(server)
        for n, fraction in enumerate(fractions, start=1):
            data = _zip_folder(_bundle(tmp_path / f"K{n}", f"K{n}", KILL_PEOPLE))
            outcome: list[int] = []
            loader = threading.Thread(target=_upload, args=(server, data, outcome))
            loader.start()
            time.sleep(duration * fraction)
            server.kill()
            loader.join()
            server.start()
            stats = server.get("/v1/stats").json()
            loaded = stats["nodes"]["person"] != committed["stats"]["nodes"]["person"]
            if loaded:
                committed["stats"]["nodes"]["person"] += KILL_PEOPLE
                committed["stats"]["nodes"]["account"] += 1
                committed["stats"]["relationships"]["WORKS_IN"] += KILL_PEOPLE
                committed["accounts"]["total"] += 1
            hit.append("completed" if outcome == [200] else "cut, kept" if loaded else "cut")
            assert outcome == [200] or outcome == [-1]
            assert loaded or outcome != [200], "a load answered 200 but is not in the store"
            assert stats == committed["stats"], "a half-written load survived the kill"
            now = _observed(server)
            assert now["coverage"] == committed["coverage"]
            assert now["accounts"]["total"] == committed["accounts"]["total"]
    finally:
        server.stop()
    return hit


def test_a_server_killed_and_restarted_serves_exactly_the_committed_data(
    tmp_path: Path,
) -> None:
    hit = _kill_rounds(tmp_path, [0.5, 0.8])
    assert "cut" in hit or "cut, kept" in hit, hit


@pytest.mark.slow
def test_a_server_killed_at_many_points_of_a_load(tmp_path: Path) -> None:
    hit = _kill_rounds(tmp_path, [0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6, 2.0, 2.5, 3.0])
    print(f"\nKILLS {hit}")
    assert hit.count("cut") + hit.count("cut, kept") >= 5, hit


# ------------------------------------------------------ readers during a load
_READER = """
import json, sys, time
from pathlib import Path
from graph.embedded import EmbeddedStore

store = EmbeddedStore(Path(sys.argv[1]), read_only=True)
stop = Path(sys.argv[2])
while not stop.exists():
    print(json.dumps(store.counts()), flush=True)
    time.sleep(0.01)
"""


def test_readers_during_a_load_see_the_state_before_or_after_never_a_mix(
    tmp_path: Path, big: Path
) -> None:
    path = tmp_path / "graph.db"
    with EmbeddedStore(tmp_path / "expected.db") as expected:
        load_bundle(write_files(tmp_path / "base", BASE), expected)
        before = expected.counts()
        load_bundle(big, expected)
        after = expected.counts()

    store = EmbeddedStore(path)
    load_bundle(tmp_path / "base", store)
    stop = tmp_path / "stop"
    other = subprocess.Popen(
        [sys.executable, "-c", _READER, str(path), str(stop)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    seen_here: list[dict[str, int]] = []
    seen_there: list[dict[str, int]] = []
    done = threading.Event()

    def poll() -> None:
        while not done.is_set():
            seen_here.append(store.counts())
            account_graph(store, "A1")
            time.sleep(0.005)

    def drain() -> None:
        assert other.stdout is not None
        seen_there.extend(json.loads(line) for line in other.stdout if line.strip())

    reader, drainer = threading.Thread(target=poll), threading.Thread(target=drain)
    try:
        assert other.stdout is not None
        seen_there.append(json.loads(other.stdout.readline()))  # the reader process is up
        drainer.start()
        reader.start()
        load_bundle(big, store)
        # The other process rebuilds its graph from the file after the commit; on a
        # busy machine that takes a while. A hang guard, not a speed target:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not (seen_there and seen_there[-1] == after):
            time.sleep(0.05)
    finally:
        done.set()
        reader.join()
        stop.touch()
        other.wait(timeout=60)
        drainer.join()
        store.close()
    for seen in (seen_here, seen_there):
        assert all(c in (before, after) for c in seen), "a reader saw a half-applied load"
        assert seen[0] == before
        assert seen[-1] == after
        # Reads really happened while the load ran (a starved CI box polls less).
        assert len(seen) > 3


# ------------------------------------------------------------ two loads at once
def _bundle(folder: Path, prefix: str, people: int) -> Path:
    folder.mkdir()
    (folder / "accounts.csv").write_text(f"id,name\n{prefix}A,Account {prefix}\n")
    with (folder / "people.csv").open("w") as f:
        f.write("id,account_id,name\n")
        f.writelines(f"{prefix}{i},{prefix}A,Person {i}\n" for i in range(people))
    return folder


def test_two_cli_loads_at_once_are_serialised_or_the_second_is_refused(tmp_path: Path) -> None:
    store = tmp_path / "graph.db"
    EmbeddedStore(store).close()
    bundles = [_bundle(tmp_path / n, n, 60_000) for n in ("X", "Y")]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "POWERMAP_STORE": str(store)}
    procs = [
        subprocess.Popen(
            [POWERMAP, "ingest", str(b), "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for b in bundles
    ]
    results = [(p.wait(timeout=300), *p.communicate()) for p in procs]
    loaded = set()
    for bundle, (code, out, err) in zip(bundles, results, strict=True):
        if code == 0:
            loaded.add(bundle.name)
        else:
            assert code == 4, (code, out, err)
            assert "another load" in out + err
    assert loaded, "neither load went through"
    with EmbeddedStore(store, read_only=True) as reopened:
        counts = reopened.counts()
        assert counts["person"] == 60_000 * len(loaded)
        assert {a.id for a in reopened.list_accounts()} == {f"{n}A" for n in loaded}


def test_two_uploads_at_once_are_serialised_or_the_second_gets_409(
    world: EmbeddedStore, tmp_path: Path
) -> None:
    bundles = [_zip_folder(_bundle(tmp_path / n, n, 20_000)) for n in ("X", "Y")]
    app = create_app(Settings(api_keys=parse_api_keys(KEYS)), store=world)
    with TestClient(app, base_url=LOCAL) as client, ThreadPoolExecutor(2) as pool:
        answers = list(
            pool.map(
                lambda b: client.post(
                    "/v1/ingest",
                    files={"file": ("b.zip", b, "application/zip")},
                    headers=auth("writer"),
                ),
                bundles,
            )
        )
    statuses = sorted(r.status_code for r in answers)
    assert statuses in ([200, 200], [200, 409])
    for r in answers:
        if r.status_code == 409:
            assert r.headers["content-type"] == "application/problem+json"
            assert "another bundle is being loaded" in r.json()["detail"]
    assert world.counts()["person"] == 8 + 20_000 * statuses.count(200)


# ---------------------------------------------------------------- Neo4j down
@pytest.fixture
def down_neo4j() -> Iterator[Neo4jStore]:
    """A real driver pointed at a loopback port nobody listens on."""
    store = Neo4jStore(
        f"bolt://127.0.0.1:{free_port()}", user="neo4j", password="not-the-password-0123"
    )
    try:
        yield store
    finally:
        store.close()


class _Response(Protocol):
    """What the checks read of a response: starlette's TestClient answers with
    ``httpx2`` responses when that package is installed, other calls with httpx's."""

    status_code: int

    @property
    def text(self) -> str: ...

    @property
    def headers(self) -> Mapping[str, str]: ...

    def json(self) -> Any: ...


def _unavailable(r: _Response) -> None:
    assert r.status_code == 503, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert r.headers["retry-after"] == "5"
    body = r.json()
    assert body["title"] == "Store unavailable"
    assert "cannot be reached" in body["detail"]
    assert "not-the-password" not in r.text


def test_neo4j_down_makes_readyz_503_at_once(down_neo4j: Neo4jStore) -> None:
    app = create_app(Settings(api_keys=parse_api_keys(KEYS)), store=down_neo4j)
    with TestClient(app, base_url=LOCAL) as client:
        _unavailable(client.get("/readyz"))
        assert client.get("/healthz").status_code == 200


def test_neo4j_down_answers_503_once_its_retry_budget_is_spent() -> None:
    store = Neo4jStore(
        f"bolt://127.0.0.1:{free_port()}",
        user="neo4j",
        password="not-the-password-0123",
        retry_seconds=0.5,
        connect_timeout=0.5,
    )
    try:
        app = create_app(Settings(api_keys=parse_api_keys(KEYS)), store=store)
        with TestClient(app, base_url=LOCAL) as client:
            _unavailable(client.get("/v1/accounts/A1/coverage", headers=auth("reader")))
            _unavailable(client.get("/v1/stats", headers=auth("reader")))
    finally:
        store.close()


@pytest.mark.slow
def test_neo4j_down_makes_every_answer_503_after_bounded_retries(
    down_neo4j: Neo4jStore,
) -> None:
    app = create_app(Settings(api_keys=parse_api_keys(KEYS)), store=down_neo4j)
    paths = [
        "/v1/stats",
        "/v1/accounts",
        "/v1/accounts/A1/coverage",
        "/v1/units/B2/advocates",
        "/v1/people/P5/paths",
        "/v1/alerts",
    ]
    with TestClient(app, base_url=LOCAL) as client, ThreadPoolExecutor(len(paths)) as pool:
        futures = [pool.submit(client.get, p, headers=auth("reader")) for p in paths]
        for future in futures:
            _unavailable(future.result(timeout=NEO4J_GIVE_UP_SECONDS))


@pytest.mark.slow
def test_neo4j_down_makes_a_load_fail_with_nothing_half_written(
    down_neo4j: Neo4jStore, tmp_path: Path
) -> None:
    with pytest.raises(StoreUnavailableError, match="cannot be reached"):
        down_neo4j.ping()
    # Validation reads the store before anything is written: the load stops there.
    with pytest.raises(PowermapError) as caught:
        load_bundle(write_files(tmp_path / "base", BASE), down_neo4j)
    assert http_status(caught.value) == 503


# ------------------------------------------------------- read-only or full disk
@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 3 MiB tmpfs (root only), unmounted afterwards."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _remount(mount: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(mount)], check=True)


def _many_people(n: int) -> Batch:
    return Batch(
        people=[
            PersonRecord(f"Z{i}", "A1", f"Person {i} " + "x" * 200, title="Engineer")
            for i in range(n)
        ]
    )


def test_a_full_disk_refuses_the_write_clearly_and_corrupts_nothing(small_disk: Path) -> None:
    path = small_disk / "graph.db"
    with EmbeddedStore(path) as store:
        store.apply(sample_batch())
        before = fingerprint(store)
        with pytest.raises(StoreWriteError) as caught:
            store.apply(_many_people(40_000))
        assert "the disk is full" in caught.value.detail
        assert "Nothing was written" in caught.value.detail
        assert fingerprint(store) == before
        store.apply(Batch(accounts=[AccountRecord("A9", "Small")]))  # room for small writes
        after_small = fingerprint(store)
    with EmbeddedStore(path) as reopened:
        assert fingerprint(reopened) == after_small
        assert reopened.counts()["person"] == 8


def test_a_read_only_disk_gives_a_clear_error_and_corrupts_nothing(small_disk: Path) -> None:
    path = small_disk / "graph.db"
    with EmbeddedStore(path) as store:
        store.apply(sample_batch())
        before = fingerprint(store)
    _remount(small_disk, "ro")
    try:
        with EmbeddedStore(path) as store:
            with pytest.raises(StoreWriteError) as caught:
                store.apply(Batch(accounts=[AccountRecord("A9", "Small")]))
            assert "is read-only" in caught.value.detail
            assert "Nothing was written" in caught.value.detail
            assert fingerprint(store) == before
        with EmbeddedStore(path, read_only=True) as reader:
            assert fingerprint(reader) == before
    finally:
        _remount(small_disk, "rw")
    with EmbeddedStore(path) as reopened:
        assert fingerprint(reopened) == before
        reopened.apply(Batch(accounts=[AccountRecord("A9", "Small")]))
