"""The generator's Dynamics and HubSpot dialects load into the same world as the
native bundle (the records each CRM can carry), and the Salesforce dialect now
carries the world's creation dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from ingest.generate import generate_bundle
from ingest.report import IngestOptions
from ingest.service import load_bundle
from tests.graph._graphs import account_graph

AS_OF = dt.date(2026, 11, 1)


def _load(path: Path, db: Path) -> tuple[dict[str, int], EmbeddedStore]:
    store = EmbeddedStore(db)
    report = load_bundle(path, store, IngestOptions(as_of=AS_OF))
    assert report.error_count == 0, report.problems[:5]
    return store.counts(), store


@pytest.mark.parametrize("dialect", ["dynamics", "hubspot", "salesforce"])
def test_generated_dialects_load_the_native_world(tmp_path: Path, dialect: str) -> None:
    generate_bundle(tmp_path / "native", "demo")
    stats = generate_bundle(tmp_path / dialect, "demo", dialect=dialect)
    native, native_store = _load(tmp_path / "native", tmp_path / "n.db")
    counts, store = _load(tmp_path / dialect, tmp_path / "d.db")
    try:
        assert stats.people == native["person"] == counts["person"]
        for kind in ("account", "unit", "team_member", "opportunity", "WORKS_IN", "PART_OF"):
            assert counts[kind] == native[kind], kind

        # Creation dates travel: every person created on the same day as natively.
        def created(s: EmbeddedStore) -> list[str]:
            days: list[str] = []
            for account in s.list_accounts():
                nodes = account_graph(s, account.id).nodes(data=True)
                days += sorted(str(d.get("created_on")) for k, d in nodes if k[0] == "person")
            return sorted(days)

        assert created(store) == created(native_store)
        assert "None" not in created(store)
    finally:
        store.close()
        native_store.close()
