"""The id of a native activity row, which carries none."""

from __future__ import annotations

import hashlib


def activity_id(team_member_id: str, person_id: str, type_: str, date: str, occurrence: int) -> str:
    """A stable id for a native activity row, which carries none: the same row at the
    same position among its identical twins gets the same id on every load.

    >>> activity_id("T1", "P1", "meeting", "2026-01-02", 0)
    'act-3a89e363098ee80602a92c1e'
    """
    key = f"{team_member_id}\x1f{person_id}\x1f{type_}\x1f{date}\x1f{occurrence}"
    return "act-" + hashlib.blake2b(key.encode(), digest_size=12).hexdigest()
