"""Dependency aliases, in the FastAPI template's style: a route asks for
``StoreDep``, ``SettingsDep`` or a role (``Reader``, ``Writer``, ``Admin``) by type."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request

from api.auth import Caller, authenticate, authorize
from api.service import Answers
from api.settings import Role, Settings
from graph.store import GraphStore


def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_store(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


def get_answers(request: Request) -> Answers:
    answers: Answers = request.app.state.answers
    return answers


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
StoreDep = Annotated[GraphStore, Depends(get_store)]
AnswersDep = Annotated[Answers, Depends(get_answers)]


def current_caller(request: Request, settings: SettingsDep) -> Caller:
    return authenticate(request, settings)


CurrentCaller = Annotated[Caller, Depends(current_caller)]


def require(role: Role) -> Callable[[Caller], Caller]:
    def check(caller: CurrentCaller) -> Caller:
        authorize(caller, role)
        return caller

    return check


Reader = Annotated[Caller, Depends(require(Role.READER))]
Writer = Annotated[Caller, Depends(require(Role.WRITER))]
Admin = Annotated[Caller, Depends(require(Role.ADMIN))]
