"""The generator's Dynamics 365 dialect (``powermap generate --dialect dynamics``):
the same synthetic world as Dataverse table CSVs with logical names, as the
``dynamics`` reader takes them (docs/FORMAT.md): GUID ids, ISO datetimes, option-set
codes (customertypecode, statecode, participationtypemask, partyobjecttypecode).

Accounts and units are ``account`` rows (units under their parentaccountid), people
``contact``, the team ``systemuser``; each activity is an ``appointment``,
``phonecall`` or ``email`` row (completed) with its ``activityparty`` rows (the owner
as organizer / sender, the contact as attendee / recipient); deals ``opportunity``;
ties ``connection``. Account team members other than the owner, relationship
snapshots and past positions have no standard table here and are not written.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Final

from ingest.generate.bundle import DialectWriter, Row, split_name
from ingest.generate.created import CreationDates

DYNAMICS_FILES: Final[dict[str, tuple[str, ...]]] = {
    "account.csv": (
        "accountid",
        "name",
        "parentaccountid",
        "customertypecode",
        "address1_country",
        "numberofemployees",
        "ownerid",
        "createdon",
    ),
    "contact.csv": (
        "contactid",
        "parentcustomerid",
        "firstname",
        "lastname",
        "jobtitle",
        "emailaddress1",
        "parentcontactid",
        "createdon",
    ),
    "systemuser.csv": (
        "systemuserid",
        "fullname",
        "internalemailaddress",
        "title",
        "parentsystemuserid",
        "isdisabled",
        "createdon",
    ),
    "appointment.csv": ("activityid", "ownerid", "scheduledstart", "statecode"),
    "phonecall.csv": ("activityid", "ownerid", "actualend", "statecode"),
    "email.csv": ("activityid", "ownerid", "senton", "statecode"),
    "activityparty.csv": (
        "activityid",
        "partyid",
        "participationtypemask",
        "partyobjecttypecode",
    ),
    "opportunity.csv": (
        "opportunityid",
        "parentaccountid",
        "statecode",
        "stepname",
        "actualvalue",
        "actualclosedate",
    ),
    "connection.csv": ("record1id", "record2id", "record2roleid"),
}
_CODE: Final = {"customer": "3", "prospect": "8", "former_customer": ""}
_ACTIVITY: Final = {"meeting": "appointment.csv", "call": "phonecall.csv"}
_ROLE: Final = {
    "colleague": "Colleague",
    "former_colleague": "Former Employee",
    "friend": "Friend",
}


def guid(kind: str, native: str) -> str:
    """A stable GUID for a native id of one kind (the same one every time).

    >>> guid("account", "A1") == guid("account", "A1"), len(guid("account", "A1"))
    (True, 36)
    """
    if not native:
        return ""
    h = hashlib.blake2b(f"{kind}:{native}".encode(), digest_size=16).hexdigest()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-8{h[17:20]}-{h[20:]}"


class DynamicsBundleWriter(DialectWriter):
    """Takes native rows (by native file name) and writes Dataverse tables."""

    def __init__(self, out: Path, dates: CreationDates | None = None) -> None:
        self._open(out, dates, DYNAMICS_FILES, lineterminator="\r\n")
        self._activities = 0

    def _created(self, name: str, row: Row) -> str:
        return "" if self._dates is None else f"{self._dates.of_row(name, row)}T09:00:00Z"

    def add(self, name: str, row: Row) -> None:
        if name == "accounts.csv":
            id_, label, _industry, country, _tier, _status = row
            self._write("account.csv", (guid("a", id_), label, "", "", country, "", "", ""))
        elif name == "units.csv":
            id_, account, parent, _kind, label, status, headcount, _revenue = row
            self._write(
                "account.csv",
                (
                    guid("a", id_),
                    label,
                    guid("a", parent or account),
                    _CODE.get(status, ""),
                    "",
                    headcount,
                    "",
                    self._created(name, row),
                ),
            )
        elif name == "people.csv":
            id_, account, unit, full, title, _sen, _role, manager, email, _left = row
            first, last = split_name(full)
            self._write(
                "contact.csv",
                (
                    guid("c", id_),
                    guid("a", unit or account),
                    first,
                    last,
                    title,
                    email,
                    guid("c", manager),
                    self._created(name, row),
                ),
            )
        elif name == "team.csv":
            id_, full, email, role, manager = row
            created = self._created(name, row)
            user = (guid("u", id_), full, email, role, guid("u", manager), "false", created)
            self._write("systemuser.csv", user)
        elif name == "activities.csv":
            self._activity(row)
        elif name == "opportunities.csv":
            id_, account, unit, stage, won, amount, close = row
            state = "1" if won == "true" else ("2" if stage.startswith("Closed") else "0")
            self._write(
                "opportunity.csv",
                (guid("o", id_), guid("a", unit or account), state, stage, amount, close),
            )
        elif name == "person_ties.csv":
            person, other, kind, _strength = row
            self._write(
                "connection.csv", (guid("c", person), guid("c", other), _ROLE.get(kind, "Other"))
            )
        # account_team.csv, relationships.csv, employment_history.csv: not written

    def _activity(self, row: Row) -> None:
        tm, person, type_, date = row
        self._activities += 1
        activity = guid("act", str(self._activities))
        owner = guid("u", tm)
        file = _ACTIVITY.get(type_, "email.csv")
        when = f"{date[:10]}T10:00:00Z"
        self._write(file, (activity, owner, when, "1"))
        sender, recipient = ("7", "5") if type_ == "meeting" else ("1", "2")
        self._write("activityparty.csv", (activity, owner, sender, "8"))
        self._write("activityparty.csv", (activity, guid("c", person), recipient, "2"))
