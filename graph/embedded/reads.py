"""The embedded store's reads: indexed SQL, one account at a time.

Every function takes a connection and runs statements of :mod:`graph.sql`; nothing
is kept between calls. :func:`account_data` reads one account in one read
transaction (one consistent state of the store), by the ``account_id`` indexes and
the read path's indexes on relationships and activities (``sql.READ_INDEXES``).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from itertools import groupby
from operator import itemgetter
from typing import Final

from graph import sql
from graph.account_data import AccountData, KnownPerson
from graph.embedded.rows import (
    ACTIVITY_TYPES,
    Row,
    account_record,
    account_team_record,
    employment_record,
    opportunity_record,
    person_record,
    relationship_record,
    team_member_record,
    tie_record,
    unit_record,
)
from graph.gc_pause import collector_paused
from graph.schema import (
    Activity,
    Namespace,
    RecordKind,
    RelationshipRecord,
    RelType,
)
from graph.sql_tables import RECORD_TABLES

_from_iso: Final = dt.date.fromisoformat
# A named tuple made without its Python-level __new__: a third faster, and the
# largest accounts read tens of thousands of activities.
_new: Final = tuple.__new__


def _at(kind: RecordKind, *names: str) -> tuple[int, ...]:
    """The positions of ``names`` in ``kind``'s rows (its table's columns, the
    record's fields in order: :mod:`graph.sql_tables`)."""
    columns = RECORD_TABLES[kind].columns
    return tuple(columns.index(n) for n in names)


# An activity row's id, type and date, and its (team member, person).
_ACT_ID, _ACT_TYPE, _ACT_DATE = _at(RecordKind.ACTIVITY, "id", "type", "date")
_pair: Final = itemgetter(*_at(RecordKind.ACTIVITY, "team_member_id", "person_id"))
_rel_pair: Final = itemgetter(*_at(RecordKind.RELATIONSHIP, "team_member_id", "person_id"))
_EMP_PLACE, _EMP_AT_ACCOUNT = _at(RecordKind.EMPLOYMENT, "unit_id", "at_account")
(_UNIT_ID,) = _at(RecordKind.UNIT, "id")
_team_of: Final = itemgetter(*_at(RecordKind.ACCOUNT_TEAM, "team_member_id", "account_id"))


def _ids(ids: Iterable[str]) -> str:
    """One JSON array parameter: a list of any length, never spliced into SQL."""
    return json.dumps(sorted(set(ids)))


def account_rows(conn: sqlite3.Connection, account_id: str) -> list[list[Row]] | None:
    """The rows of one account's statements (None: no such account), in one read
    transaction: what :func:`account_data` is made from, and the floor the
    benchmark sets beside it (``SELECT`` alone, no record built)."""
    conn.execute(sql.BEGIN_READ)
    try:
        account = conn.execute(sql.SELECT_ACCOUNT, (account_id,)).fetchone()
        if account is None:
            return None
        params = (account_id,)
        return [
            [account],
            *(conn.execute(statement, params).fetchall() for statement in _OF_ACCOUNT),
            conn.execute(sql.SELECT_TEAM).fetchall(),
            conn.execute(sql.SELECT_ALL_ACCOUNT_TEAMS).fetchall(),
        ]
    finally:
        conn.execute(sql.COMMIT)


_OF_ACCOUNT: Final = (
    sql.SELECT_UNITS_OF_ACCOUNT,
    sql.SELECT_PEOPLE_OF_ACCOUNT,
    sql.SELECT_OPPORTUNITIES_OF_ACCOUNT,
    sql.SELECT_EMPLOYMENTS_OF_ACCOUNT,
    sql.SELECT_RELATIONSHIPS_OF_ACCOUNT,
    sql.SELECT_ACTIVITIES_OF_ACCOUNT,
    sql.SELECT_TIES_OF_ACCOUNT,
)


def account_data(conn: sqlite3.Connection, account_id: str) -> AccountData | None:
    """One account's records (None: no such account), read in one transaction."""
    # Tens of thousands of records, none in a cycle: no collections while they
    # are made (a third of the largest M account's read, issue 14).
    with collector_paused():
        return _account_data(conn, account_id)


