"""Loads as jobs (issue 17): ``POST /v1/ingest/jobs`` saves the upload and answers
at once; a thread runs the load (the same :func:`ingest.service.load_bundle` as
``POST /v1/ingest``, one load at a time per server) and records its progress (the
steps the loader reports: files read, waiting for the write lock, writing) and
its report, which ``GET /v1/ingest/jobs/{id}`` returns.

Jobs are kept newest first, the last :data:`KEPT_JOBS`, in a small SQLite file
(:mod:`api.job_history`), so a restart keeps them; a job the restart interrupted
is marked failed, with the reason (the audit log, ``GET /v1/loads``, keeps every
load that wrote). The upload's folder is private and removed when the job ends.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import logging
import secrets
import shutil
import tempfile
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, Final, Literal

from pydantic import BaseModel, Field

from api.audit import record_load
from api.errors import http_status
from api.job_history import JobHistory
from api.routes.ingest import _IN_USE, _LOADING, UPLOAD_PREFIX, sweep_stale_uploads
from graph.errors import PowermapError
from graph.store import GraphStore
from ingest.errors import BundleInvalidError, BundleUnreadableError
from ingest.report import IngestOptions, IngestReport, refusal_document

log = logging.getLogger("powermap.api.jobs")

KEPT_JOBS: Final = 50
JobStatus = Literal["queued", "running", "done", "refused", "failed"]


class JobProgress(BaseModel):
    steps: list[str] = Field(description="What the load has done so far, in order.")
    done: int = Field(description="Steps done.")
    expected: int = Field(description="Steps a load of this bundle takes (an estimate).")
    percent: int = Field(description="done / expected, 0 to 100 (100 once finished).")


class IngestJob(BaseModel):
    id: str = Field(description="The job's id.")
    source: str = Field(description="The uploaded file's name.")
    dry_run: bool = Field(description="Validate only: nothing is written.")
    who: str = Field(description="The key that started it.")
    status: JobStatus = Field(
        description="queued, running, done (loaded or checked), refused (nothing written: "
        "the report says why) or failed (an error; nothing written)."
    )
    created_at: dt.datetime = Field(description="When it was asked for (UTC).")
    finished_at: dt.datetime | None = Field(None, description="When it ended (UTC).")
    progress: JobProgress = Field(description="How far it is.")
    report: dict[str, Any] | None = Field(
        None, description="The ingest report (as POST /v1/ingest answers), once finished."
    )


class JobsPage(BaseModel):
    items: list[IngestJob] = Field(description="This server's jobs, newest first.")


class Jobs:
    """The jobs of one server (thread-safe), kept in a :class:`JobHistory`: in
    the SQLite file ``path`` (None: in memory only)."""

    def __init__(self, path: Path | None = None) -> None:
        self._history = JobHistory(path, KEPT_JOBS, _interrupted)

    @property
    def path(self) -> Path | None:
        return self._history.path

    def close(self) -> None:
        self._history.close()

    def get(self, job_id: str) -> IngestJob | None:
        found = self._history.get(job_id)
        return None if found is None else IngestJob.model_validate_json(found)

    def history(self) -> list[IngestJob]:
        return [IngestJob.model_validate_json(body) for body in self._history.newest()]

    def _change(self, job_id: str, change: Callable[[IngestJob], IngestJob]) -> None:
        def apply(body: str) -> tuple[str, str]:
            job = change(IngestJob.model_validate_json(body))
            return job.status, job.model_dump_json()

        self._history.update(job_id, apply)

    def _update(self, job_id: str, **changes: Any) -> None:
        self._change(job_id, lambda job: job.model_copy(update=changes))

    def _step(self, job_id: str, step: str) -> None:
        def add_step(job: IngestJob) -> IngestJob:
            p = job.progress
            done = p.done + 1
            expected = max(p.expected, done + 1)
            progress = JobProgress(
                steps=[*p.steps, step],
                done=done,
                expected=expected,
                percent=min(99, 100 * done // expected),
            )
            return job.model_copy(update={"progress": progress})

        self._change(job_id, add_step)

    def start(
        self,
        store: GraphStore,
        upload: Path,
        held: IO[bytes],
        source: str,
        options: IngestOptions,
        who: str,
        after: Callable[[IngestReport], None] | None = None,
    ) -> IngestJob:
        """Take ``upload`` (a .zip in a folder of its own, which the job removes) and
        run its load on a thread; returns the queued job."""
        expected = _steps_expected(upload)
        job = IngestJob(
            id=secrets.token_urlsafe(9),
            source=source,
            dry_run=options.dry_run,
            who=who,
            status="queued",
            created_at=dt.datetime.now(dt.UTC),
            progress=JobProgress(steps=[], done=0, expected=expected, percent=0),
        )
        self._history.add(job.id, job.status, job.model_dump_json())
        thread = threading.Thread(
            target=self._run,
            args=(job.id, store, upload, held, options, who, after),
            name=f"ingest-job-{job.id}",
            daemon=True,
        )
        thread.start()
        return job

    def _run(
        self,
        job_id: str,
        store: GraphStore,
        upload: Path,
        held: IO[bytes],
        options: IngestOptions,
        who: str,
        after: Callable[[IngestReport], None] | None,
    ) -> None:
        from ingest.service import load_bundle

        try:
            with _LOADING:  # one load at a time in this server: queued until free
                self._update(job_id, status="running")
                self._step(job_id, "reading the bundle")
                try:
                    report = load_bundle(
                        upload, store, options, lambda step: self._step(job_id, step)
                    )
                except (BundleInvalidError, BundleUnreadableError) as exc:
                    body = refusal_document(exc, upload.name, http_status(exc))
                    self._finish(job_id, "refused", body)
                    return
                record_load(store, who, report)
                if after is not None:
                    after(report)
                self._finish(job_id, "done", report.model_dump(mode="json"))
        except PowermapError as exc:
            self._finish(job_id, "failed", {"title": exc.title, "detail": exc.detail})
        except Exception as exc:  # a thread has nobody to raise to: the job says it
            log.error("ingest job %s failed: %s", job_id, type(exc).__name__)
            self._finish(
                job_id, "failed", {"title": "Internal error", "detail": type(exc).__name__}
            )
        finally:
            shutil.rmtree(upload.parent, ignore_errors=True)
            held.close()

    def _finish(self, job_id: str, status: JobStatus, report: dict[str, Any]) -> None:
        self._change(job_id, lambda job: _finished(job, status, report))


def _finished(job: IngestJob, status: JobStatus, report: dict[str, Any]) -> IngestJob:
    p = job.progress
    return job.model_copy(
        update={
            "status": status,
            "report": report,
            "progress": JobProgress(steps=p.steps, done=p.done, expected=p.done, percent=100),
            "finished_at": dt.datetime.now(dt.UTC),
        }
    )


def _interrupted(body: str) -> str:
    """A job its server left unfinished (it stopped or died), as failed."""
    job = IngestJob.model_validate_json(body)
    reason = {
        "title": "Interrupted",
        "detail": f"the server stopped while this job was {job.status}. A load is written "
        "in one transaction: unless GET /v1/loads lists this load, nothing of it was "
        "written. Upload the bundle again.",
    }
    return _finished(job, "failed", reason).model_dump_json()


def _steps_expected(upload: Path) -> int:
    """One step per CSV file of the bundle, plus reading, checking and writing."""
    try:
        with zipfile.ZipFile(upload) as z:
            files = sum(1 for n in z.namelist() if n.lower().endswith((".csv", ".ics", ".eml")))
    except (OSError, zipfile.BadZipFile):
        files = 0
    return files + 3


def job_folder() -> tuple[Path, IO[bytes]]:
    """A private folder for one job's upload and its lock file, held locked until
    the job ends (so another upload's sweep leaves it alone; one a killed server
    left is removed by the next sweep). The job removes the folder."""
    sweep_stale_uploads()
    folder = Path(tempfile.mkdtemp(prefix=UPLOAD_PREFIX + "job-"))
    marker = (folder / _IN_USE).open("wb")
    fcntl.flock(marker, fcntl.LOCK_EX)
    return folder, marker
