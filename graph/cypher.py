"""Every Cypher statement Powermap runs, as named module-level constants.

Labels, relationship types and property names are spliced in here, at import time,
only from the enums and field tuples of :mod:`graph.schema`; every value travels as
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

from collections.abc import Iterable
from typing import Final

from graph.plans import PLAN_FIELDS
from graph.schema import (
    NAMESPACE_LABEL,
    NODE_FIELDS,
    UNIT_KIND_LABEL,
    Label,
    Namespace,
    RelType,
    UnitKind,
)

# ----------------------------------------------------------------------- names
_ACCOUNT: Final = Label.ACCOUNT.value
_UNIT: Final = Label.UNIT.value
_PERSON: Final = Label.PERSON.value
_TEAM_MEMBER: Final = Label.TEAM_MEMBER.value
_OPPORTUNITY: Final = Label.OPPORTUNITY.value
_ACTIVITY: Final = Label.ACTIVITY.value
_META: Final = Label.META.value

_PART_OF: Final = RelType.PART_OF.value
_WORKS_IN: Final = RelType.WORKS_IN.value
_WORKED_IN: Final = RelType.WORKED_IN.value
_REPORTS_TO: Final = RelType.REPORTS_TO.value
_ON_TEAM: Final = RelType.ON_TEAM.value
_KNOWS: Final = RelType.KNOWS.value
_FOR: Final = RelType.FOR.value

#: The properties each node label stores besides ``id``.
ACCOUNT_PROPERTIES: Final = NODE_FIELDS[Namespace.ACCOUNT]
UNIT_PROPERTIES: Final = ("kind", *NODE_FIELDS[Namespace.UNIT])
PERSON_PROPERTIES: Final = NODE_FIELDS[Namespace.PERSON]
TEAM_MEMBER_PROPERTIES: Final = NODE_FIELDS[Namespace.TEAM_MEMBER]
OPPORTUNITY_PROPERTIES: Final = NODE_FIELDS[Namespace.OPPORTUNITY]
ACTIVITY_PROPERTIES: Final = ("team_member_id", "person_id", "type", "date")
RELATIONSHIP_PROPERTIES: Final = ("strength", "last_contact", "touches", "source", "created_on")
TIE_PROPERTIES: Final = ("kind", "strength", "created_on")
EMPLOYMENT_PROPERTIES: Final = ("from_date", "until_date", "employment_key")
#: Property keys stored beyond the schema's NODE_FIELDS / EDGE_FIELDS.
BOOKKEEPING_PROPERTIES: Final = ("kind", "snapshot", "employment_key", *ACTIVITY_PROPERTIES)
#: Property keys of the Meta node (the revision).
META_PROPERTIES: Final = ("key", "value")

#: Which relationship joins which labels: the shape the statements read and write.
RELATIONSHIP_ENDPOINTS: Final[tuple[tuple[Label, RelType, Label], ...]] = (
    (Label.UNIT, RelType.PART_OF, Label.UNIT),
    (Label.UNIT, RelType.PART_OF, Label.ACCOUNT),
    (Label.PERSON, RelType.WORKS_IN, Label.UNIT),
    (Label.PERSON, RelType.WORKS_IN, Label.ACCOUNT),
    (Label.PERSON, RelType.WORKED_IN, Label.UNIT),
    (Label.PERSON, RelType.WORKED_IN, Label.ACCOUNT),
    (Label.PERSON, RelType.REPORTS_TO, Label.PERSON),
    (Label.TEAM_MEMBER, RelType.REPORTS_TO, Label.TEAM_MEMBER),
    (Label.TEAM_MEMBER, RelType.ON_TEAM, Label.ACCOUNT),
    (Label.TEAM_MEMBER, RelType.KNOWS, Label.PERSON),
    (Label.PERSON, RelType.KNOWS, Label.PERSON),
    (Label.OPPORTUNITY, RelType.FOR, Label.UNIT),
    (Label.OPPORTUNITY, RelType.FOR, Label.ACCOUNT),
)


def _assign(var: str, properties: Iterable[str], source: str = "row") -> str:
    return ", ".join(f"{var}.{p} = {source}.{p}" for p in properties)


# ---------------------------------------------------------------------- schema
def _unique_id(label: str) -> str:
    return (
        f"CREATE CONSTRAINT {label.lower()}_id_unique IF NOT EXISTS "
        f"FOR (n:{label}) REQUIRE n.id IS UNIQUE"
    )


def _index(label: str, prop: str) -> str:
    return f"CREATE INDEX {label.lower()}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})"


CONSTRAINT_ACCOUNT_ID: Final = _unique_id(_ACCOUNT)
CONSTRAINT_UNIT_ID: Final = _unique_id(_UNIT)
CONSTRAINT_PERSON_ID: Final = _unique_id(_PERSON)
CONSTRAINT_TEAM_MEMBER_ID: Final = _unique_id(_TEAM_MEMBER)
CONSTRAINT_OPPORTUNITY_ID: Final = _unique_id(_OPPORTUNITY)
CONSTRAINT_ACTIVITY_ID: Final = _unique_id(_ACTIVITY)
INDEX_UNIT_ACCOUNT_ID: Final = _index(_UNIT, "account_id")
INDEX_PERSON_ACCOUNT_ID: Final = _index(_PERSON, "account_id")
INDEX_OPPORTUNITY_ACCOUNT_ID: Final = _index(_OPPORTUNITY, "account_id")
INDEX_ACTIVITY_PERSON_ID: Final = _index(_ACTIVITY, "person_id")
INDEX_ACTIVITY_TEAM_MEMBER_ID: Final = _index(_ACTIVITY, "team_member_id")
CONSTRAINT_META_KEY: Final = (
    f"CREATE CONSTRAINT meta_key_unique IF NOT EXISTS FOR (n:{_META}) REQUIRE n.key IS UNIQUE"
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


# ----------------------------------------------------------- reads by id ($ids)
def _props_by_id(label: str) -> str:
    return f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) RETURN properties(n) AS props"


def _ids_by_id(label: str) -> str:
    return f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) RETURN n.id AS id"


READ_ACCOUNTS: Final = _props_by_id(_ACCOUNT)
READ_UNITS: Final = _props_by_id(_UNIT)
READ_PEOPLE: Final = _props_by_id(_PERSON)
READ_TEAM_MEMBERS: Final = _props_by_id(_TEAM_MEMBER)
READ_OPPORTUNITIES: Final = _props_by_id(_OPPORTUNITY)
READ_ACTIVITIES: Final = _props_by_id(_ACTIVITY)

EXISTING_ACCOUNT_IDS: Final = _ids_by_id(_ACCOUNT)
EXISTING_UNIT_IDS: Final = _ids_by_id(_UNIT)
EXISTING_PERSON_IDS: Final = _ids_by_id(_PERSON)
EXISTING_TEAM_MEMBER_IDS: Final = _ids_by_id(_TEAM_MEMBER)

READ_ACCOUNT_TEAMS: Final = f"""
UNWIND $keys AS key
MATCH (:{_TEAM_MEMBER} {{id: key.team_member_id}})
      -[r:{_ON_TEAM}]->(:{_ACCOUNT} {{id: key.account_id}})
