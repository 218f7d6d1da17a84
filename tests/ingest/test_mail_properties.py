"""Property: loading the same mail twice, or in two halves (in either order), gives
the same store as loading it once."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any, Final

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.captured import CapturedStore
from graph.embedded import EmbeddedStore
from ingest.mail.options import MailOptions
from ingest.report import IngestOptions
from ingest.service import load_bundle
from tests.graph._graphs import account_graph

WORLD: Final = Path(__file__).parent / "fixtures" / "mail" / "world"
UNTIL: Final = dt.date(2026, 10, 10)
ADDRESSES: Final = (
    "ann@ours.example",
    "Ben+x@ours.example",
    "dana@acme.example",
    "eric@ACME.example",
    "fay@globex.example",
    "greg@acme.example",
    "ivy@eu.globex.example",
    "hugo@gmail.com",
    "noreply@acme.example",
)
PARTSTATS: Final = ("ACCEPTED", "DECLINED", "TENTATIVE", "NEEDS-ACTION")

message = st.fixed_dictionaries(
    {
        "id": st.integers(0, 12),  # repeats: the same message in two mailboxes
        "sender": st.sampled_from(ADDRESSES),
        "to": st.lists(st.sampled_from(ADDRESSES), min_size=1, max_size=4),
        "day": st.integers(0, 60),
        "list": st.booleans(),
    }
)
meeting = st.fixed_dictionaries(
    {
        "uid": st.integers(0, 5),
        "organizer": st.sampled_from(ADDRESSES),
        "attendees": st.lists(
            st.tuples(st.sampled_from(ADDRESSES), st.sampled_from(PARTSTATS)), max_size=4
        ),
        "day": st.integers(0, 60),
        "weekly": st.integers(1, 4),
        "cancelled": st.booleans(),
    }
)


def _mbox(messages: list[dict[str, Any]]) -> str:
    out = []
    for m in messages:
        date = dt.datetime(2026, 8, 1, 9, tzinfo=dt.UTC) + dt.timedelta(days=m["day"])
        headers = [
            f"From: {m['sender']}",
            f"To: {', '.join(m['to'])}",
            f"Date: {date.strftime('%a, %d %b %Y %H:%M:%S +0000')}",
            f"Message-ID: <m{m['id']}-{m['sender']}-{m['day']}@x>",
        ]
        if m["list"]:
            headers.append("Precedence: bulk")
        out.append("From x " + date.ctime() + "\n" + "\n".join(headers) + "\n\nbody\n")
    return "\n".join(out)


def _ics(meetings: list[dict[str, Any]]) -> str:
    events = []
    for m in meetings:
        start = dt.date(2026, 8, 1) + dt.timedelta(days=m["day"])
        lines = [
            "BEGIN:VEVENT",
            f"UID:u{m['uid']}-{m['day']}@cal",
            f"DTSTART:{start.strftime('%Y%m%d')}T100000Z",
            f"RRULE:FREQ=WEEKLY;COUNT={m['weekly']}",
            f"ORGANIZER:mailto:{m['organizer']}",
            *(f"ATTENDEE;PARTSTAT={p}:mailto:{a}" for a, p in m["attendees"]),
            f"STATUS:{'CANCELLED' if m['cancelled'] else 'CONFIRMED'}",
            "END:VEVENT",
        ]
        events.append("\r\n".join(lines))
    body = "\r\n".join(events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n{body}\r\nEND:VCALENDAR\r\n"


def _state(store: EmbeddedStore) -> tuple[object, ...]:
    assert isinstance(store, CapturedStore)
    graphs = []
    for account in ("A1", "A2"):
        g = account_graph(store, account)
        graphs.append(sorted((u, v, repr(sorted(d.items()))) for u, v, d in g.edges(data=True)))
    captured = [store.captured_of_account(a) for a in ("A1", "A2")]
    return (store.counts(), graphs, captured)


def _load(store: EmbeddedStore, *folders: Path) -> None:
    options = IngestOptions(format="mail", mail=MailOptions(until=UNTIL))
    for folder in folders:
        load_bundle(folder, store, options)


def _write(folder: Path, messages: list[dict[str, Any]], meetings: list[dict[str, Any]]) -> Path:
    folder.mkdir()
    (folder / "box.mbox").write_text(_mbox(messages) or "From x\n\n")
    (folder / "cal.ics").write_text(_ics(meetings), newline="")
    return folder


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    messages=st.lists(message, min_size=1, max_size=14),
    meetings=st.lists(meeting, max_size=5),
    cut=st.integers(0, 14),
)
def test_twice_or_in_two_halves_is_the_same_store(
    messages: list[dict[str, Any]], meetings: list[dict[str, Any]], cut: int
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        whole = _write(root / "whole", messages, meetings)
        first = _write(root / "first", messages[:cut], meetings[: cut // 3])
        second = _write(root / "second", messages[cut:], meetings[cut // 3 :])
        states = []
        for name, loads in (
            ("once", (whole,)),
            ("twice", (whole, whole)),
            ("halves", (first, second)),
            ("reversed", (second, first)),
        ):
            store = EmbeddedStore(root / f"{name}.db")
            try:
                load_bundle(WORLD, store)
                _load(store, *loads)
                states.append(_state(store))
            finally:
                store.close()
        for s in states[1:]:
            for i, (a, b) in enumerate(zip(s, states[0], strict=True)):
                assert a == b, (i, a, b)
