"""Mapped reads of the link files: deals and their contacts, ties between contacts
(and Dynamics opportunity stakeholders); activities are in :mod:`ingest.mapped_activities`."""

from __future__ import annotations

from graph.schema import (
    BuyingRole,
    OpportunityRecord,
    PersonTieRecord,
    RecordKind,
    TieKind,
)
from ingest.crm_rules import add_deal_activity, apply_roles, deal_date, place_opportunity
from ingest.mapped_common import MappedContext, cell
from ingest.mapped_spec import Section
from ingest.salesforce_common import (
    SKIP_GONE,
    SKIP_OUTSIDE,
    SKIP_ROLE,
)
from ingest.table import Table

#: A tie whose strength the CRM does not record (a Dynamics connection, a mapped
#: relation): a middling one (docs/DECISIONS.md).
DEFAULT_TIE_STRENGTH = 0.5
_ROLE_RANK = {
    BuyingRole.ECONOMIC_BUYER: 0,
    BuyingRole.DECISION_MAKER: 1,
    BuyingRole.CHAMPION: 2,
    BuyingRole.BLOCKER: 3,
    BuyingRole.INFLUENCER: 4,
    BuyingRole.USER: 5,
}


def read_deals(table: Table, ctx: MappedContext, section: Section) -> int:
    st, kind, f = ctx.st, RecordKind.OPPORTUNITY, section.fields
    account_column = section.column("account_id") or "account_id"
    for row in table.rows():
        st.tally(kind).read += 1
        id_ = ctx.id_(row, f["id"], required=True)
        if ctx.gone_row(row, section, kind, id_):
            continue
        account = ctx.id_(row, f.get("account_id"))
        owner = ctx.owner_of(row, f.get("owner_id"))
        won = ctx.flag(row, f.get("won"), False)
        closed = ctx.flag(row, f.get("closed"), False) or won
        amount = row.float_(section.column("amount") or "")
        close_date = ctx.date(row, section, "close_date")
        changed = ctx.date(row, section, "modified_on")
        people = ctx.ids(row, f.get("person_id"))
        dated = deal_date(closed, close_date, changed)
        if id_ and owner and dated and row.ok:
            ctx.deals[id_] = (owner, dated)
            for person in people:
                add_deal_activity(ctx, id_, person, row.file, row.line)
        placed = place_opportunity(ctx, row, account_column, id_, account)
        if id_ is None or placed is None:
            continue
        record = OpportunityRecord(
            id_,
            placed.account_id,
            placed.unit_id,
            ctx.text(row, section, "stage"),
            won,
            closed,
            amount,
            close_date,
        )
        st.add(st.opportunities, kind, id_, record, row.file, row.line, "id", id_)
    st.columns[(table.file, "unit_id")] = account_column
    st.columns[(table.file, "account_id")] = account_column
    st.columns[(table.file, "person_id")] = section.column("person_id") or "person_id"
    st.columns[(table.file, "team_member_id")] = section.column("owner_id") or "owner_id"
    return table.rows_read


def read_deal_contacts(table: Table, ctx: MappedContext, section: Section) -> int:
    """Contacts of deals: a deal activity each, and their buying role."""
    st, f = ctx.st, section.fields
    best: dict[str, tuple[BuyingRole, int]] = {}
    for row in table.rows():
        deal = ctx.id_(row, f["deal_id"], required=True)
        person = ctx.id_(row, f["person_id"], required=True)
        role_text = ctx.value(row, f.get("role"))
        if deal is None or person is None or not row.ok:
            continue
        if person in ctx.gone:
            st.skipped_reasons[SKIP_GONE] += 1
            continue
        if person not in st.people and not ctx.view.people([person]):
            column = section.column("person_id") or "person_id"
            ctx.skip_row(
                row,
                None,
                SKIP_OUTSIDE,
                column,
                "contact not in the contacts file nor in the store (a partial export): "
                "role skipped",
            )
            continue
        add_deal_activity(ctx, deal, person, row.file, row.line)
        role = BuyingRole(role_text) if role_text else None
        if role is None:
            st.skipped_reasons[SKIP_ROLE] += 1
            continue
        current = best.get(person)
        if current is None or _ROLE_RANK[role] < _ROLE_RANK[current[0]]:
            best[person] = (role, row.line)
    apply_roles(ctx, best, table.file)
    st.columns[(table.file, "person_id")] = section.column("person_id") or "person_id"
    return table.rows_read


def _stakeholder(ctx: MappedContext, one: str, other: str) -> tuple[str, str] | None:
    """(deal, contact) when a connection links an opportunity and a contact (the
    opportunity's stakeholders, in Dynamics)."""
    for deal, person in ((one, other), (other, one)):
        if (deal in ctx.deals or deal in ctx.st.opportunities) and _is_person(ctx, person):
            return deal, person
    return None


def read_ties(table: Table, ctx: MappedContext, section: Section) -> int:
    """Ties between two contacts (Dynamics ``connection``); a connection between an
    opportunity and a contact makes the contact a stakeholder of the deal (a deal
    activity, and the buying role its connection role maps to); a connection to
    anything else (an account, a user) is skipped and counted."""
    st, kind, f = ctx.st, RecordKind.PERSON_TIE, section.fields
    tally = st.tally(kind)
    strength_column = section.column("strength")
    role_spec = f.get("role")
    best: dict[str, tuple[BuyingRole, int]] = {}
    for row in table.rows():
        tally.read += 1
        one = ctx.id_(row, f["person_id"], required=True)
        other = ctx.id_(row, f["other_person_id"], required=True)
        kind_text = ctx.value(row, f.get("kind"))
        strength = row.strength(strength_column) if strength_column else None
        if one is None or other is None or not row.ok:
            st.reject_row(kind, None, row.file, row.line)
            continue
        if one == other or one in ctx.gone or other in ctx.gone:
            st.skip(kind, SKIP_GONE)
            continue
        stake = _stakeholder(ctx, one, other)
        if stake is not None:
            deal, person = stake
            st.skip(kind, "opportunity_stakeholder")
            add_deal_activity(ctx, deal, person, row.file, row.line)
            raw_role = cell(row, role_spec)[1].lower() if role_spec else ""
            mapped = role_spec.values.get(raw_role) if role_spec and role_spec.values else None
            if mapped:
                role = BuyingRole(mapped)
                current = best.get(person)
                if current is None or _ROLE_RANK[role] < _ROLE_RANK[current[0]]:
                    best[person] = (role, row.line)
            continue
        if not _is_person(ctx, one) or not _is_person(ctx, other):
            st.skip(kind, "tie_not_between_contacts")
            continue
        pair = (one, other) if one < other else (other, one)
        if pair in st.person_ties:
            st.skip(kind, "already_counted")  # Dynamics writes a connection both ways
            continue
        record = PersonTieRecord(
            pair[0],
            pair[1],
            DEFAULT_TIE_STRENGTH if strength is None else strength,
            TieKind(kind_text) if kind_text else TieKind.OTHER,
        )
        st.person_ties[pair] = (record, row.file, row.line)
    apply_roles(ctx, best, table.file)
    st.columns[(table.file, "person_id")] = section.column("person_id") or "person_id"
    st.columns[(table.file, "other_person_id")] = section.column("other_person_id") or ""
    return table.rows_read


def _is_person(ctx: MappedContext, id_: str) -> bool:
    return id_ in ctx.st.people or bool(ctx.view.people([id_]))
