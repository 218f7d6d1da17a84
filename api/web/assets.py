"""Files the browser loads from the app itself (closed networks reach no CDN):
the pages' CSS and JavaScript, and Swagger UI for ``/docs`` from the npm package
``swagger-ui-dist`` (``package-lock.json`` pins it; ``npm ci`` installs it).

Only files known at start-up are served, by name: no path from a request ever
reaches the file system.
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from typing import Final

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import FileResponse, HTMLResponse, PlainTextResponse, Response

log = logging.getLogger("powermap.web")

router = APIRouter()

STATIC_DIR: Final = Path(__file__).parent / "static"
SWAGGER_PACKAGE: Final = "swagger-ui-dist"
SWAGGER_FILES: Final = ("swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png")
_CACHE = {"Cache-Control": "public, max-age=3600"}


def _static_files() -> dict[str, Path]:
    return {p.name: p for p in STATIC_DIR.iterdir() if p.is_file()}


def swagger_dir() -> Path | None:
    """``node_modules/swagger-ui-dist`` next to the project, or in the working
    directory (a Docker image that copies ``node_modules`` beside the app)."""
    project = Path(__file__).resolve().parents[2]
    for base in (project, Path.cwd()):
        candidate = base / "node_modules" / SWAGGER_PACKAGE
        if (candidate / SWAGGER_FILES[0]).is_file():
            return candidate
    return None


_STATIC: Final = _static_files()


def _file(path: Path) -> FileResponse:
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return FileResponse(path, media_type=media_type, headers=_CACHE)


@router.get("/static/{name}", include_in_schema=False)
def static_file(name: str) -> Response:
    path = _STATIC.get(name)
    if path is None:
        return PlainTextResponse("No such file.", status_code=404)
    return _file(path)


_MISSING_SWAGGER = (
    f"Swagger UI is not installed: node_modules/{SWAGGER_PACKAGE} is missing. "
    "Run `npm ci` in the project directory (`make run` does it), then reload. "
    "The API description itself is at /openapi.json."
)


@router.get("/static/swagger-ui/{name}", include_in_schema=False)
def swagger_file(name: str) -> Response:
    base = swagger_dir()
    if name not in SWAGGER_FILES:
        return PlainTextResponse("No such file.", status_code=404)
    if base is None:
        return PlainTextResponse(_MISSING_SWAGGER, status_code=503)
    return _file(base / name)


@router.get("/docs", include_in_schema=False)
def docs(request: Request) -> HTMLResponse:
    """Swagger UI, entirely from this app (``create_app`` sets ``docs_url=None``)."""
    if swagger_dir() is None:
        log.warning("swagger-ui-dist is missing; /docs cannot load (run npm ci)")
        return HTMLResponse(f"<!doctype html><title>API docs</title><p>{_MISSING_SWAGGER}</p>", 503)
    app = request.app
    return get_swagger_ui_html(
        openapi_url=app.openapi_url or "/openapi.json",
        title=f"{app.title} — API docs",
        swagger_js_url="/static/swagger-ui/swagger-ui-bundle.js",
        swagger_css_url="/static/swagger-ui/swagger-ui.css",
        swagger_favicon_url="/static/swagger-ui/favicon-32x32.png",
        oauth2_redirect_url="/docs/oauth2-redirect",
    )


@router.get("/docs/oauth2-redirect", include_in_schema=False)
def docs_oauth2_redirect() -> HTMLResponse:
    return get_swagger_ui_oauth2_redirect_html()
