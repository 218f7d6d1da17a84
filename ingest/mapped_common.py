"""Shared state and cell helpers of a mapped read (the ``mapped``, ``dynamics`` and
``hubspot`` dialects): ids in the mapping's form, value maps that point at their
mapping line, owners resolved by id, name or e-mail.

The context extends the Salesforce one so the account hierarchy, placement and
partial-export rules are the same code; only ids and messages differ.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

from graph.schema import RecordKind
from ingest.lookup import StoreView
from ingest.mapped_spec import LOOKUPS, CrmMapping, Field, Section
from ingest.salesforce_common import SfContext
from ingest.staged import Staged
from ingest.table import Row

_GUID: Final = re.compile(r"\{?([0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12})\}?")
SKIP_STATE: Final = "not_completed"
SKIP_NOT_PERSON: Final = "party_not_a_contact"


def canonical_guid(text: str) -> str | None:
    """A Dataverse GUID in one spelling (lower case, no braces); None when ``text``
    is not one.

    >>> canonical_guid("{A1B2C3D4-0000-4000-8000-00000000000F}")
    'a1b2c3d4-0000-4000-8000-00000000000f'
    >>> canonical_guid("12345") is None
    True
    """
    match = _GUID.fullmatch(text)
    return None if match is None else match.group(1).lower()


def cell(row: Row, spec: Field) -> tuple[str, str]:
    """(column, stripped value) of the first of the field's columns with a value;
    the first column and ``""`` when none has one."""
    for column in spec.columns:
        value = row.get(column)
        if value:
            return column, value
    return spec.column or "", ""


class MappedContext(SfContext):
    """One read of a mapped bundle."""

    def __init__(
        self, staged: Staged, view: StoreView, as_of: dt.date, mapping: CrmMapping
    ) -> None:
        super().__init__(staged, view, as_of, None)
        self.mapping = mapping
        self.guid = mapping.ids == "guid"
        #: the file each kind of record was read from, for messages
        self.file_of: dict[str, str] = {}
        #: how owner cells name a team member, and the lookup for names / e-mails
        self.owner_key = next((s.owner_key for s in mapping.of("team")), "id")
        self.owner_lookup: dict[str, str] = {}
        #: "accounts" / "people" -> lower-cased name -> id (None: two share it), for
        #: cells that name what they refer to (lookup = "name")
        self.names: dict[str, dict[str, str | None]] = {"accounts": {}, "people": {}}

    # -- ids ---------------------------------------------------------------------

    def ident(self, raw: str) -> str | None:
        """The id in the mapping's form; None when the cell is not one."""
        if not self.guid:
            return raw
        found = self.canon.get(raw)
        if found is None:
            found = canonical_guid(raw)
            if found is None:
                return None
            self.canon[raw] = found
        return found

    def ids(self, row: Row, spec: Field | None, *, required: bool = False) -> list[str]:
        """Every id of a (possibly multi-value) cell, problems recorded."""
        if spec is None or spec.column is None:
            return []
        column, raw = cell(row, spec)
        if not raw:
            if required:
                row.required(spec.column)
            return []
        parts = [p.strip() for p in raw.split(spec.split)] if spec.split else [raw]
        out: list[str] = []
        for part in parts:
            if not part:
                continue
            if spec.lookup == "name":
                named = self.by_name(row, column, spec, part)
                if named is not None:
                    out.append(named)
                continue
            found = self.ident(part)
            if found is None:
                row.bad(
                    column,
                    part,
                    "not a GUID (a Dataverse id is 32 hex digits in 8-4-4-4-12 groups, "
                    "braces optional)",
                )
                continue
            out.append(found)
        return out

    def remember_name(self, what: str, name: str, id_: str) -> None:
        names = self.names[what]
        key = name.lower()
        names[key] = None if key in names and names[key] != id_ else id_

    def by_name(self, row: Row, column: str, spec: Field, name: str) -> str | None:
        """The id of the account / person a cell names; a name two of them share is a
        problem, a name none has is kept as the id (a record outside the export)."""
        what = LOOKUPS.get(spec.name, "accounts")
        names = self.names[what]
        key = name.lower()
        if key not in names:
            return name
        found = names[key]
        if found is None:
            row.bad(column, name, f"two {what} have this name; map an id column instead")
        return found

    def id_(self, row: Row, spec: Field | None, *, required: bool = False) -> str | None:
        """The (first) id of a cell: a multi-value cell names its primary first."""
        found = self.ids(row, spec, required=required)
        return found[0] if found else None

    def owner_of(self, row: Row, spec: Field | None) -> str | None:
        """The team member an owner cell names (by id, name or e-mail, as the
        mapping's [team] owner_key says); remembered for a placeholder."""
        if spec is None or spec.column is None:
            return None
        if self.owner_key == "id":
            found = self.id_(row, spec)
        else:
            raw = cell(row, spec)[1]
            if not raw:
                return None
            found = self.owner_lookup.get(raw.lower(), raw)
        if found is not None and found not in self.owners:
            self.owners[found] = (row.file, row.line, spec.column)
        return found

    # -- values ------------------------------------------------------------------

    def value(self, row: Row, spec: Field | None) -> str | None:
        """A cell through the field's value map (a constant when the mapping gives
        one); a value the map does not name is a problem pointing at the map."""
        if spec is None:
            return None
        if spec.constant is not None:
            return spec.constant
        column, raw = cell(row, spec)
        if not raw:
            return None
        if spec.values is None:
            return raw
        found = spec.values.get(raw.lower())
        if found is None:
            if spec.default is not None:
                return spec.default
            known = ", ".join(sorted(spec.values)[:8])
            row.bad(
                column,
                raw,
                f"not a value the mapping maps ({spec.where}: {known}); add it there",
            )
        return found

    def flag(self, row: Row, spec: Field | None, default: bool) -> bool:
        """A true/false field: a value map's answer, else the cell as a boolean."""
        if spec is None:
            return default
        if spec.values is not None or spec.constant is not None:
            found = self.value(row, spec)
            return default if found is None else found == "true"
        column, raw = cell(row, spec)
        return row.bool_(column, default) if raw else default

    def text(self, row: Row, section: Section, name: str) -> str | None:
        spec = section.fields.get(name)
        if spec is None:
            return None
        if spec.constant is not None:
            return spec.constant
        return cell(row, spec)[1] or None

    def date(self, row: Row, section: Section, name: str) -> dt.date | None:
        spec = section.fields.get(name)
        if spec is None or spec.column is None:
            return None
        column, raw = cell(row, spec)
        return row.date(column) if raw else None

    def deleted(self, row: Row, kind: RecordKind | None, id_: str | None = None) -> bool:
        """Not used by mapped reads (:meth:`gone_row` is): rows name deletion
        through the mapping's ``deleted`` field."""
        return False

    def gone_row(self, row: Row, section: Section, kind: RecordKind, id_: str | None) -> bool:
        """Skip (and count) a row the mapping's ``deleted`` field marks deleted."""
        spec = section.fields.get("deleted")
        if spec is None or not self.flag(row, spec, False):
            return False
        self.st.skip(kind, "deleted_in_crm")
        if id_:
            self.gone.add(id_)
        return True

    # -- placement -----------------------------------------------------------------

    def accounts_file(self) -> str:
        return self.file_of.get("accounts", "the accounts file")

    def users_file(self) -> str:
        return self.file_of.get("team", "the users file")

    #: an owner cell may name a user by name or e-mail: the placeholder carries it
    placeholder_named: str = "it"
