"""Paths with two sides and one crossing (DOMAIN.md, "Paths"; issues 12 and 21):
hand-built worlds that once gave a wrong answer, each with its hand-worked figure,
and the searches against brute force on random small worlds."""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random

import pytest

from graph.schema import Seniority, UnitStatus
from queries.advocates import advocates
from queries.coverage import coverage
from queries.models import Path
from queries.paths import executive_paths, introducers, paths_to_person
from queries.snapshot import AccountSnapshot
from queries.worlds import WorldBuilder
from tests.queries.conftest import AS_OF, SETTINGS, snap

CEO = Seniority.C_LEVEL


def names(path: Path) -> list[str]:
    return [n.id for n in path.nodes]


def relations(path: Path) -> list[str]:
    return [h.relation for h in path.hops]


# ------------------------------------------------------------- the Gdańsk detour
def gdansk() -> WorldBuilder:
    """Jonas (JR) knows Esther (ESTHER, customer) very well; Diego (DN, our team)
    knows Esther and Ingrid; Ingrid is a friend of Tomasz in Gdańsk. The old
    undirected search went JR -> ESTHER -> DN -> INGRID -> TOMASZ."""
    b = WorldBuilder()
    b.unit("OSLO")
    b.unit("GDANSK")
    b.person("ESTHER", unit="OSLO")
    b.person("INGRID", unit="OSLO")
    b.person("TOMASZ", unit="GDANSK", seniority=Seniority.DIRECTOR)
    b.team_member("JR")
    b.team_member("DN")
    b.knows("JR", "ESTHER", strength=0.96)
    b.knows("DN", "ESTHER", strength=0.95)
    b.knows("DN", "INGRID", strength=0.95)
    b.tie("INGRID", "TOMASZ", 0.8, "friend")
    return b


def test_gdansk_a_path_never_returns_to_our_side() -> None:
    found = introducers(snap(gdansk()), "GDANSK", "JR").introducers
    # Only JR -> DN (colleague 0.9) -> INGRID (0.95) -> TOMASZ (0.8) = 0.684.
    (row,) = found
    assert names(row.path) == ["JR", "DN", "INGRID", "TOMASZ"]
    assert relations(row.path) == ["colleague", "relationship", "tie:friend"]
    assert row.path.strength == pytest.approx(0.9 * 0.95 * 0.8)
    assert row.introducer.id == "DN"
    assert not row.direct
    # Esther has no tie to Tomasz: she introduces nobody there.
    assert "ESTHER" not in names(row.path)
    best = paths_to_person(snap(gdansk()), "TOMASZ", from_team_member="JR", k=5).paths
    assert [names(p) for p in best] == [["JR", "DN", "INGRID", "TOMASZ"]]


def test_gdansk_introducers_are_distinct_people() -> None:
    b = gdansk()
    b.team_member("FB")
    b.person("FREYA", unit="OSLO")
    b.knows("JR", "FREYA", strength=0.92)
    b.tie("FREYA", "INGRID", 0.71)
    b.knows("FB", "INGRID", strength=0.5)  # weaker than DN's: a worse crossing
    found = introducers(snap(b), "GDANSK", "JR").introducers
    who = [i.introducer.id for i in found]
    assert len(who) == len(set(who))
    assert who == ["DN", "FREYA", "FB"]
    assert [round(i.path.strength, 4) for i in found] == [
        round(0.9 * 0.95 * 0.8, 4),  # 0.684
        round(0.92 * 0.71 * 0.8, 4),  # 0.5226
        round(0.9 * 0.5 * 0.8, 4),  # 0.36
    ]


def test_only_the_strongest_path_through_one_crossing_is_offered() -> None:
    # ME -> C1 -> C2 -> P and ME -> C2 -> P cross through the same (C2, P):
    # asking C1 to ask C2 is not an introduction.
    b = WorldBuilder()
    b.unit("U")
    b.person("P", unit="U")
    b.team_member("ME", on_team=False, teams=("X",))
    b.team_member("C1", on_team=False, teams=("X", "Y"))
    b.team_member("C2", on_team=False, teams=("X", "Y"))
    b.knows("C2", "P", strength=0.8)
    found = introducers(snap(b), "U", "ME").introducers
    assert [(i.introducer.id, names(i.path)) for i in found] == [("C2", ["ME", "C2", "P"])]


