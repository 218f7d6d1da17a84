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
:data:`CHUNK_SIZE`, then run the deletions. The driver may call the function again
after a transient failure, so it keeps no state between calls.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, TypeVar

from neo4j import ManagedTransaction, Record

from graph import cypher
from graph.errors import StoreWriteError
from graph.neo4j_rows import (
    Props,
    deletion_pairs,
    employment_key,
    employment_row,
    native,
    record_row,
    sort_changes,
    stored_employment,
    tie_row,
)
from graph.schema import (
    ApplyResult,
    Batch,
    Deletion,
    DeletionKind,
    KindCounts,
    Label,
    RecordKind,
    placeholder_yields,
)

CHUNK_SIZE: Final = 5000
#: The key of the Meta node that holds the store revision (see graph.cypher).
REVISION_KEY: Final = "revision"
_LISTED: Final = 10  # problems named in one error message

T = TypeVar("T")

# Fields that may not be empty, by Batch attribute: what the embedded store's
# NOT NULL columns refuse.
_REQUIRED: Final[dict[str, tuple[str, ...]]] = {
    "accounts": ("id", "name"),
    "units": ("id", "account_id", "kind", "name", "status"),
    "people": ("id", "account_id", "name", "seniority"),
    "team_members": ("id", "name"),
    "account_teams": ("team_member_id", "account_id"),
    "relationships": ("team_member_id", "person_id"),
    "activities": ("id", "team_member_id", "person_id", "type", "date"),
    "person_ties": ("person_id", "other_person_id", "strength", "kind"),
    "employments": ("person_id", "unit_id"),
    "opportunities": ("id", "account_id"),
}

# Per Batch attribute: how an error names one record (its key fields), and each
# reference field with the label it points at. An employment's place is apart.
_NAMING: Final[dict[str, tuple[str, tuple[str, ...]]]] = {
    "accounts": ("account", ("id",)),
    "units": ("unit", ("id",)),
    "people": ("person", ("id",)),
    "team_members": ("team member", ("id",)),
    "account_teams": ("account team row", ("team_member_id", "account_id")),
    "relationships": ("relationship", ("team_member_id", "person_id")),
    "activities": ("activity", ("id",)),
    "person_ties": ("person tie", ("person_id", "other_person_id")),
    "employments": ("employment", ("person_id", "unit_id", "employment_key")),
    "opportunities": ("opportunity", ("id",)),
}
_REFERENCES: Final[dict[str, tuple[tuple[str, Label], ...]]] = {
    "accounts": (),
    "units": (("account_id", Label.ACCOUNT), ("parent_id", Label.UNIT)),
    "people": (
        ("account_id", Label.ACCOUNT),
        ("unit_id", Label.UNIT),
        ("manager_id", Label.PERSON),
    ),
    "team_members": (("manager_id", Label.TEAM_MEMBER),),
    "account_teams": (("team_member_id", Label.TEAM_MEMBER), ("account_id", Label.ACCOUNT)),
    "relationships": (("team_member_id", Label.TEAM_MEMBER), ("person_id", Label.PERSON)),
    "activities": (("team_member_id", Label.TEAM_MEMBER), ("person_id", Label.PERSON)),
    "person_ties": (("person_id", Label.PERSON), ("other_person_id", Label.PERSON)),
    "employments": (("person_id", Label.PERSON),),
    "opportunities": (("account_id", Label.ACCOUNT), ("unit_id", Label.UNIT)),
}
_BATCH_IDS: Final = {
    Label.ACCOUNT: "accounts",
    Label.UNIT: "units",
    Label.PERSON: "people",
    Label.TEAM_MEMBER: "team_members",
}
_EXISTING_IDS: Final = {
    Label.ACCOUNT: cypher.EXISTING_ACCOUNT_IDS,
    Label.UNIT: cypher.EXISTING_UNIT_IDS,
    Label.PERSON: cypher.EXISTING_PERSON_IDS,
    Label.TEAM_MEMBER: cypher.EXISTING_TEAM_MEMBER_IDS,
}


