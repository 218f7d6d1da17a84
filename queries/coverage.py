"""Coverage of an account and every unit under it (DOMAIN.md, "Coverage").

Each row is computed from the active people working *directly* in it (any of
their current positions); the ``subtree`` roll-up counts distinct people over the
row and everything below it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from queries.committee import seat_gaps
from queries.models import (
    CoverageReport,
    CoverageRow,
    CoverageStatus,
    CoverageSummary,
    ExecutiveCoverage,
    Gap,
    NamedId,
    StatusCounts,
    SubtreeRollup,
)
from queries.refs import row_parent_id, row_ref
from queries.snapshot import AccountSnapshot

GAP_STATUSES = frozenset({CoverageStatus.UNCOVERED, CoverageStatus.WEAK})


def coverage_status(known: int, known_strongly: int) -> CoverageStatus:
    """The status of a row from its counts of people known and known strongly.

    >>> [coverage_status(*c).value for c in [(0, 0), (2, 0), (2, 1), (3, 2)]]
    ['uncovered', 'weak', 'single_threaded', 'covered']
    """
    if known == 0:
        return CoverageStatus.UNCOVERED
    if known_strongly == 0:
        return CoverageStatus.WEAK
    if known_strongly == 1:
        return CoverageStatus.SINGLE_THREADED
    return CoverageStatus.COVERED


def status_counts(statuses: Iterable[CoverageStatus]) -> StatusCounts:
    counts = Counter(statuses)
    return StatusCounts(**{s.value: counts[s] for s in CoverageStatus})


def _row_keys(snapshot: AccountSnapshot) -> list[str | None]:
    return [None, *snapshot.unit_order]


def _rollup_rows(
    snapshot: AccountSnapshot, person_id: str, chains: dict[str, tuple[str, ...]]
) -> set[str | None]:
    """Every row whose subtree contains one of the person's current positions.
    ``chains`` memoises each unit with its ancestors."""
    rows: set[str | None] = {None}
    for uid in snapshot.people[person_id].unit_ids:
        if uid is not None:
            chain = chains.get(uid)
            if chain is None:
                chain = chains[uid] = (uid, *snapshot.ancestors(uid))
            rows.update(chain)
    return rows


def _subtree_counts(
    snapshot: AccountSnapshot, known_people: set[str], strong_people: set[str]
) -> dict[str | None, list[int]]:
    """Per row, the distinct active people in its subtree: [all, known, known
    strongly]. People with one position are summed up the tree, children before
    parents; the few with several are added once to every row above any of them."""
    s = snapshot
    counts: dict[str | None, list[int]] = {key: [0, 0, 0] for key in _row_keys(s)}
    several: list[str] = []
    for pid, person in s.people.items():
        if len(person.unit_ids) == 1:
            c = counts[person.unit_ids[0]]
            c[0] += 1
            c[1] += pid in known_people
            c[2] += pid in strong_people
        else:
            several.append(pid)
    for uid in reversed(s.unit_order):  # pre-order reversed: children first
        c, up = counts[uid], counts[s.units[uid].parent_id]
        up[0] += c[0]
        up[1] += c[1]
        up[2] += c[2]
    chains: dict[str, tuple[str, ...]] = {}
    for pid in several:
        is_known, is_strong = pid in known_people, pid in strong_people
        for row in _rollup_rows(s, pid, chains):
            c = counts[row]
            c[0] += 1
            c[1] += is_known
            c[2] += is_strong
    return counts


@dataclass(frozen=True, slots=True)
class _Direct:
    """A row's figures from the people working directly in it."""

    status: CoverageStatus
    active_people: int
    people_known: int
    people_known_strongly: int
    strong_team_members: int
    best_strength: float | None
    last_contact: dt.date | None
    executives: int
    executive_known_strongly: bool
    stale_relationships: int


def _direct(
    s: AccountSnapshot, key: str | None, known_people: set[str], strong_people: set[str]
) -> _Direct:
    # One pass over the row's people and their relationships: this runs for every
    # row of the account, and large accounts have hundreds of rows.
    people = s.unit_people.get(key, ())
    everyone, person_rels = s.people, s.person_relationships
    known = strongly = executives = stale = 0
    executive_known_strongly = False
    best: float | None = None
    last: dt.date | None = None
    holders: set[str] = set()
    for p in people:
        is_strong = p in strong_people
        known += p in known_people
        strongly += is_strong
        if everyone[p].executive:
            executives += 1
            executive_known_strongly = executive_known_strongly or is_strong
        for r in person_rels.get(p, ()):
            state = r.state
            if best is None or state.strength > best:
                best = state.strength
            contact = state.last_contact
            if contact is not None and (last is None or contact > last):
                last = contact
            if r.strong:
                holders.add(r.team_member_id)
            stale += r.stale
    return _Direct(
        status=coverage_status(known, strongly),
        active_people=len(people),
        people_known=known,
        people_known_strongly=strongly,
        strong_team_members=len(holders),
        best_strength=best,
        last_contact=last,
        executives=executives,
        executive_known_strongly=executive_known_strongly,
        stale_relationships=stale,
    )


