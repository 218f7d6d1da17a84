"""Why a relationship has its strength (DOMAIN.md, "Paths": the evidence): the
given strength and its decay, each activity counted with its decayed
contribution, the result and the first day it is no longer strong."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping

from graph.errors import NotFoundError
from queries.models.evidence import ActivityEvidence, GivenEvidence, RelationshipEvidence
from queries.refs import person_ref
from queries.snapshot import AccountSnapshot
from queries.strength import (
    KnowsEdge,
    StrengthState,
    given_strength,
    strong_until,
    weight_table,
)


def relationship_evidence(
    snapshot: AccountSnapshot, team_member_id: str, person_id: str
) -> RelationshipEvidence:
    """The evidence of one team member's relationship with one active person.

    >>> import datetime as dt
    >>> from queries.worlds import WorldBuilder
    >>> from queries.settings import QuerySettings
    >>> b = WorldBuilder("A"); b.person("P1"); b.team_member("T1")
    >>> b.knows("T1", "P1", strength=0.8, last_contact=dt.date(2025, 10, 1))
    >>> snap = AccountSnapshot.build(b.data(), dt.date(2026, 1, 1), QuerySettings())
    >>> e = relationship_evidence(snap, "T1", "P1")
    >>> round(e.strength, 3), e.strong_until
    (0.561, datetime.date(2026, 2, 1))
    """
    s = snapshot
    member = s.team_member(team_member_id)
    person = s.person(person_id)
    rel = s.relationships.get((team_member_id, person_id))
    if rel is None:
        raise NotFoundError(
            f"{member.name} ({team_member_id}) has no relationship with {person.name} "
            f"({person_id}) as of {s.as_of}"
        )
    settings = s.settings
    h = settings.half_life_days
    edge, state = rel.edge, rel.state
    given = _given(edge, state, s.as_of, h)
    counted = _counted(edge, s.as_of, weight_table(settings.activity_weights), h)
    score = state.score
    from_activities = None if score is None else 1.0 - math.exp(-score)
    given_wins = given is not None and given.decayed >= (from_activities or 0.0)
    source = "given" if given_wins else "activities"
    until = strong_until(edge, state, s.as_of, settings) if rel.strong else None
    found = RelationshipEvidence(
        account_id=s.account_id,
        as_of=s.as_of,
        team_member_id=team_member_id,
        team_member_name=member.name,
        person=person_ref(s, person_id),
        half_life_days=h,
        given=given,
        activities=counted,
        activity_score=score,
        activity_strength=from_activities,
        strength=rel.strength,
        from_source=source,
        strong=rel.strong,
        strong_threshold=settings.strong_threshold,
        stale=rel.stale,
        last_contact=rel.last_contact,
        strong_until=until,
        explanation="",
    )
    # The explanation says in words what the other fields hold.
    return found.model_copy(update={"explanation": _explain(found)})


def _given(edge: KnowsEdge, state: StrengthState, as_of: dt.date, h: float) -> GivenEvidence | None:
    """The CRM's given strength and its decay to ``as_of`` (None when there is none)."""
    if edge.strength is None or state.given is None:
        return None
    days = 0 if edge.last_contact is None else max(0, (as_of - edge.last_contact).days)
    return GivenEvidence(
        strength=edge.strength,
        last_contact=edge.last_contact,
        days_since_contact=days,
        decayed=given_strength(edge.strength, edge.last_contact, as_of, h),
    )


def _counted(
    edge: KnowsEdge, as_of: dt.date, table: Mapping[str, float], h: float
) -> list[ActivityEvidence]:
    """Each activity up to ``as_of`` with its weight and decayed contribution."""
    counted = []
    for activity in edge.activities:
        if activity.date > as_of:
            continue
        weight = table[str(activity.type)]
        counted.append(
            ActivityEvidence(
                id=activity.id,
                type=activity.type,
                date=activity.date,
                weight=weight,
                contribution=weight * 0.5 ** ((as_of - activity.date).days / h),
            )
        )
    return counted


def _explain(e: RelationshipEvidence) -> str:
    given, counted, h = e.given, e.activities, e.half_life_days
    parts = []
    if given is not None:
        if given.last_contact is None:
            parts.append(f"the CRM gives {given.strength:.2f} with no last contact (no decay)")
        else:
            parts.append(
                f"the CRM gives {given.strength:.2f}, last contact {given.last_contact}, "
                f"{given.days_since_contact} days ago: {given.strength:.2f} × "
                f"0.5^({given.days_since_contact}/{h:g}) = {given.decayed:.2f}"
            )
    if counted:
        total = sum(a.contribution for a in counted)
        parts.append(
            f"{len(counted)} activit{'y' if len(counted) == 1 else 'ies'} score {total:.2f}, "
            f"1 − e^−{total:.2f} = {1 - math.exp(-total):.2f}"
        )
    verdict = "strong" if e.strong else "not strong"
    text = f"{e.team_member_name} → {e.person.name}: {'; '.join(parts)}. "
    text += f"Strength {e.strength:.2f}, {verdict} (strong from {e.strong_threshold:g})."
    if e.strong_until is not None:
        text += f" Without new contact it is no longer strong on {e.strong_until}."
    return text
