"""Query parameters every page takes, typed once."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from api.params import AsOfDate

AsOf = Annotated[
    AsOfDate | None,
    Query(description="Show everything as of this date (YYYY-MM-DD); default today."),
]
#: ``show=<list>`` lifts the cap of one long list ("show all" links).
Show = Annotated[str | None, Query(max_length=32, pattern=r"^[a-z_]+$")]

#: Long lists show this many items until the user asks for all of them.
LIST_CAP = 10
