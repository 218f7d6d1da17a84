"""The synthetic data generator: determinism, a consistent bundle at scale S, a demo
that holds every situation the answers of DOMAIN.md need, and a round trip
through ingest into the embedded store."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.schema import Activity, ActivityType
from graph.store import GraphStore
from ingest.generate import DEFAULT_ANCHOR, GenerateError, Scale, generate_bundle
from ingest.generate.bundle import BUNDLE_FILES, BundleWriter
from ingest.generate.created import CreationDates
from ingest.generate.scale import SCALES, ScaleSpec, generate_scale
from ingest.report import IngestOptions
from ingest.service import load_bundle
from queries.advocates import advocates
from queries.alerts import alerts
from queries.coverage import coverage
from queries.settings import QuerySettings
from queries.snapshot import AccountSnapshot
from queries.strength import effective_strength

ROOT = Path(__file__).resolve().parents[2]
ANCHOR = DEFAULT_ANCHOR
SETTINGS = QuerySettings()
GENERATE = (
    "import sys, datetime as dt; from pathlib import Path; "
    "from ingest.generate import generate_bundle; "
    "generate_bundle(Path(sys.argv[1]), sys.argv[2], seed=int(sys.argv[3]), "
    "anchor=dt.date.fromisoformat(sys.argv[4]))"
)

Bundle = dict[str, list[dict[str, str]]]


def generate_in_process(out: Path, scale: str, seed: int, hash_seed: str, anchor: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    cmd = [sys.executable, "-c", GENERATE, str(out), scale, str(seed), anchor]
    subprocess.run(cmd, env=env, cwd=ROOT, check=True)


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def read_bundle(folder: Path) -> Bundle:
    bundle: Bundle = {}
    for name, header in BUNDLE_FILES.items():
        with (folder / name).open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            assert tuple(reader.fieldnames or ()) == header, name
            bundle[name] = list(reader)
    return bundle


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "bundle"
    generate_bundle(out, "demo")
    return out


@pytest.fixture(scope="module")
def demo(demo_dir: Path) -> Bundle:
    return read_bundle(demo_dir)


@pytest.fixture(scope="module")
def s_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("s") / "bundle"
    generate_bundle(out, "S")
    return out


@pytest.fixture(scope="module")
def s_bundle(s_dir: Path) -> Bundle:
    return read_bundle(s_dir)


# --------------------------------------------------------------------- determinism


@pytest.mark.parametrize("scale", ["demo", "S"])
def test_same_seed_gives_the_same_bytes_whatever_the_hash_seed(tmp_path: Path, scale: str) -> None:
    generate_in_process(tmp_path / "a", scale, 7, "1", "2026-11-15")
    generate_in_process(tmp_path / "b", scale, 7, "4242", "2026-11-15")
    first = digests(tmp_path / "a")
    assert set(first) == set(BUNDLE_FILES)
    assert first == digests(tmp_path / "b")


def test_another_seed_or_anchor_gives_another_bundle(tmp_path: Path, demo_dir: Path) -> None:
    generate_bundle(tmp_path / "seed8", "demo", seed=8)
    generate_bundle(tmp_path / "later", "demo", anchor=ANCHOR + dt.timedelta(days=1))
    base = digests(demo_dir)
    assert digests(tmp_path / "seed8")["people.csv"] != base["people.csv"]
    later = read_bundle(tmp_path / "later")["opportunities.csv"]
    earlier = read_bundle(demo_dir)["opportunities.csv"]
    shift = {
        (dt.date.fromisoformat(b["close_date"]) - dt.date.fromisoformat(a["close_date"])).days
        for a, b in zip(earlier, later, strict=True)
    }
    assert shift == {1}  # every date moves with the anchor


def test_refuses_a_folder_with_foreign_files_and_keeps_them(tmp_path: Path) -> None:
    (tmp_path / "deletions.csv").write_text("kind,id\naccount,halden\n", encoding="utf-8")
    with pytest.raises(GenerateError, match=r"deletions\.csv"):
        generate_bundle(tmp_path, "demo")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deletions.csv"]


def test_regenerating_into_a_bundle_folder_replaces_it(tmp_path: Path, demo_dir: Path) -> None:
    generate_bundle(tmp_path, "demo", seed=99)
    generate_bundle(tmp_path, "demo")
    assert digests(tmp_path) == digests(demo_dir)


# --------------------------------------------------------------------- consistency


def check_consistent(b: Bundle) -> None:
    """Every id unique in its kind, every reference resolves (within one account
    where the format demands it), every enum and number in range."""

    def ids(name: str) -> dict[str, dict[str, str]]:
        rows = {r["id"]: r for r in b[name]}
        assert len(rows) == len(b[name]), f"duplicate ids in {name}"
        return rows

    accounts, units, people = ids("accounts.csv"), ids("units.csv"), ids("people.csv")
    team, deals = ids("team.csv"), ids("opportunities.csv")
    for u in units.values():
        assert u["account_id"] in accounts
        assert u["kind"] in {"division", "branch", "budget_center"}
        assert u["status"] in {"", "customer", "prospect", "former_customer"}
        if u["parent_id"]:
            assert units[u["parent_id"]]["account_id"] == u["account_id"]
    for p in people.values():
        assert p["account_id"] in accounts
        if p["unit_id"]:
            assert units[p["unit_id"]]["account_id"] == p["account_id"]
        if p["manager_id"]:
            assert people[p["manager_id"]]["account_id"] == p["account_id"]
        assert p["seniority"] in {"", "c_level", "vp", "director", "manager", "staff"}
        assert p["buying_role"] in {
            "", "economic_buyer", "decision_maker", "champion", "influencer", "user", "blocker"
        }  # fmt: skip
    for t in team.values():
        assert not t["manager_id"] or t["manager_id"] in team
    on_team = [(r["team_member_id"], r["account_id"]) for r in b["account_team.csv"]]
    assert len(set(on_team)) == len(on_team)
    assert all(tm in team and acc in accounts for tm, acc in on_team)
    pairs = [(r["team_member_id"], r["person_id"]) for r in b["relationships.csv"]]
    assert len(set(pairs)) == len(pairs)
    for r in b["relationships.csv"]:
        assert r["team_member_id"] in team
        assert r["person_id"] in people
        assert 0 <= float(r["strength"]) <= 1
        assert dt.date.fromisoformat(r["last_contact"]) <= ANCHOR
    acts = [tuple(r.values()) for r in b["activities.csv"]]
    assert len(set(acts)) == len(acts)
    for r in b["activities.csv"]:
        assert r["team_member_id"] in team
        assert r["person_id"] in people
        assert r["type"] in {"meeting", "call", "email", "other"}
        day = dt.date.fromisoformat(r["date"])
        left = people[r["person_id"]]["left_on"]
        assert day <= (dt.date.fromisoformat(left) if left else ANCHOR)
    ties = set()
    for r in b["person_ties.csv"]:
        a, o = r["person_id"], r["other_person_id"]
        assert a != o
        assert a in people
        assert o in people
        assert r["kind"] in {"colleague", "former_colleague", "friend", "other"}
        assert 0 <= float(r["strength"]) <= 1
        ties.add(frozenset((a, o)))
    assert len(ties) == len(b["person_ties.csv"])  # (a, b) and (b, a) are one tie
    jobs = set()
    for r in b["employment_history.csv"]:
        assert units[r["unit_id"]]["account_id"] == people[r["person_id"]]["account_id"]
        assert dt.date.fromisoformat(r["from"]) <= dt.date.fromisoformat(r["until"]) <= ANCHOR
        jobs.add((r["person_id"], r["unit_id"], r["from"]))
    assert len(jobs) == len(b["employment_history.csv"])
    for d in deals.values():
        assert d["account_id"] in accounts
        assert d["won"] in {"true", "false"}
        if d["unit_id"]:
            assert units[d["unit_id"]]["account_id"] == d["account_id"]


def depths(b: Bundle) -> dict[str, int]:
    """Depth of every unit under its account; fails on a cycle."""
    parent = {u["id"]: u["parent_id"] for u in b["units.csv"]}
    depth: dict[str, int] = {}
    for unit in parent:
        chain, at = [], unit
        while at and at not in depth:
            assert at not in chain, f"cycle in the unit hierarchy through {at}"
            chain.append(at)
            at = parent[at]
        base = depth[at] if at else 0
        for n, u in enumerate(reversed(chain), start=1):
            depth[u] = base + n
    return depth


def assert_no_manager_cycles(rows: list[dict[str, str]]) -> None:
    boss = {r["id"]: r["manager_id"] for r in rows}
    done: set[str] = set()
    for start in boss:
        chain: set[str] = set()
        at = start
        while at and at not in done:
            assert at not in chain, f"reporting cycle through {at}"
            chain.add(at)
            at = boss[at]
        done |= chain


def test_scale_s_is_about_twenty_thousand_people_and_consistent(s_bundle: Bundle) -> None:
    assert 19_000 <= len(s_bundle["people.csv"]) <= 21_000
    check_consistent(s_bundle)
    assert max(depths(s_bundle).values()) == 5  # ragged, and as deep as allowed
    assert_no_manager_cycles(s_bundle["people.csv"])
    assert_no_manager_cycles(s_bundle["team.csv"])
    contacts = len(s_bundle["relationships.csv"]) + len(s_bundle["activities.csv"])
    assert 3.5 <= contacts / len(s_bundle["people.csv"]) <= 6.5
    sizes: dict[str, int] = defaultdict(int)
    for p in s_bundle["people.csv"]:
        sizes[p["account_id"]] += 1
    ordered = sorted(sizes.values(), reverse=True)
    assert ordered[0] >= 20 * ordered[len(ordered) // 2]  # heavy-tailed
    given = sum(1 for p in s_bundle["people.csv"] if p["seniority"])
    assert 0 < given < 0.1 * len(s_bundle["people.csv"])  # mostly derived from titles


def test_demo_is_consistent(demo: Bundle) -> None:
    check_consistent(demo)
    assert max(depths(demo).values()) == 4
    assert_no_manager_cycles(demo["people.csv"])
    assert_no_manager_cycles(demo["team.csv"])
    per_account: dict[str, int] = defaultdict(int)
    for p in demo["people.csv"]:
        per_account[p["account_id"]] += 1
    assert len(per_account) == 5
    assert all(40 <= n <= 120 for n in per_account.values())


# --------------------------------------------------------------------- the demo world


def strengths(b: Bundle, as_of: dt.date) -> dict[tuple[str, str], float]:
    """Effective strength of every (team member, person) relationship, by the
    queries' own rule."""
    attrs: dict[tuple[str, str], dict[str, object]] = defaultdict(
        lambda: {"strength": None, "last_contact": None, "activities": ()}
    )
    for r in b["relationships.csv"]:
        edge = attrs[(r["team_member_id"], r["person_id"])]
        edge["strength"] = float(r["strength"])
        edge["last_contact"] = dt.date.fromisoformat(r["last_contact"])
    for n, r in enumerate(b["activities.csv"]):
        edge = attrs[(r["team_member_id"], r["person_id"])]
        act = Activity(str(n), dt.date.fromisoformat(r["date"]), ActivityType(r["type"]))
        edge["activities"] = (*edge["activities"], act)  # type: ignore[misc]
    out = {}
    for pair, edge in attrs.items():
        s = effective_strength(edge, as_of, SETTINGS)
        if s is not None:
            out[pair] = s
    return out


