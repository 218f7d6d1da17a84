"""Building an :class:`queries.snapshot.AccountSnapshot` from one account's data
(split out of ``queries.snapshot``, whose docstring states the readings made here)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Mapping
from typing import Final

from graph.account_data import AccountData
from graph.gc_pause import collector_paused
from graph.schema import (
    AccountRecord,
    Namespace,
    NodeKey,
    TeamMemberRecord,
    UnitRecord,
    UnitStatus,
)
from queries.reading import AccountReading, PersonReading
from queries.settings import QuerySettings
from queries.snapshot import AccountSnapshot
from queries.snapshot_records import (
    PersonInfo,
    PersonTie,
    Relationship,
    TeamMemberInfo,
    UnitInfo,
    in_force,
    months_before,
)
from queries.strength import KnowsEdge
from queries.strength_arrays import strength_states

_new: Final = tuple.__new__
#: A position's (from, until, current) when it is the person's own, undated.
_ALWAYS: Final = (None, None, True)
# Plain strings: the enum attribute lookups dominated build time on large accounts.
_PERSON = Namespace.PERSON.value
_TEAM_MEMBER = Namespace.TEAM_MEMBER.value


class SnapshotBuilder:
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
        self.static: AccountReading  # read in build()

    def build(self) -> AccountSnapshot:
        # Hundreds of thousands of objects, none in a cycle: no collections while
        # they are made (issue 14: the cold first answer).
        with collector_paused():
            self.static = AccountReading.of(self.data, self.excluded)
            return self._build()

    def _build(self) -> AccountSnapshot:
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
        won = self.static.won.get(target)
        if not won:
            return False  # most units: no window to work out
        start = months_before(self.as_of, self.s.customer_won_months)
        return any(start <= closed <= self.as_of for closed in won)

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
            positions = p.positions
            if (
                len(positions) == 1
                and positions[0][1:] == _ALWAYS
                and (positions[0][0] is None or positions[0][0] in units)
            ):
                # Most people: their record's own place, undated.
                unit_ids: tuple[str | None, ...] = (positions[0][0],)
                past_ids: tuple[str, ...] = ()
            else:
                unit_ids, past_ids = _places(p, units, as_of)
            manager_id = p.manager_id
            if manager_id is not None:
                manager_left, manager_created = p.manager_left_on, p.manager_created_on
                if (manager_created is not None and manager_created > as_of) or (
                    manager_left is not None and manager_left <= as_of
                ):
                    manager_id = None
            # Positional and without the named tuple's Python-level __new__: one per person.
            info = _new(
                PersonInfo,
                (
                    p.id,
                    p.name,
                    p.title,
                    p.seniority,
                    p.buying_role,
                    p.executive,
                    unit_ids,
                    past_ids,
                    manager_id,
                    p.left_on,
                ),
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
        static, as_of = self.static, self.as_of
        on_team = static.on_team
        active = {tm.id for tm in tm_records}
        threshold, stale_after = self.s.strong_threshold, self.s.stale_after_days
        states = strength_states(static.columns, as_of, self.s)
        # Edges by (team member, person): the order the relationships are kept in.
        for (tid, pid, edge), state in zip(static.edges, states, strict=True):
            if tid not in active:
                continue
            if pid in departed:
                gone[pid].append((tid, edge))
            if state is None or pid not in people:
                continue
            old = rels.get((tid, pid))
            strength = state.strength
            if old is None or strength > old.strength:
                last = state.last_contact
                rels[(tid, pid)] = _new(
                    Relationship,
                    (
                        tid,
                        pid,
                        edge,
                        state,
                        strength >= threshold,
                        # is_stale, inline: once per relationship.
                        last is not None and (as_of - last).days > stale_after,
                    ),
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


def _places(
    p: PersonReading, units: Mapping[str, UnitInfo], as_of: dt.date
) -> tuple[tuple[str | None, ...], tuple[str, ...]]:
    """A person's current places (None: the account level) and past units at the date."""
    current: list[str | None] = []
    past: list[str] = []
    for uid, start, end, works_in in p.positions:
        if uid is not None and uid not in units:
            continue  # a unit that does not exist at the date
        if works_in:
            if in_force(start, end, as_of):
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
    past_ids = tuple(sorted(set(past) - {u for u in current if u})) if past else ()
    return unit_ids, past_ids


def _strongest_first(rel: Relationship) -> tuple[float, str]:
    return (-rel.strength, rel.team_member_id)
