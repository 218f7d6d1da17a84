"""Liveness, readiness and store counts."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, Field

from api.deps import Reader, StoreDep
from api.errors import problem_responses
from api.warmup import warmer_of

router = APIRouter()


class Health(BaseModel):
    status: str = Field(description="'ok' when the process is up (or the store answers).")


class Ready(Health):
    warm: bool | None = Field(
        None,
        description=(
            "Background warm-up of the largest accounts (POWERMAP_WARM_ACCOUNTS): true "
            "once their pages are prepared for the store's current data, false while "
            "that is pending or running, null when warm-up is off or does not apply "
            "(Neo4j store). Readiness never waits for it."
        ),
    )


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
    response_model=Ready,
    tags=["health"],
    summary="Readiness: the store answers",
    responses=problem_responses(503),
)
def readyz(request: Request, store: StoreDep) -> Ready:
    store.ping()
    warmer = warmer_of(request.app)
    return Ready(status="ok", warm=None if warmer is None else warmer.ready)


@router.get(
    "/v1/stats",
    response_model=Stats,
    tags=["health"],
    summary="Counts of nodes and relationships in the store",
    responses=problem_responses(401, 403, 503),
)
def stats(store: StoreDep, caller: Reader) -> Stats:
    if caller.scope is not None:
        raise HTTPException(
            403, f"The key '{caller.name}' is scoped to some accounts: it sees no store totals."
        )
    counts = store.counts()
    namespaces = {"account", "unit", "person", "team_member", "opportunity"}
    return Stats(
        nodes={k: v for k, v in counts.items() if k in namespaces},
        relationships={k: v for k, v in counts.items() if k not in namespaces},
    )