def active(p: dict[str, str], as_of: dt.date = ANCHOR) -> bool:
    return not p["left_on"] or dt.date.fromisoformat(p["left_on"]) > as_of


def customers(b: Bundle) -> set[str]:
    recent = ANCHOR - dt.timedelta(days=730)
    won = {
        d["unit_id"]
        for d in b["opportunities.csv"]
        if d["won"] == "true" and recent <= dt.date.fromisoformat(d["close_date"]) <= ANCHOR
    }
    return won | {u["id"] for u in b["units.csv"] if u["status"] == "customer"}


def test_demo_has_an_uncovered_unit_whose_customer_sister_reaches_into_it(demo: Bundle) -> None:
    people = {p["id"]: p for p in demo["people.csv"] if active(p)}
    strong = strengths(demo, ANCHOR)
    known = {pid for _, pid in strong}
    strongly = {pid for (_, pid), s in strong.items() if s >= 0.5}
    in_unit: dict[str, set[str]] = defaultdict(set)
    for p in people.values():
        in_unit[p["unit_id"]].add(p["id"])
    parent = {u["id"]: u["parent_id"] or u["account_id"] for u in demo["units.csv"]}
    ties = [(t["person_id"], t["other_person_id"]) for t in demo["person_ties.csv"]]
    past = {(h["person_id"], h["unit_id"]) for h in demo["employment_history.csv"]}
    found = []
    for unit, up in parent.items():
        staff = in_unit[unit]
        if not staff or staff & known:
            continue  # recorded people, none known: uncovered
        reach = {a for a, o in ties if o in staff} | {o for a, o in ties if a in staff}
        sisters = {u for u, p in parent.items() if p == up and u != unit} & customers(demo)
        if any(in_unit[sister] & strongly & reach for sister in sisters):
            found.append(unit)
    assert "halden-ports-gdansk" in found
    # and someone we know strongly used to work there (a former_member advocate)
    assert any((p, "halden-ports-gdansk") in past for p in strongly & set(people))


