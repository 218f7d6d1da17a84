"""The mail readers on their own: mbox splitting at any chunk size, the header
fast path against the standard library, unreadable input."""

from __future__ import annotations

import io
from email.utils import getaddresses
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.store import GraphStore
from ingest.errors import BundleUnreadableError
from ingest.mail import mbox
from ingest.mail.addresses import normalize
from ingest.mail.headers import _addresses, parse
from ingest.report import IngestOptions
from ingest.service import load_bundle

MBOX = (
    b"From a@b Mon Sep  7 10:00:00 2026\n"
    b"From: x@y.com\nSubject: secret\n\nbody line\nFrom the body, not a separator\n\n"
    b"From b@c Tue Sep  8 10:00:00 2026\r\n"
    b"From: z@y.com\r\nTo: q@w.com\r\n\r\nbody\r\n\r\n"
    b"From c Wed Sep  9 10:00:00 2026\n"
    b"To: q@w.com\n\n"
)


@pytest.mark.parametrize("chunk", [5, 7, 16, 64, 1 << 20])
def test_mbox_splits_the_same_at_any_chunk_size(
    monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(mbox, "CHUNK", chunk)
    blocks = list(mbox._messages(io.BytesIO(MBOX)))
    assert blocks == [
        b"From: x@y.com\nSubject: secret\n",
        b"From: z@y.com\r\nTo: q@w.com\r\n",
        b"To: q@w.com\n",
    ]


def test_headers_never_carry_the_subject() -> None:
    h = parse(b"Subject: SECRET\nFrom: a@x.com\nX-Subject: SECRET\n")
    assert "SECRET" not in repr(h)
    assert h.sender == "a@x.com"


_local = st.from_regex(r"[a-z][a-z0-9._-]{0,10}", fullmatch=True)
_domain = st.from_regex(r"[a-z]{1,8}\.(com|org|example)", fullmatch=True)
_name = st.from_regex(r"[A-Za-z][A-Za-z ,.'-]{0,15}", fullmatch=True)


@st.composite
def address_list(draw: st.DrawFn) -> str:
    items = []
    for _ in range(draw(st.integers(1, 4))):
        address = f"{draw(_local)}@{draw(_domain)}"
        shape = draw(st.integers(0, 2))
        name = draw(_name).strip()
        if shape == 0 or not name:
            items.append(address)
        elif shape == 1:
            items.append(f'"{name}" <{address}>')
        else:
            items.append(f"{name.replace(',', '')} <{address}>")
    return ", ".join(items)


@settings(max_examples=200)
@given(address_list())
def test_address_fast_path_agrees_with_the_standard_library(value: str) -> None:
    expected: list[str] = []
    for _, address in getaddresses([value]):
        norm = normalize(address)
        if norm is not None and norm not in expected:
            expected.append(norm)
    assert _addresses([value]) == expected


def test_broken_calendar_and_empty_folder_are_unreadable(
    embedded_store: GraphStore, tmp_path: Path
) -> None:
    (tmp_path / "cal").mkdir()
    (tmp_path / "cal" / "broken.ics").write_text("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:nope\n")
    with pytest.raises(BundleUnreadableError, match=r"broken\.ics"):
        load_bundle(tmp_path / "cal", embedded_store, IngestOptions(format="mail"))
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("nothing")
    with pytest.raises(BundleUnreadableError, match="no mail"):
        load_bundle(tmp_path / "empty", embedded_store, IngestOptions(format="mail"))
