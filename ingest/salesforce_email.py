"""Enhanced Email: ``EmailMessage`` and ``EmailMessageRelation`` become e-mail
activities between the users and the contacts on each message.

Participants come from EmailMessageRelation (RelationId, or RelationAddress
matched to a contact's or user's e-mail) when the file is there, else from the
message's From/To/Cc addresses matched the same way. A message with more than
``MAX_OUTSIDE`` outside recipients is bulk mail, not a relationship signal; a pair
its linked Task (ActivityId) already counts is counted once.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Final

from graph.schema import ActivityRecord, ActivityType, RecordKind
from ingest.salesforce_common import SKIP_BULK, SKIP_NO_DATE, SKIP_SEEN, SfContext, spec
from ingest.sfid import CONTACT_PREFIX, USER_PREFIX
from ingest.table import Table

EMAIL_MESSAGE: Final = spec(
    "EmailMessage.csv",
    ("Id", "MessageDate", "FromAddress", "ToAddress", "CcAddress", "ActivityId"),
    ("Id",),
)
EMAIL_RELATION: Final = spec(
    "EmailMessageRelation.csv",
    ("Id", "EmailMessageId", "RelationId", "RelationAddress", "RelationType"),
    ("EmailMessageId",),
)
#: More outside recipients than this: bulk mail (DOMAIN.md, default 10).
MAX_OUTSIDE: Final = 10
_SPLIT: Final = re.compile(r"[;,\s]+")


@dataclass(slots=True)
class _Message:
    file: str
    line: int
    date: dt.date | None
    activity: str | None
    addresses: list[str]
    users: set[str] = field(default_factory=set)
    contacts: set[str] = field(default_factory=set)
    outside: int = 0


@dataclass(slots=True)
class Mailbox:
    messages: dict[str, _Message] = field(default_factory=dict)
    related: bool = False  # EmailMessageRelation.csv was read


def read_email_messages(table: Table, ctx: SfContext, box: Mailbox) -> int:
    for row in table.rows():
        id_ = ctx.sfid(row, "Id", required=True)
        if ctx.deleted(row, RecordKind.ACTIVITY, id_) or id_ is None:
            continue
        date = row.date("MessageDate")
        activity = ctx.sfid(row, "ActivityId")
        addresses = [
            a.lower()
            for column in ("FromAddress", "ToAddress", "CcAddress")
            for a in _SPLIT.split(row.get(column))
            if "@" in a
        ]
        if row.ok:
            box.messages[id_] = _Message(row.file, row.line, date, activity, addresses)
    return table.rows_read


def _add(ctx: SfContext, message: _Message, id_: str | None, address: str) -> None:
    if id_ is None and address:
        id_ = ctx.user_emails.get(address) or ctx.contact_emails.get(address)
    if id_ is not None and id_.startswith(USER_PREFIX):
        message.users.add(id_)
    elif id_ is not None and id_.startswith(CONTACT_PREFIX):
        if id_ not in ctx.gone:
            message.contacts.add(id_)
        message.outside += 1
    else:
        message.outside += 1  # a lead, or an address nobody in the export has


def read_email_relations(table: Table, ctx: SfContext, box: Mailbox) -> int:
    box.related = True
    for row in table.rows():
        if ctx.deleted(row, None):
            continue
        message = box.messages.get(ctx.sfid(row, "EmailMessageId", required=True) or "")
        relation = ctx.sfid(row, "RelationId")
        if message is None or not row.ok:
            continue  # a relation of a message not in the export: nothing to count
        _add(ctx, message, relation, row.get("RelationAddress").lower())
    return table.rows_read


def emit_emails(ctx: SfContext, box: Mailbox) -> None:
    """One e-mail activity per user and contact on each message."""
    st = ctx.st
    kind = RecordKind.ACTIVITY
    for id_, message in box.messages.items():
        if not box.related:
            for address in dict.fromkeys(message.addresses):
                _add(ctx, message, None, address)
        if message.date is None:
            st.skip(kind, SKIP_NO_DATE)
            continue
        if message.outside > MAX_OUTSIDE:
            st.skip(kind, SKIP_BULK)
            st.warn(
                message.file,
                message.line,
                "Id",
                id_,
                f"more than {MAX_OUTSIDE} outside recipients: bulk mail, not counted",
            )
            continue
        task = st.activities.get(message.activity or "")
        for user in sorted(message.users):
            ctx.owners.setdefault(user, (message.file, message.line, "EmailMessageRelation"))
            for contact in sorted(message.contacts):
                if task is not None and (task[0].team_member_id, task[0].person_id) == (
                    user,
                    contact,
                ):
                    st.skip(kind, SKIP_SEEN)  # the same e-mail, logged as a Task
                    continue
                act_id = f"{id_}:{user}:{contact}"
                record = ActivityRecord(act_id, user, contact, ActivityType.EMAIL, message.date)
                st.activities[act_id] = (record, message.file, message.line)
                st.tally(kind).derived += 1
