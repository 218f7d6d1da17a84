"""Every SQL statement of the embedded store, as named constants.

One home for SQL, as the Neo4j store has one for Cypher: values always travel as
``?`` parameters, never spliced into the text. The column order of each SELECT and
upsert is the order of the row tuples the store keeps in memory, so a row read back
from SQLite compares equal to the row built from a record.

Reads go to SQLite one account at a time (:mod:`graph.embedded.reads`), through
the ``account_id`` indexes and the read path's indexes (:data:`READ_INDEXES`).
A load is planned by asking SQLite for just the batch's keys, inside the load's
own transaction (:mod:`graph.plan`, :mod:`graph.cascade`,
:mod:`graph.embedded.planner`): the tables carry their keys, the ``account_id``
indexes for per-account work and the indexes deletions look through, and no
foreign keys — the planner checks references once for a whole batch, where a
foreign key would cost a lookup per row.
"""

from __future__ import annotations

from typing import Final

from graph.schema import RecordKind
from graph.sql_tables import RECORD_TABLES as RECORD_TABLES  # the planner reads them here
from graph.sql_tables import RecordTable as RecordTable

SCHEMA_VERSION: Final = 4

# ------------------------------------------------------------------ connection set-up
PRAGMA_WAL: Final = "PRAGMA journal_mode=WAL"
PRAGMA_SYNCHRONOUS: Final = "PRAGMA synchronous=NORMAL"
PRAGMA_CACHE_SIZE: Final = "PRAGMA cache_size=-131072"  # KiB: 128 MiB of page cache for loads
PRAGMA_GET_USER_VERSION: Final = "PRAGMA user_version"
# PRAGMA takes no parameters; the value is the module constant above, never input.
PRAGMA_SET_USER_VERSION: Final = f"PRAGMA user_version={SCHEMA_VERSION}"

BEGIN_IMMEDIATE: Final = "BEGIN IMMEDIATE"
BEGIN_READ: Final = "BEGIN DEFERRED"
COMMIT: Final = "COMMIT"
ROLLBACK: Final = "ROLLBACK"
SELECT_ONE: Final = "SELECT 1"

