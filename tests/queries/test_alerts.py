from __future__ import annotations

import datetime as dt
import math

from graph.schema import ActivityType, BuyingRole, Seniority, UnitStatus
from queries.alerts import alerts
from queries.models import Alert, AlertKind, Severity
from queries.worlds import WorldBuilder
from tests.queries.conftest import AS_OF, days_ago, snap


def of(b: WorldBuilder, kind: AlertKind) -> list[Alert]:
    return [a for a in alerts(snap(b)).alerts if a.kind is kind]


def test_champion_left_by_role_or_strong_relationship() -> None:
    b = WorldBuilder()
    b.unit("U")
    b.person("CHAMP", unit="U", buying_role=BuyingRole.CHAMPION, left_on=days_ago(10))
    b.person("FRIEND", left_on=days_ago(20))
    b.person("NOBODY", left_on=days_ago(5))
    b.person("LONG_AGO", buying_role=BuyingRole.DECISION_MAKER, left_on=days_ago(91))
    b.person("STAYS", buying_role=BuyingRole.CHAMPION)
    b.team_member("T1")
    # Strong on the day FRIEND left (decayed since, but that does not matter).
    b.knows("T1", "FRIEND", strength=0.6, last_contact=days_ago(30))
    b.knows("T1", "NOBODY", strength=0.4, last_contact=days_ago(6))
    found = of(b, AlertKind.CHAMPION_LEFT)
    assert [(a.person_id, a.date) for a in found] == [
        ("CHAMP", days_ago(10)),
        ("FRIEND", days_ago(20)),
    ]
    assert found[0].severity is Severity.HIGH
    assert found[0].unit_id == "U"
    assert found[1].severity is Severity.MEDIUM
    assert found[1].team_member_id == "T1"


def test_cooling_given_strength_date() -> None:
    b = WorldBuilder()
    b.person("P")
    b.person("FAR")
    b.person("NODATE")
    b.person("WEAK")
    b.team_member("T1")
    d = days_ago(100)
    b.knows("T1", "P", strength=0.8, last_contact=d)  # strong until d + 122.05 days
    b.knows("T1", "FAR", strength=0.9, last_contact=days_ago(1))
    b.knows("T1", "NODATE", strength=0.9)
    b.knows("T1", "WEAK", strength=0.4, last_contact=days_ago(1))
    (alert,) = of(b, AlertKind.COOLING)
    assert alert.person_id == "P"
    assert alert.team_member_id == "T1"
    # The first day below strong: the fraction of a day rounds up.
    assert alert.date == d + dt.timedelta(days=math.floor(180 * math.log2(0.8 / 0.5)) + 1)
    assert alert.severity is Severity.LOW


def test_cooling_activity_derived_when_score_reaches_ln2() -> None:
    b = WorldBuilder()
    b.person("P", seniority=Seniority.VP)
    b.team_member("T1")
    b.knows("T1", "P", activities=((AS_OF, ActivityType.MEETING),))  # score 1.0
    # 1.0 * 0.5^(x/180) = ln 2  ->  x = 180 * log2(1 / ln 2) = 95 days: beyond 30.
    assert of(b, AlertKind.COOLING) == []
    later = snap(b, as_of=AS_OF + dt.timedelta(days=70))
    (cooling,) = [a for a in alerts(later).alerts if a.kind is AlertKind.COOLING]
    expected = AS_OF + dt.timedelta(days=math.floor(180 * math.log2(1 / math.log(2))))
    assert abs((cooling.date - expected).days) <= 1
    assert cooling.severity is Severity.MEDIUM


def test_single_threaded_customer() -> None:
    b = WorldBuilder()
    b.unit("CUST", status=UnitStatus.CUSTOMER)
    b.unit("PROS")
    for u in ("CUST", "PROS"):
        b.person(f"{u}1", unit=u)
    b.team_member("T1")
    b.knows("T1", "CUST1", strength=0.9)
    b.knows("T1", "PROS1", strength=0.9)
    (alert,) = of(b, AlertKind.SINGLE_THREADED_CUSTOMER)
    assert alert.unit_id == "CUST"
    assert alert.person_id == "CUST1"
    assert alert.date == AS_OF


def test_stale_executive_only_when_every_relationship_is_stale() -> None:
    b = WorldBuilder()
    b.person("E1", seniority=Seniority.C_LEVEL)
    b.person("E2", seniority=Seniority.VP)
    b.person("E3", seniority=Seniority.VP)
    b.team_member("T1")
    b.team_member("T2")
    b.knows("T1", "E1", strength=0.9, last_contact=days_ago(300))
    b.knows("T2", "E1", strength=0.9, last_contact=days_ago(200))
    b.knows("T1", "E2", strength=0.9, last_contact=days_ago(300))
    b.knows("T2", "E2", strength=0.9, last_contact=days_ago(3))
    (alert,) = of(b, AlertKind.STALE_EXECUTIVE)
    assert alert.person_id == "E1"
    assert alert.date == days_ago(200) + dt.timedelta(days=181)


def test_alerts_newest_first() -> None:
    b = WorldBuilder()
    b.unit("CUST", status=UnitStatus.CUSTOMER)
    b.person("C", unit="CUST", buying_role=BuyingRole.CHAMPION, left_on=days_ago(3))
    b.person("P", unit="CUST")
    b.team_member("T1")
    b.knows("T1", "P", strength=0.6, last_contact=days_ago(40))
    dates = [a.date for a in alerts(snap(b)).alerts]
    kinds = [a.kind for a in alerts(snap(b)).alerts]
    assert dates == sorted(dates, reverse=True)
    assert kinds == [AlertKind.COOLING, AlertKind.SINGLE_THREADED_CUSTOMER, AlertKind.CHAMPION_LEFT]