def _account_data(conn: sqlite3.Connection, account_id: str) -> AccountData | None:
    rows = account_rows(conn, account_id)
    if rows is None:
        return None
    (
        (account,),
        units,
        people,
        opportunities,
        employments,
        relationships,
        activities,
        ties,
        team,
        account_teams,
    ) = rows
    unit_ids = {u[_UNIT_ID] for u in units}
    team_accounts: dict[str, list[str]] = defaultdict(list)
    for row in account_teams:
        tm, acc = _team_of(row)
        team_accounts[tm].append(acc)  # ordered by the statement
    return AccountData(
        account=account_record(account),
        units=tuple(map(unit_record, units)),
        people=tuple(map(person_record, people)),
        positions=tuple(
            employment_record(e)
            for e in employments
            if (e[_EMP_PLACE] == account_id if e[_EMP_AT_ACCOUNT] else e[_EMP_PLACE] in unit_ids)
        ),
        relationships=_known(relationships, activities),
        ties=tuple(map(tie_record, ties)),
        opportunities=tuple(map(opportunity_record, opportunities)),
        team=tuple(map(team_member_record, team)),
        account_team=tuple(
            account_team_record(row) for row in account_teams if _team_of(row)[1] == account_id
        ),
        team_accounts={tm: tuple(accs) for tm, accs in team_accounts.items()},
    )


def _known(relationships: list[Row], activities: list[Row]) -> tuple[KnownPerson, ...]:
    """Every pair with a relationship record or an activity, by (team member, person).
    ``activities`` come grouped by pair and sorted by (date, id) within it."""
    i, t, d = _ACT_ID, _ACT_TYPE, _ACT_DATE
    timelines: dict[tuple[str, str], tuple[Activity, ...]] = {
        pair: tuple([_new(Activity, (a[i], _from_iso(a[d]), ACTIVITY_TYPES[a[t]])) for a in rows])
        for pair, rows in groupby(activities, key=_pair)
    }
    records = {_rel_pair(r): r for r in relationships}
    known: list[KnownPerson] = []
    for pair in sorted(records.keys() | timelines.keys()):
        r = records.get(pair)
        record = RelationshipRecord(*pair) if r is None else relationship_record(r)
        known.append(_new(KnownPerson, (record, timelines.get(pair, ()))))
    return tuple(known)


# ------------------------------------------------------------------ other reads
def rows_by_id(conn: sqlite3.Connection, statement: str, ids: Iterable[str]) -> list[Row]:
    """The rows of ``statement`` (one of the ``SELECT_*_BY_ID``) for ``ids``."""
    rows: list[Row] = conn.execute(statement, (_ids(ids),)).fetchall()
    return rows


def largest_accounts(conn: sqlite3.Connection, limit: int) -> list[str]:
    return [r[0] for r in conn.execute(sql.SELECT_LARGEST_ACCOUNTS, (limit,))]


def accounts_of_team_member(conn: sqlite3.Connection, team_member_id: str) -> list[str]:
    return [r[0] for r in conn.execute(sql.SELECT_ACCOUNTS_OF_TEAM_MEMBER, (team_member_id,))]


def unit_parents(conn: sqlite3.Connection, account_id: str) -> dict[str, str | None]:
    return dict(conn.execute(sql.SELECT_UNIT_PARENTS, (account_id,)).fetchall())


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    (
        accounts,
        units,
        people,
        team_members,
        opportunities,
        current,
        past,
        person_managers,
        team_managers,
        account_teams,
        known_pairs,
        ties,
        activities,
    ) = conn.execute(sql.SELECT_COUNTS).fetchone()
    return {
        Namespace.ACCOUNT.value: accounts,
        Namespace.UNIT.value: units,
        Namespace.PERSON.value: people,
        Namespace.TEAM_MEMBER.value: team_members,
        Namespace.OPPORTUNITY.value: opportunities,
        RelType.PART_OF.value: units,
        RelType.WORKS_IN.value: people + current,
        RelType.WORKED_IN.value: past,
        RelType.REPORTS_TO.value: person_managers + team_managers,
        RelType.ON_TEAM.value: account_teams,
        RelType.KNOWS.value: known_pairs + ties,
        RelType.FOR.value: opportunities,
        "activity": activities,
    }