RETURN key AS key, properties(r) AS props
"""

READ_RELATIONSHIPS: Final = f"""
UNWIND $keys AS key
MATCH (:{_TEAM_MEMBER} {{id: key.team_member_id}})-[r:{_KNOWS}]->(:{_PERSON} {{id: key.person_id}})
RETURN key AS key, properties(r) AS props
"""

# Undirected, so a tie is found whichever way it was stored.
READ_PERSON_TIES: Final = f"""
UNWIND $keys AS key
MATCH (:{_PERSON} {{id: key.person_id}})-[r:{_KNOWS}]-(:{_PERSON} {{id: key.other_person_id}})
RETURN key AS key, properties(r) AS props
"""

# Keyed like the embedded store: (person, unit or account id, employment_key).
_EMPLOYMENT_MATCH: Final = f"""
UNWIND $keys AS key
MATCH (:{_PERSON} {{id: key.person_id}})-[r:{_WORKS_IN}|{_WORKED_IN}]->(place)
WHERE r.employment_key = key.employment_key AND place.id = key.unit_id
"""
READ_EMPLOYMENTS: Final = _EMPLOYMENT_MATCH + (
    f"RETURN key AS key, type(r) AS rel_type, properties(r) AS props, "
    f"place:{_ACCOUNT} AS at_account\n"
)
DELETE_EMPLOYMENTS: Final = _EMPLOYMENT_MATCH + "DELETE r\n"

# ---------------------------------------------------------- upserts ($rows)
UPSERT_ACCOUNTS: Final = f"""
UNWIND $rows AS row
MERGE (n:{_ACCOUNT} {{id: row.id}})
SET {_assign("n", ACCOUNT_PROPERTIES)}
"""


def _upsert_units(kind: UnitKind) -> str:
    own = UNIT_KIND_LABEL[kind].value
    others = ":".join(label.value for k, label in UNIT_KIND_LABEL.items() if k is not kind)
    return f"""
