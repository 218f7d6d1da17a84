"""An account with awkward names, added beside the sample world: 120-character
names that must wrap or ellipsize, and markup in a name that must stay text."""

from __future__ import annotations

import datetime as dt

from graph.schema import (
    AccountRecord,
    AccountTeamRecord,
    Batch,
    PersonRecord,
    RelationshipRecord,
    Seniority,
    TeamMemberRecord,
    UnitKind,
    UnitRecord,
)

LONG = (
    "Überlange Vertriebs- und Beschaffungsgesellschaft für Industrieanlagen, Sonderfahrzeuge "
    "und Infrastrukturprojekte mbH & Co"
)[:120]
SCRIPT_NAME = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'
ODD_ACCOUNT = "Z9"
ODD_UNIT = "Z9-U1"


def odd_names_batch() -> Batch:
    assert len(LONG) == 120
    return Batch(
        accounts=[AccountRecord(ODD_ACCOUNT, LONG, LONG, "DE", "1")],
        units=[UnitRecord(ODD_UNIT, ODD_ACCOUNT, UnitKind.DIVISION, LONG + " Süd")],
        people=[
            PersonRecord("Z9-P1", ODD_ACCOUNT, LONG, ODD_UNIT, LONG, Seniority.C_LEVEL),
            PersonRecord("Z9-P2", ODD_ACCOUNT, SCRIPT_NAME, ODD_UNIT, "Buyer", manager_id="Z9-P1"),
        ],
        team_members=[TeamMemberRecord("Z9-T1", "Tessa " + LONG)],
        account_teams=[AccountTeamRecord("Z9-T1", ODD_ACCOUNT)],
        relationships=[
            RelationshipRecord("Z9-T1", "Z9-P1", 0.9, dt.date(2026, 11, 1)),
            RelationshipRecord("Z9-T1", "Z9-P2", 0.7, dt.date(2026, 11, 1)),
        ],
    )


#: Accounts of the "many accounts" world: more than one page of the accounts list.
MANY = 55


def many_people(i: int) -> int:
    """People of account ``i``: every count from 1 to MANY once, not in name order."""
    return (i * 17) % MANY + 1


def many_accounts_batch() -> Batch:
    """MANY accounts named "Account 000".., tiers 1-3, with distinct people counts."""
    accounts = [
        AccountRecord(f"M{i:03}", f"Account {i:03}", "Retail", "FR", str(i % 3 + 1))
        for i in range(MANY)
    ]
    people = [
        PersonRecord(f"M{i:03}-P{j}", f"M{i:03}", f"Person {i} {j}")
        for i in range(MANY)
        for j in range(many_people(i))
    ]
    return Batch(accounts=accounts, people=people)
