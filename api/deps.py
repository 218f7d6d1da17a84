"""Dependency aliases, in the FastAPI template's style: a route asks for
``StoreDep``, ``SettingsDep`` or a role (``Reader``, ``Writer``, ``Admin``) by type.

They are ``async`` because they do no I/O: FastAPI runs sync dependencies in the
thread pool, and four pool hops per request cost a third of the throughput."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from api.auth import Caller, authenticate, authorize
from api.service import Answers
from api.settings import Role, Settings
from graph.store import GraphStore
from queries.errors import InvalidQueryError


async def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_store(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


async def get_answers(request: Request) -> Answers:
    answers: Answers = request.app.state.answers
    return answers


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
StoreDep = Annotated[GraphStore, Depends(get_store)]
AnswersDep = Annotated[Answers, Depends(get_answers)]


def _query_names(dependant: Dependant) -> frozenset[str]:
    names = {f.alias for f in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return frozenset(names)


_KNOWN: dict[tuple[str, tuple[str, ...]], frozenset[str]] = {}


def _known_query(route: APIRoute) -> frozenset[str]:
    key = (route.path, tuple(sorted(route.methods or ())))
    found = _KNOWN.get(key)
    if found is None:
        found = _KNOWN[key] = _query_names(route.dependant)
    return found


def refuse_unknown_query(request: Request) -> None:
    """A query parameter the route does not take is a 422, not silently ignored
    (``?acount_id=A1`` would otherwise answer for every account)."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    # as_of is accepted everywhere: clients send it with every call of a session.
    unknown = sorted(set(request.query_params) - _known_query(route) - {"as_of"})
    if unknown:
        known = ", ".join(sorted(_known_query(route))) or "none"
        raise InvalidQueryError(
            f"unknown query parameter {unknown[0][:64]!r}; this path takes: {known}"
        )


async def current_caller(request: Request, settings: SettingsDep) -> Caller:
    return authenticate(request, settings)


CurrentCaller = Annotated[Caller, Depends(current_caller)]


def require(role: Role) -> Callable[[Request, Caller], Awaitable[Caller]]:
    async def check(request: Request, caller: CurrentCaller) -> Caller:
        authorize(caller, role)
        if request.url.path.startswith("/v1/"):  # pages take links with extra parameters
            refuse_unknown_query(request)
        return caller

    return check


Reader = Annotated[Caller, Depends(require(Role.READER))]
Writer = Annotated[Caller, Depends(require(Role.WRITER))]
Admin = Annotated[Caller, Depends(require(Role.ADMIN))]
