"""Advocates for a unit (DOMAIN.md, "Advocates for a unit U").

Readings made here:

* "In U" means working (a current position) in U or in any unit below it, and
  "outside U" the opposite: someone in a sub-unit of U is inside U, so reaching
  them is coverage, not advocacy. ``former_member`` likewise counts a past
  position in U or below it.
* ``manages`` walks the reporting chain upward through active people only (a
  manager who left breaks the chain); level 1 is the direct manager.
* ``sister_customer`` asks for a current position directly in a customer unit
  with U's parent (top units are sisters of each other).
* The customer bonus looks at P's current units and their unit ancestors; a
  person at the account level gets it when the account's own status is
  customer (the account is not an ancestor here, or every person in a
  partly-customer account would get it).
* Equal tie strengths prefer knows, then manages, former_member, sister_customer.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from graph.schema import UnitStatus
from queries.models import Advocate, AdvocatesAnswer, AdvocateTie, AdvocateTieKind, NamedId
from queries.refs import known_by, person_ref, row_ref
from queries.snapshot import AccountSnapshot, PersonInfo

_KIND_ORDER = list(AdvocateTieKind)


@dataclass(frozen=True, slots=True)
class _Tie:
    kind: AdvocateTieKind
    strength: float
    reached: tuple[str, ...]

    def rank(self) -> tuple[float, int]:
        return (self.strength, -_KIND_ORDER.index(self.kind))


def _members(snapshot: AccountSnapshot, unit_id: str) -> tuple[set[str], set[str]]:
    """(units of U's subtree, active people working in any of them)."""
    units = set(snapshot.subtree(unit_id))
    people = {p for u in units for p in snapshot.unit_people.get(u, ())}
    return units, people


def _gets_bonus(snapshot: AccountSnapshot, person: PersonInfo) -> bool:
    for uid in person.unit_ids:
        if uid is None:
            if snapshot.account_status is UnitStatus.CUSTOMER:
                return True
            continue
        chain = [uid, *snapshot.ancestors(uid)]
        if any(snapshot.units[u].status is UnitStatus.CUSTOMER for u in chain):
            return True
    return False


def _manages(snapshot: AccountSnapshot, members: set[str]) -> dict[str, tuple[int, list[str]]]:
    """Per manager above members of U: (lowest level, members at that level)."""
    found: dict[str, tuple[int, list[str]]] = {}
    for member in sorted(members):
        boss, level, seen = snapshot.people[member].manager_id, 1, {member}
        while boss is not None and boss not in seen:
            seen.add(boss)
            old = found.get(boss)
            if old is None or level < old[0]:
                found[boss] = (level, [member])
            elif level == old[0]:
                old[1].append(member)
            boss, level = snapshot.people[boss].manager_id, level + 1
    return found


def advocates(snapshot: AccountSnapshot, unit_id: str, k: int | None = None) -> AdvocatesAnswer:
    """People we know strongly, outside ``unit_id``, tied to it; ranked by
    ``s_T · tie · bonus``. ``k`` limits the list (None: every advocate).

    >>> import datetime as dt
    >>> from queries.worlds import WorldBuilder
    >>> from queries.settings import QuerySettings
    >>> b = WorldBuilder("A"); b.unit("U1"); b.unit("U2")
    >>> b.person("P1", unit="U1"); b.person("P2", unit="U2"); b.tie("P1", "P2", 0.5)
    >>> b.team_member("T1"); b.knows("T1", "P1", strength=0.8)
    >>> snap = AccountSnapshot.build(b.data(), dt.date(2026, 1, 1), QuerySettings())
    >>> found = advocates(snap, "U2").advocates
    >>> [(a.person.id, a.tie.kind.value, round(a.score, 2)) for a in found]
    [('P1', 'knows', 0.4)]
    """
    s = snapshot
    unit = s.unit(unit_id)
    units, members = _members(s, unit_id)
    managers = _manages(s, members)
    sisters = {
        u.id
        for u in s.units.values()
        if u.parent_id == unit.parent_id and u.id != unit_id and u.status is UnitStatus.CUSTOMER
    }
    found: list[Advocate] = []
    for pid, person in s.people.items():
        if any(u in units for u in person.unit_ids):
            continue
        best = s.best_relationship(pid)
        if best is None or not best.strong:
            continue
        ties = _ties(s, pid, members, managers, units, sisters)
        if ties:
            found.append(_advocate(s, pid, best.strength, max(ties, key=_Tie.rank)))
    found.sort(key=lambda a: (-a.score, a.person.name, a.person.id))
    return AdvocatesAnswer(
        account_id=s.account_id,
        as_of=s.as_of,
        unit=row_ref(s, unit_id),
        advocates=found if k is None else found[:k],
    )


def _ties(
    s: AccountSnapshot,
    pid: str,
    members: set[str],
    managers: dict[str, tuple[int, list[str]]],
    units: set[str],
    sisters: set[str],
) -> list[_Tie]:
    """Every tie of ``pid`` (outside U) to U: knows, manages, former member, sister
    customer."""
    settings = s.settings
    person = s.people[pid]
    ties: list[_Tie] = []
    reached: dict[float, list[str]] = defaultdict(list)
    for other, person_tie in s.ties.get(pid, {}).items():
        if other in members:
            reached[person_tie.strength].append(other)
    if reached:
        top = max(reached)
        everyone = sorted(o for group in reached.values() for o in group)
        ties.append(_Tie(AdvocateTieKind.KNOWS, top, tuple(everyone)))
    if pid in managers:
        level, under = managers[pid]
        strength = settings.manages_tie_strength * settings.manages_level_factor ** (level - 1)
        ties.append(_Tie(AdvocateTieKind.MANAGES, strength, tuple(sorted(under))))
    if any(u in units for u in person.past_unit_ids):
        ties.append(_Tie(AdvocateTieKind.FORMER_MEMBER, settings.former_member_tie_strength, ()))
    if any(u in sisters for u in person.unit_ids):
        strength = settings.sister_customer_tie_strength
        ties.append(_Tie(AdvocateTieKind.SISTER_CUSTOMER, strength, ()))
    return ties


def _advocate(s: AccountSnapshot, pid: str, known: float, tie: _Tie) -> Advocate:
    """``pid`` as an advocate through ``tie``, known by us with strength ``known``."""
    bonus = _gets_bonus(s, s.people[pid])
    score = known * tie.strength * (s.settings.customer_advocate_bonus if bonus else 1.0)
    holder = known_by(s, pid)
    assert holder is not None
    return Advocate(
        person=person_ref(s, pid),
        score=score,
        tie=AdvocateTie(
            kind=tie.kind,
            strength=tie.strength,
            reached_person_ids=list(tie.reached),
            reached=[NamedId(id=r, name=s.people[r].name) for r in tie.reached],
        ),
        known_by=holder,
        customer_bonus=bonus,
    )
