"""The buying committee (DOMAIN.md, "Buying committee"): for the account or a
unit's subtree, each buying role with the active people holding it, how well we
know them and who on our team does; required roles nobody holds are **empty
seats**, those whose holders nobody on our team knows strongly **unreached**.

Readings made here (docs/DECISIONS.md, issue 17/20):

* A person is in a unit's scope when one of their current positions is in the
  unit's subtree; the account's scope is every active person.
* Among the gaps (:func:`seat_gaps`) a seat is listed at the highest scope where
  it is open — an empty champion seat of a division is not listed again for each
  branch below it — and scopes with no active person in them are left out (they
  are org-chart gaps already, and every seat of theirs would be "empty").
"""

from __future__ import annotations

from collections.abc import Iterable

from graph.schema import BuyingRole
from queries.models.committee import BuyingCommittee, Seat, SeatGap, SeatHolder, SeatState
from queries.models.common import KnownBy
from queries.refs import person_ref, row_ref
from queries.snapshot import AccountSnapshot


def scope_people(snapshot: AccountSnapshot, unit_id: str | None) -> list[str]:
    """Active people in the account (``unit_id`` None) or in the unit's subtree,
    by id. Raises :class:`graph.errors.NotFoundError` for a unit not in the account."""
    if unit_id is None:
        return sorted(snapshot.people)
    units = set(snapshot.subtree(snapshot.unit(unit_id).id))
    return sorted(p.id for p in snapshot.people.values() if any(u in units for u in p.unit_ids))


def _holder(snapshot: AccountSnapshot, person_id: str) -> SeatHolder:
    rels = snapshot.person_relationships.get(person_id, ())
    return SeatHolder(
        person=person_ref(snapshot, person_id),
        strength=rels[0].strength if rels else None,
        known_strongly=any(r.strong for r in rels),
        known_by=[
            KnownBy(
                team_member_id=r.team_member_id,
                team_member_name=snapshot.team_members[r.team_member_id].name,
                strength=r.strength,
            )
            for r in rels
        ],
    )


def seat_state(holders: Iterable[SeatHolder]) -> SeatState:
    """
    >>> seat_state([])
    <SeatState.EMPTY: 'empty'>
    """
    found = list(holders)
    if not found:
        return SeatState.EMPTY
    return SeatState.FILLED if any(h.known_strongly for h in found) else SeatState.UNREACHED


def _role_order(required: tuple[BuyingRole, ...]) -> list[BuyingRole]:
    return [*required, *(r for r in BuyingRole if r not in required)]


def buying_committee(snapshot: AccountSnapshot, unit_id: str | None = None) -> BuyingCommittee:
    """The committee of the account, or of ``unit_id``'s subtree.

    >>> import datetime as dt
    >>> from graph.schema import BuyingRole
    >>> from queries.settings import QuerySettings
    >>> from queries.worlds import WorldBuilder
    >>> b = WorldBuilder("A"); b.unit("U"); b.team_member("T")
    >>> b.person("P", unit="U", buying_role=BuyingRole.CHAMPION); b.knows("T", "P", strength=0.9)
    >>> snap = AccountSnapshot.build(b.data(), dt.date(2026, 1, 1), QuerySettings())
    >>> c = buying_committee(snap, "U")
    >>> [(s.role.value, s.state.value) for s in c.seats if s.required]
    [('economic_buyer', 'empty'), ('decision_maker', 'empty'), ('champion', 'filled')]
    """
    required = snapshot.settings.committee_required_roles
    by_role: dict[BuyingRole, list[SeatHolder]] = {r: [] for r in BuyingRole}
    for pid in scope_people(snapshot, unit_id):
        role = snapshot.people[pid].buying_role
        if role is not None:
            by_role[role].append(_holder(snapshot, pid))
    seats = []
    for role in _role_order(required):
        holders = sorted(
            by_role[role],
            key=lambda h: (-(h.strength or 0.0), h.strength is None, h.person.name, h.person.id),
        )
        seats.append(
            Seat(role=role, required=role in required, state=seat_state(holders), holders=holders)
        )
    open_required = [s for s in seats if s.required]
    return BuyingCommittee(
        account_id=snapshot.account_id,
        as_of=snapshot.as_of,
        scope=row_ref(snapshot, unit_id),
        seats=seats,
        empty_seats=sum(s.state is SeatState.EMPTY for s in open_required),
        unreached_seats=sum(s.state is SeatState.UNREACHED for s in open_required),
    )


def _role_words(role: BuyingRole) -> str:
    return role.value.replace("_", " ")


#: Per scope (None: the account): how many people work in it.
_People = dict[str | None, int]
#: Per (scope, required role): the people holding it there.
_Holders = dict[tuple[str | None, BuyingRole], list[str]]


def _tally(s: AccountSnapshot) -> tuple[_People, _Holders, set[tuple[str | None, BuyingRole]]]:
    """In one pass over people: per scope its people, the holders of each required
    role, and the (scope, role) pairs with a holder we know strongly."""
    required = s.settings.committee_required_roles
    people: _People = {}
    holders: _Holders = {}
    strong: set[tuple[str | None, BuyingRole]] = set()
    for pid in sorted(s.people):
        p = s.people[pid]
        best = s.best_relationship(pid)
        is_strong = best is not None and best.strong
        within: set[str] = set()
        for unit in p.unit_ids:
            if unit is not None:
                within.add(unit)
                within.update(s.ancestors(unit))
        for scope in (None, *within):
            people[scope] = people.get(scope, 0) + 1
            if p.buying_role in required:
                holders.setdefault((scope, p.buying_role), []).append(pid)
                if is_strong:
                    strong.add((scope, p.buying_role))
    return people, holders, strong


def seat_gaps(snapshot: AccountSnapshot) -> list[SeatGap]:
    """Required seats open somewhere in the account, each at the highest scope where
    it is open (see the module's readings), in tree order then role order.

    Computed bottom-up in one pass over people and units, so a large account costs
    no more than its coverage rows.
    """
    s = snapshot
    people, holders, strong = _tally(s)

    def state(scope: str | None, role: BuyingRole) -> SeatState:
        if (scope, role) in strong:
            return SeatState.FILLED
        return SeatState.UNREACHED if (scope, role) in holders else SeatState.EMPTY

    gaps = []
    for scope in (None, *s.unit_order):
        if not people.get(scope):
            continue
        parent = None if scope is None else s.units[scope].parent_id
        for role in s.settings.committee_required_roles:
            here = state(scope, role)
            if here is SeatState.FILLED:
                continue
            if scope is not None and state(parent, role) is not SeatState.FILLED:
                continue  # open above as well: listed there
            gaps.append(_gap(s, scope, role, here, holders.get((scope, role), [])))
    return gaps


def _gap(
    s: AccountSnapshot, scope: str | None, role: BuyingRole, here: SeatState, ids: list[str]
) -> SeatGap:
    ref = row_ref(s, scope)
    if here is SeatState.EMPTY:
        text = f"nobody is the {_role_words(role)} at {ref.name}"
    else:
        text = f"nobody on our team knows the {_role_words(role)} at {ref.name} strongly"
    return SeatGap(
        scope=ref,
        role=role,
        state=here,
        holders=[person_ref(s, pid) for pid in ids],
        description=text,
    )


__all__ = ["buying_committee", "scope_people", "seat_gaps", "seat_state"]
