"""One account as of one date, prepared once and shared by every answer.

``AccountSnapshot.build`` reads one account's records (an
:class:`graph.account_data.AccountData`, as a store returns it) and computes what
every query needs: the unit tree and customer statuses, the active people and
where they work, each relationship's effective strength, the person ties and the
path graph. A snapshot is immutable and depends only on (data, as-of date,
settings), so callers may cache it under that key; no answer mutates it.

Readings of DOMAIN.md made here:

* Records whose ``account_id`` is another account are ignored even if present.
* Team members with ``active`` false (deactivated CRM users) count nowhere.
* "The team" (the sources of a whole-team path search) is the team members on
  the account team plus those holding a relationship with an active person of
  the account at the as-of date. Our side of a path is the whole team: every
  active team member is a node of the path graph, colleagues when one reports to
  the other or both are on the team of any account.
* A current position (the person's own ``unit_id``, or a current employment)
  counts when ``from_date`` is on or before the as-of date and ``until_date`` (if
  any) after it; one that ended counts as a past position. A person with no such
  position sits where ``unit_id`` says.
* The account has its own status by the unit rule: its own data (``status``),
  made customer by a won opportunity booked on the account itself (not on one
  of its units) in the window. A unit's status does not make the account's.
* Nothing exists before its ``created_on`` (DOMAIN.md, "Time"): units, people,
  team members and ties created after the as-of date are left out; a person's
  position in a unit that does not exist yet is ignored; for relationships see
  :func:`queries.strength.strength_state`.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from graph.account_data import AccountData
from graph.errors import NotFoundError
from graph.schema import (
    AccountRecord,
    BuyingRole,
    Namespace,
    NodeKey,
    Seniority,
    TeamMemberRecord,
    UnitKind,
    UnitRecord,
    UnitStatus,
)
from queries.pathgraph import EdgeInfo, PathGraph, PathGraphBuilder
from queries.reading import AccountReading
from queries.settings import QuerySettings
from queries.strength import KnowsEdge, StrengthState, is_stale, strength_state

T = TypeVar("T")

# Plain strings: the enum attribute lookups dominated build time on large accounts.
_PERSON = Namespace.PERSON.value
_TEAM_MEMBER = Namespace.TEAM_MEMBER.value


@dataclass(frozen=True, slots=True)
class UnitInfo:
    id: str
    kind: UnitKind
    name: str
    parent_id: str | None  # None: directly under the account
    depth: int  # 1 for units directly under the account
    headcount: int | None
    status: UnitStatus  # as of the snapshot's date
    children: tuple[str, ...]  # by (name, id)


@dataclass(frozen=True, slots=True)
class PersonInfo:
    id: str
    name: str
    title: str | None
    seniority: Seniority
    buying_role: BuyingRole | None
    executive: bool
    unit_ids: tuple[str | None, ...]  # current positions; None: the account level
    past_unit_ids: tuple[str, ...]
    manager_id: str | None  # an active manager in the account, else None
    left_on: dt.date | None

    @property
    def unit_id(self) -> str | None:
        """The main current position."""
        return self.unit_ids[0] if self.unit_ids else None


@dataclass(frozen=True, slots=True)
class TeamMemberInfo:
    id: str
    name: str
    role: str | None
    on_team: bool  # on this account's team
    teams: frozenset[str] = frozenset()  # every account whose team they are on


@dataclass(frozen=True, slots=True)
class Relationship:
    team_member_id: str
    person_id: str
    edge: KnowsEdge
    state: StrengthState
    strong: bool
    stale: bool

    @property
    def strength(self) -> float:
        return self.state.strength

    @property
    def last_contact(self) -> dt.date | None:
        return self.state.last_contact


@dataclass(frozen=True, slots=True)
class PersonTie:
    strength: float
    kind: str


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier, clamped to the month's end.

    >>> months_before(dt.date(2026, 3, 31), 1)
    datetime.date(2026, 2, 28)
    >>> months_before(dt.date(2026, 11, 15), 24)
    datetime.date(2024, 11, 15)
    """
    year, month0 = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return dt.date(year, month0 + 1, min(day.day, last))


def _in_force(start: dt.date | None, end: dt.date | None, as_of: dt.date) -> bool:
    return (start is None or start <= as_of) and (end is None or end > as_of)


