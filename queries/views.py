"""Read-shaping answers: the unit tree, the org chart and the account summary."""

from __future__ import annotations

import datetime as dt

from graph.account_data import AccountData
from queries.coverage import coverage_rows, executive_coverage, status_counts
from queries.models import (
    AccountSummary,
    Contact,
    CoverageStatus,
    OrgChart,
    OrgPerson,
    OrgUnit,
    UnitTreeNode,
)
from queries.refs import person_ref, row_parent_id, row_ref
from queries.snapshot import AccountSnapshot

_SENIORITY_ORDER = ["c_level", "vp", "director", "manager", "staff"]


def unit_tree(snapshot: AccountSnapshot) -> UnitTreeNode:
    """The account and its units as a nested tree, children by name.

    >>> import datetime as dt
    >>> from queries.worlds import WorldBuilder
    >>> from queries.settings import QuerySettings
    >>> b = WorldBuilder("A"); b.unit("D1"); b.unit("B1", "D1")
    >>> snap = AccountSnapshot.build(b.data(), dt.date(2026, 1, 1), QuerySettings())
    >>> tree = unit_tree(snap)
    >>> tree.id, tree.children[0].id, tree.children[0].children[0].id
    ('A', 'D1', 'B1')
    """
    s = snapshot

    def node(key: str | None) -> UnitTreeNode:
        ref = row_ref(s, key)
        kids = s.top_unit_ids if key is None else s.units[key].children
        return UnitTreeNode(
            id=ref.id,
            kind=ref.kind,
            name=ref.name,
            customer_status=s.account_status if key is None else s.units[key].status,
            headcount=None if key is None else s.units[key].headcount,
            depth=0 if key is None else s.units[key].depth,
            children=[node(k) for k in kids],
        )

    return node(None)


def _contacts(s: AccountSnapshot, person_id: str) -> list[Contact]:
    return [
        Contact(
            team_member_id=r.team_member_id,
            team_member_name=s.team_members[r.team_member_id].name,
            strength=r.strength,
            strong=r.strong,
            last_contact=r.last_contact,
            stale=r.stale,
        )
        for r in s.person_relationships.get(person_id, ())
    ]


def org_chart(snapshot: AccountSnapshot, unit_id: str | None = None) -> OrgChart:
    """The active people of the account (or of a unit and everything below it),
    unit by unit in tree order, with titles, reporting lines and who on our team
    knows them, how strongly and how recently.

    >>> import datetime as dt
    >>> from queries.worlds import WorldBuilder
    >>> from queries.settings import QuerySettings
    >>> b = WorldBuilder("A"); b.unit("U"); b.person("P1", unit="U")
    >>> b.person("P2", unit="U", manager="P1")
    >>> snap = AccountSnapshot.build(b.data(), dt.date(2026, 1, 1), QuerySettings())
    >>> chart = org_chart(snap, "U")
    >>> [(p.person.id, p.manager_id) for p in chart.units[0].people]
    [('P1', None), ('P2', 'P1')]
    """
    s = snapshot
    keys: list[str | None] = (
        [None, *s.unit_order] if unit_id is None else [*s.subtree(s.unit(unit_id).id)]
    )
    statuses = {r.id: r.status for r in coverage_rows(s)}
    units = []
    for key in keys:
        ref = row_ref(s, key)
        people = sorted(
            (s.people[p] for p in s.unit_people.get(key, ())),
            key=lambda p: (_SENIORITY_ORDER.index(p.seniority.value), p.name, p.id),
        )
        units.append(
            OrgUnit(
                id=ref.id,
                kind=ref.kind,
                name=ref.name,
                parent_id=row_parent_id(s, key),
                depth=0 if key is None else s.units[key].depth,
                customer_status=s.account_status if key is None else s.units[key].status,
                coverage=statuses.get(ref.id, CoverageStatus.UNCOVERED),
                people=[
                    OrgPerson(
                        person=person_ref(s, p.id),
                        manager_id=p.manager_id,
                        known_by=_contacts(s, p.id),
                    )
                    for p in people
                ],
            )
        )
    return OrgChart(
        account_id=s.account_id,
        as_of=s.as_of,
        root_id=s.account_id if unit_id is None else unit_id,
        units=units,
    )


def account_summary(snapshot: AccountSnapshot) -> AccountSummary:
    """One line of the accounts list: coverage counts and executive coverage.

    >>> import datetime as dt
    >>> from queries.worlds import WorldBuilder
    >>> from queries.settings import QuerySettings
    >>> b = WorldBuilder("A"); b.unit("U")
    >>> snap = AccountSnapshot.build(b.data(), dt.date(2026, 1, 1), QuerySettings())
    >>> summary = account_summary(snap)
    >>> summary.units, summary.coverage.uncovered
    (1, 2)
    """
    s = snapshot
    account = s.account
    return AccountSummary(
        account_id=s.account_id,
        name=s.account_name,
        industry=account.industry,
        country=account.country,
        tier=account.tier,
        as_of=s.as_of,
        customer_status=s.account_status,
        units=len(s.units),
        active_people=len(s.people),
        team_members=len(s.team),
        coverage=status_counts(r.status for r in coverage_rows(s)),
        executive_coverage=executive_coverage(s),
    )


def history_start(snapshot: AccountSnapshot) -> dt.date | None:
    """The first day the account's data knows of: its earliest creation date or
    activity (None: the data gives no dates). Before it, an answer shows only
    what the data knew, not the account as it was (DOMAIN.md, "Time"). It does
    not depend on the date, so it is worked out once per data object."""
    data = snapshot.data
    return data.memo("views.history_start", lambda: _history_start(data))


def _history_start(data: AccountData) -> dt.date | None:
    aid = data.account_id
    days = [data.account.created_on]
    days.extend(u.created_on for u in data.units if u.account_id == aid)
    days.extend(p.created_on for p in data.people if p.account_id == aid)
    days.extend(t.created_on for t in data.ties)
    for known in data.relationships:
        days.append(known.record.created_on)
        if known.activities:
            days.append(min(a.date for a in known.activities))
    return min((d for d in days if d is not None), default=None)
