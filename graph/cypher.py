"""Every Cypher statement Powermap runs, as named module-level constants.

The schema, reads and the side stores are written here; a load's upserts in
:mod:`graph.cypher_write` and the deletion primitives in :mod:`graph.cypher_cascade`,
re-exported here, so ``cypher.NAME`` names every statement; the names they are built
from in :mod:`graph.cypher_names`.

Labels, relationship types and property names are spliced in at import time, only
from the enums and field tuples of :mod:`graph.schema`; every value travels as
a ``$parameter``. ``tests/graph/test_cypher_lint.py`` runs each constant through
Neo4j's own parser and semantic analysis (``@neo4j-cypher/language-support``).

Storage layout in Neo4j
-----------------------
* Nodes: ``(:Account)``, ``(:Unit:Division|Branch|BudgetCenter)``, ``(:Person)``,
  ``(:TeamMember)``, ``(:Opportunity)``, each with a unique ``id`` and the fields of
  its record as properties (a unit also stores its ``kind``). The reference fields
  (``account_id``, ``parent_id``, ``unit_id``, ``manager_id``) are stored as well as
  the relationships they imply, so the account subgraph is found by index lookups
  on ``account_id``.
* ``(:Activity {id, team_member_id, person_id, type, date})``: one node per
  activity, unique on ``id`` so that loading an activity twice stores it once. It
  has no relationships: it is found by its indexed ``person_id`` /
  ``team_member_id``. Recording one also merges the team member's ``KNOWS`` to the
  person.
* Relationships as in :mod:`graph.schema` (see :data:`RELATIONSHIP_ENDPOINTS`), plus
  two bookkeeping properties: ``KNOWS.snapshot = true`` once a CRM relationship
  record was loaded for the pair (an activity-only ``KNOWS`` has none), and
  ``employment_key`` (the from-date as ISO text, ``""`` when unknown) on the
  ``WORKS_IN`` / ``WORKED_IN`` relationships loaded from employment records; the
  person's own position (``PersonRecord.unit_id``) is the ``WORKS_IN`` without it.
* A person-person tie is stored once, from the smaller person id to the larger.
* ``(:Meta {key: "revision", value})``: the store revision, a counter bumped in
  every write transaction that changes something, so every API process serving the
  database can tell when its cached answers went stale (:data:`BUMP_REVISION`).
"""

from __future__ import annotations

from typing import Final

from graph import cypher_names as _n
from graph.cypher_cascade import *  # noqa: F403  (every statement is a name of this module)
from graph.cypher_names import (
    ACCOUNT_PROPERTIES,
    ACTIVITY_PROPERTIES,
    BOOKKEEPING_PROPERTIES,
    EMPLOYMENT_PROPERTIES,
    META_PROPERTIES,
    OPPORTUNITY_PROPERTIES,
    PERSON_PROPERTIES,
    RELATIONSHIP_ENDPOINTS,
    RELATIONSHIP_PROPERTIES,
    TEAM_MEMBER_PROPERTIES,
    TIE_PROPERTIES,
    UNIT_PROPERTIES,
)
from graph.cypher_write import *  # noqa: F403
from graph.plans import PLAN_FIELDS
from graph.schema import NAMESPACE_LABEL, Label, Namespace, RelType

__all__ = [  # re-exported for the stores and tests
    "ACCOUNT_PROPERTIES",
    "ACTIVITY_PROPERTIES",
    "BOOKKEEPING_PROPERTIES",
    "EMPLOYMENT_PROPERTIES",
    "META_PROPERTIES",
    "OPPORTUNITY_PROPERTIES",
    "PERSON_PROPERTIES",
    "RELATIONSHIP_ENDPOINTS",
    "RELATIONSHIP_PROPERTIES",
    "TEAM_MEMBER_PROPERTIES",
    "TIE_PROPERTIES",
    "UNIT_PROPERTIES",
]


# ---------------------------------------------------------------------- schema
def _unique_id(label: str) -> str:
    return (
        f"CREATE CONSTRAINT {label.lower()}_id_unique IF NOT EXISTS "
        f"FOR (n:{label}) REQUIRE n.id IS UNIQUE"
    )


