"""The last step of a Salesforce read: what only the whole export can say, filled
into the staged records — creation dates (``CreatedDate``) and the status
``Account.Type`` gives a top-level account."""

from __future__ import annotations

import dataclasses
from typing import Any

from graph.schema import RecordKind
from ingest.salesforce_common import SfContext
from ingest.staged import Entry


def _fill(
    table: dict[str, Entry[Any]], kind: RecordKind, ctx: SfContext, extra: dict[str, Any]
) -> None:
    for id_, (record, file, line) in table.items():
        changes = dict(extra.get(id_, {}))
        created = ctx.created.get((kind, id_))
        if created is not None:
            changes["created_on"] = created
        if changes:
            table[id_] = (dataclasses.replace(record, **changes), file, line)


def finish(ctx: SfContext) -> None:
    st = ctx.st
    statuses = {i: {"status": s} for i, s in ctx.account_status.items() if s is not None}
    _fill(st.accounts, RecordKind.ACCOUNT, ctx, statuses)
    _fill(st.units, RecordKind.UNIT, ctx, {})
    _fill(st.people, RecordKind.PERSON, ctx, {})
    _fill(st.team_members, RecordKind.TEAM_MEMBER, ctx, {})