def coverage_rows(snapshot: AccountSnapshot) -> list[CoverageRow]:
    """The account row, then every unit in tree order.

    >>> import datetime as dt
    >>> from queries.worlds import WorldBuilder
    >>> from queries.settings import QuerySettings
    >>> b = WorldBuilder("A"); b.unit("U1"); b.person("P1", unit="U1")
    >>> b.team_member("T1"); b.knows("T1", "P1", strength=0.9)
    >>> snap = AccountSnapshot.build(b.data(), dt.date(2026, 1, 1), QuerySettings())
    >>> [(r.id, r.status.value) for r in coverage_rows(snap)]
    [('A', 'uncovered'), ('U1', 'single_threaded')]
    """
    # Coverage, the account summary and the alerts all start from these rows.
    return list(snapshot.derived("coverage_rows", _coverage_rows))


def _coverage_rows(snapshot: AccountSnapshot) -> tuple[CoverageRow, ...]:
    s = snapshot
    known_people = {p for p, rels in s.person_relationships.items() if rels}
    strong_people = {p for p in known_people if s.person_relationships[p][0].strong}
    keys = _row_keys(s)
    direct = {key: _direct(s, key, known_people, strong_people) for key in keys}
    # Roll-ups count each person once per row, however many positions they hold in it.
    sub_people = _subtree_counts(s, known_people, strong_people)
    sub_statuses: dict[str | None, Counter[CoverageStatus]] = defaultdict(Counter)
    for key in keys:
        status = direct[key].status
        sub_statuses[None][status] += 1
        if key is not None:
            sub_statuses[key][status] += 1
            for anc in s.ancestors(key):
                sub_statuses[anc][status] += 1
    rows = []
    for key in keys:
        d, people_sub, statuses = direct[key], sub_people[key], sub_statuses[key]
        ref = row_ref(s, key)
        rows.append(
            CoverageRow(
                id=ref.id,
                kind=ref.kind,
                name=ref.name,
                parent_id=row_parent_id(s, key),
                depth=0 if key is None else s.units[key].depth,
                status=d.status,
                customer_status=s.account_status if key is None else s.units[key].status,
                headcount=None if key is None else s.units[key].headcount,
                active_people=d.active_people,
                people_known=d.people_known,
                people_known_strongly=d.people_known_strongly,
                strong_team_members=d.strong_team_members,
                best_strength=d.best_strength,
                last_contact=d.last_contact,
                executives=d.executives,
                executive_known_strongly=d.executive_known_strongly,
                stale_relationships=d.stale_relationships,
                has_people=d.active_people > 0,
                subtree=SubtreeRollup(
                    units=sum(statuses.values()),
                    active_people=people_sub[0],
                    people_known=people_sub[1],
                    people_known_strongly=people_sub[2],
                    statuses=status_counts(statuses.elements()),
                ),
            )
        )
    return tuple(rows)


def rank_gaps(snapshot: AccountSnapshot, rows: Sequence[CoverageRow]) -> list[Gap]:
    """Uncovered and weak rows, most actionable first: a customer sister unit (same
    parent; top units are sisters of each other) first, then headcount (largest
    first, unknown last), then name and id."""
    s = snapshot
    siblings: dict[str | None, list[str]] = defaultdict(list)
    for unit in s.units.values():
        siblings[unit.parent_id].append(unit.id)
    gaps = []
    for row in rows:
        if row.status not in GAP_STATUSES:
            continue
        sisters: list[str] = []
        if row.kind != "account":
            parent = s.units[row.id].parent_id
            sisters = sorted(
                u for u in siblings[parent] if u != row.id and s.units[u].status.value == "customer"
            )
        gaps.append(
            Gap(
                id=row.id,
                kind=row.kind,
                name=row.name,
                parent_id=row.parent_id,
                status=row.status,
                headcount=row.headcount,
                has_people=row.has_people,
                sister_customer_ids=sisters,
                sister_customers=[NamedId(id=u, name=s.units[u].name) for u in sisters],
            )
        )
    gaps.sort(
        key=lambda g: (
            not g.sister_customer_ids,
            g.headcount is None,
            -(g.headcount or 0),
            g.name,
            g.id,
        )
    )
    return gaps


def executive_coverage(snapshot: AccountSnapshot) -> ExecutiveCoverage:
    s = snapshot
    strong = 0
    for pid in s.executives:
        best = s.best_relationship(pid)
        strong += best is not None and best.strong
    return ExecutiveCoverage(executives=len(s.executives), known_strongly=strong)


def coverage(snapshot: AccountSnapshot) -> CoverageReport:
    """Coverage rows, the summary and the ranked gaps of the snapshot's account.

    >>> import datetime as dt
    >>> from queries.worlds import WorldBuilder
    >>> from queries.settings import QuerySettings
    >>> b = WorldBuilder("A"); b.unit("U1", headcount=10); b.unit("U2", headcount=50)
    >>> snap = AccountSnapshot.build(b.data(), dt.date(2026, 1, 1), QuerySettings())
    >>> [g.id for g in coverage(snap).gaps]
    ['U2', 'U1', 'A']
    """
    rows = coverage_rows(snapshot)
    summary = CoverageSummary(
        statuses=status_counts(r.status for r in rows),
        executive_coverage=executive_coverage(snapshot),
    )
    return CoverageReport(
        account_id=snapshot.account_id,
        as_of=snapshot.as_of,
        rows=rows,
        summary=summary,
        gaps=rank_gaps(snapshot, rows),
        seat_gaps=seat_gaps(snapshot),
    )


__all__ = [
    "coverage",
    "coverage_rows",
    "coverage_status",
    "executive_coverage",
    "rank_gaps",
    "status_counts",
]
