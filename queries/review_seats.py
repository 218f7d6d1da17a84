"""Buying-committee seats emptied or filled between two dates (placeholder until
the committee answer lands: no seat changes)."""

from __future__ import annotations

from queries.models.review import SeatChange
from queries.snapshot import AccountSnapshot


def seat_changes(s1: AccountSnapshot, s2: AccountSnapshot) -> list[SeatChange]:
    return []