UNWIND $rows AS row
MERGE (n:{_UNIT} {{id: row.id}})
SET {_assign("n", UNIT_PROPERTIES)}, n:{own}
REMOVE n:{others}
"""


# One statement per kind: a label cannot be a parameter, so a unit whose kind
# changes swaps its kind label here.
UPSERT_DIVISIONS: Final = _upsert_units(UnitKind.DIVISION)
UPSERT_BRANCHES: Final = _upsert_units(UnitKind.BRANCH)
UPSERT_BUDGET_CENTERS: Final = _upsert_units(UnitKind.BUDGET_CENTER)
UPSERT_UNITS_BY_KIND: Final[dict[UnitKind, str]] = {
    UnitKind.DIVISION: UPSERT_DIVISIONS,
    UnitKind.BRANCH: UPSERT_BRANCHES,
    UnitKind.BUDGET_CENTER: UPSERT_BUDGET_CENTERS,
}

UPSERT_PEOPLE: Final = f"""
UNWIND $rows AS row
MERGE (n:{_PERSON} {{id: row.id}})
SET {_assign("n", PERSON_PROPERTIES)}
"""

UPSERT_TEAM_MEMBERS: Final = f"""
UNWIND $rows AS row
MERGE (n:{_TEAM_MEMBER} {{id: row.id}})
SET {_assign("n", TEAM_MEMBER_PROPERTIES)}
"""

UPSERT_OPPORTUNITIES: Final = f"""
UNWIND $rows AS row
MERGE (n:{_OPPORTUNITY} {{id: row.id}})
SET {_assign("n", OPPORTUNITY_PROPERTIES)}
"""


# The link statements below run for created or changed rows only, after every
# node of the batch exists; they replace the node's relationship with the one its
# reference properties name. A missing unit id falls back to the account, so
# references are checked (in Python) before anything is written.
def _link_to_place(label: str, rel: str, place_key: str, keep: str = "") -> str:
    return f"""
UNWIND $rows AS row
MATCH (n:{label} {{id: row.id}})
MATCH (a:{_ACCOUNT} {{id: row.account_id}})
OPTIONAL MATCH (u:{_UNIT} {{id: row.{place_key}}})
WITH n, coalesce(u, a) AS place
OPTIONAL MATCH (n)-[old:{rel}]->(){keep}
DELETE old
WITH DISTINCT n, place
CREATE (n)-[:{rel}]->(place)
"""


LINK_UNIT_PARENTS: Final = _link_to_place(_UNIT, _PART_OF, "parent_id")
LINK_PEOPLE_POSITIONS: Final = _link_to_place(
    _PERSON, _WORKS_IN, "unit_id", keep="\nWHERE old.employment_key IS NULL"
)
LINK_OPPORTUNITY_TARGETS: Final = _link_to_place(_OPPORTUNITY, _FOR, "unit_id")


def _link_managers(label: str) -> str:
    return f"""
