"""A Dynamics 365 export, a HubSpot export and a Zoho export read through the
worked mapping (docs/mappings/zoho.toml), all of one small world, load into the
answers a native bundle of that world gives (tests/ingest/dialect_world.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from graph.embedded import EmbeddedStore
from ingest.report import IngestOptions, IngestReport
from ingest.service import load_bundle
from queries.coverage import coverage
from queries.paths import executive_paths, paths_to_person
from queries.settings import QuerySettings
from queries.snapshot import AccountSnapshot
from tests.ingest import dialect_world as world

AS_OF = dt.date(2026, 6, 1)
ZOHO_MAPPING = Path(__file__).parents[2] / "docs" / "mappings" / "zoho.toml"


def answers(store: EmbeddedStore, ids: dict[str, str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key in ("A", "B"):
        snap = AccountSnapshot.build(store.account_data(ids[key]), AS_OF, QuerySettings())
        found[f"coverage {key}"] = coverage(snap).model_dump(mode="json")
        found[f"executive paths {key}"] = executive_paths(snap).model_dump(mode="json")
        for person, (*_, at) in world.PEOPLE.items():
            if world._top(at) == key:
                best = paths_to_person(snap, ids[person])
                found[f"paths {person}"] = best.model_dump(mode="json")
    return found


def load(
    tmp_path: Path, name: str, bundle: Path, options: IngestOptions
) -> tuple[IngestReport, dict[str, int], EmbeddedStore]:
    store = EmbeddedStore(tmp_path / f"{name}.db")
    report = load_bundle(bundle, store, options)
    return report, store.counts(), store


@pytest.mark.parametrize(
    ("dialect", "ids", "write", "options"),
    [
        ("dynamics", {k: world.guid(k) for k in world.KEYS}, world.dynamics, IngestOptions()),
        ("dynamics", {k: world.guid(k) for k in world.KEYS}, world.dynamics_excel, IngestOptions()),
        ("hubspot", world.HUBSPOT, world.hubspot, IngestOptions()),
        (
            "mapped",
            world.ZOHO,
            world.zoho,
            IngestOptions(format="mapped", mapping=ZOHO_MAPPING),
        ),
    ],
)
def test_each_dialect_loads_the_answers_of_the_native_bundle(
    tmp_path: Path,
    dialect: str,
    ids: dict[str, str],
    write: Any,
    options: IngestOptions,
) -> None:
    report, counts, store = load(tmp_path, dialect, write(tmp_path / dialect), options)
    native_report, native_counts, native_store = load(
        tmp_path, "native", world.native(tmp_path / "native", ids), IngestOptions()
    )
    try:
        assert report.dialect == dialect
        assert native_report.dialect == "powermap"
        assert report.error_count == 0, report.problems
        assert counts == native_counts
        assert counts["account"] == 2
        assert counts["unit"] == 2
        assert counts["person"] == 4
        assert counts["team_member"] == 2
        assert report.kinds["activity"].created == len(world.ACTIVITIES) == 6
        # Every activity row read is created, skipped or rejected; records made from
        # other rows (deal activities, a meeting's further contacts) are derived.
        k = report.kinds["activity"]
        assert k.read + k.derived == k.created + k.skipped + k.rejected
        # The open call (k2) is skipped on purpose, and said so.
        assert report.skipped_reasons.get("not_completed") == 1
        assert answers(store, ids) == answers(native_store, ids)
    finally:
        store.close()
        native_store.close()