def _index(label: str, prop: str) -> str:
    return f"CREATE INDEX {label.lower()}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})"


CONSTRAINT_ACCOUNT_ID: Final = _unique_id(_n.ACCOUNT)
CONSTRAINT_UNIT_ID: Final = _unique_id(_n.UNIT)
CONSTRAINT_PERSON_ID: Final = _unique_id(_n.PERSON)
CONSTRAINT_TEAM_MEMBER_ID: Final = _unique_id(_n.TEAM_MEMBER)
CONSTRAINT_OPPORTUNITY_ID: Final = _unique_id(_n.OPPORTUNITY)
CONSTRAINT_ACTIVITY_ID: Final = _unique_id(_n.ACTIVITY)
INDEX_UNIT_ACCOUNT_ID: Final = _index(_n.UNIT, "account_id")
INDEX_PERSON_ACCOUNT_ID: Final = _index(_n.PERSON, "account_id")
INDEX_OPPORTUNITY_ACCOUNT_ID: Final = _index(_n.OPPORTUNITY, "account_id")
INDEX_ACTIVITY_PERSON_ID: Final = _index(_n.ACTIVITY, "person_id")
INDEX_ACTIVITY_TEAM_MEMBER_ID: Final = _index(_n.ACTIVITY, "team_member_id")
CONSTRAINT_META_KEY: Final = (
    f"CREATE CONSTRAINT meta_key_unique IF NOT EXISTS FOR (n:{_n.META}) REQUIRE n.key IS UNIQUE"
)

#: Run (idempotently) before the first write of a store instance.
SCHEMA_STATEMENTS: Final = (
    CONSTRAINT_ACCOUNT_ID,
    CONSTRAINT_UNIT_ID,
    CONSTRAINT_PERSON_ID,
    CONSTRAINT_TEAM_MEMBER_ID,
    CONSTRAINT_OPPORTUNITY_ID,
    CONSTRAINT_ACTIVITY_ID,
    INDEX_UNIT_ACCOUNT_ID,
    INDEX_PERSON_ACCOUNT_ID,
    INDEX_OPPORTUNITY_ACCOUNT_ID,
    INDEX_ACTIVITY_PERSON_ID,
    INDEX_ACTIVITY_TEAM_MEMBER_ID,
    CONSTRAINT_META_KEY,
)


# ------------------------------------------------------------------------ reads
LIST_ACCOUNTS: Final = f"MATCH (n:{_n.ACCOUNT}) RETURN properties(n) AS props ORDER BY n.id"

UNIT_PARENTS: Final = (
    f"MATCH (n:{_n.UNIT} {{account_id: $account_id}}) RETURN n.id AS id, n.parent_id AS parent_id"
)

# Every person record counts (departed people too), as in the embedded store.
LARGEST_ACCOUNTS: Final = f"""
MATCH (a:{_n.ACCOUNT})
OPTIONAL MATCH (p:{_n.PERSON} {{account_id: a.id}})
WITH a.id AS account_id, count(p) AS people
RETURN account_id, people
ORDER BY people DESC, account_id ASC
LIMIT $limit
"""

ACCOUNTS_OF_TEAM_MEMBER: Final = f"""
MATCH (:{_n.TEAM_MEMBER} {{id: $team_member_id}})-[:{_n.ON_TEAM}]->(a:{_n.ACCOUNT})
RETURN a.id AS account_id
UNION
MATCH (:{_n.TEAM_MEMBER} {{id: $team_member_id}})-[:{_n.KNOWS}]->(p:{_n.PERSON})
RETURN p.account_id AS account_id
"""


# count() before the key: `RETURN 'key' AS key, count(n)` groups by the literal key,
# and a grouping aggregation over no rows returns no row at all, so an empty label
# would drop out of COUNTS (seen on a real Neo4j 5.26). A count without grouping
# keys always returns one row, 0 when empty.
def _count_nodes(label: str, key: str) -> str:
    return f"MATCH (n:{label}) WITH count(n) AS total RETURN '{key}' AS key, total"


