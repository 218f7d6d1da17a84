"""Turning flat query answers into the nested shapes the pages draw: the unit tree,
an org chart's reporting forest, a breadcrumb trail, capped lists.

Only shape changes here; every figure comes from ``queries`` as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar


class TreeRow(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def parent_id(self) -> str | None: ...


R = TypeVar("R", bound=TreeRow)
T = TypeVar("T")


def children_by_parent(rows: Iterable[R]) -> dict[str | None, list[R]]:
    """Rows grouped under their parent id, keeping the rows' order.

    >>> from types import SimpleNamespace as N
    >>> rows = [N(id="A", parent_id=None), N(id="D1", parent_id="A"), N(id="B1", parent_id="D1")]
    >>> {k: [r.id for r in v] for k, v in children_by_parent(rows).items()}
    {None: ['A'], 'A': ['D1'], 'D1': ['B1']}
    """
    out: dict[str | None, list[R]] = {}
    for row in rows:
        out.setdefault(row.parent_id, []).append(row)
    return out


def trail(rows: Iterable[R], row_id: str) -> list[R]:
    """The row and its ancestors, root first (for breadcrumbs); empty when unknown.

    >>> from types import SimpleNamespace as N
    >>> rows = [N(id="A", parent_id=None), N(id="D1", parent_id="A"), N(id="B1", parent_id="D1")]
    >>> [r.id for r in trail(rows, "B1")], trail(rows, "X")
    (['A', 'D1', 'B1'], [])
    """
    by_id = {r.id: r for r in rows}
    out: list[R] = []
    current = by_id.get(row_id)
    while current is not None and len(out) <= len(by_id):
        out.append(current)
        current = by_id.get(current.parent_id) if current.parent_id is not None else None
    return out[::-1]


class HasPersonId(Protocol):
    @property
    def person(self) -> _Identified: ...
    @property
    def manager_id(self) -> str | None: ...


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


P = TypeVar("P", bound=HasPersonId)


@dataclass(slots=True)
class OrgNode(Generic[P]):
    entry: P
    reports: list[OrgNode[P]] = field(default_factory=list)


def reporting_forest(people: Sequence[P]) -> list[OrgNode[P]]:
    """People nested under their manager. Whoever's manager is not among
    ``people`` (or who has none) is a root. Order within a level is kept.

    >>> from types import SimpleNamespace as N
    >>> def p(i, m): return N(person=N(id=i), manager_id=m)
    >>> forest = reporting_forest([p("P1", None), p("P2", "P1"), p("P3", "X"), p("P4", "P2")])
    >>> [(n.entry.person.id, [r.entry.person.id for r in n.reports]) for n in forest]
    [('P1', ['P2']), ('P3', [])]
    >>> forest[0].reports[0].reports[0].entry.person.id
    'P4'
    """
    nodes = {p.person.id: OrgNode(p) for p in people}
    roots: list[OrgNode[P]] = []
    for person in people:
        node = nodes[person.person.id]
        manager = nodes.get(person.manager_id) if person.manager_id else None
        if manager is None or _is_under(manager, node, nodes):
            roots.append(node)
        else:
            manager.reports.append(node)
    return roots


def _is_under(manager: OrgNode[P], node: OrgNode[P], nodes: dict[str, OrgNode[P]]) -> bool:
    # A reporting cycle in CRM data must not make people vanish from the chart.
    seen: set[str] = set()
    current: OrgNode[P] | None = manager
    while current is not None:
        pid = current.entry.person.id
        if pid == node.entry.person.id:
            return True
        if pid in seen:
            return False
        seen.add(pid)
        mid = current.entry.manager_id
        current = nodes.get(mid) if mid else None
    return False


def count_nodes(forest: Iterable[OrgNode[P]]) -> int:
    """
    >>> from types import SimpleNamespace as N
    >>> count_nodes(reporting_forest([N(person=N(id="a"), manager_id=None),
    ...                               N(person=N(id="b"), manager_id="a")]))
    2
    """
    return sum(1 + count_nodes(n.reports) for n in forest)


@dataclass(frozen=True, slots=True)
class Capped(Generic[T]):
    """The first items of a long list, and how many more there are."""

    items: list[T]
    total: int

    @property
    def hidden(self) -> int:
        return self.total - len(self.items)


def cap(items: Sequence[T], limit: int, show_all: bool = False) -> Capped[T]:
    """
    >>> c = cap(list(range(30)), 10); len(c.items), c.hidden
    (10, 20)
    >>> cap([1, 2], 10).hidden, len(cap(list(range(30)), 10, show_all=True).items)
    (0, 30)
    """
    shown = list(items) if show_all else list(items[:limit])
    return Capped(shown, len(items))


def truncate_forest(forest: Sequence[OrgNode[P]], limit: int) -> list[OrgNode[P]]:
    """The first ``limit`` people of a forest in reading (pre-)order, keeping their
    places under their managers.

    >>> from types import SimpleNamespace as N
    >>> def p(i, m): return N(person=N(id=i), manager_id=m)
    >>> forest = reporting_forest([p("a", None), p("b", "a"), p("c", "b"), p("d", None)])
    >>> cut = truncate_forest(forest, 2)
    >>> [(n.entry.person.id, [r.entry.person.id for r in n.reports]) for n in cut]
    [('a', ['b'])]
    >>> count_nodes(cut[0].reports[0].reports)
    0
    """
    budget = [limit]

    def walk(nodes: Sequence[OrgNode[P]]) -> list[OrgNode[P]]:
        out: list[OrgNode[P]] = []
        for node in nodes:
            if budget[0] <= 0:
                break
            budget[0] -= 1
            out.append(OrgNode(node.entry, walk(node.reports)))
        return out

    return walk(forest)
