"""Parsing cell values: dates, numbers, booleans. Each raises ``ValueError`` with the
reason a problem line shows."""

from __future__ import annotations

import datetime as dt
import math
import re
from functools import lru_cache
from typing import Final

_DATE: Final = re.compile(
    r"(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)
DATE_HINT: Final = "not a date: write YYYY-MM-DD or an ISO 8601 timestamp (2026-10-20T14:03:00Z)"
#: A date a spreadsheet wrote (02/03/24, 3.2.2024): ambiguous without its layout.
_SHEET_DATE: Final = re.compile(r"\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}(?:[ T].*)?")
SHEET_HINT: Final = (
    "not an ISO date; a spreadsheet layout: pass --date-format with it "
    "(e.g. --date-format MM/DD/YY or DD.MM.YYYY), or write YYYY-MM-DD"
)
_TOKENS: Final = (
    ("YYYY", "%Y"),
    ("YY", "%y"),
    ("MM", "%m"),
    ("DD", "%d"),
    ("M", "%m"),
    ("D", "%d"),
)
_TRUE: Final = frozenset({"true", "1", "yes"})
_FALSE: Final = frozenset({"false", "0", "no"})


@lru_cache(maxsize=1 << 16)
def parse_date(text: str) -> dt.date:
    """An ISO date, or the date part of an ISO timestamp as Salesforce writes them.

    >>> parse_date("2026-10-20"), parse_date("2026-10-20T14:03:00.000+0000")
    (datetime.date(2026, 10, 20), datetime.date(2026, 10, 20))
    >>> parse_date("2026-10-20T14:03:00Z")
    datetime.date(2026, 10, 20)
    >>> parse_date("soon")
    Traceback (most recent call last):
    ...
    ValueError: not a date: write YYYY-MM-DD or an ISO 8601 timestamp (2026-10-20T14:03:00Z)
    >>> parse_date("20/10/2026")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: not an ISO date; a spreadsheet layout: pass --date-format with it ...
    """
    match = _DATE.fullmatch(text)
    if match is None:
        raise ValueError(SHEET_HINT if _SHEET_DATE.fullmatch(text) else DATE_HINT)
    try:
        return dt.date.fromisoformat(match.group(1))
    except ValueError:
        raise ValueError(f"not a date: no such day ({match.group(1)})") from None


def date_layout(layout: str) -> str:
    """The ``strptime`` pattern of a ``--date-format`` layout (YYYY, YY, MM, M, DD, D
    and separators).

    >>> date_layout("MM/DD/YY"), date_layout("DD.MM.YYYY")
    ('%m/%d/%y', '%d.%m.%Y')
    >>> date_layout("MM/YY")
    Traceback (most recent call last):
    ...
    ValueError: --date-format 'MM/YY' needs a year, a month and a day (e.g. MM/DD/YY)
    """
    out, rest, seen = "", layout.strip().upper(), set()
    while rest:
        for token, code in _TOKENS:
            if rest.startswith(token):
                out += code
                seen.add(code)
                rest = rest[len(token) :]
                break
        else:
            if rest[0].isalnum() or rest[0] == "%":
                raise ValueError(f"--date-format {layout!r}: unknown part {rest[0]!r}")
            out += rest[0]
            rest = rest[1:]
    if not ({"%m", "%d"} <= seen and seen & {"%Y", "%y"}):
        raise ValueError(
            f"--date-format {layout!r} needs a year, a month and a day (e.g. MM/DD/YY)"
        )
    return out


@lru_cache(maxsize=1 << 16)
def parse_date_as(text: str, pattern: str | None) -> dt.date:
    """An ISO date, or one in the ``strptime`` ``pattern`` (a time after it ignored).

    >>> parse_date_as("02/03/24", "%m/%d/%y"), parse_date_as("2024-02-03", "%m/%d/%y")
    (datetime.date(2024, 2, 3), datetime.date(2024, 2, 3))
    >>> parse_date_as("03.02.2024 14:05", "%d.%m.%Y")
    datetime.date(2024, 2, 3)
    """
    if pattern is None or _DATE.fullmatch(text):
        return parse_date(text)
    try:
        return dt.datetime.strptime(text.split()[0], pattern).date()
    except ValueError:
        shown = pattern.replace("%Y", "YYYY").replace("%y", "YY").replace("%m", "MM")
        raise ValueError(
            f"not a date in the --date-format layout {shown.replace('%d', 'DD')}"
        ) from None


_QUICK_DATES: dict[str, dt.date | None] = {}


def quick_date(text: str) -> dt.date | None:
    """``parse_date`` for the fast path of large files: None instead of raising (the
    slow path then says why). Cached, since a bundle repeats few distinct dates.

    >>> quick_date("2026-10-20"), quick_date("soon")
    (datetime.date(2026, 10, 20), None)
    """
    try:
        return _QUICK_DATES[text]
    except KeyError:
        pass
    try:
        value: dt.date | None = parse_date(text)
    except ValueError:
        value = None
    if len(_QUICK_DATES) < 1 << 16:
        _QUICK_DATES[text] = value
    return value


def parse_float(text: str) -> float:
    """A finite decimal number.

    >>> parse_float("1250000.50")
    1250000.5
    >>> parse_float("nan")
    Traceback (most recent call last):
    ...
    ValueError: not a number
    """
    try:
        value = float(text)
    except ValueError:
        raise ValueError("not a number") from None
    if not math.isfinite(value):
        raise ValueError("not a number")
    return value


def parse_int(text: str) -> int:
    """A whole number, 0 or more (``12`` or ``12.0``).

    >>> parse_int("12"), parse_int("12.0")
    (12, 12)
    >>> parse_int("-3")
    Traceback (most recent call last):
    ...
    ValueError: not a whole number of 0 or more
    """
    try:
        value = int(text)
    except ValueError:
        try:
            as_float = float(text)
        except ValueError:
            raise ValueError("not a whole number of 0 or more") from None
        if not as_float.is_integer():
            raise ValueError("not a whole number of 0 or more") from None
        value = int(as_float)
    if value < 0:
        raise ValueError("not a whole number of 0 or more")
    return value


def parse_strength(text: str) -> float:
    """A strength: a number from 0 to 1.

    >>> parse_strength("0.7")
    0.7
    >>> parse_strength("1.5")
    Traceback (most recent call last):
    ...
    ValueError: strength must be between 0 and 1
    """
    value = parse_float(text)
    if not 0.0 <= value <= 1.0:
        raise ValueError("strength must be between 0 and 1")
    return value


def parse_bool(text: str) -> bool:
    """``true``/``false`` in any case (also 1/0, yes/no).

    >>> parse_bool("TRUE"), parse_bool("false")
    (True, False)
    """
    low = text.lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise ValueError("not a boolean: write true or false")
