"""What a bundle looks like, from its file names and headers: a Dynamics 365 /
Dataverse export, a HubSpot export, or neither (then the native and Salesforce
file names decide, in :func:`ingest.service.detect_dialect`).

Only the first line of a file is read (at most :data:`_PEEK` characters), so a
huge or hostile file costs nothing here; reading it properly reports its problems.
"""

from __future__ import annotations

import csv
import io
from typing import Final

from ingest.errors import BundleUnreadableError
from ingest.source import Bundle
from ingest.xlsx import table_of

_PEEK: Final = 64 * 1024
#: Dataverse tables whose names no other dialect uses.
DYNAMICS_ONLY: Final = frozenset(
    {"systemuser.csv", "activityparty.csv", "appointment.csv", "phonecall.csv", "connection.csv"}
)
#: Files named like Salesforce's -> the Dataverse primary key that marks them as a
#: Dynamics export (a Salesforce file has an Id column; its AccountId is a reference).
_SHARED_NAMES: Final = {
    "account.csv": "accountid",
    "contact.csv": "contactid",
    "user.csv": "systemuserid",
    "opportunity.csv": "opportunityid",
    "email.csv": "activityid",
}
_HUBSPOT_PREFIX: Final = "hubspot-crm-exports-"
_HUBSPOT_OBJECTS: Final = ("compan", "contacts", "deals", "meetings", "calls", "emails")
#: Property labels of HubSpot's exports (another CRM's "Record Id" is not enough).
_HUBSPOT_COLUMNS: Final = frozenset(
    {
        "create date",
        "associated company ids",
        "associated contact ids",
        "primary associated company id",
        "company owner",
        "contact owner",
        "deal owner",
        "deal stage",
        "activity assigned to",
        "lifecycle stage",
    }
)


def header(bundle: Bundle, key: str, encoding: str) -> list[str]:
    """The lower-cased header of file ``key``; empty when it cannot be read here."""
    try:
        with bundle.open_text(key, encoding) as stream:
            text = stream.read(_PEEK)
    except (UnicodeDecodeError, LookupError, ValueError, OSError, BundleUnreadableError):
        return []  # reading the file properly reports what is wrong with it
    first = text.split("\n", 1)[0]
    try:
        row = next(csv.reader(io.StringIO(first)), [])
    except csv.Error:
        return []
    return [h.strip().lower() for h in row]


def looks_like(bundle: Bundle, encoding: str) -> str | None:
    """``"dynamics"`` or ``"hubspot"`` when the bundle is unmistakably one, else None."""
    names = set(bundle.files)
    if names & DYNAMICS_ONLY:
        return "dynamics"
    if any(sheet_table(bundle, n, encoding) for n in names if n.endswith(".xlsx")):
        return "dynamics"
    for key, primary in _SHARED_NAMES.items():
        if key in names:
            columns = set(header(bundle, key, encoding))
            if primary in columns and "id" not in columns:
                return "dynamics"
    for key in sorted(names):
        if key.startswith(_HUBSPOT_PREFIX):
            return "hubspot"
        if any(o in key for o in _HUBSPOT_OBJECTS):
            columns = set(header(bundle, key, encoding))
            if "record id" in columns and columns & _HUBSPOT_COLUMNS:
                return "hubspot"
    return None


def sheet_table(bundle: Bundle, key: str, encoding: str) -> str | None:
    """The Dataverse table an "Export to Excel" workbook holds (None: not one)."""
    return table_of(header(bundle, key, encoding))
