"""The review's alerts (``alerts_between``) are exactly the full alerts dated in
the window: on the review's hand-built world and the sample world, for windows
that open before, on and after each alert's date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from graph.schema import BuyingRole, Seniority, UnitStatus
from queries.alerts import alerts, alerts_between
from queries.models import AlertKind
from queries.snapshot import AccountSnapshot
from queries.worlds import WorldBuilder
from tests.queries.conftest import SETTINGS, days_ago, snap
from tests.queries.test_review import T2, world
from tests.sample_world import AS_OF, sample_batch


def check_every_window(s: AccountSnapshot) -> set[AlertKind]:
    """Compares both for a window opening at every alert's date, the day before and
    the day after; returns the kinds of alert seen."""
    every = alerts(s).alerts
    opens = {s.as_of - dt.timedelta(days=400)}
    for a in every:
        opens |= {a.date - dt.timedelta(days=1), a.date, a.date + dt.timedelta(days=1)}
    for since in sorted(d for d in opens if d < s.as_of):
        expected = [a for a in every if since < a.date <= s.as_of]
        assert alerts_between(s, since).alerts == expected, since
    return {a.kind for a in every}


def test_the_review_world_alerts_in_every_window() -> None:
    kinds = check_every_window(snap(world(), T2))
    assert AlertKind.CHAMPION_LEFT in kinds


@pytest.mark.parametrize("days_later", [0, 45, 200])
def test_the_sample_world_alerts_in_every_window(tmp_path: Path, days_later: int) -> None:
    with EmbeddedStore(tmp_path / "graph.db") as store:
        store.apply(sample_batch())
        accounts = [a.id for a in store.list_accounts()]
        datas = [store.account_data(a) for a in accounts]
    kinds: set[AlertKind] = set()
    for data in datas:
        assert data is not None
        day = AS_OF + dt.timedelta(days=days_later)
        kinds |= check_every_window(AccountSnapshot.build(data, day, SETTINGS))
    assert kinds  # the sample world raises alerts at each of these dates


def every_kind() -> WorldBuilder:
    """One alert of each kind, and near misses: a customer unit known strongly by
    two people, a prospect unit known by one, an executive with one fresh contact."""
    b = WorldBuilder()
    b.unit("CUST", status=UnitStatus.CUSTOMER, name="Customer")
    b.unit("TWO", status=UnitStatus.CUSTOMER)
    b.unit("PROS")
    b.person("C", unit="CUST", buying_role=BuyingRole.CHAMPION, left_on=days_ago(3))
    b.person("P", unit="CUST")
    b.person("Q", unit="CUST")
    b.person("TWO1", unit="TWO")
    b.person("TWO2", unit="TWO")
    b.person("PROS1", unit="PROS")
    b.person("E1", seniority=Seniority.C_LEVEL)
    b.person("E2", seniority=Seniority.VP)
    b.team_member("T1")
    b.team_member("T2")
    b.knows("T1", "P", strength=0.6, last_contact=days_ago(40))
    b.knows("T2", "Q", strength=0.2, last_contact=days_ago(40))
    b.knows("T1", "TWO1", strength=0.9)
    b.knows("T2", "TWO2", strength=0.9)
    b.knows("T1", "PROS1", strength=0.9)
    b.knows("T1", "E1", strength=0.9, last_contact=days_ago(200))
    b.knows("T1", "E2", strength=0.9, last_contact=days_ago(300))
    b.knows("T2", "E2", strength=0.9, last_contact=days_ago(3))
    return b


def test_every_kind_of_alert_in_every_window() -> None:
    found = alerts(snap(every_kind())).alerts
    assert check_every_window(snap(every_kind())) == set(AlertKind)
    single = [a for a in found if a.kind is AlertKind.SINGLE_THREADED_CUSTOMER]
    assert [(a.unit_id, a.person_id, a.unit_name) for a in single] == [("CUST", "P", "Customer")]


def test_cooling_is_never_in_a_window() -> None:
    s = snap(every_kind())
    assert all(
        a.kind is not AlertKind.COOLING for a in alerts_between(s, dt.date(2000, 1, 1)).alerts
    )
