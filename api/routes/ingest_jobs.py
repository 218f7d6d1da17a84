"""``POST /v1/ingest/jobs``, ``GET /v1/ingest/jobs`` and ``GET /v1/ingest/jobs/{id}``:
a load as a job with progress (issue 17; :mod:`api.ingest_jobs`)."""

from __future__ import annotations

import shutil
import threading
import zipfile
from typing import Annotated

from fastapi import APIRouter, File, Form, Path, Request, UploadFile
from fastapi.responses import JSONResponse

from api.after_load import after_load
from api.deps import SettingsDep, StoreDep, Writer
from api.errors import problem_responses
from api.ingest_jobs import KEPT_JOBS, IngestJob, Jobs, JobsPage, job_folder
from api.job_history import history_path
from api.params import IsoDate
from api.routes.ingest import _save, upload_name
from graph.errors import NotFoundError
from ingest.errors import BundleUnreadableError
from ingest.report import FormatChoice, IngestOptions, IngestReport

router = APIRouter(prefix="/v1/ingest/jobs", tags=["ingest"])


_MAKING = threading.Lock()


def jobs_of(request: Request) -> Jobs:
    """The server's jobs, opened on first use (one per app: a second history in
    the same process would take the first one's running jobs for interrupted)."""
    app_state = request.app.state
    with _MAKING:
        found: Jobs | None = getattr(app_state, "ingest_jobs", None)
        if found is None:
            path = history_path(app_state.settings.jobs_file, app_state.store)
            found = app_state.ingest_jobs = Jobs(path)
    return found


@router.post(
    "",
    response_model=IngestJob,
    status_code=202,
    summary="Start a load (or a dry run) as a job",
    description="Upload a bundle (.zip, multipart field `file`) as for POST /v1/ingest; "
    "the answer comes at once with the job's id: follow its status, progress and report "
    "at GET /v1/ingest/jobs/{id}. One load runs at a time; others wait their turn. Needs "
    "the writer role.",
    responses=problem_responses(400, 401, 403, 413, 422, 503),
)
def start_job(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    caller: Writer,
    file: Annotated[UploadFile, File(description="The bundle: a .zip of CSV files.")],
    format_: Annotated[
        FormatChoice, Form(alias="format", description="auto, powermap or salesforce.")
    ] = "auto",
    dry_run: Annotated[bool, Form(description="Validate only; write nothing.")] = False,
    skip_invalid: Annotated[
        bool, Form(description="Load the good rows; the report lists the rejected ones.")
    ] = False,
    as_of: Annotated[
        IsoDate | None, Form(description="Decides current vs past positions (Salesforce).")
    ] = None,
) -> JSONResponse:
    options = IngestOptions(
        format=format_,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        as_of=as_of,
        max_bytes=settings.max_uncompressed_bytes,
        max_member_bytes=settings.max_uncompressed_bytes,
    )
    folder, held = job_folder()
    try:
        target = folder / upload_name(file.filename)
        _save(file.file, target, settings.max_upload_bytes)
        if not zipfile.is_zipfile(target):
            raise BundleUnreadableError(
                f"{target.name}: not a .zip file; upload the bundle's CSV files zipped"
            )
    except BaseException:
        held.close()
        shutil.rmtree(folder, ignore_errors=True)
        raise
    app = request.app

    def after(report: IngestReport) -> None:
        if not report.dry_run:
            after_load(app)

    job = jobs_of(request).start(store, target, held, target.name, options, caller.name, after)
    return JSONResponse(
        job.model_dump(mode="json"),
        status_code=202,
        headers={"Location": f"/v1/ingest/jobs/{job.id}"},
    )


@router.get(
    "",
    response_model=JobsPage,
    summary="This server's load jobs, newest first",
    responses=problem_responses(401, 403, 422),
)
def list_jobs(request: Request, _caller: Writer) -> JobsPage:
    return JobsPage(items=jobs_of(request).history())


@router.get(
    "/{job_id}",
    response_model=IngestJob,
    summary="One load job: status, progress and report",
    responses=problem_responses(401, 403, 404, 422),
)
def get_job(
    request: Request,
    _caller: Writer,
    job_id: Annotated[str, Path(max_length=64, description="The job's id.")],
) -> IngestJob:
    found = jobs_of(request).get(job_id)
    if found is None:
        raise NotFoundError(
            f"there is no load job {job_id!r} on this server (it keeps the last {KEPT_JOBS}; "
            "GET /v1/ingest/jobs lists them)"
        )
    return found
