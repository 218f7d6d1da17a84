"""Load a bundle into a store: read, validate everything, then write in one
``store.apply`` (atomic), validation and write under the store's write lock. The
CLI and the HTTP API both call :func:`load_bundle`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import AbstractContextManager, ExitStack, closing, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

from graph.embedded.store import EmbeddedStore
from graph.gc_pause import collector_paused
from graph.schema import ApplyResult, Batch
from graph.store import GraphStore
from ingest.bulk_stage import LeafStage
from ingest.dry_run import dry_run_counts
from ingest.encodings import AUTO_ENCODING
from ingest.errors import (
    ERROR,
    BundleInvalidError,
    BundleUnreadableError,
    IngestOptionError,
)
from ingest.lookup import StoreView
from ingest.mail.load import is_mail_source, load_mail
from ingest.mail.promote import promote_loaded_people
from ingest.mapped import read_mapped
from ingest.mapped_choice import foreign_dialect
from ingest.native import NATIVE_FILE_NAMES, read_native
from ingest.problems import ProblemCsv, ProblemLog
from ingest.report import Dialect, FormatChoice, IngestOptions, IngestReport, Outcome
from ingest.report_build import build_report
from ingest.salesforce import SALESFORCE_FILE_NAMES, read_salesforce
from ingest.source import Bundle, ReadLimits, normalize_encoding
from ingest.staged import Staged
from ingest.unit_kinds import parse_unit_kind_map
from ingest.validate import validate
from ingest.values import date_layout

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
        "people.csv, …), Salesforce object files (Account.csv, Contact.csv, …), a Dynamics "
        "365 or HubSpot export; for another CRM's files, write a mapping and pass "
        "--format mapped --mapping FILE (docs/FORMAT.md)"
    )


@dataclass(slots=True)
class _Read:
    staged: Staged
    bundle: Bundle
    #: file -> bytes read as Windows-1252 (no --encoding, not UTF-8)
    fallback: dict[str, int] = field(default_factory=dict)


def _read(
    source: Path,
    options: IngestOptions,
    view: StoreView,
    progress: Progress | None,
    problems: ProblemLog,
    bulk: bool,
) -> _Read:
    limits = ReadLimits(
        options.max_bytes, options.max_member_bytes, options.max_field_chars, options.max_columns
    )
    encoding = AUTO_ENCODING if options.encoding is None else normalize_encoding(options.encoding)
    try:
        pattern = date_layout(options.date_format) if options.date_format else None
    except ValueError as exc:
        raise IngestOptionError(str(exc)) from None
    kind_map = parse_unit_kind_map(options.unit_kind_map) if options.unit_kind_map else None
    fallback: dict[str, int] = {}
    with Bundle(source, limits) as bundle:
        foreign = foreign_dialect(bundle, encoding, options)
        if foreign is not None:
            staged = read_mapped(
                bundle,
                encoding,
                view,
                options.as_of_date(),
                foreign,
                progress,
                problems=problems,
                date_pattern=pattern,
                fallback=fallback,
            )
        elif detect_dialect(frozenset(bundle.files), options.format) == "powermap":
            staged = read_native(
                bundle,
                encoding,
                progress,
                problems=problems,
                date_pattern=pattern,
                fallback=fallback,
                leaves=LeafStage() if bulk else None,
            )
        else:
            staged = read_salesforce(
                bundle,
                encoding,
                view,
                options.as_of_date(),
                kind_map,
                progress,
                problems=problems,
                units_from=options.units_from,
                date_pattern=pattern,
                fallback=fallback,
            )
    return _Read(staged, bundle, fallback)


def load_bundle(
    source: Path,
    store: GraphStore | None,
    options: IngestOptions | None = None,
    progress: Progress | None = None,
    *,
    opener: Callable[[], GraphStore] | None = None,
) -> IngestReport:
    """Read the bundle at ``source`` (folder or .zip), validate it against itself and
    ``store``, and write it in one atomic ``store.apply`` (unless ``dry_run``).

    ``store`` None stands for an empty store that does not exist yet: ``opener``
    creates it, only when there is something to write (a dry run or a refused load
    creates no store file).

    Raises :class:`BundleUnreadableError` when the bundle cannot be read and
    :class:`BundleInvalidError` (carrying the problem groups and the report) when
    rows are invalid and ``skip_invalid`` is off; in both cases nothing is written.
    Store errors (:class:`graph.errors.StoreWriteError`, …) pass through.

    The cyclic garbage collector is off for the whole load: a load makes millions
    of objects, none in a cycle, and each burst of them would start a collection
    that walks them all again (a quarter of a load's time). Every load, from the
    CLI or the API, passes here: this is the one place that pauses it.
    """
    with collector_paused(), ExitStack() as stages:
        return _load_bundle(source, store, options, progress, opener, stages)


def _load_bundle(
    source: Path,
    store: GraphStore | None,
    options: IngestOptions | None,
    progress: Progress | None,
    opener: Callable[[], GraphStore] | None,
    stages: ExitStack,
) -> IngestReport:
    options = options or IngestOptions()
    if options.format == "mail" or (options.format == "auto" and is_mail_source(source)):
        return _load_mail(source, store, options, progress, opener)
    started = time.perf_counter()
    exclusive = store if isinstance(store, ExclusiveWrites) and not options.dry_run else None
    revision = store.revision() if exclusive is not None and store is not None else None
    bulk = bulk_links(store)
    read, view, log, sinks = _read_checked(source, options, store, progress, bulk, stages)
    if exclusive is not None and progress is not None:
        progress("waiting for the store's write lock")
    # Validation must see the state the batch is applied to: a load of another
    # process committing in between could make both valid alone and a unit cycle
    # together. So the write happens under the store's write lock, and when the
    # store changed while the bundle was read (minutes for a large one, and another
    # load would wait on it), it is read and checked again under the lock.
    with exclusive.write_session() if exclusive is not None else nullcontext():
        if exclusive is not None and _revision(store) != revision:
            if progress is not None:
                progress("the store changed while reading: reading again")
            stages.close()  # the first read's stage
            read, view, log, sinks = _read_checked(source, options, store, progress, bulk, stages)
        staged = read.staged
        result = ApplyResult()
        if log.errors and not options.skip_invalid:
            raise _refusal(read, options, log, sinks, started)
        batch = staged.to_batch()
        would = None
        if options.dry_run:
            would = dry_run_counts(staged, view)
        elif len(batch):
            result = _write(batch, store, opener, progress)
    if not options.dry_run and batch.people and store is not None:
        # A person with the e-mail of a captured contact takes over its sightings:
        # after the write session, whose lock the sightings' own write also takes.
        # (A store this load created holds no sightings yet.)
        promote_loaded_people(store, batch.people)
    outcome: Outcome = "dry_run" if options.dry_run else "loaded"
    report = build_report(read, result, options, log, would, outcome, sinks)
    report.elapsed_seconds = round(time.perf_counter() - started, 3)
    return report


def _load_mail(
    source: Path,
    store: GraphStore | None,
    options: IngestOptions,
    progress: Progress | None,
    opener: Callable[[], GraphStore] | None,
) -> IngestReport:
    """Load mail into ``store``, or into the store ``opener`` creates."""
    if store is not None:
        return load_mail(source, store, options, progress)
    if opener is None:
        raise ValueError("load_bundle needs a store or an opener to load mail")
    with closing(opener()) as created:
        return load_mail(source, created, options, progress)


def _refusal(
    read: _Read, options: IngestOptions, log: ProblemLog, sinks: list[ProblemCsv], started: float
) -> BundleInvalidError:
    """The error that refuses a bundle with invalid rows, carrying the report of
    what was read and the first problems of each group."""
    report = build_report(read, ApplyResult(), options, log, None, "invalid", sinks)
    report.elapsed_seconds = round(time.perf_counter() - started, 3)
    examples = log.examples(ERROR, report_order(read.staged))
    primary = [p for p in examples if p.primary]
    error = BundleInvalidError(primary or examples, log.primary_errors or log.errors)
    report.title, report.detail = error.title, error.detail  # the API sets the status
    error.report = report
    return error


def _write(
    batch: Batch,
    store: GraphStore | None,
    opener: Callable[[], GraphStore] | None,
    progress: Progress | None,
) -> ApplyResult:
    """Apply ``batch`` to ``store``, or to the store ``opener`` creates (closed
    after)."""
    if progress is not None:
        progress(f"writing {len(batch)} records")
    target = store if store is not None else (opener() if opener is not None else None)
    if target is None:
        raise ValueError("load_bundle needs a store or an opener to write")
    try:
        return target.apply(batch)
    finally:
        if store is None:
            target.close()


def bulk_links(store: GraphStore | None) -> bool:
    """Whether a native bundle's link rows are staged in SQLite rather than held:
    when the store writes them batch by batch (the embedded store; None: one to be
    created). Neo4j plans a batch whole, so it gets them as records."""
    return store is None or isinstance(store, EmbeddedStore)


def _revision(store: GraphStore | None) -> int | None:
    return None if store is None else store.revision()


def _read_checked(
    source: Path,
    options: IngestOptions,
    store: GraphStore | None,
    progress: Progress | None,
    bulk: bool,
    stages: ExitStack,
) -> tuple[_Read, StoreView, ProblemLog, list[ProblemCsv]]:
    """Read the bundle and validate it against itself and ``store``, every problem
    into a new log (and the problem files, which start afresh)."""
    sinks: list[ProblemCsv] = []
    if options.problems_path is not None:
        sinks.append(ProblemCsv(options.problems_path, errors_only=False))
    if options.rejects_path is not None:
        sinks.append(ProblemCsv(options.rejects_path, errors_only=True))
    log = ProblemLog(sinks)
    try:
        view = StoreView(store)
        read = _read(source, options, view, progress, log, bulk)
        if read.staged.leaves is not None:
            stages.callback(read.staged.leaves.close)
        if progress is not None:
            progress("validating")
        validate(read.staged, view)
    finally:
        log.close()
    return read, view, log, sinks


def report_order(staged: Staged) -> dict[str, int]:
    """Files in the order they were read, for ordering problems."""
    return {name: i for i, name in enumerate(staged.file_rows)}
