"""Embedded-store behaviour beyond the conformance suite: durability across opens,
other processes writing the same file, the write lock, kills, read-only opening."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from graph.errors import StoreBusyError, StoreUnavailableError, StoreWriteError
from graph.schema import AccountRecord, Batch, PersonRecord
from tests.graph._batches import sample_batch
from tests.graph._graphs import account_graph, snapshot

REPO = Path(__file__).resolve().parents[2]


def _state(store: EmbeddedStore) -> object:
    accounts = store.list_accounts()
    return (
        store.counts(),
        accounts,
        {a.id: snapshot(account_graph(store, a.id)) for a in accounts},
    )


def _python(code: str, *args: str) -> subprocess.Popen[str]:
    env = os.environ | {"PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=REPO,
        env=env,
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "store" / "graph.db"


@pytest.fixture
def loaded(path: Path) -> EmbeddedStore:
    store = EmbeddedStore(path)
    store.apply(sample_batch())
    return store


def test_reopening_gives_back_exactly_what_was_committed(loaded: EmbeddedStore, path: Path) -> None:
    loaded.apply(Batch(people=[PersonRecord("P9", "A1", "Late Hire", unit_id="B1")]))
    before = _state(loaded)
    records = loaded.people(["P1", "P9"]), loaded.units(["B1"]), loaded.team_members(["T1"])
    loaded.close()
    with EmbeddedStore(path) as again:
        assert _state(again) == before
        assert (again.people(["P1", "P9"]), again.units(["B1"]), again.team_members(["T1"])) == (
            records
        )


def test_a_commit_by_another_process_is_seen_on_the_next_read(
    loaded: EmbeddedStore, path: Path
) -> None:
    revision = loaded.revision()
    account_graph(loaded, "A1")  # cached: must not hide the other process's write
    writer = _python(
        "import sys\n"
        "from pathlib import Path\n"
        "from graph.embedded import EmbeddedStore\n"
        "from graph.schema import AccountRecord, Batch, PersonRecord\n"
        "with EmbeddedStore(Path(sys.argv[1])) as s:\n"
        "    s.apply(Batch(accounts=[AccountRecord('A9', 'Nine')],\n"
        "                  people=[PersonRecord('P9', 'A1', 'From afar')]))\n",
        str(path),
    )
    _, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err
    assert loaded.revision() != revision
    assert [a.id for a in loaded.list_accounts()] == ["A1", "A2", "A9"]
    assert ("person", "P9") in account_graph(loaded, "A1")


def test_a_second_writer_waits_then_reports_busy(loaded: EmbeddedStore, path: Path) -> None:
    holder = _python(
        "import sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('BEGIN IMMEDIATE')\n"
        "print('locked', flush=True)\n"
        "sys.stdin.readline()\n"
        "c.execute('ROLLBACK')\n",
        str(path),
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        with EmbeddedStore(path, busy_timeout=0.2) as second:
            before = _state(second)
            with pytest.raises(StoreBusyError, match="another load"):
                second.apply(Batch(accounts=[AccountRecord("A3", "Initech")]))
            assert _state(second) == before
    finally:
        holder.communicate("\n", timeout=60)
    loaded.apply(Batch(accounts=[AccountRecord("A3", "Initech")]))
    assert loaded.accounts(["A3"]).keys() == {"A3"}


def test_a_writer_killed_mid_apply_leaves_the_store_as_it_was(
    loaded: EmbeddedStore, path: Path
) -> None:
    before = _state(loaded)
    loaded.close()
    # The child dies by SIGKILL from inside SQLite's progress callback, i.e. while
    # its big transaction is being written and before it can commit.
    victim = _python(
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from graph.embedded import EmbeddedStore\n"
        "from tests.graph._batches import large_batch\n"
        "s = EmbeddedStore(Path(sys.argv[1]))\n"
        "calls = [0]\n"
        "def progress():\n"
        "    calls[0] += 1\n"
        "    if calls[0] == 200:\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "s._writer.set_progress_handler(progress, 1000)\n"
        "s.apply(large_batch(20_000))\n"
        "print('committed', flush=True)\n",
        str(path),
    )
    out, err = victim.communicate(timeout=120)
    assert victim.returncode == -signal.SIGKILL, err
    assert "committed" not in out
    with EmbeddedStore(path) as again:
        assert _state(again) == before
        again.apply(Batch(accounts=[AccountRecord("A3", "Initech")]))
        assert again.counts()["account"] == 3


def test_read_only_store_reads_and_follows_the_writer(loaded: EmbeddedStore, path: Path) -> None:
    with EmbeddedStore(path, read_only=True) as reader:
        assert _state(reader) == _state(loaded)
        with pytest.raises(StoreWriteError, match="read-only"):
            reader.apply(Batch(accounts=[AccountRecord("A3", "Initech")]))
        loaded.apply(Batch(accounts=[AccountRecord("A3", "Initech")]))
        assert [a.id for a in reader.list_accounts()] == ["A1", "A2", "A3"]
        assert reader.revision() == loaded.revision()


def test_read_only_opening_of_a_missing_store_fails_without_creating_it(tmp_path: Path) -> None:
    missing = tmp_path / "nothing.db"
    with pytest.raises(StoreUnavailableError, match="no store"):
        EmbeddedStore(missing, read_only=True)
    assert not missing.exists()


def test_a_file_that_is_not_a_store_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(StoreUnavailableError, match="version"):
        EmbeddedStore(other)


def test_a_record_missing_a_required_field_fails_the_whole_batch(loaded: EmbeddedStore) -> None:
    before = _state(loaded)
    # A name is required: the planner refuses the batch before anything is written.
    nameless = PersonRecord("P1", "A1", None)  # type: ignore[arg-type]
    with pytest.raises(StoreWriteError, match=r"person 'P1': name is missing"):
        loaded.apply(Batch(people=[nameless, PersonRecord("P8", "A1", "Fine")]))
    assert _state(loaded) == before
    assert loaded.people(["P1", "P8"]).keys() == {"P1"}


def test_memory_stays_consistent_over_many_small_batches(loaded: EmbeddedStore, path: Path) -> None:
    for i in range(30):
        loaded.apply(Batch(people=[PersonRecord(f"N{i}", "A1", f"N {i}", manager_id="P1")]))
        account_graph(loaded, "A1")
    live = _state(loaded)
    loaded.close()
    with EmbeddedStore(path) as again:
        assert _state(again) == live


def test_a_load_leaves_the_database_file_standing_alone(loaded: EmbeddedStore, path: Path) -> None:
    # The WAL was folded into the .db file at the end of the load: empty (or gone).
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    expected = _state(loaded)
    loaded.close()
    # The .db file alone, copied without its -wal and -shm, is the whole store.
    alone = path.parent.parent / "copy" / "graph.db"
    alone.parent.mkdir()
    alone.write_bytes(path.read_bytes())
    with EmbeddedStore(alone, read_only=True) as copy:
        assert _state(copy) == expected


def test_a_batch_that_changes_nothing_leaves_the_wal_empty(
    loaded: EmbeddedStore, path: Path
) -> None:
    loaded.apply(sample_batch())
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    assert loaded.revision() == 1
