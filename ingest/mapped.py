"""Read a bundle through a mapping: the ``mapped`` dialect (a mapping file the user
writes) and the built-in ``dynamics`` and ``hubspot`` dialects (mappings shipped in
``ingest/mappings/`` plus their quirks).

Sections are read in dependency order (team members before the owners that name
them, accounts before the people placed in them, deals before their contacts,
activities before their participants) into one :class:`~ingest.staged.Staged`,
with the Salesforce dialect's partial-export rules: a reference outside the export
and the store loses only its link, with a warning.
"""

from __future__ import annotations

import csv
import datetime as dt
import fnmatch
from collections.abc import Callable
from typing import Final

from ingest.errors import BundleUnreadableError
from ingest.lookup import StoreView
from ingest.mapped_activities import Parents, read_activities, read_parties
from ingest.mapped_common import MappedContext
from ingest.mapped_links import read_deal_contacts, read_deals, read_ties
from ingest.mapped_records import read_account_team, read_accounts, read_people, read_team
from ingest.mapped_spec import REQUIRED, CrmMapping, Section
from ingest.problems import ProblemLog
from ingest.read_files import read_files
from ingest.source import Bundle
from ingest.staged import Staged
from ingest.table import FileSpec, Table
from ingest.xlsx import table_of

_Reader = Callable[[Table, MappedContext, Section], int]
_READERS: Final[dict[str, _Reader]] = {
    "team": read_team,
    "accounts": read_accounts,
    "people": read_people,
    "account_team": read_account_team,
    "deals": read_deals,
    "deal_contacts": read_deal_contacts,
    "ties": read_ties,
}


def matching_files(mapping: CrmMapping, names: dict[str, str]) -> dict[int, list[str]]:
    """Section index -> the (lower-cased) bundle files it reads; a file feeds the
    first section whose pattern matches it. ``names`` maps each file to the name
    patterns match: its own, or for a workbook the table it holds (account.xlsx)."""
    used: set[str] = set()
    out: dict[int, list[str]] = {}
    for i, section in enumerate(mapping.sections):
        found = sorted(
            n
            for n, shown in names.items()
            if n not in used and any(fnmatch.fnmatch(shown, p.lower()) for p in section.files)
        )
        used.update(found)
        out[i] = found
    return out


def _file_spec(name: str, section: Section) -> FileSpec:
    columns: list[str] = []
    for field in section.fields.values():
        columns.extend(c for c in field.columns if c and c not in columns)
    # A field read from one of several columns requires none of them in particular.
    required = tuple(
        f.column
        for n in REQUIRED[section.kind]
        if (f := section.fields.get(n)) is not None and f.column and not f.alternates
    )
    return FileSpec(name, tuple(columns), required)


def read_mapped(
    bundle: Bundle,
    encoding: str,
    view: StoreView,
    as_of: dt.date,
    mapping: CrmMapping,
    progress: Callable[[str], None] | None = None,
    *,
    problems: ProblemLog | None = None,
    date_pattern: str | None = None,
    fallback: dict[str, int] | None = None,
) -> Staged:
    """Read and stage every file of the bundle the mapping names."""
    dialect = mapping.name if mapping.name in ("dynamics", "hubspot") else "mapped"
    st = Staged(dialect, problems=problems if problems is not None else ProblemLog())
    st.partial = True
    ctx = MappedContext(st, view, as_of, mapping)
    names = {k: k for k in bundle.files if not k.endswith(".xlsx")}
    for key in bundle.files:
        if key.endswith(".xlsx"):
            with bundle.open_text(key, encoding) as stream:  # a bad workbook is refused
                held = table_of(next(csv.reader([stream.readline()]), []))
            if held is not None:
                names[key] = f"{held}.xlsx"
    files = matching_files(mapping, names)
    if not any(files.values()):
        raise BundleUnreadableError(
            f"no file of the {mapping.name} dialect in the bundle; {mapping.source} reads "
            + ", ".join(dict.fromkeys(mapping.patterns))
        )
    parents = Parents()
    pattern = date_pattern or mapping.date_pattern
    steps = (
        (_file_spec(bundle.files[key], section), _reader(ctx, section, parents))
        for i, section in enumerate(mapping.sections)
        for key in files[i]
    )
    read_files(bundle, steps, encoding, st, progress, pattern, fallback)
    ctx.add_placeholders()
    return st


def _reader(ctx: MappedContext, section: Section, parents: Parents) -> Callable[[Table], int]:
    """The reader of a section's files (activities and their parties share
    ``parents``)."""
    if section.kind == "activities":
        return lambda table: read_activities(table, ctx, section, parents)
    if section.kind == "parties":
        return lambda table: read_parties(table, ctx, section, parents)
    return lambda table: _READERS[section.kind](table, ctx, section)
