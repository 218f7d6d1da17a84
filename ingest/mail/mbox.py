"""Streaming readers of mail files: header blocks only, in bounded memory.

An mbox file is scanned in chunks: each message's header block (up to the blank
line) is handed out, and its body is skipped without being kept or decoded, so a
10 GB mailbox costs a chunk of memory, not an index of every message (the standard
library's ``mailbox.mbox`` builds a table of contents of every message first).
Messages are separated by a ``From `` line after a blank line (mboxo, mboxrd and
the Thunderbird, Apple Mail and Google Takeout exports all write one).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Final

CHUNK: Final = 1 << 20
#: A header block longer than this is cut here: real ones are a few kilobytes, and
#: the fields Powermap reads come first in practice.
MAX_HEADER_BYTES: Final = 256 * 1024
_SEPARATOR: Final = b"\nFrom "


def looks_like_mbox(path: Path) -> bool:
    """Whether the file starts as an mbox does (``From `` after optional blank lines)."""
    try:
        with path.open("rb") as f:
            head = f.read(64)
    except OSError:
        return False
    return head.lstrip(b"\r\n").startswith(b"From ")


def _header_end(buf: bytes, start: int) -> tuple[int, int]:
    r"""(end of the header block, start of the body) in ``buf`` from ``start``;
    (-1, -1) when the blank line is not in ``buf`` yet.

    >>> _header_end(b"A: b\r\nC: d\r\n\r\nbody", 0), _header_end(b"A: b\n\nbody", 0)
    ((12, 14), (5, 6))
    """
    # Searches stay within one header block's reach: a search over the whole buffer
    # for a pattern it does not hold would cost a megabyte of scanning per message.
    limit = start + MAX_HEADER_BYTES
    lf = buf.find(b"\n\n", start, limit)
    crlf = buf.find(b"\n\r\n", start, lf + 1 if lf != -1 else limit)
    if crlf != -1:
        return crlf + 1, crlf + 3
    if lf != -1:
        return lf + 1, lf + 2
    return -1, -1


def _separator(buf: bytes, start: int) -> int:
    """Index of the next ``From `` line that follows a blank line, or -1."""
    i = buf.find(_SEPARATOR, start)
    while i != -1:
        # the character before this line break ends an empty line: \n or \n\r
        if i == 0 or buf[i - 1 : i] == b"\n" or buf[max(0, i - 2) : i] == b"\n\r":
            return i + 1
        i = buf.find(_SEPARATOR, i + 1)
    return -1


def read_mbox(path: Path) -> Iterator[bytes]:
    """Yield the header block (without the ``From `` line) of each message."""
    with path.open("rb") as f:
        yield from _messages(f)


def _messages(f: BinaryIO) -> Iterator[bytes]:
    buf = f.read(CHUNK).lstrip(b"\r\n")
    eof = len(buf) == 0
    pos = 0
    while buf.startswith(b"From ", pos):
        # the From_ line
        nl = buf.find(b"\n", pos)
        while nl == -1 and not eof:
            more = f.read(CHUNK)
            eof = not more
            buf = buf[pos:] + more
            pos = 0
            nl = buf.find(b"\n", pos)
        if nl == -1:
            return
        start = nl + 1
        # the header block
        end, body = _header_end(buf, start)
        while end == -1 and not eof and len(buf) - start < MAX_HEADER_BYTES:
            more = f.read(CHUNK)
            eof = not more
            buf = buf[start:] + more
            start = 0
            end, body = _header_end(buf, start)
        if end == -1:
            end = body = min(len(buf), start + MAX_HEADER_BYTES)
        yield buf[start:end]
        # skip the body up to the next separator, keeping only a short tail
        nxt = _separator(buf, max(end - 2, start))
        while nxt == -1 and not eof:
            tail = max(body, len(buf) - 8)
            more = f.read(CHUNK)
            eof = not more
            buf = buf[tail:] + more
            body = 0
            nxt = _separator(buf, 0)
        if nxt == -1:
            return
        pos = nxt
        if not eof and len(buf) - pos < CHUNK // 2:
            more = f.read(CHUNK)
            eof = not more
            buf = buf[pos:] + more
            pos = 0


def read_eml_head(path: Path) -> bytes:
    """The header block of one .eml file (reads no further than the blank line)."""
    with path.open("rb") as f:
        buf = b""
        while len(buf) < MAX_HEADER_BYTES:
            more = f.read(64 * 1024)
            if not more:
                return buf
            buf += more
            end, _ = _header_end(buf, 0)
            if end != -1:
                return buf[:end]
            if buf.startswith((b"\n", b"\r\n")):
                return b""
    return buf[:MAX_HEADER_BYTES]
