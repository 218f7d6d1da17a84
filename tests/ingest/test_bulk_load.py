"""The staged load of a native bundle's link rows (ingest.bulk_stage) writes the same
store as the record path, reports the same problems at the same file:line, and
holds one batch of link rows at a time, not the file."""

from __future__ import annotations

import csv
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from ingest import service
from ingest.errors import BundleInvalidError
from ingest.generate import generate_bundle
from ingest.generate.bundle import BundleWriter as GeneratedWriter
from ingest.generate.created import CreationDates
from ingest.generate.scale import ScaleSpec, generate_scale
from ingest.report import IngestOptions, IngestReport
from tests.ingest.conftest import BASE, BundleWriter, write_files

ROOT = Path(__file__).resolve().parents[2]


def dump(path: Path) -> dict[str, list[str]]:
    """Every row of every table of a store file (the search index with its rowids)."""
    conn = sqlite3.connect(path)
    try:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                "AND name NOT LIKE 'search\\_index\\_%' ESCAPE '\\' AND name <> 'meta'"
            )
        ]
        out = {}
        for name in names:
            if name == "account_revisions":
                # Each load's stamp is random (graph.touched.new_stamp): the same
                # accounts must carry one, whatever its value.
                rows = conn.execute("SELECT account_id FROM account_revisions")
            else:
                rows = conn.execute(
                    f"SELECT rowid, * FROM {name}"
                    if name == "search_index"
                    else f"SELECT * FROM {name}"
                )
            out[name] = sorted(map(repr, rows))
        return out
    finally:
        conn.close()


def load(
    path: Path, bundle: Path, *, bulk: bool, monkeypatch: pytest.MonkeyPatch, **options: object
) -> IngestReport:
    with monkeypatch.context() as patch:
        patch.setattr(service, "bulk_links", lambda store: bulk)
        with EmbeddedStore(path) as store:
            return service.load_bundle(bundle, store, IngestOptions(**options))


def load_both_ways(
    tmp_path: Path, source: Path, monkeypatch: pytest.MonkeyPatch, **options: object
) -> dict[bool, IngestReport]:
    """``source`` loaded on the staged path (``True.db``) and on the record path
    (``False.db``), each into a new store: both report the same counts."""
    reports = {
        bulk: load(tmp_path / f"{bulk}.db", source, bulk=bulk, monkeypatch=monkeypatch, **options)
        for bulk in (True, False)
    }
    assert reports[True].kinds == reports[False].kinds
    return reports


