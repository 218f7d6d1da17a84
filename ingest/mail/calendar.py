"""Meeting occurrences from an .ics calendar (Google Calendar, Outlook exports).

``icalendar`` parses the file and ``recurring-ical-events`` expands recurring
events: every occurrence up to the load's date, with EXDATEs dropped and
exceptions (an occurrence moved, or cancelled, under a RECURRENCE-ID) honoured.
Only UID, RECURRENCE-ID, DTSTART, STATUS, ORGANIZER and ATTENDEE (with PARTSTAT)
are read; summaries, descriptions and locations are not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import icalendar
import recurring_ical_events

from ingest.mail.addresses import normalize

#: Occurrences are expanded from this date on: earlier ones are not in any export.
_EPOCH: Final = dt.date(1970, 1, 1)


class CalendarUnreadableError(ValueError):
    """The file is not an iCalendar file the parser accepts."""


@dataclass(frozen=True, slots=True)
class Occurrence:
    uid: str
    key: str  # the occurrence: its RECURRENCE-ID (original start), else its start
    date: dt.date
    cancelled: bool
    organizer: str | None
    attendees: tuple[tuple[str, str], ...]  # (normalised address, PARTSTAT upper case)


def _when(value: Any) -> str:
    """One spelling of an occurrence's original start for every calendar: UTC when
    the time has a zone."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    if isinstance(value, dt.datetime):
        return value.strftime("%Y%m%dT%H%M%S")
    if isinstance(value, dt.date):
        return value.strftime("%Y%m%d")
    return str(value)


def _address(value: Any) -> str | None:
    text = str(value)
    if text.lower().startswith("mailto:"):
        text = text[len("mailto:") :]
    return normalize(text)


def _attendees(event: Any) -> tuple[tuple[str, str], ...]:
    raw = event.get("ATTENDEE")
    if raw is None:
        return ()
    found: dict[str, str] = {}
    for attendee in raw if isinstance(raw, list) else [raw]:
        address = _address(attendee)
        if address is not None:
            partstat = str(attendee.params.get("PARTSTAT", "NEEDS-ACTION")).upper()
            found[address] = partstat
    return tuple(found.items())


def read_calendar(path: Path, until: dt.date) -> Iterator[Occurrence]:
    """Every occurrence of every event starting on or before ``until``."""
    try:
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        events = recurring_ical_events.of(calendar).between(_EPOCH, until + dt.timedelta(days=1))
    except (ValueError, KeyError, TypeError, IndexError) as exc:
        raise CalendarUnreadableError(
            f"{path.name} is not a calendar the iCalendar parser can read "
            f"({type(exc).__name__}); export it again as .ics"
        ) from None
    for event in events:
        start = event.get("DTSTART")
        uid = event.get("UID")
        if start is None or uid is None:
            continue
        start_value = start.dt
        day = start_value.date() if isinstance(start_value, dt.datetime) else start_value
        if day > until:
            continue
        original = event.get("RECURRENCE-ID")
        organizer = event.get("ORGANIZER")
        yield Occurrence(
            uid=str(uid),
            key=_when(original.dt if original is not None else start_value),
            date=day,
            cancelled=str(event.get("STATUS", "")).upper() == "CANCELLED",
            organizer=_address(organizer) if organizer is not None else None,
            attendees=_attendees(event),
        )
