"""One planner for a load, whatever the store.

The rules a batch's upserts follow live here once, for the embedded store and
Neo4j alike (see :meth:`graph.store.GraphStore.apply`):

* records with the same identity are written once, the last wins, counted once;
* a required field may not be missing, and a tie may not join a person to themselves;
* each record is compared with the stored one of the same key: only created or
  changed records are written, and the counts say which were which;
* a placeholder team member never overwrites a real one;
* every reference of a record to write resolves to the batch or the store.

The planner asks the store, through the small :class:`StoredRows` protocol, for the
stored rows of the batch's keys and for which referenced ids exist — just those
ids, never the whole store. Rows are in the store's own form (SQLite tuples, Neo4j
property dicts): the store encodes records and compares them, the planner decides.
What the deletions of a batch take with them is planned in :mod:`graph.cascade`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any, Final, Generic, Protocol, TypeVar

from graph.errors import StoreWriteError
from graph.schema import ApplyResult, Batch, RecordKind

RowT = TypeVar("RowT")
Key = Hashable

#: Problems named in one error message.
LISTED: Final = 10


@dataclass(frozen=True, slots=True)
class Kind:
    """How the planner treats one kind of record."""

    kind: RecordKind
    attr: str  # the Batch field holding the records
    label: str  # how a message names one record
    key_fields: tuple[str, ...]  # the record's identity
    required: tuple[str, ...]  # fields that may not be None
    references: tuple[tuple[str, RecordKind], ...]  # field -> the kind it names


# Parents before children: the order in which a store writes them.
KINDS: Final = (
    Kind(RecordKind.ACCOUNT, "accounts", "account", ("id",), ("id", "name"), ()),
    Kind(
        RecordKind.UNIT,
        "units",
        "unit",
        ("id",),
        ("id", "account_id", "kind", "name", "status"),
        (("account_id", RecordKind.ACCOUNT), ("parent_id", RecordKind.UNIT)),
    ),
    Kind(
        RecordKind.PERSON,
        "people",
        "person",
        ("id",),
        ("id", "account_id", "name", "seniority"),
        (
            ("account_id", RecordKind.ACCOUNT),
            ("unit_id", RecordKind.UNIT),
            ("manager_id", RecordKind.PERSON),
        ),
    ),
    Kind(
        RecordKind.TEAM_MEMBER,
        "team_members",
        "team member",
        ("id",),
        ("id", "name"),
        (("manager_id", RecordKind.TEAM_MEMBER),),
    ),
    Kind(
        RecordKind.ACCOUNT_TEAM,
        "account_teams",
        "account team row",
        ("team_member_id", "account_id"),
        ("team_member_id", "account_id"),
        (("team_member_id", RecordKind.TEAM_MEMBER), ("account_id", RecordKind.ACCOUNT)),
    ),
    Kind(
        RecordKind.RELATIONSHIP,
        "relationships",
        "relationship",
        ("team_member_id", "person_id"),
        ("team_member_id", "person_id"),
        (("team_member_id", RecordKind.TEAM_MEMBER), ("person_id", RecordKind.PERSON)),
    ),
    Kind(
        RecordKind.ACTIVITY,
        "activities",
        "activity",
        ("id",),
        ("id", "team_member_id", "person_id", "type", "date"),
        (("team_member_id", RecordKind.TEAM_MEMBER), ("person_id", RecordKind.PERSON)),
    ),
    Kind(
        RecordKind.PERSON_TIE,
        "person_ties",
        "person tie",
        ("person_id", "other_person_id"),
        ("person_id", "other_person_id", "strength", "kind"),
        (("person_id", RecordKind.PERSON), ("other_person_id", RecordKind.PERSON)),
    ),
    # An employment's place (a unit, or an account when at_account) is checked apart.
    Kind(
        RecordKind.EMPLOYMENT,
        "employments",
        "employment",
        ("person_id", "unit_id", "from_date"),
        ("person_id", "unit_id"),
        (("person_id", RecordKind.PERSON),),
    ),
    Kind(
        RecordKind.OPPORTUNITY,
        "opportunities",
        "opportunity",
        ("id",),
        ("id", "account_id"),
        (("account_id", RecordKind.ACCOUNT), ("unit_id", RecordKind.UNIT)),
    ),
)
BY_KIND: Final = {k.kind: k for k in KINDS}
#: The kinds whose ids other records refer to, and where the batch holds them.
NAMED: Final = (RecordKind.ACCOUNT, RecordKind.UNIT, RecordKind.PERSON, RecordKind.TEAM_MEMBER)


class Streams(Protocol):
    """Records of some kinds too many to hold at once, given in batches."""

    def count(self, kind: RecordKind) -> int:
        """How many records of ``kind`` :meth:`chunks` gives."""
        ...

    def chunks(self, kind: RecordKind) -> Iterator[list[Any]]:
        """The records of ``kind``, in batches of distinct keys."""
        ...


@dataclass(slots=True)
class StreamedBatch(Batch):
    """A batch whose ``streamed`` kinds come from ``streams`` in batches (their lists
    stay empty): a store plans and writes them one batch at a time."""

    streams: Streams | None = None
    streamed: frozenset[RecordKind] = frozenset()

    def __len__(self) -> int:
        held = sum(len(getattr(self, f.name)) for f in fields(Batch))
        if self.streams is None:
            return held
        return held + sum(self.streams.count(k) for k in self.streamed)


def batches_of(batch: Batch, spec: Kind) -> Iterator[list[Any]]:
    """The records of one kind: the batch's list, then any streamed batches."""
    records = getattr(batch, spec.attr)
    if records:
        yield records
    if not isinstance(batch, StreamedBatch) or batch.streams is None:
        return
    if spec.kind in batch.streamed:
        yield from batch.streams.chunks(spec.kind)


