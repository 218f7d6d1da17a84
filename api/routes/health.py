"""Liveness, readiness and store counts."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.deps import Reader, StoreDep
from api.errors import problem_responses

router = APIRouter()


class Health(BaseModel):
    status: str = Field(description="'ok' when the process is up (or the store answers).")


class Stats(BaseModel):
    nodes: dict[str, int] = Field(description="Nodes per namespace (account, unit, person, ...).")
    relationships: dict[str, int] = Field(
        description="Relationships per type, plus 'activity': activities stored."
    )


@router.get("/healthz", response_model=Health, tags=["health"], summary="Liveness")
def healthz() -> Health:
    return Health(status="ok")


@router.get(
    "/readyz",
    response_model=Health,
    tags=["health"],
    summary="Readiness: the store answers",
    responses=problem_responses(503),
)
def readyz(store: StoreDep) -> Health:
    store.ping()
    return Health(status="ok")


@router.get(
    "/v1/stats",
    response_model=Stats,
    tags=["health"],
    summary="Counts of nodes and relationships in the store",
    responses=problem_responses(401, 403, 503),
)
def stats(store: StoreDep, _caller: Reader) -> Stats:
    counts = store.counts()
    namespaces = {"account", "unit", "person", "team_member", "opportunity"}
    return Stats(
        nodes={k: v for k, v in counts.items() if k in namespaces},
        relationships={k: v for k, v in counts.items() if k not in namespaces},
    )
