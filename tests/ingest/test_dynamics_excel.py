"""Dynamics "Export to Excel" workbooks are untrusted zips of XML: bounded before
openpyxl reads them, inside a bundle .zip as well as in a folder."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from graph.store import GraphStore
from ingest.errors import BundleInvalidError, BundleUnreadableError
from ingest.report import IngestOptions
from ingest.service import load_bundle
from ingest.source import Bundle, ReadLimits
from tests.ingest import dialect_world as world

SHEET = "xl/worksheets/sheet1.xml"


def test_workbooks_in_a_zip_load_with_their_sheet_rows_as_lines(
    embedded_store: GraphStore, tmp_path: Path
) -> None:
    folder = world.dynamics_excel(tmp_path / "x")
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in folder.iterdir():
            zf.write(path, path.name)
        zf.writestr("Attachments/report.xlsx", b"not read: a file the CRM stored")
    report = load_bundle(archive, embedded_store, IngestOptions(dry_run=True))
    assert report.dialect == "dynamics"
    assert report.error_count == 0
    assert report.kinds["person"].created == 4
    assert "Attachments/report.xlsx" in report.ignored_files
    # A problem names the workbook and the sheet row it is on.
    contacts = next(p for p in folder.iterdir() if "Contacts" in p.name)
    book = load_workbook(contacts)
    sheet = book.worksheets[0]
    sheet["A4"] = "not-a-guid"
    book.save(contacts)
    with pytest.raises(BundleInvalidError) as caught:
        load_bundle(folder, embedded_store)
    first = caught.value.problems[0]
    assert (first.file, first.line, first.column) == (contacts.name, 4, "(Do Not Modify) Contact")
    assert embedded_store.counts()["account"] == 0  # the dry run and the refusal wrote nothing


def test_a_workbook_that_expands_beyond_the_bound_is_refused(tmp_path: Path) -> None:
    folder = world.dynamics_excel(tmp_path / "x")
    bomb = folder / "Bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr(SHEET, b"<a>" + b" " * (20 * 1024 * 1024) + b"</a>")
    small = IngestOptions(format="dynamics", max_member_bytes=8 * 1024 * 1024)
    with pytest.raises(BundleUnreadableError, match=r"Bomb\.xlsx: the workbook expands to"):
        load_bundle(folder, None, small, opener=lambda: pytest.fail("nothing to write"))
    with (
        Bundle(folder, ReadLimits(max_member_bytes=64 * 1024 * 1024, max_ratio=2)) as bundle,
        pytest.raises(BundleUnreadableError, match="ratio to the file's size"),
        bundle.open_text("bomb.xlsx", "utf-8"),
    ):
        pass
