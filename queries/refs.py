"""Turning snapshot entries into the small reference models every answer embeds."""

from __future__ import annotations

from graph.schema import Namespace, NodeKey
from queries.models import KnownBy, PathNode, PersonRef, RowKind, UnitRef
from queries.snapshot import AccountSnapshot


def person_ref(snapshot: AccountSnapshot, person_id: str) -> PersonRef:
    p = snapshot.people.get(person_id) or snapshot.departed[person_id]
    return PersonRef(
        id=p.id,
        name=p.name,
        title=p.title,
        seniority=p.seniority,
        buying_role=p.buying_role,
        executive=p.executive,
        unit_id=p.unit_id,
    )


def row_ref(snapshot: AccountSnapshot, key: str | None) -> UnitRef:
    """The account row (``key`` None) or a unit, as a reference."""
    if key is None:
        return UnitRef(id=snapshot.account_id, kind="account", name=snapshot.account_name)
    unit = snapshot.units[key]
    kind: RowKind = unit.kind.value
    return UnitRef(id=unit.id, kind=kind, name=unit.name)


def row_parent_id(snapshot: AccountSnapshot, key: str | None) -> str | None:
    """A row's parent as answers show it: the account id for top units, None for
    the account row, so a flat list of rows is a closed tree."""
    if key is None:
        return None
    return snapshot.units[key].parent_id or snapshot.account_id


def path_node(snapshot: AccountSnapshot, key: NodeKey) -> PathNode:
    namespace, id_ = key
    if namespace == Namespace.TEAM_MEMBER.value:
        return PathNode(id=id_, kind="team_member", name=snapshot.team_members[id_].name)
    return PathNode(id=id_, kind="person", name=snapshot.people[id_].name)


def known_by(snapshot: AccountSnapshot, person_id: str) -> KnownBy | None:
    """The team member who knows the person best, or None."""
    best = snapshot.best_relationship(person_id)
    if best is None:
        return None
    return KnownBy(
        team_member_id=best.team_member_id,
        team_member_name=snapshot.team_members[best.team_member_id].name,
        strength=best.strength,
    )
