"""API keys: ``Authorization: Bearer <secret>``, each key with a role.

Secrets are compared in constant time and never logged. With no keys configured
the service is for its own machine only: requests from other addresses are refused
(and ``serve`` refuses to bind a non-loopback address at all).
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from fastapi import HTTPException, Request

from api.settings import ApiKey, Role, Settings, is_loopback

_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="powermap"'}

#: Browsers on the web pages carry the key in this cookie (HttpOnly, SameSite=Strict).
#: It is honoured for safe methods only, so a cross-site form can never write.
KEY_COOKIE = "powermap_key"
_SAFE_METHODS = frozenset({"GET", "HEAD"})


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is calling: the key's name (never its secret) and its role."""

    name: str
    role: Role


LOCAL_CALLER = Caller(name="local", role=Role.ADMIN)


def _match(secret: str, keys: tuple[ApiKey, ...]) -> ApiKey | None:
    found: ApiKey | None = None
    given = secret.encode()
    for key in keys:
        # Compare against every key so timing does not reveal which one matched.
        if hmac.compare_digest(given, key.secret.get_secret_value().encode()):
            found = key
    return found


def authenticate(request: Request, settings: Settings) -> Caller:
    """The caller of ``request``, or a 401 problem."""
    if not settings.api_keys:
        client = request.client.host if request.client else ""
        if not is_loopback(client):
            raise HTTPException(
                403,
                "No API keys are configured, so only requests from this machine are "
                "served. Configure POWERMAP_API_KEYS to allow remote callers.",
            )
        return LOCAL_CALLER
    header = request.headers.get("authorization", "")
    scheme, _, secret = header.partition(" ")
    if not header and request.method in _SAFE_METHODS and request.cookies.get(KEY_COOKIE):
        scheme, secret = "bearer", request.cookies[KEY_COOKIE]
    if scheme.lower() != "bearer" or not secret.strip():
        raise HTTPException(
            401, "Send an API key as 'Authorization: Bearer <key>'.", headers=_CHALLENGE
        )
    key = _match(secret.strip(), settings.api_keys)
    if key is None:
        raise HTTPException(401, "The API key is not valid.", headers=_CHALLENGE)
    return Caller(name=key.name, role=key.role)


def authorize(caller: Caller, needed: Role) -> None:
    if not caller.role.allows(needed):
        raise HTTPException(
            403, f"This needs the {needed.value} role; the key '{caller.name}' is a {caller.role}."
        )
