"""Load a bundle into a store: read, validate everything, then write in one
``store.apply`` (atomic), validation and write under the store's write lock. The
CLI and the HTTP API both call :func:`load_bundle`.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Protocol, runtime_checkable

from graph.schema import ApplyResult, RecordKind
from graph.store import GraphStore
from ingest.errors import BundleInvalidError, BundleUnreadableError, Problem
from ingest.lookup import StoreView
from ingest.mail.load import is_mail_source, load_mail
from ingest.mail.promote import promote_loaded_people
from ingest.native import NATIVE_FILE_NAMES, read_native
from ingest.report import (
    MAX_REPORTED_PROBLEMS,
    Dialect,
    FormatChoice,
    IngestOptions,
    IngestReport,
    KindReport,
    write_rejects,
)
from ingest.salesforce import SALESFORCE_FILE_NAMES, read_salesforce
from ingest.source import Bundle, ReadLimits, normalize_encoding
from ingest.staged import Staged
from ingest.unit_kinds import parse_unit_kind_map
from ingest.validate import validate

#: Called with a short description of each step as a load reaches it.
Progress = Callable[[str], None]


@runtime_checkable
class ExclusiveWrites(Protocol):
    """A store that can hold its write lock across a read-check-write, across
    processes (:meth:`graph.embedded.EmbeddedStore.write_session`). Loads into a
    store without it validate and apply separately: see RELIABILITY.md."""

    def write_session(self) -> AbstractContextManager[None]: ...


def detect_dialect(names: frozenset[str] | set[str], choice: FormatChoice) -> Dialect:
    """The dialect of a bundle holding the (lower-cased) file ``names``.

    >>> detect_dialect({"accounts.csv", "people.csv"}, "auto")
    'powermap'
    >>> detect_dialect({"account.csv", "contact.csv"}, "auto")
    'salesforce'
    """
    native = names & NATIVE_FILE_NAMES
    salesforce = names & SALESFORCE_FILE_NAMES
    if choice != "auto":
        found = native if choice == "powermap" else salesforce
        if not found:
            raise BundleUnreadableError(
                f"no file of the {choice} dialect in the bundle; expected some of: "
                + ", ".join(
                    sorted(NATIVE_FILE_NAMES if choice == "powermap" else SALESFORCE_FILE_NAMES)
                )
            )
        return choice
    if native and salesforce:
        raise BundleUnreadableError(
            "the bundle mixes native files ("
            + ", ".join(sorted(native))
            + ") and Salesforce files ("
            + ", ".join(sorted(salesforce))
            + "); pass --format powermap or --format salesforce"
        )
    if native:
        return "powermap"
    if salesforce:
        return "salesforce"
    raise BundleUnreadableError(
        "no known CSV file in the bundle: expected native files (accounts.csv, units.csv, "
        "people.csv, …) or Salesforce object files (Account.csv, Contact.csv, …)"
    )


def _read(
    source: Path, options: IngestOptions, view: StoreView, progress: Progress | None
) -> tuple[Staged, Bundle]:
    limits = ReadLimits(
        options.max_bytes, options.max_member_bytes, options.max_field_chars, options.max_columns
    )
    encoding = normalize_encoding(options.encoding)
    kind_map = parse_unit_kind_map(options.unit_kind_map) if options.unit_kind_map else None
    with Bundle(source, limits) as bundle:
        dialect = detect_dialect(frozenset(bundle.files), options.format)
        if dialect == "powermap":
            staged = read_native(bundle, encoding, progress)
        else:
            as_of = options.as_of or dt.datetime.now(dt.UTC).date()
            staged = read_salesforce(bundle, encoding, view, as_of, kind_map, progress)
    return staged, bundle


def _ordered(staged: Staged) -> list[Problem]:
    order = {name: i for i, name in enumerate(staged.file_rows)}
    return sorted(staged.problems, key=lambda p: (order.get(p.file, len(order)), p.line))


def load_bundle(
    source: Path,
    store: GraphStore,
    options: IngestOptions | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Read the bundle at ``source`` (folder or .zip), validate it against itself and
    ``store``, and write it in one atomic ``store.apply`` (unless ``dry_run``).

    Raises :class:`BundleUnreadableError` when the bundle cannot be read and
    :class:`BundleInvalidError` (carrying every problem) when rows are invalid and
    ``skip_invalid`` is off; in both cases nothing is written. Store errors
    (:class:`graph.errors.StoreWriteError`, …) pass through, nothing written.
    """
    options = options or IngestOptions()
    if options.format == "mail" or (options.format == "auto" and is_mail_source(source)):
        return load_mail(source, store, options, progress)
    started = time.perf_counter()
    # Validation must see the state the batch is applied to: a load of another
    # process committing in between could make both valid alone and a unit cycle
    # together. So the check and the write share the store's write lock. The
    # bundle is read before it (minutes for a large one, and another load would
    # wait on it); when the store changed meanwhile, it is read again under it.
    exclusive = store if isinstance(store, ExclusiveWrites) and not options.dry_run else None
    revision = store.revision() if exclusive is not None else None
    view = StoreView(store)
    staged, bundle = _read(source, options, view, progress)
    if exclusive is not None and progress is not None:
        progress("waiting for the store's write lock")
    with exclusive.write_session() if exclusive is not None else nullcontext():
        if exclusive is not None and store.revision() != revision:
            if progress is not None:
                progress("the store changed while reading: reading again")
            view = StoreView(store)
            staged, bundle = _read(source, options, view, progress)
        if progress is not None:
            progress("validating")
        validate(staged, view)
        problems = _ordered(staged)
        if problems and options.rejects_path is not None:
            write_rejects(options.rejects_path, problems)
        if problems and not options.skip_invalid:
            raise BundleInvalidError([p for p in problems if p.primary] or problems)
        batch = staged.to_batch()
        result = ApplyResult()
        if not options.dry_run and len(batch):
            if progress is not None:
                progress(f"writing {len(batch)} records")
            result = store.apply(batch)
    if not options.dry_run and batch.people:
        # A person with the e-mail of a captured contact takes over its sightings:
        # after the write session, whose lock the sightings' own write also takes.
        promote_loaded_people(store, batch.people)
    report = _report(staged, result, options, bundle, problems)
    report.elapsed_seconds = round(time.perf_counter() - started, 3)
    return report