@dataclass(frozen=True, eq=False)
class AccountSnapshot:
    """Everything the answers need about one account as of one date.

    >>> from queries.worlds import WorldBuilder
    >>> b = WorldBuilder("A")
    >>> b.unit("U1"); b.person("P1", unit="U1"); b.team_member("T1", on_team=True)
    >>> b.knows("T1", "P1", strength=0.9)
    >>> snap = AccountSnapshot.build(b.data(), dt.date(2026, 1, 1), QuerySettings())
    >>> snap.relationships[("T1", "P1")].strong, snap.unit_people["U1"]
    (True, ('P1',))
    """

    account_id: str
    account_name: str
    account: AccountRecord
    as_of: dt.date
    settings: QuerySettings
    account_status: UnitStatus
    account_won_recently: bool  # the account's own won opportunity, in the window
    units: Mapping[str, UnitInfo]
    unit_order: tuple[str, ...]  # pre-order, children by (name, id)
    top_unit_ids: tuple[str, ...]
    people: Mapping[str, PersonInfo]  # active only
    departed: Mapping[str, PersonInfo]  # left on or before the as-of date
    departed_edges: Mapping[str, tuple[tuple[str, KnowsEdge], ...]]  # person -> (tm, edge)
    team_members: Mapping[str, TeamMemberInfo]  # active team members in the graph
    team: tuple[str, ...]  # the path sources, by id
    relationships: Mapping[tuple[str, str], Relationship]  # (team member, person)
    person_relationships: Mapping[str, tuple[Relationship, ...]]  # strongest first
    unit_people: Mapping[str | None, tuple[str, ...]]  # direct current positions
    ties: Mapping[str, Mapping[str, PersonTie]]  # both directions, active people
    executives: tuple[str, ...]
    team_managers: Mapping[str, tuple[str, ...]]  # active team member -> their managers
    data: AccountData = field(repr=False, compare=False)
    excluded: frozenset[NodeKey] = frozenset()
    _derived: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def derived(self, name: str, compute: Callable[[AccountSnapshot], T]) -> T:
        """``compute(self)``, computed once per snapshot and kept under ``name``:
        for intermediate results several answers share (one page asks for the
        coverage rows through coverage, the summary and the alerts). ``compute``
        must depend on the snapshot alone, and nobody may mutate what it returns.

        >>> from queries.worlds import WorldBuilder
        >>> snap = AccountSnapshot.build(
        ...     WorldBuilder("A").data(), dt.date(2026, 1, 1), QuerySettings())
        >>> calls = []
        >>> _ = [snap.derived("n", lambda s: calls.append(s) or len(calls)) for _ in range(2)]
        >>> len(calls)
        1
        """
        try:
            found: T = self._derived[name]
        except KeyError:
            # Two threads may both compute it: the results are equal, either is kept.
            found = self._derived.setdefault(name, compute(self))
        return found

    @cached_property
    def path_graph(self) -> PathGraph:
        """The path graph, built on first use: coverage and advocates never need it."""
        return _path_graph(self)

    # ----------------------------------------------------------------- build
    @classmethod
    def build(
        cls,
        data: AccountData,
        as_of: dt.date,
        settings: QuerySettings,
        *,
        excluded: frozenset[NodeKey] = frozenset(),
    ) -> AccountSnapshot:
        """Prepare the account of ``data`` as of ``as_of``. ``excluded`` nodes (a
        person or team member, ``(namespace, id)``) are treated as gone, for "what
        if they leave" answers."""
        return _Builder(data, as_of, settings, excluded).build()

    def without(self, key: NodeKey) -> AccountSnapshot:
        """The same snapshot with one more person or team member gone."""
        return AccountSnapshot.build(
            self.data, self.as_of, self.settings, excluded=self.excluded | {key}
        )

    # --------------------------------------------------------------- lookups
    def unit(self, unit_id: str) -> UnitInfo:
        found = self.units.get(unit_id)
        if found is None:
            raise NotFoundError(
                f"unit {unit_id!r} is not in account {self.account_id!r}; list the "
                "account's units to find its ids"
            )
        return found

    def person(self, person_id: str) -> PersonInfo:
        found = self.people.get(person_id)
        if found is not None:
            return found
        gone = self.departed.get(person_id)
        if gone is not None:
            raise NotFoundError(
                f"person {person_id!r} left account {self.account_id!r} on {gone.left_on} "
                f"(on or before {self.as_of}): people who left count nowhere"
            )
        raise NotFoundError(f"person {person_id!r} is not an active person of {self.account_id!r}")

    def team_member(self, team_member_id: str) -> TeamMemberInfo:
        found = self.team_members.get(team_member_id)
        if found is None:
            raise NotFoundError(
                f"team member {team_member_id!r} is not an active team member (as of "
                f"{self.as_of}); list the team to find its ids"
            )
        return found

    def ancestors(self, unit_id: str | None) -> Iterator[str]:
        """The unit's parent, its parent's parent, … up to a top unit."""
        current = None if unit_id is None else self.units[unit_id].parent_id
        while current is not None:
            yield current
            current = self.units[current].parent_id

    def subtree(self, unit_id: str) -> list[str]:
        """The unit and every unit below it, in pre-order."""
        out, stack = [], [unit_id]
        while stack:
            current = stack.pop()
            out.append(current)
            stack.extend(reversed(self.units[current].children))
        return out

    def best_relationship(self, person_id: str) -> Relationship | None:
        rels = self.person_relationships.get(person_id, ())
        return rels[0] if rels else None

    def node_name(self, key: NodeKey) -> str:
        namespace, id_ = key
        if namespace == _TEAM_MEMBER:
            return self.team_members[id_].name
        return self.people[id_].name


