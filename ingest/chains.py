"""Walking parent chains (unit hierarchy, reporting lines) to find cycles and rows
that hang below a rejected one."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class OnCycle:
    """The id lies on a cycle; ``path`` walks it and returns to its start."""

    path: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Below:
    """The id's chain reaches ``root``: rejected, or on a cycle."""

    root: str


Outcome = OnCycle | Below | None


def resolve_chains(
    parents: Mapping[str, str | None],
    rejected: Mapping[Any, object],
    external: Mapping[str, str | None],
) -> dict[str, Outcome]:
    """For each id of ``parents`` (the bundle's rows: id -> parent id), whether its
    chain is sound (None), lies on a cycle, or runs into a rejected id.

    ``external`` holds the parents of ids the bundle does not carry (the store's),
    so cycles that pass through stored rows are found too.

    >>> out = resolve_chains({"a": "b", "b": "a", "c": "a", "d": None}, {}, {})
    >>> out["a"], out["c"], out["d"]
    (OnCycle(path=('a', 'b', 'a')), Below(root='a'), None)
    >>> resolve_chains({"x": "s"}, {}, {"s": "x"})["x"]
    OnCycle(path=('x', 's', 'x'))
    >>> resolve_chains({"x": "r"}, {"r": ("units.csv", 4)}, {})["x"]
    Below(root='r')
    """
    result: dict[str, Outcome] = {}
    for start in parents:
        if start in result:
            continue
        path: list[str] = []
        position: dict[str, int] = {}
        cur: str | None = start
        outcome: Outcome = None
        while cur is not None:
            if cur in result:
                known = result[cur]
                outcome = Below(cur) if isinstance(known, OnCycle) else known
                break
            if cur in position:
                cycle = path[position[cur] :]
                loop = OnCycle((*cycle, cur))
                for node in cycle:
                    if node in parents:
                        result[node] = loop
                del path[position[cur] :]
                outcome = Below(cur)
                break
            if cur not in parents and cur in rejected:
                outcome = Below(cur)
                break
            position[cur] = len(path)
            path.append(cur)
            cur = parents[cur] if cur in parents else external.get(cur)
        for node in path:
            if node in parents and node not in result:
                result[node] = outcome
    return result
