"""The audit log of writes over the API and the CLI: ``GET /v1/loads`` (admins).

Each load that wrote (not a dry run, not a refused bundle) is recorded in the
store with who made it — the API key's name, never the key; ``cli`` from the
command line — the bundle's file name, the time (UTC) and the report's summary:
counts per kind and file, never the rows' values.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.deps import Admin, StoreDep
from api.errors import problem_responses
from api.params import DEFAULT_LIMIT, Limit, Offset
from graph.audit import LoadRecord
from graph.errors import PowermapError
from graph.store import GraphStore
from ingest.report import IngestReport

log = logging.getLogger("powermap.audit")
router = APIRouter(tags=["audit"])

#: Fields of the report not kept: problem lines quote the CRM's values.
_NOT_KEPT = {"problems", "rejects_file"}


def record_load(store: GraphStore, who: str, report: IngestReport) -> None:
    """Record a load that wrote. A failure to record is logged, not raised: the
    data is committed by then, and the caller must learn that it was."""
    if report.dry_run:
        return
    entry = LoadRecord(
        at=dt.datetime.now(dt.UTC),
        who=who,
        source=report.source,
        report=report.model_dump_json(exclude=_NOT_KEPT),
    )
    try:
        store.record_load(entry)
    except PowermapError as exc:
        log.error("the load by %s was committed but not recorded: %s", who, exc.title)


class LoadEntry(BaseModel):
    at: dt.datetime = Field(description="When the load committed (UTC).")
    who: str = Field(description="The API key's name, or 'cli' for the command line.")
    source: str = Field(description="The bundle's file name.")
    report: dict[str, Any] = Field(
        description="The load report's summary: dialect, counts per kind and file, "
        "problem count (not the problem lines)."
    )


class LoadsPage(BaseModel):
    items: list[LoadEntry] = Field(description="Loads, newest first.")
    total: int = Field(description="Loads recorded.")
    limit: int = Field(description="Page size asked for.")
    offset: int = Field(description="Loads skipped before this page.")


@router.get(
    "/v1/loads",
    response_model=LoadsPage,
    summary="The audit log of loads, newest first",
    description="Who loaded which bundle when, with the report's summary. Needs the admin role.",
    responses=problem_responses(401, 403, 422, 503),
)
def list_loads(
    store: StoreDep, _caller: Admin, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0
) -> LoadsPage:
    entries, total = store.loads(limit, offset)
    items = [
        LoadEntry(at=e.at, who=e.who, source=e.source, report=json.loads(e.report)) for e in entries
    ]
    return LoadsPage(items=items, total=total, limit=limit, offset=offset)
