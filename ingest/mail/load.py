"""Load mailboxes and calendars: ``powermap ingest PATH --format mail``.

PATH is an mbox file, an .eml or .ics file, or a folder holding any of them
(searched recursively: a Google Takeout, a Thunderbird profile's ``Mail`` folder,
Apple Mail's ``*.mbox`` packages, a folder of .eml files, calendar exports).
Addresses are matched against the e-mails of the team members and people already
in the store; the activities are written in one atomic ``store.apply``, then the
captured-contact sightings in a second transaction (both are upserts by id, so a
load interrupted between the two is completed by running it again).

The report counts what was read and dropped, by reason; it names no address.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable
from pathlib import Path
from typing import Final

from graph.captured import CapturedStore
from graph.schema import ApplyResult, Batch, KindCounts, RecordKind
from graph.store import GraphStore
from ingest.errors import BundleUnreadableError, IngestOptionError
from ingest.mail.addresses import normalize
from ingest.mail.calendar import CalendarUnreadableError, read_calendar
from ingest.mail.headers import parse
from ingest.mail.mbox import looks_like_mbox, read_eml_head, read_mbox
from ingest.mail.options import MailOptions
from ingest.mail.rules import Collector, Matcher, build_matcher
from ingest.report import IngestOptions, IngestReport, KindReport

Progress = Callable[[str], None]
MBOX, EML, ICS = "mbox", "eml", "ics"
_SUFFIXES: Final = (".mbox", ".mbx", ".eml", ".ics")
#: Progress is reported every this many messages.
_PROGRESS_EVERY: Final = 50_000


def mail_kind(path: Path) -> str | None:
    """What a file holds: an mbox, one message, a calendar, or nothing we read."""
    suffix = path.suffix.lower()
    if suffix == ".ics":
        return ICS
    if suffix == ".eml":
        return EML
    if path.name.startswith(".") or suffix in (".msf", ".csv", ".zip", ".json", ".plist"):
        return None
    return MBOX if looks_like_mbox(path) else None


def discover(source: Path) -> tuple[list[tuple[Path, str]], list[str]]:
    """The mail files under ``source`` (sorted) and the names of the others."""
    if not source.exists():
        raise BundleUnreadableError(
            f"{source} does not exist: give an mbox, .eml or .ics file, or a folder of them"
        )
    candidates = (
        [source] if source.is_file() else sorted(p for p in source.rglob("*") if p.is_file())
    )
    found: list[tuple[Path, str]] = []
    ignored: list[str] = []
    for path in candidates:
        kind = mail_kind(path)
        name = path.name if path == source else path.relative_to(source).as_posix()
        if kind is None:
            ignored.append(name)
        else:
            found.append((path, kind))
    return found, ignored


def is_mail_source(source: Path) -> bool:
    """Whether ``source`` holds mail and no CRM bundle (format detection)."""
    if source.is_file():
        return source.suffix.lower() != ".zip" and mail_kind(source) is not None
    if not source.is_dir() or any(p.suffix.lower() == ".csv" for p in source.iterdir()):
        return False
    return any(mail_kind(p) is not None for p in source.rglob("*") if p.is_file())


def _owner_excluded(source: Path, path: Path, matcher: Matcher) -> bool:
    """Whether the file sits in the mailbox of an excluded team member: a folder or
    file named by the member's id or e-mail (``ann@ours.io/Inbox.mbox``,
    ``T-17.ics``)."""
    if not matcher.excluded_members:
        return False
    keys = {tm.lower() for tm in matcher.excluded_members} | {
        a for a, tm in matcher.team.items() if tm in matcher.excluded_members
    }
    parts = [source.name, *path.relative_to(source).parts] if path != source else [path.name]
    for part in parts:
        stem = part.lower()
        for suffix in _SUFFIXES:
            stem = stem.removesuffix(suffix)
        if stem in keys or normalize(stem) in keys:
            return True
    return False


def _read_aliases(path: Path | None) -> dict[str, str]:
    if path is None:
        return {}
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = [r for r in csv.reader(f) if r and not r[0].startswith("#")]
    except (OSError, UnicodeDecodeError) as exc:
        raise IngestOptionError(f"cannot read the aliases file {path}: {exc}") from None
    aliases: dict[str, str] = {}
    for number, row in enumerate(rows, start=1):
        if number == 1 and row[0].strip().lower() == "alias":
            continue
        if len(row) < 2 or normalize(row[0]) is None or normalize(row[1]) is None:
            raise IngestOptionError(
                f"{path.name}:{number}: expected two addresses, alias,email; fix that line"
            )
        aliases[row[0]] = row[1]
    return aliases


def load_mail(
    source: Path,
    store: GraphStore,
    options: IngestOptions,
    progress: Progress | None = None,
) -> IngestReport:
    started = time.perf_counter()
    if not isinstance(store, CapturedStore):
        raise IngestOptionError("this store cannot hold captured contacts; use a Powermap store")
    mail = options.mail
    until = mail.until or options.as_of_date()
    files, ignored = discover(source)
    if not files:
        raise BundleUnreadableError(
            f"no mail in {source.name}: expected mbox files, .eml or .ics files"
        )
    matcher = build_matcher(
        store.email_directory(),
        exclude_members=mail.exclude_members,
        exclude_addresses=mail.exclude_addresses,
        exclude_domains=mail.exclude_domains,
        aliases=_read_aliases(mail.aliases),
    )
    _check_members(mail, matcher)
    collector = Collector(matcher, mail.mass_mail_recipients, until)
    read = _collect(source, files, matcher, collector, progress)
    activities = sorted(collector.activities.values(), key=lambda a: a.id)
    sightings = sorted(collector.sightings.values(), key=lambda s: (s.address, s.signal_id))
    result, captured = ApplyResult(), KindCounts()
    if not options.dry_run:
        if activities:
            if progress is not None:
                progress(f"writing {len(activities)} activities")
            result = store.apply(Batch(activities=activities))
        if sightings:
            captured = store.put_sightings(sightings)
    return IngestReport(
        dialect="mail",
        source=source.name,
        dry_run=options.dry_run,
        kinds=_kinds(collector, len(activities), result, len(sightings), captured),
        files=read,
        skipped_reasons=dict(sorted(collector.dropped.items())),
        ignored_files=ignored,
        elapsed_seconds=round(time.perf_counter() - started, 3),
    )


def _collect(
    source: Path,
    files: list[tuple[Path, str]],
    matcher: Matcher,
    collector: Collector,
    progress: Progress | None,
) -> dict[str, int]:
    """Read every mail file into ``collector`` (but the mailboxes of excluded team
    members); the messages and meetings each file held, by its name under
    ``source``."""
    read: dict[str, int] = {}
    for path, kind in files:
        name = path.name if path == source else path.relative_to(source).as_posix()
        if _owner_excluded(source, path, matcher):
            collector.dropped["file: mailbox of an excluded team member, not read"] += 1
            continue
        before = collector.messages + collector.meetings
        _read_file(path, kind, collector, progress)
        read[name] = collector.messages + collector.meetings - before
    return read


def _kinds(
    collector: Collector,
    activities: int,
    result: ApplyResult,
    sightings: int,
    captured: KindCounts,
) -> dict[str, KindReport]:
    """The report's rows: messages and meetings read and dropped, the activities
    they made and the sightings of captured contacts, as the store took them."""
    counts = result.counts.get(RecordKind.ACTIVITY, KindCounts())
    dropped_messages = sum(v for k, v in collector.dropped.items() if k.startswith("message:"))
    dropped_meetings = sum(v for k, v in collector.dropped.items() if k.startswith("meeting:"))
    return {
        "message": KindReport(read=collector.messages, skipped=dropped_messages),
        "meeting": KindReport(read=collector.meetings, skipped=dropped_meetings),
        RecordKind.ACTIVITY.value: KindReport(
            read=activities,
            created=counts.created,
            updated=counts.updated,
            unchanged=counts.unchanged,
        ),
        "captured_sighting": KindReport(
            read=sightings, created=captured.created, unchanged=captured.unchanged
        ),
    }


def _check_members(mail: MailOptions, matcher: Matcher) -> None:
    known = set(matcher.team.values()) | set(matcher.team)
    unknown = [m for m in mail.exclude_members if m not in known and normalize(m) not in known]
    if unknown:
        raise IngestOptionError(
            f"--exclude-member {unknown[0]!r} is no team member id or e-mail in the store "
            "(of a team member with an e-mail address); check the spelling"
        )


def _read_file(path: Path, kind: str, collector: Collector, progress: Progress | None) -> None:
    try:
        if kind == ICS:
            for occurrence in read_calendar(path, collector.until):
                collector.occurrence(occurrence)
        elif kind == EML:
            collector.message(parse(read_eml_head(path)))
        else:
            for block in read_mbox(path):
                collector.message(parse(block))
                if progress is not None and collector.messages % _PROGRESS_EVERY == 0:
                    progress(f"read {collector.messages:,} messages")
    except CalendarUnreadableError as exc:
        raise BundleUnreadableError(str(exc)) from None
    except OSError as exc:
        raise BundleUnreadableError(f"cannot read {path.name}: {exc.strerror}") from None
