"""E-mail addresses as mail headers spell them, reduced to one form for matching."""

from __future__ import annotations

import re
from typing import Final

#: Free-mail and ISP domains: an address there says nothing about the employer, so
#: it is never a customer's domain and never captured.
PERSONAL_DOMAINS: Final = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "hotmail.co.uk",
        "live.com",
        "msn.com",
        "yahoo.com",
        "yahoo.co.uk",
        "yahoo.fr",
        "ymail.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.com",
        "gmx.de",
        "gmx.net",
        "web.de",
        "mail.com",
        "zoho.com",
        "yandex.com",
        "yandex.ru",
        "qq.com",
        "163.com",
        "fastmail.com",
        "hey.com",
        "comcast.net",
        "orange.fr",
        "free.fr",
        "t-online.de",
    }
)

# Senders that are machines, not people: no-reply and bounce addresses.
_AUTOMATED: Final = re.compile(
    r"^(no-?reply|do-?not-?reply|donotreply|noreply-.*|no_reply|mailer-daemon|postmaster"
    r"|bounces?|bounce[-+.].*|notifications?|notify|alerts?|automated|auto-?confirm"
    r"|calendar-notification|reply-[0-9a-f]+.*)$"
)


def normalize(address: str) -> str | None:
    """The matching form of an address: lower case, plus-tag stripped, no
    surrounding space or angle brackets; None when it is not an address.

    >>> normalize(" Jane.Doe+crm@Example.COM ")
    'jane.doe@example.com'
    >>> normalize("<bob@x.org>"), normalize("not an address"), normalize("a@b")
    ('bob@x.org', None, None)
    """
    text = address.strip().strip("<>").strip().lower()
    local, at, domain = text.rpartition("@")
    if not at or not local or "." not in domain or " " in text:
        return None
    local = local.split("+", 1)[0]
    if not local:
        return None
    return f"{local}@{domain}"


def domain_of(address: str) -> str:
    """The domain of a normalised address.

    >>> domain_of("a@x.example.com")
    'x.example.com'
    """
    return address.rpartition("@")[2]


def is_automated(address: str) -> bool:
    """Whether the address is a machine's (no-reply, bounces, notifications).

    >>> is_automated("no-reply@vendor.com"), is_automated("noreply@x.io")
    (True, True)
    >>> is_automated("jane@x.io"), is_automated("norah@x.io")
    (False, False)
    """
    return _AUTOMATED.match(address.partition("@")[0]) is not None


def is_personal(domain: str) -> bool:
    """Whether the domain is a free-mail or ISP one.

    >>> is_personal("gmail.com"), is_personal("acme.com")
    (True, False)
    """
    return domain in PERSONAL_DOMAINS