def _count_rels(rel: RelType) -> str:
    return f"MATCH ()-[r:{rel.value}]->() WITH count(r) AS total RETURN '{rel.value}' AS key, total"


# Keys are enum values (namespaces, relationship types, "activity").
COUNTS: Final = "\nUNION ALL\n".join(
    [
        *(_count_nodes(NAMESPACE_LABEL[ns].value, ns.value) for ns in Namespace),
        *(_count_rels(rel) for rel in RelType),
        _count_nodes(_n.ACTIVITY, "activity"),
    ]
)

_NODE_COLUMNS: Final = "RETURN labels(n) AS labels, properties(n) AS props"

# One account's data (graph.account_data), read by the statements below in one
# read transaction. The nodes: the account, its units, people and opportunities,
# and the whole team (our side of every path), each team member with the accounts
# whose team they are on (colleagues through any team).
_TEAM_ACCOUNTS: Final = f"[(n)-[:{_n.ON_TEAM}]->(a:{_n.ACCOUNT}) | a.id] AS team_accounts"
ACCOUNT_DATA_NODES: Final = "\nUNION\n".join(
    [
        *(
            f"MATCH {pattern} {_NODE_COLUMNS}, [] AS team_accounts"
            for pattern in (
                f"(n:{_n.ACCOUNT} {{id: $account_id}})",
                f"(n:{_n.UNIT} {{account_id: $account_id}})",
                f"(n:{_n.PERSON} {{account_id: $account_id}})",
                f"(n:{_n.OPPORTUNITY} {{account_id: $account_id}})",
            )
        ),
        f"MATCH (n:{_n.TEAM_MEMBER}) {_NODE_COLUMNS}, {_TEAM_ACCOUNTS}",
    ]
)
_IN_ACCOUNT: Final = f"(y.account_id = $account_id OR (y:{_n.ACCOUNT} AND y.id = $account_id))"
# The employment records of its people (the person's own position, the WORKS_IN
# without employment_key, is their unit_id) in its units or at the account.
ACCOUNT_DATA_POSITIONS: Final = (
    f"MATCH (x:{_n.PERSON} {{account_id: $account_id}})-[r:{_n.WORKS_IN}|{_n.WORKED_IN}]->(y)\n"
    f"WHERE r.employment_key IS NOT NULL AND {_IN_ACCOUNT}\n"
    "RETURN x.id AS person_id, y.id AS unit_id, type(r) AS rel_type, "
    f"properties(r) AS props, y:{_n.ACCOUNT} AS at_account"
)
# The ties among its people (each stored once).
ACCOUNT_DATA_TIES: Final = (
    f"MATCH (x:{_n.PERSON} {{account_id: $account_id}})-[r:{_n.KNOWS}]->"
    f"(y:{_n.PERSON} {{account_id: $account_id}})\n"
    "RETURN x.id AS person_id, y.id AS other_person_id, properties(r) AS props"
)
# This account's team, with each member's role on it.
ACCOUNT_DATA_TEAM: Final = (
    f"MATCH (x:{_n.TEAM_MEMBER})-[r:{_n.ON_TEAM}]->(:{_n.ACCOUNT} {{id: $account_id}})\n"
    "RETURN x.id AS team_member_id, r.role AS role"
)
# Every team member's KNOWS to its people, with the pair's activities.
ACCOUNT_DATA_KNOWS: Final = (
    f"MATCH (x:{_n.TEAM_MEMBER})-[r:{_n.KNOWS}]->(y:{_n.PERSON} {{account_id: $account_id}})\n"
    f"OPTIONAL MATCH (act:{_n.ACTIVITY} {{person_id: y.id}})\n"
    "WHERE act.team_member_id = x.id\n"
    "WITH x, r, y, collect(act {.id, .date, .type}) AS activities\n"
    "RETURN x.id AS team_member_id, y.id AS person_id, properties(r) AS props, activities"
)
# Run one at a time in one read transaction: joined by UNION ALL into one, such
# statements ran for minutes on a real Neo4j 5.26 at scale S (each alone: under a second).
ACCOUNT_DATA: Final = (
    ACCOUNT_DATA_NODES,
    ACCOUNT_DATA_POSITIONS,
    ACCOUNT_DATA_TIES,
    ACCOUNT_DATA_TEAM,
    ACCOUNT_DATA_KNOWS,
)

