"""The Cypher of the deletion primitives (:mod:`graph.neo4j_cascade`): what
:mod:`graph.cascade` asks of the Neo4j store. Part of :mod:`graph.cypher`, which
re-exports every statement; values always travel as ``$parameters``."""

from __future__ import annotations

from typing import Final

from graph import cypher_names as _n


# ------------------------------------------------------- deletion primitives
# graph.cascade holds what a deletion takes with it, for both stores; these are
# the primitive reads and writes it asks of Neo4j (graph.neo4j_cascade), one
# record kind at a time. A reference field that implies a relationship is
# matched through that relationship (index lookups from the referenced node) and
# rewritten with it; each delete returns how many records it removed.
def _exists(label: str) -> str:
    return f"MATCH (n:{label} {{id: $id}}) RETURN count(n) AS found"


ACCOUNT_EXISTS: Final = _exists(_n.ACCOUNT)
PERSON_EXISTS: Final = _exists(_n.PERSON)
TEAM_MEMBER_EXISTS: Final = _exists(_n.TEAM_MEMBER)
UNIT_IDS_OF_ACCOUNT: Final = f"MATCH (n:{_n.UNIT} {{account_id: $account_id}}) RETURN n.id AS id"
PERSON_IDS_OF_ACCOUNT: Final = (
    f"MATCH (n:{_n.PERSON} {{account_id: $account_id}}) RETURN n.id AS id"
)
READ_UNIT_PLACE: Final = (
    f"MATCH (n:{_n.UNIT} {{id: $id}}) RETURN n.account_id AS account_id, n.parent_id AS parent_id"
)


def _employments_at(label: str) -> str:
    return f"""
MATCH (p:{_n.PERSON})-[r:{_n.WORKS_IN}|{_n.WORKED_IN}]->(y:{label} {{id: $unit_id}})
WHERE r.employment_key IS NOT NULL
RETURN p.id AS person_id, y.id AS unit_id, type(r) AS rel_type, properties(r) AS props
"""


EMPLOYMENTS_AT_UNIT: Final = _employments_at(_n.UNIT)
EMPLOYMENTS_AT_ACCOUNT: Final = _employments_at(_n.ACCOUNT)
# Whether a person holds a position (either kind) at $unit_id from the same date.
EMPLOYMENT_HELD: Final = f"""
MATCH (:{_n.PERSON} {{id: $person_id}})-[r:{_n.WORKS_IN}|{_n.WORKED_IN}]->(y)
WHERE y.id = $unit_id AND r.employment_key = $employment_key
RETURN count(r) AS found
"""


# Records whose reference ($old) names another record move to $new (null: their
# own account, for a unit's parent or a person's unit).
def _move_to_place(label: str, rel: str, name: str, keep: str = "") -> str:
    return f"""
MATCH (n:{label})-[old:{rel}]->(:{_n.UNIT} {{id: $old}}){keep}
MATCH (a:{_n.ACCOUNT} {{id: n.account_id}})
OPTIONAL MATCH (u:{_n.UNIT} {{id: $new}})
WITH n, old, coalesce(u, a) AS place
DELETE old
SET n.{name} = $new
CREATE (n)-[:{rel}]->(place)
"""


def _move_manager(label: str) -> str:
    return f"""
MATCH (n:{label})-[old:{_n.REPORTS_TO}]->(:{label} {{id: $old}})
DELETE old
SET n.manager_id = $new
WITH n
MATCH (m:{label} {{id: $new}})
CREATE (n)-[:{_n.REPORTS_TO}]->(m)
"""


SET_UNIT_PARENTS: Final = _move_to_place(_n.UNIT, _n.PART_OF, "parent_id")
SET_PERSON_UNITS: Final = _move_to_place(
    _n.PERSON, _n.WORKS_IN, "unit_id", keep="\nWHERE old.employment_key IS NULL"
)
SET_PERSON_MANAGERS: Final = _move_manager(_n.PERSON)
SET_TEAM_MEMBER_MANAGERS: Final = _move_manager(_n.TEAM_MEMBER)


def _delete_node(label: str) -> str:
    return f"MATCH (n:{label} {{id: $id}}) DETACH DELETE n RETURN count(*) AS deleted"


