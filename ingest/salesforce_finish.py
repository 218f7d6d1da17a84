"""The last step of a Salesforce read: what only the whole export can say, filled
into the staged records (creation dates, the status Account.Type gives a top-level
account)."""

from __future__ import annotations

from ingest.salesforce_common import SfContext


def finish(ctx: SfContext) -> None:
    """Fill creation dates and account statuses into the staged records (once the
    schema carries them)."""
    del ctx
