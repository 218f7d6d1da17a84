"""What a deletion takes with it, whatever the store.

The deletion semantics of :meth:`graph.store.GraphStore.apply` live here once:
an account takes its people, units, opportunities, account-team rows and the
positions held at it; a unit is dissolved — its sub-units, people and past
positions move to its parent (or the account), its opportunities are deleted; a
person or team member takes their relationships, activities and ties, and their
reports lose their manager; deleting a relationship removes the snapshot and the
pair's activities.

A store runs them by offering the primitive reads and writes of
:class:`Primitives`, inside the transaction that has already written the batch's
upserts, so each deletion sees the upserts and the deletions before it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Protocol

from graph.schema import ApplyResult, Deletion, DeletionKind, EmploymentRecord, RecordKind

#: Field values a primitive matches on or writes.
Value = str | bool | dt.date | None


class Primitives(Protocol):
    """Reads and writes by field value, on one kind of record (the field names are
    the record dataclasses'). Reads see the writes made before them."""

    def exists(self, kind: RecordKind, id_: str) -> bool:
        """Whether a record of ``kind`` (one with an ``id``) is stored under ``id_``."""
        ...

    def ids_where(self, kind: RecordKind, name: str, value: str) -> list[str]:
        """The ids of the records of ``kind`` whose field ``name`` is ``value``."""
        ...

    def unit_place(self, id_: str) -> tuple[str, str | None] | None:
        """A stored unit's account and parent unit (None: under the account)."""
        ...

    def employments_at(self, place: str, at_account: bool) -> list[EmploymentRecord]:
        """The positions held at a unit (or at an account when ``at_account``)."""
        ...

    def set_where(self, kind: RecordKind, name: str, old: str, new: str | None) -> None:
        """Set field ``name`` to ``new`` on every record of ``kind`` where it is ``old``."""
        ...

    def delete_where(self, kind: RecordKind, where: Mapping[str, Value]) -> int:
        """Delete the records of ``kind`` whose fields equal ``where``; how many."""
        ...

    def add_employment(self, record: EmploymentRecord) -> bool:
        """Store a position unless one with its key is stored; whether it was added."""
        ...


def id_pairs(id_: str) -> Iterator[tuple[str, str]]:
    """Every way to read a deletion's ``a:b`` id as two ids (ids may hold colons).

    >>> list(id_pairs("T1:P:9"))
    [('T1', 'P:9'), ('T1:P', '9')]
    """
    for i, ch in enumerate(id_):
        if ch == ":":
            yield id_[:i], id_[i + 1 :]


def apply_deletions(deletions: list[Deletion], store: Primitives, result: ApplyResult) -> bool:
    """Run ``deletions`` in order, counting them in ``result``; True when any
    removed something. A deletion counts under ``RecordKind.DELETION`` (``deleted``,
    or ``unchanged`` when nothing matched) and, when it removed something, as
    ``deleted`` under the kind it names; what it takes with it is not counted."""
    cascade = _Cascade(store)
    changed = False
    for deletion in deletions:
        if cascade.delete(deletion):
            changed = True
            result.of(RecordKind.DELETION).deleted += 1
            result.of(RecordKind(deletion.kind.value)).deleted += 1
        else:
            result.of(RecordKind.DELETION).unchanged += 1
    return changed


class _Cascade:
    def __init__(self, store: Primitives) -> None:
        self.store = store

    def delete(self, deletion: Deletion) -> bool:
        """Apply one deletion; True when it removed something."""
        match deletion.kind:
            case DeletionKind.ACCOUNT:
                return self.account(deletion.id)
            case DeletionKind.UNIT:
                return self.dissolve_unit(deletion.id)
            case DeletionKind.PERSON:
                return self.person(deletion.id)
            case DeletionKind.TEAM_MEMBER:
                return self.team_member(deletion.id)
            case DeletionKind.RELATIONSHIP:
                return any(self.pair(tm, p) for tm, p in id_pairs(deletion.id))
            case DeletionKind.PERSON_TIE:
                return any(self.tie(a, b) for a, b in id_pairs(deletion.id))
        raise ValueError(f"unknown deletion kind {deletion.kind!r}")

    def account(self, id_: str) -> bool:
        s = self.store
        if not s.exists(RecordKind.ACCOUNT, id_):
            return False
        for person in s.ids_where(RecordKind.PERSON, "account_id", id_):
            self.person(person)
        for unit in s.ids_where(RecordKind.UNIT, "account_id", id_):
            self.drop_unit(unit)
        s.delete_where(RecordKind.OPPORTUNITY, {"account_id": id_})
        s.delete_where(RecordKind.ACCOUNT_TEAM, {"account_id": id_})
        s.delete_where(RecordKind.EMPLOYMENT, {"unit_id": id_, "at_account": True})
        s.delete_where(RecordKind.ACCOUNT, {"id": id_})
        return True

    def drop_unit(self, id_: str) -> None:
        """Delete a unit outright (its account is going); anything of another account
        that still points at it is cut loose rather than left dangling."""
        s = self.store
        s.set_where(RecordKind.UNIT, "parent_id", id_, None)
        s.set_where(RecordKind.PERSON, "unit_id", id_, None)
        s.delete_where(RecordKind.EMPLOYMENT, {"unit_id": id_, "at_account": False})
        s.delete_where(RecordKind.OPPORTUNITY, {"unit_id": id_})
        s.delete_where(RecordKind.UNIT, {"id": id_})

    def dissolve_unit(self, id_: str) -> bool:
        """Sub-units, people and positions move to the parent (or the account)."""
        s = self.store
        found = s.unit_place(id_)
        if found is None:
            return False
        account_id, parent_id = found
        s.set_where(RecordKind.UNIT, "parent_id", id_, parent_id)
        s.set_where(RecordKind.PERSON, "unit_id", id_, parent_id)
        place, at_account = (account_id, True) if parent_id is None else (parent_id, False)
        for old in s.employments_at(id_, False):
            s.delete_where(
                RecordKind.EMPLOYMENT,
                {"person_id": old.person_id, "unit_id": id_, "from_date": old.from_date},
            )
            # A position already held at the parent from the same date is kept.
            s.add_employment(
                EmploymentRecord(
                    old.person_id, place, old.from_date, old.until_date, old.current, at_account
                )
            )
        s.delete_where(RecordKind.OPPORTUNITY, {"unit_id": id_})
        s.delete_where(RecordKind.UNIT, {"id": id_})
        return True

    def person(self, id_: str) -> bool:
        s = self.store
        if not s.exists(RecordKind.PERSON, id_):
            return False
        s.delete_where(RecordKind.RELATIONSHIP, {"person_id": id_})
        s.delete_where(RecordKind.ACTIVITY, {"person_id": id_})
        s.delete_where(RecordKind.PERSON_TIE, {"person_id": id_})
        s.delete_where(RecordKind.PERSON_TIE, {"other_person_id": id_})
        s.delete_where(RecordKind.EMPLOYMENT, {"person_id": id_})
        s.set_where(RecordKind.PERSON, "manager_id", id_, None)
        s.delete_where(RecordKind.PERSON, {"id": id_})
        return True

    def team_member(self, id_: str) -> bool:
        s = self.store
        if not s.exists(RecordKind.TEAM_MEMBER, id_):
            return False
        s.delete_where(RecordKind.ACCOUNT_TEAM, {"team_member_id": id_})
        s.delete_where(RecordKind.RELATIONSHIP, {"team_member_id": id_})
        s.delete_where(RecordKind.ACTIVITY, {"team_member_id": id_})
        s.set_where(RecordKind.TEAM_MEMBER, "manager_id", id_, None)
        s.delete_where(RecordKind.TEAM_MEMBER, {"id": id_})
        return True

    def pair(self, tm: str, person: str) -> bool:
        """Remove a relationship: the snapshot and the pair's activities."""
        pair = {"team_member_id": tm, "person_id": person}
        removed = self.store.delete_where(RecordKind.RELATIONSHIP, pair)
        return removed + self.store.delete_where(RecordKind.ACTIVITY, pair) > 0

    def tie(self, a: str, b: str) -> bool:
        low, high = (a, b) if a < b else (b, a)
        where = {"person_id": low, "other_person_id": high}
        return self.store.delete_where(RecordKind.PERSON_TIE, where) > 0