def test_demo_has_a_recently_departed_champion(demo: Bundle) -> None:
    strong_then = strengths(demo, ANCHOR - dt.timedelta(days=60))
    left = [
        p
        for p in demo["people.csv"]
        if p["left_on"] and 0 <= (ANCHOR - dt.date.fromisoformat(p["left_on"])).days <= 90
    ]
    alerts = [
        p["name"]
        for p in left
        if p["buying_role"] in {"champion", "decision_maker", "economic_buyer"}
        or any(s >= 0.5 for (_, pid), s in strong_then.items() if pid == p["id"])
    ]
    assert "Marta Lindqvist" in alerts
    assert len(left) > len(alerts)  # someone left recently who triggers no alert
    assert any(p["left_on"] and p not in left for p in demo["people.csv"])  # older leavers


def test_demo_has_stale_cooling_and_single_threaded_relationships(demo: Bundle) -> None:
    now, soon = strengths(demo, ANCHOR), strengths(demo, ANCHOR + dt.timedelta(days=30))
    stale = [
        r for r in demo["relationships.csv"]
        if (ANCHOR - dt.date.fromisoformat(r["last_contact"])).days > 180
    ]  # fmt: skip
    assert len(stale) >= 10
    people = {p["id"]: p for p in demo["people.csv"]}
    cooling = [people[pid]["name"] for pair, s in now.items() if s >= 0.5 > soon[pair]
               for pid in [pair[1]] if active(people[pid])]  # fmt: skip
    assert "Rafael Ortega" in cooling
    holders: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for (tm, pid), s in now.items():
        if s >= 0.5 and active(people[pid]):
            holders[people[pid]["unit_id"]].add((tm, pid))
    single = {u for u in customers(demo) if len(holders[u]) == 1}
    assert "halden-finance" in single  # one person, held by one team member: key people


