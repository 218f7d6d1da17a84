"""Two loads racing opposite parent changes must never commit a unit cycle.

Each bundle alone is valid: one puts unit U1 under U2, the other U2 under U1.
Validation used to run before ``apply`` without the write lock, so two processes
could both validate against the old hierarchy and both commit (9 of 15 trials in
the audit), leaving a cycle the format says cannot exist. Each loader here stops
when it is about to write until the other one is as far as it can get — about to
write as well (the old code), or waiting for the store's write lock (validation
is under it) — so the race is forced every time, not left to chance.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from graph.errors import StoreBusyError
from graph.schema import AccountRecord, Batch, RecordKind
from ingest.service import load_bundle
from tests.ingest.conftest import write_files

ROOT = Path(__file__).resolve().parents[2]

_LOADER = """
import json, sys, time
from pathlib import Path
from graph.embedded import EmbeddedStore
from ingest.errors import BundleInvalidError
from ingest.service import load_bundle

bundle, db, me, other = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])

def step(what: str) -> None:
    if what.startswith("waiting for the store"):
        me.with_suffix(".locking").touch()
    if what.startswith("writing"):
        me.with_suffix(".writing").touch()
        # Hold here (holding the lock, if validation takes it) until the other
        # load is about to write too, or is waiting for the lock.
        deadline = time.monotonic() + 60  # a hang guard only
        while time.monotonic() < deadline:
            if other.with_suffix(".writing").exists() or other.with_suffix(".locking").exists():
                break
            time.sleep(0.01)

store = EmbeddedStore(db, busy_timeout=60)
try:
    report = load_bundle(bundle, store, progress=step)
    print(json.dumps({"outcome": "loaded", "updated": report.kinds["unit"].updated}))
except BundleInvalidError as exc:
    print(json.dumps({"outcome": "invalid", "problems": [str(p) for p in exc.problems]}))
"""

ACCOUNTS = """
    id,name
    A1,Acme
"""


def _units(*rows: str) -> str:
    return "id,account_id,parent_id,kind,name\n" + "\n".join(rows)


U1_TOP, U2_TOP = "U1,A1,,division,One", "U2,A1,,division,Two"


def test_racing_opposite_parent_changes_never_commit_a_cycle(tmp_path: Path) -> None:
    db = tmp_path / "graph.db"
    with EmbeddedStore(db) as store:
        load_bundle(
            write_files(
                tmp_path / "base", {"accounts.csv": ACCOUNTS, "units.csv": _units(U1_TOP, U2_TOP)}
            ),
            store,
        )
    one = write_files(
        tmp_path / "one", {"units.csv": _units("U1,A1,U2,division,One")}
    )  # U1 under U2
    two = write_files(
        tmp_path / "two", {"units.csv": _units("U2,A1,U1,division,Two")}
    )  # U2 under U1
    marks = tmp_path / "marks"
    marks.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                _LOADER,
                str(bundle),
                str(db),
                str(marks / me),
                str(marks / other),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=env,
        )
        for bundle, me, other in ((one, "one", "two"), (two, "two", "one"))
    ]
    outcomes = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err[-3000:]
        outcomes.append(json.loads(out.strip().splitlines()[-1]))

    with EmbeddedStore(db, read_only=True) as store:
        parents = store.unit_parents("A1")
    assert not (parents["U1"] == "U2" and parents["U2"] == "U1"), (
        f"a cycle was committed: {parents}"
    )
    # Exactly one load won; the other was refused, naming the cycle it would make.
    assert sorted(o["outcome"] for o in outcomes) == ["invalid", "loaded"], outcomes
    loser = next(o for o in outcomes if o["outcome"] == "invalid")
    assert any("cycle" in p and "units.csv" in p for p in loser["problems"]), loser
    assert list(parents.values()).count(None) == 1  # the winner's change, whole


def test_write_session_holds_other_writers_off_until_it_ends(tmp_path: Path) -> None:
    """The lock validation runs under: another connection (as another process
    would) cannot commit inside it and gets Store busy; the session's own apply
    commits; leaving a session without an apply writes nothing."""
    db = tmp_path / "graph.db"
    mine = Batch(accounts=[AccountRecord("X1", "Mine")])
    theirs = Batch(accounts=[AccountRecord("X2", "Theirs")])
    with EmbeddedStore(db) as store, EmbeddedStore(db, busy_timeout=0.2) as other:
        with store.write_session():
            with pytest.raises(StoreBusyError):
                other.apply(theirs)
            assert store.apply(mine).counts[RecordKind.ACCOUNT].created == 1
        assert other.accounts(["X1", "X2"]).keys() == {"X1"}
        with store.write_session():
            pass
        assert other.apply(theirs).counts[RecordKind.ACCOUNT].created == 1
        assert store.accounts(["X1", "X2"]).keys() == {"X1", "X2"}
