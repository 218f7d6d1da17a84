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

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from graph.account_data import AccountData
from graph.errors import NotFoundError
from graph.schema import (
    AccountRecord,
    Namespace,
    NodeKey,
    UnitStatus,
)
from queries.pathgraph import EdgeInfo, PathGraph, PathGraphBuilder
from queries.settings import QuerySettings
from queries.snapshot_records import (
    PersonInfo,
    PersonTie,
    Relationship,
    TeamMemberInfo,
    UnitInfo,
    months_before,
)
from queries.strength import KnowsEdge

__all__ = [
    "AccountSnapshot",
    "PersonInfo",
    "PersonTie",
    "Relationship",
    "TeamMemberInfo",
    "UnitInfo",
    "colleague_groups",
    "months_before",
]

T = TypeVar("T")

# Plain strings: the enum attribute lookups dominated build time on large accounts.
_PERSON = Namespace.PERSON.value
_TEAM_MEMBER = Namespace.TEAM_MEMBER.value


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
        from queries.snapshot_build import SnapshotBuilder  # it builds this class

        return SnapshotBuilder(data, as_of, settings, excluded).build()

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
