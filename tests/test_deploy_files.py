"""The deployment files hold together (no Docker engine runs them here).

docker-compose.yml must start Neo4j before the API, keep every secret in the
untracked .env, and point the API at Neo4j; the Dockerfile must run as a non-root
user and not bake .env into the image.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Final

import yaml  # type: ignore[import-untyped]  # PyYAML comes with schemathesis, unstubbed

REPO: Final = Path(__file__).resolve().parents[1]


def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    return loaded


def neo4j_version_under_test() -> str:
    """The Neo4j version the test suite runs (the launcher's pinned dependency)."""
    pom = (REPO / "tools" / "neo4j-server" / "pom.xml").read_text()
    found = re.search(r"<neo4j\.version>(5\.26\.\d+)</neo4j\.version>", pom)
    assert found, "tools/neo4j-server/pom.xml pins no Neo4j 5.26 LTS version"
    return found.group(1)


def test_the_api_waits_for_a_healthy_neo4j_and_talks_to_it() -> None:
    services = compose()["services"]
    neo4j, api = services["neo4j"], services["api"]
    assert neo4j["image"] == f"neo4j:{neo4j_version_under_test()}-community"
    assert "cypher-shell" in " ".join(neo4j["healthcheck"]["test"])
    assert any(v.endswith(":/data") for v in neo4j["volumes"])
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert api["environment"]["POWERMAP_STORE"] == "neo4j://neo4j:7687"
    assert "8000:8000" in api["ports"]


def test_every_secret_comes_from_the_env_file_without_a_default() -> None:
    text = (REPO / "docker-compose.yml").read_text()
    env = compose()["services"]["api"]["environment"]
    for value in (
        compose()["services"]["neo4j"]["environment"]["NEO4J_AUTH"],
        env["POWERMAP_NEO4J_PASSWORD"],
        env["POWERMAP_API_KEYS"],
    ):
        # ${VAR:?message}: compose refuses to start while VAR is unset or empty.
        assert re.search(r"\$\{\w+:\?[^}]+\}", value), value
    assert ":-" not in "".join(re.findall(r"\$\{(?:NEO4J_PASSWORD|POWERMAP_API_KEYS)[^}]*\}", text))
    example = (REPO / ".env.example").read_text()
    assert re.findall(r"^(\w+)=(.*)$", example, re.M) == [
        ("NEO4J_PASSWORD", ""),
        ("POWERMAP_API_KEYS", ""),
    ]
    assert ".env" in (REPO / ".gitignore").read_text().split()


def test_the_image_runs_as_a_user_and_leaves_env_files_out() -> None:
    dockerfile = (REPO / "Dockerfile").read_text()
    assert dockerfile.startswith("#")
    assert "FROM python:3.11-slim" in dockerfile
    users = re.findall(r"^USER (\S+)", dockerfile, re.M)
    assert users
    assert users[-1] not in ("root", "0")
    assert 'CMD ["powermap", "serve", "--host", "0.0.0.0"]' in dockerfile
    ignored = (REPO / ".dockerignore").read_text().split()
    assert ".env" in ignored
    assert ".git" in ignored
