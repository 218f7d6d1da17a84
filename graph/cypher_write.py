"""The Cypher of a load's upserts: the stored properties of a batch's keys (read to
plan it, :mod:`graph.plan`) and the ``UNWIND $rows`` writes of the records to
create or change (:mod:`graph.neo4j_write`). Part of :mod:`graph.cypher`, which
re-exports every statement; values always travel as ``$parameters``."""

from __future__ import annotations

from typing import Final

from graph import cypher_names as _n
from graph.schema import UNIT_KIND_LABEL, UnitKind


# ----------------------------------------------------------- reads by id ($ids)
def _props_by_id(label: str) -> str:
    return f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) RETURN properties(n) AS props"


def _ids_by_id(label: str) -> str:
    return f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) RETURN n.id AS id"


READ_ACCOUNTS: Final = _props_by_id(_n.ACCOUNT)
READ_UNITS: Final = _props_by_id(_n.UNIT)
READ_PEOPLE: Final = _props_by_id(_n.PERSON)
READ_TEAM_MEMBERS: Final = _props_by_id(_n.TEAM_MEMBER)
READ_OPPORTUNITIES: Final = _props_by_id(_n.OPPORTUNITY)
READ_ACTIVITIES: Final = _props_by_id(_n.ACTIVITY)

EXISTING_ACCOUNT_IDS: Final = _ids_by_id(_n.ACCOUNT)
EXISTING_UNIT_IDS: Final = _ids_by_id(_n.UNIT)
EXISTING_PERSON_IDS: Final = _ids_by_id(_n.PERSON)
EXISTING_TEAM_MEMBER_IDS: Final = _ids_by_id(_n.TEAM_MEMBER)

READ_ACCOUNT_TEAMS: Final = f"""
UNWIND $keys AS key
MATCH (:{_n.TEAM_MEMBER} {{id: key.team_member_id}})
      -[r:{_n.ON_TEAM}]->(:{_n.ACCOUNT} {{id: key.account_id}})
RETURN key AS key, properties(r) AS props
"""

READ_RELATIONSHIPS: Final = f"""
UNWIND $keys AS key
MATCH (:{_n.TEAM_MEMBER} {{id: key.team_member_id}})
      -[r:{_n.KNOWS}]->(:{_n.PERSON} {{id: key.person_id}})
RETURN key AS key, properties(r) AS props
"""

# Undirected, so a tie is found whichever way it was stored.
READ_PERSON_TIES: Final = f"""
UNWIND $keys AS key
MATCH (:{_n.PERSON} {{id: key.person_id}})-[r:{_n.KNOWS}]-(:{_n.PERSON} {{id: key.other_person_id}})
RETURN key AS key, properties(r) AS props
"""

# Keyed like the embedded store: (person, unit or account id, employment_key).
_EMPLOYMENT_MATCH: Final = f"""
UNWIND $keys AS key
MATCH (:{_n.PERSON} {{id: key.person_id}})-[r:{_n.WORKS_IN}|{_n.WORKED_IN}]->(place)
WHERE r.employment_key = key.employment_key AND place.id = key.unit_id
"""
READ_EMPLOYMENTS: Final = _EMPLOYMENT_MATCH + (
    f"RETURN key AS key, type(r) AS rel_type, properties(r) AS props, "
    f"place:{_n.ACCOUNT} AS at_account\n"
)
DELETE_EMPLOYMENTS: Final = _EMPLOYMENT_MATCH + "DELETE r\n"

# ---------------------------------------------------------- upserts ($rows)
UPSERT_ACCOUNTS: Final = f"""
UNWIND $rows AS row
MERGE (n:{_n.ACCOUNT} {{id: row.id}})
SET {_n.assign("n", _n.ACCOUNT_PROPERTIES)}
"""


def _upsert_units(kind: UnitKind) -> str:
    own = UNIT_KIND_LABEL[kind].value
    others = ":".join(label.value for k, label in UNIT_KIND_LABEL.items() if k is not kind)
    return f"""
UNWIND $rows AS row
MERGE (n:{_n.UNIT} {{id: row.id}})
SET {_n.assign("n", _n.UNIT_PROPERTIES)}, n:{own}
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
MERGE (n:{_n.PERSON} {{id: row.id}})
SET {_n.assign("n", _n.PERSON_PROPERTIES)}
"""

UPSERT_TEAM_MEMBERS: Final = f"""
UNWIND $rows AS row
MERGE (n:{_n.TEAM_MEMBER} {{id: row.id}})
SET {_n.assign("n", _n.TEAM_MEMBER_PROPERTIES)}
"""

UPSERT_OPPORTUNITIES: Final = f"""
UNWIND $rows AS row
MERGE (n:{_n.OPPORTUNITY} {{id: row.id}})
SET {_n.assign("n", _n.OPPORTUNITY_PROPERTIES)}
"""


# The link statements below run for created or changed rows only, after every
# node of the batch exists; they replace the node's relationship with the one its
# reference properties name. A missing unit id falls back to the account, so
# references are checked (in Python) before anything is written.
def _link_to_place(label: str, rel: str, place_key: str, keep: str = "") -> str:
    return f"""
UNWIND $rows AS row
MATCH (n:{label} {{id: row.id}})
MATCH (a:{_n.ACCOUNT} {{id: row.account_id}})
OPTIONAL MATCH (u:{_n.UNIT} {{id: row.{place_key}}})
WITH n, coalesce(u, a) AS place
OPTIONAL MATCH (n)-[old:{rel}]->(){keep}
DELETE old
WITH DISTINCT n, place
CREATE (n)-[:{rel}]->(place)
"""


