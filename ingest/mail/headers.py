"""One message's header block -> the few fields a relationship signal needs.

Only the named headers are read: a subject line, or any other header, is never
looked at, and the body never reaches this module (the readers stop at the blank
line that ends the headers).

The common shapes are parsed here, and the standard library's ``email.utils``
takes every other one: the stdlib's header parser (``BytesHeaderParser``) and
``getaddresses`` cost about 320 µs a message on the benchmark mailbox, which caps
reading near 3,000 messages/s, against the 20,000 a 10 GB mailbox needs
(docs/DECISIONS.md, issue 19). An address list holding comments, groups or any
character the fast path does not handle (``(``, ``:``, ``;``, a backslash) and a
date not in the RFC 5322 form go to ``getaddresses`` / ``parsedate_to_datetime``.
"""

from __future__ import annotations

import datetime as dt
import re
from email.utils import getaddresses, parsedate_to_datetime
from typing import Final, NamedTuple

from ingest.mail.addresses import normalize

#: The only headers read, their (folded) values captured.
_HEADER: Final = re.compile(
    rb"^(from|to|cc|date|message-id|in-reply-to|list-id|precedence|auto-submitted)"
    rb"[ \t]*:[ \t]*(.*(?:\r?\n[ \t].*)*)",
    re.IGNORECASE | re.MULTILINE,
)
_FOLD: Final = re.compile(r"\r?\n[ \t]+")
#: One item of an address list: quoted strings and <...> may hold commas.
_ITEM: Final = re.compile(r'(?:"[^"]*"|<[^>]*>|[^,"<])+')
_UNUSUAL: Final = re.compile(r"[():;\\]")
_DATE: Final = re.compile(
    r"(\d{1,2})\s+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(\d{4})\b",
    re.IGNORECASE,
)
_MONTHS: Final = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}


class MailHeaders(NamedTuple):
    """A named tuple: a reader builds one per message, and a frozen dataclass
    costs several times more to build."""

    sender: str | None  # normalised From address
    recipients: tuple[str, ...]  # normalised To and Cc addresses, de-duplicated
    date: dt.date | None
    message_id: str | None
    in_reply_to: str | None
    list_id: bool
    precedence: str | None
    auto_submitted: str | None
    raw_date: str


def _addresses(values: list[str]) -> list[str]:
    """Normalised addresses of header values, in order, de-duplicated.

    >>> _addresses(['"Diaz, Dana" <Dana@X.com>, b@y.org', "C <c+t@z.io>"])
    ['dana@x.com', 'b@y.org', 'c@z.io']
    >>> _addresses(["Ann (Sales) <ann@x.com>", "team: d@x.com, e@x.com;"])
    ['ann@x.com', 'd@x.com', 'e@x.com']
    """
    found: list[str] = []
    for value in values:
        if _UNUSUAL.search(value):
            raw = [address for _, address in getaddresses([value])]
        else:
            raw = []
            for item in _ITEM.findall(value):
                lt = item.rfind("<")
                gt = item.find(">", lt + 1) if lt != -1 else -1
                raw.append(item[lt + 1 : gt] if gt != -1 else item)
        for address in raw:
            norm = normalize(address) if address else None
            if norm is not None and norm not in found:
                found.append(norm)
    return found


def _date(raw: str) -> dt.date | None:
    """The calendar date of a Date header, in the sender's own offset.

    >>> _date("Tue, 6 Oct 2026 23:30:00 -0700"), _date("2026-10-06T09:00:00Z")
    (datetime.date(2026, 10, 6), None)
    """
    if not raw:
        return None
    match = _DATE.search(raw)
    if match is not None:
        try:
            day, month, year = match.groups()
            return dt.date(int(year), _MONTHS[month[:3].lower()], int(day))
        except ValueError:
            return None
    try:
        return parsedate_to_datetime(raw).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def parse(block: bytes) -> MailHeaders:
    """The fields of one header block (bytes up to the blank line).

    >>> h = parse(b"From: Ann <Ann+x@Acme.com>\\nSubject: no\\nTo: b@ours.io,\\n C <c@acme.com>\\n"
    ...           b"Date: Tue, 06 Oct 2026 09:00:00 +0200\\nMessage-ID: <m1@acme.com>\\n")
    >>> h.sender, h.recipients, h.date.isoformat(), h.message_id
    ('ann@acme.com', ('b@ours.io', 'c@acme.com'), '2026-10-06', '<m1@acme.com>')
    """
    fields: dict[str, list[str]] = {}
    for name, value in _HEADER.findall(block):
        text = value.decode("latin-1")
        if "\n" in text:  # folded
            text = _FOLD.sub(" ", text)
        fields.setdefault(name.decode("ascii").lower(), []).append(text.strip())

    def first(name: str) -> str | None:
        found = fields.get(name)
        return (found[0] or None) if found else None

    senders = _addresses(fields.get("from", []))
    raw_date = first("date") or ""
    return MailHeaders(
        sender=senders[0] if senders else None,
        recipients=tuple(_addresses([*fields.get("to", []), *fields.get("cc", [])])),
        date=_date(raw_date),
        message_id=first("message-id"),
        in_reply_to=first("in-reply-to"),
        list_id="list-id" in fields,
        precedence=(first("precedence") or "").lower() or None,
        auto_submitted=(first("auto-submitted") or "").lower() or None,
        raw_date=raw_date,
    )