UNWIND $rows AS row
MATCH (n:{label} {{id: row.id}})
OPTIONAL MATCH (n)-[old:{_REPORTS_TO}]->()
DELETE old
WITH DISTINCT n, row.manager_id AS manager_id
MATCH (m:{label} {{id: manager_id}})
CREATE (n)-[:{_REPORTS_TO}]->(m)
"""


LINK_PEOPLE_MANAGERS: Final = _link_managers(_PERSON)
LINK_TEAM_MEMBER_MANAGERS: Final = _link_managers(_TEAM_MEMBER)

UPSERT_ACCOUNT_TEAMS: Final = f"""
UNWIND $rows AS row
MATCH (t:{_TEAM_MEMBER} {{id: row.team_member_id}})
MATCH (a:{_ACCOUNT} {{id: row.account_id}})
MERGE (t)-[r:{_ON_TEAM}]->(a)
SET r.role = row.role
"""

UPSERT_RELATIONSHIPS: Final = f"""
UNWIND $rows AS row
MATCH (t:{_TEAM_MEMBER} {{id: row.team_member_id}})
MATCH (p:{_PERSON} {{id: row.person_id}})
MERGE (t)-[r:{_KNOWS}]->(p)
SET {_assign("r", RELATIONSHIP_PROPERTIES)}, r.snapshot = true
"""

UPSERT_ACTIVITIES: Final = f"""
UNWIND $rows AS row
MATCH (t:{_TEAM_MEMBER} {{id: row.team_member_id}})
MATCH (p:{_PERSON} {{id: row.person_id}})
MERGE (t)-[:{_KNOWS}]->(p)
MERGE (x:{_ACTIVITY} {{id: row.id}})
SET {_assign("x", ACTIVITY_PROPERTIES)}
"""

# Rows come with person_id < other_person_id: a tie is stored once.
UPSERT_PERSON_TIES: Final = f"""
UNWIND $rows AS row
MATCH (a:{_PERSON} {{id: row.person_id}})
MATCH (b:{_PERSON}) WHERE b.id = row.other_person_id
MERGE (a)-[r:{_KNOWS}]->(b)
SET {_assign("r", TIE_PROPERTIES)}
"""


def _create_employments(rel: str) -> str:
    return f"""
UNWIND $rows AS row
MATCH (p:{_PERSON} {{id: row.person_id}})
OPTIONAL MATCH (u:{_UNIT} {{id: row.unit_id}}) WHERE NOT row.at_account
OPTIONAL MATCH (a:{_ACCOUNT} {{id: row.unit_id}}) WHERE row.at_account
WITH p, row, coalesce(u, a) AS place
CREATE (p)-[r:{rel}]->(place)
SET {_assign("r", EMPLOYMENT_PROPERTIES)}
"""


CREATE_CURRENT_EMPLOYMENTS: Final = _create_employments(_WORKS_IN)
CREATE_PAST_EMPLOYMENTS: Final = _create_employments(_WORKED_IN)


# ------------------------------------------------------- deletion primitives
# graph.cascade holds what a deletion takes with it, for both stores; these are
# the primitive reads and writes it asks of Neo4j (graph.neo4j_cascade), one
# record kind at a time. A reference field that implies a relationship is
# matched through that relationship (index lookups from the referenced node) and
# rewritten with it; each delete returns how many records it removed.
def _exists(label: str) -> str:
    return f"MATCH (n:{label} {{id: $id}}) RETURN count(n) AS found"


ACCOUNT_EXISTS: Final = _exists(_ACCOUNT)
PERSON_EXISTS: Final = _exists(_PERSON)
TEAM_MEMBER_EXISTS: Final = _exists(_TEAM_MEMBER)
UNIT_IDS_OF_ACCOUNT: Final = f"MATCH (n:{_UNIT} {{account_id: $account_id}}) RETURN n.id AS id"
PERSON_IDS_OF_ACCOUNT: Final = f"MATCH (n:{_PERSON} {{account_id: $account_id}}) RETURN n.id AS id"
READ_UNIT_PLACE: Final = (
    f"MATCH (n:{_UNIT} {{id: $id}}) RETURN n.account_id AS account_id, n.parent_id AS parent_id"
)


def _employments_at(label: str) -> str:
    return f"""
MATCH (p:{_PERSON})-[r:{_WORKS_IN}|{_WORKED_IN}]->(y:{label} {{id: $unit_id}})
WHERE r.employment_key IS NOT NULL
RETURN p.id AS person_id, y.id AS unit_id, type(r) AS rel_type, properties(r) AS props
"""


EMPLOYMENTS_AT_UNIT: Final = _employments_at(_UNIT)
EMPLOYMENTS_AT_ACCOUNT: Final = _employments_at(_ACCOUNT)
# Whether a person holds a position (either kind) at $unit_id from the same date.
EMPLOYMENT_HELD: Final = f"""
MATCH (:{_PERSON} {{id: $person_id}})-[r:{_WORKS_IN}|{_WORKED_IN}]->(y)
WHERE y.id = $unit_id AND r.employment_key = $employment_key
RETURN count(r) AS found
"""


# Records whose reference ($old) names another record move to $new (null: their
# own account, for a unit's parent or a person's unit).
def _move_to_place(label: str, rel: str, name: str, keep: str = "") -> str:
    return f"""
