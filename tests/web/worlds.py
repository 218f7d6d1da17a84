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


#: The "wide" world (issue 17 at scale M): an account too wide to draw down.
WIDE = "W1"
WIDE_BOSS = "W1-P000"
WIDE_MEMBER = "W-T1"
#: Divisions under W1 (two branches each) and the boss's direct reports.
WIDE_DIVISIONS = 30
WIDE_REPORTS = 40
#: One-person accounts W02.. where WIDE_MEMBER knows someone; on the account team
#: of the last WIDE_ON_TEAM of them (and of W1).
WIDE_SMALL = 24
WIDE_ON_TEAM = 4
WIDE_DAY = dt.date(2026, 11, 1)


def wide_small(i: int) -> str:
    return f"W{i + 2:02}"


def wide_batch() -> Batch:
    """W1: 30 divisions of two branches each (one person in each branch, nobody
    known, so every branch is a gap and the chart opens along all of them: 60
    leaves, 10,000 px drawn down), a boss at the account level with 40 reports; and
    WIDE_SMALL one-person accounts whose person WIDE_MEMBER knows well (and, in one
    in three, W-T2 too)."""
    units, people = [], [PersonRecord(WIDE_BOSS, WIDE, "Wanda Boss", title="CEO")]
    for i in range(WIDE_DIVISIONS):
        division = f"W1-D{i:02}"
        units.append(UnitRecord(division, WIDE, UnitKind.DIVISION, f"Division {i:02}"))
        for j in range(2):
            branch = f"{division}-B{j}"
            units.append(UnitRecord(branch, WIDE, UnitKind.BRANCH, f"Branch {i:02}.{j}", division))
            people.append(PersonRecord(f"{branch}-P", WIDE, f"Bo {i:02}.{j}", branch))
    people += [
        PersonRecord(f"W1-P{n:03}", WIDE, f"Report {n:03}", title="Analyst", manager_id=WIDE_BOSS)
        for n in range(1, WIDE_REPORTS + 1)
    ]
    smalls = [wide_small(i) for i in range(WIDE_SMALL)]
    people += [PersonRecord(f"{a}-P1", a, f"Sam {a}") for a in smalls]
    on_team = [WIDE, *smalls[-WIDE_ON_TEAM:]]
    known = [(WIDE_MEMBER, WIDE_BOSS, 0.9), (WIDE_MEMBER, "W1-P039", 0.3)]
    # More than a page's list of relationships in W1 (LIST_CAP is 10).
    known += [(WIDE_MEMBER, f"W1-P{n:03}", 0.6 if n == 5 else 0.2) for n in range(1, 13)]
    known += [("W-T2", "W1-P020", 0.8)]
    known += [(WIDE_MEMBER, f"{a}-P1", 0.9) for a in smalls]
    known += [("W-T2", f"{a}-P1", 0.9) for a in smalls[::3]]  # nothing falls there
    return Batch(
        accounts=[AccountRecord(a, f"Wide {a}", "Retail", "FR", "1") for a in [WIDE, *smalls]],
        units=units,
        people=people,
        team_members=[
            TeamMemberRecord(WIDE_MEMBER, "Wren Wide"),
            TeamMemberRecord("W-T2", "Wyn Other"),
        ],
        account_teams=[AccountTeamRecord(WIDE_MEMBER, a) for a in on_team]
        + [AccountTeamRecord("W-T2", WIDE)],
        relationships=[RelationshipRecord(t, p, s, WIDE_DAY) for t, p, s in known],
    )
