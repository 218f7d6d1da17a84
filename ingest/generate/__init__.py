"""The synthetic data generator: a native bundle (FORMAT.md) for the demo or for
benchmarks, the same bytes for the same seed and anchor date.

Every date is placed relative to the anchor date. The default anchor is fixed
(:data:`DEFAULT_ANCHOR`) so bundles are reproducible; ``powermap serve --demo``
passes today's date instead, so the live demo's "last 90 days" stay current.

* ``demo``: five accounts, ~360 people, with every situation the answers of
  DOMAIN.md show (see :mod:`ingest.generate.demo` for the ids to look at).
* ``S`` / ``M`` / ``L`` / ``XL``: ~20k / 200k / 1M / 5M people in heavy-tailed
  accounts, for benchmarks (see :mod:`ingest.generate.scale`); written account by
  account, so memory does not grow with the scale.

Determinism: every random draw comes from a seeded ``random.Random``; nothing
iterates a set or a str-keyed dict in an order that could depend on hashing.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Final

from graph.errors import PowermapError
from ingest.generate.bundle import BUNDLE_FILES, BundleWriter
from ingest.generate.created import CreationDates
from ingest.generate.demo import generate_demo
from ingest.generate.salesforce import SALESFORCE_FILES, SalesforceBundleWriter
from ingest.generate.scale import SCALES, generate_scale

DEFAULT_ANCHOR: Final = dt.date(2026, 11, 15)
DEFAULT_SEED: Final = 7


class Scale(StrEnum):
    DEMO = "demo"
    S = "S"
    M = "M"
    L = "L"
    XL = "XL"


class GenerateError(PowermapError):
    title = "Cannot generate the bundle"


@dataclass(frozen=True, slots=True)
class BundleStats:
    """What :func:`generate_bundle` wrote: data rows per file, people, bytes."""

    rows: dict[str, int]
    people: int
    bytes: int


def generate_bundle(
    out: Path,
    scale: Scale | str,
    seed: int = DEFAULT_SEED,
    anchor: dt.date = DEFAULT_ANCHOR,
    dialect: str = "powermap",
) -> BundleStats:
    """Write a bundle for ``scale`` into the folder ``out``: native, or with
    ``dialect="salesforce"`` the same world as a weekly Data Export writes it.

    The folder is created when missing. Bundle files already in it are replaced;
    any other file in it is refused (a stray ``deletions.csv`` would change what
    the bundle means), so pass an empty or new folder.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     stats = generate_bundle(Path(tmp) / "demo", "demo")
    >>> stats.rows["accounts.csv"], 300 < stats.people < 450
    (5, True)
    """
    try:
        chosen = Scale(scale)
    except ValueError:
        raise GenerateError(
            f"unknown scale {scale!r}: use one of {', '.join(s.value for s in Scale)}"
        ) from None
    if out.exists() and not out.is_dir():
        raise GenerateError(f"{out} is a file; --out needs a folder to write the bundle into")
    if dialect not in ("powermap", "salesforce"):
        raise GenerateError(f"unknown dialect {dialect!r}: use powermap or salesforce")
    files = SALESFORCE_FILES if dialect == "salesforce" else BUNDLE_FILES
    if out.is_dir():
        strays = sorted(p.name for p in out.iterdir() if p.name not in files)
        if strays:
            raise GenerateError(
                f"{out} holds files that are not part of a generated bundle "
                f"({', '.join(strays[:5])}); pass an empty or new folder"
            )
    tmp = out.with_name(f".{out.name}.partial")
    shutil.rmtree(tmp, ignore_errors=True)
    ordinal = anchor.toordinal()
    # The Salesforce writer writes no CreatedDate yet: the same world without history.
    writer = (
        SalesforceBundleWriter(tmp)
        if dialect == "salesforce"
        else BundleWriter(tmp, CreationDates(seed, ordinal))
    )
    with writer:
        if chosen is Scale.DEMO:
            generate_demo(writer, seed, ordinal)
        else:
            generate_scale(writer, SCALES[chosen.value], seed, ordinal)
    out.mkdir(parents=True, exist_ok=True)
    size = 0
    for name in files:  # whole files replace the old ones: no half-written bundle
        size += (tmp / name).stat().st_size
        (tmp / name).replace(out / name)
    tmp.rmdir()
    people = writer.rows["Contact.csv" if dialect == "salesforce" else "people.csv"]
    return BundleStats(rows=dict(writer.rows), people=people, bytes=size)
