"""CSV tables of the answers a user takes away (issue 17): gaps, seats, advocates,
paths, introducers and alerts, built from an answer's JSON body (the API's own
contract), so they follow the API rather than its Python internals.

Every cell goes through :func:`ingest.problems.neutralise` (one home for CSV
formula neutralisation): a name like ``=HYPERLINK(...)`` from a CRM export stays
text in a spreadsheet.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from ingest.problems import neutralise

Json = Mapping[str, Any]
Row = Sequence[object]


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[str, ...]
    rows: list[Row]


def render(table: Table) -> bytes:
    """The table as UTF-8 CSV (with a byte-order mark: spreadsheets then read the
    accents right), every cell neutralised.

    >>> render(Table(("name", "n"), [["=1+1", 2], [None, 0.5]])).decode("utf-8-sig")
    "name,n\\r\\n'=1+1,2\\r\\n,0.5\\r\\n"
    """
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.header)
    for row in table.rows:
        writer.writerow([_cell(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value else "0"
    return neutralise(str(value))


def _names(items: Iterable[Json]) -> str:
    return "; ".join(str(i.get("name", i.get("id", ""))) for i in items)


def _path_text(path: Json) -> str:
    return " → ".join(str(n.get("name", "")) for n in path.get("nodes", []))


def _relations(path: Json) -> str:
    return " → ".join(str(h.get("relation", "")) for h in path.get("hops", []))


def gaps(body: Json) -> Table:
    rows: list[Row] = [
        [
            g.get("id"),
            g.get("name"),
            g.get("kind"),
            g.get("status"),
            g.get("headcount"),
            g.get("has_people"),
            _names(
                g.get("sister_customers") or [{"id": i} for i in g.get("sister_customer_ids", [])]
            ),
        ]
        for g in body.get("gaps", [])
    ]
    for s in body.get("seat_gaps", []):
        scope = s.get("scope", {})
        rows.append(
            [
                scope.get("id"),
                scope.get("name"),
                scope.get("kind"),
                f"seat {s.get('state')}",
                None,
                None,
                s.get("description"),
            ]
        )
    header = ("id", "name", "kind", "status", "headcount", "has_people", "sister_customers")
    return Table(header, rows)


def seats(body: Json) -> Table:
    scope = body.get("scope", {})
    rows: list[Row] = []
    for seat in body.get("seats", []):
        base = [
            scope.get("id"),
            scope.get("name"),
            seat.get("role"),
            seat.get("required"),
            seat.get("state"),
        ]
        holders = seat.get("holders", [])
        if not holders:
            rows.append([*base, None, None, None, None, None])
        for h in holders:
            person = h.get("person", {})
            rows.append(
                [
                    *base,
                    person.get("id"),
                    person.get("name"),
                    person.get("title"),
                    h.get("strength"),
                    _names({"name": k.get("team_member_name")} for k in h.get("known_by", [])),
                ]
            )
    header = (
        "scope_id",
        "scope_name",
        "role",
        "required",
        "state",
        "person_id",
        "person_name",
        "title",
        "strength",
        "known_by",
    )
    return Table(header, rows)


def advocates(body: Json) -> Table:
    rows: list[Row] = []
    for a in body.get("advocates", []):
        person, tie, known = a.get("person", {}), a.get("tie", {}), a.get("known_by", {})
        rows.append(
            [
                person.get("id"),
                person.get("name"),
                person.get("title"),
                a.get("score"),
                tie.get("kind"),
                tie.get("strength"),
                known.get("team_member_name"),
                known.get("strength"),
                a.get("customer_bonus"),
            ]
        )
    header = (
        "person_id",
        "name",
        "title",
        "score",
        "tie",
        "tie_strength",
        "known_by",
        "known_by_strength",
        "customer_bonus",
    )
    return Table(header, rows)


def _path_row(target: Json, path: Json) -> Row:
    return [
        target.get("id"),
        target.get("name"),
        target.get("title"),
        path.get("strength"),
        len(path.get("hops", [])),
        _path_text(path),
        _relations(path),
    ]


_PATH_HEADER: Final = ("person_id", "name", "title", "strength", "hops", "path", "relations")


def executive_paths(body: Json) -> Table:
    # Either shape of the answer: ``paths`` (each a path with its executive) or
    # ``targets`` (each an executive with its best path).
    rows = [_path_row(p.get("executive", {}), p) for p in body.get("paths", [])]
    rows += [_path_row(t.get("executive", {}), t.get("best", {})) for t in body.get("targets", [])]
    return Table(_PATH_HEADER, rows)


def person_paths(body: Json) -> Table:
    person = body.get("person", {})
    return Table(_PATH_HEADER, [_path_row(person, p) for p in body.get("paths", [])])


def introducers(body: Json) -> Table:
    # Either shape of the answer: ``introductions`` (each a path with its
    # introducer) or ``introducers`` (each an introducer with its ``path``).
    found = [(i, i) for i in body.get("introductions", [])]
    found += [(i, i.get("path", {})) for i in body.get("introducers", [])]
    rows: list[Row] = []
    for i, path in found:
        intro, target = i.get("introducer", {}), i.get("target", {})
        rows.append(
            [
                intro.get("id"),
                intro.get("name"),
                intro.get("kind"),
                target.get("id"),
                target.get("name"),
                target.get("title"),
                i.get("direct"),
                path.get("strength"),
                _path_text(path),
            ]
        )
    header = (
        "introducer_id",
        "introducer",
        "introducer_kind",
        "target_id",
        "target",
        "target_title",
        "direct",
        "strength",
        "path",
    )
    return Table(header, rows)


def alerts(body: Json) -> Table:
    rows: list[Row] = [
        [
            a.get("date"),
            a.get("severity"),
            a.get("kind"),
            a.get("account_id"),
            a.get("unit_id"),
            a.get("unit_name"),
            a.get("person_id"),
            a.get("person_name"),
            a.get("team_member_id"),
            a.get("team_member_name"),
            a.get("message"),
        ]
        for a in body.get("items", body.get("alerts", []))
    ]
    header = (
        "date",
        "severity",
        "kind",
        "account_id",
        "unit_id",
        "unit",
        "person_id",
        "person",
        "team_member_id",
        "team_member",
        "message",
    )
    return Table(header, rows)


_SEGMENT: Final = r"[^/]+"
#: Which answers export as CSV: (path pattern, table name, builder).
EXPORTS: Final[tuple[tuple[re.Pattern[str], str, Callable[[Json], Table]], ...]] = (
    (re.compile(rf"^/v1/accounts/({_SEGMENT})/coverage$"), "gaps", gaps),
    (re.compile(rf"^/v1/accounts/({_SEGMENT})/committee$"), "seats", seats),
    (
        re.compile(rf"^/v1/accounts/({_SEGMENT})/executive-paths$"),
        "executive-paths",
        executive_paths,
    ),
    (re.compile(rf"^/v1/units/({_SEGMENT})/advocates$"), "advocates", advocates),
    (re.compile(rf"^/v1/units/({_SEGMENT})/introducers$"), "introducers", introducers),
    (re.compile(rf"^/v1/people/({_SEGMENT})/paths$"), "paths", person_paths),
    (re.compile(r"^/v1/alerts()$"), "alerts", alerts),
)


def export_for(path: str) -> tuple[str, Callable[[Json], Table]] | None:
    """(file name stem, builder) of the answer at ``path``, or None.

    >>> export_for("/v1/accounts/halden/coverage")[0]
    'gaps-halden'
    >>> export_for("/v1/accounts/halden") is None
    True
    """
    for pattern, name, build in EXPORTS:
        match = pattern.match(path)
        if match:
            key = re.sub(r"[^A-Za-z0-9_.-]+", "_", match.group(1))
            return (f"{name}-{key}" if key else name), build
    return None
