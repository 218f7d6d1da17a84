"""Where a bundle's CSV files come from: a folder, or a .zip read in place.

A zip is untrusted input (it arrives over HTTP): member names that climb out of the
archive, symlinks and encrypted members are refused; only stored and deflated CSV
members are read (Python decompresses bzip2 and LZMA members with no output bound);
the central directory is bounded (entries, bytes) before it is parsed; and
decompression is bounded by the bytes actually produced — per member, in total and
per compressed byte — not by the sizes the archive claims. Deflate output is
produced in bounded steps (``zlib`` ``max_length``, as :mod:`zipfile` reads it), so
memory stays bounded whatever a member claims. A corrupt member (bad CRC, invalid
deflate data, truncated) is refused by name.
"""

from __future__ import annotations

import codecs
import io
import stat
import struct
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Final, TextIO

from ingest.errors import BundleUnreadableError, IngestOptionError
from ingest.read_bounds import DEFAULT_MAX_BYTES as DEFAULT_MAX_BYTES
from ingest.read_bounds import MIB as MIB
from ingest.read_bounds import RATIO_FLOOR_BYTES as RATIO_FLOOR_BYTES
from ingest.read_bounds import BoundedReader, Budget
from ingest.read_bounds import ReadLimits as ReadLimits
from ingest.read_bounds import own_folder_bounds as own_folder_bounds

#: Compression methods a CSV member may use: others (bzip2, LZMA) are refused.
ALLOWED_METHODS: Final = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflated"}
#: Central directory bytes allowed per entry the limits allow (names, extra fields).
_DIRECTORY_BYTES_PER_ENTRY: Final = 512
#: Files a bundle reads: CSV, and Dynamics 365 "Export to Excel" workbooks.
_READ_SUFFIXES: Final = (".csv", ".xlsx")


def _is_attachment(name: str) -> bool:
    """A workbook inside a folder (a Salesforce export's ``Attachments/``) is a file
    the CRM stored, not an export of it."""
    return "/" in name.strip("/")


def _unsafe_member_name(name: str) -> bool:
    """True for names that would climb out of an extraction folder.

    >>> _unsafe_member_name("bundle/accounts.csv"), _unsafe_member_name("../x.csv")
    (False, True)
    >>> _unsafe_member_name("/etc/passwd"), _unsafe_member_name("C:/x.csv")
    (True, True)
    """
    if name.startswith(("/", "\\")) or "\\" in name or ":" in name:
        return True
    return any(part == ".." for part in PurePosixPath(name).parts)


def normalize_encoding(encoding: str | None) -> str:
    """The codec a bundle is decoded with: UTF-8 with or without a byte-order mark
    unless told otherwise.

    >>> normalize_encoding(None), normalize_encoding("UTF8"), normalize_encoding("latin-1")
    ('utf-8-sig', 'utf-8-sig', 'iso8859-1')
    """
    if encoding is None:
        return "utf-8-sig"
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise IngestOptionError(
            f"--encoding {encoding!r} is not an encoding Python knows; "
            "try utf-8, cp1252, latin-1 or utf-16"
        ) from None
    return "utf-8-sig" if name == "utf-8" else name


