"""Every Cypher statement passes Neo4j's own parser and semantic analysis.

``tests/graph/cypher_lint.mjs`` runs ``lintCypherQuery`` of the npm package
``@neo4j-cypher/language-support`` (pinned in package.json, installed by ``npm ci``)
over the statements of :mod:`graph.cypher`, with a database schema built from the
enums of :mod:`graph.schema`: labels, relationship types, property keys, which
relationship joins which labels, and Neo4j's built-in functions. It reports syntax
errors, undefined variables and type mismatches as Neo4j 5 does, plus names (label,
type, property, function) the schema does not know and relationships between the
wrong labels. Each statement is linted with its parameters (:data:`PARAMETERS`, with
a sample value of the type the code passes), so a misspelled ``$parameter`` is an
error, as on a server; none is tolerated. The Neo4j runs of the conformance suite
check the other side: the code passing a name the statement does not use fails there.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any, Final

import pytest

from graph import cypher
from graph.schema import EDGE_FIELDS, NODE_FIELDS, TIE_FIELDS, Label, RelType

REPO: Final = Path(__file__).resolve().parents[2]
SCRIPT: Final = Path(__file__).with_name("cypher_lint.mjs")
PACKAGE: Final = REPO / "node_modules" / "@neo4j-cypher" / "language-support"
#: Every parameter a statement of graph.cypher may take, with a sample value of the
#: type the code passes (graph.neo4j_write, graph.neo4j_store).
PARAMETERS: Final[dict[str, Any]] = {
    "rows": [{"id": "x"}],
    "ids": ["x"],
    "keys": [{"person_id": "x", "unit_id": "y"}],
    "id": "x",
    "account_id": "x",
    "parent_id": "x",
    "team_member_id": "x",
    "person_id": "x",
    "other_person_id": "x",
    # the deletion primitives (graph.neo4j_cascade)
    "unit_id": "x",
    "employment_key": "",
    "old": "x",
    "new": "x",
    "team_member_ids": ["x"],
    "limit": 1,
    "key": "revision",
    "revision": 1,  # per-account revisions (issue 17/20)
    "addresses": ["x@example.com"],  # captured contacts (issue 19)
    # the audit log (issue 16)
    "offset": 0,
    "at": "2026-01-01T00:00:00Z",
    "who": "x",
    "source": "x",
    "report": "{}",
    # search (issue 17)
    "query": "+anna*",
    "account_ids": ["x"],
}

Diagnostics = dict[str, list[dict[str, Any]]]


def statements() -> dict[str, str]:
    """Every public module-level string of graph.cypher: each one is a statement."""
    return {
        name: value
        for name, value in vars(cypher).items()
        if not name.startswith("_") and type(value) is str
    }


def db_schema() -> dict[str, Any]:
    properties = {"id", *cypher.BOOKKEEPING_PROPERTIES, *cypher.META_PROPERTIES, *TIE_FIELDS}
    properties.update(cypher.SIGHTING_PROPERTIES)  # captured contacts (issue 19)
    properties.update(cypher.AUDIT_PROPERTIES)  # the audit log (issue 16)
    properties.update(cypher.PLAN_PROPERTIES)  # plan actions (issue 20)
    for node_fields in NODE_FIELDS.values():
        properties.update(node_fields)
    for edge_fields in EDGE_FIELDS.values():
        properties.update(edge_fields)
    properties.discard("activities")  # lives on the networkx edge, not in Neo4j
    return {
        "labels": [label.value for label in Label] + list(cypher.AUDIT_LABELS),
        "relationshipTypes": [rel.value for rel in RelType],
        "propertyKeys": sorted(properties),
        "graphSchema": [
            {"from": start.value, "relType": rel.value, "to": end.value}
            for start, rel, end in cypher.RELATIONSHIP_ENDPOINTS
        ],
    }


def parameters_of(query: str) -> dict[str, Any]:
    """The parameters a statement is linted with: those of :data:`PARAMETERS` it
    names. A name outside them stays undeclared, so the linter reports it."""
    return {name: PARAMETERS[name] for name in re.findall(r"\$(\w+)", query) if name in PARAMETERS}


def lint(queries: dict[str, str]) -> tuple[str, Diagnostics]:
    """(package version, diagnostics by statement name) from one run of the linter."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the Cypher check needs Node.js 18 or later")
    if not PACKAGE.is_dir():
        pytest.fail(f"{PACKAGE} is missing: run `npm ci` in {REPO} to install the Cypher linter")
    payload = {
        "statements": [
            {"name": n, "query": q, "parameters": parameters_of(q)} for n, q in queries.items()
        ],
        "schema": db_schema(),
    }
    done = subprocess.run(
        [node, str(SCRIPT)],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, f"the linter crashed:\n{done.stderr}"
    out = json.loads(done.stdout)
    return out["version"], {r["name"]: r["diagnostics"] for r in out["results"]}


BROKEN: Final = {
    "syntax": ("MATCH (n:Person RETURN n", "Invalid input"),
    "undefined_variable": ("MATCH (n:Person) RETURN m", "Variable `m` not defined"),
    "type_mismatch": ("WITH 1 AS a RETURN a.id AS x", "Type mismatch"),
    "unknown_label": ("MATCH (n:Persn) RETURN n", "Persn is not present in the database"),
    "unknown_property": ("MATCH (n:Person) RETURN n.nmae", "nmae is not present"),
    "unknown_function": ("RETURN toLowr('X') AS x", "Function toLowr is not present"),
    "wrong_endpoints": (
        "MATCH (t:TeamMember)-[r:ON_TEAM]->(p:Person) RETURN r",
        "ON_TEAM",
    ),
}
PARAMETERS_ONLY: Final = "MATCH (n:Person {id: $id}) RETURN n.name AS name"
MISSPELLED_PARAMETER: Final = "MATCH (n:Person {id: $acount_id}) RETURN n.name AS name"
_SAMPLE: Final = "sample:"  # prefix of the samples' names: not a Python identifier


@cache
def linted() -> tuple[str, Diagnostics]:
    """One linter run (starting it is the slow part) over the project's statements
    and the samples below."""
    queries = statements()
    queries.update({_SAMPLE + case: query for case, (query, _) in BROKEN.items()})
    queries[_SAMPLE + "parameters_only"] = PARAMETERS_ONLY
    queries[_SAMPLE + "misspelled_parameter"] = MISSPELLED_PARAMETER
    return lint(queries)


def test_the_linter_is_the_pinned_version() -> None:
    pinned = json.loads((REPO / "package.json").read_text())["devDependencies"]
    version, _ = linted()
    assert pinned["@neo4j-cypher/language-support"] == version


def test_every_statement_passes_neo4j_lint() -> None:
    _, found = linted()
    mine = {name: d for name, d in found.items() if not name.startswith(_SAMPLE)}
    assert set(mine) == set(statements())
    problems = [
        f"{name}:{d['line']}:{d['column']}: {d['severity']}: {d['message']} [{d['text']}]"
        for name, diagnostics in sorted(mine.items())
        for d in diagnostics
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_the_linter_catches_each_kind_of_error(case: str) -> None:
    _, expected = BROKEN[case]
    _, found = linted()
    messages = [d["message"] for d in found[_SAMPLE + case]]
    assert any(expected in m for m in messages), messages


def test_declared_parameters_pass() -> None:
    _, found = linted()
    assert found[_SAMPLE + "parameters_only"] == []


def test_a_misspelled_parameter_is_an_error() -> None:
    _, found = linted()
    (diagnostic,) = found[_SAMPLE + "misspelled_parameter"]
    assert diagnostic["message"] == "Parameter $acount_id is not defined."
    assert diagnostic["severity"] == "error"
    assert diagnostic["text"] == "$acount_id"


def test_every_statement_takes_only_known_parameters() -> None:
    for name, query in statements().items():
        assert set(re.findall(r"\$(\w+)", query)) <= set(PARAMETERS), name


# --------------------------------------------------- no Cypher outside graph.cypher
CYPHER_LOOKING: Final = re.compile(
    r"\b(?:MATCH|MERGE|CREATE)\s*\(\s*\w*\s*[:)]"  # MATCH (n:Label / MERGE (n) / CREATE (
    r"|\bDETACH\s+DELETE\b"
    r"|\bUNWIND\s+[$\[]"
    r"|\)\s*<?-\[[\w:|*.\s]*\]->?\s*\("  # (a)-[r:TYPE]->(b)
)
SCANNED: Final = ("api", "graph", "ingest", "queries", "scripts", "bench", "tests")
ALLOWED: Final = {
    REPO / "graph" / "cypher.py",
    REPO / "graph" / "cypher_write.py",  # re-exported by graph/cypher.py
    REPO / "graph" / "cypher_cascade.py",
    REPO / "tests" / "graph" / "test_cypher_lint.py",
    REPO / "tests" / "graph" / "test_cypher.py",
    # Injection payloads sent as data, never run as Cypher.
    REPO / "tests" / "reliability" / "test_hostile_input.py",
}


def _docstrings(tree: ast.AST) -> set[int]:
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def cypher_strings(path: Path) -> list[str]:
    """Where in a module a string literal (docstrings aside) looks like Cypher."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    skip = _docstrings(tree)
    return [
        f"{path.relative_to(REPO)}:{node.lineno}: {node.value[:60]!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skip
        and CYPHER_LOOKING.search(node.value)
    ]


@pytest.mark.parametrize(
    ("text", "is_cypher"),
    [
        ("MATCH (n:Person) RETURN n", True),
        ("OPTIONAL MATCH (u)", True),
        ("UNWIND $rows AS row", True),
        ("(a)-[:KNOWS]->(b)", True),
        ("(a)<-[r]-(b)", True),
        ("DETACH DELETE n", True),
        ("CREATE TABLE IF NOT EXISTS units (id TEXT)", False),
        ("INSERT INTO people (id, name) VALUES (?, ?)", False),
        ("SELECT id FROM units WHERE parent_id IN (SELECT id FROM units)", False),
        ("the regex did not match (see above)", False),
        ("tuple[str, str] -> (a, b)", False),
    ],
)
def test_the_cypher_detector_is_precise(text: str, is_cypher: bool) -> None:
    assert bool(CYPHER_LOOKING.search(text)) is is_cypher


def test_no_cypher_outside_graph_cypher() -> None:
    found = [
        hit
        for folder in SCANNED
        if (REPO / folder).is_dir()
        for path in sorted((REPO / folder).rglob("*.py"))
        if path not in ALLOWED
        for hit in cypher_strings(path)
    ]
    assert not found, "Cypher belongs in graph/cypher.py:\n" + "\n".join(found)
