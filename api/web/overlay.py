"""Who on our team knows whom, drawn over the people chart on demand (issue 17:
"relationships overlaid on demand"), as server-side SVG like the chart itself.

Our team members sit in a row above the people's boxes (a column to their left
when the chart is drawn across), each placed near the people they know so the
curves cross less; a curve joins a team member to each person they know, thicker
for a stronger relationship, solid when strong and dashed when not. The chart's
boxes and reporting lines move down one row (right one column).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Final

from api.web.orgchart import (
    ACROSS_GAP_X,
    ACROSS_GAP_Y,
    BOX_H,
    BOX_W,
    GAP_X,
    GAP_Y,
    MARGIN,
    Chart,
    Line,
)

MEMBER_H: Final = 28
#: Stroke width of a relationship of strength 0 and of strength 1.
THIN: Final = 1.0
THICK: Final = 5.0


@dataclass(frozen=True, slots=True)
class Tie:
    """One relationship: a team member knows a person drawn in the chart."""

    member_id: str
    member_name: str
    person_id: str
    person_name: str
    strength: float
    strong: bool


@dataclass(frozen=True, slots=True)
class Member:
    """A team member's label in the row above the chart."""

    id: str
    name: str
    x: float
    y: float
    ties: int


@dataclass(frozen=True, slots=True)
class Curve:
    """A relationship drawn: an SVG path from a member to a person's box."""

    d: str
    width: float
    strong: bool
    title: str
    member_id: str
    person_id: str


@dataclass(frozen=True, slots=True)
class Overlay:
    """The chart moved down a row, with the members' row and the curves."""

    chart: Chart
    members: list[Member]
    curves: list[Curve]


def _curve(tie: Tie, d: str) -> Curve:
    return Curve(
        d=d,
        width=round(THIN + (THICK - THIN) * max(0.0, min(1.0, tie.strength)), 1),
        strong=tie.strong,
        title=f"{tie.member_name} knows {tie.person_name} "
        f"({'strongly, ' if tie.strong else ''}{tie.strength:.2f})",
        member_id=tie.member_id,
        person_id=tie.person_id,
    )


def overlay(chart: Chart, ties: Sequence[Tie]) -> Overlay:
    """``chart`` moved down a row under ``ties`` (``chart`` itself is unchanged);
    ties to people not drawn are left out.

    >>> from api.web.orgchart import Node, layout
    >>> c = layout([Node("P1", "Ann", (), "strong", "/p/P1")])
    >>> ties = [Tie("T1", "Tom", "P1", "Ann", 0.5, False), Tie("T1", "Tom", "X", "", 1, True)]
    >>> o = overlay(c, ties)
    >>> [(m.name, m.ties) for m in o.members], len(o.curves), o.curves[0].width
    ([('Tom', 1)], 1, 3.0)
    >>> o.chart.nodes[0].y - c.nodes[0].y == MEMBER_H + GAP_Y
    True
    """
    if chart.across:
        return _overlay_across(chart, ties)
    drop = MEMBER_H + GAP_Y
    at = {n.id: n for n in chart.nodes}
    drawn = [t for t in ties if t.person_id in at]
    people_of: dict[str, list[Tie]] = {}
    for tie in drawn:
        people_of.setdefault(tie.member_id, []).append(tie)
    # Each member above the middle of the people they know, left to right, pushed
    # right only as far as the member before it needs.
    middle = {m: sum(at[t.person_id].x for t in ts) / len(ts) for m, ts in people_of.items()}
    members: list[Member] = []
    for m in sorted(people_of, key=lambda m: (middle[m], people_of[m][0].member_name)):
        x = MARGIN if not members else members[-1].x + BOX_W + GAP_X
        first = people_of[m][0]
        members.append(Member(m, first.member_name, max(x, middle[m]), MARGIN, len(people_of[m])))
    nodes = [replace(n, y=n.y + drop) for n in chart.nodes]
    at = {n.id: n for n in nodes}
    lines = [Line(ln.x1, ln.y1 + drop, ln.x2, ln.y2 + drop) for ln in chart.lines]
    x_of = {m.id: m.x + BOX_W / 2 for m in members}
    curves = []
    for tie in sorted(drawn, key=lambda t: t.strength):  # the strongest drawn on top
        x1, y1 = x_of[tie.member_id], MARGIN + MEMBER_H
        box = at[tie.person_id]
        x2, y2 = box.x + BOX_W / 2, box.y
        bend = (y1 + y2) / 2
        curves.append(
            _curve(
                tie,
                f"M{x1:.0f},{y1:.0f} C{x1:.0f},{bend:.0f} {x2:.0f},{bend:.0f} {x2:.0f},{y2:.0f}",
            )
        )
    width = max([chart.width, *(m.x + BOX_W + MARGIN for m in members)])
    moved = Chart(nodes, lines, width, chart.height + drop)
    return Overlay(moved, members, curves)


