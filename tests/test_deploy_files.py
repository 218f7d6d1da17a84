"""The deployment files hold together (no Docker engine runs them here).

docker-compose.yml must start Neo4j before the API, keep every secret in the
untracked .env, and point the API at Neo4j; the Dockerfile must run as a non-root
user and not bake .env into the image. The image's CMD is run here, in the
environment compose gives it (an embedded store in place of Neo4j): it serves,
its HEALTHCHECK command passes, and without API keys it refuses to start.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
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


def instruction(name: str) -> list[str]:
    """The exec form (a JSON array) of the Dockerfile's last ``name`` instruction
    (continuation lines joined), e.g. ``CMD`` or the ``CMD`` of ``HEALTHCHECK``."""
    text = (REPO / "Dockerfile").read_text().replace("\\\n", " ")
    found = re.findall(rf"^{name}\b.*?(\[.*\])\s*$", text, re.M)
    assert found, f"the Dockerfile has no {name} in exec form"
    command: list[str] = json.loads(found[-1])
    return command


def test_the_image_runs_as_a_user_and_leaves_env_files_out() -> None:
    dockerfile = (REPO / "Dockerfile").read_text()
    assert "FROM python:3.11-slim" in dockerfile
    users = re.findall(r"^USER (\S+)", dockerfile, re.M)
    assert users
    assert users[-1] not in ("root", "0")
    ignored = (REPO / ".dockerignore").read_text().split()
    assert ".env" in ignored
    assert ".git" in ignored


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


def image_environment(tmp_path: Path, **changes: str) -> dict[str, str]:
    """The environment compose gives the API container (its secrets filled in, the
    store an embedded file: no Neo4j here), over this process's own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("POWERMAP_")}
    for name, value in compose()["services"]["api"]["environment"].items():
        env[name] = str(value)
    env["POWERMAP_API_KEYS"] = "ops:admin:" + "k" * 24
    env["POWERMAP_NEO4J_PASSWORD"] = "not-used-here-0123"
    env["POWERMAP_ALLOWED_HOSTS"] = "*"
    env["POWERMAP_STORE"] = str(tmp_path / "graph.db")
    env.update(changes)
    return env


def image_command(command: list[str]) -> list[str]:
    """The image's ``powermap`` (or ``python``) is this environment's."""
    program = {
        "powermap": str(Path(sys.executable).with_name("powermap")),
        "python": sys.executable,
    }
    return [program.get(command[0], command[0]), *command[1:]]


def test_the_images_command_serves_and_passes_its_health_check(tmp_path: Path) -> None:
    port = free_port()
    env = image_environment(tmp_path, POWERMAP_PORT=str(port), POWERMAP_WARM_ACCOUNTS="0")
    check = image_command(instruction("HEALTHCHECK"))
    check = [c.replace(":8000/", f":{port}/") for c in check]
    assert any(f":{port}/healthz" in c for c in check), check
    server = subprocess.Popen(
        image_command(instruction("CMD")),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while subprocess.run(check, capture_output=True, check=False).returncode != 0:
            assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
            assert time.monotonic() < deadline, "the health check never passed"
            time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_images_command_refuses_to_serve_everyone_without_keys(tmp_path: Path) -> None:
    env = image_environment(tmp_path, POWERMAP_API_KEYS="", POWERMAP_PORT=str(free_port()))
    done = subprocess.run(
        image_command(instruction("CMD")), env=env, capture_output=True, timeout=120, check=False
    )
    assert done.returncode == 2
    assert b"refusing to listen on 0.0.0.0" in done.stderr
