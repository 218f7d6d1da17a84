"""Plan actions in both stores (graph.plans.PlanStore): stored, replaced by id,
kept per account, outside the graph and its revision."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from graph.errors import StoreWriteError
from graph.plans import PlanActionRecord, PlanDecision, PlanStore
from graph.schema import AccountRecord, Batch
from graph.store import GraphStore

ACTION = PlanActionRecord(
    id="pa-1",
    account_id="A1",
    kind="introduction",
    owner_id="T1",
    target_id="P5",
    target_kind="person",
    introducer_id="P3",
    introducer_kind="person",
    title="Ask Chloé Durand for an introduction to Emma Leroy",
    due=dt.date(2026, 12, 1),
    created_on=dt.date(2026, 11, 15),
    created_by="writer-key",
    decision=PlanDecision.ACCEPTED,
)


def test_actions_are_stored_replaced_by_id_and_kept_per_account(store: GraphStore) -> None:
    assert isinstance(store, PlanStore)
    # A store that never stored an action reads none (no table, no label yet).
    assert store.plan_actions("A1") == []
    store.apply(Batch(accounts=[AccountRecord("A1", "Acme")]))
    revision = store.revision()
    store.put_plan_action(ACTION)
    unit_action = dataclasses.replace(
        ACTION,
        id="pa-2",
        kind="meeting",
        target_id="B2",
        target_kind="unit",
        introducer_id=None,
        introducer_kind=None,
    )
    store.put_plan_action(unit_action)
    store.put_plan_action(dataclasses.replace(ACTION, id="pa-9", account_id="A2"))
    assert store.plan_actions("A1") == [ACTION, unit_action]
    assert [a.id for a in store.plan_actions("A2")] == ["pa-9"]
    assert store.plan_actions("A3") == []

    dismissed = dataclasses.replace(
        ACTION, decision=PlanDecision.DISMISSED, due=dt.date(2027, 1, 31)
    )
    store.put_plan_action(dismissed)
    assert store.plan_actions("A1") == [dismissed, unit_action]
    # Plans are not account data: no cached answer is invalidated by them.
    assert store.revision() == revision
    assert store.counts()["account"] == 1


def test_a_read_only_embedded_store_refuses_to_store_an_action(tmp_path: Path) -> None:
    path = tmp_path / "graph.db"
    EmbeddedStore(path).close()
    ro = EmbeddedStore(path, read_only=True)
    try:
        with pytest.raises(StoreWriteError, match="read-only"):
            ro.put_plan_action(ACTION)
        assert ro.plan_actions("A1") == []
    finally:
        ro.close()


def test_actions_survive_reopening_the_embedded_store(tmp_path: Path) -> None:
    path = tmp_path / "graph.db"
    first = EmbeddedStore(path)
    first.put_plan_action(ACTION)
    first.close()
    again = EmbeddedStore(path)
    try:
        assert again.plan_actions("A1") == [ACTION]
    finally:
        again.close()