def test_demo_has_empty_units_ties_and_past_positions(demo: Bundle) -> None:
    staffed = {p["unit_id"] for p in demo["people.csv"]}
    empty = [u["id"] for u in demo["units.csv"] if u["id"] not in staffed]
    assert "halden-ports-bergen-cranes" in empty
    assert len(empty) >= 3
    kinds = {t["kind"] for t in demo["person_ties.csv"]}
    assert {"colleague", "former_colleague", "friend"} <= kinds
    assert len(demo["employment_history.csv"]) >= 5


def test_demo_executives_are_reachable_only_through_introductions(demo: Bundle) -> None:
    people = {p["id"]: p for p in demo["people.csv"] if active(p)}
    now = strengths(demo, ANCHOR)
    graph: dict[str, set[str]] = defaultdict(set)
    for (tm, pid), s in now.items():
        if pid in people and s >= 0.5:
            graph[tm].add(pid)
            graph[pid].add(tm)
    for t in demo["person_ties.csv"]:
        graph[t["person_id"]].add(t["other_person_id"])
        graph[t["other_person_id"]].add(t["person_id"])
    for p in people.values():
        if p["manager_id"] in people:
            graph[p["id"]].add(p["manager_id"])
            graph[p["manager_id"]].add(p["id"])
    hops = {tm["id"]: 0 for tm in demo["team.csv"]}
    frontier = list(hops)
    while frontier:
        nxt = []
        for node in frontier:
            for other in sorted(graph[node]):
                if other not in hops:
                    hops[other] = hops[node] + 1
                    nxt.append(other)
        frontier = nxt
    directly = {pid for _, pid in now}
    execs = [
        ("halden", "Henrik Vik"),
        ("halden", "Beatriz Almeida"),
        ("norvik", "Greta Zimmermann"),
    ]
    for account, name in execs:  # two CEOs and a CFO
        pid = next(
            p["id"] for p in people.values() if (p["account_id"], p["name"]) == (account, name)
        )
        assert pid not in directly
        assert 2 <= hops[pid] <= 3, name


