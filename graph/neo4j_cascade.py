""":class:`graph.cascade.Primitives` in a Neo4j write transaction.

What a deletion takes with it is decided once, in :mod:`graph.cascade`, for both
stores; this module only answers its primitive reads and writes with the
statements of :mod:`graph.cypher`, so the Neo4j store runs the same cascade as the
embedded one. A primitive the cascade does not use has no statement here and
raises :class:`ValueError` naming what was asked, rather than guessing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from neo4j import ManagedTransaction

from graph import cypher
from graph.cascade import Value
from graph.neo4j_rows import Props, employment_key, employment_row, native
from graph.schema import EmploymentRecord, RecordKind, RelType

_EXISTS: Final = {
    RecordKind.ACCOUNT: cypher.ACCOUNT_EXISTS,
    RecordKind.PERSON: cypher.PERSON_EXISTS,
    RecordKind.TEAM_MEMBER: cypher.TEAM_MEMBER_EXISTS,
}
_IDS_WHERE: Final = {
    (RecordKind.UNIT, "account_id"): cypher.UNIT_IDS_OF_ACCOUNT,
    (RecordKind.PERSON, "account_id"): cypher.PERSON_IDS_OF_ACCOUNT,
}
_SET_WHERE: Final = {
    (RecordKind.UNIT, "parent_id"): cypher.SET_UNIT_PARENTS,
    (RecordKind.PERSON, "unit_id"): cypher.SET_PERSON_UNITS,
    (RecordKind.PERSON, "manager_id"): cypher.SET_PERSON_MANAGERS,
    (RecordKind.TEAM_MEMBER, "manager_id"): cypher.SET_TEAM_MEMBER_MANAGERS,
}
#: Deletes by (kind, the fields matched on), each returning how many it removed.
_DELETES: Final[dict[tuple[RecordKind, frozenset[str]], str]] = {
    (RecordKind.ACCOUNT, frozenset({"id"})): cypher.DELETE_ACCOUNT,
    (RecordKind.UNIT, frozenset({"id"})): cypher.DELETE_UNIT,
    (RecordKind.PERSON, frozenset({"id"})): cypher.DELETE_PERSON,
    (RecordKind.TEAM_MEMBER, frozenset({"id"})): cypher.DELETE_TEAM_MEMBER,
    (RecordKind.OPPORTUNITY, frozenset({"account_id"})): cypher.DELETE_ACCOUNT_OPPORTUNITIES,
    (RecordKind.OPPORTUNITY, frozenset({"unit_id"})): cypher.DELETE_UNIT_OPPORTUNITIES,
    (RecordKind.ACCOUNT_TEAM, frozenset({"account_id"})): cypher.DELETE_ACCOUNT_TEAMS_OF_ACCOUNT,
    (RecordKind.ACCOUNT_TEAM, frozenset({"team_member_id"})): (
        cypher.DELETE_ACCOUNT_TEAMS_OF_TEAM_MEMBER
    ),
    (RecordKind.EMPLOYMENT, frozenset({"person_id"})): cypher.DELETE_EMPLOYMENTS_OF_PERSON,
    (RecordKind.EMPLOYMENT, frozenset({"person_id", "unit_id", "from_date"})): (
        cypher.DELETE_EMPLOYMENT
    ),
    (RecordKind.PERSON_TIE, frozenset({"person_id"})): cypher.DELETE_TIES_FROM,
    (RecordKind.PERSON_TIE, frozenset({"other_person_id"})): cypher.DELETE_TIES_TO,
    (RecordKind.PERSON_TIE, frozenset({"person_id", "other_person_id"})): (
        cypher.DELETE_PERSON_TIE
    ),
}
#: Deletes that return the (team member, person) pairs they touched, whose KNOWS
#: is then pruned once it holds neither a snapshot nor an activity.
_PAIR_DELETES: Final[dict[tuple[RecordKind, frozenset[str]], str]] = {
    (RecordKind.RELATIONSHIP, frozenset({"person_id"})): cypher.CLEAR_RELATIONSHIPS_OF_PERSON,
    (RecordKind.RELATIONSHIP, frozenset({"team_member_id"})): (
        cypher.CLEAR_RELATIONSHIPS_OF_TEAM_MEMBER
    ),
    (RecordKind.RELATIONSHIP, frozenset({"team_member_id", "person_id"})): (
        cypher.CLEAR_RELATIONSHIP
    ),
    (RecordKind.ACTIVITY, frozenset({"person_id"})): cypher.DELETE_ACTIVITIES_OF_PERSON,
    (RecordKind.ACTIVITY, frozenset({"team_member_id"})): cypher.DELETE_ACTIVITIES_OF_TEAM_MEMBER,
    (RecordKind.ACTIVITY, frozenset({"team_member_id", "person_id"})): (
        cypher.DELETE_PAIR_ACTIVITIES
    ),
}


def _unsupported(primitive: str, kind: RecordKind, names: object) -> ValueError:
    return ValueError(
        f"the Neo4j store has no {primitive} statement for {kind.value} by {names}: "
        "add one to graph/cypher.py and graph/neo4j_cascade.py"
    )


def _params(where: Mapping[str, Value]) -> dict[str, Any]:
    """Field values as the statements take them: a from-date as its employment_key."""
    params: dict[str, Any] = dict(where)
    if "from_date" in params:
        start = params.pop("from_date")
        params["employment_key"] = "" if start is None else start.isoformat()
    return params


class Neo4jPrimitives:
    """:class:`graph.cascade.Primitives` on a managed write transaction."""

    def __init__(self, tx: ManagedTransaction) -> None:
        self._tx = tx

    def _count(self, statement: str, params: Mapping[str, Any]) -> int:
        record = self._tx.run(statement, dict(params)).single()
        return 0 if record is None else int(record[0])

    def exists(self, kind: RecordKind, id_: str) -> bool:
        if kind not in _EXISTS:
            raise _unsupported("exists", kind, "id")
        return self._count(_EXISTS[kind], {"id": id_}) > 0

    def ids_where(self, kind: RecordKind, name: str, value: str) -> list[str]:
        statement = _IDS_WHERE.get((kind, name))
        if statement is None:
            raise _unsupported("ids_where", kind, name)
        return [r["id"] for r in self._tx.run(statement, {name: value})]

    def unit_place(self, id_: str) -> tuple[str, str | None] | None:
        found = self._tx.run(cypher.READ_UNIT_PLACE, {"id": id_}).single()
        return None if found is None else (found["account_id"], found["parent_id"])

    def employments_at(self, place: str, at_account: bool) -> list[EmploymentRecord]:
        statement = cypher.EMPLOYMENTS_AT_ACCOUNT if at_account else cypher.EMPLOYMENTS_AT_UNIT
        return [
            _employment(r["person_id"], r["unit_id"], r["rel_type"], r["props"], at_account)
            for r in self._tx.run(statement, {"unit_id": place})
        ]

    def set_where(self, kind: RecordKind, name: str, old: str, new: str | None) -> None:
        statement = _SET_WHERE.get((kind, name))
        if statement is None:
            raise _unsupported("set_where", kind, name)
        self._tx.run(statement, {"old": old, "new": new}).consume()

    def delete_where(self, kind: RecordKind, where: Mapping[str, Value]) -> int:
        key = (kind, frozenset(where))
        if kind is RecordKind.EMPLOYMENT and key[1] == {"unit_id", "at_account"}:
            at_account = where["at_account"]
            statement = (
                cypher.DELETE_EMPLOYMENTS_AT_ACCOUNT
                if at_account
                else cypher.DELETE_EMPLOYMENTS_AT_UNIT
            )
            return self._count(statement, {"unit_id": where["unit_id"]})
        if key in _DELETES:
            return self._count(_DELETES[key], _params(where))
        if key in _PAIR_DELETES:
            pairs = [dict(r) for r in self._tx.run(_PAIR_DELETES[key], _params(where))]
            unique = sorted({(p["team_member_id"], p["person_id"]) for p in pairs})
            rows = [{"team_member_id": tm, "person_id": p} for tm, p in unique]
            self._tx.run(cypher.PRUNE_EMPTY_KNOWS, {"rows": rows}).consume()
            return len(pairs)
        raise _unsupported("delete_where", kind, sorted(where))

    def add_employment(self, record: EmploymentRecord) -> bool:
        names = ("person_id", "unit_id", "employment_key")
        key = dict(zip(names, employment_key(record), strict=True))
        if self._count(cypher.EMPLOYMENT_HELD, key) > 0:
            return False
        statement = (
            cypher.CREATE_CURRENT_EMPLOYMENTS if record.current else cypher.CREATE_PAST_EMPLOYMENTS
        )
        self._tx.run(statement, {"rows": [employment_row(record)]}).consume()
        return True


def _employment(
    person_id: str, unit_id: str, rel_type: str, props: Props, at_account: bool
) -> EmploymentRecord:
    from_date, until_date = native(props.get("from_date")), native(props.get("until_date"))
    return EmploymentRecord(
        person_id,
        unit_id,
        from_date,
        until_date,
        rel_type == RelType.WORKS_IN.value,
        at_account,
    )