MATCH (n:{label})-[old:{rel}]->(:{_UNIT} {{id: $old}}){keep}
MATCH (a:{_ACCOUNT} {{id: n.account_id}})
OPTIONAL MATCH (u:{_UNIT} {{id: $new}})
WITH n, old, coalesce(u, a) AS place
DELETE old
SET n.{name} = $new
CREATE (n)-[:{rel}]->(place)
"""


def _move_manager(label: str) -> str:
    return f"""
MATCH (n:{label})-[old:{_REPORTS_TO}]->(:{label} {{id: $old}})
DELETE old
SET n.manager_id = $new
WITH n
MATCH (m:{label} {{id: $new}})
CREATE (n)-[:{_REPORTS_TO}]->(m)
"""


SET_UNIT_PARENTS: Final = _move_to_place(_UNIT, _PART_OF, "parent_id")
SET_PERSON_UNITS: Final = _move_to_place(
    _PERSON, _WORKS_IN, "unit_id", keep="\nWHERE old.employment_key IS NULL"
)
SET_PERSON_MANAGERS: Final = _move_manager(_PERSON)
SET_TEAM_MEMBER_MANAGERS: Final = _move_manager(_TEAM_MEMBER)


def _delete_node(label: str) -> str:
    return f"MATCH (n:{label} {{id: $id}}) DETACH DELETE n RETURN count(*) AS deleted"


DELETE_ACCOUNT: Final = _delete_node(_ACCOUNT)
DELETE_UNIT: Final = _delete_node(_UNIT)
DELETE_PERSON: Final = _delete_node(_PERSON)
DELETE_TEAM_MEMBER: Final = _delete_node(_TEAM_MEMBER)
DELETE_ACCOUNT_OPPORTUNITIES: Final = f"""
MATCH (n:{_OPPORTUNITY} {{account_id: $account_id}})
DETACH DELETE n
RETURN count(*) AS deleted
"""
DELETE_UNIT_OPPORTUNITIES: Final = f"""
MATCH (n:{_OPPORTUNITY})-[:{_FOR}]->(:{_UNIT} {{id: $unit_id}})
DETACH DELETE n
RETURN count(*) AS deleted
"""


def _delete_on_team(where: str) -> str:
    return f"""
MATCH (t:{_TEAM_MEMBER})-[r:{_ON_TEAM}]->(a:{_ACCOUNT})
WHERE {where}
DELETE r
RETURN count(*) AS deleted
"""


DELETE_ACCOUNT_TEAMS_OF_ACCOUNT: Final = _delete_on_team("a.id = $account_id")
DELETE_ACCOUNT_TEAMS_OF_TEAM_MEMBER: Final = _delete_on_team("t.id = $team_member_id")


def _delete_employments(match: str, where: str = "") -> str:
    return f"""
MATCH {match}
WHERE r.employment_key IS NOT NULL{where}
DELETE r
RETURN count(*) AS deleted
"""


_HELD: Final = f"-[r:{_WORKS_IN}|{_WORKED_IN}]->"
DELETE_EMPLOYMENTS_AT_UNIT: Final = _delete_employments(
    f"(:{_PERSON}){_HELD}(:{_UNIT} {{id: $unit_id}})"
)
DELETE_EMPLOYMENTS_AT_ACCOUNT: Final = _delete_employments(
    f"(:{_PERSON}){_HELD}(:{_ACCOUNT} {{id: $unit_id}})"
)
DELETE_EMPLOYMENTS_OF_PERSON: Final = _delete_employments(
    f"(:{_PERSON} {{id: $person_id}}){_HELD}()"
)
DELETE_EMPLOYMENT: Final = _delete_employments(
    f"(:{_PERSON} {{id: $person_id}}){_HELD}(y)",
    "\n  AND y.id = $unit_id AND r.employment_key = $employment_key",
)


# A relationship record is the KNOWS's snapshot: deleting it clears the
# properties; the KNOWS itself goes once the pair has no activity left
# (PRUNE_EMPTY_KNOWS, with the pairs returned).
def _clear_relationships(where: str) -> str:
    return f"""
MATCH (t:{_TEAM_MEMBER})-[r:{_KNOWS}]->(p:{_PERSON})
WHERE {where} AND r.snapshot = true
SET r = {{}}
RETURN t.id AS team_member_id, p.id AS person_id
"""


CLEAR_RELATIONSHIPS_OF_PERSON: Final = _clear_relationships("p.id = $person_id")
CLEAR_RELATIONSHIPS_OF_TEAM_MEMBER: Final = _clear_relationships("t.id = $team_member_id")
CLEAR_RELATIONSHIP: Final = _clear_relationships("t.id = $team_member_id AND p.id = $person_id")


def _delete_activities(where: str) -> str:
    return f"""
