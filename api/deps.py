"""Dependency aliases, in the FastAPI template's style: a route asks for
``StoreDep``, ``SettingsDep`` or a role (``Reader``, ``Writer``, ``Admin``) by type.

They are ``async`` because they do no I/O: FastAPI runs sync dependencies in the
thread pool, and four pool hops per request cost a third of the throughput."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request

from api.auth import Caller, authenticate, authorize
from api.service import Answers
from api.settings import Role, Settings
from graph.store import GraphStore


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


async def current_caller(request: Request, settings: SettingsDep) -> Caller:
    return authenticate(request, settings)


CurrentCaller = Annotated[Caller, Depends(current_caller)]


def require(role: Role) -> Callable[[Caller], Awaitable[Caller]]:
    async def check(caller: CurrentCaller) -> Caller:
        authorize(caller, role)
        return caller

    return check


Reader = Annotated[Caller, Depends(require(Role.READER))]
Writer = Annotated[Caller, Depends(require(Role.WRITER))]
Admin = Annotated[Caller, Depends(require(Role.ADMIN))]
