"""DOMAIN.md's "What counts as an activity", applied to mail headers and meeting
occurrences: who is a team member, a person or a captured contact; which messages
and meetings are relationship signals; the ids that make a signal count once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Final

from graph.captured import EmailDirectory, SightingRecord
from graph.schema import ActivityRecord, ActivityType
from ingest.mail.addresses import domain_of, is_automated, is_personal, normalize
from ingest.mail.calendar import Occurrence
from ingest.mail.headers import MailHeaders

_LIST_PRECEDENCE: Final = frozenset({"bulk", "list", "junk"})
_ATTENDING: Final = "ACCEPTED"


def _digest(*parts: str, size: int = 12) -> str:
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=size).hexdigest()


def message_signal(h: MailHeaders) -> str:
    """A message's id across mailboxes: its Message-ID, else its date and parties.
    Hashed: a Message-ID often carries an address."""
    key = h.message_id or "\x1e".join((h.raw_date, h.sender or "", *sorted(h.recipients)))
    return _digest("mail", key)


def meeting_signal(occurrence: Occurrence) -> str:
    return _digest("meeting", occurrence.uid, occurrence.key)


def activity_id(kind: ActivityType, signal_id: str, team_member_id: str, person_id: str) -> str:
    """The activity one signal makes between one team member and one person: the
    same in every mailbox, calendar and load (and after ``powermap promote``).

    >>> activity_id(ActivityType.EMAIL, "s1", "T1", "P1") == activity_id(
    ...     ActivityType.EMAIL, "s1", "T1", "P1")
    True
    """
    prefix = "mail" if kind is ActivityType.EMAIL else "meet"
    return f"{prefix}-{_digest(signal_id, team_member_id, person_id, size=10)}"


@dataclass(slots=True)
class Matcher:
    """Addresses -> team members, people, customer domains, exclusions."""

    team: dict[str, str]  # address -> team member id
    people: dict[str, tuple[str, str]]  # address -> (person id, account id)
    customer_domains: dict[str, str]  # domain -> account id
    our_domains: frozenset[str]
    excluded_members: frozenset[str]  # team member ids
    excluded_addresses: frozenset[str]
    excluded_domains: frozenset[str]
    aliases: dict[str, str]

    def resolve(self, address: str) -> str:
        return self.aliases.get(address, address)

    def excluded(self, address: str) -> bool:
        domain = domain_of(address)
        return address in self.excluded_addresses or any(
            domain == d or domain.endswith("." + d) for d in self.excluded_domains
        )

    def account_of_domain(self, domain: str) -> str | None:
        """The customer whose people use this domain (or a parent domain of it)."""
        labels = domain.split(".")
        for i in range(len(labels) - 1):
            found = self.customer_domains.get(".".join(labels[i:]))
            if found is not None:
                return found
        return None

    def captured_account(self, address: str) -> str | None:
        """The account an unknown address belongs to, when it may be captured."""
        if address in self.team or address in self.people or is_automated(address):
            return None
        domain = domain_of(address)
        if is_personal(domain) or domain in self.our_domains:
            return None
        return self.account_of_domain(domain)


def build_matcher(
    directory: EmailDirectory,
    *,
    exclude_members: tuple[str, ...] = (),
    exclude_addresses: tuple[str, ...] = (),
    exclude_domains: tuple[str, ...] = (),
    aliases: dict[str, str] | None = None,
) -> Matcher:
    team: dict[str, str] = {}
    for tm_id, email in directory.team_members:
        address = normalize(email)
        if address is not None:
            team.setdefault(address, tm_id)  # the directory is ordered by id
    people: dict[str, tuple[str, str]] = {}
    per_domain: dict[str, Counter[str]] = {}
    for p in directory.people:
        address = normalize(p.email)
        if address is None:
            continue
        people.setdefault(address, (p.id, p.account_id))
        domain = domain_of(address)
        if not is_personal(domain):
            per_domain.setdefault(domain, Counter())[p.account_id] += 1
    ours = frozenset(domain_of(a) for a in team)
    customer_domains = {
        d: min(c, key=lambda a: (-c[a], a)) for d, c in per_domain.items() if d not in ours
    }
    wanted = {m.lower() for m in exclude_members}
    excluded = frozenset(
        tm_id
        for address, tm_id in team.items()
        if tm_id.lower() in wanted or address in {normalize(m) for m in wanted}
    ) | frozenset(m for m in exclude_members if m in team.values())
    return Matcher(
        team=team,
        people=people,
        customer_domains=customer_domains,
        our_domains=ours,
        excluded_members=excluded,
        excluded_addresses=frozenset(a for a in map(normalize, exclude_addresses) if a),
        excluded_domains=frozenset(d.strip().lower().lstrip("@") for d in exclude_domains),
        aliases={normalize(k) or k: normalize(v) or v for k, v in (aliases or {}).items()},
    )


@dataclass(slots=True)
class Collector:
    """The activities and sightings of one load, and what was dropped, by reason."""

    matcher: Matcher
    mass_limit: int
    until: dt.date
    activities: dict[str, ActivityRecord] = field(default_factory=dict)
    sightings: dict[tuple[str, str, str], SightingRecord] = field(default_factory=dict)
    dropped: Counter[str] = field(default_factory=Counter)
    seen: set[str] = field(default_factory=set)  # signals that made something
    messages: int = 0
    meetings: int = 0

    def _drop(self, reason: str) -> None:
        self.dropped[reason] += 1

    def message(self, h: MailHeaders) -> None:
        self.messages += 1
        m = self.matcher
        if h.list_id or h.precedence in _LIST_PRECEDENCE:
            return self._drop("message: list or bulk mail")
        if (h.auto_submitted and h.auto_submitted != "no") or (
            h.sender is not None and is_automated(h.sender)
        ):
            return self._drop("message: automated sender")
        if h.sender is None:
            return self._drop("message: no sender address")
        sender = m.resolve(h.sender)
        if m.excluded(sender):
            return self._drop("message: excluded address or domain")
        recipients = [r for r in dict.fromkeys(map(m.resolve, h.recipients)) if r != sender]
        if sum(1 for r in recipients if r not in m.team) > self.mass_limit:
            return self._drop("message: mass mail")
        if h.date is None:
            return self._drop("message: no usable Date")
        if h.date > self.until:
            return self._drop("message: dated after the load date")
        recipients = [r for r in recipients if not m.excluded(r)]
        signal = message_signal(h)
        made = 0
        if sender in m.team:
            for r in recipients:
                made += self._pair(sender, r, signal, ActivityType.EMAIL, h.date)
        else:
            for r in recipients:
                if r in m.team:
                    made += self._pair(r, sender, signal, ActivityType.EMAIL, h.date)
        self._made(signal, made, "message")
        return None

    def occurrence(self, o: Occurrence) -> None:
        self.meetings += 1
        m = self.matcher
        if o.cancelled:
            return self._drop("meeting: cancelled")
        everyone = {m.resolve(a) for a, _ in o.attendees}
        if o.organizer:
            everyone.add(m.resolve(o.organizer))
        if sum(1 for a in everyone if a not in m.team) > self.mass_limit:
            return self._drop("meeting: mass meeting")
        status = {m.resolve(a): s for a, s in o.attendees}
        attended = {a for a, s in status.items() if s == _ATTENDING}
        if o.organizer and status.get(m.resolve(o.organizer)) != "DECLINED":
            attended.add(m.resolve(o.organizer))
        attended = {a for a in attended if not m.excluded(a)}
        signal = meeting_signal(o)
        made = 0
        for tm in (a for a in attended if a in m.team):
            for other in attended:
                if other not in m.team:
                    made += self._pair(tm, other, signal, ActivityType.MEETING, o.date)
        if not made and any(s in ("DECLINED", "TENTATIVE") for s in status.values()):
            return self._drop("meeting: declined or tentative only")
        self._made(signal, made, "meeting")
        return None

    def _made(self, signal: str, made: int, what: str) -> None:
        if not made:
            self._drop(f"{what}: no team member with a customer address")
        elif signal in self.seen:
            self.dropped[f"{what}: seen again (another mailbox or calendar), counted once"] += 1
        else:
            self.seen.add(signal)

    def _pair(
        self, team_address: str, other: str, signal: str, kind: ActivityType, date: dt.date
    ) -> int:
        m = self.matcher
        tm_id = m.team[team_address]
        if tm_id in m.excluded_members:
            return 0
        person = m.people.get(other)
        if person is not None:
            act_id = activity_id(kind, signal, tm_id, person[0])
            self.activities[act_id] = ActivityRecord(act_id, tm_id, person[0], kind, date)
            return 1
        account = m.captured_account(other)
        if account is None:
            return 0
        self.sightings[(other, signal, tm_id)] = SightingRecord(
            other,
            signal,
            tm_id,
            account,
            kind,
            date,
        )
        return 1
