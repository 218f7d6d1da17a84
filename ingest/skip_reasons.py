"""What each reason a CRM reader skips rows for means, for people reading a load's
report (the JSON report keeps the short codes, which scripts match on).

>>> explain("unmapped_contact_role")
'contact roles with no buying-committee role that Powermap knows (map them with --mapping)'
>>> explain("file: mailbox of an excluded team member, not read")
'file: mailbox of an excluded team member, not read'
"""

from __future__ import annotations

from typing import Final

from ingest import mapped_common as mapped
from ingest import salesforce_common as sf

EXPLAINED: Final[dict[str, str]] = {
    sf.SKIP_DELETED: "rows deleted in Salesforce (IsDeleted = 1)",
    sf.SKIP_LEAD: "activities with a lead rather than a contact (leads are not in the graph)",
    sf.SKIP_NO_WHO: "activities with no contact (nobody to credit the relationship to)",
    sf.SKIP_NO_DATE: "activities without a date (they cannot age or count)",
    sf.SKIP_GONE: "rows referring to a row that was itself skipped",
    sf.SKIP_NO_ACCOUNT: "rows without an account",
    sf.SKIP_DIRECT: "account-contact relations to the contact's own account (already its place)",
    sf.SKIP_PRIMARY_WHO: "activity relations naming the activity's own contact (counted once)",
    sf.SKIP_ROLE: (
        "contact roles with no buying-committee role that Powermap knows (map them with --mapping)"
    ),
    sf.SKIP_SAME_TEAM: "account-team memberships repeated (counted once)",
    sf.SKIP_OPEN: "open tasks (only completed tasks count as contact)",
    sf.SKIP_DECLINED: "invitees who declined the meeting",
    sf.SKIP_NOT_CONTACT: "relations to something other than a contact",
    sf.SKIP_OUTSIDE: "rows referring to a record outside this export",
    sf.SKIP_BULK: "e-mails to many outside addresses at once (bulk: not a relationship)",
    sf.SKIP_SEEN: "e-mails already counted as a logged task",
    sf.SKIP_NO_OWNER: "rows without an owner on our team",
    mapped.SKIP_STATE: "activities not completed (only completed ones count as contact)",
    mapped.SKIP_NOT_PERSON: "activity parties that are not contacts",
}


def explain(reason: str) -> str:
    """The reason in words; a reason already in words (mail's) as it is."""
    return EXPLAINED.get(reason, reason)
