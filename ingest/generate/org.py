"""Synthetic org charts: units in a ragged hierarchy, people with titles that the
DOMAIN.md seniority rule maps sensibly, and reporting lines that follow the
hierarchy (a unit head reports to the nearest staffed ancestor's head, or to the
CEO). Shared by the demo world and the benchmark scales.

People are plain lists (columns of ``people.csv``, in order) so that hundreds of
thousands of them stay cheap; the ``P_*`` constants name the columns.

>>> import random
>>> org = Org("A1", "a1.example", random.Random(5))
>>> ceo = org.add_top_people(3)[0]
>>> ceo[P_TITLE], ceo[P_MANAGER]
('Chief Executive Officer', '')
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Final

from ingest.generate.names import (
    DIRECTOR_TITLES,
    EXECUTIVE_TITLES,
    GIVEN_SENIORITY_TITLES,
    MANAGER_TITLES,
    STAFF_TITLES,
    VP_TITLES,
    email_of,
    person_name,
)

P_ID, P_ACCOUNT, P_UNIT, P_NAME, P_TITLE, P_SENIORITY = 0, 1, 2, 3, 4, 5
P_ROLE, P_MANAGER, P_EMAIL, P_LEFT = 6, 7, 8, 9

# A person's place in the org chart, which decides titles and buying roles.
EXEC, HEAD, MANAGER, STAFF = 0, 1, 2, 3

SPAN: Final = 7  # people per manager inside a unit


@dataclass(slots=True)
class Unit:
    id: str
    account_id: str
    parent_id: str  # "" when directly under the account
    kind: str
    name: str
    depth: int  # 1 = directly under the account
    status: str = ""  # "" lets ingest apply its default (prospect)
    headcount: int = 0
    head: str = ""  # person id of the unit's head, "" while unstaffed
    people: list[str] = field(default_factory=list)

    def row(self) -> tuple[str, ...]:
        return (
            self.id,
            self.account_id,
            self.parent_id,
            self.kind,
            self.name,
            self.status,
            str(self.headcount) if self.headcount else "",
            "",
        )


def _pick(rng: random.Random, options: tuple[str, ...]) -> str:
    return options[rng.randrange(len(options))]


def head_title(rng: random.Random, unit: Unit) -> str:
    """The title of a unit's head: senior near the top, closer to the work below."""
    n = unit.name
    if unit.kind == "division":
        if unit.depth == 1:
            return _pick(rng, (f"EVP {n}", f"SVP {n}", f"Head of {n}", f"President, {n}"))
        return _pick(rng, (f"VP {n}", f"Director, {n}", f"Head of {n}"))
    if unit.kind == "branch":
        return _pick(rng, (f"Site Director, {n}", f"Head of {n}", f"General Manager, {n}"))
    return _pick(rng, (f"Director, {n}", f"{n} Manager", f"Head of {n}"))