MATCH (x:{_ACTIVITY})
WHERE {where}
WITH x, x.team_member_id AS team_member_id, x.person_id AS person_id
DELETE x
RETURN team_member_id, person_id
"""


DELETE_ACTIVITIES_OF_PERSON: Final = _delete_activities("x.person_id = $person_id")
DELETE_ACTIVITIES_OF_TEAM_MEMBER: Final = _delete_activities("x.team_member_id = $team_member_id")
DELETE_PAIR_ACTIVITIES: Final = _delete_activities(
    "x.person_id = $person_id AND x.team_member_id = $team_member_id"
)


# Ties are stored from the smaller person id to the larger (person_id first).
def _delete_ties(where: str) -> str:
    return f"""
MATCH (a:{_PERSON})-[r:{_KNOWS}]->(b:{_PERSON})
WHERE {where}
DELETE r
RETURN count(*) AS deleted
"""


DELETE_TIES_FROM: Final = _delete_ties("a.id = $person_id")
DELETE_TIES_TO: Final = _delete_ties("b.id = $other_person_id")
DELETE_PERSON_TIE: Final = _delete_ties("a.id = $person_id AND b.id = $other_person_id")

# After activities moved to another pair ($rows of the pairs they left): a
# team member no longer knows a person with neither a snapshot nor an activity.
PRUNE_EMPTY_KNOWS: Final = f"""
UNWIND $rows AS row
MATCH (:{_TEAM_MEMBER} {{id: row.team_member_id}})-[r:{_KNOWS}]->(p:{_PERSON} {{id: row.person_id}})
WHERE r.snapshot IS NULL
  AND NOT EXISTS {{
    MATCH (x:{_ACTIVITY} {{person_id: p.id}})
    WHERE x.team_member_id = row.team_member_id
  }}
DELETE r
"""

# ------------------------------------------------------------------------ reads
LIST_ACCOUNTS: Final = f"MATCH (n:{_ACCOUNT}) RETURN properties(n) AS props ORDER BY n.id"

UNIT_PARENTS: Final = (
    f"MATCH (n:{_UNIT} {{account_id: $account_id}}) RETURN n.id AS id, n.parent_id AS parent_id"
)

# Every person record counts (departed people too), as in the embedded store.
LARGEST_ACCOUNTS: Final = f"""
MATCH (a:{_ACCOUNT})
OPTIONAL MATCH (p:{_PERSON} {{account_id: a.id}})
WITH a.id AS account_id, count(p) AS people
RETURN account_id, people
ORDER BY people DESC, account_id ASC
LIMIT $limit
"""

ACCOUNTS_OF_TEAM_MEMBER: Final = f"""
MATCH (:{_TEAM_MEMBER} {{id: $team_member_id}})-[:{_ON_TEAM}]->(a:{_ACCOUNT})
RETURN a.id AS account_id
UNION
MATCH (:{_TEAM_MEMBER} {{id: $team_member_id}})-[:{_KNOWS}]->(p:{_PERSON})
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
        _count_nodes(_ACTIVITY, "activity"),
    ]
)

_NODE_COLUMNS: Final = "RETURN labels(n) AS labels, properties(n) AS props"

