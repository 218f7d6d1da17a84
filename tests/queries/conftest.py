from __future__ import annotations

import datetime as dt

import networkx as nx

from graph.schema import NodeKey
from queries.settings import QuerySettings
from queries.snapshot import AccountSnapshot
from tests.queries.builders import GraphBuilder

AS_OF = dt.date(2026, 1, 1)
SETTINGS = QuerySettings()


def days_ago(n: int) -> dt.date:
    return AS_OF - dt.timedelta(days=n)


def snap(
    b: GraphBuilder | nx.MultiDiGraph[NodeKey],
    as_of: dt.date = AS_OF,
    settings: QuerySettings = SETTINGS,
) -> AccountSnapshot:
    g = b.graph() if isinstance(b, GraphBuilder) else b
    return AccountSnapshot.build(g, "A", as_of, settings)
