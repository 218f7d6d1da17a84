"""Shared state of one Salesforce read: the staged records, id canonicalisation,
where each Account id landed (account or unit), and what was skipped on purpose."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

from graph.schema import RecordKind, TeamMemberRecord, UnitStatus
from ingest.lookup import StoreView
from ingest.sfid import (
    USER_PREFIX,
    SalesforceIdError,
    canonical_sfid,
    check_prefix,
    is_null_id,
)
from ingest.staged import Origin, Staged
from ingest.table import FileSpec, Row
from ingest.unit_kinds import UnitKindMap

_TRUE: Final = frozenset({"1", "true", "TRUE", "True"})
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
SKIP_OPEN: Final = "open_task"
SKIP_DECLINED: Final = "declined_invitee"
SKIP_NOT_CONTACT: Final = "relation_not_a_contact"
SKIP_OUTSIDE: Final = "refers_outside_the_export"
SKIP_BULK: Final = "bulk_email"
SKIP_SEEN: Final = "already_counted"
SKIP_NO_OWNER: Final = "without_owner"


def status_of_type(value: str | None) -> UnitStatus | None:
    """An Account ``Type`` as a status: Customer… customer, Former Customer / Churned
    former customer, Prospect prospect; None for any other value (the default).

    >>> [status_of_type(t) for t in ("Customer - Direct", "Churned", "Prospect", "Partner")]
    [<UnitStatus.CUSTOMER: 'customer'>, <UnitStatus.FORMER_CUSTOMER: 'former_customer'>, \
<UnitStatus.PROSPECT: 'prospect'>, None]
    """
    low = (value or "").strip().lower()
    if low.startswith("customer"):
        return UnitStatus.CUSTOMER
    if low.startswith(("former customer", "churned")):
        return UnitStatus.FORMER_CUSTOMER
    if low.startswith("prospect"):
        return UnitStatus.PROSPECT
    return None


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
        self,
        staged: Staged,
        view: StoreView,
        as_of: dt.date,
        kind_map: UnitKindMap | None,
        units_from: str | None = None,
    ) -> None:
        self.st = staged
        #: "department": contacts' Department values become divisions
        self.units_from = units_from
        self.view = view
        self.as_of = as_of
        self.kind_map = kind_map
        #: id cell as written -> its 18-character form
        self.canon: dict[str, str] = {}
        #: Account.csv ids -> where they landed
        self.placed: dict[str, Placed] = {}
        #: ids skipped on purpose (IsDeleted, contacts without account): rows that
        #: refer to them are skipped too, not rejected
        self.gone: set[str] = set()
        #: Account.csv ids whose row was rejected -> its origin
        self.rejected_accounts: dict[str, Origin] = {}
        #: User ids that own something (activities, accounts, deals) -> first origin
        #: (file, line, column): those User.csv does not hold become placeholders
        self.owners: dict[str, tuple[str, int, str]] = {}
        #: Task statuses that mean "completed" (TaskStatus.csv when present)
        self.closed_statuses: set[str] = {"completed", "closed"}
        #: Opportunity id -> (owner, date of the deal activity), for contact roles
        self.deals: dict[str, tuple[str, dt.date]] = {}
        #: e-mail address (lower-cased) -> contact / user id, for EmailMessage
        self.contact_emails: dict[str, str] = {}
        self.user_emails: dict[str, str] = {}
        #: account team entries made from Account.OwnerId (AccountTeamMember wins)
        self.owner_teams: set[tuple[str, str]] = set()

    def placeholder(self, id_: str) -> TeamMemberRecord:
        """A team member known only by its id (an owner User.csv does not hold)."""
        return TeamMemberRecord(id_, id_, placeholder=True)

    def users_file(self) -> str:
        """The file this bundle's team members come from, as warnings name it."""
        return USER_FILE

    #: how a placeholder team member is named, as its warning says
    placeholder_named: str = "its id"

    def add_placeholders(self) -> None:
        """A team member named by its id for every owner neither the users file nor
        the store holds: the activities, deals and account teams they own still
        count, and a later load that brings the user fills the record in."""
        st = self.st
        missing = [i for i in self.owners if i not in st.team_members]
        if not missing:
            return
        stored = self.view.team_members(missing)
        rejected = st.rejected_of(RecordKind.TEAM_MEMBER)
        where = self.users_file()
        for id_ in missing:
            if id_ in stored or id_ in rejected:
                continue
            file, line, column = self.owners[id_]
            st.warn(
                file,
                line,
                column,
                id_,
                f"user not in {where} nor in the store: a placeholder team member named "
                f"by {self.placeholder_named} (a later load with the user completes it)",
            )
            st.team_members[id_] = (self.placeholder(id_), file, line)
            st.tally(RecordKind.TEAM_MEMBER).derived += 1

    def quick_id(self, raw: str) -> str | None:
        """The 18-character form of a well-formed id cell; None for anything else
        (the slow path then says what is wrong)."""
        found = self.canon.get(raw)
        if found is None:
            try:
                found = canonical_sfid(raw)
            except SalesforceIdError:
                return None
            self.canon[raw] = found
        return found

    def owner(self, row: Row, column: str) -> str | None:
        """The User id in ``column``, remembered so a missing user gets a placeholder."""
        id_ = self.sfid(row, column, USER_PREFIX)
        if id_ is not None and id_ not in self.owners:
            self.owners[id_] = (row.file, row.line, column)
        return id_

    def skip_row(
        self, row: Row, kind: RecordKind | None, reason: str, column: str, message: str
    ) -> None:
        """Skip a row on purpose: counted under ``reason`` and listed as a warning."""
        if kind is None:
            self.st.skipped_reasons[reason] += 1
        else:
            self.st.skip(kind, reason)
        self.st.warn(row.file, row.line, column, row.get(column), message)

    def sfid(
        self, row: Row, column: str, prefix: str | None = None, *, required: bool = False
    ) -> str | None:
        """The 18-character id in ``column``, checked against the object ``prefix``
        names; a problem (and None) when it is not one."""
        raw = row.get(column)
        if not raw or is_null_id(raw):
            if required and raw:
                row.bad(column, raw, "the null id: a value is required")
            elif required:
                row.required(column)
            return None
        found = self.canon.get(raw)
        if found is None:
            try:
                found = canonical_sfid(raw)
            except SalesforceIdError as exc:
                row.bad(column, raw, str(exc))
                return None
            self.canon[raw] = found
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
        flag = row.get("IsDeleted")
        if flag and (flag in _TRUE or row.bool_("IsDeleted")):
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

    def accounts_file(self) -> str:
        """The file this bundle's accounts come from, as problems name it."""
        return ACCOUNT_FILE

    def place(
        self, row: Row, column: str, account_id: str, kind: RecordKind | None
    ) -> Placed | None:
        """Where ``account_id`` landed. None when the row cannot use it: the account
        was rejected (a problem is recorded), skipped on purpose, or is outside the
        export and the store (the row is skipped and counted under ``kind``, with a
        warning for the latter: a partial export loses the row, not the load)."""
        placed = self.placed.get(account_id)
        if placed is not None:
            return placed
        if account_id in self.gone:
            self._skipped(kind, SKIP_GONE)
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
                self.skip_row(
                    row,
                    kind,
                    SKIP_OUTSIDE,
                    column,
                    f"account not in {self.accounts_file()} nor in the store (a partial "
                    "export): row skipped",
                )
                return None
            placed = Placed(unit.account_id, account_id)
        self.placed[account_id] = placed
        return placed

    def _skipped(self, kind: RecordKind | None, reason: str) -> None:
        if kind is None:
            self.st.skipped_reasons[reason] += 1
        else:
            self.st.skip(kind, reason)