# One account's data (graph.account_data), read by the statements below in one
# read transaction. The nodes: the account, its units, people and opportunities,
# and the whole team (our side of every path), each team member with the accounts
# whose team they are on (colleagues through any team).
_TEAM_ACCOUNTS: Final = f"[(n)-[:{_ON_TEAM}]->(a:{_ACCOUNT}) | a.id] AS team_accounts"
ACCOUNT_DATA_NODES: Final = "\nUNION\n".join(
    [
        *(
            f"MATCH {pattern} {_NODE_COLUMNS}, [] AS team_accounts"
            for pattern in (
                f"(n:{_ACCOUNT} {{id: $account_id}})",
                f"(n:{_UNIT} {{account_id: $account_id}})",
                f"(n:{_PERSON} {{account_id: $account_id}})",
                f"(n:{_OPPORTUNITY} {{account_id: $account_id}})",
            )
        ),
        f"MATCH (n:{_TEAM_MEMBER}) {_NODE_COLUMNS}, {_TEAM_ACCOUNTS}",
    ]
)
_IN_ACCOUNT: Final = f"(y.account_id = $account_id OR (y:{_ACCOUNT} AND y.id = $account_id))"
# The employment records of its people (the person's own position, the WORKS_IN
# without employment_key, is their unit_id) in its units or at the account.
ACCOUNT_DATA_POSITIONS: Final = (
    f"MATCH (x:{_PERSON} {{account_id: $account_id}})-[r:{_WORKS_IN}|{_WORKED_IN}]->(y)\n"
    f"WHERE r.employment_key IS NOT NULL AND {_IN_ACCOUNT}\n"
    "RETURN x.id AS person_id, y.id AS unit_id, type(r) AS rel_type, "
    f"properties(r) AS props, y:{_ACCOUNT} AS at_account"
)
# The ties among its people (each stored once).
ACCOUNT_DATA_TIES: Final = (
    f"MATCH (x:{_PERSON} {{account_id: $account_id}})-[r:{_KNOWS}]->"
    f"(y:{_PERSON} {{account_id: $account_id}})\n"
    "RETURN x.id AS person_id, y.id AS other_person_id, properties(r) AS props"
)
# This account's team, with each member's role on it.
ACCOUNT_DATA_TEAM: Final = (
    f"MATCH (x:{_TEAM_MEMBER})-[r:{_ON_TEAM}]->(:{_ACCOUNT} {{id: $account_id}})\n"
    "RETURN x.id AS team_member_id, r.role AS role"
)
# Every team member's KNOWS to its people, with the pair's activities.
ACCOUNT_DATA_KNOWS: Final = (
    f"MATCH (x:{_TEAM_MEMBER})-[r:{_KNOWS}]->(y:{_PERSON} {{account_id: $account_id}})\n"
    f"OPTIONAL MATCH (act:{_ACTIVITY} {{person_id: y.id}})\n"
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
    f"MATCH (n) WHERE NOT n:{_META} WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted"
)

# ---------------------------------------------------------------- the revision
# The first statement of every write transaction ($key: graph.neo4j_write.REVISION_KEY): writing the
# Meta node takes its write lock until commit, so writers run one at a time, as
# SQLite's write lock makes them on the embedded store; a batch is then compared
# with a state no other load changes underneath it.
LOCK_REVISION: Final = (
    f"MERGE (m:{_META} {{key: $key}}) ON CREATE SET m.value = 0 SET m.value = m.value"
)
# The last statement of every write transaction that changed something.
BUMP_REVISION: Final = (
    f"MATCH (m:{_META} {{key: $key}}) SET m.value = m.value + 1 RETURN m.value AS revision"
)
# 0 before the first write.
READ_REVISION: Final = (
    f"OPTIONAL MATCH (m:{_META} {{key: $key}}) RETURN coalesce(m.value, 0) AS revision"
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
    f"SET {_assign('s', SIGHTING_PROPERTIES)}\n"
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
    f"MATCH (n:{_TEAM_MEMBER}) WHERE n.email IS NOT NULL RETURN n.id AS id, n.email AS email"
)
PERSON_EMAILS: Final = (
    f"MATCH (n:{_PERSON}) WHERE n.email IS NOT NULL\n"
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
    f"FOR (n:{_ACCOUNT}|{_UNIT}|{_PERSON}|{_TEAM_MEMBER}) "
    "ON EACH [n.name, n.title, n.email, n.id, n.industry, n.role] "
    "OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding', "
    "`fulltext.eventually_consistent`: false}}"
)
AWAIT_SEARCH_INDEX: Final = f"CALL db.awaitIndex('{_SEARCH_INDEX}', 300)"
# Lucene's order (score, best first) is kept: no ORDER BY, so the first $limit
# rows that pass the scope end the read.
SEARCH: Final = (
    f"CALL db.index.fulltext.queryNodes('{_SEARCH_INDEX}', $query) YIELD node\n"
    f"WHERE $account_ids IS NULL OR node:{_TEAM_MEMBER}\n"
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
    f"SET {_assign('a', (p for p in PLAN_PROPERTIES if p != 'id'))}"
)
PLAN_ACTIONS_OF_ACCOUNT: Final = (
    f"MATCH (a:{_PLAN} {{account_id: $account_id}})\n"
    f"RETURN {', '.join(f'a.{p} AS {p}' for p in PLAN_PROPERTIES)}\n"
    "ORDER BY id"
)