class StoredRows(Protocol[RowT]):
    """What the planner asks of a store, inside the transaction the batch is
    applied in. Keys are what :meth:`key_of` gives for a row."""

    def encoder(self, kind: RecordKind) -> Callable[[Any], RowT]:
        """The function giving the row the store would write for a record."""
        ...

    def key_of(self, kind: RecordKind) -> Callable[[RowT], Key]:
        """The function giving a row's key."""
        ...

    def stored(self, kind: RecordKind, keys: list[Key]) -> Mapping[Key, RowT]:
        """The stored rows among ``keys`` (absent keys are left out)."""
        ...

    def same(self, kind: RecordKind, new: RowT, old: RowT) -> bool:
        """Whether writing ``new`` over ``old`` would change nothing."""
        ...

    def placeholder(self, row: RowT) -> bool:
        """Whether a team member row is a placeholder."""
        ...

    def existing_ids(self, kind: RecordKind, ids: list[str]) -> set[str]:
        """The ids among ``ids`` of stored records of ``kind`` (one of :data:`NAMED`)."""
        ...


@dataclass(slots=True)
class KindPlan(Generic[RowT]):
    """One kind's upserts: the rows to write by key (created or changed), the keys
    of those that are new (``None``: all of them), and the stored rows they replace."""

    kind: RecordKind
    rows: dict[Key, RowT]
    created: set[Key] | None
    replaced: Mapping[Key, RowT]


@dataclass(slots=True)
class Upserts(Generic[RowT]):
    """A checked batch's upserts, every kind at once."""

    result: ApplyResult
    kinds: dict[RecordKind, KindPlan[RowT]] = field(default_factory=dict)

    def rows(self, kind: RecordKind) -> dict[Key, RowT]:
        found = self.kinds.get(kind)
        return {} if found is None else found.rows

    def any(self) -> bool:
        return any(p.rows for p in self.kinds.values())


def plan_upserts(batch: Batch, store: StoredRows[RowT], where: str) -> Upserts[RowT]:
    """Every kind's upserts at once (see :func:`plan_kinds`)."""
    plan: Upserts[RowT] = Upserts(ApplyResult())
    for kind_plan in plan_kinds(batch, store, where, plan.result):
        held = plan.kinds.get(kind_plan.kind)
        if held is None:
            plan.kinds[kind_plan.kind] = kind_plan
            continue
        # A streamed kind comes in several plans (distinct keys): one plan of them.
        created = set(held.rows) if held.created is None else held.created
        created |= set(kind_plan.rows) if kind_plan.created is None else kind_plan.created
        held.rows.update(kind_plan.rows)
        held.created = created
        held.replaced = {**held.replaced, **kind_plan.replaced}
    return plan


def plan_kinds(
    batch: Batch, store: StoredRows[RowT], where: str, result: ApplyResult
) -> Iterator[KindPlan[RowT]]:
    """Compare the batch's records with the stored ones and check them, one kind at
    a time, parents first, counting into ``result``; change nothing. A store may
    write each kind as it comes, so only one kind's rows are held at a time; then,
    when a later kind fails, it rolls back what it wrote.

    Raises :class:`StoreWriteError` (naming the records; ``where`` names the store)
    for a missing required field, a tie of a person with themselves or a reference
    that resolves neither to the batch nor to the store — after every kind was
    checked, so the message counts every problem; no kind comes after a failing one.
    """
    _check_fields(batch, where)
    in_batch = {k: {r.id for r in getattr(batch, BY_KIND[k].attr)} for k in NAMED}
    problems: list[str] = []
    for spec in KINDS:
        for records in batches_of(batch, spec):
            if isinstance(batch, StreamedBatch) and records is not getattr(batch, spec.attr):
                _raise_field_problems(_field_problems(spec, records), where)
            kind_plan, written = _plan_kind(spec, records, store, result)
            problems += _problems(spec, written, in_batch, store)
            del written
            if not problems:
                yield kind_plan
            del kind_plan
    if problems:
        more = len(problems) - LISTED
        raise StoreWriteError(
            f"the batch refers to records that are neither in {where} nor in the batch: "
            f"{'; '.join(problems[:LISTED])}{f'; and {more} more' if more > 0 else ''}. "
            "Nothing was written; add the missing records to the batch or fix the "
            "references, then load again."
        )


