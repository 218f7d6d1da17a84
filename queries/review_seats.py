"""Buying-committee seats emptied or filled between two dates (DOMAIN.md,
"Reviews" and "Buying committee").

A required seat is held in a scope (the account, or a unit with its subtree) when
an active person there has the role. A seat **emptied** was held at the first
date and is held by nobody at the second; **filled** the other way round. Every
scope is compared; a change is listed at the highest scope where it happened, as
the committee's gaps are (an emptied champion seat of a division is not listed
again for each of its branches).
"""

from __future__ import annotations

from graph.schema import BuyingRole
from queries.models import NamedId
from queries.models.review import SeatChange
from queries.refs import row_ref
from queries.snapshot import AccountSnapshot

Seats = dict[tuple[str | None, BuyingRole], list[str]]


def _holders(s: AccountSnapshot) -> Seats:
    """(scope, required role) -> the people holding it there, by id."""
    required = s.settings.committee_required_roles
    found: Seats = {}
    for pid in sorted(s.people):
        p = s.people[pid]
        if p.buying_role not in required:
            continue
        scopes: set[str | None] = {None}
        for unit in p.unit_ids:
            if unit is not None:
                scopes.add(unit)
                scopes.update(s.ancestors(unit))
        for scope in scopes:
            found.setdefault((scope, p.buying_role), []).append(pid)
    return found


def _parent(s1: AccountSnapshot, s2: AccountSnapshot, scope: str) -> str | None:
    unit = s2.units.get(scope) or s1.units[scope]
    return unit.parent_id


def _name(s: AccountSnapshot, pid: str) -> NamedId:
    person = s.people.get(pid) or s.departed[pid]
    return NamedId(id=pid, name=person.name)


def seat_changes(s1: AccountSnapshot, s2: AccountSnapshot) -> list[SeatChange]:
    """Required seats emptied or filled from ``s1``'s date to ``s2``'s, in tree
    order (the account first), then role order.

    >>> import datetime as dt
    >>> from queries.settings import QuerySettings
    >>> from queries.worlds import WorldBuilder
    >>> b = WorldBuilder("A"); b.unit("U")
    >>> b.person("P", "U", buying_role=BuyingRole.CHAMPION, left_on=dt.date(2026, 2, 1))
    >>> at = lambda d: AccountSnapshot.build(b.data(), d, QuerySettings())
    >>> [(c.scope.id, c.role, c.change) for c in seat_changes(at(dt.date(2026, 1, 1)),
    ...                                                        at(dt.date(2026, 3, 1)))]
    [('A', 'champion', 'emptied')]
    """
    before, after = _holders(s1), _holders(s2)
    required = s2.settings.committee_required_roles
    order = [None, *s2.unit_order, *(u for u in s1.unit_order if u not in s2.units)]
    out: list[SeatChange] = []

    def changed(scope: str | None, role: BuyingRole) -> bool:
        return bool(before.get((scope, role))) != bool(after.get((scope, role)))

    for scope in order:
        for role in required:
            if not changed(scope, role):
                continue
            if scope is not None and changed(_parent(s1, s2, scope), role):
                continue  # listed at the scope above
            was, now = before.get((scope, role), []), after.get((scope, role), [])
            snap = s2 if scope is None or scope in s2.units else s1
            out.append(
                SeatChange(
                    scope=row_ref(snap, scope),
                    role=role.value,
                    change="filled" if now else "emptied",
                    holders=[_name(s2, p) for p in now] or [_name(s1, p) for p in was],
                )
            )
    return out