def test_you_know_them_row_is_direct() -> None:
    b = WorldBuilder()
    b.unit("U")
    b.person("P", unit="U")
    b.team_member("ME")
    b.knows("ME", "P", strength=0.4)
    (row,) = introducers(snap(b), "U", "ME").introducers
    assert row.direct
    assert row.introducer.id == "P" == row.target.id
    assert names(row.path) == ["ME", "P"]


# ----------------------------------------------- a colleague's crossing, both sides
@pytest.mark.parametrize(
    ("mine", "theirs", "via_colleague"),
    [(0.8, 0.7, False), (0.8, 0.8, False), (0.8, 0.8001, True), (None, 0.3, True)],
)
def test_a_colleague_hop_only_for_a_stronger_crossing(
    mine: float | None, theirs: float, via_colleague: bool
) -> None:
    b = WorldBuilder()
    b.person("CEO", seniority=CEO)
    b.team_member("ME")
    b.team_member("C")
    if mine is not None:
        b.knows("ME", "CEO", strength=mine)
    b.knows("C", "CEO", strength=theirs)
    result = executive_paths(snap(b), from_team_member="ME", alternatives=3)
    (target,) = result.targets
    every = [names(target.best)] + [names(p) for p in target.alternatives]
    assert (["ME", "C", "CEO"] in every) is via_colleague
    rows = introducers_to_ceo(b)
    assert ("C" in rows) is via_colleague


def introducers_to_ceo(b: WorldBuilder) -> list[str]:
    b.unit("TOP")
    b.person("X", unit="TOP")
    b.tie("X", "CEO", 1.0)
    return [i.introducer.id for i in introducers(snap(b), "TOP", "ME").introducers]


def test_from_the_whole_team_nobody_asks_a_colleague() -> None:
    b = WorldBuilder()
    b.person("CEO", seniority=CEO)
    b.team_member("T1")
    b.team_member("T2")
    b.knows("T1", "CEO", strength=0.9)
    (target,) = executive_paths(snap(b), alternatives=3).targets
    assert [names(target.best)] + [names(p) for p in target.alternatives] == [["T1", "CEO"]]


# -------------------------------------------------------- hop directions (issue 12)
def test_reporting_hops_read_in_the_direction_walked() -> None:
    # Akira reports to Nils. From Nils down to Akira is "manages", up is "reports_to".
    b = WorldBuilder()
    b.person("NILS", seniority=CEO)
    b.person("AKIRA", manager="NILS", seniority=Seniority.VP)
    b.team_member("T1")
    b.team_member("T2")
    b.knows("T1", "NILS", strength=0.9)
    b.knows("T2", "AKIRA", strength=0.9)
    down = paths_to_person(snap(b), "AKIRA", from_team_member="T1", k=3).paths
    path = next(p for p in down if names(p) == ["T1", "NILS", "AKIRA"])
    assert relations(path) == ["relationship", "manages"]
    assert (path.hops[1].from_id, path.hops[1].to_id) == ("NILS", "AKIRA")
    up = paths_to_person(snap(b), "NILS", from_team_member="T2", k=3).paths
    path = next(p for p in up if names(p) == ["T2", "AKIRA", "NILS"])
    assert relations(path) == ["relationship", "reports_to"]


# ------------------------------------------------------------------- issue 21.1-21.2
def test_21_1_a_colleague_on_another_accounts_team_is_a_colleague() -> None:
    # T1 and T2 are both on A2's team; T2 knows A1's CEO (0.9): T1 -> T2 -> CEO = 0.81.
    b = WorldBuilder("A")
    b.account("A2")
    b.person("CEO", seniority=CEO)
    b.team_member("T1", on_team=False, teams=("A2",))
    b.team_member("T2", on_team=False, teams=("A2",))
    b.knows("T2", "CEO", strength=0.9)
    (target,) = executive_paths(snap(b), from_team_member="T1").targets
    assert names(target.best) == ["T1", "T2", "CEO"]
    assert relations(target.best) == ["colleague", "relationship"]
    assert target.best.strength == pytest.approx(0.81)


