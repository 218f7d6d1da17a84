"""API keys: ``Authorization: Bearer <secret>``, each key with a role (and maybe a
scope); web sign-ins as opaque server-side sessions; throttling of wrong keys.

Secrets are compared in constant time and never logged. With no keys configured
the service is for its own machine only: requests from other addresses are refused
(and ``serve`` refuses to bind a non-loopback address at all).
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from fastapi import HTTPException, Request

from api.settings import ApiKey, KeyScope, Role, Settings, is_loopback

_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="powermap"'}

#: Browsers on the web pages carry an opaque session id in this cookie (HttpOnly,
#: SameSite=Strict, Secure over https), never the key itself. It is honoured for
#: safe methods only, so a cross-site form can never write.
SESSION_COOKIE = "powermap_session"
_SAFE_METHODS = frozenset({"GET", "HEAD"})
#: Clients whose failures are remembered at once; the oldest are forgotten first.
MAX_TRACKED_CLIENTS = 10_000


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is calling: the key's name (never its secret), its role and its scope
    (None: every account)."""

    name: str
    role: Role
    scope: KeyScope | None = None


LOCAL_CALLER = Caller(name="local", role=Role.ADMIN)


def _match(secret: str, keys: tuple[ApiKey, ...]) -> ApiKey | None:
    found: ApiKey | None = None
    given = secret.encode()
    for key in keys:
        # Compare against every key so timing does not reveal which one matched.
        if hmac.compare_digest(given, key.secret.get_secret_value().encode()):
            found = key
    return found


class FailureThrottle:
    """Per-client token bucket of wrong keys: ``burst`` in a row, then
    ``per_second``. While a client's bucket is empty every attempt it makes is a
    429, the right key included: guessing stays at ``per_second``."""

    def __init__(self, burst: int, per_second: float) -> None:
        self.burst = float(burst)
        self.per_second = per_second
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def _level(self, client: str, now: float) -> float:
        tokens, at = self._buckets.get(client, (self.burst, now))
        return min(self.burst, tokens + (now - at) * self.per_second)

    def wait_seconds(self, client: str) -> float:
        """0 when ``client`` may try a key now, else how long until it may."""
        with self._lock:
            level = self._level(client, time.monotonic())
        return 0.0 if level >= 1.0 else (1.0 - level) / self.per_second

    def failed(self, client: str) -> None:
        with self._lock:
            now = time.monotonic()
            self._buckets[client] = (max(0.0, self._level(client, now) - 1.0), now)
            self._buckets.move_to_end(client)
            while len(self._buckets) > MAX_TRACKED_CLIENTS:
                self._buckets.popitem(last=False)


@dataclass(frozen=True, slots=True)
class Session:
    key_name: str
    expires: float


class Sessions:
    """Web sign-ins: an opaque random id -> the key's name and an expiry. Kept in
    memory (a restart signs everyone out); at most ``limit``, oldest dropped first.
    The key is looked up again on every request, so a key removed from the
    configuration ends its sessions at the next restart."""

    def __init__(
        self, lifetime_seconds: float, limit: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.lifetime = lifetime_seconds
        self.limit = limit
        self.clock = clock
        self._by_id: OrderedDict[str, Session] = OrderedDict()
        self._lock = threading.Lock()

    def open(self, key_name: str) -> str:
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._by_id[token] = Session(key_name, self.clock() + self.lifetime)
            while len(self._by_id) > self.limit:
                self._by_id.popitem(last=False)
        return token

    def find(self, token: str) -> str | None:
        """The key name of a live session, or None (unknown or expired)."""
        with self._lock:
            found = self._by_id.get(token)
            if found is None:
                return None
            if found.expires <= self.clock():
                del self._by_id[token]
                return None
            return found.key_name

    def close(self, token: str) -> None:
        with self._lock:
            self._by_id.pop(token, None)


def client_of(request: Request) -> str:
    return request.client.host if request.client else ""


def _throttled(request: Request, settings: Settings) -> None:
    throttle: FailureThrottle = request.app.state.throttle
    wait = throttle.wait_seconds(client_of(request))
    if wait > 0:
        raise HTTPException(
            429,
            "Too many wrong keys from this address: wait, then retry with a valid key.",
            headers={"Retry-After": str(max(1, round(wait + 0.5)))},
        )


def _refuse(request: Request, detail: str) -> HTTPException:
    throttle: FailureThrottle = request.app.state.throttle
    throttle.failed(client_of(request))
    return HTTPException(401, detail, headers=_CHALLENGE)


def caller_of_key(key: ApiKey, settings: Settings) -> Caller:
    return Caller(name=key.name, role=key.role, scope=settings.scope_of(key.name))


def authenticate(request: Request, settings: Settings) -> Caller:
    """The caller of ``request``, or a 401 (429 while its address is throttled)."""
    if not settings.api_keys:
        if not is_loopback(client_of(request)):
            raise HTTPException(
                403,
                "No API keys are configured, so only requests from this machine are "
                "served. Configure POWERMAP_API_KEYS to allow remote callers.",
            )
        return LOCAL_CALLER
    _throttled(request, settings)
    header = request.headers.get("authorization", "")
    if not header and request.method in _SAFE_METHODS and request.cookies.get(SESSION_COOKIE):
        name = request.app.state.sessions.find(request.cookies[SESSION_COOKIE])
        key = next((k for k in settings.api_keys if k.name == name), None)
        if key is None:
            raise _refuse(request, "The sign-in has expired or ended; sign in again.")
        return caller_of_key(key, settings)
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise HTTPException(
            401, "Send an API key as 'Authorization: Bearer <key>'.", headers=_CHALLENGE
        )
    found = _match(secret.strip(), settings.api_keys)
    if found is None:
        raise _refuse(request, "The API key is not valid.")
    return caller_of_key(found, settings)


def authorize(caller: Caller, needed: Role) -> None:
    if not caller.role.allows(needed):
        raise HTTPException(
            403, f"This needs the {needed.value} role; the key '{caller.name}' is a {caller.role}."
        )