@dataclass(slots=True)
class Plan:
    """The rows to write (created or changed), by Batch attribute, and the
    (team member, person) pairs some activity moved away from."""

    rows: dict[str, list[Props]] = field(default_factory=lambda: {a: [] for a in _NAMING})
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
    stored nor in the batch.
    """
    _check_fields(batch, where)
    _run(tx, cypher.LOCK_REVISION, key=REVISION_KEY)
    result = ApplyResult()
    plan = _plan(tx, batch, result)
    _check_references(tx, batch, plan, where)
    _write(tx, plan)
    for deletion in batch.deletions:
        if _delete(tx, deletion):
            result.of(RecordKind.DELETION).deleted += 1
            result.of(RecordKind(deletion.kind.value)).deleted += 1
        else:
            result.of(RecordKind.DELETION).unchanged += 1
    # A batch that changed nothing leaves the revision, and every cache, as it was.
    if any(c.created or c.updated or c.deleted for c in result.counts.values()):
        _run(tx, cypher.BUMP_REVISION, key=REVISION_KEY)
    return result


# ------------------------------------------------------------------ checks
def _check_fields(batch: Batch, where: str) -> None:
    problems: list[str] = []
    for attr, required in _REQUIRED.items():
        what = _NAMING[attr][0]
        for record in getattr(batch, attr):
            problems.extend(
                f"{what} {getattr(record, required[0])!r}: {name} is missing"
                for name in required
                if getattr(record, name) is None
            )
    if problems:
        raise StoreWriteError(
            f"the batch breaks a rule of {where}: {'; '.join(problems[:_LISTED])}. Nothing "
            "was written; fix the records named and load again."
        )


def _check_references(tx: ManagedTransaction, batch: Batch, plan: Plan, where: str) -> None:
    """Every reference of a row to write resolves to the batch or the store."""
    in_batch = {label: {r.id for r in getattr(batch, attr)} for label, attr in _BATCH_IDS.items()}
    # label -> referenced id -> the problems it causes when missing
    wanted: dict[Label, dict[str, list[str]]] = {label: {} for label in _BATCH_IDS}
    problems: list[str] = []

    def need(label: Label, id_: Any, problem: str) -> None:
        if id_ is not None and id_ not in in_batch[label]:
            wanted[label].setdefault(id_, []).append(problem)

    for attr, rows in plan.rows.items():
        what, key_fields = _NAMING[attr]
        for row in rows:
            name = ":".join(str(row[f]) for f in key_fields if row[f])
            for ref, label in _REFERENCES[attr]:
                need(label, row[ref], f"{what} {name!r}: {ref} {row[ref]!r} does not exist")
            if attr == "employments":
                place = "account" if row["at_account"] else "unit"
                label = Label.ACCOUNT if row["at_account"] else Label.UNIT
                need(
                    label,
                    row["unit_id"],
                    f"{what} {name!r}: {place} {row['unit_id']!r} does not exist",
                )
            if attr == "person_ties" and row["person_id"] == row["other_person_id"]:
                problems.append(f"{what} {name!r} ties a person to themselves")
    for label, refs in wanted.items():
        if refs:
            found = {r["id"] for r in _read(tx, _EXISTING_IDS[label], "ids", list(refs))}
            problems.extend(p for id_, ps in refs.items() if id_ not in found for p in ps)
    if problems:
        more = len(problems) - _LISTED
        raise StoreWriteError(
            f"the batch refers to records that are neither in {where} nor in the batch: "
            f"{'; '.join(problems[:_LISTED])}{f'; and {more} more' if more > 0 else ''}. "
            "Nothing was written; add the missing records to the batch or fix the "
            "references, then load again."
        )


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


def _count(tx: ManagedTransaction, statement: str, **params: Any) -> int:
    record = tx.run(statement, params).single()
    return 0 if record is None else int(record[0])


def _run(tx: ManagedTransaction, statement: str, **params: Any) -> None:
    tx.run(statement, params).consume()


# ------------------------------------------------------------------ planning
_NODE_READS: Final = {
    "accounts": (cypher.READ_ACCOUNTS, RecordKind.ACCOUNT),
    "units": (cypher.READ_UNITS, RecordKind.UNIT),
    "people": (cypher.READ_PEOPLE, RecordKind.PERSON),
    "team_members": (cypher.READ_TEAM_MEMBERS, RecordKind.TEAM_MEMBER),
    "opportunities": (cypher.READ_OPPORTUNITIES, RecordKind.OPPORTUNITY),
}
_PAIR_READS: Final = {
    "account_teams": (
        cypher.READ_ACCOUNT_TEAMS,
        RecordKind.ACCOUNT_TEAM,
        ("team_member_id", "account_id"),
    ),
    "relationships": (
        cypher.READ_RELATIONSHIPS,
        RecordKind.RELATIONSHIP,
        ("team_member_id", "person_id"),
    ),
    "person_ties": (
        cypher.READ_PERSON_TIES,
        RecordKind.PERSON_TIE,
        ("person_id", "other_person_id"),
    ),
}


def _plan(tx: ManagedTransaction, batch: Batch, result: ApplyResult) -> Plan:
    plan = Plan()
    for attr, (read, kind) in _NODE_READS.items():
        if records := getattr(batch, attr):
            desired = {r.id: record_row(r) for r in records}
            stored = {
                rec["props"]["id"]: rec["props"] for rec in _read(tx, read, "ids", list(desired))
            }
            if attr == "team_members":
                _keep_real_team_members(desired, stored)
            plan.rows[attr] = sort_changes(desired, stored, result.of(kind))
    for attr, (read, kind, names) in _PAIR_READS.items():
        if records := getattr(batch, attr):
            rows = [tie_row(r) if attr == "person_ties" else record_row(r) for r in records]
            plan.rows[attr] = _changed_pairs(
                tx, rows, names, read, result.of(kind), snapshots_only=attr == "relationships"
            )
    if batch.activities:
        _plan_activities(tx, batch, plan, result.of(RecordKind.ACTIVITY))
    if batch.employments:
        _plan_employments(tx, batch, plan, result.of(RecordKind.EMPLOYMENT))
    return plan


def _keep_real_team_members(desired: dict[str, Props], stored: dict[str, Props]) -> None:
    """Leave stored real team members as they are where the batch brings placeholders."""
    for id_, row in desired.items():
        old = stored.get(id_)
        if old is not None and placeholder_yields(
            bool(row.get("placeholder")), bool(old.get("placeholder"))
        ):
            desired[id_] = {name: native(old.get(name)) for name in row}


def _changed_pairs(
    tx: ManagedTransaction,
    rows: list[Props],
    names: tuple[str, str],
    read: str,
    counts: KindCounts,
    *,
    snapshots_only: bool,
) -> list[Props]:
    """The rows to write of records identified by their two id fields ``names``."""
    desired = {(row[names[0]], row[names[1]]): row for row in rows}
    keys = [{names[0]: a, names[1]: b} for a, b in desired]
    stored: dict[tuple[str, str], Props] = {}
    for rec in _read(tx, read, "keys", keys):
        props, key = rec["props"], rec["key"]
        # A team member's KNOWS known only from activities holds no relationship record.
        if not snapshots_only or props.get("snapshot") is True:
            stored[(key[names[0]], key[names[1]])] = {**props, **key}
    return sort_changes(desired, stored, counts)


def _plan_activities(tx: ManagedTransaction, batch: Batch, plan: Plan, counts: KindCounts) -> None:
    desired = {a.id: record_row(a) for a in batch.activities}
    stored = {
        rec["props"]["id"]: rec["props"]
        for rec in _read(tx, cypher.READ_ACTIVITIES, "ids", list(desired))
    }
    rows = sort_changes(desired, stored, counts)
    plan.rows["activities"] = rows
    left = {
        (old["team_member_id"], old["person_id"])
        for row in rows
        if (old := stored.get(row["id"])) is not None
        and (old["team_member_id"], old["person_id"]) != (row["team_member_id"], row["person_id"])
    }
    plan.left_pairs = [{"team_member_id": tm, "person_id": p} for tm, p in sorted(left)]


def _plan_employments(tx: ManagedTransaction, batch: Batch, plan: Plan, counts: KindCounts) -> None:
    desired = {employment_key(e): employment_row(e) for e in batch.employments}
    names = ("person_id", "unit_id", "employment_key")
    keys = [dict(zip(names, key, strict=True)) for key in desired]
    stored: dict[tuple[str, ...], Props] = {}
    for rec in _read(tx, cypher.READ_EMPLOYMENTS, "keys", keys):
        key = rec["key"]
        stored[tuple(key[n] for n in names)] = stored_employment(
            key, rec["rel_type"], rec["props"], rec["at_account"]
        )
    plan.rows["employments"] = sort_changes(desired, stored, counts)


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


# ------------------------------------------------------------------ deletions
def _delete(tx: ManagedTransaction, deletion: Deletion) -> bool:
    """Apply one deletion; True when it removed something."""
    id_ = deletion.id
    match deletion.kind:
        case DeletionKind.ACCOUNT:
            if _count(tx, cypher.ACCOUNT_EXISTS, id=id_) == 0:
                return False
            for statement in (
                cypher.DELETE_ACCOUNT_ACTIVITIES,
                cypher.UNSET_ACCOUNT_MANAGERS,
                cypher.RELEASE_FOREIGN_SUBUNITS,
                cypher.RELEASE_FOREIGN_PEOPLE,
                cypher.DELETE_ACCOUNT_UNIT_OPPORTUNITIES,
                cypher.DELETE_ACCOUNT_OPPORTUNITIES,
                cypher.DELETE_ACCOUNT_PEOPLE,
                cypher.DELETE_ACCOUNT_UNITS,
            ):
                _run(tx, statement, id=id_)
            return _count(tx, cypher.DELETE_ACCOUNT, id=id_) > 0
        case DeletionKind.UNIT:
            return _dissolve_unit(tx, id_)
        case DeletionKind.PERSON:
            _run(tx, cypher.DELETE_PERSON_ACTIVITIES, id=id_)
            _run(tx, cypher.UNSET_PERSON_MANAGER, id=id_)
            return _count(tx, cypher.DELETE_PERSON, id=id_) > 0
        case DeletionKind.TEAM_MEMBER:
            _run(tx, cypher.DELETE_TEAM_MEMBER_ACTIVITIES, id=id_)
            _run(tx, cypher.UNSET_TEAM_MEMBER_MANAGER, id=id_)
            return _count(tx, cypher.DELETE_TEAM_MEMBER, id=id_) > 0
        case DeletionKind.RELATIONSHIP:
            return any(_delete_relationship(tx, tm, p) for tm, p in deletion_pairs(id_))
        case DeletionKind.PERSON_TIE:
            return any(
                _count(tx, cypher.DELETE_PERSON_TIE, person_id=min(a, b), other_person_id=max(a, b))
                > 0
                for a, b in deletion_pairs(id_)
            )
    raise ValueError(f"unknown deletion kind {deletion.kind!r}")


def _dissolve_unit(tx: ManagedTransaction, id_: str) -> bool:
    found = tx.run(cypher.READ_UNIT_PARENT, {"id": id_}).single()
    if found is None:
        return False
    params = {"id": id_, "account_id": found["account_id"], "parent_id": found["parent_id"]}
    for statement in (
        cypher.DISSOLVE_MOVE_SUBUNITS,
        cypher.DISSOLVE_MOVE_PEOPLE,
        cypher.DISSOLVE_MOVE_CURRENT_EMPLOYMENTS,
        cypher.DISSOLVE_MOVE_PAST_EMPLOYMENTS,
        cypher.DISSOLVE_DELETE_OPPORTUNITIES,
    ):
        _run(tx, statement, **params)
    return _count(tx, cypher.DELETE_UNIT, id=id_) > 0


def _delete_relationship(tx: ManagedTransaction, team_member_id: str, person_id: str) -> bool:
    pair = {"team_member_id": team_member_id, "person_id": person_id}
    activities = _count(tx, cypher.DELETE_PAIR_ACTIVITIES, **pair)
    return _count(tx, cypher.DELETE_RELATIONSHIP, **pair) + activities > 0
