from __future__ import annotations

import datetime as dt

from graph.account_data import AccountData
from queries.settings import QuerySettings
from queries.snapshot import AccountSnapshot
from queries.worlds import WorldBuilder

AS_OF = dt.date(2026, 1, 1)
SETTINGS = QuerySettings()


def days_ago(n: int) -> dt.date:
    return AS_OF - dt.timedelta(days=n)


def snap(
    b: WorldBuilder | AccountData,
    as_of: dt.date = AS_OF,
    settings: QuerySettings = SETTINGS,
) -> AccountSnapshot:
    data = b.data() if isinstance(b, WorldBuilder) else b
    return AccountSnapshot.build(data, as_of, settings)