def _plan_kind(
    spec: Kind, records: list[Any], store: StoredRows[RowT], result: ApplyResult
) -> tuple[KindPlan[RowT], list[Any]]:
    """One kind's plan and the records it writes."""
    kind = spec.kind
    rows = list(map(store.encoder(kind), records))
    keys = list(map(store.key_of(kind), rows))
    # Keyed by identity, the last one wins: the same record twice is written once.
    last = dict(zip(keys, range(len(keys)), strict=True))
    stored = store.stored(kind, list(last))
    counts = result.of(kind)
    if not stored and len(last) == len(rows):
        # A first load of the kind: every record is new (and holds one row only).
        counts.created += len(rows)
        return KindPlan(kind, dict(zip(keys, rows, strict=True)), None, stored), records
    desired = {k: rows[i] for k, i in last.items()}
    if kind is RecordKind.TEAM_MEMBER and stored:
        _keep_real_team_members(store, desired, stored)
    same = store.same
    changed: dict[Key, RowT] = {}
    created: set[Key] = set()
    for k, row in desired.items():
        old = stored.get(k)
        if old is None:
            created.add(k)
            changed[k] = row
        elif not same(kind, row, old):
            changed[k] = row
    counts.created += len(created)
    counts.updated += len(changed) - len(created)
    counts.unchanged += len(desired) - len(changed)
    written = [records[last[k]] for k in changed]
    return KindPlan(kind, changed, created, stored), written


def _keep_real_team_members(
    store: StoredRows[RowT], desired: dict[Key, RowT], stored: Mapping[Key, RowT]
) -> None:
    """Leave stored real team members as they are where the batch brings placeholders."""
    for k, row in desired.items():
        old = stored.get(k)
        if old is not None and store.placeholder(row) and not store.placeholder(old):
            desired[k] = old


def _check_fields(batch: Batch, where: str) -> None:
    problems: list[str] = []
    for spec in KINDS:
        problems += _field_problems(spec, getattr(batch, spec.attr))
    _raise_field_problems(problems, where)


def _field_problems(spec: Kind, records: list[Any]) -> list[str]:
    # One C-level pass over the fields; only a failing record is looked at again.
    values = map(attrgetter(*spec.required), records)
    if not any(None in v for v in values):
        return []
    return [
        f"{spec.label} {getattr(record, spec.required[0])!r}: {name} is missing"
        for record in records
        for name in spec.required
        if getattr(record, name) is None
    ]


def _raise_field_problems(problems: list[str], where: str) -> None:
    if problems:
        raise StoreWriteError(
            f"the batch breaks a rule of {where}: {'; '.join(problems[:LISTED])}. Nothing "
            "was written; fix the records named and load again."
        )


def record_name(spec: Kind, record: Any) -> str:
    """How a message names a record: its key, ``:``-joined, empty parts left out."""
    values = (getattr(record, f) for f in spec.key_fields)
    return ":".join(str(v) for v in values if v)


def _problems(
    spec: Kind, records: list[Any], in_batch: dict[RecordKind, set[str]], store: StoredRows[Any]
) -> list[str]:
    """Why records of one kind to write break a rule: a tie of a person with
    themselves, a reference that resolves neither to the batch nor to the store."""
    problems: list[str] = []
    if not records:
        return problems
    # (field, how a message names it, the kind it names, the records that hold it)
    checks = [(ref, ref, target, records) for ref, target in spec.references]
    if spec.kind is RecordKind.EMPLOYMENT:
        # An employment's place names an account or a unit.
        at_account = [e for e in records if e.at_account]
        at_unit = [e for e in records if not e.at_account]
        checks.append(("unit_id", "account", RecordKind.ACCOUNT, at_account))
        checks.append(("unit_id", "unit", RecordKind.UNIT, at_unit))
    if spec.kind is RecordKind.PERSON_TIE:
        problems.extend(
            f"person tie {record_name(spec, t)!r} ties a person to themselves"
            for t in records
            if t.person_id == t.other_person_id
        )
    for ref, name, target, holding in checks:
        # Ids the batch does not hold: the store is asked about those only.
        wanted = set(map(attrgetter(ref), holding)) - in_batch[target]
        wanted.discard(None)  # an optional reference left empty
        if not wanted:
            continue
        gone = wanted - store.existing_ids(target, sorted(wanted))
        if gone:
            problems.extend(
                f"{spec.label} {record_name(spec, r)!r}: {name} {getattr(r, ref)!r} does not exist"
                for r in holding
                if getattr(r, ref) in gone
            )
    return problems