class Bundle:
    """The CSV files of a bundle, by lower-cased file name."""

    def __init__(self, path: Path, limits: ReadLimits) -> None:
        self.path = path
        self.name = path.name
        self.limits = limits
        self._budget = Budget(limits, path.name)
        self._zip: zipfile.ZipFile | None = None
        self._folder_files: dict[str, Path] = {}
        self._zip_members: dict[str, zipfile.ZipInfo] = {}
        #: lower-cased name -> the name as the bundle spells it
        self.files: dict[str, str] = {}
        self.ignored: list[str] = []
        #: workbooks converted to CSV text, by key
        self._sheets: dict[str, str] = {}
        if not path.exists():
            raise BundleUnreadableError(f"{path}: no such file or folder")
        if path.is_dir():
            self._scan_folder(path)
        elif zipfile.is_zipfile(path):
            self._scan_zip(path)
        else:
            raise BundleUnreadableError(
                f"{path}: not a folder or a .zip file; a bundle is a folder of CSV files "
                "or a zip of one"
            )

    def _add(self, name: str) -> str:
        key = name.lower()
        if key in self.files:
            raise BundleUnreadableError(
                f"{self.name}: two files are named {name!r} (ignoring case); keep one"
            )
        self.files[key] = name
        return key

    def _scan_folder(self, folder: Path) -> None:
        for entry in sorted(folder.iterdir()):
            if not entry.name.lower().endswith(_READ_SUFFIXES) or (
                entry.name.lower().endswith(".xlsx") and entry.name.lower() in self.files
            ):
                self.ignored.append(entry.name)
                continue
            if entry.is_symlink():
                raise BundleUnreadableError(
                    f"{entry}: is a symbolic link; copy the file into the bundle instead"
                )
            if entry.is_file():
                self._folder_files[self._add(entry.name)] = entry

    def _check_directory(self, path: Path) -> None:
        """Refuse an archive whose central directory is over the entry bound before
        :mod:`zipfile` parses it: it makes one object per entry, so 600,000 empty
        entries took 722 MB. The directory's byte size is what the parser walks
        (the entry count can lie), so both are bounded."""
        limit = self.limits.max_entries
        end_record = getattr(zipfile, "_EndRecData", None)
        if end_record is None:  # a future Python: the count below still applies
            return
        try:
            with path.open("rb") as fp:
                end = end_record(fp)
        except (OSError, zipfile.BadZipFile, ValueError) as exc:
            raise BundleUnreadableError(f"{self.name}: not a readable zip file ({exc})") from None
        if not end:
            raise BundleUnreadableError(f"{self.name}: not a readable zip file (no directory)")
        entries, size = int(end[4]), int(end[5])  # _ECD_ENTRIES_TOTAL, _ECD_SIZE
        if entries > limit or size > limit * _DIRECTORY_BYTES_PER_ENTRY:
            raise BundleUnreadableError(
                f"{self.name}: the zip's directory ({entries} entries, {size} bytes) is over "
                f"the limit of {limit} entries; a bundle holds a few CSV files"
            )

    def _scan_zip(self, path: Path) -> None:
        self._check_directory(path)
        archive = self._open_zip(path)
        self._zip = archive
        declared = 0
        try:
            if len(archive.infolist()) > self.limits.max_entries:
                raise BundleUnreadableError(
                    f"{self.name}: the zip holds {len(archive.infolist())} entries, more "
                    f"than the limit of {self.limits.max_entries}; a bundle holds a few CSV files"
                )
            for info in archive.infolist():
                self._refuse_unsafe_path(info)
                if info.is_dir():
                    continue
                base = PurePosixPath(info.filename).name
                if (
                    not base.lower().endswith(_READ_SUFFIXES)
                    or base.startswith("._")
                    or (base.lower().endswith(".xlsx") and _is_attachment(info.filename))
                ):
                    self.ignored.append(info.filename)
                    continue
                self._refuse_unreadable_member(info)
                declared += info.file_size
                self._zip_members[self._add(base)] = info
            if declared > self.limits.max_total_bytes:
                raise BundleUnreadableError(
                    f"{self.name}: members declare {declared} bytes uncompressed, more than "
                    f"the limit of {self.limits.max_total_bytes}"
                )
        except BaseException:
            archive.close()
            raise

    def _open_zip(self, path: Path) -> zipfile.ZipFile:
        try:
            return zipfile.ZipFile(path)
        except (
            zipfile.BadZipFile,
            OSError,
            ValueError,  # UnicodeDecodeError: a name flagged UTF-8 that is not
            EOFError,
            NotImplementedError,  # a damaged "version needed" field
            struct.error,
        ) as exc:
            raise BundleUnreadableError(f"{self.name}: not a readable zip file ({exc})") from None

    def _refuse_unsafe_path(self, info: zipfile.ZipInfo) -> None:
        """A member that would land outside the bundle refuses the whole archive."""
        if _unsafe_member_name(info.filename):
            raise BundleUnreadableError(
                f"{self.name}: member {info.filename!r} has an unsafe path "
                "(absolute, or climbing out with ..); refusing the archive"
            )
        if stat.S_ISLNK(info.external_attr >> 16):
            raise BundleUnreadableError(
                f"{self.name}: member {info.filename!r} is a symbolic link; refusing the archive"
            )

    def _refuse_unreadable_member(self, info: zipfile.ZipInfo) -> None:
        """A member to read that is encrypted, compressed in a way that can expand
        without bound, or declares more than the per-file limit."""
        if info.flag_bits & 0x1:
            raise BundleUnreadableError(
                f"{self.name}: member {info.filename!r} is encrypted; "
                "export the bundle without a password"
            )
        if info.compress_type not in ALLOWED_METHODS:
            raise BundleUnreadableError(
                f"{self.name}: member {info.filename!r} uses compression method "
                f"{info.compress_type} (only stored or deflated members are read: "
                "others can expand without bound); re-create the zip with the "
                "standard (deflate) compression"
            )
        if info.file_size > self.limits.max_member_bytes:
            raise BundleUnreadableError(
                f"{self.name}: member {info.filename!r} declares {info.file_size} "
                f"bytes, more than the per-file limit of {self.limits.max_member_bytes}"
            )

    def _sheet(self, key: str) -> str:
        """The workbook ``key`` as CSV text (converted once; bounded as any member)."""
        from ingest.xlsx import workbook_csv  # xlsx bundles only

        found = self._sheets.get(key)
        if found is not None:
            return found
        name = self.files[key]
        if self._zip is not None:
            info = self._zip_members[key]
            compressed = min(info.compress_size, self.path.stat().st_size)
            with self._zip.open(info) as raw:
                reader = BoundedReader(raw, name, self._budget, False, compressed)  # type: ignore[arg-type]
                data = io.BytesIO(io.BufferedReader(reader, 1 << 16).read())
        else:
            path = self._folder_files[key]
            if path.stat().st_size > self.limits.max_member_bytes:
                raise BundleUnreadableError(
                    f"{name}: more than {self.limits.max_member_bytes} bytes (the per-file limit)"
                )
            data = io.BytesIO(path.read_bytes())
        found = self._sheets[key] = workbook_csv(data, name, self.limits, len(data.getvalue()))
        return found

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def __enter__(self) -> Bundle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def open_text(self, key: str, encoding: str) -> Iterator[TextIO]:
        """The file ``key`` (lower-cased name) decoded with ``encoding``, line ends
        kept as they are (the csv module reads quoted new lines itself); a workbook
        (.xlsx) as the CSV text of its first sheet."""
        if key.endswith(".xlsx"):
            yield io.StringIO(self._sheet(key))
            return
        name = self.files[key]
        raw: BinaryIO
        compressed: int | None = None
        try:
            if self._zip is not None:
                info = self._zip_members[key]
                raw = self._zip.open(info)  # type: ignore[assignment]
                # What the archive claims, but never more than the archive holds.
                compressed = min(info.compress_size, self.path.stat().st_size)
            else:
                raw = self._folder_files[key].open("rb")
        except (
            OSError,
            zipfile.BadZipFile,
            RuntimeError,
            NotImplementedError,
            ValueError,
            EOFError,
            struct.error,
        ) as exc:
            if self._zip is None:
                raise BundleUnreadableError(f"{name}: cannot be opened ({exc})") from None
            # A damaged local header (its name, its flags) is a corrupt member too.
            raise BundleUnreadableError(
                f"{name}: this zip member cannot be opened, the zip is corrupt ({exc}); "
                "re-create the zip from the original files"
            ) from None
        # In UTF-16/32 a NUL byte is part of ordinary characters.
        check_nul = not codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))
        reader = BoundedReader(raw, name, self._budget, check_nul, compressed)
        bounded = io.BufferedReader(reader, 1 << 16)
        text = io.TextIOWrapper(bounded, encoding=encoding, errors="strict", newline="")
        try:
            yield text
        finally:
            text.close()
            raw.close()