class Org:
    """The people of one account, added top-down so that every manager exists
    before their reports (which makes reporting lines acyclic by construction)."""

    def __init__(self, account_id: str, domain: str, rng: random.Random) -> None:
        self.account_id = account_id
        self.domain = domain
        self.rng = rng
        self.people: list[list[str]] = []
        self.level: list[int] = []  # EXEC/HEAD/MANAGER/STAFF, parallel to people
        self.index: dict[str, int] = {}
        self.units: list[Unit] = []
        self.unit_by_id: dict[str, Unit] = {}
        self.ceo = ""
        self._emails: dict[str, int] = {}

    def add_unit(self, unit: Unit) -> Unit:
        self.units.append(unit)
        self.unit_by_id[unit.id] = unit
        return unit

    def add_person(
        self, unit_id: str, title: str, level: int, manager_id: str, seniority: str = ""
    ) -> list[str]:
        pid = f"{self.account_id}-P{len(self.people) + 1:05d}"
        name = person_name(self.rng)
        email = email_of(name, self.domain)
        seen = self._emails.get(email, 0)
        self._emails[email] = seen + 1
        if seen:  # namesakes get distinct addresses, as mail systems insist
            local, _, host = email.partition("@")
            email = f"{local}{seen + 1}@{host}"
        row = [pid, self.account_id, unit_id, name, title, seniority, "", manager_id, email, ""]
        self.index[pid] = len(self.people)
        self.people.append(row)
        self.level.append(level)
        if unit_id:
            self.unit_by_id[unit_id].people.append(pid)
        return row

    def person(self, pid: str) -> list[str]:
        return self.people[self.index[pid]]

    def add_top_people(self, count: int) -> list[list[str]]:
        """The CEO and the executives reporting to them, at the account level."""
        ceo = self.add_person("", EXECUTIVE_TITLES[0], EXEC, "")
        self.ceo = ceo[P_ID]
        rows = [ceo]
        for i in range(1, count):
            if i < len(EXECUTIVE_TITLES):
                rows.append(self.add_person("", EXECUTIVE_TITLES[i], EXEC, self.ceo))
            elif i == len(EXECUTIVE_TITLES):
                title, seniority = GIVEN_SENIORITY_TITLES[0]  # Chief of Staff
                rows.append(self.add_person("", title, EXEC, self.ceo, seniority))
            else:
                rows.append(self.add_person("", "Executive Assistant", STAFF, self.ceo))
        return rows

    def boss_above(self, unit: Unit) -> str:
        """The head of the nearest staffed ancestor of ``unit``, else the CEO."""
        parent = unit.parent_id
        while parent:
            up = self.unit_by_id[parent]
            if up.head:
                return up.head
            parent = up.parent_id
        return self.ceo

    def staff_unit(self, unit: Unit, count: int) -> None:
        """Add ``count`` people to ``unit``: a head, managers per :data:`SPAN`
        people, and staff reporting to them. Ancestors must be staffed first."""
        if count <= 0:
            return
        rng = self.rng
        head = self.add_person(unit.id, head_title(rng, unit), HEAD, self.boss_above(unit))
        unit.head = head[P_ID]
        rest = count - 1
        n_managers = rest // SPAN
        senior = unit.depth == 1 and unit.kind == "division"
        managers = [unit.head]
        for _ in range(n_managers):
            pool = (VP_TITLES + DIRECTOR_TITLES) if senior else (DIRECTOR_TITLES + MANAGER_TITLES)
            managers.append(self.add_person(unit.id, _pick(rng, pool), MANAGER, unit.head)[P_ID])
        for _ in range(rest - n_managers):
            boss = managers[rng.randrange(len(managers))]
            if rng.random() < 0.03:
                title, seniority = GIVEN_SENIORITY_TITLES[rng.randrange(1, 5)]
                self.add_person(unit.id, title, STAFF, boss, seniority)
            else:
                self.add_person(unit.id, _pick(rng, STAFF_TITLES), STAFF, boss)

    def assign_buying_roles(self, customer_units: frozenset[str]) -> None:
        """Buying roles where a CRM would hold them: buyers at the top, champions and
        influencers in the middle, users among staff; most people have none."""
        rng = self.rng
        for row, level in zip(self.people, self.level, strict=True):
            r = rng.random()
            if level == EXEC:
                title = row[P_TITLE]
                if title == "CFO":
                    row[P_ROLE] = "economic_buyer"
                elif title in ("CIO", "CTO", "Chief Operating Officer") and r < 0.7:
                    row[P_ROLE] = "decision_maker"
            elif level == HEAD:
                if r < (0.5 if row[P_UNIT] in customer_units else 0.2):
                    row[P_ROLE] = "decision_maker"
            elif level == MANAGER:
                row[P_ROLE] = "champion" if r < 0.12 else "influencer" if r < 0.35 else ""
            elif r < 0.06:
                row[P_ROLE] = "user" if r < 0.05 else "blocker"

    def reports_of(self) -> dict[str, int]:
        """How many people report to each manager."""
        counts: dict[str, int] = {}
        for row in self.people:
            if row[P_MANAGER]:
                counts[row[P_MANAGER]] = counts.get(row[P_MANAGER], 0) + 1
        return counts