def small_world(out: Path, people: int) -> Path:
    writer = GeneratedWriter(out, CreationDates(7, 740_000))
    with writer:
        generate_scale(
            writer, ScaleSpec(people=people, largest_account=people // 5, team=20), 7, 740_000
        )
    return out


@pytest.mark.parametrize("world", ["demo", "small"])
def test_staged_load_writes_what_the_record_path_writes(
    world: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if world == "demo":
        generate_bundle(tmp_path / "bundle", "demo")
        source = tmp_path / "bundle"
    else:
        source = small_world(tmp_path / "bundle", 1_500)
    load_both_ways(tmp_path, source, monkeypatch)
    staged, held = dump(tmp_path / "True.db"), dump(tmp_path / "False.db")
    assert staged == held
    assert len(staged["activities"]) > 100
    assert len(staged["search_index"]) > 100
    # Loading the same bundle again changes nothing, on both paths alike.
    again = load(tmp_path / "True.db", source, bulk=True, monkeypatch=monkeypatch)
    assert (
        again.kinds
        == load(tmp_path / "False.db", source, bulk=False, monkeypatch=monkeypatch).kinds
    )
    assert all(k.created == k.updated == 0 for k in again.kinds.values())
    assert dump(tmp_path / "True.db") == staged


BAD_LINKS = {
    **BASE,
    "people.csv": """
        id,account_id,unit_id,name,title,seniority,buying_role,manager_id,email,left_on
        P1,A1,U1,Ann,Chief Executive Officer,,economic_buyer,,ann@acme.example,
        P2,A1,U2,Bob,Sales Director,,champion,P1,,
        P3,A1,,Cid,Engineer,manager,,P1,,2026-03-01
        P4,A1,V1,Dan,Buyer,,,,,
    """,
    "relationships.csv": """
        team_member_id,person_id,strength,last_contact,touches,source
        T1,P1,0.8,2026-09-01,12,crm
        T1,P2,0.5,,,
        T1,P1,0.9,,,
        T9,P2,0.5,,,
        T2,P4,0.5,,,
        T1,P2,2.0,,,
    """,
    "activities.csv": """
        team_member_id,person_id,type,date
        T1,P2,meeting,2026-09-02
        T1,P2,meeting,2026-09-02
        T2,P1,call,2026-09-03T10:00:00Z
        T1,P8,call,2026-09-03
        T1,P4,call,2026-09-03
    """,
    "person_ties.csv": """
        person_id,other_person_id,kind,strength
        P1,P2,colleague,0.7
        P2,P1,colleague,0.6
        P1,P9,colleague,0.6
        P3,P1,colleague,0.6
    """,
}


def test_staged_load_reports_link_problems_at_their_lines(
    bundle: BundleWriter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = bundle(BAD_LINKS)
    found = {}
    for bulk in (True, False):
        with pytest.raises(BundleInvalidError) as caught:
            load(tmp_path / f"{bulk}.db", source, bulk=bulk, monkeypatch=monkeypatch)
        found[bulk] = [str(p) for p in caught.value.problems]
        with EmbeddedStore(tmp_path / f"{bulk}.db") as store:
            assert not any(store.counts().values()), "an invalid bundle writes nothing"
    assert found[True] == found[False]
    rejects = {}
    for bulk in (True, False):
        path = tmp_path / f"rejects-{bulk}.csv"
        load(
            tmp_path / f"skip-{bulk}.db",
            source,
            bulk=bulk,
            monkeypatch=monkeypatch,
            skip_invalid=True,
            rejects_path=path,
        )
        with path.open(newline="", encoding="utf-8") as f:
            rejects[bulk] = [
                (r["file"], r["line"], r["column"], r["reason"]) for r in csv.DictReader(f)
            ]
    # The same problems; the staged path reports a file's duplicates after its
    # cell problems (found by SQL once the file is read): see docs/DECISIONS.md.
    assert sorted(rejects[True]) == sorted(rejects[False])
    unknown_person = "unknown person: not in people.csv nor in the store"
    assert rejects[True] == [
        ("relationships.csv", "7", "strength", "strength must be between 0 and 1"),
        ("relationships.csv", "4", "person_id", "duplicate relationship: already on line 2"),
        ("person_ties.csv", "3", "other_person_id", "duplicate person_tie: already on line 2"),
        ("people.csv", "5", "unit_id", "unit V1 belongs to account A2, not A1"),
        (
            "relationships.csv",
            "5",
            "team_member_id",
            "unknown team member: not in team.csv nor in the store",
        ),
        ("relationships.csv", "6", "person_id", "depends on rejected person P4 (people.csv:5)"),
        ("activities.csv", "5", "person_id", unknown_person),
        ("activities.csv", "6", "person_id", "depends on rejected person P4 (people.csv:5)"),
        ("person_ties.csv", "4", "other_person_id", unknown_person),
    ]


def test_skip_invalid_keeps_the_good_links_and_counts_the_rest(
    bundle: BundleWriter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_both_ways(tmp_path, bundle(BAD_LINKS), monkeypatch, skip_invalid=True)
    assert dump(tmp_path / "True.db") == dump(tmp_path / "False.db")
    conn = sqlite3.connect(tmp_path / "True.db")
    pairs = conn.execute("SELECT team_member_id, person_id FROM relationships ORDER BY 1, 2")
    assert pairs.fetchall() == [("T1", "P1"), ("T1", "P2")]
    assert conn.execute("SELECT count(*) FROM activities").fetchone()[0] == 3
    conn.close()


def test_links_to_stored_people_resolve_and_a_second_bundle_updates(
    bundle: BundleWriter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = bundle(BASE, name="first")
    links_only = {
        "relationships.csv": """
            team_member_id,person_id,strength,last_contact,touches,source
            T1,P1,0.3,2026-10-01,13,crm
            T2,P3,0.6,,,
        """,
        "activities.csv": """
            team_member_id,person_id,type,date
            T1,P2,meeting,2026-09-02
            T1,P2,meeting,2026-09-02
            T2,P3,email,2026-10-02
        """,
    }
    second = bundle(links_only, name="second")
    reports = {}
    for bulk in (True, False):
        path = tmp_path / f"{bulk}.db"
        load(path, first, bulk=bulk, monkeypatch=monkeypatch)
        reports[bulk] = load(path, second, bulk=bulk, monkeypatch=monkeypatch)
    assert reports[True].kinds == reports[False].kinds
    assert dump(tmp_path / "True.db") == dump(tmp_path / "False.db")
    relationships = reports[True].kinds["relationship"]
    activities = reports[True].kinds["activity"]
    assert (relationships.created, relationships.updated) == (1, 1)
    # The two identical meetings keep their ids: unchanged; the e-mail is new.
    assert (activities.created, activities.unchanged) == (1, 2)


def test_dry_run_counts_staged_links_as_the_record_path_does(
    bundle: BundleWriter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reports = load_both_ways(tmp_path, bundle(BASE), monkeypatch, dry_run=True)
    assert reports[True].kinds["activity"].created == 3


# The child shrinks the stage's batch (50,000 rows, as records and rows, bounded but
# larger than the small bundle) and measures what Python allocates at its peak
# (tracemalloc): the rows held, if they were held. SQLite's own memory is bounded by
# its page caches (the store's 128 MiB, the stage's 64 MiB) and not measured here.
_PEAK = """
import json, sys, tracemalloc
from pathlib import Path
from ingest import bulk_stage, service
bulk_stage.BATCH = 4000
if sys.argv[3] == "held":
    service.bulk_links = lambda store: False
from graph.embedded import EmbeddedStore
from ingest.service import load_bundle
tracemalloc.start()
with EmbeddedStore(Path(sys.argv[2])) as store:
    report = load_bundle(Path(sys.argv[1]), store)
rows = report.kinds["activity"].created
print(json.dumps([rows, tracemalloc.get_traced_memory()[1] / 2**20]))
"""


def _peak_mib(source: Path, store: Path, how: str = "staged") -> tuple[int, float]:
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, str(source), str(store), how],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    rows, peak = json.loads(done.stdout)
    return int(rows), float(peak)


def _link_heavy(folder: Path, activities: int) -> Path:
    """BASE with ``activities`` activity rows, on 600 dates: each its own activity
    (identical rows are numbered apart)."""
    lines = ["team_member_id,person_id,type,date"]
    lines += [
        f"T{1 + i % 2},P{1 + i % 3},call,2026-01-01T{i % 24:02d}:{i % 25:02d}:00Z"
        for i in range(activities)
    ]
    files = {**BASE, "activities.csv": "\n".join(lines)}
    return write_files(folder, files)


def test_peak_memory_does_not_grow_with_the_link_rows(tmp_path: Path) -> None:
    """Ten times the link rows, the same peak of Python memory: the rows are staged,
    not held (held as records, 200,000 activities peak at about 60 MiB more)."""
    small = _peak_mib(_link_heavy(tmp_path / "small", 20_000), tmp_path / "small.db")
    large = _peak_mib(_link_heavy(tmp_path / "large", 200_000), tmp_path / "large.db")
    assert large[0] > 9 * small[0] > 0  # distinct rows, all loaded
    assert large[1] < small[1] + 8, f"peak {small[1]:.1f} MiB -> {large[1]:.1f} MiB"
