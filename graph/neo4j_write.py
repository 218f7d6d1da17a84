"""Apply one batch inside a Neo4j managed write transaction.

:func:`apply_batch` is the transaction function :class:`graph.neo4j_store.Neo4jStore`
hands to ``session.execute_write``. It follows the embedded store's rules (see
:class:`graph.embedded.EmbeddedStore`): records with the same identity are written
once (the last wins) and counted once; only created or changed records are
written, and their references must resolve to the store or the batch; deletions
run one at a time in batch order and count under ``RecordKind.DELETION`` and, when
they removed something, under the kind they name.

Three phases, all in the one transaction: read the stored properties of the
batch's keys and compare them in Python (:class:`Plan`); check the references of
the rows to write; write them with ``UNWIND $rows`` statements in chunks of
:data:`CHUNK_SIZE`, then run the deletions through :mod:`graph.cascade` (the
embedded store's cascade, on :class:`graph.neo4j_cascade.Neo4jPrimitives`). The
driver may call the function again after a transient failure, so it keeps no state
between calls.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, TypeVar, cast

from neo4j import ManagedTransaction, Record

from graph import cascade, cypher
from graph.neo4j_cascade import Neo4jPrimitives
from graph.neo4j_rows import (
    Props,
    employment_row,
    native,
    record_row,
    stored_employment,
    tie_row,
    unchanged,
)
from graph.plan import KINDS, Key, Upserts, plan_upserts
from graph.schema import (
    ApplyResult,
    Batch,
    RecordKind,
)
from graph.touched import Touched, new_stamp

CHUNK_SIZE: Final = 5000
#: The key of the Meta node that holds the store revision (see graph.cypher).
REVISION_KEY: Final = "revision"
_LISTED: Final = 10  # problems named in one error message

T = TypeVar("T")

_EXISTING_IDS: Final = {
    RecordKind.ACCOUNT: cypher.EXISTING_ACCOUNT_IDS,
    RecordKind.UNIT: cypher.EXISTING_UNIT_IDS,
    RecordKind.PERSON: cypher.EXISTING_PERSON_IDS,
    RecordKind.TEAM_MEMBER: cypher.EXISTING_TEAM_MEMBER_IDS,
}


@dataclass(slots=True)
class Plan:
    """The rows to write (created or changed), by Batch attribute, and the
    (team member, person) pairs some activity moved away from."""

    rows: dict[str, list[Props]] = field(default_factory=lambda: {k.attr: [] for k in KINDS})
    left_pairs: list[Props] = field(default_factory=list)


def chunks(items: Sequence[T], size: int = CHUNK_SIZE) -> Iterator[Sequence[T]]:
    """
    >>> [list(c) for c in chunks([1, 2, 3, 4, 5], 2)]
    [[1, 2], [3, 4], [5]]
    """
    for start in range(0, len(items), size):
        yield items[start : start + size]


def apply_batch(tx: ManagedTransaction, batch: Batch, where: str) -> ApplyResult:
    """Upsert every record of ``batch`` then apply its deletions, in ``tx``.

    ``where`` names the database in error messages. Raises :class:`StoreWriteError`
    (the driver then rolls the transaction back) for a missing required field, a
    tie of a person with themselves, or a reference to a record that is neither
    stored nor in the batch (the rules of :mod:`graph.plan`).
    """
    _run(tx, cypher.LOCK_REVISION, key=REVISION_KEY)
    upserts = plan_upserts(batch, Neo4jRows(tx), where)
    result = upserts.result
    _write(tx, _plan(upserts))
    touched = Touched()  # the accounts the load changes (graph.touched)
    for kind_plan in upserts.kinds.values():
        touched.note_plan(kind_plan, _field)
    touched.note_deletions(batch.deletions)
    changed = touched.resolve(_Lookup(tx))
    cascade.apply_deletions(batch.deletions, Neo4jPrimitives(tx), result)
    # A batch that changed nothing leaves the revision, and every cache, as it was.
    if any(c.created or c.updated or c.deleted for c in result.counts.values()):
        _run(tx, cypher.BUMP_REVISION, key=REVISION_KEY)
        revision = new_stamp()
        if changed is None:
            _run(tx, cypher.SET_EVERY_ACCOUNT_REVISION, revision=revision)
        elif changed:
            for chunk in chunks(sorted(changed)):
                _run(tx, cypher.SET_ACCOUNT_REVISIONS, ids=list(chunk), revision=revision)
    return result


def _field(kind: RecordKind, row: Props, name: str) -> Any:
    return row[name]


class _Lookup:
    """:class:`graph.touched.AccountLookup` in the load's transaction."""

    def __init__(self, tx: ManagedTransaction) -> None:
        self._tx = tx

    def accounts_of(self, kind: RecordKind, ids: list[str]) -> set[str]:
        statement = (
            cypher.ACCOUNTS_OF_PEOPLE if kind is RecordKind.PERSON else cypher.ACCOUNTS_OF_UNITS
        )
        return {str(r["id"]) for r in _read(self._tx, statement, "ids", ids)}


