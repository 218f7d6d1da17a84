"""Query and path parameters the answer routes share, typed and bounded once.

Every bound is stated in the parameter's description (so it shows in the OpenAPI
document) and in the 422 detail a request outside it gets.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Final

from fastapi import Depends, Path, Query
from pydantic import AfterValidator, BeforeValidator, WithJsonSchema

from api.deps import AnswersDep
from ingest.sfid import typed_id
from queries.errors import InvalidQueryError
from queries.paths import MAX_ALTERNATIVE_SEARCHES

#: Dates outside this range are refused: nothing in a CRM lives there, and date
#: arithmetic near the ends of the calendar (windows, horizons) would overflow.
EARLIEST_AS_OF: Final = dt.date(1900, 1, 1)
LATEST_AS_OF: Final = dt.date(2199, 12, 31)

MAX_K: Final = 100
MAX_HOPS: Final = 8
MAX_ALTERNATIVES: Final = 3
#: Next-best path searches (Yen) cost a shortest-path search per hop of every path
#: found: on an account of 10k people k=100 with 10 alternatives took minutes. These
#: bounds (and queries.paths.MAX_ALTERNATIVE_SEARCHES) keep the worst request near a
#: second there.
MAX_PERSON_PATHS: Final = 20
MAX_LIMIT: Final = 200
DEFAULT_LIMIT: Final = 50
MAX_OFFSET: Final = 1_000_000
MAX_ID_LENGTH: Final = 256
_ISO_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_Y = "(?:19|20|21)[0-9]{2}"
#: Exactly the dates from EARLIEST_AS_OF to LATEST_AS_OF, as the OpenAPI document
#: states them (a range of dates has no JSON Schema keyword): 29 February only in
#: leap years (2000 is one, 1900 and 2100 are not).
AS_OF_PATTERN: Final = (
    f"^(?:{_Y}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    "|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))"
    "|(?:(?:19|20|21)(?:0[48]|[2468][048]|[13579][26])|2000)-02-29)$"
)


def iso_date_only(value: object) -> object:
    """Let only ``YYYY-MM-DD`` text through to date parsing: pydantic alone would
    read ``0`` as 1970-01-01 and accept timestamps, answering for a date nobody asked.

    >>> iso_date_only("2026-11-15")
    '2026-11-15'
    >>> iso_date_only("0")
    Traceback (most recent call last):
    ...
    ValueError: '0' is not a date written YYYY-MM-DD
    """
    if isinstance(value, str) and not _ISO_DATE.fullmatch(value):
        raise ValueError(f"{value[:40]!r} is not a date written YYYY-MM-DD")
    return value


#: A date parameter: exactly ``YYYY-MM-DD``.
IsoDate = Annotated[dt.date, BeforeValidator(iso_date_only)]


def check_as_of(day: dt.date | None, today: dt.date) -> dt.date:
    """The as-of date of an answer: ``day``, or ``today`` when not given.

    >>> check_as_of(None, dt.date(2026, 11, 15))
    datetime.date(2026, 11, 15)
    >>> try:
    ...     check_as_of(dt.date(1066, 10, 14), dt.date(2026, 11, 15))
    ... except InvalidQueryError as exc:
    ...     print(exc.detail)
    as_of 1066-10-14 is out of range: give a date from 1900-01-01 to 2199-12-31
    """
    chosen = today if day is None else day
    if not EARLIEST_AS_OF <= chosen <= LATEST_AS_OF:
        raise InvalidQueryError(
            f"as_of {chosen} is out of range: give a date from {EARLIEST_AS_OF} to {LATEST_AS_OF}"
        )
    return chosen


def in_as_of_range(day: dt.date) -> dt.date:
    if not EARLIEST_AS_OF <= day <= LATEST_AS_OF:
        raise ValueError(f"give a date from {EARLIEST_AS_OF} to {LATEST_AS_OF}")
    return day


#: The ``as_of`` of an answer: a date in range, written YYYY-MM-DD.
AsOfDate = Annotated[
    dt.date,
    BeforeValidator(iso_date_only),
    AfterValidator(in_as_of_range),
    WithJsonSchema({"type": "string", "pattern": AS_OF_PATTERN}),
]


async def as_of_param(
    answers: AnswersDep,
    as_of: Annotated[
        AsOfDate | None,
        Query(
            description=f"Answer as of this date (YYYY-MM-DD, {EARLIEST_AS_OF} to "
            f"{LATEST_AS_OF}); default today. Activities after it are ignored, people "
            "who left by it count nowhere.",
        ),
    ] = None,
) -> dt.date:
    return check_as_of(as_of, answers.today())


AsOf = Annotated[dt.date, Depends(as_of_param)]

K = Annotated[
    int | None,
    Query(
        ge=1,
        le=MAX_K,
        description=f"At most this many results (1 to {MAX_K}); default from the settings (5).",
    ),
]
MaxHops = Annotated[
    int | None,
    Query(
        ge=1,
        le=MAX_HOPS,
        description=f"Longest path considered, in hops (1 to {MAX_HOPS}); default from the "
        "settings (4).",
    ),
]
Alternatives = Annotated[
    int,
    Query(
        ge=0,
        le=MAX_ALTERNATIVES,
        description=f"Next-best paths per executive besides the best (0 to {MAX_ALTERNATIVES}), "
        f"for the strongest {MAX_ALTERNATIVE_SEARCHES} ÷ alternatives executives (at most "
        f"{MAX_ALTERNATIVE_SEARCHES} searches); the others get none.",
    ),
]
PersonPathsK = Annotated[
    int | None,
    Query(
        ge=1,
        le=MAX_PERSON_PATHS,
        description=f"At most this many paths (1 to {MAX_PERSON_PATHS}); default from the "
        "settings (5).",
    ),
]
Limit = Annotated[
    int,
    Query(
        ge=1, le=MAX_LIMIT, description=f"Page size (1 to {MAX_LIMIT}; default {DEFAULT_LIMIT})."
    ),
]
Offset = Annotated[
    int,
    Query(ge=0, le=MAX_OFFSET, description=f"Items to skip (0 to {MAX_OFFSET})."),
]


def _id_path(what: str) -> Any:
    return Path(
        min_length=1,
        max_length=MAX_ID_LENGTH,
        description=f"The {what}'s CRM id (1 to {MAX_ID_LENGTH} characters).",
    )


def _typed(value: str | None) -> str | None:
    return None if value is None else typed_id(value)


#: Every id a user types goes through this: a 15-character Salesforce id is
#: resolved to the 18-character one the store keeps (ingest.sfid.typed_id).
TypedId: Final = AfterValidator(_typed)

AccountId = Annotated[str, _id_path("account"), TypedId]
UnitId = Annotated[str, _id_path("unit"), TypedId]
PersonId = Annotated[str, _id_path("person"), TypedId]
TeamMemberId = Annotated[str, _id_path("team member"), TypedId]


def id_query(what: str, *, alias: str | None = None) -> Any:
    """A query parameter holding an id, bounded like the path ids."""
    return Query(
        alias=alias,
        min_length=1,
        max_length=MAX_ID_LENGTH,
        description=what,
    )
