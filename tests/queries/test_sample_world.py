"""The hand-worked figures of ``tests/sample_world.py``, loaded through the real
embedded store, so the answers are checked on the graph a store produces."""

from __future__ import annotations

import pytest

from graph.store import GraphStore
from queries.advocates import advocates
from queries.alerts import alerts
from queries.coverage import coverage
from queries.models import AlertKind, CoverageStatus
from queries.paths import executive_paths
from queries.settings import QuerySettings
from queries.snapshot import AccountSnapshot
from tests.sample_world import AS_OF, sample_batch


@pytest.fixture
def snapshot(embedded_store: GraphStore) -> AccountSnapshot:
    embedded_store.apply(sample_batch())
    return AccountSnapshot.build(embedded_store.account_data("A1"), AS_OF, QuerySettings())


def test_coverage(snapshot: AccountSnapshot) -> None:
    rows = {r.id: r for r in coverage(snapshot).rows}
    status = {k: r.status for k, r in rows.items()}
    assert status == {
        "A1": CoverageStatus.UNCOVERED,
        "D1": CoverageStatus.WEAK,
        "B1": CoverageStatus.COVERED,
        "B2": CoverageStatus.UNCOVERED,
        "BC1": CoverageStatus.UNCOVERED,
        "D2": CoverageStatus.UNCOVERED,
    }
    assert rows["D1"].best_strength == pytest.approx(0.4 * 0.5 ** (45 / 180))
    assert not rows["BC1"].has_people
    assert rows["B1"].customer_status.value == "customer"  # won opportunity O1


def test_gaps_with_a_customer_sister_come_first(snapshot: AccountSnapshot) -> None:
    gaps = coverage(snapshot).gaps
    # B2's sister B1 is a customer, and so is D2's sister D1 (both sit under the
    # account); D2's headcount (500) then ranks it before B2 (120).
    assert [g.id for g in gaps[:2]] == ["D2", "B2"]
    assert gaps[1].sister_customer_ids == ["B1"]


def test_advocates_for_b2(snapshot: AccountSnapshot) -> None:
    found = advocates(snapshot, "B2").advocates
    assert [(a.person.id, a.tie.kind.value) for a in found] == [
        ("P3", "knows"),
        ("P4", "former_member"),
    ]
    assert found[0].score == pytest.approx(0.9 * 0.5 ** (14 / 180) * 0.7 * 1.25)
    assert found[1].score == pytest.approx(0.8 * 0.5 ** (5 / 180) * 0.6 * 1.25)


def test_executive_paths(snapshot: AccountSnapshot) -> None:
    s3 = 0.9 * 0.5 ** (14 / 180)
    targets = executive_paths(snapshot).targets
    assert [(t.executive.id, [n.id for n in t.best.nodes]) for t in targets] == [
        ("P5", ["T1", "P3", "P5"]),
        ("P2", ["T1", "P3", "P2"]),
        ("P1", ["T1", "P3", "P2", "P1"]),
    ]
    assert [t.best.strength for t in targets] == pytest.approx([s3 * 0.7, s3 * 0.6, s3 * 0.36])


def test_cross_account_tie_and_departed_champion(snapshot: AccountSnapshot) -> None:
    assert "P8" not in snapshot.people
    kinds = [(a.kind, a.person_id) for a in alerts(snapshot).alerts]
    assert (AlertKind.CHAMPION_LEFT, "P7") in kinds
