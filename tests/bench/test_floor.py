"""The ingest floor the benchmark reports beside the load: every data row of the
bundle read and inserted, in its own scratch file that does not outlive it."""

from __future__ import annotations

from pathlib import Path

from bench.floor import measure_floor
from ingest.generate import generate_bundle


def test_the_floor_inserts_every_data_row_and_leaves_no_file(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    stats = generate_bundle(bundle, "demo")
    scratch = tmp_path / "store" / "floor.db"
    scratch.parent.mkdir()
    (scratch.parent / "floor.db-wal").write_bytes(b"left over by a killed run")
    floor = measure_floor(bundle, scratch)
    assert floor["rows"] == sum(stats.rows.values())
    assert {"seconds", "cpu_seconds"} <= floor.keys()
    assert list(scratch.parent.iterdir()) == []


def test_a_file_with_a_header_only_counts_no_row(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    (bundle / "accounts.csv").write_text('id,name\nA1,Acme\nA2,"Beta, Inc"\n')
    (bundle / "people.csv").write_text("id,account_id,name\n")
    (bundle / "empty.csv").write_text("")
    floor = measure_floor(bundle, tmp_path / "floor.db")
    assert floor["rows"] == 2
