"""A box-and-line org chart drawn on the server as SVG (issue 17): laid out here,
drawn by ``orgchart.html`` (autoescaped text, no script).

Two charts share one layout: the account's **units** (each box coloured by its
coverage, with people known strongly and open committee seats), and one unit's
**people** along their reporting lines (coloured by how well we know them,
executives and buying roles marked). Large accounts stay readable: the unit chart
opens only the units above a gap and those the user opened (each closed unit says
how many units it hides, and opens with a click); the people chart draws at most
:data:`MAX_PEOPLE` boxes unless asked for all.

Layout: a tidy tree drawn **down** (each leaf one column wide, a parent centred
over its children) while that fits in :data:`MAX_DOWN_WIDTH`; a wider one is drawn
**across** (each leaf one row tall, a parent level with its first child, lines
from its right side): at scale M the largest account's units drawn down were
35,000 px wide (one row of 192 leaves), while across they are six columns wide and
scroll down like a list. A box too wide for a phone scrolls inside its card.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

BOX_W: Final = 168
BOX_H: Final = 58
GAP_X: Final = 14
GAP_Y: Final = 42
MARGIN: Final = 8
MAX_PEOPLE: Final = 150
#: A chart drawn down wider than this (about two laptop screens) is drawn across.
MAX_DOWN_WIDTH: Final = 2800
#: Across: the room between columns (the "+N" opener sits in it) and between rows.
ACROSS_GAP_X: Final = 64
ACROSS_GAP_Y: Final = 10


@dataclass(slots=True)
class Node:
    """One box: what it says and how it is drawn."""

    id: str
    title: str
    lines: tuple[str, ...]
    tone: str  # a CSS class: a coverage status, or strong / weak / unknown
    href: str
    badges: tuple[str, ...] = ()
    children: list[Node] = field(default_factory=list)
    hidden: int = 0  # boxes below it not drawn (closed)
    open_href: str | None = None  # where a click opens what is hidden
    focus: bool = False
    x: float = 0.0
    y: float = 0.0


@dataclass(frozen=True, slots=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True, slots=True)
class Chart:
    nodes: list[Node]
    lines: list[Line]
    width: float
    height: float
    across: bool = False  # drawn left to right (a wide tree), else top down


def layout(roots: Sequence[Node], across: bool | None = None) -> Chart:
    """The chart drawn down, or across when ``across`` or (None) when drawn down
    it would be wider than :data:`MAX_DOWN_WIDTH`."""
    if across is None:
        across = _columns(roots) * (BOX_W + GAP_X) > MAX_DOWN_WIDTH
    return _across(roots) if across else _down(roots)


def _columns(roots: Sequence[Node]) -> int:
    """Leaves: the columns a chart drawn down needs."""
    count, stack = 0, list(roots)
    while stack:
        node = stack.pop()
        count += not node.children
        stack.extend(node.children)
    return count


def _down(roots: Sequence[Node]) -> Chart:
    """Place every box (leaves one column each, parents centred over children) and
    draw a line from each parent's bottom to each child's top (elbow-shaped)."""
    placed: list[Node] = []
    lines: list[Line] = []
    column = 0
    depth_max = 0

    def place(node: Node, depth: int) -> None:
        nonlocal column, depth_max
        depth_max = max(depth_max, depth)
        node.y = MARGIN + depth * (BOX_H + GAP_Y)
        if not node.children:
            node.x = MARGIN + column * (BOX_W + GAP_X)
            column += 1
        else:
            for child in node.children:
                place(child, depth + 1)
            node.x = (node.children[0].x + node.children[-1].x) / 2
        placed.append(node)

    for root in roots:
        place(root, 0)
    for node in placed:
        for child in node.children:
            mid = node.y + BOX_H + GAP_Y / 2
            x1, x2 = node.x + BOX_W / 2, child.x + BOX_W / 2
            lines.append(Line(x1, node.y + BOX_H, x1, mid))
            lines.append(Line(x1, mid, x2, mid))
            lines.append(Line(x2, mid, x2, child.y))
    width = MARGIN * 2 + max(column, 1) * (BOX_W + GAP_X) - GAP_X
    height = MARGIN * 2 + (depth_max + 1) * (BOX_H + GAP_Y) - GAP_Y
    placed.sort(key=lambda n: (n.y, n.x))
    return Chart(placed, lines, width, height)


def _across(roots: Sequence[Node]) -> Chart:
    """Place every box left to right (leaves one row each, a parent level with its
    first child, so the top of the chart shows the root) and draw a line from each
    parent's right side to each child's left side, along one trunk per parent."""
    placed: list[Node] = []
    lines: list[Line] = []
    row = 0
    depth_max = 0

    def place(node: Node, depth: int) -> None:
        nonlocal row, depth_max
        depth_max = max(depth_max, depth)
        node.x = MARGIN + depth * (BOX_W + ACROSS_GAP_X)
        node.y = MARGIN + row * (BOX_H + ACROSS_GAP_Y)
        if not node.children:
            row += 1
        for child in node.children:
            place(child, depth + 1)
        placed.append(node)

    for root in roots:
        place(root, 0)
    for node in placed:
        if not node.children:
            continue
        trunk = node.x + BOX_W + ACROSS_GAP_X / 2
        top = node.y + BOX_H / 2
        lines.append(Line(node.x + BOX_W, top, trunk, top))
        lines.append(Line(trunk, top, trunk, node.children[-1].y + BOX_H / 2))
        for child in node.children:
            mid = child.y + BOX_H / 2
            lines.append(Line(trunk, mid, child.x, mid))
    # The last column keeps its gap: a closed box's "+N" sits to its right.
    width = MARGIN * 2 + (depth_max + 1) * (BOX_W + ACROSS_GAP_X)
    height = MARGIN * 2 + max(row, 1) * (BOX_H + ACROSS_GAP_Y) - ACROSS_GAP_Y
    placed.sort(key=lambda n: (n.y, n.x))
    return Chart(placed, lines, width, height, across=True)


def forest(
    items: Sequence[tuple[str, str | None]],
    make: Callable[[str], Node],
    opened: Callable[[str], bool],
    open_href: Callable[[str], str],
) -> list[Node]:
    """Nodes for (id, parent id) pairs in tree order; a node's children are drawn
    only when ``opened(id)``; a closed one counts what it hides."""
    known = {i for i, _ in items}
    kids: dict[str | None, list[str]] = {}
    for item_id, parent in items:
        kids.setdefault(parent if parent in known else None, []).append(item_id)

    def hidden_below(item_id: str) -> int:
        stack, count = list(kids.get(item_id, [])), 0
        while stack:
            current = stack.pop()
            count += 1
            stack.extend(kids.get(current, []))
        return count

    def build(item_id: str) -> Node:
        node = make(item_id)
        if kids.get(item_id):
            if opened(item_id):
                node.children = [build(c) for c in kids[item_id]]
            else:
                node.hidden = hidden_below(item_id)
                node.open_href = open_href(item_id)
        return node

    return [build(r) for r in kids.get(None, [])]


def ancestors_of(parents: Mapping[str, str | None], ids: Sequence[str]) -> set[str]:
    """Every id above ``ids`` (not the ids themselves).

    >>> sorted(ancestors_of({"a": None, "b": "a", "c": "b"}, ["c"]))
    ['a', 'b']
    """
    out: set[str] = set()
    for start in ids:
        current = parents.get(start)
        while current is not None and current not in out:
            out.add(current)
            current = parents.get(current)
    return out
