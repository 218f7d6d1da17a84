"""What a dry run would write: created / updated / unchanged for the records the
store can be asked about (accounts, units, people, team members); a link is
created when one of its ends is new, and otherwise only counted in ``to_write``
(the store has no cheap per-link lookup)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from graph.schema import KindCounts, RecordKind
from ingest.lookup import StoreView
from ingest.staged import Entry, Staged


def _nodes(staged: Mapping[str, Entry[Any]], stored: Mapping[str, Any]) -> KindCounts:
    counts = KindCounts()
    for id_, (record, _, _) in staged.items():
        old = stored.get(id_)
        if old is None:
            counts.created += 1
        elif old == record:
            counts.unchanged += 1
        else:
            counts.updated += 1
    return counts


def _links(ends: Iterable[tuple[str, ...]], new: set[str]) -> KindCounts:
    counts = KindCounts()
    for end in ends:
        if any(e in new for e in end):
            counts.created += 1
    return counts


def _staged_ends(st: Staged, kind: RecordKind) -> Iterator[tuple[str, ...]]:
    assert st.leaves is not None
    team = kind is not RecordKind.PERSON_TIE
    for batch in st.leaves.ends(kind):
        for a, b in batch:
            yield ("tm:" + a, b) if team else (a, b)


def dry_run_counts(st: Staged, view: StoreView) -> dict[RecordKind, tuple[KindCounts, int]]:
    """Per kind: (what the load would create/update/leave, records it would write)."""
    stored_accounts = view.accounts(st.accounts)
    stored_units = view.units(st.units)
    stored_people = view.people(st.people)
    stored_team = view.team_members(st.team_members)
    new = {i for i in st.accounts if i not in stored_accounts}
    new |= {i for i in st.units if i not in stored_units}
    new_people = {i for i in st.people if i not in stored_people}
    new_team = {"tm:" + i for i in st.team_members if i not in stored_team}
    ends = new | new_people | new_team
    out: dict[RecordKind, tuple[KindCounts, int]] = {
        RecordKind.ACCOUNT: (_nodes(st.accounts, stored_accounts), len(st.accounts)),
        RecordKind.UNIT: (_nodes(st.units, stored_units), len(st.units)),
        RecordKind.PERSON: (_nodes(st.people, stored_people), len(st.people)),
        RecordKind.TEAM_MEMBER: (_nodes(st.team_members, stored_team), len(st.team_members)),
    }
    links: list[tuple[RecordKind, Iterable[tuple[str, ...]], int]] = [
        (
            RecordKind.ACCOUNT_TEAM,
            (("tm:" + r.team_member_id, r.account_id) for r, _, _ in st.account_teams.values()),
            len(st.account_teams),
        ),
        (
            RecordKind.RELATIONSHIP,
            (("tm:" + r.team_member_id, r.person_id) for r, _, _ in st.relationships.values()),
            len(st.relationships),
        ),
        (
            RecordKind.ACTIVITY,
            (("tm:" + r.team_member_id, r.person_id) for r, _, _ in st.activities.values()),
            len(st.activities),
        ),
        (
            RecordKind.PERSON_TIE,
            ((r.person_id, r.other_person_id) for r, _, _ in st.person_ties.values()),
            len(st.person_ties),
        ),
        (
            RecordKind.EMPLOYMENT,
            ((r.person_id,) for r, _, _ in st.employments.values()),
            len(st.employments),
        ),
        (
            RecordKind.OPPORTUNITY,
            ((r.account_id, r.unit_id or "") for r, _, _ in st.opportunities.values()),
            len(st.opportunities),
        ),
    ]
    if st.leaves is not None:
        # Staged link rows (ingest.bulk_stage): their ends, read back in batches.
        links += [(k, _staged_ends(st, k), st.leaves.count(k)) for k in st.leaves.files]
    for kind, link_ends, total in links:
        if total:
            out[kind] = (_links(link_ends, ends), total)
    return {k: v for k, v in out.items() if v[1] or k in st.tallies}