def _report(
    staged: Staged,
    result: ApplyResult,
    options: IngestOptions,
    bundle: Bundle,
    problems: list[Problem],
) -> IngestReport:
    kinds: dict[str, KindReport] = {}
    for kind in RecordKind:
        tally = staged.tallies.get(kind)
        counts = result.counts.get(kind)
        if tally is None and counts is None:
            continue
        entry = KindReport()
        if tally is not None:
            entry.read, entry.rejected, entry.skipped = tally.read, tally.rejected, tally.skipped
        if counts is not None:
            entry.created, entry.updated = counts.created, counts.updated
            entry.unchanged, entry.deleted = counts.unchanged, counts.deleted
        kinds[kind.value] = entry
    used = {name.lower() for name in staged.file_rows}
    ignored = sorted(
        [*bundle.ignored, *(name for key, name in bundle.files.items() if key not in used)]
    )
    return IngestReport(
        dialect="powermap" if staged.dialect == "powermap" else "salesforce",
        source=bundle.name,
        dry_run=options.dry_run,
        kinds=kinds,
        files=dict(staged.file_rows),
        deleted=sum(c.deleted for c in result.counts.values()),
        skipped_reasons=dict(staged.skipped_reasons),
        unknown_columns=staged.unknown_columns,
        ignored_files=ignored,
        problems=[str(p) for p in problems[:MAX_REPORTED_PROBLEMS]],
        problem_count=len(problems),
        rejects_file=str(options.rejects_path) if problems and options.rejects_path else None,
    )