# --------------------------------------------------------------------- round trip


def test_scale_s_round_trips_through_ingest_into_the_embedded_store(
    s_dir: Path, s_bundle: Bundle, embedded_store: GraphStore
) -> None:
    load_bundle(s_dir, embedded_store, IngestOptions(as_of=ANCHOR))
    b = s_bundle
    knows = {(r["team_member_id"], r["person_id"]) for r in b["relationships.csv"]}
    knows |= {(r["team_member_id"], r["person_id"]) for r in b["activities.csv"]}
    expected = {
        "account": len(b["accounts.csv"]),
        "unit": len(b["units.csv"]),
        "person": len(b["people.csv"]),
        "team_member": len(b["team.csv"]),
        "opportunity": len(b["opportunities.csv"]),
        "activity": len(b["activities.csv"]),
        "PART_OF": len(b["units.csv"]),
        "WORKS_IN": len(b["people.csv"]),  # every past position ended before the anchor
        "WORKED_IN": len(b["employment_history.csv"]),
        "REPORTS_TO": sum(1 for r in b["people.csv"] + b["team.csv"] if r["manager_id"]),
        "ON_TEAM": len(b["account_team.csv"]),
        "KNOWS": len(knows) + len(b["person_ties.csv"]),
        "FOR": len(b["opportunities.csv"]),
    }
    counts = embedded_store.counts()
    assert {kind: counts[kind] for kind in expected} == expected


def test_cli_writes_the_bundle_and_refuses_a_bad_folder(tmp_path: Path, demo_dir: Path) -> None:
    runner = CliRunner()
    done = runner.invoke(app, ["generate", "--scale", "demo", "--out", str(tmp_path / "b")])
    assert done.exit_code == 0, done.output
    assert digests(tmp_path / "b") == digests(demo_dir)
    (tmp_path / "b" / "notes.txt").write_text("mine", encoding="utf-8")
    refused = runner.invoke(app, ["generate", "--out", str(tmp_path / "b")])
    assert refused.exit_code == 1
    assert (tmp_path / "b" / "notes.txt").read_text(encoding="utf-8") == "mine"
    bad = runner.invoke(
        app, ["generate", "--out", str(tmp_path / "c"), "--anchor-date", "2026-13-01"]
    )
    assert bad.exit_code == 2
    assert not (tmp_path / "c").exists()


def test_demo_shows_every_answer_through_ingest_and_the_queries(
    demo_dir: Path, embedded_store: GraphStore
) -> None:
    load_bundle(demo_dir, embedded_store, IngestOptions(as_of=ANCHOR))
    kinds: set[str] = set()
    for account in ("halden", "corvane", "brightwell", "tarrow", "norvik"):
        snap = AccountSnapshot.build(embedded_store.account_data(account), ANCHOR, SETTINGS)
        kinds |= {str(a.kind) for a in alerts(snap).alerts}
        if account == "halden":
            assert coverage(snap).gaps[0].id == "halden-ports-gdansk"
            found = advocates(snap, "halden-ports-gdansk").advocates
            assert found[0].person.name == "Ingrid Haugen"
            assert {str(a.tie.kind) for a in found} == {
                "knows", "manages", "former_member", "sister_customer"
            }  # fmt: skip
    assert kinds == {"champion_left", "cooling", "single_threaded_customer", "stale_executive"}


def test_a_scale_bundle_keeps_nothing_of_the_accounts_it_has_written(tmp_path: Path) -> None:
    spec = ScaleSpec(people=3_000, largest_account=400, team=20)
    dates = CreationDates(7, dt.date(2026, 11, 15).toordinal())
    with BundleWriter(tmp_path / "b", dates) as out:
        generate_scale(out, spec, 7, dt.date(2026, 11, 15).toordinal())
    # Every person was written, but only the last account's people (none, once it
    # is done) are remembered: memory does not grow with the scale (XL: 5M people).
    assert out.rows["people.csv"] == 3_000
    assert dates._people == {}  # what the writer holds is the point


def test_xl_is_a_scale_of_five_million_people() -> None:
    assert SCALES["XL"].people == 5_000_000
    assert Scale("XL") is Scale.XL