def test_21_1_no_shared_team_no_colleague() -> None:
    b = WorldBuilder("A")
    b.person("CEO", seniority=CEO)
    b.team_member("T1", on_team=False, teams=("A2",))
    b.team_member("T2", on_team=False, teams=("A3",))
    b.knows("T2", "CEO", strength=0.9)
    result = executive_paths(snap(b), from_team_member="T1")
    assert result.targets == []
    assert [u.name for u in result.unreachable] == ["CEO"]


def test_21_2_a_requester_reporting_lines_away_has_a_path() -> None:
    # T3 (on the team) knows the CEO (0.9); T3 reports to T2, who reports to T1.
    b = WorldBuilder("A")
    b.person("CEO", seniority=CEO)
    b.team_member("T1", on_team=False)
    b.team_member("T2", on_team=False, manager="T1")
    b.team_member("T3", manager="T2")
    b.knows("T3", "CEO", strength=0.9)
    (target,) = executive_paths(snap(b), from_team_member="T1").targets
    assert names(target.best) == ["T1", "T2", "T3", "CEO"]
    assert relations(target.best) == ["manages", "manages", "relationship"]
    assert target.best.strength == pytest.approx(0.729)
    # Three hops: within 3, not within 2.
    assert executive_paths(snap(b), from_team_member="T1", max_hops=3).targets
    assert not executive_paths(snap(b), from_team_member="T1", max_hops=2).targets
    (up,) = executive_paths(snap(b), from_team_member="T3").targets
    assert names(up.best) == ["T3", "CEO"]


# ---------------------------------------------------------------- 21.4: tie floor
@pytest.mark.parametrize(("tie", "counts"), [(0.0, False), (0.0499, False), (0.05, True)])
def test_21_4_a_tie_under_the_floor_counts_nowhere(tie: float, counts: bool) -> None:
    b = WorldBuilder()
    b.unit("U")
    b.unit("V")
    b.person("P1", unit="U")
    b.person("P2", unit="V")
    b.team_member("T1")
    b.knows("T1", "P1", strength=0.9)
    b.tie("P1", "P2", tie)
    s = snap(b)
    assert bool(advocates(s, "V").advocates) is counts
    assert bool(introducers(s, "V", "T1").introducers) is counts


# ------------------------------------------------------------- 21.6: account status
def test_21_6_the_account_has_its_own_status() -> None:
    b = WorldBuilder()
    b.unit("U", status=UnitStatus.CUSTOMER)
    assert snap(b).account_status is UnitStatus.PROSPECT  # a customer unit is not enough
    b2 = WorldBuilder()
    b2.account("A", "Acme", status=UnitStatus.CUSTOMER)
    assert snap(b2).account_status is UnitStatus.CUSTOMER  # its own data
    b3 = WorldBuilder()
    b3.account("A", "Acme", status=UnitStatus.FORMER_CUSTOMER)
    b3.opportunity("O", None, close_date=AS_OF - dt.timedelta(days=10))
    assert snap(b3).account_status is UnitStatus.CUSTOMER  # won on the account itself
    b4 = WorldBuilder()
    b4.unit("U")
    b4.opportunity("O", "U", close_date=AS_OF - dt.timedelta(days=10))
    assert snap(b4).account_status is UnitStatus.PROSPECT  # won on a unit only
    row = coverage(snap(b2)).rows[0]
    assert (row.kind, row.customer_status) == ("account", UnitStatus.CUSTOMER)


# ------------------------------------------------ the 2020 view (issue 12, "Time")
def halden() -> WorldBuilder:
    """A unit, its people and our relationships created in 2022-2023."""
    b = WorldBuilder()
    b.unit("OLD")
    b.unit("NEW", created_on=dt.date(2022, 3, 1))
    b.person("VETERAN", unit="OLD", seniority=CEO)
    b.person("HIRE", unit="NEW", seniority=Seniority.VP, created_on=dt.date(2022, 5, 1))
    b.team_member("T1")
    b.team_member("T2", created_on=dt.date(2023, 1, 1))
    b.knows("T1", "VETERAN", strength=0.9, created_on=dt.date(2019, 6, 1))
    b.knows("T1", "HIRE", strength=0.8, created_on=dt.date(2022, 6, 1))
    b.knows("T2", "VETERAN", strength=0.7)
    b.tie("VETERAN", "HIRE", 0.9, created_on=dt.date(2022, 7, 1))
    return b


