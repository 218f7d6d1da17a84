"""The bounds a zip is read within, each checked on both sides: compression
methods, entries, expansion ratio, and the length of one CSV record."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import pytest

from graph.store import GraphStore
from ingest.errors import BundleUnreadableError
from ingest.problems import ProblemLog
from ingest.service import load_bundle
from ingest.source import MIB, RATIO_FLOOR_BYTES, Bundle, ReadLimits
from ingest.table import FileSpec, open_table

ACCOUNTS = b"id,name\nA1,Acme\n"


def _zip(path: Path, members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data, compress_type=method)
    return path


@pytest.mark.parametrize(
    ("method", "number"), [(zipfile.ZIP_BZIP2, 12), (zipfile.ZIP_LZMA, 14)], ids=["bzip2", "lzma"]
)
def test_only_stored_and_deflated_csv_members_are_read(
    embedded_store: GraphStore, tmp_path: Path, method: int, number: int
) -> None:
    archive = _zip(tmp_path / "b.zip", {"accounts.csv": ACCOUNTS}, method)
    with pytest.raises(BundleUnreadableError) as caught:
        load_bundle(archive, embedded_store)
    detail = caught.value.detail
    assert f"member 'accounts.csv' uses compression method {number}" in detail
    assert "stored or deflated" in detail
    assert embedded_store.accounts(["A1"]) == {}
    # A file the load does not read may use any method; stored and deflated load.
    _zip(tmp_path / "ok.zip", {"accounts.csv": ACCOUNTS})
    with zipfile.ZipFile(tmp_path / "ok.zip", "a") as ok:
        ok.writestr("notes.txt", b"anything", compress_type=method)
    assert load_bundle(tmp_path / "ok.zip", embedded_store).kinds["account"].created == 1
    stored = _zip(tmp_path / "stored.zip", {"accounts.csv": b"id,name\nA2,B\n"}, zipfile.ZIP_STORED)
    assert load_bundle(stored, embedded_store).kinds["account"].created == 1


def test_entry_bound_counts_every_entry(embedded_store: GraphStore, tmp_path: Path) -> None:
    members = {"accounts.csv": ACCOUNTS, **{f"extra/{i}.txt": b"" for i in range(4)}}
    at_limit = _zip(tmp_path / "five.zip", members)
    with Bundle(at_limit, ReadLimits(max_entries=5)) as bundle:
        assert sorted(bundle.ignored) == [f"extra/{i}.txt" for i in range(4)]
    over = _zip(tmp_path / "six.zip", {**members, "extra/4.txt": b""})
    with pytest.raises(BundleUnreadableError) as caught:
        Bundle(over, ReadLimits(max_entries=5))
    assert caught.value.detail.startswith("six.zip: the zip's directory (6 entries")
    assert "limit of 5 entries" in caught.value.detail


def _read_all(bundle: Bundle) -> int:
    total = 0
    with bundle.open_text("accounts.csv", "utf-8") as text:
        while chunk := text.read(MIB):
            total += len(chunk)
    return total


def test_expansion_ratio_bound(tmp_path: Path) -> None:
    """A member may expand to max_ratio times its compressed size (never less than
    RATIO_FLOOR_BYTES): 9 MiB of one byte is ~9 KB deflated, ~1000 times."""
    body = b"id,name\n" + b"a" * (9 * MIB)
    archive = _zip(tmp_path / "b.zip", {"accounts.csv": body})
    compressed = zipfile.ZipFile(archive).getinfo("accounts.csv").compress_size
    ratio = len(body) // compressed
    assert len(body) > RATIO_FLOOR_BYTES
    with Bundle(archive, ReadLimits(max_ratio=ratio + 1)) as bundle:
        assert _read_all(bundle) == len(body)
    with (
        Bundle(archive, ReadLimits(max_ratio=ratio - 1)) as bundle,
        pytest.raises(BundleUnreadableError) as caught,
    ):
        _read_all(bundle)
    assert caught.value.detail.startswith(
        f"accounts.csv: expands to more than {ratio - 1} times its compressed size"
    )
    # Under the floor, no ratio applies: 7 MiB of one byte reads whole.
    small = _zip(tmp_path / "small.zip", {"accounts.csv": b"a" * (7 * MIB)})
    with Bundle(small, ReadLimits(max_ratio=2)) as bundle:
        assert _read_all(bundle) == 7 * MIB


SPEC = FileSpec("accounts.csv", ("id", "name"), ("id",))


def _rows(folder: Path, limits: ReadLimits) -> list[tuple[int, list[str]]]:
    problems = ProblemLog()
    with Bundle(folder, limits) as bundle, open_table(bundle, SPEC, "utf-8", problems) as table:
        return [(row.line, row.values[:2]) for row in table.rows()]


def test_record_bound_is_checked_while_reading(tmp_path: Path) -> None:
    """One record (all its physical lines, line ends included) may hold
    record_chars characters, checked before csv splits it into cells."""
    limits = ReadLimits(max_record_chars=40, max_field_chars=10)
    assert limits.record_chars == 40
    folder = tmp_path / "b"
    folder.mkdir()
    at_limit = "A1," + "," * 36 + "\n"  # 40 characters, 38 columns
    quoted = '"A\n2",' + "," * 33 + "\n"  # 40 characters over two lines
    (folder / "accounts.csv").write_text("id,name\n" + at_limit + quoted)
    assert _rows(folder, limits) == [(2, ["A1", ""]), (3, ["A\n2", ""])]

    over = '"A\n3",' + "," * 34 + "\n"  # 41 characters, starting on line 4
    (folder / "accounts.csv").write_text("id,name\n" + at_limit + over)
    with pytest.raises(BundleUnreadableError) as caught:
        _rows(folder, limits)
    assert caught.value.detail.startswith("accounts.csv:3: a row longer than 40 characters")
    # The record bound never goes below two fields at the field bound.
    assert ReadLimits(max_record_chars=40, max_field_chars=100).record_chars == 200


def test_a_load_s_field_limit_does_not_outlive_its_reading(tmp_path: Path) -> None:
    """csv's field limit is process-wide: a bundle read with a small one must not
    leave it for every later csv reader of the process (a server, the bench)."""
    before = csv.field_size_limit()
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "accounts.csv").write_text("id,name\nA1,Acme\n")
    assert _rows(folder, ReadLimits(max_record_chars=40, max_field_chars=10)) == [
        (2, ["A1", "Acme"])
    ]
    assert csv.field_size_limit() == before
