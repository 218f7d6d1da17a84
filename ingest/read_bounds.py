"""The bounds on what reading a bundle may cost: bytes per member and in total,
the expansion ratio of a compressed member, record and field sizes (see
:mod:`ingest.source` for why a zip is untrusted input), and the reader that counts
and enforces them as bytes are produced rather than as an archive claims them.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Final

from ingest.errors import BundleUnreadableError

MIB: Final = 1024 * 1024
DEFAULT_MAX_BYTES: Final = 512 * MIB
#: Below this many bytes a member is not held to the compression ratio bound.
RATIO_FLOOR_BYTES: Final = 8 * MIB


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """Bounds on what a bundle may make us read."""

    max_total_bytes: int = DEFAULT_MAX_BYTES  # all members together, uncompressed
    max_member_bytes: int = DEFAULT_MAX_BYTES  # one member, uncompressed
    max_field_chars: int = MIB
    max_columns: int = 1000
    #: One CSV record (header included), in characters, checked while it is read:
    #: a header of 100 million commas is refused before it is split into cells.
    max_record_chars: int = 4 * MIB
    max_entries: int = 10_000  # zip members, directories and ignored files included
    #: Uncompressed bytes per compressed byte of one member (beyond RATIO_FLOOR_BYTES).
    max_ratio: int = 200

    @property
    def record_chars(self) -> int:
        """The record bound in force: never below two fields at the field bound."""
        return max(self.max_record_chars, 2 * self.max_field_chars)


class Budget:
    """Counts the bytes a bundle actually yields, across its members."""

    def __init__(self, limits: ReadLimits, bundle_name: str) -> None:
        self.limits = limits
        self.bundle_name = bundle_name
        self.total = 0


class BoundedReader(io.RawIOBase):
    """Counts (and bounds) the bytes of one member; for encodings where a NUL byte
    can only be a NUL character, refuses it with its line, as CSV has no use for it
    and it usually means a binary or UTF-16 file."""

    def __init__(
        self,
        raw: BinaryIO,
        name: str,
        budget: Budget,
        check_nul: bool,
        compressed_bytes: int | None = None,
    ) -> None:
        self._raw = raw
        self._name = name
        self._budget = budget
        self._count = 0
        self._check_nul = check_nul
        self._newlines = 0
        limits = budget.limits
        #: None for a plain file; else the most this member may expand to.
        self._ratio_bound = (
            None
            if compressed_bytes is None
            else max(RATIO_FLOOR_BYTES, limits.max_ratio * compressed_bytes)
        )

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        try:
            n = self._raw.readinto(buffer)  # type: ignore[attr-defined]
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            # A flipped byte, a bad CRC, a member cut short: the archive is damaged.
            why = str(exc) or "it ends early"
            raise BundleUnreadableError(
                f"{self._name}: this zip member is corrupt or truncated ({why}); "
                "re-create the zip from the original files"
            ) from None
        n = int(n or 0)
        if self._check_nul and n:
            chunk = bytes(buffer[:n])
            nul = chunk.find(b"\x00")
            if nul >= 0:
                line = self._newlines + chunk.count(b"\n", 0, nul) + 1
                raise BundleUnreadableError(
                    f"{self._name}:{line}: contains a NUL byte, so it is not a text CSV file "
                    "(binary, or UTF-16: then pass --encoding utf-16); re-save it as UTF-8 CSV"
                )
            self._newlines += chunk.count(b"\n")
        self._count += n
        self._budget.total += n
        limits = self._budget.limits
        if self._count > limits.max_member_bytes:
            raise BundleUnreadableError(
                f"{self._name}: more than {limits.max_member_bytes} bytes uncompressed "
                "(the per-file limit); refusing it (a zip bomb, or split the bundle)"
            )
        if self._budget.total > limits.max_total_bytes:
            raise BundleUnreadableError(
                f"{self._budget.bundle_name}: more than {limits.max_total_bytes} bytes "
                "uncompressed in total; refusing it (a zip bomb, or split the bundle)"
            )
        if self._ratio_bound is not None and self._count > self._ratio_bound:
            raise BundleUnreadableError(
                f"{self._name}: expands to more than {limits.max_ratio} times its compressed "
                "size; refusing it as a zip bomb (no CSV export compresses that well)"
            )
        return n


def own_folder_bounds(source: Path) -> dict[str, int]:
    """Byte bounds for a bundle the operator names on their own disk (``powermap
    ingest``): a folder's bytes are already on disk, so its bound is its own size,
    never below the defaults, rather than a limit meant for what an archive or an
    upload may expand to. A zip, or anything else, keeps the defaults.

    >>> own_folder_bounds(Path("no-such-folder"))
    {}
    """
    if not source.is_dir():
        return {}
    size = sum(f.stat().st_size for f in source.iterdir() if f.is_file() and not f.is_symlink())
    bound = max(DEFAULT_MAX_BYTES, size + 1)
    return {"max_bytes": bound, "max_member_bytes": bound}
