"""The embedded store's search index: an SQLite FTS5 table kept in step with the
record tables by triggers (see :mod:`graph.search` for what a search answers).

Why triggers: every write path (the planner's inserts and upserts, deletions and
their cascades, a future migration's copies) changes the base tables through SQL,
and a trigger sees them all inside the same transaction, so the index can never
lag a commit. The record tables are ``WITHOUT ROWID``, which an external-content
FTS5 table cannot follow; the index therefore stores its own copy of the searched
text, under a rowid handed out by ``search_keys`` (one per record), so an update or
a delete reaches its index row by rowid instead of scanning the index.

The statements are created idempotently each time a writer opens the file
(:func:`ensure_index`), independent of the schema version: the index is rebuilt
from the tables whenever its size disagrees with theirs (a new index on an old
store, or tables another version copied without their triggers). That count is
taken only when an object is missing or the index was not marked checked at the
store's current revision (a trigger marks it at every revision written while the
index's triggers exist), so an open does not scan every table.

The tokenizer folds case and accents (``unicode61 remove_diacritics 2``); the few
letters it keeps (``ł``, ``ø``, ``ß``...) are replaced in the indexed text as
:func:`graph.search.fold` replaces them in a query. Values reach SQL only as
parameters; a query is reduced to plain words before it becomes an FTS5 MATCH.
"""

# The statements are built at import from the table specs below: every piece put
# into their text is a constant of this module (table, column, kind names), never
# a value from a caller, which always travels as a parameter.
# ruff: noqa: S608

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from graph.errors import StoreUnavailableError
from graph.schema import Namespace
from graph.search import EXTRA_FOLDS, SearchKey, words


@dataclass(frozen=True, slots=True)
class _Source:
    """How one record table feeds the index: SQL expressions over its row."""

    table: str
    namespace: Namespace
    title: str
    email: str
    account_id: str


_SOURCES: Final = (
    _Source("accounts", Namespace.ACCOUNT, "industry", "NULL", "id"),
    _Source("units", Namespace.UNIT, "kind", "NULL", "account_id"),
    _Source("people", Namespace.PERSON, "title", "email", "account_id"),
    _Source("team_members", Namespace.TEAM_MEMBER, "role", "email", "NULL"),
)


def _folded(expr: str) -> str:
    """``expr`` with the letters unicode61 keeps replaced (both cases), as SQL."""
    for source, target in EXTRA_FOLDS.items():
        letter = chr(source)
        assert isinstance(target, str)
        # A list, not a set: a set's order follows the hash seed, and the trigger
        # text (stored in sqlite_master) must be the same in every process.
        pairs = [(letter, target), (letter.upper(), target.upper())]
        for a, b in dict.fromkeys(pairs):
            if a != b and len(a) == 1:
                expr = f"replace({expr}, '{a}', '{b}')"
    return expr


def _with(row: str, column: str) -> str:
    return "NULL" if column == "NULL" else f"{row}.{column}"


def _index_values(s: _Source, row: str) -> str:
    """The index columns of the record ``row`` (after the rowid ``k.id``)."""
    return (
        f"{_folded(f'{row}.name')}, {_folded(_with(row, s.title))}, "
        f"{_folded(_with(row, s.email))}, {row}.id, '{s.namespace.value}', {row}.id, "
        f"{_with(row, s.account_id)}"
    )


def _index_row(s: _Source) -> str:
    """SELECT the index row of the record ``new`` in a trigger."""
    return (
        f"SELECT k.id, {_index_values(s, 'new')} FROM search_keys k "
        f"WHERE k.kind = '{s.namespace.value}' AND k.key = new.id"
    )


_COLUMNS: Final = "rowid, name, title, email, ident, kind, key, account_id"


def _drop_entry(s: _Source, row: str) -> str:
    return (
        "DELETE FROM search_index WHERE rowid = (SELECT id FROM search_keys "
        f"WHERE kind = '{s.namespace.value}' AND key = {row}.id);"
        f" DELETE FROM search_keys WHERE kind = '{s.namespace.value}' AND key = {row}.id;"
    )


def _add_entry(s: _Source) -> str:
    return (
        f"INSERT OR IGNORE INTO search_keys (kind, key) VALUES ('{s.namespace.value}', new.id);"
        " DELETE FROM search_index WHERE rowid = (SELECT id FROM search_keys "
        f"WHERE kind = '{s.namespace.value}' AND key = new.id);"
        f" INSERT INTO search_index ({_COLUMNS}) {_index_row(s)};"
    )


