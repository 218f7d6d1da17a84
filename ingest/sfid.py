"""Salesforce record ids: 15-character (case-sensitive) ids to their 18-character
form, so both spellings of one record meet.

The three extra characters encode which of the first 15 are upper-case, five at a
time; reading them back also repairs an 18-character id whose case was lost (e.g.
lower-cased by a spreadsheet).

>>> canonical_sfid("001A0000006Vm9r")
'001A0000006Vm9rIAC'
>>> canonical_sfid("001A0000006Vm9rIAC")
'001A0000006Vm9rIAC'
>>> canonical_sfid("001a0000006vm9riac")
'001A0000006Vm9rIAC'
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

_ALPHABET: Final = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"

#: Key prefixes of the objects whose ids are checked.
ACCOUNT_PREFIX: Final = "001"
CONTACT_PREFIX: Final = "003"
USER_PREFIX: Final = "005"
OPPORTUNITY_PREFIX: Final = "006"
PREFIX_OBJECT: Final = {
    ACCOUNT_PREFIX: "Account",
    CONTACT_PREFIX: "Contact",
    USER_PREFIX: "User",
    OPPORTUNITY_PREFIX: "Opportunity",
}


#: What Salesforce writes in an empty lookup (the weekly Data Export does).
NULL_IDS: Final = frozenset({"000000000000000AAA", "000000000000000"})
LEAD_PREFIX: Final = "00Q"


def is_null_id(value: str) -> bool:
    """True for the null id, which means "empty" wherever an id may stand.

    >>> is_null_id("000000000000000AAA"), is_null_id("000000000000000"), is_null_id("")
    (True, True, False)
    """
    return value in NULL_IDS


def typed_id(value: str) -> str:
    """An id as a person typed it, in the form the store keeps: a 15-character
    Salesforce id becomes its 18-character form; anything else is left as it is.
    Used for every id a user types (CLI arguments, API path and query parameters,
    web URLs), so both spellings of a record find it.

    >>> typed_id("001A0000006Vm9r"), typed_id("001A0000006Vm9rIAC"), typed_id("ACME-U1")
    ('001A0000006Vm9rIAC', '001A0000006Vm9rIAC', 'ACME-U1')
    """
    if len(value) == 15 and value.isascii() and value.isalnum() and not is_null_id(value):
        return value + checksum(value)
    return value


class SalesforceIdError(ValueError):
    """Not a Salesforce id; the message is the reason a problem line gives."""


#: Upper-case letters to "1", every other id character to "0": a 15-character id
#: becomes its case bits in one ``str.translate``.
_CASE_BITS: Final = str.maketrans(
    {c: "1" if "A" <= c <= "Z" else "0" for c in map(chr, range(128)) if c.isalnum()}
)


#: Five case bits (first character first) -> their suffix character.
_CHUNK: Final = {
    "".join("1" if n >> bit & 1 else "0" for bit in range(5)): _ALPHABET[n] for n in range(32)
}


def checksum(id15: str) -> str:
    """The three-character suffix of a 15-character id.

    >>> checksum("0035g00000AbCdE")
    'AAV'
    """
    bits = id15.translate(_CASE_BITS)
    # Each five characters give one suffix character; the first is the lowest bit.
    return _CHUNK[bits[0:5]] + _CHUNK[bits[5:10]] + _CHUNK[bits[10:15]]


def _restore_case(id18: str) -> str:
    head, tail = id18[:15], id18[15:].upper()
    chars: list[str] = []
    for chunk, code in enumerate(tail):
        flags = _ALPHABET.find(code)
        if flags < 0:
            raise SalesforceIdError("not a Salesforce id: bad checksum characters")
        for bit in range(5):
            ch = head[chunk * 5 + bit]
            if flags >> bit & 1:
                if not ch.isalpha():
                    raise SalesforceIdError("not a Salesforce id: checksum does not match")
                chars.append(ch.upper())
            else:
                chars.append(ch.lower())
    return "".join(chars) + tail


@lru_cache(maxsize=1 << 20)
def canonical_sfid(value: str) -> str:
    """The 18-character form of a 15- or 18-character id; raises
    :class:`SalesforceIdError` for anything else."""
    if not (value.isascii() and value.isalnum()) or len(value) not in (15, 18):
        raise SalesforceIdError("not a Salesforce id (15 or 18 letters and digits)")
    if len(value) == 15:
        return value + checksum(value)
    if checksum(value[:15]) == value[15:]:
        return value
    return _restore_case(value)


def check_prefix(id18: str, prefix: str) -> None:
    """Raise :class:`SalesforceIdError` when the id is not of the object ``prefix``
    names.

    >>> check_prefix("003000000000001AAA", "001")
    Traceback (most recent call last):
    ...
    ingest.sfid.SalesforceIdError: not an Account id (Account ids start with 001)
    """
    if not id18.startswith(prefix):
        name = PREFIX_OBJECT.get(prefix, prefix)
        article = "an" if name in ("Account", "Opportunity") else "a"
        raise SalesforceIdError(f"not {article} {name} id ({name} ids start with {prefix})")