LINK_UNIT_PARENTS: Final = _link_to_place(_n.UNIT, _n.PART_OF, "parent_id")
LINK_PEOPLE_POSITIONS: Final = _link_to_place(
    _n.PERSON, _n.WORKS_IN, "unit_id", keep="\nWHERE old.employment_key IS NULL"
)
LINK_OPPORTUNITY_TARGETS: Final = _link_to_place(_n.OPPORTUNITY, _n.FOR, "unit_id")


def _link_managers(label: str) -> str:
    return f"""
UNWIND $rows AS row
MATCH (n:{label} {{id: row.id}})
OPTIONAL MATCH (n)-[old:{_n.REPORTS_TO}]->()
DELETE old
WITH DISTINCT n, row.manager_id AS manager_id
MATCH (m:{label} {{id: manager_id}})
CREATE (n)-[:{_n.REPORTS_TO}]->(m)
"""


LINK_PEOPLE_MANAGERS: Final = _link_managers(_n.PERSON)
LINK_TEAM_MEMBER_MANAGERS: Final = _link_managers(_n.TEAM_MEMBER)

UPSERT_ACCOUNT_TEAMS: Final = f"""
UNWIND $rows AS row
MATCH (t:{_n.TEAM_MEMBER} {{id: row.team_member_id}})
MATCH (a:{_n.ACCOUNT} {{id: row.account_id}})
MERGE (t)-[r:{_n.ON_TEAM}]->(a)
SET r.role = row.role
"""

UPSERT_RELATIONSHIPS: Final = f"""
UNWIND $rows AS row
MATCH (t:{_n.TEAM_MEMBER} {{id: row.team_member_id}})
MATCH (p:{_n.PERSON} {{id: row.person_id}})
MERGE (t)-[r:{_n.KNOWS}]->(p)
SET {_n.assign("r", _n.RELATIONSHIP_PROPERTIES)}, r.snapshot = true
"""

UPSERT_ACTIVITIES: Final = f"""
UNWIND $rows AS row
MATCH (t:{_n.TEAM_MEMBER} {{id: row.team_member_id}})
MATCH (p:{_n.PERSON} {{id: row.person_id}})
MERGE (t)-[:{_n.KNOWS}]->(p)
MERGE (x:{_n.ACTIVITY} {{id: row.id}})
SET {_n.assign("x", _n.ACTIVITY_PROPERTIES)}
"""

# Rows come with person_id < other_person_id: a tie is stored once.
UPSERT_PERSON_TIES: Final = f"""
UNWIND $rows AS row
MATCH (a:{_n.PERSON} {{id: row.person_id}})
MATCH (b:{_n.PERSON}) WHERE b.id = row.other_person_id
MERGE (a)-[r:{_n.KNOWS}]->(b)
SET {_n.assign("r", _n.TIE_PROPERTIES)}
"""


def _create_employments(rel: str) -> str:
    return f"""
UNWIND $rows AS row
MATCH (p:{_n.PERSON} {{id: row.person_id}})
OPTIONAL MATCH (u:{_n.UNIT} {{id: row.unit_id}}) WHERE NOT row.at_account
OPTIONAL MATCH (a:{_n.ACCOUNT} {{id: row.unit_id}}) WHERE row.at_account
WITH p, row, coalesce(u, a) AS place
CREATE (p)-[r:{rel}]->(place)
SET {_n.assign("r", _n.EMPLOYMENT_PROPERTIES)}
"""


CREATE_CURRENT_EMPLOYMENTS: Final = _create_employments(_n.WORKS_IN)
CREATE_PAST_EMPLOYMENTS: Final = _create_employments(_n.WORKED_IN)


# ------------------------------------------- per-account revisions (graph.touched)
# The accounts of stored people or units ($ids), to know which accounts a load changes.
ACCOUNTS_OF_PEOPLE: Final = (
    f"UNWIND $ids AS id MATCH (n:{_n.PERSON} {{id: id}}) RETURN DISTINCT n.account_id AS id"
)
ACCOUNTS_OF_UNITS: Final = (
    f"UNWIND $ids AS id MATCH (n:{_n.UNIT} {{id: id}}) RETURN DISTINCT n.account_id AS id"
)
SET_ACCOUNT_REVISIONS: Final = (
    f"UNWIND $ids AS id MATCH (a:{_n.ACCOUNT} {{id: id}}) SET a.{_n.ACCOUNT_REVISION} = $revision"
)
SET_EVERY_ACCOUNT_REVISION: Final = (
    f"MATCH (a:{_n.ACCOUNT}) SET a.{_n.ACCOUNT_REVISION} = $revision"
)
# 0: not changed since the database gained per-account revisions.
READ_ACCOUNT_REVISIONS: Final = (
    f"UNWIND $ids AS id MATCH (a:{_n.ACCOUNT} {{id: id}}) "
    f"RETURN a.id AS id, coalesce(a.{_n.ACCOUNT_REVISION}, 0) AS revision"
)
READ_EVERY_ACCOUNT_REVISION: Final = (
    f"MATCH (a:{_n.ACCOUNT}) RETURN a.id AS id, coalesce(a.{_n.ACCOUNT_REVISION}, 0) AS revision"
)
