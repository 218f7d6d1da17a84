"""``Accept: text/csv`` (or ``?format=csv``, for a plain link) on the answers a
user takes away (issue 17): the route answers JSON as always, and this middleware
turns a successful answer into the CSV table :mod:`api.csv_tables` defines for
its path. Errors pass through unchanged (problem+json), as do every other path and
method; the routes themselves know nothing of CSV.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, urlencode

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.csv_tables import export_for, render

CSV_TYPE = "text/csv"


def wants_csv(scope: Scope) -> bool:
    """``format=csv`` in the query, or an Accept header that names text/csv before
    (or without) any JSON type."""
    query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
    if query.get("format") == "csv":
        return True
    accept = Headers(scope=scope).get("accept", "")
    types = [part.split(";")[0].strip().lower() for part in accept.split(",")]
    if CSV_TYPE not in types:
        return False
    json_at = [i for i, t in enumerate(types) if t in ("application/json", "*/*")]
    return not json_at or types.index(CSV_TYPE) < min(json_at)


def _as_json_request(scope: Scope) -> Scope:
    query = [
        (k, v)
        for k, v in parse_qsl(scope.get("query_string", b"").decode("latin-1"), True)
        if k != "format"
    ]
    headers = [(k, v) for k, v in scope.get("headers", []) if k.lower() != b"accept"]
    headers.append((b"accept", b"application/json"))
    return {**scope, "query_string": urlencode(query).encode("latin-1"), "headers": headers}


class CsvExport:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET":
            await self.app(scope, receive, send)
            return
        found = export_for(scope.get("path", ""))
        if found is None or not wants_csv(scope):
            await self.app(scope, receive, send)
            return
        stem, build = found
        start: Message = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(_as_json_request(scope), receive, capture)
        body = b"".join(chunks)
        status = int(start.get("status", 500))
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        if status == 200:
            body = render(build(json.loads(body)))
            headers = [(k, v) for k, v in headers if k.lower() != b"content-type"]
            headers += [
                (b"content-type", b"text/csv; charset=utf-8"),
                (b"content-disposition", f'attachment; filename="{stem}.csv"'.encode()),
            ]
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
