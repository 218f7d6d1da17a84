"""Salesforce deals: Opportunity (customer status of its unit; its owner) and
OpportunityContactRole (buying roles, and a **deal** activity between the
opportunity's owner and each contact role, dated at the close date, or the last
change of an open opportunity)."""

from __future__ import annotations

import datetime as dt
from typing import Final

from graph.schema import BuyingRole, OpportunityRecord, RecordKind
from ingest.crm_rules import add_deal_activity, apply_roles, deal_date, place_opportunity
from ingest.salesforce_common import (
    CONTACT_FILE,
    SKIP_GONE,
    SKIP_ROLE,
    SfContext,
    spec,
)
from ingest.salesforce_people import account_rows
from ingest.sfid import ACCOUNT_PREFIX, CONTACT_PREFIX, OPPORTUNITY_PREFIX
from ingest.table import Table

CONTACT_ROLE: Final = spec(
    "OpportunityContactRole.csv",
    ("Id", "OpportunityId", "ContactId", "Role", "IsPrimary"),
    ("ContactId",),
)
OPPORTUNITY: Final = spec(
    "Opportunity.csv",
    (
        "Id",
        "AccountId",
        "OwnerId",
        "StageName",
        "IsWon",
        "IsClosed",
        "Amount",
        "CloseDate",
        "LastModifiedDate",
    ),
    ("Id",),
)

#: OpportunityContactRole.Role (lower-cased) -> buying role.
ROLE_MAP: Final = {
    "decision maker": BuyingRole.DECISION_MAKER,
    "economic buyer": BuyingRole.ECONOMIC_BUYER,
    "executive sponsor": BuyingRole.DECISION_MAKER,
    "influencer": BuyingRole.INFLUENCER,
    "evaluator": BuyingRole.INFLUENCER,
    "technical buyer": BuyingRole.INFLUENCER,
    "business user": BuyingRole.USER,
}
#: When a contact has several roles, the primary one wins, then the weightiest.
_ROLE_RANK: Final = {
    BuyingRole.ECONOMIC_BUYER: 0,
    BuyingRole.DECISION_MAKER: 1,
    BuyingRole.INFLUENCER: 2,
    BuyingRole.USER: 3,
}


def read_opportunities(table: Table, ctx: SfContext) -> int:
    st, kind = ctx.st, RecordKind.OPPORTUNITY
    for row in account_rows(table, ctx, kind):
        id_ = ctx.sfid(row, "Id", OPPORTUNITY_PREFIX, required=True)
        if ctx.deleted(row, kind, id_):
            continue
        account = ctx.sfid(row, "AccountId", ACCOUNT_PREFIX)
        owner = ctx.owner(row, "OwnerId")
        won = row.bool_("IsWon")
        closed = row.bool_("IsClosed") or won
        amount = row.float_("Amount")
        close_date: dt.date | None = row.date("CloseDate")
        changed = row.date("LastModifiedDate")
        dated = deal_date(closed, close_date, changed)
        if id_ and owner and dated and row.ok:
            ctx.deals[id_] = (owner, dated)  # a deal counts even without its account
        placed = place_opportunity(ctx, row, "AccountId", id_, account)
        if id_ is None or placed is None:
            continue
        record = OpportunityRecord(
            id_,
            placed.account_id,
            placed.unit_id,
            row.text("StageName"),
            won,
            closed,
            amount,
            close_date,
        )
        st.add(st.opportunities, kind, id_, record, row.file, row.line, "Id", row.get("Id"))
    st.columns[(table.file, "unit_id")] = "AccountId"
    st.columns[(table.file, "account_id")] = "AccountId"
    return table.rows_read


def read_contact_roles(table: Table, ctx: SfContext) -> int:
    """Buying roles onto the contacts (staged, or stored by an earlier load)."""
    st = ctx.st
    best: dict[str, tuple[bool, BuyingRole, int]] = {}
    for row in table.rows():
        if ctx.deleted(row, None):
            continue
        contact = ctx.sfid(row, "ContactId", CONTACT_PREFIX, required=True)
        opportunity = ctx.sfid(row, "OpportunityId", OPPORTUNITY_PREFIX)
        role = ROLE_MAP.get(row.get("Role").lower())
        primary = row.bool_("IsPrimary")
        if contact is None or not row.ok:
            continue
        if contact in ctx.gone:
            st.skipped_reasons[SKIP_GONE] += 1
            continue
        if contact not in st.people and not ctx.view.people([contact]):
            origin = st.rejected_of(RecordKind.PERSON).get(contact)
            if origin is not None:
                reason = f"depends on rejected person {contact} ({origin[0]}:{origin[1]})"
                row.bad("ContactId", contact, reason, primary=False)
            else:
                ctx.skip_row(
                    row,
                    None,
                    "refers_outside_the_export",
                    "ContactId",
                    f"contact not in {CONTACT_FILE} nor in the store (a partial export): "
                    "role skipped",
                )
            continue
        add_deal_activity(ctx, opportunity or "", contact, row.file, row.line)
        if role is None:
            st.skipped_reasons[SKIP_ROLE] += 1
            continue
        current = best.get(contact)
        candidate = (primary, role, row.line)
        if current is None or (not current[0], _ROLE_RANK[current[1]]) > (
            not primary,
            _ROLE_RANK[role],
        ):
            best[contact] = candidate
    apply_roles(ctx, {c: (role, line) for c, (_, role, line) in best.items()}, table.file)
    st.columns[(table.file, "team_member_id")] = "OpportunityId (its OwnerId)"
    st.columns[(table.file, "person_id")] = "ContactId"
    return table.rows_read