# ------------------------------------------------------------------ maintenance
PING: Final = "RETURN 1 AS ok"

# Tests only: empties the database a bounded number of nodes at a time. The
# revision stays (a clear bumps it), so no process mistakes the emptied database for
# the state it cached under an earlier revision.
CLEAR_SOME: Final = (
    f"MATCH (n) WHERE NOT n:{_n.META} WITH n LIMIT $limit\n"
    "DETACH DELETE n RETURN count(*) AS deleted"
)

# ---------------------------------------------------------------- the revision
# The first statement of every write transaction ($key: graph.neo4j_write.REVISION_KEY): writing the
# Meta node takes its write lock until commit, so writers run one at a time, as
# SQLite's write lock makes them on the embedded store; a batch is then compared
# with a state no other load changes underneath it.
LOCK_REVISION: Final = (
    f"MERGE (m:{_n.META} {{key: $key}}) ON CREATE SET m.value = 0 SET m.value = m.value"
)
# The last statement of every write transaction that changed something.
BUMP_REVISION: Final = (
    f"MATCH (m:{_n.META} {{key: $key}}) SET m.value = m.value + 1 RETURN m.value AS revision"
)
# 0 before the first write.
READ_REVISION: Final = (
    f"OPTIONAL MATCH (m:{_n.META} {{key: $key}}) RETURN coalesce(m.value, 0) AS revision"
)

# ------------------------------------------------------------ captured contacts
# (:CapturedSighting {id, address, signal_id, team_member_id, account_id, type, date})
# one node per (address, signal, team member), unique on id (graph.captured). No
# relationships: found by the indexed account_id and address.
_SIGHTING: Final = Label.CAPTURED_SIGHTING.value
SIGHTING_PROPERTIES: Final = (
    "address",
    "signal_id",
    "team_member_id",
    "account_id",
    "type",
    "date",
)
CONSTRAINT_SIGHTING_ID: Final = _unique_id(_SIGHTING)
INDEX_SIGHTING_ACCOUNT_ID: Final = _index(_SIGHTING, "account_id")
INDEX_SIGHTING_ADDRESS: Final = _index(_SIGHTING, "address")
SIGHTING_SCHEMA_STATEMENTS: Final = (
    CONSTRAINT_SIGHTING_ID,
    INDEX_SIGHTING_ACCOUNT_ID,
    INDEX_SIGHTING_ADDRESS,
)
# $rows: maps with id and SIGHTING_PROPERTIES, ids unique; returns how many were new.
PUT_SIGHTINGS: Final = (
    "UNWIND $rows AS row\n"
    f"OPTIONAL MATCH (old:{_SIGHTING} {{id: row.id}})\n"
    "WITH row, old WHERE old IS NULL\n"
    f"CREATE (s:{_SIGHTING} {{id: row.id}})\n"
    f"SET {_n.assign('s', SIGHTING_PROPERTIES)}\n"
    "RETURN count(s) AS created"
)
_SIGHTING_COLUMNS: Final = ", ".join(f"s.{p} AS {p}" for p in SIGHTING_PROPERTIES)
SIGHTINGS_OF_ADDRESSES: Final = (
    f"MATCH (s:{_SIGHTING}) WHERE s.address IN $addresses\n"
    f"RETURN {_SIGHTING_COLUMNS}\n"
    "ORDER BY address, date, signal_id, team_member_id"
)
SIGHTINGS_OF_ACCOUNT: Final = (
    f"MATCH (s:{_SIGHTING} {{account_id: $account_id}})\nRETURN {_SIGHTING_COLUMNS}"
)
DELETE_SIGHTINGS: Final = (
    f"MATCH (s:{_SIGHTING}) WHERE s.address IN $addresses\n"
    "WITH s, s.id AS id DELETE s RETURN count(id) AS deleted"
)
# Every stored address, for matching mail headers (empty ones are dropped by the caller).
TEAM_MEMBER_EMAILS: Final = (
    f"MATCH (n:{_n.TEAM_MEMBER}) WHERE n.email IS NOT NULL RETURN n.id AS id, n.email AS email"
)
PERSON_EMAILS: Final = (
    f"MATCH (n:{_n.PERSON}) WHERE n.email IS NOT NULL\n"
    "RETURN n.id AS id, n.account_id AS account_id, n.email AS email"
)
SIGHTING_ADDRESSES: Final = f"MATCH (s:{_SIGHTING}) RETURN DISTINCT s.address AS address"

