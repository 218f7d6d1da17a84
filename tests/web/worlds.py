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