def _triggers(s: _Source) -> tuple[str, ...]:
    searched = ", ".join(
        c for c in ("id", "name", s.title, s.email, s.account_id) if c not in ("NULL",)
    )
    name = f"search_{s.table}"
    return (
        f"CREATE TRIGGER IF NOT EXISTS {name}_insert AFTER INSERT ON {s.table} "
        f"BEGIN {_add_entry(s)} END",
        f"CREATE TRIGGER IF NOT EXISTS {name}_update AFTER UPDATE OF {searched} ON {s.table} "
        f"BEGIN {_drop_entry(s, 'old')} {_add_entry(s)} END",
        f"CREATE TRIGGER IF NOT EXISTS {name}_delete AFTER DELETE ON {s.table} "
        f"BEGIN {_drop_entry(s, 'old')} END",
    )


CREATE_INDEX: Final[tuple[str, ...]] = (
    """CREATE TABLE IF NOT EXISTS search_keys (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        UNIQUE (kind, key)
    )""",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_index USING fts5("
    "name, title, email, ident, kind UNINDEXED, key UNINDEXED, account_id UNINDEXED, "
    "tokenize = 'unicode61 remove_diacritics 2')",
    *(t for s in _SOURCES for t in _triggers(s)),
    # Every revision written while the triggers above exist leaves the index in step
    # (they run in the writer's transaction, whichever program writes), so the index
    # is marked checked at that revision: opening the store then needs no count of
    # every record (a full scan of each table, 0.4 s and 50 MiB of pages at L).
    "CREATE TRIGGER IF NOT EXISTS search_checked AFTER UPDATE OF value ON meta "
    "WHEN NEW.key = 'revision' BEGIN "
    "INSERT OR REPLACE INTO meta (key, value) VALUES ('search_checked', NEW.value); END",
)

COUNT_INDEXED: Final = "SELECT count(*) FROM search_keys"
COUNT_RECORDS: Final = "SELECT " + " + ".join(f"(SELECT count(*) FROM {s.table})" for s in _SOURCES)
REBUILD: Final[tuple[str, ...]] = (
    "DELETE FROM search_index",
    "DELETE FROM search_keys",
    *(
        f"INSERT INTO search_keys (kind, key) SELECT '{s.namespace.value}', id FROM {s.table}"
        for s in _SOURCES
    ),
    *(
        f"INSERT INTO search_index ({_COLUMNS}) SELECT k.id, {_index_values(s, 'r')} "
        f"FROM {s.table} r JOIN search_keys k ON k.kind = '{s.namespace.value}' AND k.key = r.id"
        for s in _SOURCES
    ),
)


@dataclass(frozen=True, slots=True)
class BulkFill:
    """How a first load of one table fills the index in two statements after its
    rows are in, instead of a trigger per row (a trigger's three statements per
    row cost more than the row's own insert): drop the table's triggers, insert,
    run ``fill``, run ``create`` again — inside the load's transaction."""

    drop: tuple[str, ...]
    fill: tuple[str, ...]
    create: tuple[str, ...]


def _bulk_fill(s: _Source) -> BulkFill:
    return BulkFill(
        drop=tuple(
            f"DROP TRIGGER IF EXISTS search_{s.table}_{change}"
            for change in ("insert", "update", "delete")
        ),
        # The table held no row when the load began, so every row is new to the index.
        fill=(
            # In key order, as the trigger numbers the rows of a load in key order.
            f"INSERT INTO search_keys (kind, key) SELECT '{s.namespace.value}', id "
            f"FROM {s.table} ORDER BY id",
            f"INSERT INTO search_index ({_COLUMNS}) SELECT k.id, {_index_values(s, 'r')} "
            f"FROM {s.table} r JOIN search_keys k "
            f"ON k.kind = '{s.namespace.value}' AND k.key = r.id ORDER BY k.id",
        ),
        create=_triggers(s),
    )


#: Per record table the index follows: how a first load of it fills the index.
BULK_FILL: Final = {s.table: _bulk_fill(s) for s in _SOURCES}

# One tier of a search (see :func:`search`): no ORDER BY, so the read ends at the
# first :limit rows in scope instead of scoring every match (bm25 over the 25,000
# records "ana" finds at scale M cost 40 ms; the first 41 rows cost 1 ms).
SEARCH: Final = (
    "SELECT rowid, kind, key FROM search_index WHERE search_index MATCH :match"
    " AND (:scoped = 0 OR kind = 'team_member'"
    " OR account_id IN (SELECT value FROM json_each(:accounts)))"
    " LIMIT :limit"
)


#: The index's objects: its two tables, a trigger per table and change, and the
#: trigger that marks it checked at each revision.
EXPECTED_OBJECTS: Final = 2 + 3 * len(_SOURCES) + 1
#: The revision the index was last known in step at, and the store's revision.
SELECT_CHECKED: Final = (
    "SELECT (SELECT value FROM meta WHERE key = 'search_checked'),"
    " (SELECT value FROM meta WHERE key = 'revision')"
)
MARK_CHECKED: Final = (
    "INSERT OR REPLACE INTO meta (key, value)"
    " SELECT 'search_checked', value FROM meta WHERE key = 'revision'"
)
COUNT_OBJECTS: Final = (
    "SELECT count(*) FROM sqlite_master WHERE name IN ('search_keys', 'search_index')"
    " OR (type = 'trigger' AND name LIKE 'search\\_%' ESCAPE '\\')"
)


def _in_step(conn: sqlite3.Connection) -> bool:
    """Whether the index is known to be in step without counting: all its objects
    are there and it was checked (or kept by its triggers) at the current revision."""
    if conn.execute(COUNT_OBJECTS).fetchone()[0] != EXPECTED_OBJECTS:
        return False
    checked, revision = conn.execute(SELECT_CHECKED).fetchone()
    return checked is not None and checked == revision


def ensure_index(conn: sqlite3.Connection) -> None:
    """Create the index and its triggers when missing, and (re)build it when it does
    not hold one entry per record; ``conn`` is a writer outside any transaction.

    Checked first without a lock (the usual case: nothing to do), so opening the
    store beside another process's running load does not wait for its write lock;
    checked again under the lock before changing anything."""
    if _in_step(conn):
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        for statement in CREATE_INDEX:
            conn.execute(statement)
        indexed = conn.execute(COUNT_INDEXED).fetchone()[0]
        if indexed != conn.execute(COUNT_RECORDS).fetchone()[0]:
            for statement in REBUILD:
                conn.execute(statement)
        conn.execute(MARK_CHECKED)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def match_expression(query: str) -> str | None:
    """The FTS5 MATCH for ``query``: every word as a quoted prefix (no operator,
    column filter or quote of the user's survives :func:`graph.search.words`).

    >>> match_expression('Gdańsk "OR" x*')
    '"gdansk"* "or"* "x"*'
    >>> match_expression("  ") is None
    True
    """
    found = words(query)
    return _tiers(found)[-1] if found else None


def _tiers(found: list[str]) -> tuple[str, ...]:
    """The MATCH of each tier, most relevant first: the name starts with the words
    typed, whole ("ana": Ana Lima before Analytics); the name starts with the
    words typed (in order, the last a prefix); every word starts a word of the
    name; every word starts a word of the name, title, e-mail or id.

    >>> _tiers(["anna", "no"])[1:]
    ('{name} : ^ "anna no"*', '{name} : ("anna"* "no"*)', '"anna"* "no"*')
    >>> _tiers(["anna"])[0]
    '{name} : ^ "anna"'
    """
    anywhere = " ".join(_quoted(w) + "*" for w in found)
    return (
        "{name} : ^ " + _quoted(" ".join(found)),
        "{name} : ^ " + _quoted(" ".join(found)) + "*",
        "{name} : (" + anywhere + ")",
        anywhere,
    )


def search(
    conn: sqlite3.Connection,
    path: Path,
    query: str,
    limit: int,
    account_ids: Collection[str] | None,
) -> list[SearchKey]:
    """Up to ``limit`` records, gathered tier by tier (:func:`_tiers`) until there are
    enough: a three-letter prefix matching thousands of records reads only the
    first ``limit`` of the best tier; :mod:`queries.search` ranks what is found."""
    typed = words(query)
    if not typed or limit < 1:
        return []
    params: dict[str, object] = {
        "scoped": 0 if account_ids is None else 1,
        "accounts": "[]" if account_ids is None else _json_list(account_ids),
    }
    found: dict[int, SearchKey] = {}
    try:
        for match in _tiers(typed):
            # Asking for what is already found plus what is missing is enough:
            # a tier's rows that repeat an earlier tier's are at most len(found).
            rows = conn.execute(SEARCH, {**params, "match": match, "limit": limit + len(found)})
            for rowid, kind, key in rows:
                if len(found) == limit:
                    break
                found.setdefault(rowid, SearchKey(Namespace(kind), key))
            if len(found) == limit:
                break
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            raise StoreUnavailableError(
                f"the store {path} has no search index yet: open it once writable (any "
                "powermap command that loads or serves it) to build the index."
            ) from exc
        raise StoreUnavailableError(f"cannot search the store {path}: {exc}") from exc
    return list(found.values())


def _json_list(values: Collection[str]) -> str:
    return json.dumps(sorted(values))
