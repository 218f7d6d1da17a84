"""The OpenAPI document is complete: every answer endpoint, every parameter
described, every error a route can return documented, and a 200 schema each."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

READ_ERRORS = {"401", "403", "422"}
ID_ERRORS = READ_ERRORS | {"404"}

#: (method, path) -> problem statuses it must document, and fields of its 200 schema.
ENDPOINTS: dict[tuple[str, str], tuple[set[str], set[str]]] = {
    ("get", "/v1/accounts"): (READ_ERRORS, {"items", "total", "limit", "offset"}),
    ("get", "/v1/accounts/{account_id}"): (ID_ERRORS, {"account", "tree"}),
    ("get", "/v1/accounts/{account_id}/org-chart"): (ID_ERRORS, {"units", "root_id"}),
    ("get", "/v1/accounts/{account_id}/committee"): (
        ID_ERRORS,
        {"account_id", "as_of", "scope", "seats", "empty_seats", "unreached_seats"},
    ),
    ("get", "/v1/accounts/{account_id}/coverage"): (
        ID_ERRORS,
        {"account", "as_of", "summary", "units", "gaps", "seat_gaps"},
    ),
    ("get", "/v1/accounts/{account_id}/executive-paths"): (ID_ERRORS, {"paths"}),
    ("get", "/v1/accounts/{account_id}/key-people"): (ID_ERRORS, {"key_people"}),
    ("get", "/v1/accounts/{account_id}/departure-impact"): (
        ID_ERRORS,
        {"units_falling", "executives_lost"},
    ),
    ("get", "/v1/accounts/{account_id}/captured"): (ID_ERRORS, {"account_id", "items"}),
    ("get", "/v1/accounts/{account_id}/changes"): (
        ID_ERRORS,
        {"units", "relationships", "executives", "people", "seats", "alerts"},
    ),
    ("get", "/v1/accounts/{account_id}/trend"): (ID_ERRORS, {"account_id", "points"}),
    ("get", "/v1/accounts/{account_id}/plan"): (ID_ERRORS, {"actions", "suggestions"}),
    ("post", "/v1/accounts/{account_id}/plan/{action_id}/accept"): (
        ID_ERRORS,
        {"id", "kind", "owner", "target", "due", "status"},
    ),
    ("post", "/v1/accounts/{account_id}/plan/{action_id}/dismiss"): (
        ID_ERRORS,
        {"id", "kind", "owner", "target", "due", "status"},
    ),
    ("get", "/v1/units/{unit_id}/advocates"): (ID_ERRORS, {"unit", "advocates"}),
    ("get", "/v1/units/{unit_id}/introducers"): (ID_ERRORS, {"introductions"}),
    ("get", "/v1/people/{person_id}/paths"): (ID_ERRORS, {"paths"}),
    ("get", "/v1/relationships/{team_member_id}/{person_id}"): (
        ID_ERRORS,
        {"given", "activities", "strength", "strong_until"},
    ),
    ("get", "/v1/alerts"): (ID_ERRORS, {"items", "total", "limit", "offset"}),
    ("post", "/v1/ingest"): (
        {"400", "401", "403", "409", "413", "422"},
        {"dialect", "kinds", "problems"},
    ),
}


@pytest.fixture
def doc(client: TestClient) -> dict[str, Any]:
    r = client.get("/openapi.json")
    assert r.status_code == 200
    body: dict[str, Any] = r.json()
    return body


def _resolve(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if ref is None:
        return schema
    resolved: dict[str, Any] = doc["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    return resolved


def test_every_endpoint_is_listed(doc: dict[str, Any]) -> None:
    listed = {(m, p) for p, ops in doc["paths"].items() for m in ops}
    assert set(ENDPOINTS) <= listed


@pytest.mark.parametrize(("method", "path"), list(ENDPOINTS))
def test_every_parameter_is_described(doc: dict[str, Any], method: str, path: str) -> None:
    op = doc["paths"][path][method]
    assert op.get("summary"), "summary"
    assert op.get("tags"), "tags"
    for param in op.get("parameters", []):
        assert param.get("description"), f"{param['in']} parameter {param['name']}"
    body = op.get("requestBody")
    if body is not None:
        for content in body["content"].values():
            fields = _resolve(doc, content["schema"])["properties"]
            for name, schema in fields.items():
                assert schema.get("description"), f"body field {name}"


@pytest.mark.parametrize(("method", "path"), list(ENDPOINTS))
def test_every_route_documents_its_problems_and_its_answer(
    doc: dict[str, Any], method: str, path: str
) -> None:
    op = doc["paths"][path][method]
    statuses, fields = ENDPOINTS[(method, path)]
    responses = op["responses"]
    assert statuses <= set(responses), statuses - set(responses)
    for status in statuses:
        content = responses[status]["content"]
        assert "application/problem+json" in content, status
        # api.errors.problem_responses puts the Problem schema beside the media type.
        schema = next(c["schema"] for c in content.values() if "schema" in c)
        assert {"title", "status", "detail"} <= set(_resolve(doc, schema)["properties"])
    ok = _resolve(doc, responses["200"]["content"]["application/json"]["schema"])
    assert fields <= set(ok["properties"]), fields - set(ok["properties"])


def test_path_shapes_are_documented(doc: dict[str, Any]) -> None:
    schemas = doc["components"]["schemas"]
    assert {"target", "strength", "nodes", "hops"} <= set(schemas["ExecutivePath"]["properties"])
    assert {"introducer", "target", "strength", "nodes", "hops"} <= set(
        schemas["Introduction"]["properties"]
    )
    assert {"relation", "strength", "last_contact"} <= set(schemas["Hop"]["properties"])
    assert {"id", "kind"} <= set(schemas["PathNode"]["properties"])
