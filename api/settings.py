"""Service settings, read from ``POWERMAP_*`` environment variables (and ``.env``).

The class refuses unsafe combinations instead of guessing, whoever builds it (the
server, a command, a test): a malformed or short API key, an unknown role, a
non-loopback address without keys, or a Neo4j URI without a password is a
validation error. :mod:`api.root` turns settings into a store and answers.
"""

from __future__ import annotations

import difflib
import ipaddress
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from dotenv import dotenv_values
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from graph.factory import DEFAULT_STORE, is_neo4j_uri
from queries.settings import QuerySettings

MIN_SECRET_LENGTH = 16

#: Variables of earlier releases, and what replaced them: a renamed setting must not
#: be silently ignored (the old name sized something else).
RENAMED: dict[str, tuple[str, str]] = {
    "POWERMAP_GRAPH_CACHE_SIZE": ("POWERMAP_CACHE_MB", "MiB the answer cache may hold"),
}
#: Variables that are not the service's settings (the test rig's own).
NOT_SETTINGS_PREFIX = "POWERMAP_TEST_"


class Role(StrEnum):
    READER = "reader"  # GET
    WRITER = "writer"  # GET + ingest
    ADMIN = "admin"  # everything

    def allows(self, needed: Role) -> bool:
        order = [Role.READER, Role.WRITER, Role.ADMIN]
        return order.index(self) >= order.index(needed)


@dataclass(frozen=True, slots=True)
class ApiKey:
    name: str
    role: Role
    secret: SecretStr


def parse_api_keys(raw: str) -> tuple[ApiKey, ...]:
    """Parse ``name:role:secret`` entries separated by commas or new lines.

    >>> [(k.name, k.role.value) for k in parse_api_keys("ci:reader:" + "x" * 16)]
    [('ci', 'reader')]
    """
    keys: list[ApiKey] = []
    names: set[str] = set()
    for n, entry in enumerate(e.strip() for e in raw.replace("\n", ",").split(",")):
        if not entry:
            continue
        parts = entry.split(":", 2)
        if len(parts) != 3 or not parts[0]:
            raise ValueError(
                f"POWERMAP_API_KEYS entry {n + 1} is not name:role:secret; "
                "write e.g. planning-tool:reader:<a random secret of 16+ characters>"
            )
        name, role, secret = parts
        if role not in Role.__members__.values():
            raise ValueError(
                f"POWERMAP_API_KEYS entry {n + 1} ({name}): role {role!r} is not one of "
                + ", ".join(r.value for r in Role)
            )
        if len(secret) < MIN_SECRET_LENGTH:
            raise ValueError(
                f"POWERMAP_API_KEYS entry {n + 1} ({name}): the secret is shorter than "
                f"{MIN_SECRET_LENGTH} characters; generate one with "
                "`python -c 'import secrets; print(secrets.token_urlsafe(32))'`"
            )
        if name in names:
            raise ValueError(f"POWERMAP_API_KEYS: the key name {name!r} is used twice")
        names.add(name)
        keys.append(ApiKey(name=name, role=Role(role), secret=SecretStr(secret)))
    return tuple(keys)


