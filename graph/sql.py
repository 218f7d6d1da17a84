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

from dataclasses import dataclass, fields
from typing import Final

from graph.schema import (
    AccountRecord,
    AccountTeamRecord,
    ActivityRecord,
    EmploymentRecord,
    OpportunityRecord,
    PersonRecord,
    PersonTieRecord,
    RecordKind,
    RelationshipRecord,
    TeamMemberRecord,
    UnitRecord,
)

SCHEMA_VERSION: Final = 4

# ------------------------------------------------------------------ connection set-up
PRAGMA_WAL: Final = "PRAGMA journal_mode=WAL"
PRAGMA_SYNCHRONOUS: Final = "PRAGMA synchronous=NORMAL"
PRAGMA_CACHE_SIZE: Final = "PRAGMA cache_size=-131072"  # KiB: 128 MiB of page cache for loads
PRAGMA_DATA_VERSION: Final = "PRAGMA data_version"
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
    """CREATE TABLE IF NOT EXISTS accounts (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        industry TEXT,
        country TEXT,
        tier TEXT,
        status TEXT NOT NULL DEFAULT 'prospect',
        created_on TEXT
    ) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS units (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        parent_id TEXT,
        status TEXT NOT NULL,
        headcount INTEGER,
        revenue REAL,
        created_on TEXT
    ) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS units_account ON units (account_id)",
    """CREATE TABLE IF NOT EXISTS people (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        name TEXT NOT NULL,
        unit_id TEXT,
        title TEXT,
        seniority TEXT NOT NULL,
        buying_role TEXT,
        manager_id TEXT,
        email TEXT,
        left_on TEXT,
        created_on TEXT
    ) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS people_account ON people (account_id)",
    """CREATE TABLE IF NOT EXISTS team_members (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        email TEXT,
        role TEXT,
        manager_id TEXT,
        active INTEGER NOT NULL,
        placeholder INTEGER NOT NULL DEFAULT 0,
        created_on TEXT
    ) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS account_teams (
        team_member_id TEXT NOT NULL,
        account_id TEXT NOT NULL,
        role TEXT,
        PRIMARY KEY (team_member_id, account_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS account_teams_account ON account_teams (account_id)",
    """CREATE TABLE IF NOT EXISTS relationships (
        team_member_id TEXT NOT NULL,
        person_id TEXT NOT NULL,
        strength REAL,
        last_contact TEXT,
        touches INTEGER,
        source TEXT,
        created_on TEXT,
        PRIMARY KEY (team_member_id, person_id)
    ) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS activities (
        id TEXT PRIMARY KEY,
        team_member_id TEXT NOT NULL,
        person_id TEXT NOT NULL,
        type TEXT NOT NULL,
        date TEXT NOT NULL
    ) WITHOUT ROWID""",
    # A tie is stored once, under its ordered pair (person_id < other_person_id).
    """CREATE TABLE IF NOT EXISTS person_ties (
        person_id TEXT NOT NULL,
        other_person_id TEXT NOT NULL,
        strength REAL NOT NULL,
        kind TEXT NOT NULL,
        created_on TEXT,
        PRIMARY KEY (person_id, other_person_id),
        CHECK (person_id < other_person_id)
    ) WITHOUT ROWID""",
    # from_date '' stands for "unknown": a key column cannot be NULL. unit_id names a
    # unit, or an account when at_account is 1.
    """CREATE TABLE IF NOT EXISTS employments (
        person_id TEXT NOT NULL,
        unit_id TEXT NOT NULL,
        from_date TEXT NOT NULL,
        until_date TEXT,
        current INTEGER NOT NULL,
        at_account INTEGER NOT NULL,
        PRIMARY KEY (person_id, unit_id, from_date)
    ) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS opportunities (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        unit_id TEXT,
        stage TEXT,
        won INTEGER NOT NULL,
        closed INTEGER NOT NULL,
        amount REAL,
        close_date TEXT
    ) WITHOUT ROWID""",
    "CREATE INDEX IF NOT EXISTS opportunities_account ON opportunities (account_id)",
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
    # Schema 4 (issue 14): the write path asks SQLite, not a copy in memory: what a
    # deletion takes with it is found through these (the keys' leading columns and
    # the account_id indexes cover the rest; a team member's activities, looked for
    # only when one is deleted, are found by a scan rather than an index that
    # every load of the largest table would have to build).
    *(
        f"CREATE INDEX IF NOT EXISTS {name} ON {on}"
        for name, on in (
            ("units_parent", "units (parent_id)"),
            ("people_unit", "people (unit_id)"),
            ("people_manager", "people (manager_id)"),
            ("team_members_manager", "team_members (manager_id)"),
            ("relationships_person", "relationships (person_id)"),
            # Covering for the read path too (READ_INDEXES): a pair's timeline
            # comes out of it grouped and sorted by (date, id).
            ("activities_person", "activities (person_id, team_member_id, date, id, type)"),
            ("person_ties_other", "person_ties (other_person_id)"),
            ("employments_place", "employments (unit_id, at_account)"),
            ("opportunities_unit", "opportunities (unit_id)"),
        )
    ),
)
# Version 3 -> 4 adds indexes only: CREATE ... IF NOT EXISTS in SCHEMA does it.
MIGRATE_3_TO_4: Final[tuple[str, ...]] = ()

# Version 1 -> 2: creation dates (DOMAIN.md "Time"), the account's own status and
# placeholder team members (FORMAT.md "Partial exports"). New columns only, so a
# version-1 store upgrades in place, in one transaction, the first time a writer opens it.
MIGRATE_1_TO_2: Final[tuple[str, ...]] = (
    "ALTER TABLE accounts ADD COLUMN status TEXT NOT NULL DEFAULT 'prospect'",
    "ALTER TABLE accounts ADD COLUMN created_on TEXT",
    "ALTER TABLE units ADD COLUMN created_on TEXT",
    "ALTER TABLE people ADD COLUMN created_on TEXT",
    "ALTER TABLE team_members ADD COLUMN placeholder INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE team_members ADD COLUMN created_on TEXT",
    "ALTER TABLE relationships ADD COLUMN created_on TEXT",
    "ALTER TABLE person_ties ADD COLUMN created_on TEXT",
)

# ------------------------------------------------------------------------- revision
SELECT_REVISION: Final = "SELECT value FROM meta WHERE key = 'revision'"
BUMP_REVISION: Final = "UPDATE meta SET value = value + 1 WHERE key = 'revision' RETURNING value"

# ------------------------------------------------------------------- full reads
SELECT_ACCOUNTS: Final = (
    "SELECT id, name, industry, country, tier, status, created_on FROM accounts"
)
SELECT_UNITS: Final = (
    "SELECT id, account_id, kind, name, parent_id, status, headcount, revenue, created_on"
    " FROM units"
)
SELECT_PEOPLE: Final = (
    "SELECT id, account_id, name, unit_id, title, seniority, buying_role, manager_id, email,"
    " left_on, created_on FROM people"
)
SELECT_TEAM_MEMBERS: Final = (
    "SELECT id, name, email, role, manager_id, active, placeholder, created_on FROM team_members"
)
SELECT_ACCOUNT_TEAMS: Final = "SELECT team_member_id, account_id, role FROM account_teams"
SELECT_RELATIONSHIPS: Final = (
    "SELECT team_member_id, person_id, strength, last_contact, touches, source, created_on"
    " FROM relationships"
)
SELECT_ACTIVITIES: Final = "SELECT id, team_member_id, person_id, type, date FROM activities"
SELECT_PERSON_TIES: Final = (
    "SELECT person_id, other_person_id, strength, kind, created_on FROM person_ties"
)
SELECT_EMPLOYMENTS: Final = (
    "SELECT person_id, unit_id, from_date, until_date, current, at_account FROM employments"
)
SELECT_OPPORTUNITIES: Final = (
    "SELECT id, account_id, unit_id, stage, won, closed, amount, close_date FROM opportunities"
)

# ------------------------------------------------------------- per-record tables
# The columns of each record table are the fields of its record dataclass, in order
# (graph.embedded.rows builds rows in that order), so the statements the planner
# runs are derived from the dataclasses: a new field touches the record, not here.
# Table and column names come from these definitions only, never from input.


@dataclass(frozen=True, slots=True)
class RecordTable:
    """The statements of one record table."""

    name: str
    columns: tuple[str, ...]
    key: tuple[str, ...]

    @property
    def select_by_keys(self) -> str:
        """Stored rows whose key is in a JSON array (one parameter) of keys (an
        array of arrays for a key of several columns)."""
        cols = ", ".join(self.columns)
        if len(self.key) == 1:
            keys = "SELECT value FROM json_each(?)"
            return f"SELECT {cols} FROM {self.name} WHERE {self.key[0]} IN ({keys})"  # noqa: S608
        picked = ", ".join(f"value ->> {i}" for i in range(len(self.key)))
        return (
            f"SELECT {cols} FROM {self.name} WHERE ({', '.join(self.key)}) IN "  # noqa: S608
            f"(SELECT {picked} FROM json_each(?))"
        )

    @property
    def select_ids(self) -> str:
        """Ids in a JSON array (one parameter) that the table holds."""
        return f"SELECT id FROM {self.name} WHERE id IN (SELECT value FROM json_each(?))"  # noqa: S608

    @property
    def any_row(self) -> str:
        return f"SELECT 1 FROM {self.name} LIMIT 1"  # noqa: S608

    @property
    def insert(self) -> str:
        marks = ", ".join("?" for _ in self.columns)
        return f"INSERT INTO {self.name} ({', '.join(self.columns)}) VALUES ({marks})"  # noqa: S608

    @property
    def upsert(self) -> str:
        rest = [c for c in self.columns if c not in self.key]
        updates = ", ".join(f"{c} = excluded.{c}" for c in rest)
        return f"{self.insert} ON CONFLICT ({', '.join(self.key)}) DO UPDATE SET {updates}"

    @property
    def insert_new(self) -> str:
        return f"{self.insert} ON CONFLICT ({', '.join(self.key)}) DO NOTHING"

    def column(self, name: str) -> str:
        """``name`` if it is one of this table's columns (a guard: only column
        names from the record dataclasses ever reach the statement text)."""
        if name not in self.columns:
            raise ValueError(f"the table {self.name} has no column {name!r}")
        return name

    def exists(self) -> str:
        return f"SELECT 1 FROM {self.name} WHERE id = ?"  # noqa: S608

    def ids_where(self, name: str) -> str:
        return f"SELECT id FROM {self.name} WHERE {self.column(name)} = ?"  # noqa: S608

    def rows_where(self, names: tuple[str, ...]) -> str:
        cols = ", ".join(self.columns)
        return f"SELECT {cols} FROM {self.name} WHERE {self._where(names)}"  # noqa: S608

    def set_where(self, name: str) -> str:
        column = self.column(name)
        return f"UPDATE {self.name} SET {column} = ? WHERE {column} = ?"  # noqa: S608

    def delete_where(self, names: tuple[str, ...]) -> str:
        return f"DELETE FROM {self.name} WHERE {self._where(names)}"  # noqa: S608

    def _where(self, names: tuple[str, ...]) -> str:
        return " AND ".join(f"{self.column(n)} = ?" for n in names)


def _table(name: str, record: type, key: tuple[str, ...]) -> RecordTable:
    return RecordTable(name, tuple(f.name for f in fields(record)), key)


RECORD_TABLES: Final[dict[RecordKind, RecordTable]] = {
    RecordKind.ACCOUNT: _table("accounts", AccountRecord, ("id",)),
    RecordKind.UNIT: _table("units", UnitRecord, ("id",)),
    RecordKind.PERSON: _table("people", PersonRecord, ("id",)),
    RecordKind.TEAM_MEMBER: _table("team_members", TeamMemberRecord, ("id",)),
    RecordKind.ACCOUNT_TEAM: _table(
        "account_teams", AccountTeamRecord, ("team_member_id", "account_id")
    ),
    RecordKind.RELATIONSHIP: _table(
        "relationships", RelationshipRecord, ("team_member_id", "person_id")
    ),
    RecordKind.ACTIVITY: _table("activities", ActivityRecord, ("id",)),
    RecordKind.PERSON_TIE: _table("person_ties", PersonTieRecord, ("person_id", "other_person_id")),
    RecordKind.EMPLOYMENT: _table(
        "employments", EmploymentRecord, ("person_id", "unit_id", "from_date")
    ),
    RecordKind.OPPORTUNITY: _table("opportunities", OpportunityRecord, ("id",)),
}
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
SELECT_EMPLOYMENTS_OF_ACCOUNT: Final = """
SELECT e.person_id, e.unit_id, e.from_date, e.until_date, e.current, e.at_account
FROM people AS p JOIN employments AS e ON e.person_id = p.id
WHERE p.account_id = ?
ORDER BY p.id, e.unit_id, e.from_date"""
SELECT_RELATIONSHIPS_OF_ACCOUNT: Final = """
SELECT r.team_member_id, r.person_id, r.strength, r.last_contact, r.touches, r.source,
       r.created_on
FROM people AS p JOIN relationships AS r ON r.person_id = p.id
WHERE p.account_id = ?"""
SELECT_ACTIVITIES_OF_ACCOUNT: Final = """
SELECT a.id, a.team_member_id, a.person_id, a.type, a.date
FROM people AS p JOIN activities AS a ON a.person_id = p.id
WHERE p.account_id = ?
ORDER BY p.id, a.team_member_id, a.date, a.id"""
# A tie is stored once, under its ordered pair: both people must be of the account.
SELECT_TIES_OF_ACCOUNT: Final = """
SELECT t.person_id, t.other_person_id, t.strength, t.kind, t.created_on
FROM people AS p
JOIN person_ties AS t ON t.person_id = p.id
JOIN people AS q ON q.id = t.other_person_id
WHERE p.account_id = ?1 AND q.account_id = ?1
ORDER BY p.id, t.other_person_id"""
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
