"""The generator's Salesforce dialect (``powermap generate --dialect salesforce``):
the same synthetic world, written as a weekly Data Export writes it — object
files with API field names, every value quoted, CRLF, booleans ``1``/``0``,
datetimes ``2012-08-27 03:20:21``, the null id in empty lookups, 18-character ids.

It takes the native rows the generators hand out and writes each as the object it
becomes: accounts and units as ``Account`` rows (units under their ``ParentId``,
``Type`` from the status), people as ``Contact``, team as ``User``, meetings as
``Event`` and other activities as completed ``Task``, positions as
``AccountContactRelation``, deals as ``Opportunity``. Relationship snapshots and
person–person ties have no standard Salesforce object and are not written.
``CreatedDate`` carries the native world's creation dates (units, contacts, users;
top accounts have none, as in the native bundle), so the world keeps its history.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Final

from ingest.generate.bundle import DialectWriter, Row, split_name
from ingest.generate.created import CreationDates
from ingest.sfid import canonical_sfid

NULL_ID: Final = "000000000000000AAA"
_ALPHABET: Final = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

#: Object file -> header (API field names).
SALESFORCE_FILES: Final[dict[str, tuple[str, ...]]] = {
    "Account.csv": (
        "Id",
        "IsDeleted",
        "Name",
        "ParentId",
        "Type",
        "Industry",
        "BillingCountry",
        "NumberOfEmployees",
        "CreatedDate",
    ),
    "Contact.csv": (
        "Id",
        "IsDeleted",
        "AccountId",
        "FirstName",
        "LastName",
        "Title",
        "Email",
        "ReportsToId",
        "CreatedDate",
    ),
    "User.csv": ("Id", "Name", "Email", "Title", "ManagerId", "IsActive", "CreatedDate"),
    "AccountTeamMember.csv": ("Id", "IsDeleted", "AccountId", "UserId", "TeamMemberRole"),
    "Task.csv": (
        "Id",
        "IsDeleted",
        "OwnerId",
        "WhoId",
        "ActivityDate",
        "TaskSubtype",
        "Status",
        "IsClosed",
    ),
    "Event.csv": ("Id", "IsDeleted", "OwnerId", "WhoId", "ActivityDateTime"),
    "AccountContactRelation.csv": (
        "Id",
        "IsDeleted",
        "AccountId",
        "ContactId",
        "IsDirect",
        "IsActive",
        "StartDate",
        "EndDate",
    ),
    "Opportunity.csv": (
        "Id",
        "IsDeleted",
        "AccountId",
        "StageName",
        "IsWon",
        "IsClosed",
        "Amount",
        "CloseDate",
    ),
}
_TYPE: Final = {
    "customer": "Customer - Direct",
    "former_customer": "Former Customer",
    "prospect": "Prospect",
}
_SUBTYPE: Final = {"call": "Call", "email": "Email"}


def sf_id(prefix: str, native: str) -> str:
    """A stable 18-character id for a native id (the same one every time).

    >>> sf_id("001", "A1") == sf_id("001", "A1"), len(sf_id("001", "A1"))
    (True, 18)
    """
    if not native:
        return NULL_ID
    number = int.from_bytes(hashlib.blake2b(native.encode(), digest_size=9).digest())
    chars = []
    for _ in range(12):
        number, digit = divmod(number, 62)
        chars.append(_ALPHABET[digit])
    return canonical_sfid(prefix + "".join(chars))


class SalesforceBundleWriter(DialectWriter):
    """Takes native rows (``add``/``extend`` by native file name, as
    :class:`~ingest.generate.bundle.BundleWriter`) and writes Salesforce objects."""

    def __init__(self, out: Path, dates: CreationDates | None = None) -> None:
        self._open(out, dates, SALESFORCE_FILES, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        self._activities = 0
        self._links = 0
        #: native file -> the method writing its rows as Salesforce objects
        self._objects: dict[str, Callable[[str, Row], None]] = {
            "accounts.csv": self._account,
            "units.csv": self._unit,
            "people.csv": self._contact,
            "team.csv": self._user,
            "account_team.csv": self._team_member,
            "activities.csv": self._activity,
            "employment_history.csv": self._contact_relation,
            "opportunities.csv": self._opportunity,
        }
        self._unit_account: dict[str, str] = {}

    def _created(self, name: str, row: Row) -> str:
        """The row's creation date as Salesforce writes datetimes ("" without dates)."""
        if self._dates is None:
            return ""
        return f"{self._dates.of_row(name, row)} 09:00:00"

    def _account_of(self, account_id: str, unit_id: str) -> str:
        return sf_id("001", unit_id or account_id)

    def add(self, name: str, row: Row) -> None:
        write = self._objects.get(name)
        if write is not None:  # relationships.csv, person_ties.csv: no standard object
            write(name, row)

    def _account(self, name: str, row: Row) -> None:
        """A top account as an Account row (no parent, no creation date)."""
        id_, label, industry, country, _tier, _status = row
        self._write(
            "Account.csv",
            (sf_id("001", id_), "0", label, NULL_ID, "", industry, country, "", ""),
        )

    def _unit(self, name: str, row: Row) -> None:
        """A unit as an Account row under its parent (its Type from the status)."""
        id_, account, parent, _kind, label, status, headcount, _revenue = row
        self._write(
            "Account.csv",
            (
                sf_id("001", id_),
                "0",
                label,
                sf_id("001", parent or account),
                _TYPE.get(status, ""),
                "",
                "",
                headcount,
                self._created(name, row),
            ),
        )

    def _contact(self, name: str, row: Row) -> None:
        """A person as a Contact of its unit's (or account's) Account row."""
        id_, account, unit, full, title, _sen, _role, manager, email, _left = row
        first, last = split_name(full)
        self._write(
            "Contact.csv",
            (
                sf_id("003", id_),
                "0",
                self._account_of(account, unit),
                first,
                last,
                title,
                email,
                sf_id("003", manager),
                self._created(name, row),
            ),
        )

    def _user(self, name: str, row: Row) -> None:
        """A team member as a User."""
        id_, full, email, role, manager = row
        created = self._created(name, row)
        user = (sf_id("005", id_), full, email, role, sf_id("005", manager), "1", created)
        self._write("User.csv", user)

    def _team_member(self, name: str, row: Row) -> None:
        """An account team entry as an AccountTeamMember."""
        tm, account, role = row
        self._links += 1
        link = sf_id("01M", f"{self._links}")
        self._write(
            "AccountTeamMember.csv", (link, "0", sf_id("001", account), sf_id("005", tm), role)
        )

    def _activity(self, name: str, row: Row) -> None:
        """A meeting as an Event, any other activity as a completed Task."""
        tm, person, type_, date = row
        self._activities += 1
        owner, who = sf_id("005", tm), sf_id("003", person)
        if type_ == "meeting":
            event = sf_id("00U", f"{self._activities}")
            self._write("Event.csv", (event, "0", owner, who, f"{date[:10]} 10:00:00"))
        else:
            task = sf_id("00T", f"{self._activities}")
            subtype = _SUBTYPE.get(type_, "Task")
            self._write("Task.csv", (task, "0", owner, who, date[:10], subtype, "Completed", "1"))

    def _contact_relation(self, name: str, row: Row) -> None:
        """A position as an AccountContactRelation (active while open)."""
        person, unit, start, until = row
        self._links += 1
        self._write(
            "AccountContactRelation.csv",
            (
                sf_id("07k", f"{self._links}"),
                "0",
                sf_id("001", unit),
                sf_id("003", person),
                "0",
                "0" if until else "1",
                start,
                until,
            ),
        )

    def _opportunity(self, name: str, row: Row) -> None:
        """A deal as an Opportunity."""
        id_, account, unit, stage, won, amount, close = row
        closed = "1" if won == "true" or stage.startswith("Closed") else "0"
        self._write(
            "Opportunity.csv",
            (
                sf_id("006", id_),
                "0",
                self._account_of(account, unit),
                stage,
                "1" if won == "true" else "0",
                closed,
                amount,
                close,
            ),
        )

    def account_done(self) -> None:
        """Nothing to drop: this writer keeps nothing per person."""
