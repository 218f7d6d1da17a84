"""The served OpenAPI document, made exact: it states every constraint the server
enforces, and nothing the server refuses is allowed by it.

FastAPI's document is adjusted in four places:

- optional parameters and form fields are typed as their value, not "value or
  null": HTTP has no null, leaving one out is how it is not given;
- the bearer-key security scheme is declared, with the operations that need it
  (so ``/docs`` has an Authorize button);
- departure-impact's "exactly one of team_member or person" is one exploded
  query object with a ``oneOf`` (the same query string on the wire);
- the upload is a binary ``application/zip`` file.
"""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

BEARER = "bearer"
DEPARTURE_IMPACT = "/v1/accounts/{account_id}/departure-impact"
INGEST = "/v1/ingest"
#: What a subject of departure-impact may be: the query parameter named, and its text.
_THROTTLED = "Too many wrong keys from this address: wait (Retry-After), then retry."
_SUBJECTS = {
    "team_member": "The team member who would leave (a team member id).",
    "person": "The customer person who would leave (a person id).",
}


def _not_null(schema: dict[str, Any]) -> dict[str, Any]:
    """``anyOf: [X, null]`` -> X (keeping the outer description, title, default)."""
    branches = schema.get("anyOf")
    if not isinstance(branches, list):
        return schema
    kept = [b for b in branches if b != {"type": "null"}]
    if len(kept) != 1 or len(kept) == len(branches):
        return schema
    outer = {k: v for k, v in schema.items() if k != "anyOf" and not (k == "default" and v is None)}
    return {**kept[0], **outer}


def _subject_parameter(params: list[dict[str, Any]]) -> dict[str, Any]:
    by_name = {p["name"]: p for p in params}
    branches = []
    for name, text in _SUBJECTS.items():
        value = {**_not_null(by_name[name]["schema"]), "description": text}
        value.pop("title", None)
        branches.append(
            {
                "type": "object",
                "title": name,
                "properties": {name: value},
                "required": [name],
                "additionalProperties": False,
            }
        )
    return {
        "name": "subject",
        "in": "query",
        "required": True,
        "style": "form",
        "explode": True,
        "description": "Who would leave: exactly one of `team_member=<id>` or `person=<id>`.",
        "schema": {"oneOf": branches},
    }


def exact_document(app: FastAPI) -> dict[str, Any]:
    doc = deepcopy(
        get_openapi(
            title=app.title,
            version=app.version,
            summary=app.summary,
            description=app.description,
            routes=app.routes,
        )
    )
    for path, operations in doc["paths"].items():
        for operation in operations.values():
            params = operation.get("parameters", [])
            for param in params:
                param["schema"] = _not_null(param["schema"])
            if path == DEPARTURE_IMPACT:
                subject = _subject_parameter(params)
                params[:] = [p for p in params if p["name"] not in _SUBJECTS] + [subject]
            responses = operation.get("responses", {})
            if "401" in responses:
                operation["security"] = [{BEARER: []}]
                responses.setdefault("429", {**responses["401"], "description": _THROTTLED})
    for schema in doc.get("components", {}).get("schemas", {}).values():
        if schema.get("title", "").startswith("Body_"):
            required = set(schema.get("required", []))
            schema["properties"] = {
                name: field if name in required else _not_null(field)
                for name, field in schema.get("properties", {}).items()
            }
    _upload_is_a_zip(doc)
    doc.setdefault("components", {})["securitySchemes"] = {
        BEARER: {
            "type": "http",
            "scheme": "bearer",
            "description": "An API key (POWERMAP_API_KEYS) as `Authorization: Bearer <key>`. "
            "Without configured keys the server answers its own machine only, unauthenticated.",
        }
    }
    return doc


def _upload_is_a_zip(doc: dict[str, Any]) -> None:
    operation = doc["paths"].get(INGEST, {}).get("post")
    if operation is None:
        return
    content = operation["requestBody"]["content"]["multipart/form-data"]
    content["encoding"] = {"file": {"contentType": "application/zip"}}
    ref = content["schema"]["$ref"].rsplit("/", 1)[-1]
    upload = doc["components"]["schemas"][ref]["properties"]["file"]
    upload.update({"format": "binary", "contentMediaType": "application/zip"})


def install(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = exact_document(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
