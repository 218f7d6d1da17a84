"""The ``--unit-kind-map`` file: which Salesforce Account field names a unit's kind.

Salesforce has no standard field for "division" or "branch", so by default a unit's
kind follows its depth under the top account. A map file names a field of
``Account.csv`` and maps its values (case-insensitive) to kinds; units whose value
is empty or not in the map keep the kind their depth gives.

JSON::

    {"field": "Type__c", "values": {"Division": "division", "Site": "branch",
                                    "Cost Center": "budget_center"}}

CSV (header ``field,value,kind``; one field for every row)::

    field,value,kind
    Type__c,Division,division
    Type__c,Site,branch
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from graph.schema import UnitKind
from ingest.errors import IngestOptionError

_ALLOWED = ", ".join(k.value for k in UnitKind)


@dataclass(frozen=True, slots=True)
class UnitKindMap:
    field: str
    values: dict[str, UnitKind]  # lower-cased field value -> kind

    def kind_of(self, value: str) -> UnitKind | None:
        """The kind a field value maps to, if any.

        >>> UnitKindMap("Type__c", {"site": UnitKind.BRANCH}).kind_of(" Site ")
        <UnitKind.BRANCH: 'branch'>
        """
        return self.values.get(value.strip().lower())


def _kind(path: Path, where: str, value: object) -> UnitKind:
    try:
        return UnitKind(str(value).strip().lower())
    except ValueError:
        raise IngestOptionError(
            f"{path}: {where}: {value!r} is not a unit kind; use one of {_ALLOWED}"
        ) from None


def parse_unit_kind_map(path: Path) -> UnitKindMap:
    """Read a JSON (``.json``) or CSV map file; raise :class:`IngestOptionError`
    saying what is wrong with it."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise IngestOptionError(f"{path}: cannot read the unit kind map ({exc})") from None
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise IngestOptionError(f"{path}: not valid JSON ({exc})") from None
        if (
            not isinstance(data, dict)
            or not isinstance(data.get("field"), str)
            or not isinstance(data.get("values"), dict)
        ):
            raise IngestOptionError(
                f'{path}: expected {{"field": "<Account field>", "values": {{"<value>": '
                f'"<kind>"}}}} with kinds among {_ALLOWED}'
            )
        mapped = {
            str(k).strip().lower(): _kind(path, f"value {k!r}", v)
            for k, v in data["values"].items()
        }
        return UnitKindMap(data["field"].strip(), mapped)
    rows = list(csv.reader(text.splitlines()))
    header = [h.strip().lower() for h in rows[0]] if rows else []
    if header[:3] != ["field", "value", "kind"]:
        raise IngestOptionError(f"{path}: the CSV map needs the header field,value,kind")
    fields: set[str] = set()
    values: dict[str, UnitKind] = {}
    for n, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) < 3:
            raise IngestOptionError(f"{path}:{n}: expected field,value,kind")
        fields.add(row[0].strip())
        values[row[1].strip().lower()] = _kind(path, f"line {n}", row[2])
    if len(fields) != 1:
        raise IngestOptionError(f"{path}: name exactly one field (found {sorted(fields)})")
    return UnitKindMap(fields.pop(), values)
