"""Reading bundles: encodings, binary content, size bounds, unsafe zips. An
unreadable bundle writes nothing."""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

import pytest

from graph.store import GraphStore
from ingest.errors import BundleUnreadableError
from ingest.report import IngestOptions
from ingest.service import load_bundle
from tests.ingest.conftest import BASE, BundleWriter, write_files


def refused(store: GraphStore, path: Path, options: IngestOptions | None = None) -> str:
    before = store.counts()
    with pytest.raises(BundleUnreadableError) as caught:
        load_bundle(path, store, options)
    assert store.counts() == before
    return caught.value.detail


def test_non_utf8_names_the_file_and_suggests_encoding(
    embedded_store: GraphStore, bundle: BundleWriter
) -> None:
    folder = bundle({})
    (folder / "accounts.csv").write_bytes("id,name\nA1,Müller GmbH\n".encode("cp1252"))

    detail = refused(embedded_store, folder, IngestOptions(encoding="utf-8"))

    assert detail.startswith("accounts.csv:2: is not UTF-8 text (byte 0xfc on line 2)")
    assert "--encoding" in detail
    load_bundle(folder, embedded_store, IngestOptions(encoding="cp1252"))
    assert embedded_store.accounts(["A1"])["A1"].name == "Müller GmbH"


def test_nul_byte_is_reported_with_its_line(
    embedded_store: GraphStore, bundle: BundleWriter
) -> None:
    folder = bundle({})
    (folder / "accounts.csv").write_bytes(b"id,name\nA1,Acme\nA2,Be\x00ta\n")

    assert refused(embedded_store, folder).startswith("accounts.csv:3: contains a NUL byte")


def test_oversized_field_and_too_many_columns(
    embedded_store: GraphStore, bundle: BundleWriter
) -> None:
    folder = bundle({"accounts.csv": "id,name\nA1," + "x" * 200})
    detail = refused(embedded_store, folder, IngestOptions(max_field_chars=100))
    assert detail.startswith("accounts.csv:2: a value is longer than 100 characters")

    wide = bundle({"accounts.csv": "id,name," + ",".join(f"c{i}" for i in range(20))}, name="wide")
    detail = refused(embedded_store, wide, IngestOptions(max_columns=10))
    assert detail.startswith("accounts.csv:1: 22 columns, more than the limit of 10")


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _native_members(tmp_path: Path) -> dict[str, bytes]:
    folder = write_files(tmp_path / "src", BASE)
    return {f"export/{p.name}": p.read_bytes() for p in folder.iterdir()}


def test_zip_is_read_in_place(embedded_store: GraphStore, tmp_path: Path) -> None:
    archive = _zip(tmp_path / "b.zip", _native_members(tmp_path))

    report = load_bundle(archive, embedded_store)

    assert report.kinds["person"].created == 3


def test_zip_with_traversal_name_is_refused(embedded_store: GraphStore, tmp_path: Path) -> None:
    members = _native_members(tmp_path)
    members["../evil.csv"] = b"id,name\n"
    archive = _zip(tmp_path / "b.zip", members)

    assert "unsafe path" in refused(embedded_store, archive)


def test_zip_with_symlink_is_refused(embedded_store: GraphStore, tmp_path: Path) -> None:
    archive = _zip(tmp_path / "b.zip", _native_members(tmp_path))
    with zipfile.ZipFile(archive, "a") as z:
        link = zipfile.ZipInfo("export/link.csv")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        z.writestr(link, "/etc/passwd")

    assert "symbolic link" in refused(embedded_store, archive)


def test_zip_bomb_is_refused(embedded_store: GraphStore, tmp_path: Path) -> None:
    members = _native_members(tmp_path)
    members["export/accounts.csv"] += b"\n" * (20 * 1024 * 1024)  # 20 MiB of blank lines
    archive = _zip(tmp_path / "bomb.zip", members)
    assert archive.stat().st_size < 1024 * 1024

    detail = refused(embedded_store, archive, IngestOptions(max_bytes=4 * 1024 * 1024))

    assert "more than" in detail
    assert "4194304" in detail


def test_bytes_actually_read_are_bounded(embedded_store: GraphStore, bundle: BundleWriter) -> None:
    # A folder declares no sizes: the bound holds on what is read, mid-file.
    folder = bundle({"accounts.csv": "id,name\n" + "A1,Acme\n" * 50_000})

    detail = refused(embedded_store, folder, IngestOptions(max_member_bytes=100_000))

    assert detail.startswith("accounts.csv: more than 100000 bytes")


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlinked_file_in_folder_is_refused(
    embedded_store: GraphStore, bundle: BundleWriter
) -> None:
    folder = bundle({"team.csv": "id,name\nT1,Tom"})
    (folder / "accounts.csv").symlink_to(folder / "team.csv")

    assert "symbolic link" in refused(embedded_store, folder)


def test_mixed_or_unknown_files_are_refused(
    embedded_store: GraphStore, bundle: BundleWriter
) -> None:
    mixed = bundle({"accounts.csv": "id,name", "Contact.csv": "Id"}, name="mixed")
    assert "--format" in refused(embedded_store, mixed)
    empty = bundle({"notes.csv": "a,b"}, name="none")
    assert refused(embedded_store, empty).startswith("no known CSV file")


def test_an_operators_folder_is_bounded_by_its_own_size(
    embedded_store: GraphStore,
    bundle: BundleWriter,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ingest import read_bounds, source

    folder = bundle({"accounts.csv": "id,name\n" + "".join(f"A{i},Acme\n" for i in range(20_000))})
    size = sum(f.stat().st_size for f in folder.iterdir())
    monkeypatch.setattr(read_bounds, "DEFAULT_MAX_BYTES", size // 2)  # a bound the folder is over
    bounds = source.own_folder_bounds(folder)
    assert bounds == {"max_bytes": size + 1, "max_member_bytes": size + 1}
    # Just under its own size the folder is refused; with its bounds it loads.
    under = IngestOptions(max_bytes=size - 1, max_member_bytes=size - 1)
    assert "more than" in refused(embedded_store, folder, under)
    load_bundle(folder, embedded_store, IngestOptions(**bounds))
    assert len(embedded_store.accounts(["A1", "A19999"])) == 2
    monkeypatch.setattr(read_bounds, "DEFAULT_MAX_BYTES", 2 * size)  # never below the defaults
    assert source.own_folder_bounds(folder)["max_bytes"] == 2 * size
    archive = _zip(tmp_path / "b.zip", {"accounts.csv": b"id,name\n"})
    assert source.own_folder_bounds(archive) == {}  # a zip keeps the defaults
