"""Schemathesis against the app's own OpenAPI document: every operation, with an
admin key, with no key and with a bad key. Every check at its default
expectations — schema-valid requests are accepted (no 400 or 422 for valid data),
invalid ones refused — with the one exception ``schemathesis.toml`` states (an
upload's bundle contents are beyond any schema). No 5xx; every status code,
content type and body as documented; every error a problem+json document;
security headers on every response; and the store unchanged by the whole run (no
generated upload is a valid bundle, so nothing may be written).

The default run is bounded and deterministic (``derandomize``); the long run is
``.venv/bin/pytest -m slow tests/reliability/test_fuzz_api.py``.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import negative_data_rejection

from api.app import create_app
from api.errors import PROBLEM_JSON
from api.middleware import SECURITY_HEADERS
from api.settings import Settings, parse_api_keys
from graph.embedded import EmbeddedStore
from tests.api.conftest import KEYS, SECRETS
from tests.reliability.conftest import Fingerprint, fingerprint
from tests.sample_world import sample_batch

#: The project's schemathesis configuration, the same the CLI run reads.
CONFIG = Path(__file__).resolve().parents[2] / "schemathesis.toml"
CALLERS = {
    "admin": {"Authorization": f"Bearer {SECRETS['admin']}"},
    "no-key": {},
    "bad-key": {"Authorization": "Bearer not-a-valid-key-0123456789"},
}
ALL_SECRETS = tuple(SECRETS.values())
FUZZ = settings(derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))


class Fuzzed:
    """The app under test on its own store, and the store's fingerprint before the
    run. Built at import: schemathesis needs the app to generate the tests, and its
    fixture-based loader does not work with this pytest."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="powermap-fuzz-"))
        self.store = EmbeddedStore(self.folder / "graph.db")
        self.store.apply(sample_batch())
        self.before: Fingerprint = fingerprint(self.store)
        settings = Settings(
            api_keys=parse_api_keys(KEYS),
            # The bad-key caller sends thousands of wrong keys: throttling is tested
            # on its own (tests/api/test_exposure.py), here every one must be a 401.
            auth_failure_burst=1_000_000,
            allowed_hosts=("localhost", "testserver"),
        )
        self.app = create_app(settings, store=self.store)
        self.requests = 0

    def close(self) -> None:
        self.store.close()
        shutil.rmtree(self.folder, ignore_errors=True)


FUZZED = Fuzzed()
schema = schemathesis.openapi.from_asgi(
    "/openapi.json",
    FUZZED.app,
    config=SchemathesisConfig.from_path(CONFIG),
)


@pytest.fixture(scope="module")
def fuzzed() -> Iterator[Fuzzed]:
    yield FUZZED
    print(f"\nFUZZ requests: {FUZZED.requests}")
    try:
        assert fingerprint(FUZZED.store) == FUZZED.before, "fuzzing changed the store"
    finally:
        FUZZED.close()


def problem_and_headers(ctx: Any, response: Any, case: Any) -> bool | None:
    """Every error is problem+json naming its own status; every response carries
    the security headers and never echoes a secret."""
    headers = {k.lower(): v for k, v in response.headers.items()}
    for name, value in SECURITY_HEADERS:
        assert headers.get(name.decode()) == [value.decode()], f"missing {name!r}"
    assert not any(s in response.text for s in ALL_SECRETS), "a secret was echoed"
    if response.status_code >= 400:
        assert headers["content-type"] == [PROBLEM_JSON]
        body = response.json()
        assert body["status"] == response.status_code
        assert body["title"]
        assert body["detail"]
    return None


def _drops_the_key(case: Any) -> bool:
    """A negative case whose violation may be the missing Authorization header the
    document requires: sending it with a key (as every caller here but "no-key"
    does) makes it a valid request, which must not count as invalid data accepted."""
    meta = getattr(case, "meta", None)
    if meta is None:
        return False
    headers_negative = any(
        "header" in str(location).lower() and info.mode.is_negative
        for location, info in meta.components.items()
    )
    given = {k.lower() for k in (case.headers or {})}
    return headers_negative and "authorization" not in given


def _run(fuzzed: Fuzzed, case: Any) -> None:
    """The same case from every caller: only the admin gets past authentication."""
    for caller, headers in CALLERS.items():
        fuzzed.requests += 1
        excluded = [negative_data_rejection] if headers and _drops_the_key(case) else []
        response = case.call_and_validate(
            headers=headers, additional_checks=[problem_and_headers], excluded_checks=excluded
        )
        assert response.status_code < 500
        documented = case.method.upper() == case.operation.method.upper()
        if caller != "admin" and documented and case.path.startswith("/v1/"):
            assert response.status_code == 401


@schema.parametrize()
@settings(FUZZ, max_examples=12)
def test_every_operation_answers_as_documented(fuzzed: Fuzzed, case: Any) -> None:
    _run(fuzzed, case)


@pytest.mark.slow
@schema.parametrize()
@settings(FUZZ, max_examples=400)
def test_every_operation_answers_as_documented_long(fuzzed: Fuzzed, case: Any) -> None:
    _run(fuzzed, case)