class _Builder:
    def __init__(
        self,
        data: AccountData,
        as_of: dt.date,
        settings: QuerySettings,
        excluded: frozenset[NodeKey],
    ) -> None:
        self.data = data
        self.account_id = data.account_id
        self.as_of = as_of
        self.s = settings
        self.excluded = excluded
        self.static = AccountReading.of(data, excluded)

    def build(self) -> AccountSnapshot:
        data, aid, as_of = self.data, self.account_id, self.as_of
        # Nothing exists before the data says it began (DOMAIN.md, "Time").
        unit_records = {
            uid: u
            for uid, u in self.static.units.items()
            if u.created_on is None or u.created_on <= as_of
        }
        tm_records = [
            t
            for t in self.static.team
            if t.active and (t.created_on is None or t.created_on <= as_of)
        ]
        units, order, tops, account_status = self._units(unit_records, data.account)
        people, departed = self._people(units)
        team_members, team, rels, departed_edges = self._relationships(tm_records, people, departed)
        by_person: dict[str, list[Relationship]] = defaultdict(list)
        for rel in rels.values():
            by_person[rel.person_id].append(rel)
        person_rels = {
            p: (rs[0],) if len(rs) == 1 else tuple(sorted(rs, key=_strongest_first))
            for p, rs in by_person.items()
        }
        unit_people: dict[str | None, list[str]] = defaultdict(list)
        for person in people.values():
            for uid in person.unit_ids:
                unit_people[uid].append(person.id)
        ties = self._ties(people)
        return AccountSnapshot(
            account_id=aid,
            account_name=data.account.name or aid,
            account=data.account,
            as_of=self.as_of,
            settings=self.s,
            account_status=account_status,
            account_won_recently=self._won_recently(None),
            units=units,
            unit_order=order,
            top_unit_ids=tops,
            people=people,
            departed=departed,
            departed_edges=departed_edges,
            team_members=team_members,
            team=team,
            relationships=rels,
            person_relationships=person_rels,
            unit_people={u: tuple(sorted(ps)) for u, ps in unit_people.items()},
            ties=ties,
            executives=tuple(sorted(p.id for p in people.values() if p.executive)),
            team_managers=self._team_managers(tm_records, team_members),
            data=data,
            excluded=self.excluded,
        )

    # ------------------------------------------------------------------ units
    def _won_recently(self, target: str | None) -> bool:
        """Whether a won opportunity booked on ``target`` (None: the account
        itself) closed in the window before the as-of date."""
        start = months_before(self.as_of, self.s.customer_won_months)
        return any(start <= closed <= self.as_of for closed in self.static.won.get(target, ()))

    def _units(
        self, nodes: Mapping[str, UnitRecord], account: AccountRecord
    ) -> tuple[dict[str, UnitInfo], tuple[str, ...], tuple[str, ...], UnitStatus]:
        parents: dict[str, str | None] = {
            uid: u.parent_id if u.parent_id in nodes else None for uid, u in nodes.items()
        }
        # A cycle cannot pass ingest; should one appear, its units go to the top.
        for uid in parents:
            seen = {uid}
            current: str | None = parents[uid]
            while current is not None:
                if current in seen:
                    parents[uid] = None
                    break
                seen.add(current)
                current = parents[current]
        children: dict[str | None, list[str]] = defaultdict(list)
        for uid, parent in parents.items():
            children[parent].append(uid)
        for kids in children.values():
            kids.sort(key=lambda u: (nodes[u].name or u, u))
        units: dict[str, UnitInfo] = {}
        order: list[str] = []
        stack = [(u, 1) for u in reversed(children[None])]
        while stack:
            uid, depth = stack.pop()
            record = nodes[uid]
            status = record.status
            if status != UnitStatus.CUSTOMER and self._won_recently(uid):
                status = UnitStatus.CUSTOMER
            headcount = record.headcount
            units[uid] = UnitInfo(
                id=uid,
                kind=record.kind,
                name=record.name or uid,
                parent_id=parents[uid],
                depth=depth,
                headcount=None if headcount is None else int(headcount),
                status=status,
                children=tuple(children[uid]),
            )
            order.append(uid)
            stack.extend((c, depth + 1) for c in reversed(children[uid]))
        # The account's own status, by the unit rule: its own data and the won
        # opportunities booked on it (not on one of its units).
        account_status = account.status
        if account_status != UnitStatus.CUSTOMER and self._won_recently(None):
            account_status = UnitStatus.CUSTOMER
        return units, tuple(order), tuple(children[None]), account_status

    # ----------------------------------------------------------------- people
    def _people(
        self, units: Mapping[str, UnitInfo]
    ) -> tuple[dict[str, PersonInfo], dict[str, PersonInfo]]:
        as_of = self.as_of
        people: dict[str, PersonInfo] = {}
        departed: dict[str, PersonInfo] = {}
        for p in self.static.people:
            if p.created_on is not None and p.created_on > as_of:
                continue  # not there yet
            current: list[str | None] = []
            past: list[str] = []
            for uid, start, end, works_in in p.positions:
                if uid is not None and uid not in units:
                    continue  # a unit that does not exist at the date
                if works_in:
                    if _in_force(start, end, as_of):
                        current.append(uid)
                    elif uid is not None and (end or dt.date.max) <= as_of:
                        past.append(uid)
                elif uid is not None and (start is None or start <= as_of):
                    past.append(uid)
            if not current:
                current = [p.primary if p.primary in units else None]
            if len(current) == 1:
                unit_ids: tuple[str | None, ...] = (current[0],)
            else:
                # The record's own unit first, then the further positions by id.
                unit_ids = tuple(sorted(set(current), key=lambda u: (u != p.primary, u or "")))
            manager_left = p.manager_left_on
            manager_there = p.manager_created_on is None or p.manager_created_on <= as_of
            info = PersonInfo(
                id=p.id,
                name=p.name,
                title=p.title,
                seniority=p.seniority,
                buying_role=p.buying_role,
                executive=p.executive,
                unit_ids=unit_ids,
                past_unit_ids=tuple(sorted(set(past) - {u for u in current if u})) if past else (),
                manager_id=p.manager_id
                if p.manager_id is not None
                and manager_there
                and (manager_left is None or manager_left > as_of)
                else None,
                left_on=p.left_on,
            )
            (people if p.left_on is None or p.left_on > as_of else departed)[p.id] = info
        return people, departed

    # ---------------------------------------------------------- relationships
    def _relationships(
        self,
        tm_records: Collection[TeamMemberRecord],
        people: Mapping[str, PersonInfo],
        departed: Mapping[str, PersonInfo],
    ) -> tuple[
        dict[str, TeamMemberInfo],
        tuple[str, ...],
        dict[tuple[str, str], Relationship],
        dict[str, tuple[tuple[str, KnowsEdge], ...]],
    ]:
        rels: dict[tuple[str, str], Relationship] = {}
        gone: dict[str, list[tuple[str, KnowsEdge]]] = defaultdict(list)
        static = self.static
        on_team = static.on_team
        for tm in tm_records:
            tid = tm.id
            for pid, edge in static.knows.get(tid, ()):
                if pid in departed:
                    gone[pid].append((tid, edge))
                if pid not in people:
                    continue
                state = strength_state(edge, self.as_of, self.s)
                if state is None:
                    continue
                old = rels.get((tid, pid))
                if old is None or state.strength > old.strength:
                    rels[(tid, pid)] = Relationship(
                        team_member_id=tid,
                        person_id=pid,
                        edge=edge,
                        state=state,
                        strong=state.strength >= self.s.strong_threshold,
                        stale=is_stale(state.last_contact, self.as_of, self.s.stale_after_days),
                    )
        holders = {t for t, _ in rels}
        team_accounts = self.data.team_accounts
        team_members = {
            tm.id: TeamMemberInfo(
                id=tm.id,
                name=tm.name or tm.id,
                role=tm.role,
                on_team=tm.id in on_team,
                teams=frozenset(team_accounts.get(tm.id, ()))
                | ({self.account_id} if tm.id in on_team else set()),
            )
            for tm in tm_records
        }
        team = tuple(sorted((on_team & team_members.keys()) | holders))
        departed_edges = {p: tuple(sorted(es, key=lambda e: e[0])) for p, es in gone.items()}
        return team_members, team, rels, departed_edges

    def _ties(self, people: Mapping[str, PersonInfo]) -> dict[str, dict[str, PersonTie]]:
        ties: dict[str, dict[str, PersonTie]] = defaultdict(dict)
        floor = self.s.min_tie_strength
        for record in self.static.ties:
            pid, other = record.person_id, record.other_person_id
            if pid not in people or other not in people or other == pid:
                continue
            tie = PersonTie(float(record.strength or 0.0), str(record.kind or "other"))
            if tie.strength < floor:  # counts nowhere (DOMAIN.md)
                continue
            created = record.created_on
            if created is not None and created > self.as_of:
                continue  # not there yet
            old = ties[pid].get(other)
            if old is None or (tie.strength, tie.kind) > (old.strength, old.kind):
                ties[pid][other] = tie
                ties[other][pid] = tie
        return dict(ties)

    # ------------------------------------------------------------- path graph
    @staticmethod
    def _team_managers(
        tm_records: Collection[TeamMemberRecord], team_members: Mapping[str, TeamMemberInfo]
    ) -> dict[str, tuple[str, ...]]:
        return {
            tm.id: (tm.manager_id,)
            for tm in tm_records
            if tm.manager_id is not None and tm.manager_id in team_members
        }


