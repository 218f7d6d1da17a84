"""A load killed part-way (SIGKILL, mid-write) leaves the store exactly as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from ingest.service import load_bundle
from tests.ingest.conftest import BASE, write_files

_LOADER = """
import sys
from pathlib import Path
from graph.embedded import EmbeddedStore
from ingest.service import load_bundle

store = EmbeddedStore(Path(sys.argv[2]))
load_bundle(Path(sys.argv[1]), store, progress=lambda step: print(step, flush=True))
print("done", flush=True)
"""


def _large_bundle(folder: Path, people: int = 50_000) -> Path:
    folder.mkdir()
    with (folder / "accounts.csv").open("w") as f:
        f.write("id,name\n")
        f.writelines(f"BA{i},Account {i}\n" for i in range(100))
    with (folder / "people.csv").open("w") as f:
        f.write("id,account_id,name,title\n")
        f.writelines(f"BP{i},BA{i % 100},Person {i},Engineer\n" for i in range(people))
    with (folder / "team.csv").open("w") as f:
        f.write("id,name\n")
        f.writelines(f"BT{i},Member {i}\n" for i in range(200))
    with (folder / "relationships.csv").open("w") as f:
        f.write("team_member_id,person_id,strength\n")
        f.writelines(f"BT{(i + k) % 200},BP{i},0.5\n" for i in range(people) for k in (0, 1))
    with (folder / "activities.csv").open("w") as f:
        f.write("team_member_id,person_id,type,date\n")
        f.writelines(
            f"BT{i % 200},BP{i % people},call,2026-05-{1 + i % 28:02d}\n" for i in range(3 * people)
        )
    return folder


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_mid_load_leaves_store_as_before(tmp_path: Path) -> None:
    db = tmp_path / "graph.db"
    store = EmbeddedStore(db)
    load_bundle(write_files(tmp_path / "base", BASE), store)
    before = store.counts()
    store.close()
    big = _large_bundle(tmp_path / "big")
    root = Path(__file__).resolve().parents[2]

    proc = subprocess.Popen(
        [sys.executable, "-c", _LOADER, str(big), str(db)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("writing"):
            break
    time.sleep(0.5)  # well inside the write of ~300k records
    assert proc.poll() is None, "the load finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()

    reopened = EmbeddedStore(db)
    try:
        assert reopened.counts() == before
        assert reopened.people(["BP0"]) == {}
        assert set(reopened.people(["P1", "P2", "P3"])) == {"P1", "P2", "P3"}
    finally:
        reopened.close()