def _overlay_across(chart: Chart, ties: Sequence[Tie]) -> Overlay:
    """The across chart moved right a column; each member in that column level with
    the first person they know, pushed down only as far as the member above it
    needs; each curve from a member's right side, down the gap beside the column,
    to a person's left side.

    >>> from api.web.orgchart import Node, layout
    >>> c = layout([Node("P1", "Ann", (), "strong", "/p/P1")], across=True)
    >>> o = overlay(c, [Tie("T1", "Tom", "P1", "Ann", 1.0, True)])
    >>> o.chart.nodes[0].x - c.nodes[0].x == BOX_W + ACROSS_GAP_X, o.curves[0].width
    (True, 5.0)
    """
    shift = BOX_W + ACROSS_GAP_X
    nodes = [replace(n, x=n.x + shift) for n in chart.nodes]
    at = {n.id: n for n in nodes}
    drawn = [t for t in ties if t.person_id in at]
    people_of: dict[str, list[Tie]] = {}
    for tie in drawn:
        people_of.setdefault(tie.member_id, []).append(tie)
    # Level with the first person they know (not the middle: in a tall chart that
    # would put every member far below the top, where the chart opens).
    middle = {
        m: min(at[t.person_id].y for t in ts) + (BOX_H - MEMBER_H) / 2
        for m, ts in people_of.items()
    }
    members: list[Member] = []
    for m in sorted(people_of, key=lambda m: (middle[m], people_of[m][0].member_name)):
        y = MARGIN if not members else members[-1].y + MEMBER_H + ACROSS_GAP_Y
        first = people_of[m][0]
        members.append(Member(m, first.member_name, MARGIN, max(y, middle[m]), len(people_of[m])))
    lines = [Line(ln.x1 + shift, ln.y1, ln.x2 + shift, ln.y2) for ln in chart.lines]
    y_of = {m.id: m.y + MEMBER_H / 2 for m in members}
    curves = []
    # Each curve runs down the gap beside our team's column (not across the boxes),
    # then along its person's row to the left side of their box; the template draws
    # the curves under the boxes, so a row's other boxes hide the run past them.
    # Each member its own lane in the gap (five lanes, 10 px apart), so their runs
    # stay apart.
    x1 = MARGIN + BOX_W
    lane = {m.id: x1 + 8 + (i % 5) * 10 for i, m in enumerate(members)}
    for tie in sorted(drawn, key=lambda t: t.strength):  # the strongest drawn on top
        y1, bus = y_of[tie.member_id], lane[tie.member_id]
        box = at[tie.person_id]
        x2, y2 = box.x, box.y + BOX_H / 2
        r = min(6.0, abs(y2 - y1) / 2)
        down = 1 if y2 >= y1 else -1
        d = (
            f"M{x1:.0f},{y1:.0f} L{bus - r:.0f},{y1:.0f} Q{bus:.0f},{y1:.0f} "
            f"{bus:.0f},{y1 + down * r:.0f} L{bus:.0f},{y2 - down * r:.0f} "
            f"Q{bus:.0f},{y2:.0f} {bus + r:.0f},{y2:.0f} L {x2:.0f},{y2:.0f}"
        )
        curves.append(_curve(tie, d))
    height = max([chart.height, *(m.y + MEMBER_H + MARGIN for m in members)])
    moved = Chart(nodes, lines, chart.width + shift, height, across=True)
    return Overlay(moved, members, curves)