# ------------------------------------------------------------------ running
def _read(tx: ManagedTransaction, statement: str, name: str, values: list[Any]) -> list[Record]:
    found: list[Record] = []
    for chunk in chunks(values):
        found.extend(tx.run(statement, {name: list(chunk)}))
    return found


def _write_rows(
    tx: ManagedTransaction, statement: str, rows: list[Props], name: str = "rows"
) -> None:
    for chunk in chunks(rows):
        tx.run(statement, {name: list(chunk)}).consume()


def _run(tx: ManagedTransaction, statement: str, **params: Any) -> None:
    tx.run(statement, params).consume()


# ------------------------------------------------------------------ planning
_NODE_READS: Final = {
    RecordKind.ACCOUNT: cypher.READ_ACCOUNTS,
    RecordKind.UNIT: cypher.READ_UNITS,
    RecordKind.PERSON: cypher.READ_PEOPLE,
    RecordKind.TEAM_MEMBER: cypher.READ_TEAM_MEMBERS,
    RecordKind.OPPORTUNITY: cypher.READ_OPPORTUNITIES,
    RecordKind.ACTIVITY: cypher.READ_ACTIVITIES,
}
_PAIR_READS: Final = {
    RecordKind.ACCOUNT_TEAM: (cypher.READ_ACCOUNT_TEAMS, ("team_member_id", "account_id")),
    RecordKind.RELATIONSHIP: (cypher.READ_RELATIONSHIPS, ("team_member_id", "person_id")),
    RecordKind.PERSON_TIE: (cypher.READ_PERSON_TIES, ("person_id", "other_person_id")),
}
_EMPLOYMENT_KEY: Final = ("person_id", "unit_id", "employment_key")


def _encoder(kind: RecordKind) -> Callable[[Any], Props]:
    if kind is RecordKind.PERSON_TIE:
        return tie_row
    if kind is RecordKind.EMPLOYMENT:
        return employment_row
    return record_row


def _normal(props: Mapping[str, Any]) -> Props:
    return {name: native(value) for name, value in props.items()}


class Neo4jRows:
    """:class:`graph.plan.StoredRows` in a Neo4j transaction: rows are the property
    dicts of :mod:`graph.neo4j_rows`, stored ones with driver types made native."""

    def __init__(self, tx: ManagedTransaction) -> None:
        self._tx = tx

    def encoder(self, kind: RecordKind) -> Callable[[Any], Props]:
        return _encoder(kind)

    def key_of(self, kind: RecordKind) -> Callable[[Props], Key]:
        if kind in _PAIR_READS:
            names = _PAIR_READS[kind][1]
            return lambda row: (row[names[0]], row[names[1]])
        if kind is RecordKind.EMPLOYMENT:
            return lambda row: tuple(row[n] for n in _EMPLOYMENT_KEY)
        return lambda row: row["id"]

    def stored(self, kind: RecordKind, keys: list[Key]) -> Mapping[Key, Props]:
        tx = self._tx
        if kind in _NODE_READS:
            found = _read(tx, _NODE_READS[kind], "ids", keys)
            return {rec["props"]["id"]: _normal(rec["props"]) for rec in found}
        if kind is RecordKind.EMPLOYMENT:
            wanted = [
                dict(zip(_EMPLOYMENT_KEY, cast(tuple[str, ...], k), strict=True)) for k in keys
            ]
            stored: dict[Key, Props] = {}
            for rec in _read(tx, cypher.READ_EMPLOYMENTS, "keys", wanted):
                key = rec["key"]
                stored[tuple(key[n] for n in _EMPLOYMENT_KEY)] = stored_employment(
                    key, rec["rel_type"], rec["props"], rec["at_account"]
                )
            return stored
        read, names = _PAIR_READS[kind]
        pairs = [dict(zip(names, cast(tuple[str, str], k), strict=True)) for k in keys]
        stored = {}
        for rec in _read(tx, read, "keys", pairs):
            props, key = rec["props"], rec["key"]
            # A team member's KNOWS known only from activities holds no relationship record.
            if kind is RecordKind.RELATIONSHIP and props.get("snapshot") is not True:
                continue
            stored[(key[names[0]], key[names[1]])] = _normal({**props, **key})
        return stored

    def same(self, kind: RecordKind, new: Props, old: Props) -> bool:
        return unchanged(new, old)

    def placeholder(self, row: Props) -> bool:
        return bool(row.get("placeholder"))

    def existing_ids(self, kind: RecordKind, ids: list[str]) -> set[str]:
        return {r["id"] for r in _read(self._tx, _EXISTING_IDS[kind], "ids", list(ids))}


