"""Shared state of one Salesforce read: the staged records, id canonicalisation,
where each Account id landed (account or unit), and what was skipped on purpose."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

from graph.schema import RecordKind
from ingest.lookup import StoreView
from ingest.sfid import SalesforceIdError, canonical_sfid, check_prefix
from ingest.staged import Origin, Staged
from ingest.table import FileSpec, Row
from ingest.unit_kinds import UnitKindMap

ACCOUNT_FILE: Final = "Account.csv"
CONTACT_FILE: Final = "Contact.csv"
USER_FILE: Final = "User.csv"

#: Why rows are skipped on purpose (the report's ``skipped_reasons`` keys).
SKIP_DELETED: Final = "deleted_in_salesforce"
SKIP_LEAD: Final = "who_not_a_contact"
SKIP_NO_WHO: Final = "activity_without_contact"
SKIP_NO_DATE: Final = "activity_without_date"
SKIP_GONE: Final = "refers_to_skipped_row"
SKIP_NO_ACCOUNT: Final = "without_account"
SKIP_DIRECT: Final = "direct_account_relation"
SKIP_PRIMARY_WHO: Final = "primary_who_relation"
SKIP_ROLE: Final = "unmapped_contact_role"
SKIP_SAME_TEAM: Final = "duplicate_team_membership"


def spec(name: str, columns: tuple[str, ...], required: tuple[str, ...]) -> FileSpec:
    return FileSpec(name, (*columns, "IsDeleted"), required)


@dataclass(frozen=True, slots=True)
class Placed:
    """Where an Account id landed: its top account, and itself as a unit (or None
    when it is the top account)."""

    account_id: str
    unit_id: str | None


class SfContext:
    def __init__(
        self, staged: Staged, view: StoreView, as_of: dt.date, kind_map: UnitKindMap | None
    ) -> None:
        self.st = staged
        self.view = view
        self.as_of = as_of
        self.kind_map = kind_map
        self._canon: dict[str, str] = {}
        #: Account.csv ids -> where they landed
        self.placed: dict[str, Placed] = {}
        #: ids skipped on purpose (IsDeleted, contacts without account): rows that
        #: refer to them are skipped too, not rejected
        self.gone: set[str] = set()
        #: Account.csv ids whose row was rejected -> its origin
        self.rejected_accounts: dict[str, Origin] = {}

    def sfid(
        self, row: Row, column: str, prefix: str | None = None, *, required: bool = False
    ) -> str | None:
        """The 18-character id in ``column``, checked against the object ``prefix``
        names; a problem (and None) when it is not one."""
        raw = row.required(column) if required else row.get(column)
        if not raw:
            return None
        found = self._canon.get(raw)
        if found is None:
            try:
                found = canonical_sfid(raw)
            except SalesforceIdError as exc:
                row.bad(column, raw, str(exc))
                return None
            self._canon[raw] = found
        if prefix is not None and not found.startswith(prefix):
            try:
                check_prefix(found, prefix)
            except SalesforceIdError as exc:
                row.bad(column, raw, str(exc))
                return None
        return found

    def deleted(self, row: Row, kind: RecordKind | None, id_: str | None = None) -> bool:
        """Skip (and count, under ``kind`` when the row is one) a row Salesforce
        marks deleted."""
        if row.get("IsDeleted") and row.bool_("IsDeleted"):
            if kind is None:
                self.st.skipped_reasons[SKIP_DELETED] += 1
            else:
                self.st.skip(kind, SKIP_DELETED)
            if id_:
                self.gone.add(id_)
            return True
        return False

    def prefetch_accounts(self, ids: set[str]) -> None:
        """Look up in one call the Account ids no row of Account.csv carries."""
        missing = [i for i in ids if i not in self.placed and i not in self.gone]
        if missing:
            self.view.accounts(missing)
            self.view.units(missing)

    def place(self, row: Row, column: str, account_id: str) -> Placed | None:
        """Where ``account_id`` landed. None when the row cannot use it: a problem
        is recorded (unknown or rejected account) or, when the account was skipped
        on purpose, ``gone`` tells the caller to skip the row."""
        placed = self.placed.get(account_id)
        if placed is not None:
            return placed
        if account_id in self.gone:
            return None
        origin = self.rejected_accounts.get(account_id)
        if origin is not None:
            row.bad(
                column,
                account_id,
                f"depends on rejected account {account_id} ({origin[0]}:{origin[1]})",
                primary=False,
            )
            return None
        if self.view.accounts([account_id]):
            placed = Placed(account_id, None)
        else:
            unit = self.view.units([account_id]).get(account_id)
            if unit is None:
                row.bad(
                    column, account_id, f"unknown account: not in {ACCOUNT_FILE} nor in the store"
                )
                return None
            placed = Placed(unit.account_id, account_id)
        self.placed[account_id] = placed
        return placed
