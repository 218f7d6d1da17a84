"""Every SQL statement of the embedded store, as named constants.

One home for SQL, as the Neo4j store has one for Cypher: values always travel as
``?`` parameters, never spliced into the text. The column order of each SELECT and
upsert is the order of the row tuples the store keeps in memory, so a row read back
from SQLite compares equal to the row built from a record.

Reads go to SQLite one account at a time (:mod:`graph.embedded.reads`), through
the ``account_id`` indexes and the read path's indexes (:data:`READ_INDEXES`).
References are checked by the write planner before anything is written (see
:mod:`graph.embedded.planner`), so the tables carry no foreign keys, whose checks
would cost a lookup per row on every load.
"""

from __future__ import annotations

from typing import Final

SCHEMA_VERSION: Final = 3

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
    # The read path's indexes (READ_INDEXES, below).
    "CREATE INDEX IF NOT EXISTS relationships_person ON relationships (person_id)",
    "CREATE INDEX IF NOT EXISTS activities_person"
    " ON activities (person_id, team_member_id, date, id, type)",
)

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

# ------------------------------------------------------------------------- inserts
# Rows the store does not hold yet: a plain INSERT costs a third less than an upsert.
INSERT_ACCOUNT: Final = (
    "INSERT INTO accounts (id, name, industry, country, tier, status, created_on)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)"
)
INSERT_UNIT: Final = """
INSERT INTO units (id, account_id, kind, name, parent_id, status, headcount, revenue,
                   created_on)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"""
INSERT_PERSON: Final = """
INSERT INTO people (id, account_id, name, unit_id, title, seniority, buying_role, manager_id,
                    email, left_on, created_on)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""
INSERT_TEAM_MEMBER: Final = """
INSERT INTO team_members (id, name, email, role, manager_id, active, placeholder, created_on)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)"""
INSERT_ACCOUNT_TEAM: Final = """
INSERT INTO account_teams (team_member_id, account_id, role) VALUES (?, ?, ?)"""
INSERT_RELATIONSHIP: Final = """
INSERT INTO relationships (team_member_id, person_id, strength, last_contact, touches, source,
                           created_on)
VALUES (?, ?, ?, ?, ?, ?, ?)"""
INSERT_ACTIVITY: Final = """
INSERT INTO activities (id, team_member_id, person_id, type, date) VALUES (?, ?, ?, ?, ?)"""
INSERT_PERSON_TIE: Final = """
INSERT INTO person_ties (person_id, other_person_id, strength, kind, created_on)
VALUES (?, ?, ?, ?, ?)"""
INSERT_EMPLOYMENT: Final = """
INSERT INTO employments (person_id, unit_id, from_date, until_date, current, at_account)
VALUES (?, ?, ?, ?, ?, ?)"""
INSERT_OPPORTUNITY: Final = """
INSERT INTO opportunities (id, account_id, unit_id, stage, won, closed, amount, close_date)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)"""

# ------------------------------------------------------------------------- upserts
UPSERT_ACCOUNT: Final = """
INSERT INTO accounts (id, name, industry, country, tier, status, created_on)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
    name = excluded.name, industry = excluded.industry, country = excluded.country,
    tier = excluded.tier, status = excluded.status, created_on = excluded.created_on"""
UPSERT_UNIT: Final = """
INSERT INTO units (id, account_id, kind, name, parent_id, status, headcount, revenue,
                   created_on)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
    account_id = excluded.account_id, kind = excluded.kind, name = excluded.name,
    parent_id = excluded.parent_id, status = excluded.status,
    headcount = excluded.headcount, revenue = excluded.revenue,
    created_on = excluded.created_on"""
UPSERT_PERSON: Final = """
INSERT INTO people (id, account_id, name, unit_id, title, seniority, buying_role, manager_id,
                    email, left_on, created_on)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
    account_id = excluded.account_id, name = excluded.name, unit_id = excluded.unit_id,
    title = excluded.title, seniority = excluded.seniority,
    buying_role = excluded.buying_role, manager_id = excluded.manager_id,
    email = excluded.email, left_on = excluded.left_on, created_on = excluded.created_on"""
UPSERT_TEAM_MEMBER: Final = """
INSERT INTO team_members (id, name, email, role, manager_id, active, placeholder, created_on)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
    name = excluded.name, email = excluded.email, role = excluded.role,
    manager_id = excluded.manager_id, active = excluded.active,
    placeholder = excluded.placeholder, created_on = excluded.created_on"""
UPSERT_ACCOUNT_TEAM: Final = """
INSERT INTO account_teams (team_member_id, account_id, role) VALUES (?, ?, ?)
ON CONFLICT (team_member_id, account_id) DO UPDATE SET role = excluded.role"""
UPSERT_RELATIONSHIP: Final = """
INSERT INTO relationships (team_member_id, person_id, strength, last_contact, touches, source,
                           created_on)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (team_member_id, person_id) DO UPDATE SET
    strength = excluded.strength, last_contact = excluded.last_contact,
    touches = excluded.touches, source = excluded.source, created_on = excluded.created_on"""
UPSERT_ACTIVITY: Final = """
INSERT INTO activities (id, team_member_id, person_id, type, date) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
    team_member_id = excluded.team_member_id, person_id = excluded.person_id,
    type = excluded.type, date = excluded.date"""
UPSERT_PERSON_TIE: Final = """
INSERT INTO person_ties (person_id, other_person_id, strength, kind, created_on)
VALUES (?, ?, ?, ?, ?)
ON CONFLICT (person_id, other_person_id) DO UPDATE SET
    strength = excluded.strength, kind = excluded.kind, created_on = excluded.created_on"""
UPSERT_EMPLOYMENT: Final = """
INSERT INTO employments (person_id, unit_id, from_date, until_date, current, at_account)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (person_id, unit_id, from_date) DO UPDATE SET
    until_date = excluded.until_date, current = excluded.current,
    at_account = excluded.at_account"""
UPSERT_OPPORTUNITY: Final = """
INSERT INTO opportunities (id, account_id, unit_id, stage, won, closed, amount, close_date)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
    account_id = excluded.account_id, unit_id = excluded.unit_id, stage = excluded.stage,
    won = excluded.won, closed = excluded.closed, amount = excluded.amount,
    close_date = excluded.close_date"""

# ------------------------------------------------------------------------ deletions
# The planner works out in memory what a deletion takes with it; SQLite removes
# exactly those rows by key.
DELETE_ACCOUNT: Final = "DELETE FROM accounts WHERE id = ?"
DELETE_UNIT: Final = "DELETE FROM units WHERE id = ?"
DELETE_PERSON: Final = "DELETE FROM people WHERE id = ?"
DELETE_TEAM_MEMBER: Final = "DELETE FROM team_members WHERE id = ?"
DELETE_ACCOUNT_TEAM: Final = "DELETE FROM account_teams WHERE team_member_id = ? AND account_id = ?"
DELETE_RELATIONSHIP: Final = "DELETE FROM relationships WHERE team_member_id = ? AND person_id = ?"
DELETE_ACTIVITY: Final = "DELETE FROM activities WHERE id = ?"
DELETE_PERSON_TIE: Final = "DELETE FROM person_ties WHERE person_id = ? AND other_person_id = ?"
DELETE_EMPLOYMENT: Final = (
    "DELETE FROM employments WHERE person_id = ? AND unit_id = ? AND from_date = ?"
)
DELETE_OPPORTUNITY: Final = "DELETE FROM opportunities WHERE id = ?"

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
