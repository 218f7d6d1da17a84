"""The generator's HubSpot dialect (``powermap generate --dialect hubspot``): the same
synthetic world as HubSpot's "export all records" files, as the ``hubspot`` reader
takes them (docs/FORMAT.md): numeric Record IDs, owners named by their full name
(users.csv gives their e-mail, the team member's id), ``;``-separated association
cells, dates as ``2026-10-20 14:03``.

Accounts and units are companies (units with their Parent Company ID), people
contacts, the team users; meetings, calls and e-mails their engagement exports
(one row per activity, its contact associated); deals with their company. Account
teams beyond ownership, relationship snapshots, ties and past positions have no
export here and are not written; HubSpot has no contact manager either.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Final

from ingest.generate.bundle import DialectWriter, Row, split_name
from ingest.generate.created import CreationDates

_PREFIX: Final = "hubspot-crm-exports-all-"
HUBSPOT_FILES: Final[dict[str, tuple[str, ...]]] = {
    "users.csv": ("First Name", "Last Name", "Email"),
    f"{_PREFIX}companies.csv": (
        "Record ID",
        "Company name",
        "Parent Company ID",
        "Lifecycle Stage",
        "Country/Region",
        "Number of Employees",
        "Create Date",
    ),
    f"{_PREFIX}contacts.csv": (
        "Record ID",
        "First Name",
        "Last Name",
        "Email",
        "Job Title",
        "Associated Company IDs",
        "Create Date",
    ),
    f"{_PREFIX}deals.csv": (
        "Record ID",
        "Deal Stage",
        "Close Date",
        "Amount",
        "Associated Company IDs (Primary)",
    ),
    f"{_PREFIX}meetings.csv": (
        "Record ID",
        "Activity date",
        "Activity assigned to",
        "Associated Contact IDs",
    ),
    f"{_PREFIX}calls.csv": (
        "Record ID",
        "Activity date",
        "Activity assigned to",
        "Associated Contact IDs",
    ),
    f"{_PREFIX}emails.csv": (
        "Record ID",
        "Activity date",
        "Activity assigned to",
        "Associated Contact IDs",
    ),
}
_STAGE: Final = {"customer": "Customer", "former_customer": "Other", "prospect": "Lead"}
_ENGAGEMENT: Final = {"meeting": "meetings", "call": "calls"}


def record_id(kind: str, native: str) -> str:
    """A stable numeric Record ID for a native id of one kind.

    >>> record_id("company", "A1") == record_id("company", "A1")
    True
    """
    if not native:
        return ""
    return str(int.from_bytes(hashlib.blake2b(f"{kind}:{native}".encode(), digest_size=6).digest()))


class HubSpotBundleWriter(DialectWriter):
    """Takes native rows (by native file name) and writes HubSpot exports."""

    def __init__(self, out: Path, dates: CreationDates | None = None) -> None:
        self._open(out, dates, HUBSPOT_FILES, lineterminator="\n")
        self._activities = 0
        #: team member id -> the full name owner cells carry
        self._names: dict[str, str] = {}
        self._pending: list[tuple[str, ...]] = []
        self._emails: set[str] = set()

    def _created(self, name: str, row: Row) -> str:
        return "" if self._dates is None else f"{self._dates.of_row(name, row)} 09:00"

    def add(self, name: str, row: Row) -> None:
        if name == "accounts.csv":
            id_, label, _industry, country, _tier, _status = row
            company = (record_id("co", id_), label, "", "", country, "", "")
            self._write(f"{_PREFIX}companies.csv", company)
        elif name == "units.csv":
            id_, account, parent, _kind, label, status, headcount, _revenue = row
            company = (
                record_id("co", id_),
                label,
                record_id("co", parent or account),
                _STAGE.get(status, ""),
                "",
                headcount,
                self._created(name, row),
            )
            self._write(f"{_PREFIX}companies.csv", company)
        elif name == "people.csv":
            id_, account, unit, full, title, _sen, _role, _manager, email, _left = row
            first, last = split_name(full)
            companies = record_id("co", unit or account)
            if unit:  # the primary company first, then the top company
                companies += ";" + record_id("co", account)
            contact = (
                record_id("c", id_),
                first,
                last,
                email,
                title,
                companies,
                self._created(name, row),
            )
            self._write(f"{_PREFIX}contacts.csv", contact)
        elif name == "team.csv":
            id_, full, email, _role, _manager = row
            first, _, last = full.partition(" ")
            self._names[id_] = full
            self._write("users.csv", (first, last, self._unique(email, id_)))
        elif name == "activities.csv":
            # Owner cells name the owner, and the generators write the team last.
            self._pending.append(tuple(row))
        elif name == "opportunities.csv":
            id_, account, unit, stage, won, amount, close = row
            if won == "true":
                stage = "Closed Won"
            deal = (record_id("d", id_), stage, close, amount, record_id("co", unit or account))
            self._write(f"{_PREFIX}deals.csv", deal)
        # account_team, relationships, person_ties, employment_history: not written

    def _unique(self, email: str, id_: str) -> str:
        """A HubSpot user's e-mail is unique (it is the team member's id here); the
        synthetic team may give two people one address: the second gets a tag."""
        if email.lower() in self._emails:
            local, _, domain = email.partition("@")
            email = f"{local}+{id_}@{domain}"
        self._emails.add(email.lower())
        return email

    def _flush_activities(self) -> None:
        for tm, person, type_, date in self._pending:
            self._activities += 1
            file = f"{_PREFIX}{_ENGAGEMENT.get(type_, 'emails')}.csv"
            owner = self._names.get(tm, tm)
            when = f"{date[:10]} 10:00"
            self._write(file, (str(self._activities), when, owner, record_id("c", person)))
        self._pending.clear()

    def close(self) -> None:
        self._flush_activities()
        super().close()
        for handle in self._files.values():
            handle.close()