# ------------------------------------------------------------------- audit log
# Nodes of a label of their own, never part of an account graph or of counts().
_AUDIT: Final = "LoadAudit"
AUDIT_LABELS: Final = (_AUDIT,)
AUDIT_PROPERTIES: Final = ("at", "who", "source", "report")
RECORD_LOAD: Final = f"CREATE (:{_AUDIT} {{at: $at, who: $who, source: $source, report: $report}})"
LIST_LOADS: Final = (
    f"MATCH (l:{_AUDIT}) "
    "RETURN l.at AS at, l.who AS who, l.source AS source, l.report AS report "
    "ORDER BY l.at DESC SKIP $offset LIMIT $limit"
)
COUNT_LOADS: Final = f"MATCH (l:{_AUDIT}) RETURN count(l) AS total"

# ---------------------------------------------------------------------- search
# One FULLTEXT index over the four searched labels (issue 17, graph.neo4j_search).
# standard-folding lower-cases and folds accents (ASCIIFoldingFilter), as
# graph.search.fold does to a query, which reaches Lucene only as $query, built
# of plain words by graph.neo4j_search.lucene_query.
_SEARCH_INDEX: Final = "powermap_search"
CREATE_SEARCH_INDEX: Final = (
    f"CREATE FULLTEXT INDEX {_SEARCH_INDEX} IF NOT EXISTS "
    f"FOR (n:{_n.ACCOUNT}|{_n.UNIT}|{_n.PERSON}|{_n.TEAM_MEMBER}) "
    "ON EACH [n.name, n.title, n.email, n.id, n.industry, n.role] "
    "OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding', "
    "`fulltext.eventually_consistent`: false}}"
)
AWAIT_SEARCH_INDEX: Final = f"CALL db.awaitIndex('{_SEARCH_INDEX}', 300)"
# Lucene's order (score, best first) is kept: no ORDER BY, so the first $limit
# rows that pass the scope end the read.
SEARCH: Final = (
    f"CALL db.index.fulltext.queryNodes('{_SEARCH_INDEX}', $query) YIELD node\n"
    f"WHERE $account_ids IS NULL OR node:{_n.TEAM_MEMBER}\n"
    "   OR coalesce(node.account_id, node.id) IN $account_ids\n"
    "RETURN labels(node) AS labels, node.id AS id LIMIT $limit"
)

# ---------------------------------------------------------------- plan actions
# (:PlanAction {id, account_id, kind, ...}) one node per accepted or dismissed
# action (graph.plans), unique on id, found by the indexed account_id; dates are
# ISO text. Outside every account graph, like the audit log.
_PLAN: Final = Label.PLAN_ACTION.value
PLAN_PROPERTIES: Final = PLAN_FIELDS
PLAN_SCHEMA_STATEMENTS: Final = (_unique_id(_PLAN), _index(_PLAN, "account_id"))
# $rows: maps of PLAN_PROPERTIES (one per action), ids unique.
PUT_PLAN_ACTIONS: Final = (
    "UNWIND $rows AS row\n"
    f"MERGE (a:{_PLAN} {{id: row.id}})\n"
    f"SET {_n.assign('a', (p for p in PLAN_PROPERTIES if p != 'id'))}"
)
PLAN_ACTIONS_OF_ACCOUNT: Final = (
    f"MATCH (a:{_PLAN} {{account_id: $account_id}})\n"
    f"RETURN {', '.join(f'a.{p} AS {p}' for p in PLAN_PROPERTIES)}\n"
    "ORDER BY id"
)
