"""A mapping file: which file and column of another CRM's export feeds each native
field, how values map, and the date layout (docs/FORMAT.md, "Mapped dialect").

The built-in ``dynamics`` and ``hubspot`` dialects are mappings too
(``ingest/mappings/*.toml``), plus the few quirks a mapping names (GUID ids, owners
named instead of identified). Every field keeps the mapping line it came from, so a
problem can point at the mapping as well as at the data ``file:line``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from graph.schema import ActivityType, BuyingRole, TieKind, UnitKind, UnitStatus
from ingest.errors import IngestOptionError
from ingest.values import date_layout

#: The sections of a mapping file, in the order they are read, and their fields.
SECTIONS: Final[dict[str, tuple[str, ...]]] = {
    "team": (
        "id",
        "name",
        "first_name",
        "last_name",
        "email",
        "role",
        "manager_id",
        "active",
        "created_on",
        "deleted",
    ),
    "accounts": (
        "id",
        "name",
        "parent_id",
        "industry",
        "country",
        "tier",
        "status",
        "kind",
        "owner_id",
        "headcount",
        "created_on",
        "deleted",
    ),
    "people": (
        "id",
        "account_id",
        "name",
        "first_name",
        "last_name",
        "title",
        "email",
        "manager_id",
        "created_on",
        "deleted",
    ),
    "account_team": ("account_id", "team_member_id", "role"),
    "deals": (
        "id",
        "account_id",
        "owner_id",
        "stage",
        "won",
        "closed",
        "amount",
        "close_date",
        "modified_on",
        "person_id",
        "deleted",
    ),
    "deal_contacts": ("deal_id", "person_id", "role"),
    "activities": ("id", "owner_id", "person_id", "date", "type", "state", "deleted"),
    "parties": ("activity_id", "party_id", "participation", "party_type"),
    "ties": ("person_id", "other_person_id", "kind", "strength", "role"),
}
REQUIRED: Final[dict[str, tuple[str, ...]]] = {
    "accounts": ("id", "name"),
    "team": ("id",),
    "people": ("id", "account_id"),
    "account_team": ("account_id", "team_member_id"),
    "deals": ("id",),
    "deal_contacts": ("deal_id", "person_id"),
    "activities": ("id", "owner_id", "date"),
    "parties": ("activity_id", "party_id"),
    "ties": ("person_id", "other_person_id"),
}
#: Sections a mapping may repeat (``[[activities]]``): one per file.
REPEATED: Final = frozenset({"activities"})
_BOOL: Final = ("true", "false")
#: Values a value map may produce, per field.
TARGETS: Final[dict[str, tuple[str, ...]]] = {
    "status": tuple(s.value for s in UnitStatus),
    "kind": tuple(k.value for k in UnitKind),
    "type": tuple(t.value for t in ActivityType if t is not ActivityType.DEAL),
    "state": ("done", "open", "canceled"),
    "participation": ("attendee", "ignore"),
    "party_type": ("person", "other"),
    "role": tuple(r.value for r in BuyingRole),
    "won": _BOOL,
    "closed": _BOOL,
    "active": _BOOL,
    "deleted": _BOOL,
}
#: Fields whose value map is not a set of native values (account team roles are text).
_FREE_VALUES: Final = frozenset({("account_team", "role")})
_TIE_KINDS: Final = tuple(t.value for t in TieKind)
#: Reference fields a cell may fill with a name (``lookup = "name"``): what they name.
LOOKUPS: Final = {
    "account_id": "accounts",
    "parent_id": "accounts",
    "person_id": "people",
    "other_person_id": "people",
    "manager_id": "people",
}
_ID_FORMS: Final = ("text", "guid")
_OWNER_KEYS: Final = ("id", "name", "email")


@dataclass(frozen=True, slots=True)
class Field:
    """Where one native field comes from: a column (or a constant), with an
    optional value map and separator of a multi-value cell."""

    column: str | None
    where: str  # "mapping.toml:12 [people] manager_id"
    values: Mapping[str, str] | None = None  # lower-cased cell -> native value
    split: str | None = None
    constant: str | None = None
    default: str | None = None  # a value map's answer for a value it does not name
    #: further columns read when ``column`` is empty (or absent), in order
    alternates: tuple[str, ...] = ()
    #: "name": the cell names the account / person it refers to instead of its id
    lookup: str | None = None
    name: str = ""  # the native field

    @property
    def columns(self) -> tuple[str, ...]:
        return () if self.column is None else (self.column, *self.alternates)


@dataclass(frozen=True, slots=True)
class Section:
    kind: str
    files: tuple[str, ...]  # file name patterns (fnmatch, case-insensitive)
    fields: Mapping[str, Field]
    where: str
    #: team: how other sections name a team member (its id, its name, its e-mail)
    owner_key: str = "id"

    def column(self, name: str) -> str | None:
        found = self.fields.get(name)
        return None if found is None else found.column


@dataclass(frozen=True, slots=True)
class CrmMapping:
    """A whole mapping: its sections in read order, the id form and date layout."""

    name: str
    source: str  # the mapping file's name (or the built-in dialect's)
    sections: tuple[Section, ...]
    date_pattern: str | None = None
    ids: str = "text"
    #: the file patterns, for detection and "no file of this dialect" messages
    patterns: tuple[str, ...] = field(default=())

    def of(self, kind: str) -> list[Section]:
        return [s for s in self.sections if s.kind == kind]


class MappingError(IngestOptionError):
    """The mapping file itself is wrong (nothing was read)."""


_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\"' -]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\"' -]+?)\s*=")


def _key_lines(text: str) -> dict[str, int]:
    """The line of every table header and key, by dotted path (``activities[1].date``):
    tomllib gives none, and an error should name the mapping line."""
    lines: dict[str, int] = {}
    counts: dict[str, int] = {}
    table = ""
    for number, line in enumerate(text.splitlines(), 1):
        header = _HEADER.match(line)
        if header is not None:
            name = header.group(1).replace('"', "").replace("'", "").strip()
            if line.lstrip().startswith("[["):
                counts[name] = counts.get(name, -1) + 1
                name = f"{name}[{counts[name]}]"
            else:
                first, _, rest = name.partition(".")
                if first in counts:
                    name = f"{first}[{counts[first]}]" + (f".{rest}" if rest else "")
            table = name
            lines.setdefault(table, number)
            continue
        key = _KEY.match(line)
        if key is not None:
            path = key.group(1).replace('"', "").replace("'", "").strip()
            lines.setdefault(f"{table}.{path}" if table else path, number)
    return lines


class _Reader:
    def __init__(self, source: str, text: str) -> None:
        self.source = source
        self.lines = _key_lines(text)

    def where(self, path: str) -> str:
        line = self.lines.get(path)
        if line is None:
            line = self.lines.get(path.rsplit(".", 1)[0])
        head, _, key = path.partition(".")
        shown = f"[{head}] {key}" if key else f"[{head}]"
        return f"{self.source}:{line} {shown}" if line else f"{self.source} {shown}"

    def fail(self, path: str, message: str) -> MappingError:
        return MappingError(f"{self.where(path)}: {message}")

    def field(self, section: str, path: str, name: str, raw: object) -> Field:
        where = self.where(f"{path}.{name}")
        if isinstance(raw, str):
            return Field(raw.strip(), where)
        if isinstance(raw, list) and raw and all(isinstance(c, str) for c in raw):
            return Field(
                str(raw[0]).strip(), where, alternates=tuple(str(c).strip() for c in raw[1:])
            )
        if not isinstance(raw, dict):
            raise self.fail(
                f"{path}.{name}",
                "write a column name (or a list of them), or a table with `column`",
            )
        unknown = set(raw) - {"column", "values", "split", "value", "default", "lookup"}
        if unknown:
            raise self.fail(
                f"{path}.{name}",
                f"unknown key {sorted(unknown)[0]!r} "
                "(column, values, split, value, default, lookup)",
            )
        column, constant = raw.get("column"), raw.get("value")
        if (column is None) == (constant is None):
            raise self.fail(f"{path}.{name}", "give either `column` or a constant `value`")
        values = raw.get("values")
        mapped: dict[str, str] | None = None
        if values is not None:
            if not isinstance(values, dict):
                raise self.fail(f"{path}.{name}.values", "a table of cell value = native value")
            mapped = {str(k).strip().lower(): str(v).strip() for k, v in values.items()}
        default = raw.get("default")
        allowed = self._targets(section, name)
        for value in [*(mapped or {}).values(), *(v for v in (constant, default) if v)]:
            if allowed and str(value).lower() not in allowed:
                raise self.fail(
                    f"{path}.{name}",
                    f"{value!r} is not one of: {', '.join(allowed)}",
                )
        split = raw.get("split")
        lookup = raw.get("lookup")
        if lookup is not None and (lookup != "name" or name not in LOOKUPS):
            raise self.fail(
                f"{path}.{name}.lookup",
                'lookup = "name" is for the fields ' + ", ".join(sorted(LOOKUPS)),
            )
        names = [column] if isinstance(column, str) else column
        if names is not None and not (
            isinstance(names, list) and names and all(isinstance(c, str) for c in names)
        ):
            raise self.fail(f"{path}.{name}.column", "a column name, or a list of them")
        return Field(
            str(names[0]).strip() if names else None,
            where,
            {k: v.lower() for k, v in mapped.items()} if mapped and allowed else mapped,
            str(split) if split else None,
            str(constant).lower() if constant is not None else None,
            str(default).lower() if default is not None else None,
            tuple(str(c).strip() for c in names[1:]) if names else (),
            lookup,
            name,
        )

    def _targets(self, section: str, name: str) -> tuple[str, ...]:
        if (section, name) in _FREE_VALUES:
            return ()
        if section == "ties" and name == "kind":
            return _TIE_KINDS
        return TARGETS.get(name, ())

    def section(self, kind: str, path: str, raw: object) -> Section:
        if not isinstance(raw, dict):
            raise self.fail(path, "a section is a table: [section] with file = and fields")
        files = raw.get("file")
        if isinstance(files, str):
            files = [files]
        if not files or not all(isinstance(f, str) and f for f in files):
            raise self.fail(path, "give `file`: the file name (or pattern, e.g. 'deals*.csv')")
        allowed = SECTIONS[kind]
        fields: dict[str, Field] = {}
        owner_key = "id"
        for name, value in raw.items():
            if name == "file":
                continue
            if name == "owner_key" and kind == "team":
                if value not in _OWNER_KEYS:
                    raise self.fail(f"{path}.owner_key", f"one of: {', '.join(_OWNER_KEYS)}")
                owner_key = str(value)
                continue
            if name not in allowed:
                raise self.fail(
                    f"{path}.{name}",
                    f"unknown field {name!r} for [{kind}]; fields: {', '.join(allowed)}",
                )
            fields[name] = self.field(kind, path, name, value)
        for name in REQUIRED[kind]:
            if name not in fields:
                raise self.fail(path, f"[{kind}] needs the field {name!r}")
        if kind in ("team", "people") and not (
            "name" in fields or "first_name" in fields or "last_name" in fields
        ):
            raise self.fail(path, f"[{kind}] needs `name`, or `first_name` / `last_name`")
        return Section(kind, tuple(str(f) for f in files), fields, self.where(path), owner_key)


def parse_mapping(text: str, source: str, name: str | None = None) -> CrmMapping:
    """The mapping in TOML ``text`` (``source`` names it in messages)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise MappingError(f"{source}: not valid TOML ({exc})") from None
    reader = _Reader(source, text)
    sections: list[Section] = []
    for key in data:
        if key not in SECTIONS and key not in ("dialect", "date_format", "ids"):
            raise reader.fail(
                key,
                f"unknown section {key!r}; sections: {', '.join(SECTIONS)} "
                "(and the keys dialect, date_format, ids)",
            )
    for kind in SECTIONS:
        raw = data.get(kind)
        if raw is None:
            continue
        if kind in REPEATED:
            items = raw if isinstance(raw, list) else [raw]
            for i, item in enumerate(items):
                path = f"{kind}[{i}]" if isinstance(raw, list) else kind
                sections.append(reader.section(kind, path, item))
        else:
            if isinstance(raw, list):
                raise reader.fail(kind, f"write [{kind}] once (only activities repeat)")
            sections.append(reader.section(kind, kind, raw))
    if not sections:
        raise MappingError(f"{source}: maps no file; add [accounts], [people], … sections")
    ids = str(data.get("ids", "text"))
    if ids not in _ID_FORMS:
        raise reader.fail("ids", f"one of: {', '.join(_ID_FORMS)}")
    pattern = None
    if "date_format" in data:
        try:
            pattern = date_layout(str(data["date_format"]))
        except ValueError as exc:
            raise reader.fail("date_format", str(exc)) from None
    patterns = tuple(p for s in sections for p in s.files)
    return CrmMapping(
        str(data.get("dialect", name or "mapped")), source, tuple(sections), pattern, ids, patterns
    )


def load_mapping(path: Path) -> CrmMapping:
    """The mapping file at ``path`` (TOML)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise MappingError(f"{path}: cannot read the mapping file ({exc})") from None
    return parse_mapping(text, path.name)


def builtin_mapping(name: str) -> CrmMapping:
    """A built-in dialect's mapping (``ingest/mappings/<name>.toml``)."""
    path = Path(__file__).with_name("mappings") / f"{name}.toml"
    return parse_mapping(path.read_text(encoding="utf-8"), f"{name} dialect", name)