DELETE_ACCOUNT: Final = _delete_node(_n.ACCOUNT)
DELETE_UNIT: Final = _delete_node(_n.UNIT)
DELETE_PERSON: Final = _delete_node(_n.PERSON)
DELETE_TEAM_MEMBER: Final = _delete_node(_n.TEAM_MEMBER)
DELETE_ACCOUNT_OPPORTUNITIES: Final = f"""
MATCH (n:{_n.OPPORTUNITY} {{account_id: $account_id}})
DETACH DELETE n
RETURN count(*) AS deleted
"""
DELETE_UNIT_OPPORTUNITIES: Final = f"""
MATCH (n:{_n.OPPORTUNITY})-[:{_n.FOR}]->(:{_n.UNIT} {{id: $unit_id}})
DETACH DELETE n
RETURN count(*) AS deleted
"""


def _delete_edges(match: str, where: str) -> str:
    """Delete the relationships ``r`` that ``match`` finds and ``where`` keeps."""
    return f"""
MATCH {match}
WHERE {where}
DELETE r
RETURN count(*) AS deleted
"""


def _delete_on_team(where: str) -> str:
    return _delete_edges(f"(t:{_n.TEAM_MEMBER})-[r:{_n.ON_TEAM}]->(a:{_n.ACCOUNT})", where)


DELETE_ACCOUNT_TEAMS_OF_ACCOUNT: Final = _delete_on_team("a.id = $account_id")
DELETE_ACCOUNT_TEAMS_OF_TEAM_MEMBER: Final = _delete_on_team("t.id = $team_member_id")


def _delete_employments(match: str, where: str = "") -> str:
    return _delete_edges(match, f"r.employment_key IS NOT NULL{where}")


_HELD: Final = f"-[r:{_n.WORKS_IN}|{_n.WORKED_IN}]->"
DELETE_EMPLOYMENTS_AT_UNIT: Final = _delete_employments(
    f"(:{_n.PERSON}){_HELD}(:{_n.UNIT} {{id: $unit_id}})"
)
DELETE_EMPLOYMENTS_AT_ACCOUNT: Final = _delete_employments(
    f"(:{_n.PERSON}){_HELD}(:{_n.ACCOUNT} {{id: $unit_id}})"
)
DELETE_EMPLOYMENTS_OF_PERSON: Final = _delete_employments(
    f"(:{_n.PERSON} {{id: $person_id}}){_HELD}()"
)
DELETE_EMPLOYMENT: Final = _delete_employments(
    f"(:{_n.PERSON} {{id: $person_id}}){_HELD}(y)",
    "\n  AND y.id = $unit_id AND r.employment_key = $employment_key",
)


# A relationship record is the KNOWS's snapshot: deleting it clears the
# properties; the KNOWS itself goes once the pair has no activity left
# (PRUNE_EMPTY_KNOWS, with the pairs returned).
def _clear_relationships(where: str) -> str:
    return f"""
MATCH (t:{_n.TEAM_MEMBER})-[r:{_n.KNOWS}]->(p:{_n.PERSON})
WHERE {where} AND r.snapshot = true
SET r = {{}}
RETURN t.id AS team_member_id, p.id AS person_id
"""


CLEAR_RELATIONSHIPS_OF_PERSON: Final = _clear_relationships("p.id = $person_id")
CLEAR_RELATIONSHIPS_OF_TEAM_MEMBER: Final = _clear_relationships("t.id = $team_member_id")
CLEAR_RELATIONSHIP: Final = _clear_relationships("t.id = $team_member_id AND p.id = $person_id")


def _delete_activities(where: str) -> str:
    return f"""
MATCH (x:{_n.ACTIVITY})
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
    return _delete_edges(f"(a:{_n.PERSON})-[r:{_n.KNOWS}]->(b:{_n.PERSON})", where)


DELETE_TIES_FROM: Final = _delete_ties("a.id = $person_id")
DELETE_TIES_TO: Final = _delete_ties("b.id = $other_person_id")
DELETE_PERSON_TIE: Final = _delete_ties("a.id = $person_id AND b.id = $other_person_id")

# After activities moved to another pair ($rows of the pairs they left): a
# team member no longer knows a person with neither a snapshot nor an activity.
PRUNE_EMPTY_KNOWS: Final = f"""
UNWIND $rows AS row
MATCH (:{_n.TEAM_MEMBER} {{id: row.team_member_id}})
      -[r:{_n.KNOWS}]->(p:{_n.PERSON} {{id: row.person_id}})
WHERE r.snapshot IS NULL
  AND NOT EXISTS {{
    MATCH (x:{_n.ACTIVITY} {{person_id: p.id}})
    WHERE x.team_member_id = row.team_member_id
  }}
DELETE r
"""
