"""A small, hand-designed world whose answers are worked out by hand below, so API
and CLI tests assert real figures rather than "it ran".

As of 2026-11-15 (H = 180 days, strong >= 0.5):

Acme Holdings (A1)
  D1 Acme Europe (division, customer)
    B1 Acme Paris (branch; customer through won opportunity O1)
      BC1 Paris IT Budget (budget center) -- only Gina, who left
    B2 Acme Lyon (branch, prospect, headcount 120) -- nobody known: a gap whose
       sister B1 is a customer
  D2 Acme Americas (division, prospect, headcount 500) -- nobody recorded

People: P1 Alice Martin, CEO, at the account level (executive)
        P2 Bruno Petit, VP Sales Europe, D1, reports to P1 (executive)
        P3 Chloé Durand, Director of IT, B1, reports to P2, champion
        P4 Daniel Roux, IT Manager, B1, reports to P3; worked in B2 until 2024
        P5 Emma Leroy, Head of Operations, B2, reports to P2 (executive: "head of")
        P6 Farid Benali, Analyst, B2, reports to P5
        P7 Gina Lopez, Buyer, BC1, economic buyer, left 2026-10-01
Team:   T1 Tom Reed (AE) and T2 Sara Kim (SE) on A1's team, both report to T3 Vic Vance

Effective strengths on 2026-11-15:
  T1-P3 0.9 from 2026-11-01 (14 d)  -> 0.9 * 0.5**(14/180)  = 0.8527 strong
  T1-P2 0.4 from 2026-10-01 (45 d)  -> 0.4 * 0.5**(45/180)  = 0.3364 weak
  T2-P4 0.8 from 2026-11-10 (5 d)   -> 0.8 * 0.5**(5/180)   = 0.7847 strong
  T1-P7 0.9 -- P7 left: counts nowhere
  T2-P6 meeting on 2026-12-01 -- after the as-of date: no relationship

Coverage: A1 uncovered (P1 unknown); D1 weak (P2 0.336); B1 covered (P3, P4);
  B2 uncovered; BC1 uncovered (no active people); D2 uncovered (nobody recorded).
Gaps, ranked: D2 (headcount 500) then B2 (120): both have a customer sister (D1
  and B1: top-level units are sisters under the account), then the rest.

Advocates for B2: P3 knows P5 (tie 0.7) and B1 is a customer:
  0.8527 * 0.7 * 1.25 = 0.7461; P4 worked in B2 (0.6): 0.7847 * 0.6 * 1.25 = 0.5885.

Executive paths, whole team: P5 via T1-P3-P5 0.8527*0.7 = 0.5969;
  P2 via T1-P3-P2 (reporting line 0.6) 0.5116; P1 via T1-P3-P2-P1 0.3070.

Globex (A2): one division G1, one person P8 whom P3 knows (a tie across accounts,
which must count nowhere in A1).
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

AS_OF = dt.date(2026, 11, 15)
D = dt.date


def sample_batch() -> Batch:
    return Batch(
        accounts=[
            AccountRecord("A1", "Acme Holdings", "Manufacturing", "FR", "1"),
            AccountRecord("A2", "Globex", "Energy", "DE", "2"),
        ],
        units=[
            UnitRecord(
                "D1", "A1", UnitKind.DIVISION, "Acme Europe", None, UnitStatus.CUSTOMER, 900
            ),
            UnitRecord("B1", "A1", UnitKind.BRANCH, "Acme Paris", "D1", UnitStatus.PROSPECT, 300),
            UnitRecord("BC1", "A1", UnitKind.BUDGET_CENTER, "Paris IT Budget", "B1", headcount=20),
            UnitRecord("B2", "A1", UnitKind.BRANCH, "Acme Lyon", "D1", UnitStatus.PROSPECT, 120),
            UnitRecord("D2", "A1", UnitKind.DIVISION, "Acme Americas", None, headcount=500),
            UnitRecord("G1", "A2", UnitKind.DIVISION, "Globex Power", None),
        ],
        people=[
            PersonRecord(
                "P1",
                "A1",
                "Alice Martin",
                None,
                "Chief Executive Officer",
                Seniority.C_LEVEL,
                email="alice@acme.example",
            ),
            PersonRecord(
                "P2", "A1", "Bruno Petit", "D1", "VP Sales Europe", Seniority.VP, manager_id="P1"
            ),
            PersonRecord(
                "P3",
                "A1",
                "Chloé Durand",
                "B1",
                "Director of IT",
                Seniority.DIRECTOR,
                BuyingRole.CHAMPION,
                manager_id="P2",
            ),
            PersonRecord(
                "P4", "A1", "Daniel Roux", "B1", "IT Manager", Seniority.MANAGER, manager_id="P3"
            ),
            PersonRecord(
                "P5", "A1", "Emma Leroy", "B2", "Head of Operations", Seniority.VP, manager_id="P2"
            ),
            PersonRecord(
                "P6", "A1", "Farid Benali", "B2", "Analyst", Seniority.STAFF, manager_id="P5"
            ),
            PersonRecord(
                "P7",
                "A1",
                "Gina Lopez",
                "BC1",
                "Buyer",
                Seniority.STAFF,
                BuyingRole.ECONOMIC_BUYER,
                manager_id="P4",
                left_on=D(2026, 10, 1),
            ),
            PersonRecord(
                "P8", "A2", "Hans Weber", "G1", "Chief Financial Officer", Seniority.C_LEVEL
            ),
        ],
        team_members=[
            TeamMemberRecord("T1", "Tom Reed", "tom@us.example", "Account Executive", "T3"),
            TeamMemberRecord("T2", "Sara Kim", "sara@us.example", "Solutions Engineer", "T3"),
            TeamMemberRecord("T3", "Vic Vance", "vic@us.example", "VP Sales"),
        ],
        account_teams=[
            AccountTeamRecord("T1", "A1", "owner"),
            AccountTeamRecord("T2", "A1", "technical"),
        ],
        relationships=[
            RelationshipRecord("T1", "P3", 0.9, D(2026, 11, 1), 12, "crm"),
            RelationshipRecord("T1", "P2", 0.4, D(2026, 10, 1), 3, "crm"),
            RelationshipRecord("T2", "P4", 0.8, D(2026, 11, 10), 7, "crm"),
            RelationshipRecord("T1", "P7", 0.9, D(2026, 9, 1), 20, "crm"),
        ],
        activities=[
            ActivityRecord("X1", "T2", "P6", ActivityType.MEETING, D(2026, 12, 1)),
        ],
        person_ties=[
            PersonTieRecord("P3", "P5", 0.7, TieKind.COLLEAGUE),
            PersonTieRecord("P3", "P8", 0.9, TieKind.FRIEND),
        ],
        employments=[
            EmploymentRecord("P4", "B2", D(2023, 1, 1), D(2024, 6, 30)),
        ],
        opportunities=[
            OpportunityRecord("O1", "A1", "B1", "Closed Won", True, True, 50000.0, D(2025, 6, 1)),
        ],
    )
