"""The upload page (``/upload``, issue 17): pick a CRM export, check it with a dry
run (what would be created, updated and skipped), then load it, watching the job's
progress. The page's script drives ``POST /v1/ingest/jobs`` and follows the job;
with API keys configured, the user types a writer key for the upload (sent as the
Authorization header of those calls only, never stored: the session cookie
authenticates reads only)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.settings import Role
from api.web.params import AsOf
from api.web.routing import PageCaller, WebRoute
from api.web.templating import render

router = APIRouter(route_class=WebRoute)


@router.get("/upload")
def upload_page(request: Request, caller: PageCaller, as_of: AsOf = None) -> HTMLResponse:
    settings = request.app.state.settings
    context = {
        "as_of": as_of,
        "needs_key": bool(settings.api_keys),
        "can_write": caller.role in (Role.WRITER, Role.ADMIN),
        "max_mb": settings.max_upload_bytes // (1024 * 1024),
    }
    return render(request, "upload.html", context)
