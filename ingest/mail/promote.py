"""Captured contacts become people: ``powermap promote``, or a load that brings a
person with a captured address. Their sightings turn into the activities a mail
load would have made (same ids), and the sightings go."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from graph.captured import CapturedStore, SightingRecord
from graph.errors import NotFoundError
from graph.schema import ActivityRecord, Batch, PersonRecord
from graph.store import GraphStore
from ingest.errors import IngestOptionError
from ingest.mail.addresses import normalize
from ingest.mail.rules import activity_id
from ingest.titles import derive_seniority


def promoted_person_id(address: str) -> str:
    """A stable person id for a promoted address (the address itself is not shown).

    >>> promoted_person_id("jo@acme.com") == promoted_person_id("Jo@ACME.com")
    True
    """
    digest = hashlib.blake2b((normalize(address) or address).encode(), digest_size=6)
    return f"captured-{digest.hexdigest()}"


def _activities(sightings: Iterable[SightingRecord], person_id: str) -> list[ActivityRecord]:
    return [
        ActivityRecord(
            activity_id(s.type, s.signal_id, s.team_member_id, person_id),
            s.team_member_id,
            person_id,
            s.type,
            s.date,
        )
        for s in sightings
    ]


def promote(
    store: GraphStore,
    address: str,
    unit_id: str,
    name: str,
    *,
    person_id: str | None = None,
    title: str | None = None,
) -> tuple[PersonRecord, int]:
    """Make the captured contact ``address`` a person working in ``unit_id`` (a unit,
    or an account for the account level). Returns the person and its activities."""
    if not isinstance(store, CapturedStore):
        raise IngestOptionError("this store holds no captured contacts")
    normal = normalize(address)
    if normal is None:
        raise IngestOptionError(f"{address!r} is not an e-mail address")
    sightings = store.sightings([normal])
    if not sightings:
        raise NotFoundError(
            f"{address} is no captured contact: `powermap captured ACCOUNT` lists them"
        )
    unit = store.units([unit_id]).get(unit_id)
    if unit is not None:
        account_id, unit_ref = unit.account_id, unit_id
    elif store.accounts([unit_id]):
        account_id, unit_ref = unit_id, None
    else:
        raise NotFoundError(f"there is no unit or account with id {unit_id!r} in the store")
    pid = person_id or promoted_person_id(normal)
    if store.people([pid]):
        raise IngestOptionError(f"a person with id {pid!r} exists already; pass another --id")
    person = PersonRecord(
        id=pid,
        account_id=account_id,
        name=name,
        unit_id=unit_ref,
        title=title,
        seniority=derive_seniority(title),
        email=normal,
    )
    activities = _activities(sightings, pid)
    store.apply(Batch(people=[person], activities=activities))
    store.delete_sightings([normal])
    return person, len(activities)


def promote_loaded_people(store: GraphStore, people: Iterable[PersonRecord]) -> int:
    """After a CRM load: people whose e-mail was a captured contact take over its
    sightings as activities. Returns how many addresses were promoted."""
    if not isinstance(store, CapturedStore):
        return 0
    captured = store.captured_addresses()
    if not captured:  # the usual case: no mail loaded, or nobody captured
        return 0
    by_address = {
        a: p.id for p in people if p.email and (a := normalize(p.email)) and a in captured
    }
    if not by_address:
        return 0
    sightings = store.sightings(by_address)
    if not sightings:
        return 0
    activities = [a for s in sightings for a in _activities([s], by_address[s.address])]
    store.apply(Batch(activities=activities))
    addresses = sorted({s.address for s in sightings})
    store.delete_sightings(addresses)
    return len(addresses)
