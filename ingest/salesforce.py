"""The Salesforce dialect: a Data Export or Data Loader extract, read as it comes.

Objects are read in dependency order (accounts before the contacts placed in them,
tasks before their WhoRelations) into one :class:`~ingest.staged.Staged`; the
shared validation then checks references against the bundle and the store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Final

from ingest.lookup import StoreView
from ingest.salesforce_accounts import account_spec, read_accounts
from ingest.salesforce_activities import (
    EVENT,
    EVENT_WHO,
    TASK,
    TASK_WHO,
    ActivityParents,
    read_activities,
    read_who_relations,
)
from ingest.salesforce_common import SfContext
from ingest.salesforce_people import (
    ACCOUNT_TEAM,
    CONTACT,
    CONTACT_RELATION,
    CONTACT_ROLE,
    OPPORTUNITY,
    USER,
    read_account_team,
    read_contact_relations,
    read_contact_roles,
    read_contacts,
    read_opportunities,
    read_users,
)
from ingest.source import Bundle
from ingest.staged import Staged
from ingest.table import FileSpec, Table, open_table
from ingest.unit_kinds import UnitKindMap

SALESFORCE_FILE_NAMES: Final = frozenset(
    s.key
    for s in (
        account_spec(None),
        USER,
        CONTACT,
        CONTACT_ROLE,
        CONTACT_RELATION,
        ACCOUNT_TEAM,
        OPPORTUNITY,
        TASK,
        TASK_WHO,
        EVENT,
        EVENT_WHO,
    )
)


def read_salesforce(
    bundle: Bundle,
    encoding: str,
    view: StoreView,
    as_of: dt.date,
    kind_map: UnitKindMap | None,
    progress: Callable[[str], None] | None = None,
) -> Staged:
    """Read and stage every Salesforce object file the bundle holds."""
    st = Staged("salesforce")
    ctx = SfContext(st, view, as_of, kind_map)
    task_parents = ActivityParents() if TASK_WHO.key in bundle.files else None
    event_parents = ActivityParents() if EVENT_WHO.key in bundle.files else None

    def task(t: Table) -> int:
        return read_activities(t, ctx, False, task_parents)

    def event(t: Table) -> int:
        return read_activities(t, ctx, True, event_parents)

    def task_who(t: Table) -> int:
        return read_who_relations(t, ctx, "TaskId", task_parents or ActivityParents())

    def event_who(t: Table) -> int:
        return read_who_relations(t, ctx, "EventId", event_parents or ActivityParents())

    steps: tuple[tuple[FileSpec, Callable[[Table], int]], ...] = (
        (account_spec(kind_map.field if kind_map else None), lambda t: read_accounts(t, ctx)),
        (USER, lambda t: read_users(t, ctx)),
        (CONTACT, lambda t: read_contacts(t, ctx)),
        (CONTACT_ROLE, lambda t: read_contact_roles(t, ctx)),
        (CONTACT_RELATION, lambda t: read_contact_relations(t, ctx)),
        (ACCOUNT_TEAM, lambda t: read_account_team(t, ctx)),
        (OPPORTUNITY, lambda t: read_opportunities(t, ctx)),
        (TASK, task),
        (TASK_WHO, task_who),
        (EVENT, event),
        (EVENT_WHO, event_who),
    )
    for spec, read in steps:
        if spec.key not in bundle.files:
            continue
        if progress is not None:
            progress(bundle.files[spec.key])
        with open_table(bundle, spec, encoding, st.problems) as table:
            if table.unknown:
                st.unknown_columns[table.file] = table.unknown
            st.file_rows[table.file] = read(table)
    return st
