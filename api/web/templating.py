"""Jinja2 for the web pages: one environment (autoescape always on), the links
every page builds (each carries the chosen ``as_of``), and display filters.

>>> Links(dt.date(2026, 11, 15)).account("A 1")
'/accounts/A%201?as_of=2026-11-15'
>>> Links(None).unit("U1", member="T1")
'/units/U1?member=T1'
>>> label("single_threaded")
'single-threaded'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

from api.web.path_words import path_words
from api.web.terms import explain

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True, slots=True)
class Links:
    """Page addresses; an explicit as-of date travels in every one of them, so a
    user who picked a date stays on it while they follow links."""

    as_of: dt.date | None

    def _to(self, path: str, params: dict[str, str | None]) -> str:
        query = {k: v for k, v in params.items() if v is not None}
        if self.as_of is not None:
            query["as_of"] = self.as_of.isoformat()
        return path + ("?" + urlencode(query) if query else "")

    def accounts(self, **params: str | None) -> str:
        return self._to("/", params)

    def account(self, account_id: str, **params: str | None) -> str:
        return self._to(f"/accounts/{quote(account_id, safe='')}", params)

    def org_chart(self, account_id: str, **params: str | None) -> str:
        return self._to(f"/accounts/{quote(account_id, safe='')}/org-chart", params)

    def unit(self, unit_id: str, **params: str | None) -> str:
        return self._to(f"/units/{quote(unit_id, safe='')}", params)

    def team_member(self, team_member_id: str, **params: str | None) -> str:
        return self._to(f"/team/{quote(team_member_id, safe='')}", params)

    def person(self, person_id: str, **params: str | None) -> str:
        return self._to(f"/people/{quote(person_id, safe='')}", params)

    def team(self, **params: str | None) -> str:
        return self._to("/team", params)

    def alerts(self, **params: str | None) -> str:
        return self._to("/alerts", params)

    def glossary(self, **params: str | None) -> str:
        return self._to("/glossary", params)

    def search(self, **params: str | None) -> str:
        return self._to("/search", params)

    def csv(self, path: str, **params: str | None) -> str:
        """An API answer as a CSV download (``path`` under ``/v1``, ids quoted here)."""
        parts = [quote(p, safe="") for p in path.split("/")]
        return self._to("/v1/" + "/".join(parts), {**params, "format": "csv"})

    def hit(self, kind: str, record_id: str) -> str:
        """The page of a search hit (see :mod:`queries.search`)."""
        folder = {"account": "accounts", "unit": "units", "person": "people"}.get(kind, "team")
        return self._to(f"/{folder}/{quote(record_id, safe='')}", {})

    def relationship(self, team_member_id: str, person_id: str, **params: str | None) -> str:
        """Why this strength: the evidence of one relationship."""
        tm, person = quote(team_member_id, safe=""), quote(person_id, safe="")
        return self._to(f"/relationships/{tm}/{person}", params)


def label(value: object) -> str:
    """An enum value as people read it: ``single_threaded`` -> ``single-threaded``."""
    text = str(getattr(value, "value", value))
    return text.replace("_", "-") if text in _HYPHENATED else text.replace("_", " ")


_HYPHENATED = frozenset({"single_threaded", "c_level"})


def strength(value: float | None) -> str:
    """
    >>> strength(0.85274), strength(None)
    ('0.85', '–')
    """
    return "–" if value is None else f"{value:.2f}"


def percent(part: int, whole: int) -> float:
    """Share of ``whole`` in percent, for bar widths.

    >>> percent(1, 4), percent(3, 0)
    (25.0, 0.0)
    """
    return 100.0 * part / whole if whole else 0.0


def day(value: dt.date | None) -> str:
    return "–" if value is None else value.isoformat()


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        # Every value is escaped, whatever the template's file name: names come
        # from CRM exports and may hold markup.
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(label=label, strength=strength, day=day, path_words=path_words)
    env.globals.update(percent=percent)
    return env


ENV = _environment()


def compile_templates() -> None:
    """Compile every page's templates into ``ENV``'s cache. Compiling a page's
    templates took ~30 ms of the first request for it (the account page's cold
    paint has a 1 s budget), but all of them ~0.7 s CPU: the app runs this in the
    background once it is up, not at import (start-up ≤ 1 s, issue 14)."""
    for name in ENV.list_templates(extensions=["html"]):
        ENV.get_template(name)


def render(
    request: Request, name: str, context: dict[str, Any], *, status_code: int = 200
) -> HTMLResponse:
    """Render a page. ``context`` must hold ``as_of`` (the explicit date or None)."""
    settings = request.app.state.settings
    full = {
        "request": request,
        "links": Links(context["as_of"]),
        "keys_configured": bool(settings.api_keys),
        "explain": partial(explain, settings.query),
        **context,
    }
    return HTMLResponse(ENV.get_template(name).render(full), status_code=status_code)