# ------------------------------------------------------------------------------ schema
SCHEMA: Final[tuple[str, ...]] = (
    """CREATE TABLE IF NOT EXISTS meta (
        key TEXT PRIMARY KEY,
        value INTEGER NOT NULL
    ) WITHOUT ROWID""",
    "INSERT OR IGNORE INTO meta (key, value) VALUES ('revision', 0)",
    # The record tables and their indexes, derived from the record dataclasses.
    *(
        statement
        for table in RECORD_TABLES.values()
        for statement in (table.create_table, *table.create_indexes)
    ),
    # Schema 3 (issue 19): captured contacts, one row per (address, message or meeting
    # occurrence, team member) between our team and an address at a customer's domain
    # that matches no person. Kept out of memory: read per account, on demand.
    """CREATE TABLE IF NOT EXISTS captured_sightings (
        address TEXT NOT NULL,
        signal_id TEXT NOT NULL,
        team_member_id TEXT NOT NULL,
        account_id TEXT NOT NULL,
        type TEXT NOT NULL,
        date TEXT NOT NULL,
        PRIMARY KEY (address, signal_id, team_member_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS captured_sightings_account ON captured_sightings (account_id)",
)
# Version 3 -> 4 adds indexes only: CREATE ... IF NOT EXISTS in SCHEMA does it.
MIGRATE_3_TO_4: Final[tuple[str, ...]] = ()

# Version 1 -> 2: creation dates (DOMAIN.md "Time"), the account's own status and
# placeholder team members (FORMAT.md "Partial exports"). New columns only, so a
# version-1 store upgrades in place, in one transaction, the first time a writer opens it.
MIGRATE_1_TO_2: Final[tuple[str, ...]] = tuple(
    table.add_column(column)
    for table in RECORD_TABLES.values()
    for column in table.columns
    if column in table.added
)

# ------------------------------------------------------------------------- revision
SELECT_REVISION: Final = "SELECT value FROM meta WHERE key = 'revision'"
BUMP_REVISION: Final = "UPDATE meta SET value = value + 1 WHERE key = 'revision' RETURNING value"

# ------------------------------------------------------------------- full reads
_ALL: Final = {kind: table.select_all for kind, table in RECORD_TABLES.items()}
SELECT_ACCOUNTS: Final = _ALL[RecordKind.ACCOUNT]
SELECT_UNITS: Final = _ALL[RecordKind.UNIT]
SELECT_PEOPLE: Final = _ALL[RecordKind.PERSON]
SELECT_TEAM_MEMBERS: Final = _ALL[RecordKind.TEAM_MEMBER]
SELECT_ACCOUNT_TEAMS: Final = _ALL[RecordKind.ACCOUNT_TEAM]
SELECT_OPPORTUNITIES: Final = _ALL[RecordKind.OPPORTUNITY]


def _columns(kind: RecordKind, alias: str) -> str:
    """A record table's columns, in record order, prefixed with a join's alias."""
    return ", ".join(f"{alias}.{c}" for c in RECORD_TABLES[kind].columns)


# A table's own secondary indexes (not those SQLite makes for a key), to rebuild
# after a bulk insert.
SELECT_INDEXES_OF: Final = (
    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL"
)


def drop_index(name: str) -> str:
    """The statement dropping index ``name`` (a name read from sqlite_master)."""
    return 'DROP INDEX "' + name.replace('"', '""') + '"'


SELECT_UNIT_PLACE: Final = "SELECT account_id, parent_id FROM units WHERE id = ?"
CHECKPOINT: Final = "PRAGMA wal_checkpoint(TRUNCATE)"

# ---------------------------------------------------------------- captured contacts
# Schema 3 (issue 19): the captured_sightings table at the end of SCHEMA.
# Version 2 -> 3 adds a table only: CREATE ... IF NOT EXISTS in SCHEMA does it.
MIGRATE_2_TO_3: Final[tuple[str, ...]] = ()
INSERT_SIGHTING: Final = """
INSERT INTO captured_sightings (address, signal_id, team_member_id, account_id, type, date)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (address, signal_id, team_member_id) DO NOTHING"""
SELECT_SIGHTINGS_OF_ACCOUNT: Final = (
    "SELECT address, signal_id, team_member_id, account_id, type, date"
    " FROM captured_sightings WHERE account_id = ?"
)
# One parameter: a JSON array of addresses.
SELECT_SIGHTINGS_OF_ADDRESSES: Final = (
    "SELECT address, signal_id, team_member_id, account_id, type, date"
    " FROM captured_sightings WHERE address IN (SELECT value FROM json_each(?))"
    " ORDER BY address, date, signal_id, team_member_id"
)
DELETE_SIGHTINGS_OF_ADDRESS: Final = "DELETE FROM captured_sightings WHERE address = ?"
SELECT_SIGHTING_ADDRESSES: Final = "SELECT DISTINCT address FROM captured_sightings"

# ------------------------------------------------------------------- audit log
# Outside the versioned schema: created by the first load that records itself, so
# stores of every version take it, and reads of an older store find no table.
CREATE_LOAD_LOG: Final = (
    "CREATE TABLE IF NOT EXISTS load_log ("
    "seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, who TEXT NOT NULL, "
    "source TEXT NOT NULL, report TEXT NOT NULL)"
)
INSERT_LOAD: Final = "INSERT INTO load_log (at, who, source, report) VALUES (?, ?, ?, ?)"
HAS_LOAD_LOG: Final = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'load_log'"
SELECT_LOADS: Final = (
    "SELECT at, who, source, report FROM load_log ORDER BY seq DESC LIMIT ? OFFSET ?"
)
COUNT_LOADS: Final = "SELECT count(*) FROM load_log"

# ------------------------------------------------------------- the read path
# Issue 14: reads go to SQLite, one account at a time, by index. These indexes let
# an account's relationships and activities be found from its people; created with
# the schema, and added to an older store the first time a writer opens it.
READ_INDEXES: Final[tuple[str, ...]] = (
    "CREATE INDEX IF NOT EXISTS relationships_person ON relationships (person_id)",
    # Covering, in the order a pair's timeline wants (date, id): an account's
    # activities come out of the index already grouped and sorted.
    "CREATE INDEX IF NOT EXISTS activities_person"
    " ON activities (person_id, team_member_id, date, id, type)",
)
READ_INDEX_NAMES: Final = ("relationships_person", "activities_person")
# One parameter: a JSON array of index names; the ones the store already has.
SELECT_INDEXES_PRESENT: Final = (
    "SELECT name FROM sqlite_master WHERE type = 'index'"
    " AND name IN (SELECT value FROM json_each(?))"
)

# One account (?1: its id), read in one read transaction. The joins walk its people
# in id order (the people_account index), so "ORDER BY p.id, ..." costs no sort.
SELECT_ACCOUNT: Final = f"{SELECT_ACCOUNTS} WHERE id = ?"
SELECT_UNITS_OF_ACCOUNT: Final = f"{SELECT_UNITS} WHERE account_id = ? ORDER BY id"
SELECT_PEOPLE_OF_ACCOUNT: Final = f"{SELECT_PEOPLE} WHERE account_id = ? ORDER BY id"
SELECT_OPPORTUNITIES_OF_ACCOUNT: Final = f"{SELECT_OPPORTUNITIES} WHERE account_id = ? ORDER BY id"
SELECT_EMPLOYMENTS_OF_ACCOUNT: Final = f"""
SELECT {_columns(RecordKind.EMPLOYMENT, "e")}
FROM people AS p JOIN employments AS e ON e.person_id = p.id
WHERE p.account_id = ?
ORDER BY p.id, e.unit_id, e.from_date"""  # noqa: S608
SELECT_RELATIONSHIPS_OF_ACCOUNT: Final = f"""
SELECT {_columns(RecordKind.RELATIONSHIP, "r")}
FROM people AS p JOIN relationships AS r ON r.person_id = p.id
WHERE p.account_id = ?"""  # noqa: S608
SELECT_ACTIVITIES_OF_ACCOUNT: Final = f"""
SELECT {_columns(RecordKind.ACTIVITY, "a")}
FROM people AS p JOIN activities AS a ON a.person_id = p.id
WHERE p.account_id = ?
ORDER BY p.id, a.team_member_id, a.date, a.id"""  # noqa: S608
# A tie is stored once, under its ordered pair: both people must be of the account.
SELECT_TIES_OF_ACCOUNT: Final = f"""
SELECT {_columns(RecordKind.PERSON_TIE, "t")}
FROM people AS p
JOIN person_ties AS t ON t.person_id = p.id
JOIN people AS q ON q.id = t.other_person_id
WHERE p.account_id = ?1 AND q.account_id = ?1
ORDER BY p.id, t.other_person_id"""  # noqa: S608
SELECT_TEAM: Final = f"{SELECT_TEAM_MEMBERS} ORDER BY id"
SELECT_ALL_ACCOUNT_TEAMS: Final = f"{SELECT_ACCOUNT_TEAMS} ORDER BY team_member_id, account_id"

# Lookups by id (one parameter: a JSON array of ids).
_BY_IDS: Final = " WHERE id IN (SELECT value FROM json_each(?))"
SELECT_ACCOUNTS_BY_ID: Final = SELECT_ACCOUNTS + _BY_IDS
SELECT_UNITS_BY_ID: Final = SELECT_UNITS + _BY_IDS
SELECT_PEOPLE_BY_ID: Final = SELECT_PEOPLE + _BY_IDS
SELECT_TEAM_MEMBERS_BY_ID: Final = SELECT_TEAM_MEMBERS + _BY_IDS
SELECT_ACCOUNTS_ORDERED: Final = f"{SELECT_ACCOUNTS} ORDER BY id"
SELECT_UNIT_PARENTS: Final = "SELECT id, parent_id FROM units WHERE account_id = ?"
# Every account takes part, with 0 people when it has none; ties by id.
SELECT_LARGEST_ACCOUNTS: Final = """
SELECT a.id FROM accounts AS a
ORDER BY (SELECT count(*) FROM people AS p WHERE p.account_id = a.id) DESC, a.id
LIMIT ?"""
# ?1: the team member. On the account's team, or knowing one of its people.
SELECT_ACCOUNTS_OF_TEAM_MEMBER: Final = """
SELECT account_id FROM account_teams WHERE team_member_id = ?1
UNION
SELECT p.account_id FROM relationships AS r JOIN people AS p ON p.id = r.person_id
WHERE r.team_member_id = ?1
UNION
SELECT p.account_id FROM activities AS a JOIN people AS p ON p.id = a.person_id
WHERE a.team_member_id = ?1
ORDER BY 1"""
# The store's totals, in the keys of GraphStore.counts (one row).
SELECT_COUNTS: Final = """
SELECT
  (SELECT count(*) FROM accounts),
  (SELECT count(*) FROM units),
  (SELECT count(*) FROM people),
  (SELECT count(*) FROM team_members),
  (SELECT count(*) FROM opportunities),
  (SELECT count(*) FROM employments WHERE current = 1),
  (SELECT count(*) FROM employments WHERE current = 0),
  (SELECT count(*) FROM people WHERE manager_id IS NOT NULL),
  (SELECT count(*) FROM team_members WHERE manager_id IS NOT NULL),
  (SELECT count(*) FROM account_teams),
  (SELECT count(*) FROM (SELECT team_member_id, person_id FROM relationships
                         UNION SELECT team_member_id, person_id FROM activities)),
  (SELECT count(*) FROM person_ties),
  (SELECT count(*) FROM activities)"""

# Mail ingest's e-mail directory (graph.captured.EmailDirectory): every address
# on record, by id, read when a mailbox is loaded.
SELECT_TEAM_EMAILS: Final = (
    "SELECT id, email FROM team_members WHERE email IS NOT NULL AND email != '' ORDER BY id"
)
SELECT_PEOPLE_EMAILS: Final = (
    "SELECT id, account_id, email FROM people WHERE email IS NOT NULL AND email != '' ORDER BY id"
)
