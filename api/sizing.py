"""Cheap estimates of the memory a cached value holds, for the answer cache's budget.

Measuring a value exactly (walking every object) would cost as much as building
it; these estimates cost a count or one serialisation. The constants were
measured once with ``tracemalloc`` on the generated scale-S world (seed 7, as of
2026-11-15), over its six largest accounts (1,600 to 6,000 records each):

* a snapshot, with the account graph it keeps and its path graph built, held
  2,300-2,540 bytes per record (active and departed people, units,
  relationships, tie directions);
* the coverage and org-chart answers (frozen pydantic models) held 7.4-8.0
  bytes per byte of their JSON.

An estimate errs on the large side, so the cache stays under its budget.
"""

from __future__ import annotations

import dataclasses
from typing import Final

from pydantic import BaseModel

from queries.snapshot import AccountSnapshot

BYTES_PER_SNAPSHOT_RECORD: Final = 2_600
BYTES_PER_JSON_BYTE: Final = 8
#: A value of no known kind (a tuple of ids, a short list): a small guess.
DEFAULT_BYTES: Final = 1_024
#: A list's or tuple's own slot per item, besides the item.
BYTES_PER_ITEM: Final = 8


def snapshot_records(snapshot: AccountSnapshot) -> int:
    """The records a snapshot holds, the measure its memory grows with."""
    return (
        len(snapshot.people)
        + len(snapshot.departed)
        + len(snapshot.units)
        + len(snapshot.relationships)
        + sum(len(ties) for ties in snapshot.ties.values())
    )


def estimate_bytes(value: object) -> int:
    """The memory ``value`` holds, estimated (see the module's note).

    >>> estimate_bytes(b"x" * 100), estimate_bytes("abc")
    (100, 3)
    >>> from queries.models import NamedId
    >>> estimate_bytes(NamedId(id="A1", name="Acme")) == 8 * len('{"id":"A1","name":"Acme"}')
    True
    >>> estimate_bytes([NamedId(id="A1", name="Acme")] * 2)
    416
    """
    if isinstance(value, bytes | str):
        return len(value)
    if isinstance(value, AccountSnapshot):
        return BYTES_PER_SNAPSHOT_RECORD * max(1, snapshot_records(value))
    if isinstance(value, BaseModel):
        return BYTES_PER_JSON_BYTE * len(value.model_dump_json())
    if isinstance(value, list | tuple):
        return sum(BYTES_PER_ITEM + estimate_bytes(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return sum(estimate_bytes(getattr(value, f.name)) for f in dataclasses.fields(value))
    return DEFAULT_BYTES
