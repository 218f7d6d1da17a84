"""One message's header block -> the few fields a relationship signal needs.

Only the named headers are handed to the standard library's parser: a subject
line, or any other header, is dropped before parsing, and the body never reaches
this module (the readers stop at the blank line that ends the headers).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from email.parser import BytesHeaderParser
from email.policy import compat32
from email.utils import getaddresses, parsedate_to_datetime
from typing import Final

from ingest.mail.addresses import normalize

#: The only headers read (lower case).
WANTED: Final = frozenset(
    {
        b"from",
        b"to",
        b"cc",
        b"date",
        b"message-id",
        b"in-reply-to",
        b"list-id",
        b"precedence",
        b"auto-submitted",
    }
)

_PARSER: Final = BytesHeaderParser(policy=compat32)


@dataclass(frozen=True, slots=True)
class MailHeaders:
    sender: str | None  # normalised From address
    recipients: tuple[str, ...]  # normalised To and Cc addresses, de-duplicated
    date: dt.date | None
    message_id: str | None
    in_reply_to: str | None
    list_id: bool
    precedence: str | None
    auto_submitted: str | None
    raw_date: str


def wanted_lines(block: bytes) -> bytes:
    """The lines (with their folded continuations) of the wanted headers only.

    >>> wanted_lines(b"Subject: secret\\r\\nFrom: a@x.com\\r\\n\\tcont\\r\\nX-Y: z\\r\\n")
    b'From: a@x.com\\r\\n\\tcont\\r\\n'
    """
    kept: list[bytes] = []
    keep = False
    for line in block.splitlines(keepends=True):
        if line[:1] in (b" ", b"\t"):
            if keep:
                kept.append(line)
            continue
        name, colon, _ = line.partition(b":")
        keep = bool(colon) and name.strip().lower() in WANTED
        if keep:
            kept.append(line)
    return b"".join(kept)


def _addresses(values: list[str]) -> list[str]:
    found: list[str] = []
    for _, address in getaddresses(values):
        norm = normalize(address) if address else None
        if norm is not None and norm not in found:
            found.append(norm)
    return found


def _date(raw: str | None) -> dt.date | None:
    if not raw:
        return None
    try:
        return parsedate_to_datetime(raw).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _one(value: str | None) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def parse(block: bytes) -> MailHeaders:
    """The fields of one header block (bytes up to the blank line).

    >>> h = parse(b"From: Ann <Ann+x@Acme.com>\\nTo: b@ours.io, C <c@acme.com>\\n"
    ...           b"Date: Tue, 06 Oct 2026 09:00:00 +0200\\nMessage-ID: <m1@acme.com>\\n")
    >>> h.sender, h.recipients, h.date.isoformat(), h.message_id
    ('ann@acme.com', ('b@ours.io', 'c@acme.com'), '2026-10-06', '<m1@acme.com>')
    """
    msg = _PARSER.parsebytes(wanted_lines(block))
    senders = _addresses(msg.get_all("from", []))
    recipients = _addresses([*msg.get_all("to", []), *msg.get_all("cc", [])])
    raw_date = _one(msg.get("date")) or ""
    return MailHeaders(
        sender=senders[0] if senders else None,
        recipients=tuple(recipients),
        date=_date(raw_date),
        message_id=_one(msg.get("message-id")),
        in_reply_to=_one(msg.get("in-reply-to")),
        list_id=msg.get("list-id") is not None,
        precedence=(_one(msg.get("precedence")) or "").lower() or None,
        auto_submitted=(_one(msg.get("auto-submitted")) or "").lower() or None,
        raw_date=raw_date,
    )
