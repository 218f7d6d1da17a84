"""A Dynamics 365 "Export to Excel" workbook as CSV text, for the readers that take
CSV: the first worksheet (not Dynamics' ``hiddenDataSheet``), display-name
headers, one CSV line per sheet row (new lines inside cells become spaces, so a
problem's line is the sheet's row number).

A workbook is a zip of XML: untrusted input like the bundle's own zip. Before
openpyxl opens it, its directory is bounded (entries) and its members' declared
sizes are bounded in total and per compressed byte; :mod:`zipfile` never yields
more than a member declares, so the declared sizes bound decompression. Reading
(read-only mode, streamed) is bounded by the characters and columns it yields.
Python's expat refuses entity-expansion bombs. Ids of the hidden
``(Do Not Modify) <Table>`` column name the table the sheet holds.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from typing import IO, Final

from ingest.errors import BundleUnreadableError
from ingest.source import RATIO_FLOOR_BYTES, ReadLimits

#: The hidden id column Dynamics writes first: "(Do Not Modify) Account".
ID_PREFIX: Final = "(do not modify) "
_HIDDEN_SHEET: Final = "hiddendatasheet"
_MAX_XLSX_ENTRIES: Final = 1000


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep="T")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\r\n", " ").replace("\n", " ").replace("\r", " ")


def _check_archive(data: IO[bytes], name: str, limits: ReadLimits, size: int) -> None:
    try:
        with zipfile.ZipFile(data) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise BundleUnreadableError(f"{name}: not a readable .xlsx workbook ({exc})") from None
    if len(infos) > _MAX_XLSX_ENTRIES:
        raise BundleUnreadableError(
            f"{name}: the workbook holds {len(infos)} parts, more than {_MAX_XLSX_ENTRIES}; "
            "an exported sheet holds a few"
        )
    declared = sum(i.file_size for i in infos)
    bound = min(limits.max_member_bytes, max(RATIO_FLOOR_BYTES, limits.max_ratio * size))
    if declared > bound:
        raise BundleUnreadableError(
            f"{name}: the workbook expands to {declared} bytes, over the limit of {bound} "
            "(the per-file limit, or its ratio to the file's size); refusing it as a zip bomb"
        )


def workbook_csv(data: IO[bytes], name: str, limits: ReadLimits, size: int) -> str:
    """The first worksheet of the workbook in ``data`` (``size`` bytes) as CSV text."""
    from openpyxl import load_workbook  # only xlsx bundles pay for it

    _check_archive(data, name, limits, size)
    data.seek(0)
    try:
        book = load_workbook(data, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on bad input
        raise BundleUnreadableError(f"{name}: not a readable .xlsx workbook ({exc})") from None
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    chars = 0
    try:
        sheets = [ws for ws in book.worksheets if ws.title.lower() != _HIDDEN_SHEET]
        if not sheets:
            return ""
        for row in sheets[0].iter_rows(values_only=True):
            if len(row) > limits.max_columns:
                raise BundleUnreadableError(
                    f"{name}: a row of {len(row)} columns, more than the limit of "
                    f"{limits.max_columns}"
                )
            cells = [_cell(v) for v in row]
            while cells and not cells[-1]:
                cells.pop()
            chars += sum(len(c) for c in cells) + len(cells)
            if chars > limits.max_member_bytes:
                raise BundleUnreadableError(
                    f"{name}: more than {limits.max_member_bytes} characters of cells "
                    "(the per-file limit); split the export"
                )
            writer.writerow(cells)  # an empty row stays a line, so lines are sheet rows
    except BundleUnreadableError:
        raise
    except Exception as exc:
        raise BundleUnreadableError(f"{name}: the workbook cannot be read ({exc})") from None
    finally:
        book.close()
    return out.getvalue()


def table_of(header: list[str]) -> str | None:
    """The Dataverse table a sheet holds, from its hidden id column's header
    ("(Do Not Modify) Phone Call" -> "phonecall"); None when it has none.

    >>> table_of(["(Do Not Modify) Phone Call", "(Do Not Modify) Row Checksum", "Subject"])
    'phonecall'
    >>> table_of(["Name"]) is None
    True
    """
    for cell in header:
        low = cell.strip().lower()
        if low.startswith(ID_PREFIX):
            table = low[len(ID_PREFIX) :].replace(" ", "")
            if table not in ("rowchecksum", "modifiedon"):
                return table
    return None
