"""The web pages for people, served at ``/`` beside the API (``/v1``).

Server-rendered (Jinja2, autoescape on), a few lines of JavaScript to sort tables,
no CDN: every asset comes from the app. The pages read answers through
:class:`api.service.Answers`, the same as the API, with the same keys.
"""

from __future__ import annotations

from fastapi import APIRouter

from api.web import assets, session
from api.web.pages import (
    account,
    accounts,
    alerts,
    chart,
    directory,
    glossary,
    person,
    plan,
    relationship,
    search,
    team,
    unit,
    upload,
)

router = APIRouter(include_in_schema=False)
for _module in (
    assets,
    session,
    accounts,
    account,
    plan,
    unit,
    team,
    relationship,
    search,
    person,
    directory,
    alerts,
    glossary,
    upload,
    chart,
):
    router.include_router(_module.router)

__all__ = ["router"]