def _strongest_first(rel: Relationship) -> tuple[float, str]:
    return (-rel.strength, rel.team_member_id)


def _path_graph(snapshot: AccountSnapshot) -> PathGraph:
    """The snapshot's path graph (DOMAIN.md, "Paths"): the whole team (our side,
    with its colleague ties), the active people (the customer side) and the
    relationships between the two."""
    s = snapshot.settings
    people, team_members = snapshot.people, snapshot.team_members
    builder = PathGraphBuilder(s.min_path_edge_strength)
    for tid in team_members:
        builder.add_node((_TEAM_MEMBER, tid))
    for pid in people:
        builder.add_node((_PERSON, pid))
    for (tid, pid), rel in snapshot.relationships.items():
        builder.add_edge(
            (_TEAM_MEMBER, tid),
            (_PERSON, pid),
            EdgeInfo(rel.strength, "relationship", rel.last_contact),
        )
    for pid, others in snapshot.ties.items():
        for other, tie in others.items():
            if pid < other:  # each tie sits under both of its people
                edge = EdgeInfo(tie.strength, f"tie:{tie.kind}", None)
                builder.add_edge((_PERSON, pid), (_PERSON, other), edge)
    reporting = EdgeInfo(s.reporting_tie_strength, "reports_to", None)
    for p in people.values():
        if p.manager_id is not None:
            builder.add_edge((_PERSON, p.id), (_PERSON, p.manager_id), reporting)
    # Colleagues: one reports to the other, or both are on the team of any account.
    team_line = EdgeInfo(s.team_colleague_strength, "reports_to", None)
    for tid, bosses in snapshot.team_managers.items():
        for boss in bosses:
            builder.add_edge((_TEAM_MEMBER, tid), (_TEAM_MEMBER, boss), team_line)
    colleague = EdgeInfo(s.team_colleague_strength, "colleague", None)
    for members in colleague_groups(team_members):
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                builder.add_edge((_TEAM_MEMBER, a), (_TEAM_MEMBER, b), colleague)
    return builder.build(_TEAM_MEMBER)


def colleague_groups(team_members: Mapping[str, TeamMemberInfo]) -> list[list[str]]:
    """The members of each account team (of any account), each group sorted."""
    groups: dict[str, list[str]] = defaultdict(list)
    for tid in sorted(team_members):
        for account in team_members[tid].teams:
            groups[account].append(tid)
    return [groups[a] for a in sorted(groups) if len(groups[a]) > 1]
