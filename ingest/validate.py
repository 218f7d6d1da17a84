"""Cross-row validation: every reference resolves (in the bundle or the store), units
and people stay within one account, hierarchies and reporting lines have no cycles.

Runs after a dialect has staged its rows and before anything is written. A row that
fails is dropped from the staged records with a problem; a row that only depends on
a dropped row is dropped too, with a non-primary problem naming the row it needed.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from graph.schema import RecordKind
from ingest.bulk_links import check_staged_links
from ingest.chains import Below, OnCycle, resolve_chains
from ingest.lookup import StoreView
from ingest.staged import Entry, Origin, Staged

K = TypeVar("K")
R = TypeVar("R")
Verdict = tuple[str, bool]  # (reason, primary)

_DEFAULT_SOURCES = {
    RecordKind.ACCOUNT: "accounts.csv",
    RecordKind.UNIT: "units.csv",
    RecordKind.PERSON: "people.csv",
    RecordKind.TEAM_MEMBER: "team.csv",
}


class Ref:
    """Where ids of one kind may be found: staged rows, rejected rows, the store."""

    def __init__(
        self,
        label: str,
        staged: dict[str, Any],
        rejected: Mapping[object, Origin],
        stored: dict[str, Any],
        source: str,
        load: Callable[[list[str]], Mapping[str, Any]],
    ) -> None:
        self.label = label
        self.staged = staged
        self.rejected = rejected
        self.stored = stored
        self.source = source
        self._load = load

    def fetch(self, ids: set[str]) -> None:
        """Look up in the store the ids the bundle does not carry."""
        wanted = [i for i in ids if i not in self.staged and i not in self.stored]
        if wanted:
            self.stored.update(self._load(wanted))

    def __contains__(self, id_: str) -> bool:
        return id_ in self.staged or id_ in self.stored

    def check(self, id_: str) -> Verdict | None:
        """None when ``id_`` exists; otherwise why the referring row fails."""
        if id_ in self.staged or id_ in self.stored:
            return None
        origin = self.rejected.get(id_)
        if origin is not None:
            return f"depends on rejected {self.label} {id_} ({origin[0]}:{origin[1]})", False
        return f"unknown {self.label}: not in {self.source} nor in the store", True


class _Validator:
    def __init__(self, st: Staged, view: StoreView) -> None:
        self.st = st
        self.view = view
        account_ids, unit_ids, person_ids, tm_ids = self._referenced()
        self.stored_units = view.units(i for i in unit_ids if i not in st.units)
        account_ids.update(u.account_id for u in self.stored_units.values())
        stored_accounts = view.accounts(i for i in account_ids if i not in st.accounts)
        stored_people = view.people(i for i in person_ids if i not in st.people)
        stored_team = view.team_members(i for i in tm_ids if i not in st.team_members)

        def ref(
            label: str,
            kind: RecordKind,
            staged: dict[str, Any],
            stored: dict[str, Any],
            load: Callable[[list[str]], Mapping[str, Any]],
        ) -> Ref:
            source = st.sources.get(kind, _DEFAULT_SOURCES[kind])
            return Ref(label, staged, st.rejected_of(kind), stored, source, load)

        self.accounts = ref(
            "account", RecordKind.ACCOUNT, st.accounts, stored_accounts, view.accounts
        )
        self.units = ref("unit", RecordKind.UNIT, st.units, self.stored_units, view.units)
        self.people = ref("person", RecordKind.PERSON, st.people, stored_people, view.people)
        self.team = ref(
            "team member", RecordKind.TEAM_MEMBER, st.team_members, stored_team, view.team_members
        )

    def _referenced(self) -> tuple[set[str], set[str], set[str], set[str]]:
        """Ids every staged row refers to, per kind, for one batched store lookup."""
        st = self.st
        accounts: set[str] = set()
        units: set[str] = set()
        people: set[str] = set()
        team: set[str] = set()
        for u, _, _ in st.units.values():
            accounts.add(u.account_id)
            if u.parent_id:
                units.add(u.parent_id)
        for p, _, _ in st.people.values():
            accounts.add(p.account_id)
            if p.unit_id:
                units.add(p.unit_id)
            if p.manager_id:
                people.add(p.manager_id)
        for t, _, _ in st.team_members.values():
            if t.manager_id:
                team.add(t.manager_id)
        for at, _, _ in st.account_teams.values():
            team.add(at.team_member_id)
            accounts.add(at.account_id)
        # The large tables (relationships, activities, ties) are not scanned here:
        # _check_all looks up in the store only the ids their rows miss.
        for e, _, _ in st.employments.values():
            people.add(e.person_id)
            units.add(e.unit_id)
            accounts.add(e.unit_id)
        for o, _, _ in st.opportunities.values():
            if o.account_id:
                accounts.add(o.account_id)
            if o.unit_id:
                units.add(o.unit_id)
        return accounts, units, people, team

    def unit_account(self, unit_id: str) -> str:
        staged = self.st.units.get(unit_id)
        if staged is not None:
            return staged[0].account_id
        return self.stored_units[unit_id].account_id

    def run(self) -> None:
        self._units()
        self._people()
        self._team_members()
        self._account_teams()
        self._relationships()
        self._activities()
        self._person_ties()
        self._employments()
        self._opportunities()

    # ------------------------------------------------------------ hierarchies
    def _units(self) -> None:
        st = self.st
        kind = RecordKind.UNIT
        for uid, (u, _, _) in list(st.units.items()):
            failed = self.accounts.check(u.account_id)
            if failed:
                st.drop(st.units, kind, uid, "account_id", u.account_id, failed)
                continue
            if u.parent_id is None:
                continue
            failed = self.units.check(u.parent_id)
            if failed is None and u.parent_id in self.units:
                owner = self.unit_account(u.parent_id)
                if owner != u.account_id:
                    reason = (
                        f"parent unit {u.parent_id} belongs to account {owner}, not {u.account_id}"
                    )
                    failed = (reason, True)
            if failed:
                st.drop(st.units, kind, uid, "parent_id", u.parent_id, failed)
        external = self.view.unit_parents(
            {u.account_id for u, _, _ in st.units.values()}
            | {u.account_id for u in self.stored_units.values()}
        )
        parents = {uid: e[0].parent_id for uid, e in st.units.items()}
        self._cascade(st.units, kind, parents, external, "parent_id", "the unit hierarchy")

    def _people(self) -> None:
        st = self.st
        kind = RecordKind.PERSON
        for pid, (p, _, _) in list(st.people.items()):
            failed = self.accounts.check(p.account_id)
            if failed:
                st.drop(st.people, kind, pid, "account_id", p.account_id, failed)
                continue
            if p.unit_id is not None:
                failed = self.units.check(p.unit_id)
                if failed is None:
                    owner = self.unit_account(p.unit_id)
                    if owner != p.account_id:
                        reason = f"unit {p.unit_id} belongs to account {owner}, not {p.account_id}"
                        failed = (reason, True)
                if failed:
                    st.drop(st.people, kind, pid, "unit_id", p.unit_id, failed)
                    continue
            if p.manager_id is not None:
                failed = self.people.check(p.manager_id)
                if failed and st.partial:
                    st.unlink(st.people, pid, "manager_id", p.manager_id, _lost(failed, "manager"))
                elif failed:
                    st.drop(st.people, kind, pid, "manager_id", p.manager_id, failed)
        parents = {pid: e[0].manager_id for pid, e in st.people.items()}
        external = self.view.manager_chains(
            [m for m in parents.values() if m], st.people, team=False
        )
        self._cascade(st.people, kind, parents, external, "manager_id", "the reporting line")

    def _team_members(self) -> None:
        st = self.st
        kind = RecordKind.TEAM_MEMBER
        for tid, (t, _, _) in list(st.team_members.items()):
            if t.manager_id is not None:
                failed = self.team.check(t.manager_id)
                if failed and st.partial:
                    reason = _lost(failed, "manager")
                    st.unlink(st.team_members, tid, "manager_id", t.manager_id, reason)
                elif failed:
                    st.drop(st.team_members, kind, tid, "manager_id", t.manager_id, failed)
        parents = {tid: e[0].manager_id for tid, e in st.team_members.items()}
        external = self.view.manager_chains(
            [m for m in parents.values() if m], st.team_members, team=True
        )
        self._cascade(st.team_members, kind, parents, external, "manager_id", "the reporting line")

    def _cascade(
        self,
        table: dict[str, Entry[R]],
        kind: RecordKind,
        parents: dict[str, str | None],
        external: Mapping[str, str | None],
        column: str,
        what: str,
    ) -> None:
        rejected = self.st.rejected_of(kind)
        outcomes = resolve_chains(parents, rejected, external)
        cyclic = {i for i, o in outcomes.items() if isinstance(o, OnCycle)}
        label = kind.value.replace("_", " ")
        for id_, outcome in outcomes.items():
            value = parents[id_] or ""
            if isinstance(outcome, OnCycle):
                verdict = (f"cycle in {what}: " + " -> ".join(outcome.path), True)
                self.st.drop(table, kind, id_, column, value, verdict)
            elif isinstance(outcome, Below):
                root = outcome.root
                if root in cyclic or root not in rejected:
                    reason = f"depends on {label} {root}, which is on a cycle in {what}"
                else:
                    file, line = rejected[root]
                    reason = f"depends on rejected {label} {root} ({file}:{line})"
                if self.st.partial and id_ in table:  # keep the row, cut the chain
                    self.st.unlink(table, id_, column, value, f"{reason}: link dropped")
                    continue
                self.st.drop(table, kind, id_, column, value, (reason, False))

    # ----------------------------------------------------------------- leaves
    def _check_all(
        self, table: dict[K, Entry[R]], kind: RecordKind, refs: tuple[tuple[str, str, Ref], ...]
    ) -> None:
        """Drop rows whose references (column, record attribute, where) fail. Large
        tables take a fast pass over plain sets; only failing rows are explained."""
        valid = [ref.staged.keys() | ref.stored.keys() for _, _, ref in refs]
        get: Callable[[R], Any] = operator.attrgetter(*(attr for _, attr, _ in refs))
        failing: list[K] = []
        if len(refs) == 2:
            first, second = valid
            for key, entry in table.items():
                a, b = get(entry[0])
                if a not in first or b not in second:
                    failing.append(key)
        else:
            (only,) = valid
            failing = [key for key, entry in table.items() if get(entry[0]) not in only]
        for i, (_, attr, ref) in enumerate(refs):
            ref.fetch({getattr(table[key][0], attr) for key in failing} - valid[i])
        for key in failing:
            record = table[key][0]
            for column, attr, ref in refs:
                id_ = getattr(record, attr)
                failed = ref.check(id_)
                if failed and failed[1] and self.st.partial:
                    self.st.lose(table, kind, key, column, id_, _lost(failed, ref.label))
                    break
                if failed:
                    self.st.drop(table, kind, key, column, id_, failed)
                    break

    def _account_teams(self) -> None:
        self._check_all(
            self.st.account_teams,
            RecordKind.ACCOUNT_TEAM,
            (
                ("team_member_id", "team_member_id", self.team),
                ("account_id", "account_id", self.accounts),
            ),
        )

    def _relationships(self) -> None:
        check_staged_links(self.st, RecordKind.RELATIONSHIP, self.team, self.people)
        self._check_all(
            self.st.relationships,
            RecordKind.RELATIONSHIP,
            (
                ("team_member_id", "team_member_id", self.team),
                ("person_id", "person_id", self.people),
            ),
        )

    def _activities(self) -> None:
        check_staged_links(self.st, RecordKind.ACTIVITY, self.team, self.people)
        self._check_all(
            self.st.activities,
            RecordKind.ACTIVITY,
            (
                ("team_member_id", "team_member_id", self.team),
                ("person_id", "person_id", self.people),
            ),
        )

    def _person_ties(self) -> None:
        check_staged_links(self.st, RecordKind.PERSON_TIE, self.people, self.people)
        self._check_all(
            self.st.person_ties,
            RecordKind.PERSON_TIE,
            (
                ("person_id", "person_id", self.people),
                ("other_person_id", "other_person_id", self.people),
            ),
        )

    def _employments(self) -> None:
        st = self.st
        kind = RecordKind.EMPLOYMENT
        self._check_all(st.employments, kind, (("person_id", "person_id", self.people),))
        for key, (e, file, line) in list(st.employments.items()):
            if e.at_account:
                failed = self.accounts.check(e.unit_id)
            elif e.unit_id in self.units:
                continue
            elif e.unit_id in self.accounts:
                st.employments[key] = (dataclasses.replace(e, at_account=True), file, line)
                continue
            else:
                failed = self.units.check(e.unit_id)
                if failed and failed[1]:  # neither a unit nor a rejected unit: an account?
                    failed = self.accounts.check(e.unit_id)
                    if failed and failed[1]:
                        failed = (
                            "unknown unit or account: not in the bundle nor in the store",
                            True,
                        )
            if failed:
                st.drop(st.employments, kind, key, "unit_id", e.unit_id, failed)

    def _opportunities(self) -> None:
        st = self.st
        kind = RecordKind.OPPORTUNITY
        for oid, (o, file, line) in list(st.opportunities.items()):
            if o.unit_id is None:
                failed = self.accounts.check(o.account_id)
                if failed:
                    st.drop(st.opportunities, kind, oid, "account_id", o.account_id, failed)
                continue
            failed = self.units.check(o.unit_id)
            if failed:
                st.drop(st.opportunities, kind, oid, "unit_id", o.unit_id, failed)
                continue
            owner = self.unit_account(o.unit_id)
            if not o.account_id:
                st.opportunities[oid] = (dataclasses.replace(o, account_id=owner), file, line)
            elif o.account_id != owner:
                reason = f"unit {o.unit_id} belongs to account {owner}, not {o.account_id}"
                st.drop(st.opportunities, kind, oid, "account_id", o.account_id, (reason, True))


def _lost(failed: Verdict, what: str) -> str:
    """The warning of a link a partial export loses."""
    reason, primary = failed
    if primary:
        reason = reason.replace("unknown ", "", 1).replace(": not in", " not in", 1)
        return f"{reason} (a partial export): the {what} link is dropped"
    return f"{reason}: the {what} link is dropped"


def validate(st: Staged, view: StoreView) -> None:
    """Drop every staged row that fails a cross-row check, recording why."""
    _Validator(st, view).run()