def test_the_2020_view_shows_what_existed_in_2020() -> None:
    then = snap(halden(), as_of=dt.date(2020, 1, 1))
    assert set(then.units) == {"OLD"}
    assert set(then.people) == {"VETERAN"}
    assert set(then.relationships) == {("T1", "VETERAN")}
    assert "T2" not in then.team_members
    assert then.ties == {}
    rows = {r.id: r for r in coverage(then).rows}
    assert "NEW" not in rows
    assert rows["OLD"].people_known_strongly == 1
    now = snap(halden())
    assert set(now.units) == {"OLD", "NEW"}
    assert set(now.relationships) == {("T1", "VETERAN"), ("T1", "HIRE"), ("T2", "VETERAN")}


@pytest.mark.parametrize(
    ("as_of", "exists"), [(dt.date(2022, 5, 31), False), (dt.date(2022, 6, 1), True)]
)
def test_a_given_strength_counts_from_its_creation_date(as_of: dt.date, exists: bool) -> None:
    b = halden()
    assert (("T1", "HIRE") in snap(b, as_of=as_of).relationships) is exists


def test_a_given_strength_counts_from_an_earlier_first_activity() -> None:
    from graph.schema import ActivityType

    b = WorldBuilder()
    b.person("P")
    b.team_member("T1")
    b.knows(
        "T1",
        "P",
        strength=0.9,
        created_on=dt.date(2024, 1, 1),
        activities=((dt.date(2023, 6, 1), ActivityType.EMAIL),),
    )
    s = snap(b, as_of=dt.date(2023, 6, 1))
    assert s.relationships[("T1", "P")].strength == pytest.approx(0.9)  # given counts
    assert ("T1", "P") not in snap(b, as_of=dt.date(2023, 5, 31)).relationships


@pytest.mark.parametrize(
    ("as_of", "exists"), [(dt.date(2022, 4, 30), False), (dt.date(2022, 5, 1), True)]
)
def test_a_person_exists_from_their_creation_date(as_of: dt.date, exists: bool) -> None:
    assert ("HIRE" in snap(halden(), as_of=as_of).people) is exists


# --------------------------------------------------------- against brute force
def random_world(seed: int) -> WorldBuilder:
    rng = random.Random(seed)
    b = WorldBuilder()
    units = ["U0", "U1", "U2"]
    for u in units:
        b.unit(u)
    people = [f"P{i}" for i in range(rng.randint(2, 7))]
    for i, p in enumerate(people):
        manager = rng.choice([None, None, *people[:i]]) if i else None
        b.person(
            p,
            unit=rng.choice(units),
            seniority=rng.choice([CEO, Seniority.VP, Seniority.STAFF, Seniority.STAFF]),
            manager=manager,
        )
    team = [f"T{i}" for i in range(rng.randint(1, 5))]
    for i, t in enumerate(team):
        b.team_member(
            t,
            on_team=rng.random() < 0.4,
            teams=tuple(rng.sample(["X", "Y", "Z"], rng.randint(0, 2))),
            manager=rng.choice([None, *team[:i]]) if i else None,
        )
    choices = [0.04, 0.3, 0.5, 0.7, 0.83, 0.95]
    for t in team:
        for p in rng.sample(people, rng.randint(0, min(3, len(people)))):
            b.knows(t, p, strength=rng.choice(choices))
    for a, c in itertools.combinations(people, 2):
        if rng.random() < 0.3:
            b.tie(a, c, rng.choice(choices))
    return b