def _plan(upserts: Upserts[Props]) -> Plan:
    """The rows to write by Batch attribute, and the pairs some activity left."""
    plan = Plan()
    for spec in KINDS:
        plan.rows[spec.attr] = list(upserts.rows(spec.kind).values())
    activities = upserts.rows(RecordKind.ACTIVITY)
    found = upserts.kinds.get(RecordKind.ACTIVITY)
    stored = {} if found is None else found.replaced
    left = {
        (old["team_member_id"], old["person_id"])
        for id_, row in activities.items()
        if (old := stored.get(id_)) is not None
        and (old["team_member_id"], old["person_id"]) != (row["team_member_id"], row["person_id"])
    }
    plan.left_pairs = [{"team_member_id": tm, "person_id": p} for tm, p in sorted(left)]
    return plan


# ------------------------------------------------------------------ writing
def _write(tx: ManagedTransaction, plan: Plan) -> None:
    """Every node first, then the relationships their reference fields imply, so a
    record may refer to one later in the batch."""
    rows = plan.rows
    _write_rows(tx, cypher.UPSERT_ACCOUNTS, rows["accounts"])
    for kind, statement in cypher.UPSERT_UNITS_BY_KIND.items():
        _write_rows(tx, statement, [u for u in rows["units"] if u["kind"] == kind.value])
    _write_rows(tx, cypher.UPSERT_PEOPLE, rows["people"])
    _write_rows(tx, cypher.UPSERT_TEAM_MEMBERS, rows["team_members"])
    _write_rows(tx, cypher.UPSERT_OPPORTUNITIES, rows["opportunities"])
    _write_rows(tx, cypher.LINK_UNIT_PARENTS, rows["units"])
    _write_rows(tx, cypher.LINK_PEOPLE_POSITIONS, rows["people"])
    _write_rows(tx, cypher.LINK_PEOPLE_MANAGERS, rows["people"])
    _write_rows(tx, cypher.LINK_TEAM_MEMBER_MANAGERS, rows["team_members"])
    _write_rows(tx, cypher.LINK_OPPORTUNITY_TARGETS, rows["opportunities"])
    _write_rows(tx, cypher.UPSERT_ACCOUNT_TEAMS, rows["account_teams"])
    _write_rows(tx, cypher.UPSERT_RELATIONSHIPS, rows["relationships"])
    _write_rows(tx, cypher.UPSERT_ACTIVITIES, rows["activities"])
    _write_rows(tx, cypher.PRUNE_EMPTY_KNOWS, plan.left_pairs)
    _write_rows(tx, cypher.UPSERT_PERSON_TIES, rows["person_ties"])
    employments = rows["employments"]
    # A position whose kind (current or past) or place changed is replaced whole.
    keys = [{n: r[n] for n in ("person_id", "unit_id", "employment_key")} for r in employments]
    _write_rows(tx, cypher.DELETE_EMPLOYMENTS, keys, "keys")
    _write_rows(tx, cypher.CREATE_CURRENT_EMPLOYMENTS, [r for r in employments if r["current"]])
    _write_rows(tx, cypher.CREATE_PAST_EMPLOYMENTS, [r for r in employments if not r["current"]])
