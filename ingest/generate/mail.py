"""Mail for a generated world (``powermap generate --dialect mail``): mbox files and
.ics calendars in the shapes real exports have, for the demo and for benchmarks.

* ``demo``: a small mailbox and calendar of Leila Haddad (tm-12, Brightwell's
  account executive) and Amara Okafor (tm-07): threads with the Solar Farms
  people nobody knew (``brightwell-gen-solar`` turns from uncovered to covered), a
  weekly call with an exception and a cancelled occurrence, a declined meeting,
  two colleagues at brightwell-energy.example who are in no CRM (captured
  contacts), and the noise a real mailbox holds: a newsletter to many, list mail,
  no-reply notifications, a private address.
* ``messages=N``: one Google-Takeout-style mbox of N messages (about 4.5 kB each,
  with the Received/DKIM headers and bodies real mail has) between the team and
  the people of the world, for the reading benchmark.

Same world, seed, anchor and size: the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from email.utils import format_datetime
from pathlib import Path
from typing import Final, TextIO

DEMO_TEAM_MEMBERS: Final = ("tm-12", "tm-07")
DEMO_UNIT: Final = "brightwell-gen-solar"
DEMO_DOMAIN: Final = "brightwell-energy.example"
#: People of no CRM who write to us (captured contacts in the demo).
DEMO_UNKNOWN: Final = ("olivia.grant", "samir.patel")
_PROSE: Final = (
    "quarterly review forecast capacity turbine panel inverter grid contract renewal "
    "pricing schedule maintenance outage audit proposal rollout pilot budget site "
    "survey commissioning warranty service level data export integration workshop"
)
_WORDS: Final = tuple(_PROSE.split(" "))


@dataclass(frozen=True, slots=True)
class Party:
    id: str
    name: str
    email: str
    account_id: str = ""
    unit_id: str = ""


@dataclass(frozen=True, slots=True)
class MailStats:
    files: dict[str, int]  # relative path -> messages or events written
    bytes: int


def _read(world: Path, name: str) -> list[dict[str, str]]:
    with (world / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _team(world: Path) -> dict[str, Party]:
    return {r["id"]: Party(r["id"], r["name"], r["email"]) for r in _read(world, "team.csv")}


def _people(world: Path) -> list[Party]:
    return [
        Party(r["id"], r["name"], r["email"], r["account_id"], r["unit_id"])
        for r in _read(world, "people.csv")
        if r["email"] and not r["left_on"]
    ]


def _addr(p: Party) -> str:
    return f'"{p.name}" <{p.email}>'


def _stamp(when: dt.datetime) -> str:
    return format_datetime(when)


class _Mbox:
    """Writes messages as an mbox (From_ lines, ``>From`` quoting in bodies)."""

    def __init__(self, out: TextIO, rng: random.Random) -> None:
        self.out = out
        self.rng = rng
        self.count = 0

    def body(self, words: int) -> str:
        text = " ".join(self.rng.choice(_WORDS) for _ in range(words))
        lines = [text[i : i + 72] for i in range(0, len(text), 72)]
        return "\n".join(">" + ln if ln.startswith("From ") else ln for ln in lines)

    def write(
        self,
        sender: str,
        to: list[str],
        when: dt.datetime,
        msgid: str,
        *,
        cc: list[str] | None = None,
        extra: list[str] | None = None,
        reply_to: str | None = None,
        words: int = 60,
    ) -> None:
        envelope = sender.rsplit("<", 1)[-1].rstrip(">")
        headers = [
            f"From {envelope} {when.strftime('%a %b %d %H:%M:%S %Y')}",
            "X-GM-THRID: " + str(self.rng.randrange(10**18, 10**19)),
            "X-Gmail-Labels: Inbox,Important",
            "Received: from mail-sor-f41.google.com (mail-sor-f41.google.com. [209.85.220.41])",
            f"        by mx.google.com with SMTPS id {msgid[:12]}; {_stamp(when)}",
            "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example; s=20230601;",
            "        h=to:subject:message-id:date:from:mime-version; bh="
            + "".join(self.rng.choice("abcdefABCDEF0123456789") for _ in range(44)),
            f"From: {sender}",
            f"To: {', '.join(to)}",
        ]
        if cc:
            headers.append(f"Cc: {', '.join(cc)}")
        headers += [
            f"Subject: {' '.join(self.rng.choice(_WORDS) for _ in range(4))}",
            f"Date: {_stamp(when)}",
            f"Message-ID: <{msgid}>",
        ]
        if reply_to:
            headers += [f"In-Reply-To: <{reply_to}>", f"References: <{reply_to}>"]
        headers += [
            *(extra or []),
            "MIME-Version: 1.0",
            'Content-Type: text/plain; charset="UTF-8"',
        ]
        self.out.write("\n".join(headers) + "\n\n" + self.body(words) + "\n\n")
        self.count += 1


def _vevent(
    uid: str,
    start: dt.datetime,
    organizer: Party,
    attendees: list[tuple[Party, str]],
    *,
    rrule: str = "",
    recurrence_id: dt.datetime | None = None,
    status: str = "CONFIRMED",
) -> str:
    fmt = "%Y%m%dT%H%M%SZ"
    lines = [
        "BEGIN:VEVENT",
        f"DTSTART:{start.strftime(fmt)}",
        f"DTEND:{(start + dt.timedelta(minutes=45)).strftime(fmt)}",
        f"DTSTAMP:{start.strftime(fmt)}",
        f"UID:{uid}",
        f"ORGANIZER;CN={organizer.name}:mailto:{organizer.email}",
    ]
    if rrule:
        lines.append(f"RRULE:{rrule}")
    if recurrence_id is not None:
        lines.append(f"RECURRENCE-ID:{recurrence_id.strftime(fmt)}")
    for who, partstat in attendees:
        lines.append(f"ATTENDEE;CN={who.name};PARTSTAT={partstat}:mailto:{who.email}")
    lines += ["SUMMARY:call", f"STATUS:{status}", "END:VEVENT"]
    return "\r\n".join(lines)


def _calendar(owner: Party, events: list[str]) -> str:
    head = "BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n"
    head += f"VERSION:2.0\r\nCALSCALE:GREGORIAN\r\nX-WR-CALNAME:{owner.email}\r\n"
    return head + "\r\n".join(events) + "\r\nEND:VCALENDAR\r\n"


def _at(anchor: dt.date, days: int, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(anchor + dt.timedelta(days=days), dt.time(hour), tzinfo=dt.UTC)


def generate_demo_mail(out: Path, world: Path, seed: int, anchor: dt.date) -> MailStats:
    rng = random.Random(seed)  # noqa: S311 - reproducible fiction, not secrets
    team = _team(world)
    leila, amara = (team[t] for t in DEMO_TEAM_MEMBERS)
    solar = [p for p in _people(world) if p.unit_id == DEMO_UNIT][:3]
    unknown = [Party("", n.replace(".", " ").title(), f"{n}@{DEMO_DOMAIN}") for n in DEMO_UNKNOWN]
    files: dict[str, int] = {}
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{leila.email}.mbox"
    with path.open("w", encoding="utf-8", newline="\n") as f:
        box = _Mbox(f, rng)
        _demo_messages(box, leila, amara, solar, unknown, anchor)
    files[path.name] = box.count
    events = _demo_events(leila, amara, solar, unknown, anchor)
    (out / "calendars").mkdir(exist_ok=True)
    for owner in (leila, amara):  # both calendars hold the series: it counts once
        name = f"calendars/{owner.email}.ics"
        (out / name).write_text(_calendar(owner, events), encoding="utf-8", newline="")
        files[name] = len(events)
    return MailStats(files, sum((out / n).stat().st_size for n in files))


def _demo_messages(
    box: _Mbox,
    leila: Party,
    amara: Party,
    solar: list[Party],
    unknown: list[Party],
    anchor: dt.date,
) -> None:
    """The demo mailbox: a thread with each of three Solar contacts (ask, reply with
    a colleague in copy, follow-up copying someone the CRM lacks), a first mail from
    another unknown, and what mail rules drop: a newsletter, a list, an automatic
    message, a private address."""
    for i, person in enumerate(solar):  # a thread with each: ask, reply, follow-up
        first = f"solar-{i}@ourco.example"
        box.write(_addr(leila), [_addr(person)], _at(anchor, -40 + 7 * i), first)
        box.write(
            _addr(person),
            [_addr(leila)],
            _at(anchor, -39 + 7 * i, 14),
            f"re-solar-{i}@{DEMO_DOMAIN}",
            cc=[_addr(amara)],
            reply_to=first,
        )
        box.write(
            _addr(leila),
            [_addr(person)],
            _at(anchor, -10 + i),
            f"follow-{i}@ourco.example",
            cc=[_addr(unknown[0])],
        )
    box.write(_addr(unknown[1]), [_addr(leila)], _at(anchor, -6), f"hello@{DEMO_DOMAIN}")
    box.write(
        _addr(leila),
        [f"person{i}@{DEMO_DOMAIN}" for i in range(14)],
        _at(anchor, -20),
        "newsletter@ourco.example",
    )
    box.write(
        _addr(solar[0]),
        [f"solar-all@{DEMO_DOMAIN}", _addr(leila)],
        _at(anchor, -15),
        f"list@{DEMO_DOMAIN}",
        extra=["List-Id: <solar-all.brightwell-energy.example>", "Precedence: list"],
    )
    box.write(
        f"Brightwell Portal <no-reply@{DEMO_DOMAIN}>",
        [_addr(leila)],
        _at(anchor, -5),
        f"ticket@{DEMO_DOMAIN}",
        extra=["Auto-Submitted: auto-generated"],
    )
    box.write(
        _addr(leila),
        ["Olivia <olivia.grant1988@gmail.com>"],
        _at(anchor, -4),
        "private@ourco.example",
    )


def _demo_events(
    leila: Party, amara: Party, solar: list[Party], unknown: list[Party], anchor: dt.date
) -> list[str]:
    """The demo calendar: a weekly series (one moved occurrence with a guest the CRM
    lacks, one cancelled) and a site visit one invitee declined."""
    weekly = _at(anchor, -35, 10)
    attendees = [(solar[0], "ACCEPTED"), (solar[1], "ACCEPTED"), (amara, "ACCEPTED")]
    return [
        _vevent(
            "solar-weekly@ourco.example", weekly, leila, attendees, rrule="FREQ=WEEKLY;COUNT=8"
        ),
        _vevent(
            "solar-weekly@ourco.example",
            weekly + dt.timedelta(days=15),
            leila,
            [*attendees, (unknown[1], "ACCEPTED")],
            recurrence_id=weekly + dt.timedelta(days=14),
        ),
        _vevent(
            "solar-weekly@ourco.example",
            weekly + dt.timedelta(days=21),
            leila,
            [],
            recurrence_id=weekly + dt.timedelta(days=21),
            status="CANCELLED",
        ),
        _vevent(
            "solar-site@ourco.example",
            _at(anchor, -12, 13),
            solar[2],
            [(leila, "DECLINED"), (amara, "TENTATIVE")],
        ),
    ]


def _messages(
    rng: random.Random, team: list[Party], people: list[Party], n: int
) -> Iterator[tuple[str, list[str], list[str], list[str], str]]:
    """(sender, to, cc, extra headers, kind) for ``n`` messages."""
    for i in range(n):
        tm = team[i % len(team)]
        person = people[rng.randrange(len(people))]
        roll = rng.random()
        if roll < 0.05:
            to = [f"list{k}@{person.email.rsplit('@', 1)[1]}" for k in range(12)]
            yield _addr(tm), to, [], [], "mass"
        elif roll < 0.10:
            yield (
                _addr(person),
                [_addr(tm)],
                [],
                ["List-Id: <news.example>", "Precedence: bulk"],
                "list",
            )
        elif roll < 0.55:
            yield _addr(tm), [_addr(person)], [], [], "out"
        else:
            yield _addr(person), [_addr(tm)], [_addr(team[(i + 1) % len(team)])], [], "in"


def generate_scale_mail(
    out: Path, world: Path, seed: int, anchor: dt.date, messages: int
) -> MailStats:
    rng = random.Random(seed)  # noqa: S311 - reproducible fiction, not secrets
    team = sorted(_team(world).values(), key=lambda t: t.id)
    people = _people(world)
    out.mkdir(parents=True, exist_ok=True)
    name = "All mail Including Spam and Trash.mbox"
    with (out / name).open("w", encoding="utf-8", newline="\n") as f:
        box = _Mbox(f, rng)
        for i, (sender, to, cc, extra, _) in enumerate(_messages(rng, team, people, messages)):
            when = _at(anchor, -rng.randrange(720), rng.randrange(7, 19))
            box.write(
                sender,
                to,
                when,
                f"g{i:09d}.{seed}@mail.example",
                cc=cc,
                extra=extra,
                words=rng.randrange(300, 700),
            )
    return MailStats({name: messages}, (out / name).stat().st_size)


#: Messages of the benchmark mailbox per scale, unless --messages says otherwise
#: (M: about 1 GB).
SCALE_MESSAGES: Final = {"S": 20_000, "M": 230_000, "L": 1_000_000}


def generate_mail(
    out: Path, scale: str, seed: int, anchor: dt.date, messages: int | None = None
) -> MailStats:
    """Generate the world of ``scale`` (not written), then its mail into ``out``."""
    import tempfile

    from ingest.generate import Scale, generate_bundle

    chosen = Scale(scale)
    with tempfile.TemporaryDirectory(prefix="powermap-world-") as tmp:
        world = Path(tmp) / "world"
        generate_bundle(world, chosen, seed=seed, anchor=anchor)
        if chosen is Scale.DEMO and messages is None:
            return generate_demo_mail(out, world, seed, anchor)
        count = messages if messages is not None else SCALE_MESSAGES.get(chosen.value, 1000)
        return generate_scale_mail(out, world, seed, anchor, count)
