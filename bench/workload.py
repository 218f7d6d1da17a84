"""What a benchmark runs on: the bundle (generated once per scale and seed, then
reused) and a fixed, seeded sample of accounts and units to ask about."""

from __future__ import annotations

import csv
import random
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from ingest.generate import DEFAULT_ANCHOR, Scale, generate_bundle
from ingest.generate.bundle import BUNDLE_FILES

#: The size of the account compared across scales (the largest account of S):
#: query time should follow the size of the account asked about, not of the graph.
REFERENCE_ACCOUNT_SIZE: Final = 2_000
SAMPLE_ACCOUNTS: Final = 20
SAMPLE_UNITS: Final = 20  # at most one per sampled account
#: The most populated units of the largest account, asked about besides the sample.
LARGEST_ACCOUNT_UNITS: Final = 3
AS_OF: Final = DEFAULT_ANCHOR


def bundle_dir(root: Path, scale: Scale, seed: int) -> Path:
    """Where the bundle of ``scale`` and ``seed`` lives.

    >>> bundle_dir(Path(".bench"), Scale.M, 7).as_posix()
    '.bench/M-7/bundle'
    """
    return root / f"{scale.value}-{seed}" / "bundle"


def ensure_bundle(root: Path, scale: Scale, seed: int) -> tuple[Path, bool]:
    """The bundle folder, generated unless a complete one is already there.
    Returns (folder, whether it was generated now)."""
    folder = bundle_dir(root, scale, seed)
    if all((folder / name).is_file() for name in BUNDLE_FILES):
        return folder, False
    generate_bundle(folder, scale, seed=seed, anchor=AS_OF)
    return folder, True


def _column_counts(path: Path, column: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    with path.open(newline="", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            value = row.get(column) or ""
            if value:
                counts[value] += 1
    return counts


@dataclass(frozen=True, slots=True)
class Sample:
    """The accounts and units every latency figure is measured over."""

    accounts: tuple[str, ...]  # the largest first
    units: tuple[tuple[str, str], ...]  # (unit id, its account id)
    largest: str
    reference: str  # the account closest to REFERENCE_ACCOUNT_SIZE people
    sizes: dict[str, int]  # people per sampled account (and the reference)


def choose_sample(bundle: Path, seed: int) -> Sample:
    """A seeded sample of accounts (always with the largest) and of their units
    (plus the most populated units of the largest account), from the bundle."""
    people = _column_counts(bundle / "people.csv", "account_id")
    unit_people = _column_counts(bundle / "people.csv", "unit_id")
    units_of: dict[str, list[str]] = {}
    with (bundle / "units.csv").open(newline="", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            units_of.setdefault(row["account_id"], []).append(row["id"])
    if not people:
        raise ValueError(f"the bundle {bundle} has no people to benchmark")
    ids = sorted(people)
    largest = max(ids, key=lambda a: (people[a], a))
    reference = min(ids, key=lambda a: (abs(people[a] - REFERENCE_ACCOUNT_SIZE), a))
    rng = random.Random(seed)
    others = [a for a in ids if a != largest]
    chosen = [largest, *sorted(rng.sample(others, min(SAMPLE_ACCOUNTS - 1, len(others))))]
    # One unit per sampled account, so that the largest account's hundreds of
    # units do not crowd the others out; then its most populated units.
    units = [(rng.choice(sorted(units_of[a])), a) for a in chosen if units_of.get(a)]
    units = units[:SAMPLE_UNITS]
    top = sorted(units_of.get(largest, ()), key=lambda u: (-unit_people[u], u))
    units += [(u, largest) for u in top[:LARGEST_ACCOUNT_UNITS] if (u, largest) not in units]
    return Sample(
        accounts=tuple(chosen),
        units=tuple(units),
        largest=largest,
        reference=reference,
        sizes={a: people[a] for a in {*chosen, reference}},
    )
