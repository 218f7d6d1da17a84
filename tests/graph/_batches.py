"""Sample batches for the store tests: two small accounts that use every node kind,
relationship kind and property, and a generator of large batches.

Account A1 ("Acme"):

    A1 ── D1 (division) ── B1 (branch, customer) ── C1 (budget center)
      └── D2 (division)
    people: P1 (CEO, at the account) <- P2 (D1) <- P3 (B1, left) ; P4 (C1) ; P5 (D2)
    team:   T1 on the team (manager T0, report T4; T0's manager T5 is two hops away)
            T2 knows P3 from activities only

Account A2 ("Globex"): G1 (division); Q1 (G1), Q2 (at the account); T3 and T1 on the
team. The tie P1–Q1 crosses accounts, so it is in neither graph.
"""

from __future__ import annotations

import datetime as dt

from graph.schema import (
    AccountRecord,
    AccountTeamRecord,
    ActivityRecord,
    ActivityType,
    Batch,
    BuyingRole,
    EmploymentRecord,
    OpportunityRecord,
    PersonRecord,
    PersonTieRecord,
    RelationshipRecord,
    Seniority,
    TeamMemberRecord,
    TieKind,
    UnitKind,
    UnitRecord,
    UnitStatus,
)

D = dt.date


def sample_batch() -> Batch:
    return Batch(
        accounts=[
            AccountRecord("A1", "Acme", industry="Manufacturing", country="DE", tier="1"),
            AccountRecord("A2", "Globex"),
        ],
        units=[
            UnitRecord("D1", "A1", UnitKind.DIVISION, "Industrial", headcount=1200),
            UnitRecord(
                "B1",
                "A1",
                UnitKind.BRANCH,
                "Lyon",
                parent_id="D1",
                status=UnitStatus.CUSTOMER,
                headcount=80,
                revenue=1.5e6,
            ),
            UnitRecord(
                "C1",
                "A1",
                UnitKind.BUDGET_CENTER,
                "Lyon IT",
                parent_id="B1",
                status=UnitStatus.FORMER_CUSTOMER,
            ),
            UnitRecord("D2", "A1", UnitKind.DIVISION, "Consumer"),
            UnitRecord("G1", "A2", UnitKind.DIVISION, "Globex Retail"),
        ],
        people=[
            PersonRecord(
                "P1",
                "A1",
                "Ada Lovelace",
                title="CEO",
                seniority=Seniority.C_LEVEL,
                buying_role=BuyingRole.ECONOMIC_BUYER,
                email="ada@acme.example",
            ),
            PersonRecord(
                "P2",
                "A1",
                "Bo Chen",
                unit_id="D1",
                title="VP Industrial",
                seniority=Seniority.VP,
                buying_role=BuyingRole.CHAMPION,
                manager_id="P1",
            ),
            PersonRecord(
                "P3",
                "A1",
                "Cy Diaz",
                unit_id="B1",
                title="Site director",
                seniority=Seniority.DIRECTOR,
                manager_id="P2",
                left_on=D(2026, 3, 31),
            ),
            PersonRecord("P4", "A1", "Di Evans", unit_id="C1", manager_id="P3"),
            PersonRecord("P5", "A1", "Ed Fox", unit_id="D2", seniority=Seniority.MANAGER),
            PersonRecord("Q1", "A2", "Flo Gray", unit_id="G1"),
            PersonRecord("Q2", "A2", "Gus Hill", buying_role=BuyingRole.BLOCKER),
        ],
        team_members=[
            TeamMemberRecord("T5", "Vera VP", role="VP Sales"),
            TeamMemberRecord("T0", "Max Manager", role="Sales manager", manager_id="T5"),
            TeamMemberRecord("T1", "Ann Exec", email="ann@us.example", role="AE", manager_id="T0"),
            TeamMemberRecord("T2", "Sam Eng", role="SE", active=False),
            TeamMemberRecord("T3", "Lou Rep", role="AE"),
            TeamMemberRecord("T4", "Kim Junior", manager_id="T1"),
        ],
        account_teams=[
            AccountTeamRecord("T1", "A1", role="owner"),
            AccountTeamRecord("T3", "A2", role="AE"),
            AccountTeamRecord("T1", "A2"),
        ],
        relationships=[
            RelationshipRecord(
                "T1", "P1", strength=0.8, last_contact=D(2026, 1, 20), touches=12, source="crm"
            ),
            RelationshipRecord("T1", "P2", strength=0.35),
            RelationshipRecord("T3", "Q1", strength=0.4, last_contact=D(2025, 12, 1)),
        ],
        activities=[
            ActivityRecord("X1", "T2", "P3", ActivityType.MEETING, D(2026, 1, 10)),
            ActivityRecord("X2", "T2", "P3", ActivityType.CALL, D(2026, 1, 5)),
            ActivityRecord("X3", "T1", "P1", ActivityType.EMAIL, D(2026, 1, 5)),
            ActivityRecord("X0", "T1", "P1", ActivityType.OTHER, D(2026, 1, 5)),
        ],
        person_ties=[
            PersonTieRecord("P2", "P1", 0.7, TieKind.COLLEAGUE),
            PersonTieRecord("P4", "P3", 0.5, TieKind.FRIEND),
            PersonTieRecord("P1", "Q1", 0.3),
        ],
        employments=[
            EmploymentRecord("P3", "D2", from_date=D(2020, 1, 1), until_date=D(2022, 12, 31)),
            EmploymentRecord("P2", "B1", from_date=D(2024, 1, 1), current=True),
            EmploymentRecord("P5", "A1", at_account=True),
        ],
        opportunities=[
            OpportunityRecord(
                "O1",
                "A1",
                unit_id="B1",
                stage="Closed Won",
                won=True,
                closed=True,
                amount=1000.5,
                close_date=D(2025, 6, 30),
            ),
            OpportunityRecord("O2", "A1", stage="Prospecting"),
            OpportunityRecord("O3", "A2", unit_id="G1", stage="Qualification", amount=50.0),
        ],
    )


def large_batch(people: int, *, prefix: str = "L") -> Batch:
    """One account with ``people`` people in 100 units, a 10-member team, and
    about 4 other rows per person (reporting line, relationship, activity, tie,
    employment): roughly ``5 * people`` rows."""
    account = f"{prefix}A"
    units = [
        UnitRecord(f"{prefix}U{i}", account, UnitKind.BRANCH, f"Unit {i}", headcount=i)
        for i in range(100)
    ]
    team = [TeamMemberRecord(f"{prefix}T{i}", f"Member {i}") for i in range(10)]
    batch = Batch(
        accounts=[AccountRecord(account, "Large account")],
        units=units,
        team_members=team,
        account_teams=[AccountTeamRecord(t.id, account) for t in team],
    )
    for i in range(people):
        pid = f"{prefix}P{i}"
        batch.people.append(
            PersonRecord(
                pid,
                account,
                f"Person {i}",
                unit_id=f"{prefix}U{i % 100}",
                manager_id=f"{prefix}P{i // 10}" if i else None,
            )
        )
        tm = f"{prefix}T{i % 10}"
        batch.relationships.append(RelationshipRecord(tm, pid, strength=(i % 100) / 100))
        batch.activities.append(
            ActivityRecord(f"{prefix}X{i}", tm, pid, ActivityType.CALL, D(2025, 1, 1 + i % 28))
        )
        if i:
            batch.person_ties.append(PersonTieRecord(pid, f"{prefix}P{i - 1}", 0.5))
        batch.employments.append(
            EmploymentRecord(pid, f"{prefix}U{(i + 1) % 100}", from_date=D(2019, 1, 1))
        )
    return batch
