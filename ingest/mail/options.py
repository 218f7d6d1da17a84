"""What a mail load is asked to do, beyond the common ingest options."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

#: A message or meeting with more outside recipients than this is mass mail
#: (DOMAIN.md, "What counts as an activity").
DEFAULT_MASS_MAIL_RECIPIENTS = 10


class MailOptions(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    until: dt.date | None = Field(
        None, description="Count meeting occurrences and mail up to this date (default: as_of)."
    )
    mass_mail_recipients: int = Field(
        DEFAULT_MASS_MAIL_RECIPIENTS,
        ge=1,
        description="More outside recipients (or attendees) than this: mass mail, ignored.",
    )
    exclude_members: tuple[str, ...] = Field(
        (), description="Team member ids or e-mails: their mailboxes are not read, no signal."
    )
    exclude_addresses: tuple[str, ...] = Field((), description="Addresses never used.")
    exclude_domains: tuple[str, ...] = Field((), description="Domains never used.")
    aliases: Path | None = Field(
        None, description="CSV of alias,email: an alias address counts as that e-mail."
    )