def brute_paths(s: AccountSnapshot, start: str | None, max_hops: int) -> list[list[str]]:
    """Every path the rules allow, from ``start`` (None: each team member without
    colleague hops), enumerated by depth-first search over the snapshot's data."""
    floor = s.settings.min_path_edge_strength
    team = s.team_members

    def colleagues(t: str) -> list[str]:
        return [
            o
            for o in team
            if o != t
            and (
                team[t].teams & team[o].teams
                or o in s.team_managers.get(t, ())
                or t in s.team_managers.get(o, ())
            )
        ]

    def people_next(p: str) -> list[str]:
        out = {o for o, tie in s.ties.get(p, {}).items() if tie.strength >= floor}
        if s.people[p].manager_id is not None:
            out.add(str(s.people[p].manager_id))
        out |= {q for q, info in s.people.items() if info.manager_id == p}
        return sorted(out)

    found: list[list[str]] = []
    for first in sorted(s.team) if start is None else [start]:
        stack: list[list[str]] = [[first]]
        while stack:
            path = stack.pop()
            if len(path) - 1 >= max_hops:
                continue
            last = path[-1]
            if last in team:  # still on our side
                if start is not None:
                    stack.extend([*path, o] for o in colleagues(last) if o not in path)
                for (t, p), rel in s.relationships.items():
                    if t != last or rel.strength < floor:
                        continue
                    mine = s.relationships.get((first, p))
                    if t != first and mine is not None and mine.strength >= rel.strength:
                        continue
                    found.append([*path, p])
                    stack.append([*path, p])
            else:
                for q in people_next(last):
                    if q not in path:
                        found.append([*path, q])
                        stack.append([*path, q])
    return found


def strength_of(s: AccountSnapshot, path: list[str]) -> float:
    total = 1.0
    for a, b in itertools.pairwise(path):
        if a in s.team_members and b in s.team_members:
            total *= s.settings.team_colleague_strength
        elif a in s.team_members:
            total *= s.relationships[(a, b)].strength
        else:
            tie = s.ties.get(a, {}).get(b)
            line = s.people[a].manager_id == b or s.people[b].manager_id == a
            total *= max(
                s.settings.reporting_tie_strength if line else 0.0,
                tie.strength if tie is not None else 0.0,
            )
    return total


@pytest.mark.parametrize("seed", range(60))
def test_paths_match_brute_force(seed: int) -> None:
    b = random_world(seed)
    s = snap(b)
    for max_hops in (2, 3, 4):
        for start in [None, *sorted(s.team_members)]:
            every = brute_paths(s, start, max_hops)
            best: dict[str, float] = {}
            for path in every:
                value = strength_of(s, path)
                best[path[-1]] = max(best.get(path[-1], 0.0), value)
            result = executive_paths(s, from_team_member=start, max_hops=max_hops, k=100)
            got = {t.executive.id: t.best.strength for t in result.targets}
            expected = {p: v for p, v in best.items() if p in s.executives}
            assert got.keys() == expected.keys(), (seed, max_hops, start)
            for p, v in got.items():
                assert v == pytest.approx(expected[p]), (seed, max_hops, start, p)
            for t in result.targets:
                assert names(t.best) in every
            if start is None:
                continue
            for unit in ("U0", "U1", "U2"):
                check_introducers(s, unit, start, max_hops, every)


def check_introducers(
    s: AccountSnapshot, unit: str, start: str, max_hops: int, every: list[list[str]]
) -> None:
    members = set(s.unit_people.get(unit, ()))
    crossing_best: dict[tuple[str, str], float] = {}
    for path in every:
        if path[-1] not in members:
            continue
        i = next(n for n, x in enumerate(path) if x in s.people)
        key = (path[i - 1], path[i])
        crossing_best[key] = max(crossing_best.get(key, 0.0), strength_of(s, path))
    rows = introducers(s, unit, start, k=100, max_hops=max_hops).introducers
    who = [r.introducer.id for r in rows]
    assert len(who) == len(set(who))
    strengths = [r.path.strength for r in rows]
    assert strengths == sorted(strengths, reverse=True)
    for r in rows:
        path = names(r.path)
        assert path in every
        assert path[-1] in members
        i = next(n for n, x in enumerate(path) if x in s.people)
        assert r.path.strength == pytest.approx(crossing_best[(path[i - 1], path[i])])
        assert math.isclose(r.path.strength, strength_of(s, path), rel_tol=1e-9)
    if crossing_best:
        assert strengths
        assert strengths[0] == pytest.approx(max(crossing_best.values()))
    else:
        assert rows == []


def test_settings_default_tie_floor_is_the_edge_floor() -> None:
    assert SETTINGS.min_tie_strength == SETTINGS.min_path_edge_strength == 0.05
