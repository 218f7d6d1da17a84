"""The trend drawn on the server as SVG: a sparkline for the accounts list and a
small stacked-bar chart for the account page. Only numbers and dates reach the
markup (no name from the data), so nothing needs escaping but the label text,
which is escaped anyway."""

from __future__ import annotations

from html import escape
from typing import Final

from queries.models.review import AccountTrend, TrendPoint

#: Bar colours, worst to best, as the coverage bar's (powermap.css).
COLOURS: Final = {
    "uncovered": "#c62828",
    "weak": "#ef8f00",
    "single_threaded": "#f2c230",
    "covered": "#2e7d32",
}


def _reached(p: TrendPoint) -> float:
    """Share of rows with a strong relationship (single-threaded or covered)."""
    s = p.statuses
    total = s.covered + s.single_threaded + s.weak + s.uncovered
    return 0.0 if total == 0 else (s.covered + s.single_threaded) / total


def describe(trend: AccountTrend) -> str:
    """The chart in words (its accessible name)."""
    if not trend.points:
        return "No trend."
    first, last = trend.points[0], trend.points[-1]
    return (
        f"Rows with a strong relationship: {_reached(first):.0%} on {first.as_of}, "
        f"{_reached(last):.0%} on {last.as_of}; executives known strongly: "
        f"{first.executives_known_strongly} then {last.executives_known_strongly}."
    )


def sparkline(trend: AccountTrend, width: int = 96, height: int = 24) -> str:
    """
    >>> import datetime as dt
    >>> from queries.models import StatusCounts
    >>> p = lambda d, c: TrendPoint(as_of=dt.date(2026, 1, d),
    ...     statuses=StatusCounts(uncovered=2 - c, weak=0, single_threaded=0, covered=c),
    ...     executives=1, executives_known_strongly=0)
    >>> svg = sparkline(AccountTrend(account_id="A", as_of=dt.date(2026, 1, 2),
    ...                              points=[p(1, 0), p(2, 2)]))
    >>> 'points="1.0,23.0 95.0,1.0"' in svg
    True
    """
    points = trend.points
    step = (width - 2) / max(1, len(points) - 1)
    coords = " ".join(
        f"{1 + i * step:.1f},{height - 1 - _reached(p) * (height - 2):.1f}"
        for i, p in enumerate(points)
    )
    label = escape(describe(trend))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{label}">'
        f"<title>{label}</title>"
        f'<polyline fill="none" stroke="#2e7d32" stroke-width="2" points="{coords}"/></svg>'
    )


def chart(trend: AccountTrend, width: int = 480, height: int = 120) -> str:
    """Stacked bars per month end (covered at the bottom), the month under each."""
    points = trend.points
    label = escape(describe(trend))
    bar_area = height - 16
    slot = width / max(1, len(points))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{label}">',
        f"<title>{label}</title>",
    ]
    for i, p in enumerate(points):
        s = p.statuses
        counts = {
            "covered": s.covered,
            "single_threaded": s.single_threaded,
            "weak": s.weak,
            "uncovered": s.uncovered,
        }
        total = sum(counts.values()) or 1
        x, y = i * slot + 2, float(bar_area)
        for key, count in counts.items():
            h = bar_area * count / total
            if h > 0:
                y -= h
                parts.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot - 4:.1f}" height="{h:.1f}" '
                    f'fill="{COLOURS[key]}"><title>{p.as_of}: {count} {key}</title></rect>'
                )
        parts.append(
            f'<text x="{x + (slot - 4) / 2:.1f}" y="{height - 3}" font-size="9" '
            f'text-anchor="middle" font-family="sans-serif">{p.as_of.strftime("%b")}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
