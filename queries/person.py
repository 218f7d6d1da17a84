"""One customer person as a profile (issue 17): who they are, where they sit (unit,
manager, reports), who on our team knows them and how well. The person page adds
the paths to them (:func:`queries.paths.paths_to_person`) and their evidence."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from graph.errors import NotFoundError
from queries.models.common import Model, PersonRef, UnitRef
from queries.refs import person_ref, row_ref
from queries.snapshot import AccountSnapshot


class Acquaintance(Model):
    """One team member's relationship with the person."""

    team_member_id: str = Field(description="The team member.")
    team_member_name: str = Field(description="That team member's name.")
    strength: float = Field(description="Effective strength in [0, 1] as of the date.")
    strong: bool = Field(description="At or above the strong threshold.")
    stale: bool = Field(description="No contact for longer than the stale window.")
    last_contact: dt.date | None = Field(description="Last contact, when known.")


class PersonProfile(Model):
    account_id: str = Field(description="The person's account.")
    account_name: str = Field(description="Its name.")
    as_of: dt.date = Field(description="The date the answer is computed for.")
    person: PersonRef = Field(description="Who they are.")
    email: str | None = Field(description="E-mail address, when known.")
    left_on: dt.date | None = Field(description="The day they left; null: still there.")
    unit: UnitRef = Field(description="Where they sit (the account itself at its level).")
    unit_path: list[UnitRef] = Field(description="The units above theirs, top first.")
    manager: PersonRef | None = Field(description="Their manager, an active person.")
    reports: list[PersonRef] = Field(description="Active people reporting to them, by name.")
    known_by: list[Acquaintance] = Field(description="Our team's relationships, strongest first.")


def person_profile(snapshot: AccountSnapshot, person_id: str) -> PersonProfile:
    """The profile of a person of the account, active or departed (a departed person
    has no manager, reports or relationships that count: DOMAIN.md)."""
    s = snapshot
    p = s.people.get(person_id) or s.departed.get(person_id)
    if p is None:
        raise NotFoundError(f"person {person_id!r} is not a person of {s.account_id!r}")
    active = person_id in s.people
    unit_id = p.unit_id if p.unit_id in s.units else None
    reports = (
        sorted(
            (q for q in s.people.values() if q.manager_id == person_id),
            key=lambda q: (q.name.casefold(), q.id),
        )
        if active
        else []
    )
    known = [
        Acquaintance(
            team_member_id=r.team_member_id,
            team_member_name=s.team_members[r.team_member_id].name,
            strength=r.strength,
            strong=r.strong,
            stale=r.stale,
            last_contact=r.last_contact,
        )
        for r in (s.person_relationships.get(person_id, ()) if active else ())
    ]
    manager = p.manager_id if active and p.manager_id in s.people else None
    email = next((x.email for x in s.data.people if x.id == person_id), None)
    return PersonProfile(
        account_id=s.account_id,
        account_name=s.account_name,
        as_of=s.as_of,
        person=person_ref(s, person_id),
        email=email if isinstance(email, str) else None,
        left_on=p.left_on if not active else None,
        unit=row_ref(s, unit_id),
        unit_path=[row_ref(s, u) for u in reversed(list(s.ancestors(unit_id)))] if unit_id else [],
        manager=None if manager is None else person_ref(s, manager),
        reports=[person_ref(s, q.id) for q in reports],
        known_by=known,
    )
