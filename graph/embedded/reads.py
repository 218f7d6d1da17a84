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
    NO_DATE,
    TIE_KINDS,
    Row,
    account_record,
    date_of,
    person_record,
    team_member_record,
    unit_record,
)
from graph.gc_pause import collector_paused
from graph.schema import (
    AccountTeamRecord,
    Activity,
    EmploymentRecord,
    Namespace,
    OpportunityRecord,
    PersonTieRecord,
    RelationshipRecord,
    RelType,
)

_from_iso: Final = dt.date.fromisoformat
# A named tuple made without its Python-level __new__: a third faster, and the
# largest accounts read tens of thousands of activities.
_new: Final = tuple.__new__
# An activity row's (team member, person).
_pair: Final = itemgetter(1, 2)


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
    unit_ids = {u[0] for u in units}
    team_accounts: dict[str, list[str]] = defaultdict(list)
    for tm, acc, _ in account_teams:
        team_accounts[tm].append(acc)  # ordered by the statement
    return AccountData(
        account=account_record(account),
        units=tuple(map(unit_record, units)),
        people=tuple(map(person_record, people)),
        positions=tuple(
            _employment(e)
            for e in employments
            if (e[1] == account_id if e[5] else e[1] in unit_ids)
        ),
        relationships=_known(relationships, activities),
        ties=tuple(_tie(t) for t in ties),
        opportunities=tuple(map(_opportunity, opportunities)),
        team=tuple(map(team_member_record, team)),
        account_team=tuple(
            AccountTeamRecord(tm, acc, role) for tm, acc, role in account_teams if acc == account_id
        ),
        team_accounts={tm: tuple(accs) for tm, accs in team_accounts.items()},
    )


def _known(relationships: list[Row], activities: list[Row]) -> tuple[KnownPerson, ...]:
    """Every pair with a relationship record or an activity, by (team member, person).
    ``activities`` come grouped by pair and sorted by (date, id) within it."""
    timelines: dict[tuple[str, str], tuple[Activity, ...]] = {
        pair: tuple([_new(Activity, (a[0], _from_iso(a[4]), ACTIVITY_TYPES[a[3]])) for a in rows])
        for pair, rows in groupby(activities, key=_pair)
    }
    records = {(r[0], r[1]): r for r in relationships}
    known: list[KnownPerson] = []
    for pair in sorted(records.keys() | timelines.keys()):
        r = records.get(pair)
        record = (
            RelationshipRecord(*pair)
            if r is None
            else RelationshipRecord(r[0], r[1], r[2], date_of(r[3]), r[4], r[5], date_of(r[6]))
        )
        known.append(KnownPerson(record, timelines.get(pair, ())))
    return tuple(known)


def _employment(row: Row) -> EmploymentRecord:
    person_id, place, from_date, until_date, current, at_account = row
    return EmploymentRecord(
        person_id,
        place,
        None if from_date == NO_DATE else date_of(from_date),
        date_of(until_date),
        bool(current),
        bool(at_account),
    )


def _tie(row: Row) -> PersonTieRecord:
    a, b, strength, kind, created_on = row
    return PersonTieRecord(a, b, strength, TIE_KINDS[kind], date_of(created_on))


def _opportunity(row: Row) -> OpportunityRecord:
    id_, account_id, unit_id, stage, won, closed, amount, close_date = row
    return OpportunityRecord(
        id_, account_id, unit_id, stage, bool(won), bool(closed), amount, date_of(close_date)
    )


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