class KeyScope(BaseModel):
    """The accounts a key may see: listed ones, and those a team member works on.
    Outside them every answer is a 404, as if the account did not exist."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    accounts: tuple[str, ...] = Field((), description="Account ids the key may see.")
    team_member: str | None = Field(
        None, description="The key also sees every account this team member works on."
    )


#: Host names a request may carry when none are configured: this machine only, so
#: a page on another site cannot reach the server by DNS rebinding.
LOOPBACK_HOSTS: tuple[str, ...] = ("localhost", "127.0.0.1", "::1")


def is_loopback(host: str) -> bool:
    """
    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0")
    (True, True, False)
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="POWERMAP_",
        env_file=".env",
        env_file_encoding="utf-8",
        env_nested_delimiter="__",
        extra="ignore",
    )

    store: str = Field(DEFAULT_STORE, description="Neo4j URI, or the embedded store's file.")
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr | None = None
    neo4j_database: str = "neo4j"
    neo4j_retry_seconds: float = Field(
        5.0, gt=0, le=120, description="How long transient Neo4j errors are retried."
    )
    api_keys: Annotated[tuple[ApiKey, ...], NoDecode] = ()
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    cors_origins: Annotated[tuple[str, ...], NoDecode] = ()
    max_upload_bytes: int = Field(64 * 1024 * 1024, ge=1024)
    jobs_file: str | None = Field(
        None,
        description="SQLite file keeping the load jobs' history across restarts (default: "
        "beside the embedded store's file, '<store>.jobs'; for Neo4j in the temporary folder).",
    )
    answers_file: str | None = Field(
        None,
        description="SQLite file keeping each account's list line, alerts and trend points "
        "per account revision (default: beside the embedded store's file, '<store>.answers'; "
        "for Neo4j in the temporary folder). A cache: deleting it only costs time.",
    )
    fill_answers: bool = Field(
        True,
        description="Fill that file in a background process after each load and at "
        "start-up (off: lists compute what they need on demand).",
    )
    max_uncompressed_bytes: int = Field(512 * 1024 * 1024, ge=1024)
    max_request_bytes: int = Field(1024 * 1024, ge=1024, description="Non-upload bodies.")
    cache_mb: int = Field(
        512,
        ge=0,
        description="Memory the answer cache may hold, in MiB: account snapshots and the "
        "answers computed from them, per store revision (0: nothing is cached).",
    )
    warm_accounts: int = Field(
        5, ge=0, description="Largest accounts prepared in the background (0: no warm-up)."
    )
    warm_poll_seconds: float = Field(
        5.0, gt=0, description="How often the warm-up looks for writes by other processes."
    )
    log_level: str = "INFO"
    query: QuerySettings = QuerySettings()

    # --- exposure (see RELIABILITY.md, "Threat model")
    allowed_hosts: Annotated[tuple[str, ...], NoDecode] = Field(
        (),
        description="Host names requests may carry (comma-separated; '*': any, only with "
        "API keys). Default: localhost, 127.0.0.1 and ::1.",
    )
    key_scopes: dict[str, KeyScope] = Field(
        default_factory=dict,
        description='JSON: key name -> {"accounts": [...], "team_member": "..."}; '
        "scoped keys must be readers.",
    )
    session_hours: float = Field(12.0, gt=0, le=24 * 30, description="Web sign-in lifetime.")
    max_sessions: int = Field(10_000, ge=1, description="Web sign-ins kept at once.")
    auth_failure_burst: int = Field(
        20, ge=1, description="Wrong keys a client may send in a row before it is slowed."
    )
    auth_failures_per_second: float = Field(
        1.0, gt=0, description="Wrong keys a client may send per second after the burst."
    )
    body_timeout_seconds: float = Field(
        30.0, gt=0, description="A request body that sends nothing for this long is 408."
    )
    login_body_seconds: float = Field(
        10.0, gt=0, description="The whole sign-in form must arrive within this time."
    )
    limit_concurrency: int = Field(
        200, ge=1, description="Connections and requests handled at once; 503 beyond."
    )
    max_connections: int = Field(
        512, ge=1, description="Open connections; more are closed at once (file handles)."
    )
    backlog: int = Field(
        128, ge=1, le=4096, description="Pending connections (and accepted in one burst)."
    )
    header_timeout_seconds: float = Field(
        10.0, gt=0, description="A connection must send a whole request head within this."
    )
    keep_alive_seconds: float = Field(5.0, gt=0, description="Idle keep-alive connections.")

    @field_validator("api_keys", mode="before")
    @classmethod
    def _parse_keys(cls, value: object) -> object:
        if isinstance(value, str):
            return parse_api_keys(value)
        if isinstance(value, SecretStr):
            return parse_api_keys(value.get_secret_value())
        return value

    @field_validator("allowed_hosts", mode="before")
    @classmethod
    def _parse_hosts(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(h.strip().lower() for h in value.split(",") if h.strip())
        return value

    def host_names(self) -> frozenset[str] | None:
        """The host names requests may carry; None: any."""
        if "*" in self.allowed_hosts and self.api_keys:
            return None
        names = set(self.allowed_hosts or LOOPBACK_HOSTS) - {"*"}
        if self.host not in ("0.0.0.0", "::", ""):  # noqa: S104 (a wildcard is no name)
            names.add(self.host.strip("[]").lower())  # the address served is a name of it
        return frozenset(names)

    def scope_of(self, key_name: str) -> KeyScope | None:
        return self.key_scopes.get(key_name)

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _parse_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(o.strip() for o in value.split(",") if o.strip())
        return value

    @property
    def cache_bytes(self) -> int:
        return self.cache_mb * 1024 * 1024

    @model_validator(mode="after")
    def _refuse_unsafe(self) -> Settings:
        fields = set(type(self).model_fields)
        refuse_unknown_variables(os.environ, fields)
        for path, names in env_file_variables(self.model_config.get("env_file")).items():
            refuse_unknown_variables(names, fields, where=f" (in {path})")
        self.check_safe()
        return self

    def check_safe(self) -> None:
        """Refuse configurations that would expose data or fail later."""
        if not self.api_keys and not is_loopback(self.host):
            raise ValueError(
                f"refusing to listen on {self.host}: no API keys are configured, so the "
                "server only accepts loopback (127.0.0.1). Set POWERMAP_API_KEYS to "
                "name:role:secret entries to serve other addresses."
            )
        if "*" in self.allowed_hosts and not self.api_keys:
            raise ValueError(
                "POWERMAP_ALLOWED_HOSTS=* needs API keys: without them any web page could "
                "reach this server by DNS rebinding. List the host names instead."
            )
        self.check_scopes()
        if is_neo4j_uri(self.store) and self.neo4j_password is None:
            raise ValueError(
                "POWERMAP_STORE names a Neo4j server but POWERMAP_NEO4J_PASSWORD is not set"
            )

    def check_scopes(self) -> None:
        """Scopes name configured reader keys (a scoped writer would still load
        every account of its bundle)."""
        roles = {k.name: k.role for k in self.api_keys}
        for name in self.key_scopes:
            if name not in roles:
                raise ValueError(f"POWERMAP_KEY_SCOPES names {name!r}, which is not a key")
            if roles[name] is not Role.READER:
                raise ValueError(
                    f"POWERMAP_KEY_SCOPES: {name!r} is a {roles[name]} key; only reader keys "
                    "can be scoped (a load writes every account of its bundle)"
                )


def refuse_unknown_variables(names: Iterable[str], fields: set[str], where: str = "") -> None:
    """A ``POWERMAP_*`` variable that names no setting is a typo or a renamed
    setting: refuse it rather than run with the default the user meant to change.

    >>> refuse_unknown_variables({"POWERMAP_PORT": "1", "HOME": "/"}, {"port"})
    >>> refuse_unknown_variables({"POWERMAP_PROT": "1"}, {"port"})
    Traceback (most recent call last):
    ValueError: POWERMAP_PROT is not a setting (did you mean POWERMAP_PORT?); unset it
    >>> refuse_unknown_variables({"POWERMAP_GRAPH_CACHE_SIZE": "9"}, {"cache_mb"})
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ValueError: POWERMAP_GRAPH_CACHE_SIZE was renamed POWERMAP_CACHE_MB (MiB ...)...
    """
    known = [f"POWERMAP_{name.upper()}" for name in sorted(fields)]
    problems = []
    for name in sorted(names):
        upper = name.upper()
        if not upper.startswith("POWERMAP_") or upper.startswith(NOT_SETTINGS_PREFIX):
            continue
        head = upper.split("__", 1)[0]  # POWERMAP_QUERY__HALF_LIFE_DAYS: a nested one
        if head in known:
            continue
        if upper in RENAMED:
            new, meaning = RENAMED[upper]
            problems.append(f"{name}{where} was renamed {new} ({meaning}); set that instead")
            continue
        close = difflib.get_close_matches(head, known, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        problems.append(f"{name}{where} is not a setting{hint}; unset it")
    if problems:
        raise ValueError("; ".join(problems))


def env_file_variables(
    env_file: str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None,
) -> dict[Path, list[str]]:
    """The names set in each ``.env`` file pydantic-settings reads, so a typo
    there is refused like one in the environment (pydantic would otherwise drop it
    silently: ``extra="ignore"`` lets the file hold other tools' variables, such
    as compose's ``NEO4J_PASSWORD``). Values are not kept: they may be secrets and
    are never needed to name the problem."""
    files = [env_file] if isinstance(env_file, str | os.PathLike) else list(env_file or ())
    found: dict[Path, list[str]] = {}
    for file in files:
        path = Path(file)
        if path.is_file():
            found[path] = list(dotenv_values(path))
    return found


@lru_cache
def get_settings() -> Settings:
    return Settings()


def settings_problem(exc: ValidationError) -> str:
    """The refusal of a ``ValidationError`` of :class:`Settings`, as one line for a
    terminal (pydantic's own text spreads over lines and adds a link).

    >>> try:
    ...     Settings(allowed_hosts=("*",))
    ... except ValidationError as exc:
    ...     print(settings_problem(exc)[:39])
    POWERMAP_ALLOWED_HOSTS=* needs API keys
    """
    problems = []
    for e in exc.errors():
        where = ".".join(str(p) for p in e["loc"])
        text = str(e["msg"]).removeprefix("Value error, ")
        problems.append(f"{where}: {text}" if where else text)
    return "; ".join(problems)
