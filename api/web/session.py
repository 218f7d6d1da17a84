"""Signing in to the web pages with an API key, and out again.

A key that matches a configured one (compared in constant time by the same
function the API uses) opens a server-side session (:class:`api.auth.Sessions`):
the browser holds only its random id, in the ``powermap_session`` cookie
(HttpOnly, SameSite=Strict, Secure over https, expiring with the session), which
:func:`api.auth.authenticate` honours for GET and HEAD only. Signing out ends the
session on the server, so a copied cookie stops working too. Wrong keys count
against the address's throttle, as on the API.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from api.auth import SESSION_COOKIE, FailureThrottle, Sessions, _match, client_of
from api.deps import SettingsDep
from api.web.routing import WebRoute
from api.web.templating import render

router = APIRouter(route_class=WebRoute)

# Long enough for any key a person pastes, short enough to refuse junk early.
MAX_KEY_LENGTH = 512


def safe_next(target: str | None) -> str:
    """Where to go after login: a path on this site only, never another origin.

    >>> safe_next("/accounts/A1?as_of=2026-01-01"), safe_next("//evil.example/x")
    ('/accounts/A1?as_of=2026-01-01', '/')
    >>> safe_next("https://evil.example/"), safe_next("/\\\\evil.example"), safe_next(None)
    ('/', '/', '/')
    """
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(c in target for c in "\r\n\\"):
        return "/"
    return target


def _same_origin(request: Request) -> bool:
    """False for a login form posted from another site (login CSRF: it would sign
    this browser in with the other site's key).

    Browsers say where a request comes from in ``Sec-Fetch-Site``; older ones only
    in ``Origin``, which is ``null`` under our ``Referrer-Policy: no-referrer`` and
    then proves nothing either way.
    """
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return True
    return urlsplit(origin).netloc == request.url.netloc


@router.get("/login")
def login_form(request: Request, settings: SettingsDep, next: str | None = None) -> Response:
    if not settings.api_keys:
        return RedirectResponse(safe_next(next), status_code=303)
    return render(request, "login.html", {"as_of": None, "next": safe_next(next), "error": None})


@router.post("/login")
def login(
    request: Request,
    settings: SettingsDep,
    key: Annotated[str, Form(max_length=MAX_KEY_LENGTH)] = "",
    next: Annotated[str, Form(max_length=2048)] = "/",
) -> Response:
    target = safe_next(next)
    if not settings.api_keys:
        return RedirectResponse(target, status_code=303)
    if not _same_origin(request):
        return render(
            request,
            "login.html",
            {"as_of": None, "next": target, "error": "This form was sent from another site."},
            status_code=403,
        )
    throttle: FailureThrottle = request.app.state.throttle
    if throttle.wait_seconds(client_of(request)) > 0:
        return render(
            request,
            "login.html",
            {"as_of": None, "next": target, "error": "Too many wrong keys: wait a minute."},
            status_code=429,
        )
    secret = key.strip()
    found = _match(secret, settings.api_keys) if secret else None
    if found is None:
        throttle.failed(client_of(request))
        return render(
            request,
            "login.html",
            {"as_of": None, "next": target, "error": "That key is not valid. Check it and retry."},
            status_code=401,
        )
    sessions: Sessions = request.app.state.sessions
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        sessions.open(found.name),
        max_age=int(settings.session_hours * 3600),
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    return response


@router.api_route("/logout", methods=["GET", "POST"])
def logout(request: Request) -> Response:
    """Ends the session on the server, then drops the cookie. (A cross-site link
    could sign a user out, which costs a sign-in and reveals nothing.)"""
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        sessions: Sessions = request.app.state.sessions
        sessions.close(token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(
        SESSION_COOKIE,
        path="/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response
